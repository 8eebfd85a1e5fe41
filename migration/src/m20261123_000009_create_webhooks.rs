//! Outgoing webhooks and the queue of their deliveries.

use sea_orm_migration::{prelude::*, schema::*};

use crate::helpers::{create_indexes, drop_tables, foreign_key, index, user_fk, workspace_fk};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Webhooks::Table)
                    .col(pk_uuid(Webhooks::Id))
                    .col(uuid(Webhooks::WorkspaceId))
                    .col(string_len(Webhooks::Url, 2048))
                    // Kept readable (not hashed): every delivery is signed with it.
                    .col(string_len(Webhooks::Secret, 128))
                    .col(json_binary(Webhooks::Events))
                    .col(boolean(Webhooks::Active).default(true))
                    .col(uuid_null(Webhooks::CreatedBy))
                    .col(timestamp_with_time_zone(Webhooks::CreatedAt))
                    .col(timestamp_with_time_zone(Webhooks::UpdatedAt))
                    .foreign_key(&mut workspace_fk(
                        "fk_webhooks_workspace_id",
                        Webhooks::Table,
                        Webhooks::WorkspaceId,
                    ))
                    .foreign_key(&mut user_fk(
                        "fk_webhooks_created_by",
                        Webhooks::Table,
                        Webhooks::CreatedBy,
                    ))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(WebhookDeliveries::Table)
                    .col(pk_uuid(WebhookDeliveries::Id))
                    .col(uuid(WebhookDeliveries::WebhookId))
                    .col(string_len(WebhookDeliveries::Event, 64))
                    .col(json_binary(WebhookDeliveries::Payload))
                    .col(string_len(WebhookDeliveries::Status, 16).default("pending"))
                    .col(integer(WebhookDeliveries::Attempts).default(0))
                    .col(timestamp_with_time_zone(WebhookDeliveries::NextAttemptAt))
                    .col(integer_null(WebhookDeliveries::LastStatusCode))
                    .col(text_null(WebhookDeliveries::LastError))
                    .col(timestamp_with_time_zone(WebhookDeliveries::CreatedAt))
                    .col(timestamp_with_time_zone_null(WebhookDeliveries::DeliveredAt))
                    .foreign_key(&mut foreign_key(
                        "fk_webhook_deliveries_webhook_id",
                        (WebhookDeliveries::Table, WebhookDeliveries::WebhookId),
                        (Webhooks::Table, Webhooks::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;

        create_indexes(
            manager,
            vec![
                index("idx_webhooks_workspace_id", Webhooks::Table, [Webhooks::WorkspaceId]),
                index(
                    "idx_webhook_deliveries_status_next_attempt_at",
                    WebhookDeliveries::Table,
                    [WebhookDeliveries::Status, WebhookDeliveries::NextAttemptAt],
                ),
                index(
                    "idx_webhook_deliveries_webhook_id",
                    WebhookDeliveries::Table,
                    [WebhookDeliveries::WebhookId],
                ),
            ],
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_tables(manager, [WebhookDeliveries::Table.into_iden(), Webhooks::Table.into_iden()])
            .await
    }
}

#[derive(DeriveIden)]
enum Webhooks {
    Table,
    Id,
    WorkspaceId,
    Url,
    Secret,
    Events,
    Active,
    CreatedBy,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum WebhookDeliveries {
    Table,
    Id,
    WebhookId,
    Event,
    Payload,
    Status,
    Attempts,
    NextAttemptAt,
    LastStatusCode,
    LastError,
    CreatedAt,
    DeliveredAt,
}
