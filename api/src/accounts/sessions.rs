//! Sessions: a login yields a short-lived access token (JWT) and an opaque refresh token.
//!
//! Refresh tokens are single-use. Each refresh marks the presented token used and issues the
//! next one in the same family; presenting a token that was already used means it leaked, so
//! the whole family is revoked and the thief and the user both have to sign in again.

use chrono::{Duration, Utc};
use entity::refresh_token;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    Set,
};
use uuid::Uuid;

use super::users;
use crate::auth::jwt::JwtKeys;
use crate::auth::password::PasswordGate;
use crate::auth::tokens;
use crate::db;
use crate::error::{Error, Result};

/// How long a refresh token stays valid if unused.
pub const REFRESH_TOKEN_TTL: Duration = Duration::days(30);
const REFRESH_PREFIX: &str = "cutis_rt_";

/// What a successful login or refresh returns.
#[derive(Clone, Debug)]
pub struct TokenPair {
    pub access_token: String,
    pub refresh_token: String,
    pub expires_in: u64,
}

fn invalid_credentials() -> Error {
    Error::Unauthorized("the email or password is wrong".to_owned())
}

fn invalid_refresh() -> Error {
    Error::Unauthorized("the refresh token is invalid, expired or revoked".to_owned())
}

/// Checks the password and starts a new token family.
pub async fn login(
    db: &impl ConnectionTrait,
    keys: &JwtKeys,
    gate: &PasswordGate,
    email: &str,
    password: &str,
) -> Result<TokenPair> {
    let user =
        users::authenticate(db, gate, email, password).await?.ok_or_else(invalid_credentials)?;
    issue(db, keys, user.id, Uuid::now_v7()).await
}

/// Exchanges an unused refresh token for a new pair; reuse revokes the family.
pub async fn refresh(
    db: &DatabaseConnection,
    keys: &JwtKeys,
    presented: &str,
) -> Result<TokenPair> {
    // It reads, then writes: on SQLite a deferred transaction could not upgrade to writing
    // while another refresh writes, and would fail with `database is locked`.
    let txn = db::begin_write(db).await?;
    let row = refresh_token::Entity::find()
        .filter(refresh_token::Column::TokenHash.eq(tokens::digest(presented)))
        .one(&txn)
        .await?
        .ok_or_else(invalid_refresh)?;
    let now = Utc::now();
    if row.revoked_at.is_some() || row.expires_at <= now {
        return Err(invalid_refresh());
    }
    // Claim the token only if nobody used it yet; a concurrent or later second use loses.
    let claimed = refresh_token::Entity::update_many()
        .col_expr(refresh_token::Column::UsedAt, Expr::value(now))
        .filter(refresh_token::Column::Id.eq(row.id))
        .filter(refresh_token::Column::UsedAt.is_null())
        .exec(&txn)
        .await?
        .rows_affected;
    if claimed == 0 {
        revoke_family(&txn, row.family_id).await?;
        txn.commit().await?;
        tracing::warn!(user_id = %row.user_id, "refresh token reused; its family is revoked");
        return Err(invalid_refresh());
    }
    let user = users::get(&txn, row.user_id).await?.filter(|user| !user.disabled);
    let Some(user) = user else { return Err(invalid_refresh()) };
    let pair = issue(&txn, keys, user.id, row.family_id).await?;
    txn.commit().await?;
    Ok(pair)
}

/// Ends the session the refresh token belongs to. Unknown tokens are ignored.
pub async fn logout(db: &impl ConnectionTrait, presented: &str) -> Result<()> {
    let row = refresh_token::Entity::find()
        .filter(refresh_token::Column::TokenHash.eq(tokens::digest(presented)))
        .one(db)
        .await?;
    if let Some(row) = row {
        revoke_family(db, row.family_id).await?;
    }
    Ok(())
}

async fn revoke_family(db: &impl ConnectionTrait, family_id: Uuid) -> Result<()> {
    refresh_token::Entity::update_many()
        .col_expr(refresh_token::Column::RevokedAt, Expr::value(Utc::now()))
        .filter(refresh_token::Column::FamilyId.eq(family_id))
        .filter(refresh_token::Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    Ok(())
}

async fn issue(
    db: &impl ConnectionTrait,
    keys: &JwtKeys,
    user_id: Uuid,
    family_id: Uuid,
) -> Result<TokenPair> {
    let (access_token, expires_in) = keys.issue(user_id)?;
    let refresh = tokens::generate(REFRESH_PREFIX);
    let now = Utc::now();
    refresh_token::ActiveModel {
        id: Set(Uuid::now_v7()),
        user_id: Set(user_id),
        family_id: Set(family_id),
        token_hash: Set(tokens::digest(&refresh)),
        expires_at: Set(now + REFRESH_TOKEN_TTL),
        used_at: Set(None),
        revoked_at: Set(None),
        created_at: Set(now),
    }
    .insert(db)
    .await?;
    Ok(TokenPair { access_token, refresh_token: refresh, expires_in })
}
