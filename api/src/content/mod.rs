//! The content service: treatments, conditions, clinics, offerings and media assets, their revisions and
//! audit trail. It talks to the database through sea-orm and knows nothing of HTTP; the REST
//! and GraphQL layers parse requests into its input types, call [`Content`] with a [`Scope`],
//! and serialize what it returns, so the APIs cannot disagree.
//!
//! Each operation — create, update, delete, restore ([`operations`]) and every workflow step
//! ([`workflow`]) — is written once over the [`Entry`] hooks each kind implements, and runs in
//! one transaction with its revision and audit rows. What follows from a committed change
//! reaches the service's [`events::Follower`]s, not the handlers.
//!
//! Every query is filtered by the scope's workspace here, in the service.

pub mod audit;
pub mod audit_log;
pub mod change;
pub mod clinics;
pub mod conditions;
pub mod entry;
pub mod events;
pub mod governance;
pub mod kind;
pub mod listing;
pub mod lookup;
pub mod media;
pub mod offerings;
pub mod operations;
pub mod pagination;
pub mod publishing;
pub mod revisions;
pub mod scheduler;
pub mod scope;
mod service;
pub mod status;
pub mod treatments;
pub mod validation;
pub mod values;
pub mod workflow;

pub use clinics::Clinics;
pub use conditions::Conditions;
pub use entry::{Entry, Publishable};
pub use kind::EntryKind;
pub use media::MediaAssets;
pub use offerings::Offerings;
pub use scope::Scope;
pub use service::Content;
pub use status::Status;
pub use treatments::Treatments;

/// The strings of a JSON array column (names, synonyms); anything else reads as empty.
pub(crate) fn json_strings(value: &serde_json::Value) -> Vec<String> {
    value
        .as_array()
        .map(|items| items.iter().filter_map(|item| item.as_str().map(str::to_owned)).collect())
        .unwrap_or_default()
}
