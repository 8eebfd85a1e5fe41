//! Webhooks in the admin schema: the queries and mutations of
//! `/admin/v1/workspaces/{workspace}/webhooks`, authorized like their REST handlers and routed
//! through the same webhook service. Inputs are typed here (URLs, event lists, a switch);
//! the service validates them exactly as it validates REST's bodies.

use async_graphql::{Context, InputObject, Object, SimpleObject};
use uuid::Uuid;

use super::context::Admin;
use super::paging::{PageInfo, Paged};
use crate::auth::roles::Permission;
use crate::graphql::types::DateTime;
use crate::webhooks::deliveries::Delivery;
use crate::webhooks::endpoints::{self, NewWebhook, WebhookChanges, WithSecret};

type Result<T, E = async_graphql::Error> = std::result::Result<T, E>;

/// An endpoint that hears of changes, never with its secret.
#[derive(Clone, Debug, SimpleObject)]
pub struct Webhook {
    pub id: Uuid,
    pub url: String,
    pub description: String,
    /// `*`, `<kind>.*` or `<kind>.<event>`.
    pub events: Vec<String>,
    /// Slug of the one clinic it hears about, if any.
    pub clinic: Option<String>,
    pub active: bool,
    /// Why Cutis disabled it (`410 Gone`, a day of failures).
    pub disabled_reason: Option<String>,
    /// Until when the secret replaced by the last rotation still signs.
    pub previous_secret_expires_at: Option<DateTime>,
    pub created_at: DateTime,
    pub updated_at: DateTime,
}

impl From<endpoints::Webhook> for Webhook {
    fn from(webhook: endpoints::Webhook) -> Self {
        Self {
            id: webhook.id,
            url: webhook.url,
            description: webhook.description,
            events: webhook.events,
            clinic: webhook.clinic,
            active: webhook.active,
            disabled_reason: webhook.disabled_reason,
            previous_secret_expires_at: webhook.previous_secret_expires_at.map(DateTime::from),
            created_at: webhook.created_at.into(),
            updated_at: webhook.updated_at.into(),
        }
    }
}

/// An endpoint with the signing secret it was just given, shown this once.
#[derive(Clone, Debug, SimpleObject)]
pub struct WebhookWithSecret {
    pub webhook: Webhook,
    /// `whsec_…`; it cannot be read again.
    pub secret: String,
}

impl From<WithSecret> for WebhookWithSecret {
    fn from(made: WithSecret) -> Self {
        Self { webhook: made.webhook.into(), secret: made.secret }
    }
}

/// One event queued for an endpoint, with its attempts and last answer.
#[derive(Clone, Debug, SimpleObject)]
pub struct WebhookDelivery {
    /// The `webhook-id` header is `msg_` and this id without dashes.
    pub id: Uuid,
    pub event: String,
    /// `pending`, `delivered` or `failed`.
    pub status: String,
    pub attempts: i32,
    pub last_status_code: Option<i32>,
    /// The first kilobyte of the last answer's body.
    pub last_response_body: Option<String>,
    pub last_error: Option<String>,
    pub last_duration_ms: Option<i32>,
    pub next_attempt_at: Option<DateTime>,
    pub created_at: DateTime,
    pub delivered_at: Option<DateTime>,
    /// The JSON body sent.
    pub payload: String,
}

impl From<Delivery> for WebhookDelivery {
    fn from(delivery: Delivery) -> Self {
        Self {
            id: delivery.id,
            event: delivery.event,
            status: delivery.status,
            attempts: delivery.attempts,
            last_status_code: delivery.last_status_code,
            last_response_body: delivery.last_response_body,
            last_error: delivery.last_error,
            last_duration_ms: delivery.last_duration_ms,
            next_attempt_at: delivery.next_attempt_at.map(DateTime::from),
            created_at: delivery.created_at.into(),
            delivered_at: delivery.delivered_at.map(DateTime::from),
            payload: delivery.payload.to_string(),
        }
    }
}

/// A new endpoint.
#[derive(Clone, Debug, InputObject)]
pub struct CreateWebhookInput {
    /// `https://…` (or `http://` where private addresses are allowed).
    pub url: String,
    /// What to hear: `treatment.published`, `treatment.*`, `*`…
    pub events: Vec<String>,
    pub description: Option<String>,
    /// Hear only of this clinic (slug), the treatments it offers and their conditions.
    pub clinic: Option<String>,
}

/// A change to an endpoint; absent fields stay as they are.
#[derive(Clone, Debug, InputObject)]
pub struct UpdateWebhookInput {
    pub url: Option<String>,
    pub events: Option<Vec<String>>,
    pub description: Option<String>,
    /// `true` turns a disabled endpoint back on.
    pub active: Option<bool>,
}

