//! The audit log: who did what, kept even after the actor or workspace is gone.

use sea_orm_migration::{prelude::*, schema::*};

use crate::helpers::{create_indexes, drop_tables, foreign_key, index, user_fk};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(AuditLog::Table)
                    .col(pk_uuid(AuditLog::Id))
                    .col(uuid_null(AuditLog::WorkspaceId))
                    .col(uuid_null(AuditLog::ActorUserId))
                    // No foreign key: the entry must outlive a revoked or deleted key.
                    .col(uuid_null(AuditLog::ActorApiKeyId))
                    .col(string_len(AuditLog::Action, 64))
                    .col(string_len_null(AuditLog::EntityType, 16))
                    .col(uuid_null(AuditLog::EntityId))
                    .col(json_binary(AuditLog::Detail))
                    .col(timestamp_with_time_zone(AuditLog::CreatedAt))
                    .foreign_key(&mut foreign_key(
                        "fk_audit_log_workspace_id",
                        (AuditLog::Table, AuditLog::WorkspaceId),
                        (Workspaces::Table, Workspaces::Id),
                        ForeignKeyAction::SetNull,
                    ))
                    .foreign_key(&mut user_fk(
                        "fk_audit_log_actor_user_id",
                        AuditLog::Table,
                        AuditLog::ActorUserId,
                    ))
                    .to_owned(),
            )
            .await?;

        create_indexes(
            manager,
            vec![index(
                "idx_audit_log_workspace_id_created_at",
                AuditLog::Table,
                [AuditLog::WorkspaceId, AuditLog::CreatedAt],
            )],
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_tables(manager, [AuditLog::Table]).await
    }
}

#[derive(DeriveIden)]
enum Workspaces {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum AuditLog {
    Table,
    Id,
    WorkspaceId,
    ActorUserId,
    ActorApiKeyId,
    Action,
    EntityType,
    EntityId,
    Detail,
    CreatedAt,
}
