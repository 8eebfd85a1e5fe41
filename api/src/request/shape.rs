//! Finding every shape error of a JSON body, not just the first.
//!
//! serde stops at the first unknown field, wrong type or missing field. To report them all,
//! [`check`] tries the typed parse, records what failed with its path, repairs the document
//! there and tries again: an unknown field is taken out; a field of the wrong type (or a
//! missing one) is taken out or, when the type needs it, replaced by a neutral stand-in
//! (`null`, `""`, `0`, `false`, `[]`, `{}`, or the first value serde said it expected, such
//! as a role's first variant — whichever parses), so the rest of the body — and
//! list items after a bad one, whose positions never shift — is still checked. What parses in
//! the end goes on to the domain rules; their findings on any repaired path are dropped, as
//! the shape error already names that field. The tries are bounded by a work budget.

use std::collections::HashMap;

use serde::de::DeserializeOwned;
use serde_json::Value;

use super::json_path::{JsonPath, Step};

/// At most this many shape errors are collected; a body with more gets the first of them.
pub const MAX_ERRORS: usize = 100;
/// Bytes of document the retries may walk in all, so a big body gets fewer tries and no body
/// costs more than a few dozen times one parse.
const WORK_BYTES: usize = 16 * 1024 * 1024;
const MIN_TRIES: usize = 16;
const MAX_TRIES: usize = 400;

/// What the shape check found.
#[derive(Debug)]
pub struct Shaped<T> {
    /// The body as parsed once repaired; `None` when no repair made it fit (or the budget ran
    /// out), in which case only the shape errors can be reported.
    pub value: Option<T>,
    /// Each shape error's path and message, in the order found.
    pub errors: Vec<(JsonPath, String)>,
    /// Paths holding something other than what the client sent (repaired, or under a shape
    /// error): the domain rules' findings there say nothing about the client's body.
    pub repaired: Vec<JsonPath>,
}

/// What the client may change, the way serde reports it.
enum Problem {
    Unknown { message: String },
    Missing,
    Invalid { message: String },
}

/// A neutral value tried in place of a bad or missing field, in this order.
#[derive(Clone, Copy, Debug)]
enum Remedy {
    Remove,
    /// The first value the error said was expected (`unknown variant `boss`, expected one of
    /// `owner`, …`): what a field of a fixed set of words needs.
    Expected,
    Stand(fn() -> Value),
}

const REMEDIES: [Remedy; 8] = [
    Remedy::Remove,
    Remedy::Expected,
    Remedy::Stand(|| Value::Null),
    Remedy::Stand(|| Value::String(String::new())),
    Remedy::Stand(|| Value::from(0)),
    Remedy::Stand(|| Value::Bool(false)),
    Remedy::Stand(|| Value::Array(Vec::new())),
    Remedy::Stand(|| Value::Object(serde_json::Map::new())),
];

/// The tries a body of `len` bytes gets.
pub fn budget(len: usize) -> usize {
    (WORK_BYTES / len.max(1)).clamp(MIN_TRIES, MAX_TRIES)
}

/// Parses `document` as a `T`, collecting every shape error (see the module documentation).
pub fn check<T: DeserializeOwned>(mut document: Value, tries: usize) -> Shaped<T> {
    let mut repairs = Repairs::default();
    let mut value = None;
    for _ in 0..tries {
        let error = match serde_path_to_error::deserialize::<_, T>(&document) {
            Ok(parsed) => {
                value = Some(parsed);
                break;
            }
            Err(error) => error,
        };
        let repaired = match failure(&error) {
            Some((path, problem)) => repairs.repair(&mut document, path, problem),
            None => {
                repairs.record(JsonPath::root(), error.inner().to_string());
                false
            }
        };
        if !repaired || repairs.errors.len() >= MAX_ERRORS {
            break;
        }
    }
    let Repairs { errors, repaired, .. } = repairs;
    Shaped { value, errors, repaired }
}

/// Where `error` is and what it is; `None` when serde could not say where.
fn failure(error: &serde_path_to_error::Error<serde_json::Error>) -> Option<(JsonPath, Problem)> {
    let path = JsonPath::of_serde(error.path())?;
    let message = error.inner().to_string();
    let message = message.split(" at line ").next().unwrap_or_default().to_owned();
    if let Some(field) = backticked(&message, "missing field `") {
        return Some((path.child(Step::Key(field.to_owned())), Problem::Missing));
    }
    if let Some(field) = backticked(&message, "unknown field `") {
        let key = Step::Key(field.to_owned());
        let path = if path.last() == Some(&key) { path } else { path.child(key) };
        let expected = message.split_once(", expected ").map_or("", |(_, rest)| rest);
        let message = format!("is not a known field; expected {expected}");
        return Some((path, Problem::Unknown { message }));
    }
    Some((path, Problem::Invalid { message }))
}

