//! Small value shapes shared by every kind of entry.

use chrono::{DateTime, SubsecRound, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

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

/// The medical review recorded on an entry (by the workflow), shown on published content.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Review {
    #[schema(example = "Dr. Amira Haddad, MD, FRCPC")]
    pub reviewer: String,
    pub reviewed_at: DateTime<Utc>,
}

impl Review {
    pub fn from_columns(
        reviewer: Option<String>,
        reviewed_at: Option<DateTime<Utc>>,
    ) -> Option<Self> {
        Some(Self { reviewer: reviewer?, reviewed_at: reviewed_at? })
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
