//! The list of a workspace's treatments: search, status and condition filters, pages.

use actix_web::web;
use maud::html;
use serde::Deserialize;

use super::{status_badge, when};
use crate::content::listing::ListQuery;
use crate::content::status::Status;
use crate::content::treatments::{self, TreatmentFilter};
use crate::error::Error;
use crate::state::AppState;
use crate::web::page::{PageResult, layout, ok};
use crate::web::session::InWorkspace;

#[derive(Debug, Default, Deserialize)]
pub struct Filters {
    q: Option<String>,
    status: Option<String>,
    condition: Option<String>,
    cursor: Option<String>,
}

pub async fn page(
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
        ..ListQuery::default()
    };
    let filter = TreatmentFilter { condition: blank(&filters.condition), review: None };
    let (page, problem) =
        match treatments::list(&state.db, &at.member.scope(), &query, &filter).await {
            Ok(page) => (Some(page), None),
            Err(Error::Validation(errors)) => {
                let words: Vec<String> =
                    errors.iter().map(|e| format!("{}: {}", e.field, e.message)).collect();
                (None, Some(words.join("; ")))
            }
            Err(error) => return Err(error.into()),
        };
    let base = format!("{}/treatments", at.base());
    let value = |value: &Option<String>| value.clone().unwrap_or_default();
    let next = page.as_ref().and_then(|page| page.next_cursor.clone()).map(|cursor| {
        let mut link = url::form_urlencoded::Serializer::new(String::new());
        for (name, given) in
            [("q", &filters.q), ("status", &filters.status), ("condition", &filters.condition)]
        {
            if let Some(given) = given {
                link.append_pair(name, given);
            }
        }
        link.append_pair("cursor", &cursor);
        format!("{base}?{}", link.finish())
    });
    let main = html! {
        div.heading {
            h1 { "Treatments" }
            @if at.member.role.permits(crate::auth::roles::Permission::Edit) {
                a.button.primary href=(format!("{base}/new")) { "New treatment" }
            }
        }
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
            div.field {
                label for="condition" { "Condition" }
                input #condition name="condition" value=(value(&filters.condition)) placeholder="Condition slug";
            }
            button type="submit" { "Filter" }
        }
        @if let Some(problem) = &problem { p.problem role="alert" { (problem) } }
        @if let Some(page) = &page {
            @if page.items.is_empty() { p { "No treatment matches." } }
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
    Ok(ok(layout("Treatments", Some(&at.frame()), main)))
}
