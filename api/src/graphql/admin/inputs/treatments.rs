//! The input of `createTreatment` and `updateTreatment`: REST's [`TreatmentBody`], typed.

use async_graphql::{InputObject, MaybeUndefined};

use super::values::{
    AftercareStepInput, FaqInput, RangeInput, ReferenceInput, SeoInput, SideEffectInput,
};
use super::{given, given_list, patch, patch_list, set};
use crate::content::treatments::{
    ComplementaryBody, ConditionLinkBody, TreatmentBody, TreatmentImage,
};
use crate::graphql::types::ImageRole;

/// A new draft treatment. Text fields are written in `locale` (the workspace's default when
/// absent); numbers, references and links are shared by every locale.
#[derive(Debug, InputObject)]
#[graphql(rename_fields = "snake_case")]
pub struct CreateTreatmentInput {
    /// Unique in the workspace: lowercase letters, digits and hyphens, 1–80 characters.
    pub slug: String,
    /// One of the workspace's locales.
    pub locale: Option<String>,
    /// 1–200 characters.
    pub name: String,
    pub also_known_as: Option<Vec<String>>,
    pub summary: Option<String>,
    /// Markdown, up to 100,000 characters.
    pub body: Option<String>,
    pub procedure_minutes: Option<RangeInput>,
    pub sessions: Option<RangeInput>,
    pub session_interval_weeks: Option<RangeInput>,
    pub downtime_days: Option<RangeInput>,
    pub downtime_notes: Option<String>,
    pub results_timeline: Option<String>,
    pub contraindications: Option<Vec<String>>,
    pub side_effects: Option<Vec<SideEffectInput>>,
    pub suitable_for: Option<Vec<String>>,
    pub not_suitable_for: Option<Vec<String>>,
    pub aftercare: Option<Vec<AftercareStepInput>>,
    pub faqs: Option<Vec<FaqInput>>,
    /// Conditions treated, by slug, in order.
    pub conditions: Option<Vec<ConditionLinkInput>>,
    /// Treatments it combines with, by slug, in order.
    pub complementary: Option<Vec<ComplementaryLinkInput>>,
    /// Images shown, in order: one hero at most, before/after patient photos in pairs.
    pub media: Option<Vec<TreatmentImageInput>>,
    pub references: Option<Vec<ReferenceInput>>,
    pub seo: Option<SeoInput>,
    /// Why; stored on the revision (up to 1,000 characters).
    pub note: Option<String>,
}

impl From<CreateTreatmentInput> for TreatmentBody {
    fn from(input: CreateTreatmentInput) -> Self {
        Self {
            slug: set(input.slug),
            locale: given(input.locale),
            name: set(input.name),
            also_known_as: given(input.also_known_as),
            summary: given(input.summary),
            body: given(input.body),
            procedure_minutes: given(input.procedure_minutes),
            sessions: given(input.sessions),
            session_interval_weeks: given(input.session_interval_weeks),
            downtime_days: given(input.downtime_days),
            downtime_notes: given(input.downtime_notes),
            results_timeline: given(input.results_timeline),
            contraindications: given(input.contraindications),
            side_effects: given_list(input.side_effects),
            suitable_for: given(input.suitable_for),
            not_suitable_for: given(input.not_suitable_for),
            aftercare: given_list(input.aftercare),
            faqs: given_list(input.faqs),
            conditions: given_list(input.conditions),
            complementary: given_list(input.complementary),
            media: given_list(input.media),
            references: given_list(input.references),
            seo: given(input.seo),
            note: given(input.note),
        }
    }
}

