//! `/admin/v1/workspaces/{workspace}/clinics/{clinic}/offerings`: what a clinic offers, at
//! what price, and how to book it. One offering per clinic and treatment.

use actix_web::{HttpRequest, HttpResponse, web};
use uuid::Uuid;

use super::entry::{
    ChangeOutcomes, CreateOutcomes, DeleteOutcomes, LocaleQuery, NoteBody, NoteQuery, RevisionQuery,
};
use super::operations;
use crate::auth::extract::WorkspaceMember;
use crate::auth::roles::Permission;
use crate::content::Offerings;
use crate::content::offerings::{self, OfferingBody, OfferingQuery, OfferingView};
use crate::content::pagination::Page;
use crate::content::revisions::{Revision, RevisionSummary};
use crate::error::Result;
use crate::request::body::RawBody;
use crate::state::AppState;

pub const COLLECTION: &str = "/admin/v1/workspaces/{workspace}/clinics/{clinic}/offerings";
pub const ITEM: &str = "/admin/v1/workspaces/{workspace}/clinics/{clinic}/offerings/{id}";

/// Lists a clinic's offerings, most recently changed first.
#[utoipa::path(
    get,
    operation_id = "listAdminOfferings",
    path = "/admin/v1/workspaces/{workspace}/clinics/{clinic}/offerings",
    tag = "offerings",
    params(
        ("workspace" = String, Path, description = "The workspace's slug", example = "demo"),
        ("clinic" = Uuid, Path, description = "The clinic's id"),
        OfferingQuery,
    ),
    responses((status = 200, description = "One page of offerings", body = Page<OfferingView>)),
    security(("admin_jwt" = []))
)]
#[tracing::instrument(skip_all, fields(workspace = %member.workspace.slug))]
pub async fn list(
    state: web::Data<AppState>,
    member: WorkspaceMember,
    path: web::Path<(String, Uuid)>,
    query: web::Query<OfferingQuery>,
) -> Result<HttpResponse> {
    member.require(Permission::ReadDrafts)?;
    let page = offerings::list(&state.db, &member.scope(), path.1, &query).await?;
    Ok(HttpResponse::Ok().json(page))
}

/// Adds an offering to the clinic (version 1).
#[utoipa::path(
    post,
    operation_id = "createAdminOffering",
    path = "/admin/v1/workspaces/{workspace}/clinics/{clinic}/offerings",
    tag = "offerings",
    params(
        ("workspace" = String, Path, description = "The workspace's slug", example = "demo"),
        ("clinic" = Uuid, Path, description = "The clinic's id"),
    ),
    request_body(content = OfferingBody, description = "`treatment` is required"),
    responses(
        (status = 201, description = "Created; `Location` and `ETag` name it", body = OfferingView,
            headers(("ETag" = String, description = "The version, quoted: \"1\""),
                    ("Location" = String, description = "The new offering's path"))),
        CreateOutcomes,
    ),
    security(("admin_jwt" = []))
)]
#[tracing::instrument(skip_all, fields(workspace = %member.workspace.slug))]
pub async fn create(
    state: web::Data<AppState>,
    member: WorkspaceMember,
    request: HttpRequest,
    path: web::Path<(String, Uuid)>,
    body: RawBody,
) -> Result<HttpResponse> {
    operations::create::<Offerings>(&state, &member, &request, path.1, &body).await
}

/// Reads one offering, its notes in one locale.
#[utoipa::path(
    get,
    operation_id = "getAdminOffering",
    path = "/admin/v1/workspaces/{workspace}/clinics/{clinic}/offerings/{id}",
    tag = "offerings",
    params(
        ("workspace" = String, Path, description = "The workspace's slug", example = "demo"),
        ("clinic" = Uuid, Path, description = "The clinic's id"),
        ("id" = Uuid, Path, description = "The offering's id"),
        LocaleQuery,
    ),
    responses((status = 200, description = "The offering", body = OfferingView,
        headers(("ETag" = String, description = "The version, quoted")))),
    security(("admin_jwt" = []))
)]
#[tracing::instrument(skip_all, fields(workspace = %member.workspace.slug))]
pub async fn get(
    state: web::Data<AppState>,
    member: WorkspaceMember,
    path: web::Path<(String, Uuid, Uuid)>,
    query: web::Query<LocaleQuery>,
) -> Result<HttpResponse> {
    let at = (path.1, path.2);
    operations::get::<Offerings>(&state, &member, at, query.locale.as_deref()).await
}

