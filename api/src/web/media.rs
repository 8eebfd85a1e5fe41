//! The media library in the web admin: every image of the workspace with its preview, an
//! upload form, and each image's page, where editors write its alt text and caption per
//! locale, its credit and kind, and a patient photo's consent. Uploads and changes go through
//! the same library and content service as REST ([`crate::media::library`]).

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::NaiveDate;
use maud::{Markup, html};
use serde::Deserialize;
use uuid::Uuid;

use super::page::{PageError, PageResult, csrf_field, layout, respond, see_other};
use super::session::{InWorkspace, Posted};
use crate::auth::roles::Permission;
use crate::content::MediaAssets;
use crate::content::media::{
    self, Channel, Consent, MediaBody, MediaInput, MediaKind, MediaQuery, MediaView,
};
use crate::error::{Error, FieldError, Result};
use crate::request::image::{self as image_answer, VariantQuery};
use crate::request::upload::read_form;
use crate::state::AppState;

pub fn routes(cfg: &mut web::ServiceConfig) {
    let base = "/admin/workspaces/{workspace}/media";
    cfg.route(base, web::get().to(library))
        .route(base, web::post().to(upload))
        .route(&format!("{base}/{{id}}"), web::get().to(asset))
        .route(&format!("{base}/{{id}}"), web::post().to(save))
        .route(&format!("{base}/{{id}}/file"), web::get().to(file));
}

/// `?done=` after a change, and the locale an image's page writes in.
#[derive(Debug, Default, Deserialize)]
pub struct Shown {
    pub done: Option<String>,
    pub locale: Option<String>,
}

async fn library(state: web::Data<AppState>, at: InWorkspace) -> PageResult {
    at.member.require(Permission::ReadDrafts)?;
    render_library(&state, &at, None, StatusCode::OK).await
}

async fn upload(
    state: web::Data<AppState>,
    at: InWorkspace,
    request: HttpRequest,
    payload: web::Payload,
) -> PageResult {
    at.member.require(Permission::Edit)?;
    let limit = state.settings.media.max_bytes;
    let received = read_form(&request, payload, limit, &["csrf", "kind", "alt"]).await;
    let mut received = match received {
        Ok(received) => received,
        Err(error) => return refused_upload(&state, &at, error).await,
    };
    let posted = Posted::checked(std::mem::take(&mut received.fields), &at.signed_in.csrf)?;
    received.metadata = MediaBody {
        kind: posted.text("kind").and_then(MediaKind::parse).map(Some),
        alt: posted.text("alt").map(|alt| Some(alt.to_owned())),
        ..MediaBody::default()
    };
    match crate::media::library::upload(&state, &at.member.scope(), received).await {
        Ok(view) => Ok(see_other(&format!("{}/media/{}?done=uploaded", at.base(), view.id))),
        Err(error) => refused_upload(&state, &at, error).await,
    }
}

async fn refused_upload(state: &AppState, at: &InWorkspace, error: Error) -> PageResult {
    let status = actix_web::ResponseError::status_code(&error);
    if !status.is_client_error() || matches!(error, Error::Forbidden(_) | Error::Unauthorized(_)) {
        return Err(error.into());
    }
    render_library(state, at, Some(problem_of(&error)), status).await
}

async fn render_library(
    state: &AppState,
    at: &InWorkspace,
    problem: Option<String>,
    status: StatusCode,
) -> PageResult {
    let query = MediaQuery { limit: Some("100".into()), ..MediaQuery::default() };
    let page = media::list(&state.db, &at.member.scope(), &query).await?;
    let base = format!("{}/media", at.base());
    let main = html! {
        h1 { "Media" }
        @if let Some(problem) = &problem { p.problem role="alert" { (problem) } }
        @if at.member.role.permits(Permission::Edit) {
            section.panel aria-labelledby="upload-heading" {
                h2 #upload-heading { "Upload an image" }
                p.hint { "JPEG, PNG or WebP. What is stored is the picture alone: its camera data, GPS position and other metadata are removed." }
                form method="post" action=(base) enctype="multipart/form-data" {
                    (csrf_field(&at.signed_in.csrf))
                    div.field {
                        label for="f-file" { "Image" }
                        input #f-file type="file" name="file" accept="image/jpeg,image/png,image/webp" required;
                    }
                    div.field {
                        label for="f-kind" { "Kind" }
                        (kind_select(MediaKind::Photo))
                    }
                    div.field {
                        label for="f-alt" { "Alt text (" (at.member.workspace.default_locale) ")" }
                        input #f-alt type="text" name="alt" maxlength="300";
                    }
                    button.primary type="submit" { "Upload" }
                }
            }
        }
        @if page.items.is_empty() { p.muted { "No images yet." } }
        @else {
            table.entries {
                thead { tr { th scope="col" { "Image" } th scope="col" { "File" } th scope="col" { "Kind" } th scope="col" { "Alt text" } th scope="col" { "Size" } } }
                tbody {
                    @for item in &page.items {
                        tr {
                            td { (preview(&base, item, 160)) }
                            td { a href=(format!("{base}/{}", item.id)) { (item.filename) } }
                            td { (item.kind.as_str()) }
                            td { @match &item.alt { Some(alt) => (alt), None => span.muted { "none" } } }
                            td { (item.width) "×" (item.height) }
                        }
                    }
                }
            }
        }
    };
    Ok(respond(status, layout("Media", Some(&at.frame()), main)))
}

