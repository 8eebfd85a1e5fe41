//! The delivery REST API for clinic websites and apps: published content only (or drafts with a
//! preview key), read by slug, cached and cacheable.

pub mod clinics;
pub mod conditions;
pub mod http;
pub mod lists;
pub mod media;
pub mod responses;
pub mod search;
pub mod treatments;

use actix_web::web;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.configure(treatments::routes)
        .configure(conditions::routes)
        .configure(clinics::routes)
        .configure(search::routes)
        .configure(media::routes);
}
