//! Small value shapes shared by every kind of entry.

use chrono::{DateTime, SubsecRound, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::governance::{Finding, Governance};

/// An inclusive range of whole numbers, e.g. 4 to 6 sessions. A single value is `min = max`;
/// `min` greater than `max` is refused (422 on `max`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"min": 4, "max": 6}))]
pub struct Range {
    pub min: i32,
    pub max: i32,
}

impl Range {
    /// The range stored in a pair of nullable columns; none unless both ends are set.
    pub fn from_columns(min: Option<i32>, max: Option<i32>) -> Option<Self> {
        Some(Self { min: min?, max: max? })
    }

    /// The columns of an optional range.
    pub fn columns(range: Option<Self>) -> (Option<i32>, Option<i32>) {
        range.map_or((None, None), |range| (Some(range.min), Some(range.max)))
    }
}

/// The medical review recorded on an entry by the workflow: who approved it and when, when it
/// falls due under the workspace's policy, and the claims-check warnings the reviewer
/// accepted.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Review {
    #[schema(example = "Dr. Amira Haddad, MD, FRCPC")]
    pub reviewer: String,
    pub reviewed_at: DateTime<Utc>,
    /// When the review falls due (`reviewed_at` plus the workspace's `review_valid_months`).
    #[serde(default)]
    pub next_review_due: Option<DateTime<Utc>>,
    /// The `warn` findings the reviewer accepted with the approval.
    #[serde(default)]
    pub accepted_warnings: Vec<Finding>,
}

impl Review {
    /// The review stored in an entry's columns, seen under `governance`.
    pub fn from_columns(
        (reviewer, reviewed_at): (Option<String>, Option<DateTime<Utc>>),
        accepted: &serde_json::Value,
        governance: &Governance,
    ) -> Option<Self> {
        let reviewed_at = reviewed_at?;
        Some(Self {
            reviewer: reviewer?,
            reviewed_at,
            next_review_due: Some(governance.next_review_due(reviewed_at)),
            accepted_warnings: serde_json::from_value(accepted.clone()).unwrap_or_default(),
        })
    }

    /// A review as a file or a caller states it, with nothing accepted.
    pub fn stated(reviewer: String, reviewed_at: DateTime<Utc>) -> Self {
        Self { reviewer, reviewed_at, next_review_due: None, accepted_warnings: Vec::new() }
    }
}

/// The medical review as published content shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct PublishedReview {
    #[schema(example = "Dr. Amira Haddad, MD, FRCPC")]
    pub reviewer: String,
    pub reviewed_at: DateTime<Utc>,
    /// When the review falls due; past it, the content is no longer vouched for.
    #[serde(default)]
    pub next_review_due: Option<DateTime<Utc>>,
}

impl From<&Review> for PublishedReview {
    fn from(review: &Review) -> Self {
        Self {
            reviewer: review.reviewer.clone(),
            reviewed_at: review.reviewed_at,
            next_review_due: review.next_review_due,
        }
    }
}

/// The current time at the precision both databases keep (microseconds), so what a write
/// returns is exactly what a later read returns and cursors compare equal.
pub fn now() -> DateTime<Utc> {
    Utc::now().trunc_subsecs(6)
}

#[cfg(test)]
mod tests {
    use super::Range;

    #[test]
    fn a_range_needs_both_ends_stored() {
        assert_eq!(Range::from_columns(Some(4), Some(6)), Some(Range { min: 4, max: 6 }));
        assert_eq!(Range::from_columns(Some(4), None), None);
    }
}
