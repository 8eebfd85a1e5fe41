//! The workflow's steps and the one table of transitions: which statuses each step starts
//! from and which it leads to. The claim of a step, the importer's walk to a file's status and
//! the README's table all read it from here.

use std::collections::{HashMap, VecDeque};

use chrono::{DateTime, Utc};

use crate::auth::roles::Permission;
use crate::content::status::Status;

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

/// Every live status: all but archived.
const LIVE: &[Status] = &[Status::Draft, Status::InReview, Status::Approved, Status::Published];

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

    /// The statuses the step may start from. `reviewed` kinds publish only what a reviewer
    /// approved; the others (clinics) publish from any live status, and republish.
    pub fn allowed_from(self, reviewed: bool) -> &'static [Status] {
        match self {
            Step::Submit => &[Status::Draft],
            Step::Approve | Step::Reject => &[Status::InReview],
            Step::Publish { .. } if reviewed => &[Status::Approved],
            Step::Publish { .. } | Step::Unpublish | Step::Archive => LIVE,
        }
    }

    /// The status the step leaves an entry in. `None` for unpublish, which sends a published
    /// entry back to draft and leaves any other where it was; a publish set for later keeps
    /// the entry approved until it is due.
    pub fn target(self) -> Option<Status> {
        match self {
            Step::Submit => Some(Status::InReview),
            Step::Approve => Some(Status::Approved),
            Step::Reject => Some(Status::Draft),
            Step::Publish { .. } => Some(Status::Published),
            Step::Unpublish => None,
            Step::Archive => Some(Status::Archived),
        }
    }
}

/// The shortest series of forward steps (submit, approve, publish now, archive) from `from`
/// to `to`, as an editor and a reviewer would take them; `None` when the table has no such
/// path (only an edit takes an entry back to draft).
pub fn route(reviewed: bool, from: Status, to: Status) -> Option<Vec<Step>> {
    const FORWARD: [Step; 4] =
        [Step::Submit, Step::Approve, Step::Publish { at: None }, Step::Archive];
    let mut came_from: HashMap<Status, (Status, Step)> = HashMap::new();
    let mut queue = VecDeque::from([from]);
    while let Some(status) = queue.pop_front() {
        if status == to {
            let mut steps = Vec::new();
            let mut at = to;
            while let Some(&(previous, step)) = came_from.get(&at) {
                steps.push(step);
                at = previous;
            }
            steps.reverse();
            return Some(steps);
        }
        for step in FORWARD {
            let Some(next) = step.target() else { continue };
            if step.allowed_from(reviewed).contains(&status)
                && next != from
                && !came_from.contains_key(&next)
            {
                came_from.insert(next, (status, step));
                queue.push_back(next);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const PUBLISH: Step = Step::Publish { at: None };

    #[test]
    fn a_reviewed_draft_is_submitted_approved_and_published_in_that_order() {
        let steps = route(true, Status::Draft, Status::Published);
        assert_eq!(steps, Some(vec![Step::Submit, Step::Approve, PUBLISH]));
    }

    #[test]
    fn a_clinic_publishes_from_any_live_status_in_one_step() {
        for from in [Status::Draft, Status::InReview, Status::Approved] {
            assert_eq!(route(false, from, Status::Published), Some(vec![PUBLISH]), "{from}");
        }
    }

    #[test]
    fn no_forward_route_leads_back_to_draft_or_out_of_the_archive() {
        assert_eq!(route(true, Status::Published, Status::Draft), None);
        assert_eq!(route(true, Status::Approved, Status::InReview), None);
        assert_eq!(route(true, Status::Archived, Status::Published), None);
        assert_eq!(route(false, Status::Archived, Status::Published), None);
    }

    #[test]
    fn an_entry_already_there_needs_no_step_and_any_live_one_can_be_archived() {
        assert_eq!(route(true, Status::Archived, Status::Archived), Some(vec![]));
        assert_eq!(route(true, Status::Published, Status::Published), Some(vec![]));
        for from in LIVE {
            assert_eq!(route(true, *from, Status::Archived), Some(vec![Step::Archive]));
        }
    }

    #[test]
    fn only_approved_reviewed_entries_may_be_published() {
        assert_eq!(PUBLISH.allowed_from(true), &[Status::Approved]);
        assert!(PUBLISH.allowed_from(false).contains(&Status::Published));
        assert!(!Step::Archive.allowed_from(false).contains(&Status::Archived));
    }
}
