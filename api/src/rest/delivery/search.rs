//! `GET /v1/search`: published treatments and conditions found by what patients type.

use actix_web::{HttpRequest, HttpResponse, web};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::{IntoParams, ToSchema};

use super::http::{Rendered, respond};
use crate::auth::extract::DeliveryKey;
use crate::delivery::read::Read;
use crate::delivery::reader::Reader;
use crate::delivery::snapshots::SnapshotKind;
use crate::delivery::surrogate_keys::SurrogateKeys;
use crate::error::{Problem, Result};
use crate::search::{self, MatchKind, SearchHit, SearchQuery};
use crate::state::AppState;

/// What to search for, where and how many.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SearchParams {
    /// The words, as a patient types them: synonyms, other names, French or English, accents
    /// or not, one typo, the last word unfinished.
    #[param(required = true, example = "dark spots")]
    pub q: Option<String>,
    /// Locale to search and serve; an entry without it is searched in the workspace default.
    #[param(example = "fr")]
    pub locale: Option<String>,
    /// Kinds to find, comma-separated: `treatment`, `condition` (default both).
    #[param(example = "treatment,condition")]
    pub kind: Option<String>,
    /// Only treatments this clinic (slug) offers; conditions are found whatever the clinic.
    #[param(example = "scarborough")]
    pub clinic: Option<String>,
    /// Page size, 1–100 (default 10).
    pub limit: Option<u64>,
    /// `next_cursor` of the previous page; empty or absent is the first page.
    pub cursor: Option<String>,
}

/// Why an entry was found.
#[derive(Serialize, ToSchema)]
pub struct SearchMatch {
    /// The field the words were found in: `name`, `also_known_as`, `synonyms`, `conditions`,
    /// `summary`, `faqs`, `body`…
    #[schema(example = "conditions")]
    pub field: String,
    /// What in the field matched.
    #[schema(example = "synonym 'dark spots' of Hyperpigmentation")]
    pub via: String,
    /// How the words were found: the same `word`, the same `stem`, a `prefix` of a longer
    /// word, or one `typo` away.
    #[schema(example = "word")]
    pub how: MatchKind,
}

/// The kinds of entries search finds.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum SearchKind {
    Treatment,
    Condition,
}

/// An entry search found; read it whole at `/v1/{kind}s/{slug}`.
#[derive(Serialize, ToSchema)]
pub struct SearchResult {
    pub kind: SearchKind,
    #[schema(example = "microneedling")]
    pub slug: String,
    #[schema(example = "Microneedling")]
    pub name: String,
    /// The locale it is served in (the one asked for, or the workspace default).
    #[schema(example = "en")]
    pub locale: String,
    /// Relevance: higher is better; only the order within one answer means anything.
    #[schema(example = 3.0)]
    pub score: f64,
    /// A short excerpt of the text that matched, as plain text.
    pub snippet: String,
    /// The same excerpt as HTML: the matched words in `<mark>`, everything else escaped.
    pub snippet_html: String,
    /// Why it was found, best match first.
    pub matched: Vec<SearchMatch>,
}

/// One page of search results, best first.
#[derive(Serialize, ToSchema)]
pub struct SearchResults {
    pub items: Vec<SearchResult>,
    /// The cursor of the next page; null on the last.
    pub next_cursor: Option<String>,
    /// The locale searched.
    #[schema(example = "en")]
    pub locale: String,
}

impl From<SearchHit> for SearchResult {
    fn from(hit: SearchHit) -> Self {
        let matched = hit
            .matched
            .into_iter()
            .map(|matched| SearchMatch {
                field: matched.field.to_owned(),
                via: matched.via,
                how: matched.how,
            })
            .collect();
        Self {
            kind: match hit.kind {
                SnapshotKind::Condition => SearchKind::Condition,
                _ => SearchKind::Treatment,
            },
            slug: hit.slug,
            name: hit.name,
            locale: hit.locale,
            score: hit.score,
            snippet: hit.snippet.text,
            snippet_html: hit.snippet.html,
            matched,
        }
    }
}

/// Search published treatments and conditions, best match first.
#[utoipa::path(
    get, operation_id = "searchDelivery", path = "/v1/search", tag = "delivery", security(("delivery_key" = [])),
    params(SearchParams),
    responses(
        (status = 200, description = "One page of what was found, best first", body = SearchResults),
        (status = 304, description = "Not modified since the ETag given in If-None-Match"),
        (status = 404, description = "Unknown clinic", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn search(
    state: web::Data<AppState>,
    key: DeliveryKey,
    request: HttpRequest,
    params: web::Query<SearchParams>,
) -> Result<HttpResponse> {
    let read = Read::check(&key, params.locale.as_deref(), None)?;
    let kinds = search::kinds(params.kind.as_deref());
    let query =
        SearchQuery::parse(params.q.as_deref(), &kinds, params.limit, params.cursor.as_deref())?;
    let cache_key = format!("{}?{}", request.path(), request.query_string());
    respond(&state, &key, &request, cache_key, false, || async {
        let reader = Reader::unbatched(&state.db, &state.delivery.search, &key);
        let (page, clinic) = reader.search(&read, &query, params.clinic.as_deref()).await?;
        let mut keys = SurrogateKeys::new(&key.workspace.slug);
        for hit in &page.hits {
            keys.add(hit.kind, &hit.slug);
        }
        if let Some(clinic) = &clinic {
            keys.add(SnapshotKind::Clinic, clinic.slug());
        }
        let items: Vec<SearchResult> = page.hits.into_iter().map(SearchResult::from).collect();
        let body = json!({"items": items, "next_cursor": page.next_cursor, "locale": page.locale});
        Ok(Rendered::shared(body, page.locale, keys))
    })
    .await
}

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/v1/search").route(web::get().to(search)));
}
