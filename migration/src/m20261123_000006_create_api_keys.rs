//! Delivery and preview API keys, stored as hashes.

use sea_orm_migration::{prelude::*, schema::*};

use crate::helpers::{
    create_indexes, drop_tables, foreign_key, index, unique_index, user_fk, workspace_fk,
};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ApiKeys::Table)
                    .col(pk_uuid(ApiKeys::Id))
                    .col(uuid(ApiKeys::WorkspaceId))
                    .col(uuid_null(ApiKeys::ClinicId))
                    .col(string(ApiKeys::Name))
                    .col(string_len(ApiKeys::Kind, 16))
                    .col(string_len(ApiKeys::Prefix, 32))
                    .col(string_len(ApiKeys::KeyHash, 128))
                    .col(uuid_null(ApiKeys::CreatedBy))
                    .col(timestamp_with_time_zone(ApiKeys::CreatedAt))
                    .col(timestamp_with_time_zone_null(ApiKeys::LastUsedAt))
                    .col(timestamp_with_time_zone_null(ApiKeys::RevokedAt))
                    .foreign_key(&mut workspace_fk(
                        "fk_api_keys_workspace_id",
                        ApiKeys::Table,
                        ApiKeys::WorkspaceId,
                    ))
                    // Cascade, not SET NULL: a clinic-scoped key must never widen to
                    // the whole workspace when its clinic is deleted.
                    .foreign_key(&mut foreign_key(
                        "fk_api_keys_clinic_id",
                        (ApiKeys::Table, ApiKeys::ClinicId),
                        (Clinics::Table, Clinics::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut user_fk(
                        "fk_api_keys_created_by",
                        ApiKeys::Table,
                        ApiKeys::CreatedBy,
                    ))
                    .to_owned(),
            )
            .await?;

        create_indexes(
            manager,
            vec![
                unique_index("uq_api_keys_key_hash", ApiKeys::Table, [ApiKeys::KeyHash]),
                index("idx_api_keys_workspace_id", ApiKeys::Table, [ApiKeys::WorkspaceId]),
            ],
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_tables(manager, [ApiKeys::Table]).await
    }
}

#[derive(DeriveIden)]
enum Clinics {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum ApiKeys {
    Table,
    Id,
    WorkspaceId,
    ClinicId,
    Name,
    Kind,
    Prefix,
    KeyHash,
    CreatedBy,
    CreatedAt,
    LastUsedAt,
    RevokedAt,
}
