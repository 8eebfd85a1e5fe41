//! Who is asking, for admin resolvers: the signed-in user (from the access token, checked by
//! actix before the query runs) and their membership of each workspace a field names.
//!
//! Every admin field takes `workspace` (a slug) the way every admin REST path does, and is
//! authorized the way `WorkspaceMember` authorizes a REST request: a workspace the user does
//! not belong to is NOT_FOUND, exactly like one that does not exist, and platform operators
//! act as owners everywhere.

use std::collections::HashMap;
use std::sync::Mutex;

use async_graphql::Context;
use sea_orm::DatabaseConnection;

use crate::accounts::users::User;
use crate::accounts::{members, workspaces};
use crate::auth::extract::WorkspaceMember;
use crate::auth::roles::{Permission, Role};
use crate::content::Scope;
use crate::delivery::DeliveryCaches;
use crate::error::{Error, Result};

/// The caller of one admin request, with the memberships resolved so far.
pub struct Admin {
    pub db: DatabaseConnection,
    pub user: User,
    /// Emptied when a workflow step changes what delivery serves, as REST does.
    pub delivery: DeliveryCaches,
    /// Memberships by workspace slug, so several fields on one workspace look it up once.
    members: Mutex<HashMap<String, WorkspaceMember>>,
}

impl Admin {
    pub fn new(db: DatabaseConnection, user: User, delivery: DeliveryCaches) -> Self {
        Self { db, user, delivery, members: Mutex::new(HashMap::new()) }
    }

    /// The request's admin context.
    pub fn of<'a>(ctx: &Context<'a>) -> Result<&'a Self> {
        ctx.data::<Self>().map_err(|_| Error::Internal("the admin context is missing".to_owned()))
    }

    /// The caller as a member of `workspace`, allowed `permission`: NOT_FOUND for a workspace
    /// they are not in, FORBIDDEN for a role that does not grant it.
    pub async fn member(&self, workspace: &str, permission: Permission) -> Result<WorkspaceMember> {
        let member = match self.remembered(workspace) {
            Some(member) => member,
            None => self.resolve(workspace).await?,
        };
        member.require(permission)?;
        Ok(member)
    }

    /// The content scope of `workspace` for an action needing `permission`.
    pub async fn scope(&self, workspace: &str, permission: Permission) -> Result<Scope> {
        let member = self.member(workspace, permission).await?;
        Ok(crate::rest::entry::scope(&member))
    }

    fn remembered(&self, workspace: &str) -> Option<WorkspaceMember> {
        self.members.lock().ok().and_then(|members| members.get(workspace).cloned())
    }

    async fn resolve(&self, slug: &str) -> Result<WorkspaceMember> {
        let not_found = || Error::NotFound(format!("workspace '{slug}' was not found"));
        let workspace = workspaces::find_by_slug(&self.db, slug).await?.ok_or_else(not_found)?;
        let role = match members::role_of(&self.db, workspace.id, self.user.id).await? {
            Some(role) => role,
            None if self.user.is_platform_admin => Role::Owner,
            None => return Err(not_found()),
        };
        let member = WorkspaceMember { user: self.user.clone(), workspace, role };
        if let Ok(mut members) = self.members.lock() {
            members.insert(slug.to_owned(), member.clone());
        }
        Ok(member)
    }
}