/// The text between `prefix` and the next backtick.
fn backticked<'a>(message: &'a str, prefix: &str) -> Option<&'a str> {
    message.strip_prefix(prefix)?.split('`').next()
}

#[derive(Default)]
struct Repairs {
    errors: Vec<(JsonPath, String)>,
    repaired: Vec<JsonPath>,
    /// How many remedies each path has used up.
    tried: HashMap<JsonPath, usize>,
    /// The first expected value an error named, per path.
    expected: HashMap<JsonPath, String>,
}

impl Repairs {
    /// Records the error unless it follows from an earlier repair, then repairs its path.
    /// `false` when nothing more can be done.
    fn repair(&mut self, document: &mut Value, path: JsonPath, problem: Problem) -> bool {
        let consequence = self.repaired.iter().any(|repaired| repaired.contains(&path));
        match problem {
            Problem::Unknown { message } => {
                if !consequence {
                    self.record(path.clone(), message);
                }
                remove(document, &path)
            }
            Problem::Missing | Problem::Invalid { .. } => {
                if let Problem::Invalid { message } = &problem
                    && let Some(word) = first_expected(message)
                {
                    self.expected.entry(path.clone()).or_insert_with(|| word.to_owned());
                }
                if !consequence {
                    let message = match problem {
                        Problem::Invalid { message } => message,
                        _ => "is required".to_owned(),
                    };
                    self.record(path.clone(), message);
                }
                self.next_remedy(document, path)
            }
        }
    }

    fn record(&mut self, path: JsonPath, message: String) {
        self.repaired.push(path.clone());
        self.errors.push((path, message));
    }

    /// Applies the next remedy `path` has not tried; when none is left, repairs the field
    /// holding it instead (losing the rest of that field, never the whole body).
    fn next_remedy(&mut self, document: &mut Value, mut path: JsonPath) -> bool {
        loop {
            if path == JsonPath::root() {
                return false;
            }
            let tried = self.tried.entry(path.clone()).or_default();
            while let Some(remedy) = REMEDIES.get(*tried) {
                *tried += 1;
                let expected = self.expected.get(&path).map(String::as_str);
                if apply(document, &path, *remedy, expected) {
                    return true;
                }
            }
            let Some((parent, _)) = path.parent() else { return false };
            path = parent;
            if !self.repaired.iter().any(|repaired| repaired.contains(&path)) {
                self.repaired.push(path.clone());
            }
        }
    }
}

/// Takes `path` out of the object holding it, or sets it to a stand-in; `false` when the
/// remedy does not apply there (only object fields can be removed, and `Expected` needs a
/// word).
fn apply(document: &mut Value, path: &JsonPath, remedy: Remedy, expected: Option<&str>) -> bool {
    let Some((parent, step)) = path.parent() else { return false };
    let Some(container) = parent.find_mut(document) else { return false };
    let stand_in = match remedy {
        Remedy::Remove => None,
        Remedy::Expected => match expected {
            Some(word) => Some(Value::String(word.to_owned())),
            None => return false,
        },
        Remedy::Stand(value) => Some(value()),
    };
    match (container, step, stand_in) {
        (Value::Object(fields), Step::Key(key), None) => fields.remove(key).is_some(),
        (Value::Object(fields), Step::Key(key), Some(value)) => {
            fields.insert(key.clone(), value);
            true
        }
        (Value::Array(items), Step::Index(index), Some(value)) => {
            items.get_mut(*index).map(|item| *item = value).is_some()
        }
        _ => false,
    }
}

fn remove(document: &mut Value, path: &JsonPath) -> bool {
    apply(document, path, Remedy::Remove, None)
}

