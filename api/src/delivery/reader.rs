//! The one delivery reader behind REST and GraphQL: what a key may read, published or in
//! preview, and the clinic that limits it. The faces keep only their own concerns (HTTP
//! caching, GraphQL types and dataloaders).
//!
//! A clinic-limited key reads as if its clinic were the only one: another clinic does not
//! exist for it, nor do treatments its clinic does not offer, and when its clinic is not
//! published it sees nothing (404 NOT_FOUND).

use std::collections::HashSet;
use std::sync::Arc;

use sea_orm::DatabaseConnection;
use uuid::Uuid;

use super::clinic_scope::ClinicScope;
use super::preview;
use super::published::{PublishedSnapshots, Unbatched};
use super::read::Read;
use super::snapshots::{ListFilter, Snapshot, SnapshotKind};
use super::source::Source;
use crate::auth::extract::DeliveryKey;
use crate::content::validation::NUL_MESSAGE;
use crate::error::{Error, FieldError};
use crate::search::indexes::SearchIndexes;
use crate::search::{self, SearchPage, SearchQuery};

/// What a treatment list asks for.
#[derive(Clone, Debug, Default)]
pub struct TreatmentQuery {
    /// Only treatments for this condition (slug).
    pub condition: Option<String>,
    /// Only treatments this clinic (slug) offers.
    pub clinic: Option<String>,
    /// Only treatments whose names or summary contain this.
    pub text: Option<String>,
}

/// A page of treatments, with the clinic in scope whose offerings they are.
#[derive(Debug)]
pub struct TreatmentPage {
    /// Up to `limit + 1` rows by slug (one more signals a next page).
    pub rows: Vec<Snapshot>,
    /// The clinic the list is limited to, if any.
    pub clinic: Option<ClinicScope>,
}

/// A treatment as a key may see it, with the clinic in scope whose offering goes with it.
#[derive(Debug)]
pub struct VisibleTreatment {
    pub snapshot: Arc<Snapshot>,
    /// The key's clinic (which offers the treatment), for a clinic-limited key.
    pub clinic: Option<ClinicScope>,
}

/// Reads delivery content for one key; published snapshots by slug or id come from `P`.
pub struct Reader<'a, P> {
    db: &'a DatabaseConnection,
    search: &'a SearchIndexes,
    key: &'a DeliveryKey,
    published: P,
}

impl<'a> Reader<'a, Unbatched<'a>> {
    /// A reader looking each published snapshot up on its own (REST).
    pub fn unbatched(
        db: &'a DatabaseConnection,
        search: &'a SearchIndexes,
        key: &'a DeliveryKey,
    ) -> Self {
        Self::new(db, search, key, Unbatched { db, workspace: &key.workspace })
    }
}

impl<'a, P: PublishedSnapshots> Reader<'a, P> {
    /// A reader for `key` finding published snapshots through `published`, and published
    /// entries matching a text through `search`.
    pub fn new(
        db: &'a DatabaseConnection,
        search: &'a SearchIndexes,
        key: &'a DeliveryKey,
        published: P,
    ) -> Self {
        Self { db, search, key, published }
    }

    /// `kind` `slug` as `read` asks (in its locale, else the workspace default).
    pub async fn find(
        &self,
        kind: SnapshotKind,
        slug: &str,
        read: &Read,
    ) -> Result<Option<Arc<Snapshot>>, P::Error> {
        // No slug holds a NUL, and PostgreSQL would refuse to compare one.
        if slug.contains('\0') {
            return Ok(None);
        }
        if !read.preview {
            return self.published.by_slug(kind, slug, &read.locale).await;
        }
        let (db, workspace) = (self.db, &self.key.workspace);
        Ok(Source::Drafts.find(db, workspace, kind, slug, &read.locale).await?.map(Arc::new))
    }

    /// One page of `kind` by slug after `after`: up to `limit + 1` rows.
    pub async fn list(
        &self,
        kind: SnapshotKind,
        read: &Read,
        filter: &ListFilter,
        after: Option<&str>,
        limit: u64,
    ) -> Result<Vec<Snapshot>, P::Error> {
        let (db, workspace, locale) = (self.db, &self.key.workspace, read.locale.as_str());
        Ok(read.source().list(db, workspace, kind, locale, filter, after, limit).await?)
    }

    /// The clinic a clinic-limited key belongs to; `None` for other keys.
    pub async fn key_clinic(&self, read: &Read) -> Result<Option<ClinicScope>, P::Error> {
        let Some(id) = self.key.clinic_id else { return Ok(None) };
        let own = self.own_clinic(id, read).await?;
        Ok(Some(own.ok_or_else(|| clinic_not_found("of this key"))?))
    }

    /// Clinic `slug` as this key may see it: a clinic-limited key sees only its own clinic
    /// (another is `None`), other keys any clinic of the workspace.
    pub async fn clinic(&self, slug: &str, read: &Read) -> Result<Option<ClinicScope>, P::Error> {
        let Some(id) = self.key.clinic_id else {
            return Ok(self.find(SnapshotKind::Clinic, slug, read).await?.map(ClinicScope::new));
        };
        let own = self.own_clinic(id, read).await?.ok_or_else(|| clinic_not_found(slug))?;
        Ok((own.slug() == slug).then_some(own))
    }

