//! The text fields of an entry, each with its locale and its path in the entry's body: what
//! the claims check reads.

use super::claims::Text;
use crate::content::conditions::ConditionRecord;
use crate::content::treatments::{TreatmentContent, TreatmentText};

/// Every text of a treatment, in every locale.
pub fn of_treatment(content: &TreatmentContent) -> Vec<Text> {
    let mut texts = Vec::new();
    for (locale, text) in &content.translations {
        locale_texts(&mut texts, locale, text);
        for (i, link) in content.conditions.iter().enumerate() {
            if let Some(notes) = link.notes.get(locale) {
                texts.push(Text::new(locale, format!("conditions[{i}].notes"), notes));
            }
        }
        for (i, link) in content.complementary.iter().enumerate() {
            if let Some(note) = link.notes.get(locale) {
                texts.push(Text::new(locale, format!("complementary[{i}].note"), note));
            }
        }
    }
    texts
}

fn locale_texts(texts: &mut Vec<Text>, locale: &str, text: &TreatmentText) {
    let mut push = |field: String, value: &str| {
        if !value.trim().is_empty() {
            texts.push(Text::new(locale, field, value));
        }
    };
    push("name".into(), &text.name);
    push("summary".into(), &text.summary);
    push("body".into(), &text.body);
    push("downtime_notes".into(), text.downtime_notes.as_deref().unwrap_or_default());
    push("results_timeline".into(), text.results_timeline.as_deref().unwrap_or_default());
    let lists = [
        ("also_known_as", &text.also_known_as),
        ("contraindications", &text.contraindications),
        ("suitable_for", &text.suitable_for),
        ("not_suitable_for", &text.not_suitable_for),
    ];
    for (field, items) in lists {
        for (i, item) in items.iter().enumerate() {
            push(format!("{field}[{i}]"), item);
        }
    }
    for (i, effect) in text.side_effects.iter().enumerate() {
        push(format!("side_effects[{i}].effect"), &effect.effect);
        push(format!("side_effects[{i}].duration"), effect.duration.as_deref().unwrap_or_default());
    }
    for (i, step) in text.aftercare.iter().enumerate() {
        push(format!("aftercare[{i}].timing"), &step.timing);
        push(format!("aftercare[{i}].instruction"), &step.instruction);
    }
    for (i, faq) in text.faqs.iter().enumerate() {
        push(format!("faqs[{i}].question"), &faq.question);
        push(format!("faqs[{i}].answer"), &faq.answer);
    }
    push("seo.meta_title".into(), text.seo.meta_title.as_deref().unwrap_or_default());
    push("seo.meta_description".into(), text.seo.meta_description.as_deref().unwrap_or_default());
}

/// Every text of a condition, in every locale.
pub fn of_condition(record: &ConditionRecord) -> Vec<Text> {
    let mut texts = Vec::new();
    for (locale, text) in &record.translations {
        texts.push(Text::new(locale, "name", &text.name));
        for (i, synonym) in text.synonyms.iter().enumerate() {
            texts.push(Text::new(locale, format!("synonyms[{i}]"), synonym));
        }
        texts.push(Text::new(locale, "summary", &text.summary));
        texts.push(Text::new(locale, "body", &text.body));
    }
    texts
}
