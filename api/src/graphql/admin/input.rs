//! Admin mutation input: the JSON object REST takes as the request body, parsed by REST's own
//! parser into the same body type, so every field name, rule and error message is REST's
//! (`faqs[1].question`, `sessions.max`...). A typed GraphQL input would rename fields to
//! camelCase and validate some of them before the service could, and the two APIs would
//! report the same mistake differently.

use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::error::{Error, Result};
use crate::rest::entry::{NoteQuery, parse_note_query};

/// The REST body `T` in `input`.
pub fn body<T: DeserializeOwned>(input: &Value) -> Result<T> {
    let bytes = serde_json::to_vec(input).map_err(|error| Error::Internal(error.to_string()))?;
    crate::rest::body::parse(&bytes)
}

/// A change note, checked as REST checks `?note=`.
pub fn note(note: Option<String>) -> Result<Option<String>> {
    parse_note_query(&NoteQuery { note })
}
