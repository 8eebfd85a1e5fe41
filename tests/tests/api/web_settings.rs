//! The settings pages of the web admin over HTTP, as an owner without JavaScript uses them:
//! API keys and webhook secrets shown once, roles changed and the last owner kept, the
//! workspace's locales and CORS origins, and nothing of it for an editor.

use std::time::{Duration, Instant};

use cutis::accounts::users;
use cutis::auth::roles::Role;
use cutis_tests::{AdminBrowser, PASSWORD, Receiver, Session, TestApp, spawn_app, spawn_app_with};
use reqwest::Method;
use serde_json::Value;

use super::webhooks::quick;

const SETTINGS: &str = "/admin/workspaces/acme/settings";
const WORKSPACE: &str = "/admin/v1/workspaces/acme";

/// A signed-in member of `acme` in the web admin, and their API session.
async fn member(app: &TestApp, role: Role) -> (AdminBrowser<'_>, Session) {
    AdminBrowser::member(app, "acme", role).await
}

fn at(screen: &str) -> String {
    format!("{SETTINGS}/{screen}")
}

/// The secret a page shows once.
fn secret_in(html: &str) -> String {
    let input = html.split("id=\"once-secret\"").nth(1).expect("the page shows a secret");
    input.split("value=\"").nth(1).unwrap().split('"').next().unwrap().to_owned()
}

async fn user_id(app: &TestApp, session: &Session) -> String {
    users::find_by_email(&app.db, &session.email).await.unwrap().unwrap().id.to_string()
}

async fn role_of(app: &TestApp, session: &Session) -> Value {
    app.get_as(session, WORKSPACE).await.json::<Value>().await.unwrap()["role"].clone()
}

async fn body_of(response: reqwest::Response, status: u16) -> String {
    let got = response.status();
    let html = response.text().await.unwrap();
    assert_eq!(got, status, "{html}");
    html
}

#[actix_web::test]
async fn an_owner_creates_a_key_whose_secret_is_shown_once_and_works_until_revoked() {
    let app = spawn_app().await;
    let (mut owner, session) = member(&app, Role::Owner).await;
    let keys = at("api-keys");
    let created = owner.submit(&keys, &keys, &[("name", "Website"), ("kind", "delivery")]).await;
    let html = body_of(created, 201).await;
    let secret = secret_in(&html);
    assert!(secret.starts_with("cutis_live_"), "{secret}");
    assert!(html.contains("cannot be shown again"), "{html}");
    let delivered = app.authed(Method::GET, "/v1/workspace", &secret).send().await.unwrap();
    assert_eq!(delivered.status(), 200);
    let listed = owner.page(&keys).await;
    assert!(listed.contains("Website") && !listed.contains(&secret), "{listed}");

    let api: Value =
        app.get_as(&session, &format!("{WORKSPACE}/api-keys")).await.json().await.unwrap();
    let id = api["items"][0]["id"].as_str().unwrap();
    let revoked = owner.submit(&keys, &format!("{keys}/{id}/revoke"), &[]).await;
    assert_eq!(revoked.status(), 303);
    assert!(owner.page(&format!("{keys}?done=key-revoked")).await.contains("Key revoked"));
    let refused = app.authed(Method::GET, "/v1/workspace", &secret).send().await.unwrap();
    assert_eq!(refused.status(), 401);
}

#[actix_web::test]
async fn an_owner_changes_a_role_and_the_members_next_call_has_it() {
    let app = spawn_app().await;
    let (mut owner, _) = member(&app, Role::Owner).await;
    let editor = app.sign_in_as("acme", Role::Editor).await;
    let members = at("members");
    assert!(owner.page(&members).await.contains(&editor.email));
    let path = format!("{members}/{}/role", user_id(&app, &editor).await);
    let changed = owner.submit(&members, &path, &[("role", "admin")]).await;
    assert_eq!(changed.status(), 303);
    let location = changed.headers()["location"].to_str().unwrap().to_owned();
    assert!(owner.page(&location).await.contains("Role changed."));
    assert_eq!(role_of(&app, &editor).await, "admin");
}

