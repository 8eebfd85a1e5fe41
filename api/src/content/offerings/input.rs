//! Offering input as it arrives ([`OfferingBody`]) and as the service trusts it.

use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

use super::Price;
use crate::content::Scope;
use crate::content::revisions::{MAX_NOTE_LEN, parse_note};
use crate::content::validation::{Errors, Patch, nullable};
use crate::error::Result;
use crate::validated::rules::{self, FieldRules, Rule};
use crate::validated::{Currency, Locale, Slug, WebUrl};

const MAX_NOTES: usize = 2_000;
/// Ten billion in minor units: far above any treatment price, far below `i64` overflow.
const MAX_AMOUNT: i64 = 1_000_000_000_000;
const DURATION_MINUTES: std::ops::RangeInclusive<i32> = 1..=1440;

/// The fields `POST` requires.
pub const REQUIRED_ON_CREATE: &[&str] = &["treatment"];

/// The rules [`OfferingInput::parse`] applies, for the OpenAPI document.
pub fn schema_rules() -> Vec<(&'static str, Vec<FieldRules>)> {
    let body = vec![
        FieldRules::new("treatment", Slug::rules()),
        FieldRules::new("locale", Locale::rules()),
        FieldRules::new("duration_minutes", [rules::within(DURATION_MINUTES)]),
        FieldRules::new("booking_url", WebUrl::rules_or_empty()),
        FieldRules::new("notes", [Rule::MaxLength(MAX_NOTES)]),
        FieldRules::new("note", [Rule::MaxLength(MAX_NOTE_LEN)]),
    ];
    let price = vec![
        FieldRules::new("amount", [Rule::Within(0, MAX_AMOUNT)]),
        FieldRules::new("currency", Currency::rules()),
    ];
    vec![("OfferingBody", body), ("Price", price)]
}

/// An offering as an editor sends it. `POST` needs `treatment`; `PATCH` changes only the
/// fields it carries (`null` clears an optional one). `notes` is written in `locale`.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "treatment": "microneedling",
    "active": true,
    "price_from": {"amount": 29900, "currency": "CAD"},
    "duration_minutes": 45,
    "booking_url": "https://northshore-skin.example/book/scarborough/microneedling",
    "notes": "Numbing cream included; arrive 20 minutes early.",
    "locale": "en"
}))]
pub struct OfferingBody {
    /// The treatment's slug; one offering per clinic and treatment.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = String, required = false, example = "microneedling")]
    pub treatment: Patch<String>,
    /// Whether the clinic offers it now (default `true`).
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = bool, required = false)]
    pub active: Patch<bool>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<Price>)]
    pub price_from: Patch<Price>,
    /// 1–1440.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<i32>)]
    pub duration_minutes: Patch<i32>,
    /// An http(s) URL.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub booking_url: Patch<String>,
    /// Local notes, in `locale`.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub notes: Patch<String>,
    /// The locale `notes` is in (default: the workspace's default locale).
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>, example = "en")]
    pub locale: Patch<String>,
    /// Why this change was made; stored on its revision.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub note: Patch<String>,
}

/// A validated offering change; `None` leaves a field as it is, `Some(None)` clears it.
#[derive(Clone, Debug)]
pub struct OfferingInput {
    pub locale: Locale,
    pub treatment: Option<Slug>,
    pub active: Option<bool>,
    pub price_from: Patch<Price>,
    pub duration_minutes: Patch<i32>,
    pub booking_url: Patch<String>,
    pub notes: Patch<String>,
    pub note: Option<String>,
}

impl OfferingInput {
    /// Validates `body`; `creating` requires `treatment`.
    pub fn parse(body: OfferingBody, scope: &Scope, creating: bool) -> Result<Self> {
        let mut e = Errors::new();
        let locale = scope.locale(body.locale.flatten().as_deref(), "locale");
        let locale = locale.map_err(|error| e.push(error)).ok();
        let treatment = e.required("treatment", body.treatment, creating);
        let treatment = treatment.and_then(|raw| e.slug("treatment", &raw));
        let active = match body.active {
            Some(None) => {
                e.add("active", "must not be null");
                None
            }
            other => other.flatten(),
        };
        let price_from =
            body.price_from.map(|price| price.and_then(|price| price_of(&mut e, price)));
        let duration_minutes = body
            .duration_minutes
            .map(|minutes| minutes.and_then(|m| e.number("duration_minutes", m, DURATION_MINUTES)));
        let booking_url = body.booking_url.map(|url| {
            let url = url.map(|url| url.trim().to_owned()).filter(|url| !url.is_empty());
            url.and_then(|url| e.url("booking_url", &url)).map(|url| url.into_string())
        });
        let notes = body.notes.map(|notes| e.optional_text("notes", notes.as_deref(), MAX_NOTES));
        let note = parse_note(&mut e, body.note.flatten().as_deref());
        let Some(locale) = locale else { return Err(e.into_error()) };
        e.finish(Self {
            locale,
            treatment,
            active,
            price_from,
            duration_minutes,
            booking_url,
            notes,
            note,
        })
    }
}

fn price_of(e: &mut Errors, price: Price) -> Option<Price> {
    if !(0..=MAX_AMOUNT).contains(&price.amount) {
        e.add("price_from.amount", format!("must be between 0 and {MAX_AMOUNT} (minor units)"));
    }
    let currency = e.check("price_from.currency", Currency::parse(&price.currency))?;
    (0..=MAX_AMOUNT)
        .contains(&price.amount)
        .then(|| Price { amount: price.amount, currency: currency.as_str().to_owned() })
}

/// Paging and filtering of a clinic's offerings (newest change first).
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct OfferingQuery {
    /// Items per page, 1–100 (default 20).
    #[param(value_type = Option<u32>)]
    pub limit: Option<String>,
    /// `next_cursor` of the previous page: only a cursor this list returned is accepted;
    /// empty or absent is the first page.
    pub cursor: Option<String>,
    /// The locale of `notes` (default: the workspace's default locale).
    pub locale: Option<String>,
    /// Only the offering of the treatment with this slug.
    #[param(example = "microneedling")]
    pub treatment: Option<String>,
    /// `true` or `false`: only offerings in that state.
    pub active: Option<String>,
}
