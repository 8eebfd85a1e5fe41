//! The workspace's name, locales (offered and default) and CORS origins, in one form.

use actix_web::http::StatusCode;
use actix_web::web;
use maud::html;

use super::inputs::{Input, field, field_of, items_of};
use super::{Done, Said, path_of, refused, screen};
use crate::accounts::workspaces::WorkspaceChanges;
use crate::auth::roles::Permission;
use crate::manage;
use crate::state::AppState;
use crate::web::form::error_summary;
use crate::web::page::{PageResult, csrf_field, see_other};
use crate::web::session::InWorkspace;

const NAME: Input = Input { name: "name", label: "Name", hint: "", kind: "text" };
const DEFAULT_LOCALE: Input = Input {
    name: "default_locale",
    label: "Default locale",
    hint: "What sites are served when they ask for no locale, or one without text. It must \
           be one of the locales offered.",
    kind: "text",
};
const LOCALES: Input = Input {
    name: "locales",
    label: "Locales offered",
    hint: "One a line, such as en or fr-CA.",
    kind: "lines",
};
const CORS_ORIGINS: Input = Input {
    name: "cors_origins",
    label: "CORS origins",
    hint: "Browser origins that may call the delivery API with this workspace's keys, one a \
           line, such as https://www.clinic.example; * for any. Empty: none.",
    kind: "lines",
};

pub async fn page(at: InWorkspace, done: web::Query<Done>) -> PageResult {
    at.member.require(Permission::ManageWorkspace)?;
    Ok(form(&at, &Said::of(&done), StatusCode::OK))
}

pub async fn save(state: web::Data<AppState>, at: InWorkspace, body: web::Bytes) -> PageResult {
    at.member.require(Permission::ManageWorkspace)?;
    let posted = at.posted(&body)?;
    let text = |name: &str| posted.get(name).unwrap_or_default();
    let (locales, origins) = (items_of(text("locales")), items_of(text("cors_origins")));
    let changes = WorkspaceChanges::parse(
        Some(text("name")),
        Some(text("default_locale").trim()),
        Some(&locales),
        Some(&origins),
    );
    let saved = match changes {
        Ok(changes) => manage::update_workspace(&state, &at.member.scope(), changes).await,
        Err(error) => Err(error),
    };
    match saved {
        Ok(_) => Ok(see_other(&format!("{}?done=saved", path_of(&at, "workspace")))),
        Err(error) => {
            let (status, said) = refused(error, posted.fields())?;
            Ok(form(&at, &said, status))
        }
    }
}

fn form(at: &InWorkspace, said: &Said, status: StatusCode) -> actix_web::HttpResponse {
    let workspace = &at.member.workspace;
    let (locales, origins) = (workspace.locales.join("\n"), workspace.cors_origins.join("\n"));
    let main = html! {
        form.panel method="post" action=(path_of(at, "workspace")) novalidate {
            (csrf_field(&at.signed_in.csrf))
            @if !said.errors.is_empty() { (error_summary(&said.errors, field_of)) }
            (field(&NAME, said.value("name", &workspace.name), said))
            (field(&LOCALES, said.value("locales", &locales), said))
            (field(&DEFAULT_LOCALE, said.value("default_locale", &workspace.default_locale), said))
            (field(&CORS_ORIGINS, said.value("cors_origins", &origins), said))
            button.primary type="submit" { "Save" }
        }
    };
    screen(at, ("Workspace", "workspace"), said, main, status)
}
