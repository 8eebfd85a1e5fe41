//! Dataloaders of published snapshots, so nested fields cost one SQL statement per level of
//! the query rather than one per item (the N+1 problem).
//!
//! Every field that needs another entry asks a loader for it; the loader waits a moment,
//! collects every key asked for in the meantime and reads them with one `IN (...)` statement.
//! Locale fallback is the one of `delivery::snapshots`: the requested locale when the entry has
//! it, else the workspace default; both are fetched and the choice is made here, per entry.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use async_graphql::dataloader::{DataLoader, HashMapCache, Loader};
use chrono::{DateTime, Utc};
use entity::{published_link, published_snapshot};
use sea_orm::sea_query::Condition;
use sea_orm::{
    ColumnTrait, DatabaseConnection, EntityTrait, FromQueryResult, JoinType, QueryFilter,
    QueryOrder, QuerySelect,
};
use serde_json::Value;
use uuid::Uuid;

use crate::delivery::published::PublishedSnapshots;
use crate::delivery::snapshots::{Snapshot, SnapshotKind};

/// How a loader key names its entry.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Target {
    Slug(String),
    /// By entry id: a clinic-limited key knows its clinic by id.
    Id(Uuid),
}

/// One published entry in a requested locale.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct SnapshotKey {
    pub kind: SnapshotKind,
    pub target: Target,
    pub locale: String,
}

impl SnapshotKey {
    pub fn slug(kind: SnapshotKind, slug: &str, locale: &str) -> Self {
        Self { kind, target: Target::Slug(slug.to_owned()), locale: locale.to_owned() }
    }

    fn matches(&self, row: &published_snapshot::Model) -> bool {
        row.entity_type == self.kind.as_str()
            && match &self.target {
                Target::Slug(slug) => &row.slug == slug,
                Target::Id(id) => &row.entity_id == id,
            }
    }
}

/// Published entries of one workspace by kind and slug (or id), any mix in one statement.
pub struct SnapshotLoader {
    pub db: DatabaseConnection,
    pub workspace_id: Uuid,
    pub default_locale: String,
}

impl SnapshotLoader {
    fn locales<'a>(&'a self, requested: impl Iterator<Item = &'a str>) -> Vec<String> {
        let mut locales: HashSet<&str> = requested.collect();
        locales.insert(&self.default_locale);
        locales.into_iter().map(str::to_owned).collect()
    }
}

impl Loader<SnapshotKey> for SnapshotLoader {
    type Value = Arc<Snapshot>;
    type Error = async_graphql::Error;

    async fn load(
        &self,
        keys: &[SnapshotKey],
    ) -> Result<HashMap<SnapshotKey, Arc<Snapshot>>, Self::Error> {
        let kinds: HashSet<&str> = keys.iter().map(|key| key.kind.as_str()).collect();
        let mut slugs = HashSet::new();
        let mut ids = HashSet::new();
        for key in keys {
            match &key.target {
                Target::Slug(slug) => slugs.insert(slug.clone()),
                Target::Id(id) => ids.insert(*id),
            };
        }
        let named = Condition::any()
            .add(published_snapshot::Column::Slug.is_in(slugs))
            .add(published_snapshot::Column::EntityId.is_in(ids));
        let rows = published_snapshot::Entity::find()
            .filter(published_snapshot::Column::WorkspaceId.eq(self.workspace_id))
            .filter(published_snapshot::Column::EntityType.is_in(kinds))
            .filter(named)
            .filter(
                published_snapshot::Column::Locale
                    .is_in(self.locales(keys.iter().map(|key| key.locale.as_str()))),
            )
            .all(&self.db)
            .await
            .map_err(crate::error::Error::from)?;
        let mut found = HashMap::new();
        for key in keys {
            let candidates = || rows.iter().filter(|row| key.matches(row));
            let chosen = candidates()
                .find(|row| row.locale == key.locale)
                .or_else(|| candidates().find(|row| row.locale == self.default_locale));
            if let Some(row) = chosen {
                found.insert(key.clone(), Arc::new(Snapshot::from(row.clone())));
            }
        }
        Ok(found)
    }
}

