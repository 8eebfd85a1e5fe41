//! The treatment editor: every field of a treatment in one locale, the default locale's text
//! beside it when translating, the service's validation errors next to their inputs.

use actix_web::http::StatusCode;
use actix_web::web;
use maud::{Markup, html};
use serde::Deserialize;
use serde_json::Value;
use uuid::Uuid;

use super::conflict::{self, Mine};
use super::fields::{self, SECTIONS};
use super::{load, path_of, status_badge, when, workflow};
use crate::auth::roles::Permission;
use crate::content::listing::ListQuery;
use crate::content::treatments::{
    self, TreatmentBody, TreatmentFilter, TreatmentInput, TreatmentView,
};
use crate::content::{Entry, Scope, Treatments, conditions};
use crate::error::{Error, FieldError, Result};
use crate::state::AppState;
use crate::web::form::{self, Shown, Values};
use crate::web::page::{PageResult, csrf_field, layout, respond, see_other};
use crate::web::session::{InWorkspace, Posted};

#[derive(Debug, Default, Deserialize)]
pub struct LocaleQuery {
    pub locale: Option<String>,
    /// Set by the redirect after a save, or after a workflow step.
    pub saved: Option<String>,
    pub stepped: Option<String>,
}

/// What the editor shows.
pub struct Editing<'a> {
    /// The treatment as stored, in the locale asked for; `None` for a new one.
    pub view: Option<&'a TreatmentView>,
    pub locale: String,
    pub values: Values,
    pub errors: Vec<FieldError>,
    /// The change note typed so far.
    pub note: String,
    /// What the last post did, said once.
    pub notice: Option<&'static str>,
}

/// The locale `asked` if the workspace offers it, else its default.
pub fn locale_of(at: &InWorkspace, asked: Option<&str>) -> String {
    let workspace = &at.member.workspace;
    asked
        .filter(|locale| workspace.offers_locale(locale))
        .unwrap_or(&workspace.default_locale)
        .to_owned()
}

pub async fn blank(
    state: web::Data<AppState>,
    at: InWorkspace,
    query: web::Query<LocaleQuery>,
) -> PageResult {
    at.member.require(Permission::Edit)?;
    let locale = locale_of(&at, query.locale.as_deref());
    let editing = Editing {
        view: None,
        locale,
        values: Values::new(),
        errors: Vec::new(),
        note: String::new(),
        notice: None,
    };
    screen(&state, &at, editing, StatusCode::OK).await
}

pub async fn page(
    state: web::Data<AppState>,
    at: InWorkspace,
    path: web::Path<(String, Uuid)>,
    query: web::Query<LocaleQuery>,
) -> PageResult {
    let locale = locale_of(&at, query.locale.as_deref());
    let view = load(&state, &at, path.1, Some(&locale)).await?;
    let values = values_in(&view, &locale)?;
    let notice = match (&query.saved, &query.stepped) {
        (Some(_), _) => Some("Saved."),
        (_, Some(_)) => Some("Done: the status below is the treatment's now."),
        _ => None,
    };
    let editing = Editing {
        view: Some(&view),
        locale,
        values,
        errors: Vec::new(),
        note: String::new(),
        notice,
    };
    screen(&state, &at, editing, StatusCode::OK).await
}

