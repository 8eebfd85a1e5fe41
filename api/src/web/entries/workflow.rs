//! The workflow beside the editor: the steps the member's role allows from the entry's status,
//! the claims check and publish checklist, and delete.

use actix_web::web;
use chrono::{NaiveDateTime, TimeZone, Utc};
use maud::{Markup, html};
use uuid::Uuid;

use super::editor::{self, Edit, locale_of, version_of};
use super::{Edited, list_path, path_of, when};
use crate::auth::roles::Permission;
use crate::content::governance::Checks;
use crate::content::governance::claims::Severity;
use crate::content::revisions;
use crate::content::status::Status;
use crate::content::workflow::Step;
use crate::error::{Error, FieldError, Result};
use crate::state::AppState;
use crate::web::page::{PageResult, csrf_field, see_other};
use crate::web::session::InWorkspace;

/// The panel of entry `view`.
pub async fn panel<K: Edited>(
    state: &AppState,
    at: &InWorkspace,
    view: &K::View,
    locale: &str,
) -> Result<Markup> {
    let view = K::header(view);
    let checks = state.content.checks::<K>(&at.member.scope(), view.id).await?;
    let status = Status::parse(view.status).unwrap_or(Status::Draft);
    let role = at.member.role;
    // The service's own rules: where each step may start, and who may take it. Unpublish may
    // start anywhere live, but is offered only when something is published.
    let steps: Vec<&str> = [
        Step::Submit,
        Step::Approve,
        Step::Reject,
        Step::Publish { at: None },
        Step::Unpublish,
        Step::Archive,
    ]
    .into_iter()
    .filter(|step| {
        step.allowed_from(K::REVIEWED).contains(&status) && role.permits(step.permission())
    })
    .filter(|step| *step != Step::Unpublish || status == Status::Published)
    .map(Step::name)
    .collect();
    let action = format!("{}/step", path_of::<K>(at, view.id));
    let hidden = html! {
        (csrf_field(&at.signed_in.csrf))
        input type="hidden" name="version" value=(view.version);
        input type="hidden" name="locale" value=(locale);
    };
    Ok(html! {
        section.panel aria-labelledby="workflow" {
            h2 #workflow { "Workflow" }
            @if let Some(review) = view.review {
                p { "Reviewed by " (review.reviewer) ", " (when(&review.reviewed_at)) }
                @if let Some(due) = &review.next_review_due { p.muted { "Next review due " (when(due)) } }
            } @else if K::REVIEWED { p.muted { "Not medically reviewed yet." } }
            @if steps.is_empty() { p.muted { "Your role takes no step from here." } }
            @for step in &steps {
                form.step method="post" action=(action) {
                    (hidden)
                    input type="hidden" name="step" value=(step);
                    (step_fields(step, &checks, view.id))
                    button type="submit" class=(if *step == "archive" { "secondary" } else { "primary" }) { (label(step)) }
                }
            }
        }
        @if K::REVIEWED { (checks_panel(&checks)) }
        @if role.permits(Permission::Edit) {
            form.delete method="post" action=(format!("{}/delete", path_of::<K>(at, view.id))) {
                (hidden)
                button.danger type="submit" data-confirm=(format!("Delete this {} and its history?", K::NOUN)) { "Delete " (K::NOUN) }
            }
        }
    })
}

fn label(step: &str) -> &'static str {
    match step {
        "submit" => "Submit for review",
        "approve" => "Approve",
        "reject" => "Send back to draft",
        "publish" => "Publish",
        "unpublish" => "Unpublish",
        _ => "Archive",
    }
}

fn step_fields(step: &str, checks: &Checks, id: Uuid) -> Markup {
    let note_id = format!("note-{step}-{}", id.simple());
    html! {
        @if step == "approve" {
            @for finding in checks.findings.iter().filter(|f| f.severity == Severity::Warn) {
                div.check {
                    input type="checkbox" name="accept" value=(finding.id) id=(format!("accept-{}", finding.id));
                    label for=(format!("accept-{}", finding.id)) {
                        "Accept “" (finding.matched) "” in " (finding.field) " (" (finding.locale) "): " (finding.reason)
                    }
                }
            }
        }
        @if step == "publish" {
            div.field {
                label for="publish-at" { "Publish at (UTC; empty for now)" }
                input #publish-at name="publish_at" type="datetime-local";
            }
        }
        div.field {
            label for=(note_id) { @if step == "reject" { "What needs changing" } @else { "Note (optional)" } }
            input id=(note_id) name="note" required[step == "reject"];
        }
    }
}

