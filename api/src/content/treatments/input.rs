//! Treatment input: the body as it arrives ([`TreatmentBody`]) and as the service trusts it
//! ([`TreatmentInput`]), with every limit in one place.

use std::collections::HashSet;
use std::ops::RangeInclusive;

use serde::Deserialize;
use utoipa::ToSchema;

use super::{AftercareStep, Faq, Reference, Seo, SideEffect, TreatmentImage};
use crate::content::Scope;
use crate::content::revisions::{MAX_NOTE_LEN, parse_note};
use crate::content::validation::{Errors, Patch, nullable};
use crate::content::values::Range;
use crate::error::Result;
use crate::validated::rules::{self, FieldRules, Rule};
use crate::validated::{Locale, Slug, WebUrl};

pub const MAX_NAME: usize = 200;
pub const MAX_SUMMARY: usize = 2_000;
pub const MAX_BODY: usize = 100_000;
pub const MAX_NOTES: usize = 2_000;
const MAX_ALIASES: usize = 20;
const MAX_CONTRAINDICATIONS: usize = 50;
const MAX_CONTRAINDICATION: usize = 500;
const MAX_AFTERCARE: usize = 50;
const MAX_SIDE_EFFECTS: usize = 50;
const MAX_SUITABILITY: usize = 50;
const MAX_EFFECT: usize = 500;
const MAX_DURATION: usize = 200;
const MAX_TIMING: usize = 200;
const MAX_FAQS: usize = 100;
const MAX_QUESTION: usize = 500;
const MAX_ANSWER: usize = 10_000;
const MAX_LINKS: usize = 100;
const MAX_REFERENCES: usize = 100;
const MAX_TITLE: usize = 500;
const MAX_META_TITLE: usize = 200;
const MAX_META_DESCRIPTION: usize = 500;
const PROCEDURE_MINUTES: RangeInclusive<i32> = 1..=1440;
const SESSIONS: RangeInclusive<i32> = 1..=100;
const SESSION_INTERVAL_WEEKS: RangeInclusive<i32> = 1..=104;
const DOWNTIME_DAYS: RangeInclusive<i32> = 0..=365;
const REFERENCE_YEARS: RangeInclusive<i32> = 1800..=2100;
const SPACING_WEEKS: RangeInclusive<i32> = 0..=104;

/// The fields `POST` requires.
pub const REQUIRED_ON_CREATE: &[&str] = &["slug", "name"];

/// The rules [`TreatmentInput::parse`] applies, by the schema they belong to, for the OpenAPI
/// document.
pub fn schema_rules() -> Vec<(&'static str, Vec<FieldRules>)> {
    let list = |path: &str, max: usize| FieldRules::new(path, [Rule::MaxItems(max)]);
    let texts = |path: &str, max_items: usize, max: usize| {
        [
            FieldRules::new(path, [Rule::MaxItems(max_items), Rule::Unique]),
            FieldRules::new(format!("{path}.[]"), rules::required_text(max)),
        ]
    };
    let text = |path: &str, max: usize| FieldRules::new(path, [Rule::MaxLength(max)]);
    let mut body = vec![
        FieldRules::new("slug", Slug::rules()),
        FieldRules::new("locale", Locale::rules()),
        FieldRules::new("name", rules::required_text(MAX_NAME)),
        text("summary", MAX_SUMMARY),
        text("body", MAX_BODY),
        text("downtime_notes", MAX_NOTES),
        text("results_timeline", MAX_NOTES),
        list("aftercare", MAX_AFTERCARE),
        list("side_effects", MAX_SIDE_EFFECTS),
        list("faqs", MAX_FAQS),
        list("references", MAX_REFERENCES),
        FieldRules::new("conditions", [Rule::MaxItems(MAX_LINKS), Rule::Unique]),
        FieldRules::new("complementary", [Rule::MaxItems(MAX_LINKS), Rule::Unique]),
        FieldRules::new("media", [Rule::MaxItems(super::media::MAX_IMAGES)]),
        text("note", MAX_NOTE_LEN),
    ];
    body.extend(texts("also_known_as", MAX_ALIASES, MAX_NAME));
    body.extend(texts("contraindications", MAX_CONTRAINDICATIONS, MAX_CONTRAINDICATION));
    body.extend(texts("suitable_for", MAX_SUITABILITY, MAX_CONTRAINDICATION));
    body.extend(texts("not_suitable_for", MAX_SUITABILITY, MAX_CONTRAINDICATION));
    body.extend(rules::range("procedure_minutes", PROCEDURE_MINUTES));
    body.extend(rules::range("sessions", SESSIONS));
    body.extend(rules::range("session_interval_weeks", SESSION_INTERVAL_WEEKS));
    body.extend(rules::range("downtime_days", DOWNTIME_DAYS));
    let mut link = vec![FieldRules::new("condition", Slug::rules()), text("notes", MAX_NOTES)];
    link.extend(rules::range("sessions", SESSIONS));
    let complementary = vec![
        FieldRules::new("treatment", Slug::rules()),
        FieldRules::new("min_spacing_weeks", [rules::within(SPACING_WEEKS)]),
        text("note", MAX_NOTES),
    ];
    let reference = vec![
        FieldRules::new("title", rules::required_text(MAX_TITLE)),
        FieldRules::new("url", WebUrl::rules()),
        FieldRules::new("year", [rules::within(REFERENCE_YEARS)]),
    ];
    vec![
        ("TreatmentBody", body),
        ("ConditionLinkBody", link),
        ("ComplementaryBody", complementary),
        ("Reference", reference),
        (
            "AftercareStep",
            vec![
                FieldRules::new("timing", rules::required_text(MAX_TIMING)),
                FieldRules::new("instruction", rules::required_text(MAX_NOTES)),
            ],
        ),
        (
            "SideEffect",
            vec![
                FieldRules::new("effect", rules::required_text(MAX_EFFECT)),
                text("duration", MAX_DURATION),
            ],
        ),
        (
            "Faq",
            vec![
                FieldRules::new("question", rules::required_text(MAX_QUESTION)),
                FieldRules::new("answer", rules::required_text(MAX_ANSWER)),
            ],
        ),
        (
            "Seo",
            vec![
                text("meta_title", MAX_META_TITLE),
                text("meta_description", MAX_META_DESCRIPTION),
            ],
        ),
    ]
}

