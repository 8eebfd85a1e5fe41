//! Workspaces (tenants): list mine, create (platform operators), read and change settings.

use actix_web::{HttpResponse, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::accounts::members;
use crate::accounts::workspaces::{self, NewWorkspace, Workspace, WorkspaceChanges};
use crate::auth::extract::{AuthUser, DeliveryKey, WorkspaceMember};
use crate::auth::roles::{Permission, Role};
use crate::content::governance::{Governance, policy::GovernanceChanges};
use crate::delivery::surrogate_keys::SurrogateKeys;
use crate::error::{Error, Problem, Result};
use crate::manage;
use crate::request::body::RawBody;
use crate::request::purge::purge_headers;
use crate::state::AppState;

#[derive(Serialize, ToSchema)]
pub struct WorkspaceResponse {
    pub id: Uuid,
    #[schema(example = "demo")]
    pub slug: String,
    #[schema(example = "Northshore Skin Clinics")]
    pub name: String,
    #[schema(example = "en")]
    pub default_locale: String,
    #[schema(example = json!(["en", "fr"]))]
    pub locales: Vec<String>,
    #[schema(example = json!(["https://www.northshore-skin.example"]))]
    pub cors_origins: Vec<String>,
    /// The caller's role here (absent on the delivery API).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role: Option<Role>,
    /// The medical review policy and publish requirements (absent on the delivery API).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub governance: Option<Governance>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl WorkspaceResponse {
    fn new(workspace: Workspace, role: Option<Role>) -> Self {
        Self {
            id: workspace.id,
            slug: workspace.slug,
            name: workspace.name,
            default_locale: workspace.default_locale,
            locales: workspace.locales,
            cors_origins: workspace.cors_origins,
            governance: role.is_some().then_some(workspace.governance),
            role,
            created_at: workspace.created_at,
            updated_at: workspace.updated_at,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct WorkspaceList {
    pub items: Vec<WorkspaceResponse>,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateWorkspace {
    #[schema(example = "demo")]
    pub slug: String,
    #[schema(example = "Northshore Skin Clinics")]
    pub name: String,
    #[serde(default = "english")]
    #[schema(example = "en")]
    pub default_locale: String,
    #[serde(default)]
    #[schema(example = json!(["en", "fr"]))]
    pub locales: Vec<String>,
}

fn english() -> String {
    "en".to_owned()
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateWorkspace {
    pub name: Option<String>,
    pub default_locale: Option<String>,
    pub locales: Option<Vec<String>>,
    /// Browser origins allowed to call the delivery API with this workspace's keys; `*` for any.
    pub cors_origins: Option<Vec<String>>,
    /// Changes to the review policy and publish requirements; fields not given stay.
    pub governance: Option<GovernanceChanges>,
}

/// The workspaces the caller belongs to (platform operators: all of them).
#[utoipa::path(
    get, operation_id = "listAdminWorkspaces", path = "/admin/v1/workspaces", tag = "workspaces", security(("admin_jwt" = [])),
    responses(
        (status = 200, description = "The workspaces the caller is a member of, with the caller's role", body = WorkspaceList),
    )
)]
pub async fn list(state: web::Data<AppState>, caller: AuthUser) -> Result<HttpResponse> {
    let memberships = members::memberships_of(&state.db, caller.user.id).await?;
    let role_in = |id: Uuid| memberships.iter().find(|(w, _)| *w == id).map(|(_, role)| *role);
    let items = workspaces::list_all(&state.db)
        .await?
        .into_iter()
        .filter_map(|workspace| {
            let role =
                role_in(workspace.id).or(caller.user.is_platform_admin.then_some(Role::Owner))?;
            Some(WorkspaceResponse::new(workspace, Some(role)))
        })
        .collect();
    Ok(HttpResponse::Ok().json(WorkspaceList { items }))
}

/// Create a workspace; only platform operators may. The creator becomes its owner.
#[utoipa::path(
    post, operation_id = "createAdminWorkspace", path = "/admin/v1/workspaces", tag = "workspaces", security(("admin_jwt" = [])),
    request_body = CreateWorkspace,
    responses(
        (status = 201, description = "The new workspace", body = WorkspaceResponse),
        (status = 409, description = "The slug is taken", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn create(
    state: web::Data<AppState>,
    caller: AuthUser,
    body: RawBody,
) -> Result<HttpResponse> {
    if !caller.user.is_platform_admin {
        return Err(Error::Forbidden("only platform operators may create workspaces".to_owned()));
    }
    let new = body.json_with(|body: CreateWorkspace| {
        NewWorkspace::parse(&body.slug, &body.name, &body.default_locale, &body.locales)
    })?;
    let workspace = workspaces::create(&state.db, new).await?;
    members::add(&state.db, workspace.id, caller.user.id, Role::Owner).await?;
    Ok(HttpResponse::Created().json(WorkspaceResponse::new(workspace, Some(Role::Owner))))
}

/// One workspace and the caller's role in it.
#[utoipa::path(
    get, operation_id = "getAdminWorkspace", path = "/admin/v1/workspaces/{workspace}", tag = "workspaces", security(("admin_jwt" = [])),
    params(("workspace" = String, Path, description = "Workspace slug", example = "demo")),
    responses(
        (status = 200, description = "The workspace's settings and the caller's role", body = WorkspaceResponse),
    )
)]
pub async fn get(member: WorkspaceMember) -> Result<HttpResponse> {
    Ok(HttpResponse::Ok().json(WorkspaceResponse::new(member.workspace, Some(member.role))))
}

/// Change the name, locales or CORS origins (owners and admins).
#[utoipa::path(
    patch, operation_id = "updateAdminWorkspace", path = "/admin/v1/workspaces/{workspace}", tag = "workspaces", security(("admin_jwt" = [])),
    params(("workspace" = String, Path, description = "Workspace slug", example = "demo")),
    request_body = UpdateWorkspace,
    responses(
        (status = 200, description = "The workspace after the change", body = WorkspaceResponse),
    )
)]
pub async fn update(
    state: web::Data<AppState>,
    member: WorkspaceMember,
    body: RawBody,
) -> Result<HttpResponse> {
    member.require(Permission::ManageWorkspace)?;
    let changes = body.json_with(|body: UpdateWorkspace| {
        let governance =
            body.governance.map(|changes| member.workspace.governance.changed(changes));
        let changes = WorkspaceChanges::parse(
            body.name.as_deref(),
            body.default_locale.as_deref(),
            body.locales.as_deref(),
            body.cors_origins.as_deref(),
        );
        let (changes, governance) = Error::both(changes, governance.transpose())?;
        Ok(WorkspaceChanges { governance, ..changes })
    })?;
    let workspace = manage::update_workspace(&state, &member.scope(), changes).await?;
    Ok(HttpResponse::Ok().json(WorkspaceResponse::new(workspace, Some(member.role))))
}

/// The workspace a delivery key belongs to: its name and the locales it publishes in.
#[utoipa::path(
    get, operation_id = "getDeliveryWorkspace", path = "/v1/workspace", tag = "delivery", security(("delivery_key" = [])),
    responses(
        (status = 200, description = "The workspace of the delivery key: name, locales and CORS origins", body = WorkspaceResponse),
    )
)]
pub async fn delivery_workspace(key: DeliveryKey) -> Result<HttpResponse> {
    let mut builder = HttpResponse::Ok();
    purge_headers(&mut builder, &SurrogateKeys::new(&key.workspace.slug));
    Ok(builder.json(WorkspaceResponse::new(key.workspace, None)))
}

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::resource("/admin/v1/workspaces")
            .route(web::get().to(list))
            .route(web::post().to(create)),
    )
    .service(
        web::resource("/admin/v1/workspaces/{workspace}")
            .route(web::get().to(get))
            .route(web::patch().to(update)),
    )
    .service(web::resource("/v1/workspace").route(web::get().to(delivery_workspace)));
}
