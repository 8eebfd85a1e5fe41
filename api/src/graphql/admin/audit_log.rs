//! The audit log in the admin schema: REST's `GET .../audit-log`, as `auditLog`, for owners
//! and admins, with the same filters, paging and errors.

use async_graphql::{Context, Object, SimpleObject};
use serde_json::Value;
use uuid::Uuid;

use super::context::Admin;
use super::paging::Paged;
use super::revisions::Kind;
use crate::auth::roles::Permission;
use crate::content::audit_log::{self, AuditFilter, AuditQuery};
use crate::graphql::errors::renamed;
use crate::graphql::types::DateTime;

type Result<T, E = async_graphql::Error> = std::result::Result<T, E>;

/// One audited action.
#[derive(Clone, Debug, SimpleObject)]
pub struct AuditEntry {
    pub id: Uuid,
    /// `<kind>.<verb>`, e.g. `treatment.publish`, or `claim_rule.update` and
    /// `workspace.update` for the workspace's settings (`detail.changed` says what).
    pub action: String,
    pub actor: Option<AuditActor>,
    pub entry: Option<AuditedEntry>,
    pub at: DateTime,
    /// The `X-Request-Id` of the request that did it; null for the scheduler and imports.
    pub request_id: Option<String>,
    /// Further facts: the note given, the version restored from.
    pub detail: Value,
}

/// Who acted: a user (with email and name while the account exists) or an API key.
#[derive(Clone, Debug, SimpleObject)]
pub struct AuditActor {
    /// `user` or `api_key`.
    pub kind: String,
    pub id: Uuid,
    pub email: Option<String>,
    pub display_name: Option<String>,
}

/// The entry acted on, with the version the action left it at; for a settings change, the
/// workspace or the claim rule changed.
#[derive(Clone, Debug, SimpleObject)]
pub struct AuditedEntry {
    /// `treatment`, `condition`, `clinic`, `offering`, `workspace` or `claim_rule`.
    pub kind: String,
    pub id: Uuid,
    /// The entry's slug now; null once it is deleted, and for offerings.
    pub slug: Option<String>,
    pub version: Option<i64>,
}

impl From<audit_log::AuditEntry> for AuditEntry {
    fn from(row: audit_log::AuditEntry) -> Self {
        Self {
            id: row.id,
            action: row.action,
            actor: row.actor.map(|actor| AuditActor {
                kind: actor.kind,
                id: actor.id,
                email: actor.email,
                display_name: actor.display_name,
            }),
            entry: row.entry.map(|entry| AuditedEntry {
                kind: entry.kind,
                id: entry.id,
                slug: entry.slug,
                version: entry.version,
            }),
            at: row.at.into(),
            request_id: row.request_id,
            detail: row.detail,
        }
    }
}

/// The stored name of `kind`.
fn kind_name(kind: Kind) -> &'static str {
    match kind {
        Kind::Treatment => "treatment",
        Kind::Condition => "condition",
        Kind::Clinic => "clinic",
        Kind::Offering => "offering",
    }
}

#[derive(Default)]
pub struct AuditQueries;

#[Object]
impl AuditQueries {
    /// The workspace's audit log, newest first (owners and admins).
    #[allow(clippy::too_many_arguments)]
    async fn audit_log(
        &self,
        ctx: &Context<'_>,
        workspace: String,
        #[graphql(desc = "A user id, a user's email, or an API key id.")] actor: Option<String>,
        #[graphql(desc = "An entry's id, or its slug.")] entry: Option<String>,
        kind: Option<Kind>,
        #[graphql(desc = "`treatment.publish`, or a verb for every kind (`publish`).")]
        action: Option<String>,
        #[graphql(desc = "At or after this time (RFC 3339).")] since: Option<String>,
        #[graphql(desc = "Before this time (RFC 3339).")] until: Option<String>,
        #[graphql(desc = "Page size, 1–100 (default 20).")] first: Option<i32>,
        #[graphql(desc = "`pageInfo.endCursor` of the previous page.")] after: Option<String>,
    ) -> Result<Paged<AuditEntry>> {
        let admin = Admin::of(ctx)?;
        let member = admin.member(&workspace, Permission::ReadAuditLog).await?;
        let query = AuditQuery {
            actor,
            entry,
            kind: kind.map(|kind| kind_name(kind).to_owned()),
            action,
            since,
            until,
            cursor: after,
            limit: first.map(|first| first.to_string()),
        };
        let filter = AuditFilter::parse(&query).map_err(renamed)?;
        let page = audit_log::list(admin.db(), member.workspace.id, &filter).await?;
        Ok(Paged::from_page(page))
    }
}
