//! The editorial workflow (DESIGN §5): draft → in review → approved → published, with reject,
//! unpublish and archive, and publishing at a set time.
//!
//! A transition is one transaction: the version-checked claim of the entry moves it to its new
//! status only from the statuses that transition allows, then publishing renders and stores
//! its snapshots, the revision and audit rows are written, and a NOTIFY tells every replica to
//! drop its cached responses. Editing content sends an entry back to draft (see `change`),
//! while what was published stays live until the next publish.

use chrono::{DateTime, Utc};
use entity::{clinic, condition, treatment};
use sea_orm::sea_query::{Expr, ExprTrait, SimpleExpr};
use sea_orm::{ColumnTrait, DatabaseConnection, DatabaseTransaction, QueryFilter, QuerySelect};
use uuid::Uuid;

use super::Scope;
use super::audit::Action;
use super::change::{self, Versioned, finish, not_found};
use super::kind::EntryKind;
use super::publishing;
use super::revisions;
use super::values::{Review, now};
use crate::auth::roles::Permission;
use crate::error::{Error, Result};

/// Entry statuses as stored.
pub mod status {
    pub const DRAFT: &str = "draft";
    pub const IN_REVIEW: &str = "in_review";
    pub const APPROVED: &str = "approved";
    pub const PUBLISHED: &str = "published";
    pub const ARCHIVED: &str = "archived";
}

/// A workflow step an editor or reviewer asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    /// Draft → in review.
    Submit,
    /// In review → approved, recording the reviewer and date as the medical review.
    Approve,
    /// In review → draft, with the reviewer's note.
    Reject,
    /// Approved → published now, or at `at` (then it stays approved until the scheduler runs).
    Publish { at: Option<DateTime<Utc>> },
    /// Takes the published snapshots down; a published entry goes back to draft.
    Unpublish,
    /// Any status → archived; nothing of it is served any more.
    Archive,
}

impl Step {
    pub fn name(self) -> &'static str {
        match self {
            Step::Submit => "submit",
            Step::Approve => "approve",
            Step::Reject => "reject",
            Step::Publish { .. } => "publish",
            Step::Unpublish => "unpublish",
            Step::Archive => "archive",
        }
    }

    /// Who may take the step (the README's permission table).
    pub fn permission(self) -> Permission {
        match self {
            Step::Submit => Permission::Submit,
            Step::Approve | Step::Reject => Permission::Approve,
            Step::Publish { .. } | Step::Unpublish | Step::Archive => Permission::Publish,
        }
    }

    /// Statuses the step may start from. Clinics carry no medical content, so they publish
    /// without review, and republish to refresh their offerings.
    fn allowed_from(self, kind: EntryKind) -> &'static [&'static str] {
        use status::*;
        match self {
            Step::Submit => &[DRAFT],
            Step::Approve | Step::Reject => &[IN_REVIEW],
            Step::Publish { .. } if kind == EntryKind::Clinic => {
                &[DRAFT, IN_REVIEW, APPROVED, PUBLISHED]
            }
            Step::Publish { .. } => &[APPROVED],
            Step::Unpublish => &[DRAFT, IN_REVIEW, APPROVED, PUBLISHED],
            Step::Archive => &[DRAFT, IN_REVIEW, APPROVED, PUBLISHED],
        }
    }
}

/// One step asked of one entry at the version the caller last saw.
#[derive(Clone, Debug)]
pub struct StepRequest {
    pub kind: EntryKind,
    pub id: Uuid,
    pub expected: i32,
    pub step: Step,
    /// Why; stored on the revision the step writes.
    pub note: Option<String>,
}

/// Who performs a step: the scope's actor, by name (recorded as the reviewer on approval).
pub struct Actor<'a> {
    pub name: &'a str,
}

/// Columns the workflow reads and writes, per kind of entry.
pub trait Workflowed: Versioned {
    const STATUS: Self::Column;
    const PUBLISH_AT: Self::Column;
    const PUBLISHED_AT: Self::Column;
    const PUBLISHED_VERSION: Self::Column;
    /// Where approval records the reviewer's name and date, for kinds that are reviewed.
    const REVIEW: Option<(Self::Column, Self::Column)>;
}

macro_rules! workflowed {
    ($module:ident, $review:expr) => {
        impl Workflowed for $module::Entity {
            const STATUS: $module::Column = $module::Column::Status;
            const PUBLISH_AT: $module::Column = $module::Column::PublishAt;
            const PUBLISHED_AT: $module::Column = $module::Column::PublishedAt;
            const PUBLISHED_VERSION: $module::Column = $module::Column::PublishedVersion;
            const REVIEW: Option<($module::Column, $module::Column)> = $review;
        }
    };
}

