//! `/admin/v1/workspaces/{workspace}/treatments`: the editors' treatment library.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use entity::treatment;
use uuid::Uuid;

use super::body::RawBody;
use super::entry::{
    ChangeOutcomes, CreateOutcomes, DeleteOutcomes, LocaleQuery, NoteBody, NoteQuery,
    RevisionQuery, created, if_match, parse_note_query, scope, with_etag,
};
use super::revisions;
use crate::auth::extract::WorkspaceMember;
use crate::auth::roles::Permission;
use crate::content::listing::ListQuery;
use crate::content::pagination::Page;
use crate::content::revisions::{Revision, RevisionSummary};
use crate::content::treatments::{
    self, TreatmentBody, TreatmentFilter, TreatmentInput, TreatmentSummary, TreatmentView,
};
use crate::error::Result;
use crate::state::AppState;

pub const COLLECTION: &str = "/admin/v1/workspaces/{workspace}/treatments";
pub const ITEM: &str = "/admin/v1/workspaces/{workspace}/treatments/{id}";

/// Lists the workspace's treatments, drafts included.
#[utoipa::path(
    get,
    path = "/admin/v1/workspaces/{workspace}/treatments",
    tag = "treatments",
    params(
        ("workspace" = String, Path, description = "The workspace's slug", example = "demo"),
        ListQuery,
        TreatmentFilter,
    ),
    responses(
        (status = 200, description = "One page of treatments", body = Page<TreatmentSummary>),
    ),
    security(("admin_jwt" = []))
)]
#[tracing::instrument(skip_all, fields(workspace = %member.workspace.slug))]
pub async fn list(
    state: web::Data<AppState>,
    member: WorkspaceMember,
    query: web::Query<ListQuery>,
    filter: web::Query<TreatmentFilter>,
) -> Result<HttpResponse> {
    member.require(Permission::ReadDrafts)?;
    let page = treatments::list(&state.db, &scope(&member), &query, &filter).await?;
    Ok(HttpResponse::Ok().json(page))
}

/// Creates a draft treatment (version 1).
#[utoipa::path(
    post,
    path = "/admin/v1/workspaces/{workspace}/treatments",
    tag = "treatments",
    params(("workspace" = String, Path, description = "The workspace's slug", example = "demo")),
    request_body(content = TreatmentBody, description = "`slug` and `name` are required"),
    responses(
        (status = 201, description = "Created; `Location` and `ETag` name it", body = TreatmentView,
            headers(("ETag" = String, description = "The version, quoted: \"1\""),
                    ("Location" = String, description = "The new treatment's path"))),
        CreateOutcomes,
    ),
    security(("admin_jwt" = []))
)]
#[tracing::instrument(skip_all, fields(workspace = %member.workspace.slug))]
pub async fn create(
    state: web::Data<AppState>,
    member: WorkspaceMember,
    body: RawBody,
) -> Result<HttpResponse> {
    member.require(Permission::Edit)?;
    let scope = scope(&member);
    let input = TreatmentInput::parse(body.json()?, &scope, true)?;
    let view = treatments::create(&state.db, &scope, input).await?;
    let location = format!("/admin/v1/workspaces/{}/treatments/{}", member.workspace.slug, view.id);
    Ok(created(location, view.version, &view))
}

/// Reads one treatment in one locale.
#[utoipa::path(
    get,
    path = "/admin/v1/workspaces/{workspace}/treatments/{id}",
    tag = "treatments",
    params(
        ("workspace" = String, Path, description = "The workspace's slug", example = "demo"),
        ("id" = Uuid, Path, description = "The treatment's id"),
        LocaleQuery,
    ),
    responses(
        (status = 200, description = "The treatment", body = TreatmentView,
            headers(("ETag" = String, description = "The version, quoted"))),
    ),
    security(("admin_jwt" = []))
)]
#[tracing::instrument(skip_all, fields(workspace = %member.workspace.slug))]
pub async fn get(
    state: web::Data<AppState>,
    member: WorkspaceMember,
    path: web::Path<(String, Uuid)>,
    query: web::Query<LocaleQuery>,
) -> Result<HttpResponse> {
    member.require(Permission::ReadDrafts)?;
    let (_, id) = path.into_inner();
    let view = treatments::get(&state.db, &scope(&member), id, query.locale.as_deref()).await?;
    Ok(with_etag(StatusCode::OK, view.version, &view))
}

/// Changes the fields the body carries, in the body's locale, if the treatment is still at
/// the version `If-Match` names.
#[utoipa::path(
    patch,
    path = "/admin/v1/workspaces/{workspace}/treatments/{id}",
    tag = "treatments",
    params(
        ("workspace" = String, Path, description = "The workspace's slug", example = "demo"),
        ("id" = Uuid, Path, description = "The treatment's id"),
        ("If-Match" = String, Header, description = "The version being changed, quoted: \"3\""),
    ),
    request_body(content = TreatmentBody, description = "Only the fields to change"),
    responses(
        (status = 200, description = "Changed; the version went up by one", body = TreatmentView,
            headers(("ETag" = String, description = "The new version, quoted"))),
        ChangeOutcomes,
    ),
    security(("admin_jwt" = []))
)]
#[tracing::instrument(skip_all, fields(workspace = %member.workspace.slug))]
pub async fn update(
    state: web::Data<AppState>,
    member: WorkspaceMember,
    request: HttpRequest,
    path: web::Path<(String, Uuid)>,
    body: RawBody,
) -> Result<HttpResponse> {
    member.require(Permission::Edit)?;
    let (_, id) = path.into_inner();
    let expected = if_match(&request)?;
    let scope = scope(&member);
    let input = TreatmentInput::parse(body.json()?, &scope, false)?;
    let view = treatments::update(&state.db, &scope, id, expected, input).await?;
    Ok(with_etag(StatusCode::OK, view.version, &view))
}

