//! The search indexes a server process keeps, one per workspace, derived from the published
//! snapshots. An index is built on the first search after start-up or after a change, and
//! dropped whenever the workspace's published content changes: with the delivery caches, in
//! the process that published and, through the invalidation every replica listens to, in all
//! the others. Nothing is stored besides the snapshots, so there is nothing to reindex.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use entity::published_snapshot;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use serde_json::Value;
use uuid::Uuid;

use super::document::{self, SearchDocument};
use super::index::LocaleIndex;
use crate::accounts::workspaces::Workspace;
use crate::delivery::snapshots::SnapshotKind;
use crate::error::{Error, Result};

/// Snapshots read per query while building, so a large library never sits in memory whole.
const CHUNK: u64 = 500;

/// The index of one workspace: one per locale it offers.
pub struct WorkspaceIndex {
    default_locale: String,
    locales: HashMap<String, Arc<LocaleIndex>>,
}

impl WorkspaceIndex {
    /// The index `locale` is searched in (the default locale's when the workspace does not
    /// offer it), with the locale it is.
    pub fn locale(&self, locale: &str) -> Option<(&str, &LocaleIndex)> {
        let locale = if self.locales.contains_key(locale) { locale } else { &self.default_locale };
        self.locales.get_key_value(locale).map(|(locale, index)| (locale.as_str(), &**index))
    }
}

/// Every workspace's index, shared by the server's workers.
#[derive(Clone, Default)]
pub struct SearchIndexes {
    inner: Arc<Inner>,
}

#[derive(Default)]
struct Inner {
    built: Mutex<HashMap<Uuid, Arc<WorkspaceIndex>>>,
    /// Bumped by every invalidation, so a build that read older snapshots is not kept.
    generation: AtomicU64,
    /// One build at a time: concurrent first searches wait for it instead of each building.
    building: tokio::sync::Mutex<()>,
}

impl SearchIndexes {
    /// `workspace`'s index, built now if it is not.
    pub async fn get(
        &self,
        db: &impl ConnectionTrait,
        workspace: &Workspace,
    ) -> Result<Arc<WorkspaceIndex>> {
        if let Some(index) = self.cached(workspace.id) {
            return Ok(index);
        }
        let _building = self.inner.building.lock().await;
        if let Some(index) = self.cached(workspace.id) {
            return Ok(index);
        }
        let generation = self.inner.generation.load(Ordering::SeqCst);
        let started = Instant::now();
        let index = Arc::new(build(db, workspace).await?);
        tracing::info!(
            workspace = %workspace.slug,
            milliseconds = started.elapsed().as_millis(),
            "built the search index"
        );
        if self.inner.generation.load(Ordering::SeqCst) == generation {
            self.lock().insert(workspace.id, Arc::clone(&index));
        }
        Ok(index)
    }

    /// Drops `workspace`'s index: its published content changed.
    pub fn invalidate(&self, workspace: Uuid) {
        self.inner.generation.fetch_add(1, Ordering::SeqCst);
        self.lock().remove(&workspace);
    }

    /// Drops every index.
    pub fn invalidate_all(&self) {
        self.inner.generation.fetch_add(1, Ordering::SeqCst);
        self.lock().clear();
    }

