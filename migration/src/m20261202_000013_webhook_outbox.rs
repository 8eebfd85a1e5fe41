//! Webhooks as a transactional outbox: what an endpoint listens for (description, one clinic),
//! the secret that still signs for a day after a rotation, why an endpoint was disabled, and
//! what each delivery's last attempt answered and how long it took.
//!
//! One column per statement: SQLite alters a table one column at a time.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let webhook_columns = [
            string_len(Webhooks::Description, 500).default("").to_owned(),
            // The clinic an endpoint hears about; no foreign key (SQLite cannot add one to an
            // existing table): a removed clinic's webhook simply hears nothing more.
            uuid_null(Webhooks::ClinicId),
            string_len_null(Webhooks::PreviousSecret, 128),
            timestamp_with_time_zone_null(Webhooks::PreviousSecretExpiresAt),
            text_null(Webhooks::DisabledReason),
        ];
        for column in webhook_columns {
            add(manager, Webhooks::Table, column).await?;
        }
        let delivery_columns = [
            text_null(WebhookDeliveries::LastResponseBody),
            integer_null(WebhookDeliveries::LastDurationMs),
        ];
        for column in delivery_columns {
            add(manager, WebhookDeliveries::Table, column).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in [WebhookDeliveries::LastDurationMs, WebhookDeliveries::LastResponseBody] {
            drop(manager, WebhookDeliveries::Table, column).await?;
        }
        let webhook_columns = [
            Webhooks::DisabledReason,
            Webhooks::PreviousSecretExpiresAt,
            Webhooks::PreviousSecret,
            Webhooks::ClinicId,
            Webhooks::Description,
        ];
        for column in webhook_columns {
            drop(manager, Webhooks::Table, column).await?;
        }
        Ok(())
    }
}

async fn add<T: IntoIden>(
    manager: &SchemaManager<'_>,
    table: T,
    mut column: ColumnDef,
) -> Result<(), DbErr> {
    manager.alter_table(Table::alter().table(table).add_column(&mut column).to_owned()).await
}

async fn drop<T: IntoIden, C: IntoIden>(
    manager: &SchemaManager<'_>,
    table: T,
    column: C,
) -> Result<(), DbErr> {
    manager.alter_table(Table::alter().table(table).drop_column(column).to_owned()).await
}

#[derive(DeriveIden)]
enum Webhooks {
    Table,
    Description,
    ClinicId,
    PreviousSecret,
    PreviousSecretExpiresAt,
    DisabledReason,
}

#[derive(DeriveIden)]
enum WebhookDeliveries {
    Table,
    LastResponseBody,
    LastDurationMs,
}