/// The first backticked word after "expected" in a serde message, if any.
fn first_expected(message: &str) -> Option<&str> {
    let (_, rest) = message.split_once("expected ")?;
    let rest = rest.strip_prefix("one of ").unwrap_or(rest);
    backticked(rest, "`")
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use serde::Deserialize;
    use serde_json::{Value, json};

    use super::{MAX_ERRORS, check};

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Faq {
        question: String,
        #[allow(dead_code)]
        answer: String,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Range {
        #[allow(dead_code)]
        min: i32,
        #[allow(dead_code)]
        max: i32,
    }

    #[derive(Debug, Deserialize)]
    #[serde(rename_all = "lowercase")]
    enum Role {
        Editor,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Body {
        #[serde(default)]
        slug: Option<String>,
        #[serde(default)]
        faqs: Vec<Faq>,
        #[serde(default)]
        #[allow(dead_code)]
        sessions: Option<Range>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Membership {
        #[allow(dead_code)]
        role: Role,
    }

    fn fields<T>(errors: &[(super::JsonPath, T)]) -> Vec<String> {
        let mut fields: Vec<String> = errors.iter().map(|(path, _)| path.to_string()).collect();
        fields.sort();
        fields
    }

    #[test]
    fn every_unknown_field_wrong_type_and_missing_field_is_named_by_its_path() {
        let body = json!({
            "slug": 1, "nme": 1, "sessions": {"min": "x", "max": 2},
            "faqs": [
                {"question": 1, "answer": "a"},
                {"question": "q", "answer": "a", "x": 1},
                5,
                {"question": "q"},
            ],
        });

        let shaped = check::<Body>(body, 100);

        let expected = [
            "faqs[0].question",
            "faqs[1].x",
            "faqs[2]",
            "faqs[3].answer",
            "nme",
            "sessions.min",
            "slug",
        ];
        assert_eq!(fields(&shaped.errors), expected);
        let parsed = shaped.value.expect("the repaired body parses");
        assert_eq!(parsed.faqs.len(), 4, "list positions never shift");
        assert_eq!(parsed.faqs[1].question, "q", "what fitted is kept as sent");
        assert_eq!(parsed.slug, None);
    }

    #[test]
    fn messages_say_what_is_wrong_without_a_position() {
        let shaped = check::<Body>(json!({"faqs": [{"question": 7}], "nme": 1}), 100);
        let messages: Vec<&str> = shaped.errors.iter().map(|(_, m)| m.as_str()).collect();
        assert_eq!(messages[0], "invalid type: integer `7`, expected a string");
        assert_eq!(messages[1], "is required");
        assert_eq!(messages[2], "is not a known field; expected one of `slug`, `faqs`, `sessions`");
    }

    #[test]
    fn a_word_outside_its_set_stands_in_as_one_the_set_holds() {
        let shaped = check::<Membership>(json!({"role": "boss", "nme": 1}), 100);

        assert_eq!(fields(&shaped.errors), ["nme", "role"]);
        assert!(matches!(shaped.value, Some(Membership { role: Role::Editor })));
    }

    #[test]
    fn a_field_nothing_stands_in_for_still_lets_every_other_error_be_named() {
        let shaped = check::<Membership>(json!({"nme": 1}), 100);

        assert_eq!(fields(&shaped.errors), ["nme", "role"]);
        assert!(shaped.value.is_none());
    }

    #[test]
    fn a_body_of_the_wrong_type_is_one_error_on_the_body() {
        let shaped = check::<Body>(json!("faqs"), 100);
        assert_eq!(fields(&shaped.errors), ["body"]);
        assert!(shaped.value.is_none());
    }

    #[test]
    fn the_errors_collected_are_bounded() {
        let many: serde_json::Map<String, Value> =
            (0..1000).map(|index| (format!("x{index:04}"), json!(1))).collect();

        let shaped = check::<Body>(Value::Object(many.clone()), 10_000);
        let cut_short = check::<Body>(Value::Object(many), 16);

        assert_eq!(shaped.errors.len(), MAX_ERRORS);
        assert_eq!(cut_short.errors.len(), 16);
        assert!(cut_short.value.is_none());
    }

    /// A wrong thing to put in a FAQ: its path below the FAQ, if it names one.
    fn corruption() -> impl Strategy<Value = (Value, Option<&'static str>)> {
        prop_oneof![
            Just((json!({"question": "q", "answer": "a"}), None)),
            Just((json!({"question": 1, "answer": "a"}), Some(".question"))),
            Just((json!({"question": "q", "answer": []}), Some(".answer"))),
            Just((json!({"question": "q", "answer": "a", "votes": 3}), Some(".votes"))),
            Just((json!({"answer": "a"}), Some(".question"))),
            Just((json!(null), Some(""))),
            Just((json!("faq"), Some(""))),
        ]
    }

    proptest! {
        #[test]
        fn every_corrupted_faq_is_reported_and_no_other(
            faqs in proptest::collection::vec(corruption(), 0..12),
            bad_slug in any::<bool>(),
        ) {
            let mut expected: Vec<String> = faqs
                .iter()
                .enumerate()
                .filter_map(|(index, (_, path))| path.map(|path| format!("faqs[{index}]{path}")))
                .collect();
            if bad_slug {
                expected.push("slug".to_owned());
            }
            expected.sort();
            let faqs: Vec<Value> = faqs.into_iter().map(|(faq, _)| faq).collect();
            let count = faqs.len();
            let slug = if bad_slug { json!(false) } else { json!("ok") };

            let shaped = check::<Body>(json!({"slug": slug, "faqs": faqs}), 400);

            prop_assert_eq!(fields(&shaped.errors), expected);
            prop_assert_eq!(shaped.value.map(|body| body.faqs.len()), Some(count));
        }
    }
}
