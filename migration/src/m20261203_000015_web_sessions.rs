//! Sessions of the web admin: the cookie holds an opaque token, stored here hashed, so a
//! session can be ended (signing out, disabling the account) before it expires.

use sea_orm_migration::{prelude::*, schema::*};

use crate::helpers::{create_indexes, drop_tables, foreign_key, index, unique_index};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(WebSessions::Table)
                    .col(pk_uuid(WebSessions::Id))
                    .col(uuid(WebSessions::UserId))
                    .col(string_len(WebSessions::TokenHash, 128))
                    .col(timestamp_with_time_zone(WebSessions::CreatedAt))
                    .col(timestamp_with_time_zone(WebSessions::LastSeenAt))
                    .col(timestamp_with_time_zone(WebSessions::ExpiresAt))
                    .col(timestamp_with_time_zone_null(WebSessions::RevokedAt))
                    .foreign_key(&mut foreign_key(
                        "fk_web_sessions_user_id",
                        (WebSessions::Table, WebSessions::UserId),
                        (Users::Table, Users::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        create_indexes(
            manager,
            vec![
                unique_index(
                    "uq_web_sessions_token_hash",
                    WebSessions::Table,
                    [WebSessions::TokenHash],
                ),
                index("idx_web_sessions_user_id", WebSessions::Table, [WebSessions::UserId]),
            ],
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_tables(manager, [WebSessions::Table]).await
    }
}

#[derive(DeriveIden)]
enum WebSessions {
    Table,
    Id,
    UserId,
    TokenHash,
    CreatedAt,
    LastSeenAt,
    ExpiresAt,
    RevokedAt,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}
