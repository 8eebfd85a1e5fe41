//! `GET /v1/treatments`, `/v1/treatments/{slug}` and `/v1/treatments/{slug}/jsonld`.

use std::sync::Arc;

use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;
use serde_json::json;
use utoipa::IntoParams;

use super::http::{ReadParams, Rendered, respond, respond_as};

/// The media type of JSON-LD.
const JSON_LD: &str = "application/ld+json";
use super::lists;
use super::responses::{DeliveryTreatment, DeliveryTreatmentList, TreatmentJsonLd};
use crate::auth::extract::DeliveryKey;
use crate::delivery::clinic_scope::with_offering;
use crate::delivery::jsonld;
use crate::delivery::read::Read;
use crate::delivery::reader::{Reader, TreatmentQuery, VisibleTreatment};
use crate::delivery::snapshots::SnapshotKind;
use crate::delivery::surrogate_keys::SurrogateKeys;
use crate::error::{Error, Problem, Result};
use crate::state::AppState;

/// Filters and paging of the treatment list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TreatmentListParams {
    /// Only treatments for this condition (slug).
    #[param(example = "hyperpigmentation")]
    pub condition: Option<String>,
    /// Only treatments this clinic offers (slug), each with the clinic's offering merged in.
    #[param(example = "scarborough")]
    pub clinic: Option<String>,
    /// Text to find in names, other names and summaries.
    #[param(example = "collagen")]
    pub q: Option<String>,
    #[param(example = "fr")]
    pub locale: Option<String>,
    /// Page size, 1–100 (default 20).
    pub limit: Option<u64>,
    /// `next_cursor` of the previous page: only a cursor this list returned is accepted;
    /// empty or absent is the first page.
    pub cursor: Option<String>,
    /// With a preview key: list the current drafts.
    pub preview: Option<bool>,
}

/// The published treatments, filtered and paginated by slug.
#[utoipa::path(
    get, operation_id = "listDeliveryTreatments", path = "/v1/treatments", tag = "delivery", security(("delivery_key" = [])),
    params(TreatmentListParams),
    responses(
        (status = 200, description = "One page of published treatments", body = DeliveryTreatmentList),
        (status = 304, description = "Not modified since the ETag given in If-None-Match"),
        (status = 404, description = "Unknown clinic", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn list(
    state: web::Data<AppState>,
    key: DeliveryKey,
    request: HttpRequest,
    params: web::Query<TreatmentListParams>,
) -> Result<HttpResponse> {
    let read = Read::check(&key, params.locale.as_deref(), params.preview)?;
    let (limit, after) = lists::page(params.limit, params.cursor.as_deref())?;
    let cache_key = format!("{}?{}", request.path(), request.query_string());
    respond(&state, &key, &request, cache_key, read.preview, || async {
        let query = TreatmentQuery {
            condition: params.condition.clone(),
            clinic: params.clinic.clone(),
            text: params.q.clone(),
        };
        let reader = Reader::unbatched(&state.db, &state.delivery.search, &key);
        let page = reader.treatments(&read, &query, after.as_deref(), limit).await?;
        let clinic = page.clinic.as_ref();
        let mut body = lists::body(page.rows, limit, |row| with_offering(row, clinic));
        body["locale"] = json!(read.locale);
        let mut keys = SurrogateKeys::of_list(&key.workspace.slug, SnapshotKind::Treatment, &body);
        // The clinic's offerings decide which treatments are listed, even when none is.
        if let Some(clinic) = clinic {
            keys.add(SnapshotKind::Clinic, clinic.slug());
        }
        Ok(Rendered::shared(body, read.locale.clone(), keys))
    })
    .await
}

/// One published treatment, with its conditions, FAQs, aftercare and medical review.
#[utoipa::path(
    get, operation_id = "getDeliveryTreatment", path = "/v1/treatments/{slug}", tag = "delivery", security(("delivery_key" = [])),
    params(("slug" = String, Path, example = "microneedling"), ReadParams),
    responses(
        (status = 200, description = "The published treatment in the locale served (see `locale` and Content-Language); with `offering` when a clinic is in scope", body = DeliveryTreatment),
        (status = 304, description = "Not modified"),
    )
)]
pub async fn get(
    state: web::Data<AppState>,
    key: DeliveryKey,
    request: HttpRequest,
    slug: web::Path<String>,
    params: web::Query<ReadParams>,
) -> Result<HttpResponse> {
    let read = Read::check(&key, params.locale.as_deref(), params.preview)?;
    let cache_key = format!("{}?locale={}", request.path(), read.locale);
    respond(&state, &key, &request, cache_key, read.preview, || async {
        let found = find(&state, &key, &slug, &read).await?;
        let row = Arc::unwrap_or_clone(found.snapshot);
        let locale = row.locale.clone();
        let body = with_offering(row, found.clinic.as_ref());
        let keys = SurrogateKeys::of_document(&key.workspace.slug, SnapshotKind::Treatment, &body);
        Ok(Rendered::shared(body, locale, keys))
    })
    .await
}

