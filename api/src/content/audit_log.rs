//! Reading the audit log of one workspace: who did what to which entry, at which version, when,
//! in which request. Newest first, keyset-paginated on (time, id) like every admin list; rows
//! of another workspace are never read.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use entity::{audit_log, clinic, condition, treatment, user};
use sea_orm::sea_query::{Expr, ExprTrait, LikeExpr};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::kind::EntryKind;
use super::pagination::{Page, PageRequest, updated_at_key};
use super::validation::Errors;
use crate::error::Result;
use crate::validated::rules::{self, Rule};

/// Longest `action` filter.
const MAX_ACTION: usize = 64;
/// Longest `actor` or `entry` filter, in characters: an email's longest.
const MAX_REFERENCE: usize = 320;

/// The rules [`AuditFilter::parse`] applies to query parameter `name`, for the OpenAPI
/// document (an empty value is no filter).
pub fn parameter_rules(name: &str) -> Vec<Rule> {
    match name {
        "kind" => {
            let mut kinds = vec![""];
            kinds.extend(EntryKind::ALL.map(EntryKind::as_str));
            vec![Rule::OneOf(kinds)]
        }
        "action" => vec![rules::pattern(format!("^[a-z_.]{{0,{MAX_ACTION}}}$"))],
        "actor" | "entry" => vec![Rule::MaxLength(MAX_REFERENCE)],
        _ => Vec::new(),
    }
}

/// Filters and paging of the audit log, as they arrive.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditQuery {
    /// Only what this actor did: a user id, a user's email, or an API key id.
    #[param(example = "owner@northlight.example")]
    pub actor: Option<String>,
    /// Only rows about this entry: its id, or its slug (any kind unless `kind` says).
    #[param(example = "microneedling")]
    pub entry: Option<String>,
    /// Only rows about entries of this kind: `treatment`, `condition`, `clinic` or `offering`.
    #[param(example = "treatment")]
    pub kind: Option<String>,
    /// Only this action: `treatment.publish`, `claim_rule.update`, or a verb for every kind
    /// (`publish`).
    #[param(example = "publish")]
    pub action: Option<String>,
    /// Only rows at or after this time (RFC 3339).
    #[param(value_type = Option<DateTime<Utc>>, example = "2026-12-01T00:00:00Z")]
    pub since: Option<String>,
    /// Only rows before this time (RFC 3339).
    #[param(value_type = Option<DateTime<Utc>>)]
    pub until: Option<String>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
    /// Rows per page, 1–100 (default 20).
    #[param(value_type = Option<u32>, example = 20)]
    pub limit: Option<String>,
}

/// One audited action.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct AuditEntry {
    pub id: Uuid,
    /// `<kind>.<verb>`: create, update, delete, restore, submit, approve, reject, publish,
    /// unpublish or archive of an entry; `claim_rule.create`, `claim_rule.update`,
    /// `claim_rule.delete` and `workspace.update` of the workspace's settings, whose `detail`
    /// says what changed (`before` and `after`).
    #[schema(example = "treatment.publish")]
    pub action: String,
    pub actor: Option<AuditActor>,
    pub entry: Option<AuditedEntry>,
    pub at: DateTime<Utc>,
    /// The `X-Request-Id` of the request that did it; null for the scheduler and imports.
    #[schema(example = "5f0c2f1e-8d3e-4f7e-9a51-3c1f2a9b7d10")]
    pub request_id: Option<String>,
    /// Further facts: the note given, the version restored from.
    #[schema(value_type = Object)]
    pub detail: serde_json::Value,
}

/// Who acted: a user (with their email and name while the account exists) or an API key.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct AuditActor {
    /// `user` or `api_key`.
    #[schema(example = "user")]
    pub kind: String,
    pub id: Uuid,
    pub email: Option<String>,
    pub display_name: Option<String>,
}

/// The entry acted on, with the version the action left it at; for a settings change, the
/// workspace or the claim rule changed.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct AuditedEntry {
    /// `treatment`, `condition`, `clinic`, `offering`, `workspace` or `claim_rule`.
    #[schema(example = "treatment")]
    pub kind: String,
    pub id: Uuid,
    /// The entry's slug now; null once it is deleted, and for offerings.
    #[schema(example = "microneedling")]
    pub slug: Option<String>,
    pub version: Option<i64>,
}

/// A validated audit query.
#[derive(Clone, Debug)]
pub struct AuditFilter {
    actor: Option<String>,
    entry: Option<String>,
    kind: Option<EntryKind>,
    action: Option<String>,
    since: Option<DateTime<Utc>>,
    until: Option<DateTime<Utc>>,
    page: PageRequest,
}

