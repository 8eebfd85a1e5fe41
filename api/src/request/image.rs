//! Answering a request for an image, for every face that serves one (the admin API, delivery,
//! the web admin): the width from the fixed list (`?w=`), the format asked
//! for (`?format=`) or negotiated from `Accept`, an `ETag` and `304`, and the bytes.

use actix_web::http::{StatusCode, header};
use actix_web::{HttpRequest, HttpResponse};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::error::{Error, FieldError, Result};
use crate::media::{Format, Source};
use crate::request::answer::matches_etag;
use crate::state::AppState;

/// Which rendering of an image to send.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct VariantQuery {
    /// The width in pixels: 320, 640, 960, 1280, 1920 or 2560 when narrower than the image,
    /// or the image's own width (the default). Other widths are `422`.
    #[param(value_type = Option<u32>, minimum = 1, example = 640)]
    pub w: Option<String>,
    /// `webp`, `jpeg` or `png` (PNG only for an image uploaded as PNG); when absent, WebP if
    /// `Accept` names `image/webp`, else the format the image was uploaded in (JPEG for a
    /// WebP upload).
    #[param(value_type = Option<Format>, example = "webp")]
    pub format: Option<String>,
}

/// `source` as `query` asks, with `cache_control`.
pub async fn image(
    state: &AppState,
    request: &HttpRequest,
    source: &Source,
    query: &VariantQuery,
    cache_control: &str,
) -> Result<HttpResponse> {
    let width = width(source, query.w.as_deref())?;
    let (format, negotiated) = match query.format.as_deref() {
        Some(name) => (asked(name, source.format)?, false),
        None => (negotiate(request, source.format), true),
    };
    let hash = source.hash.get(..32).unwrap_or(&source.hash);
    let etag = format!("\"{hash}-{width}-{}\"", format.name());
    let mut answer = HttpResponse::build(StatusCode::OK);
    answer
        .insert_header((header::ETAG, etag.as_str()))
        .insert_header((header::CACHE_CONTROL, cache_control))
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"));
    if negotiated {
        answer.insert_header((header::VARY, "Accept"));
    }
    if matches_etag(request, &etag) {
        return Ok(answer.status(StatusCode::NOT_MODIFIED).finish());
    }
    let bytes = state.media.get(source, width, format).await?;
    Ok(answer.content_type(format.media_type()).body(bytes))
}

fn width(source: &Source, raw: Option<&str>) -> Result<u32> {
    let Some(raw) = raw.map(str::trim).filter(|raw| !raw.is_empty()) else {
        return Ok(source.width);
    };
    // Not a number is no width the image has: the same answer as an unlisted one.
    let asked = raw.parse::<u32>().unwrap_or(0);
    crate::content::media::served_width(source.width, asked)
        .map_err(|message| Error::Validation(vec![FieldError::new("w", message)]))
}

/// WebP when the client takes it; otherwise the upload's own format, or JPEG for WebP.
fn negotiate(request: &HttpRequest, original: Format) -> Format {
    let accept = request
        .headers()
        .get(header::ACCEPT)
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default()
        .to_ascii_lowercase();
    let takes_webp = accept.split(',').any(|range| {
        let mut parts = range.split(';');
        let media = parts.next().unwrap_or_default().trim();
        let refused = parts.any(|param| matches!(param.trim(), "q=0" | "q=0.0" | "q=0.00"));
        media == "image/webp" && !refused
    });
    match (takes_webp, original) {
        (true, _) => Format::Webp,
        (false, Format::Webp) => Format::Jpeg,
        (false, other) => other,
    }
}

/// The format `name` names. PNG only for a PNG upload: a photo as PNG is many times its
/// size, and anyone may ask for it.
fn asked(name: &str, original: Format) -> Result<Format> {
    let refuse = |message: &str| Error::Validation(vec![FieldError::new("format", message)]);
    match Format::parse(name.trim()) {
        None => Err(refuse("must be webp, jpeg or png")),
        Some(Format::Png) if original != Format::Png => {
            Err(refuse("png is served only for images uploaded as PNG; ask for webp or jpeg"))
        }
        Some(format) => Ok(format),
    }
}
