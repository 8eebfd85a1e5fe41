//! Loading content the way editors do: the CLI makes the workspace, accounts and key, the admin
//! REST API creates microneedling-like treatments and takes each through submit, approve and
//! publish, so the database holds exactly what real use would leave in it.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use reqwest::{Client, Method};
use serde_json::{Value, json};

use crate::server::Database;

pub const WORKSPACE: &str = "bench";
const PASSWORD: &str = "bench passphrase, long enough";

/// The signed-in editor and reviewer of the bench workspace.
#[derive(Clone)]
pub struct Newsroom {
    pub base: String,
    pub client: Client,
    pub editor: String,
    pub reviewer: String,
}

/// Creates the workspace, an editor, a reviewer and a delivery key with the `cutis` CLI.
/// Returns the key.
pub fn create_accounts(database: &Database) -> String {
    database.cli(&["migrate"], None);
    database.cli(&["workspace", "create", WORKSPACE, "--name", "Bench Clinics"], None);
    for role in ["editor", "reviewer"] {
        let email = format!("{role}@bench.example");
        let args = ["user", "create", "--email", &email, "--password-stdin"];
        let password = format!("{PASSWORD}\n");
        let member = ["--workspace", WORKSPACE, "--role", role];
        database.cli(&[&args[..], &member[..]].concat(), Some(&password));
    }
    let key = database.cli(&["key", "create", "--workspace", WORKSPACE, "--name", "Bench"], None);
    key.trim().to_owned()
}

impl Newsroom {
    pub async fn sign_in(base: String) -> Self {
        let client = Client::new();
        let mut tokens = Vec::new();
        for role in ["editor", "reviewer"] {
            let login = json!({"email": format!("{role}@bench.example"), "password": PASSWORD});
            let response = client
                .post(format!("{base}/v1/auth/login"))
                .json(&login)
                .send()
                .await
                .expect("log in");
            let body: Value = response.json().await.expect("a token pair");
            tokens.push(body["access_token"].as_str().expect("an access token").to_owned());
        }
        let reviewer = tokens.pop().expect("two tokens");
        let editor = tokens.pop().expect("two tokens");
        Self { base, client, editor, reviewer }
    }

    /// The editor's web-admin session cookie (`name=value`), signed in through the sign-in
    /// form as a browser does: its page sets the form's cookie and token, the post the session.
    pub async fn admin_cookie(&self) -> String {
        let page = self.client.get(format!("{}/admin/sign-in", self.base)).send().await;
        let page = page.expect("the sign-in page");
        let form_cookie = cookie_of(&page, "cutis_sign_in");
        let html = page.text().await.expect("the sign-in form");
        let csrf = html
            .split("name=\"csrf\" value=\"")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .expect("the form's token")
            .to_owned();
        let form = [
            ("csrf", csrf),
            ("email", "editor@bench.example".into()),
            ("password", PASSWORD.into()),
        ];
        let answer = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("a client")
            .post(format!("{}/admin/sign-in", self.base))
            .header("Cookie", form_cookie)
            .form(&form)
            .send()
            .await
            .expect("signing in");
        assert_eq!(answer.status(), 303, "signing in to the web admin");
        cookie_of(&answer, "cutis_session")
    }

    /// The path of the web admin's editor for the treatment with `slug`.
    pub async fn editor_page(&self, slug: &str) -> String {
        let path = format!("{}?q={slug}", self.collection("treatments"));
        let found = self.send(Method::GET, &path, &self.editor, Request::None).await;
        let id = found["items"][0]["id"].as_str().expect("the treatment").to_owned();
        format!("/admin/workspaces/{WORKSPACE}/treatments/{id}")
    }

    pub fn collection(&self, kind: &str) -> String {
        format!("/admin/v1/workspaces/{WORKSPACE}/{kind}")
    }

    /// Sends one admin request and returns the answer's JSON, failing on any non-2xx.
    async fn send(&self, method: Method, path: &str, token: &str, body: Request) -> Value {
        let mut request =
            self.client.request(method.clone(), format!("{}{path}", self.base)).bearer_auth(token);
        request = match body {
            Request::Json(body) => request.json(&body),
            Request::IfMatch(version) => request.header("If-Match", format!("\"{version}\"")),
            Request::None => request,
        };
        let response = request.send().await.expect("send an admin request");
        let status = response.status();
        let text = response.text().await.expect("an admin answer");
        assert!(status.is_success(), "{method} {path}: {status} {text}");
        serde_json::from_str(&text).expect("JSON")
    }

