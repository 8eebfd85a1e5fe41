//! The CDN purge headers every delivery answer carries, REST's and GraphQL's alike:
//! `Surrogate-Key` (Fastly and others, keys separated by spaces) and `Cache-Tag` (Cloudflare,
//! separated by commas), naming what the answer contains ([`SurrogateKeys`]).

use actix_web::HttpResponseBuilder;
use actix_web::http::header::HeaderName;

use crate::delivery::surrogate_keys::SurrogateKeys;

const SURROGATE_KEY: HeaderName = HeaderName::from_static("surrogate-key");
const CACHE_TAG: HeaderName = HeaderName::from_static("cache-tag");

/// Adds both headers for `keys` to the answer `builder` makes (a `304` too).
pub fn purge_headers(builder: &mut HttpResponseBuilder, keys: &SurrogateKeys) {
    builder
        .insert_header((SURROGATE_KEY, keys.surrogate_key_header()))
        .insert_header((CACHE_TAG, keys.cache_tag_header()));
}
