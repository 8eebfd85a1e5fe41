//! Condition input as it arrives ([`ConditionBody`]) and as the service trusts it.

use serde::Deserialize;
use utoipa::ToSchema;

use crate::content::Scope;
use crate::content::revisions::{MAX_NOTE_LEN, parse_note};
use crate::content::validation::{Errors, Patch, nullable};
use crate::error::Result;
use crate::validated::rules::{self, FieldRules, Rule};
use crate::validated::{Locale, Slug};

const MAX_NAME: usize = 200;
const MAX_SYNONYMS: usize = 30;
const MAX_SUMMARY: usize = 2_000;
const MAX_BODY: usize = 100_000;

/// The fields `POST` requires.
pub const REQUIRED_ON_CREATE: &[&str] = &["slug", "name"];

/// The rules [`ConditionInput::parse`] applies, for the OpenAPI document.
pub fn schema_rules() -> Vec<(&'static str, Vec<FieldRules>)> {
    let text = |path: &str, max: usize| FieldRules::new(path, [Rule::MaxLength(max)]);
    let body = vec![
        FieldRules::new("slug", Slug::rules()),
        FieldRules::new("locale", Locale::rules()),
        FieldRules::new("name", rules::required_text(MAX_NAME)),
        FieldRules::new("synonyms", [Rule::MaxItems(MAX_SYNONYMS), Rule::Unique]),
        FieldRules::new("synonyms.[]", rules::required_text(MAX_NAME)),
        text("summary", MAX_SUMMARY),
        text("body", MAX_BODY),
        text("note", MAX_NOTE_LEN),
    ];
    vec![("ConditionBody", body)]
}

/// A condition as an editor sends it. `POST` needs `slug` and `name`; `PATCH` changes only
/// the fields it carries (`null` empties a text or list). Text is written in `locale`.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "slug": "hyperpigmentation",
    "locale": "en",
    "name": "Hyperpigmentation",
    "synonyms": ["dark spots", "sun spots", "age spots"],
    "summary": "Patches of skin darker than the skin around them, where melanin builds up.",
    "body": "Acne, sun, small injuries and hormones can all leave dark spots behind.",
    "note": "First draft"
}))]
pub struct ConditionBody {
    /// Unique in the workspace: lowercase letters, digits and hyphens, 1–80 characters.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = String, required = false, example = "hyperpigmentation")]
    pub slug: Patch<String>,
    /// The locale the text is in; one of the workspace's locales (default: its default).
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>, example = "en")]
    pub locale: Patch<String>,
    /// 1–200 characters; required on create and when adding a locale.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = String, required = false)]
    pub name: Patch<String>,
    /// Other names people use, up to 30.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<Vec<String>>)]
    pub synonyms: Patch<Vec<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub summary: Patch<String>,
    /// Markdown, up to 100,000 characters.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub body: Patch<String>,
    /// Why this change was made; stored on its revision.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub note: Patch<String>,
}

/// A validated condition change; `None` leaves a field as it is.
#[derive(Clone, Debug)]
pub struct ConditionInput {
    pub locale: Locale,
    pub slug: Option<Slug>,
    pub name: Option<String>,
    pub synonyms: Option<Vec<String>>,
    pub summary: Option<String>,
    pub body: Option<String>,
    pub note: Option<String>,
}

impl ConditionInput {
    /// Validates `body`; `creating` requires `slug` and `name`.
    pub fn parse(body: ConditionBody, scope: &Scope, creating: bool) -> Result<Self> {
        let mut e = Errors::new();
        let locale =
            scope.locale(body.locale.flatten().as_deref(), "locale").map_err(|x| e.push(x)).ok();
        let slug = e.required("slug", body.slug, creating);
        let slug = slug.and_then(|raw| e.slug("slug", &raw));
        let name = e.required("name", body.name, creating);
        let name = name.and_then(|raw| e.required_text("name", &raw, MAX_NAME));
        let synonyms = body.synonyms.map(|items| {
            e.text_list("synonyms", &items.unwrap_or_default(), MAX_SYNONYMS, MAX_NAME)
        });
        let summary = body.summary.map(|raw| raw.unwrap_or_default());
        let summary = summary.and_then(|raw| e.text("summary", raw.trim(), MAX_SUMMARY));
        let text = body.body.map(|raw| raw.unwrap_or_default());
        let text = text.and_then(|raw| e.text("body", &raw, MAX_BODY));
        let note = parse_note(&mut e, body.note.flatten().as_deref());
        let Some(locale) = locale else { return Err(e.into_error()) };
        e.finish(Self { locale, slug, name, synonyms, summary, body: text, note })
    }

    /// Whether the change writes any text in its locale.
    pub fn has_text(&self) -> bool {
        self.name.is_some()
            || self.synonyms.is_some()
            || self.summary.is_some()
            || self.body.is_some()
    }
}
