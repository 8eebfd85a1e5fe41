//! Medical governance (README, "Medical governance"): what Cutis checks before a patient reads
//! a treatment, beyond who clicked approve.
//!
//! - [`claims`]: advertising claims ("cures", "guaranteed", "painless") found in every text
//!   field, by the shipped [`defaults`] and the workspace's own [`rules`]; submit answers them
//!   as warnings, approve refuses while a `block` stands and records the `warn`s the reviewer
//!   accepted.
//! - [`checklist`]: what a publish needs (a contraindication, side effects, downtime, a valid
//!   review, and the workspace's own required fields).
//! - [`policy`]: how long a review stays valid and what an overdue entry does; [`review_due`]
//!   is the scheduler's round that announces reviews falling due and withdraws overdue ones.
//!
//! The workflow calls [`guard_step`] inside each step's transaction, so every face — REST,
//! GraphQL, the scheduler, the importer — gets the same rules.

pub mod checklist;
pub mod claims;
pub mod defaults;
pub mod policy;
pub mod review_due;
pub mod rules;
pub mod texts;

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, DatabaseTransaction, QueryFilter};
use serde::Serialize;
use utoipa::ToSchema;

pub use checklist::ChecklistItem;
pub use claims::{Finding, Severity, Text};
pub use policy::{Governance, OverduePolicy, ReviewState};

use super::Scope;
use super::change::Versioned;
use super::entry::Publishable;
use super::workflow::{Reviewed, Step, Workflowed};
use crate::error::{Error, Result};

/// What the claims check and the checklist say of an entry now.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct Checks {
    /// Claims found in its text, every locale.
    pub findings: Vec<Finding>,
    /// What a publish needs, met or not.
    pub checklist: Vec<ChecklistItem>,
    /// Where its medical review stands; `null` before the first approval.
    pub review: Option<ReviewStatus>,
    /// Whether approval would be refused: a `block` finding stands.
    pub approval_blocked: bool,
    /// Whether every checklist item is met.
    pub ready_to_publish: bool,
}

/// A medical review and when it falls due.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct ReviewStatus {
    #[schema(example = "Dr. Amira Haddad, MD, FRCPC")]
    pub reviewer: String,
    pub reviewed_at: DateTime<Utc>,
    pub next_review_due: DateTime<Utc>,
    pub state: ReviewState,
}

/// The checks of `record` of kind `K` now.
pub async fn checks<K: Publishable>(
    db: &impl sea_orm::ConnectionTrait,
    scope: &Scope,
    record: &K::Record,
) -> Result<Checks> {
    let now = super::values::now();
    let rules = rules::compiled(db, scope.workspace_id).await?;
    let findings = claims::check(&K::claim_texts(record), &rules);
    let mut checklist = K::publish_checklist(record, &scope.governance, now);
    checklist.extend(K::stored_checklist(db, scope, record, now).await?);
    let review = K::review(record).map(|review| ReviewStatus {
        reviewer: review.reviewer.clone(),
        reviewed_at: review.reviewed_at,
        next_review_due: scope.governance.next_review_due(review.reviewed_at),
        state: scope.governance.review_state(review.reviewed_at, now),
    });
    Ok(Checks {
        approval_blocked: findings.iter().any(|f| f.severity == Severity::Block),
        ready_to_publish: checklist.iter().all(|item| item.met),
        findings,
        checklist,
        review,
    })
}

/// What a step found and what its approval accepted.
#[derive(Debug, Default)]
pub struct Guarded {
    /// The claims found, returned to the editor (submit) or reviewer (approve).
    pub findings: Vec<Finding>,
    /// The warnings the reviewer accepted, recorded with the review.
    pub accepted: Vec<Finding>,
}

/// The governance of one workflow step on `record`, as the step left it:
/// - submit finds the claims and lets them through as warnings;
/// - approve refuses (422 `CLAIMS`) while a `block` finding stands or a `warn` finding is not
///   named in `accepted`, and records those it accepted; an import keeps the review it was
///   exported with and is not re-checked;
/// - publish, now or later, refuses (422) while a checklist item is not met.
pub async fn guard_step<K: Publishable>(
    txn: &DatabaseTransaction,
    scope: &Scope,
    (record, step): (&K::Record, Step),
    reviewed: &Reviewed,
    accepted: &[String],
) -> Result<Guarded> {
    match step {
        Step::Submit => {
            let rules = rules::compiled(txn, scope.workspace_id).await?;
            Ok(Guarded {
                findings: claims::check(&K::claim_texts(record), &rules),
                accepted: vec![],
            })
        }
        Step::Approve if matches!(reviewed, Reviewed::By(_)) => {
            let rules = rules::compiled(txn, scope.workspace_id).await?;
            let findings = claims::check(&K::claim_texts(record), &rules);
            let standing: Vec<Finding> = findings
                .iter()
                .filter(|f| f.severity == Severity::Block || !accepted.contains(&f.id))
                .cloned()
                .collect();
            if !standing.is_empty() {
                return Err(Error::Claims(standing));
            }
            let accepted = findings.clone();
            Ok(Guarded { findings, accepted })
        }
        Step::Publish { .. } => {
            let now = super::values::now();
            let mut checklist = K::publish_checklist(record, &scope.governance, now);
            checklist.extend(K::stored_checklist(txn, scope, record, now).await?);
            let unmet = checklist::unmet(&checklist);
            if unmet.is_empty() { Ok(Guarded::default()) } else { Err(Error::Validation(unmet)) }
        }
        _ => Ok(Guarded::default()),
    }
}

/// Stores the warnings an approval accepted on the entry (an approval without any stores an
/// empty list, so what an earlier approval accepted never carries over).
pub async fn record_accepted<E: Workflowed>(
    txn: &DatabaseTransaction,
    id: uuid::Uuid,
    accepted: &[Finding],
) -> Result<()> {
    let Some(column) = E::REVIEW_ACCEPTED else { return Ok(()) };
    let value = serde_json::to_value(accepted)
        .map_err(|error| Error::Internal(format!("accepted warnings: {error}")))?;
    E::update_many()
        .col_expr(column, Expr::val(value))
        .filter(<E as Versioned>::ID.eq(id))
        .exec(txn)
        .await?;
    Ok(())
}
