//! Treatments: what a treatment is, how it is planned, what to expect and how to care after it,
//! with the conditions it treats and the treatments it combines with (README, "The admin content API").
//!
//! [`TreatmentRecord`] is a treatment as stored, text in every locale; it is what a revision
//! snapshots and what a restore writes back. [`TreatmentView`] is the record seen in one locale,
//! which the admin APIs return. Input arrives as a [`TreatmentBody`] and is validated into a
//! [`TreatmentInput`] before anything is written.

mod entry;
mod input;
mod media;
mod read;
mod store;
mod write;

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

pub use entry::Treatments;
pub use input::{
    ComplementaryBody, ConditionLinkBody, REQUIRED_ON_CREATE, TreatmentBody, TreatmentInput,
    schema_rules,
};
pub use media::{ImageRole, TreatmentImage, unpublishable};
pub use read::{TreatmentFilter, list, load, view};

use super::status::Status;
use super::values::{Range, Review};

/// A treatment as stored: shared fields, links, and text per locale.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TreatmentRecord {
    pub id: Uuid,
    pub status: Status,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub published_at: Option<DateTime<Utc>>,
    /// When a publish is scheduled, the time it is due (revisions made before schedules
    /// were recorded read as none).
    #[serde(default)]
    pub publish_at: Option<DateTime<Utc>>,
    pub review: Option<Review>,
    #[serde(flatten)]
    pub content: TreatmentContent,
}

/// What editors change: everything a revision restores.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct TreatmentContent {
    pub slug: String,
    pub procedure_minutes: Option<Range>,
    pub sessions: Option<Range>,
    pub session_interval_weeks: Option<Range>,
    pub downtime_days: Option<Range>,
    pub references: Vec<Reference>,
    pub conditions: Vec<ConditionLink>,
    pub complementary: Vec<ComplementaryLink>,
    /// Images shown, in order (revisions made before media read as none).
    #[serde(default)]
    pub media: Vec<TreatmentImage>,
    /// Text by locale.
    pub translations: BTreeMap<String, TreatmentText>,
}

/// A treatment's text in one locale.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct TreatmentText {
    pub name: String,
    pub also_known_as: Vec<String>,
    pub summary: String,
    pub body: String,
    pub downtime_notes: Option<String>,
    pub results_timeline: Option<String>,
    pub contraindications: Vec<String>,
    /// Revisions made before side effects were recorded read as none.
    #[serde(default)]
    pub side_effects: Vec<SideEffect>,
    #[serde(default)]
    pub suitable_for: Vec<String>,
    #[serde(default)]
    pub not_suitable_for: Vec<String>,
    pub aftercare: Vec<AftercareStep>,
    pub faqs: Vec<Faq>,
    pub seo: Seo,
}

/// A condition the treatment treats, with its own session plan and notes per locale.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ConditionLink {
    pub condition_id: Uuid,
    pub condition: String,
    pub sessions: Option<Range>,
    pub notes: BTreeMap<String, String>,
}

/// A treatment that combines with this one, with a note per locale.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ComplementaryLink {
    pub treatment_id: Uuid,
    pub treatment: String,
    pub min_spacing_weeks: Option<i32>,
    pub notes: BTreeMap<String, String>,
}

/// One aftercare step, in order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AftercareStep {
    #[schema(example = "First 24 hours")]
    pub timing: String,
    #[schema(example = "Cleanse with lukewarm water only and skip make-up.")]
    pub instruction: String,
}

/// One side effect, in order: what it is, how common, how long it lasts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SideEffect {
    #[schema(example = "Redness and mild swelling")]
    pub effect: String,
    #[serde(default)]
    pub frequency: Option<Frequency>,
    #[serde(default)]
    #[schema(example = "A few days")]
    pub duration: Option<String>,
}

/// How common a side effect is, in the bands patient leaflets use: very common (more than 1 in
/// 10 people), common (up to 1 in 10), uncommon (up to 1 in 100), rare (up to 1 in 1,000),
/// very rare (up to 1 in 10,000).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Frequency {
    VeryCommon,
    Common,
    Uncommon,
    Rare,
    VeryRare,
}

/// One question and its Markdown answer, in order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Faq {
    #[schema(example = "How many sessions will I need?")]
    pub question: String,
    #[schema(example = "It depends on what is treated: about two for melasma, three to six for \
                        dark spots.")]
    pub answer: String,
}

/// One piece of evidence, shared by every locale.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Reference {
    #[schema(example = "Microneedling for melasma: a split-face study")]
    pub title: String,
    #[schema(example = "https://journal.example/microneedling-melasma")]
    pub url: String,
    #[schema(example = 2021)]
    pub year: Option<i32>,
}

