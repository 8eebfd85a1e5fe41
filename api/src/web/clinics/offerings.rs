//! A clinic's offering of one treatment — whether it is offered now, its price, how long a
//! visit takes, where to book, the clinic's notes — edited on a page of its own, reached from
//! the clinic's editor. An offering is published with its clinic.

use actix_web::http::StatusCode;
use actix_web::web;
use maud::{Markup, html};
use uuid::Uuid;

use crate::auth::roles::Permission;
use crate::content::clinics::ClinicView;
use crate::content::offerings::{self, OfferingQuery, OfferingView};
use crate::content::{Clinics, Offerings, Treatments};
use crate::error::{Error, FieldError, Result};
use crate::state::AppState;
use crate::web::entries::{
    Change, Edit, LocaleQuery, datalist, error_summary, locale_of, parsed, path_of,
};
use crate::web::form::{self, Field, Kind, Shown, Values, field, text};
use crate::web::page::{PageResult, csrf_field, layout, respond, see_other};
use crate::web::sections::Sections;
use crate::web::session::InWorkspace;

const PRICE: &[Field] = &[
    Field {
        name: "amount",
        label: "Amount in cents",
        kind: Kind::Number,
        hint: "29900 for 299.00",
        localized: false,
    },
    Field {
        name: "currency",
        label: "Currency",
        kind: Kind::Text,
        hint: "Three capital letters, such as CAD",
        localized: false,
    },
];

/// Every field of an offering: the keys of the admin API's offering body.
const SECTIONS: Sections = Sections(&[(
    "Offering",
    &[
        field("treatment", "Treatment", Kind::Slug("treatment-slugs")),
        field("active", "Offered now", Kind::Flag),
        field("price_from", "Price from", Kind::Maybe(PRICE)),
        field("duration_minutes", "Minutes per visit", Kind::Number),
        field("booking_url", "Booking address for this treatment", Kind::Url),
        text("notes", "Notes", Kind::Area, "What patients should know at this clinic"),
    ],
)]);

pub fn routes(cfg: &mut web::ServiceConfig) {
    let base = "/admin/workspaces/{workspace}/clinics/{id}/offerings";
    cfg.route(base, web::post().to(create))
        .route(&format!("{base}/new"), web::get().to(blank))
        .route(&format!("{base}/{{offering}}"), web::get().to(page))
        .route(&format!("{base}/{{offering}}"), web::post().to(save))
        .route(&format!("{base}/{{offering}}/delete"), web::post().to(delete));
}

/// The offerings of clinic `clinic`, notes in `locale`.
pub async fn of_clinic(
    state: &AppState,
    at: &InWorkspace,
    clinic: Uuid,
    locale: &str,
) -> Result<Vec<OfferingView>> {
    let query = OfferingQuery {
        limit: Some("100".to_owned()),
        locale: Some(locale.to_owned()),
        ..OfferingQuery::default()
    };
    Ok(offerings::list(&state.db, &at.member.scope(), clinic, &query).await?.items)
}

/// What the offering page shows.
struct Editing {
    clinic: ClinicView,
    offering: Option<OfferingView>,
    locale: String,
    values: Values,
    errors: Vec<FieldError>,
    /// Said once, at the top.
    notice: Option<String>,
}

type ClinicPath = web::Path<(String, Uuid)>;
type OfferingPath = web::Path<(String, Uuid, Uuid)>;

async fn clinic(state: &AppState, at: &InWorkspace, id: Uuid, locale: &str) -> Result<ClinicView> {
    state.content.get::<Clinics>(&at.member.scope(), (), id, Some(locale)).await
}

async fn offering(
    state: &AppState,
    at: &InWorkspace,
    (clinic, id): (Uuid, Uuid),
    locale: &str,
) -> Result<OfferingView> {
    state.content.get::<Offerings>(&at.member.scope(), clinic, id, Some(locale)).await
}

/// The form values of `view` in `locale`: no notes when they are another locale's fallback.
fn values_in(view: &OfferingView, locale: &str) -> Result<Values> {
    let json = serde_json::to_value(view)
        .map_err(|error| Error::Internal(format!("serializing an offering: {error}")))?;
    let mut values = SECTIONS.values_of(&json);
    if view.locale != locale {
        SECTIONS.without_text(&mut values);
    }
    Ok(values)
}

