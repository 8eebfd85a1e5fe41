//! Invitations: how a person joins a workspace. An owner or admin invites an email with a role
//! and hands the token to that person; only the person decides to accept it, signed in to
//! their own account or by creating one with a password of their own. Nobody else ever sets
//! a password or makes an existing account a member.
//!
//! Tokens are opaque, single-use, expire after [`INVITATION_TTL`] and are stored as SHA-256
//! digests, like refresh tokens and API keys.

use chrono::{DateTime, Duration, Utc};
use entity::invitation;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, Set,
};
use uuid::Uuid;

use super::members;
use super::users::{self, NewUser, User};
use crate::auth::roles::Role;
use crate::auth::tokens;
use crate::db;
use crate::error::{Error, Result};
use crate::validated::Email;
use crate::validated::rules::FieldRules;

/// The rules [`create`] applies, by the schema of the body it reads, for the OpenAPI document.
pub fn schema_rules() -> Vec<(&'static str, Vec<FieldRules>)> {
    vec![("Invite", vec![FieldRules::new("email", Email::rules())])]
}

/// How long an invitation may be accepted.
pub const INVITATION_TTL: Duration = Duration::days(7);
const INVITATION_PREFIX: &str = "cutis_inv_";

/// A pending invitation, without its token (which only its creator ever sees).
#[derive(Clone, Debug)]
pub struct Invitation {
    pub id: Uuid,
    pub workspace_id: Uuid,
    pub email: String,
    pub role: Role,
    pub invited_by: Option<Uuid>,
    pub expires_at: DateTime<Utc>,
    pub created_at: DateTime<Utc>,
}

impl TryFrom<invitation::Model> for Invitation {
    type Error = Error;

    fn try_from(row: invitation::Model) -> Result<Self> {
        let role = row.role.parse().map_err(|_| {
            Error::Internal(format!("stored invitation role {:?} is unknown", row.role))
        })?;
        Ok(Self {
            id: row.id,
            workspace_id: row.workspace_id,
            email: row.email,
            role,
            invited_by: row.invited_by,
            expires_at: row.expires_at,
            created_at: row.created_at,
        })
    }
}

