//! Offerings: a treatment as one clinic offers it (clinic × treatment), with a starting price
//! in minor units, a duration, a booking link and local notes per locale. Offerings live under
//! their clinic and are published with it.

mod entry;
mod input;
mod read;
mod write;

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

pub use entry::Offerings;
pub use input::{OfferingBody, OfferingInput, OfferingQuery, REQUIRED_ON_CREATE, schema_rules};
pub use read::{all_of_clinic, list, load, view};

/// A price to start from: an amount in minor units (cents) and an ISO 4217 currency.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"amount": 29900, "currency": "CAD"}))]
pub struct Price {
    /// Minor units: 29900 is 299.00.
    pub amount: i64,
    pub currency: String,
}

/// An offering as stored: what a revision snapshots and a restore writes back.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OfferingRecord {
    pub id: Uuid,
    pub clinic_id: Uuid,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub treatment_id: Uuid,
    pub treatment: String,
    pub active: bool,
    pub price_from: Option<Price>,
    pub duration_minutes: Option<i32>,
    pub booking_url: Option<String>,
    /// Local notes by locale.
    pub notes: BTreeMap<String, String>,
}

/// An offering in one locale, as the admin API returns it.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct OfferingView {
    pub id: Uuid,
    /// The clinic's id.
    pub clinic: Uuid,
    /// The treatment's slug.
    #[schema(example = "microneedling")]
    pub treatment: String,
    /// The locale `notes` is in (the one asked for, or the fallback).
    #[schema(example = "en")]
    pub locale: String,
    /// Every locale the offering has notes in.
    #[schema(example = json!(["en", "fr"]))]
    pub locales: Vec<String>,
    #[schema(example = true)]
    pub active: bool,
    pub price_from: Option<Price>,
    #[schema(example = 45)]
    pub duration_minutes: Option<i32>,
    #[schema(example = "https://northshore-skin.example/book/scarborough/microneedling")]
    pub booking_url: Option<String>,
    #[schema(example = "Numbing cream included; arrive 20 minutes early.")]
    pub notes: Option<String>,
    #[schema(example = 1)]
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}
