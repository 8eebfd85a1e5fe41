//! The deliveries of an endpoint: one row per event and endpoint, written in the transaction
//! of the change it announces (the outbox), then sent and retried by the worker. A delivery's
//! id is its `webhook-id`, the same on every attempt, so receivers deduplicate on it.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Utc};
use entity::webhook;
use entity::webhook_delivery;
use sea_orm::sea_query::{Expr, ExprTrait, Query, SimpleExpr};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use serde::Serialize;
use serde_json::Value;
use utoipa::ToSchema;
use uuid::Uuid;

use super::endpoints;
use crate::content::pagination::{DEFAULT_LIMIT, MAX_LIMIT, Page};
use crate::error::{Error, FieldError, Result};

/// Waiting for its first or next attempt.
pub const PENDING: &str = "pending";
/// Answered with a 2xx.
pub const DELIVERED: &str = "delivered";
/// Given up: attempts exhausted, or its endpoint gone (`410`).
pub const FAILED: &str = "failed";

/// What a delivery's last answer body is cut to.
pub const BODY_KEPT: usize = 1024;

/// One delivery as administrators see it.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct Delivery {
    /// Also the `webhook-id` header's value, with `msg_` before it.
    pub id: Uuid,
    pub webhook_id: Uuid,
    #[schema(example = "treatment.published")]
    pub event: String,
    /// `pending`, `delivered` or `failed`.
    #[schema(example = "delivered")]
    pub status: String,
    pub attempts: i32,
    /// The HTTP status of the last answer, if there was one.
    #[schema(example = 200)]
    pub last_status_code: Option<i32>,
    /// The first kilobyte of the last answer's body.
    pub last_response_body: Option<String>,
    /// Why the last attempt failed, when it did (timeout, refused address, status).
    pub last_error: Option<String>,
    /// How long the last attempt took.
    pub last_duration_ms: Option<i32>,
    /// When the next attempt is due, while pending.
    pub next_attempt_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub delivered_at: Option<DateTime<Utc>>,
    /// The body sent, exactly as signed.
    #[schema(value_type = Object)]
    pub payload: Value,
}

impl From<webhook_delivery::Model> for Delivery {
    fn from(row: webhook_delivery::Model) -> Self {
        Self {
            next_attempt_at: (row.status == PENDING).then_some(row.next_attempt_at),
            id: row.id,
            webhook_id: row.webhook_id,
            event: row.event,
            status: row.status,
            attempts: row.attempts,
            last_status_code: row.last_status_code,
            last_response_body: row.last_response_body,
            last_error: row.last_error,
            last_duration_ms: row.last_duration_ms,
            created_at: row.created_at,
            delivered_at: row.delivered_at,
            payload: row.payload,
        }
    }
}

/// The `webhook-id` of delivery `id`.
pub fn message_id(id: Uuid) -> String {
    format!("msg_{}", id.simple())
}

/// Queues `payload` (event `event`) for endpoint `webhook`, due now.
pub async fn enqueue(
    db: &impl ConnectionTrait,
    webhook: Uuid,
    event: &str,
    payload: Value,
) -> Result<webhook_delivery::Model> {
    let now = Utc::now();
    let row = webhook_delivery::Model {
        id: Uuid::now_v7(),
        webhook_id: webhook,
        event: event.to_owned(),
        payload,
        status: PENDING.to_owned(),
        attempts: 0,
        next_attempt_at: now,
        last_status_code: None,
        last_error: None,
        created_at: now,
        delivered_at: None,
        last_response_body: None,
        last_duration_ms: None,
    };
    let active: webhook_delivery::ActiveModel = row.clone().into();
    webhook_delivery::Entity::insert(active).exec_without_returning(db).await?;
    Ok(row)
}

