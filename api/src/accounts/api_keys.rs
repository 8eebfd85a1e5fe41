//! API keys for the delivery API: shown once at creation, stored as a SHA-256 digest, with a
//! visible prefix so operators can tell keys apart, optionally limited to one clinic.

use chrono::{DateTime, Duration, Utc};
use entity::{api_key, clinic};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};
use uuid::Uuid;

use crate::auth::tokens;
use crate::error::{Error, FieldError, Result};
use crate::validated::Slug;
use crate::validated::rules::{self, FieldRules};

/// Delivery keys read published content; preview keys may also read drafts (`?preview=true`).
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize, utoipa::ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum KeyKind {
    Delivery,
    Preview,
}

impl KeyKind {
    fn prefix(self) -> &'static str {
        match self {
            KeyKind::Delivery => "cutis_live_",
            KeyKind::Preview => "cutis_preview_",
        }
    }

    fn as_str(self) -> &'static str {
        match self {
            KeyKind::Delivery => "delivery",
            KeyKind::Preview => "preview",
        }
    }

    fn parse_stored(raw: &str) -> Result<Self> {
        match raw {
            "delivery" => Ok(KeyKind::Delivery),
            "preview" => Ok(KeyKind::Preview),
            other => Err(Error::Internal(format!("stored key kind {other:?} is unknown"))),
        }
    }
}

/// How many characters of a key are kept in the clear to recognise it.
const VISIBLE_CHARS: usize = 6;

/// Don't write `last_used_at` on every request: once a minute per key is enough to show use.
const LAST_USED_RESOLUTION: Duration = Duration::seconds(60);

/// A key as listed to administrators: never the secret.
#[derive(Clone, Debug)]
pub struct ApiKey {
    pub id: Uuid,
    pub workspace_id: Uuid,
    pub clinic_id: Option<Uuid>,
    pub clinic_slug: Option<String>,
    pub name: String,
    pub kind: KeyKind,
    /// e.g. `cutis_live_Xy3k9Q…`: enough to recognise, useless to call with.
    pub prefix: String,
    pub created_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
}

fn from_row(row: api_key::Model, clinic_slug: Option<String>) -> Result<ApiKey> {
    Ok(ApiKey {
        id: row.id,
        workspace_id: row.workspace_id,
        clinic_id: row.clinic_id,
        clinic_slug,
        name: row.name,
        kind: KeyKind::parse_stored(&row.kind)?,
        prefix: row.prefix,
        created_at: row.created_at,
        last_used_at: row.last_used_at,
        revoked_at: row.revoked_at,
    })
}

/// True when a bearer credential has the shape of an API key rather than a JWT.
pub fn looks_like_api_key(token: &str) -> bool {
    token.starts_with(KeyKind::Delivery.prefix()) || token.starts_with(KeyKind::Preview.prefix())
}

/// What creating a key takes.
pub struct NewApiKey<'a> {
    pub workspace_id: Uuid,
    pub name: &'a str,
    pub kind: KeyKind,
    /// Slug of the clinic the key is limited to.
    pub clinic: Option<&'a str>,
    pub created_by: Option<Uuid>,
}

/// Longest key name, in characters.
pub const MAX_NAME: usize = 200;

/// The rules [`create`] applies, by the schema of the body it reads, for the OpenAPI document.
pub fn schema_rules() -> Vec<(&'static str, Vec<FieldRules>)> {
    vec![(
        "CreateApiKey",
        vec![
            FieldRules::new("name", rules::required_text(MAX_NAME)),
            FieldRules::new("clinic", Slug::rules()),
        ],
    )]
}

/// Creates a key and returns it with its secret, which is not stored and cannot be shown again.
pub async fn create(db: &impl ConnectionTrait, new: NewApiKey<'_>) -> Result<(ApiKey, String)> {
    let name = new.name.trim();
    let mut errors = Vec::new();
    if name.is_empty() || name.chars().count() > MAX_NAME {
        errors.push(FieldError::new("name", format!("must be 1 to {MAX_NAME} characters long")));
    }
    let clinic = match new.clinic {
        Some(slug) => {
            let found = clinic::Entity::find()
                .filter(clinic::Column::WorkspaceId.eq(new.workspace_id))
                .filter(clinic::Column::Slug.eq(slug))
                .one(db)
                .await?;
            if found.is_none() {
                errors.push(FieldError::new(
                    "clinic",
                    format!("no clinic '{slug}' in this workspace"),
                ));
            }
            found
        }
        None => None,
    };
    if !errors.is_empty() {
        return Err(Error::Validation(errors));
    }
    let secret = tokens::generate(new.kind.prefix());
    let visible = &secret[..new.kind.prefix().len() + VISIBLE_CHARS];
    let row = api_key::ActiveModel {
        id: Set(Uuid::now_v7()),
        workspace_id: Set(new.workspace_id),
        clinic_id: Set(clinic.as_ref().map(|clinic| clinic.id)),
        name: Set(name.to_owned()),
        kind: Set(new.kind.as_str().to_owned()),
        prefix: Set(visible.to_owned()),
        key_hash: Set(tokens::digest(&secret)),
        created_by: Set(new.created_by),
        created_at: Set(Utc::now()),
        last_used_at: Set(None),
        revoked_at: Set(None),
    }
    .insert(db)
    .await?;
    Ok((from_row(row, clinic.map(|clinic| clinic.slug))?, secret))
}

pub async fn list(db: &impl ConnectionTrait, workspace_id: Uuid) -> Result<Vec<ApiKey>> {
    let rows = api_key::Entity::find()
        .filter(api_key::Column::WorkspaceId.eq(workspace_id))
        .find_also_related(clinic::Entity)
        .order_by_asc(api_key::Column::CreatedAt)
        .all(db)
        .await?;
    rows.into_iter().map(|(key, clinic)| from_row(key, clinic.map(|clinic| clinic.slug))).collect()
}

/// Revokes a key of the workspace; it stops working at once. Revoking twice is harmless.
pub async fn revoke(db: &impl ConnectionTrait, workspace_id: Uuid, key_id: Uuid) -> Result<ApiKey> {
    let row = api_key::Entity::find_by_id(key_id)
        .filter(api_key::Column::WorkspaceId.eq(workspace_id))
        .one(db)
        .await?
        .ok_or_else(|| Error::not_found("the API key"))?;
    let row = if row.revoked_at.is_none() {
        let mut active: api_key::ActiveModel = row.into();
        active.revoked_at = Set(Some(Utc::now()));
        active.update(db).await?
    } else {
        row
    };
    from_row(row, None)
}

/// The live key matching `secret`, recording its use.
pub async fn authenticate(db: &impl ConnectionTrait, secret: &str) -> Result<Option<ApiKey>> {
    let row = api_key::Entity::find()
        .filter(api_key::Column::KeyHash.eq(tokens::digest(secret)))
        .filter(api_key::Column::RevokedAt.is_null())
        .one(db)
        .await?;
    let Some(row) = row else { return Ok(None) };
    let now = Utc::now();
    if row.last_used_at.is_none_or(|used| now - used > LAST_USED_RESOLUTION) {
        record_use(db, row.id, now).await?;
    }
    from_row(row, None).map(Some)
}

/// Writes when key `id` was last used.
pub async fn record_use(db: &impl ConnectionTrait, id: Uuid, at: DateTime<Utc>) -> Result<()> {
    api_key::Entity::update_many()
        .col_expr(api_key::Column::LastUsedAt, sea_orm::sea_query::Expr::value(at))
        .filter(api_key::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}