/// A treatment as an editor sends it. `POST` needs `slug` and `name`; `PATCH` changes only
/// the fields it carries: `null` clears a field (an empty list for lists), absent leaves it
/// as it is, and a list replaces the whole list. Text fields are written in `locale` (the
/// workspace's default when absent) and never touch other locales; numbers, references and
/// links are shared by every locale.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "slug": "microneedling",
    "locale": "en",
    "name": "Microneedling",
    "also_known_as": ["collagen induction therapy", "skin needling"],
    "summary": "Fine needles make tiny channels in the skin so it renews itself.",
    "procedure_minutes": {"min": 30, "max": 30},
    "sessions": {"min": 4, "max": 6},
    "session_interval_weeks": {"min": 4, "max": 8},
    "downtime_days": {"min": 2, "max": 4},
    "aftercare": [{"timing": "First 24 hours", "instruction": "Cleanse with lukewarm water only."}],
    "faqs": [{"question": "Does it shrink pores?", "answer": "Pores look smaller afterwards."}],
    "conditions": [{"condition": "melasma", "sessions": {"min": 2, "max": 2}, "notes": null}],
    "complementary": [{"treatment": "chemical-peel", "min_spacing_weeks": 4, "note": null}],
    "note": "First draft"
}))]
pub struct TreatmentBody {
    /// Unique in the workspace: lowercase letters, digits and hyphens, 1–80 characters.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = String, required = false, example = "microneedling")]
    pub slug: Patch<String>,
    /// The locale the text fields are in; one of the workspace's locales.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>, example = "en")]
    pub locale: Patch<String>,
    /// 1–200 characters; required on create and when adding a locale.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = String, required = false, example = "Microneedling")]
    pub name: Patch<String>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<Vec<String>>)]
    pub also_known_as: Patch<Vec<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub summary: Patch<String>,
    /// Markdown, up to 100,000 characters.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub body: Patch<String>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<Range>)]
    pub procedure_minutes: Patch<Range>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<Range>)]
    pub sessions: Patch<Range>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<Range>)]
    pub session_interval_weeks: Patch<Range>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<Range>)]
    pub downtime_days: Patch<Range>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub downtime_notes: Patch<String>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub results_timeline: Patch<String>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<Vec<String>>)]
    pub contraindications: Patch<Vec<String>>,
    /// Side effects in order, e.g. redness and mild swelling, very common, a few days.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<Vec<SideEffect>>)]
    pub side_effects: Patch<Vec<SideEffect>>,
    /// Who the treatment suits (skin types and tones, ages); each note once.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<Vec<String>>)]
    pub suitable_for: Patch<Vec<String>>,
    /// Who should not have it or should ask first (pregnancy, a skin tone at risk of marks).
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<Vec<String>>)]
    pub not_suitable_for: Patch<Vec<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<Vec<AftercareStep>>)]
    pub aftercare: Patch<Vec<AftercareStep>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<Vec<Faq>>)]
    pub faqs: Patch<Vec<Faq>>,
    /// Conditions treated, by slug, in order; each condition once.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<Vec<ConditionLinkBody>>)]
    pub conditions: Patch<Vec<ConditionLinkBody>>,
    /// Treatments it combines with, by slug, in order; each treatment once.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<Vec<ComplementaryBody>>)]
    pub complementary: Patch<Vec<ComplementaryBody>>,
    /// Images shown, in order, by media asset id: one `hero` at most, any `gallery`, and
    /// `before`/`after` patient photos in pairs.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<Vec<TreatmentImage>>)]
    pub media: Patch<Vec<TreatmentImage>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<Vec<Reference>>)]
    pub references: Patch<Vec<Reference>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<Seo>)]
    pub seo: Patch<Seo>,
    /// Why this change was made; stored on the revision it creates (up to 1,000 characters).
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>, example = "Added the melasma session plan")]
    pub note: Patch<String>,
}

