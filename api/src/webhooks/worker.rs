//! The delivery worker: every `CUTIS_WEBHOOK_INTERVAL_MS` it claims due deliveries, sends
//! them and records what came of each.
//!
//! Claiming moves a delivery's next attempt a lease ahead in one short transaction; on
//! PostgreSQL the rows are taken `FOR UPDATE SKIP LOCKED`, so replicas claiming at the same
//! moment split the queue and none sends a delivery another has claimed. On SQLite the write
//! transaction itself is exclusive. A process that dies mid-send leaves the claim to lapse,
//! and the delivery is sent again after the lease (the same `webhook-id`, so receivers
//! deduplicate).

use std::time::Duration;

use chrono::Utc;
use entity::{webhook, webhook_delivery};
use futures_util::future::join_all;
use sea_orm::sea_query::{Expr, ExprTrait, LockBehavior, LockType};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DbBackend, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect,
};
use uuid::Uuid;

use super::backoff::{self, MAX_ATTEMPTS};
use super::deliveries::{self, DELIVERED, FAILED, PENDING};
use super::endpoints;
use super::metrics::{AttemptOutcome, WebhookMetrics};
use super::sender::{Attempt, Outcome, Sender, Signed};
use super::signing;
use crate::config::WebhookSettings;
use crate::error::Result;

/// Deliveries one round claims at most; they are sent concurrently.
const BATCH: u64 = 16;

/// How long a claim holds a delivery: longer than an attempt may take.
const LEASE: chrono::Duration = chrono::Duration::seconds(60);

/// Sends due deliveries.
#[derive(Clone)]
pub struct Worker {
    db: DatabaseConnection,
    sender: Sender,
    retry_base: Duration,
    metrics: WebhookMetrics,
}

impl Worker {
    pub fn new(
        db: DatabaseConnection,
        settings: &WebhookSettings,
        metrics: WebhookMetrics,
    ) -> Result<Self> {
        let sender = Sender::new(settings.allow_private)?;
        Ok(Self { db, sender, retry_base: settings.retry_base, metrics })
    }

