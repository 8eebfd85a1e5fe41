//! Sessions of the web admin. Signing in stores a random token's hash and hands the token to
//! the browser as an `HttpOnly` cookie; every page looks the session up again, so signing out
//! (or disabling the account) ends it at once, on every replica.
//!
//! A session lasts at most [`LIFETIME`], and ends sooner after [`IDLE`] without a request.

use chrono::{DateTime, Duration, Utc};
use entity::web_session;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use uuid::Uuid;

use super::users::{self, User};
use crate::auth::password::PasswordGate;
use crate::auth::tokens;
use crate::error::{Error, Result};

pub const LIFETIME: Duration = Duration::days(7);
pub const IDLE: Duration = Duration::hours(12);
/// How stale `last_seen_at` may be before a request writes it again: a page view is a read.
const SEEN_EVERY: Duration = Duration::minutes(5);
const PREFIX: &str = "cutis_ws_";

/// A live session: who, and the token the cookie carries (forms derive their CSRF token from it).
#[derive(Clone, Debug)]
pub struct WebSession {
    pub id: Uuid,
    pub user: User,
    pub token: String,
}

/// Checks the password and starts a session.
pub async fn sign_in(
    db: &impl ConnectionTrait,
    gate: &PasswordGate,
    email: &str,
    password: &str,
) -> Result<WebSession> {
    let user = users::authenticate(db, gate, email, password)
        .await?
        .ok_or_else(|| Error::Unauthorized("the email or password is wrong".to_owned()))?;
    let (token, now) = (tokens::generate(PREFIX), Utc::now());
    let id = Uuid::now_v7();
    web_session::ActiveModel {
        id: Set(id),
        user_id: Set(user.id),
        token_hash: Set(tokens::digest(&token)),
        created_at: Set(now),
        last_seen_at: Set(now),
        expires_at: Set(now + LIFETIME),
        revoked_at: Set(None),
    }
    .insert(db)
    .await?;
    Ok(WebSession { id, user, token })
}

/// The live session `token` names, if any: not revoked, expired or idle, its user enabled.
pub async fn find(db: &impl ConnectionTrait, token: &str) -> Result<Option<WebSession>> {
    let now = Utc::now();
    let Some(row) = web_session::Entity::find()
        .filter(web_session::Column::TokenHash.eq(tokens::digest(token)))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    if !is_live(&row, now) {
        return Ok(None);
    }
    let Some(user) = users::get(db, row.user_id).await?.filter(|user| !user.disabled) else {
        return Ok(None);
    };
    if now - row.last_seen_at > SEEN_EVERY {
        web_session::Entity::update_many()
            .col_expr(web_session::Column::LastSeenAt, Expr::value(now))
            .filter(web_session::Column::Id.eq(row.id))
            .exec(db)
            .await?;
    }
    Ok(Some(WebSession { id: row.id, user, token: token.to_owned() }))
}

/// Ends session `id`; later requests with its cookie are signed out.
pub async fn sign_out(db: &impl ConnectionTrait, id: Uuid) -> Result<()> {
    web_session::Entity::update_many()
        .col_expr(web_session::Column::RevokedAt, Expr::value(Utc::now()))
        .filter(web_session::Column::Id.eq(id))
        .filter(web_session::Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    Ok(())
}

fn is_live(row: &web_session::Model, now: DateTime<Utc>) -> bool {
    row.revoked_at.is_none() && row.expires_at > now && now - row.last_seen_at <= IDLE
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(last_seen: Duration, expires_in: Duration, revoked: bool) -> web_session::Model {
        let now = Utc::now();
        web_session::Model {
            id: Uuid::nil(),
            user_id: Uuid::nil(),
            token_hash: String::new(),
            created_at: now - Duration::hours(1),
            last_seen_at: now - last_seen,
            expires_at: now + expires_in,
            revoked_at: revoked.then_some(now),
        }
    }

    #[test]
    fn a_session_ends_when_revoked_expired_or_idle() {
        let now = Utc::now();
        assert!(is_live(&row(Duration::minutes(1), Duration::days(1), false), now));
        assert!(!is_live(&row(Duration::minutes(1), Duration::days(1), true), now));
        assert!(!is_live(&row(Duration::minutes(1), Duration::seconds(-1), false), now));
        assert!(!is_live(&row(IDLE + Duration::minutes(1), Duration::days(1), false), now));
    }
}
