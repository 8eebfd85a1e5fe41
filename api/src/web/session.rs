//! Who is signed in to the web admin: the session cookie, the CSRF token every form posts,
//! and the extractors pages take ([`SignedIn`], [`InWorkspace`]).

use std::future::Future;
use std::pin::Pin;

use actix_web::http::header;
use actix_web::{FromRequest, HttpRequest, dev::Payload};

use super::page::{Frame, PageError};
use crate::accounts::web_sessions::{self, LIFETIME, WebSession};
use crate::auth::extract::{WorkspaceMember, state};
use crate::auth::tokens;
use crate::error::{Error, Result};
use crate::request::id::RequestId;

pub const COOKIE: &str = "cutis_session";

/// The value of cookie `name` in the request, if it carries one.
pub fn cookie(request: &HttpRequest, name: &str) -> Option<String> {
    let header = request.headers().get(header::COOKIE)?.to_str().ok()?;
    header.split(';').find_map(|pair| {
        let (key, value) = pair.trim().split_once('=')?;
        (key == name && !value.is_empty()).then(|| value.to_owned())
    })
}

/// A `Set-Cookie` value: `HttpOnly`, `SameSite=Lax` (sign-in links from mail still land
/// signed in; every change is a POST with a CSRF token), `Secure` over https. `None` clears.
pub fn set_cookie(request: &HttpRequest, name: &str, value: Option<&str>) -> String {
    let secure = if request.connection_info().scheme() == "https" { "; Secure" } else { "" };
    let (value, age) = match value {
        Some(value) => (value, LIFETIME.num_seconds()),
        None => ("", 0),
    };
    format!("{name}={value}; Path=/admin; HttpOnly; SameSite=Lax; Max-Age={age}{secure}")
}

/// The CSRF token of the session whose cookie carries `secret`: a hash no other site can
/// compute, since it cannot read the cookie.
pub fn csrf_token(secret: &str) -> String {
    tokens::digest(format!("csrf|{secret}"))
}

/// Whether `given` is `expected`, in time that does not depend on where they differ.
pub fn same_token(given: &str, expected: &str) -> bool {
    given.len() == expected.len()
        && given.bytes().zip(expected.bytes()).fold(0u8, |diff, (a, b)| diff | (a ^ b)) == 0
}

/// A url-encoded form body, after its CSRF token was checked.
pub struct Posted(Vec<(String, String)>);

impl Posted {
    /// The fields of `body`: `403`, and nothing parsed, unless its `csrf` is `expected`.
    pub fn check(body: &[u8], expected: &str) -> Result<Self> {
        Self::checked(url::form_urlencoded::parse(body).into_owned().collect(), expected)
    }

    /// `fields` (a multipart form's text parts, say): `403` unless its `csrf` is `expected`.
    pub fn checked(fields: Vec<(String, String)>, expected: &str) -> Result<Self> {
        let given = fields.iter().find(|(name, _)| name == "csrf").map(|(_, value)| value);
        match given {
            Some(given) if same_token(given, expected) => Ok(Self(fields)),
            Some(_) => Err(Error::Forbidden(
                "the form's security token is wrong; reload the page".to_owned(),
            )),
            None => {
                Err(Error::Forbidden("the form has no security token; reload the page".to_owned()))
            }
        }
    }

    /// The first value of field `name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0.iter().find(|(key, _)| key == name).map(|(_, value)| value.as_str())
    }

    /// The first value of `name`, trimmed; empty is none.
    pub fn text(&self, name: &str) -> Option<&str> {
        self.get(name).map(str::trim).filter(|value| !value.is_empty())
    }

    pub fn fields(&self) -> &[(String, String)] {
        &self.0
    }
}

/// A live web-admin session. Without one, a page answers with the sign-in page.
pub struct SignedIn {
    pub session: WebSession,
    pub csrf: String,
}

impl SignedIn {
    async fn extract(request: HttpRequest) -> Result<Self> {
        let state = state(&request)?;
        let signed_out = || Error::Unauthorized("sign in to use the web admin".to_owned());
        let token = cookie(&request, COOKIE).ok_or_else(signed_out)?;
        let session = web_sessions::find(&state.db, &token).await?.ok_or_else(signed_out)?;
        Ok(Self { csrf: csrf_token(&session.token), session })
    }

    /// The fields of a posted form, once its CSRF token is this session's.
    pub fn posted(&self, body: &[u8]) -> Result<Posted> {
        Posted::check(body, &self.csrf)
    }

    pub fn frame(&self) -> Frame<'_> {
        Frame { user: &self.session.user, workspace: None, csrf: &self.csrf }
    }
}

impl FromRequest for SignedIn {
    type Error = PageError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, PageError>>>>;

    fn from_request(request: &HttpRequest, _: &mut Payload) -> Self::Future {
        let request = request.clone();
        Box::pin(async move { Ok(Self::extract(request).await?) })
    }
}

/// A signed-in member of the workspace in the path (`/admin/workspaces/{workspace}/…`). A
/// membership removed since sign-in is gone from the next page on: the member is resolved on
/// every request.
pub struct InWorkspace {
    pub signed_in: SignedIn,
    pub member: WorkspaceMember,
}

impl InWorkspace {
    async fn extract(request: HttpRequest) -> Result<Self> {
        let signed_in = SignedIn::extract(request.clone()).await?;
        let state = state(&request)?;
        let slug = request.match_info().get("workspace").unwrap_or_default();
        let user = signed_in.session.user.clone();
        let mut member = WorkspaceMember::resolve(&state.db, user, slug).await?;
        member.request_id = RequestId::of(&request);
        Ok(Self { signed_in, member })
    }

    pub fn posted(&self, body: &[u8]) -> Result<Posted> {
        self.signed_in.posted(body)
    }

    pub fn frame(&self) -> Frame<'_> {
        Frame {
            user: &self.signed_in.session.user,
            workspace: Some((&self.member.workspace, self.member.role)),
            csrf: &self.signed_in.csrf,
        }
    }

    /// The path of a page of this workspace: `base()` + `/treatments`, say.
    pub fn base(&self) -> String {
        format!("/admin/workspaces/{}", self.member.workspace.slug)
    }
}

impl FromRequest for InWorkspace {
    type Error = PageError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, PageError>>>>;

    fn from_request(request: &HttpRequest, _: &mut Payload) -> Self::Future {
        let request = request.clone();
        Box::pin(async move { Ok(Self::extract(request).await?) })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_form_posts_only_with_its_sessions_token() {
        let expected = csrf_token("cutis_ws_secret");
        let body = format!("csrf={expected}&name=Peel");
        assert_eq!(Posted::check(body.as_bytes(), &expected).unwrap().text("name"), Some("Peel"));
        let forged = format!("csrf={}&name=Peel", csrf_token("cutis_ws_other"));
        assert!(matches!(Posted::check(forged.as_bytes(), &expected), Err(Error::Forbidden(_))));
        assert!(matches!(Posted::check(b"name=Peel", &expected), Err(Error::Forbidden(_))));
    }
}
