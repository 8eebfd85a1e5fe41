//! The review policy: how long a medical review stays valid, how early the notice that one
//! falls due goes out, what an overdue treatment does, and the fields a publish needs besides
//! the ones every treatment needs. Checked by [`Governance::changed`] and saved by
//! [`manage::update_workspace`], as `PATCH /admin/v1/workspaces/{ws}` with `governance` is.

use actix_web::http::StatusCode;
use actix_web::web;
use maud::{Markup, html};

use super::inputs::{Input, field, messages};
use super::{Done, Said, path_of, refused, screen};
use crate::accounts::workspaces::WorkspaceChanges;
use crate::auth::roles::Permission;
use crate::content::governance::policy::{GovernanceChanges, OPTIONAL_REQUIREMENTS};
use crate::content::governance::{Governance, OverduePolicy};
use crate::error::{Error, FieldError, Result};
use crate::manage;
use crate::state::AppState;
use crate::web::form::error_summary;
use crate::web::page::{PageResult, csrf_field, see_other};
use crate::web::session::{InWorkspace, Posted};

const MONTHS: Input = Input {
    name: "governance.review_valid_months",
    label: "Months a review stays valid",
    hint: "From 1 to 60: a treatment's medical review falls due this many months after its \
           reviewer approved it.",
    kind: "number",
};
const NOTICE: Input = Input {
    name: "governance.review_notice_days",
    label: "Days of notice before a review falls due",
    hint: "From 0 to 365: how many days before it falls due the treatment.review_due notice \
           goes out to webhooks and the admin lists show the review as due soon.",
    kind: "number",
};
const OVERDUE: &str = "governance.overdue_policy";
const REQUIRED: &str = "governance.required_fields";

/// What an overdue treatment may do: its value, its name and what it means.
const OVERDUE_CHOICES: [(&str, &str, &str); 2] = [
    (
        "flag",
        "Flag it",
        "It stays published; the admin lists and its checks show the review overdue, and a \
         notice goes out.",
    ),
    (
        "withdraw",
        "Withdraw it",
        "The scheduler unpublishes it (back to draft) until it is reviewed and published again.",
    ),
];

/// The words for an optional requirement, by its field in the treatment body.
fn label_of(requirement: &str) -> &str {
    match requirement {
        "summary" => "Summary",
        "body" => "Description",
        "also_known_as" => "Also known as",
        "procedure_minutes" => "Minutes per session",
        "sessions" => "Sessions",
        "session_interval_weeks" => "Weeks between sessions",
        "downtime_notes" => "Downtime notes",
        "results_timeline" => "When results show",
        "suitable_for" => "Suitable for",
        "not_suitable_for" => "Not suitable for",
        "aftercare" => "Aftercare steps",
        "faqs" => "FAQs",
        "conditions" => "Conditions treated",
        "references" => "References",
        "seo.meta_title" => "Search engines: page title",
        "seo.meta_description" => "Search engines: description",
        other => other,
    }
}

/// The input of an error's path: `governance.required_fields[1]` is the required fields'.
fn anchor_of(path: &str) -> String {
    path.split('[').next().unwrap_or(path).to_owned()
}

pub async fn page(at: InWorkspace, done: web::Query<Done>) -> PageResult {
    at.member.require(Permission::ManageWorkspace)?;
    Ok(form(&at, &Said::of(&done), StatusCode::OK))
}

pub async fn save(state: web::Data<AppState>, at: InWorkspace, body: web::Bytes) -> PageResult {
    at.member.require(Permission::ManageWorkspace)?;
    let posted = at.posted(&body)?;
    let saved = match changed(&at.member.workspace.governance, &posted) {
        Ok(governance) => {
            let changes =
                WorkspaceChanges { governance: Some(governance), ..WorkspaceChanges::default() };
            manage::update_workspace(&state, &at.member.scope(), changes).await
        }
        Err(error) => Err(error),
    };
    match saved {
        Ok(_) => Ok(see_other(&format!("{}?done=saved", path_of(&at, "review-policy")))),
        Err(error) => {
            let (status, said) = refused(error, posted.fields())?;
            Ok(form(&at, &said, status))
        }
    }
}