/// Changes the fields the body carries if the offering is still at the `If-Match` version.
#[utoipa::path(
    patch,
    operation_id = "updateAdminOffering",
    path = "/admin/v1/workspaces/{workspace}/clinics/{clinic}/offerings/{id}",
    tag = "offerings",
    params(
        ("workspace" = String, Path, description = "The workspace's slug", example = "demo"),
        ("clinic" = Uuid, Path, description = "The clinic's id"),
        ("id" = Uuid, Path, description = "The offering's id"),
        ("If-Match" = String, Header, description = "The version being changed, quoted: \"3\""),
    ),
    request_body(content = OfferingBody, description = "Only the fields to change"),
    responses(
        (status = 200, description = "Changed; the version went up by one", body = OfferingView,
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
    path: web::Path<(String, Uuid, Uuid)>,
    body: RawBody,
) -> Result<HttpResponse> {
    operations::update::<Offerings>(&state, &member, &request, (path.1, path.2), &body).await
}

/// Removes an offering if it is still at the `If-Match` version.
#[utoipa::path(
    delete,
    operation_id = "deleteAdminOffering",
    path = "/admin/v1/workspaces/{workspace}/clinics/{clinic}/offerings/{id}",
    tag = "offerings",
    params(
        ("workspace" = String, Path, description = "The workspace's slug", example = "demo"),
        ("clinic" = Uuid, Path, description = "The clinic's id"),
        ("id" = Uuid, Path, description = "The offering's id"),
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
    path: web::Path<(String, Uuid, Uuid)>,
    query: web::Query<NoteQuery>,
) -> Result<HttpResponse> {
    operations::delete::<Offerings>(&state, &member, &request, (path.1, path.2), &query).await
}

/// Lists an offering's revisions, newest first.
#[utoipa::path(
    get,
    operation_id = "listAdminOfferingRevisions",
    path = "/admin/v1/workspaces/{workspace}/clinics/{clinic}/offerings/{id}/revisions",
    tag = "revisions",
    params(
        ("workspace" = String, Path, description = "The workspace's slug", example = "demo"),
        ("clinic" = Uuid, Path, description = "The clinic's id"),
        ("id" = Uuid, Path, description = "The offering's id"),
        RevisionQuery,
    ),
    responses((status = 200, description = "One page of revisions", body = Page<RevisionSummary>)),
    security(("admin_jwt" = []))
)]
pub async fn revisions_list(
    state: web::Data<AppState>,
    member: WorkspaceMember,
    path: web::Path<(String, Uuid, Uuid)>,
    query: web::Query<RevisionQuery>,
) -> Result<HttpResponse> {
    operations::revisions::<Offerings>(&state, &member, (path.1, path.2), &query).await
}

/// Reads one revision of an offering.
#[utoipa::path(
    get,
    operation_id = "getAdminOfferingRevision",
    path = "/admin/v1/workspaces/{workspace}/clinics/{clinic}/offerings/{id}/revisions/{version}",
    tag = "revisions",
    params(
        ("workspace" = String, Path, description = "The workspace's slug", example = "demo"),
        ("clinic" = Uuid, Path, description = "The clinic's id"),
        ("id" = Uuid, Path, description = "The offering's id"),
        ("version" = i32, Path, description = "The version the revision recorded", example = 2),
    ),
    responses((status = 200, description = "The revision", body = Revision)),
    security(("admin_jwt" = []))
)]
pub async fn revision(
    state: web::Data<AppState>,
    member: WorkspaceMember,
    path: web::Path<(String, Uuid, Uuid, i32)>,
) -> Result<HttpResponse> {
    operations::revision::<Offerings>(&state, &member, (path.1, path.2), path.3).await
}

/// Makes a new version of the offering with the content of an earlier revision.
#[utoipa::path(
    post,
    operation_id = "restoreAdminOfferingRevision",
    path = "/admin/v1/workspaces/{workspace}/clinics/{clinic}/offerings/{id}/revisions/{version}/restore",
    tag = "revisions",
    params(
        ("workspace" = String, Path, description = "The workspace's slug", example = "demo"),
        ("clinic" = Uuid, Path, description = "The clinic's id"),
        ("id" = Uuid, Path, description = "The offering's id"),
        ("version" = i32, Path, description = "The revision to restore", example = 2),
        ("If-Match" = String, Header, description = "The offering's current version, quoted"),
    ),
    request_body(content = Option<NoteBody>, description = "Optional: a note for the new revision"),
    responses(
        (status = 200, description = "Restored as a new version", body = OfferingView,
            headers(("ETag" = String, description = "The new version, quoted"))),
        ChangeOutcomes,
    ),
    security(("admin_jwt" = []))
)]
pub async fn restore(
    state: web::Data<AppState>,
    member: WorkspaceMember,
    request: HttpRequest,
    path: web::Path<(String, Uuid, Uuid, i32)>,
    body: RawBody,
) -> Result<HttpResponse> {
    let (_, clinic, id, revision) = path.into_inner();
    operations::restore::<Offerings>(&state, &member, &request, (clinic, id, revision), &body).await
}

pub fn routes(cfg: &mut web::ServiceConfig) {
    operations::entry_routes!(cfg, COLLECTION, ITEM);
}
