use cutis::auth::roles::Role;
use cutis_tests::{problem, spawn_app};
use reqwest::Method;
use serde_json::{Value, json};

const KEYS: &str = "/admin/v1/workspaces/acme/api-keys";

#[tokio::test]
async fn a_new_key_is_shown_once_with_a_visible_prefix_and_works() {
    let app = spawn_app().await;
    let owner = app.sign_in_as("acme", Role::Owner).await;

    let created: Value = app
        .authed(Method::POST, KEYS, &owner.access_token)
        .json(&json!({"name": "Website"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let list = app
        .authed(Method::GET, KEYS, &owner.access_token)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();

    let secret = created["secret"].as_str().unwrap();
    assert!(secret.starts_with("cutis_live_"));
    assert!(secret.starts_with(created["prefix"].as_str().unwrap()));
    assert!(!list.contains(secret), "the secret is never listed");
    assert_eq!(
        app.authed(Method::GET, "/v1/workspace", secret).send().await.unwrap().status(),
        200
    );
}

#[tokio::test]
async fn a_preview_key_has_its_own_prefix() {
    let app = spawn_app().await;
    let owner = app.sign_in_as("acme", Role::Owner).await;

    let created: Value = app
        .authed(Method::POST, KEYS, &owner.access_token)
        .json(&json!({"name": "Staging", "kind": "preview"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();

    assert_eq!(created["kind"], "preview");
    assert!(created["secret"].as_str().unwrap().starts_with("cutis_preview_"));
}

#[tokio::test]
async fn a_revoked_key_is_refused_at_once() {
    let app = spawn_app().await;
    let owner = app.sign_in_as("acme", Role::Owner).await;
    let created: Value = app
        .authed(Method::POST, KEYS, &owner.access_token)
        .json(&json!({"name": "Website"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let secret = created["secret"].as_str().unwrap();

    let revoke = app
        .authed(
            Method::DELETE,
            &format!("{KEYS}/{}", created["id"].as_str().unwrap()),
            &owner.access_token,
        )
        .send()
        .await
        .unwrap();

    assert_eq!(revoke.status(), 204);
    problem(app.authed(Method::GET, "/v1/workspace", secret).send().await.unwrap(), 401).await;
}

#[tokio::test]
async fn using_a_key_records_when_it_was_last_used() {
    let app = spawn_app().await;
    let owner = app.sign_in_as("acme", Role::Owner).await;
    let created: Value = app
        .authed(Method::POST, KEYS, &owner.access_token)
        .json(&json!({"name": "Website"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(created["last_used_at"].is_null());

    app.authed(Method::GET, "/v1/workspace", created["secret"].as_str().unwrap())
        .send()
        .await
        .unwrap();

    let list: Value = app
        .authed(Method::GET, KEYS, &owner.access_token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(list["items"][0]["last_used_at"].is_string());
}

#[tokio::test]
async fn a_key_for_an_unknown_clinic_is_422_and_not_created() {
    let app = spawn_app().await;
    let owner = app.sign_in_as("acme", Role::Owner).await;

    let response = app
        .authed(Method::POST, KEYS, &owner.access_token)
        .json(&json!({"name": "Website", "clinic": "nowhere"}))
        .send()
        .await
        .unwrap();

    let body = problem(response, 422).await;
    assert_eq!(body["errors"][0]["field"], "clinic");
    let list: Value = app
        .authed(Method::GET, KEYS, &owner.access_token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(list["items"], json!([]));
}

#[tokio::test]
async fn an_unknown_key_is_401() {
    let app = spawn_app().await;

    let response =
        app.authed(Method::GET, "/v1/workspace", "cutis_live_notarealkey").send().await.unwrap();

    problem(response, 401).await;
}