/// The policy `posted` asks for, checked by the service; what cannot be read as a number or
/// a choice is reported with the service's own errors.
fn changed(current: &Governance, posted: &Posted) -> Result<Governance> {
    let mut errors = Vec::new();
    let mut number = |name: &str| {
        let raw = posted.get(name).unwrap_or_default().trim();
        raw.parse::<u32>()
            .map_err(|_| errors.push(FieldError::new(name, "must be a whole number")))
            .ok()
    };
    let review_valid_months = number(MONTHS.name);
    let review_notice_days = number(NOTICE.name);
    let overdue_policy = posted.get(OVERDUE).and_then(|raw| {
        serde_json::from_value::<OverduePolicy>(raw.into())
            .map_err(|_| errors.push(FieldError::new(OVERDUE, "must be flag or withdraw")))
            .ok()
    });
    let required: Vec<String> = posted
        .fields()
        .iter()
        .filter(|(name, _)| name == REQUIRED)
        .map(|(_, value)| value.clone())
        .collect();
    let changes = GovernanceChanges {
        review_valid_months,
        review_notice_days,
        overdue_policy,
        required_fields: Some(required),
    };
    match current.changed(changes) {
        Ok(next) if errors.is_empty() => Ok(next),
        Ok(_) => Err(Error::Validation(errors)),
        Err(Error::Validation(found)) => {
            errors.extend(found);
            Err(Error::Validation(errors))
        }
        Err(other) => Err(other),
    }
}

fn form(at: &InWorkspace, said: &Said, status: StatusCode) -> actix_web::HttpResponse {
    let policy = &at.member.workspace.governance;
    let (months, days) =
        (policy.review_valid_months.to_string(), policy.review_notice_days.to_string());
    let stored_overdue = match policy.overdue_policy {
        OverduePolicy::Flag => "flag",
        OverduePolicy::Withdraw => "withdraw",
    };
    let main = html! {
        p { "How long a treatment's medical review holds, and what a treatment needs before it can be published." }
        form.panel method="post" action=(path_of(at, "review-policy")) novalidate {
            (csrf_field(&at.signed_in.csrf))
            @if !said.errors.is_empty() { (error_summary(&said.errors, anchor_of)) }
            (field(&MONTHS, said.value(MONTHS.name, &months), said))
            (field(&NOTICE, said.value(NOTICE.name, &days), said))
            (overdue(said, said.value(OVERDUE, stored_overdue)))
            (required(said, policy))
            button.primary type="submit" { "Save" }
        }
    };
    screen(at, ("Review policy", "review-policy"), said, main, status)
}

/// The radio buttons of what an overdue treatment does, each explained.
fn overdue(said: &Said, chosen: &str) -> Markup {
    let errors = messages(said, OVERDUE);
    html! {
        fieldset.invalid[!errors.is_empty()] id="f-governance-overdue_policy" {
            legend { "When a review is overdue" }
            @if !errors.is_empty() {
                p.field-error { @for error in &errors { span { (error) } " " } }
            }
            @for (value, name, words) in OVERDUE_CHOICES {
                @let id = format!("f-overdue-{value}");
                div.field.check {
                    input type="radio" id=(id) name=(OVERDUE) value=(value) checked[value == chosen]
                        aria-describedby=(format!("{id}-hint"));
                    " "
                    label for=(id) { (name) }
                    p.hint id=(format!("{id}-hint")) { (words) }
                }
            }
        }
    }
}

/// The checkboxes of the optional requirements: as posted after a refusal, else as stored.
fn required(said: &Said, policy: &Governance) -> Markup {
    let errors = messages(said, REQUIRED);
    let checked = |requirement: &str| {
        if said.values.is_empty() {
            policy.required_fields.iter().any(|field| field == requirement)
        } else {
            said.values.iter().any(|(name, value)| name == REQUIRED && value == requirement)
        }
    };
    html! {
        fieldset.invalid[!errors.is_empty()] id="f-governance-required_fields" {
            legend { "Also required before publishing" }
            p.hint { "Every treatment needs a contraindication, side effects, downtime and a valid medical review; tick what else a publish needs." }
            @if !errors.is_empty() {
                p.field-error { @for error in &errors { span { (error) } " " } }
            }
            @for &requirement in OPTIONAL_REQUIREMENTS {
                @let id = format!("f-required-{}", requirement.replace('.', "-"));
                div.check {
                    input type="checkbox" id=(id) name=(REQUIRED) value=(requirement) checked[checked(requirement)];
                    " "
                    label for=(id) { (label_of(requirement)) }
                }
            }
        }
    }
}
