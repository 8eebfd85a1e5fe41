//! Asset input: the metadata an editor sends ([`MediaBody`], on `PATCH` or beside an upload)
//! and the facts of an uploaded file ([`Upload`]), validated into a [`MediaInput`].

use serde::Deserialize;
use utoipa::ToSchema;

use super::{Channel, Consent, FileFacts, FocalPoint, MediaKind};
use crate::content::Scope;
use crate::content::revisions::{MAX_NOTE_LEN, parse_note};
use crate::content::validation::{Errors, Patch, nullable};
use crate::error::Result;
use crate::validated::Locale;
use crate::validated::rules::{FieldRules, Rule};

const MAX_ALT: usize = 300;
const MAX_CAPTION: usize = 500;
const MAX_CREDIT: usize = 200;
const MAX_FORM_REF: usize = 200;

/// The rules [`MediaInput::parse`] applies, for the OpenAPI document.
pub fn schema_rules() -> Vec<(&'static str, Vec<FieldRules>)> {
    let text = |path: &str, max: usize| FieldRules::new(path, [Rule::MaxLength(max)]);
    let body = vec![
        FieldRules::new("locale", Locale::rules()),
        FieldRules::new("kind", [Rule::OneOf(MediaKind::ALL.map(MediaKind::as_str).to_vec())]),
        text("alt", MAX_ALT),
        text("caption", MAX_CAPTION),
        text("credit", MAX_CREDIT),
        text("note", MAX_NOTE_LEN),
    ];
    let consent = vec![text("form_ref", MAX_FORM_REF)];
    let focal = vec![
        FieldRules::new("x", [Rule::Within(0, 1)]),
        FieldRules::new("y", [Rule::Within(0, 1)]),
    ];
    vec![("MediaBody", body), ("Consent", consent), ("FocalPoint", focal)]
}

/// An asset's metadata as an editor sends it: on `PATCH` only the fields to change (`null`
/// clears an optional one); beside an upload, what the new asset starts with. `alt` and
/// `caption` are written in `locale`; the rest is shared by every locale.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "locale": "en",
    "kind": "patient_photo",
    "alt": "Left cheek before the first session, with shallow acne scars",
    "credit": "Northshore Skin Clinic",
    "consent": {
        "obtained_on": "2026-09-14",
        "scope": ["website", "app"],
        "expires_on": "2028-09-14",
        "form_ref": "CF-2026-0141"
    }
}))]
pub struct MediaBody {
    /// The locale `alt` and `caption` are in (default: the workspace's default locale).
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>, example = "en")]
    pub locale: Patch<String>,
    /// `photo` (the default), `illustration` or `patient_photo`.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<MediaKind>)]
    pub kind: Patch<MediaKind>,
    /// What the image shows, for people who cannot see it; up to 300 characters.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub alt: Patch<String>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub caption: Patch<String>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub credit: Patch<String>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<FocalPoint>)]
    pub focal_point: Patch<FocalPoint>,
    /// A patient photo's consent; only a `patient_photo` carries one.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<Consent>)]
    pub consent: Patch<Consent>,
    /// Why this change was made; stored on its revision.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub note: Patch<String>,
}

/// An uploaded file, already made safe and stored.
#[derive(Clone, Debug)]
pub struct Upload {
    pub file: FileFacts,
}

/// A validated asset change; `None` leaves a field as it is, `Some(None)` clears it.
#[derive(Clone, Debug)]
pub struct MediaInput {
    pub locale: Locale,
    pub kind: Option<MediaKind>,
    pub alt: Patch<String>,
    pub caption: Patch<String>,
    pub credit: Patch<String>,
    pub focal_point: Patch<FocalPoint>,
    pub consent: Patch<Consent>,
    pub note: Option<String>,
    /// The file of a new asset; a change never replaces it.
    pub upload: Option<Upload>,
}

impl MediaInput {
    /// Validates `body`. A new asset needs its file, which only an upload brings.
    pub fn parse(body: MediaBody, scope: &Scope, creating: bool) -> Result<Self> {
        let mut e = Errors::new();
        if creating {
            e.add("file", "is required: upload the image as multipart/form-data or as the body");
        }
        Self::parse_with(&mut e, body, scope).and_then(|input| e.finish(input))
    }

    /// Validates the metadata that came with `upload`.
    pub fn for_upload(body: MediaBody, scope: &Scope, upload: Upload) -> Result<Self> {
        let mut e = Errors::new();
        let input = Self::parse_with(&mut e, body, scope)?;
        e.finish(Self { upload: Some(upload), ..input })
    }

    fn parse_with(e: &mut Errors, body: MediaBody, scope: &Scope) -> Result<Self> {
        let locale = scope.locale(body.locale.flatten().as_deref(), "locale");
        let locale = locale.map_err(|error| e.push(error)).ok();
        let kind = match body.kind {
            Some(None) => {
                e.add("kind", "must not be null");
                None
            }
            other => other.flatten(),
        };
        let alt = optional(e, "alt", body.alt, MAX_ALT);
        let caption = optional(e, "caption", body.caption, MAX_CAPTION);
        let credit = optional(e, "credit", body.credit, MAX_CREDIT);
        let focal_point = body.focal_point.map(|point| point.and_then(|p| focal(e, p)));
        let consent = body.consent.map(|consent| consent.and_then(|c| checked_consent(e, c)));
        let note = parse_note(e, body.note.flatten().as_deref());
        let Some(locale) = locale else { return Err(std::mem::take(e).into_error()) };
        Ok(Self { locale, kind, alt, caption, credit, focal_point, consent, note, upload: None })
    }
}

fn optional(e: &mut Errors, field: &str, value: Patch<String>, max: usize) -> Patch<String> {
    value.map(|value| e.optional_text(field, value.as_deref(), max))
}

fn focal(e: &mut Errors, point: FocalPoint) -> Option<FocalPoint> {
    let inside = |v: f64| (0.0..=1.0).contains(&v);
    if inside(point.x) && inside(point.y) {
        Some(point)
    } else {
        e.add("focal_point", "x and y must each be from 0 to 1");
        None
    }
}

fn checked_consent(e: &mut Errors, consent: Consent) -> Option<Consent> {
    let before = e.count();
    let form_ref = e.required_text("consent.form_ref", &consent.form_ref, MAX_FORM_REF);
    if consent.scope.is_empty() {
        e.add("consent.scope", "must name at least one of website, app, social");
    }
    if let Some(expires_on) = consent.expires_on
        && expires_on < consent.obtained_on
    {
        e.add("consent.expires_on", "must not be before obtained_on");
    }
    let mut scope: Vec<Channel> = consent.scope.clone();
    scope.sort();
    scope.dedup();
    (e.count() == before).then(|| Consent {
        scope,
        form_ref: form_ref.unwrap_or_default(),
        ..consent
    })
}
