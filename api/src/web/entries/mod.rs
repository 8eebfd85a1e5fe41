//! The pages of every kind published on its own — treatments, conditions, clinics: the list,
//! the editor (every field, every locale), the workflow, the conflict screen, history and
//! preview. They are written once, over [`Edited`]; a kind says only what is its own (its
//! fields, its list, what its editor shows besides), and every page calls the content
//! service, as REST and GraphQL do.

mod conflict;
mod editor;
mod history;
mod list;
mod preview;
mod workflow;

use std::future::Future;

use actix_web::web;
use chrono::{DateTime, Utc};
use maud::{Markup, html};
use serde_json::Value;
use uuid::Uuid;

pub use self::editor::{Change, Edit, LocaleQuery, error_summary, locale_of, parsed};
pub use self::list::Row;
use super::sections::Sections;
use super::session::InWorkspace;
use crate::content::entry::Publishable;
use crate::content::listing::ListQuery;
use crate::content::pagination::Page;
use crate::content::values::Review;
use crate::delivery::jsonld::PageUrl;
use crate::delivery::snapshots::SnapshotKind;
use crate::error::{Error, Result};
use crate::state::AppState;

/// A kind as the web admin edits it.
pub trait Edited: Publishable {
    /// The last part of its pages' paths, as in the admin API: `treatments`.
    const SEGMENT: &'static str;
    /// One of them, in words: `treatment`.
    const NOUN: &'static str;
    /// Its list's title: `Treatments`.
    const TITLE: &'static str;
    const SECTIONS: Sections;
    const SNAPSHOT: SnapshotKind;
    /// Whether its list filters by a linked condition.
    const BY_CONDITION: bool = false;

    /// What the editor's heading and the workflow show of `view`.
    fn header(view: &Self::View) -> Header<'_>;

    /// A page of its list.
    fn list(
        state: &AppState,
        at: &InWorkspace,
        query: &ListQuery,
        condition: Option<String>,
    ) -> impl Future<Output = Result<Page<Row>>>;

    /// What the editor suggests in its slug inputs (`datalist`s).
    fn datalists(_state: &AppState, _at: &InWorkspace) -> impl Future<Output = Result<Markup>> {
        async { Ok(html! {}) }
    }

    /// What the editor shows below its form for entry `view` (a clinic's offerings).
    fn below(
        _state: &AppState,
        _at: &InWorkspace,
        _view: &Self::View,
        _locale: &str,
    ) -> impl Future<Output = Result<Markup>> {
        async { Ok(html! {}) }
    }

    /// The JSON-LD a site would embed beside `document`, published at `url`.
    fn json_ld(_document: &Value, _url: &PageUrl) -> Option<Value> {
        None
    }
}

/// What every kind's view says of itself besides its fields.
pub struct Header<'a> {
    pub id: Uuid,
    pub name: &'a str,
    pub slug: &'a str,
    /// The locale the view's text is in: the one asked for, or the fallback.
    pub locale: &'a str,
    pub status: &'a str,
    pub version: i32,
    pub published_at: Option<DateTime<Utc>>,
    pub publish_at: Option<DateTime<Utc>>,
    pub review: Option<&'a Review>,
}

/// The [`Header`] of `$view`, a view with the fields every kind's view names alike.
macro_rules! header_of {
    ($view:expr, $review:expr) => {
        $crate::web::entries::Header {
            id: $view.id,
            name: &$view.name,
            slug: &$view.slug,
            locale: &$view.locale,
            status: &$view.status,
            version: $view.version,
            published_at: $view.published_at,
            publish_at: $view.publish_at,
            review: $review,
        }
    };
}
pub(crate) use header_of;

/// `$page` of a kind's summaries as a page of [`Row`]s: the summaries name their fields alike.
macro_rules! rows_of {
    ($page:expr) => {{
        let page = $page;
        let rows = page.items.into_iter().map(|item| $crate::web::entries::Row {
            id: item.id,
            name: item.name,
            slug: item.slug,
            status: item.status,
            version: item.version,
            locales: item.locales,
            updated_at: item.updated_at,
        });
        $crate::content::pagination::Page { items: rows.collect(), next_cursor: page.next_cursor }
    }};
}
pub(crate) use rows_of;

/// The pages of kind `K`, under `/admin/workspaces/{workspace}/{K::SEGMENT}`.
pub fn routes<K: Edited>(cfg: &mut web::ServiceConfig) {
    let base = format!("/admin/workspaces/{{workspace}}/{}", K::SEGMENT);
    let at = |tail: &str| format!("{base}/{{id}}{tail}");
    cfg.route(&base, web::get().to(list::page::<K>))
        .route(&base, web::post().to(editor::create::<K>))
        .route(&format!("{base}/new"), web::get().to(editor::blank::<K>))
        .route(&at(""), web::get().to(editor::page::<K>))
        .route(&at(""), web::post().to(editor::save::<K>))
        .route(&at("/resolve"), web::post().to(conflict::resolve::<K>))
        .route(&at("/step"), web::post().to(workflow::step::<K>))
        .route(&at("/delete"), web::post().to(workflow::delete::<K>))
        .route(&at("/history"), web::get().to(history::page::<K>))
        .route(&at("/restore"), web::post().to(history::restore::<K>))
        .route(&at("/preview"), web::get().to(preview::page::<K>));
}

/// The path of kind `K`'s list.
pub fn list_path<K: Edited>(at: &InWorkspace) -> String {
    format!("{}/{}", at.base(), K::SEGMENT)
}

/// The path of entry `id`'s pages.
pub fn path_of<K: Edited>(at: &InWorkspace, id: Uuid) -> String {
    format!("{}/{id}", list_path::<K>(at))
}

/// Entry `id` in `locale` (the default when `None`).
async fn load<K: Edited>(
    state: &AppState,
    at: &InWorkspace,
    id: Uuid,
    locale: Option<&str>,
) -> Result<K::View> {
    state.content.get::<K>(&at.member.scope(), (), id, locale).await
}

/// `view` as the JSON the admin API answers: what form values are read from.
fn to_json<K: Edited>(view: &K::View) -> Result<Value> {
    serde_json::to_value(view)
        .map_err(|error| Error::Internal(format!("serializing a {}: {error}", K::NOUN)))
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

/// A `datalist` with the slugs of the hundred of kind `K`'s entries changed last: what a slug
/// input naming one suggests (any other slug may still be typed). Recent first rather than by
/// name: the name order sorts every entry, about a quarter of the editor's time with 10,000.
pub async fn datalist<K: Edited>(state: &AppState, at: &InWorkspace, id: &str) -> Result<Markup> {
    let query = ListQuery { limit: Some("100".to_owned()), ..ListQuery::default() };
    let rows = K::list(state, at, &query, None).await?.items;
    Ok(html! { datalist id=(id) { @for row in &rows { option value=(row.slug) { (row.name) } } } })
}
