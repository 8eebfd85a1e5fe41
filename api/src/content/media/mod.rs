//! Media assets: the images treatments show, with alt text and a caption per locale, a credit,
//! a focal point and, for a patient's before/after photo, the patient's consent — when it was
//! given, where it may be shown, when it ends and which signed form records it, never the
//! patient's name. The bytes themselves live in [`crate::media`].

mod consent;
mod entry;
mod input;
mod read;
mod write;

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

pub use consent::{Channel, Consent, refusal};
pub use entry::MediaAssets;
pub use input::{MediaBody, MediaInput, Upload, schema_rules};
pub use read::{MediaQuery, find_published, lapsed_patient_photos, list, load, load_many, view};
pub use write::users_of;

/// The widths variants are made at (an image narrower than one is also served at its own).
pub const VARIANT_WIDTHS: [u32; 6] = [320, 640, 960, 1280, 1920, 2560];

/// Every width an image `width` pixels wide is served at, narrowest first: the listed widths
/// below its own, then its own.
pub fn widths_of(width: u32) -> Vec<u32> {
    let mut widths: Vec<u32> = VARIANT_WIDTHS.into_iter().filter(|w| *w < width).collect();
    widths.push(width);
    widths
}

/// `asked` when an image `width` pixels wide is served at it; else what to tell the caller.
pub fn served_width(width: u32, asked: u32) -> Result<u32, String> {
    let widths = widths_of(width);
    if widths.contains(&asked) {
        return Ok(asked);
    }
    let listed: Vec<String> = widths.iter().map(u32::to_string).collect();
    Err(format!("must be one of this image's widths: {}", listed.join(", ")))
}

/// The height of a `width` × `height` image scaled to `to` pixels wide.
pub fn height_at((width, height): (u32, u32), to: u32) -> u32 {
    let scaled = u64::from(height) * u64::from(to) / u64::from(width.max(1));
    u32::try_from(scaled).unwrap_or(u32::MAX).max(1)
}

/// Where delivery serves asset `id`'s image whose stored bytes hash to `hash`: no key is
/// needed (an `<img>` cannot send one), so the hash, unguessable and changed with the file,
/// is what lets a reader in.
pub fn delivery_path(id: Uuid, hash: &str) -> String {
    format!("/v1/media/{id}/{hash}")
}

/// What an image is, which decides the rules it follows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum MediaKind {
    /// A photograph without a patient in it (the clinic, a device).
    #[default]
    Photo,
    /// A drawing or diagram.
    Illustration,
    /// A photograph of a patient: shown only with their consent.
    PatientPhoto,
}

impl MediaKind {
    pub const ALL: [MediaKind; 3] =
        [MediaKind::Photo, MediaKind::Illustration, MediaKind::PatientPhoto];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Photo => "photo",
            Self::Illustration => "illustration",
            Self::PatientPhoto => "patient_photo",
        }
    }

    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.as_str() == name)
    }
}

/// The point a crop keeps in view, each coordinate from 0 (left, top) to 1.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"x": 0.5, "y": 0.35}))]
pub struct FocalPoint {
    pub x: f64,
    pub y: f64,
}

/// An asset as stored: what a revision snapshots and a restore writes back.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MediaRecord {
    pub id: Uuid,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub kind: MediaKind,
    pub file: FileFacts,
    pub credit: Option<String>,
    pub focal_point: Option<FocalPoint>,
    pub consent: Option<Consent>,
    /// Alt text and caption by locale.
    pub texts: BTreeMap<String, MediaText>,
}

/// What the stored file is; set by the upload and never edited.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileFacts {
    pub filename: String,
    pub media_type: String,
    pub width: u32,
    pub height: u32,
    pub byte_size: u64,
    pub content_hash: String,
}

/// An asset's text in one locale.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MediaText {
    pub alt: String,
    pub caption: Option<String>,
}

/// An asset in one locale, as the admin API returns it.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct MediaView {
    pub id: Uuid,
    pub kind: MediaKind,
    /// The name the file was uploaded under.
    #[schema(example = "microneedling-hero.jpg")]
    pub filename: String,
    /// What the stored file is, read from its bytes.
    #[schema(example = "image/jpeg")]
    pub media_type: String,
    #[schema(example = 1600)]
    pub width: u32,
    #[schema(example = 1067)]
    pub height: u32,
    /// The stored file's size in bytes (metadata stripped).
    #[schema(example = 184_233)]
    pub byte_size: u64,
    /// Hex SHA-256 of the stored file; part of every variant URL.
    #[schema(example = "9f2c4e1a7b3d5f60182a4c6e8b0d2f4a6c8e0b2d4f6a8c0e2b4d6f8a0c2e4b6d")]
    pub content_hash: String,
    /// The locale `alt` and `caption` are in (the one asked for, or the fallback).
    #[schema(example = "en")]
    pub locale: String,
    /// Every locale the asset has text in.
    #[schema(example = json!(["en", "fr"]))]
    pub locales: Vec<String>,
    #[schema(example = "A clinician guiding a microneedling pen across a cheek")]
    pub alt: Option<String>,
    pub caption: Option<String>,
    #[schema(example = "Northshore Skin Clinic")]
    pub credit: Option<String>,
    pub focal_point: Option<FocalPoint>,
    /// A patient photo's consent; `null` for other kinds, or when none is recorded yet.
    pub consent: Option<Consent>,
    #[schema(example = 1)]
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_image_is_served_at_the_listed_widths_below_its_own_and_at_its_own() {
        assert_eq!(widths_of(1000), vec![320, 640, 960, 1000]);
        assert_eq!(widths_of(200), vec![200]);
        assert_eq!(widths_of(640), vec![320, 640]);
        assert_eq!(height_at((1000, 500), 320), 160);
        assert_eq!(served_width(1000, 640), Ok(640));
        assert!(served_width(1000, 500).is_err_and(|m| m.contains("320, 640, 960, 1000")));
    }
}
