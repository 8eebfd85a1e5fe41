//! An editor's fields, grouped into the sections it shows: one kind's whole form. Each kind
//! lists its [`Sections`] once; the editor, the conflict screen and history read them.

use serde_json::{Map, Value};

use super::form::{self, Field, Kind, Values};
use crate::error::FieldError;

/// The sections of a kind's editor, in order, each a title and its fields. The field names are
/// the keys of the admin API's body for the kind, so the form's JSON is that body.
pub struct Sections(pub &'static [(&'static str, &'static [Field])]);

impl Sections {
    /// The form values of an entry as the admin API answers it.
    pub fn values_of(&self, view: &Value) -> Values {
        self.0.iter().flat_map(|(_, fields)| form::values_of(fields, view)).collect()
    }

    /// The values of a posted form, its lists in the order the editor gave.
    pub fn posted_values(&self, posted: &[(String, String)]) -> Values {
        let mut values = form::collect(posted);
        for (_, fields) in self.0 {
            form::order_rows(&mut values, fields);
        }
        values
    }

    /// The body of `values`, and what in them is not a value of its kind.
    pub fn body_of(&self, values: &Values) -> (Map<String, Value>, Vec<FieldError>) {
        let (mut body, mut errors) = (Map::new(), Vec::new());
        for (_, fields) in self.0 {
            let (part, wrong) = form::body_of(fields, values);
            body.extend(part);
            errors.extend(wrong);
        }
        (body, errors)
    }

    /// `values` without the text of one locale: what a locale without text starts from.
    pub fn without_text(&self, values: &mut Values) {
        for (_, fields) in self.0 {
            form::blank_localized(fields, values, "");
        }
    }

    /// Every top-level field, in order: what the conflict screen compares.
    pub fn top_level(&self) -> impl Iterator<Item = &'static Field> {
        self.0.iter().flat_map(|(_, fields)| fields.iter())
    }

    /// The input an error's path points at: a range's first end, else the path itself.
    pub fn anchor(&self, path: &str) -> String {
        let ranged =
            self.top_level().any(|field| field.name == path && matches!(field.kind, Kind::Range));
        if ranged { format!("{path}.min") } else { path.to_owned() }
    }
}