workflowed!(treatment, Some((treatment::Column::ReviewerName, treatment::Column::ReviewedAt)));
workflowed!(condition, Some((condition::Column::ReviewerName, condition::Column::ReviewedAt)));
workflowed!(clinic, None);

/// Applies `step` to entry `id` of `kind` at version `expected`. Returns the workspace change
/// delivery must hear about, if any.
pub async fn apply(
    db: &DatabaseConnection,
    scope: &Scope,
    request: StepRequest,
    actor: Actor<'_>,
) -> Result<bool> {
    let StepRequest { kind, id, expected, step, note } = request;
    match kind {
        EntryKind::Treatment => {
            run::<treatment::Entity>(db, scope, id, expected, step, note, actor).await
        }
        EntryKind::Condition => {
            run::<condition::Entity>(db, scope, id, expected, step, note, actor).await
        }
        EntryKind::Clinic => {
            run::<clinic::Entity>(db, scope, id, expected, step, note, actor).await
        }
        EntryKind::Offering => Err(Error::Conflict(
            "offerings are published with their clinic; publish the clinic".to_owned(),
        )),
    }
}

#[allow(clippy::too_many_arguments)]
async fn run<E: Workflowed>(
    db: &DatabaseConnection,
    scope: &Scope,
    id: Uuid,
    expected: i32,
    step: Step,
    note: Option<String>,
    actor: Actor<'_>,
) -> Result<bool> {
    let outcome = async {
        let txn = change::begin(db).await?;
        let actor = (&actor, Reviewed::ByActor);
        let result = run_in::<E>(&txn, scope, id, expected, step, note, actor).await;
        finish(txn, result).await
    }
    .await;
    match outcome {
        Ok(changed_delivery) => Ok(changed_delivery),
        Err(error) => Err(change::settle::<E>(db, scope, id, expected, error).await),
    }
}

/// [`apply`] inside a transaction the caller holds (the scheduler publishes a batch in one).
pub async fn apply_in(
    txn: &DatabaseTransaction,
    scope: &Scope,
    request: StepRequest,
    actor: &Actor<'_>,
) -> Result<bool> {
    dispatch(txn, scope, request, actor, Reviewed::ByActor).await
}

/// [`apply_in`] for the importer: an approval records `review` (or no review) as the medical
/// review, rather than the user running the import and the current time, so content keeps the
/// review it was exported with.
pub async fn apply_imported_in(
    txn: &DatabaseTransaction,
    scope: &Scope,
    request: StepRequest,
    actor: &Actor<'_>,
    review: Option<&Review>,
) -> Result<bool> {
    dispatch(txn, scope, request, actor, Reviewed::AsImported(review)).await
}

/// What an approval records as the medical review.
#[derive(Clone, Copy)]
enum Reviewed<'a> {
    /// The approving user, now.
    ByActor,
    /// What an imported file says.
    AsImported(Option<&'a Review>),
}

async fn dispatch(
    txn: &DatabaseTransaction,
    scope: &Scope,
    request: StepRequest,
    actor: &Actor<'_>,
    reviewed: Reviewed<'_>,
) -> Result<bool> {
    let StepRequest { kind, id, expected, step, note } = request;
    let actor = (actor, reviewed);
    match kind {
        EntryKind::Treatment => {
            run_in::<treatment::Entity>(txn, scope, id, expected, step, note, actor).await
        }
        EntryKind::Condition => {
            run_in::<condition::Entity>(txn, scope, id, expected, step, note, actor).await
        }
        EntryKind::Clinic => {
            run_in::<clinic::Entity>(txn, scope, id, expected, step, note, actor).await
        }
        EntryKind::Offering => Err(Error::Conflict("offerings have no workflow".to_owned())),
    }
}

#[allow(clippy::too_many_arguments)]
async fn run_in<E: Workflowed>(
    txn: &DatabaseTransaction,
    scope: &Scope,
    id: Uuid,
    expected: i32,
    step: Step,
    note: Option<String>,
    actor: (&Actor<'_>, Reviewed<'_>),
) -> Result<bool> {
    let now = now();
    let scheduled = match step {
        Step::Publish { at: Some(at) } if at > now => Some(at),
        _ => None,
    };
    let version = claim_step::<E>(txn, scope, id, expected, step, scheduled, actor, now).await?;
    let delivery_changed = match step {
        Step::Publish { .. } if scheduled.is_none() => {
            publishing::publish(txn, scope, E::KIND, id, now).await?;
            true
        }
        Step::Unpublish | Step::Archive => publishing::unpublish(txn, scope, E::KIND, id).await?,
        _ => false,
    };
    let record = publishing::record_of(txn, scope, E::KIND, id).await?;
    revisions::record(
        txn,
        scope,
        E::KIND,
        id,
        version,
        &record,
        note,
        Action::Workflow(step.name()),
    )
    .await?;
    Ok(delivery_changed)
}

