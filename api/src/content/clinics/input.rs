//! Clinic input as it arrives ([`ClinicBody`]) and as the service trusts it.

use serde::Deserialize;
use utoipa::ToSchema;

use crate::content::Scope;
use crate::content::revisions::{MAX_NOTE_LEN, parse_note};
use crate::content::validation::{Errors, Patch, nullable};
use crate::error::Result;
use crate::validated::rules::{self, FieldRules, Rule};
use crate::validated::{Country, Locale, Slug, WebUrl};

const MAX_NAME: usize = 200;
const MAX_ADDRESS: usize = 500;
const MAX_PHONE: usize = 40;
const MAX_TIMEZONE: usize = 64;
/// What [`timezone_of`] accepts, the length apart.
const TIMEZONE_PATTERN: &str = "^[A-Za-z0-9_+-]([A-Za-z0-9/_+-]*[A-Za-z0-9_+-])?$";
const PHONE_PATTERN: &str = "^[0-9 +().-]*$";

/// The fields `POST` requires.
pub const REQUIRED_ON_CREATE: &[&str] = &["slug", "name", "country", "timezone"];

/// The rules [`ClinicInput::parse`] applies, for the OpenAPI document.
pub fn schema_rules() -> Vec<(&'static str, Vec<FieldRules>)> {
    let text = |path: &str, max: usize| FieldRules::new(path, [Rule::MaxLength(max)]);
    let body = vec![
        FieldRules::new("slug", Slug::rules()),
        FieldRules::new("locale", Locale::rules()),
        FieldRules::new("name", rules::required_text(MAX_NAME)),
        text("address", MAX_ADDRESS),
        text("city", MAX_NAME),
        text("region", MAX_NAME),
        FieldRules::new("country", Country::rules()),
        FieldRules::new("phone", [Rule::MaxLength(MAX_PHONE), rules::pattern(PHONE_PATTERN)]),
        FieldRules::new("booking_url", WebUrl::rules_or_empty()),
        FieldRules::new(
            "timezone",
            [Rule::MaxLength(MAX_TIMEZONE), rules::pattern(TIMEZONE_PATTERN)],
        ),
        text("note", MAX_NOTE_LEN),
    ];
    vec![("ClinicBody", body)]
}

/// A clinic as an editor sends it. `POST` needs `slug`, `name`, `country` and `timezone`;
/// `PATCH` changes only the fields it carries (`null` clears an optional one). Name and
/// address are written in `locale`; the rest is shared by every locale.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "slug": "scarborough",
    "locale": "en",
    "name": "Northshore Skin Clinic, Scarborough",
    "address": "1200 Markham Road, Unit 4",
    "city": "Scarborough",
    "region": "Ontario",
    "country": "CA",
    "phone": "+1 416 555 0142",
    "booking_url": "https://northshore-skin.example/book/scarborough",
    "timezone": "America/Toronto"
}))]
pub struct ClinicBody {
    /// Unique in the workspace: lowercase letters, digits and hyphens, 1–80 characters.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = String, required = false, example = "scarborough")]
    pub slug: Patch<String>,
    /// The locale name and address are in (default: the workspace's default locale).
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>, example = "en")]
    pub locale: Patch<String>,
    /// 1–200 characters; required on create and when adding a locale.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = String, required = false)]
    pub name: Patch<String>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub address: Patch<String>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub city: Patch<String>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub region: Patch<String>,
    /// ISO 3166-1 alpha-2, two capital letters.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = String, required = false, example = "CA")]
    pub country: Patch<String>,
    /// Digits, spaces and `+ - ( ) .`, up to 40 characters.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub phone: Patch<String>,
    /// An http(s) URL.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub booking_url: Patch<String>,
    /// An IANA time zone name such as `America/Toronto`.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = String, required = false, example = "America/Toronto")]
    pub timezone: Patch<String>,
    /// Why this change was made; stored on its revision.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub note: Patch<String>,
}

/// A validated clinic change; `None` leaves a field as it is, `Some(None)` clears it.
#[derive(Clone, Debug)]
pub struct ClinicInput {
    pub locale: Locale,
    pub slug: Option<Slug>,
    pub name: Option<String>,
    pub address: Patch<String>,
    pub city: Patch<String>,
    pub region: Patch<String>,
    pub country: Option<Country>,
    pub phone: Patch<String>,
    pub booking_url: Patch<String>,
    pub timezone: Option<String>,
    pub note: Option<String>,
}

impl ClinicInput {
    /// Validates `body`; `creating` requires `slug`, `name`, `country` and `timezone`.
    pub fn parse(body: ClinicBody, scope: &Scope, creating: bool) -> Result<Self> {
        let mut e = Errors::new();
        let locale = scope.locale(body.locale.flatten().as_deref(), "locale");
        let locale = locale.map_err(|error| e.push(error)).ok();
        let slug = e.required("slug", body.slug, creating);
        let slug = slug.and_then(|raw| e.slug("slug", &raw));
        let name = e.required("name", body.name, creating);
        let name = name.and_then(|raw| e.required_text("name", &raw, MAX_NAME));
        let address = optional(&mut e, "address", body.address, MAX_ADDRESS);
        let city = optional(&mut e, "city", body.city, MAX_NAME);
        let region = optional(&mut e, "region", body.region, MAX_NAME);
        let country = e.required("country", body.country, creating);
        let country = country.and_then(|raw| e.check("country", Country::parse(raw.trim())));
        let phone = optional(&mut e, "phone", body.phone, MAX_PHONE);
        if let Some(Some(phone)) = &phone
            && !phone.chars().all(|c| c.is_ascii_digit() || " +-().".contains(c))
        {
            e.add("phone", "may contain only digits, spaces and + - ( ) .");
        }
        let booking_url = body.booking_url.map(|url| {
            let url = url.map(|url| url.trim().to_owned()).filter(|url| !url.is_empty());
            url.and_then(|url| e.url("booking_url", &url)).map(|url| url.into_string())
        });
        let timezone = e.required("timezone", body.timezone, creating);
        let timezone = timezone.and_then(|raw| timezone_of(&mut e, &raw));
        let note = parse_note(&mut e, body.note.flatten().as_deref());
        let Some(locale) = locale else { return Err(e.into_error()) };
        e.finish(Self {
            locale,
            slug,
            name,
            address,
            city,
            region,
            country,
            phone,
            booking_url,
            timezone,
            note,
        })
    }

    /// Whether the change writes any text in its locale.
    pub fn has_text(&self) -> bool {
        self.name.is_some()
            || self.address.is_some()
            || self.city.is_some()
            || self.region.is_some()
    }
}

fn optional(e: &mut Errors, field: &str, value: Patch<String>, max: usize) -> Patch<String> {
    value.map(|value| e.optional_text(field, value.as_deref(), max))
}

/// An IANA zone name by shape (`America/Toronto`, `UTC`): the zone database is not shipped.
fn timezone_of(e: &mut Errors, raw: &str) -> Option<String> {
    let zone = raw.trim();
    let shaped = !zone.is_empty()
        && zone.len() <= MAX_TIMEZONE
        && zone.chars().all(|c| c.is_ascii_alphanumeric() || "/_-+".contains(c))
        && !zone.starts_with('/')
        && !zone.ends_with('/');
    if shaped {
        Some(zone.to_owned())
    } else {
        e.add(
            "timezone",
            "must be a time zone name such as America/Toronto (at most 64 characters)",
        );
        None
    }
}
