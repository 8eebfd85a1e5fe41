//! `/admin/v1/workspaces/{workspace}/conditions`: what treatments treat.

use actix_web::{HttpRequest, HttpResponse, web};
use uuid::Uuid;

use super::entry::{
    ChangeOutcomes, CreateOutcomes, DeleteOutcomes, LocaleQuery, NoteBody, NoteQuery, RevisionQuery,
};
use super::operations;
use crate::auth::extract::WorkspaceMember;
use crate::auth::roles::Permission;
use crate::content::Conditions;
use crate::content::conditions::{self, ConditionBody, ConditionSummary, ConditionView};
use crate::content::listing::ListQuery;
use crate::content::pagination::Page;
use crate::content::revisions::{Revision, RevisionSummary};
use crate::error::Result;
use crate::request::body::RawBody;
use crate::state::AppState;

pub const COLLECTION: &str = "/admin/v1/workspaces/{workspace}/conditions";
pub const ITEM: &str = "/admin/v1/workspaces/{workspace}/conditions/{id}";

/// Lists the workspace's conditions, drafts included.
#[utoipa::path(
    get,
    operation_id = "listAdminConditions",
    path = "/admin/v1/workspaces/{workspace}/conditions",
    tag = "conditions",
    params(
        ("workspace" = String, Path, description = "The workspace's slug", example = "demo"),
        ListQuery,
    ),
    responses((status = 200, description = "One page of conditions", body = Page<ConditionSummary>)),
    security(("admin_jwt" = []))
)]
#[tracing::instrument(skip_all, fields(workspace = %member.workspace.slug))]
pub async fn list(
    state: web::Data<AppState>,
    member: WorkspaceMember,
    query: web::Query<ListQuery>,
) -> Result<HttpResponse> {
    member.require(Permission::ReadDrafts)?;
    let page = conditions::list(&state.db, &member.scope(), &query).await?;
    Ok(HttpResponse::Ok().json(page))
}

/// Creates a draft condition (version 1).
#[utoipa::path(
    post,
    operation_id = "createAdminCondition",
    path = "/admin/v1/workspaces/{workspace}/conditions",
    tag = "conditions",
    params(("workspace" = String, Path, description = "The workspace's slug", example = "demo")),
    request_body(content = ConditionBody, description = "`slug` and `name` are required"),
    responses(
        (status = 201, description = "Created; `Location` and `ETag` name it", body = ConditionView,
            headers(("ETag" = String, description = "The version, quoted: \"1\""),
                    ("Location" = String, description = "The new condition's path"))),
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
    operations::create::<Conditions>(&state, &member, &request, (), &body).await
}

/// Reads one condition in one locale.
#[utoipa::path(
    get,
    operation_id = "getAdminCondition",
    path = "/admin/v1/workspaces/{workspace}/conditions/{id}",
    tag = "conditions",
    params(
        ("workspace" = String, Path, description = "The workspace's slug", example = "demo"),
        ("id" = Uuid, Path, description = "The condition's id"),
        LocaleQuery,
    ),
    responses((status = 200, description = "The condition", body = ConditionView,
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
    operations::get::<Conditions>(&state, &member, ((), path.1), query.locale.as_deref()).await
}

/// Changes the fields the body carries, in the body's locale, if the condition is still at
/// the version `If-Match` names.
#[utoipa::path(
    patch,
    operation_id = "updateAdminCondition",
    path = "/admin/v1/workspaces/{workspace}/conditions/{id}",
    tag = "conditions",
    params(
        ("workspace" = String, Path, description = "The workspace's slug", example = "demo"),
        ("id" = Uuid, Path, description = "The condition's id"),
        ("If-Match" = String, Header, description = "The version being changed, quoted: \"3\""),
    ),
    request_body(content = ConditionBody, description = "Only the fields to change"),
    responses(
        (status = 200, description = "Changed; the version went up by one", body = ConditionView,
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
    operations::update::<Conditions>(&state, &member, &request, ((), path.1), &body).await
}

/// Deletes a condition no treatment links to, if it is still at the `If-Match` version.
#[utoipa::path(
    delete,
    operation_id = "deleteAdminCondition",
    path = "/admin/v1/workspaces/{workspace}/conditions/{id}",
    tag = "conditions",
    params(
        ("workspace" = String, Path, description = "The workspace's slug", example = "demo"),
        ("id" = Uuid, Path, description = "The condition's id"),
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
    operations::delete::<Conditions>(&state, &member, &request, ((), path.1), &query).await
}

/// Lists a condition's revisions, newest first.
#[utoipa::path(
    get,
    operation_id = "listAdminConditionRevisions",
    path = "/admin/v1/workspaces/{workspace}/conditions/{id}/revisions",
    tag = "revisions",
    params(
        ("workspace" = String, Path, description = "The workspace's slug", example = "demo"),
        ("id" = Uuid, Path, description = "The condition's id"),
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
    operations::revisions::<Conditions>(&state, &member, ((), path.1), &query).await
}

/// Reads one revision of a condition.
#[utoipa::path(
    get,
    operation_id = "getAdminConditionRevision",
    path = "/admin/v1/workspaces/{workspace}/conditions/{id}/revisions/{version}",
    tag = "revisions",
    params(
        ("workspace" = String, Path, description = "The workspace's slug", example = "demo"),
        ("id" = Uuid, Path, description = "The condition's id"),
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
    operations::revision::<Conditions>(&state, &member, ((), path.1), path.2).await
}

/// Makes a new version of the condition with the content of an earlier revision.
#[utoipa::path(
    post,
    operation_id = "restoreAdminConditionRevision",
    path = "/admin/v1/workspaces/{workspace}/conditions/{id}/revisions/{version}/restore",
    tag = "revisions",
    params(
        ("workspace" = String, Path, description = "The workspace's slug", example = "demo"),
        ("id" = Uuid, Path, description = "The condition's id"),
        ("version" = i32, Path, description = "The revision to restore", example = 2),
        ("If-Match" = String, Header, description = "The condition's current version, quoted"),
    ),
    request_body(content = Option<NoteBody>, description = "Optional: a note for the new revision"),
    responses(
        (status = 200, description = "Restored as a new version", body = ConditionView,
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
    operations::restore::<Conditions>(&state, &member, &request, ((), id, revision), &body).await
}

pub fn routes(cfg: &mut web::ServiceConfig) {
    operations::entry_routes!(cfg, COLLECTION, ITEM);
}
