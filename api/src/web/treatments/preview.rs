//! The draft as delivery would serve it once published — rendered by the code that publishes —
//! and the JSON-LD a clinic page would embed for it.

use actix_web::web;
use maud::{PreEscaped, html};
use uuid::Uuid;

use super::editor::{LocaleQuery, locale_of};
use super::{load, path_of};
use crate::delivery::jsonld::{self, PageUrl};
use crate::delivery::preview;
use crate::delivery::snapshots::SnapshotKind;
use crate::error::{Error, Result};
use crate::state::AppState;
use crate::web::markdown;
use crate::web::page::{PageResult, layout, ok};
use crate::web::session::InWorkspace;

pub async fn page(
    state: web::Data<AppState>,
    at: InWorkspace,
    path: web::Path<(String, Uuid)>,
    query: web::Query<LocaleQuery>,
) -> PageResult {
    let id = path.1;
    let locale = locale_of(&at, query.locale.as_deref());
    let view = load(&state, &at, id, Some(&locale)).await?;
    let workspace = &at.member.workspace;
    let snapshot =
        preview::find(&state.db, workspace, SnapshotKind::Treatment, &view.slug, &locale)
            .await?
            .ok_or_else(|| Error::NotFound(format!("treatment '{}' was not found", view.slug)))?;
    let document = &snapshot.document;
    let url = PageUrl::parse(&format!("https://clinic.example/treatments/{}", view.slug))?;
    let json_ld = jsonld::treatment_page(document, &url);
    let text = |field: &str| document[field].as_str().unwrap_or_default().to_owned();
    let main = html! {
        h1 { "Preview of " (view.name) " (" (snapshot.locale) ")" }
        p {
            "What sites would be served if this version were published. "
            a href=(format!("{}?locale={locale}", path_of(&at, id))) { "Back to the editor" }
        }
        article.preview {
            h2 { (text("name")) }
            p.lead { (text("summary")) }
            div.markdown { (PreEscaped(markdown::to_html(&text("body")))) }
        }
        details {
            summary { "The delivery document" }
            pre { code { (pretty(document)?) } }
        }
        details {
            summary { "JSON-LD for a page at " (url.as_str()) }
            pre { code { (pretty(&json_ld)?) } }
        }
    };
    Ok(ok(layout(&format!("Preview of {}", view.name), Some(&at.frame()), main)))
}

fn pretty(value: &serde_json::Value) -> Result<String> {
    serde_json::to_string_pretty(value)
        .map_err(|error| Error::Internal(format!("showing JSON: {error}")))
}
