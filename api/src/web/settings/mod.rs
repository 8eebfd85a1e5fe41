//! The settings of a workspace, for owners and admins: members and invitations, API keys,
//! webhooks with their deliveries, the workspace's name, locales and CORS origins, its review
//! policy and its claim rules. Each page checks the permission its REST twin checks and calls
//! the same service function ([`crate::manage`], [`crate::webhooks::Webhooks`],
//! [`crate::content::governance`]); the rules live there.

mod api_keys;
mod claim_rule;
mod claim_rules;
mod deliveries;
mod inputs;
mod members;
mod review_policy;
mod webhook;
mod webhooks;
mod workspace;

use actix_web::HttpResponse;
use actix_web::http::StatusCode;
use actix_web::web;
use maud::{Markup, html};
use serde::Deserialize;

use super::form::{Errors, errors_by_path};
use super::page::{PageError, PageResult, layout, respond};
use super::session::InWorkspace;
use crate::auth::roles::Permission;
use crate::error::{Error, FieldError};

pub fn routes(cfg: &mut web::ServiceConfig) {
    let base = "/admin/workspaces/{workspace}/settings";
    let at = |path: &str| format!("{base}{path}");
    cfg.route(base, web::get().to(index))
        .route(&at("/workspace"), web::get().to(workspace::page))
        .route(&at("/workspace"), web::post().to(workspace::save))
        .route(&at("/review-policy"), web::get().to(review_policy::page))
        .route(&at("/review-policy"), web::post().to(review_policy::save))
        .route(&at("/claim-rules"), web::get().to(claim_rules::page))
        .route(&at("/claim-rules"), web::post().to(claim_rules::create))
        .route(&at("/claim-rules/{id}"), web::get().to(claim_rule::page))
        .route(&at("/claim-rules/{id}"), web::post().to(claim_rule::save))
        .route(&at("/claim-rules/{id}/grade"), web::post().to(claim_rules::grade))
        .route(&at("/claim-rules/{id}/delete"), web::post().to(claim_rules::delete))
        .route(&at("/members"), web::get().to(members::page))
        .route(&at("/members/{user}/role"), web::post().to(members::change_role))
        .route(&at("/members/{user}/remove"), web::post().to(members::remove))
        .route(&at("/invitations"), web::post().to(members::invite))
        .route(&at("/invitations/{id}/revoke"), web::post().to(members::revoke_invitation))
        .route(&at("/api-keys"), web::get().to(api_keys::page))
        .route(&at("/api-keys"), web::post().to(api_keys::create))
        .route(&at("/api-keys/{id}/revoke"), web::post().to(api_keys::revoke))
        .route(&at("/webhooks"), web::get().to(webhooks::page))
        .route(&at("/webhooks"), web::post().to(webhooks::create))
        .route(&at("/webhooks/{id}"), web::get().to(webhook::page))
        .route(&at("/webhooks/{id}"), web::post().to(webhook::save))
        .route(&at("/webhooks/{id}/active"), web::post().to(webhook::switch))
        .route(&at("/webhooks/{id}/rotate-secret"), web::post().to(webhook::rotate_secret))
        .route(&at("/webhooks/{id}/ping"), web::post().to(webhook::ping))
        .route(&at("/webhooks/{id}/delete"), web::post().to(webhook::delete))
        .route(&at("/webhooks/{id}/deliveries"), web::get().to(deliveries::page))
        .route(
            &at("/webhooks/{id}/deliveries/{delivery}/retry"),
            web::post().to(deliveries::retry),
        );
}

/// The screens of the settings, with the permission each needs.
const SCREENS: [(&str, &str, Permission); 6] = [
    ("members", "Members", Permission::ManageMembers),
    ("api-keys", "API keys", Permission::ManageApiKeys),
    ("webhooks", "Webhooks", Permission::ManageWebhooks),
    ("workspace", "Workspace", Permission::ManageWorkspace),
    ("review-policy", "Review policy", Permission::ManageWorkspace),
    ("claim-rules", "Claim rules", Permission::ManageClaimRules),
];

/// The path of settings screen `screen` (`members`, `webhooks/{id}`…).
fn path_of(at: &InWorkspace, screen: &str) -> String {
    format!("{}/settings/{screen}", at.base())
}

async fn index(at: InWorkspace) -> PageResult {
    at.member.require(Permission::ManageWorkspace)?;
    let main = html! {
        p { "Who works in this workspace, the keys sites read it with, the webhooks it calls, its locales and CORS origins, how long a medical review holds and what a publish needs, and the claim rules its texts are checked against." }
    };
    Ok(screen(&at, ("Settings", ""), &Said::default(), main, StatusCode::OK))
}

