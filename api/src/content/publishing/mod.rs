//! Publishing: the documents delivery serves, rendered from entries and stored as immutable
//! snapshots per locale.

pub mod documents;
