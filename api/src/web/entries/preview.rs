//! The draft as delivery would serve it once published — rendered by the code that publishes —
//! and the JSON-LD a clinic page would embed for it.

use actix_web::web;
use maud::{PreEscaped, html};
use uuid::Uuid;

use super::editor::{LocaleQuery, locale_of};
use super::{Edited, load, path_of};
use crate::delivery::jsonld::PageUrl;
use crate::delivery::preview;
use crate::error::{Error, Result};
use crate::state::AppState;
use crate::web::markdown;
use crate::web::page::{PageResult, layout, ok};
use crate::web::session::InWorkspace;

pub async fn page<K: Edited>(
    state: web::Data<AppState>,
    at: InWorkspace,
    path: web::Path<(String, Uuid)>,
    query: web::Query<LocaleQuery>,
) -> PageResult {
    let id = path.1;
    let locale = locale_of(&at, query.locale.as_deref());
    let view = load::<K>(&state, &at, id, Some(&locale)).await?;
    let view = K::header(&view);
    let workspace = &at.member.workspace;
    let snapshot = preview::find(&state.db, workspace, K::SNAPSHOT, view.slug, &locale)
        .await?
        .ok_or_else(|| Error::NotFound(format!("{} '{}' was not found", K::NOUN, view.slug)))?;
    let document = &snapshot.document;
    let url = PageUrl::parse(&format!("https://clinic.example/{}/{}", K::SEGMENT, view.slug))?;
    let json_ld = K::json_ld(document, &url);
    let text = |field: &str| document[field].as_str().unwrap_or_default().to_owned();
    let main = html! {
        h1 { "Preview of " (view.name) " (" (snapshot.locale) ")" }
        p {
            "What sites would be served if this version were published. "
            a href=(format!("{}?locale={locale}", path_of::<K>(&at, id))) { "Back to the editor" }
        }
        article.preview {
            h2 { (text("name")) }
            @if !text("summary").is_empty() { p.lead { (text("summary")) } }
            @if !text("body").is_empty() { div.markdown { (PreEscaped(markdown::to_html(&text("body")))) } }
        }
        details {
            summary { "The delivery document" }
            pre { code { (pretty(document)?) } }
        }
        @if let Some(json_ld) = &json_ld {
            details {
                summary { "JSON-LD for a page at " (url.as_str()) }
                pre { code { (pretty(json_ld)?) } }
            }
        }
    };
    Ok(ok(layout(&format!("Preview of {}", view.name), Some(&at.frame()), main)))
}

fn pretty(value: &serde_json::Value) -> Result<String> {
    serde_json::to_string_pretty(value)
        .map_err(|error| Error::Internal(format!("showing JSON: {error}")))
}
