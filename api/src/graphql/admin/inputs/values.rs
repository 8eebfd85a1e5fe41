//! Input values several kinds share, each converting into the content service's own value.

use async_graphql::InputObject;

use crate::content::offerings::Price;
use crate::content::{treatments, values};

/// An inclusive range of whole numbers, e.g. 4 to 6 sessions; a single value has min = max.
#[derive(Clone, Copy, Debug, InputObject)]
#[graphql(rename_fields = "snake_case")]
pub struct RangeInput {
    pub min: i32,
    pub max: i32,
}

impl From<RangeInput> for values::Range {
    fn from(range: RangeInput) -> Self {
        Self { min: range.min, max: range.max }
    }
}

/// One aftercare step; a list of them replaces the whole list, in order.
#[derive(Clone, Debug, InputObject)]
#[graphql(rename_fields = "snake_case")]
pub struct AftercareStepInput {
    /// When, e.g. "First 24 hours" (1–200 characters).
    pub timing: String,
    /// 1–2,000 characters.
    pub instruction: String,
}

impl From<AftercareStepInput> for treatments::AftercareStep {
    fn from(step: AftercareStepInput) -> Self {
        Self { timing: step.timing, instruction: step.instruction }
    }
}

/// One side effect; a list of them replaces the whole list, in order.
#[derive(Clone, Debug, InputObject)]
#[graphql(rename_fields = "snake_case")]
pub struct SideEffectInput {
    /// What it is, e.g. "Redness and mild swelling" (1–500 characters).
    pub effect: String,
    pub frequency: Option<crate::graphql::types::Frequency>,
    /// How long it lasts, e.g. "A few days" (up to 200 characters).
    pub duration: Option<String>,
}

impl From<SideEffectInput> for treatments::SideEffect {
    fn from(effect: SideEffectInput) -> Self {
        Self {
            effect: effect.effect,
            frequency: effect.frequency.map(Into::into),
            duration: effect.duration,
        }
    }
}

/// A question and its Markdown answer; a list of them replaces the whole list, in order.
#[derive(Clone, Debug, InputObject)]
#[graphql(rename_fields = "snake_case")]
pub struct FaqInput {
    /// 1–500 characters.
    pub question: String,
    /// Markdown, 1–10,000 characters.
    pub answer: String,
}

impl From<FaqInput> for treatments::Faq {
    fn from(faq: FaqInput) -> Self {
        Self { question: faq.question, answer: faq.answer }
    }
}

/// A piece of evidence, shared by every locale.
#[derive(Clone, Debug, InputObject)]
#[graphql(rename_fields = "snake_case")]
pub struct ReferenceInput {
    /// 1–500 characters.
    pub title: String,
    /// An http(s) URL.
    pub url: String,
    /// 1800–2100.
    pub year: Option<i32>,
}

impl From<ReferenceInput> for treatments::Reference {
    fn from(reference: ReferenceInput) -> Self {
        Self { title: reference.title, url: reference.url, year: reference.year }
    }
}

/// Search-engine fields of one locale; given, they replace both.
#[derive(Clone, Debug, InputObject)]
#[graphql(rename_fields = "snake_case")]
pub struct SeoInput {
    /// Up to 200 characters.
    pub meta_title: Option<String>,
    /// Up to 500 characters.
    pub meta_description: Option<String>,
}

impl From<SeoInput> for treatments::Seo {
    fn from(seo: SeoInput) -> Self {
        Self { meta_title: seo.meta_title, meta_description: seo.meta_description }
    }
}

/// An amount in minor units (cents) of an ISO 4217 currency.
#[derive(Clone, Debug, InputObject)]
#[graphql(rename_fields = "snake_case")]
pub struct MoneyInput {
    /// Minor units: 29900 is 299.00.
    pub amount: i64,
    /// ISO 4217, e.g. "CAD".
    pub currency: String,
}

impl From<MoneyInput> for Price {
    fn from(price: MoneyInput) -> Self {
        Self { amount: price.amount, currency: price.currency }
    }
}
