//! How every delivery answer is sent, REST's and GraphQL's alike: from the response cache when
//! possible, with a strong `ETag` over the body, `304 Not Modified` for a matching
//! `If-None-Match`, `Cache-Control` from the settings, `Content-Language` naming the locale
//! served and `Vary: Authorization` (the same URL answers differently for different keys), and
//! the CDN purge keys of what the answer contains ([`purge_headers`]). Bodies are script-safe
//! JSON ([`script_safe`]).

use std::future::Future;
use std::sync::Arc;

use actix_web::http::header::{self, HeaderValue};
use actix_web::web::Bytes;
use actix_web::{HttpRequest, HttpResponse};
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::auth::extract::DeliveryKey;
use crate::delivery::cache::CachedResponse;
use crate::delivery::script_safe;
use crate::delivery::surrogate_keys::SurrogateKeys;
use crate::error::{Error, Result};
use crate::request::purge::purge_headers;
use crate::state::AppState;

/// What a handler renders on a cache miss: the JSON body, the locale it is in, the purge keys
/// of what it contains, and whether it may be shared (cached here and by anyone else).
pub struct Rendered {
    pub body: Value,
    pub locale: String,
    pub keys: SurrogateKeys,
    /// False for an answer that read drafts or carries errors: sent `private, no-store`.
    pub shared: bool,
}

impl Rendered {
    /// An answer every holder of a key of the workspace (and clinic) may be sent.
    pub fn shared(body: Value, locale: String, keys: SurrogateKeys) -> Self {
        Self { body, locale, keys, shared: true }
    }
}

/// Serves `cache_key` from the cache, or renders, caches and serves it as `application/json`.
/// Preview responses are never cached, by Cutis or by anyone else.
pub async fn respond<F, Fut>(
    state: &AppState,
    key: &DeliveryKey,
    request: &HttpRequest,
    cache_key: String,
    preview: bool,
    render: F,
) -> Result<HttpResponse>
where
    F: FnOnce() -> Fut,
    Fut: Future<Output = Result<Rendered>>,
{
    respond_as(state, key, request, cache_key, preview, "application/json", render).await
}

/// [`respond`], served as `content_type`.
pub async fn respond_as<F, Fut>(
    state: &AppState,
    key: &DeliveryKey,
    request: &HttpRequest,
    cache_key: String,
    preview: bool,
    content_type: &'static str,
    render: F,
) -> Result<HttpResponse>
where
    F: FnOnce() -> Fut,
    Fut: Future<Output = Result<Rendered>>,
{
    let cache = &state.delivery.responses;
    let workspace = key.workspace.id;
    let scoped_key =
        format!("{}|{cache_key}", key.clinic_id.map(|id| id.to_string()).unwrap_or_default());
    if !preview && let Some(cached) = cache.get(workspace, &scoped_key).await {
        state.metrics.observe_cache(true);
        return Ok(send(state, request, &cached, false));
    }
    if !preview {
        state.metrics.observe_cache(false);
    }
    let ticket = cache.ticket(workspace, &scoped_key);
    let rendered = render().await?;
    // Script-safe, so a site may paste any delivery body (the JSON-LD above all) into a
    // `<script>` element without its texts ending the element.
    let body = Bytes::from(
        script_safe::to_vec(&rendered.body).map_err(|error| Error::Internal(error.to_string()))?,
    );
    let response = Arc::new(CachedResponse {
        etag: etag_of(&body),
        body,
        locale: rendered.locale,
        content_type,
        keys: rendered.keys,
    });
    let private = preview || !rendered.shared;
    if !private {
        cache.insert(ticket, Arc::clone(&response)).await;
    }
    Ok(send(state, request, &response, private))
}

fn etag_of(body: &[u8]) -> String {
    let digest = Sha256::digest(body);
    let hex: String = digest.iter().take(16).map(|byte| format!("{byte:02x}")).collect();
    format!("\"{hex}\"")
}

/// `Cache-Control` of an answer no cache may keep: one that read drafts or carries errors.
pub const PRIVATE: &str = "private, no-store";

fn send(
    state: &AppState,
    request: &HttpRequest,
    response: &CachedResponse,
    private: bool,
) -> HttpResponse {
    let settings = &state.settings;
    let cache_control = if private {
        PRIVATE.to_owned()
    } else {
        format!(
            "public, max-age={}, stale-while-revalidate={}",
            settings.delivery_max_age_secs, settings.delivery_stale_secs
        )
    };
    let mut builder = if matches_etag(request, &response.etag) {
        HttpResponse::NotModified()
    } else {
        HttpResponse::Ok()
    };
    builder
        .insert_header((header::ETAG, response.etag.as_str()))
        .insert_header((header::CACHE_CONTROL, cache_control))
        .insert_header((header::VARY, HeaderValue::from_static("Authorization")));
    purge_headers(&mut builder, &response.keys);
    if !response.locale.is_empty() {
        builder.insert_header((header::CONTENT_LANGUAGE, response.locale.as_str()));
    }
    if matches_etag(request, &response.etag) {
        return builder.finish();
    }
    builder.content_type(response.content_type).body(response.body.clone())
}

/// `If-None-Match` lists `etag` (or is `*`); weak comparison, as RFC 9110 asks for it.
pub(crate) fn matches_etag(request: &HttpRequest, etag: &str) -> bool {
    let Some(header) = request.headers().get(header::IF_NONE_MATCH) else { return false };
    let Ok(header) = header.to_str() else { return false };
    header
        .split(',')
        .map(str::trim)
        .any(|candidate| candidate == "*" || candidate.trim_start_matches("W/") == etag)
}
