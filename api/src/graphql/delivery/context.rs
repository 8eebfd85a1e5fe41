//! What every delivery resolver reads: the caller's key, the database and the request's
//! loaders. One [`Delivery`] is made per HTTP request and put in the GraphQL request data.
//!
//! What a key may read is decided by the delivery reader REST reads through too; here it
//! finds published snapshots through the request's [`SnapshotLoader`], so the lookups of one
//! query level share one statement. Every object remembers how it was read ([`Read`]), and
//! reads the entries nested in it the same way, so a French preview query stays French and
//! preview all the way down.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use async_graphql::Context;
use async_graphql::dataloader::{DataLoader, HashMapCache};
use sea_orm::DatabaseConnection;

use super::clinic::Clinic;
use super::loaders::{LinkedKey, LinkedTreatmentsLoader, SnapshotLoader};
use super::treatment::Treatment;
use crate::auth::extract::DeliveryKey;
use crate::delivery::clinic_scope::ClinicScope;
use crate::delivery::read::Read;
use crate::delivery::reader::{Reader, VisibleTreatment};
use crate::delivery::snapshots::{ListFilter, Snapshot, SnapshotKind};
use crate::delivery::surrogate_keys::SurrogateKeys;
use crate::error::Error;
use crate::search::indexes::SearchIndexes;

type Result<T, E = async_graphql::Error> = std::result::Result<T, E>;
type Cached<T> = DataLoader<T, HashMapCache>;

/// Most treatments listed under one condition, as REST lists them.
const LINKED_LIMIT: u64 = 100;

/// The caller and the per-request loaders (whose caches live as long as the request).
pub struct Delivery {
    pub db: DatabaseConnection,
    pub key: DeliveryKey,
    /// The search indexes, shared with every request.
    pub search: SearchIndexes,
    snapshots: Cached<SnapshotLoader>,
    linked: Cached<LinkedTreatmentsLoader>,
    /// What the query resolved, as CDN purge keys for the response headers.
    keys: Arc<Mutex<SurrogateKeys>>,
    /// Whether any field read drafts, which makes the answer private.
    drafts: Arc<AtomicBool>,
}

impl Delivery {
    pub fn new(db: DatabaseConnection, search: SearchIndexes, key: DeliveryKey) -> Self {
        let loader = || SnapshotLoader {
            db: db.clone(),
            workspace_id: key.workspace.id,
            default_locale: key.workspace.default_locale.clone(),
        };
        let snapshots = DataLoader::with_cache(loader(), tokio::spawn, HashMapCache::default());
        let linked = DataLoader::with_cache(
            LinkedTreatmentsLoader { snapshots: loader() },
            tokio::spawn,
            HashMapCache::default(),
        );
        let keys = Arc::new(Mutex::new(SurrogateKeys::new(&key.workspace.slug)));
        let drafts = Arc::default();
        Self { db, key, search, snapshots, linked, keys, drafts }
    }

    /// The request's delivery context.
    pub fn of<'a>(ctx: &Context<'a>) -> Result<&'a Self> {
        ctx.data::<Self>()
            .map_err(|_| Error::Internal("the delivery context is missing".to_owned()).into())
    }

    /// How a root field reads, checked as REST checks `?locale=` and `?preview=`.
    pub fn read(&self, locale: Option<&str>, preview: Option<bool>) -> Result<Read> {
        let read = Read::check(&self.key, locale, preview)?;
        if read.preview {
            self.drafts.store(true, Ordering::Relaxed);
        }
        Ok(read)
    }

    /// The delivery reader for this key, finding published snapshots through the loader.
    pub fn reader(&self) -> Reader<'_, &Cached<SnapshotLoader>> {
        Reader::new(&self.db, &self.search, &self.key, &self.snapshots)
    }

    /// Treatments linked to `condition`, by slug.
    pub async fn linked_treatments(
        &self,
        condition: &str,
        read: &Read,
    ) -> Result<Arc<Vec<Arc<Snapshot>>>> {
        if read.preview {
            let filter = ListFilter { condition: Some(condition.to_owned()), ..Default::default() };
            let (kind, reader) = (SnapshotKind::Treatment, self.reader());
            let rows = reader.list(kind, read, &filter, None, LINKED_LIMIT).await?;
            return Ok(Arc::new(rows.into_iter().map(Arc::new).collect()));
        }
        let key = LinkedKey { condition: condition.to_owned(), locale: read.locale.clone() };
        Ok(self.linked.load_one(key).await?.unwrap_or_default())
    }

    /// Treatment `slug` as this key may see it.
    pub async fn treatment(&self, slug: &str, read: &Read) -> Result<Option<Treatment>> {
        let visible = self.reader().treatment(slug, read).await?;
        visible.map(|visible| treatment_of(self, visible, read)).transpose()
    }

    /// `snapshot` as a treatment this key may see: with a clinic-limited key only the
    /// treatments its clinic offers, each with that offering.
    pub async fn visible_treatment(
        &self,
        snapshot: &Arc<Snapshot>,
        read: &Read,
    ) -> Result<Option<Treatment>> {
        let visible = self.reader().visible(Arc::clone(snapshot), read).await?;
        visible.map(|visible| treatment_of(self, visible, read)).transpose()
    }

    /// Records entry `slug` of `kind` as part of the answer (its CDN purge key).
    pub fn resolved(&self, kind: SnapshotKind, slug: &str) {
        if let Ok(mut keys) = self.keys.lock() {
            keys.add(kind, slug);
        }
    }

    /// The purge keys of what the request resolved, filled in as it runs.
    pub fn keys(&self) -> Arc<Mutex<SurrogateKeys>> {
        Arc::clone(&self.keys)
    }

    /// Set once any field of the request read drafts.
    pub fn drafts(&self) -> Arc<AtomicBool> {
        Arc::clone(&self.drafts)
    }
}

/// The GraphQL clinic of a clinic in scope.
pub fn clinic_of(delivery: &Delivery, scope: &ClinicScope, read: &Read) -> Result<Arc<Clinic>> {
    Ok(Arc::new(Clinic::from_snapshot(delivery, scope.snapshot(), read)?))
}

/// The GraphQL treatment of a visible treatment, with its clinic's offering.
fn treatment_of(delivery: &Delivery, visible: VisibleTreatment, read: &Read) -> Result<Treatment> {
    let clinic = visible.clinic.map(|scope| clinic_of(delivery, &scope, read)).transpose()?;
    let offering = clinic.and_then(|clinic| clinic.offering_of(&visible.snapshot.slug));
    Treatment::from_snapshot(delivery, &visible.snapshot, read, offering)
}
