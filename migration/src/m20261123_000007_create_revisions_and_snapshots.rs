//! Revision history, and the published snapshots and links the delivery APIs read.

use sea_orm_migration::{prelude::*, schema::*};

use crate::helpers::{
    create_indexes, drop_tables, index, primary_key, unique_index, user_fk, workspace_fk,
};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.create_table(revisions()).await?;
        manager.create_table(published_snapshots()).await?;
        manager.create_table(published_links()).await?;

        create_indexes(
            manager,
            vec![
                unique_index(
                    "uq_revisions_entity_type_entity_id_version",
                    Revisions::Table,
                    [Revisions::EntityType, Revisions::EntityId, Revisions::Version],
                ),
                index("idx_revisions_workspace_id", Revisions::Table, [Revisions::WorkspaceId]),
                // Also serves listings in slug order. (PostgreSQL truncates names past 63 bytes.)
                unique_index(
                    "uq_published_snapshots_workspace_id_entity_type_locale_slug",
                    PublishedSnapshots::Table,
                    [
                        PublishedSnapshots::WorkspaceId,
                        PublishedSnapshots::EntityType,
                        PublishedSnapshots::Locale,
                        PublishedSnapshots::Slug,
                    ],
                ),
                index(
                    "idx_published_snapshots_entity_type_entity_id",
                    PublishedSnapshots::Table,
                    [PublishedSnapshots::EntityType, PublishedSnapshots::EntityId],
                ),
                index(
                    "idx_published_snapshots_workspace_id_type_locale_sort_name",
                    PublishedSnapshots::Table,
                    [
                        PublishedSnapshots::WorkspaceId,
                        PublishedSnapshots::EntityType,
                        PublishedSnapshots::Locale,
                        PublishedSnapshots::SortName,
                    ],
                ),
                index(
                    "idx_published_links_workspace_id_relation_target_slug",
                    PublishedLinks::Table,
                    [
                        PublishedLinks::WorkspaceId,
                        PublishedLinks::Relation,
                        PublishedLinks::TargetSlug,
                    ],
                ),
            ],
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_tables(
            manager,
            [
                PublishedLinks::Table.into_iden(),
                PublishedSnapshots::Table.into_iden(),
                Revisions::Table.into_iden(),
            ],
        )
        .await
    }
}

fn revisions() -> TableCreateStatement {
    Table::create()
        .table(Revisions::Table)
        .col(pk_uuid(Revisions::Id))
        .col(uuid(Revisions::WorkspaceId))
        .col(string_len(Revisions::EntityType, 16))
        .col(uuid(Revisions::EntityId))
        .col(integer(Revisions::Version))
        .col(json_binary(Revisions::Snapshot))
        .col(uuid_null(Revisions::AuthorId))
        .col(text_null(Revisions::Note))
        .col(timestamp_with_time_zone(Revisions::CreatedAt))
        .foreign_key(&mut workspace_fk(
            "fk_revisions_workspace_id",
            Revisions::Table,
            Revisions::WorkspaceId,
        ))
        .foreign_key(&mut user_fk("fk_revisions_author_id", Revisions::Table, Revisions::AuthorId))
        .to_owned()
}

fn published_snapshots() -> TableCreateStatement {
    Table::create()
        .table(PublishedSnapshots::Table)
        .col(pk_uuid(PublishedSnapshots::Id))
        .col(uuid(PublishedSnapshots::WorkspaceId))
        .col(string_len(PublishedSnapshots::EntityType, 16))
        .col(uuid(PublishedSnapshots::EntityId))
        .col(string_len(PublishedSnapshots::Slug, 80))
        .col(string_len(PublishedSnapshots::Locale, 16))
        .col(integer(PublishedSnapshots::Version))
        .col(json_binary(PublishedSnapshots::Document))
        .col(string_len(PublishedSnapshots::Etag, 80))
        .col(string(PublishedSnapshots::SortName))
        .col(text(PublishedSnapshots::SearchText))
        .col(timestamp_with_time_zone(PublishedSnapshots::PublishedAt))
        .foreign_key(&mut workspace_fk(
            "fk_published_snapshots_workspace_id",
            PublishedSnapshots::Table,
            PublishedSnapshots::WorkspaceId,
        ))
        .to_owned()
}

fn published_links() -> TableCreateStatement {
    Table::create()
        .table(PublishedLinks::Table)
        .col(uuid(PublishedLinks::WorkspaceId))
        .col(string_len(PublishedLinks::EntityType, 16))
        .col(uuid(PublishedLinks::EntityId))
        .col(string_len(PublishedLinks::Relation, 16))
        .col(string_len(PublishedLinks::TargetSlug, 80))
        .primary_key(&mut primary_key([
            PublishedLinks::EntityType,
            PublishedLinks::EntityId,
            PublishedLinks::Relation,
            PublishedLinks::TargetSlug,
        ]))
        .foreign_key(&mut workspace_fk(
            "fk_published_links_workspace_id",
            PublishedLinks::Table,
            PublishedLinks::WorkspaceId,
        ))
        .to_owned()
}

#[derive(DeriveIden)]
enum Revisions {
    Table,
    Id,
    WorkspaceId,
    EntityType,
    EntityId,
    Version,
    Snapshot,
    AuthorId,
    Note,
    CreatedAt,
}

#[derive(DeriveIden)]
enum PublishedSnapshots {
    Table,
    Id,
    WorkspaceId,
    EntityType,
    EntityId,
    Slug,
    Locale,
    Version,
    Document,
    Etag,
    SortName,
    SearchText,
    PublishedAt,
}

#[derive(DeriveIden)]
enum PublishedLinks {
    Table,
    WorkspaceId,
    EntityType,
    EntityId,
    Relation,
    TargetSlug,
}
