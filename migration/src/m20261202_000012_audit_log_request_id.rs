//! The request id on audit rows, so an audited change can be matched to the answer its client
//! got (`X-Request-Id`) and to the server's log lines; and indexes for the audit log's filters
//! by actor and by entry. The version an action left is already in `detail.version`.

use sea_orm_migration::{prelude::*, schema::*};

use crate::helpers::{create_indexes, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

const BY_ACTOR: &str = "idx_audit_log_workspace_id_actor_user_id_created_at";
const BY_ENTRY: &str = "idx_audit_log_workspace_id_entity_id_created_at";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(AuditLog::Table)
                    .add_column(string_len_null(AuditLog::RequestId, 128))
                    .to_owned(),
            )
            .await?;
        create_indexes(
            manager,
            vec![
                index(
                    BY_ACTOR,
                    AuditLog::Table,
                    [AuditLog::WorkspaceId, AuditLog::ActorUserId, AuditLog::CreatedAt],
                ),
                index(
                    BY_ENTRY,
                    AuditLog::Table,
                    [AuditLog::WorkspaceId, AuditLog::EntityId, AuditLog::CreatedAt],
                ),
            ],
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for name in [BY_ACTOR, BY_ENTRY] {
            manager.drop_index(Index::drop().name(name).table(AuditLog::Table).to_owned()).await?;
        }
        manager
            .alter_table(
                Table::alter().table(AuditLog::Table).drop_column(AuditLog::RequestId).to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden)]
enum AuditLog {
    Table,
    WorkspaceId,
    ActorUserId,
    EntityId,
    RequestId,
    CreatedAt,
}
