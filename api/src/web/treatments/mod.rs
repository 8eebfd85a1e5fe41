//! The treatment pages: the list, the editor (every field, every locale), the workflow, the
//! conflict screen, history and preview. Each page calls the content service, as REST and
//! GraphQL do.

mod conflict;
mod editor;
mod fields;
mod history;
mod list;
mod preview;
mod workflow;

use actix_web::web;
use chrono::{DateTime, Utc};
use maud::{Markup, html};
use uuid::Uuid;

use super::session::InWorkspace;
use crate::content::Treatments;
use crate::content::treatments::TreatmentView;
use crate::error::Result;
use crate::state::AppState;

pub fn routes(cfg: &mut web::ServiceConfig) {
    let base = "/admin/workspaces/{workspace}/treatments";
    cfg.route(base, web::get().to(list::page))
        .route(base, web::post().to(editor::create))
        .route(&format!("{base}/new"), web::get().to(editor::blank))
        .route(&format!("{base}/{{id}}"), web::get().to(editor::page))
        .route(&format!("{base}/{{id}}"), web::post().to(editor::save))
        .route(&format!("{base}/{{id}}/resolve"), web::post().to(conflict::resolve))
        .route(&format!("{base}/{{id}}/step"), web::post().to(workflow::step))
        .route(&format!("{base}/{{id}}/delete"), web::post().to(workflow::delete))
        .route(&format!("{base}/{{id}}/history"), web::get().to(history::page))
        .route(&format!("{base}/{{id}}/restore"), web::post().to(history::restore))
        .route(&format!("{base}/{{id}}/preview"), web::get().to(preview::page));
}

/// The path of a treatment's pages.
fn path_of(at: &InWorkspace, id: Uuid) -> String {
    format!("{}/treatments/{id}", at.base())
}

/// Treatment `id` in `locale` (the default when `None`).
async fn load(
    state: &AppState,
    at: &InWorkspace,
    id: Uuid,
    locale: Option<&str>,
) -> Result<TreatmentView> {
    state.content.get::<Treatments>(&at.member.scope(), (), id, locale).await
}

/// A status as a badge, in words.
pub fn status_badge(status: &str) -> Markup {
    let words = match status {
        "in_review" => "in review",
        other => other,
    };
    html! { span class=(format!("badge status-{status}")) { (words) } }
}

/// A time as people read it, in UTC, machine-readable too.
pub fn when(at: &DateTime<Utc>) -> Markup {
    html! { time datetime=(at.to_rfc3339()) { (at.format("%-d %b %Y, %H:%M UTC")) } }
}
