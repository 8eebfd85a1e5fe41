//! Joining a workspace: owners and admins invite, only the person invited accepts, and nobody
//! but the account's owner ever chooses its password.

use chrono::{Duration, Utc};
use cutis::auth::roles::Role;
use cutis_tests::{PASSWORD, Session, TestApp, problem, spawn_app};
use entity::invitation;
use reqwest::{Method, Response};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};

const HIRE: &str = "newhire@rival.example";
const ATTACKER_PASSWORD: &str = "the attacker's chosen password";
const HIRE_PASSWORD: &str = "the new hire's own password";

async fn accept_as_new(app: &TestApp, token: &str, password: &str) -> Response {
    app.post_json("/v1/invitations/accept", &json!({"token": token, "password": password})).await
}

async fn accept_signed_in(app: &TestApp, session: &Session, token: &str) -> Response {
    app.authed(Method::POST, "/v1/invitations/accept", &session.access_token)
        .json(&json!({"token": token}))
        .send()
        .await
        .unwrap()
}

async fn login_status(app: &TestApp, email: &str, password: &str) -> u16 {
    let body = json!({"email": email, "password": password});
    app.post_json("/v1/auth/login", &body).await.status().as_u16()
}

async fn members_of(app: &TestApp, session: &Session, workspace: &str) -> Vec<String> {
    let path = format!("/admin/v1/workspaces/{workspace}/members");
    let body: Value = app
        .authed(Method::GET, &path, &session.access_token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["email"].as_str().unwrap().to_owned())
        .collect()
}

