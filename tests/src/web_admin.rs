//! A browser without JavaScript for the web admin at `/admin/`: it keeps the session cookie,
//! reads each page's CSRF token, and posts forms url-encoded.

use cutis::auth::roles::Role;
use reqwest::{Method, Response};

use crate::{PASSWORD, Session, TestApp};

/// One browser's session in the web admin.
pub struct AdminBrowser<'a> {
    app: &'a TestApp,
    /// `name=value` of every cookie the server set and has not cleared.
    cookies: Vec<(String, String)>,
}

/// `pairs` url-encoded, as a browser posts a form.
pub fn form_body(pairs: &[(&str, &str)]) -> String {
    let encode = |text: &str| {
        text.bytes()
            .map(|byte| match byte {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                    (byte as char).to_string()
                }
                b' ' => "+".to_owned(),
                other => format!("%{other:02X}"),
            })
            .collect::<String>()
    };
    let pairs: Vec<String> =
        pairs.iter().map(|(name, value)| format!("{}={}", encode(name), encode(value))).collect();
    pairs.join("&")
}

/// The value of the first hidden `csrf` input of `html`.
pub fn csrf_in(html: &str) -> Option<String> {
    let start = html.find("name=\"csrf\" value=\"")? + "name=\"csrf\" value=\"".len();
    Some(html[start..].split('"').next()?.to_owned())
}

impl<'a> AdminBrowser<'a> {
    pub fn new(app: &'a TestApp) -> Self {
        Self { app, cookies: Vec::new() }
    }

    /// A new member of `workspace` with `role`, signed in to the web admin, and their API
    /// session.
    pub async fn member(app: &'a TestApp, workspace: &str, role: Role) -> (Self, Session) {
        let session = app.sign_in_as(workspace, role).await;
        let mut browser = Self::new(app);
        browser.sign_in(&session.email, PASSWORD).await;
        (browser, session)
    }

    /// The session cookie's value, if signed in.
    pub fn session_cookie(&self) -> Option<String> {
        self.cookies.iter().find(|(name, _)| name == "cutis_session").map(|(_, v)| v.clone())
    }

    /// Replaces the browser's cookies with a session cookie of `value`.
    pub fn use_session_cookie(&mut self, value: &str) {
        self.cookies = vec![("cutis_session".to_owned(), value.to_owned())];
    }

    async fn send(&mut self, method: Method, path: &str, body: Option<String>) -> Response {
        let mut request = self.app.request(method, path);
        if !self.cookies.is_empty() {
            let header: Vec<String> =
                self.cookies.iter().map(|(n, v)| format!("{n}={v}")).collect();
            request = request.header("cookie", header.join("; "));
        }
        if let Some(body) = body {
            request =
                request.header("content-type", "application/x-www-form-urlencoded").body(body);
        }
        let response = request.send().await.expect("send a page request");
        for set in response.headers().get_all("set-cookie") {
            let set = set.to_str().expect("an ASCII cookie");
            let pair = set.split(';').next().unwrap_or_default();
            let (name, value) = pair.split_once('=').expect("name=value");
            self.cookies.retain(|(known, _)| known != name);
            if !value.is_empty() && !set.contains("Max-Age=0") {
                self.cookies.push((name.to_owned(), value.to_owned()));
            }
        }
        response
    }

    pub async fn get(&mut self, path: &str) -> Response {
        self.send(Method::GET, path, None).await
    }

    /// `GET path` answered `200`: its HTML.
    pub async fn page(&mut self, path: &str) -> String {
        let response = self.get(path).await;
        let status = response.status();
        let html = response.text().await.expect("a page");
        assert_eq!(status, 200, "GET {path}: {html}");
        html
    }

    pub async fn post(&mut self, path: &str, pairs: &[(&str, &str)]) -> Response {
        self.send(Method::POST, path, Some(form_body(pairs))).await
    }

    /// Posts `pairs` with the CSRF token of the page at `from`.
    pub async fn submit(&mut self, from: &str, path: &str, pairs: &[(&str, &str)]) -> Response {
        let html = self.page(from).await;
        let csrf = csrf_in(&html).expect("the page has a form with a CSRF token");
        let mut all = vec![("csrf", csrf.as_str())];
        all.extend_from_slice(pairs);
        self.post(path, &all).await
    }

    /// Signs in through the sign-in form, asserting it lands on the workspace chooser.
    pub async fn sign_in(&mut self, email: &str, password: &str) {
        let response = self.sign_in_answer(email, password).await;
        assert_eq!(response.status(), 303, "signing in {email}: {:?}", response.text().await);
        assert!(self.session_cookie().is_some(), "signing in set no session cookie");
    }

    pub async fn sign_in_answer(&mut self, email: &str, password: &str) -> Response {
        let pairs = [("email", email), ("password", password)];
        self.submit("/admin/sign-in", "/admin/sign-in", &pairs).await
    }
}
