//! Arranging accounts for a test: workspaces, users with roles, tokens and API keys. They are
//! created through the same service functions the `cutis` CLI uses, and sessions through the
//! real login endpoint.

use cutis::accounts::api_keys::{self, KeyKind, NewApiKey};
use cutis::accounts::members;
use cutis::accounts::users::{self, NewUser};
use cutis::accounts::workspaces::{self, NewWorkspace, Workspace};
use cutis::auth::roles::Role;
use reqwest::{Method, RequestBuilder};
use serde_json::{Value, json};

use crate::TestApp;

/// The password every test user gets.
pub const PASSWORD: &str = "a long test password";

/// A signed-in test user.
#[derive(Clone, Debug)]
pub struct Session {
    pub email: String,
    pub access_token: String,
    pub refresh_token: String,
}

impl TestApp {
    /// Creates workspace `slug` offering English (default) and French.
    pub async fn create_workspace(&self, slug: &str) -> Workspace {
        let new = NewWorkspace::parse(
            slug,
            &format!("{slug} clinics"),
            "en",
            &["en".into(), "fr".into()],
        )
        .expect("a valid workspace");
        workspaces::create(&self.db, new).await.expect("create the workspace")
    }

    /// Creates a user (no membership) and returns their email.
    pub async fn create_user(&self, email: &str) -> users::User {
        let new = NewUser::parse(email, PASSWORD, None, None).expect("a valid user");
        users::create(&self.db, new).await.expect("create the user")
    }

    /// Creates a user holding `role` in `workspace` (created if missing) and logs them in.
    pub async fn sign_in_as(&self, workspace: &str, role: Role) -> Session {
        let workspace = match workspaces::find_by_slug(&self.db, workspace).await.expect("query") {
            Some(found) => found,
            None => self.create_workspace(workspace).await,
        };
        let email = format!("{role}-{}@{}.example", uuid::Uuid::new_v4().simple(), workspace.slug);
        let user = self.create_user(&email).await;
        members::add(&self.db, workspace.id, user.id, role).await.expect("add the member");
        self.login(&email, PASSWORD).await
    }

    /// Logs in through `POST /v1/auth/login`, asserting success.
    pub async fn login(&self, email: &str, password: &str) -> Session {
        let response =
            self.post_json("/v1/auth/login", &json!({"email": email, "password": password})).await;
        assert_eq!(response.status(), 200, "login of {email} failed");
        let body: Value = response.json().await.expect("a token pair");
        Session {
            email: email.to_owned(),
            access_token: body["access_token"].as_str().expect("access_token").to_owned(),
            refresh_token: body["refresh_token"].as_str().expect("refresh_token").to_owned(),
        }
    }

    /// Invites `email` to `workspace` with `role` as `inviter`, asserting success; returns the
    /// invitation token.
    pub async fn invite(
        &self,
        inviter: &Session,
        workspace: &str,
        email: &str,
        role: &str,
    ) -> String {
        let path = format!("/admin/v1/workspaces/{workspace}/invitations");
        let response = self
            .authed(Method::POST, &path, &inviter.access_token)
            .json(&json!({"email": email, "role": role}))
            .send()
            .await
            .expect("send the invitation");
        assert_eq!(response.status(), 201, "inviting {email} to {workspace} failed");
        let body: Value = response.json().await.expect("an invitation");
        body["token"].as_str().expect("token").to_owned()
    }

    /// A request carrying `Authorization: Bearer <token>`.
    pub fn authed(&self, method: Method, path: &str, token: &str) -> RequestBuilder {
        self.request(method, path).bearer_auth(token)
    }

    /// Issues an API key in `workspace` (optionally limited to a clinic slug); returns the secret.
    pub async fn api_key(
        &self,
        workspace: &Workspace,
        kind: KeyKind,
        clinic: Option<&str>,
    ) -> String {
        let new = NewApiKey {
            workspace_id: workspace.id,
            name: "test key",
            kind,
            clinic,
            created_by: None,
        };
        api_keys::create(&self.db, new).await.expect("create the key").1
    }
}