async fn pending_of(app: &TestApp, session: &Session, workspace: &str) -> Vec<Value> {
    let path = format!("/admin/v1/workspaces/{workspace}/invitations");
    let body: Value = app
        .authed(Method::GET, &path, &session.access_token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    body["items"].as_array().unwrap().clone()
}

async fn workspace_status(app: &TestApp, session: &Session, workspace: &str) -> u16 {
    let path = format!("/admin/v1/workspaces/{workspace}");
    app.authed(Method::GET, &path, &session.access_token).send().await.unwrap().status().as_u16()
}

#[tokio::test]
async fn an_owner_elsewhere_cannot_choose_the_password_of_someone_another_workspace_hires() {
    let app = spawn_app().await;
    let rival = app.sign_in_as("rival", Role::Owner).await;
    let clinic = app.sign_in_as("clinic", Role::Owner).await;

    let planted = app
        .authed(Method::POST, "/admin/v1/workspaces/rival/members", &rival.access_token)
        .json(&json!({"email": HIRE, "role": "viewer", "password": ATTACKER_PASSWORD}))
        .send()
        .await
        .unwrap();
    let token = app.invite(&clinic, "clinic", HIRE, "admin").await;
    let accepted = accept_as_new(&app, &token, HIRE_PASSWORD).await;

    assert!(!planted.status().is_success(), "adding with a password made an account");
    assert_eq!(accepted.status(), 201);
    assert_eq!(login_status(&app, HIRE, ATTACKER_PASSWORD).await, 401);
    let hire = app.login(HIRE, HIRE_PASSWORD).await;
    assert_eq!(workspace_status(&app, &hire, "clinic").await, 200);
    assert_eq!(workspace_status(&app, &hire, "rival").await, 404);
}

#[tokio::test]
async fn an_account_someone_else_made_for_an_email_never_receives_another_workspaces_invitation() {
    let app = spawn_app().await;
    let rival = app.sign_in_as("rival", Role::Owner).await;
    let clinic = app.sign_in_as("clinic", Role::Owner).await;
    // The rival invites the email and accepts it themselves, choosing its password.
    let own = app.invite(&rival, "rival", HIRE, "viewer").await;
    assert_eq!(accept_as_new(&app, &own, ATTACKER_PASSWORD).await.status(), 201);
    let squatter = app.login(HIRE, ATTACKER_PASSWORD).await;

    let token = app.invite(&clinic, "clinic", HIRE, "admin").await;
    let overwrite = accept_as_new(&app, &token, HIRE_PASSWORD).await;

    let body = problem(overwrite, 409).await;
    assert!(body["detail"].as_str().unwrap().contains("sign in"), "{body}");
    assert_eq!(login_status(&app, HIRE, HIRE_PASSWORD).await, 401, "the password is unchanged");
    assert_eq!(workspace_status(&app, &squatter, "clinic").await, 404);
    assert!(!members_of(&app, &clinic, "clinic").await.contains(&HIRE.to_owned()));
    assert_eq!(pending_of(&app, &clinic, "clinic").await.len(), 1, "the invitation is unused");
}

#[tokio::test]
async fn a_user_of_another_workspace_joins_only_when_they_accept() {
    let app = spawn_app().await;
    let person = app.sign_in_as("alpha", Role::Editor).await;
    let owner_b = app.sign_in_as("beta", Role::Owner).await;

    let token = app.invite(&owner_b, "beta", &person.email, "reviewer").await;

    assert_eq!(workspace_status(&app, &person, "beta").await, 404, "not a member before accepting");
    assert!(!members_of(&app, &owner_b, "beta").await.contains(&person.email));
    let accepted = accept_signed_in(&app, &person, &token).await;
    assert_eq!(accepted.status(), 201);
    let body: Value = accepted.json().await.unwrap();
    assert_eq!(body["workspace"], "beta");
    assert_eq!(body["role"], "reviewer");
    assert_eq!(workspace_status(&app, &person, "beta").await, 200);
    assert!(members_of(&app, &owner_b, "beta").await.contains(&person.email));
    assert!(pending_of(&app, &owner_b, "beta").await.is_empty());
    assert_eq!(login_status(&app, &person.email, PASSWORD).await, 200, "the password is theirs");
}

#[tokio::test]
async fn inviting_answers_alike_whether_or_not_the_email_has_an_account() {
    let app = spawn_app().await;
    let owner = app.sign_in_as("acme", Role::Owner).await;
    app.create_user("known@elsewhere.example").await;

    let mut answers = Vec::new();
    for email in ["known@elsewhere.example", "unknown@elsewhere.example"] {
        let response = app
            .authed(Method::POST, "/admin/v1/workspaces/acme/invitations", &owner.access_token)
            .json(&json!({"email": email, "role": "editor"}))
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        let body: Value = response.json().await.unwrap();
        let mut keys: Vec<String> = body.as_object().unwrap().keys().cloned().collect();
        keys.sort();
        answers.push((status, keys));
    }

    assert_eq!(answers[0], answers[1]);
    assert_eq!(answers[0].0, 201);
    assert!(answers[0].1.contains(&"token".to_owned()));
    assert!(!answers[0].1.iter().any(|key| key.contains("user")), "{answers:?}");
}

#[tokio::test]
async fn a_used_revoked_or_expired_invitation_is_410_and_an_unknown_one_404() {
    let app = spawn_app().await;
    let owner = app.sign_in_as("acme", Role::Owner).await;
    let used = app.invite(&owner, "acme", "first@acme.example", "editor").await;
    assert_eq!(accept_as_new(&app, &used, "a long first password").await.status(), 201);
    let revoked = app.invite(&owner, "acme", "second@acme.example", "editor").await;
    let id = pending_of(&app, &owner, "acme").await[0]["id"].as_str().unwrap().to_owned();
    let revoke = app
        .authed(
            Method::DELETE,
            &format!("/admin/v1/workspaces/acme/invitations/{id}"),
            &owner.access_token,
        )
        .send()
        .await
        .unwrap();
    assert_eq!(revoke.status(), 204);
    let expired = app.invite(&owner, "acme", "third@acme.example", "editor").await;
    invitation::Entity::update_many()
        .col_expr(invitation::Column::ExpiresAt, Expr::value(Utc::now() - Duration::minutes(1)))
        .filter(invitation::Column::Email.eq("third@acme.example"))
        .exec(&app.db)
        .await
        .unwrap();

    let again = accept_as_new(&app, &used, "a long other password").await;
    let after_revoke = accept_as_new(&app, &revoked, "a long second password").await;
    let too_late = accept_as_new(&app, &expired, "a long third password").await;
    let unknown = accept_as_new(&app, "cutis_inv_made-up", "a long fourth password").await;

    assert!(problem(again, 410).await["detail"].as_str().unwrap().contains("used"));
    assert!(problem(after_revoke, 410).await["detail"].as_str().unwrap().contains("revoked"));
    assert!(problem(too_late, 410).await["detail"].as_str().unwrap().contains("expired"));
    problem(unknown, 404).await;
    assert_eq!(login_status(&app, "first@acme.example", "a long other password").await, 401);
    assert_eq!(login_status(&app, "second@acme.example", "a long second password").await, 401);
    assert_eq!(login_status(&app, "third@acme.example", "a long third password").await, 401);
    assert!(pending_of(&app, &owner, "acme").await.is_empty());
}

#[tokio::test]
async fn a_signed_in_user_cannot_accept_an_invitation_for_another_email() {
    let app = spawn_app().await;
    let owner = app.sign_in_as("acme", Role::Owner).await;
    let stranger = app.sign_in_as("elsewhere", Role::Owner).await;
    let token = app.invite(&owner, "acme", "invited@acme.example", "admin").await;

    let taken = accept_signed_in(&app, &stranger, &token).await;

    problem(taken, 403).await;
    assert_eq!(workspace_status(&app, &stranger, "acme").await, 404);
    assert_eq!(pending_of(&app, &owner, "acme").await.len(), 1);
}

#[tokio::test]
async fn accepting_needs_a_sign_in_or_a_valid_password_and_a_member_is_not_invited_again() {
    let app = spawn_app().await;
    let owner = app.sign_in_as("acme", Role::Owner).await;
    let editor = app.sign_in_as("acme", Role::Editor).await;
    let token = app.invite(&owner, "acme", "new@acme.example", "editor").await;

    let bare = app.post_json("/v1/invitations/accept", &json!({"token": token})).await;
    let short = accept_as_new(&app, &token, "short").await;
    let bad_bearer = app
        .authed(Method::POST, "/v1/invitations/accept", "not-a-token")
        .json(&json!({"token": token, "password": "a long new password"}))
        .send()
        .await
        .unwrap();
    let member_again = app
        .authed(Method::POST, "/admin/v1/workspaces/acme/invitations", &owner.access_token)
        .json(&json!({"email": editor.email, "role": "viewer"}))
        .send()
        .await
        .unwrap();

    problem(bare, 422).await;
    problem(short, 422).await;
    problem(bad_bearer, 401).await;
    problem(member_again, 409).await;
    assert_eq!(login_status(&app, "new@acme.example", "a long new password").await, 401);
    assert_eq!(pending_of(&app, &owner, "acme").await.len(), 1);
}

#[tokio::test]
async fn a_reviewer_hired_by_invitation_gives_their_name_and_credentials_on_accepting() {
    let app = spawn_app().await;
    let owner = app.sign_in_as("clinic", Role::Owner).await;
    let token = app.invite(&owner, "clinic", HIRE, "reviewer").await;

    let accepted = app
        .post_json(
            "/v1/invitations/accept",
            &json!({
                "token": token,
                "password": HIRE_PASSWORD,
                "display_name": "Dr. Amira Haddad",
                "credentials": "MD, dermatologist"
            }),
        )
        .await;

    assert_eq!(accepted.status(), 201);
    let hire = app.login(HIRE, HIRE_PASSWORD).await;
    let me: Value = app.get_as(&hire, "/v1/me").await.json().await.unwrap();
    assert_eq!(me["display_name"], "Dr. Amira Haddad");
    assert_eq!(me["credentials"], "MD, dermatologist");
    let members: Value =
        app.get_as(&owner, "/admin/v1/workspaces/clinic/members").await.json().await.unwrap();
    let hired = members["items"].as_array().unwrap().iter().find(|m| m["email"] == HIRE);
    assert_eq!(hired.expect("a member")["credentials"], "MD, dermatologist");
}

#[tokio::test]
async fn a_signed_in_user_accepting_cannot_set_credentials_on_the_way() {
    let app = spawn_app().await;
    let owner = app.sign_in_as("clinic", Role::Owner).await;
    let person = app.sign_in_as("elsewhere", Role::Editor).await;
    let token = app.invite(&owner, "clinic", &person.email, "reviewer").await;

    let refused = app
        .authed(Method::POST, "/v1/invitations/accept", &person.access_token)
        .json(&json!({"token": token, "credentials": "MD"}))
        .send()
        .await
        .unwrap();

    assert_eq!(problem(refused, 422).await["errors"][0]["field"], "password");
    assert_eq!(workspace_status(&app, &person, "clinic").await, 404);
}
