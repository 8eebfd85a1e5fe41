//! Drafts for preview keys (`?preview=true`): the current state of each entry, rendered by the
//! same code that publishes, so a preview shows exactly what publishing would. Never cached.

use entity::{clinic, condition, treatment, treatment_condition};
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use uuid::Uuid;

use super::snapshots::{ListFilter, Snapshot, SnapshotKind};
use crate::accounts::workspaces::Workspace;
use crate::content::Scope;
use crate::content::Status;
use crate::content::kind::PublishedKind;
use crate::content::publishing::{self, render::Rendition};
use crate::content::values::now;
use crate::error::Result;

/// Entries are fetched in batches of this many while a text filter drops some.
const BATCH: u64 = 100;

fn scope(workspace: &Workspace) -> Scope {
    Scope::of_workspace(workspace, Uuid::nil())
}

fn published_kind(kind: SnapshotKind) -> PublishedKind {
    match kind {
        SnapshotKind::Treatment => PublishedKind::Treatment,
        SnapshotKind::Condition => PublishedKind::Condition,
        SnapshotKind::Clinic => PublishedKind::Clinic,
    }
}

/// The draft of `slug`, rendered in `locale` or the workspace default.
pub async fn find(
    db: &impl ConnectionTrait,
    workspace: &Workspace,
    kind: SnapshotKind,
    slug: &str,
    locale: &str,
) -> Result<Option<Snapshot>> {
    let filter = ListFilter { slugs: Some(vec![slug.to_owned()]), ..ListFilter::default() };
    let ids = candidates(db, workspace, kind, &filter, None, 1).await?;
    let Some((id, _)) = ids.into_iter().next() else { return Ok(None) };
    rendered(db, workspace, kind, id, locale).await
}

/// The slug clinic `id` of the workspace has now, if it is one of the workspace's clinics
/// (a preview reads drafts by slug; a clinic-limited key knows its clinic by id).
pub async fn clinic_slug(
    db: &impl ConnectionTrait,
    workspace: &Workspace,
    id: Uuid,
) -> Result<Option<String>> {
    let slug = clinic::Entity::find_by_id(id)
        .filter(clinic::Column::WorkspaceId.eq(workspace.id))
        .select_only()
        .column(clinic::Column::Slug)
        .into_tuple::<String>()
        .one(db)
        .await?;
    Ok(slug)
}

/// A page of drafts, like [`super::snapshots::list`] but over current content.
pub async fn list(
    db: &impl ConnectionTrait,
    workspace: &Workspace,
    kind: SnapshotKind,
    locale: &str,
    filter: &ListFilter,
    after: Option<&str>,
    limit: u64,
) -> Result<Vec<Snapshot>> {
    let text = filter.text.as_deref().map(|t| t.trim().to_lowercase()).filter(|t| !t.is_empty());
    let mut found = Vec::new();
    let mut after = after.map(str::to_owned);
    loop {
        let batch = candidates(db, workspace, kind, filter, after.as_deref(), BATCH).await?;
        let exhausted = (batch.len() as u64) < BATCH;
        for (id, slug) in batch {
            after = Some(slug);
            let Some(snapshot) = rendered(db, workspace, kind, id, locale).await? else { continue };
            if text.as_ref().is_none_or(|text| searchable(&snapshot).contains(text.as_str())) {
                found.push(snapshot);
                if found.len() as u64 > limit {
                    return Ok(found);
                }
            }
        }
        if exhausted {
            return Ok(found);
        }
    }
}

fn searchable(snapshot: &Snapshot) -> String {
    let document = &snapshot.document;
    let mut text = vec![snapshot.slug.clone()];
    for field in ["name", "summary"] {
        text.push(document[field].as_str().unwrap_or_default().to_owned());
    }
    for list in ["also_known_as", "synonyms"] {
        for item in document[list].as_array().into_iter().flatten() {
            text.push(item.as_str().unwrap_or_default().to_owned());
        }
    }
    text.join("\n").to_lowercase()
}

async fn rendered(
    db: &impl ConnectionTrait,
    workspace: &Workspace,
    kind: SnapshotKind,
    id: Uuid,
    locale: &str,
) -> Result<Option<Snapshot>> {
    let renditions =
        publishing::render(db, &scope(workspace), published_kind(kind), id, now()).await?;
    let chosen = pick(&renditions, locale, &workspace.default_locale);
    Ok(chosen.map(|rendition| Snapshot {
        entity_id: id,
        slug: rendition.slug.clone(),
        locale: rendition.locale.clone(),
        document: rendition.document.clone(),
        published_at: now(),
    }))
}

fn pick<'a>(renditions: &'a [Rendition], locale: &str, default: &str) -> Option<&'a Rendition> {
    renditions
        .iter()
        .find(|r| r.locale == locale)
        .or_else(|| renditions.iter().find(|r| r.locale == default))
        .or_else(|| renditions.first())
}

/// Ids and slugs of the workspace's unarchived entries matching `filter`, by slug after `after`.
async fn candidates(
    db: &impl ConnectionTrait,
    workspace: &Workspace,
    kind: SnapshotKind,
    filter: &ListFilter,
    after: Option<&str>,
    limit: u64,
) -> Result<Vec<(Uuid, String)>> {
    macro_rules! query {
        ($module:ident) => {{
            let mut select = $module::Entity::find()
                .select_only()
                .column($module::Column::Id)
                .column($module::Column::Slug)
                .filter($module::Column::WorkspaceId.eq(workspace.id))
                .filter($module::Column::Status.ne(Status::Archived.as_str()));
            if let Some(slugs) = &filter.slugs {
                select = select.filter($module::Column::Slug.is_in(slugs.iter().cloned()));
            }
            if let Some(after) = after {
                select = select.filter($module::Column::Slug.gt(after));
            }
            select.order_by_asc($module::Column::Slug).limit(limit)
        }};
    }
    let rows = match kind {
        SnapshotKind::Treatment => {
            let mut select = query!(treatment);
            if let Some(slug) = &filter.condition {
                select =
                    select.filter(treatment::Column::Id.in_subquery(linked_to(workspace, slug)));
            }
            select.into_tuple().all(db).await?
        }
        SnapshotKind::Condition => query!(condition).into_tuple().all(db).await?,
        SnapshotKind::Clinic => query!(clinic).into_tuple().all(db).await?,
    };
    Ok(rows)
}

/// Ids of treatments linked to the condition `slug` of the workspace.
fn linked_to(workspace: &Workspace, slug: &str) -> sea_orm::sea_query::SelectStatement {
    Query::select()
        .column(treatment_condition::Column::TreatmentId)
        .from(treatment_condition::Entity)
        .inner_join(
            condition::Entity,
            Expr::col((condition::Entity, condition::Column::Id))
                .equals((treatment_condition::Entity, treatment_condition::Column::ConditionId)),
        )
        .and_where(Expr::col((condition::Entity, condition::Column::WorkspaceId)).eq(workspace.id))
        .and_where(Expr::col((condition::Entity, condition::Column::Slug)).eq(slug))
        .to_owned()
}