async fn blank(
    state: web::Data<AppState>,
    at: InWorkspace,
    path: ClinicPath,
    query: web::Query<LocaleQuery>,
) -> PageResult {
    at.member.require(Permission::Edit)?;
    let locale = locale_of(&at, query.locale.as_deref());
    let clinic = clinic(&state, &at, path.1, &locale).await?;
    let mut values = Values::new();
    values.insert("active".to_owned(), "true".to_owned());
    let editing =
        Editing { clinic, offering: None, locale, values, errors: Vec::new(), notice: None };
    screen(&state, &at, editing, StatusCode::OK).await
}

async fn page(
    state: web::Data<AppState>,
    at: InWorkspace,
    path: OfferingPath,
    query: web::Query<LocaleQuery>,
) -> PageResult {
    let locale = locale_of(&at, query.locale.as_deref());
    let clinic = clinic(&state, &at, path.1, &locale).await?;
    let offering = offering(&state, &at, (path.1, path.2), &locale).await?;
    let values = values_in(&offering, &locale)?;
    let notice = query.saved.as_ref().map(|_| "Saved.".to_owned());
    let editing =
        Editing { clinic, offering: Some(offering), locale, values, errors: Vec::new(), notice };
    screen(&state, &at, editing, StatusCode::OK).await
}

async fn create(
    state: web::Data<AppState>,
    at: InWorkspace,
    path: ClinicPath,
    body: web::Bytes,
) -> PageResult {
    at.member.require(Permission::Edit)?;
    let posted = at.posted(&body)?;
    let locale = locale_of(&at, posted.text("locale"));
    let values = SECTIONS.posted_values(posted.fields());
    let scope = at.member.scope();
    let change = Change { values: &values, locale: &locale, note: "", creating: true };
    let outcome = match parsed::<Offerings>(&SECTIONS, change, &scope) {
        Ok(input) => state.content.create::<Offerings>(&scope, path.1, input).await,
        Err(error) => Err(error),
    };
    let errors = match outcome {
        Ok(view) => return Ok(see_other(&saved_at(&at, (path.1, view.id), &locale))),
        Err(error) => form_errors(error)?,
    };
    let clinic = clinic(&state, &at, path.1, &locale).await?;
    let editing = Editing { clinic, offering: None, locale, values, errors, notice: None };
    screen(&state, &at, editing, StatusCode::UNPROCESSABLE_ENTITY).await
}

async fn save(
    state: web::Data<AppState>,
    at: InWorkspace,
    path: OfferingPath,
    body: web::Bytes,
) -> PageResult {
    let (clinic_id, id) = (path.1, path.2);
    let Edit { posted, locale, version } = Edit::of(&at, &body)?;
    let values = SECTIONS.posted_values(posted.fields());
    let scope = at.member.scope();
    let change = Change { values: &values, locale: &locale, note: "", creating: false };
    let outcome = match parsed::<Offerings>(&SECTIONS, change, &scope) {
        Ok(input) => {
            state.content.update::<Offerings>(&scope, clinic_id, (id, version), input).await
        }
        Err(error) => Err(error),
    };
    let (errors, notice) = match outcome {
        Ok(_) => return Ok(see_other(&saved_at(&at, (clinic_id, id), &locale))),
        // The form keeps this editor's values and takes the new version: saving again
        // replaces the colleague's, knowingly.
        Err(Error::VersionMismatch { current, .. }) => (
            Vec::new(),
            Some(format!(
                "Someone saved this offering while you were editing (it is now at version \
                 {current}). Your values are below; save again to replace theirs, or reload \
                 the page to see them."
            )),
        ),
        Err(error) => (form_errors(error)?, None),
    };
    let clinic = clinic(&state, &at, clinic_id, &locale).await?;
    let offering = offering(&state, &at, (clinic_id, id), &locale).await?;
    let status =
        if notice.is_some() { StatusCode::CONFLICT } else { StatusCode::UNPROCESSABLE_ENTITY };
    let editing = Editing { clinic, offering: Some(offering), locale, values, errors, notice };
    screen(&state, &at, editing, status).await
}

