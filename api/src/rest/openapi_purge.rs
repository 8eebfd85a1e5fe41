//! Documents, on every delivery answer (`200` and `304`), the CDN purge headers it carries
//! (`Surrogate-Key` and `Cache-Tag`, see `request::purge`), so each handler's annotation need
//! not repeat them and none is forgotten.

use serde_json::json;
use utoipa::Modify;
use utoipa::openapi::header::HeaderBuilder;
use utoipa::openapi::{OpenApi, RefOr};

use crate::delivery::surrogate_keys::MAX_HEADER_BYTES;

pub struct PurgeHeaders;

impl Modify for PurgeHeaders {
    fn modify(&self, openapi: &mut OpenApi) {
        let surrogate_key = header(
            "CDN purge keys of what the answer contains, separated by spaces (Fastly): \
             `workspace:<slug>`, then `treatment:<slug>`, `condition:<slug>` and \
             `clinic:<slug>` for each entry in it, embedded entries included",
            "workspace:demo treatment:microneedling condition:acne-scars",
        );
        let cache_tag = header(
            "The same keys separated by commas (Cloudflare)",
            "workspace:demo,treatment:microneedling,condition:acne-scars",
        );
        for item in openapi.paths.paths.values_mut() {
            let Some(operation) = item.get.as_mut() else { continue };
            let delivery = operation.tags.iter().flatten().any(|tag| tag == "delivery");
            if !delivery {
                continue;
            }
            for (status, response) in operation.responses.responses.iter_mut() {
                if let ("200" | "304", RefOr::T(response)) = (status.as_str(), response) {
                    response.headers.insert("Surrogate-Key".into(), surrogate_key.clone());
                    response.headers.insert("Cache-Tag".into(), cache_tag.clone());
                }
            }
        }
    }
}

fn header(description: &str, example: &str) -> RefOr<utoipa::openapi::header::Header> {
    let description = format!("{description}. At most {MAX_HEADER_BYTES} bytes.");
    RefOr::T(
        HeaderBuilder::new().description(Some(description)).example(Some(json!(example))).build(),
    )
}
