//! The admin's stylesheet and script, compiled into the binary and served from this server,
//! so the pages work offline and the `Content-Security-Policy` can allow only `'self'`.

use actix_web::http::header;
use actix_web::{HttpResponse, web};

const STYLES: &str = include_str!("assets/admin.css");
const SCRIPT: &str = include_str!("assets/admin.js");
pub const STYLES_PATH: &str = "/admin/assets/admin.css";
pub const SCRIPT_PATH: &str = "/admin/assets/admin.js";

fn asset(content_type: &'static str, body: &'static str) -> HttpResponse {
    HttpResponse::Ok()
        .content_type(content_type)
        .insert_header((header::CACHE_CONTROL, "public, max-age=300"))
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .body(body)
}

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route(STYLES_PATH, web::get().to(|| async { asset("text/css; charset=utf-8", STYLES) }))
        .route(
            SCRIPT_PATH,
            web::get().to(|| async { asset("text/javascript; charset=utf-8", SCRIPT) }),
        );
}