/// A page of endpoint `webhook`'s deliveries, newest first.
pub async fn list(
    db: &impl ConnectionTrait,
    (workspace, webhook): (Uuid, Uuid),
    limit: Option<u64>,
    cursor: Option<&str>,
) -> Result<Page<Delivery>> {
    endpoints::row(db, workspace, webhook).await?;
    let limit = limit.unwrap_or(DEFAULT_LIMIT);
    if !(1..=MAX_LIMIT).contains(&limit) {
        let message = format!("must be between 1 and {MAX_LIMIT}");
        return Err(Error::Validation(vec![FieldError::new("limit", message)]));
    }
    let mut select = webhook_delivery::Entity::find()
        .filter(webhook_delivery::Column::WebhookId.eq(webhook))
        .order_by_desc(webhook_delivery::Column::Id)
        .limit(limit + 1);
    // An empty cursor is the first page, as in every list.
    if let Some(raw) = cursor.filter(|raw| !raw.trim().is_empty()) {
        let after = decode_cursor(raw).ok_or_else(|| {
            Error::Validation(vec![FieldError::new("cursor", "is not a cursor this list gave")])
        })?;
        select = select.filter(webhook_delivery::Column::Id.lt(after));
    }
    let mut rows = select.all(db).await?;
    let more = rows.len() as u64 > limit;
    rows.truncate(limit as usize);
    let next_cursor = more.then(|| rows.last().map(|row| encode_cursor(row.id))).flatten();
    Ok(Page { items: rows.into_iter().map(Delivery::from).collect(), next_cursor })
}

fn encode_cursor(id: Uuid) -> String {
    URL_SAFE_NO_PAD.encode(id.as_bytes())
}

fn decode_cursor(raw: &str) -> Option<Uuid> {
    Uuid::from_slice(&URL_SAFE_NO_PAD.decode(raw).ok()?).ok()
}

/// The row of delivery `id` of endpoint `webhook` in `workspace`, or `404`.
async fn row(
    db: &impl ConnectionTrait,
    (workspace, webhook): (Uuid, Uuid),
    id: Uuid,
) -> Result<webhook_delivery::Model> {
    endpoints::row(db, workspace, webhook).await?;
    webhook_delivery::Entity::find_by_id(id)
        .filter(webhook_delivery::Column::WebhookId.eq(webhook))
        .one(db)
        .await?
        .ok_or_else(|| Error::not_found("the delivery"))
}

/// Sends delivery `id` again as soon as the worker looks, with the same `webhook-id`.
pub async fn retry(
    db: &impl ConnectionTrait,
    endpoint: (Uuid, Uuid),
    id: Uuid,
) -> Result<Delivery> {
    row(db, endpoint, id).await?;
    webhook_delivery::Entity::update_many()
        .col_expr(webhook_delivery::Column::Status, Expr::value(PENDING))
        .col_expr(webhook_delivery::Column::NextAttemptAt, Expr::value(Utc::now()))
        .filter(webhook_delivery::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(row(db, endpoint, id).await?.into())
}

/// How many deliveries wait, and since when the oldest has.
pub async fn pending_figures(db: &impl ConnectionTrait) -> Result<(i64, Option<DateTime<Utc>>)> {
    let figures: Option<(i64, Option<DateTime<Utc>>)> = webhook_delivery::Entity::find()
        .select_only()
        .column_as(webhook_delivery::Column::Id.count(), "pending")
        .column_as(webhook_delivery::Column::CreatedAt.min(), "oldest")
        .filter(webhook_delivery::Column::Status.eq(PENDING))
        .filter(of_active_endpoints())
        .into_tuple()
        .one(db)
        .await?;
    Ok(figures.unwrap_or((0, None)))
}

/// Deliveries of endpoints that are on: a disabled endpoint's wait until it is turned back on.
pub fn of_active_endpoints() -> SimpleExpr {
    Expr::col(webhook_delivery::Column::WebhookId).in_subquery(
        Query::select()
            .column(webhook::Column::Id)
            .from(webhook::Entity)
            .and_where(Expr::col(webhook::Column::Active).eq(true))
            .to_owned(),
    )
}
