//! Reviews falling due: the scheduler's round that announces, once per review, that a
//! published treatment's medical review falls due soon (`treatment.review_due` with
//! `overdue: false`) and that it is overdue (`overdue: true`), and withdraws it from delivery
//! when the workspace's policy says so.
//!
//! Each notice is claimed with one `UPDATE` that records the review it was sent for, so
//! replicas running the round together announce it once, and a new review starts afresh.

use chrono::{DateTime, Utc};
use entity::treatment;
use sea_orm::sea_query::{Condition, Expr, ExprTrait};
use sea_orm::{ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter, QuerySelect};
use uuid::Uuid;

use super::policy::OverduePolicy;
use crate::accounts::workspaces::{self, Workspace};
use crate::content::audit::Action;
use crate::content::entry::Facts;
use crate::content::events::Change;
use crate::content::status::Status;
use crate::content::workflow::{self, Reviewed, Step, StepRequest};
use crate::content::{Content, Scope, Treatments};
use crate::error::Result;

/// How many notices one round sends at most, per workspace and kind of notice.
const BATCH: u64 = 50;

/// A published treatment whose review crossed a threshold: id, slug, version, who last
/// changed it, and who reviewed it.
type Crossing = (Uuid, String, i32, Option<Uuid>, Option<Uuid>);

/// Announces every review that fell due, in every workspace; returns the changes made.
pub async fn announce(content: &Content, now: DateTime<Utc>) -> Result<Vec<Change>> {
    let mut changes = Vec::new();
    for workspace in workspaces::list_all(content.db()).await? {
        let txn = content.begin().await?;
        let round = match workspace_round(&txn, &workspace, now).await {
            Ok(round) => round,
            Err(error) => return crate::content::change::finish(txn, Err(error)).await,
        };
        content.commit(txn, &round).await?;
        changes.extend(round);
    }
    Ok(changes)
}

async fn workspace_round(
    txn: &DatabaseTransaction,
    workspace: &Workspace,
    now: DateTime<Utc>,
) -> Result<Vec<Change>> {
    let policy = &workspace.governance;
    let mut changes = Vec::new();
    let overdue = crossing(txn, workspace.id, policy.overdue_before(now), Notice::Overdue).await?;
    for found in overdue {
        if claim(txn, found.0, Notice::Overdue).await? {
            // An overdue review needs no "due soon" notice any more.
            claim(txn, found.0, Notice::DueSoon).await?;
            changes.extend(overdue_notice(txn, workspace, found).await?);
        }
    }
    let soon = crossing(txn, workspace.id, policy.due_soon_before(now), Notice::DueSoon).await?;
    for (id, slug, version, ..) in soon {
        if claim(txn, id, Notice::DueSoon).await? {
            let scope = scope_of(workspace, uuid::Uuid::nil());
            changes.push(notice(&scope, (id, slug, version), Status::Published, false));
        }
    }
    Ok(changes)
}

#[derive(Clone, Copy)]
enum Notice {
    DueSoon,
    Overdue,
}

impl Notice {
    fn column(self) -> treatment::Column {
        match self {
            Notice::DueSoon => treatment::Column::ReviewDueNoticeFor,
            Notice::Overdue => treatment::Column::ReviewOverdueNoticeFor,
        }
    }
}

/// Whether the notice is not yet sent for the review the row has now.
fn unsent(notice: Notice) -> Condition {
    Condition::any()
        .add(notice.column().is_null())
        .add(Expr::col(notice.column()).ne(Expr::col(treatment::Column::ReviewedAt)))
}

/// Published treatments of the workspace reviewed at or before `before` whose `notice` is
/// unsent.
async fn crossing(
    txn: &DatabaseTransaction,
    workspace: Uuid,
    before: DateTime<Utc>,
    notice: Notice,
) -> Result<Vec<Crossing>> {
    Ok(treatment::Entity::find()
        .select_only()
        .columns([
            treatment::Column::Id,
            treatment::Column::Slug,
            treatment::Column::Version,
            treatment::Column::UpdatedBy,
            treatment::Column::ReviewedBy,
        ])
        .filter(treatment::Column::WorkspaceId.eq(workspace))
        .filter(treatment::Column::Status.eq(Status::Published.as_str()))
        .filter(treatment::Column::ReviewedAt.lte(before))
        .filter(unsent(notice))
        .limit(BATCH)
        .into_tuple()
        .all(txn)
        .await?)
}

/// Records that `notice` went out for the treatment's current review; false when another
/// replica already did.
async fn claim(txn: &DatabaseTransaction, id: Uuid, notice: Notice) -> Result<bool> {
    let claimed = treatment::Entity::update_many()
        .col_expr(notice.column(), Expr::col(treatment::Column::ReviewedAt))
        .filter(treatment::Column::Id.eq(id))
        .filter(unsent(notice))
        .exec(txn)
        .await?;
    Ok(claimed.rows_affected == 1)
}

/// The overdue notice, and under the `withdraw` policy the unpublish that follows it.
async fn overdue_notice(
    txn: &DatabaseTransaction,
    workspace: &Workspace,
    (id, slug, version, updated_by, reviewed_by): Crossing,
) -> Result<Vec<Change>> {
    let nobody = scope_of(workspace, Uuid::nil());
    let announced = notice(&nobody, (id, slug.clone(), version), Status::Published, true);
    if workspace.governance.overdue_policy == OverduePolicy::Flag {
        return Ok(vec![announced]);
    }
    // The unpublish is recorded as the last person to change the entry, or its reviewer.
    let Some(actor) = updated_by.or(reviewed_by) else {
        tracing::warn!(%id, "an overdue treatment has no user left to unpublish it as");
        return Ok(vec![announced]);
    };
    let scope = scope_of(workspace, actor);
    let note = Some("Unpublished: the medical review is overdue; review it again".to_owned());
    let request =
        StepRequest { id, expected: version, step: Step::Unpublish, note, accepted: vec![] };
    let reviewed = Reviewed::By("scheduler".to_owned());
    let stepped = workflow::step_in::<Treatments>(txn, &scope, request, reviewed).await?;
    let withdrawn = notice(&nobody, (id, slug, stepped.value.0.version), Status::Draft, true);
    Ok(vec![withdrawn, stepped.change])
}

/// A `treatment.review_due` change: nothing in the entry changed, so nothing is purged.
fn notice(
    scope: &Scope,
    (id, slug, version): (Uuid, String, i32),
    status: Status,
    overdue: bool,
) -> Change {
    let facts = Facts { id, slug, version, status: Some(status) };
    Change::new::<Treatments>(scope, facts, Action::ReviewDue { overdue }, false)
}

fn scope_of(workspace: &Workspace, actor: Uuid) -> Scope {
    Scope::of_workspace(workspace, actor)
}
