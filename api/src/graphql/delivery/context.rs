//! What every delivery resolver reads: the caller's key, the database and the request's
//! loaders. One [`Delivery`] is made per HTTP request and put in the GraphQL request data.
//!
//! Every object remembers how it was read ([`Read`]: the locale asked for, published or
//! preview), and reads the entries nested in it the same way, so a French preview query stays
//! French and preview all the way down.

use std::sync::Arc;

use async_graphql::Context;
use async_graphql::dataloader::{DataLoader, HashMapCache};
use entity::clinic as clinic_entity;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QuerySelect};

use super::clinic::Clinic;
use super::loaders::{LinkedKey, LinkedTreatmentsLoader, SnapshotKey, SnapshotLoader, Target};
use super::treatment::Treatment;
use crate::accounts::api_keys::KeyKind;
use crate::auth::extract::DeliveryKey;
use crate::delivery::snapshots::{ListFilter, Snapshot, SnapshotKind};
use crate::delivery::source::Source;
use crate::error::{Error, FieldError};
use crate::validated::Locale;

type Result<T, E = async_graphql::Error> = std::result::Result<T, E>;
type Cached<T> = DataLoader<T, HashMapCache>;

/// Most treatments listed under one condition, as REST lists them.
const LINKED_LIMIT: u64 = 100;

/// How a root field asked for content; nested fields read the same way.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Read {
    /// The locale asked for (what is served may be the workspace default).
    pub locale: String,
    /// Current drafts (preview keys only) instead of published snapshots.
    pub preview: bool,
}

/// The caller and the per-request loaders (whose caches live as long as the request).
pub struct Delivery {
    pub db: DatabaseConnection,
    pub key: DeliveryKey,
    snapshots: Cached<SnapshotLoader>,
    linked: Cached<LinkedTreatmentsLoader>,
}

impl Delivery {
    pub fn new(db: DatabaseConnection, key: DeliveryKey) -> Self {
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
        Self { db, key, snapshots, linked }
    }

