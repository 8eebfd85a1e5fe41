//! An entry's history: its revisions, a field-by-field comparison of any two, restore.

use std::collections::BTreeSet;

use actix_web::web;
use maud::{Markup, html};
use serde::Deserialize;
use uuid::Uuid;

use super::editor::{Edit, locale_of, values_in};
use super::{Edited, load, path_of, when};
use crate::auth::roles::Permission;
use crate::content::revisions;
use crate::error::{Error, Result};
use crate::state::AppState;
use crate::validated::Locale;
use crate::web::form::Values;
use crate::web::page::{PageResult, csrf_field, layout, ok, see_other};
use crate::web::session::InWorkspace;

/// The form values of revision `version` of entry `id`, text in `locale` (none when the
/// revision had no text in it).
pub async fn values_at<K: Edited>(
    state: &AppState,
    at: &InWorkspace,
    id: Uuid,
    (version, locale): (i32, &str),
) -> Result<Values> {
    let scope = at.member.scope();
    let revision = state.content.revision::<K>(&scope, (), id, version).await?;
    let record: K::Record = serde_json::from_value(revision.snapshot)
        .map_err(|error| Error::Internal(format!("reading revision {version}: {error}")))?;
    let locale = Locale::parse(locale).map_err(Error::Internal)?;
    let view = K::view(record, &scope, &locale);
    values_in::<K>(&view, locale.as_str())
}

#[derive(Debug, Default, Deserialize)]
pub struct Compare {
    from: Option<i32>,
    to: Option<i32>,
    locale: Option<String>,
}

pub async fn page<K: Edited>(
    state: web::Data<AppState>,
    at: InWorkspace,
    path: web::Path<(String, Uuid)>,
    query: web::Query<Compare>,
) -> PageResult {
    let id = path.1;
    let locale = locale_of(&at, query.locale.as_deref());
    let view = load::<K>(&state, &at, id, Some(&locale)).await?;
    let view = K::header(&view);
    let scope = at.member.scope();
    let listed = state.content.revisions::<K>(&scope, (), id, (Some("100"), None)).await?.items;
    let to = query.to.unwrap_or(view.version);
    let from = query.from.unwrap_or(to - 1).max(1);
    let diff = if from == to {
        html! { p { "Pick two different versions to compare." } }
    } else {
        let old = values_at::<K>(&state, &at, id, (from, &locale)).await?;
        let new = values_at::<K>(&state, &at, id, (to, &locale)).await?;
        comparison(&old, &new)
    };
    let editable = at.member.role.permits(Permission::Edit);
    let here = path_of::<K>(&at, id);
    let main = html! {
        h1 { "History of " (view.name) }
        p { a href=(format!("{here}?locale={locale}")) { "Back to the editor" } }
        form.compare method="get" action=(format!("{here}/history")) {
            input type="hidden" name="locale" value=(locale);
            table.entries {
                caption { "Revisions, newest first" }
                thead { tr { th scope="col" { "Version" } th scope="col" { "Author" } th scope="col" { "When" } th scope="col" { "Note" } th scope="col" { "From" } th scope="col" { "To" } } }
                tbody {
                    @for revision in &listed {
                        tr {
                            td { (revision.version) }
                            td { (revision.author.as_ref().map_or("a deleted account", |author| author.name.as_str())) }
                            td { (when(&revision.created_at)) }
                            td { (revision.note.as_deref().unwrap_or("")) }
                            td { input type="radio" name="from" value=(revision.version) checked[revision.version == from] aria-label=(format!("Compare from version {}", revision.version)); }
                            td { input type="radio" name="to" value=(revision.version) checked[revision.version == to] aria-label=(format!("Compare to version {}", revision.version)); }
                        }
                    }
                }
            }
            button type="submit" { "Compare" }
        }
        section aria-labelledby="changes" {
            h2 #changes { "Version " (from) " → version " (to) " (" (locale) ")" }
            (diff)
        }
        @if editable && from != view.version {
            form.restore method="post" action=(format!("{here}/restore")) {
                (csrf_field(&at.signed_in.csrf))
                input type="hidden" name="version" value=(view.version);
                input type="hidden" name="revision" value=(from);
                button.primary type="submit" { "Restore version " (from) " as a new version" }
            }
        }
    };
    Ok(ok(layout(&format!("History of {}", view.name), Some(&at.frame()), main)))
}

/// The inputs whose values differ between `old` and `new`, each with both values.
fn comparison(old: &Values, new: &Values) -> Markup {
    let keys: BTreeSet<&String> = old.keys().chain(new.keys()).collect();
    let value = |values: &Values, key: &str| values.get(key).cloned().unwrap_or_default();
    let changed: Vec<&String> =
        keys.into_iter().filter(|key| value(old, key) != value(new, key)).collect();
    html! {
        @if changed.is_empty() { p { "No field differs." } }
        @else {
            table.diff {
                thead { tr { th scope="col" { "Field" } th scope="col" { "Before" } th scope="col" { "After" } } }
                tbody {
                    @for key in changed {
                        tr { th scope="row" { (key) } td.removed { (value(old, key)) } td.added { (value(new, key)) } }
                    }
                }
            }
        }
    }
}

pub async fn restore<K: Edited>(
    state: web::Data<AppState>,
    at: InWorkspace,
    path: web::Path<(String, Uuid)>,
    body: web::Bytes,
) -> PageResult {
    let Edit { posted, version, .. } = Edit::of(&at, &body)?;
    let revision = posted
        .text("revision")
        .and_then(|revision| revision.parse().ok())
        .ok_or_else(|| Error::BadRequest("the form names no revision to restore".to_owned()))?;
    let note = revisions::note(Some(&format!("Restored version {revision}")))?;
    let at_version = (path.1, version);
    state.content.restore::<K>(&at.member.scope(), (), at_version, revision, note).await?;
    Ok(see_other(&format!("{}?saved=1", path_of::<K>(&at, path.1))))
}
