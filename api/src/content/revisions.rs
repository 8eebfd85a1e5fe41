//! Revisions: a full snapshot of an entry (every locale) for each version it reached, with
//! author, time and an optional note. Written in the transaction of the change that made the
//! version; never rewritten (restoring an old revision makes a new version).

use chrono::{DateTime, Utc};
use entity::{revision, user};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::ToSchema;
use uuid::Uuid;

use super::Scope;
use super::audit::{self, Action};
use super::change::{self, Versioned};
use super::kind::EntryKind;
use super::pagination::{self, Page, PageRequest};
use super::validation::Errors;
use super::values::now;
use crate::error::{Error, Result};

/// Longest note a change may carry.
pub const MAX_NOTE_LEN: usize = 1000;

/// Who made a revision.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct Author {
    pub id: Uuid,
    #[schema(example = "Camille Tremblay")]
    pub name: String,
}

/// One revision in a list.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct RevisionSummary {
    /// The entry version this revision recorded.
    #[schema(example = 3)]
    pub version: i32,
    /// `null` when the author's account has been deleted.
    pub author: Option<Author>,
    pub created_at: DateTime<Utc>,
    #[schema(example = "Added the melasma session plan")]
    pub note: Option<String>,
}

/// One revision with the entry as it was.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct Revision {
    #[schema(example = 3)]
    pub version: i32,
    pub author: Option<Author>,
    pub created_at: DateTime<Utc>,
    pub note: Option<String>,
    /// The whole entry at this version, text in every locale (`translations`), links by id
    /// and slug. Restoring the revision writes this content back as a new version.
    #[schema(value_type = Object)]
    pub snapshot: Value,
}

/// Validates an optional change note: trimmed, blank means none.
pub fn parse_note(errors: &mut Errors, note: Option<&str>) -> Option<String> {
    errors.optional_text("note", note, MAX_NOTE_LEN)
}

/// An optional change note as a face received it (`?note=`, a body's `note`, a GraphQL
/// argument), validated: `422` on `note` when too long.
pub fn note(note: Option<&str>) -> Result<Option<String>> {
    let mut errors = Errors::new();
    let note = parse_note(&mut errors, note);
    errors.finish(note)
}

/// Writes the revision for `version` of entry `id` and its audit row.
#[allow(clippy::too_many_arguments)]
pub async fn record(
    db: &impl ConnectionTrait,
    scope: &Scope,
    kind: EntryKind,
    id: Uuid,
    version: i32,
    snapshot: &impl Serialize,
    note: Option<String>,
    action: Action,
) -> Result<()> {
    record_with(db, scope, (kind, id, version), snapshot, note, (action, serde_json::json!({})))
        .await
}

/// [`record`], with `extra` added to the audit row's detail (what an approval accepted).
pub async fn record_with(
    db: &impl ConnectionTrait,
    scope: &Scope,
    (kind, id, version): (EntryKind, Uuid, i32),
    snapshot: &impl Serialize,
    note: Option<String>,
    (action, extra): (Action, serde_json::Value),
) -> Result<()> {
    let snapshot = serde_json::to_value(snapshot).map_err(|error| {
        Error::Internal(format!("cannot snapshot {} {id}: {error}", kind.noun()))
    })?;
    let row = revision::ActiveModel {
        id: Set(Uuid::now_v7()),
        workspace_id: Set(scope.workspace_id),
        entity_type: Set(kind.as_str().to_owned()),
        entity_id: Set(id),
        version: Set(version),
        snapshot: Set(snapshot),
        author_id: Set(Some(scope.actor)),
        note: Set(note.clone()),
        created_at: Set(now()),
    };
    revision::Entity::insert(row).exec_without_returning(db).await?;
    let mut detail = serde_json::json!({ "note": note });
    if let (Some(detail), serde_json::Value::Object(extra)) = (detail.as_object_mut(), extra) {
        detail.extend(extra);
    }
    audit::record(db, scope, kind, id, action, version, detail).await
}

/// Revisions of entry `id` of `E`, newest first; `404` unless the workspace has the entry.
pub async fn list_of<E: Versioned>(
    db: &impl ConnectionTrait,
    scope: &Scope,
    id: Uuid,
    limit: Option<&str>,
    cursor: Option<&str>,
) -> Result<Page<RevisionSummary>> {
    let mut errors = Errors::new();
    let page = PageRequest::parse(&mut errors, limit, None, None, None);
    errors.finish(())?;
    if change::current_version::<E>(db, scope, id).await?.is_none() {
        return Err(change::not_found(E::KIND, id));
    }
    list(db, scope, E::KIND, id, page.limit, cursor).await
}

