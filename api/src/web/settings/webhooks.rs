//! The workspace's webhooks: listed without their secrets; a new endpoint's signing secret is
//! shown once, in the answer to the form that registered it.

use actix_web::http::StatusCode;
use actix_web::web;
use maud::{Markup, html};

use super::inputs::{Input, field, field_of, items_of};
use super::{Done, Said, headings, path_of, refused, screen, shown_once};
use crate::auth::roles::Permission;
use crate::state::AppState;
use crate::web::form::error_summary;
use crate::web::page::{PageResult, csrf_field};
use crate::web::session::InWorkspace;
use crate::webhooks::endpoints::{NewWebhook, Webhook};

pub const URL: Input = Input {
    name: "url",
    label: "URL",
    hint: "Where Cutis posts the events, such as https://clinic.example/api/revalidate.",
    kind: "url",
};
pub const EVENTS: Input = Input {
    name: "events",
    label: "Events",
    hint: "Separated by commas: * for all, treatment.* for every treatment event, or one \
           such as treatment.published.",
    kind: "text",
};
pub const DESCRIPTION: Input =
    Input { name: "description", label: "Description", hint: "", kind: "text" };
const CLINIC: Input = Input {
    name: "clinic",
    label: "Clinic (optional)",
    hint: "The slug of the one clinic to hear about; empty for all.",
    kind: "text",
};

pub async fn page(
    state: web::Data<AppState>,
    at: InWorkspace,
    done: web::Query<Done>,
) -> PageResult {
    at.member.require(Permission::ManageWebhooks)?;
    render(&state, &at, Said::of(&done), StatusCode::OK).await
}

pub async fn create(state: web::Data<AppState>, at: InWorkspace, body: web::Bytes) -> PageResult {
    at.member.require(Permission::ManageWebhooks)?;
    let posted = at.posted(&body)?;
    let new = NewWebhook {
        url: posted.get("url").unwrap_or_default().trim().to_owned(),
        events: items_of(posted.get("events").unwrap_or_default()),
        description: posted.text("description").map(str::to_owned),
        clinic: posted.text("clinic").map(str::to_owned),
    };
    let workspace = at.member.workspace.id;
    match state.webhooks.create(workspace, at.member.user.id, new).await {
        Ok(created) => {
            let secret = shown_once("signing secret", &created.secret);
            let link = path_of(&at, &format!("webhooks/{}", created.webhook.id));
            let secret = html! { (secret) p { "Receivers verify each delivery with it. " a href=(link) { "The new webhook" } } };
            render(
                &state,
                &at,
                Said { secret: Some(secret), ..Said::default() },
                StatusCode::CREATED,
            )
            .await
        }
        Err(error) => {
            let (status, said) = refused(error, posted.fields())?;
            render(&state, &at, said, status).await
        }
    }
}

async fn render(state: &AppState, at: &InWorkspace, said: Said, status: StatusCode) -> PageResult {
    let hooks = state.webhooks.list(at.member.workspace.id).await?;
    let main = html! {
        (table(at, &hooks))
        section.panel aria-labelledby="new-hook-heading" {
            h2 #new-hook-heading { "New webhook" }
            form method="post" action=(path_of(at, "webhooks")) novalidate {
                (csrf_field(&at.signed_in.csrf))
                @if !said.errors.is_empty() { (error_summary(&said.errors, field_of)) }
                (field(&URL, said.value("url", ""), &said))
                (field(&EVENTS, said.value("events", "*"), &said))
                (field(&DESCRIPTION, said.value("description", ""), &said))
                (field(&CLINIC, said.value("clinic", ""), &said))
                button.primary type="submit" { "Register webhook" }
            }
        }
    };
    Ok(screen(at, ("Webhooks", "webhooks"), &said, main, status))
}

/// Whether `hook` is sent to, in words.
pub fn state_of(hook: &Webhook) -> Markup {
    html! {
        @if hook.active { span.badge.status-published { "on" } }
        @else {
            span.badge.status-archived { "off" }
            @if let Some(reason) = &hook.disabled_reason { " " span.muted { (reason) } }
        }
    }
}

fn table(at: &InWorkspace, hooks: &[Webhook]) -> Markup {
    html! {
        @if hooks.is_empty() { p.muted { "No webhooks yet." } }
        @else {
            table.entries {
                thead { (headings(&["URL", "Description", "Events", "Clinic", "State"])) }
                tbody {
                    @for hook in hooks {
                        tr {
                            td { a href=(path_of(at, &format!("webhooks/{}", hook.id))) { (hook.url) } }
                            td { (hook.description) }
                            td { (hook.events.join(", ")) }
                            td { (hook.clinic.as_deref().unwrap_or("all")) }
                            td { (state_of(hook)) }
                        }
                    }
                }
            }
        }
    }
}
