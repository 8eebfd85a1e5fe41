//! The audit log rows content and settings changes write, in the same transaction as the
//! change.

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
    /// Patient photos whose consent ended were taken out of a published entry's snapshots.
    MediaWithdrawn,
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
            Action::MediaWithdrawn => "media_withdrawn",
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
    let action = format!("{}.{}", kind.as_str(), action.verb());
    insert(db, scope, action, kind.as_str(), id, detail).await
}

/// What a change to a workspace's settings, rather than to an entry, was made to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Setting {
    /// The workspace itself: its name, locales, CORS origins and review policy.
    Workspace,
    /// One of its claim rules, shipped or its own.
    ClaimRule,
}

impl Setting {
    pub fn as_str(self) -> &'static str {
        match self {
            Setting::Workspace => "workspace",
            Setting::ClaimRule => "claim_rule",
        }
    }
}

/// Appends `setting.verb` (e.g. `claim_rule.update`) for `id`, with what changed in `detail`.
pub async fn record_setting(
    db: &impl ConnectionTrait,
    scope: &Scope,
    (setting, id): (Setting, Uuid),
    verb: &str,
    detail: Value,
) -> Result<()> {
    let action = format!("{}.{verb}", setting.as_str());
    insert(db, scope, action, setting.as_str(), id, detail).await
}

/// The members of `after` that differ from `before`'s, each as `{"before": …, "after": …}`;
/// none when nothing differs.
pub fn changed(before: &Value, after: &Value) -> Option<Value> {
    let (Value::Object(before), Value::Object(after)) = (before, after) else {
        return (before != after).then(|| serde_json::json!({ "before": before, "after": after }));
    };
    let differing: serde_json::Map<_, _> = after
        .iter()
        .filter(|(name, value)| before.get(*name) != Some(value))
        .map(|(name, value)| {
            let was = before.get(name).cloned().unwrap_or(Value::Null);
            (name.clone(), serde_json::json!({ "before": was, "after": value }))
        })
        .collect();
    (!differing.is_empty()).then(|| differing.into())
}

async fn insert(
    db: &impl ConnectionTrait,
    scope: &Scope,
    action: String,
    entity_type: &str,
    id: Uuid,
    detail: Value,
) -> Result<()> {
    let row = audit_log::ActiveModel {
        id: Set(Uuid::now_v7()),
        workspace_id: Set(Some(scope.workspace_id)),
        actor_user_id: Set(Some(scope.actor)),
        actor_api_key_id: Set(None),
        action: Set(action),
        entity_type: Set(Some(entity_type.to_owned())),
        entity_id: Set(Some(id)),
        detail: Set(detail),
        created_at: Set(now()),
        request_id: Set(scope.request_id.clone()),
    };
    audit_log::Entity::insert(row).exec_without_returning(db).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::changed;

    #[test]
    fn changed_names_only_what_differs() {
        let before = json!({"name": "A", "locales": ["en"], "gone": 1});
        let after = json!({"name": "A", "locales": ["en", "fr"]});
        let expected = json!({"locales": {"before": ["en"], "after": ["en", "fr"]}});
        assert_eq!(changed(&before, &after), Some(expected));
        assert_eq!(changed(&after, &after), None);
    }
}
