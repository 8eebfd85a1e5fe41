//! Checking input field by field while collecting every violation, so a client learns about
//! all of them in one `422` listing each in `errors` instead of fixing one per round trip.

use std::collections::HashSet;
use std::ops::RangeInclusive;

use serde::{Deserialize, Deserializer};

use super::values::Range;
use crate::error::{Error, FieldError, Result};
use crate::validated::{Slug, WebUrl};

/// A field of a partial update: `None` when absent (keep), `Some(None)` when `null` (clear),
/// `Some(Some(value))` to set. Deserialize it with [`nullable`].
pub type Patch<T> = Option<Option<T>>;

/// Serde helper telling an explicit `null` apart from an absent field; use with
/// `#[serde(default, deserialize_with = "nullable")]`.
pub fn nullable<'de, D, T>(deserializer: D) -> std::result::Result<Patch<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(deserializer).map(Some)
}

/// What a text holding a NUL character is told.
pub const NUL_MESSAGE: &str = "must not contain a NUL character (\\u0000)";

/// The path (`faqs[1].question`, `.` for the whole value) of the first string or key in
/// `value` holding a NUL character, if any.
pub fn nul_path(value: &serde_json::Value) -> Option<String> {
    fn walk(value: &serde_json::Value, path: &str) -> Option<String> {
        let join = |field: &str| {
            if path.is_empty() { field.to_owned() } else { format!("{path}.{field}") }
        };
        match value {
            serde_json::Value::String(text) => text.contains('\0').then(|| path.to_owned()),
            serde_json::Value::Array(items) => items
                .iter()
                .enumerate()
                .find_map(|(index, item)| walk(item, &format!("{path}[{index}]"))),
            serde_json::Value::Object(fields) => fields.iter().find_map(|(name, field)| {
                if name.contains('\0') {
                    return Some(join(&name.replace('\0', "\\u0000")));
                }
                walk(field, &join(name))
            }),
            _ => None,
        }
    }
    walk(value, "").map(|path| if path.is_empty() { ".".to_owned() } else { path })
}

/// The violations found so far, each with the path of its field.
#[derive(Debug, Default)]
pub struct Errors(Vec<FieldError>);

impl Errors {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn add(&mut self, field: impl Into<String>, message: impl Into<String>) {
        self.0.push(FieldError::new(field, message));
    }