fn checks_panel(checks: &Checks) -> Markup {
    html! {
        section.panel aria-labelledby="checks" {
            h2 #checks { "Checks" }
            @if checks.findings.is_empty() { p { "The claims check finds nothing." } }
            ul.findings {
                @for finding in &checks.findings {
                    li class=(if finding.severity == Severity::Block { "block" } else { "warn" }) {
                        strong { @if finding.severity == Severity::Block { "Blocks approval" } @else { "Warning" } }
                        ": “" (finding.matched) "” in " (finding.field) " (" (finding.locale) ") — " (finding.reason)
                    }
                }
            }
            @if !checks.checklist.is_empty() { h3 { "Before publishing" } }
            ul.checklist {
                @for item in &checks.checklist {
                    li class=(if item.met { "met" } else { "unmet" }) {
                        (if item.met { "✓ " } else { "✗ " }) (item.field)
                        @if let Some(missing) = &item.missing { " — " (missing) }
                    }
                }
            }
        }
    }
}

pub async fn step<K: Edited>(
    state: web::Data<AppState>,
    at: InWorkspace,
    path: web::Path<(String, Uuid)>,
    body: web::Bytes,
) -> PageResult {
    let posted = at.posted(&body)?;
    let id = path.1;
    let step = step_of(posted.text("step"), posted.text("publish_at"))?;
    at.member.require(step.permission())?;
    let version = version_of(&posted)?;
    let note = revisions::note(posted.get("note"))?;
    let accepted: Vec<String> = posted
        .fields()
        .iter()
        .filter(|(name, _)| name == "accept")
        .map(|(_, id)| id.clone())
        .collect();
    let (scope, reviewer) = (at.member.scope(), at.member.user.reviewer_name());
    let locale = locale_of(&at, posted.text("locale"));
    let taken =
        state.content.step::<K>(&scope, (id, version), (step, note, accepted), &reviewer).await;
    match taken {
        Ok(_) => Ok(see_other(&format!("{}?locale={locale}&stepped=1", path_of::<K>(&at, id)))),
        Err(error) => editor::refused::<K>(&state, &at, (id, &locale), error).await,
    }
}

fn step_of(name: Option<&str>, publish_at: Option<&str>) -> Result<Step> {
    let at = publish_at
        .map(|raw| {
            NaiveDateTime::parse_from_str(raw, "%Y-%m-%dT%H:%M")
                .map(|at| Utc.from_utc_datetime(&at))
                .map_err(|_| {
                    Error::Validation(vec![FieldError::new(
                        "publish_at",
                        "must be a date and time",
                    )])
                })
        })
        .transpose()?;
    Ok(match name {
        Some("submit") => Step::Submit,
        Some("approve") => Step::Approve,
        Some("reject") => Step::Reject,
        Some("publish") => Step::Publish { at },
        Some("unpublish") => Step::Unpublish,
        Some("archive") => Step::Archive,
        _ => return Err(Error::BadRequest("the form names no workflow step".to_owned())),
    })
}

pub async fn delete<K: Edited>(
    state: web::Data<AppState>,
    at: InWorkspace,
    path: web::Path<(String, Uuid)>,
    body: web::Bytes,
) -> PageResult {
    let Edit { locale, version, .. } = Edit::of(&at, &body)?;
    match state.content.delete::<K>(&at.member.scope(), (), (path.1, version), None).await {
        Ok(_) => Ok(see_other(&format!("{}?deleted=1", list_path::<K>(&at)))),
        Err(error) => editor::refused::<K>(&state, &at, (path.1, &locale), error).await,
    }
}