async fn asset(
    state: web::Data<AppState>,
    at: InWorkspace,
    path: web::Path<(String, Uuid)>,
    shown: web::Query<Shown>,
) -> PageResult {
    at.member.require(Permission::ReadDrafts)?;
    let scope = at.member.scope();
    let view =
        state.content.get::<MediaAssets>(&scope, (), path.1, shown.locale.as_deref()).await?;
    let notice = (shown.done.as_deref() == Some("uploaded")).then_some("Uploaded.").or((shown
        .done
        .as_deref()
        == Some("saved"))
    .then_some("Saved."));
    Ok(render_asset(&at, &view, notice, &[], StatusCode::OK))
}

async fn save(
    state: web::Data<AppState>,
    at: InWorkspace,
    path: web::Path<(String, Uuid)>,
    body: web::Bytes,
) -> PageResult {
    at.member.require(Permission::Edit)?;
    let posted = at.posted(&body)?;
    let scope = at.member.scope();
    let id = path.1;
    let version = posted.get("version").and_then(|v| v.parse().ok()).unwrap_or(0);
    let saved = match body_of(&posted) {
        Ok(body) => match MediaInput::parse(body, &scope, false) {
            Ok(input) => {
                state.content.update::<MediaAssets>(&scope, (), (id, version), input).await
            }
            Err(error) => Err(error),
        },
        Err(error) => Err(error),
    };
    match saved {
        Ok(view) => {
            let locale = &view.locale;
            Ok(see_other(&format!("{}/media/{id}?done=saved&locale={locale}", at.base())))
        }
        Err(error) => {
            let status = actix_web::ResponseError::status_code(&error);
            if !status.is_client_error() || matches!(error, Error::NotFound(_)) {
                return Err(error.into());
            }
            let view =
                state.content.get::<MediaAssets>(&scope, (), id, posted.get("locale")).await?;
            let errors = match &error {
                Error::Validation(errors) => errors.clone(),
                other => vec![FieldError::new("", problem_of(other))],
            };
            Ok(render_asset(&at, &view, None, &errors, status))
        }
    }
}

async fn file(
    state: web::Data<AppState>,
    at: InWorkspace,
    request: HttpRequest,
    path: web::Path<(String, Uuid)>,
    query: web::Query<VariantQuery>,
) -> Result<HttpResponse, PageError> {
    at.member.require(Permission::ReadDrafts)?;
    let scope = at.member.scope();
    let record = media::load(&state.db, &scope, path.1).await?;
    let source = crate::media::library::source_of_record(scope.workspace_id, &record);
    Ok(image_answer::image(&state, &request, &source, &query, "private, no-cache").await?)
}

/// The posted form as the body REST would take: every field, so a cleared one clears.
fn body_of(posted: &Posted) -> Result<MediaBody> {
    let optional = |name: &str| Some(posted.text(name).map(str::to_owned));
    let kind = posted.get("kind").and_then(MediaKind::parse);
    let consent = match kind {
        Some(MediaKind::PatientPhoto) => Some(consent_of(posted)?),
        _ => Some(None),
    };
    Ok(MediaBody {
        locale: Some(posted.text("locale").map(str::to_owned)),
        kind: Some(kind),
        alt: optional("alt"),
        caption: optional("caption"),
        credit: optional("credit"),
        consent,
        ..MediaBody::default()
    })
}

/// A patient photo's consent as posted; none when its fields are all empty.
fn consent_of(posted: &Posted) -> Result<Option<Consent>> {
    let date = |name: &str| -> Result<Option<NaiveDate>> {
        match posted.text(name) {
            None => Ok(None),
            Some(raw) => raw.parse().map(Some).map_err(|_| {
                Error::Validation(vec![FieldError::new(
                    format!("consent.{name}"),
                    "must be a date such as 2026-09-14",
                )])
            }),
        }
    };
    let obtained_on = date("obtained_on")?;
    let scope: Vec<Channel> = posted
        .fields()
        .iter()
        .filter(|(name, _)| name == "scope")
        .filter_map(|(_, value)| Channel::parse(value))
        .collect();
    let form_ref = posted.text("form_ref").unwrap_or_default().to_owned();
    let Some(obtained_on) = obtained_on else {
        if form_ref.is_empty() && scope.is_empty() {
            return Ok(None);
        }
        return Err(Error::Validation(vec![FieldError::new(
            "consent.obtained_on",
            "is required to record a consent",
        )]));
    };
    Ok(Some(Consent { obtained_on, scope, expires_on: date("expires_on")?, form_ref }))
}

