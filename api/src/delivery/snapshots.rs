//! Reading published snapshots: the only data the delivery APIs see, so drafts cannot leak.
//!
//! Every entry has one snapshot per locale it was published in. A request for a locale the
//! entry lacks falls back to the workspace's default locale, for single reads and for lists
//! (where the fallback is part of the query, so filters and pagination honour it).

use chrono::{DateTime, Utc};
use entity::{published_link, published_snapshot};
use sea_orm::sea_query::{Alias, Condition, Expr, ExprTrait, Query};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use serde_json::Value;
use uuid::Uuid;

use crate::accounts::workspaces::Workspace;
use crate::error::Result;

/// The kinds of published entries, as stored in `published_snapshots.entity_type`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SnapshotKind {
    Treatment,
    Condition,
    Clinic,
}

impl SnapshotKind {
    pub fn as_str(self) -> &'static str {
        match self {
            SnapshotKind::Treatment => "treatment",
            SnapshotKind::Condition => "condition",
            SnapshotKind::Clinic => "clinic",
        }
    }
}

/// One published document in the locale it is served in.
#[derive(Clone, Debug)]
pub struct Snapshot {
    pub entity_id: Uuid,
    pub slug: String,
    pub locale: String,
    pub document: Value,
    pub published_at: DateTime<Utc>,
}

impl From<published_snapshot::Model> for Snapshot {
    fn from(row: published_snapshot::Model) -> Self {
        Self {
            entity_id: row.entity_id,
            slug: row.slug,
            locale: row.locale,
            document: row.document,
            published_at: row.published_at,
        }
    }
}

/// The published `slug` in `locale`, or in the workspace default when it has no such locale.
pub async fn find(
    db: &impl ConnectionTrait,
    workspace: &Workspace,
    kind: SnapshotKind,
    slug: &str,
    locale: &str,
) -> Result<Option<Snapshot>> {
    let rows = published_snapshot::Entity::find()
        .filter(published_snapshot::Column::WorkspaceId.eq(workspace.id))
        .filter(published_snapshot::Column::EntityType.eq(kind.as_str()))
        .filter(published_snapshot::Column::Slug.eq(slug))
        .filter(locale_or_default(locale, &workspace.default_locale))
        .all(db)
        .await?;
    let preferred = rows.iter().position(|row| row.locale == locale);
    Ok(preferred.or((!rows.is_empty()).then_some(0)).map(|i| rows[i].clone().into()))
}

/// `locale` or the default. One locale is an equality, which PostgreSQL turns into a probe of
/// the (workspace, kind, locale, slug) index whatever its statistics say; `IN` of two it only
/// probes once the table has been analysed, and scans every slug of the kind until then.
fn locale_or_default(locale: &str, default: &str) -> sea_orm::sea_query::SimpleExpr {
    let column = published_snapshot::Column::Locale;
    if locale == default { column.eq(locale) } else { column.is_in([locale, default]) }
}

/// Filters of a delivery list.
#[derive(Clone, Debug, Default)]
pub struct ListFilter {
    /// Only entries linked to this condition slug (treatments).
    pub condition: Option<String>,
    /// Only these slugs (a clinic's offered treatments).
    pub slugs: Option<Vec<String>>,
    /// Only entries whose searchable text contains this, case-insensitively.
    pub text: Option<String>,
}

