//! Search over published treatments and conditions, as patients phrase it: a condition's
//! synonyms find it and the treatments for it, words are matched by stem in English and
//! French, accents and case folded, the last word as a prefix for type-ahead, and one typo
//! forgiven on longer words. Matches in names rank above other names and synonyms, which rank
//! above summaries, FAQs and bodies.
//!
//! The engine is our own, in memory, derived from the published snapshots (see [`indexes`]):
//! a clinic library is thousands of entries, not millions, and this keeps the results the
//! same on SQLite and PostgreSQL with no extension or second store to run. REST
//! (`GET /v1/search`), GraphQL (`search`) and the `q` filter of the delivery lists all call
//! [`search`].

pub mod document;
pub mod index;
pub mod indexes;
pub mod snippet;
pub mod text;

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

pub use self::index::MatchKind;
use self::index::{Filter, Found, LocaleIndex, Marks};
use self::indexes::SearchIndexes;
use self::snippet::Snippet;
use self::text::Language;
use crate::accounts::workspaces::Workspace;
use crate::content::pagination::{decode_cursor, encode_cursor};
use crate::content::validation::NUL_MESSAGE;
use crate::delivery::snapshots::SnapshotKind;
use crate::error::{Error, FieldError, Result};
use crate::validated::rules::{self, Rule};

/// Longest query, in characters.
pub const MAX_QUERY: usize = 200;
pub const DEFAULT_LIMIT: u64 = 10;
pub const MAX_LIMIT: u64 = 100;

/// A checked search request.
#[derive(Clone, Debug, PartialEq)]
pub struct SearchQuery {
    pub text: String,
    pub kinds: Vec<SnapshotKind>,
    pub limit: usize,
    pub offset: usize,
}

#[derive(Serialize, Deserialize)]
struct Cursor {
    /// How many hits the previous pages held.
    offset: usize,
}

/// The rules [`SearchQuery::parse`] applies to the query parameter `name`, for the OpenAPI
/// document.
pub fn parameter_rules(name: &str) -> Vec<Rule> {
    match name {
        "q" => rules::required_text(MAX_QUERY),
        "kind" => vec![rules::pattern("^((treatment|condition)(,(treatment|condition))*)?$")],
        _ => Vec::new(),
    }
}

/// The kinds a comma-separated `kind` parameter names; none when it is absent or empty.
pub fn kinds(raw: Option<&str>) -> Vec<String> {
    match raw {
        None | Some("") => Vec::new(),
        Some(raw) => raw.split(',').map(str::to_owned).collect(),
    }
}

impl SearchQuery {
    /// Checks a request's raw values, naming each wrong one in one VALIDATION error: `q`
    /// required, at most [`MAX_QUERY`] characters; `kinds` among `treatment` and `condition`
    /// (none is both); `limit` 1–[`MAX_LIMIT`]; `cursor` one a search returned.
    pub fn parse(
        text: Option<&str>,
        kinds: &[String],
        limit: Option<u64>,
        cursor: Option<&str>,
    ) -> Result<Self> {
        let mut errors = Vec::new();
        let raw = text.unwrap_or_default();
        let text = raw.trim();
        if text.is_empty() {
            errors.push(FieldError::new("q", "is required: the words to search for"));
        } else if raw.chars().count() > MAX_QUERY {
            errors.push(FieldError::new("q", format!("must be at most {MAX_QUERY} characters")));
        } else if text.contains('\0') {
            errors.push(FieldError::new("q", NUL_MESSAGE));
        }
        let mut parsed = Vec::new();
        for kind in kinds {
            match kind.as_str() {
                "treatment" => parsed.push(SnapshotKind::Treatment),
                "condition" => parsed.push(SnapshotKind::Condition),
                other => errors.push(FieldError::new(
                    "kind",
                    format!("'{other}' is not a kind search finds: treatment or condition"),
                )),
            }
        }
        if parsed.is_empty() {
            parsed = vec![SnapshotKind::Treatment, SnapshotKind::Condition];
        }
        let limit = limit.unwrap_or(DEFAULT_LIMIT);
        if !(1..=MAX_LIMIT).contains(&limit) {
            errors.push(FieldError::new("limit", format!("must be between 1 and {MAX_LIMIT}")));
        }
        let offset = match cursor.map(str::trim).filter(|raw| !raw.is_empty()) {
            None => 0,
            Some(raw) => decode_cursor::<Cursor>(raw).map_or_else(
                || {
                    errors.push(FieldError::new("cursor", "is not a cursor this search returned"));
                    0
                },
                |cursor| cursor.offset,
            ),
        };
        if !errors.is_empty() {
            return Err(Error::Validation(errors));
        }
        let limit = usize::try_from(limit).unwrap_or(usize::MAX);
        Ok(Self { text: text.to_owned(), kinds: parsed, limit, offset })
    }
}