async fn delete(
    state: web::Data<AppState>,
    at: InWorkspace,
    path: OfferingPath,
    body: web::Bytes,
) -> PageResult {
    let Edit { version, .. } = Edit::of(&at, &body)?;
    let scope = at.member.scope();
    state.content.delete::<Offerings>(&scope, path.1, (path.2, version), None).await?;
    Ok(see_other(&format!("{}?saved=1", path_of::<Clinics>(&at, path.1))))
}

/// Where a saved offering goes: its page, saying so.
fn saved_at(at: &InWorkspace, (clinic, id): (Uuid, Uuid), locale: &str) -> String {
    format!("{}/offerings/{id}?locale={locale}&saved=1", path_of::<Clinics>(at, clinic))
}

/// The errors a form shows beside its fields: the service's, and a treatment the clinic
/// already offers (at the treatment input). Anything else is the error page.
fn form_errors(error: Error) -> Result<Vec<FieldError>> {
    match error {
        Error::Validation(errors) => Ok(errors),
        Error::Conflict(message) => Ok(vec![FieldError::new("treatment", message)]),
        error => Err(error),
    }
}

async fn screen(
    state: &AppState,
    at: &InWorkspace,
    editing: Editing,
    status: StatusCode,
) -> PageResult {
    let treatments = datalist::<Treatments>(state, at, "treatment-slugs").await?;
    let clinic_path = path_of::<Clinics>(at, editing.clinic.id);
    let title = match &editing.offering {
        Some(offering) => format!("{} at {}", offering.treatment, editing.clinic.name),
        None => format!("A new offering at {}", editing.clinic.name),
    };
    let main = html! {
        div.heading {
            h1 { (title) }
            p.facts {
                @if let Some(offering) = &editing.offering { "version " (offering.version) " · " }
                a href=(format!("{clinic_path}?locale={}", editing.locale)) { "Back to " (editing.clinic.name) }
            }
        }
        @if let Some(notice) = &editing.notice { p.saved role="status" { (notice) } }
        @if let Some(offering) = editing.offering.as_ref().filter(|o| o.locale != editing.locale) {
            p.notice role="status" {
                "This offering has no " (editing.locale) " notes yet: sites are served the "
                (offering.locale) " notes."
            }
        }
        (offering_form(at, &editing, &clinic_path))
        (treatments)
    };
    Ok(respond(status, layout(&title, Some(&at.frame()), main)))
}

fn offering_form(at: &InWorkspace, editing: &Editing, clinic_path: &str) -> Markup {
    let editable = at.member.role.permits(Permission::Edit);
    let errors = form::errors_by_path(&editing.errors);
    let shown = Shown { values: &editing.values, errors: &errors, reference: None, editable };
    let action = match &editing.offering {
        Some(offering) => format!("{clinic_path}/offerings/{}", offering.id),
        None => format!("{clinic_path}/offerings"),
    };
    html! {
        form.editor method="post" action=(action) data-unsaved novalidate {
            (csrf_field(&at.signed_in.csrf))
            input type="hidden" name="locale" value=(editing.locale);
            @if let Some(offering) = &editing.offering { input type="hidden" name="version" value=(offering.version); }
            @if !editing.errors.is_empty() { (error_summary(&SECTIONS, &editing.errors)) }
            @for (_, fields) in SECTIONS.0 { (form::inputs(fields, &shown)) }
            @if editable {
                div.save-bar {
                    button.primary type="submit" { @if editing.offering.is_some() { "Save" } @else { "Add the offering" } }
                }
            }
        }
        @if let (true, Some(offering)) = (editable, &editing.offering) {
            form.delete method="post" action=(format!("{clinic_path}/offerings/{}/delete", offering.id)) {
                (csrf_field(&at.signed_in.csrf))
                input type="hidden" name="version" value=(offering.version);
                button.danger type="submit" data-confirm="Remove this offering from the clinic?" { "Remove the offering" }
            }
        }
    }
}