    /// Creates an entry and publishes it (submit by the editor, approve and publish by the
    /// reviewer, each with the version the previous step returned).
    pub async fn create_published(&self, kind: &str, body: Value) -> Value {
        let collection = self.collection(kind);
        let mut entry =
            self.send(Method::POST, &collection, &self.editor, Request::Json(body)).await;
        let id = entry["id"].as_str().expect("an id").to_owned();
        for (step, token) in
            [("submit", &self.editor), ("approve", &self.reviewer), ("publish", &self.reviewer)]
        {
            let path = format!("{collection}/{id}/{step}");
            let version = entry["version"].as_i64().expect("a version");
            entry = self.send(Method::POST, &path, token, Request::IfMatch(version)).await;
        }
        entry
    }

    /// Publishes the conditions the treatments link to.
    pub async fn publish_conditions(&self) {
        for (slug, name) in CONDITIONS {
            let body = json!({"slug": slug, "name": name, "synonyms": [],
                "summary": format!("What {name} is and how it is treated."), "body": ""});
            self.create_published("conditions", body).await;
        }
    }

    /// Creates and publishes treatments `from..to` with `concurrency` requests in flight;
    /// returns each one's id and current `ETag`, in order.
    pub async fn publish_treatments(
        &self,
        from: usize,
        to: usize,
        concurrency: usize,
    ) -> Vec<(String, String)> {
        let next = Arc::new(AtomicUsize::new(from));
        let workers: Vec<_> = (0..concurrency)
            .map(|_| {
                let (room, next) = (self.clone(), next.clone());
                tokio::spawn(async move {
                    let mut made = Vec::new();
                    loop {
                        let n = next.fetch_add(1, Ordering::Relaxed);
                        if n >= to {
                            return made;
                        }
                        let entry = room.create_published("treatments", treatment(n)).await;
                        let id = entry["id"].as_str().expect("an id").to_owned();
                        made.push((n, id, format!("\"{}\"", entry["version"])));
                    }
                })
            })
            .collect();
        let mut all = Vec::new();
        for worker in workers {
            all.extend(worker.await.expect("a loading task panicked"));
        }
        all.sort_by_key(|(n, _, _)| *n);
        all.into_iter().map(|(_, id, etag)| (id, etag)).collect()
    }
}

/// What an admin request carries: a JSON body, or (workflow steps) only the version it acts on.
enum Request {
    Json(Value),
    IfMatch(i64),
    None,
}

/// `name=value` of the cookie `name` that `response` sets.
fn cookie_of(response: &reqwest::Response, name: &str) -> String {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|value| value.to_str().ok())
        .filter_map(|value| value.split(';').next())
        .find(|pair| pair.starts_with(&format!("{name}=")))
        .unwrap_or_else(|| panic!("no {name} cookie"))
        .to_owned()
}

pub const CONDITIONS: [(&str, &str); 3] =
    [("melasma", "Melasma"), ("acne-scars", "Acne scars"), ("fine-lines", "Fine lines")];

/// The slug of treatment `n`.
pub fn slug(n: usize) -> String {
    format!("treatment-{n:05}")
}

/// A microneedling-like treatment: every field filled, two conditions, three FAQs.
pub fn treatment(n: usize) -> Value {
    json!({
        "slug": slug(n),
        "name": format!("Microneedling variant {n}"),
        "also_known_as": ["collagen induction therapy", "skin needling"],
        "summary": "Fine needles make tiny channels in the skin so it renews itself.",
        "body": "## How it works\n\nThe skin heals the channels and makes new collagen. \
                 Results build over several sessions spaced a month apart.",
        "procedure_minutes": {"min": 30, "max": 45},
        "sessions": {"min": 3, "max": 6},
        "session_interval_weeks": {"min": 4, "max": 6},
        "downtime_days": {"min": 1, "max": 3},
        "downtime_notes": "Redness and mild swelling for a few days.",
        "results_timeline": "Skin starts to clear about two weeks after a session.",
        "contraindications": ["active skin infection", "isotretinoin in the last 6 months"],
        "side_effects": [
            {"effect": "Redness and mild swelling", "frequency": "very_common", "duration": "A few days"}
        ],
        "aftercare": [
            {"timing": "First 24 hours", "instruction": "Cleanse with lukewarm water only."},
            {"timing": "First week", "instruction": "Wear sunscreen every day."}
        ],
        "faqs": [
            {"question": "Does it hurt?", "answer": "A numbing cream keeps it comfortable."},
            {"question": "How many sessions?", "answer": "Three to six, a month apart."},
            {"question": "Does it shrink pores?", "answer": "Pores look smaller afterwards."}
        ],
        "conditions": [
            {"condition": "melasma", "sessions": {"min": 4, "max": 6}, "notes": null},
            {"condition": CONDITIONS[1 + n % 2].0, "sessions": {"min": 3, "max": 5}, "notes": null}
        ],
        "references": [
            {"title": "Microneedling for melasma", "url": "https://journal.example/mn", "year": 2021}
        ],
        "seo": {"meta_title": "Microneedling", "meta_description": "Sessions and aftercare."}
    })
}
