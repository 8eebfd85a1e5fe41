//! `/admin/v1/workspaces/{workspace}/clinics`: the locations that publish content.

use actix_web::{HttpRequest, HttpResponse, web};
use uuid::Uuid;

use super::entry::{
    ChangeOutcomes, CreateOutcomes, DeleteOutcomes, LocaleQuery, NoteBody, NoteQuery, RevisionQuery,
};
use super::operations;
use crate::auth::extract::WorkspaceMember;
use crate::auth::roles::Permission;
use crate::content::Clinics;
use crate::content::clinics::{self, ClinicBody, ClinicSummary, ClinicView};
use crate::content::listing::ListQuery;
use crate::content::pagination::Page;
use crate::content::revisions::{Revision, RevisionSummary};
use crate::error::Result;
use crate::request::body::RawBody;
use crate::state::AppState;

pub const COLLECTION: &str = "/admin/v1/workspaces/{workspace}/clinics";
pub const ITEM: &str = "/admin/v1/workspaces/{workspace}/clinics/{id}";

/// Lists the workspace's clinics, drafts included.
#[utoipa::path(
    get,
    operation_id = "listAdminClinics",
    path = "/admin/v1/workspaces/{workspace}/clinics",
    tag = "clinics",
    params(
        ("workspace" = String, Path, description = "The workspace's slug", example = "demo"),
        ListQuery,
    ),
    responses((status = 200, description = "One page of clinics", body = Page<ClinicSummary>)),
    security(("admin_jwt" = []))
)]
#[tracing::instrument(skip_all, fields(workspace = %member.workspace.slug))]
pub async fn list(
    state: web::Data<AppState>,
    member: WorkspaceMember,
    query: web::Query<ListQuery>,
) -> Result<HttpResponse> {
    member.require(Permission::ReadDrafts)?;
    let page = clinics::list(&state.db, &member.scope(), &query).await?;
    Ok(HttpResponse::Ok().json(page))
}

/// Creates a draft clinic (version 1).
#[utoipa::path(
    post,
    operation_id = "createAdminClinic",
    path = "/admin/v1/workspaces/{workspace}/clinics",
    tag = "clinics",
    params(("workspace" = String, Path, description = "The workspace's slug", example = "demo")),
    request_body(content = ClinicBody, description = "`slug`, `name`, `country` and `timezone` are required"),
    responses(
        (status = 201, description = "Created; `Location` and `ETag` name it", body = ClinicView,
            headers(("ETag" = String, description = "The version, quoted: \"1\""),
                    ("Location" = String, description = "The new clinic's path"))),
        CreateOutcomes,
    ),
    security(("admin_jwt" = []))
)]
#[tracing::instrument(skip_all, fields(workspace = %member.workspace.slug))]
pub async fn create(
    state: web::Data<AppState>,
    member: WorkspaceMember,
    request: HttpRequest,
    body: RawBody,
) -> Result<HttpResponse> {
    operations::create::<Clinics>(&state, &member, &request, (), &body).await
}

/// Reads one clinic in one locale.
#[utoipa::path(
    get,
    operation_id = "getAdminClinic",
    path = "/admin/v1/workspaces/{workspace}/clinics/{id}",
    tag = "clinics",
    params(
        ("workspace" = String, Path, description = "The workspace's slug", example = "demo"),
        ("id" = Uuid, Path, description = "The clinic's id"),
        LocaleQuery,
    ),
    responses((status = 200, description = "The clinic", body = ClinicView,
        headers(("ETag" = String, description = "The version, quoted")))),
    security(("admin_jwt" = []))
)]
#[tracing::instrument(skip_all, fields(workspace = %member.workspace.slug))]
pub async fn get(
    state: web::Data<AppState>,
    member: WorkspaceMember,
    path: web::Path<(String, Uuid)>,
    query: web::Query<LocaleQuery>,
) -> Result<HttpResponse> {
    operations::get::<Clinics>(&state, &member, ((), path.1), query.locale.as_deref()).await
}

/// Changes the fields the body carries, in the body's locale, if the clinic is still at
/// the version `If-Match` names.
#[utoipa::path(
    patch,
    operation_id = "updateAdminClinic",
    path = "/admin/v1/workspaces/{workspace}/clinics/{id}",
    tag = "clinics",
    params(
        ("workspace" = String, Path, description = "The workspace's slug", example = "demo"),
        ("id" = Uuid, Path, description = "The clinic's id"),
        ("If-Match" = String, Header, description = "The version being changed, quoted: \"3\""),
    ),
    request_body(content = ClinicBody, description = "Only the fields to change"),
    responses(
        (status = 200, description = "Changed; the version went up by one", body = ClinicView,
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
    operations::update::<Clinics>(&state, &member, &request, ((), path.1), &body).await
}

/// Deletes a clinic without offerings, if it is still at the `If-Match` version.
#[utoipa::path(
    delete,
    operation_id = "deleteAdminClinic",
    path = "/admin/v1/workspaces/{workspace}/clinics/{id}",
    tag = "clinics",
    params(
        ("workspace" = String, Path, description = "The workspace's slug", example = "demo"),
        ("id" = Uuid, Path, description = "The clinic's id"),
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
    operations::delete::<Clinics>(&state, &member, &request, ((), path.1), &query).await
}

/// Lists a clinic's revisions, newest first.
#[utoipa::path(
    get,
    operation_id = "listAdminClinicRevisions",
    path = "/admin/v1/workspaces/{workspace}/clinics/{id}/revisions",
    tag = "revisions",
    params(
        ("workspace" = String, Path, description = "The workspace's slug", example = "demo"),
        ("id" = Uuid, Path, description = "The clinic's id"),
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
    operations::revisions::<Clinics>(&state, &member, ((), path.1), &query).await
}

/// Reads one revision of a clinic.
#[utoipa::path(
    get,
    operation_id = "getAdminClinicRevision",
    path = "/admin/v1/workspaces/{workspace}/clinics/{id}/revisions/{version}",
    tag = "revisions",
    params(
        ("workspace" = String, Path, description = "The workspace's slug", example = "demo"),
        ("id" = Uuid, Path, description = "The clinic's id"),
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
    operations::revision::<Clinics>(&state, &member, ((), path.1), path.2).await
}

/// Makes a new version of the clinic with the content of an earlier revision.
#[utoipa::path(
    post,
    operation_id = "restoreAdminClinicRevision",
    path = "/admin/v1/workspaces/{workspace}/clinics/{id}/revisions/{version}/restore",
    tag = "revisions",
    params(
        ("workspace" = String, Path, description = "The workspace's slug", example = "demo"),
        ("id" = Uuid, Path, description = "The clinic's id"),
        ("version" = i32, Path, description = "The revision to restore", example = 2),
        ("If-Match" = String, Header, description = "The clinic's current version, quoted"),
    ),
    request_body(content = Option<NoteBody>, description = "Optional: a note for the new revision"),
    responses(
        (status = 200, description = "Restored as a new version", body = ClinicView,
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
    let (_, id, revision) = path.into_inner();
    operations::restore::<Clinics>(&state, &member, &request, ((), id, revision), &body).await
}

pub fn routes(cfg: &mut web::ServiceConfig) {
    operations::entry_routes!(cfg, COLLECTION, ITEM);
}
