//! The published documents: what delivery serves, per entry and locale, frozen at publish
//! time. REST delivery sends them as they are; GraphQL delivery maps them field by field.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::content::media::{FocalPoint, MediaKind};
use crate::content::offerings::Price;
use crate::content::treatments::{AftercareStep, Faq, ImageRole, Reference, Seo, SideEffect};
use crate::content::values::{PublishedReview, Range};

/// A published treatment in one locale, conditions and complementary treatments expanded.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct TreatmentDocument {
    #[schema(example = "microneedling")]
    pub slug: String,
    /// The locale this document is in (the one asked for, or the workspace default).
    #[schema(example = "en")]
    pub locale: String,
    #[schema(example = "Microneedling")]
    pub name: String,
    pub also_known_as: Vec<String>,
    pub summary: String,
    /// Markdown.
    pub body: String,
    pub procedure_minutes: Option<Range>,
    pub sessions: Option<Range>,
    pub session_interval_weeks: Option<Range>,
    pub downtime_days: Option<Range>,
    pub downtime_notes: Option<String>,
    pub results_timeline: Option<String>,
    pub contraindications: Vec<String>,
    pub side_effects: Vec<SideEffect>,
    pub suitable_for: Vec<String>,
    pub not_suitable_for: Vec<String>,
    pub aftercare: Vec<AftercareStep>,
    pub faqs: Vec<Faq>,
    pub conditions: Vec<TreatedCondition>,
    pub complementary: Vec<Complement>,
    /// Images, in order, with their text in this document's locale (snapshots published
    /// before media read as none).
    #[serde(default)]
    pub media: Vec<ImageDocument>,
    pub references: Vec<Reference>,
    pub seo: Seo,
    pub review: Option<PublishedReview>,
    pub version: i32,
    pub published_at: DateTime<Utc>,
}

/// An image of a published treatment, ready for `<img src srcset alt>`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ImageDocument {
    pub asset: uuid::Uuid,
    /// `photo`, `illustration` or `patient_photo`.
    pub kind: MediaKind,
    pub role: ImageRole,
    /// Pairs a `before` with its `after`.
    pub pair: Option<i32>,
    /// The image at its own width: a path on this API, served without a key; the format is
    /// negotiated from `Accept` (WebP when taken) unless `?format=` names one.
    #[schema(
        example = "/v1/media/0193a1c2-7f00-7c3e-9a55-3f1f0c2b9e41/9f2c4e1a7b3d5f60182a4c6e8b0d2f4a6c8e0b2d4f6a8c0e2b4d6f8a0c2e4b6d"
    )]
    pub url: String,
    /// The uploaded format.
    #[schema(example = "image/jpeg")]
    pub media_type: String,
    #[schema(example = 1600)]
    pub width: u32,
    #[schema(example = 1067)]
    pub height: u32,
    /// In this document's locale, or the image's default-locale text.
    #[schema(example = "A clinician guiding a microneedling pen across a cheek")]
    pub alt: String,
    pub caption: Option<String>,
    pub credit: Option<String>,
    pub focal_point: Option<FocalPoint>,
    /// Every width it is served at, narrowest first, for `srcset`.
    pub srcset: Vec<ImageVariant>,
}

/// One width of an image.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ImageVariant {
    #[schema(example = 640)]
    pub width: u32,
    #[schema(example = 427)]
    pub height: u32,
    /// `url` with `?w=`.
    pub url: String,
}

/// A condition a treatment treats, with this treatment's plan for it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct TreatedCondition {
    #[schema(example = "melasma")]
    pub slug: String,
    #[schema(example = "Melasma")]
    pub name: String,
    /// Sessions for this condition, when they differ from the treatment's plan.
    pub sessions: Option<Range>,
    pub notes: Option<String>,
}

/// A treatment that combines with this one.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Complement {
    #[schema(example = "chemical-peel")]
    pub slug: String,
    #[schema(example = "Chemical peel")]
    pub name: String,
    #[schema(example = 4)]
    pub min_spacing_weeks: Option<i32>,
    pub note: Option<String>,
}

/// A published condition in one locale.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ConditionDocument {
    #[schema(example = "hyperpigmentation")]
    pub slug: String,
    #[schema(example = "en")]
    pub locale: String,
    #[schema(example = "Hyperpigmentation")]
    pub name: String,
    #[schema(example = json!(["dark spots", "sun spots"]))]
    pub synonyms: Vec<String>,
    pub summary: String,
    /// Markdown.
    pub body: String,
    pub review: Option<PublishedReview>,
    pub version: i32,
    pub published_at: DateTime<Utc>,
}

/// A published clinic in one locale, with its active offerings.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ClinicDocument {
    #[schema(example = "scarborough")]
    pub slug: String,
    #[schema(example = "en")]
    pub locale: String,
    pub name: String,
    pub address: Option<String>,
    pub city: Option<String>,
    pub region: Option<String>,
    #[schema(example = "CA")]
    pub country: String,
    pub phone: Option<String>,
    pub booking_url: Option<String>,
    #[schema(example = "America/Toronto")]
    pub timezone: String,
    pub offerings: Vec<OfferingDocument>,
    pub version: i32,
    pub published_at: DateTime<Utc>,
}

/// What a clinic charges for a treatment, and how to book it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct OfferingDocument {
    /// The treatment's slug.
    #[schema(example = "microneedling")]
    pub treatment: String,
    pub active: bool,
    pub price_from: Option<Price>,
    #[schema(example = 60)]
    pub duration_minutes: Option<i32>,
    pub booking_url: Option<String>,
    pub notes: Option<String>,
}
