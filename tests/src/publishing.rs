//! Moving entries through the workflow and reading what delivery serves, for tests.

use cutis::accounts::api_keys::KeyKind;
use cutis::auth::roles::Role;
use reqwest::{Method, Response};
use serde_json::Value;

use crate::{Session, TestApp};

/// The editor and reviewer of a workspace, and a delivery key for its sites.
pub struct Newsroom {
    pub workspace: String,
    pub editor: Session,
    pub reviewer: Session,
    pub key: String,
}

impl TestApp {
    /// A workspace with an editor, a reviewer and a delivery key.
    pub async fn newsroom(&self, workspace: &str) -> Newsroom {
        let editor = self.sign_in_as(workspace, Role::Editor).await;
        let reviewer = self.sign_in_as(workspace, Role::Reviewer).await;
        let found = cutis::accounts::workspaces::find_by_slug(&self.db, workspace).await;
        let found = found.expect("query").expect("the workspace exists");
        let key = self.api_key(&found, KeyKind::Delivery, None).await;
        Newsroom { workspace: workspace.to_owned(), editor, reviewer, key }
    }

    /// `POST {entry_path}/{step}` with `If-Match: "<version>"`.
    pub async fn step(
        &self,
        session: &Session,
        entry_path: &str,
        step: &str,
        version: i64,
        body: Option<&Value>,
    ) -> Response {
        let path = format!("{entry_path}/{step}");
        let mut request = self
            .authed(Method::POST, &path, &session.access_token)
            .header("If-Match", format!("\"{version}\""));
        if let Some(body) = body {
            request = request.json(body);
        }
        request.send().await.expect("send a workflow step")
    }

    /// Takes the entry `current` (a response body) through submit, approve and publish;
    /// returns it published.
    /// A treatment first gets what the publish checklist needs when it lacks it (a
    /// contraindication and side effects in each of its locales, downtime), so tests about
    /// something else can publish a bare treatment.
    pub async fn publish(&self, room: &Newsroom, kind: &str, current: &Value) -> Value {
        let id = current["id"].as_str().expect("an id").to_owned();
        let mut entry = current.clone();
        if kind == "treatments" {
            entry = self.complete_for_publishing(room, &entry).await;
        }
        let steps =
            [("submit", &room.editor), ("approve", &room.reviewer), ("publish", &room.reviewer)];
        for (step, session) in steps {
            if step == "submit" && entry["status"] != "draft" {
                continue;
            }
            let version = entry["version"].as_i64().expect("a version");
            let path = crate::content::entry(&room.workspace, kind, &id);
            let response = self.step(session, &path, step, version, None).await;
            let status = response.status();
            let text = response.text().await.expect("a body");
            assert_eq!(status, 200, "{step} of {kind} {id}: {text}");
            entry = serde_json::from_str(&text).expect("the entry");
        }
        entry
    }

    /// `treatment` with the checklist's fields filled where they are missing.
    pub async fn complete_for_publishing(&self, room: &Newsroom, treatment: &Value) -> Value {
        let id = treatment["id"].as_str().expect("an id").to_owned();
        let path = crate::content::entry(&room.workspace, "treatments", &id);
        let mut entry = treatment.clone();
        let locales: Vec<String> = entry["locales"]
            .as_array()
            .map(|all| all.iter().filter_map(|l| l.as_str().map(str::to_owned)).collect())
            .unwrap_or_default();
        for locale in locales {
            let text = self.read_entry(&room.editor, &format!("{path}?locale={locale}")).await;
            let mut patch = serde_json::Map::new();
            if text["contraindications"].as_array().is_none_or(Vec::is_empty) {
                patch.insert("contraindications".into(), serde_json::json!(["pregnancy"]));
            }
            if text["side_effects"].as_array().is_none_or(Vec::is_empty) {
                let effect = serde_json::json!([{"effect": "Redness", "duration": "A day"}]);
                patch.insert("side_effects".into(), effect);
            }
            if text["downtime_days"].is_null() {
                patch.insert("downtime_days".into(), serde_json::json!({"min": 0, "max": 1}));
            }
            if patch.is_empty() {
                continue;
            }
            patch.insert("locale".into(), Value::String(locale));
            let version = text["version"].as_i64().expect("a version");
            let response = self.patch_as(&room.editor, &path, version, &Value::Object(patch)).await;
            assert_eq!(response.status(), 200, "completing treatment {id} for publishing");
            entry = response.json().await.expect("the treatment");
        }
        entry
    }

    /// A delivery `GET` with `key`.
    pub async fn deliver(&self, key: &str, path: &str) -> Response {
        self.authed(Method::GET, path, key).send().await.expect("send a delivery GET")
    }

    /// A delivery `GET` that must answer 200; its JSON body.
    pub async fn delivered(&self, key: &str, path: &str) -> Value {
        let response = self.deliver(key, path).await;
        let status = response.status();
        let text = response.text().await.expect("a body");
        assert_eq!(status, 200, "GET {path}: {text}");
        serde_json::from_str(&text).expect("JSON")
    }
}