/// A condition the treatment treats, as written.
#[derive(Clone, Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ConditionLinkBody {
    /// The condition's slug; it must exist in the workspace.
    #[schema(example = "hyperpigmentation")]
    pub condition: String,
    /// Sessions for this condition when they differ from the treatment's plan.
    #[serde(default)]
    #[schema(example = json!({"min": 3, "max": 6}))]
    pub sessions: Option<Range>,
    /// Text in the body's locale.
    #[serde(default)]
    pub notes: Option<String>,
}

/// A complementary treatment, as written.
#[derive(Clone, Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ComplementaryBody {
    /// The other treatment's slug; it must exist in the workspace and not be this one.
    #[schema(example = "chemical-peel")]
    pub treatment: String,
    #[serde(default)]
    #[schema(example = 4)]
    pub min_spacing_weeks: Option<i32>,
    /// Text in the body's locale.
    #[serde(default)]
    pub note: Option<String>,
}

/// A validated treatment change. `None` leaves a field as it is.
#[derive(Clone, Debug)]
pub struct TreatmentInput {
    pub locale: Locale,
    pub slug: Option<Slug>,
    pub name: Option<String>,
    pub also_known_as: Option<Vec<String>>,
    pub summary: Option<String>,
    pub body: Option<String>,
    pub downtime_notes: Patch<String>,
    pub results_timeline: Patch<String>,
    pub contraindications: Option<Vec<String>>,
    pub side_effects: Option<Vec<SideEffect>>,
    pub suitable_for: Option<Vec<String>>,
    pub not_suitable_for: Option<Vec<String>>,
    pub aftercare: Option<Vec<AftercareStep>>,
    pub faqs: Option<Vec<Faq>>,
    pub seo: Option<Seo>,
    pub procedure_minutes: Patch<Range>,
    pub sessions: Patch<Range>,
    pub session_interval_weeks: Patch<Range>,
    pub downtime_days: Patch<Range>,
    pub references: Option<Vec<Reference>>,
    pub conditions: Option<Vec<ConditionLinkInput>>,
    pub complementary: Option<Vec<ComplementaryInput>>,
    pub media: Option<Vec<TreatmentImage>>,
    pub note: Option<String>,
}

#[derive(Clone, Debug)]
pub struct ConditionLinkInput {
    pub condition: Slug,
    pub sessions: Option<Range>,
    pub notes: Option<String>,
}

#[derive(Clone, Debug)]
pub struct ComplementaryInput {
    pub treatment: Slug,
    pub min_spacing_weeks: Option<i32>,
    pub note: Option<String>,
}

