//! Signing in and out of the web admin, with the accounts and rate limits of `POST
//! /v1/auth/login`.
//!
//! The sign-in form has no session to derive its CSRF token from, so it pairs a random cookie
//! with a token derived from it: another site can post the form but cannot read or set the
//! cookie, and `SameSite=Lax` keeps the browser from sending it with a cross-site post.

use actix_web::http::StatusCode;
use actix_web::http::header::SET_COOKIE;
use actix_web::{HttpRequest, HttpResponse, web};
use maud::{Markup, html};

use super::page::{self, PageResult, csrf_field, layout, respond};
use super::session::{self, COOKIE, Posted, SignedIn};
use crate::accounts::web_sessions;
use crate::auth::tokens;
use crate::error::Error;
use crate::state::AppState;

/// The cookie the sign-in form's token is derived from.
const FORM_COOKIE: &str = "cutis_sign_in";

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/admin", web::get().to(|| async { page::see_other("/admin/") }))
        .route("/admin/sign-in", web::get().to(form))
        .route("/admin/sign-in", web::post().to(sign_in))
        .route("/admin/sign-out", web::post().to(sign_out));
}

async fn form(request: HttpRequest) -> HttpResponse {
    let secret = tokens::generate("cutis_si_");
    let mut response = sign_in_page(StatusCode::OK, &session::csrf_token(&secret), "", None);
    set(&mut response, &session::set_cookie(&request, FORM_COOKIE, Some(&secret)));
    response
}

async fn sign_in(state: web::Data<AppState>, request: HttpRequest, body: web::Bytes) -> PageResult {
    let expected = session::cookie(&request, FORM_COOKIE)
        .map(|secret| session::csrf_token(&secret))
        .ok_or_else(|| Error::Forbidden("the sign-in form expired; reload the page".to_owned()))?;
    let posted = Posted::check(&body, &expected)?;
    let email = posted.text("email").unwrap_or_default();
    let password = posted.get("password").unwrap_or_default();
    let ip = request.peer_addr().map(|address| address.ip());
    let outcome = match state.login_limiter.check(ip, email) {
        Ok(()) => web_sessions::sign_in(&state.db, &state.password_gate, email, password).await,
        Err(error) => Err(error),
    };
    match outcome {
        Ok(signed_in) => {
            let mut response = page::see_other("/admin/");
            set(&mut response, &session::set_cookie(&request, COOKIE, Some(&signed_in.token)));
            set(&mut response, &session::set_cookie(&request, FORM_COOKIE, None));
            Ok(response)
        }
        Err(
            error @ (Error::Unauthorized(_) | Error::TooManyRequests { .. } | Error::Busy { .. }),
        ) => {
            let status = if matches!(error, Error::Unauthorized(_)) {
                StatusCode::UNAUTHORIZED
            } else {
                StatusCode::TOO_MANY_REQUESTS
            };
            Ok(sign_in_page(status, &expected, email, Some(&error.to_string())))
        }
        Err(error) => Err(error.into()),
    }
}

async fn sign_out(
    state: web::Data<AppState>,
    signed_in: SignedIn,
    request: HttpRequest,
    body: web::Bytes,
) -> PageResult {
    signed_in.posted(&body)?;
    web_sessions::sign_out(&state.db, signed_in.session.id).await?;
    let mut response = page::see_other("/admin/sign-in");
    set(&mut response, &session::set_cookie(&request, COOKIE, None));
    Ok(response)
}

fn set(response: &mut HttpResponse, cookie: &str) {
    if let Ok(value) = cookie.parse() {
        response.headers_mut().append(SET_COOKIE, value);
    }
}

fn sign_in_page(
    status: StatusCode,
    csrf: &str,
    email: &str,
    problem: Option<&str>,
) -> HttpResponse {
    respond(status, layout("Sign in", None, sign_in_form(csrf, email, problem)))
}

fn sign_in_form(csrf: &str, email: &str, problem: Option<&str>) -> Markup {
    html! {
        section.sign-in {
            h1 { "Sign in to Cutis" }
            @if let Some(problem) = problem { p.problem role="alert" { (problem) } }
            form method="post" action="/admin/sign-in" {
                (csrf_field(csrf))
                div.field {
                    label for="email" { "Email" }
                    input #email name="email" type="email" autocomplete="username" required value=(email);
                }
                div.field {
                    label for="password" { "Password" }
                    input #password name="password" type="password" autocomplete="current-password" required;
                }
                button.primary type="submit" { "Sign in" }
            }
        }
    }
}
