//! API keys of a workspace for its sites and apps (owners and admins manage).

use actix_web::{HttpResponse, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::accounts::api_keys::{self, ApiKey, KeyKind, NewApiKey};
use crate::auth::extract::WorkspaceMember;
use crate::auth::roles::Permission;
use crate::error::Result;
use crate::manage;
use crate::request::body::RawBody;
use crate::state::AppState;

#[derive(Serialize, ToSchema)]
pub struct ApiKeyResponse {
    pub id: Uuid,
    #[schema(example = "Scarborough website")]
    pub name: String,
    pub kind: KeyKind,
    /// The first characters of the key, to recognise it.
    #[schema(example = "cutis_live_Q3xv9a")]
    pub prefix: String,
    /// Slug of the clinic the key is limited to, if any.
    #[schema(example = "scarborough")]
    pub clinic: Option<String>,
    pub created_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
}

impl From<ApiKey> for ApiKeyResponse {
    fn from(key: ApiKey) -> Self {
        Self {
            id: key.id,
            name: key.name,
            kind: key.kind,
            prefix: key.prefix,
            clinic: key.clinic_slug,
            created_at: key.created_at,
            last_used_at: key.last_used_at,
            revoked_at: key.revoked_at,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct CreatedApiKey {
    #[serde(flatten)]
    pub key: ApiKeyResponse,
    /// The key itself. It is shown this once and cannot be recovered.
    #[schema(example = "cutis_live_Q3xv9aL0b6m2T1yq8rZcWfJ5nP4sHd7kEuVgXo0iA9B")]
    pub secret: String,
}

#[derive(Serialize, ToSchema)]
pub struct ApiKeyList {
    pub items: Vec<ApiKeyResponse>,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateApiKey {
    #[schema(example = "Scarborough website")]
    pub name: String,
    #[serde(default = "delivery")]
    pub kind: KeyKind,
    /// Limit the key to one clinic's offerings (slug).
    #[schema(example = "scarborough")]
    pub clinic: Option<String>,
}

fn delivery() -> KeyKind {
    KeyKind::Delivery
}

/// Keys of the workspace, revoked ones included; never their secrets.
#[utoipa::path(
    get, operation_id = "listAdminApiKeys", path = "/admin/v1/workspaces/{workspace}/api-keys", tag = "api-keys", security(("admin_jwt" = [])),
    params(("workspace" = String, Path, description = "Workspace slug", example = "demo")),
    responses(
        (status = 200, description = "The workspace's API keys, without their secrets", body = ApiKeyList),
    )
)]
pub async fn list(state: web::Data<AppState>, member: WorkspaceMember) -> Result<HttpResponse> {
    member.require(Permission::ManageApiKeys)?;
    let items = api_keys::list(&state.db, member.workspace.id).await?;
    let items = items.into_iter().map(ApiKeyResponse::from).collect();
    Ok(HttpResponse::Ok().json(ApiKeyList { items }))
}

/// Create a delivery or preview key. The response holds the secret, once.
#[utoipa::path(
    post, operation_id = "createAdminApiKey", path = "/admin/v1/workspaces/{workspace}/api-keys", tag = "api-keys", security(("admin_jwt" = [])),
    params(("workspace" = String, Path, description = "Workspace slug", example = "demo")),
    request_body = CreateApiKey,
    responses(
        (status = 201, description = "The new key; `key` is shown this once and only its hash is stored", body = CreatedApiKey),
    )
)]
pub async fn create(
    state: web::Data<AppState>,
    member: WorkspaceMember,
    body: RawBody,
) -> Result<HttpResponse> {
    member.require(Permission::ManageApiKeys)?;
    let body: CreateApiKey = body.json()?;
    let new = NewApiKey {
        workspace_id: member.workspace.id,
        name: &body.name,
        kind: body.kind,
        clinic: body.clinic.as_deref(),
        created_by: Some(member.user.id),
    };
    let (key, secret) = api_keys::create(&state.db, new).await?;
    Ok(HttpResponse::Created().json(CreatedApiKey { key: key.into(), secret }))
}

/// Revoke a key; requests with it are refused from now on.
#[utoipa::path(
    delete, operation_id = "revokeAdminApiKey", path = "/admin/v1/workspaces/{workspace}/api-keys/{id}", tag = "api-keys", security(("admin_jwt" = [])),
    params(("workspace" = String, Path, description = "Workspace slug", example = "demo"), ("id" = Uuid, Path)),
    responses(
        (status = 204, description = "Revoked"),
    )
)]
pub async fn revoke(
    state: web::Data<AppState>,
    member: WorkspaceMember,
    path: web::Path<(String, Uuid)>,
) -> Result<HttpResponse> {
    member.require(Permission::ManageApiKeys)?;
    manage::revoke_key(&state, member.workspace.id, path.into_inner().1).await?;
    Ok(HttpResponse::NoContent().finish())
}

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::resource("/admin/v1/workspaces/{workspace}/api-keys")
            .route(web::get().to(list))
            .route(web::post().to(create)),
    )
    .service(
        web::resource("/admin/v1/workspaces/{workspace}/api-keys/{id}")
            .route(web::delete().to(revoke)),
    );
}
