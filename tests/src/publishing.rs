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
    pub async fn publish(&self, room: &Newsroom, kind: &str, current: &Value) -> Value {
        let id = current["id"].as_str().expect("an id").to_owned();
        let mut entry = current.clone();
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
