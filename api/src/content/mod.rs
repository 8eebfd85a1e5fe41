//! The content service: treatments, conditions, clinics and offerings, their revisions and
//! audit trail. It talks to the database through sea-orm and knows nothing of HTTP; the REST
//! (and GraphQL) layers parse requests into its input types, call it with a [`Scope`], and
//! serialize what it returns, so the APIs cannot disagree.
//!
//! Every query is filtered by the scope's workspace here, in the service. Every change runs
//! in one transaction with its revision and audit rows ([`change`]).

pub mod audit;
pub mod change;
pub mod clinics;
pub mod conditions;
pub mod kind;
pub mod listing;
pub mod lookup;
pub mod offerings;
pub mod pagination;
pub mod publishing;
pub mod revisions;
pub mod scheduler;
pub mod scope;
pub mod treatments;
pub mod validation;
pub mod values;
pub mod workflow;

pub use kind::EntryKind;
pub use scope::Scope;

/// The strings of a JSON array column (names, synonyms); anything else reads as empty.
pub(crate) fn json_strings(value: &serde_json::Value) -> Vec<String> {
    value
        .as_array()
        .map(|items| items.iter().filter_map(|item| item.as_str().map(str::to_owned)).collect())
        .unwrap_or_default()
}