/// A change to a treatment: only the fields given change; `null` clears a field (empties a
/// text or list), and a list replaces the whole list. Text fields are written in `locale`
/// and never touch other locales; giving text in a new locale adds it (with `name`).
#[derive(Debug, InputObject)]
#[graphql(rename_fields = "snake_case")]
pub struct UpdateTreatmentInput {
    /// Cannot be cleared.
    pub slug: MaybeUndefined<String>,
    pub locale: MaybeUndefined<String>,
    /// Cannot be cleared.
    pub name: MaybeUndefined<String>,
    pub also_known_as: MaybeUndefined<Vec<String>>,
    pub summary: MaybeUndefined<String>,
    pub body: MaybeUndefined<String>,
    pub procedure_minutes: MaybeUndefined<RangeInput>,
    pub sessions: MaybeUndefined<RangeInput>,
    pub session_interval_weeks: MaybeUndefined<RangeInput>,
    pub downtime_days: MaybeUndefined<RangeInput>,
    pub downtime_notes: MaybeUndefined<String>,
    pub results_timeline: MaybeUndefined<String>,
    pub contraindications: MaybeUndefined<Vec<String>>,
    pub side_effects: MaybeUndefined<Vec<SideEffectInput>>,
    pub suitable_for: MaybeUndefined<Vec<String>>,
    pub not_suitable_for: MaybeUndefined<Vec<String>>,
    pub aftercare: MaybeUndefined<Vec<AftercareStepInput>>,
    pub faqs: MaybeUndefined<Vec<FaqInput>>,
    pub conditions: MaybeUndefined<Vec<ConditionLinkInput>>,
    pub complementary: MaybeUndefined<Vec<ComplementaryLinkInput>>,
    pub media: MaybeUndefined<Vec<TreatmentImageInput>>,
    pub references: MaybeUndefined<Vec<ReferenceInput>>,
    pub seo: MaybeUndefined<SeoInput>,
    /// Why; stored on the revision.
    pub note: MaybeUndefined<String>,
}

impl From<UpdateTreatmentInput> for TreatmentBody {
    fn from(input: UpdateTreatmentInput) -> Self {
        Self {
            slug: patch(input.slug),
            locale: patch(input.locale),
            name: patch(input.name),
            also_known_as: patch(input.also_known_as),
            summary: patch(input.summary),
            body: patch(input.body),
            procedure_minutes: patch(input.procedure_minutes),
            sessions: patch(input.sessions),
            session_interval_weeks: patch(input.session_interval_weeks),
            downtime_days: patch(input.downtime_days),
            downtime_notes: patch(input.downtime_notes),
            results_timeline: patch(input.results_timeline),
            contraindications: patch(input.contraindications),
            side_effects: patch_list(input.side_effects),
            suitable_for: patch(input.suitable_for),
            not_suitable_for: patch(input.not_suitable_for),
            aftercare: patch_list(input.aftercare),
            faqs: patch_list(input.faqs),
            conditions: patch_list(input.conditions),
            complementary: patch_list(input.complementary),
            media: patch_list(input.media),
            references: patch_list(input.references),
            seo: patch(input.seo),
            note: patch(input.note),
        }
    }
}

/// A condition the treatment treats.
#[derive(Clone, Debug, InputObject)]
#[graphql(rename_fields = "snake_case")]
pub struct ConditionLinkInput {
    /// The condition's slug; it must exist in the workspace.
    pub condition: String,
    /// Sessions for this condition when they differ from the treatment's plan.
    pub sessions: Option<RangeInput>,
    /// Text in the input's locale.
    pub notes: Option<String>,
}

impl From<ConditionLinkInput> for ConditionLinkBody {
    fn from(link: ConditionLinkInput) -> Self {
        Self {
            condition: link.condition,
            sessions: link.sessions.map(Into::into),
            notes: link.notes,
        }
    }
}

/// A treatment that combines with this one.
#[derive(Clone, Debug, InputObject)]
#[graphql(rename_fields = "snake_case")]
pub struct ComplementaryLinkInput {
    /// The other treatment's slug; it must exist in the workspace and not be this one.
    pub treatment: String,
    /// 0–104.
    pub min_spacing_weeks: Option<i32>,
    /// Text in the input's locale.
    pub note: Option<String>,
}

impl From<ComplementaryLinkInput> for ComplementaryBody {
    fn from(link: ComplementaryLinkInput) -> Self {
        Self {
            treatment: link.treatment,
            min_spacing_weeks: link.min_spacing_weeks,
            note: link.note,
        }
    }
}

/// One image a treatment shows.
#[derive(Clone, Debug, InputObject)]
#[graphql(rename_fields = "snake_case")]
pub struct TreatmentImageInput {
    /// The media asset's id; it must be in the workspace.
    pub asset: uuid::Uuid,
    pub role: ImageRole,
    /// For a before or an after: the number that pairs them.
    pub pair: Option<i32>,
}

impl From<TreatmentImageInput> for TreatmentImage {
    fn from(image: TreatmentImageInput) -> Self {
        Self { asset: image.asset, role: image.role.into(), pair: image.pair }
    }
}
