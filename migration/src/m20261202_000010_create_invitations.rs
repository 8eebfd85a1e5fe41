//! Invitations to join a workspace, accepted by the person invited; the token is stored hashed.

use sea_orm_migration::{prelude::*, schema::*};

use crate::helpers::{create_indexes, drop_tables, index, unique_index, user_fk, workspace_fk};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Invitations::Table)
                    .col(pk_uuid(Invitations::Id))
                    .col(uuid(Invitations::WorkspaceId))
                    .col(string(Invitations::Email))
                    .col(string_len(Invitations::Role, 16))
                    .col(string_len(Invitations::TokenHash, 128))
                    .col(uuid_null(Invitations::InvitedBy))
                    .col(timestamp_with_time_zone(Invitations::ExpiresAt))
                    .col(timestamp_with_time_zone_null(Invitations::AcceptedAt))
                    .col(uuid_null(Invitations::AcceptedBy))
                    .col(timestamp_with_time_zone_null(Invitations::RevokedAt))
                    .col(timestamp_with_time_zone(Invitations::CreatedAt))
                    .foreign_key(&mut workspace_fk(
                        "fk_invitations_workspace_id",
                        Invitations::Table,
                        Invitations::WorkspaceId,
                    ))
                    .foreign_key(&mut user_fk(
                        "fk_invitations_invited_by",
                        Invitations::Table,
                        Invitations::InvitedBy,
                    ))
                    .foreign_key(&mut user_fk(
                        "fk_invitations_accepted_by",
                        Invitations::Table,
                        Invitations::AcceptedBy,
                    ))
                    .to_owned(),
            )
            .await?;

        create_indexes(
            manager,
            vec![
                unique_index(
                    "uq_invitations_token_hash",
                    Invitations::Table,
                    [Invitations::TokenHash],
                ),
                index(
                    "idx_invitations_workspace_id",
                    Invitations::Table,
                    [Invitations::WorkspaceId],
                ),
            ],
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_tables(manager, [Invitations::Table]).await
    }
}

#[derive(DeriveIden)]
enum Invitations {
    Table,
    Id,
    WorkspaceId,
    Email,
    Role,
    TokenHash,
    InvitedBy,
    ExpiresAt,
    AcceptedAt,
    AcceptedBy,
    RevokedAt,
    CreatedAt,
}
