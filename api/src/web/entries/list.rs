//! The list of a workspace's entries of one kind: search, status (and condition) filters, pages.

use actix_web::web;
use chrono::{DateTime, Utc};
use maud::html;
use serde::Deserialize;
use uuid::Uuid;

use super::{Edited, list_path, status_badge, when};
use crate::content::listing::ListQuery;
use crate::content::status::Status;
use crate::error::Error;
use crate::state::AppState;
use crate::web::page::{PageResult, layout, ok};
use crate::web::session::InWorkspace;

/// An entry as its list shows it.
pub struct Row {
    pub id: Uuid,
    pub name: String,
    pub slug: String,
    pub status: String,
    pub version: i32,
    pub locales: Vec<String>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Default, Deserialize)]
pub struct Filters {
    q: Option<String>,
    status: Option<String>,
    condition: Option<String>,
    cursor: Option<String>,
    /// `me` for only what the member changed last.
    updated_by: Option<String>,
    deleted: Option<String>,
}

pub async fn page<K: Edited>(
    state: web::Data<AppState>,
    at: InWorkspace,
    filters: web::Query<Filters>,
) -> PageResult {
    let filters = filters.into_inner();
    let blank = |value: &Option<String>| value.clone().filter(|value| !value.trim().is_empty());
    let query = ListQuery {
        q: blank(&filters.q),
        status: blank(&filters.status),
        cursor: blank(&filters.cursor),
        updated_by: blank(&filters.updated_by),
        ..ListQuery::default()
    };
    let condition = blank(&filters.condition).filter(|_| K::BY_CONDITION);
    let (page, problem) = match K::list(&state, &at, &query, condition).await {
        Ok(page) => (Some(page), None),
        Err(Error::Validation(errors)) => {
            let words: Vec<String> =
                errors.iter().map(|e| format!("{}: {}", e.field, e.message)).collect();
            (None, Some(words.join("; ")))
        }
        Err(error) => return Err(error.into()),
    };
    let base = list_path::<K>(&at);
    let value = |value: &Option<String>| value.clone().unwrap_or_default();
    let next = page.as_ref().and_then(|page| page.next_cursor.clone()).map(|cursor| {
        let mut link = url::form_urlencoded::Serializer::new(String::new());
        for (name, given) in [
            ("q", &filters.q),
            ("status", &filters.status),
            ("condition", &filters.condition),
            ("updated_by", &filters.updated_by),
        ] {
            if let Some(given) = given {
                link.append_pair(name, given);
            }
        }
        link.append_pair("cursor", &cursor);
        format!("{base}?{}", link.finish())
    });
    let main = html! {
        div.heading {
            h1 { (K::TITLE) }
            @if at.member.role.permits(crate::auth::roles::Permission::Edit) {
                a.button.primary href=(format!("{base}/new")) { "New " (K::NOUN) }
            }
        }
        @if filters.deleted.is_some() { p.saved role="status" { "Deleted." } }
        form.filters method="get" action=(base) role="search" {
            div.field {
                label for="q" { "Search" }
                input #q name="q" type="search" value=(value(&filters.q)) placeholder="Name or slug";
            }
            div.field {
                label for="status" { "Status" }
                select #status name="status" {
                    option value="" { "Any" }
                    @for status in Status::ALL {
                        option value=(status.as_str()) selected[filters.status.as_deref() == Some(status.as_str())] {
                            (status.as_str().replace('_', " "))
                        }
                    }
                }
            }
            @if K::BY_CONDITION {
                div.field {
                    label for="condition" { "Condition" }
                    input #condition name="condition" value=(value(&filters.condition)) placeholder="Condition slug";
                }
            }
            div.field.check {
                input #updated_by name="updated_by" type="checkbox" value="me" checked[filters.updated_by.as_deref() == Some("me")];
                label for="updated_by" { "Only what I changed last" }
            }
            button type="submit" { "Filter" }
        }
        @if let Some(problem) = &problem { p.problem role="alert" { (problem) } }
        @if let Some(page) = &page {
            @if page.items.is_empty() { p { "No " (K::NOUN) " matches." } }
            @else {
                table.entries {
                    thead { tr { th scope="col" { "Name" } th scope="col" { "Status" } th scope="col" { "Locales" } th scope="col" { "Updated" } } }
                    tbody {
                        @for item in &page.items {
                            tr {
                                td { a href=(format!("{base}/{}", item.id)) { (item.name) } br; span.muted { (item.slug) } }
                                td { (status_badge(&item.status)) " v" (item.version) }
                                td { (item.locales.join(", ")) }
                                td { (when(&item.updated_at)) }
                            }
                        }
                    }
                }
            }
            @if let Some(next) = &next { p { a href=(next) rel="next" { "Next page" } } }
        }
    };
    Ok(ok(layout(K::TITLE, Some(&at.frame()), main)))
}
