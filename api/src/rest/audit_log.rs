//! `GET /admin/v1/workspaces/{workspace}/audit-log`: who changed what, for owners and admins.

use actix_web::{HttpResponse, web};

use crate::auth::extract::WorkspaceMember;
use crate::auth::roles::Permission;
use crate::content::audit_log::{self, AuditEntry, AuditFilter, AuditQuery};
use crate::content::pagination::Page;
use crate::error::Result;
use crate::state::AppState;

/// The workspace's audit log, newest first: every change to an entry, by whom, at which
/// version, in which request (`X-Request-Id`).
#[utoipa::path(
    get,
    operation_id = "listAuditLog",
    path = "/admin/v1/workspaces/{workspace}/audit-log",
    tag = "audit",
    params(
        ("workspace" = String, Path, description = "The workspace's slug", example = "demo"),
        AuditQuery,
    ),
    responses(
        (status = 200, description = "One page of audit rows, newest first", body = Page<AuditEntry>),
    ),
    security(("admin_jwt" = []))
)]
#[tracing::instrument(skip_all, fields(workspace = %member.workspace.slug))]
pub async fn list(
    state: web::Data<AppState>,
    member: WorkspaceMember,
    query: web::Query<AuditQuery>,
) -> Result<HttpResponse> {
    member.require(Permission::ReadAuditLog)?;
    let filter = AuditFilter::parse(&query)?;
    let page = audit_log::list(&state.db, member.workspace.id, &filter).await?;
    Ok(HttpResponse::Ok().json(page))
}

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::resource("/admin/v1/workspaces/{workspace}/audit-log").route(web::get().to(list)),
    );
}
