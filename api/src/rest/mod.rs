//! The REST layer: thin actix handlers, one file per resource, registered in [`init`].
//!
//! Routes are `web::resource`s holding every method of one path, so a method the path does
//! not support is answered 405 rather than falling through to the 404 default.

pub mod api_keys;
pub mod audit_log;
pub mod auth;
pub mod baseline;
pub mod clinics;
pub mod conditions;
pub mod delivery;
pub mod entry;
pub mod fallback;
pub mod governance;
pub mod health;
pub mod invitations;
pub mod media;
pub mod members;
pub mod offerings;
pub mod openapi;
pub mod openapi_errors;
pub mod openapi_purge;
mod openapi_rules;
mod operations;
pub mod treatments;
pub mod webhooks;
pub mod workflow;
pub mod workspaces;

use actix_web::web;

/// Registers every REST route.
pub fn init(cfg: &mut web::ServiceConfig) {
    cfg.configure(health::routes)
        .configure(crate::metrics::routes)
        .configure(openapi::routes)
        .configure(auth::routes)
        .configure(workspaces::routes)
        .configure(members::routes)
        .configure(invitations::routes)
        .configure(api_keys::routes)
        .configure(webhooks::routes)
        .configure(audit_log::routes)
        .configure(governance::routes)
        .configure(treatments::routes)
        .configure(conditions::routes)
        .configure(clinics::routes)
        .configure(offerings::routes)
        .configure(media::routes)
        .configure(delivery::routes)
        // Last: its `{id}/{step}` paths must not shadow `{id}/revisions` or `{id}/offerings`.
        .configure(workflow::routes);
}