/// The delivery reader finds published snapshots through the request's loader, so that
/// every lookup of one query level joins one batch.
impl PublishedSnapshots for &DataLoader<SnapshotLoader, HashMapCache> {
    type Error = async_graphql::Error;

    async fn by_slug(
        &self,
        kind: SnapshotKind,
        slug: &str,
        locale: &str,
    ) -> Result<Option<Arc<Snapshot>>, Self::Error> {
        self.load_one(SnapshotKey::slug(kind, slug, locale)).await
    }

    async fn by_id(
        &self,
        kind: SnapshotKind,
        id: Uuid,
        locale: &str,
    ) -> Result<Option<Arc<Snapshot>>, Self::Error> {
        let target = Target::Id(id);
        self.load_one(SnapshotKey { kind, target, locale: locale.to_owned() }).await
    }
}

/// The published treatments linked to one condition, in a requested locale.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct LinkedKey {
    pub condition: String,
    pub locale: String,
}

/// Published treatments by the condition slugs they link to (`published_links`, the table
/// the REST condition filter reads), ordered by slug.
pub struct LinkedTreatmentsLoader {
    pub snapshots: SnapshotLoader,
}

#[derive(Debug, FromQueryResult)]
struct LinkedRow {
    entity_id: Uuid,
    slug: String,
    locale: String,
    document: Value,
    published_at: DateTime<Utc>,
    target_slug: String,
}

impl Loader<LinkedKey> for LinkedTreatmentsLoader {
    type Value = Arc<Vec<Arc<Snapshot>>>;
    type Error = async_graphql::Error;

    async fn load(
        &self,
        keys: &[LinkedKey],
    ) -> Result<HashMap<LinkedKey, Self::Value>, Self::Error> {
        let loader = &self.snapshots;
        let conditions: HashSet<&str> = keys.iter().map(|key| key.condition.as_str()).collect();
        let link = published_snapshot::Entity::belongs_to(published_link::Entity)
            .from(published_snapshot::Column::EntityId)
            .to(published_link::Column::EntityId)
            .into();
        let rows = published_snapshot::Entity::find()
            .select_only()
            .columns([
                published_snapshot::Column::EntityId,
                published_snapshot::Column::Slug,
                published_snapshot::Column::Locale,
                published_snapshot::Column::Document,
                published_snapshot::Column::PublishedAt,
            ])
            .column(published_link::Column::TargetSlug)
            .join(JoinType::InnerJoin, link)
            .filter(published_snapshot::Column::WorkspaceId.eq(loader.workspace_id))
            .filter(published_snapshot::Column::EntityType.eq(SnapshotKind::Treatment.as_str()))
            .filter(published_link::Column::WorkspaceId.eq(loader.workspace_id))
            .filter(published_link::Column::EntityType.eq(SnapshotKind::Treatment.as_str()))
            .filter(published_link::Column::Relation.eq("condition"))
            .filter(published_link::Column::TargetSlug.is_in(conditions))
            .filter(
                published_snapshot::Column::Locale
                    .is_in(loader.locales(keys.iter().map(|key| key.locale.as_str()))),
            )
            .order_by_asc(published_snapshot::Column::Slug)
            .into_model::<LinkedRow>()
            .all(&loader.db)
            .await
            .map_err(crate::error::Error::from)?;
        let mut found = HashMap::new();
        for key in keys {
            let linked = rows.iter().filter(|row| row.target_slug == key.condition);
            let mut chosen: Vec<&LinkedRow> = Vec::new();
            for row in linked {
                let served = row.locale == key.locale
                    || (row.locale == loader.default_locale
                        && !rows.iter().any(|other| {
                            other.entity_id == row.entity_id
                                && other.target_slug == row.target_slug
                                && other.locale == key.locale
                        }));
                if served && !chosen.iter().any(|kept| kept.entity_id == row.entity_id) {
                    chosen.push(row);
                }
            }
            let snapshots = chosen
                .into_iter()
                .map(|row| {
                    Arc::new(Snapshot {
                        entity_id: row.entity_id,
                        slug: row.slug.clone(),
                        locale: row.locale.clone(),
                        document: row.document.clone(),
                        published_at: row.published_at,
                    })
                })
                .collect();
            found.insert(key.clone(), Arc::new(snapshots));
        }
        Ok(found)
    }
}