    pub fn push(&mut self, error: FieldError) {
        self.0.push(error);
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// How many violations were found so far.
    pub fn count(&self) -> usize {
        self.0.len()
    }

    /// `value` when nothing was wrong, else a `422` listing every violation.
    pub fn finish<T>(self, value: T) -> Result<T> {
        if self.0.is_empty() { Ok(value) } else { Err(Error::Validation(self.0)) }
    }

    /// The `422` for what was found (used once something has been found).
    pub fn into_error(self) -> Error {
        Error::Validation(self.0)
    }

    /// Records `error` on `field` when `result` failed; the value otherwise.
    pub fn check<T>(&mut self, field: &str, result: std::result::Result<T, String>) -> Option<T> {
        result.map_err(|message| self.add(field, message)).ok()
    }

    /// A field that may not be `null`, and must be present when `needed` (on create).
    pub fn required(&mut self, field: &str, value: Patch<String>, needed: bool) -> Option<String> {
        match value {
            Some(Some(value)) => Some(value),
            Some(None) => {
                self.add(field, "must not be null");
                None
            }
            None if needed => {
                self.add(field, "is required");
                None
            }
            None => None,
        }
    }

    pub fn slug(&mut self, field: &str, raw: &str) -> Option<Slug> {
        self.check(field, Slug::parse(raw))
    }

    pub fn url(&mut self, field: &str, raw: &str) -> Option<WebUrl> {
        self.check(field, WebUrl::parse(raw))
    }

    /// A single-line text that must not be blank: trimmed, 1 to `max` characters.
    pub fn required_text(&mut self, field: &str, raw: &str, max: usize) -> Option<String> {
        let value = raw.trim();
        if value.is_empty() {
            self.add(field, "must not be blank");
            return None;
        }
        self.text(field, value, max)
    }

    /// A text that may be empty, at most `max` characters and without NUL (PostgreSQL cannot
    /// store it, so neither database may). Kept as written (Markdown cares about whitespace).
    pub fn text(&mut self, field: &str, raw: &str, max: usize) -> Option<String> {
        if raw.contains('\0') {
            self.add(field, NUL_MESSAGE);
            return None;
        }
        if raw.chars().count() > max {
            self.add(field, format!("must be at most {max} characters long"));
            return None;
        }
        Some(raw.to_owned())
    }

    /// An optional text: blank means none.
    pub fn optional_text(&mut self, field: &str, raw: Option<&str>, max: usize) -> Option<String> {
        let value = raw.map(str::trim).filter(|value| !value.is_empty())?;
        self.text(field, value, max)
    }

    /// A list of short texts such as synonyms: at most `max_items`, none blank or repeated.
    /// An over-long list is refused on its count alone, before any per-item work.
    pub fn text_list(
        &mut self,
        field: &str,
        items: &[String],
        max_items: usize,
        max_len: usize,
    ) -> Vec<String> {
        if !self.at_most(field, items.len(), max_items) {
            return Vec::new();
        }
        let mut seen = HashSet::with_capacity(items.len());
        let mut kept: Vec<String> = Vec::with_capacity(items.len());
        for (index, item) in items.iter().enumerate() {
            let path = format!("{field}[{index}]");
            if let Some(value) = self.required_text(&path, item, max_len) {
                if seen.insert(value.clone()) {
                    kept.push(value);
                } else {
                    self.add(path, "is listed twice");
                }
            }
        }
        kept
    }

    /// At most `max` items in a list field; `false` (and the violation recorded) when there
    /// are more, so the caller skips the per-item checks of a list it already refused.
    pub fn at_most(&mut self, field: &str, len: usize, max: usize) -> bool {
        if len > max {
            self.add(field, format!("must have at most {max} items"));
            return false;
        }
        true
    }

    /// A whole number within `bounds`.
    pub fn number(&mut self, field: &str, value: i32, bounds: RangeInclusive<i32>) -> Option<i32> {
        if bounds.contains(&value) {
            Some(value)
        } else {
            self.add(field, format!("must be between {} and {}", bounds.start(), bounds.end()));
            None
        }
    }

    /// A `{min, max}` range: both within `bounds` and `min <= max`.
    pub fn range(
        &mut self,
        field: &str,
        range: Range,
        bounds: RangeInclusive<i32>,
    ) -> Option<Range> {
        let min = self.number(&format!("{field}.min"), range.min, bounds.clone());
        let max = self.number(&format!("{field}.max"), range.max, bounds);
        let (min, max) = (min?, max?);
        if min > max {
            self.add(format!("{field}.max"), "must be at least min");
            return None;
        }
        Some(Range { min, max })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_violation_is_reported_at_once() {
        let mut errors = Errors::new();
        errors.required_text("name", "  ", 10);
        errors.range("sessions", Range { min: 6, max: 4 }, 1..=100);
        errors.url("references[0].url", "ftp://x.example");

        let Err(Error::Validation(found)) = errors.finish(()) else { panic!("expected 422") };

        let fields: Vec<&str> = found.iter().map(|error| error.field.as_str()).collect();
        assert_eq!(fields, ["name", "sessions.max", "references[0].url"]);
    }

    #[test]
    fn a_range_out_of_bounds_names_the_end_that_is_wrong() {
        let mut errors = Errors::new();
        assert!(errors.range("sessions", Range { min: 0, max: 3 }, 1..=100).is_none());
        let Err(Error::Validation(found)) = errors.finish(()) else { panic!("expected 422") };
        assert_eq!(found[0].field, "sessions.min");
    }

    #[test]
    fn texts_are_counted_in_characters_not_bytes() {
        let mut errors = Errors::new();
        assert!(errors.text("name", &"é".repeat(10), 10).is_some());
        assert!(errors.text("name", &"é".repeat(11), 10).is_none());
    }

    #[test]
    fn a_repeated_list_item_is_reported_with_its_index() {
        let mut errors = Errors::new();
        let kept = errors.text_list("synonyms", &["dark spots".into(), "dark spots".into()], 5, 50);
        assert_eq!(kept, ["dark spots"]);
        let Err(Error::Validation(found)) = errors.finish(()) else { panic!("expected 422") };
        assert_eq!(found[0].field, "synonyms[1]");
    }
}