pub async fn create(state: web::Data<AppState>, at: InWorkspace, body: web::Bytes) -> PageResult {
    at.member.require(Permission::Edit)?;
    let posted = at.posted(&body)?;
    let locale = locale_of(&at, posted.text("locale"));
    let values = fields::posted_values(posted.fields());
    let note = posted.get("note").unwrap_or_default().to_owned();
    let scope = at.member.scope();
    let outcome = match input_of(&values, &locale, &note, &scope, true) {
        Ok(input) => state.content.create::<Treatments>(&scope, (), input).await,
        Err(error) => Err(error),
    };
    match outcome {
        Ok(view) => Ok(see_other(&format!("{}?locale={locale}&saved=1", path_of(&at, view.id)))),
        Err(Error::Validation(errors)) => {
            let editing = Editing { view: None, locale, values, errors, note, notice: None };
            screen(&state, &at, editing, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(error) => Err(error.into()),
    }
}

pub async fn save(
    state: web::Data<AppState>,
    at: InWorkspace,
    path: web::Path<(String, Uuid)>,
    body: web::Bytes,
) -> PageResult {
    at.member.require(Permission::Edit)?;
    let id = path.1;
    let posted = at.posted(&body)?;
    let locale = locale_of(&at, posted.text("locale"));
    let version = version_of(&posted)?;
    let values = fields::posted_values(posted.fields());
    let note = posted.get("note").unwrap_or_default().to_owned();
    apply(&state, &at, id, Mine { locale, version, values, note }).await
}

/// Saves `mine` over treatment `id` at the version it was loaded at: back to the editor when
/// saved, the conflict screen when a colleague saved first, the form with its errors else.
pub async fn apply(state: &AppState, at: &InWorkspace, id: Uuid, mine: Mine) -> PageResult {
    let scope = at.member.scope();
    let outcome = match input_of(&mine.values, &mine.locale, &mine.note, &scope, false) {
        Ok(input) => {
            state.content.update::<Treatments>(&scope, (), (id, mine.version), input).await
        }
        Err(error) => Err(error),
    };
    match outcome {
        Ok(_) => Ok(see_other(&format!("{}?locale={}&saved=1", path_of(at, id), mine.locale))),
        Err(Error::VersionMismatch { .. }) => conflict::screen(state, at, id, mine).await,
        Err(Error::Validation(errors)) => {
            let view = load(state, at, id, Some(&mine.locale)).await?;
            let Mine { locale, values, note, .. } = mine;
            let editing = Editing { view: Some(&view), locale, values, errors, note, notice: None };
            screen(state, at, editing, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(error) => Err(error.into()),
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

/// The validated change of an editor form: every field, so a saved form is the treatment.
/// Errors of the form itself (a word for a number) and of the service come back together.
pub fn input_of(
    values: &Values,
    locale: &str,
    note: &str,
    scope: &Scope,
    creating: bool,
) -> Result<TreatmentInput> {
    let (mut body, mut errors) = fields::body_of(values);
    body.insert("locale".to_owned(), Value::String(locale.to_owned()));
    let note = note.trim();
    body.insert(
        "note".to_owned(),
        if note.is_empty() { Value::Null } else { Value::String(note.to_owned()) },
    );
    let body: TreatmentBody = serde_json::from_value(Value::Object(body)).map_err(|error| {
        Error::Internal(format!("the editor built a body the API refuses: {error}"))
    })?;
    match Treatments::parse(body, scope, creating) {
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
pub fn values_in(view: &TreatmentView, locale: &str) -> Result<Values> {
    let mut values = fields::values_of(&to_json(view)?);
    if view.locale != locale {
        fields::without_text(&mut values);
    }
    Ok(values)
}

pub fn to_json(view: &TreatmentView) -> Result<Value> {
    serde_json::to_value(view)
        .map_err(|error| Error::Internal(format!("serializing a treatment: {error}")))
}

/// The editor page.
pub async fn screen(
    state: &AppState,
    at: &InWorkspace,
    editing: Editing<'_>,
    status: StatusCode,
) -> PageResult {
    let default = &at.member.workspace.default_locale;
    let reference = match (editing.view, editing.locale != *default) {
        (Some(view), true) => {
            Some(fields::values_of(&to_json(&load(state, at, view.id, Some(default)).await?)?))
        }
        _ => None,
    };
    let lists = datalists(state, at).await?;
    let side = match editing.view {
        Some(view) => Some(workflow::panel(state, at, view).await?),
        None => None,
    };
    let title = editing.view.map_or_else(|| "New treatment".to_owned(), |view| view.name.clone());
    let main = html! {
        (heading(at, &editing))
        div.editor-layout {
            (form_of(at, &editing, reference.as_ref()))
            @if let Some(side) = side { aside.side aria-label="Workflow" { (side) } }
        }
        (lists)
    };
    Ok(respond(status, layout(&title, Some(&at.frame()), main)))
}

fn heading(at: &InWorkspace, editing: &Editing) -> Markup {
    let workspace = &at.member.workspace;
    let locale_link = |locale: &str| match editing.view {
        Some(view) => format!("{}?locale={locale}", path_of(at, view.id)),
        None => format!("{}/treatments/new?locale={locale}", at.base()),
    };
    html! {
        div.heading {
            h1 { @match editing.view { Some(view) => (view.name), None => "New treatment" } }
            @if let Some(view) = editing.view {
                p.facts {
                    (status_badge(&view.status)) " version " (view.version)
                    @if let Some(published) = &view.published_at { " · published " (when(published)) }
                    @if let Some(due) = &view.publish_at { " · to publish " (when(due)) }
                    " · " a href=(format!("{}/history", path_of(at, view.id))) { "History" }
                    " · " a href=(format!("{}/preview?locale={}", path_of(at, view.id), editing.locale)) { "Preview" }
                }
            }
        }
        @if let Some(notice) = editing.notice { p.saved role="status" { (notice) } }
        nav.locales aria-label="Locale" {
            @for locale in &workspace.locales {
                @if *locale == editing.locale {
                    a href=(locale_link(locale)) aria-current="page" { (locale) }
                } @else {
                    a href=(locale_link(locale)) { (locale) }
                }
            }
        }
        @if let Some(view) = editing.view.filter(|view| view.locale != editing.locale) {
            p.notice role="status" {
                "This treatment has no " (editing.locale) " text yet: sites asking for " (editing.locale)
                " are served the " (view.locale) " text. Saving this form adds " (editing.locale) "."
            }
        }
    }
}

fn form_of(at: &InWorkspace, editing: &Editing, reference: Option<&Values>) -> Markup {
    let editable = at.member.role.permits(Permission::Edit);
    let errors = form::errors_by_path(&editing.errors);
    let default = at.member.workspace.default_locale.as_str();
    let shown = Shown {
        values: &editing.values,
        errors: &errors,
        reference: reference.map(|values| (default, values)),
        editable,
    };
    let action = match editing.view {
        Some(view) => path_of(at, view.id),
        None => format!("{}/treatments", at.base()),
    };
    html! {
        form.editor method="post" action=(action) data-unsaved novalidate {
            (csrf_field(&at.signed_in.csrf))
            input type="hidden" name="locale" value=(editing.locale);
            @if let Some(view) = editing.view { input type="hidden" name="version" value=(view.version); }
            @if !editing.errors.is_empty() { (form::error_summary(&editing.errors, anchor)) }
            @for (title, section) in SECTIONS {
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

/// The input an error's path points at: a range's first end, a list's first row.
fn anchor(path: &str) -> String {
    let ranged = fields::top_level()
        .any(|field| field.name == path && matches!(field.kind, form::Kind::Range));
    if ranged { format!("{path}.min") } else { path.to_owned() }
}

/// The slugs the condition and complementary-treatment inputs suggest.
async fn datalists(state: &AppState, at: &InWorkspace) -> Result<Markup> {
    let scope = at.member.scope();
    let query = || ListQuery {
        limit: Some("100".to_owned()),
        sort: Some("name".to_owned()),
        ..ListQuery::default()
    };
    let conditions = conditions::list(&state.db, &scope, &query()).await?.items;
    let treatments =
        treatments::list(&state.db, &scope, &query(), &TreatmentFilter::default()).await?.items;
    Ok(html! {
        datalist #condition-slugs { @for item in &conditions { option value=(item.slug) { (item.name) } } }
        datalist #treatment-slugs { @for item in &treatments { option value=(item.slug) { (item.name) } } }
    })
}
