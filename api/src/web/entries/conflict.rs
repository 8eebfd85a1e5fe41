//! No lost work: when a colleague saved the entry after the editor loaded it, the save
//! (a `412` in REST) shows both versions field by field instead. For each field the editor
//! keeps theirs or the other's; the form carries the editor's text, so nothing is retyped.

use actix_web::http::StatusCode;
use actix_web::web;
use maud::{Markup, html};
use uuid::Uuid;

use super::editor::{self, Edit, values_in};
use super::history::values_at;
use super::{Edited, load, path_of};
use crate::content::revisions;
use crate::error::{Error, Result};
use crate::state::AppState;
use crate::web::form::Values;
use crate::web::page::{PageResult, csrf_field, layout, respond};
use crate::web::session::InWorkspace;

/// The editor's side of a conflict: what they posted, and the version they started from.
pub struct Mine {
    pub locale: String,
    pub version: i32,
    pub values: Values,
    pub note: String,
}

/// The values of top-level field `name`: itself, its range ends, group fields and rows.
pub fn part(values: &Values, name: &str) -> Values {
    values
        .iter()
        .filter(|(key, _)| belongs(key, name))
        .filter(|(key, value)| !value.trim().is_empty() && !key.ends_with("._order"))
        .map(|(key, value)| (key.clone(), value.clone()))
        .collect()
}

/// Whether input `key` is part of top-level field `name`.
fn belongs(key: &str, name: &str) -> bool {
    key == name
        || key.strip_prefix(name).is_some_and(|rest| rest.starts_with('.') || rest.starts_with('['))
}

/// The values of the entry in `locale` at its current version, and that version.
async fn theirs<K: Edited>(
    state: &AppState,
    at: &InWorkspace,
    id: Uuid,
    locale: &str,
) -> Result<(Values, i32)> {
    let view = load::<K>(state, at, id, Some(locale)).await?;
    Ok((values_in::<K>(&view, locale)?, K::view_version(&view)))
}

/// The conflict screen for `mine`.
pub async fn screen<K: Edited>(
    state: &AppState,
    at: &InWorkspace,
    id: Uuid,
    mine: Mine,
) -> PageResult {
    let (theirs, current) = theirs::<K>(state, at, id, &mine.locale).await?;
    let base =
        values_at::<K>(state, at, id, (mine.version, &mine.locale)).await.unwrap_or_default();
    let rows: Vec<Markup> = K::SECTIONS
        .top_level()
        .filter_map(|field| {
            let (my, their, was) = (
                part(&mine.values, field.name),
                part(&theirs, field.name),
                part(&base, field.name),
            );
            (my != their).then(|| row(field.name, field.label, (&my, &their), my == was))
        })
        .collect();
    let mine_json = serde_json::to_string(&mine.values)
        .map_err(|error| Error::Internal(format!("keeping the editor's text: {error}")))?;
    let main = html! {
        h1 { "Someone saved this " (K::NOUN) " while you were editing" }
        p {
            "You started from version " (mine.version) "; it is now at version " (current) ". "
            "For each field that differs, keep your text or take theirs, then save both together."
        }
        form.conflict method="post" action=(format!("{}/resolve", path_of::<K>(at, id))) {
            (csrf_field(&at.signed_in.csrf))
            input type="hidden" name="locale" value=(mine.locale);
            input type="hidden" name="version" value=(current);
            input type="hidden" name="note" value=(mine.note);
            input type="hidden" name="mine" value=(mine_json);
            @if rows.is_empty() { p { "Your text and theirs are the same." } }
            @for row in &rows { (row) }
            button.primary type="submit" { "Save the combination" }
            " " a href=(format!("{}?locale={}", path_of::<K>(at, id), mine.locale)) { "Discard my changes" }
        }
    };
    Ok(respond(StatusCode::CONFLICT, layout("Resolve a conflict", Some(&at.frame()), main)))
}

fn row(name: &str, label: &str, (mine, theirs): (&Values, &Values), i_kept_it: bool) -> Markup {
    let choice = format!("choose.{name}");
    let (mine_id, theirs_id) = (format!("{name}-mine"), format!("{name}-theirs"));
    html! {
        fieldset.conflict-field {
            legend { (label) }
            div.sides {
                div.side {
                    input type="radio" name=(choice) value="mine" id=(mine_id) checked[!i_kept_it];
                    label for=(mine_id) { "Keep mine" }
                    (shown(mine))
                }
                div.side {
                    input type="radio" name=(choice) value="theirs" id=(theirs_id) checked[i_kept_it];
                    label for=(theirs_id) { "Take theirs" }
                    (shown(theirs))
                }
            }
        }
    }
}

fn shown(values: &Values) -> Markup {
    html! {
        @if values.is_empty() { p.muted { "empty" } }
        dl { @for (key, value) in values { dt { (key) } dd { (value) } } }
    }
}

pub async fn resolve<K: Edited>(
    state: web::Data<AppState>,
    at: InWorkspace,
    path: web::Path<(String, Uuid)>,
    body: web::Bytes,
) -> PageResult {
    let id = path.1;
    let Edit { posted, locale, version } = Edit::of(&at, &body)?;
    let note = posted.get("note").unwrap_or_default().to_owned();
    let mut values: Values =
        serde_json::from_str(posted.get("mine").unwrap_or("{}")).map_err(|_| {
            Error::BadRequest("the form lost your text; go back and save again".to_owned())
        })?;
    let (theirs, current) = theirs::<K>(&state, &at, id, &locale).await?;
    if current != version {
        // A third save came in meanwhile: compare with that one, from the same start.
        return screen::<K>(&state, &at, id, Mine { locale, version, values, note }).await;
    }
    for field in K::SECTIONS.top_level() {
        if posted.get(&format!("choose.{}", field.name)) == Some("theirs") {
            values.retain(|key, _| !belongs(key, field.name));
            values.extend(part(&theirs, field.name));
        }
    }
    let note = revisions::note(Some(&note))?.unwrap_or_default();
    editor::apply::<K>(&state, &at, id, Mine { locale, version, values, note }).await
}
