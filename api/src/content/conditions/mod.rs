//! Conditions: what treatments treat (melasma, hyperpigmentation), with synonyms people search
//! for and a Markdown body, text per locale.

mod entry;
mod input;
mod read;
mod write;

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

pub use entry::Conditions;
pub use input::{ConditionBody, ConditionInput, REQUIRED_ON_CREATE, schema_rules};
pub use read::{list, load, view};

use super::status::Status;
use super::values::Review;

/// A condition as stored: what a revision snapshots and a restore writes back.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ConditionRecord {
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
    pub slug: String,
    /// Text by locale.
    pub translations: BTreeMap<String, ConditionText>,
}

/// A condition's text in one locale.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConditionText {
    pub name: String,
    pub synonyms: Vec<String>,
    pub summary: String,
    pub body: String,
}

/// A condition in one locale, as the admin API returns it.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct ConditionView {
    pub id: Uuid,
    #[schema(example = "hyperpigmentation")]
    pub slug: String,
    /// The locale the text is in (the one asked for, or the fallback).
    #[schema(example = "en")]
    pub locale: String,
    /// Every locale the condition has text in.
    #[schema(example = json!(["en", "fr"]))]
    pub locales: Vec<String>,
    #[schema(example = "Hyperpigmentation")]
    pub name: String,
    #[schema(example = json!(["dark spots", "sun spots", "age spots"]))]
    pub synonyms: Vec<String>,
    #[schema(example = "Patches of skin darker than the skin around them, where melanin \
                        builds up.")]
    pub summary: String,
    /// Markdown.
    pub body: String,
    #[schema(example = 2)]
    pub version: i32,
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

/// A condition in a list.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct ConditionSummary {
    pub id: Uuid,
    #[schema(example = "melasma")]
    pub slug: String,
    #[schema(example = "en")]
    pub locale: String,
    #[schema(example = json!(["en", "fr"]))]
    pub locales: Vec<String>,
    #[schema(example = "Melasma")]
    pub name: String,
    pub summary: String,
    #[schema(example = "draft")]
    pub status: String,
    #[schema(example = 1)]
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub published_at: Option<DateTime<Utc>>,
}
