//! `GET /v1/clinics`, `/v1/clinics/{slug}` and `/v1/clinics/{slug}/treatments`, and the clinic
//! scope that clinic filters and clinic-limited keys put on treatment reads.

use actix_web::{HttpRequest, HttpResponse, web};
use sea_orm::{DatabaseConnection, EntityTrait};
use serde::Deserialize;
use serde_json::{Value, json};
use utoipa::IntoParams;

use super::http::{ReadParams, Rendered, requested_locale, respond, wants_preview};
use super::lists;
use super::treatments::{self, TreatmentListParams};
use crate::auth::extract::DeliveryKey;
use crate::content::publishing::documents::ClinicDocument;
use crate::delivery::snapshots::{self, ListFilter, Snapshot, SnapshotKind};
use crate::delivery::source::Source;
use crate::error::{Error, Problem, Result};
use crate::state::AppState;

/// A clinic whose offerings limit and enrich a treatment read.
#[derive(Clone, Debug)]
pub struct ClinicScope {
    pub slug: String,
    pub document: Value,
}

impl ClinicScope {
    /// Slugs of the treatments the clinic offers.
    pub fn treatment_slugs(&self) -> Vec<String> {
        offerings(&self.document)
            .filter_map(|offering| offering["treatment"].as_str().map(str::to_owned))
            .collect()
    }

    /// The clinic's offering of `treatment`, with the clinic named, if it offers it.
    pub fn offering(&self, treatment: &str) -> Option<Value> {
        let mut offering =
            offerings(&self.document).find(|offering| offering["treatment"] == treatment)?.clone();
        if let Some(fields) = offering.as_object_mut() {
            fields.remove("treatment");
        }
        offering["clinic"] = json!({"slug": self.slug, "name": self.document["name"]});
        Some(offering)
    }
}

fn offerings(clinic: &Value) -> impl Iterator<Item = &Value> {
    clinic["offerings"].as_array().into_iter().flatten()
}

fn clinic_not_found(slug: &str) -> Error {
    Error::NotFound(format!("clinic '{slug}' was not found"))
}

/// The clinic a treatment read is limited to: the key's own clinic, or the one the request
/// names. A clinic-limited key naming another clinic gets 404, as if it did not exist.
pub async fn clinic_scope(
    db: &DatabaseConnection,
    key: &DeliveryKey,
    requested: Option<&str>,
    locale: &str,
    preview: bool,
) -> Result<Option<ClinicScope>> {
    let snapshot = match (key.clinic_id, requested) {
        (None, None) => return Ok(None),
        (Some(clinic_id), requested) => {
            let own = find_by_id(db, key, clinic_id, locale, preview).await?;
            match (own, requested) {
                (Some(own), Some(slug)) if own.slug != slug => return Err(clinic_not_found(slug)),
                (Some(own), _) => own,
                (None, _) => return Err(clinic_not_found(requested.unwrap_or("of this key"))),
            }
        }
        (None, Some(slug)) => find_by_slug(db, key, slug, locale, preview)
            .await?
            .ok_or_else(|| clinic_not_found(slug))?,
    };
    Ok(Some(ClinicScope { slug: snapshot.slug, document: snapshot.document }))
}

async fn find_by_slug(
    db: &DatabaseConnection,
    key: &DeliveryKey,
    slug: &str,
    locale: &str,
    preview: bool,
) -> Result<Option<Snapshot>> {
    Source::of(preview).find(db, &key.workspace, SnapshotKind::Clinic, slug, locale).await
}

async fn find_by_id(
    db: &DatabaseConnection,
    key: &DeliveryKey,
    id: uuid::Uuid,
    locale: &str,
    preview: bool,
) -> Result<Option<Snapshot>> {
    let slug = if preview {
        entity::clinic::Entity::find_by_id(id).one(db).await?.map(|clinic| clinic.slug)
    } else {
        snapshots::slug_of(db, &key.workspace, SnapshotKind::Clinic, id).await?
    };
    match slug {
        Some(slug) => find_by_slug(db, key, &slug, locale, preview).await,
        None => Ok(None),
    }
}

/// Paging of the clinic list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ClinicListParams {
    #[param(example = "fr")]
    pub locale: Option<String>,
    pub limit: Option<u64>,
    pub cursor: Option<String>,
    pub preview: Option<bool>,
}

/// The published clinics (a clinic-limited key sees only its own).
#[utoipa::path(
    get, path = "/v1/clinics", tag = "delivery", security(("delivery_key" = [])),
    params(ClinicListParams),
    responses(
        (status = 200, description = "`{items, next_cursor, locale}`; each item a published clinic with its offerings", body = Object),
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
        let mut filter = ListFilter::default();
        if let Some(own) = clinic_scope(db, &key, None, &locale, preview).await? {
            filter.slugs = Some(vec![own.slug]);
        }
        let rows = Source::of(preview)
            .list(
                db,
                &key.workspace,
                SnapshotKind::Clinic,
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

/// One published clinic with its active offerings.
#[utoipa::path(
    get, path = "/v1/clinics/{slug}", tag = "delivery", security(("delivery_key" = [])),
    params(("slug" = String, Path, example = "scarborough"), ReadParams),
    responses(
        (status = 200, description = "The published clinic with its active offerings", body = ClinicDocument),
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
    respond(&state, &key, &request, cache_key, preview, || async {
        let clinic = clinic_scope(&state.db, &key, Some(&slug), &locale, preview).await?;
        let clinic = clinic.ok_or_else(|| clinic_not_found(&slug))?;
        let served = clinic.document["locale"].as_str().unwrap_or(&locale).to_owned();
        Ok(Rendered { body: clinic.document, locale: served })
    })
    .await
}

/// The treatments a clinic offers, each with its offering (price, duration, booking link).
#[utoipa::path(
    get, path = "/v1/clinics/{slug}/treatments", tag = "delivery", security(("delivery_key" = [])),
    params(("slug" = String, Path, example = "scarborough"), ClinicListParams),
    responses(
        (status = 200, description = "`{items, next_cursor, locale}` of published treatments with `offering`", body = Object),
        (status = 404, body = Problem, content_type = "application/problem+json"),
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