/// Moves the entry to its next status in one version-checked statement, or explains why not:
/// 404 (no such entry), 412 (stale version) or 409 (the step does not apply to its status).
#[allow(clippy::too_many_arguments)]
async fn claim_step<E: Workflowed>(
    txn: &DatabaseTransaction,
    scope: &Scope,
    id: Uuid,
    expected: i32,
    step: Step,
    scheduled: Option<DateTime<Utc>>,
    actor: (&Actor<'_>, Reviewed<'_>),
    now: DateTime<Utc>,
) -> Result<i32> {
    let mut update = E::update_many()
        .col_expr(E::VERSION, Expr::col(E::VERSION).add(1))
        .col_expr(E::UPDATED_AT, Expr::val(now))
        .col_expr(E::UPDATED_BY, Expr::val(scope.actor));
    for (column, value) in changes::<E>(step, scheduled, actor, now) {
        update = update.col_expr(column, value);
    }
    let claimed = update
        .filter(E::ID.eq(id))
        .filter(E::WORKSPACE.eq(scope.workspace_id))
        .filter(E::VERSION.eq(expected))
        .filter(E::STATUS.is_in(step.allowed_from(E::KIND).iter().copied()))
        .exec(txn)
        .await?;
    if claimed.rows_affected == 1 {
        return Ok(expected + 1);
    }
    let current: Option<(i32, String)> = E::find()
        .select_only()
        .column(E::VERSION)
        .column(E::STATUS)
        .filter(E::ID.eq(id))
        .filter(E::WORKSPACE.eq(scope.workspace_id))
        .into_tuple()
        .one(txn)
        .await?;
    match current {
        None => Err(not_found(E::KIND, id)),
        Some((current, _)) if current != expected => {
            Err(Error::VersionMismatch { expected, current })
        }
        Some((_, status)) => Err(Error::InvalidTransition { step: step.name(), status }),
    }
}

/// The column values a step sets besides version and authorship.
fn changes<E: Workflowed>(
    step: Step,
    scheduled: Option<DateTime<Utc>>,
    (actor, reviewed): (&Actor<'_>, Reviewed<'_>),
    now: DateTime<Utc>,
) -> Vec<(E::Column, SimpleExpr)> {
    let set = |column: E::Column, value: SimpleExpr| (column, value);
    let null = || Expr::value(Option::<DateTime<Utc>>::None);
    match step {
        Step::Submit => vec![set(E::STATUS, Expr::val(status::IN_REVIEW))],
        Step::Reject => vec![set(E::STATUS, Expr::val(status::DRAFT))],
        Step::Approve => {
            let mut values = vec![set(E::STATUS, Expr::val(status::APPROVED))];
            if let Some((name, at)) = E::REVIEW {
                let (reviewer, reviewed_at) = match reviewed {
                    Reviewed::ByActor => (Some(actor.name.to_owned()), Some(now)),
                    Reviewed::AsImported(review) => (
                        review.map(|review| review.reviewer.clone()),
                        review.map(|review| review.reviewed_at),
                    ),
                };
                values.push(set(name, Expr::val(reviewer)));
                values.push(set(at, Expr::val(reviewed_at)));
            }
            values
        }
        Step::Publish { .. } => match scheduled {
            Some(at) => vec![set(E::PUBLISH_AT, Expr::val(at))],
            None => vec![
                set(E::STATUS, Expr::val(status::PUBLISHED)),
                set(E::PUBLISH_AT, null()),
                set(E::PUBLISHED_AT, Expr::val(now)),
                set(E::PUBLISHED_VERSION, Expr::col(E::VERSION).add(1)),
            ],
        },
        Step::Unpublish => vec![
            set(
                E::STATUS,
                Expr::case(Expr::col(E::STATUS).eq(status::PUBLISHED), status::DRAFT)
                    .finally(Expr::col(E::STATUS))
                    .into(),
            ),
            set(E::PUBLISH_AT, null()),
            set(E::PUBLISHED_AT, null()),
            set(E::PUBLISHED_VERSION, Expr::value(Option::<i32>::None)),
        ],
        Step::Archive => vec![
            set(E::STATUS, Expr::val(status::ARCHIVED)),
            set(E::PUBLISH_AT, null()),
            set(E::PUBLISHED_AT, null()),
            set(E::PUBLISHED_VERSION, Expr::value(Option::<i32>::None)),
        ],
    }
}
