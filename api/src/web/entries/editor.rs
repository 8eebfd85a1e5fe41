//! The editor: every field of an entry in one locale, the default locale's text beside it when
//! translating, the service's validation errors next to their inputs.

use actix_web::http::StatusCode;
use actix_web::web;
use maud::{Markup, html};
use serde::Deserialize;
use serde_json::Value;
use uuid::Uuid;

use super::conflict::{self, Mine};
use super::{Edited, list_path, load, path_of, status_badge, to_json, when, workflow};
use crate::auth::roles::Permission;
use crate::content::{Entry, Scope};
use crate::error::{Error, FieldError, Result};
use crate::state::AppState;
use crate::web::form::{self, Shown, Values};
use crate::web::page::{PageResult, csrf_field, layout, problem, respond, see_other};
use crate::web::sections::Sections;
use crate::web::session::{InWorkspace, Posted};

#[derive(Debug, Default, Deserialize)]
pub struct LocaleQuery {
    pub locale: Option<String>,
    /// Set by the redirect after a save, or after a workflow step.
    pub saved: Option<String>,
    pub stepped: Option<String>,
}

/// What the editor shows.
pub struct Editing<'a, K: Edited> {
    /// The entry as stored, in the locale asked for; `None` for a new one.
    pub view: Option<&'a K::View>,
    pub locale: String,
    pub values: Values,
    pub errors: Vec<FieldError>,
    /// The change note typed so far.
    pub note: String,
    /// What the last post did, said once.
    pub notice: Option<&'static str>,
    /// A workflow step or delete the service refused, and why.
    pub refused: Option<Error>,
}

/// The locale `asked` if the workspace offers it, else its default.
pub fn locale_of(at: &InWorkspace, asked: Option<&str>) -> String {
    let workspace = &at.member.workspace;
    asked
        .filter(|locale| workspace.offers_locale(locale))
        .unwrap_or(&workspace.default_locale)
        .to_owned()
}

pub async fn blank<K: Edited>(
    state: web::Data<AppState>,
    at: InWorkspace,
    query: web::Query<LocaleQuery>,
) -> PageResult {
    at.member.require(Permission::Edit)?;
    let locale = locale_of(&at, query.locale.as_deref());
    let editing = Editing::<K> {
        view: None,
        locale,
        values: Values::new(),
        errors: Vec::new(),
        note: String::new(),
        notice: None,
        refused: None,
    };
    screen(&state, &at, editing, StatusCode::OK).await
}

pub async fn page<K: Edited>(
    state: web::Data<AppState>,
    at: InWorkspace,
    path: web::Path<(String, Uuid)>,
    query: web::Query<LocaleQuery>,
) -> PageResult {
    let locale = locale_of(&at, query.locale.as_deref());
    let view = load::<K>(&state, &at, path.1, Some(&locale)).await?;
    let values = values_in::<K>(&view, &locale)?;
    let notice = match (&query.saved, &query.stepped) {
        (Some(_), _) => Some("Saved."),
        (_, Some(_)) => Some("Done: the status shown is the one it has now."),
        _ => None,
    };
    let editing = Editing::<K> {
        view: Some(&view),
        locale,
        values,
        errors: Vec::new(),
        note: String::new(),
        notice,
        refused: None,
    };
    screen(&state, &at, editing, StatusCode::OK).await
}

