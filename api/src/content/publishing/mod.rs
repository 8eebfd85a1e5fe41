//! Publishing: rendering an entry into immutable documents, one per locale, and storing them
//! as the snapshots delivery serves; taking them down again. Everything here runs inside the
//! transaction of the workflow step that asked for it.

pub mod documents;
pub mod render;
mod store;

use chrono::{DateTime, Utc};
use sea_orm::ConnectionTrait;
use serde_json::Value;
use uuid::Uuid;

use super::Scope;
use super::kind::EntryKind;
use super::{clinics, conditions, treatments};
use crate::delivery::notify::{self, Change};
use crate::error::{Error, Result};
use render::Rendition;

/// The renditions entry `id` of `kind` would publish now, at `published_at`.
pub async fn render(
    db: &impl ConnectionTrait,
    scope: &Scope,
    kind: EntryKind,
    id: Uuid,
    published_at: DateTime<Utc>,
) -> Result<Vec<Rendition>> {
    match kind {
        EntryKind::Treatment => {
            let record = treatments::load(db, scope, id).await?;
            render::treatment(db, &record, &scope.default_locale, published_at).await
        }
        EntryKind::Condition => {
            let record = conditions::load(db, scope, id).await?;
            render::condition(&record, published_at)
        }
        EntryKind::Clinic => {
            let record = clinics::load(db, scope, id).await?;
            render::clinic(db, scope, &record, published_at).await
        }
        EntryKind::Offering => {
            Err(Error::Conflict("offerings are published with their clinic".to_owned()))
        }
    }
}

/// Replaces what delivery serves of entry `id` with its current content.
pub async fn publish(
    db: &impl ConnectionTrait,
    scope: &Scope,
    kind: EntryKind,
    id: Uuid,
    published_at: DateTime<Utc>,
) -> Result<()> {
    let renditions = render(db, scope, kind, id, published_at).await?;
    if renditions.is_empty() {
        return Err(Error::Conflict(format!("this {} has no text to publish", kind.noun())));
    }
    let version = renditions
        .first()
        .and_then(|rendition| rendition.document["version"].as_i64())
        .and_then(|version| i32::try_from(version).ok())
        .unwrap_or_default();
    let links = match kind {
        EntryKind::Treatment => treatments::load(db, scope, id)
            .await?
            .content
            .conditions
            .into_iter()
            .map(|l| l.condition)
            .collect(),
        _ => Vec::new(),
    };
    store::replace(db, scope, kind, id, version, published_at, &renditions, &links).await?;
    notify::announce(db, Change::Content(scope.workspace_id)).await
}

/// Takes down what delivery serves of entry `id`; true when something was live.
pub async fn unpublish(
    db: &impl ConnectionTrait,
    scope: &Scope,
    kind: EntryKind,
    id: Uuid,
) -> Result<bool> {
    let removed = store::remove(db, kind, id).await?;
    if removed {
        notify::announce(db, Change::Content(scope.workspace_id)).await?;
    }
    Ok(removed)
}

/// The stored record of an entry, as a revision snapshots it.
pub async fn record_of(
    db: &impl ConnectionTrait,
    scope: &Scope,
    kind: EntryKind,
    id: Uuid,
) -> Result<Value> {
    let record = match kind {
        EntryKind::Treatment => serde_json::to_value(treatments::load(db, scope, id).await?),
        EntryKind::Condition => serde_json::to_value(conditions::load(db, scope, id).await?),
        EntryKind::Clinic => serde_json::to_value(clinics::load(db, scope, id).await?),
        EntryKind::Offering => {
            return Err(Error::Conflict("offerings have no workflow".to_owned()));
        }
    };
    record.map_err(|error| Error::Internal(format!("snapshotting {} {id}: {error}", kind.noun())))
}