impl AuditFilter {
    /// Checks every parameter, naming each that is wrong.
    pub fn parse(query: &AuditQuery) -> Result<Self> {
        let mut errors = Errors::new();
        let text = given;
        let kind = text(&query.kind).and_then(|raw| {
            let kind = EntryKind::parse(raw);
            if kind.is_none() {
                errors.add("kind", "must be treatment, condition, clinic or offering");
            }
            kind
        });
        let action = text(&query.action).map(str::to_owned);
        if action.as_deref().is_some_and(|a| a.len() > MAX_ACTION || !a.chars().all(action_char)) {
            errors.add("action", "must be an action such as treatment.publish, or a verb");
        }
        let mut time = |field: &str, raw: Option<&str>| {
            raw.and_then(|raw| match DateTime::parse_from_rfc3339(raw) {
                Ok(at) => Some(at.with_timezone(&Utc)),
                Err(_) => {
                    errors.add(field, "must be an RFC 3339 time such as 2026-12-01T09:00:00Z");
                    None
                }
            })
        };
        // A time is not a text filter: empty is not a time (the document says `date-time`).
        let (since, until) =
            (time("since", query.since.as_deref()), time("until", query.until.as_deref()));
        for (field, value) in [("actor", text(&query.actor)), ("entry", text(&query.entry))] {
            if value.is_some_and(|v| v.chars().count() > MAX_REFERENCE || v.contains('\0')) {
                errors.add(field, "must be an id, an email or a slug");
            }
        }
        let (limit, cursor) = (query.limit.as_deref(), query.cursor.as_deref());
        let page = PageRequest::parse(&mut errors, limit, cursor, None, None);
        let (actor, entry) =
            (text(&query.actor).map(str::to_owned), text(&query.entry).map(str::to_owned));
        errors.finish(Self { actor, entry, kind, action, since, until, page })
    }

    /// Every row from `since` on, oldest first, `limit` at a time (for `cutis audit export`).
    pub fn oldest_first(since: Option<DateTime<Utc>>, cursor: Option<&str>) -> Result<Self> {
        let mut errors = Errors::new();
        let page = PageRequest::parse(&mut errors, Some("100"), cursor, None, Some("asc"));
        let (actor, entry, kind, action, until) = (None, None, None, None, None);
        errors.finish(Self { actor, entry, kind, action, since, until, page })
    }
}

/// A parameter's value, trimmed; none when absent or blank.
/// A filter as given: an empty one filters nothing. Nothing is trimmed, so a value is
/// checked exactly as the OpenAPI document states it.
fn given(value: &Option<String>) -> Option<&str> {
    value.as_deref().filter(|value| !value.is_empty())
}

/// Letters, `_` and dots: no action holds anything else, and `%` would be a LIKE wildcard
/// (`_` is escaped where an action is matched by its verb).
fn action_char(c: char) -> bool {
    c.is_ascii_lowercase() || c == '.' || c == '_'
}

/// One page of `workspace`'s audit log as `filter` asks.
pub async fn list(
    db: &impl ConnectionTrait,
    workspace: Uuid,
    filter: &AuditFilter,
) -> Result<Page<AuditEntry>> {
    let mut select = audit_log::Entity::find().filter(audit_log::Column::WorkspaceId.eq(workspace));
    if let Some(actor) = &filter.actor {
        let ids = actor_ids(db, actor).await?;
        select = select.filter(
            audit_log::Column::ActorUserId
                .is_in(ids.clone())
                .or(audit_log::Column::ActorApiKeyId.is_in(ids)),
        );
    }
    if let Some(entry) = &filter.entry {
        let ids = entry_ids(db, workspace, entry, filter.kind).await?;
        select = select.filter(audit_log::Column::EntityId.is_in(ids));
    }
    if let Some(kind) = filter.kind {
        select = select.filter(audit_log::Column::EntityType.eq(kind.as_str()));
    }
    if let Some(action) = &filter.action {
        select = if action.contains('.') {
            select.filter(audit_log::Column::Action.eq(action.as_str()))
        } else {
            let verb = format!("%.{}", action.replace('_', "\\_"));
            select.filter(audit_log::Column::Action.like(LikeExpr::new(verb).escape('\\')))
        };
    }
    if let Some(since) = filter.since {
        select = select.filter(audit_log::Column::CreatedAt.gte(since));
    }
    if let Some(until) = filter.until {
        select = select.filter(audit_log::Column::CreatedAt.lt(until));
    }
    let at = Expr::col((audit_log::Entity, audit_log::Column::CreatedAt));
    let rows = filter.page.apply(select, at, audit_log::Column::Id).all(db).await?;
    let names = Names::of(db, &rows).await?;
    Ok(filter.page.finish(
        rows,
        |row| (updated_at_key(&row.created_at), row.id),
        |row| names.entry(row),
    ))
}

