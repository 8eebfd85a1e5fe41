//! The endpoints of a workspace: where to post which events, for which clinic, and the
//! secrets that sign them. Secrets are kept readable because every delivery is signed with
//! them (HMAC needs the key itself); they are shown once, when made, and never listed.

use chrono::{DateTime, Duration, Utc};
use entity::{clinic, webhook};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::{events, signing, target};
use crate::error::{Error, FieldError, Result};
use crate::validated::Slug;
use crate::validated::rules::{self, FieldRules, NO_CONTROL_PATTERN, Rule};

/// Longest description, in characters.
const MAX_DESCRIPTION: usize = 500;

/// The rules [`create`] and [`update`] apply, by the schema of the body they read, for the
/// OpenAPI document.
pub fn schema_rules() -> Vec<(&'static str, Vec<FieldRules>)> {
    let fields = || {
        vec![
            FieldRules::new("url", target::rules()),
            FieldRules::new("events", [Rule::MinItems(1)]),
            FieldRules::new("events.[]", [rules::pattern(events::pattern_regex())]),
            FieldRules::new(
                "description",
                [Rule::MaxLength(MAX_DESCRIPTION), rules::pattern(NO_CONTROL_PATTERN)],
            ),
        ]
    };
    let mut new = fields();
    new.push(FieldRules::new("clinic", Slug::rules()));
    vec![("NewWebhook", new), ("WebhookChanges", fields())]
}

/// How long a rotated-out secret keeps signing beside the new one.
pub const ROTATION_OVERLAP: Duration = Duration::hours(24);

/// An endpoint as administrators see it: never its secret.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct Webhook {
    pub id: Uuid,
    #[schema(example = "https://clinic.example/api/revalidate")]
    pub url: String,
    #[schema(example = "Rebuild the Scarborough website")]
    pub description: String,
    /// What it subscribes to: `*`, `<kind>.*` or `<kind>.<event>`.
    #[schema(example = json!(["treatment.published", "condition.*"]))]
    pub events: Vec<String>,
    /// Slug of the one clinic it hears about, if any.
    #[schema(example = "scarborough")]
    pub clinic: Option<String>,
    /// False once disabled (by an administrator, a `410 Gone`, or a day of failures).
    pub active: bool,
    /// Why deliveries stopped, when Cutis disabled the endpoint.
    #[schema(example = "the endpoint answered 410 Gone")]
    pub disabled_reason: Option<String>,
    /// Until when the secret replaced by the last rotation still signs, beside the new one.
    pub previous_secret_expires_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A new endpoint, as an administrator asks for it.
#[derive(Clone, Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewWebhook {
    #[schema(example = "https://clinic.example/api/revalidate")]
    pub url: String,
    #[schema(example = json!(["treatment.published", "treatment.unpublished"]))]
    pub events: Vec<String>,
    #[serde(default)]
    pub description: Option<String>,
    /// Limit the endpoint to one clinic (slug): its own events, and those of the treatments
    /// it offers and the conditions they treat.
    #[serde(default)]
    pub clinic: Option<String>,
}

/// A change to an endpoint; absent fields stay as they are.
#[derive(Clone, Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WebhookChanges {
    pub url: Option<String>,
    pub events: Option<Vec<String>>,
    pub description: Option<String>,
    /// `true` turns a disabled endpoint back on (and forgets why it was disabled).
    pub active: Option<bool>,
}

/// An endpoint with the secret it was just given, shown this once.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct WithSecret {
    #[serde(flatten)]
    pub webhook: Webhook,
    /// The signing secret (`whsec_…`), shown this once.
    #[schema(example = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")]
    pub secret: String,
}

/// The row's patterns; a stored value that is not a list of strings reads as none.
pub fn patterns_of(row: &webhook::Model) -> Vec<String> {
    serde_json::from_value(row.events.clone()).unwrap_or_default()
}

/// The secrets that sign for `row` at `now`: the current one, and the previous one while its
/// overlap lasts.
pub fn signing_secrets(row: &webhook::Model, now: DateTime<Utc>) -> Vec<&str> {
    let mut secrets = vec![row.secret.as_str()];
    if let (Some(previous), Some(until)) = (&row.previous_secret, row.previous_secret_expires_at)
        && until > now
    {
        secrets.push(previous);
    }
    secrets
}

async fn view(db: &impl ConnectionTrait, row: webhook::Model) -> Result<Webhook> {
    let clinic = match row.clinic_id {
        Some(id) => clinic::Entity::find_by_id(id).one(db).await?.map(|clinic| clinic.slug),
        None => None,
    };
    let live_overlap = row.previous_secret_expires_at.filter(|until| *until > Utc::now());
    Ok(Webhook {
        id: row.id,
        events: patterns_of(&row),
        url: row.url,
        description: row.description,
        clinic,
        active: row.active,
        disabled_reason: row.disabled_reason,
        previous_secret_expires_at: live_overlap,
        created_at: row.created_at,
        updated_at: row.updated_at,
    })
}

fn description(raw: Option<&str>) -> std::result::Result<String, FieldError> {
    let raw = raw.unwrap_or_default();
    let text = raw.trim();
    // Control characters are refused before trimming, as the OpenAPI document states.
    if text.chars().count() > MAX_DESCRIPTION || raw.chars().any(char::is_control) {
        return Err(FieldError::new(
            "description",
            "must be at most 500 characters, without control characters",
        ));
    }
    Ok(text.to_owned())
}

/// The row of endpoint `id` in `workspace`, or `404` (another workspace's is not found either).
pub async fn row(db: &impl ConnectionTrait, workspace: Uuid, id: Uuid) -> Result<webhook::Model> {
    webhook::Entity::find_by_id(id)
        .filter(webhook::Column::WorkspaceId.eq(workspace))
        .one(db)
        .await?
        .ok_or_else(|| Error::not_found("the webhook"))
}

