//! What the `.../{id}/revisions` endpoints of every resource share: the history of an entry,
//! and restoring an old version.
//!
//! Every change writes a revision (a full snapshot of the entry, every locale) with its author,
//! time and note. Restoring revision `n` makes a new version whose content is revision `n`'s;
//! history is never rewritten. A restore takes `If-Match` like any change.

use actix_web::HttpResponse;
use uuid::Uuid;

use super::body::RawBody;
use super::entry::{NoteBody, RevisionQuery, scope};
use crate::auth::extract::WorkspaceMember;
use crate::auth::roles::Permission;
use crate::content::change::Versioned;
use crate::content::revisions::{self, parse_note};
use crate::content::validation::Errors;
use crate::error::Result;
use crate::state::AppState;

pub async fn list_of<E: Versioned>(
    state: &AppState,
    member: &WorkspaceMember,
    id: Uuid,
    query: &RevisionQuery,
) -> Result<HttpResponse> {
    member.require(Permission::ReadDrafts)?;
    let page = revisions::list_of::<E>(
        &state.db,
        &scope(member),
        id,
        query.limit.as_deref(),
        query.cursor.as_deref(),
    )
    .await?;
    Ok(HttpResponse::Ok().json(page))
}

pub async fn get_of<E: Versioned>(
    state: &AppState,
    member: &WorkspaceMember,
    id: Uuid,
    version: i32,
) -> Result<HttpResponse> {
    member.require(Permission::ReadDrafts)?;
    let revision = revisions::get_of::<E>(&state.db, &scope(member), id, version).await?;
    Ok(HttpResponse::Ok().json(revision))
}

/// The note of a restore body, validated.
pub fn restore_note(body: &RawBody) -> Result<Option<String>> {
    let note = body.optional_json::<NoteBody>()?.and_then(|body| body.note);
    let mut errors = Errors::new();
    let note = parse_note(&mut errors, note.as_deref());
    errors.finish(note)
}
