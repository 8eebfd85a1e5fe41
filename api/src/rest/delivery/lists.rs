//! Paging through delivery lists: `limit` (1–100, default 20) and an opaque `cursor`.

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::content::pagination::{decode_cursor, encode_cursor};
use crate::delivery::snapshots::Snapshot;
use crate::error::{Error, FieldError, Result};

pub const DEFAULT_LIMIT: u64 = 20;
pub const MAX_LIMIT: u64 = 100;

#[derive(Serialize, Deserialize)]
struct Cursor {
    /// The last slug of the previous page.
    after: String,
}

/// Validated `limit` and the slug the page starts after.
pub fn page(limit: Option<u64>, cursor: Option<&str>) -> Result<(u64, Option<String>)> {
    let mut errors = Vec::new();
    let limit = limit.unwrap_or(DEFAULT_LIMIT);
    if !(1..=MAX_LIMIT).contains(&limit) {
        errors.push(FieldError::new("limit", format!("must be between 1 and {MAX_LIMIT}")));
    }
    let after = match cursor.filter(|c| !c.trim().is_empty()) {
        None => None,
        Some(raw) => match decode_cursor::<Cursor>(raw) {
            Some(cursor) => Some(cursor.after),
            None => {
                errors.push(FieldError::new("cursor", "is not a cursor this list returned"));
                None
            }
        },
    };
    if errors.is_empty() { Ok((limit, after)) } else { Err(Error::Validation(errors)) }
}

/// `{"items": [...], "next_cursor": ...}` from up to `limit + 1` rows.
pub fn body(mut rows: Vec<Snapshot>, limit: u64, item: impl Fn(Snapshot) -> Value) -> Value {
    let limit = usize::try_from(limit).unwrap_or(usize::MAX);
    let next_cursor = (rows.len() > limit).then(|| {
        rows.truncate(limit);
        rows.last().map(|last| encode_cursor(&Cursor { after: last.slug.clone() }))
    });
    let items: Vec<Value> = rows.into_iter().map(item).collect();
    json!({"items": items, "next_cursor": next_cursor.flatten()})
}
