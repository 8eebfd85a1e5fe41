//! The one webhook service both faces call: REST handlers and GraphQL resolvers authorize,
//! then hand the workspace they act in to one of these operations.

use sea_orm::DatabaseConnection;
use uuid::Uuid;

use super::deliveries::{self, Delivery};
use super::endpoints::{self, NewWebhook, Webhook, WebhookChanges, WithSecret};
use super::{events, payload};
use crate::accounts::workspaces::Workspace;
use crate::content::pagination::Page;
use crate::error::Result;

/// The webhooks of every workspace, over the database.
#[derive(Clone)]
pub struct Webhooks {
    db: DatabaseConnection,
    /// `CUTIS_WEBHOOK_ALLOW_PRIVATE`: accept `http` and private addresses when saving.
    allow_private: bool,
}

impl Webhooks {
    pub fn new(db: DatabaseConnection, allow_private: bool) -> Self {
        Self { db, allow_private }
    }

    /// Registers an endpoint for `workspace` on behalf of `actor`; answers its secret once.
    pub async fn create(
        &self,
        workspace: Uuid,
        actor: Uuid,
        new: NewWebhook,
    ) -> Result<WithSecret> {
        endpoints::create(&self.db, (workspace, actor), new, self.allow_private).await
    }

    pub async fn list(&self, workspace: Uuid) -> Result<Vec<Webhook>> {
        endpoints::list(&self.db, workspace).await
    }

    pub async fn get(&self, workspace: Uuid, id: Uuid) -> Result<Webhook> {
        endpoints::get(&self.db, workspace, id).await
    }

    pub async fn update(
        &self,
        workspace: Uuid,
        id: Uuid,
        changes: WebhookChanges,
    ) -> Result<Webhook> {
        endpoints::update(&self.db, (workspace, id), changes, self.allow_private).await
    }

    pub async fn delete(&self, workspace: Uuid, id: Uuid) -> Result<()> {
        endpoints::delete(&self.db, workspace, id).await
    }

    /// A new secret; the old one signs beside it for 24 hours.
    pub async fn rotate_secret(&self, workspace: Uuid, id: Uuid) -> Result<WithSecret> {
        endpoints::rotate_secret(&self.db, workspace, id).await
    }

    /// Queues a `webhook.ping` for endpoint `id`, whatever it subscribes to.
    pub async fn ping(&self, workspace: &Workspace, id: Uuid) -> Result<Delivery> {
        endpoints::row(&self.db, workspace.id, id).await?;
        let body =
            payload::envelope(events::PING, chrono::Utc::now(), payload::ping_data(workspace));
        Ok(deliveries::enqueue(&self.db, id, events::PING, body).await?.into())
    }

    /// A page of endpoint `id`'s deliveries, newest first.
    pub async fn deliveries(
        &self,
        workspace: Uuid,
        id: Uuid,
        (limit, cursor): (Option<u64>, Option<&str>),
    ) -> Result<Page<Delivery>> {
        deliveries::list(&self.db, (workspace, id), limit, cursor).await
    }

    /// Sends delivery `delivery` of endpoint `id` again, soon.
    pub async fn retry(&self, workspace: Uuid, id: Uuid, delivery: Uuid) -> Result<Delivery> {
        deliveries::retry(&self.db, (workspace, id), delivery).await
    }
}
