//! The first run: an empty database gets the demo library, a login and a delivery key, once.

use cutis::accounts::workspaces;
use cutis::config::JwtSigning;
use cutis::demo::{self, Welcome};
use cutis::server::{SchemaPolicy, Server};
use cutis_tests::{TestApp, TestDatabase, spawn_app, test_settings};
use secrecy::ExposeSecret;
use serde_json::Value;

/// A test server whose database holds the demo, as after `cutis serve`'s first run.
pub(crate) async fn spawn_demo() -> (TestApp, Welcome) {
    let app = spawn_app().await;
    let welcome = demo::load_if_empty(&app.db).await.expect("load the demo");
    (app, welcome.expect("an empty database gets the demo"))
}

async fn deliver(app: &TestApp, key: &str, path: &str) -> Value {
    let response = app.request(reqwest::Method::GET, path).bearer_auth(key).send().await.unwrap();
    assert_eq!(response.status(), 200, "GET {path}");
    response.json().await.expect("JSON")
}

#[tokio::test]
async fn the_demo_serves_published_microneedling_in_english_and_french() {
    let (app, welcome) = spawn_demo().await;
    let key = welcome.delivery_key.expose_secret();

    let english = deliver(&app, key, "/v1/treatments/microneedling").await;
    let french = deliver(&app, key, "/v1/treatments/microneedling?locale=fr").await;

    assert_eq!(english["locale"], "en");
    assert_eq!(english["name"], "Microneedling");
    assert_eq!(french["locale"], "fr");
    assert_eq!(french["name"], "Microaiguillage");
    assert_eq!(french["review"]["reviewer"], "Dr. Amara Okafor");
    let melasma = english["conditions"].as_array().unwrap().iter().find(|c| c["slug"] == "melasma");
    assert_eq!(melasma.expect("melasma is linked")["sessions"]["max"], 2);
    let clinics = deliver(&app, key, "/v1/clinics").await;
    assert_eq!(clinics["items"].as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn the_printed_login_signs_in_as_owner_of_both_workspaces() {
    let (app, welcome) = spawn_demo().await;

    let session = app.login(&welcome.email, welcome.password.expose_secret()).await;
    let me: Value = app
        .authed(reqwest::Method::GET, "/v1/me", &session.access_token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();

    let text = me.to_string();
    assert!(text.contains("\"demo\"") && text.contains("glow-studio"), "{me}");
    assert!(text.contains("owner"), "{me}");
}

#[tokio::test]
async fn the_first_run_loads_the_demo_before_serving_and_later_runs_load_nothing() {
    // Arrange
    let database = TestDatabase::create().await;
    let mut settings = test_settings(&database.url());
    settings.demo = true;

    // Act
    let first = Server::build(settings.clone(), SchemaPolicy::Migrate).await.expect("start");
    let welcome = first.demo().expect("the first run loads the demo");
    let banner = welcome.banner(first.address(), true);
    let second = Server::build(settings, SchemaPolicy::Migrate).await.expect("start again");

    // Assert
    assert!(second.demo().is_none(), "the demo is loaded once");
    let address = first.address().to_string();
    for shown in [
        format!("http://{address}/docs/"),
        format!("http://{address}/graphql"),
        welcome.email.clone(),
        welcome.password.expose_secret().to_owned(),
        welcome.delivery_key.expose_secret().to_owned(),
        "CUTIS_JWT_SECRET".to_owned(),
    ] {
        assert!(banner.contains(&shown), "the banner lacks {shown}:\n{banner}");
    }
    assert!(welcome.took.as_secs() < 60);
    let found = workspaces::list_all(first.database()).await.unwrap();
    let slugs: Vec<&str> = found.iter().map(|w| w.slug.as_str()).collect();
    assert_eq!(slugs, ["demo", "glow-studio"]);
}

#[tokio::test]
async fn without_demo_mode_the_database_stays_empty() {
    let database = TestDatabase::create().await;
    let settings = test_settings(&database.url());

    let server = Server::build(settings, SchemaPolicy::Migrate).await.expect("start");

    assert!(server.demo().is_none());
    assert!(workspaces::list_all(server.database()).await.unwrap().is_empty());
}

#[tokio::test]
async fn serving_outside_demo_mode_without_a_jwt_secret_is_refused() {
    let database = TestDatabase::create().await;
    let mut settings = test_settings(&database.url());
    settings.demo = false;
    settings.jwt.signing = JwtSigning::Ephemeral;

    let outcome = cutis::operator::serve(settings, SchemaPolicy::Migrate).await;

    let message = outcome.expect_err("refused").to_string();
    assert!(message.contains("CUTIS_JWT_SECRET"), "{message}");
}

#[test]
fn demo_mode_is_on_unless_switched_off() {
    let on = cutis::config::Settings::from_lookup(|_| None).unwrap();
    let off = cutis::config::Settings::from_lookup(|name| {
        (name == "CUTIS_DEMO").then(|| "false".to_owned())
    })
    .unwrap();

    assert!(on.demo);
    assert!(!off.demo);
}
