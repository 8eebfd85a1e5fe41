//! Paths into a JSON body (`faqs[1].question`): how errors name a field, how they are ordered
//! in a `422`, and how the shape checker reaches a field to take it out or stand in for it.

use std::fmt;

use serde_json::Value;

/// One step down a JSON document. Derived order: list positions by number, then keys by
/// name, so `faqs[2]` comes before `faqs[10]`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Step {
    Index(usize),
    Key(String),
}

/// Where a field is in a body; empty for the whole body.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct JsonPath(Vec<Step>);

impl JsonPath {
    pub fn root() -> Self {
        Self::default()
    }

    /// The path of a deserialization error; `None` when serde could not say where it was.
    pub fn of_serde(path: &serde_path_to_error::Path) -> Option<Self> {
        use serde_path_to_error::Segment;
        let steps = path.iter().map(|segment| match segment {
            Segment::Seq { index } => Some(Step::Index(*index)),
            Segment::Map { key } => Some(Step::Key(key.clone())),
            Segment::Enum { variant } => Some(Step::Key(variant.clone())),
            Segment::Unknown => None,
        });
        steps.collect::<Option<Vec<_>>>().map(Self)
    }

    /// Reads a field name as errors spell it (`faqs[1].question`, `body` for the whole body is
    /// read as the key `body`). Only used to order and match errors, so any text reads as some
    /// path.
    pub fn parse(field: &str) -> Self {
        let mut steps = Vec::new();
        for part in field.split('.') {
            let (key, mut rest) = part.split_once('[').map_or((part, ""), |(k, r)| (k, r));
            if !key.is_empty() {
                steps.push(Step::Key(key.to_owned()));
            }
            while let Some((index, after)) = rest.split_once(']') {
                match index.parse() {
                    Ok(index) => steps.push(Step::Index(index)),
                    Err(_) => steps.push(Step::Key(format!("[{index}]"))),
                }
                rest = after.strip_prefix('[').unwrap_or(after);
            }
        }
        Self(steps)
    }

    pub fn child(&self, step: Step) -> Self {
        let mut steps = self.0.clone();
        steps.push(step);
        Self(steps)
    }

    pub fn parent(&self) -> Option<(Self, &Step)> {
        let (last, parent) = self.0.split_last()?;
        Some((Self(parent.to_vec()), last))
    }

    pub fn last(&self) -> Option<&Step> {
        self.0.last()
    }

    /// Whether `self` is `other` or leads into it.
    pub fn contains(&self, other: &Self) -> bool {
        other.0.starts_with(&self.0)
    }

    /// The value at this path in `document`.
    pub fn find_mut<'a>(&self, document: &'a mut Value) -> Option<&'a mut Value> {
        self.0.iter().try_fold(document, |value, step| match (value, step) {
            (Value::Object(fields), Step::Key(key)) => fields.get_mut(key),
            (Value::Array(items), Step::Index(index)) => items.get_mut(*index),
            _ => None,
        })
    }
}

impl fmt::Display for JsonPath {
    /// `faqs[1].question`; `body` for the whole body. A NUL in a key is written `\u0000`.
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            return formatter.write_str("body");
        }
        for (position, step) in self.0.iter().enumerate() {
            match step {
                Step::Index(index) => write!(formatter, "[{index}]")?,
                Step::Key(key) if position == 0 => write!(formatter, "{}", shown(key))?,
                Step::Key(key) => write!(formatter, ".{}", shown(key))?,
            }
        }
        Ok(())
    }
}

fn shown(key: &str) -> String {
    key.replace('\0', "\\u0000")
}

/// Every string and key in `document` holding a NUL character, in path order.
pub fn nul_paths(document: &Value) -> Vec<JsonPath> {
    fn walk(value: &Value, path: &JsonPath, found: &mut Vec<JsonPath>) {
        match value {
            Value::String(text) if text.contains('\0') => found.push(path.clone()),
            Value::Array(items) => {
                for (index, item) in items.iter().enumerate() {
                    walk(item, &path.child(Step::Index(index)), found);
                }
            }
            Value::Object(fields) => {
                for (key, field) in fields {
                    let path = path.child(Step::Key(key.clone()));
                    if key.contains('\0') {
                        found.push(path);
                    } else {
                        walk(field, &path, found);
                    }
                }
            }
            _ => {}
        }
    }
    let mut found = Vec::new();
    walk(document, &JsonPath::root(), &mut found);
    found.sort();
    found
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn a_field_name_reads_back_as_the_path_it_was_written_from() {
        for field in ["slug", "faqs[1].question", "sessions.max", "a[0][2].b", "body"] {
            assert_eq!(JsonPath::parse(field).to_string(), field);
        }
    }

    #[test]
    fn list_positions_are_ordered_by_number() {
        let mut paths: Vec<JsonPath> =
            ["faqs[10].answer", "slug", "faqs[2].question", "faqs"].map(JsonPath::parse).into();
        paths.sort();
        let shown: Vec<String> = paths.iter().map(ToString::to_string).collect();
        assert_eq!(shown, ["faqs", "faqs[2].question", "faqs[10].answer", "slug"]);
    }

    #[test]
    fn every_nul_is_found_with_its_path() {
        let document = json!({"b": ["ok", "a\u{0}"], "a": {"x\u{0}": 1}, "c": "\u{0}"});
        let found: Vec<String> = nul_paths(&document).iter().map(ToString::to_string).collect();
        assert_eq!(found, ["a.x\\u0000", "b[1]", "c"]);
    }
}
