//! Conditions (what a treatment treats) and their per-locale text.

use sea_orm_migration::{prelude::*, schema::*};

use crate::helpers::{
    create_indexes, drop_tables, foreign_key, index, primary_key, unique_index, user_fk,
    workspace_fk,
};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Conditions::Table)
                    .col(pk_uuid(Conditions::Id))
                    .col(uuid(Conditions::WorkspaceId))
                    .col(string_len(Conditions::Slug, 80))
                    .col(string_len(Conditions::Status, 16).default("draft"))
                    .col(integer(Conditions::Version).default(1))
                    .col(timestamp_with_time_zone_null(Conditions::PublishAt))
                    .col(timestamp_with_time_zone_null(Conditions::PublishedAt))
                    .col(integer_null(Conditions::PublishedVersion))
                    .col(string_null(Conditions::ReviewerName))
                    .col(timestamp_with_time_zone_null(Conditions::ReviewedAt))
                    .col(uuid_null(Conditions::CreatedBy))
                    .col(uuid_null(Conditions::UpdatedBy))
                    .col(timestamp_with_time_zone(Conditions::CreatedAt))
                    .col(timestamp_with_time_zone(Conditions::UpdatedAt))
                    .foreign_key(&mut workspace_fk(
                        "fk_conditions_workspace_id",
                        Conditions::Table,
                        Conditions::WorkspaceId,
                    ))
                    .foreign_key(&mut user_fk(
                        "fk_conditions_created_by",
                        Conditions::Table,
                        Conditions::CreatedBy,
                    ))
                    .foreign_key(&mut user_fk(
                        "fk_conditions_updated_by",
                        Conditions::Table,
                        Conditions::UpdatedBy,
                    ))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(ConditionTranslations::Table)
                    .col(uuid(ConditionTranslations::ConditionId))
                    .col(string_len(ConditionTranslations::Locale, 16))
                    .col(string(ConditionTranslations::Name))
                    .col(json_binary(ConditionTranslations::Synonyms))
                    .col(text(ConditionTranslations::Summary))
                    .col(text(ConditionTranslations::Body))
                    .col(timestamp_with_time_zone(ConditionTranslations::UpdatedAt))
                    .primary_key(&mut primary_key([
                        ConditionTranslations::ConditionId,
                        ConditionTranslations::Locale,
                    ]))
                    .foreign_key(&mut foreign_key(
                        "fk_condition_translations_condition_id",
                        (ConditionTranslations::Table, ConditionTranslations::ConditionId),
                        (Conditions::Table, Conditions::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;

        create_indexes(
            manager,
            vec![
                unique_index(
                    "uq_conditions_workspace_id_slug",
                    Conditions::Table,
                    [Conditions::WorkspaceId, Conditions::Slug],
                ),
                index(
                    "idx_conditions_workspace_id_updated_at",
                    Conditions::Table,
                    [Conditions::WorkspaceId, Conditions::UpdatedAt],
                ),
                index(
                    "idx_conditions_status_publish_at",
                    Conditions::Table,
                    [Conditions::Status, Conditions::PublishAt],
                ),
            ],
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_tables(
            manager,
            [ConditionTranslations::Table.into_iden(), Conditions::Table.into_iden()],
        )
        .await
    }
}

#[derive(DeriveIden)]
enum Conditions {
    Table,
    Id,
    WorkspaceId,
    Slug,
    Status,
    Version,
    PublishAt,
    PublishedAt,
    PublishedVersion,
    ReviewerName,
    ReviewedAt,
    CreatedBy,
    UpdatedBy,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum ConditionTranslations {
    Table,
    ConditionId,
    Locale,
    Name,
    Synonyms,
    Summary,
    Body,
    UpdatedAt,
}