/// The query of a settings page: `?done=…` after a change, which change it was, said once on
/// the page it redirected to; and the `cursor` of a delivery log's page.
#[derive(Debug, Default, Deserialize)]
pub struct Done {
    pub done: Option<String>,
    pub cursor: Option<String>,
}

impl Done {
    /// The words for the change; a value nobody sent us says nothing.
    fn notice(&self) -> Option<&'static str> {
        Some(match self.done.as_deref()? {
            "role" => "Role changed.",
            "removed" => "Member removed.",
            "invitation-revoked" => "Invitation revoked: its token no longer works.",
            "key-revoked" => "Key revoked: requests with it are refused from now on.",
            "saved" => "Saved.",
            "enabled" => "Webhook turned on.",
            "disabled" => "Webhook turned off: nothing is sent to it until it is turned on.",
            "deleted" => "Webhook deleted, with its deliveries.",
            "pinged" => "Ping queued: its delivery is listed below.",
            "retried" => "Delivery queued again.",
            "rule-added" => "Rule added: the claims check applies it from now on.",
            "rule-changed" => "Rule changed: the claims check applies it as it is now.",
            "rule-deleted" => "Rule deleted.",
            _ => return None,
        })
    }
}

/// What a settings page says besides what it lists: a notice, a refusal, a secret shown
/// once, and a form's posted values with their errors.
#[derive(Default)]
pub struct Said {
    pub notice: Option<&'static str>,
    pub problem: Option<String>,
    pub secret: Option<Markup>,
    pub errors: Vec<FieldError>,
    pub values: Vec<(String, String)>,
}

impl Said {
    fn of(done: &Done) -> Self {
        Self { notice: done.notice(), ..Self::default() }
    }

    fn errors(&self) -> Errors {
        errors_by_path(&self.errors)
    }

    /// What was posted in `name`, or `fallback` when nothing was.
    fn value<'a>(&'a self, name: &str, fallback: &'a str) -> &'a str {
        self.values.iter().find(|(key, _)| key == name).map_or(fallback, |(_, value)| value)
    }
}

/// A refusal of the service (the last owner, a bad URL, a role only owners grant…) as what
/// the page says, with the status REST would answer; anything else stays an error page.
fn refused(error: Error, values: &[(String, String)]) -> Result<(StatusCode, Said), PageError> {
    let status = actix_web::ResponseError::status_code(&error);
    if !status.is_client_error() || matches!(error, Error::Unauthorized(_)) {
        return Err(error.into());
    }
    let values = values.to_vec();
    let said = match error {
        Error::Validation(errors) => Said {
            problem: Some("Nothing was saved: fix what is marked below.".to_owned()),
            errors,
            values,
            ..Said::default()
        },
        other => Said { problem: Some(other.public_detail()), values, ..Said::default() },
    };
    Ok((status, said))
}

/// A settings page: its heading, the settings navigation, what it says, then `main`.
fn screen(
    at: &InWorkspace,
    (title, current): (&str, &str),
    said: &Said,
    main: Markup,
    status: StatusCode,
) -> HttpResponse {
    let tabs = SCREENS.iter().filter(|(_, _, permission)| at.member.role.permits(*permission));
    let main = html! {
        nav.locales aria-label="Settings" {
            @for (screen, name, _) in tabs {
                @if *screen == current {
                    a href=(path_of(at, screen)) aria-current="page" { (name) }
                } @else {
                    a href=(path_of(at, screen)) { (name) }
                }
            }
        }
        h1 { (title) }
        @if let Some(notice) = said.notice { p.saved role="status" { (notice) } }
        @if let Some(problem) = &said.problem { p.problem role="alert" { (problem) } }
        @if let Some(secret) = &said.secret { (secret) }
        (main)
    };
    respond(status, layout(title, Some(&at.frame()), main))
}

/// The header row of a table: one column heading per name.
fn headings(names: &[&str]) -> Markup {
    html! { tr { @for name in names { th scope="col" { (name) } } } }
}

/// A secret shown this once, right in the answer to the post that made it (never in a URL).
fn shown_once(what: &str, secret: &str) -> Markup {
    html! {
        section.panel.once aria-labelledby="once-heading" {
            h2 #once-heading { "Copy the " (what) " now" }
            p.notice { "It is shown this once and cannot be shown again. Keep it somewhere safe." }
            div.field {
                label for="once-secret" { "The " (what) }
                input #once-secret readonly value=(secret);
            }
        }
    }
}
