//! Webhooks of a workspace and their deliveries (owners and admins manage). Each handler
//! authorizes and calls the webhook service; every rule lives there.

use actix_web::{HttpResponse, web};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::auth::extract::WorkspaceMember;
use crate::auth::roles::Permission;
use crate::content::pagination::Page;
use crate::error::Result;
use crate::state::AppState;
use crate::webhooks::deliveries::Delivery;
use crate::webhooks::endpoints::{NewWebhook, Webhook, WebhookChanges, WithSecret};

#[derive(Serialize, ToSchema)]
pub struct WebhookList {
    pub items: Vec<Webhook>,
}

/// A page of deliveries, newest first.
#[derive(Serialize, ToSchema)]
pub struct DeliveryPage {
    pub items: Vec<Delivery>,
    /// Pass as `cursor` for the next page; `null` on the last one.
    pub next_cursor: Option<String>,
}

impl From<Page<Delivery>> for DeliveryPage {
    fn from(page: Page<Delivery>) -> Self {
        Self { items: page.items, next_cursor: page.next_cursor }
    }
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DeliveryQuery {
    /// Deliveries per page, 1 to 100 (default 20).
    #[param(example = 20)]
    pub limit: Option<u64>,
    /// The previous page's `next_cursor`.
    pub cursor: Option<String>,
}

/// The workspace's webhooks; never their secrets.
#[utoipa::path(
    get, operation_id = "listAdminWebhooks", path = "/admin/v1/workspaces/{workspace}/webhooks", tag = "webhooks", security(("admin_jwt" = [])),
    params(("workspace" = String, Path, description = "Workspace slug", example = "demo")),
    responses((status = 200, description = "The workspace's webhooks, oldest first", body = WebhookList))
)]
pub async fn list(state: web::Data<AppState>, member: WorkspaceMember) -> Result<HttpResponse> {
    member.require(Permission::ManageWebhooks)?;
    let items = state.webhooks.list(member.workspace.id).await?;
    Ok(HttpResponse::Ok().json(WebhookList { items }))
}

/// Register a webhook. The response holds its signing secret, once.
#[utoipa::path(
    post, operation_id = "createAdminWebhook", path = "/admin/v1/workspaces/{workspace}/webhooks", tag = "webhooks", security(("admin_jwt" = [])),
    params(("workspace" = String, Path, description = "Workspace slug", example = "demo")),
    request_body = NewWebhook,
    responses((status = 201, description = "The new webhook; `secret` is shown this once", body = WithSecret))
)]
pub async fn create(
    state: web::Data<AppState>,
    member: WorkspaceMember,
    body: web::Json<NewWebhook>,
) -> Result<HttpResponse> {
    member.require(Permission::ManageWebhooks)?;
    let created =
        state.webhooks.create(member.workspace.id, member.user.id, body.into_inner()).await?;
    Ok(HttpResponse::Created().json(created))
}

/// One webhook.
#[utoipa::path(
    get, operation_id = "getAdminWebhook", path = "/admin/v1/workspaces/{workspace}/webhooks/{id}", tag = "webhooks", security(("admin_jwt" = [])),
    params(("workspace" = String, Path, description = "Workspace slug", example = "demo"), ("id" = Uuid, Path)),
    responses((status = 200, description = "The webhook", body = Webhook))
)]
pub async fn get(
    state: web::Data<AppState>,
    member: WorkspaceMember,
    path: web::Path<(String, Uuid)>,
) -> Result<HttpResponse> {
    member.require(Permission::ManageWebhooks)?;
    let webhook = state.webhooks.get(member.workspace.id, path.into_inner().1).await?;
    Ok(HttpResponse::Ok().json(webhook))
}

/// Change a webhook's URL, events or description, or turn it off or back on.
#[utoipa::path(
    patch, operation_id = "updateAdminWebhook", path = "/admin/v1/workspaces/{workspace}/webhooks/{id}", tag = "webhooks", security(("admin_jwt" = [])),
    params(("workspace" = String, Path, description = "Workspace slug", example = "demo"), ("id" = Uuid, Path)),
    request_body = WebhookChanges,
    responses((status = 200, description = "The webhook as changed", body = Webhook))
)]
pub async fn update(
    state: web::Data<AppState>,
    member: WorkspaceMember,
    path: web::Path<(String, Uuid)>,
    body: web::Json<WebhookChanges>,
) -> Result<HttpResponse> {
    member.require(Permission::ManageWebhooks)?;
    let id = path.into_inner().1;
    let webhook = state.webhooks.update(member.workspace.id, id, body.into_inner()).await?;
    Ok(HttpResponse::Ok().json(webhook))
}