/// The ids an `actor` parameter names: itself when it is an id, the user's when an email.
async fn actor_ids(db: &impl ConnectionTrait, actor: &str) -> Result<Vec<Uuid>> {
    if let Ok(id) = Uuid::parse_str(actor) {
        return Ok(vec![id]);
    }
    let found = user::Entity::find()
        .select_only()
        .column(user::Column::Id)
        .filter(Expr::col(user::Column::Email).eq(actor.to_lowercase()))
        .into_tuple::<Uuid>()
        .all(db)
        .await?;
    Ok(found)
}

/// The ids an `entry` parameter names: itself when it is an id, else the workspace's entries
/// with that slug (of `kind`, when given).
async fn entry_ids(
    db: &impl ConnectionTrait,
    workspace: Uuid,
    entry: &str,
    kind: Option<EntryKind>,
) -> Result<Vec<Uuid>> {
    if let Ok(id) = Uuid::parse_str(entry) {
        return Ok(vec![id]);
    }
    let wanted = |candidate: EntryKind| kind.is_none_or(|kind| kind == candidate);
    let mut ids = Vec::new();
    macro_rules! by_slug {
        ($module:ident, $kind:expr) => {
            if wanted($kind) {
                let found = $module::Entity::find()
                    .select_only()
                    .column($module::Column::Id)
                    .filter($module::Column::WorkspaceId.eq(workspace))
                    .filter($module::Column::Slug.eq(entry))
                    .into_tuple::<Uuid>()
                    .all(db)
                    .await?;
                ids.extend(found);
            }
        };
    }
    by_slug!(treatment, EntryKind::Treatment);
    by_slug!(condition, EntryKind::Condition);
    by_slug!(clinic, EntryKind::Clinic);
    Ok(ids)
}

/// The users and entry slugs a page of rows names, each looked up once.
struct Names {
    users: HashMap<Uuid, (String, String)>,
    slugs: HashMap<Uuid, String>,
}

impl Names {
    async fn of(db: &impl ConnectionTrait, rows: &[audit_log::Model]) -> Result<Self> {
        let user_ids: Vec<Uuid> = rows.iter().filter_map(|row| row.actor_user_id).collect();
        let users = user::Entity::find()
            .filter(user::Column::Id.is_in(user_ids))
            .all(db)
            .await?
            .into_iter()
            .map(|user| (user.id, (user.email, user.display_name)))
            .collect();
        let entry_ids: Vec<Uuid> = rows.iter().filter_map(|row| row.entity_id).collect();
        let mut slugs = HashMap::new();
        macro_rules! slugs_of {
            ($module:ident) => {
                let found = $module::Entity::find()
                    .select_only()
                    .column($module::Column::Id)
                    .column($module::Column::Slug)
                    .filter($module::Column::Id.is_in(entry_ids.clone()))
                    .into_tuple::<(Uuid, String)>()
                    .all(db)
                    .await?;
                slugs.extend(found);
            };
        }
        slugs_of!(treatment);
        slugs_of!(condition);
        slugs_of!(clinic);
        Ok(Self { users, slugs })
    }

    fn entry(&self, row: audit_log::Model) -> AuditEntry {
        let actor = match (row.actor_user_id, row.actor_api_key_id) {
            (Some(id), _) => {
                let known = self.users.get(&id);
                Some(AuditActor {
                    kind: "user".to_owned(),
                    id,
                    email: known.map(|(email, _)| email.clone()),
                    display_name: known.map(|(_, name)| name.clone()),
                })
            }
            (None, Some(id)) => {
                Some(AuditActor { kind: "api_key".to_owned(), id, email: None, display_name: None })
            }
            (None, None) => None,
        };
        let entry = row.entity_id.map(|id| AuditedEntry {
            kind: row.entity_type.clone().unwrap_or_default(),
            id,
            slug: self.slugs.get(&id).cloned(),
            version: row.detail["version"].as_i64(),
        });
        AuditEntry {
            id: row.id,
            action: row.action,
            actor,
            entry,
            at: row.created_at,
            request_id: row.request_id,
            detail: row.detail,
        }
    }
}
