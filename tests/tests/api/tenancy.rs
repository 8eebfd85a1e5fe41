//! Nothing crosses workspaces: another workspace is 404, never 403, and keys see only their own.

use cutis::accounts::api_keys::KeyKind;
use cutis::auth::roles::Role;
use cutis_tests::{problem, spawn_app};
use reqwest::Method;
use serde_json::Value;

#[tokio::test]
async fn another_workspace_is_404_even_for_its_owner_role_elsewhere() {
    let app = spawn_app().await;
    let owner_a = app.sign_in_as("alpha", Role::Owner).await;
    app.create_workspace("beta").await;

    for path in [
        "/admin/v1/workspaces/beta",
        "/admin/v1/workspaces/beta/members",
        "/admin/v1/workspaces/beta/api-keys",
    ] {
        let response = app.authed(Method::GET, path, &owner_a.access_token).send().await.unwrap();
        problem(response, 404).await;
    }
}

#[tokio::test]
async fn an_unknown_workspace_and_a_foreign_one_look_the_same() {
    let app = spawn_app().await;
    let owner_a = app.sign_in_as("alpha", Role::Owner).await;
    app.create_workspace("beta").await;

    let foreign = app
        .authed(Method::GET, "/admin/v1/workspaces/beta", &owner_a.access_token)
        .send()
        .await
        .unwrap();
    let missing = app
        .authed(Method::GET, "/admin/v1/workspaces/gamma", &owner_a.access_token)
        .send()
        .await
        .unwrap();

    assert_eq!(problem(foreign, 404).await["code"], problem(missing, 404).await["code"]);
}

#[tokio::test]
async fn the_workspace_list_shows_only_my_workspaces() {
    let app = spawn_app().await;
    let editor_a = app.sign_in_as("alpha", Role::Editor).await;
    app.create_workspace("beta").await;

    let list: Value = app
        .authed(Method::GET, "/admin/v1/workspaces", &editor_a.access_token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();

    let slugs: Vec<&str> =
        list["items"].as_array().unwrap().iter().map(|w| w["slug"].as_str().unwrap()).collect();
    assert_eq!(slugs, ["alpha"]);
}

#[tokio::test]
async fn a_delivery_key_sees_only_its_own_workspace() {
    let app = spawn_app().await;
    let alpha = app.create_workspace("alpha").await;
    let beta = app.create_workspace("beta").await;
    let key_b = app.api_key(&beta, KeyKind::Delivery, None).await;

    let seen: Value = app
        .authed(Method::GET, "/v1/workspace", &key_b)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();

    assert_eq!(seen["slug"], "beta");
    assert_ne!(seen["id"], alpha.id.to_string());
}

#[tokio::test]
async fn a_delivery_key_is_refused_by_the_admin_api_and_a_jwt_by_the_delivery_api() {
    let app = spawn_app().await;
    let editor = app.sign_in_as("alpha", Role::Owner).await;
    let alpha = app.create_workspace("alpha-two").await;
    let key = app.api_key(&alpha, KeyKind::Delivery, None).await;

    let admin_with_key = app.authed(Method::GET, "/v1/me", &key).send().await.unwrap();
    let delivery_with_jwt =
        app.authed(Method::GET, "/v1/workspace", &editor.access_token).send().await.unwrap();

    problem(admin_with_key, 401).await;
    problem(delivery_with_jwt, 401).await;
}
