//! An index for delivery's "linked to this condition" filter: it asks, for each published
//! treatment in slug order, whether one of its links names the condition. Without an index
//! led by the entry, every such question read every link of the workspace, and a list filtered
//! by a condition few treatments treat took seconds at 10,000 treatments.

use sea_orm_migration::prelude::*;

use crate::helpers::{create_indexes, index};

const NAME: &str = "idx_published_links_entity_id_relation_target_slug";

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let columns =
            [PublishedLinks::EntityId, PublishedLinks::Relation, PublishedLinks::TargetSlug];
        create_indexes(manager, vec![index(NAME, PublishedLinks::Table, columns)]).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_index(Index::drop().name(NAME).table(PublishedLinks::Table).to_owned()).await
    }
}

#[derive(DeriveIden)]
enum PublishedLinks {
    Table,
    EntityId,
    Relation,
    TargetSlug,
}
