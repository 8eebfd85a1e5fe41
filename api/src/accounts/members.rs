//! Memberships: which users belong to a workspace, with which role.

use chrono::{DateTime, Utc};
use entity::{membership, user, workspace};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction,
    EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};
use uuid::Uuid;

use super::users::User;
use crate::auth::roles::Role;
use crate::db;
use crate::error::{Error, Result};

/// A member of a workspace.
#[derive(Clone, Debug)]
pub struct Member {
    pub user: User,
    pub role: Role,
    pub since: DateTime<Utc>,
}

fn parse_role(raw: &str) -> Result<Role> {
    raw.parse().map_err(|_| Error::Internal(format!("stored role {raw:?} is unknown")))
}

/// The role `user_id` holds in `workspace_id`, if any.
pub async fn role_of(
    db: &impl ConnectionTrait,
    workspace_id: Uuid,
    user_id: Uuid,
) -> Result<Option<Role>> {
    let row = membership::Entity::find_by_id((workspace_id, user_id)).one(db).await?;
    row.map(|row| parse_role(&row.role)).transpose()
}

/// Every workspace the user belongs to, with the role there.
pub async fn memberships_of(db: &impl ConnectionTrait, user_id: Uuid) -> Result<Vec<(Uuid, Role)>> {
    let rows =
        membership::Entity::find().filter(membership::Column::UserId.eq(user_id)).all(db).await?;
    rows.into_iter().map(|row| Ok((row.workspace_id, parse_role(&row.role)?))).collect()
}

pub async fn list(db: &impl ConnectionTrait, workspace_id: Uuid) -> Result<Vec<Member>> {
    let rows = membership::Entity::find()
        .filter(membership::Column::WorkspaceId.eq(workspace_id))
        .find_also_related(user::Entity)
        .order_by_asc(membership::Column::CreatedAt)
        .all(db)
        .await?;
    rows.into_iter()
        .filter_map(|(membership, user)| user.map(|user| (membership, user)))
        .map(|(membership, user)| {
            Ok(Member {
                user: user.into(),
                role: parse_role(&membership.role)?,
                since: membership.created_at,
            })
        })
        .collect()
}

/// Adds `user_id` with `role`; a user already in the workspace is a conflict.
pub async fn add(
    db: &impl ConnectionTrait,
    workspace_id: Uuid,
    user_id: Uuid,
    role: Role,
) -> Result<()> {
    if role_of(db, workspace_id, user_id).await?.is_some() {
        return Err(Error::Conflict("this user is already a member of the workspace".to_owned()));
    }
    let now = Utc::now();
    membership::ActiveModel {
        workspace_id: Set(workspace_id),
        user_id: Set(user_id),
        role: Set(role.as_str().to_owned()),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(db)
    .await?;
    Ok(())
}

/// Changes a member's role; the last owner cannot be demoted.
pub async fn set_role(
    db: &DatabaseConnection,
    workspace_id: Uuid,
    user_id: Uuid,
    role: Role,
) -> Result<()> {
    let txn = lock_owners(db, workspace_id).await?;
    let result = async {
        let current = role_of(&txn, workspace_id, user_id)
            .await?
            .ok_or_else(|| Error::not_found("the member"))?;
        if current == Role::Owner && role != Role::Owner {
            ensure_another_owner(&txn, workspace_id).await?;
        }
        let row = membership::ActiveModel {
            workspace_id: Set(workspace_id),
            user_id: Set(user_id),
            role: Set(role.as_str().to_owned()),
            updated_at: Set(Utc::now()),
            ..Default::default()
        };
        row.update(&txn).await?;
        Ok(())
    }
    .await;
    db::finish(txn, result).await
}

/// Removes a member; the last owner cannot be removed.
pub async fn remove(db: &DatabaseConnection, workspace_id: Uuid, user_id: Uuid) -> Result<()> {
    let txn = lock_owners(db, workspace_id).await?;
    let result = async {
        let current = role_of(&txn, workspace_id, user_id)
            .await?
            .ok_or_else(|| Error::not_found("the member"))?;
        if current == Role::Owner {
            ensure_another_owner(&txn, workspace_id).await?;
        }
        membership::Entity::delete_by_id((workspace_id, user_id)).exec(&txn).await?;
        Ok(())
    }
    .await;
    db::finish(txn, result).await
}

/// Begins a write transaction in which nobody else can change the workspace's owners, so
/// "is there another owner?" and the change after it are one step: two owners demoting each
/// other at once cannot both pass the check. SQLite's `BEGIN IMMEDIATE` already admits one
/// writer at a time; PostgreSQL locks the workspace row until commit.
async fn lock_owners(db: &DatabaseConnection, workspace_id: Uuid) -> Result<DatabaseTransaction> {
    let txn = db::begin_write(db).await?;
    let locked = workspace::Entity::find_by_id(workspace_id).lock_exclusive().one(&txn).await;
    match locked {
        Ok(Some(_)) => Ok(txn),
        Ok(None) => Err(Error::not_found("the workspace")),
        Err(error) => Err(error.into()),
    }
}

async fn ensure_another_owner(db: &impl ConnectionTrait, workspace_id: Uuid) -> Result<()> {
    let owners = membership::Entity::find()
        .filter(membership::Column::WorkspaceId.eq(workspace_id))
        .filter(membership::Column::Role.eq(Role::Owner.as_str()))
        .count(db)
        .await?;
    if owners <= 1 {
        return Err(Error::Conflict("a workspace must keep at least one owner".to_owned()));
    }
    Ok(())
}
