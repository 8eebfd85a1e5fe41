//! The frame every page shares, the headers every page carries, and the one [`Error`] of Cutis
//! answered as a page instead of problem+json.

use actix_web::http::{StatusCode, header};
use actix_web::{HttpResponse, ResponseError};
use maud::{DOCTYPE, Markup, html};

use super::assets::{SCRIPT_PATH, STYLES_PATH};
use crate::accounts::users::User;
use crate::accounts::workspaces::Workspace;
use crate::auth::roles::{Permission, Role};
use crate::error::Error;

/// Scripts and styles from this server only, no inline code, never framed.
const POLICY: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' \
                      data:; connect-src 'self'; form-action 'self'; base-uri 'none'; \
                      frame-ancestors 'none'";

/// Who is looking, where: what the header shows, and the token its sign-out form carries.
pub struct Frame<'a> {
    pub user: &'a User,
    pub workspace: Option<(&'a Workspace, Role)>,
    pub csrf: &'a str,
}

/// The whole page: header, navigation, then `main`.
pub fn layout(title: &str, frame: Option<&Frame>, main: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · Cutis" }
                link rel="stylesheet" href=(STYLES_PATH);
                script src=(SCRIPT_PATH) defer {}
            }
            body {
                a.skip href="#main" { "Skip to content" }
                header.top {
                    a.brand href="/admin/" { "Cutis" }
                    @if let Some(frame) = frame { (navigation(frame)) }
                }
                main #main { (main) }
            }
        }
    }
}

fn navigation(frame: &Frame) -> Markup {
    html! {
        @if let Some((workspace, role)) = frame.workspace {
            nav aria-label="Workspace" {
                a href=(format!("/admin/workspaces/{}", workspace.slug)) { "Home" }
                @for (segment, title) in [("treatments", "Treatments"), ("conditions", "Conditions"), ("clinics", "Clinics"), ("media", "Media")] {
                    a href=(format!("/admin/workspaces/{}/{segment}", workspace.slug)) { (title) }
                }
                @if role.permits(Permission::ManageWorkspace) {
                    a href=(format!("/admin/workspaces/{}/settings", workspace.slug)) { "Settings" }
                } @else if role.permits(Permission::ManageClaimRules) {
                    // Reviewers keep the claim rules, and no other setting.
                    a href=(format!("/admin/workspaces/{}/settings/claim-rules", workspace.slug)) { "Claim rules" }
                }
            }
            span.where {
                (workspace.name) " · " (role.as_str()) " · "
                a href="/admin/" { "Switch workspace" }
            }
        }
        form.sign-out method="post" action="/admin/sign-out" {
            (csrf_field(frame.csrf))
            span { (frame.user.display_name) }
            button type="submit" { "Sign out" }
        }
    }
}

/// The hidden field every form posts its CSRF token in.
pub fn csrf_field(token: &str) -> Markup {
    html! { input type="hidden" name="csrf" value=(token); }
}

/// `markup` as an HTML response with the admin's security headers.
pub fn respond(status: StatusCode, markup: Markup) -> HttpResponse {
    let mut response = HttpResponse::build(status);
    secure(&mut response);
    response.content_type("text/html; charset=utf-8").body(markup.into_string())
}

/// `200` with `markup`.
pub fn ok(markup: Markup) -> HttpResponse {
    respond(StatusCode::OK, markup)
}

/// `303 See Other` to `location`: where a form post goes after it changed something.
pub fn see_other(location: &str) -> HttpResponse {
    let mut response = HttpResponse::SeeOther();
    secure(&mut response);
    response.insert_header((header::LOCATION, location)).finish()
}

fn secure(response: &mut actix_web::HttpResponseBuilder) {
    response
        .insert_header((header::CONTENT_SECURITY_POLICY, POLICY))
        .insert_header((header::REFERRER_POLICY, "same-origin"))
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .insert_header((header::X_FRAME_OPTIONS, "DENY"))
        .insert_header((header::CACHE_CONTROL, "no-store"));
}

/// The one error of Cutis, answered as a page: signed-out callers go to the sign-in page,
/// everything else is a page saying what went wrong, with the status REST would answer.
#[derive(Debug)]
pub struct PageError(pub Error);

impl From<Error> for PageError {
    fn from(error: Error) -> Self {
        Self(error)
    }
}

impl std::fmt::Display for PageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl ResponseError for PageError {
    fn status_code(&self) -> StatusCode {
        self.0.status_code()
    }

    fn error_response(&self) -> HttpResponse {
        if matches!(self.0, Error::Unauthorized(_)) {
            return see_other("/admin/sign-in");
        }
        let status = self.status_code();
        if status.is_server_error() {
            tracing::error!(error = %self.0, "web admin page failed");
        }
        let title = status.canonical_reason().unwrap_or("Error");
        respond(
            status,
            layout(
                title,
                None,
                html! {
                    h1 { (title) }
                    (problem(&self.0))
                    p { a href="/admin/" { "Back to your workspaces" } }
                },
            ),
        )
    }
}

/// What went wrong, in words: the error's detail, and each item of errors that list some.
pub fn problem(error: &Error) -> Markup {
    html! {
        div.problem role="alert" {
            p { (error.public_detail()) }
            @if let Error::Validation(errors) = error {
                ul { @for error in errors { li { (error.field) ": " (error.message) } } }
            }
            @if let Error::Claims(findings) = error {
                ul {
                    @for finding in findings {
                        li { "“" (finding.matched) "” in " (finding.field) " (" (finding.locale) "): " (finding.reason) }
                    }
                }
            }
        }
    }
}

/// What a page handler answers.
pub type PageResult = Result<HttpResponse, PageError>;
