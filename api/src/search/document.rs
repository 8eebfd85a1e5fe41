//! What search reads of a published entry: its texts as passages, each with the field it comes
//! from, how much a match in it weighs, and how to explain the match to a reader.
//!
//! A treatment is found by its own texts and by the conditions it treats (their names and
//! synonyms, and its notes on each), so "dark spots" finds the treatments for
//! hyperpigmentation; its FAQs are part of it.

use std::collections::HashMap;

use serde_json::Value;

use crate::delivery::jsonld::plain_text;
use crate::delivery::snapshots::SnapshotKind;

/// How much a match weighs by where it is: a name outranks other names and synonyms, which
/// outrank a treatment's conditions, which outrank summaries, which outrank the rest.
pub mod weight {
    pub const NAME: f32 = 8.0;
    pub const OTHER_NAME: f32 = 4.0;
    pub const CONDITION: f32 = 3.0;
    pub const SUMMARY: f32 = 2.0;
    pub const TEXT: f32 = 1.0;
}

/// One searchable text of an entry.
#[derive(Clone, Debug, PartialEq)]
pub struct Passage {
    /// The document field it comes from (`name`, `conditions`, `faqs`…).
    pub field: &'static str,
    pub weight: f32,
    /// Plain text (Markdown is read as text).
    pub text: String,
    /// What the passage is, for a reader: "synonym 'dark spots' of Hyperpigmentation".
    pub via: String,
}

impl Passage {
    fn new(field: &'static str, weight: f32, text: impl Into<String>, via: String) -> Self {
        Self { field, weight, text: text.into(), via }
    }

    /// Whether the passage reads well as an excerpt (a name or a synonym does not).
    pub fn is_prose(&self) -> bool {
        self.weight <= weight::SUMMARY
    }
}

/// A published entry as search sees it, in the locale it is served in.
#[derive(Clone, Debug, PartialEq)]
pub struct SearchDocument {
    pub kind: SnapshotKind,
    pub slug: String,
    pub name: String,
    /// The locale of its texts (the one asked for, or the workspace default).
    pub locale: String,
    pub passages: Vec<Passage>,
}

/// What a treatment's linked conditions contribute: each condition's name and synonyms by
/// slug, from the condition documents of the same locale.
pub type ConditionNames = HashMap<String, (String, Vec<String>)>;

/// The names and synonyms of `conditions` (published condition documents), by slug.
pub fn condition_names<'a>(conditions: impl IntoIterator<Item = &'a Value>) -> ConditionNames {
    conditions
        .into_iter()
        .map(|document| {
            let synonyms = strings(&document["synonyms"]).map(str::to_owned).collect();
            (text(document, "slug").to_owned(), (text(document, "name").to_owned(), synonyms))
        })
        .collect()
}

/// A published treatment document as search reads it.
pub fn treatment(document: &Value, conditions: &ConditionNames) -> SearchDocument {
    let name = text(document, "name").to_owned();
    let mut passages = vec![Passage::new("name", weight::NAME, &name, format!("name '{name}'"))];
    for other in strings(&document["also_known_as"]) {
        let via = format!("also known as '{other}'");
        passages.push(Passage::new("also_known_as", weight::OTHER_NAME, other, via));
    }
    for linked in list(&document["conditions"]) {
        linked_condition(&mut passages, linked, conditions);
    }
    passages.push(Passage::new(
        "summary",
        weight::SUMMARY,
        text(document, "summary"),
        "summary".into(),
    ));
    for faq in list(&document["faqs"]) {
        let question = plain_text(text(faq, "question"));
        let answer = plain_text(text(faq, "answer"));
        let via = format!("FAQ '{question}'");
        passages.push(Passage::new("faqs", weight::TEXT, format!("{question} {answer}"), via));
    }
    for field in ["body", "downtime_notes", "results_timeline"] {
        let via = field.replace('_', " ");
        passages.push(Passage::new(field, weight::TEXT, plain_text(text(document, field)), via));
    }
    let notes = [
        ("contraindications", "contraindication"),
        ("suitable_for", "suitable for"),
        ("not_suitable_for", "not suitable for"),
    ];
    for (field, label) in notes {
        for note in strings(&document[field]) {
            let via = format!("{label} '{note}'");
            passages.push(Passage::new(field, weight::TEXT, note, via));
        }
    }
    for effect in list(&document["side_effects"]) {
        let what = text(effect, "effect");
        let via = format!("side effect '{what}'");
        passages.push(Passage::new("side_effects", weight::TEXT, what.to_owned(), via));
    }
    searchable(SnapshotKind::Treatment, document, name, passages)
}

