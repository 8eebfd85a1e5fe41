//! One webhook: change its URL, events or description, turn it off or on, rotate its secret
//! (the new one shown once), send a ping, delete it.

use actix_web::http::StatusCode;
use actix_web::web;
use maud::html;
use uuid::Uuid;

use super::inputs::{field, field_of, items_of};
use super::webhooks::{DESCRIPTION, EVENTS, URL, state_of};
use super::{Done, Said, path_of, refused, screen, shown_once};
use crate::auth::roles::Permission;
use crate::error::Result;
use crate::state::AppState;
use crate::web::entries::when;
use crate::web::form::error_summary;
use crate::web::page::{PageResult, csrf_field, see_other};
use crate::web::session::InWorkspace;
use crate::webhooks::endpoints::WebhookChanges;

type HookPath = web::Path<(String, Uuid)>;

pub async fn page(
    state: web::Data<AppState>,
    at: InWorkspace,
    path: HookPath,
    done: web::Query<Done>,
) -> PageResult {
    at.member.require(Permission::ManageWebhooks)?;
    render(&state, &at, path.1, Said::of(&done), StatusCode::OK).await
}

pub async fn save(
    state: web::Data<AppState>,
    at: InWorkspace,
    path: HookPath,
    body: web::Bytes,
) -> PageResult {
    at.member.require(Permission::ManageWebhooks)?;
    let posted = at.posted(&body)?;
    let changes = WebhookChanges {
        url: Some(posted.get("url").unwrap_or_default().trim().to_owned()),
        events: Some(items_of(posted.get("events").unwrap_or_default())),
        description: Some(posted.get("description").unwrap_or_default().trim().to_owned()),
        active: None,
    };
    let saved = state.webhooks.update(at.member.workspace.id, path.1, changes).await;
    after(&state, &at, path.1, saved.map(drop), ("saved", posted.fields())).await
}

/// Turns the webhook off, or back on (`active` = `true`).
pub async fn switch(
    state: web::Data<AppState>,
    at: InWorkspace,
    path: HookPath,
    body: web::Bytes,
) -> PageResult {
    at.member.require(Permission::ManageWebhooks)?;
    let on = at.posted(&body)?.get("active") == Some("true");
    let changes = WebhookChanges { active: Some(on), ..WebhookChanges::default() };
    let switched = state.webhooks.update(at.member.workspace.id, path.1, changes).await;
    let done = if on { "enabled" } else { "disabled" };
    after(&state, &at, path.1, switched.map(drop), (done, &[])).await
}

pub async fn rotate_secret(
    state: web::Data<AppState>,
    at: InWorkspace,
    path: HookPath,
    body: web::Bytes,
) -> PageResult {
    at.member.require(Permission::ManageWebhooks)?;
    at.posted(&body)?;
    let rotated = state.webhooks.rotate_secret(at.member.workspace.id, path.1).await?;
    let secret = html! {
        (shown_once("new signing secret", &rotated.secret))
        p { "The old secret keeps signing beside it for 24 hours, so receivers can switch without missing a delivery." }
    };
    render(&state, &at, path.1, Said { secret: Some(secret), ..Said::default() }, StatusCode::OK)
        .await
}

pub async fn ping(
    state: web::Data<AppState>,
    at: InWorkspace,
    path: HookPath,
    body: web::Bytes,
) -> PageResult {
    at.member.require(Permission::ManageWebhooks)?;
    at.posted(&body)?;
    state.webhooks.ping(&at.member.workspace, path.1).await?;
    let deliveries = path_of(&at, &format!("webhooks/{}/deliveries", path.1));
    Ok(see_other(&format!("{deliveries}?done=pinged")))
}

pub async fn delete(
    state: web::Data<AppState>,
    at: InWorkspace,
    path: HookPath,
    body: web::Bytes,
) -> PageResult {
    at.member.require(Permission::ManageWebhooks)?;
    at.posted(&body)?;
    state.webhooks.delete(at.member.workspace.id, path.1).await?;
    Ok(see_other(&format!("{}?done=deleted", path_of(&at, "webhooks"))))
}

/// Back to the webhook with `done` said, or its page again with the service's refusal.
async fn after(
    state: &AppState,
    at: &InWorkspace,
    id: Uuid,
    outcome: Result<()>,
    (done, posted): (&str, &[(String, String)]),
) -> PageResult {
    match outcome {
        Ok(()) => Ok(see_other(&format!("{}?done={done}", path_of(at, &format!("webhooks/{id}"))))),
        Err(error) => {
            let (status, said) = refused(error, posted)?;
            render(state, at, id, said, status).await
        }
    }
}

async fn render(
    state: &AppState,
    at: &InWorkspace,
    id: Uuid,
    said: Said,
    status: StatusCode,
) -> PageResult {
    let hook = state.webhooks.get(at.member.workspace.id, id).await?;
    let base = path_of(at, &format!("webhooks/{id}"));
    let events = hook.events.join(", ");
    let main = html! {
        p.facts {
            (state_of(&hook)) " · created " (when(&hook.created_at))
            @if let Some(until) = &hook.previous_secret_expires_at { " · the previous secret signs until " (when(until)) }
            " · " a href=(format!("{base}/deliveries")) { "Deliveries" }
        }
        form.panel method="post" action=(base) novalidate {
            (csrf_field(&at.signed_in.csrf))
            @if !said.errors.is_empty() { (error_summary(&said.errors, field_of)) }
            (field(&URL, said.value("url", &hook.url), &said))
            (field(&EVENTS, said.value("events", &events), &said))
            (field(&DESCRIPTION, said.value("description", &hook.description), &said))
            button.primary type="submit" { "Save" }
        }
        section.panel aria-labelledby="actions-heading" {
            h2 #actions-heading { "Actions" }
            div.actions {
                form.inline method="post" action=(format!("{base}/ping")) {
                    (csrf_field(&at.signed_in.csrf))
                    button type="submit" { "Send a ping" }
                }
                form.inline method="post" action=(format!("{base}/active")) {
                    (csrf_field(&at.signed_in.csrf))
                    input type="hidden" name="active" value=(!hook.active);
                    button type="submit" { @if hook.active { "Turn off" } @else { "Turn on" } }
                }
                form.inline method="post" action=(format!("{base}/rotate-secret")) {
                    (csrf_field(&at.signed_in.csrf))
                    button type="submit" { "Rotate the secret" }
                }
                form.inline method="post" action=(format!("{base}/delete")) {
                    (csrf_field(&at.signed_in.csrf))
                    button.danger type="submit" { "Delete the webhook" }
                }
            }
        }
    };
    Ok(screen(at, (&format!("Webhook: {}", hook.url), "webhooks"), &said, main, status))
}
