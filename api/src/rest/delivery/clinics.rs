//! `GET /v1/clinics`, `/v1/clinics/{slug}` and `/v1/clinics/{slug}/treatments` (a clinic's
//! treatments are the treatment list with the clinic filter).

use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;
use serde_json::json;
use utoipa::IntoParams;

use super::http::{ReadParams, Rendered, respond};
use super::lists;
use super::responses::{DeliveryClinicList, DeliveryTreatmentList};
use super::treatments::{self, TreatmentListParams};
use crate::auth::extract::DeliveryKey;
use crate::content::publishing::documents::ClinicDocument;
use crate::delivery::read::Read;
use crate::delivery::reader::Reader;
use crate::delivery::snapshots::SnapshotKind;
use crate::delivery::surrogate_keys::SurrogateKeys;
use crate::error::{Error, Result};
use crate::state::AppState;

/// Paging of the clinic list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ClinicListParams {
    /// Locale to serve; falls back to the workspace default where a translation is missing.
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

/// The published clinics (a clinic-limited key sees only its own).
#[utoipa::path(
    get, operation_id = "listDeliveryClinics", path = "/v1/clinics", tag = "delivery", security(("delivery_key" = [])),
    params(ClinicListParams),
    responses(
        (status = 200, description = "One page of published clinics, each with its active offerings", body = DeliveryClinicList),
        (status = 304, description = "Not modified"),
    )
)]
pub async fn list(
    state: web::Data<AppState>,
    key: DeliveryKey,
    request: HttpRequest,
    params: web::Query<ClinicListParams>,
) -> Result<HttpResponse> {
    let read = Read::check(&key, params.locale.as_deref(), params.preview)?;
    let (limit, after) = lists::page(params.limit, params.cursor.as_deref())?;
    let cache_key = format!("{}?{}", request.path(), request.query_string());
    respond(&state, &key, &request, cache_key, read.preview, || async {
        let reader = Reader::unbatched(&state.db, &state.delivery.search, &key);
        let rows = reader.clinics(&read, after.as_deref(), limit).await?;
        let mut body = lists::body(rows, limit, |row| row.document);
        body["locale"] = json!(read.locale);
        let keys = SurrogateKeys::of_list(&key.workspace.slug, SnapshotKind::Clinic, &body);
        Ok(Rendered::shared(body, read.locale.clone(), keys))
    })
    .await
}

/// One published clinic with its active offerings.
#[utoipa::path(
    get, operation_id = "getDeliveryClinic", path = "/v1/clinics/{slug}", tag = "delivery", security(("delivery_key" = [])),
    params(("slug" = String, Path, example = "scarborough"), ReadParams),
    responses(
        (status = 200, description = "The published clinic with its active offerings", body = ClinicDocument),
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
        // A clinic-limited key naming another clinic gets 404, as if it did not exist.
        let clinic =
            Reader::unbatched(&state.db, &state.delivery.search, &key).clinic(&slug, &read).await?;
        let not_found = || Error::NotFound(format!("clinic '{slug}' was not found"));
        let clinic = clinic.ok_or_else(not_found)?.into_snapshot();
        let served = clinic.document["locale"].as_str().unwrap_or(&read.locale).to_owned();
        let (workspace, kind) = (&key.workspace.slug, SnapshotKind::Clinic);
        let keys = SurrogateKeys::of_document(workspace, kind, &clinic.document);
        Ok(Rendered::shared(clinic.document, served, keys))
    })
    .await
}

/// The treatments a clinic offers, each with its offering (price, duration, booking link).
#[utoipa::path(
    get, operation_id = "listDeliveryClinicTreatments", path = "/v1/clinics/{slug}/treatments", tag = "delivery", security(("delivery_key" = [])),
    params(("slug" = String, Path, example = "scarborough"), ClinicListParams),
    responses(
        (status = 200, description = "One page of the published treatments the clinic offers, each with its `offering`", body = DeliveryTreatmentList),
        (status = 304, description = "Not modified"),
    )
)]
pub async fn treatments(
    state: web::Data<AppState>,
    key: DeliveryKey,
    request: HttpRequest,
    slug: web::Path<String>,
    params: web::Query<ClinicListParams>,
) -> Result<HttpResponse> {
    let params = params.into_inner();
    let list = TreatmentListParams {
        condition: None,
        clinic: Some(slug.into_inner()),
        q: None,
        locale: params.locale,
        limit: params.limit,
        cursor: params.cursor,
        preview: params.preview,
    };
    treatments::list(state, key, request, web::Query(list)).await
}

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/v1/clinics").route(web::get().to(list)))
        .service(web::resource("/v1/clinics/{slug}").route(web::get().to(get)))
        .service(web::resource("/v1/clinics/{slug}/treatments").route(web::get().to(treatments)));
}