/// Remove a webhook and its deliveries.
#[utoipa::path(
    delete, operation_id = "deleteAdminWebhook", path = "/admin/v1/workspaces/{workspace}/webhooks/{id}", tag = "webhooks", security(("admin_jwt" = [])),
    params(("workspace" = String, Path, description = "Workspace slug", example = "demo"), ("id" = Uuid, Path)),
    responses((status = 204, description = "Removed"))
)]
pub async fn delete(
    state: web::Data<AppState>,
    member: WorkspaceMember,
    path: web::Path<(String, Uuid)>,
) -> Result<HttpResponse> {
    member.require(Permission::ManageWebhooks)?;
    state.webhooks.delete(member.workspace.id, path.into_inner().1).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Give a webhook a new secret; the old one keeps signing beside it for 24 hours.
#[utoipa::path(
    post, operation_id = "rotateAdminWebhookSecret", path = "/admin/v1/workspaces/{workspace}/webhooks/{id}/rotate-secret", tag = "webhooks", security(("admin_jwt" = [])),
    params(("workspace" = String, Path, description = "Workspace slug", example = "demo"), ("id" = Uuid, Path)),
    responses((status = 200, description = "The webhook with its new `secret`, shown this once", body = WithSecret))
)]
pub async fn rotate_secret(
    state: web::Data<AppState>,
    member: WorkspaceMember,
    path: web::Path<(String, Uuid)>,
) -> Result<HttpResponse> {
    member.require(Permission::ManageWebhooks)?;
    let rotated = state.webhooks.rotate_secret(member.workspace.id, path.into_inner().1).await?;
    Ok(HttpResponse::Ok().json(rotated))
}

/// Send a `webhook.ping` to the endpoint, whatever events it subscribes to.
#[utoipa::path(
    post, operation_id = "pingAdminWebhook", path = "/admin/v1/workspaces/{workspace}/webhooks/{id}/ping", tag = "webhooks", security(("admin_jwt" = [])),
    params(("workspace" = String, Path, description = "Workspace slug", example = "demo"), ("id" = Uuid, Path)),
    responses((status = 202, description = "The ping, queued; its outcome shows in the deliveries", body = Delivery))
)]
pub async fn ping(
    state: web::Data<AppState>,
    member: WorkspaceMember,
    path: web::Path<(String, Uuid)>,
) -> Result<HttpResponse> {
    member.require(Permission::ManageWebhooks)?;
    let delivery = state.webhooks.ping(&member.workspace, path.into_inner().1).await?;
    Ok(HttpResponse::Accepted().json(delivery))
}

/// A webhook's deliveries, newest first: event, status, attempts and the last answer.
#[utoipa::path(
    get, operation_id = "listAdminWebhookDeliveries", path = "/admin/v1/workspaces/{workspace}/webhooks/{id}/deliveries", tag = "webhooks", security(("admin_jwt" = [])),
    params(("workspace" = String, Path, description = "Workspace slug", example = "demo"), ("id" = Uuid, Path), DeliveryQuery),
    responses((status = 200, description = "A page of deliveries", body = DeliveryPage))
)]
pub async fn deliveries(
    state: web::Data<AppState>,
    member: WorkspaceMember,
    path: web::Path<(String, Uuid)>,
    query: web::Query<DeliveryQuery>,
) -> Result<HttpResponse> {
    member.require(Permission::ManageWebhooks)?;
    let page = (query.limit, query.cursor.as_deref());
    let page = state.webhooks.deliveries(member.workspace.id, path.into_inner().1, page).await?;
    Ok(HttpResponse::Ok().json(DeliveryPage::from(page)))
}

/// Send a delivery again, with the same `webhook-id`, as soon as the worker looks.
#[utoipa::path(
    post, operation_id = "retryAdminWebhookDelivery", path = "/admin/v1/workspaces/{workspace}/webhooks/{id}/deliveries/{delivery}/retry", tag = "webhooks", security(("admin_jwt" = [])),
    params(("workspace" = String, Path, description = "Workspace slug", example = "demo"), ("id" = Uuid, Path), ("delivery" = Uuid, Path)),
    responses((status = 202, description = "The delivery, pending again", body = Delivery))
)]
pub async fn retry(
    state: web::Data<AppState>,
    member: WorkspaceMember,
    path: web::Path<(String, Uuid, Uuid)>,
) -> Result<HttpResponse> {
    member.require(Permission::ManageWebhooks)?;
    let (_, id, delivery) = path.into_inner();
    let delivery = state.webhooks.retry(member.workspace.id, id, delivery).await?;
    Ok(HttpResponse::Accepted().json(delivery))
}

pub fn routes(cfg: &mut web::ServiceConfig) {
    const BASE: &str = "/admin/v1/workspaces/{workspace}/webhooks";
    cfg.service(web::resource(BASE).route(web::get().to(list)).route(web::post().to(create)))
        .service(
            web::resource(format!("{BASE}/{{id}}"))
                .route(web::get().to(get))
                .route(web::patch().to(update))
                .route(web::delete().to(delete)),
        )
        .service(
            web::resource(format!("{BASE}/{{id}}/rotate-secret"))
                .route(web::post().to(rotate_secret)),
        )
        .service(web::resource(format!("{BASE}/{{id}}/ping")).route(web::post().to(ping)))
        .service(
            web::resource(format!("{BASE}/{{id}}/deliveries")).route(web::get().to(deliveries)),
        )
        .service(
            web::resource(format!("{BASE}/{{id}}/deliveries/{{delivery}}/retry"))
                .route(web::post().to(retry)),
        );
}
