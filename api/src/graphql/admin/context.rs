//! Who is asking, for admin resolvers: the signed-in user (from the access token, checked by
//! actix before the query runs) and their membership of each workspace a field names.
//!
//! Every admin field takes `workspace` (a slug) the way every admin REST path does, and is
//! authorized by the same [`WorkspaceMember::resolve`] as a REST request: a workspace the user
//! does not belong to is NOT_FOUND, exactly like one that does not exist, and platform
//! operators act as owners everywhere.

use std::collections::HashMap;
use std::sync::Mutex;

use async_graphql::Context;
use sea_orm::DatabaseConnection;

use crate::accounts::users::User;
use crate::auth::member::WorkspaceMember;
use crate::auth::roles::Permission;
use crate::content::{Content, Scope};
use crate::error::{Error, Result};
use crate::webhooks::Webhooks;

/// The caller of one admin request, with the memberships resolved so far.
pub struct Admin {
    pub content: Content,
    /// The webhook service REST calls too.
    pub webhooks: Webhooks,
    pub user: User,
    /// The id of the HTTP request, which the audit rows of its mutations record.
    request_id: Option<String>,
    /// Memberships by workspace slug, so several fields on one workspace look it up once.
    members: Mutex<HashMap<String, WorkspaceMember>>,
}

impl Admin {
    pub fn new(
        content: Content,
        webhooks: Webhooks,
        user: User,
        request_id: Option<String>,
    ) -> Self {
        Self { content, webhooks, user, request_id, members: Mutex::new(HashMap::new()) }
    }

    /// The request's admin context.
    pub fn of<'a>(ctx: &Context<'a>) -> Result<&'a Self> {
        ctx.data::<Self>().map_err(|_| Error::Internal("the admin context is missing".to_owned()))
    }

    /// The database, for reads that are not operations (lists, revisions).
    pub fn db(&self) -> &DatabaseConnection {
        self.content.db()
    }

    /// The caller as a member of `workspace`, allowed `permission`: NOT_FOUND for a workspace
    /// they are not in, FORBIDDEN for a role that does not grant it.
    pub async fn member(&self, workspace: &str, permission: Permission) -> Result<WorkspaceMember> {
        let member = match self.remembered(workspace) {
            Some(member) => member,
            None => {
                let mut member =
                    WorkspaceMember::resolve(self.db(), self.user.clone(), workspace).await?;
                member.request_id = self.request_id.clone();
                if let Ok(mut members) = self.members.lock() {
                    members.insert(workspace.to_owned(), member.clone());
                }
                member
            }
        };
        member.require(permission)?;
        Ok(member)
    }

    /// The content scope of `workspace` for an action needing `permission`.
    pub async fn scope(&self, workspace: &str, permission: Permission) -> Result<Scope> {
        Ok(self.member(workspace, permission).await?.scope())
    }

    fn remembered(&self, workspace: &str) -> Option<WorkspaceMember> {
        self.members.lock().ok().and_then(|members| members.get(workspace).cloned())
    }
}
