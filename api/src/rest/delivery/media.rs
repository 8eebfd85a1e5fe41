//! `GET /v1/media/{id}/{hash}`: the images of published treatments, for `<img>` and
//! `srcset`. No key is asked for, since an image tag cannot send one: the content hash in the
//! path is the capability. An asset no published entry shows, a hash that is not the asset's,
//! and a patient photo whose consent has ended or does not cover the website all answer the
//! same `404`.

use actix_web::{HttpRequest, HttpResponse, web};
use uuid::Uuid;

use crate::content::media::{self, Channel, MediaKind};
use crate::error::{Error, Result};
use crate::media::library::source_of_record;
use crate::request::image::{self as image_answer, VariantQuery};
use crate::state::AppState;

/// Variants never change at their URL: a new file has a new hash.
const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// A patient photo must come down when its consent ends, so caches keep it an hour at most
/// and ask again after.
const PATIENT_PHOTO: &str = "public, max-age=3600, must-revalidate";

/// An image of a published treatment, at a width from the fixed list, as WebP, JPEG or PNG.
#[utoipa::path(
    get,
    operation_id = "getDeliveryMedia",
    path = "/v1/media/{id}/{hash}",
    tag = "delivery",
    params(
        ("id" = Uuid, Path, description = "The asset's id"),
        ("hash" = String, Path, description = "The asset's content hash, as the published `url` has it"),
        VariantQuery,
    ),
    responses(
        (status = 200, description = "The image, without metadata; cached for a year",
            content(
                (Vec<u8> = "image/webp"),
                (Vec<u8> = "image/jpeg"),
                (Vec<u8> = "image/png"),
            ),
            headers(("ETag" = String, description = "The rendering's tag"),
                    ("Cache-Control" = String, description = "`public, max-age=31536000, immutable`; \
                        for a patient photo `public, max-age=3600, must-revalidate`"))),
        (status = 304, description = "The `If-None-Match` tag is current"),
        (status = 404, description = "No published image here", body = crate::error::Problem,
            content_type = "application/problem+json"),
    )
)]
pub async fn get(
    state: web::Data<AppState>,
    request: HttpRequest,
    path: web::Path<(Uuid, String)>,
    query: web::Query<VariantQuery>,
) -> Result<HttpResponse> {
    let (id, hash) = path.into_inner();
    let found = media::find_published(&state.db, id, &hash).await?;
    let today = crate::content::values::now().date_naive();
    let shown = found.filter(|(_, asset)| {
        media::refusal(asset.kind, asset.consent.as_ref(), Channel::Website, today).is_none()
    });
    let Some((workspace, asset)) = shown else {
        return Err(Error::NotFound("no published image has this address".to_owned()));
    };
    let source = source_of_record(workspace, &asset);
    let cache = if asset.kind == MediaKind::PatientPhoto { PATIENT_PHOTO } else { IMMUTABLE };
    image_answer::image(&state, &request, &source, &query, cache).await
}

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/v1/media/{id}/{hash}").route(web::get().to(get)));
}
