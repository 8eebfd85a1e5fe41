//! Where an entry stands in the editorial workflow (see [`super::workflow`]). The one spelling of a status:
//! the database column, revisions, the APIs, lists' `status` filter and the export format all
//! go through [`Status`]. Which step leads from which status to which is the table in
//! [`super::workflow::Step`].

use std::fmt;

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Draft,
    InReview,
    Approved,
    Published,
    Archived,
}

impl Status {
    /// Every status, in workflow order.
    pub const ALL: [Status; 5] =
        [Status::Draft, Status::InReview, Status::Approved, Status::Published, Status::Archived];

    /// The stored and wire spelling: `draft`, `in_review`, `approved`, `published`, `archived`.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::InReview => "in_review",
            Status::Approved => "approved",
            Status::Published => "published",
            Status::Archived => "archived",
        }
    }

    /// The status spelled `raw`, if any.
    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|status| status.as_str() == raw)
    }

    /// A stored status; the database only ever holds [`Status::as_str`] spellings, so anything
    /// else is an internal error rather than bad input.
    pub fn stored(raw: &str) -> crate::error::Result<Self> {
        Self::parse(raw)
            .ok_or_else(|| crate::error::Error::Internal(format!("unknown stored status '{raw}'")))
    }

    /// Whether content in this status stands behind a medical review.
    pub fn is_reviewed(self) -> bool {
        matches!(self, Status::Approved | Status::Published)
    }

    /// `draft, in_review, …` for messages.
    pub fn listed() -> String {
        Self::ALL.map(Status::as_str).join(", ")
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_status_reads_back_from_its_spelling_and_its_json() {
        for status in Status::ALL {
            assert_eq!(Status::parse(status.as_str()), Some(status));
            let json = serde_json::to_value(status).unwrap();
            assert_eq!(json, status.as_str());
        }
    }

    #[test]
    fn an_unknown_spelling_is_no_status() {
        assert_eq!(Status::parse("Published"), None);
        assert_eq!(Status::parse("live"), None);
        assert!(Status::stored("live").is_err());
    }
}