#[derive(Default)]
pub struct WebhookQueries;

#[Object]
impl WebhookQueries {
    /// The workspace's webhooks, oldest first.
    async fn webhooks(&self, ctx: &Context<'_>, workspace: String) -> Result<Vec<Webhook>> {
        let admin = Admin::of(ctx)?;
        let member = admin.member(&workspace, Permission::ManageWebhooks).await?;
        let listed = admin.webhooks.list(member.workspace.id).await?;
        Ok(listed.into_iter().map(Webhook::from).collect())
    }

    async fn webhook(&self, ctx: &Context<'_>, workspace: String, id: Uuid) -> Result<Webhook> {
        let admin = Admin::of(ctx)?;
        let member = admin.member(&workspace, Permission::ManageWebhooks).await?;
        Ok(admin.webhooks.get(member.workspace.id, id).await?.into())
    }

    /// A webhook's deliveries, newest first; `first` 1–100 (default 20), `after` a page's
    /// `endCursor`.
    async fn webhook_deliveries(
        &self,
        ctx: &Context<'_>,
        workspace: String,
        id: Uuid,
        first: Option<u64>,
        after: Option<String>,
    ) -> Result<Paged<WebhookDelivery>> {
        let admin = Admin::of(ctx)?;
        let member = admin.member(&workspace, Permission::ManageWebhooks).await?;
        let page =
            admin.webhooks.deliveries(member.workspace.id, id, (first, after.as_deref())).await?;
        Ok(Paged {
            page_info: PageInfo {
                has_next_page: page.next_cursor.is_some(),
                end_cursor: page.next_cursor,
            },
            nodes: page.items.into_iter().map(WebhookDelivery::from).collect(),
        })
    }
}

#[derive(Default)]
pub struct WebhookMutations;

#[Object]
impl WebhookMutations {
    /// Registers a webhook; the answer holds its signing secret, once.
    async fn create_webhook(
        &self,
        ctx: &Context<'_>,
        workspace: String,
        input: CreateWebhookInput,
    ) -> Result<WebhookWithSecret> {
        let admin = Admin::of(ctx)?;
        let member = admin.member(&workspace, Permission::ManageWebhooks).await?;
        let CreateWebhookInput { url, events, description, clinic } = input;
        let new = NewWebhook { url, events, description, clinic };
        Ok(admin.webhooks.create(member.workspace.id, member.user.id, new).await?.into())
    }

    async fn update_webhook(
        &self,
        ctx: &Context<'_>,
        workspace: String,
        id: Uuid,
        input: UpdateWebhookInput,
    ) -> Result<Webhook> {
        let admin = Admin::of(ctx)?;
        let member = admin.member(&workspace, Permission::ManageWebhooks).await?;
        let UpdateWebhookInput { url, events, description, active } = input;
        let changes = WebhookChanges { url, events, description, active };
        Ok(admin.webhooks.update(member.workspace.id, id, changes).await?.into())
    }

    /// Removes a webhook and its deliveries; returns its id.
    async fn delete_webhook(&self, ctx: &Context<'_>, workspace: String, id: Uuid) -> Result<Uuid> {
        let admin = Admin::of(ctx)?;
        let member = admin.member(&workspace, Permission::ManageWebhooks).await?;
        admin.webhooks.delete(member.workspace.id, id).await?;
        Ok(id)
    }

    /// A new secret; the old one keeps signing beside it for 24 hours.
    async fn rotate_webhook_secret(
        &self,
        ctx: &Context<'_>,
        workspace: String,
        id: Uuid,
    ) -> Result<WebhookWithSecret> {
        let admin = Admin::of(ctx)?;
        let member = admin.member(&workspace, Permission::ManageWebhooks).await?;
        Ok(admin.webhooks.rotate_secret(member.workspace.id, id).await?.into())
    }

    /// Queues a `webhook.ping` for the endpoint.
    async fn ping_webhook(
        &self,
        ctx: &Context<'_>,
        workspace: String,
        id: Uuid,
    ) -> Result<WebhookDelivery> {
        let admin = Admin::of(ctx)?;
        let member = admin.member(&workspace, Permission::ManageWebhooks).await?;
        Ok(admin.webhooks.ping(&member.workspace, id).await?.into())
    }

    /// Sends a delivery again, with the same `webhook-id`.
    async fn retry_webhook_delivery(
        &self,
        ctx: &Context<'_>,
        workspace: String,
        id: Uuid,
        delivery: Uuid,
    ) -> Result<WebhookDelivery> {
        let admin = Admin::of(ctx)?;
        let member = admin.member(&workspace, Permission::ManageWebhooks).await?;
        Ok(admin.webhooks.retry(member.workspace.id, id, delivery).await?.into())
    }
}