/// Deletes a treatment no other entry links to, if it is still at the `If-Match` version.
#[utoipa::path(
    delete,
    path = "/admin/v1/workspaces/{workspace}/treatments/{id}",
    tag = "treatments",
    params(
        ("workspace" = String, Path, description = "The workspace's slug", example = "demo"),
        ("id" = Uuid, Path, description = "The treatment's id"),
        ("If-Match" = String, Header, description = "The version being deleted, quoted: \"3\""),
        NoteQuery,
    ),
    responses((status = 204, description = "Deleted"), DeleteOutcomes),
    security(("admin_jwt" = []))
)]
#[tracing::instrument(skip_all, fields(workspace = %member.workspace.slug))]
pub async fn delete(
    state: web::Data<AppState>,
    member: WorkspaceMember,
    request: HttpRequest,
    path: web::Path<(String, Uuid)>,
    query: web::Query<NoteQuery>,
) -> Result<HttpResponse> {
    member.require(Permission::Edit)?;
    let (_, id) = path.into_inner();
    let expected = if_match(&request)?;
    let note = parse_note_query(&query)?;
    treatments::delete(&state.db, &scope(&member), id, expected, note).await?;
    // What delivery served of it is gone; drop this server's cached copies too.
    state.delivery.responses.invalidate(member.workspace.id);
    Ok(HttpResponse::NoContent().finish())
}

/// Lists a treatment's revisions, newest first.
#[utoipa::path(
    get,
    path = "/admin/v1/workspaces/{workspace}/treatments/{id}/revisions",
    tag = "revisions",
    params(
        ("workspace" = String, Path, description = "The workspace's slug", example = "demo"),
        ("id" = Uuid, Path, description = "The treatment's id"),
        RevisionQuery,
    ),
    responses((status = 200, description = "One page of revisions", body = Page<RevisionSummary>)),
    security(("admin_jwt" = []))
)]
pub async fn revisions_list(
    state: web::Data<AppState>,
    member: WorkspaceMember,
    path: web::Path<(String, Uuid)>,
    query: web::Query<RevisionQuery>,
) -> Result<HttpResponse> {
    revisions::list_of::<treatment::Entity>(&state, &member, path.1, &query).await
}

/// Reads one revision of a treatment: the whole treatment as it was at that version.
#[utoipa::path(
    get,
    path = "/admin/v1/workspaces/{workspace}/treatments/{id}/revisions/{version}",
    tag = "revisions",
    params(
        ("workspace" = String, Path, description = "The workspace's slug", example = "demo"),
        ("id" = Uuid, Path, description = "The treatment's id"),
        ("version" = i32, Path, description = "The version the revision recorded", example = 2),
    ),
    responses((status = 200, description = "The revision", body = Revision)),
    security(("admin_jwt" = []))
)]
pub async fn revision(
    state: web::Data<AppState>,
    member: WorkspaceMember,
    path: web::Path<(String, Uuid, i32)>,
) -> Result<HttpResponse> {
    revisions::get_of::<treatment::Entity>(&state, &member, path.1, path.2).await
}

/// Makes a new version of the treatment with the content of an earlier revision.
#[utoipa::path(
    post,
    path = "/admin/v1/workspaces/{workspace}/treatments/{id}/revisions/{version}/restore",
    tag = "revisions",
    params(
        ("workspace" = String, Path, description = "The workspace's slug", example = "demo"),
        ("id" = Uuid, Path, description = "The treatment's id"),
        ("version" = i32, Path, description = "The revision to restore", example = 2),
        ("If-Match" = String, Header, description = "The treatment's current version, quoted"),
    ),
    request_body(content = Option<NoteBody>, description = "Optional: a note for the new revision"),
    responses(
        (status = 200, description = "Restored as a new version", body = TreatmentView,
            headers(("ETag" = String, description = "The new version, quoted"))),
        ChangeOutcomes,
    ),
    security(("admin_jwt" = []))
)]
pub async fn restore(
    state: web::Data<AppState>,
    member: WorkspaceMember,
    request: HttpRequest,
    path: web::Path<(String, Uuid, i32)>,
    body: RawBody,
) -> Result<HttpResponse> {
    member.require(Permission::Edit)?;
    let (_, id, revision) = path.into_inner();
    let expected = if_match(&request)?;
    let note = revisions::restore_note(&body)?;
    let view =
        treatments::restore(&state.db, &scope(&member), id, expected, revision, note).await?;
    Ok(with_etag(StatusCode::OK, view.version, &view))
}

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource(COLLECTION).route(web::get().to(list)).route(web::post().to(create)))
        .service(
            web::resource(ITEM)
                .route(web::get().to(get))
                .route(web::patch().to(update))
                .route(web::delete().to(delete)),
        )
        .service(web::resource(format!("{ITEM}/revisions")).route(web::get().to(revisions_list)))
        .service(
            web::resource(format!("{ITEM}/revisions/{{version}}")).route(web::get().to(revision)),
        )
        .service(
            web::resource(format!("{ITEM}/revisions/{{version}}/restore"))
                .route(web::post().to(restore)),
        );
}
