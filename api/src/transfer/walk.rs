//! Taking imported entries through the workflow to the status the file gives them, as an
//! editor and a reviewer would: submit, approve (recording the file's review, not the user
//! running the import) and publish, or archive.

use sea_orm::DatabaseTransaction;

use super::apply::{Placed, prefixed};
use super::format::Status;
use super::plan::Planned;
use crate::content::Scope;
use crate::content::kind::EntryKind;
use crate::content::workflow::{self, Actor, Step, StepRequest};
use crate::error::Result;

/// Whether the entry already is where the file wants it, review included.
pub(super) fn settled<I>(placed: &Placed, planned: &Planned<I>) -> bool {
    placed.status == planned.status
        && (!planned.status.is_reviewed() || placed.review == planned.review)
}

/// Whether the workflow alone can take an entry from `from` to `to`.
pub(super) fn can_walk(kind: EntryKind, from: Status, to: Status) -> bool {
    match (from, to) {
        (_, Status::Archived) => true,
        (Status::Archived, _) => false,
        // Clinics carry no medical content: they publish (and republish) from any status.
        (_, Status::Published) if kind == EntryKind::Clinic => true,
        _ => rank(from) < rank(to),
    }
}

fn rank(status: Status) -> usize {
    match status {
        Status::Draft | Status::Archived => 0,
        Status::InReview => 1,
        Status::Approved => 2,
        Status::Published => 3,
    }
}

/// The workflow steps from `from` (which [`place`] made walkable) to `to`.
fn steps(kind: EntryKind, from: Status, to: Status) -> Vec<Step> {
    let publish = Step::Publish { at: None };
    match to {
        Status::Archived if from == Status::Archived => Vec::new(),
        Status::Archived => vec![Step::Archive],
        Status::Published if kind == EntryKind::Clinic => vec![publish],
        _ => [Step::Submit, Step::Approve, publish]
            .get(rank(from)..rank(to))
            .map(<[Step]>::to_vec)
            .unwrap_or_default(),
    }
}

#[allow(clippy::too_many_arguments)]
pub(super) async fn walk<I>(
    txn: &DatabaseTransaction,
    scope: &Scope,
    kind: EntryKind,
    planned: &Planned<I>,
    placed: &mut Placed,
    republish: bool,
    actor: &Actor<'_>,
    note: &str,
) -> Result<()> {
    if settled(placed, planned) && !republish {
        return Ok(());
    }
    let walked = if settled(placed, planned) {
        vec![Step::Publish { at: None }]
    } else {
        steps(kind, placed.status, planned.status)
    };
    for step in walked {
        let request = StepRequest {
            kind,
            id: placed.id,
            expected: placed.version,
            step,
            note: Some(note.to_owned()),
        };
        let review = planned.review.as_ref();
        workflow::apply_imported_in(txn, scope, request, actor, review)
            .await
            .map_err(|error| prefixed(error, &planned.path))?;
        placed.version += 1;
        placed.changed = true;
    }
    placed.status = planned.status;
    Ok(())
}
