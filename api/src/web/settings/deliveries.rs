//! A webhook's delivery log, newest first: event, status, attempts, the last answer, and a
//! button to send one again.

use actix_web::http::StatusCode;
use actix_web::web;
use maud::{Markup, html};
use uuid::Uuid;

use super::{Done, Said, headings, path_of, refused, screen};
use crate::auth::roles::Permission;
use crate::state::AppState;
use crate::web::entries::when;
use crate::web::page::{PageResult, csrf_field, see_other};
use crate::web::session::InWorkspace;
use crate::webhooks::deliveries::{Delivery, PENDING};

pub async fn page(
    state: web::Data<AppState>,
    at: InWorkspace,
    path: web::Path<(String, Uuid)>,
    done: web::Query<Done>,
) -> PageResult {
    at.member.require(Permission::ManageWebhooks)?;
    render(&state, &at, path.1, (Said::of(&done), done.cursor.as_deref()), StatusCode::OK).await
}

pub async fn retry(
    state: web::Data<AppState>,
    at: InWorkspace,
    path: web::Path<(String, Uuid, Uuid)>,
    body: web::Bytes,
) -> PageResult {
    at.member.require(Permission::ManageWebhooks)?;
    at.posted(&body)?;
    let (_, id, delivery) = path.into_inner();
    match state.webhooks.retry(at.member.workspace.id, id, delivery).await {
        Ok(_) => Ok(see_other(&format!("{}?done=retried", log_of(&at, id)))),
        Err(error) => {
            let (status, said) = refused(error, &[])?;
            render(&state, &at, id, (said, None), status).await
        }
    }
}

fn log_of(at: &InWorkspace, id: Uuid) -> String {
    path_of(at, &format!("webhooks/{id}/deliveries"))
}

async fn render(
    state: &AppState,
    at: &InWorkspace,
    id: Uuid,
    (said, cursor): (Said, Option<&str>),
    status: StatusCode,
) -> PageResult {
    let workspace = at.member.workspace.id;
    let hook = state.webhooks.get(workspace, id).await?;
    let page = match state.webhooks.deliveries(workspace, id, (None, cursor)).await {
        Ok(page) => page,
        Err(error) => {
            let (status, said) = refused(error, &[])?;
            let main = html! { p { a href=(log_of(at, id)) { "The newest deliveries" } } };
            return Ok(screen(at, ("Deliveries", "webhooks"), &said, main, status));
        }
    };
    let log = log_of(at, id);
    let main = html! {
        p.facts { "To " a href=(path_of(at, &format!("webhooks/{id}"))) { (hook.url) } }
        @if page.items.is_empty() { p.muted { "Nothing was sent yet." } }
        @else { (table(at, &log, &page.items)) }
        @if let Some(next) = &page.next_cursor {
            p { a href=(format!("{log}?cursor={}", encoded(next))) rel="next" { "Older deliveries" } }
        }
    };
    Ok(screen(at, ("Deliveries", "webhooks"), &said, main, status))
}

fn encoded(text: &str) -> String {
    url::form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

fn table(at: &InWorkspace, log: &str, items: &[Delivery]) -> Markup {
    html! {
        table.entries {
            thead { (headings(&["Event", "Status", "Attempts", "Answer", "Queued", "Retry"])) }
            tbody {
                @for delivery in items {
                    tr {
                        td { (delivery.event) }
                        td {
                            span class=(format!("badge delivery-{}", delivery.status)) { (delivery.status) }
                            @if let Some(next) = delivery.next_attempt_at.filter(|_| delivery.status == PENDING) { br; span.muted { "next try " (when(&next)) } }
                            @if let Some(delivered) = &delivery.delivered_at { br; span.muted { "delivered " (when(delivered)) } }
                        }
                        td { (delivery.attempts) }
                        td {
                            @if let Some(code) = delivery.last_status_code { "HTTP " (code) }
                            @if let Some(ms) = delivery.last_duration_ms { " in " (ms) " ms" }
                            @if let Some(error) = &delivery.last_error { br; span.muted { (error) } }
                        }
                        td { (when(&delivery.created_at)) }
                        td {
                            @if delivery.status != PENDING {
                                form.inline method="post" action=(format!("{log}/{}/retry", delivery.id)) {
                                    (csrf_field(&at.signed_in.csrf))
                                    button type="submit" aria-label=(format!("Send the {} of {} again", delivery.event, when_text(delivery))) { "Send again" }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn when_text(delivery: &Delivery) -> String {
    delivery.created_at.format("%-d %b %Y, %H:%M:%S UTC").to_string()
}
