//! One claim rule of the workspace's own: its locale, matching, text, reason, severity and
//! whether it is on, changed through [`rules::update`] as `PATCH …/claim-rules/{id}` is. A
//! shipped rule has no such page: it is re-graded in its row of the list.

use actix_web::http::StatusCode;
use actix_web::web;
use maud::html;

use super::claim_rules::{locale_of, matching_in, rule_fields, severity_in};
use super::inputs::field_of;
use super::{Done, Said, path_of, refused, screen};
use crate::auth::roles::Permission;
use crate::content::governance::rules::{self, ClaimRuleChanges, Matching};
use crate::error::Error;
use crate::state::AppState;
use crate::web::form::error_summary;
use crate::web::page::{PageResult, csrf_field, see_other};
use crate::web::session::InWorkspace;

type RulePath = web::Path<(String, String)>;

pub async fn page(
    state: web::Data<AppState>,
    at: InWorkspace,
    path: RulePath,
    done: web::Query<Done>,
) -> PageResult {
    at.member.require(Permission::ManageClaimRules)?;
    render(&state, &at, &path.1, Said::of(&done), StatusCode::OK).await
}

pub async fn save(
    state: web::Data<AppState>,
    at: InWorkspace,
    path: RulePath,
    body: web::Bytes,
) -> PageResult {
    at.member.require(Permission::ManageClaimRules)?;
    let posted = at.posted(&body)?;
    own_rule(&state, &at, &path.1).await?;
    let saved = match Error::both(matching_in(&posted), severity_in(&posted)) {
        Ok((matching, severity)) => {
            let changes = ClaimRuleChanges {
                locale: Some(posted.text("locale").map(str::to_owned)),
                matching: Some(matching),
                pattern: Some(posted.get("pattern").unwrap_or_default().to_owned()),
                reason: Some(posted.get("reason").unwrap_or_default().to_owned()),
                severity: Some(severity),
                enabled: Some(posted.get("enabled") == Some("true")),
            };
            rules::update(&state.db, &at.member.scope(), &path.1, changes).await
        }
        Err(error) => Err(error),
    };
    match saved {
        Ok(_) => {
            let page = path_of(&at, &format!("claim-rules/{}", path.1));
            Ok(see_other(&format!("{page}?done=saved")))
        }
        Err(error) => {
            let (status, said) = refused(error, posted.fields())?;
            render(&state, &at, &path.1, said, status).await
        }
    }
}

/// The rule `id` if it is the workspace's own; a shipped rule's name is not found here.
async fn own_rule(
    state: &AppState,
    at: &InWorkspace,
    id: &str,
) -> crate::error::Result<rules::ClaimRule> {
    let rule = rules::get(&state.db, at.member.workspace.id, id).await?;
    if rule.source == "shipped" {
        return Err(Error::NotFound(format!(
            "'{id}' is a shipped rule: re-grade or switch it off in the list of claim rules"
        )));
    }
    Ok(rule)
}

async fn render(
    state: &AppState,
    at: &InWorkspace,
    id: &str,
    said: Said,
    status: StatusCode,
) -> PageResult {
    let rule = own_rule(state, at, id).await?;
    let base = path_of(at, &format!("claim-rules/{id}"));
    let matching = if rule.matching == Matching::Phrase { "phrase" } else { "pattern" };
    let stored = (
        rule.locale.as_deref().unwrap_or_default(),
        matching,
        rule.pattern.as_str(),
        rule.reason.as_str(),
        rule.severity.as_str(),
    );
    let enabled =
        if said.values.is_empty() { rule.enabled } else { said.value("enabled", "") == "true" };
    let main = html! {
        p.facts {
            "Checks " (locale_of(&rule)) " · " a href=(path_of(at, "claim-rules")) { "Every claim rule" }
        }
        form.panel method="post" action=(base) novalidate {
            (csrf_field(&at.signed_in.csrf))
            @if !said.errors.is_empty() { (error_summary(&said.errors, field_of)) }
            (rule_fields(at, &said, stored))
            div.field.check {
                input #f-enabled type="checkbox" name="enabled" value="true" checked[enabled];
                " "
                label for="f-enabled" { "On: the claims check applies it" }
            }
            button.primary type="submit" { "Save" }
        }
    };
    Ok(screen(at, (&format!("Claim rule: {}", rule.pattern), "claim-rules"), &said, main, status))
}
