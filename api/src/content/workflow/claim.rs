//! The claim of a workflow step: one version-checked `UPDATE` that moves the entry to its next
//! status only from a status the step allows, and says why not when it touched no row.

use chrono::{DateTime, Utc};
use entity::{clinic, condition, treatment};
use sea_orm::sea_query::{Expr, ExprTrait, SimpleExpr};
use sea_orm::{ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter, QuerySelect};
use uuid::Uuid;

use super::steps::Step;
use super::{Publishable, Reviewed};
use crate::content::Scope;
use crate::content::change::{Versioned, not_found};
use crate::content::entry::Entry;
use crate::content::status::Status;
use crate::error::{Error, Result};

/// Columns the workflow reads and writes, per kind of entry.
pub trait Workflowed: Versioned {
    const STATUS: Self::Column;
    const PUBLISH_AT: Self::Column;
    const PUBLISHED_AT: Self::Column;
    const PUBLISHED_VERSION: Self::Column;
    /// Where approval records the reviewer's name and date, for kinds that are reviewed.
    const REVIEW: Option<(Self::Column, Self::Column)>;
    /// Where approval records the claims-check warnings the reviewer accepted.
    const REVIEW_ACCEPTED: Option<Self::Column>;
}

macro_rules! workflowed {
    ($module:ident, $review:expr, $accepted:expr) => {
        impl Workflowed for $module::Entity {
            const STATUS: $module::Column = $module::Column::Status;
            const PUBLISH_AT: $module::Column = $module::Column::PublishAt;
            const PUBLISHED_AT: $module::Column = $module::Column::PublishedAt;
            const PUBLISHED_VERSION: $module::Column = $module::Column::PublishedVersion;
            const REVIEW: Option<($module::Column, $module::Column)> = $review;
            const REVIEW_ACCEPTED: Option<$module::Column> = $accepted;
        }
    };
}

workflowed!(
    treatment,
    Some((treatment::Column::ReviewerName, treatment::Column::ReviewedAt)),
    Some(treatment::Column::ReviewAccepted)
);
workflowed!(
    condition,
    Some((condition::Column::ReviewerName, condition::Column::ReviewedAt)),
    Some(condition::Column::ReviewAccepted)
);
workflowed!(clinic, None, None);

/// A step claimed on one entry.
pub(super) struct Claim {
    pub id: Uuid,
    pub expected: i32,
    pub step: Step,
    /// When a publish is set for later, the time it is due.
    pub scheduled: Option<DateTime<Utc>>,
    pub now: DateTime<Utc>,
}

/// Moves the entry to its next status in one version-checked statement, or explains why not:
/// 404 (no such entry), 412 (stale version) or 409 (the step does not apply to its status).
pub(super) async fn claim_step<K: Publishable>(
    txn: &DatabaseTransaction,
    scope: &Scope,
    claim: Claim,
    reviewed: &Reviewed,
) -> Result<i32> {
    type E<K> = <K as Entry>::Entity;
    let Claim { id, expected, step, now, .. } = claim;
    let mut update = E::<K>::update_many()
        .col_expr(E::<K>::VERSION, Expr::col(E::<K>::VERSION).add(1))
        .col_expr(E::<K>::UPDATED_AT, Expr::val(now))
        .col_expr(E::<K>::UPDATED_BY, Expr::val(scope.actor));
    for (column, value) in changes::<E<K>>(&claim, reviewed) {
        update = update.col_expr(column, value);
    }
    let allowed = step.allowed_from(K::REVIEWED).iter().map(|status| status.as_str());
    let claimed = update
        .filter(E::<K>::ID.eq(id))
        .filter(E::<K>::WORKSPACE.eq(scope.workspace_id))
        .filter(E::<K>::VERSION.eq(expected))
        .filter(E::<K>::STATUS.is_in(allowed))
        .exec(txn)
        .await?;
    if claimed.rows_affected == 1 {
        return Ok(expected + 1);
    }
    let current: Option<(i32, String)> = E::<K>::find()
        .select_only()
        .column(E::<K>::VERSION)
        .column(E::<K>::STATUS)
        .filter(E::<K>::ID.eq(id))
        .filter(E::<K>::WORKSPACE.eq(scope.workspace_id))
        .into_tuple()
        .one(txn)
        .await?;
    match current {
        None => Err(not_found(K::KIND, id)),
        Some((current, _)) if current != expected => {
            Err(Error::VersionMismatch { expected, current })
        }
        Some((_, status)) => Err(Error::InvalidTransition { step: step.name(), status }),
    }
}

/// The column values a step sets besides version and authorship.
fn changes<E: Workflowed>(claim: &Claim, reviewed: &Reviewed) -> Vec<(E::Column, SimpleExpr)> {
    let status = |status: Status| (E::STATUS, Expr::val(status.as_str()));
    let null_time = || Expr::value(Option::<DateTime<Utc>>::None);
    let taken_down = || {
        vec![
            (E::PUBLISH_AT, null_time()),
            (E::PUBLISHED_AT, null_time()),
            (E::PUBLISHED_VERSION, Expr::value(Option::<i32>::None)),
        ]
    };
    let mut values = match claim.step.target() {
        Some(target) if claim.scheduled.is_none() => vec![status(target)],
        _ => Vec::new(),
    };
    match claim.step {
        Step::Approve => {
            values.push((E::PUBLISH_AT, null_time()));
            values.extend(review::<E>(reviewed, claim.now));
        }
        Step::Publish { .. } => match claim.scheduled {
            Some(at) => values.push((E::PUBLISH_AT, Expr::val(at))),
            None => values.extend([
                (E::PUBLISH_AT, null_time()),
                (E::PUBLISHED_AT, Expr::val(claim.now)),
                (E::PUBLISHED_VERSION, Expr::col(E::VERSION).add(1)),
            ]),
        },
        Step::Unpublish => {
            // Only a published entry goes back to draft; any other keeps its status.
            let published = Expr::col(E::STATUS).eq(Status::Published.as_str());
            let kept = Expr::case(published, Status::Draft.as_str()).finally(Expr::col(E::STATUS));
            values.push((E::STATUS, kept.into()));
            values.extend(taken_down());
        }
        Step::Archive => values.extend(taken_down()),
        // A new review starts without a schedule: a publish set for later was for what the
        // reviewer approved before.
        Step::Submit | Step::Reject => values.push((E::PUBLISH_AT, null_time())),
    }
    values
}

/// The medical review an approval records, for kinds that are reviewed.
fn review<E: Workflowed>(reviewed: &Reviewed, now: DateTime<Utc>) -> Vec<(E::Column, SimpleExpr)> {
    let Some((name, at)) = E::REVIEW else { return Vec::new() };
    let (reviewer, reviewed_at) = match reviewed {
        Reviewed::By(name) => (Some(name.clone()), Some(now)),
        Reviewed::AsImported(review) => (
            review.as_ref().map(|review| review.reviewer.clone()),
            review.as_ref().map(|review| review.reviewed_at),
        ),
    };
    vec![(name, Expr::val(reviewer)), (at, Expr::val(reviewed_at))]
}
