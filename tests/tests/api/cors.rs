use cutis::accounts::api_keys::KeyKind;
use cutis::auth::roles::Role;
use cutis_tests::{problem, spawn_app};
use reqwest::Method;
use serde_json::json;

#[tokio::test]
async fn an_origin_a_workspace_allows_passes_preflight_and_gets_cors_headers() {
    let app = spawn_app().await;
    let owner = app.sign_in_as("acme", Role::Owner).await;
    let settings = json!({"cors_origins": ["https://www.acme.example"]});
    let patched = app
        .authed(Method::PATCH, "/admin/v1/workspaces/acme", &owner.access_token)
        .json(&settings)
        .send()
        .await
        .unwrap();
    assert_eq!(patched.status(), 200);
    let workspace =
        cutis::accounts::workspaces::find_by_slug(&app.db, "acme").await.unwrap().unwrap();
    let key = app.api_key(&workspace, KeyKind::Delivery, None).await;

    let preflight = app
        .request(Method::OPTIONS, "/v1/workspace")
        .header("origin", "https://www.acme.example")
        .header("access-control-request-method", "GET")
        .header("access-control-request-headers", "authorization")
        .send()
        .await
        .unwrap();
    let actual = app
        .authed(Method::GET, "/v1/workspace", &key)
        .header("origin", "https://www.acme.example")
        .send()
        .await
        .unwrap();

    assert_eq!(preflight.status(), 200);
    assert_eq!(preflight.headers()["access-control-allow-origin"], "https://www.acme.example");
    assert_eq!(actual.status(), 200);
    assert_eq!(actual.headers()["access-control-allow-origin"], "https://www.acme.example");
}

#[tokio::test]
async fn an_origin_the_key_s_workspace_does_not_allow_is_refused() {
    let app = spawn_app().await;
    let owner_b = app.sign_in_as("beta", Role::Owner).await;
    app.authed(Method::PATCH, "/admin/v1/workspaces/beta", &owner_b.access_token)
        .json(&json!({"cors_origins": ["https://www.beta.example"]}))
        .send()
        .await
        .unwrap();
    let alpha = app.create_workspace("alpha").await;
    let key_a = app.api_key(&alpha, KeyKind::Delivery, None).await;

    let response = app
        .authed(Method::GET, "/v1/workspace", &key_a)
        .header("origin", "https://www.beta.example")
        .send()
        .await
        .unwrap();

    problem(response, 403).await;
}

#[tokio::test]
async fn a_malformed_origin_is_422_naming_its_position() {
    let app = spawn_app().await;
    let owner = app.sign_in_as("acme", Role::Owner).await;

    let response = app
        .authed(Method::PATCH, "/admin/v1/workspaces/acme", &owner.access_token)
        .json(&json!({"cors_origins": ["https://ok.example", "ftp://files.example/path"]}))
        .send()
        .await
        .unwrap();

    assert_eq!(problem(response, 422).await["errors"][0]["field"], "cors_origins[1]");
}

/// A browser shows the page's developer only "CORS error"; the preflight's answer is where the
/// server can say which origin it refused and which setting would allow it.
#[tokio::test]
async fn a_refused_preflight_names_the_origin_and_where_to_allow_it() {
    let app = spawn_app().await;
    let owner = app.sign_in_as("acme", Role::Owner).await;
    app.authed(Method::PATCH, "/admin/v1/workspaces/acme", &owner.access_token)
        .json(&json!({"cors_origins": ["https://www.acme.example"]}))
        .send()
        .await
        .unwrap();

    let preflight = app
        .request(Method::OPTIONS, "/v1/treatments")
        .header("origin", "http://localhost:3000")
        .header("access-control-request-method", "GET")
        .header("access-control-request-headers", "authorization")
        .send()
        .await
        .unwrap();

    assert!(preflight.headers().get("access-control-allow-origin").is_none());
    let body = problem(preflight, 403).await;
    let detail = body["detail"].as_str().unwrap();
    assert!(detail.contains("http://localhost:3000"), "{detail}");
    assert!(detail.contains("PATCH /admin/v1/workspaces/{workspace}"), "{detail}");
    assert!(detail.contains("cors_origins"), "{detail}");
}