/// Revision `version` of entry `id` of `E`; `404` unless the workspace has both.
pub async fn get_of<E: Versioned>(
    db: &impl ConnectionTrait,
    scope: &Scope,
    id: Uuid,
    version: i32,
) -> Result<Revision> {
    if change::current_version::<E>(db, scope, id).await?.is_none() {
        return Err(change::not_found(E::KIND, id));
    }
    get(db, scope, E::KIND, id, version).await
}

#[derive(Serialize, Deserialize)]
struct RevisionCursor {
    /// the last version listed
    v: i32,
}

/// Revisions of entry `id`, newest first.
pub async fn list(
    db: &impl ConnectionTrait,
    scope: &Scope,
    kind: EntryKind,
    id: Uuid,
    limit: u64,
    cursor: Option<&str>,
) -> Result<Page<RevisionSummary>> {
    let mut select = scoped(scope, kind, id);
    // An empty cursor is the first page, as in every list.
    if let Some(raw) = cursor.filter(|raw| !raw.trim().is_empty()) {
        let Some(RevisionCursor { v }) = pagination::decode_cursor(raw) else {
            return Err(Error::Validation(vec![crate::error::FieldError::new(
                "cursor",
                "is not a cursor this list returned",
            )]));
        };
        select = select.filter(revision::Column::Version.lt(v));
    }
    let rows = select
        .order_by_desc(revision::Column::Version)
        .limit(limit + 1)
        .into_partial_model::<RevisionRow>()
        .all(db)
        .await?;
    let has_more = rows.len() as u64 > limit;
    let rows: Vec<RevisionRow> = rows.into_iter().take(limit as usize).collect();
    let next_cursor = match rows.last() {
        Some(last) if has_more => {
            Some(pagination::encode_cursor(&RevisionCursor { v: last.version }))
        }
        _ => None,
    };
    let authors = authors(db, rows.iter().filter_map(|row| row.author_id)).await?;
    let items = rows
        .into_iter()
        .map(|row| RevisionSummary {
            version: row.version,
            author: row.author_id.and_then(|id| authors.iter().find(|a| a.id == id).cloned()),
            created_at: row.created_at,
            note: row.note,
        })
        .collect();
    Ok(Page { items, next_cursor })
}

/// Revision `version` of entry `id`.
pub async fn get(
    db: &impl ConnectionTrait,
    scope: &Scope,
    kind: EntryKind,
    id: Uuid,
    version: i32,
) -> Result<Revision> {
    let row = scoped(scope, kind, id)
        .filter(revision::Column::Version.eq(version))
        .one(db)
        .await?
        .ok_or_else(|| {
            Error::NotFound(format!("revision {version} of {} {id} was not found", kind.noun()))
        })?;
    let author = match row.author_id {
        Some(author_id) => authors(db, [author_id]).await?.into_iter().next(),
        None => None,
    };
    Ok(Revision {
        version: row.version,
        author,
        created_at: row.created_at,
        note: row.note,
        snapshot: row.snapshot,
    })
}

fn scoped(scope: &Scope, kind: EntryKind, id: Uuid) -> sea_orm::Select<revision::Entity> {
    revision::Entity::find()
        .filter(revision::Column::WorkspaceId.eq(scope.workspace_id))
        .filter(revision::Column::EntityType.eq(kind.as_str()))
        .filter(revision::Column::EntityId.eq(id))
}

#[derive(sea_orm::DerivePartialModel)]
#[sea_orm(entity = "revision::Entity")]
struct RevisionRow {
    version: i32,
    author_id: Option<Uuid>,
    created_at: DateTime<Utc>,
    note: Option<String>,
}

async fn authors(
    db: &impl ConnectionTrait,
    ids: impl IntoIterator<Item = Uuid>,
) -> Result<Vec<Author>> {
    let mut ids: Vec<Uuid> = ids.into_iter().collect();
    ids.sort();
    ids.dedup();
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let rows: Vec<(Uuid, String)> = user::Entity::find()
        .select_only()
        .column(user::Column::Id)
        .column(user::Column::DisplayName)
        .filter(Expr::col(user::Column::Id).is_in(ids))
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows.into_iter().map(|(id, name)| Author { id, name }).collect())
}