/// Who accepts an invitation.
pub enum Acceptor<'a> {
    /// A signed-in user; their email must be the one invited.
    SignedIn(&'a User),
    /// Someone without an account, who creates it now with their own password.
    NewAccount { password: &'a str, display_name: Option<&'a str>, credentials: Option<&'a str> },
}

/// What accepting did: `user` is now a member of `workspace_id` with `role`.
#[derive(Clone, Debug)]
pub struct Accepted {
    pub workspace_id: Uuid,
    pub role: Role,
    pub user: User,
}

/// Invites `email` to the workspace with `role` and returns the invitation with its token,
/// shown this once. The answer does not depend on whether the email has an account. A pending
/// invitation of the same email is replaced.
pub async fn create(
    db: &DatabaseConnection,
    workspace_id: Uuid,
    email: &Email,
    role: Role,
    invited_by: Option<Uuid>,
) -> Result<(Invitation, String)> {
    let txn = db::begin_write(db).await?;
    let result = async {
        if let Some(user) = users::find_by_email(&txn, email.as_str()).await? {
            // The inviter sees the members already; this tells them nothing new.
            if members::role_of(&txn, workspace_id, user.id).await?.is_some() {
                return Err(Error::Conflict(
                    "this email is already a member of the workspace".to_owned(),
                ));
            }
        }
        let now = Utc::now();
        pending(workspace_id, now)
            .filter(invitation::Column::Email.eq(email.as_str()))
            .col_expr(invitation::Column::RevokedAt, Expr::value(now))
            .exec(&txn)
            .await?;
        let token = tokens::generate(INVITATION_PREFIX);
        let row = invitation::ActiveModel {
            id: Set(Uuid::now_v7()),
            workspace_id: Set(workspace_id),
            email: Set(email.as_str().to_owned()),
            role: Set(role.as_str().to_owned()),
            token_hash: Set(tokens::digest(&token)),
            invited_by: Set(invited_by),
            expires_at: Set(now + INVITATION_TTL),
            accepted_at: Set(None),
            accepted_by: Set(None),
            revoked_at: Set(None),
            created_at: Set(now),
        }
        .insert(&txn)
        .await?;
        Ok((Invitation::try_from(row)?, token))
    }
    .await;
    db::finish(txn, result).await
}

/// The workspace's invitations that can still be accepted, oldest first.
pub async fn list_pending(
    db: &impl ConnectionTrait,
    workspace_id: Uuid,
) -> Result<Vec<Invitation>> {
    let rows = invitation::Entity::find()
        .filter(invitation::Column::WorkspaceId.eq(workspace_id))
        .filter(invitation::Column::AcceptedAt.is_null())
        .filter(invitation::Column::RevokedAt.is_null())
        .filter(invitation::Column::ExpiresAt.gt(Utc::now()))
        .order_by_asc(invitation::Column::CreatedAt)
        .all(db)
        .await?;
    rows.into_iter().map(Invitation::try_from).collect()
}

/// The pending invitation `id` of the workspace; `404` when there is none.
pub async fn get_pending(
    db: &impl ConnectionTrait,
    workspace_id: Uuid,
    id: Uuid,
) -> Result<Invitation> {
    let row = invitation::Entity::find_by_id(id)
        .filter(invitation::Column::WorkspaceId.eq(workspace_id))
        .filter(invitation::Column::AcceptedAt.is_null())
        .filter(invitation::Column::RevokedAt.is_null())
        .filter(invitation::Column::ExpiresAt.gt(Utc::now()))
        .one(db)
        .await?
        .ok_or_else(|| Error::not_found(format!("pending invitation {id}")))?;
    Invitation::try_from(row)
}

/// Revokes pending invitation `id`: its token stops working. `404` when none is pending.
pub async fn revoke(db: &impl ConnectionTrait, workspace_id: Uuid, id: Uuid) -> Result<()> {
    let revoked = pending(workspace_id, Utc::now())
        .filter(invitation::Column::Id.eq(id))
        .col_expr(invitation::Column::RevokedAt, Expr::value(Utc::now()))
        .exec(db)
        .await?
        .rows_affected;
    if revoked == 0 {
        return Err(Error::not_found(format!("pending invitation {id}")));
    }
    Ok(())
}

/// Accepts the invitation carrying `token`: its acceptor becomes a member with the invited
/// role. A token works once; an unknown one is `404`, a used, revoked or expired one `410`.
pub async fn accept(
    db: &DatabaseConnection,
    token: &str,
    acceptor: Acceptor<'_>,
) -> Result<Accepted> {
    // Check the new account's fields first, so a bad password is 422 without taking the lock.
    let new_account = match &acceptor {
        Acceptor::NewAccount { password, display_name, credentials } => {
            let row = find_by_token(db, token).await?;
            Some(NewUser::parse(&row.email, password, *display_name, *credentials)?)
        }
        Acceptor::SignedIn(_) => None,
    };
    let txn = db::begin_write(db).await?;
    let result = async {
        let row = find_by_token(&txn, token).await?;
        ensure_usable(&row, Utc::now())?;
        let invitation = Invitation::try_from(row)?;
        let user = match (acceptor, new_account) {
            (Acceptor::SignedIn(user), _) => {
                if user.email != invitation.email {
                    return Err(Error::Forbidden(
                        "this invitation is for another email; sign in as the person invited"
                            .to_owned(),
                    ));
                }
                user.clone()
            }
            (Acceptor::NewAccount { .. }, Some(new)) => {
                if users::find_by_email(&txn, &invitation.email).await?.is_some() {
                    return Err(Error::Conflict(
                        "an account with this email exists; sign in and accept with its access \
                         token"
                            .to_owned(),
                    ));
                }
                users::create(&txn, new).await?
            }
            (Acceptor::NewAccount { .. }, None) => {
                return Err(Error::Internal("a new account without its details".to_owned()));
            }
        };
        // Claim the invitation only if it is still unused; a concurrent second accept loses.
        let now = Utc::now();
        let claimed = pending(invitation.workspace_id, now)
            .filter(invitation::Column::Id.eq(invitation.id))
            .col_expr(invitation::Column::AcceptedAt, Expr::value(now))
            .col_expr(invitation::Column::AcceptedBy, Expr::value(user.id))
            .exec(&txn)
            .await?
            .rows_affected;
        if claimed == 0 {
            return Err(Error::Gone("this invitation has already been used".to_owned()));
        }
        members::add(&txn, invitation.workspace_id, user.id, invitation.role).await?;
        Ok(Accepted { workspace_id: invitation.workspace_id, role: invitation.role, user })
    }
    .await;
    db::finish(txn, result).await
}

async fn find_by_token(db: &impl ConnectionTrait, token: &str) -> Result<invitation::Model> {
    invitation::Entity::find()
        .filter(invitation::Column::TokenHash.eq(tokens::digest(token)))
        .one(db)
        .await?
        .ok_or_else(|| Error::NotFound("no invitation has this token".to_owned()))
}

/// Why an invitation can no longer be accepted, if it cannot.
fn ensure_usable(row: &invitation::Model, now: DateTime<Utc>) -> Result<()> {
    let reason = if row.accepted_at.is_some() {
        "this invitation has already been used"
    } else if row.revoked_at.is_some() {
        "this invitation was revoked; ask for a new one"
    } else if row.expires_at <= now {
        "this invitation has expired; ask for a new one"
    } else {
        return Ok(());
    };
    Err(Error::Gone(reason.to_owned()))
}

/// An update of the workspace's invitations still pending at `now`.
fn pending(workspace_id: Uuid, now: DateTime<Utc>) -> sea_orm::UpdateMany<invitation::Entity> {
    invitation::Entity::update_many()
        .filter(invitation::Column::WorkspaceId.eq(workspace_id))
        .filter(invitation::Column::AcceptedAt.is_null())
        .filter(invitation::Column::RevokedAt.is_null())
        .filter(invitation::Column::ExpiresAt.gt(now))
}