    /// Runs [`Self::round`] every `every` for as long as the process runs; a round that finds
    /// a full batch looks again at once.
    pub fn spawn(self, every: Duration) {
        tokio::spawn(async move {
            let mut ticks = tokio::time::interval(every);
            ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                ticks.tick().await;
                loop {
                    match self.round().await {
                        Ok(sent) if sent as u64 == BATCH => continue,
                        Ok(_) => break,
                        Err(error) => {
                            tracing::warn!(%error, "webhook delivery round failed");
                            break;
                        }
                    }
                }
                if let Err(error) = self.measure().await {
                    tracing::warn!(%error, "could not measure the webhook queue");
                }
            }
        });
    }

    /// Claims and sends one batch of due deliveries; how many it sent.
    pub async fn round(&self) -> Result<usize> {
        let claimed = claim(&self.db).await?;
        let count = claimed.len();
        join_all(claimed.into_iter().map(|id| self.deliver(id))).await;
        Ok(count)
    }

    async fn measure(&self) -> Result<()> {
        let (pending, oldest) = deliveries::pending_figures(&self.db).await?;
        let age = oldest.map_or(0, |at| Ord::max((Utc::now() - at).num_seconds(), 0));
        self.metrics.set_pending(pending, age);
        Ok(())
    }

    /// Sends claimed delivery `id` and records the outcome; failures are logged, the claim
    /// lapses and the delivery is tried again.
    async fn deliver(&self, id: Uuid) {
        if let Err(error) = self.try_deliver(id).await {
            tracing::warn!(%error, delivery = %id, "a webhook delivery could not be recorded");
        }
    }

    async fn try_deliver(&self, id: Uuid) -> Result<()> {
        let Some((delivery, Some(endpoint))) = webhook_delivery::Entity::find_by_id(id)
            .find_also_related(webhook::Entity)
            .one(&self.db)
            .await?
        else {
            return Ok(());
        };
        let now = Utc::now();
        let message = deliveries::message_id(delivery.id);
        let body = serde_json::to_vec(&delivery.payload)
            .map_err(|error| crate::error::Error::Internal(error.to_string()))?;
        let timestamp = now.timestamp();
        let secrets = endpoints::signing_secrets(&endpoint, now);
        let signature = signing::header(&secrets, &message, timestamp, &body)?;
        let signed = Signed { id: &message, timestamp, signature: &signature };
        let attempt = self.sender.send(&endpoint.url, signed, body).await;
        self.record(&delivery, &attempt).await
    }

    /// Writes what `attempt` came to on its delivery (and, when it ends the endpoint's
    /// deliveries, on the endpoint).
    async fn record(&self, delivery: &webhook_delivery::Model, attempt: &Attempt) -> Result<()> {
        let now = Utc::now();
        let duration = i32::try_from(attempt.duration.as_millis()).unwrap_or(i32::MAX);
        let (code, body, error) = match &attempt.outcome {
            Outcome::Answered { status, body } => {
                let error =
                    (!(200..300).contains(status)).then(|| format!("answered HTTP {status}"));
                (Some(i32::from(*status)), Some(body.clone()), error)
            }
            Outcome::Failed(reason) => (None, None, Some(reason.clone())),
        };
        let outcome = match (code, &error) {
            (_, None) => AttemptOutcome::Delivered,
            (Some(410), _) => AttemptOutcome::Gone,
            _ if delivery.attempts >= MAX_ATTEMPTS => AttemptOutcome::GaveUp,
            _ => AttemptOutcome::Retrying,
        };
        let (status, next) = match outcome {
            AttemptOutcome::Delivered => (DELIVERED, now),
            AttemptOutcome::Gone | AttemptOutcome::GaveUp => (FAILED, now),
            AttemptOutcome::Retrying => {
                let wait = backoff::delay(self.retry_base, delivery.attempts, rand::random());
                (PENDING, now + chrono::Duration::from_std(wait).unwrap_or(LEASE))
            }
        };
        webhook_delivery::Entity::update_many()
            .col_expr(webhook_delivery::Column::Status, Expr::value(status))
            .col_expr(webhook_delivery::Column::NextAttemptAt, Expr::value(next))
            .col_expr(webhook_delivery::Column::LastStatusCode, Expr::value(code))
            .col_expr(webhook_delivery::Column::LastResponseBody, Expr::value(body))
            .col_expr(webhook_delivery::Column::LastError, Expr::value(error.clone()))
            .col_expr(webhook_delivery::Column::LastDurationMs, Expr::value(duration))
            .col_expr(
                webhook_delivery::Column::DeliveredAt,
                Expr::value((outcome == AttemptOutcome::Delivered).then_some(now)),
            )
            .filter(webhook_delivery::Column::Id.eq(delivery.id))
            .exec(&self.db)
            .await?;
        self.metrics.count(outcome);
        let reason = match outcome {
            AttemptOutcome::Gone => {
                format!("the endpoint answered 410 Gone at {}", now.to_rfc3339())
            }
            AttemptOutcome::GaveUp => format!(
                "{MAX_ATTEMPTS} attempts over about a day failed (delivery {}); the last: {}",
                deliveries::message_id(delivery.id),
                error.unwrap_or_default()
            ),
            AttemptOutcome::Delivered | AttemptOutcome::Retrying => return Ok(()),
        };
        tracing::warn!(webhook = %delivery.webhook_id, %reason, "webhook endpoint disabled");
        endpoints::disable(&self.db, delivery.webhook_id, &reason).await
    }
}

/// Claims up to [`BATCH`] due deliveries of endpoints that are on: each one's next attempt
/// moves a lease ahead and its attempt count up, in one transaction.
async fn claim(db: &DatabaseConnection) -> Result<Vec<Uuid>> {
    let now = Utc::now();
    let due = || {
        webhook_delivery::Entity::find()
            .select_only()
            .column(webhook_delivery::Column::Id)
            .filter(webhook_delivery::Column::Status.eq(PENDING))
            .filter(webhook_delivery::Column::NextAttemptAt.lte(now))
            .filter(deliveries::of_active_endpoints())
    };
    // A plain read first, so an idle queue never takes SQLite's write lock.
    let any: Option<Uuid> = due().into_tuple().one(db).await?;
    if any.is_none() {
        return Ok(Vec::new());
    }
    let txn = crate::db::begin_write(db).await?;
    let mut select = due().order_by_asc(webhook_delivery::Column::NextAttemptAt).limit(BATCH);
    if txn.get_database_backend() == DbBackend::Postgres {
        select = select.lock_with_behavior(LockType::Update, LockBehavior::SkipLocked);
    }
    let ids: Vec<Uuid> = select.into_tuple().all(&txn).await?;
    if !ids.is_empty() {
        webhook_delivery::Entity::update_many()
            .col_expr(webhook_delivery::Column::NextAttemptAt, Expr::value(now + LEASE))
            .col_expr(
                webhook_delivery::Column::Attempts,
                Expr::col(webhook_delivery::Column::Attempts).add(1),
            )
            .filter(webhook_delivery::Column::Id.is_in(ids.clone()))
            .exec(&txn)
            .await?;
    }
    txn.commit().await?;
    Ok(ids)
}
