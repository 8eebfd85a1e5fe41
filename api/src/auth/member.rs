//! A signed-in user acting in one workspace: how every face turns "this user, this workspace
//! slug" into a member with a role, and a member into the content service's [`Scope`].

use sea_orm::ConnectionTrait;

use super::roles::{Permission, Role};
use crate::accounts::users::User;
use crate::accounts::{members, workspaces};
use crate::content::Scope;
use crate::error::{Error, Result};

/// A user acting in a workspace. A workspace the user does not belong to is 404, exactly like
/// one that does not exist.
#[derive(Clone, Debug)]
pub struct WorkspaceMember {
    pub user: User,
    pub workspace: workspaces::Workspace,
    pub role: Role,
    /// The id of the request acting, which its changes' audit rows record.
    pub request_id: Option<String>,
}

impl WorkspaceMember {
    /// `user` as a member of the workspace `slug`: NOT_FOUND when there is no such workspace
    /// or the user is not in it. Platform operators act as owners of every workspace.
    pub async fn resolve(db: &impl ConnectionTrait, user: User, slug: &str) -> Result<Self> {
        let not_found = || Error::NotFound(format!("workspace '{slug}' was not found"));
        let workspace = workspaces::find_by_slug(db, slug).await?.ok_or_else(not_found)?;
        let role = match members::role_of(db, workspace.id, user.id).await? {
            Some(role) => role,
            None if user.is_platform_admin => Role::Owner,
            None => return Err(not_found()),
        };
        Ok(Self { user, workspace, role, request_id: None })
    }

    /// 403 unless the member's role grants `permission`.
    pub fn require(&self, permission: Permission) -> Result<()> {
        if self.role.permits(permission) {
            Ok(())
        } else {
            Err(Error::Forbidden(format!(
                "the {} role may not {}",
                self.role,
                permission.describe()
            )))
        }
    }

    /// The content scope of the member: their workspace, its locales, and them as actor.
    pub fn scope(&self) -> Scope {
        Scope {
            request_id: self.request_id.clone(),
            ..Scope::of_workspace(&self.workspace, self.user.id)
        }
    }
}