/// `?url=`, `?locale=` and `?preview=` of the JSON-LD.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct JsonLdParams {
    /// The absolute http(s) URL of the site's page for the treatment; every `@id` derives from it.
    #[param(example = "https://clinic.example/treatments/microneedling")]
    pub url: String,
    /// Locale to serve; falls back to the workspace default where a translation is missing.
    #[param(example = "fr")]
    pub locale: Option<String>,
    /// With a preview key: serve the current drafts instead of what is published.
    pub preview: Option<bool>,
}

/// schema.org JSON-LD for the treatment page at `url`: a `MedicalWebPage` about a
/// `MedicalTherapy`, and a `FAQPage`, ready for a `<script type="application/ld+json">` tag.
#[utoipa::path(
    get, operation_id = "getDeliveryTreatmentJsonLd", path = "/v1/treatments/{slug}/jsonld", tag = "delivery", security(("delivery_key" = [])),
    params(("slug" = String, Path, example = "microneedling"), JsonLdParams),
    responses(
        (status = 200, description = "A JSON-LD document with an @graph of MedicalWebPage and FAQPage, each node with an absolute @id under `url`", body = TreatmentJsonLd, content_type = "application/ld+json"),
        (status = 304, description = "Not modified"),
        (status = 422, description = "`url` is not an absolute http(s) URL", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn get_jsonld(
    state: web::Data<AppState>,
    key: DeliveryKey,
    request: HttpRequest,
    slug: web::Path<String>,
    params: web::Query<JsonLdParams>,
) -> Result<HttpResponse> {
    let read = Read::check(&key, params.locale.as_deref(), params.preview)?;
    let url = jsonld::PageUrl::parse(&params.url)?;
    // The URL is part of the document, so each URL is cached apart.
    // Never the request's own Host or X-Forwarded-Host: a client could name any host and
    // have it cached for every other.
    let origin = state.settings.public_url.clone().unwrap_or_default();
    let cache_key = format!("{}?locale={}&url={}", request.path(), read.locale, url.as_str());
    respond_as(&state, &key, &request, cache_key, read.preview, JSON_LD, || async {
        let row = find(&state, &key, &slug, &read).await?.snapshot;
        let mut body = jsonld::treatment_page(&row.document, &url);
        jsonld::with_images(&mut body, &row.document, &origin);
        let (workspace, kind) = (&key.workspace.slug, SnapshotKind::Treatment);
        let keys = SurrogateKeys::of_document(workspace, kind, &row.document);
        Ok(Rendered::shared(body, row.locale.clone(), keys))
    })
    .await
}

/// Treatment `slug` as the key may see it (a clinic's key, only what its clinic offers).
async fn find(
    state: &AppState,
    key: &DeliveryKey,
    slug: &str,
    read: &Read,
) -> Result<VisibleTreatment> {
    let found =
        Reader::unbatched(&state.db, &state.delivery.search, key).treatment(slug, read).await?;
    found.ok_or_else(|| Error::NotFound(format!("treatment '{slug}' was not found")))
}

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/v1/treatments").route(web::get().to(list)))
        .service(web::resource("/v1/treatments/{slug}").route(web::get().to(get)))
        .service(web::resource("/v1/treatments/{slug}/jsonld").route(web::get().to(get_jsonld)));
}
