//! `GET /v1/conditions` and `/v1/conditions/{slug}` (a condition lists its treatments).

use std::sync::Arc;

use actix_web::{HttpRequest, HttpResponse, web};
use serde_json::{Value, json};

use super::clinics::ClinicListParams;
use super::http::{ReadParams, Rendered, respond};
use super::lists;
use super::responses::{ConditionTreatment, DeliveryCondition, DeliveryConditionList};
use crate::auth::extract::DeliveryKey;
use crate::content::values::Range;
use crate::delivery::read::Read;
use crate::delivery::reader::{Reader, TreatmentQuery};
use crate::delivery::snapshots::{ListFilter, SnapshotKind};
use crate::delivery::surrogate_keys::SurrogateKeys;
use crate::error::{Error, Result};
use crate::state::AppState;

/// The published conditions.
#[utoipa::path(
    get, operation_id = "listDeliveryConditions", path = "/v1/conditions", tag = "delivery", security(("delivery_key" = [])),
    params(ClinicListParams),
    responses(
        (status = 200, description = "One page of published conditions", body = DeliveryConditionList),
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
        let (kind, filter) = (SnapshotKind::Condition, ListFilter::default());
        let reader = Reader::unbatched(&state.db, &state.delivery.search, &key);
        let rows = reader.list(kind, &read, &filter, after.as_deref(), limit).await?;
        let mut body = lists::body(rows, limit, |row| row.document);
        body["locale"] = json!(read.locale);
        let keys = SurrogateKeys::of_list(&key.workspace.slug, kind, &body);
        Ok(Rendered::shared(body, read.locale.clone(), keys))
    })
    .await
}

/// At most this many treatments are listed under a condition (all of them, in practice).
const MAX_LISTED: u64 = 10_000;

/// One published condition, with the published treatments for it.
#[utoipa::path(
    get, operation_id = "getDeliveryCondition", path = "/v1/conditions/{slug}", tag = "delivery", security(("delivery_key" = [])),
    params(("slug" = String, Path, example = "hyperpigmentation"), ReadParams),
    responses(
        (status = 200, description = "The published condition with the published treatments for it", body = DeliveryCondition),
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
        let reader = Reader::unbatched(&state.db, &state.delivery.search, &key);
        let found = reader.find(SnapshotKind::Condition, &slug, &read).await?;
        let condition =
            found.ok_or_else(|| Error::NotFound(format!("condition '{slug}' was not found")))?;
        // A clinic's key sees only the treatments its clinic offers, here as everywhere.
        let query = TreatmentQuery { condition: Some(slug.to_string()), ..Default::default() };
        let mut treatments = reader.treatments(&read, &query, None, MAX_LISTED).await?.rows;
        treatments.truncate(MAX_LISTED as usize);
        let condition = Arc::unwrap_or_clone(condition);
        let mut body = condition.document;
        let listed: Vec<ConditionTreatment> =
            treatments.iter().map(|treatment| treatment_for(&treatment.document, &slug)).collect();
        body["treatments"] =
            serde_json::to_value(listed).map_err(|error| Error::Internal(error.to_string()))?;
        let keys = SurrogateKeys::of_document(&key.workspace.slug, SnapshotKind::Condition, &body);
        Ok(Rendered::shared(body, condition.locale, keys))
    })
    .await
}

/// A treatment as listed under a condition: what it is and how many sessions this condition takes.
fn treatment_for(treatment: &Value, condition: &str) -> ConditionTreatment {
    let link = treatment["conditions"]
        .as_array()
        .and_then(|links| links.iter().find(|link| link["slug"] == condition));
    let text = |value: &Value| value.as_str().unwrap_or_default().to_owned();
    let range = |value: &Value| serde_json::from_value::<Range>(value.clone()).ok();
    ConditionTreatment {
        slug: text(&treatment["slug"]),
        name: text(&treatment["name"]),
        summary: text(&treatment["summary"]),
        sessions: link
            .and_then(|link| range(&link["sessions"]))
            .or_else(|| range(&treatment["sessions"])),
        notes: link.and_then(|link| link["notes"].as_str()).map(str::to_owned),
    }
}

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/v1/conditions").route(web::get().to(list)))
        .service(web::resource("/v1/conditions/{slug}").route(web::get().to(get)));
}