pub async fn create<K: Edited>(
    state: web::Data<AppState>,
    at: InWorkspace,
    body: web::Bytes,
) -> PageResult {
    at.member.require(Permission::Edit)?;
    let posted = at.posted(&body)?;
    let locale = locale_of(&at, posted.text("locale"));
    let values = K::SECTIONS.posted_values(posted.fields());
    let note = posted.get("note").unwrap_or_default().to_owned();
    let scope = at.member.scope();
    let change = Change { values: &values, locale: &locale, note: &note, creating: true };
    let outcome = match parsed::<K>(&K::SECTIONS, change, &scope) {
        Ok(input) => state.content.create::<K>(&scope, (), input).await,
        Err(error) => Err(error),
    };
    match outcome {
        Ok(view) => {
            let path = path_of::<K>(&at, K::view_id(&view));
            Ok(see_other(&format!("{path}?locale={locale}&saved=1")))
        }
        Err(Error::Validation(errors)) => {
            let editing = Editing::<K> {
                view: None,
                locale,
                values,
                errors,
                note,
                notice: None,
                refused: None,
            };
            screen(&state, &at, editing, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(error) => Err(error.into()),
    }
}

pub async fn save<K: Edited>(
    state: web::Data<AppState>,
    at: InWorkspace,
    path: web::Path<(String, Uuid)>,
    body: web::Bytes,
) -> PageResult {
    let Edit { posted, locale, version } = Edit::of(&at, &body)?;
    let values = K::SECTIONS.posted_values(posted.fields());
    let note = posted.get("note").unwrap_or_default().to_owned();
    apply::<K>(&state, &at, path.1, Mine { locale, version, values, note }).await
}

/// Saves `mine` over entry `id` at the version it was loaded at: back to the editor when
/// saved, the conflict screen when a colleague saved first, the form with its errors else.
pub async fn apply<K: Edited>(
    state: &AppState,
    at: &InWorkspace,
    id: Uuid,
    mine: Mine,
) -> PageResult {
    let scope = at.member.scope();
    let change =
        Change { values: &mine.values, locale: &mine.locale, note: &mine.note, creating: false };
    let outcome = match parsed::<K>(&K::SECTIONS, change, &scope) {
        Ok(input) => state.content.update::<K>(&scope, (), (id, mine.version), input).await,
        Err(error) => Err(error),
    };
    match outcome {
        Ok(_) => {
            let path = path_of::<K>(at, id);
            Ok(see_other(&format!("{path}?locale={}&saved=1", mine.locale)))
        }
        Err(Error::VersionMismatch { .. }) => conflict::screen::<K>(state, at, id, mine).await,
        Err(Error::Validation(errors)) => {
            let view = load::<K>(state, at, id, Some(&mine.locale)).await?;
            let Mine { locale, values, note, .. } = mine;
            let editing = Editing::<K> {
                view: Some(&view),
                locale,
                values,
                errors,
                note,
                notice: None,
                refused: None,
            };
            screen(state, at, editing, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(error) => Err(error.into()),
    }
}

/// The editor of entry `id` in `locale` again, saying why the service refused a workflow step
/// or a delete, with the status REST would answer. Errors that are no refusal of the entry's
/// (a missing permission, a gone entry) are the error page.
pub async fn refused<K: Edited>(
    state: &AppState,
    at: &InWorkspace,
    (id, locale): (Uuid, &str),
    error: Error,
) -> PageResult {
    let refusal = matches!(
        error,
        Error::Conflict(_)
            | Error::InvalidTransition { .. }
            | Error::Claims(_)
            | Error::Validation(_)
            | Error::VersionMismatch { .. }
    );
    if !refusal {
        return Err(error.into());
    }
    let status = actix_web::ResponseError::status_code(&error);
    let view = load::<K>(state, at, id, Some(locale)).await?;
    let editing = Editing::<K> {
        values: values_in::<K>(&view, locale)?,
        view: Some(&view),
        locale: locale.to_owned(),
        errors: Vec::new(),
        note: String::new(),
        notice: None,
        refused: Some(error),
    };
    screen(state, at, editing, status).await
}

/// A form posted to change an entry: its fields, once the member may edit and the CSRF token
/// is the session's, the locale it was written in and the version it was loaded at.
pub struct Edit {
    pub posted: Posted,
    pub locale: String,
    pub version: i32,
}

impl Edit {
    pub fn of(at: &InWorkspace, body: &[u8]) -> Result<Self> {
        at.member.require(Permission::Edit)?;
        let posted = at.posted(body)?;
        let locale = locale_of(at, posted.text("locale"));
        let version = version_of(&posted)?;
        Ok(Self { posted, locale, version })
    }
}

/// The version a form was loaded at, from its hidden `version` field.
pub fn version_of(posted: &Posted) -> Result<i32> {
    posted.text("version").and_then(|version| version.parse().ok()).ok_or_else(|| {
        Error::BadRequest(
            "the form does not say which version it edits; reload the page".to_owned(),
        )
    })
}

/// What a form posted for an entry of any kind.
pub struct Change<'a> {
    pub values: &'a Values,
    pub locale: &'a str,
    pub note: &'a str,
    /// Whether it makes a new entry (which needs what creating requires).
    pub creating: bool,
}

/// The validated input of kind `K` a form with `sections` posted: every field, so a saved
/// form is the entry. Errors of the form itself (a word for a number) and of the service come
/// back together.
pub fn parsed<K: Entry>(sections: &Sections, change: Change, scope: &Scope) -> Result<K::Input> {
    let Change { values, locale, note, creating } = change;
    let (mut body, mut errors) = sections.body_of(values);
    body.insert("locale".to_owned(), Value::String(locale.to_owned()));
    let note = note.trim();
    body.insert(
        "note".to_owned(),
        if note.is_empty() { Value::Null } else { Value::String(note.to_owned()) },
    );
    let body: K::Body = serde_json::from_value(Value::Object(body)).map_err(|error| {
        Error::Internal(format!("the editor built a body the API refuses: {error}"))
    })?;
    match K::parse(body, scope, creating) {
        Ok(input) if errors.is_empty() => Ok(input),
        Ok(_) => Err(Error::Validation(errors)),
        Err(Error::Validation(more)) => {
            errors.extend(more);
            Err(Error::Validation(errors))
        }
        Err(error) => Err(error),
    }
}

/// The form values of `view` for editing in `locale`: without text when `view` is the
/// fallback of a locale that has none yet.
pub fn values_in<K: Edited>(view: &K::View, locale: &str) -> Result<Values> {
    let mut values = K::SECTIONS.values_of(&to_json::<K>(view)?);
    if K::header(view).locale != locale {
        K::SECTIONS.without_text(&mut values);
    }
    Ok(values)
}

/// The editor page.
pub async fn screen<K: Edited>(
    state: &AppState,
    at: &InWorkspace,
    editing: Editing<'_, K>,
    status: StatusCode,
) -> PageResult {
    let default = &at.member.workspace.default_locale;
    let reference = match (editing.view, editing.locale != *default) {
        (Some(view), true) => {
            let view = load::<K>(state, at, K::header(view).id, Some(default)).await?;
            Some(K::SECTIONS.values_of(&to_json::<K>(&view)?))
        }
        _ => None,
    };
    let lists = K::datalists(state, at).await?;
    let (side, below) = match editing.view {
        Some(view) => (
            Some(workflow::panel::<K>(state, at, view, &editing.locale).await?),
            K::below(state, at, view, &editing.locale).await?,
        ),
        None => (None, html! {}),
    };
    let title = editing
        .view
        .map_or_else(|| format!("New {}", K::NOUN), |view| K::header(view).name.to_owned());
    let main = html! {
        (heading(at, &editing))
        div.editor-layout {
            (form_of(at, &editing, reference.as_ref()))
            @if let Some(side) = side { aside.side aria-label="Workflow" { (side) } }
        }
        (below)
        (lists)
    };
    Ok(respond(status, layout(&title, Some(&at.frame()), main)))
}

fn heading<K: Edited>(at: &InWorkspace, editing: &Editing<K>) -> Markup {
    let workspace = &at.member.workspace;
    let header = editing.view.map(K::header);
    let locale_link = |locale: &str| match &header {
        Some(view) => format!("{}?locale={locale}", path_of::<K>(at, view.id)),
        None => format!("{}/new?locale={locale}", list_path::<K>(at)),
    };
    html! {
        div.heading {
            h1 { @match &header { Some(view) => (view.name), None => { "New " (K::NOUN) } } }
            @if let Some(view) = &header {
                p.facts {
                    (status_badge(view.status)) " version " (view.version)
                    @if let Some(published) = &view.published_at { " · published " (when(published)) }
                    @if let Some(due) = &view.publish_at { " · to publish " (when(due)) }
                    " · " a href=(format!("{}/history", path_of::<K>(at, view.id))) { "History" }
                    " · " a href=(format!("{}/preview?locale={}", path_of::<K>(at, view.id), editing.locale)) { "Preview" }
                }
            }
        }
        @if let Some(notice) = editing.notice { p.saved role="status" { (notice) } }
        @if let Some(refused) = &editing.refused { (problem(refused)) }
        nav.locales aria-label="Locale" {
            @for locale in &workspace.locales {
                @if *locale == editing.locale {
                    a href=(locale_link(locale)) aria-current="page" { (locale) }
                } @else {
                    a href=(locale_link(locale)) { (locale) }
                }
            }
        }
        @if let Some(view) = header.as_ref().filter(|view| view.locale != editing.locale) {
            p.notice role="status" {
                "This " (K::NOUN) " has no " (editing.locale) " text yet: sites asking for " (editing.locale)
                " are served the " (view.locale) " text. Saving this form adds " (editing.locale) "."
            }
        }
    }
}

fn form_of<K: Edited>(
    at: &InWorkspace,
    editing: &Editing<K>,
    reference: Option<&Values>,
) -> Markup {
    let editable = at.member.role.permits(Permission::Edit);
    let errors = form::errors_by_path(&editing.errors);
    let default = at.member.workspace.default_locale.as_str();
    let shown = Shown {
        values: &editing.values,
        errors: &errors,
        reference: reference.map(|values| (default, values)),
        editable,
    };
    let header = editing.view.map(K::header);
    let action = match &header {
        Some(view) => path_of::<K>(at, view.id),
        None => list_path::<K>(at),
    };
    html! {
        form.editor method="post" action=(action) data-unsaved novalidate {
            (csrf_field(&at.signed_in.csrf))
            input type="hidden" name="locale" value=(editing.locale);
            @if let Some(view) = &header { input type="hidden" name="version" value=(view.version); }
            @if !editing.errors.is_empty() { (error_summary(&K::SECTIONS, &editing.errors)) }
            @for (title, section) in K::SECTIONS.0 {
                section.form-section {
                    h2 { (title) }
                    (form::inputs(section, &shown))
                }
            }
            @if editable {
                div.save-bar {
                    div.field {
                        label for="note" { "What changed (kept in the history)" }
                        input #note name="note" value=(editing.note);
                    }
                    button.primary type="submit" { @if editing.view.is_some() { "Save" } @else { "Create draft" } }
                }
            }
        }
    }
}

/// Every error of a form with `sections` at the top, each linking to its input.
pub fn error_summary(sections: &Sections, errors: &[FieldError]) -> Markup {
    form::error_summary(errors, |path| sections.anchor(path))
}
