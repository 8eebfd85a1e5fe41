//! Publishing: rendering an entry into immutable documents, one per locale, and storing them
//! as the snapshots delivery serves; taking them down again. Everything here runs inside the
//! transaction of the workflow step that asked for it.

pub mod documents;
pub mod render;
pub mod store;
pub mod withdraw;

use chrono::{DateTime, Utc};
use sea_orm::ConnectionTrait;
use uuid::Uuid;

use super::Scope;
use super::clinics::Clinics;
use super::conditions::Conditions;
use super::entry::Publishable;
use super::kind::{EntryKind, PublishedKind};
use super::treatments::Treatments;
use crate::error::{Error, Result};
use render::Rendition;

/// The renditions entry `id` of `K` would publish now, at `published_at`.
pub async fn render_of<K: Publishable>(
    db: &impl ConnectionTrait,
    scope: &Scope,
    id: Uuid,
    published_at: DateTime<Utc>,
) -> Result<Vec<Rendition>> {
    let record = K::load(db, scope, (), id).await?;
    K::render(db, scope, &record, published_at).await
}

/// [`render_of`] for a kind known only at run time (preview reads drafts by kind).
pub async fn render(
    db: &impl ConnectionTrait,
    scope: &Scope,
    kind: PublishedKind,
    id: Uuid,
    published_at: DateTime<Utc>,
) -> Result<Vec<Rendition>> {
    match kind {
        PublishedKind::Treatment => render_of::<Treatments>(db, scope, id, published_at).await,
        PublishedKind::Condition => render_of::<Conditions>(db, scope, id, published_at).await,
        PublishedKind::Clinic => render_of::<Clinics>(db, scope, id, published_at).await,
    }
}

/// Replaces what delivery serves of `record` with its content.
pub async fn publish<K: Publishable>(
    db: &impl ConnectionTrait,
    scope: &Scope,
    record: &K::Record,
    published_at: DateTime<Utc>,
) -> Result<()> {
    let renditions = K::render(db, scope, record, published_at).await?;
    if renditions.is_empty() {
        return Err(Error::Conflict(format!("this {} has no text to publish", K::KIND.noun())));
    }
    let facts = K::facts(record);
    let conditions = K::condition_links(record).into_iter().map(|slug| (store::CONDITION, slug));
    let media = K::media_links(record).into_iter().map(|id| (store::MEDIA, id.to_string()));
    let links: Vec<(&str, String)> = conditions.chain(media).collect();
    store::replace(db, scope, K::KIND, facts.id, facts.version, published_at, &renditions, &links)
        .await
}

/// Takes down what delivery serves of entry `id`; true when something was live.
pub async fn unpublish(db: &impl ConnectionTrait, kind: EntryKind, id: Uuid) -> Result<bool> {
    store::remove(db, kind, id).await
}