    fn cached(&self, workspace: Uuid) -> Option<Arc<WorkspaceIndex>> {
        self.lock().get(&workspace).cloned()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<Uuid, Arc<WorkspaceIndex>>> {
        // A panic while holding the map leaves it whole: each operation is one map call.
        self.inner.built.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// Builds `workspace`'s index from its published conditions and treatments.
async fn build(db: &impl ConnectionTrait, workspace: &Workspace) -> Result<WorkspaceIndex> {
    let mut documents: HashMap<String, Vec<SearchDocument>> =
        workspace.locales.iter().map(|locale| (locale.clone(), Vec::new())).collect();
    let mut conditions: HashMap<String, document::ConditionNames> = HashMap::new();
    for_each_entry(db, workspace, SnapshotKind::Condition, |locale, snapshot| {
        conditions
            .entry(locale.to_owned())
            .or_default()
            .extend(document::condition_names([snapshot]));
        push(&mut documents, locale, document::condition(snapshot));
    })
    .await?;
    let no_conditions = document::ConditionNames::new();
    for_each_entry(db, workspace, SnapshotKind::Treatment, |locale, snapshot| {
        let names = conditions.get(locale).unwrap_or(&no_conditions);
        push(&mut documents, locale, document::treatment(snapshot, names));
    })
    .await?;
    // A locale nothing is translated into (for search) reads the default locale's documents:
    // it shares that index instead of holding a copy.
    let default = &workspace.default_locale;
    let shared: Vec<String> = workspace
        .locales
        .iter()
        .filter(|locale| *locale != default && documents.get(*locale) == documents.get(default))
        .cloned()
        .collect();
    for locale in &shared {
        documents.remove(locale);
    }
    // One blocking task per locale: they build side by side, off the async workers.
    let builds: Vec<_> = documents
        .into_iter()
        .map(|(locale, documents)| {
            tokio::task::spawn_blocking(move || (locale, LocaleIndex::build(documents)))
        })
        .collect();
    let mut locales = HashMap::new();
    for build in builds {
        let (locale, index) = build.await.map_err(|error| {
            Error::Internal(format!("building the search index failed: {error}"))
        })?;
        locales.insert(locale, Arc::new(index));
    }
    if let Some(index) = locales.get(default).cloned() {
        locales.extend(shared.into_iter().map(|locale| (locale, Arc::clone(&index))));
    }
    Ok(WorkspaceIndex { default_locale: workspace.default_locale.clone(), locales })
}

fn push(
    documents: &mut HashMap<String, Vec<SearchDocument>>,
    locale: &str,
    document: SearchDocument,
) {
    if let Some(list) = documents.get_mut(locale) {
        list.push(document);
    }
}

/// Calls `visit` with each published `kind` entry's snapshot for each workspace locale: the
/// one in that locale, else the default locale's (as delivery serves it).
async fn for_each_entry(
    db: &impl ConnectionTrait,
    workspace: &Workspace,
    kind: SnapshotKind,
    mut visit: impl FnMut(&str, &Value),
) -> Result<()> {
    let mut after: Option<Uuid> = None;
    loop {
        let mut select = published_snapshot::Entity::find()
            .filter(published_snapshot::Column::WorkspaceId.eq(workspace.id))
            .filter(published_snapshot::Column::EntityType.eq(kind.as_str()));
        if let Some(after) = after {
            select = select.filter(published_snapshot::Column::EntityId.gt(after));
        }
        let mut rows = select
            .order_by_asc(published_snapshot::Column::EntityId)
            .order_by_asc(published_snapshot::Column::Locale)
            .limit(CHUNK)
            .all(db)
            .await?;
        let full = rows.len() as u64 == CHUNK;
        // A full chunk may end inside an entry's locales: that entry starts the next one.
        if full && let Some(last) = rows.last().map(|row| row.entity_id) {
            if rows.iter().all(|row| row.entity_id == last) {
                return Err(Error::Internal(
                    "an entry has more locales than a search chunk".into(),
                ));
            }
            rows.retain(|row| row.entity_id != last);
        }
        for entry in rows.chunk_by(|a, b| a.entity_id == b.entity_id) {
            for locale in &workspace.locales {
                let served = entry
                    .iter()
                    .find(|row| &row.locale == locale)
                    .or_else(|| entry.iter().find(|row| row.locale == workspace.default_locale));
                if let Some(row) = served {
                    visit(locale, &row.document);
                }
            }
        }
        match rows.last() {
            Some(last) if full => after = Some(last.entity_id),
            _ => return Ok(()),
        }
    }
}