impl TreatmentInput {
    /// Validates `body`; `creating` requires `slug` and `name`. Reports every violation.
    pub fn parse(body: TreatmentBody, scope: &Scope, creating: bool) -> Result<Self> {
        let mut errors = Errors::new();
        let e = &mut errors;
        let locale = match scope.locale(body.locale.flatten().as_deref(), "locale") {
            Ok(locale) => Some(locale),
            Err(error) => {
                e.push(error);
                None
            }
        };
        let slug = e.required("slug", body.slug, creating).and_then(|raw| e.slug("slug", &raw));
        let name = e
            .required("name", body.name, creating)
            .and_then(|raw| e.required_text("name", &raw, MAX_NAME));
        let also_known_as = list(body.also_known_as)
            .map(|items| e.text_list("also_known_as", &items, MAX_ALIASES, MAX_NAME));
        let summary = text(body.summary).and_then(|raw| e.text("summary", raw.trim(), MAX_SUMMARY));
        let body_text = text(body.body).and_then(|raw| e.text("body", &raw, MAX_BODY));
        let downtime_notes = optional(e, "downtime_notes", body.downtime_notes, MAX_NOTES);
        let results_timeline = optional(e, "results_timeline", body.results_timeline, MAX_NOTES);
        let contraindications = list(body.contraindications).map(|items| {
            e.text_list("contraindications", &items, MAX_CONTRAINDICATIONS, MAX_CONTRAINDICATION)
        });
        let side_effects = list(body.side_effects).map(|effects| side_effects(e, effects));
        let suitable_for = list(body.suitable_for).map(|items| {
            e.text_list("suitable_for", &items, MAX_SUITABILITY, MAX_CONTRAINDICATION)
        });
        let not_suitable_for = list(body.not_suitable_for).map(|items| {
            e.text_list("not_suitable_for", &items, MAX_SUITABILITY, MAX_CONTRAINDICATION)
        });
        let aftercare = list(body.aftercare).map(|steps| aftercare(e, steps));
        let faqs = list(body.faqs).map(|faqs| faqs_of(e, faqs));
        let seo = body.seo.map(|seo| seo_of(e, seo.unwrap_or_default()));
        let procedure_minutes =
            range(e, "procedure_minutes", body.procedure_minutes, PROCEDURE_MINUTES);
        let sessions = range(e, "sessions", body.sessions, SESSIONS);
        let session_interval_weeks =
            range(e, "session_interval_weeks", body.session_interval_weeks, SESSION_INTERVAL_WEEKS);
        let downtime_days = range(e, "downtime_days", body.downtime_days, DOWNTIME_DAYS);
        let references = list(body.references).map(|refs| references(e, refs));
        let conditions = list(body.conditions).map(|links| conditions(e, links));
        let complementary = list(body.complementary).map(|links| complementary(e, links));
        let media = list(body.media).map(|images| super::media::parse(e, images));
        let note = parse_note(e, body.note.flatten().as_deref());
        let Some(locale) = locale else { return Err(errors.into_error()) };
        errors.finish(Self {
            locale,
            slug,
            name,
            also_known_as,
            summary,
            body: body_text,
            downtime_notes,
            results_timeline,
            contraindications,
            side_effects,
            suitable_for,
            not_suitable_for,
            aftercare,
            faqs,
            seo,
            procedure_minutes,
            sessions,
            session_interval_weeks,
            downtime_days,
            references,
            conditions,
            complementary,
            media,
            note,
        })
    }

    /// Whether the change writes any text in its locale.
    pub fn has_text(&self) -> bool {
        self.name.is_some()
            || self.also_known_as.is_some()
            || self.summary.is_some()
            || self.body.is_some()
            || self.downtime_notes.is_some()
            || self.results_timeline.is_some()
            || self.contraindications.is_some()
            || self.side_effects.is_some()
            || self.suitable_for.is_some()
            || self.not_suitable_for.is_some()
            || self.aftercare.is_some()
            || self.faqs.is_some()
            || self.seo.is_some()
    }
}

/// A text that `null` empties.
fn text(value: Patch<String>) -> Option<String> {
    value.map(Option::unwrap_or_default)
}

/// A list that `null` empties.
fn list<T>(value: Patch<Vec<T>>) -> Option<Vec<T>> {
    value.map(Option::unwrap_or_default)
}

fn optional(e: &mut Errors, field: &str, value: Patch<String>, max: usize) -> Patch<String> {
    value.map(|value| e.optional_text(field, value.as_deref(), max))
}

fn range(
    e: &mut Errors,
    field: &str,
    value: Patch<Range>,
    bounds: RangeInclusive<i32>,
) -> Patch<Range> {
    value.map(|range| range.and_then(|range| e.range(field, range, bounds)))
}

fn aftercare(e: &mut Errors, steps: Vec<AftercareStep>) -> Vec<AftercareStep> {
    if !e.at_most("aftercare", steps.len(), MAX_AFTERCARE) {
        return Vec::new();
    }
    steps
        .into_iter()
        .enumerate()
        .filter_map(|(i, step)| {
            let timing =
                e.required_text(&format!("aftercare[{i}].timing"), &step.timing, MAX_TIMING);
            let instruction = e.required_text(
                &format!("aftercare[{i}].instruction"),
                &step.instruction,
                MAX_NOTES,
            );
            Some(AftercareStep { timing: timing?, instruction: instruction? })
        })
        .collect()
}

