//! The editorial workflow (README, "Review, publishing and delivery"): draft → in review → approved → published, with reject,
//! unpublish and archive, and publishing at a set time.
//!
//! A step is one transaction: the version-checked claim of the entry moves it to its new
//! status only from the statuses the step allows ([`steps`]), then publishing renders and
//! stores its snapshots, and the revision and audit rows are written. What follows — dropping
//! cached responses on every replica — follows from the [`Change`] the step returns. Editing
//! content sends an entry back to draft (see `change`), while what was published stays live
//! until the next publish.

mod claim;
pub mod steps;

use uuid::Uuid;

pub use claim::Workflowed;
pub use steps::{Step, route};

use super::Scope;
use super::audit::Action;
use super::entry::Publishable;
use super::events::{Change, Changed};
use super::governance::{self, Finding};
use super::publishing;
use super::revisions;
use super::values::{Review, now};
use crate::error::Result;

/// One step asked of one entry at the version the caller last saw.
#[derive(Clone, Debug)]
pub struct StepRequest {
    pub id: Uuid,
    pub expected: i32,
    pub step: Step,
    /// Why; stored on the revision the step writes.
    pub note: Option<String>,
    /// With approve: the ids of the claims-check warnings the reviewer accepts.
    pub accepted: Vec<String>,
}

/// What an approval records as the medical review.
#[derive(Clone, Debug)]
pub enum Reviewed {
    /// The user taking the step, by name, now.
    By(String),
    /// What an imported file says (or no review), so content keeps the review it was
    /// exported with rather than the user running the import.
    AsImported(Option<Review>),
}

/// Takes `request.step` on an entry of `K`, inside a transaction the caller holds (the
/// service's own, the scheduler's batch, or the import's). Answers the entry as the step left
/// it, with the claims the governance checks found in it (submit and approve).
pub async fn step_in<K: Publishable>(
    txn: &sea_orm::DatabaseTransaction,
    scope: &Scope,
    request: StepRequest,
    reviewed: Reviewed,
) -> Result<Changed<(K::Record, Vec<Finding>)>> {
    let StepRequest { id, expected, step, note, accepted } = request;
    let now = now();
    let scheduled = match step {
        Step::Publish { at: Some(at) } if at > now => Some(at),
        _ => None,
    };
    let claim = claim::Claim { id, expected, step, scheduled, now };
    let version = claim::claim_step::<K>(txn, scope, claim, &reviewed).await?;
    // The entry as the step left it: what governance checks, publishing renders and the
    // revision records.
    let mut record = K::load(txn, scope, (), id).await?;
    let guarded =
        governance::guard_step::<K>(txn, scope, (&record, step), &reviewed, &accepted).await?;
    if matches!(step, Step::Approve) {
        governance::record_accepted::<K::Entity>(txn, id, &guarded.accepted).await?;
        record = K::load(txn, scope, (), id).await?;
    }
    let delivery_changed = match step {
        Step::Publish { .. } if scheduled.is_none() => {
            publishing::publish::<K>(txn, scope, &record, now).await?;
            true
        }
        Step::Unpublish | Step::Archive => publishing::unpublish(txn, K::KIND, id).await?,
        _ => false,
    };
    let action = Action::Workflow(step.name());
    let accepted: Vec<&str> = guarded.accepted.iter().map(|f| f.id.as_str()).collect();
    let detail = serde_json::json!({ "accepted_warnings": accepted });
    revisions::record_with(txn, scope, (K::KIND, id, version), &record, note, (action, detail))
        .await?;
    let change = Change::new::<K>(scope, K::facts(&record), action, delivery_changed);
    Ok(Changed { value: (record, guarded.findings), change })
}
