//! Taking imported entries through the workflow to the status the file gives them, as an
//! editor and a reviewer would: submit, approve (recording the file's review, not the user
//! running the import) and publish, or archive. Which steps lead where is the workflow's own
//! table ([`workflow::route`]).

use sea_orm::DatabaseTransaction;

use super::apply::{Placed, prefixed};
use super::plan::Planned;
use crate::content::events::Change;
use crate::content::workflow::{self, Reviewed, Step, StepRequest};
use crate::content::{Publishable, Scope, Status};
use crate::error::Result;

/// Whether the entry already is where the file wants it, review included.
pub(super) fn settled<I>(placed: &Placed, planned: &Planned<I>) -> bool {
    placed.status == planned.status
        && (!planned.status.is_reviewed() || placed.review == planned.review)
}

/// Whether the workflow alone can take an entry of `K` from `from` to `to`.
pub(super) fn can_walk<K: Publishable>(from: Status, to: Status) -> bool {
    workflow::route(K::REVIEWED, from, to).is_some()
}

/// Walks `placed` to the planned status (or publishes it again when `republish`), pushing the
/// change of every step onto `changes`.
#[allow(clippy::too_many_arguments)]
pub(super) async fn walk<K: Publishable, I>(
    txn: &DatabaseTransaction,
    scope: &Scope,
    planned: &Planned<I>,
    placed: &mut Placed,
    republish: bool,
    note: &str,
    changes: &mut Vec<Change>,
) -> Result<()> {
    if settled(placed, planned) && !republish {
        return Ok(());
    }
    let walked = if settled(placed, planned) {
        vec![Step::Publish { at: None }]
    } else {
        // `place` made every planned status reachable, by editing the entry back to draft.
        workflow::route(K::REVIEWED, placed.status, planned.status).unwrap_or_default()
    };
    for step in walked {
        let request = StepRequest {
            id: placed.id,
            expected: placed.version,
            step,
            note: Some(note.to_owned()),
            accepted: Vec::new(),
        };
        let reviewed = Reviewed::AsImported(planned.review.clone());
        let changed = workflow::step_in::<K>(txn, scope, request, reviewed)
            .await
            .map_err(|error| prefixed(error, &planned.path))?;
        changes.push(changed.change);
        placed.version += 1;
        placed.changed = true;
    }
    placed.status = planned.status;
    Ok(())
}