#[actix_web::test]
async fn the_last_owner_stays_and_only_owners_grant_the_owner_role_with_a_message() {
    let app = spawn_app().await;
    let (mut owner, session) = member(&app, Role::Owner).await;
    let members = at("members");
    let me = format!("{members}/{}", user_id(&app, &session).await);
    let removed = owner.submit(&members, &format!("{me}/remove"), &[]).await;
    let html = body_of(removed, 409).await;
    assert!(html.contains("a workspace must keep at least one owner"), "{html}");
    assert!(html.contains(&session.email), "the refusal lost the member list");
    let demoted = owner.submit(&members, &format!("{me}/role"), &[("role", "editor")]).await;
    assert!(body_of(demoted, 409).await.contains("at least one owner"));
    assert_eq!(role_of(&app, &session).await, "owner");

    let (mut admin, admin_session) = member(&app, Role::Admin).await;
    let promote = format!("{members}/{}/role", user_id(&app, &admin_session).await);
    let refused = admin.submit(&members, &promote, &[("role", "owner")]).await;
    assert!(body_of(refused, 403).await.contains("only an owner may grant"));
    assert_eq!(role_of(&app, &admin_session).await, "admin");
}

#[actix_web::test]
async fn an_editor_gets_403_on_every_settings_page_and_a_forged_post_changes_nothing() {
    let app = spawn_app_with(quick).await;
    let (mut owner, owner_session) = member(&app, Role::Owner).await;
    let receiver = Receiver::start(&[]).await;
    let hook = [("url", receiver.url.as_str()), ("events", "*")];
    assert_eq!(owner.submit(&at("webhooks"), &at("webhooks"), &hook).await.status(), 201);
    let hooks: Value =
        app.get_as(&owner_session, &format!("{WORKSPACE}/webhooks")).await.json().await.unwrap();
    let hook = format!("webhooks/{}", hooks["items"][0]["id"].as_str().unwrap());
    assert!(owner.page("/admin/workspaces/acme").await.contains(SETTINGS));

    let (mut editor, session) = member(&app, Role::Editor).await;
    let home = editor.page("/admin/workspaces/acme").await;
    assert!(!home.contains(SETTINGS), "an editor is offered the settings");
    let screens = ["", "/members", "/api-keys", "/webhooks", "/workspace"];
    let mut pages: Vec<String> = screens.iter().map(|s| format!("{SETTINGS}{s}")).collect();
    pages.extend([at(&hook), at(&format!("{hook}/deliveries"))]);
    for page in &pages {
        assert_eq!(editor.get(page).await.status(), 403, "GET {page}");
    }
    let me = format!("{}/{}/role", at("members"), user_id(&app, &session).await);
    let forged: [(String, &[(&str, &str)]); 5] = [
        (at("api-keys"), &[("name", "Stolen")]),
        (at("workspace"), &[("name", "Hijacked"), ("locales", "en"), ("default_locale", "en")]),
        (me, &[("role", "owner")]),
        (at(&format!("{hook}/delete")), &[]),
        (at(&format!("{hook}/ping")), &[]),
    ];
    for (path, pairs) in &forged {
        // With the editor's own token the role refuses; without a token, so does the owner's.
        let status = editor.submit("/admin/", path, pairs).await.status();
        assert_eq!(status, 403, "POST {path} as an editor");
        assert_eq!(owner.post(path, pairs).await.status(), 403, "POST {path} without a token");
    }
    let keys: Value =
        app.get_as(&owner_session, &format!("{WORKSPACE}/api-keys")).await.json().await.unwrap();
    assert_eq!(keys["items"], serde_json::json!([]));
    let workspace: Value = app.get_as(&owner_session, WORKSPACE).await.json().await.unwrap();
    assert_eq!(workspace["name"], "acme clinics");
    assert_eq!(role_of(&app, &session).await, "editor");
    let still: Value = app
        .get_as(&owner_session, &format!("{WORKSPACE}/{hook}/deliveries"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(still["items"], serde_json::json!([]), "a forged ping was sent");
}

#[actix_web::test]
async fn the_workspace_form_saves_locales_and_cors_and_shows_a_bad_locale_at_its_field() {
    let app = spawn_app().await;
    let (mut owner, session) = member(&app, Role::Owner).await;
    let form = at("workspace");
    let good = [
        ("name", "Acme Skin"),
        ("locales", "en\nfr\nde"),
        ("default_locale", "fr"),
        ("cors_origins", "https://www.acme.example\nhttps://book.acme.example"),
    ];
    let saved = owner.submit(&form, &form, &good).await;
    assert_eq!(saved.status(), 303, "{:?}", saved.text().await);
    let workspace: Value = app.get_as(&session, WORKSPACE).await.json().await.unwrap();
    assert_eq!(workspace["locales"], serde_json::json!(["en", "fr", "de"]));
    assert_eq!(workspace["default_locale"], "fr");
    assert_eq!(
        workspace["cors_origins"],
        serde_json::json!(["https://www.acme.example", "https://book.acme.example"])
    );
    let shown = owner.page(&format!("{form}?done=saved")).await;
    assert!(shown.contains("Saved.") && shown.contains("https://book.acme.example"), "{shown}");

    let bad = [
        ("name", "Renamed"),
        ("locales", "en\nnot a locale!"),
        ("default_locale", "en"),
        ("cors_origins", "ftp://nope.example"),
    ];
    let refused = owner.submit(&form, &form, &bad).await;
    let html = body_of(refused, 422).await;
    let at_locales = html.split("id=\"f-locales-error\"").nth(1).expect("no error at the locales");
    assert!(at_locales.split("</p>").next().unwrap().contains("entry 2"), "{html}");
    assert!(html.contains("id=\"f-cors_origins-error\""), "no error at the CORS origins: {html}");
    assert!(html.contains("not a locale!"), "the typed locales were lost");
    let unchanged: Value = app.get_as(&session, WORKSPACE).await.json().await.unwrap();
    assert_eq!(
        (unchanged["name"].as_str(), unchanged["locales"].clone()),
        (Some("Acme Skin"), workspace["locales"].clone())
    );
}

#[actix_web::test]
async fn a_new_webhook_shows_its_secret_once_and_its_log_lists_a_ping() {
    let app = spawn_app_with(quick).await;
    let (mut owner, session) = member(&app, Role::Owner).await;
    let receiver = Receiver::start(&[]).await;
    let hooks = at("webhooks");
    let bad =
        owner.submit(&hooks, &hooks, &[("url", "not a url"), ("events", "treatment.nope")]).await;
    let html = body_of(bad, 422).await;
    assert!(
        html.contains("id=\"f-url-error\"") && html.contains("id=\"f-events-error\""),
        "{html}"
    );
    let new = [
        ("url", receiver.url.as_str()),
        ("events", "treatment.published, treatment.*"),
        ("description", "Site"),
    ];
    let html = body_of(owner.submit(&hooks, &hooks, &new).await, 201).await;
    let secret = secret_in(&html);
    assert!(secret.starts_with("whsec_"), "{secret}");
    assert!(!owner.page(&hooks).await.contains(&secret), "the list shows the secret");
    let api: Value =
        app.get_as(&session, &format!("{WORKSPACE}/webhooks")).await.json().await.unwrap();
    assert_eq!(
        api["items"][0]["events"],
        serde_json::json!(["treatment.published", "treatment.*"])
    );
    let hook = format!("{hooks}/{}", api["items"][0]["id"].as_str().unwrap());
    assert!(!owner.page(&hook).await.contains(&secret), "the webhook's page shows the secret");

    let pinged = owner.submit(&hook, &format!("{hook}/ping"), &[]).await;
    assert_eq!(pinged.status(), 303);
    let log = pinged.headers()["location"].to_str().unwrap().to_owned();
    assert!(log.starts_with(&format!("{hook}/deliveries")), "{log}");
    let started = Instant::now();
    loop {
        let page = owner.page(&log).await;
        if page.contains("webhook.ping")
            && page.contains(">delivered<")
            && page.contains("HTTP 200")
        {
            break;
        }
        assert!(started.elapsed() < Duration::from_secs(30), "the ping is not delivered: {page}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(receiver.wait_for(1).await[0].json()["type"], "webhook.ping");
}

#[actix_web::test]
async fn an_invitation_shows_its_token_once_and_the_token_joins_the_workspace() {
    let app = spawn_app().await;
    let (mut owner, _) = member(&app, Role::Owner).await;
    let members = at("members");
    let invite = [("email", "new.reviewer@acme.example"), ("role", "reviewer")];
    let html = body_of(owner.submit(&members, &at("invitations"), &invite).await, 201).await;
    let token = secret_in(&html);
    let listed = owner.page(&members).await;
    assert!(listed.contains("new.reviewer@acme.example") && !listed.contains(&token), "{listed}");
    let accept = serde_json::json!({"token": token, "password": PASSWORD});
    let accepted = app.post_json("/v1/invitations/accept", &accept).await;
    assert_eq!(accepted.status(), 201);
    let joined = app.login("new.reviewer@acme.example", PASSWORD).await;
    assert_eq!(role_of(&app, &joined).await, "reviewer");
}
