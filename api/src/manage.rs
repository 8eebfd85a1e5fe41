//! What owners and admins do to their workspace, for every face (REST and the web admin): the
//! account rules of each change, and what must follow it — replicas forgetting cached keys,
//! the CORS origins reloaded. Callers check the member's permission first. It lives beside the
//! application state rather than in `accounts/`, which knows only the database: the
//! follow-ups need the state's caches.

use sea_orm::TransactionTrait;
use uuid::Uuid;

use crate::accounts::invitations::{self, Invitation};
use crate::accounts::workspaces::{self, Workspace, WorkspaceChanges};
use crate::accounts::{api_keys, members};
use crate::auth::extract::WorkspaceMember;
use crate::auth::roles::Role;
use crate::content::Scope;
use crate::content::audit::{self, Setting};
use crate::delivery::notify::{self, Change};
use crate::error::{Error, Result};
use crate::state::AppState;
use crate::validated::Email;

/// Only owners may make owners or change what an owner is.
pub fn ensure_may_assign(
    actor: &WorkspaceMember,
    current: Option<Role>,
    wanted: Role,
) -> Result<()> {
    let touches_owner = wanted == Role::Owner || current == Some(Role::Owner);
    if touches_owner && actor.role != Role::Owner {
        return Err(Error::Forbidden(
            "only an owner may grant or change the owner role".to_owned(),
        ));
    }
    Ok(())
}

/// The role member `user_id` holds now; `404` for someone who is not a member.
async fn current_role(state: &AppState, actor: &WorkspaceMember, user_id: Uuid) -> Result<Role> {
    members::role_of(&state.db, actor.workspace.id, user_id)
        .await?
        .ok_or_else(|| Error::not_found("the member"))
}

/// `actor` gives member `user_id` the role `role`. The last owner keeps theirs.
pub async fn change_role(
    state: &AppState,
    actor: &WorkspaceMember,
    user_id: Uuid,
    role: Role,
) -> Result<()> {
    let current = current_role(state, actor, user_id).await?;
    ensure_may_assign(actor, Some(current), role)?;
    members::set_role(&state.db, actor.workspace.id, user_id, role).await
}

/// `actor` removes member `user_id` (their account stays). The last owner stays.
pub async fn remove_member(state: &AppState, actor: &WorkspaceMember, user_id: Uuid) -> Result<()> {
    let current = current_role(state, actor, user_id).await?;
    ensure_may_assign(actor, Some(current), current)?;
    members::remove(&state.db, actor.workspace.id, user_id).await
}

/// `actor` invites `email` with `role`: the invitation and its token, shown this once.
pub async fn invite(
    state: &AppState,
    actor: &WorkspaceMember,
    email: &Email,
    role: Role,
) -> Result<(Invitation, String)> {
    ensure_may_assign(actor, None, role)?;
    let workspace = actor.workspace.id;
    invitations::create(&state.db, workspace, email, role, Some(actor.user.id)).await
}

/// `actor` revokes pending invitation `id`: its token stops working.
pub async fn revoke_invitation(state: &AppState, actor: &WorkspaceMember, id: Uuid) -> Result<()> {
    let invitation = invitations::get_pending(&state.db, actor.workspace.id, id).await?;
    ensure_may_assign(actor, None, invitation.role)?;
    invitations::revoke(&state.db, actor.workspace.id, id).await
}

/// Revokes key `id` of `workspace`; every replica stops accepting it at once.
pub async fn revoke_key(state: &AppState, workspace: Uuid, id: Uuid) -> Result<()> {
    api_keys::revoke(&state.db, workspace, id).await?;
    forget(state, Change::Keys(workspace)).await
}

/// Applies `changes` to the scope's workspace, audited as `workspace.update` with what
/// changed. The CORS origins and the keys' cached workspace follow, and every replica drops
/// the delivery answers cached under the old settings (a default locale, a review policy that
/// withdraws overdue entries).
pub async fn update_workspace(
    state: &AppState,
    scope: &Scope,
    changes: WorkspaceChanges,
) -> Result<Workspace> {
    let txn = state.db.begin().await?;
    let before = workspaces::get(&txn, scope.workspace_id).await?;
    let workspace = workspaces::update(&txn, scope.workspace_id, changes).await?;
    let changed = audit::changed(&audited(&before), &audited(&workspace));
    if let Some(changed) = &changed {
        let detail = serde_json::json!({ "changed": changed });
        let subject = (Setting::Workspace, workspace.id);
        audit::record_setting(&txn, scope, subject, "update", detail).await?;
    }
    txn.commit().await?;
    if changed.is_some() {
        forget(state, Change::Content(workspace.id)).await?;
    }
    state.cors.reload(&state.db).await?;
    forget(state, Change::Keys(workspace.id)).await?;
    Ok(workspace)
}

/// The settings of a workspace its audit rows compare.
fn audited(workspace: &Workspace) -> serde_json::Value {
    serde_json::json!({
        "name": workspace.name,
        "default_locale": workspace.default_locale,
        "locales": workspace.locales,
        "cors_origins": workspace.cors_origins,
        "governance": workspace.governance,
    })
}

/// Makes this and every other replica forget what `change` made stale: keys (a revoked key
/// must stop working at once) or a workspace's cached delivery answers.
async fn forget(state: &AppState, change: Change) -> Result<()> {
    notify::apply(&state.delivery, change);
    notify::announce(&state.db, change).await
}
