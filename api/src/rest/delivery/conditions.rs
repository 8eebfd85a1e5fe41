//! `GET /v1/conditions` and `/v1/conditions/{slug}` (a condition lists its treatments).

use actix_web::{HttpRequest, HttpResponse, web};
use serde_json::{Value, json};

use super::clinics::{ClinicListParams, ClinicScope, clinic_scope};
use super::http::{ReadParams, Rendered, requested_locale, respond, wants_preview};
use super::lists;
use crate::auth::extract::DeliveryKey;
use crate::content::publishing::documents::ConditionDocument;
use crate::delivery::snapshots::{ListFilter, SnapshotKind};
use crate::delivery::source::Source;
use crate::error::{Error, Problem, Result};
use crate::state::AppState;

/// The published conditions.
#[utoipa::path(
    get, path = "/v1/conditions", tag = "delivery", security(("delivery_key" = [])),
    params(ClinicListParams),
    responses(
        (status = 200, description = "`{items, next_cursor, locale}`; each item a published condition", body = Object),
        (status = 304, description = "Not modified"),
        (status = 401, body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn list(
    state: web::Data<AppState>,
    key: DeliveryKey,
    request: HttpRequest,
    params: web::Query<ClinicListParams>,
) -> Result<HttpResponse> {
    let locale = requested_locale(&key, params.locale.as_deref())?;
    let read = ReadParams { locale: None, preview: params.preview };
    let preview = wants_preview(&key, &read)?;
    let (limit, after) = lists::page(params.limit, params.cursor.as_deref())?;
    let cache_key = format!("{}?{}", request.path(), request.query_string());
    let db = &state.db;
    respond(&state, &key, &request, cache_key, preview, || async {
        let filter = ListFilter::default();
        let rows = Source::of(preview)
            .list(
                db,
                &key.workspace,
                SnapshotKind::Condition,
                &locale,
                &filter,
                after.as_deref(),
                limit,
            )
            .await?;
        let mut body = lists::body(rows, limit, |row| row.document);
        body["locale"] = json!(locale);
        Ok(Rendered { body, locale })
    })
    .await
}

/// At most this many treatments are listed under a condition (all of them, in practice).
const MAX_LISTED: u64 = 10_000;

/// One published condition, with the published treatments for it.
#[utoipa::path(
    get, path = "/v1/conditions/{slug}", tag = "delivery", security(("delivery_key" = [])),
    params(("slug" = String, Path, example = "hyperpigmentation"), ReadParams),
    responses(
        (status = 200, description = "The published condition, plus `treatments: [{slug, name, summary, sessions, notes}]`", body = ConditionDocument),
        (status = 304, description = "Not modified"),
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
    let db = &state.db;
    respond(&state, &key, &request, cache_key, preview, || async {
        let found = Source::of(preview)
            .find(db, &key.workspace, SnapshotKind::Condition, &slug, &locale)
            .await?;
        let condition =
            found.ok_or_else(|| Error::NotFound(format!("condition '{slug}' was not found")))?;
        // A clinic's key sees only the treatments its clinic offers, here as everywhere.
        let clinic = clinic_scope(db, &key, None, &locale, preview).await?;
        let filter = ListFilter {
            condition: Some(slug.to_string()),
            slugs: clinic.as_ref().map(ClinicScope::treatment_slugs),
            text: None,
        };
        let mut treatments = Source::of(preview)
            .list(db, &key.workspace, SnapshotKind::Treatment, &locale, &filter, None, MAX_LISTED)
            .await?;
        treatments.truncate(MAX_LISTED as usize);
        let mut body = condition.document;
        body["treatments"] = Value::Array(
            treatments.iter().map(|treatment| treatment_for(&treatment.document, &slug)).collect(),
        );
        Ok(Rendered { body, locale: condition.locale })
    })
    .await
}

/// A treatment as listed under a condition: what it is and how many sessions this condition takes.
fn treatment_for(treatment: &Value, condition: &str) -> Value {
    let link = treatment["conditions"]
        .as_array()
        .and_then(|links| links.iter().find(|link| link["slug"] == condition));
    json!({
        "slug": treatment["slug"],
        "name": treatment["name"],
        "summary": treatment["summary"],
        "sessions": link.map(|link| &link["sessions"]).filter(|s| !s.is_null()).unwrap_or(&treatment["sessions"]),
        "notes": link.map(|link| link["notes"].clone()).unwrap_or(Value::Null),
    })
}

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/v1/conditions").route(web::get().to(list)))
        .service(web::resource("/v1/conditions/{slug}").route(web::get().to(get)));
}