fn side_effects(e: &mut Errors, effects: Vec<SideEffect>) -> Vec<SideEffect> {
    if !e.at_most("side_effects", effects.len(), MAX_SIDE_EFFECTS) {
        return Vec::new();
    }
    effects
        .into_iter()
        .enumerate()
        .filter_map(|(i, item)| {
            let effect =
                e.required_text(&format!("side_effects[{i}].effect"), &item.effect, MAX_EFFECT);
            let duration = e.optional_text(
                &format!("side_effects[{i}].duration"),
                item.duration.as_deref(),
                MAX_DURATION,
            );
            Some(SideEffect { effect: effect?, frequency: item.frequency, duration })
        })
        .collect()
}

fn faqs_of(e: &mut Errors, faqs: Vec<Faq>) -> Vec<Faq> {
    if !e.at_most("faqs", faqs.len(), MAX_FAQS) {
        return Vec::new();
    }
    faqs.into_iter()
        .enumerate()
        .filter_map(|(i, faq)| {
            let question =
                e.required_text(&format!("faqs[{i}].question"), &faq.question, MAX_QUESTION);
            let answer = e.required_text(&format!("faqs[{i}].answer"), &faq.answer, MAX_ANSWER);
            Some(Faq { question: question?, answer: answer? })
        })
        .collect()
}

fn seo_of(e: &mut Errors, seo: Seo) -> Seo {
    Seo {
        meta_title: e.optional_text("seo.meta_title", seo.meta_title.as_deref(), MAX_META_TITLE),
        meta_description: e.optional_text(
            "seo.meta_description",
            seo.meta_description.as_deref(),
            MAX_META_DESCRIPTION,
        ),
    }
}

fn references(e: &mut Errors, references: Vec<Reference>) -> Vec<Reference> {
    if !e.at_most("references", references.len(), MAX_REFERENCES) {
        return Vec::new();
    }
    references
        .into_iter()
        .enumerate()
        .filter_map(|(i, reference)| {
            let title =
                e.required_text(&format!("references[{i}].title"), &reference.title, MAX_TITLE);
            let url = e.url(&format!("references[{i}].url"), &reference.url);
            let year = match reference.year {
                Some(year) => {
                    Some(e.number(&format!("references[{i}].year"), year, REFERENCE_YEARS)?)
                }
                None => None,
            };
            Some(Reference { title: title?, url: url?.into_string(), year })
        })
        .collect()
}

fn conditions(e: &mut Errors, links: Vec<ConditionLinkBody>) -> Vec<ConditionLinkInput> {
    if !e.at_most("conditions", links.len(), MAX_LINKS) {
        return Vec::new();
    }
    let mut seen = HashSet::with_capacity(links.len());
    let mut parsed: Vec<ConditionLinkInput> = Vec::with_capacity(links.len());
    for (i, link) in links.into_iter().enumerate() {
        let slug = e.slug(&format!("conditions[{i}].condition"), &link.condition);
        let sessions =
            link.sessions.and_then(|r| e.range(&format!("conditions[{i}].sessions"), r, SESSIONS));
        let notes =
            e.optional_text(&format!("conditions[{i}].notes"), link.notes.as_deref(), MAX_NOTES);
        let Some(condition) = slug else { continue };
        if !seen.insert(condition.clone()) {
            e.add(format!("conditions[{i}].condition"), "is listed twice");
            continue;
        }
        parsed.push(ConditionLinkInput { condition, sessions, notes });
    }
    parsed
}

fn complementary(e: &mut Errors, links: Vec<ComplementaryBody>) -> Vec<ComplementaryInput> {
    if !e.at_most("complementary", links.len(), MAX_LINKS) {
        return Vec::new();
    }
    let mut seen = HashSet::with_capacity(links.len());
    let mut parsed: Vec<ComplementaryInput> = Vec::with_capacity(links.len());
    for (i, link) in links.into_iter().enumerate() {
        let slug = e.slug(&format!("complementary[{i}].treatment"), &link.treatment);
        let spacing = match link.min_spacing_weeks {
            Some(weeks) => {
                e.number(&format!("complementary[{i}].min_spacing_weeks"), weeks, SPACING_WEEKS)
            }
            None => None,
        };
        let note =
            e.optional_text(&format!("complementary[{i}].note"), link.note.as_deref(), MAX_NOTES);
        let Some(treatment) = slug else { continue };
        if !seen.insert(treatment.clone()) {
            e.add(format!("complementary[{i}].treatment"), "is listed twice");
            continue;
        }
        parsed.push(ComplementaryInput { treatment, min_spacing_weeks: spacing, note });
    }
    parsed
}