fn render_asset(
    at: &InWorkspace,
    view: &MediaView,
    notice: Option<&str>,
    errors: &[FieldError],
    status: StatusCode,
) -> HttpResponse {
    let base = format!("{}/media", at.base());
    let consent = view.consent.as_ref();
    let has = |channel: Channel| consent.is_some_and(|c| c.scope.contains(&channel));
    let date = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
    let editable = at.member.role.permits(Permission::Edit);
    let main = html! {
        p { a href=(base) { "All media" } }
        h1 { (view.filename) }
        @if let Some(notice) = notice { p.saved role="status" { (notice) } }
        @if !errors.is_empty() {
            div.problem role="alert" {
                p { "Nothing was saved:" }
                ul { @for error in errors { li { @if !error.field.is_empty() { code { (error.field) } " " } (error.message) } } }
            }
        }
        (preview(&base, view, 640))
        p.muted { (view.media_type) " · " (view.width) "×" (view.height) " · " (view.byte_size) " bytes" }
        form.editor method="post" action=(format!("{base}/{}", view.id)) {
            (csrf_field(&at.signed_in.csrf))
            input type="hidden" name="version" value=(view.version);
            input type="hidden" name="locale" value=(view.locale);
            fieldset disabled[!editable] {
                legend { "Text in " (view.locale) }
                div.field {
                    label for="f-alt" { "Alt text" }
                    p.hint #f-alt-hint { "What the image shows, for people who cannot see it." }
                    input #f-alt type="text" name="alt" maxlength="300" aria-describedby="f-alt-hint" value=(view.alt.as_deref().unwrap_or_default());
                }
                div.field {
                    label for="f-caption" { "Caption" }
                    input #f-caption type="text" name="caption" maxlength="500" value=(view.caption.as_deref().unwrap_or_default());
                }
            }
            fieldset disabled[!editable] {
                legend { "The image" }
                div.field {
                    label for="f-kind" { "Kind" }
                    (kind_select(view.kind))
                }
                div.field {
                    label for="f-credit" { "Credit" }
                    input #f-credit type="text" name="credit" maxlength="200" value=(view.credit.as_deref().unwrap_or_default());
                }
            }
            fieldset disabled[!editable] {
                legend { "Patient consent (patient photos only)" }
                p.hint { "What the signed form says. Never the patient's name." }
                div.field {
                    label for="f-obtained_on" { "Obtained on" }
                    input #f-obtained_on type="date" name="obtained_on" value=(date(consent.map(|c| c.obtained_on)));
                }
                div.field {
                    span #scope-label { "May be shown on" }
                    div role="group" aria-labelledby="scope-label" {
                        @for channel in Channel::ALL {
                            label.check {
                                input type="checkbox" name="scope" value=(channel.as_str()) checked[has(channel)];
                                " " (channel.as_str())
                            }
                        }
                    }
                }
                div.field {
                    label for="f-expires_on" { "Expires on" }
                    input #f-expires_on type="date" name="expires_on" value=(date(consent.and_then(|c| c.expires_on)));
                }
                div.field {
                    label for="f-form_ref" { "Form reference" }
                    input #f-form_ref type="text" name="form_ref" maxlength="200" value=(consent.map(|c| c.form_ref.as_str()).unwrap_or_default());
                }
            }
            @if editable { div.save-bar { button.primary type="submit" { "Save" } } }
        }
    };
    respond(status, layout(&view.filename, Some(&at.frame()), main))
}

fn kind_select(current: MediaKind) -> Markup {
    html! {
        select #f-kind name="kind" {
            @for kind in MediaKind::ALL {
                option value=(kind.as_str()) selected[kind == current] { (kind.as_str().replace('_', " ")) }
            }
        }
    }
}

fn preview(base: &str, view: &MediaView, width: u32) -> Markup {
    let src = format!(
        "{base}/{}/file?w={}",
        view.id,
        if width < view.width {
            media::widths_of(view.width).into_iter().find(|w| *w >= width).unwrap_or(view.width)
        } else {
            view.width
        }
    );
    let alt = view.alt.clone().unwrap_or_else(|| format!("{} (no alt text yet)", view.filename));
    let shown = width.min(view.width);
    let height = media::height_at((view.width, view.height), shown);
    html! { img src=(src) alt=(alt) width=(shown) height=(height) loading="lazy"; }
}

fn problem_of(error: &Error) -> String {
    match error {
        Error::Validation(errors) => errors
            .iter()
            .map(|e| format!("{}: {}", e.field, e.message))
            .collect::<Vec<_>>()
            .join("; "),
        other => other.public_detail(),
    }
}
