//! The workflow status in the admin schema: an enum spelled as REST spells it (`in_review`),
//! answered by every entry and taken by every list's `status` filter.

use async_graphql::Enum;

use crate::content::status::Status;
use crate::error::Result;

/// Where an entry stands in the editorial workflow.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Enum)]
#[graphql(rename_items = "snake_case")]
pub enum EntryStatus {
    Draft,
    InReview,
    Approved,
    Published,
    Archived,
}

impl EntryStatus {
    /// The status a view spells `raw`; the service only ever spells [`Status`]es.
    pub fn stored(raw: &str) -> Result<Self> {
        Ok(Status::stored(raw)?.into())
    }
}

impl From<EntryStatus> for Status {
    fn from(status: EntryStatus) -> Self {
        match status {
            EntryStatus::Draft => Status::Draft,
            EntryStatus::InReview => Status::InReview,
            EntryStatus::Approved => Status::Approved,
            EntryStatus::Published => Status::Published,
            EntryStatus::Archived => Status::Archived,
        }
    }
}

impl From<Status> for EntryStatus {
    fn from(status: Status) -> Self {
        match status {
            Status::Draft => EntryStatus::Draft,
            Status::InReview => EntryStatus::InReview,
            Status::Approved => EntryStatus::Approved,
            Status::Published => EntryStatus::Published,
            Status::Archived => EntryStatus::Archived,
        }
    }
}