/// Registers an endpoint; every problem with the request at once as `422`.
pub async fn create(
    db: &impl ConnectionTrait,
    (workspace, actor): (Uuid, Uuid),
    new: NewWebhook,
    allow_private: bool,
) -> Result<WithSecret> {
    let mut errors = Vec::new();
    let url = target::parse(&new.url, allow_private)
        .await
        .map_err(|message| errors.push(FieldError::new("url", message)))
        .ok();
    let patterns = events::parse_patterns(&new.events).map_err(|e| errors.push(e)).ok();
    let description = description(new.description.as_deref()).map_err(|e| errors.push(e)).ok();
    let clinic = match &new.clinic {
        Some(slug) => {
            let found = clinic::Entity::find()
                .filter(clinic::Column::WorkspaceId.eq(workspace))
                .filter(clinic::Column::Slug.eq(slug))
                .one(db)
                .await?;
            if found.is_none() {
                errors.push(FieldError::new(
                    "clinic",
                    format!("no clinic '{slug}' in this workspace"),
                ));
            }
            found.map(|clinic| clinic.id)
        }
        None => None,
    };
    let (Some(url), Some(patterns), Some(description), true) =
        (url, patterns, description, errors.is_empty())
    else {
        return Err(Error::Validation(errors));
    };
    let secret = signing::new_secret();
    let now = Utc::now();
    let row = webhook::ActiveModel {
        id: Set(Uuid::now_v7()),
        workspace_id: Set(workspace),
        url: Set(url),
        secret: Set(secret.clone()),
        events: Set(serde_json::json!(patterns)),
        active: Set(true),
        created_by: Set(Some(actor)),
        created_at: Set(now),
        updated_at: Set(now),
        description: Set(description),
        clinic_id: Set(clinic),
        previous_secret: Set(None),
        previous_secret_expires_at: Set(None),
        disabled_reason: Set(None),
    }
    .insert(db)
    .await?;
    Ok(WithSecret { webhook: view(db, row).await?, secret })
}

/// The endpoints of `workspace`, oldest first.
pub async fn list(db: &impl ConnectionTrait, workspace: Uuid) -> Result<Vec<Webhook>> {
    let rows = webhook::Entity::find()
        .filter(webhook::Column::WorkspaceId.eq(workspace))
        .order_by_asc(webhook::Column::CreatedAt)
        .order_by_asc(webhook::Column::Id)
        .all(db)
        .await?;
    let mut webhooks = Vec::with_capacity(rows.len());
    for row in rows {
        webhooks.push(view(db, row).await?);
    }
    Ok(webhooks)
}

pub async fn get(db: &impl ConnectionTrait, workspace: Uuid, id: Uuid) -> Result<Webhook> {
    view(db, row(db, workspace, id).await?).await
}

/// Applies `changes` to endpoint `id`.
pub async fn update(
    db: &impl ConnectionTrait,
    (workspace, id): (Uuid, Uuid),
    changes: WebhookChanges,
    allow_private: bool,
) -> Result<Webhook> {
    let current = row(db, workspace, id).await?;
    let mut errors = Vec::new();
    let mut active: webhook::ActiveModel = current.into();
    if let Some(url) = &changes.url {
        match target::parse(url, allow_private).await {
            Ok(url) => active.url = Set(url),
            Err(message) => errors.push(FieldError::new("url", message)),
        }
    }
    if let Some(raw) = &changes.events {
        match events::parse_patterns(raw) {
            Ok(patterns) => active.events = Set(serde_json::json!(patterns)),
            Err(error) => errors.push(error),
        }
    }
    if let Some(text) = &changes.description {
        match description(Some(text)) {
            Ok(text) => active.description = Set(text),
            Err(error) => errors.push(error),
        }
    }
    if !errors.is_empty() {
        return Err(Error::Validation(errors));
    }
    if let Some(on) = changes.active {
        active.active = Set(on);
        if on {
            active.disabled_reason = Set(None);
        }
    }
    active.updated_at = Set(Utc::now());
    view(db, active.update(db).await?).await
}

/// Removes endpoint `id` and its deliveries.
pub async fn delete(db: &impl ConnectionTrait, workspace: Uuid, id: Uuid) -> Result<()> {
    row(db, workspace, id).await?;
    webhook::Entity::delete_by_id(id).exec(db).await?;
    Ok(())
}

/// Gives endpoint `id` a new secret; the old one keeps signing beside it for
/// [`ROTATION_OVERLAP`], so receivers can switch without missing a delivery.
pub async fn rotate_secret(
    db: &impl ConnectionTrait,
    workspace: Uuid,
    id: Uuid,
) -> Result<WithSecret> {
    let current = row(db, workspace, id).await?;
    let secret = signing::new_secret();
    let now = Utc::now();
    let previous = current.secret.clone();
    let mut active: webhook::ActiveModel = current.into();
    active.secret = Set(secret.clone());
    active.previous_secret = Set(Some(previous));
    active.previous_secret_expires_at = Set(Some(now + ROTATION_OVERLAP));
    active.updated_at = Set(now);
    let row = active.update(db).await?;
    Ok(WithSecret { webhook: view(db, row).await?, secret })
}

/// Disables endpoint `id`, saying why (the worker, on `410 Gone` or after giving up).
pub async fn disable(db: &impl ConnectionTrait, id: Uuid, reason: &str) -> Result<()> {
    webhook::Entity::update_many()
        .col_expr(webhook::Column::Active, false.into())
        .col_expr(webhook::Column::DisabledReason, reason.into())
        .col_expr(webhook::Column::UpdatedAt, Utc::now().into())
        .filter(webhook::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}
