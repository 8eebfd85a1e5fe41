//! Checking a whole file before anything is written: every entry, in every locale, goes through
//! the admin API's own input parsers, and every violation is reported with its path in the
//! file (`treatments[0].translations.fr.faqs[2].question`), all at once.
//!
//! What needs the database (whether linked slugs exist) is checked by the importer next;
//! whatever only the service itself can tell (a treatment complementing itself) fails inside
//! the import's transaction, which then leaves the database as it was.

use std::collections::HashSet;

use chrono::SubsecRound;

use super::bodies;
use super::format::{Document, ReviewDoc, Status};
use crate::content::Scope;
use crate::content::clinics::ClinicInput;
use crate::content::conditions::ConditionInput;
use crate::content::offerings::OfferingInput;
use crate::content::treatments::TreatmentInput;
use crate::content::values::Review;
use crate::error::{Error, FieldError};

/// The file, validated: each entry as the inputs that write it, one per locale.
pub(super) struct Plan {
    pub conditions: Vec<Planned<ConditionInput>>,
    pub treatments: Vec<Planned<TreatmentInput>>,
    pub clinics: Vec<PlannedClinic>,
}

/// One entry: where it is in the file, where the workflow should leave it, and its inputs.
/// The first input creates the entry (it has text, so a name); the others add locales.
pub(super) struct Planned<I> {
    pub slug: String,
    pub path: String,
    pub status: Status,
    pub review: Option<Review>,
    pub inputs: Vec<I>,
}

pub(super) struct PlannedClinic {
    pub clinic: Planned<ClinicInput>,
    pub offerings: Vec<PlannedOffering>,
}

pub(super) struct PlannedOffering {
    pub treatment: String,
    pub path: String,
    /// One per workspace locale, so a note the file does not have is cleared.
    pub inputs: Vec<OfferingInput>,
}

pub(super) const CONDITION_TEXT: &[&str] = &["name", "synonyms", "summary", "body"];
pub(super) const TREATMENT_TEXT: &[&str] = &[
    "name",
    "also_known_as",
    "summary",
    "body",
    "downtime_notes",
    "results_timeline",
    "contraindications",
    "side_effects",
    "suitable_for",
    "not_suitable_for",
    "aftercare",
    "faqs",
    "seo",
];
pub(super) const CLINIC_TEXT: &[&str] = &["name", "address", "city", "region"];

/// Validates `document` for a workspace with `scope`'s locales. `note` goes on every revision.
pub(super) fn plan(document: &Document, scope: &Scope, note: &str) -> (Plan, Vec<FieldError>) {
    let mut errors = Vec::new();
    let e = &mut errors;
    let mut plan = Plan { conditions: Vec::new(), treatments: Vec::new(), clinics: Vec::new() };
    let mut slugs = HashSet::new();
    for (i, doc) in document.conditions.iter().enumerate() {
        let path = format!("conditions[{i}]");
        unique(e, &mut slugs, &path, &doc.slug);
        let locales = locales(e, scope, &path, doc.translations.keys(), []);
        let inputs = parse_each(e, &locales, |locale, first| {
            let body = bodies::condition(doc, locale, note);
            let input = ConditionInput::parse(body, scope, first);
            input.map_err(|error| rebase(error, |f| locate(&path, locale, f, CONDITION_TEXT)))
        });
        let review = review(e, &path, doc.status, doc.review.as_ref());
        plan.conditions.push(Planned {
            slug: doc.slug.clone(),
            path,
            status: doc.status,
            review,
            inputs,
        });
    }
    slugs.clear();
    for (i, doc) in document.treatments.iter().enumerate() {
        let path = format!("treatments[{i}]");
        unique(e, &mut slugs, &path, &doc.slug);
        let mut noted = Vec::new();
        for (j, link) in doc.conditions.iter().enumerate() {
            noted.extend(link.notes.keys().map(|l| (l, format!("{path}.conditions[{j}].notes"))));
        }
        for (j, link) in doc.complementary.iter().enumerate() {
            noted.extend(link.note.keys().map(|l| (l, format!("{path}.complementary[{j}].note"))));
        }
        let locales = locales(e, scope, &path, doc.translations.keys(), noted);
        let inputs = parse_each(e, &locales, |locale, first| {
            let body = bodies::treatment(doc, locale, note);
            let input = TreatmentInput::parse(body, scope, first);
            input.map_err(|error| rebase(error, |f| locate(&path, locale, f, TREATMENT_TEXT)))
        });
        let review = review(e, &path, doc.status, doc.review.as_ref());
        plan.treatments.push(Planned {
            slug: doc.slug.clone(),
            path,
            status: doc.status,
            review,
            inputs,
        });
    }
    slugs.clear();
    for (i, doc) in document.clinics.iter().enumerate() {
        let path = format!("clinics[{i}]");
        unique(e, &mut slugs, &path, &doc.slug);
        let locales = locales(e, scope, &path, doc.translations.keys(), []);
        let inputs = parse_each(e, &locales, |locale, first| {
            let body = bodies::clinic(doc, locale, note);
            let input = ClinicInput::parse(body, scope, first);
            input.map_err(|error| rebase(error, |f| locate(&path, locale, f, CLINIC_TEXT)))
        });
        let mut offerings = Vec::new();
        let mut treatments = HashSet::new();
        for (j, offering) in doc.offerings.iter().enumerate() {
            let path = format!("{path}.offerings[{j}]");
            if !treatments.insert(offering.treatment.as_str()) {
                e.push(FieldError::new(format!("{path}.treatment"), "is listed twice"));
            }
            for locale in offering.notes.keys().filter(|l| !scope.locales.contains(l)) {
                e.push(not_offered(scope, format!("{path}.notes.{locale}")));
            }
            let inputs = parse_each(e, &scope.locales, |locale, first| {
                let body = bodies::offering(offering, locale, note);
                let input = OfferingInput::parse(body, scope, first);
                input.map_err(|error| rebase(error, |f| locate(&path, locale, f, &[])))
            });
            offerings.push(PlannedOffering { treatment: offering.treatment.clone(), path, inputs });
        }
        let clinic =
            Planned { slug: doc.slug.clone(), path, status: doc.status, review: None, inputs };
        plan.clinics.push(PlannedClinic { clinic, offerings });
    }
    (plan, dedup(errors))
}

