//! `/admin/v1/workspaces/{workspace}/treatments`: the editors' treatment library.

use actix_web::{HttpRequest, HttpResponse, web};
use uuid::Uuid;

use super::entry::{
    ChangeOutcomes, CreateOutcomes, DeleteOutcomes, LocaleQuery, NoteBody, NoteQuery, RevisionQuery,
};
use super::operations;
use crate::auth::extract::WorkspaceMember;
use crate::auth::roles::Permission;
use crate::content::Treatments;
use crate::content::listing::ListQuery;
use crate::content::pagination::Page;
use crate::content::revisions::{Revision, RevisionSummary};
use crate::content::treatments::{
    self, TreatmentBody, TreatmentFilter, TreatmentSummary, TreatmentView,
};
use crate::error::Result;
use crate::request::body::RawBody;
use crate::state::AppState;

pub const COLLECTION: &str = "/admin/v1/workspaces/{workspace}/treatments";
pub const ITEM: &str = "/admin/v1/workspaces/{workspace}/treatments/{id}";

/// Lists the workspace's treatments, drafts included.
#[utoipa::path(
    get,
    operation_id = "listAdminTreatments",
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
    let page = treatments::list(&state.db, &member.scope(), &query, &filter).await?;
    Ok(HttpResponse::Ok().json(page))
}

/// Creates a draft treatment (version 1).
#[utoipa::path(
    post,
    operation_id = "createAdminTreatment",
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
    request: HttpRequest,
    body: RawBody,
) -> Result<HttpResponse> {
    operations::create::<Treatments>(&state, &member, &request, (), &body).await
}

/// Reads one treatment in one locale.
#[utoipa::path(
    get,
    operation_id = "getAdminTreatment",
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
    operations::get::<Treatments>(&state, &member, ((), path.1), query.locale.as_deref()).await
}

/// Changes the fields the body carries, in the body's locale, if the treatment is still at
/// the version `If-Match` names.
#[utoipa::path(
    patch,
    operation_id = "updateAdminTreatment",
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
    operations::update::<Treatments>(&state, &member, &request, ((), path.1), &body).await
}

/// Deletes a treatment no other entry links to, if it is still at the `If-Match` version.
#[utoipa::path(
    delete,
    operation_id = "deleteAdminTreatment",
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
    operations::delete::<Treatments>(&state, &member, &request, ((), path.1), &query).await
}

/// Lists a treatment's revisions, newest first.
#[utoipa::path(
    get,
    operation_id = "listAdminTreatmentRevisions",
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
    operations::revisions::<Treatments>(&state, &member, ((), path.1), &query).await
}

/// Reads one revision of a treatment: the whole treatment as it was at that version.
#[utoipa::path(
    get,
    operation_id = "getAdminTreatmentRevision",
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
    operations::revision::<Treatments>(&state, &member, ((), path.1), path.2).await
}

/// Makes a new version of the treatment with the content of an earlier revision.
#[utoipa::path(
    post,
    operation_id = "restoreAdminTreatmentRevision",
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
    let (_, id, revision) = path.into_inner();
    operations::restore::<Treatments>(&state, &member, &request, ((), id, revision), &body).await
}

pub fn routes(cfg: &mut web::ServiceConfig) {
    operations::entry_routes!(cfg, COLLECTION, ITEM);
}