/// One page of published `kind` in `locale` (with fallback), ordered by slug, after `after`.
/// Returns one row more than `limit` when there is a next page.
pub async fn list(
    db: &impl ConnectionTrait,
    workspace: &Workspace,
    kind: SnapshotKind,
    locale: &str,
    filter: &ListFilter,
    after: Option<&str>,
    limit: u64,
) -> Result<Vec<Snapshot>> {
    let mut select = published_snapshot::Entity::find()
        .filter(published_snapshot::Column::WorkspaceId.eq(workspace.id))
        .filter(published_snapshot::Column::EntityType.eq(kind.as_str()))
        .filter(locale_with_fallback(locale, &workspace.default_locale));
    if let Some(condition) = &filter.condition {
        select = select.filter(linked_to_condition(condition));
    }
    if let Some(slugs) = &filter.slugs {
        select = select.filter(published_snapshot::Column::Slug.is_in(slugs.iter().cloned()));
    }
    if let Some(text) = filter.text.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        let pattern = format!("%{}%", escape_like(&text.to_lowercase()));
        select = select.filter(
            Expr::col(published_snapshot::Column::SearchText)
                .like(sea_orm::sea_query::LikeExpr::new(pattern).escape('\\')),
        );
    }
    if let Some(after) = after {
        select = select.filter(published_snapshot::Column::Slug.gt(after));
    }
    let rows =
        select.order_by_asc(published_snapshot::Column::Slug).limit(limit + 1).all(db).await?;
    Ok(rows.into_iter().map(Snapshot::from).collect())
}

/// `locale = requested`, or `locale = default` for entries that have no `requested` snapshot.
fn locale_with_fallback(requested: &str, default: &str) -> Condition {
    let column = published_snapshot::Column::Locale;
    if requested == default {
        return Condition::all().add(column.eq(default));
    }
    let other = Alias::new("translated");
    let has_requested = Query::select()
        .expr(Expr::val(1))
        .from_as(published_snapshot::Entity, other.clone())
        .and_where(
            Expr::col((other.clone(), published_snapshot::Column::WorkspaceId))
                .equals((published_snapshot::Entity, published_snapshot::Column::WorkspaceId)),
        )
        .and_where(
            Expr::col((other.clone(), published_snapshot::Column::EntityId))
                .equals((published_snapshot::Entity, published_snapshot::Column::EntityId)),
        )
        // The same kind, so the lookup is one probe of (entity_type, entity_id), not a scan.
        .and_where(
            Expr::col((other.clone(), published_snapshot::Column::EntityType))
                .equals((published_snapshot::Entity, published_snapshot::Column::EntityType)),
        )
        .and_where(Expr::col((other, published_snapshot::Column::Locale)).eq(requested))
        .to_owned();
    Condition::any()
        .add(column.eq(requested))
        .add(Condition::all().add(column.eq(default)).add(Expr::exists(has_requested).not()))
}

fn linked_to_condition(condition: &str) -> Condition {
    let linked = Query::select()
        .expr(Expr::val(1))
        .from(published_link::Entity)
        .and_where(
            Expr::col((published_link::Entity, published_link::Column::EntityId))
                .equals((published_snapshot::Entity, published_snapshot::Column::EntityId)),
        )
        .and_where(published_link::Column::EntityType.eq(SnapshotKind::Treatment.as_str()))
        .and_where(published_link::Column::Relation.eq("condition"))
        .and_where(published_link::Column::TargetSlug.eq(condition))
        .to_owned();
    Condition::all().add(Expr::exists(linked))
}

/// Published treatments linked to `condition`, in `locale` with fallback, by slug.
pub async fn treatments_for_condition(
    db: &impl ConnectionTrait,
    workspace: &Workspace,
    condition: &str,
    locale: &str,
) -> Result<Vec<Snapshot>> {
    let filter = ListFilter { condition: Some(condition.to_owned()), ..ListFilter::default() };
    list(db, workspace, SnapshotKind::Treatment, locale, &filter, None, 500).await
}

fn escape_like(text: &str) -> String {
    text.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_")
}

/// The slug entry `id` is published under, if it is published.
pub async fn slug_of(
    db: &impl ConnectionTrait,
    workspace: &Workspace,
    kind: SnapshotKind,
    id: Uuid,
) -> Result<Option<String>> {
    let slug = published_snapshot::Entity::find()
        .select_only()
        .column(published_snapshot::Column::Slug)
        .filter(published_snapshot::Column::WorkspaceId.eq(workspace.id))
        .filter(published_snapshot::Column::EntityType.eq(kind.as_str()))
        .filter(published_snapshot::Column::EntityId.eq(id))
        .into_tuple::<String>()
        .one(db)
        .await?;
    Ok(slug)
}
