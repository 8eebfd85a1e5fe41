//! The bodies of every content-entry endpoint, written once over [`Entry`]: authorize the
//! member, parse what the request carries, call the content service, answer with the entry and
//! its `ETag`. Each resource's file keeps its own handlers (and their `#[utoipa::path]`), each
//! a line calling one of these.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse};
use uuid::Uuid;

use super::entry::{NoteBody, NoteQuery, RevisionQuery, created, with_etag};
use crate::auth::extract::WorkspaceMember;
use crate::auth::roles::Permission;
use crate::content::{Entry, revisions};
use crate::error::Result;
use crate::request::body::RawBody;
use crate::request::version::if_match;
use crate::state::AppState;

/// `POST` on a collection: `201` with `Location` (the collection's path and the new id).
pub async fn create<K: Entry>(
    state: &AppState,
    member: &WorkspaceMember,
    request: &HttpRequest,
    parent: K::Parent,
    body: &RawBody,
) -> Result<HttpResponse> {
    member.require(Permission::Edit)?;
    let scope = member.scope();
    let input = body.json_with(|body| K::parse(body, &scope, true))?;
    let view = state.content.create::<K>(&scope, parent, input).await?;
    let location = format!("{}/{}", request.path().trim_end_matches('/'), K::view_id(&view));
    Ok(created(location, K::view_version(&view), &view))
}

/// `GET` on an entry, in `?locale=`.
pub async fn get<K: Entry>(
    state: &AppState,
    member: &WorkspaceMember,
    (parent, id): (K::Parent, Uuid),
    locale: Option<&str>,
) -> Result<HttpResponse> {
    member.require(Permission::ReadDrafts)?;
    let view = state.content.get::<K>(&member.scope(), parent, id, locale).await?;
    Ok(with_etag(StatusCode::OK, K::view_version(&view), &view))
}

/// `PATCH` on an entry, at the version `If-Match` names.
pub async fn update<K: Entry>(
    state: &AppState,
    member: &WorkspaceMember,
    request: &HttpRequest,
    (parent, id): (K::Parent, Uuid),
    body: &RawBody,
) -> Result<HttpResponse> {
    member.require(Permission::Edit)?;
    let expected = if_match(request)?;
    let scope = member.scope();
    let input = body.json_with(|body| K::parse(body, &scope, false))?;
    let view = state.content.update::<K>(&scope, parent, (id, expected), input).await?;
    Ok(with_etag(StatusCode::OK, K::view_version(&view), &view))
}

/// `DELETE` on an entry, at the version `If-Match` names, with `?note=`.
pub async fn delete<K: Entry>(
    state: &AppState,
    member: &WorkspaceMember,
    request: &HttpRequest,
    (parent, id): (K::Parent, Uuid),
    query: &NoteQuery,
) -> Result<HttpResponse> {
    member.require(Permission::Edit)?;
    let expected = if_match(request)?;
    let note = revisions::note(query.note.as_deref())?;
    state.content.delete::<K>(&member.scope(), parent, (id, expected), note).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// `GET …/revisions`: an entry's history, newest first.
pub async fn revisions<K: Entry>(
    state: &AppState,
    member: &WorkspaceMember,
    (parent, id): (K::Parent, Uuid),
    query: &RevisionQuery,
) -> Result<HttpResponse> {
    member.require(Permission::ReadDrafts)?;
    let page = (query.limit.as_deref(), query.cursor.as_deref());
    let page = state.content.revisions::<K>(&member.scope(), parent, id, page).await?;
    Ok(HttpResponse::Ok().json(page))
}

/// `GET …/revisions/{version}`: the whole entry as it was at that version.
pub async fn revision<K: Entry>(
    state: &AppState,
    member: &WorkspaceMember,
    (parent, id): (K::Parent, Uuid),
    version: i32,
) -> Result<HttpResponse> {
    member.require(Permission::ReadDrafts)?;
    let revision = state.content.revision::<K>(&member.scope(), parent, id, version).await?;
    Ok(HttpResponse::Ok().json(revision))
}

/// `POST …/revisions/{version}/restore`, at the version `If-Match` names, with an optional
/// `{"note"}` body.
pub async fn restore<K: Entry>(
    state: &AppState,
    member: &WorkspaceMember,
    request: &HttpRequest,
    (parent, id, revision): (K::Parent, Uuid, i32),
    body: &RawBody,
) -> Result<HttpResponse> {
    member.require(Permission::Edit)?;
    let expected = if_match(request)?;
    // `null` is no body, as the document's optional body says.
    let note = body.optional_json_with(|body: Option<Option<NoteBody>>| {
        revisions::note(body.flatten().and_then(|body| body.note).as_deref())
    })?;
    let at = (id, expected);
    let view = state.content.restore::<K>(&member.scope(), parent, at, revision, note).await?;
    Ok(with_etag(StatusCode::OK, K::view_version(&view), &view))
}

/// Registers the routes of one kind of entry: `$collection` (list, create), `$item` (read,
/// change, delete) and its revisions, to the handlers of those names in the calling module.
macro_rules! entry_routes {
    ($cfg:expr, $collection:expr, $item:expr) => {{
        use actix_web::web::{delete, get, patch, post, resource};
        let item = $item;
        $cfg.service(resource($collection).route(get().to(list)).route(post().to(create)))
            .service(
                resource(item)
                    .route(get().to(self::get))
                    .route(patch().to(update))
                    .route(delete().to(self::delete)),
            )
            .service(resource(format!("{item}/revisions")).route(get().to(revisions_list)))
            .service(resource(format!("{item}/revisions/{{version}}")).route(get().to(revision)))
            .service(
                resource(format!("{item}/revisions/{{version}}/restore")).route(post().to(restore)),
            );
    }};
}
pub(super) use entry_routes;