/// Search-engine fields of one locale.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Seo {
    #[schema(example = "Microneedling for dark spots and acne scars")]
    pub meta_title: Option<String>,
    #[schema(example = "How microneedling fades pigmentation: sessions, downtime and aftercare.")]
    pub meta_description: Option<String>,
}

/// A treated condition as an editor writes and reads it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, ToSchema)]
pub struct ConditionLinkView {
    /// The condition's slug.
    #[schema(example = "melasma")]
    pub condition: String,
    /// Sessions for this condition when they differ from the treatment's plan.
    pub sessions: Option<Range>,
    #[schema(example = "Two sessions were shown to lighten melasma.")]
    pub notes: Option<String>,
}

/// A complementary treatment as an editor writes and reads it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, ToSchema)]
pub struct ComplementaryView {
    /// The other treatment's slug.
    #[schema(example = "chemical-peel")]
    pub treatment: String,
    #[schema(example = 4)]
    pub min_spacing_weeks: Option<i32>,
    #[schema(example = "Alternate with peels, four to six weeks apart.")]
    pub note: Option<String>,
}

/// A treatment in one locale, as the admin API returns it.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct TreatmentView {
    pub id: Uuid,
    #[schema(example = "microneedling")]
    pub slug: String,
    /// The locale the text is in: the one asked for, or the fallback when the treatment has
    /// no text in it.
    #[schema(example = "en")]
    pub locale: String,
    /// Every locale the treatment has text in.
    #[schema(example = json!(["en", "fr"]))]
    pub locales: Vec<String>,
    #[schema(example = "Microneedling")]
    pub name: String,
    #[schema(example = json!(["collagen induction therapy", "skin needling"]))]
    pub also_known_as: Vec<String>,
    #[schema(example = "Fine needles make tiny channels in the skin so it renews itself.")]
    pub summary: String,
    /// Markdown.
    pub body: String,
    #[schema(example = json!({"min": 30, "max": 30}))]
    pub procedure_minutes: Option<Range>,
    #[schema(example = json!({"min": 4, "max": 6}))]
    pub sessions: Option<Range>,
    #[schema(example = json!({"min": 4, "max": 8}))]
    pub session_interval_weeks: Option<Range>,
    #[schema(example = json!({"min": 2, "max": 4}))]
    pub downtime_days: Option<Range>,
    #[schema(example = "Redness and mild swelling for a few days; the surface may peel after \
                        about a week.")]
    pub downtime_notes: Option<String>,
    #[schema(example = "Skin starts to clear about two weeks after a session; the full result \
                        comes after the series.")]
    pub results_timeline: Option<String>,
    #[schema(example = json!(["active skin infection", "isotretinoin in the last six months"]))]
    pub contraindications: Vec<String>,
    pub side_effects: Vec<SideEffect>,
    /// Who the treatment suits: skin types and tones, ages, situations.
    #[schema(example = json!(["every skin tone, Fitzpatrick I to VI"]))]
    pub suitable_for: Vec<String>,
    /// Who should not have it, or should ask first (besides the contraindications).
    #[schema(example = json!(["pregnancy and breastfeeding"]))]
    pub not_suitable_for: Vec<String>,
    pub aftercare: Vec<AftercareStep>,
    pub faqs: Vec<Faq>,
    pub conditions: Vec<ConditionLinkView>,
    pub complementary: Vec<ComplementaryView>,
    /// Images shown, in order: a hero, a gallery, before/after pairs.
    pub media: Vec<TreatmentImage>,
    pub references: Vec<Reference>,
    pub seo: Seo,
    #[schema(example = 3)]
    pub version: i32,
    /// `draft`, `in_review`, `published` or `archived`.
    #[schema(example = "draft")]
    pub status: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub published_at: Option<DateTime<Utc>>,
    /// When a publish is scheduled (`publish` with `publish_at`), the time it is due; an
    /// edit or a new review cancels it.
    pub publish_at: Option<DateTime<Utc>>,
    pub review: Option<Review>,
}

/// A treatment in a list: enough to find it and see its state.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct TreatmentSummary {
    pub id: Uuid,
    #[schema(example = "microneedling")]
    pub slug: String,
    #[schema(example = "en")]
    pub locale: String,
    #[schema(example = json!(["en", "fr"]))]
    pub locales: Vec<String>,
    #[schema(example = "Microneedling")]
    pub name: String,
    #[schema(example = "Fine needles make tiny channels in the skin so it renews itself.")]
    pub summary: String,
    #[schema(example = "draft")]
    pub status: String,
    #[schema(example = 3)]
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub published_at: Option<DateTime<Utc>>,
}
