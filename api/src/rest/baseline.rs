//! `GET /__bench/constant`: a fixed 2 KB JSON body, served only with `CUTIS_BENCH_BASELINE`.
//!
//! The benchmark (`bench/`) states every route's throughput as a share of this one, which
//! passes through the same workers and middleware but does no work of its own; so the ratio
//! measures Cutis, not the machine. It is not part of the API and not in the OpenAPI document.

use std::sync::LazyLock;

use actix_web::{HttpResponse, web};

pub const PATH: &str = "/__bench/constant";

/// Built once: a treatment-like object padded to 2,048 bytes of JSON.
static BODY: LazyLock<String> = LazyLock::new(|| {
    let head = r#"{"slug":"microneedling","name":"Microneedling","summary":""#;
    let tail = r#""}"#;
    let filler = "Fine needles make tiny channels in the skin so it renews itself. ";
    let room = 2048 - head.len() - tail.len();
    let summary: String = filler.chars().cycle().take(room).collect();
    format!("{head}{summary}{tail}")
});

async fn constant() -> HttpResponse {
    HttpResponse::Ok().content_type("application/json").body(BODY.as_str())
}

/// Registers the route when `enabled`; otherwise the path is an unknown route like any other.
pub fn routes(cfg: &mut web::ServiceConfig, enabled: bool) {
    if enabled {
        cfg.service(web::resource(PATH).route(web::get().to(constant)));
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_constant_body_is_two_kilobytes_of_json() {
        let body: serde_json::Value = serde_json::from_str(&super::BODY).expect("valid JSON");
        assert_eq!(super::BODY.len(), 2048);
        assert_eq!(body["slug"], "microneedling");
    }
}
