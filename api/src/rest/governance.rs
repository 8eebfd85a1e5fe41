//! Medical governance over REST: a workspace's claim rules (owners, admins and reviewers
//! write them; every member reads them) and the checks of a treatment — the claims found in
//! it, its publish checklist and where its review stands — which any member may read before
//! submitting. Every rule lives in `content::governance`.

use actix_web::{HttpResponse, web};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::auth::extract::WorkspaceMember;
use crate::auth::roles::Permission;
use crate::content::governance::Checks;
use crate::content::governance::rules::{self, ClaimRule, ClaimRuleChanges, NewClaimRule};
use crate::content::{Conditions, Treatments};
use crate::error::{Problem, Result};
use crate::state::AppState;

/// Every claim rule of the workspace.
#[derive(Serialize, ToSchema)]
pub struct ClaimRuleList {
    /// The shipped rules first (as the workspace grades them), then its own, oldest first.
    pub items: Vec<ClaimRule>,
}

/// The workspace's claim rules: the shipped English and French ones and its own.
#[utoipa::path(
    get, operation_id = "listAdminClaimRules", path = "/admin/v1/workspaces/{workspace}/claim-rules", tag = "governance", security(("admin_jwt" = [])),
    params(("workspace" = String, Path, description = "Workspace slug", example = "demo")),
    responses((status = 200, description = "Every rule the claims check applies or could apply", body = ClaimRuleList))
)]
pub async fn list(state: web::Data<AppState>, member: WorkspaceMember) -> Result<HttpResponse> {
    member.require(Permission::ReadDrafts)?;
    let items = rules::list(&state.db, member.workspace.id).await?;
    Ok(HttpResponse::Ok().json(ClaimRuleList { items }))
}

/// Add a rule of the workspace's own: a phrase or a pattern, why, and `warn` or `block`.
#[utoipa::path(
    post, operation_id = "createAdminClaimRule", path = "/admin/v1/workspaces/{workspace}/claim-rules", tag = "governance", security(("admin_jwt" = [])),
    params(("workspace" = String, Path, description = "Workspace slug", example = "demo")),
    request_body = NewClaimRule,
    responses((status = 201, description = "The new rule", body = ClaimRule))
)]
pub async fn create(
    state: web::Data<AppState>,
    member: WorkspaceMember,
    body: web::Json<NewClaimRule>,
) -> Result<HttpResponse> {
    member.require(Permission::ManageClaimRules)?;
    let rule = rules::create(&state.db, &member.scope(), body.into_inner()).await?;
    Ok(HttpResponse::Created().json(rule))
}

/// One rule, by its id or a shipped rule's name (`en-cure`).
#[utoipa::path(
    get, operation_id = "getAdminClaimRule", path = "/admin/v1/workspaces/{workspace}/claim-rules/{id}", tag = "governance", security(("admin_jwt" = [])),
    params(("workspace" = String, Path, description = "Workspace slug", example = "demo"), ("id" = String, Path, example = "en-cure")),
    responses((status = 200, description = "The rule", body = ClaimRule))
)]
pub async fn get(
    state: web::Data<AppState>,
    member: WorkspaceMember,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse> {
    member.require(Permission::ReadDrafts)?;
    let rule = rules::get(&state.db, member.workspace.id, &path.1).await?;
    Ok(HttpResponse::Ok().json(rule))
}

/// Change a rule. A shipped rule takes only `severity` and `enabled` (422 on any other field).
#[utoipa::path(
    patch, operation_id = "updateAdminClaimRule", path = "/admin/v1/workspaces/{workspace}/claim-rules/{id}", tag = "governance", security(("admin_jwt" = [])),
    params(("workspace" = String, Path, description = "Workspace slug", example = "demo"), ("id" = String, Path, example = "en-permanent")),
    request_body = ClaimRuleChanges,
    responses((status = 200, description = "The rule as changed", body = ClaimRule))
)]
pub async fn update(
    state: web::Data<AppState>,
    member: WorkspaceMember,
    path: web::Path<(String, String)>,
    body: web::Json<ClaimRuleChanges>,
) -> Result<HttpResponse> {
    member.require(Permission::ManageClaimRules)?;
    let rule = rules::update(&state.db, &member.scope(), &path.1, body.into_inner()).await?;
    Ok(HttpResponse::Ok().json(rule))
}

/// Remove a rule of the workspace's own; a shipped rule is switched off instead (409).
#[utoipa::path(
    delete, operation_id = "deleteAdminClaimRule", path = "/admin/v1/workspaces/{workspace}/claim-rules/{id}", tag = "governance", security(("admin_jwt" = [])),
    params(("workspace" = String, Path, description = "Workspace slug", example = "demo"), ("id" = String, Path)),
    responses(
        (status = 204, description = "Removed"),
        (status = 409, description = "A shipped rule, which is switched off instead", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn delete(
    state: web::Data<AppState>,
    member: WorkspaceMember,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse> {
    member.require(Permission::ManageClaimRules)?;
    rules::delete(&state.db, &member.scope(), &path.1).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The claims found in a treatment, its publish checklist and where its review stands: what
/// submit will warn about, what approval will refuse, and what publishing needs.
#[utoipa::path(
    get, operation_id = "getAdminTreatmentChecks", path = "/admin/v1/workspaces/{workspace}/treatments/{id}/checks", tag = "governance", security(("admin_jwt" = [])),
    params(("workspace" = String, Path, description = "Workspace slug", example = "demo"), ("id" = Uuid, Path)),
    responses((status = 200, description = "The checks of the treatment as it is now", body = Checks))
)]
pub async fn treatment_checks(
    state: web::Data<AppState>,
    member: WorkspaceMember,
    path: web::Path<(String, Uuid)>,
) -> Result<HttpResponse> {
    member.require(Permission::ReadDrafts)?;
    let checks = state.content.checks::<Treatments>(&member.scope(), path.1).await?;
    Ok(HttpResponse::Ok().json(checks))
}

/// The claims found in a condition and where its review stands (conditions have no publish
/// checklist).
#[utoipa::path(
    get, operation_id = "getAdminConditionChecks", path = "/admin/v1/workspaces/{workspace}/conditions/{id}/checks", tag = "governance", security(("admin_jwt" = [])),
    params(("workspace" = String, Path, description = "Workspace slug", example = "demo"), ("id" = Uuid, Path)),
    responses((status = 200, description = "The checks of the condition as it is now", body = Checks))
)]
pub async fn condition_checks(
    state: web::Data<AppState>,
    member: WorkspaceMember,
    path: web::Path<(String, Uuid)>,
) -> Result<HttpResponse> {
    member.require(Permission::ReadDrafts)?;
    let checks = state.content.checks::<Conditions>(&member.scope(), path.1).await?;
    Ok(HttpResponse::Ok().json(checks))
}

pub fn routes(cfg: &mut web::ServiceConfig) {
    const BASE: &str = "/admin/v1/workspaces/{workspace}";
    cfg.service(
        web::resource(format!("{BASE}/claim-rules"))
            .route(web::get().to(list))
            .route(web::post().to(create)),
    )
    .service(
        web::resource(format!("{BASE}/claim-rules/{{id}}"))
            .route(web::get().to(get))
            .route(web::patch().to(update))
            .route(web::delete().to(delete)),
    )
    .service(
        web::resource(format!("{BASE}/treatments/{{id}}/checks"))
            .route(web::get().to(treatment_checks)),
    )
    .service(
        web::resource(format!("{BASE}/conditions/{{id}}/checks"))
            .route(web::get().to(condition_checks)),
    );
}
