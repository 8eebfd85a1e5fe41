//! Small value types both schemas share, mirroring the content service's values field for
//! field. They live here (not as derives in `content/`) so the service knows nothing of
//! GraphQL; the `From` conversions make the compiler point at any field that drifts.

use async_graphql::{
    Enum, InputValueError, InputValueResult, Scalar, ScalarType, SimpleObject, Value,
};
use chrono::{SecondsFormat, Utc};

use crate::content::offerings::Price;
use crate::content::treatments;
use crate::content::values;

/// A moment in UTC, written as REST writes it (RFC 3339 with `Z`, e.g.
/// `2026-11-23T08:00:00.123456Z`), so both APIs give the same strings for the same values.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DateTime(pub chrono::DateTime<Utc>);

/// An RFC 3339 date and time in UTC, e.g. "2026-11-23T08:00:00Z".
#[Scalar(name = "DateTime", specified_by_url = "https://datatracker.ietf.org/doc/html/rfc3339")]
impl ScalarType for DateTime {
    fn parse(value: Value) -> InputValueResult<Self> {
        match &value {
            Value::String(text) => text
                .parse::<chrono::DateTime<Utc>>()
                .map(Self)
                .map_err(|_| InputValueError::custom("must be an RFC 3339 date and time")),
            _ => Err(InputValueError::expected_type(value)),
        }
    }

    fn to_value(&self) -> Value {
        Value::String(self.0.to_rfc3339_opts(SecondsFormat::AutoSi, true))
    }
}

impl From<chrono::DateTime<Utc>> for DateTime {
    fn from(at: chrono::DateTime<Utc>) -> Self {
        Self(at)
    }
}

/// An inclusive range of whole numbers, e.g. 4 to 6 sessions; a single value has min = max.
#[derive(Clone, Copy, Debug, SimpleObject)]
pub struct Range {
    pub min: i32,
    pub max: i32,
}

impl From<values::Range> for Range {
    fn from(range: values::Range) -> Self {
        Self { min: range.min, max: range.max }
    }
}

/// The medical review recorded when the entry was approved.
#[derive(Clone, Debug, SimpleObject)]
pub struct Review {
    pub reviewer: String,
    pub reviewed_at: DateTime,
    /// When the review falls due under the workspace's policy.
    pub next_review_due: Option<DateTime>,
}

impl From<values::Review> for Review {
    fn from(review: values::Review) -> Self {
        Self {
            reviewer: review.reviewer,
            reviewed_at: review.reviewed_at.into(),
            next_review_due: review.next_review_due.map(Into::into),
        }
    }
}

impl From<values::PublishedReview> for Review {
    fn from(review: values::PublishedReview) -> Self {
        Self {
            reviewer: review.reviewer,
            reviewed_at: review.reviewed_at.into(),
            next_review_due: review.next_review_due.map(Into::into),
        }
    }
}

/// One aftercare step, in order.
#[derive(Clone, Debug, SimpleObject)]
pub struct AftercareStep {
    /// When, e.g. "First 24 hours".
    pub timing: String,
    pub instruction: String,
}

impl From<treatments::AftercareStep> for AftercareStep {
    fn from(step: treatments::AftercareStep) -> Self {
        Self { timing: step.timing, instruction: step.instruction }
    }
}

/// One side effect, in order.
#[derive(Clone, Debug, SimpleObject)]
pub struct SideEffect {
    /// What it is, e.g. "Redness and mild swelling".
    pub effect: String,
    pub frequency: Option<Frequency>,
    /// How long it lasts, e.g. "A few days".
    pub duration: Option<String>,
}

impl From<treatments::SideEffect> for SideEffect {
    fn from(effect: treatments::SideEffect) -> Self {
        Self {
            effect: effect.effect,
            frequency: effect.frequency.map(Frequency::from),
            duration: effect.duration,
        }
    }
}

/// How common a side effect is: very common (more than 1 in 10 people), common (up to 1 in
/// 10), uncommon (up to 1 in 100), rare (up to 1 in 1,000), very rare (up to 1 in 10,000).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Enum)]
#[graphql(rename_items = "snake_case")]
pub enum Frequency {
    VeryCommon,
    Common,
    Uncommon,
    Rare,
    VeryRare,
}

impl From<treatments::Frequency> for Frequency {
    fn from(frequency: treatments::Frequency) -> Self {
        match frequency {
            treatments::Frequency::VeryCommon => Self::VeryCommon,
            treatments::Frequency::Common => Self::Common,
            treatments::Frequency::Uncommon => Self::Uncommon,
            treatments::Frequency::Rare => Self::Rare,
            treatments::Frequency::VeryRare => Self::VeryRare,
        }
    }
}

impl From<Frequency> for treatments::Frequency {
    fn from(frequency: Frequency) -> Self {
        match frequency {
            Frequency::VeryCommon => Self::VeryCommon,
            Frequency::Common => Self::Common,
            Frequency::Uncommon => Self::Uncommon,
            Frequency::Rare => Self::Rare,
            Frequency::VeryRare => Self::VeryRare,
        }
    }
}

/// A question and its answer (Markdown), in order.
#[derive(Clone, Debug, SimpleObject)]
pub struct Faq {
    pub question: String,
    /// Markdown.
    pub answer: String,
}

impl From<treatments::Faq> for Faq {
    fn from(faq: treatments::Faq) -> Self {
        Self { question: faq.question, answer: faq.answer }
    }
}

/// A piece of evidence.
#[derive(Clone, Debug, SimpleObject)]
pub struct Reference {
    pub title: String,
    pub url: String,
    pub year: Option<i32>,
}

impl From<treatments::Reference> for Reference {
    fn from(reference: treatments::Reference) -> Self {
        Self { title: reference.title, url: reference.url, year: reference.year }
    }
}

/// Search-engine fields.
#[derive(Clone, Debug, SimpleObject)]
pub struct Seo {
    pub meta_title: Option<String>,
    pub meta_description: Option<String>,
}

impl From<treatments::Seo> for Seo {
    fn from(seo: treatments::Seo) -> Self {
        Self { meta_title: seo.meta_title, meta_description: seo.meta_description }
    }
}

/// An amount in minor units (cents) of an ISO 4217 currency.
#[derive(Clone, Debug, SimpleObject)]
pub struct Money {
    /// Minor units: 29900 is 299.00.
    pub amount: i64,
    /// ISO 4217, e.g. "CAD".
    pub currency: String,
}

impl From<Price> for Money {
    fn from(price: Price) -> Self {
        Self { amount: price.amount, currency: price.currency }
    }
}

/// Converts every item of a list.
pub fn all<T, U: From<T>>(items: Vec<T>) -> Vec<U> {
    items.into_iter().map(U::from).collect()
}

/// What an image is for on the treatment's page.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Enum)]
#[graphql(rename_items = "snake_case")]
pub enum ImageRole {
    Hero,
    Gallery,
    Before,
    After,
}

impl From<treatments::ImageRole> for ImageRole {
    fn from(role: treatments::ImageRole) -> Self {
        match role {
            treatments::ImageRole::Hero => Self::Hero,
            treatments::ImageRole::Gallery => Self::Gallery,
            treatments::ImageRole::Before => Self::Before,
            treatments::ImageRole::After => Self::After,
        }
    }
}

impl From<ImageRole> for treatments::ImageRole {
    fn from(role: ImageRole) -> Self {
        match role {
            ImageRole::Hero => Self::Hero,
            ImageRole::Gallery => Self::Gallery,
            ImageRole::Before => Self::Before,
            ImageRole::After => Self::After,
        }
    }
}