fn linked_condition(passages: &mut Vec<Passage>, linked: &Value, conditions: &ConditionNames) {
    let slug = text(linked, "slug");
    let (name, synonyms) = match conditions.get(slug) {
        Some((name, synonyms)) => (name.clone(), synonyms.as_slice()),
        None => (text(linked, "name").to_owned(), &[][..]),
    };
    let via = format!("condition {name}");
    passages.push(Passage::new("conditions", weight::CONDITION, &name, via));
    for synonym in synonyms {
        let via = format!("synonym '{synonym}' of {name}");
        passages.push(Passage::new("conditions", weight::CONDITION, synonym, via));
    }
    let notes = plain_text(text(linked, "notes"));
    if !notes.is_empty() {
        passages.push(Passage::new("conditions", weight::TEXT, notes, format!("notes on {name}")));
    }
}

/// A published condition document as search reads it.
pub fn condition(document: &Value) -> SearchDocument {
    let name = text(document, "name").to_owned();
    let mut passages = vec![Passage::new("name", weight::NAME, &name, format!("name '{name}'"))];
    for synonym in strings(&document["synonyms"]) {
        let via = format!("synonym '{synonym}'");
        passages.push(Passage::new("synonyms", weight::OTHER_NAME, synonym, via));
    }
    passages.push(Passage::new(
        "summary",
        weight::SUMMARY,
        text(document, "summary"),
        "summary".into(),
    ));
    passages.push(Passage::new(
        "body",
        weight::TEXT,
        plain_text(text(document, "body")),
        "body".into(),
    ));
    searchable(SnapshotKind::Condition, document, name, passages)
}

fn searchable(
    kind: SnapshotKind,
    document: &Value,
    name: String,
    mut passages: Vec<Passage>,
) -> SearchDocument {
    passages.retain(|passage| !passage.text.trim().is_empty());
    let slug = text(document, "slug").to_owned();
    let locale = text(document, "locale").to_owned();
    SearchDocument { kind, slug, name, locale, passages }
}

fn text<'a>(value: &'a Value, field: &str) -> &'a str {
    value[field].as_str().unwrap_or_default()
}

fn list(value: &Value) -> impl Iterator<Item = &Value> {
    value.as_array().into_iter().flatten()
}

fn strings(value: &Value) -> impl Iterator<Item = &str> {
    list(value).filter_map(Value::as_str)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn a_treatment_carries_its_conditions_synonyms_and_faqs() {
        let conditions = condition_names([&json!({
            "slug": "hyperpigmentation", "name": "Hyperpigmentation", "synonyms": ["dark spots"]
        })]);
        let document = treatment(
            &json!({
                "slug": "microneedling", "locale": "en", "name": "Microneedling",
                "summary": "Fine needles.", "body": "**Collagen** grows.",
                "conditions": [{"slug": "hyperpigmentation", "name": "Hyperpigmentation"}],
                "faqs": [{"question": "Does it hurt?", "answer": "A little."}],
            }),
            &conditions,
        );
        let vias: Vec<&str> = document.passages.iter().map(|p| p.via.as_str()).collect();
        assert_eq!(
            vias,
            [
                "name 'Microneedling'",
                "condition Hyperpigmentation",
                "synonym 'dark spots' of Hyperpigmentation",
                "summary",
                "FAQ 'Does it hurt?'",
                "body",
            ]
        );
        assert_eq!(document.passages[5].text, "Collagen grows.");
    }
}
