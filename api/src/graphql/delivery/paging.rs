//! Relay connections over delivery lists: `first` (1–100, default 20) and `after`, an opaque
//! cursor. A cursor is the one REST's `next_cursor` is (base64url JSON of the last slug), so
//! the two APIs page through the same order and either's cursor works in the other.

use async_graphql::OutputType;
use async_graphql::connection::{Connection, Edge};
use serde::{Deserialize, Serialize};

use crate::content::pagination::{decode_cursor, encode_cursor};
use crate::delivery::snapshots::Snapshot;
use crate::error::{Error, FieldError};

pub const DEFAULT_FIRST: i32 = 20;
pub const MAX_FIRST: i32 = 100;

/// The complexity of a list field: its items' complexity once per item asked for.
pub fn list_complexity(first: Option<i32>, child_complexity: usize) -> usize {
    usize::try_from(first.unwrap_or(DEFAULT_FIRST).clamp(1, MAX_FIRST))
        .unwrap_or(1)
        .saturating_mul(child_complexity)
}

#[derive(Serialize, Deserialize)]
struct Cursor {
    /// The slug of the item the cursor points at; the next page starts after it.
    after: String,
}

/// A validated page request.
#[derive(Clone, Debug)]
pub struct Page {
    pub limit: u64,
    pub after: Option<String>,
}

impl Page {
    /// Checks `first` and `after`, naming them in VALIDATION errors.
    pub fn parse(first: Option<i32>, after: Option<&str>) -> Result<Self, Error> {
        let mut errors = Vec::new();
        let first = first.unwrap_or(DEFAULT_FIRST);
        if !(1..=MAX_FIRST).contains(&first) {
            errors.push(FieldError::new("first", format!("must be between 1 and {MAX_FIRST}")));
        }
        let after = match after.map(str::trim).filter(|raw| !raw.is_empty()) {
            None => None,
            Some(raw) => match decode_cursor::<Cursor>(raw) {
                Some(cursor) => Some(cursor.after),
                None => {
                    errors.push(FieldError::new("after", "is not a cursor this list returned"));
                    None
                }
            },
        };
        if !errors.is_empty() {
            return Err(Error::Validation(errors));
        }
        Ok(Self { limit: u64::try_from(first).unwrap_or(20), after })
    }

    /// The connection over `rows` (up to `limit + 1`, ordered by slug); `node` makes each
    /// item.
    pub fn connection<T: OutputType>(
        &self,
        mut rows: Vec<Snapshot>,
        mut node: impl FnMut(Snapshot) -> async_graphql::Result<T>,
    ) -> async_graphql::Result<Connection<String, T>> {
        let limit = usize::try_from(self.limit).unwrap_or(usize::MAX);
        let has_next = rows.len() > limit;
        rows.truncate(limit);
        let mut connection = Connection::new(self.after.is_some(), has_next);
        for row in rows {
            let cursor = encode_cursor(&Cursor { after: row.slug.clone() });
            connection.edges.push(Edge::new(cursor, node(row)?));
        }
        Ok(connection)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_outside_1_to_100_and_a_foreign_cursor_are_named() {
        let Err(Error::Validation(errors)) = Page::parse(Some(0), Some("nope")) else {
            panic!("expected a validation error");
        };
        let fields: Vec<&str> = errors.iter().map(|error| error.field.as_str()).collect();
        assert_eq!(fields, ["first", "after"]);
    }

    #[test]
    fn a_cursor_names_the_slug_the_next_page_starts_after() {
        let cursor = encode_cursor(&Cursor { after: "microneedling".into() });

        let page = Page::parse(None, Some(&cursor)).unwrap();

        assert_eq!((page.limit, page.after.as_deref()), (20, Some("microneedling")));
    }
}
