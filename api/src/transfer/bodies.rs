//! An entry of the file, in one locale, as the body an editor would send: the importer then
//! validates and writes it through the same parsers and service functions as the admin API.
//!
//! Every body carries every field, shared ones included, so applying it makes the entry match
//! the file whatever it held before (`null` clears). Text fields are present only in locales
//! the entry has text in, so a body for a locale that only has link notes adds no text.

use crate::content::clinics::ClinicBody;
use crate::content::conditions::ConditionBody;
use crate::content::offerings::OfferingBody;
use crate::content::treatments::{
    AftercareStep, ComplementaryBody, ConditionLinkBody, Faq, Reference, Seo, TreatmentBody,
};
use crate::content::validation::Patch;

use super::format::{ClinicDoc, ConditionDoc, OfferingDoc, TreatmentDoc};

fn set<T>(value: T) -> Patch<T> {
    Some(Some(value))
}

/// A value that `None` clears.
fn exactly<T>(value: Option<T>) -> Patch<T> {
    Some(value)
}

pub(super) fn condition(doc: &ConditionDoc, locale: &str, note: &str) -> ConditionBody {
    let text = doc.translations.get(locale);
    ConditionBody {
        slug: set(doc.slug.clone()),
        locale: set(locale.to_owned()),
        name: text.map(|text| Some(text.name.clone())),
        synonyms: text.map(|text| Some(text.synonyms.clone())),
        summary: text.map(|text| Some(text.summary.clone())),
        body: text.map(|text| Some(text.body.clone())),
        note: set(note.to_owned()),
    }
}

pub(super) fn treatment(doc: &TreatmentDoc, locale: &str, note: &str) -> TreatmentBody {
    let text = doc.translations.get(locale);
    let conditions = doc
        .conditions
        .iter()
        .map(|link| ConditionLinkBody {
            condition: link.condition.clone(),
            sessions: link.sessions,
            notes: link.notes.get(locale).cloned(),
        })
        .collect();
    let complementary = doc
        .complementary
        .iter()
        .map(|link| ComplementaryBody {
            treatment: link.treatment.clone(),
            min_spacing_weeks: link.min_spacing_weeks,
            note: link.note.get(locale).cloned(),
        })
        .collect();
    let references = doc
        .references
        .iter()
        .map(|r| Reference { title: r.title.clone(), url: r.url.clone(), year: r.year })
        .collect();
    TreatmentBody {
        slug: set(doc.slug.clone()),
        locale: set(locale.to_owned()),
        name: text.map(|text| Some(text.name.clone())),
        also_known_as: text.map(|text| Some(text.also_known_as.clone())),
        summary: text.map(|text| Some(text.summary.clone())),
        body: text.map(|text| Some(text.body.clone())),
        procedure_minutes: exactly(doc.procedure_minutes),
        sessions: exactly(doc.sessions),
        session_interval_weeks: exactly(doc.session_interval_weeks),
        downtime_days: exactly(doc.downtime_days),
        downtime_notes: text.map(|text| text.downtime_notes.clone()),
        results_timeline: text.map(|text| text.results_timeline.clone()),
        contraindications: text.map(|text| Some(text.contraindications.clone())),
        side_effects: text.map(|text| Some(text.side_effects.clone())),
        suitable_for: text.map(|text| Some(text.suitable_for.clone())),
        not_suitable_for: text.map(|text| Some(text.not_suitable_for.clone())),
        aftercare: text.map(|text| {
            let steps = text.aftercare.iter().map(|step| AftercareStep {
                timing: step.timing.clone(),
                instruction: step.instruction.clone(),
            });
            Some(steps.collect())
        }),
        faqs: text.map(|text| {
            let faqs = text
                .faqs
                .iter()
                .map(|faq| Faq { question: faq.question.clone(), answer: faq.answer.clone() });
            Some(faqs.collect())
        }),
        conditions: set(conditions),
        complementary: set(complementary),
        // The export format does not carry media yet: an import keeps what a treatment shows.
        media: None,
        references: set(references),
        seo: text.map(|text| {
            Some(Seo {
                meta_title: text.seo.meta_title.clone(),
                meta_description: text.seo.meta_description.clone(),
            })
        }),
        note: set(note.to_owned()),
    }
}

pub(super) fn clinic(doc: &ClinicDoc, locale: &str, note: &str) -> ClinicBody {
    let text = doc.translations.get(locale);
    ClinicBody {
        slug: set(doc.slug.clone()),
        locale: set(locale.to_owned()),
        name: text.map(|text| Some(text.name.clone())),
        address: text.map(|text| text.address.clone()),
        city: text.map(|text| text.city.clone()),
        region: text.map(|text| text.region.clone()),
        country: set(doc.country.clone()),
        phone: exactly(doc.phone.clone()),
        booking_url: exactly(doc.booking_url.clone()),
        timezone: set(doc.timezone.clone()),
        note: set(note.to_owned()),
    }
}

pub(super) fn offering(doc: &OfferingDoc, locale: &str, note: &str) -> OfferingBody {
    OfferingBody {
        treatment: set(doc.treatment.clone()),
        active: set(doc.active),
        price_from: exactly(doc.price_from.clone()),
        duration_minutes: exactly(doc.duration_minutes),
        booking_url: exactly(doc.booking_url.clone()),
        notes: exactly(doc.notes.get(locale).cloned()),
        locale: set(locale.to_owned()),
        note: set(note.to_owned()),
    }
}
