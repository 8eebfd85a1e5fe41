//! The audit log rows content changes write, in the same transaction as the change.

use entity::audit_log;
use sea_orm::{ActiveValue::Set, ConnectionTrait, EntityTrait};
use serde_json::Value;
use uuid::Uuid;

use super::Scope;
use super::kind::EntryKind;
use super::values::now;
use crate::error::Result;

/// What was done to an entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    Create,
    Update,
    Delete,
    Restore {
        from_version: i32,
    },
    /// A workflow step: submit, approve, reject, publish, unpublish or archive.
    Workflow(&'static str),
    /// A published entry's medical review falls due soon, or is overdue: announced, not
    /// audited, since nothing in the entry changed.
    ReviewDue {
        overdue: bool,
    },
}

impl Action {
    pub fn verb(self) -> &'static str {
        match self {
            Action::Create => "create",
            Action::Update => "update",
            Action::Delete => "delete",
            Action::Restore { .. } => "restore",
            Action::Workflow(step) => step,
            Action::ReviewDue { .. } => "review_due",
        }
    }
}

/// Appends `kind.verb` (e.g. `treatment.update`) for entry `id` at `version`.
pub async fn record(
    db: &impl ConnectionTrait,
    scope: &Scope,
    kind: EntryKind,
    id: Uuid,
    action: Action,
    version: i32,
    extra: Value,
) -> Result<()> {
    let mut detail = serde_json::json!({ "version": version });
    if let Action::Restore { from_version } = action {
        detail["restored_from_version"] = from_version.into();
    }
    if let (Some(detail), Value::Object(extra)) = (detail.as_object_mut(), extra) {
        detail.extend(extra);
    }
    let row = audit_log::ActiveModel {
        id: Set(Uuid::now_v7()),
        workspace_id: Set(Some(scope.workspace_id)),
        actor_user_id: Set(Some(scope.actor)),
        actor_api_key_id: Set(None),
        action: Set(format!("{}.{}", kind.as_str(), action.verb())),
        entity_type: Set(Some(kind.as_str().to_owned())),
        entity_id: Set(Some(id)),
        detail: Set(detail),
        created_at: Set(now()),
        request_id: Set(scope.request_id.clone()),
    };
    audit_log::Entity::insert(row).exec_without_returning(db).await?;
    Ok(())
}
