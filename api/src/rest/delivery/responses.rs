//! The bodies delivery sends, as the OpenAPI document names them: the published documents
//! (`content::publishing::documents`) and what delivery adds to them — a clinic's offering, a
//! condition's treatments, the page around a list, the JSON-LD graph.

use serde::Serialize;
use utoipa::ToSchema;

use crate::content::offerings::Price;
use crate::content::publishing::documents::{ClinicDocument, ConditionDocument, TreatmentDocument};
use crate::content::values::Range;

/// A published treatment as delivery serves it.
#[derive(Serialize, ToSchema)]
pub struct DeliveryTreatment {
    #[serde(flatten)]
    pub document: TreatmentDocument,
    /// What the clinic in scope (the key's clinic, or `?clinic=`) charges for it and how to
    /// book it; absent when no clinic is in scope.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub offering: Option<TreatmentOffering>,
}

/// A clinic's offering of the treatment it is merged into, naming the clinic.
#[derive(Serialize, ToSchema)]
pub struct TreatmentOffering {
    pub clinic: OfferingClinic,
    pub active: bool,
    pub price_from: Option<Price>,
    #[schema(example = 60)]
    pub duration_minutes: Option<i32>,
    pub booking_url: Option<String>,
    pub notes: Option<String>,
}

/// The clinic an offering is at.
#[derive(Serialize, ToSchema)]
pub struct OfferingClinic {
    #[schema(example = "scarborough")]
    pub slug: String,
    #[schema(example = "Northshore Skin Clinic, Scarborough")]
    pub name: String,
}

/// A published condition with the published treatments for it (only those the key's clinic
/// offers, for a clinic's key).
#[derive(Serialize, ToSchema)]
pub struct DeliveryCondition {
    #[serde(flatten)]
    pub document: ConditionDocument,
    pub treatments: Vec<ConditionTreatment>,
}

/// A treatment as listed under a condition: what it is and how many sessions this condition
/// takes.
#[derive(Serialize, ToSchema)]
pub struct ConditionTreatment {
    #[schema(example = "microneedling")]
    pub slug: String,
    #[schema(example = "Microneedling")]
    pub name: String,
    pub summary: String,
    /// The condition's own plan where the treatment has one, else the treatment's.
    pub sessions: Option<Range>,
    /// The treatment's notes on this condition, in the locale served.
    pub notes: Option<String>,
}

/// A page of published treatments.
#[derive(Serialize, ToSchema)]
pub struct DeliveryTreatmentList {
    pub items: Vec<DeliveryTreatment>,
    /// Pass as `cursor` for the next page; `null` on the last page.
    pub next_cursor: Option<String>,
    /// The locale asked for (each item's `locale` says what it is in).
    #[schema(example = "fr")]
    pub locale: String,
}

/// A page of published conditions.
#[derive(Serialize, ToSchema)]
pub struct DeliveryConditionList {
    pub items: Vec<ConditionDocument>,
    /// Pass as `cursor` for the next page; `null` on the last page.
    pub next_cursor: Option<String>,
    /// The locale asked for (each item's `locale` says what it is in).
    #[schema(example = "fr")]
    pub locale: String,
}

/// A page of published clinics, each with its active offerings.
#[derive(Serialize, ToSchema)]
pub struct DeliveryClinicList {
    pub items: Vec<ClinicDocument>,
    /// Pass as `cursor` for the next page; `null` on the last page.
    pub next_cursor: Option<String>,
    /// The locale asked for (each item's `locale` says what it is in).
    #[schema(example = "fr")]
    pub locale: String,
}

/// schema.org JSON-LD for a treatment page.
#[derive(Serialize, ToSchema)]
pub struct TreatmentJsonLd {
    #[serde(rename = "@context")]
    #[schema(example = "https://schema.org")]
    pub context: String,
    /// A `MedicalWebPage` whose `mainEntity` is the `MedicalTherapy`, then, when the treatment
    /// has FAQs, a `FAQPage` of its `Question`s.
    #[serde(rename = "@graph")]
    pub graph: Vec<JsonLdNode>,
}

/// A node of the graph; its other properties are schema.org's for its `@type`.
#[derive(Serialize, ToSchema)]
pub struct JsonLdNode {
    #[serde(rename = "@type")]
    #[schema(example = "MedicalWebPage")]
    pub kind: String,
    /// The site page's URL with a fragment (`#page`, `#faq`).
    #[serde(rename = "@id")]
    #[schema(example = "https://clinic.example/treatments/microneedling#page")]
    pub id: String,
}
