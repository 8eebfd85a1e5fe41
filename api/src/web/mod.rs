//! The web admin: the pages editors and medical reviewers work in, at `/admin/`.
//!
//! A thin face like REST and GraphQL: each page resolves the signed-in member, calls the
//! content service, and renders what it answers as HTML (maud templates, escaped by default).
//! Owners and admins manage members, API keys, webhooks and the workspace's settings in
//! [`settings`]. Every page works without JavaScript; `assets/admin.js` only adds what HTML cannot do alone
//! (reordering list rows, a Markdown preview, a warning before leaving unsaved changes).
//!
//! Sessions are cookies backed by `web_sessions` ([`crate::accounts::web_sessions`]); every
//! form carries a CSRF token derived from the session ([`session::csrf_token`]).

mod assets;
mod clinics;
mod conditions;
mod entries;
mod form;
mod home;
mod markdown;
mod media;
mod page;
mod sections;
mod session;
mod settings;
mod sign_in;
mod treatments;

use actix_web::web;

use crate::content::{Clinics, Conditions, Treatments};

/// Where the web admin lives; never `/admin/v1` or `/admin/graphql`.
pub const ROOT: &str = "/admin";

/// The web admin's routes, registered before the API's fallback.
pub fn routes(cfg: &mut web::ServiceConfig) {
    assets::routes(cfg);
    sign_in::routes(cfg);
    home::routes(cfg);
    markdown::routes(cfg);
    media::routes(cfg);
    // A clinic's offerings first: their paths lie under the clinic's.
    clinics::routes(cfg);
    entries::routes::<Treatments>(cfg);
    entries::routes::<Conditions>(cfg);
    entries::routes::<Clinics>(cfg);
    settings::routes(cfg);
}