    /// The clinic a treatment read is limited to: the key's own, or the one the request names.
    /// A clinic-limited key naming another clinic gets NOT_FOUND, as if it did not exist.
    pub async fn clinic_scope(
        &self,
        requested: Option<&str>,
        read: &Read,
    ) -> Result<Option<ClinicScope>, P::Error> {
        let Some(slug) = requested else { return self.key_clinic(read).await };
        match self.clinic(slug, read).await? {
            Some(clinic) => Ok(Some(clinic)),
            None => Err(clinic_not_found(slug).into()),
        }
    }

    /// Treatment `slug` as this key may see it.
    pub async fn treatment(
        &self,
        slug: &str,
        read: &Read,
    ) -> Result<Option<VisibleTreatment>, P::Error> {
        // Both loads can join one batch: one statement for the treatment and the key's clinic.
        let (snapshot, clinic) = futures_util::future::join(
            self.find(SnapshotKind::Treatment, slug, read),
            self.key_clinic(read),
        )
        .await;
        let clinic = clinic?;
        Ok(snapshot?.and_then(|snapshot| visible(snapshot, clinic)))
    }

    /// `snapshot` as a treatment this key may see: with a clinic-limited key only the
    /// treatments its clinic offers.
    pub async fn visible(
        &self,
        snapshot: Arc<Snapshot>,
        read: &Read,
    ) -> Result<Option<VisibleTreatment>, P::Error> {
        Ok(visible(snapshot, self.key_clinic(read).await?))
    }

    /// A page of treatments, limited to the clinic in scope (the key's own, or the one the
    /// query names).
    pub async fn treatments(
        &self,
        read: &Read,
        query: &TreatmentQuery,
        after: Option<&str>,
        limit: u64,
    ) -> Result<TreatmentPage, P::Error> {
        for (field, value) in [("q", &query.text), ("condition", &query.condition)] {
            if value.as_deref().is_some_and(|value| value.contains('\0')) {
                return Err(Error::Validation(vec![FieldError::new(field, NUL_MESSAGE)]).into());
            }
        }
        let clinic = self.clinic_scope(query.clinic.as_deref(), read).await?;
        let mut filter = ListFilter {
            condition: query.condition.clone(),
            slugs: clinic.as_ref().map(ClinicScope::treatment_slugs),
            text: query.text.clone(),
        };
        if !read.preview {
            self.match_text(&mut filter, read).await?;
        }
        let rows = self.list(SnapshotKind::Treatment, read, &filter, after, limit).await?;
        Ok(TreatmentPage { rows, clinic })
    }

    /// Published treatments and conditions matching `query` in `read`'s locale (drafts are
    /// never searched), treatments limited to the clinic in scope, with that clinic.
    pub async fn search(
        &self,
        read: &Read,
        query: &SearchQuery,
        clinic: Option<&str>,
    ) -> Result<(SearchPage, Option<ClinicScope>), P::Error> {
        let clinic = self.clinic_scope(clinic, read).await?;
        let offered: Option<HashSet<String>> =
            clinic.as_ref().map(|clinic| clinic.treatment_slugs().into_iter().collect());
        let (db, workspace) = (self.db, &self.key.workspace);
        let page =
            search::search(self.search, db, workspace, &read.locale, query, offered.as_ref())
                .await?;
        Ok((page, clinic))
    }

    /// Turns `filter`'s text into the published treatments search finds for it (drafts, in
    /// preview, are not indexed and keep the plain text match).
    async fn match_text(&self, filter: &mut ListFilter, read: &Read) -> Result<(), P::Error> {
        let Some(text) = filter.text.take().filter(|text| !text.trim().is_empty()) else {
            return Ok(());
        };
        let (db, workspace) = (self.db, &self.key.workspace);
        let kind = SnapshotKind::Treatment;
        let found = search::matching_slugs(self.search, db, workspace, &read.locale, kind, &text);
        if let Some(found) = found.await? {
            filter.slugs = Some(match filter.slugs.take() {
                Some(offered) => found.into_iter().filter(|slug| offered.contains(slug)).collect(),
                None => found,
            });
        }
        Ok(())
    }

    /// A page of clinics (a clinic-limited key sees only its own).
    pub async fn clinics(
        &self,
        read: &Read,
        after: Option<&str>,
        limit: u64,
    ) -> Result<Vec<Snapshot>, P::Error> {
        let mut filter = ListFilter::default();
        if let Some(own) = self.key_clinic(read).await? {
            filter.slugs = Some(vec![own.slug().to_owned()]);
        }
        self.list(SnapshotKind::Clinic, read, &filter, after, limit).await
    }

    /// The key's clinic `id` as `read` asks, if it is published (or, in preview, a clinic of
    /// the key's workspace).
    async fn own_clinic(&self, id: Uuid, read: &Read) -> Result<Option<ClinicScope>, P::Error> {
        let snapshot = if read.preview {
            match preview::clinic_slug(self.db, &self.key.workspace, id).await? {
                Some(slug) => self.find(SnapshotKind::Clinic, &slug, read).await?,
                None => None,
            }
        } else {
            self.published.by_id(SnapshotKind::Clinic, id, &read.locale).await?
        };
        Ok(snapshot.map(ClinicScope::new))
    }
}

fn visible(snapshot: Arc<Snapshot>, clinic: Option<ClinicScope>) -> Option<VisibleTreatment> {
    let offered = clinic.as_ref().is_none_or(|clinic| clinic.offers(&snapshot.slug));
    offered.then_some(VisibleTreatment { snapshot, clinic })
}

fn clinic_not_found(slug: &str) -> Error {
    Error::NotFound(format!("clinic '{slug}' was not found"))
}