    /// The request's delivery context.
    pub fn of<'a>(ctx: &Context<'a>) -> Result<&'a Self> {
        ctx.data::<Self>()
            .map_err(|_| Error::Internal("the delivery context is missing".to_owned()).into())
    }

    /// How a root field reads, checked as REST checks `?locale=` and `?preview=`: the
    /// workspace default when no locale is named, and preview only for preview keys.
    pub fn read(&self, locale: Option<&str>, preview: Option<bool>) -> Result<Read> {
        let locale = match locale.map(str::trim).filter(|raw| !raw.is_empty()) {
            None => self.key.workspace.default_locale.clone(),
            Some(raw) => Locale::parse(raw)
                .map(|locale| locale.as_str().to_owned())
                .map_err(|message| Error::Validation(vec![FieldError::new("locale", message)]))?,
        };
        let preview = preview.unwrap_or(false);
        if preview && self.key.kind != KeyKind::Preview {
            let message = "only preview keys may read drafts (preview: true)";
            return Err(Error::Forbidden(message.to_owned()).into());
        }
        Ok(Read { locale, preview })
    }

    /// `kind` `slug` as `read` asks (in its locale, else the workspace default).
    pub async fn snapshot(
        &self,
        kind: SnapshotKind,
        slug: &str,
        read: &Read,
    ) -> Result<Option<Arc<Snapshot>>> {
        if read.preview {
            let found =
                Source::Drafts.find(&self.db, &self.key.workspace, kind, slug, &read.locale);
            return Ok(found.await?.map(Arc::new));
        }
        self.snapshots.load_one(SnapshotKey::slug(kind, slug, &read.locale)).await
    }

    /// One page of `kind` by slug after `after`, up to `limit + 1` rows.
    pub async fn list(
        &self,
        kind: SnapshotKind,
        read: &Read,
        filter: &ListFilter,
        after: Option<&str>,
        limit: u64,
    ) -> Result<Vec<Snapshot>> {
        let (db, workspace, locale) = (&self.db, &self.key.workspace, read.locale.as_str());
        let source = Source::of(read.preview);
        Ok(source.list(db, workspace, kind, locale, filter, after, limit).await?)
    }

    /// Treatments linked to `condition`, by slug.
    pub async fn linked_treatments(
        &self,
        condition: &str,
        read: &Read,
    ) -> Result<Arc<Vec<Arc<Snapshot>>>> {
        if read.preview {
            let filter = ListFilter { condition: Some(condition.to_owned()), ..Default::default() };
            let rows = self.list(SnapshotKind::Treatment, read, &filter, None, LINKED_LIMIT);
            return Ok(Arc::new(rows.await?.into_iter().map(Arc::new).collect()));
        }
        let key = LinkedKey { condition: condition.to_owned(), locale: read.locale.clone() };
        Ok(self.linked.load_one(key).await?.unwrap_or_default())
    }

    /// The clinic a clinic-limited key belongs to; `None` for other keys. A key whose clinic
    /// is not published sees nothing (NOT_FOUND), as in REST.
    pub async fn key_clinic(&self, read: &Read) -> Result<Option<Arc<Clinic>>> {
        let Some(id) = self.key.clinic_id else { return Ok(None) };
        let snapshot = if read.preview {
            match self.draft_clinic_slug(id).await? {
                Some(slug) => self.snapshot(SnapshotKind::Clinic, &slug, read).await?,
                None => None,
            }
        } else {
            let (kind, target) = (SnapshotKind::Clinic, Target::Id(id));
            self.snapshots
                .load_one(SnapshotKey { kind, target, locale: read.locale.clone() })
                .await?
        };
        let snapshot = snapshot.ok_or_else(|| clinic_not_found("of this key"))?;
        Ok(Some(Arc::new(Clinic::from_snapshot(&snapshot, read)?)))
    }

    /// The slug of the key's clinic as it is now (preview reads drafts by slug).
    async fn draft_clinic_slug(&self, id: uuid::Uuid) -> Result<Option<String>> {
        let slug = clinic_entity::Entity::find_by_id(id)
            .filter(clinic_entity::Column::WorkspaceId.eq(self.key.workspace.id))
            .select_only()
            .column(clinic_entity::Column::Slug)
            .into_tuple::<String>()
            .one(&self.db)
            .await
            .map_err(Error::from)?;
        Ok(slug)
    }

    /// The clinic a treatment list is limited to: the key's own, or the one the query names.
    /// A clinic-limited key naming another clinic gets NOT_FOUND, as if it did not exist.
    pub async fn clinic_scope(
        &self,
        requested: Option<&str>,
        read: &Read,
    ) -> Result<Option<Arc<Clinic>>> {
        if let Some(own) = self.key_clinic(read).await? {
            return match requested {
                Some(slug) if slug != own.slug => Err(clinic_not_found(slug)),
                _ => Ok(Some(own)),
            };
        }
        let Some(slug) = requested else { return Ok(None) };
        let snapshot = self.snapshot(SnapshotKind::Clinic, slug, read).await?;
        let snapshot = snapshot.ok_or_else(|| clinic_not_found(slug))?;
        Ok(Some(Arc::new(Clinic::from_snapshot(&snapshot, read)?)))
    }

    /// `snapshot` as a treatment this key may see: with a clinic-limited key only the
    /// treatments its clinic offers, each with that offering.
    pub async fn visible_treatment(
        &self,
        snapshot: &Snapshot,
        read: &Read,
    ) -> Result<Option<Treatment>> {
        let offering = match self.key_clinic(read).await? {
            Some(clinic) => match clinic.offering_of(&snapshot.slug) {
                Some(offering) => Some(offering),
                None => return Ok(None),
            },
            None => None,
        };
        Treatment::from_snapshot(snapshot, read, offering).map(Some)
    }

    /// Treatment `slug` as this key may see it.
    pub async fn treatment(&self, slug: &str, read: &Read) -> Result<Option<Treatment>> {
        // Both loads join one batch: one statement for the treatment and the key's clinic.
        let (snapshot, clinic) = futures_util::future::join(
            self.snapshot(SnapshotKind::Treatment, slug, read),
            self.key_clinic(read),
        )
        .await;
        clinic?;
        match snapshot? {
            Some(snapshot) => self.visible_treatment(&snapshot, read).await,
            None => Ok(None),
        }
    }
}

fn clinic_not_found(slug: &str) -> async_graphql::Error {
    Error::NotFound(format!("clinic '{slug}' was not found")).into()
}
