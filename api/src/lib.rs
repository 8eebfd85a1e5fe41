//! Cutis: a headless CMS for clinic treatment content.
//!
//! [`app`] builds the actix `App` from an [`AppState`]; everything else lives in its module:
//! `rest` and `graphql` are thin HTTP layers over the `content` service.

pub mod accounts;
pub mod auth;
pub mod config;
pub mod content;
pub mod cors;
pub mod db;
pub mod delivery;
pub mod demo;
pub mod error;
pub mod graphql;
pub mod manage;
pub mod media;
pub mod metrics;
pub mod operator;
pub mod request;
pub mod rest;
pub mod search;
pub mod server;
pub mod state;
pub mod telemetry;
pub mod transfer;
pub mod validated;
pub mod web;
pub mod webhooks;

use actix_web::App;
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::middleware::{ErrorHandlers, from_fn};
use actix_web::web::{Data, JsonConfig, PayloadConfig, QueryConfig};
use tracing_actix_web::TracingLogger;

pub use state::AppState;

/// The whole HTTP application for one worker.
pub fn app(
    state: AppState,
) -> App<
    impl ServiceFactory<
        ServiceRequest,
        Config = (),
        Response = ServiceResponse<impl MessageBody>,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    let body_limit = state.settings.body_limit_bytes;
    let bench_baseline = state.settings.bench_baseline;
    let cors = cors::middleware(state.cors.clone());
    App::new()
        .app_data(Data::new(state))
        .app_data(
            JsonConfig::default().limit(body_limit).error_handler(move |error, _| {
                rest::fallback::json_error(error, body_limit).into()
            }),
        )
        .app_data(PayloadConfig::new(body_limit))
        .app_data(
            QueryConfig::default()
                .error_handler(|error, _| rest::fallback::query_error(error).into()),
        )
        .configure(rest::init)
        .configure(graphql::routes)
        .configure(|cfg| rest::baseline::routes(cfg, bench_baseline))
        .configure(web::routes)
        .default_service(actix_web::web::to(rest::fallback::unknown_route))
        .wrap(from_fn(request::nul::refuse_nul))
        .wrap(cors)
        .wrap(from_fn(cors::explain_refused_origin))
        .wrap(ErrorHandlers::new().default_handler(rest::fallback::problem_for_bare_errors))
        .wrap(from_fn(telemetry::access_log))
        .wrap(TracingLogger::default())
}
