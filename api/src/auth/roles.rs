//! Roles within a workspace and what each may do. The README's permission table is this file.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// A member's role in one workspace; a user may hold different roles in different workspaces.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, utoipa::ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Viewer,
    Reviewer,
    Editor,
    Admin,
    Owner,
}

/// Something a member may be allowed to do in a workspace.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Permission {
    /// See entries in any state (drafts, reviews, revisions) through the admin API.
    ReadDrafts,
    /// Create, change, delete and restore entries.
    Edit,
    /// Send a draft to medical review.
    Submit,
    /// Approve or reject what is in review, recorded as the medical review.
    Approve,
    /// Publish, schedule, unpublish and archive.
    Publish,
    /// Add and remove members and change their roles.
    ManageMembers,
    /// Create and revoke delivery and preview keys.
    ManageApiKeys,
    /// Register and remove webhooks.
    ManageWebhooks,
    /// Change workspace settings (name, locales, CORS origins).
    ManageWorkspace,
    /// Read the audit log: who changed what, when.
    ReadAuditLog,
    /// Write the claim rules the claims check applies, and grade the shipped ones.
    ManageClaimRules,
}

impl Role {
    pub const ALL: [Role; 5] =
        [Role::Owner, Role::Admin, Role::Editor, Role::Reviewer, Role::Viewer];

    pub fn permits(self, permission: Permission) -> bool {
        use Permission::*;
        use Role::*;
        match permission {
            ReadDrafts => true,
            Edit | Submit => matches!(self, Owner | Admin | Editor),
            Approve | Publish | ManageClaimRules => matches!(self, Owner | Admin | Reviewer),
            ManageMembers | ManageApiKeys | ManageWebhooks | ManageWorkspace | ReadAuditLog => {
                matches!(self, Owner | Admin)
            }
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Owner => "owner",
            Role::Admin => "admin",
            Role::Editor => "editor",
            Role::Reviewer => "reviewer",
            Role::Viewer => "viewer",
        }
    }
}

impl Permission {
    /// The action in words, for 403 messages.
    pub fn describe(self) -> &'static str {
        match self {
            Permission::ReadDrafts => "read drafts",
            Permission::Edit => "edit entries",
            Permission::Submit => "submit entries for review",
            Permission::Approve => "approve reviews",
            Permission::Publish => "publish, unpublish or archive",
            Permission::ManageMembers => "manage members",
            Permission::ManageApiKeys => "manage API keys",
            Permission::ManageWebhooks => "manage webhooks",
            Permission::ManageWorkspace => "change workspace settings",
            Permission::ReadAuditLog => "read the audit log",
            Permission::ManageClaimRules => "manage claim rules",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Role {
    type Err = String;

    fn from_str(value: &str) -> Result<Self, Self::Err> {
        Role::ALL.into_iter().find(|role| role.as_str() == value).ok_or_else(|| {
            format!("unknown role {value:?}; expected owner, admin, editor, reviewer or viewer")
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_editor_may_submit_but_not_publish() {
        assert!(Role::Editor.permits(Permission::Submit));
        assert!(!Role::Editor.permits(Permission::Publish));
    }

    #[test]
    fn a_reviewer_may_approve_and_publish_but_not_edit() {
        assert!(Role::Reviewer.permits(Permission::Approve));
        assert!(Role::Reviewer.permits(Permission::Publish));
        assert!(!Role::Reviewer.permits(Permission::Edit));
    }

    #[test]
    fn a_viewer_may_only_read() {
        assert!(Role::Viewer.permits(Permission::ReadDrafts));
        assert!(!Role::Viewer.permits(Permission::Edit));
        assert!(!Role::Viewer.permits(Permission::ManageApiKeys));
    }

    #[test]
    fn every_role_round_trips_through_its_name() {
        for role in Role::ALL {
            assert_eq!(role.as_str().parse::<Role>(), Ok(role));
        }
        assert!("superuser".parse::<Role>().is_err());
    }
}
