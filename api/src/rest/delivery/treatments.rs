//! `GET /v1/treatments`, `/v1/treatments/{slug}` and `/v1/treatments/{slug}/jsonld`.

use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;
use serde_json::{Value, json};
use utoipa::IntoParams;

use super::clinics::{ClinicScope, clinic_scope};
use super::http::{ReadParams, Rendered, requested_locale, respond, wants_preview};
use super::lists;
use crate::auth::extract::DeliveryKey;
use crate::content::publishing::documents::TreatmentDocument;
use crate::delivery::jsonld;
use crate::delivery::snapshots::{ListFilter, Snapshot, SnapshotKind};
use crate::delivery::source::Source;
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
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
    /// With a preview key: list the current drafts.
    pub preview: Option<bool>,
}

/// The published treatments, filtered and paginated by slug.
#[utoipa::path(
    get, path = "/v1/treatments", tag = "delivery", security(("delivery_key" = [])),
    params(TreatmentListParams),
    responses(
        (status = 200, description = "`{items, next_cursor, locale}`; each item a published treatment", body = Object),
        (status = 304, description = "Not modified since the ETag given in If-None-Match"),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Unknown clinic", body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn list(
    state: web::Data<AppState>,
    key: DeliveryKey,
    request: HttpRequest,
    params: web::Query<TreatmentListParams>,
) -> Result<HttpResponse> {
    let locale = requested_locale(&key, params.locale.as_deref())?;
    let read = ReadParams { locale: None, preview: params.preview };
    let preview = wants_preview(&key, &read)?;
    let (limit, after) = lists::page(params.limit, params.cursor.as_deref())?;
    let cache_key = format!("{}?{}", request.path(), request.query_string());
    let db = &state.db;
    respond(&state, &key, &request, cache_key, preview, || async {
        let clinic = clinic_scope(db, &key, params.clinic.as_deref(), &locale, preview).await?;
        let filter = ListFilter {
            condition: params.condition.clone(),
            slugs: clinic.as_ref().map(ClinicScope::treatment_slugs),
            text: params.q.clone(),
        };
        let rows = Source::of(preview)
            .list(
                db,
                &key.workspace,
                SnapshotKind::Treatment,
                &locale,
                &filter,
                after.as_deref(),
                limit,
            )
            .await?;
        let mut body = lists::body(rows, limit, |row| with_offering(row, clinic.as_ref()));
        body["locale"] = json!(locale);
        Ok(Rendered { body, locale })
    })
    .await
}

/// One published treatment, with its conditions, FAQs, aftercare and medical review.
#[utoipa::path(
    get, path = "/v1/treatments/{slug}", tag = "delivery", security(("delivery_key" = [])),
    params(("slug" = String, Path, example = "microneedling"), ReadParams),
    responses(
        (status = 200, description = "The published treatment in the locale served (see `locale` and Content-Language); with `offering` when a clinic is in scope", body = TreatmentDocument),
        (status = 304, description = "Not modified"),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn get(
    state: web::Data<AppState>,
    key: DeliveryKey,
    request: HttpRequest,
    slug: web::Path<String>,
    params: web::Query<ReadParams>,
) -> Result<HttpResponse> {
    let locale = requested_locale(&key, params.locale.as_deref())?;
    let preview = wants_preview(&key, &params)?;
    let cache_key = format!("{}?locale={locale}", request.path());
    respond(&state, &key, &request, cache_key, preview, || async {
        let (row, clinic) = find(&state, &key, &slug, &locale, preview).await?;
        let locale = row.locale.clone();
        Ok(Rendered { body: with_offering(row, clinic.as_ref()), locale })
    })
    .await
}

/// schema.org JSON-LD for the treatment page: a `MedicalWebPage` about a `MedicalProcedure`,
/// and a `FAQPage`, ready for a `<script type="application/ld+json">` tag.
#[utoipa::path(
    get, path = "/v1/treatments/{slug}/jsonld", tag = "delivery", security(("delivery_key" = [])),
    params(("slug" = String, Path, example = "microneedling"), ReadParams),
    responses(
        (status = 200, description = "A JSON-LD document with an @graph of MedicalWebPage and FAQPage", body = Object),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn get_jsonld(
    state: web::Data<AppState>,
    key: DeliveryKey,
    request: HttpRequest,
    slug: web::Path<String>,
    params: web::Query<ReadParams>,
) -> Result<HttpResponse> {
    let locale = requested_locale(&key, params.locale.as_deref())?;
    let preview = wants_preview(&key, &params)?;
    let cache_key = format!("{}?locale={locale}", request.path());
    respond(&state, &key, &request, cache_key, preview, || async {
        let (row, _) = find(&state, &key, &slug, &locale, preview).await?;
        Ok(Rendered { body: jsonld::treatment_page(&row.document), locale: row.locale })
    })
    .await
}

async fn find(
    state: &AppState,
    key: &DeliveryKey,
    slug: &str,
    locale: &str,
    preview: bool,
) -> Result<(Snapshot, Option<ClinicScope>)> {
    let db = &state.db;
    let row =
        Source::of(preview).find(db, &key.workspace, SnapshotKind::Treatment, slug, locale).await?;
    let not_found = || Error::NotFound(format!("treatment '{slug}' was not found"));
    let row = row.ok_or_else(not_found)?;
    // A clinic's key sees only the treatments its clinic offers.
    let clinic = clinic_scope(db, key, None, locale, preview).await?;
    if clinic.as_ref().is_some_and(|clinic| clinic.offering(slug).is_none()) {
        return Err(not_found());
    }
    Ok((row, clinic))
}

/// The treatment document, with the clinic's offering of it when a clinic is in scope.
fn with_offering(row: Snapshot, clinic: Option<&ClinicScope>) -> Value {
    let mut document = row.document;
    if let Some(offering) = clinic.and_then(|clinic| clinic.offering(&row.slug)) {
        document["offering"] = offering;
    }
    document
}

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/v1/treatments").route(web::get().to(list)))
        .service(web::resource("/v1/treatments/{slug}").route(web::get().to(get)))
        .service(web::resource("/v1/treatments/{slug}/jsonld").route(web::get().to(get_jsonld)));
}
