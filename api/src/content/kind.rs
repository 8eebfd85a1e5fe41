//! The kinds of versioned entries, as named in `revisions.entity_type` and `audit_log`.

use entity::{clinic, condition, media_asset, offering, treatment};

use super::change::Versioned;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum EntryKind {
    Treatment,
    Condition,
    Clinic,
    Offering,
    Media,
}

impl EntryKind {
    pub const ALL: [EntryKind; 5] = [
        EntryKind::Treatment,
        EntryKind::Condition,
        EntryKind::Clinic,
        EntryKind::Offering,
        EntryKind::Media,
    ];

    /// The stored name (`revisions.entity_type`, `audit_log.entity_type`).
    pub fn as_str(self) -> &'static str {
        match self {
            EntryKind::Treatment => "treatment",
            EntryKind::Condition => "condition",
            EntryKind::Clinic => "clinic",
            EntryKind::Offering => "offering",
            EntryKind::Media => "media_asset",
        }
    }

    /// The kind stored as `name`.
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.as_str() == name)
    }

    /// The word for messages.
    pub fn noun(self) -> &'static str {
        match self {
            EntryKind::Media => "media asset",
            other => other.as_str(),
        }
    }
}

/// The kinds published on their own (offerings are published with their clinic).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PublishedKind {
    Treatment,
    Condition,
    Clinic,
}

impl From<PublishedKind> for EntryKind {
    fn from(kind: PublishedKind) -> Self {
        match kind {
            PublishedKind::Treatment => EntryKind::Treatment,
            PublishedKind::Condition => EntryKind::Condition,
            PublishedKind::Clinic => EntryKind::Clinic,
        }
    }
}

macro_rules! versioned {
    ($module:ident, $kind:expr, $workflow:expr) => {
        impl Versioned for $module::Entity {
            const KIND: EntryKind = $kind;
            const ID: $module::Column = $module::Column::Id;
            const WORKSPACE: $module::Column = $module::Column::WorkspaceId;
            const VERSION: $module::Column = $module::Column::Version;
            const UPDATED_AT: $module::Column = $module::Column::UpdatedAt;
            const UPDATED_BY: $module::Column = $module::Column::UpdatedBy;
            const WORKFLOW_COLUMNS: Option<($module::Column, $module::Column)> = $workflow;
        }
    };
}

versioned!(
    treatment,
    EntryKind::Treatment,
    Some((treatment::Column::Status, treatment::Column::PublishAt))
);
versioned!(
    condition,
    EntryKind::Condition,
    Some((condition::Column::Status, condition::Column::PublishAt))
);
versioned!(clinic, EntryKind::Clinic, Some((clinic::Column::Status, clinic::Column::PublishAt)));
versioned!(offering, EntryKind::Offering, None);
versioned!(media_asset, EntryKind::Media, None);
