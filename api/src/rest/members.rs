//! Members of a workspace: who may work in it, with which role (owners and admins manage).
//! People join by accepting an invitation (`rest/invitations.rs`), never by being added.

use actix_web::{HttpResponse, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::accounts::members::{self, Member};
use crate::auth::extract::WorkspaceMember;
use crate::auth::roles::{Permission, Role};
use crate::error::{Problem, Result};
use crate::manage;
use crate::request::body::RawBody;
use crate::state::AppState;

#[derive(Serialize, ToSchema)]
pub struct MemberResponse {
    pub user_id: Uuid,
    #[schema(example = "reviewer@northshore-skin.example")]
    pub email: String,
    #[schema(example = "Dr. Amira Haddad")]
    pub display_name: String,
    /// Published with the name on the reviews this member approves.
    #[schema(example = "MD, dermatologist")]
    pub credentials: Option<String>,
    pub role: Role,
    pub since: DateTime<Utc>,
}

impl From<Member> for MemberResponse {
    fn from(member: Member) -> Self {
        Self {
            user_id: member.user.id,
            email: member.user.email,
            display_name: member.user.display_name,
            credentials: member.user.credentials,
            role: member.role,
            since: member.since,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct MemberList {
    pub items: Vec<MemberResponse>,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ChangeRole {
    pub role: Role,
}

/// Members of the workspace with their roles.
#[utoipa::path(
    get, operation_id = "listAdminMembers", path = "/admin/v1/workspaces/{workspace}/members", tag = "members", security(("admin_jwt" = [])),
    params(("workspace" = String, Path, description = "Workspace slug", example = "demo")),
    responses(
        (status = 200, description = "The workspace's members with their roles", body = MemberList),
    )
)]
pub async fn list(state: web::Data<AppState>, member: WorkspaceMember) -> Result<HttpResponse> {
    member.require(Permission::ManageMembers)?;
    let items = members::list(&state.db, member.workspace.id).await?;
    let items = items.into_iter().map(MemberResponse::from).collect();
    Ok(HttpResponse::Ok().json(MemberList { items }))
}

/// Change a member's role. The last owner keeps theirs.
#[utoipa::path(
    patch, operation_id = "changeAdminMemberRole", path = "/admin/v1/workspaces/{workspace}/members/{user_id}", tag = "members", security(("admin_jwt" = [])),
    params(("workspace" = String, Path, description = "Workspace slug", example = "demo"), ("user_id" = Uuid, Path)),
    request_body = ChangeRole,
    responses(
        (status = 204, description = "Role changed"),
        (status = 409, description = "Would leave no owner", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn change_role(
    state: web::Data<AppState>,
    member: WorkspaceMember,
    path: web::Path<(String, Uuid)>,
    body: RawBody,
) -> Result<HttpResponse> {
    member.require(Permission::ManageMembers)?;
    let body: ChangeRole = body.json()?;
    manage::change_role(&state, &member, path.into_inner().1, body.role).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Remove a member from the workspace (their account stays).
#[utoipa::path(
    delete, operation_id = "removeAdminMember", path = "/admin/v1/workspaces/{workspace}/members/{user_id}", tag = "members", security(("admin_jwt" = [])),
    params(("workspace" = String, Path, description = "Workspace slug", example = "demo"), ("user_id" = Uuid, Path)),
    responses(
        (status = 204, description = "Removed"),
        (status = 409, description = "Would leave no owner", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn remove(
    state: web::Data<AppState>,
    member: WorkspaceMember,
    path: web::Path<(String, Uuid)>,
) -> Result<HttpResponse> {
    member.require(Permission::ManageMembers)?;
    manage::remove_member(&state, &member, path.into_inner().1).await?;
    Ok(HttpResponse::NoContent().finish())
}

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::resource("/admin/v1/workspaces/{workspace}/members").route(web::get().to(list)),
    )
    .service(
        web::resource("/admin/v1/workspaces/{workspace}/members/{user_id}")
            .route(web::patch().to(change_role))
            .route(web::delete().to(remove)),
    );
}
