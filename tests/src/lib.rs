//! The black-box test harness: a real Cutis server on a free port over a fresh database.
//!
//! SQLite by default (a temp file per test); PostgreSQL when `CUTIS_TEST_POSTGRES_URL` names a
//! server, where each test gets its own database, dropped when the test ends.

mod accounts;
mod content;
mod database;
mod graphql;
pub mod media;
mod publishing;
mod receiver;
pub mod s3;
pub mod standard_webhooks;
mod test_app;
mod web_admin;

pub use accounts::{PASSWORD, Session};
pub use content::{clinic, collection, condition, entry, id_of, microneedling};
pub use database::TestDatabase;
pub use graphql::{data, error_code};
pub use publishing::Newsroom;
pub use receiver::{Received, Receiver};
pub use test_app::{Replica, TestApp, problem, spawn_app, spawn_app_with, test_settings};
pub use web_admin::{AdminBrowser, csrf_in, form_body};
