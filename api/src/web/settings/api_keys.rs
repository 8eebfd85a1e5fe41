//! The workspace's API keys: listed without their secrets; a new key's secret is shown once,
//! in the answer to the form that made it; revoking stops a key everywhere at once.

use actix_web::http::StatusCode;
use actix_web::web;
use maud::{Markup, html};
use uuid::Uuid;

use super::inputs::{Input, field, field_of, select};
use super::{Done, Said, headings, path_of, refused, screen, shown_once};
use crate::accounts::api_keys::{self, ApiKey, KeyKind, NewApiKey};
use crate::auth::roles::Permission;
use crate::error::{Error, FieldError, Result};
use crate::manage;
use crate::state::AppState;
use crate::web::entries::when;
use crate::web::form::error_summary;
use crate::web::page::{PageResult, csrf_field, see_other};
use crate::web::session::{InWorkspace, Posted};

const NAME: Input = Input {
    name: "name",
    label: "Name",
    hint: "What uses the key, such as the Scarborough website.",
    kind: "text",
};
const CLINIC: Input = Input {
    name: "clinic",
    label: "Clinic (optional)",
    hint: "The slug of the one clinic whose offerings the key may read; empty for all.",
    kind: "text",
};
const KINDS: [(&str, &str); 2] =
    [("delivery", "Delivery: published content"), ("preview", "Preview: drafts too")];

pub async fn page(
    state: web::Data<AppState>,
    at: InWorkspace,
    done: web::Query<Done>,
) -> PageResult {
    at.member.require(Permission::ManageApiKeys)?;
    render(&state, &at, Said::of(&done), StatusCode::OK).await
}

pub async fn create(state: web::Data<AppState>, at: InWorkspace, body: web::Bytes) -> PageResult {
    at.member.require(Permission::ManageApiKeys)?;
    let posted = at.posted(&body)?;
    let created = match kind_in(&posted) {
        Ok(kind) => {
            let new = NewApiKey {
                workspace_id: at.member.workspace.id,
                name: posted.get("name").unwrap_or_default(),
                kind,
                clinic: posted.text("clinic"),
                created_by: Some(at.member.user.id),
            };
            api_keys::create(&state.db, new).await
        }
        Err(error) => Err(error),
    };
    match created {
        Ok((key, secret)) => {
            let said = Said { secret: Some(secret_once(&key, &secret)), ..Said::default() };
            render(&state, &at, said, StatusCode::CREATED).await
        }
        Err(error) => {
            let (status, said) = refused(error, posted.fields())?;
            render(&state, &at, said, status).await
        }
    }
}

pub async fn revoke(
    state: web::Data<AppState>,
    at: InWorkspace,
    path: web::Path<(String, Uuid)>,
    body: web::Bytes,
) -> PageResult {
    at.member.require(Permission::ManageApiKeys)?;
    at.posted(&body)?;
    match manage::revoke_key(&state, at.member.workspace.id, path.1).await {
        Ok(()) => Ok(see_other(&format!("{}?done=key-revoked", path_of(&at, "api-keys")))),
        Err(error) => {
            let (status, said) = refused(error, &[])?;
            render(&state, &at, said, status).await
        }
    }
}

/// The kind a form posted, read as REST reads it.
fn kind_in(posted: &Posted) -> Result<KeyKind> {
    let kind = posted.get("kind").unwrap_or("delivery");
    serde_json::from_value(serde_json::Value::String(kind.to_owned())).map_err(|_| {
        Error::Validation(vec![FieldError::new("kind", "must be delivery or preview")])
    })
}

fn kind_name(kind: KeyKind) -> &'static str {
    match kind {
        KeyKind::Delivery => "delivery",
        KeyKind::Preview => "preview",
    }
}

async fn render(state: &AppState, at: &InWorkspace, said: Said, status: StatusCode) -> PageResult {
    let keys = api_keys::list(&state.db, at.member.workspace.id).await?;
    let main = html! {
        (key_table(at, &keys))
        section.panel aria-labelledby="new-key-heading" {
            h2 #new-key-heading { "New key" }
            form method="post" action=(path_of(at, "api-keys")) novalidate {
                (csrf_field(&at.signed_in.csrf))
                @if !said.errors.is_empty() { (error_summary(&said.errors, field_of)) }
                (field(&NAME, said.value("name", ""), &said))
                (select("f-kind", ("kind", "Kind"), &KINDS, said.value("kind", "delivery")))
                (field(&CLINIC, said.value("clinic", ""), &said))
                button.primary type="submit" { "Create key" }
            }
        }
    };
    Ok(screen(at, ("API keys", "api-keys"), &said, main, status))
}

fn secret_once(key: &ApiKey, secret: &str) -> Markup {
    html! {
        (shown_once("key", secret))
        p { "Send it as Authorization: Bearer <key> to the delivery API. Only its hash is stored: “" (key.name) "” is listed by its prefix " code { (key.prefix) } " from now on." }
    }
}

fn key_table(at: &InWorkspace, keys: &[ApiKey]) -> Markup {
    let base = path_of(at, "api-keys");
    html! {
        @if keys.is_empty() { p.muted { "No keys yet." } }
        @else {
            table.entries {
                thead { (headings(&["Name", "Kind", "Prefix", "Clinic", "Created", "Last used", "Revoke"])) }
                tbody {
                    @for key in keys {
                        tr {
                            td { (key.name) }
                            td { (kind_name(key.kind)) }
                            td { code { (key.prefix) "…" } }
                            td { (key.clinic_slug.as_deref().unwrap_or("all")) }
                            td { (when(&key.created_at)) }
                            td { @match &key.last_used_at { Some(at) => (when(at)), None => span.muted { "never" } } }
                            td {
                                @match &key.revoked_at {
                                    Some(revoked) => span.muted { "revoked " (when(revoked)) },
                                    None => form.inline method="post" action=(format!("{base}/{}/revoke", key.id)) {
                                        (csrf_field(&at.signed_in.csrf))
                                        button.danger type="submit" aria-label=(format!("Revoke {}", key.name)) { "Revoke" }
                                    },
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