/// The cursor of the page after the first `offset` hits.
pub fn cursor_after(offset: usize) -> String {
    encode_cursor(&Cursor { offset })
}

/// Why a hit matched: the field, what in it, and how the word was found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Matched {
    pub field: &'static str,
    pub via: String,
    pub how: MatchKind,
}

/// One entry a search found.
#[derive(Clone, Debug, PartialEq)]
pub struct SearchHit {
    pub kind: SnapshotKind,
    pub slug: String,
    pub name: String,
    /// The locale it is served in.
    pub locale: String,
    pub score: f64,
    pub snippet: Snippet,
    pub matched: Vec<Matched>,
}

/// One page of hits.
#[derive(Clone, Debug, PartialEq)]
pub struct SearchPage {
    pub hits: Vec<SearchHit>,
    /// The cursor of the next page, when there is one.
    pub next_cursor: Option<String>,
    /// The locale searched.
    pub locale: String,
}

/// Searches `workspace`'s published entries in `locale` (the default locale's index when it
/// offers no such locale); `treatments` limits the treatments found to these slugs (a clinic
/// in scope), leaving conditions alone.
pub async fn search(
    indexes: &SearchIndexes,
    db: &impl sea_orm::ConnectionTrait,
    workspace: &Workspace,
    locale: &str,
    query: &SearchQuery,
    treatments: Option<&HashSet<String>>,
) -> Result<SearchPage> {
    let index = indexes.get(db, workspace).await?;
    let Some((searched, locale_index)) = index.locale(locale) else {
        return Ok(SearchPage { hits: Vec::new(), next_cursor: None, locale: locale.to_owned() });
    };
    let words = locale_index.query_words(&query.text, &Language::of_locale(searched));
    let filter = Filter { kinds: &query.kinds, treatments };
    let results = locale_index.search(&words, &filter, query.offset, query.limit);
    let next_cursor = results.more.then(|| cursor_after(query.offset + results.hits.len()));
    let hits = results.hits.iter().map(|found| hit(locale_index, found, &results.marks)).collect();
    Ok(SearchPage { hits, next_cursor, locale: searched.to_owned() })
}

/// The slugs of every `kind` entry matching `text` in `locale`, for the `q` filter of the
/// delivery lists; `None` when `text` holds no word to look for (the filter is then ignored).
pub async fn matching_slugs(
    indexes: &SearchIndexes,
    db: &impl sea_orm::ConnectionTrait,
    workspace: &Workspace,
    locale: &str,
    kind: SnapshotKind,
    text: &str,
) -> Result<Option<Vec<String>>> {
    let index = indexes.get(db, workspace).await?;
    let Some((searched, locale_index)) = index.locale(locale) else { return Ok(Some(Vec::new())) };
    let words = locale_index.query_words(text, &Language::of_locale(searched));
    if words.is_empty() {
        return Ok(None);
    }
    let filter = Filter { kinds: &[kind], treatments: None };
    let found = locale_index.matching(&words, &filter);
    Ok(Some(found.into_iter().map(|document| document.slug.clone()).collect()))
}

fn hit(index: &LocaleIndex, found: &Found<'_>, marks: &Marks) -> SearchHit {
    let document = found.document;
    let mut matched: Vec<Matched> = Vec::new();
    for &(at, how) in &found.passages {
        let passage = &document.passages[usize::from(at)];
        let explained = Matched { field: passage.field, via: passage.via.clone(), how };
        if !matched.contains(&explained) {
            matched.push(explained);
        }
    }
    let prose = found
        .passages
        .iter()
        .map(|&(at, _)| &document.passages[usize::from(at)])
        .find(|passage| passage.is_prose())
        .or_else(|| document.passages.iter().find(|passage| passage.field == "summary"));
    let locale = &document.locale;
    let snippet = prose.map_or_else(Snippet::default, |passage| {
        snippet::excerpt(&passage.text, |word| index.is_marked(marks, locale, word))
    });
    SearchHit {
        kind: document.kind,
        slug: document.slug.clone(),
        name: document.name.clone(),
        locale: document.locale.clone(),
        score: (f64::from(found.score) * 1000.0).round() / 1000.0,
        snippet,
        matched,
    }
}
