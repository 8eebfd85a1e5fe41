//! Taking patient photos down when their consent ends: the scheduler's round that finds each
//! published image whose patient photo may no longer be shown on the website (its consent
//! ended, was withdrawn, or no longer covers the website), removes it from every snapshot
//! that shows it, and announces the change (`treatment.media_withdrawn`), so caches, replicas
//! and sites hear of it as of a publish. Delivery stops serving the image's files the moment
//! the consent ends, round or not.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use entity::{published_link, published_snapshot};
use sea_orm::ActiveValue::Set;
use sea_orm::{ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter};
use serde_json::Value;
use uuid::Uuid;

use super::store::{self, MEDIA};
use crate::content::audit::Action;
use crate::content::entry::Facts;
use crate::content::events::Change;
use crate::content::kind::EntryKind;
use crate::content::media;
use crate::content::status::Status;
use crate::content::{Content, change};
use crate::error::Result;

/// Withdraws every published image that may not be shown on `today`; returns the changes.
pub async fn withdraw_lapsed(content: &Content, today: NaiveDate) -> Result<Vec<Change>> {
    let txn = content.begin().await?;
    let changes = match withdraw_in(&txn, today).await {
        Ok(changes) => changes,
        Err(error) => return change::finish(txn, Err(error)).await,
    };
    content.commit(txn, &changes).await?;
    Ok(changes)
}

async fn withdraw_in(txn: &DatabaseTransaction, today: NaiveDate) -> Result<Vec<Change>> {
    let lapsed = media::lapsed_patient_photos(txn, today).await?;
    if lapsed.is_empty() {
        return Ok(Vec::new());
    }
    let targets: Vec<String> = lapsed.iter().map(Uuid::to_string).collect();
    let links = published_link::Entity::find()
        .filter(published_link::Column::Relation.eq(MEDIA))
        .filter(published_link::Column::TargetSlug.is_in(targets.clone()))
        .all(txn)
        .await?;
    if links.is_empty() {
        return Ok(Vec::new());
    }
    let mut entries: BTreeMap<(Uuid, String, Uuid), BTreeSet<String>> = BTreeMap::new();
    for link in links {
        let key = (link.workspace_id, link.entity_type, link.entity_id);
        entries.entry(key).or_default().insert(link.target_slug);
    }
    let mut changes = Vec::new();
    for ((workspace, kind, entry), assets) in entries {
        if let Some(facts) = strip(txn, entry, &assets).await? {
            let kind = EntryKind::parse(&kind).unwrap_or(EntryKind::Treatment);
            changes.push(Change {
                workspace_id: workspace,
                kind,
                entry: facts,
                action: Action::MediaWithdrawn,
                actor: Uuid::nil(),
                delivery_changed: true,
            });
        }
    }
    published_link::Entity::delete_many()
        .filter(published_link::Column::Relation.eq(MEDIA))
        .filter(published_link::Column::TargetSlug.is_in(targets))
        .exec(txn)
        .await?;
    Ok(changes)
}

/// Removes `assets` from every snapshot of entry `id`; the entry's facts when it had any.
async fn strip(
    txn: &DatabaseTransaction,
    id: Uuid,
    assets: &BTreeSet<String>,
) -> Result<Option<Facts>> {
    let snapshots = published_snapshot::Entity::find()
        .filter(published_snapshot::Column::EntityId.eq(id))
        .all(txn)
        .await?;
    let facts = snapshots.first().map(|snapshot| Facts {
        id,
        slug: snapshot.slug.clone(),
        version: snapshot.version,
        status: Some(Status::Published),
    });
    for snapshot in snapshots {
        let mut document = snapshot.document;
        if let Some(Value::Array(images)) = document.get_mut("media") {
            images.retain(|image| {
                image["asset"].as_str().is_none_or(|asset| !assets.contains(asset))
            });
        }
        let row = published_snapshot::ActiveModel {
            etag: Set(store::etag(&document)),
            document: Set(document),
            ..Default::default()
        };
        published_snapshot::Entity::update_many()
            .set(row)
            .filter(published_snapshot::Column::Id.eq(snapshot.id))
            .exec(txn)
            .await?;
    }
    Ok(facts)
}