fn unique<'a>(e: &mut Vec<FieldError>, seen: &mut HashSet<&'a str>, path: &str, slug: &'a str) {
    if !seen.insert(slug) {
        e.push(FieldError::new(format!("{path}.slug"), "is listed twice"));
    }
}

/// The locales to write: the workspace default first (the entry is created in it), then the
/// others with text, then those with only link notes (given with the field they are under).
/// A locale the workspace does not offer is an error where the file uses it.
fn locales<'a>(
    e: &mut Vec<FieldError>,
    scope: &Scope,
    path: &str,
    texts: impl Iterator<Item = &'a String>,
    notes: impl IntoIterator<Item = (&'a String, String)>,
) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    for locale in texts {
        if !scope.locales.contains(locale) {
            e.push(not_offered(scope, format!("{path}.translations.{locale}")));
        } else if *locale == scope.default_locale {
            found.insert(0, locale.clone());
        } else {
            found.push(locale.clone());
        }
    }
    if found.is_empty() {
        e.push(FieldError::new(
            format!("{path}.translations"),
            "needs text in at least one locale",
        ));
    }
    for (locale, field) in notes {
        if !scope.locales.contains(locale) {
            e.push(not_offered(scope, format!("{field}.{locale}")));
        } else if !found.contains(locale) {
            found.push(locale.clone());
        }
    }
    found
}

fn not_offered(scope: &Scope, field: String) -> FieldError {
    let offered = scope.locales.join(", ");
    FieldError::new(field, format!("is not one of the workspace's locales ({offered})"))
}

/// Parses one input per locale, collecting the errors of each.
fn parse_each<I>(
    e: &mut Vec<FieldError>,
    locales: &[String],
    mut parse: impl FnMut(&str, bool) -> Result<I, Vec<FieldError>>,
) -> Vec<I> {
    let mut parsed = Vec::with_capacity(locales.len());
    for (index, locale) in locales.iter().enumerate() {
        match parse(locale, index == 0) {
            Ok(input) => parsed.push(input),
            Err(errors) => e.extend(errors),
        }
    }
    parsed
}

/// The review as stored (at the microsecond both databases keep). Only approved or published
/// entries carry one: the export leaves it off others, so the round trip stays exact.
fn review(
    e: &mut Vec<FieldError>,
    path: &str,
    status: Status,
    review: Option<&ReviewDoc>,
) -> Option<Review> {
    let review = review?;
    if !status.is_reviewed() {
        e.push(FieldError::new(
            format!("{path}.review"),
            "only approved or published entries carry a review",
        ));
        return None;
    }
    let reviewer = review.reviewer.trim();
    if reviewer.is_empty() || reviewer.chars().count() > 200 {
        e.push(FieldError::new(format!("{path}.review.reviewer"), "must be 1 to 200 characters"));
        return None;
    }
    Some(Review::stated(reviewer.to_owned(), review.reviewed_at.trunc_subsecs(6)))
}

/// The errors of a service call, each moved to its place in the file.
pub(super) fn rebase(error: Error, place: impl Fn(&str) -> String) -> Vec<FieldError> {
    match error {
        Error::Validation(errors) => errors
            .into_iter()
            .map(|error| FieldError::new(place(&error.field), error.message))
            .collect(),
        other => vec![FieldError::new(place(""), other.to_string())],
    }
}

/// Where field `field` of a body in `locale` sits in the file: text under
/// `translations.<locale>`, link notes keyed by locale, everything else on the entry itself.
pub(super) fn locate(path: &str, locale: &str, field: &str, text: &[&str]) -> String {
    let head = field.split(['.', '[']).next().unwrap_or(field);
    if field.is_empty() {
        path.to_owned()
    } else if text.contains(&head) {
        format!("{path}.translations.{locale}.{field}")
    } else if field == "notes" || field.ends_with(".notes") || field.ends_with(".note") {
        format!("{path}.{field}.{locale}")
    } else {
        format!("{path}.{field}")
    }
}

/// Shared fields are checked once per locale; report each problem once.
fn dedup(errors: Vec<FieldError>) -> Vec<FieldError> {
    let mut kept: Vec<FieldError> = Vec::with_capacity(errors.len());
    for error in errors {
        if !kept.contains(&error) {
            kept.push(error);
        }
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_fields_are_placed_under_their_locale() {
        let field = locate("treatments[0]", "fr", "faqs[2].question", TREATMENT_TEXT);
        assert_eq!(field, "treatments[0].translations.fr.faqs[2].question");
    }

    #[test]
    fn link_notes_are_placed_under_the_link_by_locale() {
        let field = locate("treatments[1]", "fr", "conditions[3].notes", TREATMENT_TEXT);
        assert_eq!(field, "treatments[1].conditions[3].notes.fr");
        let field = locate("clinics[0].offerings[1]", "en", "notes", &[]);
        assert_eq!(field, "clinics[0].offerings[1].notes.en");
    }

    #[test]
    fn shared_fields_stay_on_the_entry() {
        assert_eq!(
            locate("treatments[0]", "fr", "sessions.max", TREATMENT_TEXT),
            "treatments[0].sessions.max"
        );
    }
}
