//! Writing and removing published snapshots and the links delivery filters on.

use chrono::{DateTime, Utc};
use entity::{published_link, published_snapshot};
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use super::render::Rendition;
use crate::content::Scope;
use crate::content::kind::EntryKind;
use crate::error::Result;

/// The relation of a link to a condition delivery filters by (its slug).
pub const CONDITION: &str = "condition";
/// The relation of a link to a media asset delivery serves (its id).
pub const MEDIA: &str = "media";

/// Replaces entry `id`'s snapshots with `renditions`, and its links with `links` (relation,
/// target).
#[allow(clippy::too_many_arguments)]
pub async fn replace(
    db: &impl ConnectionTrait,
    scope: &Scope,
    kind: EntryKind,
    id: Uuid,
    version: i32,
    published_at: DateTime<Utc>,
    renditions: &[Rendition],
    links: &[(&str, String)],
) -> Result<()> {
    remove(db, kind, id).await?;
    let rows = renditions.iter().map(|rendition| published_snapshot::ActiveModel {
        id: Set(Uuid::now_v7()),
        workspace_id: Set(scope.workspace_id),
        entity_type: Set(kind.as_str().to_owned()),
        entity_id: Set(id),
        slug: Set(rendition.slug.clone()),
        locale: Set(rendition.locale.clone()),
        version: Set(version),
        etag: Set(etag(&rendition.document)),
        document: Set(rendition.document.clone()),
        sort_name: Set(rendition.sort_name.clone()),
        search_text: Set(rendition.search_text.clone()),
        published_at: Set(published_at),
    });
    published_snapshot::Entity::insert_many(rows).exec_without_returning(db).await?;
    if !links.is_empty() {
        let links = links.iter().map(|(relation, target)| published_link::ActiveModel {
            workspace_id: Set(scope.workspace_id),
            entity_type: Set(kind.as_str().to_owned()),
            entity_id: Set(id),
            relation: Set((*relation).to_owned()),
            target_slug: Set(target.clone()),
        });
        published_link::Entity::insert_many(links).exec_without_returning(db).await?;
    }
    Ok(())
}

/// Removes entry `id`'s snapshots and links; true when there were any.
pub async fn remove(db: &impl ConnectionTrait, kind: EntryKind, id: Uuid) -> Result<bool> {
    let removed = published_snapshot::Entity::delete_many()
        .filter(published_snapshot::Column::EntityType.eq(kind.as_str()))
        .filter(published_snapshot::Column::EntityId.eq(id))
        .exec(db)
        .await?
        .rows_affected;
    published_link::Entity::delete_many()
        .filter(published_link::Column::EntityType.eq(kind.as_str()))
        .filter(published_link::Column::EntityId.eq(id))
        .exec(db)
        .await?;
    Ok(removed > 0)
}

pub(crate) fn etag(document: &serde_json::Value) -> String {
    let digest = Sha256::digest(document.to_string().as_bytes());
    digest.iter().take(16).map(|byte| format!("{byte:02x}")).collect()
}
