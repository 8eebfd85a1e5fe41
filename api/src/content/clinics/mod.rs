//! Clinics: the locations or brands that publish content, with contact details shared by every
//! locale and name and address per locale. What a clinic offers lives in [`super::offerings`].

mod entry;
mod input;
mod read;
mod write;

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

pub use entry::Clinics;
pub use input::{ClinicBody, ClinicInput, REQUIRED_ON_CREATE, schema_rules};

use super::status::Status;
pub use read::{list, load, view};

/// A clinic as stored: what a revision snapshots and a restore writes back.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ClinicRecord {
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
    pub slug: String,
    pub country: String,
    pub phone: Option<String>,
    pub booking_url: Option<String>,
    pub timezone: String,
    /// Text by locale.
    pub translations: BTreeMap<String, ClinicText>,
}

/// A clinic's name and address in one locale.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClinicText {
    pub name: String,
    pub address: Option<String>,
    pub city: Option<String>,
    pub region: Option<String>,
}

/// A clinic in one locale, as the admin API returns it.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct ClinicView {
    pub id: Uuid,
    #[schema(example = "scarborough")]
    pub slug: String,
    /// The locale the text is in (the one asked for, or the fallback).
    #[schema(example = "en")]
    pub locale: String,
    /// Every locale the clinic has text in.
    #[schema(example = json!(["en", "fr"]))]
    pub locales: Vec<String>,
    #[schema(example = "Northshore Skin Clinic, Scarborough")]
    pub name: String,
    #[schema(example = "1200 Markham Road, Unit 4")]
    pub address: Option<String>,
    #[schema(example = "Scarborough")]
    pub city: Option<String>,
    #[schema(example = "Ontario")]
    pub region: Option<String>,
    /// ISO 3166-1 alpha-2.
    #[schema(example = "CA")]
    pub country: String,
    #[schema(example = "+1 416 555 0142")]
    pub phone: Option<String>,
    #[schema(example = "https://northshore-skin.example/book/scarborough")]
    pub booking_url: Option<String>,
    /// An IANA time zone name.
    #[schema(example = "America/Toronto")]
    pub timezone: String,
    #[schema(example = 1)]
    pub version: i32,
    #[schema(example = "draft")]
    pub status: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub published_at: Option<DateTime<Utc>>,
    /// When a publish is scheduled (`publish` with `publish_at`), the time it is due; an
    /// edit or a new review cancels it.
    pub publish_at: Option<DateTime<Utc>>,
}

/// A clinic in a list.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct ClinicSummary {
    pub id: Uuid,
    #[schema(example = "markham")]
    pub slug: String,
    #[schema(example = "en")]
    pub locale: String,
    #[schema(example = json!(["en", "fr"]))]
    pub locales: Vec<String>,
    #[schema(example = "Northshore Skin Clinic, Markham")]
    pub name: String,
    #[schema(example = "Markham")]
    pub city: Option<String>,
    #[schema(example = "draft")]
    pub status: String,
    #[schema(example = 1)]
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub published_at: Option<DateTime<Utc>>,
}
