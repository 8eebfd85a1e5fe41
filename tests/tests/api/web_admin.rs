//! The web admin at `/admin/` over HTTP, as a browser without JavaScript uses it: sessions,
//! CSRF tokens, roles, the editor's form and its errors, the workflow and conflicts. (The
//! same screens run in Chromium in `clients/browser/check-admin.mjs`.)

use cutis::accounts::{members, users};
use cutis::auth::roles::Role;
use cutis_tests::{
    AdminBrowser, PASSWORD, Session, TestApp, condition, entry, id_of, microneedling, spawn_app,
};
use serde_json::Value;

/// A signed-in member of `acme` in the web admin, and their API session.
async fn member(app: &TestApp, role: Role) -> (AdminBrowser<'_>, Session) {
    AdminBrowser::member(app, "acme", role).await
}

fn location(response: &reqwest::Response) -> String {
    response.headers()["location"].to_str().expect("a location").to_owned()
}

const BASE: &str = "/admin/workspaces/acme/treatments";

#[actix_web::test]
async fn a_session_opens_the_workspace_and_ends_at_sign_out_for_good() {
    let app = spawn_app().await;
    let (mut browser, _) = member(&app, Role::Editor).await;
    let response = browser.get("/admin/").await;
    let csp = response.headers()["content-security-policy"].to_str().unwrap().to_owned();
    assert!(csp.contains("frame-ancestors 'none'") && !csp.contains("unsafe-inline"), "{csp}");
    assert_eq!(response.headers()["x-frame-options"], "DENY");
    let html = response.text().await.unwrap();
    assert!(html.contains("href=\"/admin/workspaces/acme\""), "{html}");
    assert!(browser.page("/admin/workspaces/acme").await.contains("Waiting for review"));

    let cookie = browser.session_cookie().unwrap();
    let signed_out = browser.submit("/admin/", "/admin/sign-out", &[]).await;
    assert_eq!(signed_out.status(), 303);
    browser.use_session_cookie(&cookie);
    let again = browser.get("/admin/workspaces/acme").await;
    assert_eq!(again.status(), 303, "a signed-out session came back");
    assert_eq!(location(&again), "/admin/sign-in");
}

#[actix_web::test]
async fn a_wrong_password_or_a_forged_sign_in_starts_no_session() {
    let app = spawn_app().await;
    let session = app.sign_in_as("acme", Role::Editor).await;
    let mut browser = AdminBrowser::new(&app);
    let wrong = browser.sign_in_answer(&session.email, "not the password").await;
    assert_eq!(wrong.status(), 401);
    assert!(wrong.text().await.unwrap().contains("the email or password is wrong"));
    assert!(browser.session_cookie().is_none());
    // Another site can post the form, but not with the cookie its token is derived from.
    let mut forger = AdminBrowser::new(&app);
    let csrf = cutis_tests::csrf_in(&browser.page("/admin/sign-in").await).unwrap();
    let forged = forger
        .post(
            "/admin/sign-in",
            &[("csrf", &csrf), ("email", &session.email), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(forged.status(), 403);
    assert!(forger.session_cookie().is_none());
}

#[actix_web::test]
async fn the_editor_creates_a_treatment_and_shows_every_error_at_its_field() {
    let app = spawn_app().await;
    let (mut browser, session) = member(&app, Role::Editor).await;
    app.create_entry(&session, "acme", "conditions", &condition("melasma", "Melasma")).await;
    let half = [
        ("locale", "en"),
        ("slug", "Bad Slug"),
        ("name", "Peel"),
        ("sessions.min", "3"),
        ("sessions.max", ""),
    ];
    let refused = browser.submit(&format!("{BASE}/new"), BASE, &half).await;
    assert_eq!(refused.status(), 422);
    let html = refused.text().await.unwrap();
    assert!(html.contains("id=\"f-sessions-error\""), "no error at the range: {html}");
    assert!(html.contains("id=\"f-slug-error\""), "no error at the slug: {html}");
    assert!(html.contains("value=\"Peel\""), "the typed name was lost");
    let listed = app.get_as(&session, "/admin/v1/workspaces/acme/treatments").await;
    assert_eq!(listed.json::<Value>().await.unwrap()["items"], serde_json::json!([]));

    let good = [
        ("locale", "en"),
        ("slug", "peel"),
        ("name", "Peel"),
        ("sessions.min", "3"),
        ("sessions.max", "5"),
        ("faqs[0].question", "Second?"),
        ("faqs[0].answer", "No."),
        ("faqs[0]._order", "2"),
        ("faqs[1].question", "First?"),
        ("faqs[1].answer", "Yes."),
        ("faqs[1]._order", "1"),
        ("conditions[0].condition", "melasma"),
        ("conditions[0].sessions.min", "4"),
        ("conditions[0].sessions.max", "6"),
        ("conditions[0].notes", "Four weeks apart."),
    ];
    let created = browser.submit(&format!("{BASE}/new"), BASE, &good).await;
    assert_eq!(created.status(), 303, "{:?}", created.text().await);
    let id =
        location(&created).split('/').next_back().unwrap().split('?').next().unwrap().to_owned();
    let stored = app.read_entry(&session, &entry("acme", "treatments", &id)).await;
    assert_eq!(stored["sessions"], serde_json::json!({"min": 3, "max": 5}));
    assert_eq!(stored["faqs"][0]["question"], "First?");
    assert_eq!(stored["faqs"][1]["question"], "Second?");
    assert_eq!(stored["conditions"][0]["notes"], "Four weeks apart.");
    assert!(browser.page(&format!("{BASE}/{id}")).await.contains(">Four weeks apart.</textarea>"));
}

#[actix_web::test]
async fn a_post_without_its_sessions_token_or_beyond_the_role_is_403_and_changes_nothing() {
    let app = spawn_app().await;
    let (mut editor, session) = member(&app, Role::Editor).await;
    let created = app.create_treatment(&session, "acme", &microneedling()).await;
    let id = id_of(&created);
    let page = format!("{BASE}/{id}");
    let edit =
        [("version", "1"), ("locale", "en"), ("slug", "microneedling"), ("name", "Hijacked")];
    let tokenless = editor.post(&page, &edit).await;
    assert_eq!(tokenless.status(), 403);
    let (mut other, _) = member(&app, Role::Editor).await;
    let foreign_token = cutis_tests::csrf_in(&other.page("/admin/").await).unwrap();
    let mut forged = vec![("csrf", foreign_token.as_str())];
    forged.extend_from_slice(&edit);
    assert_eq!(editor.post(&page, &forged).await.status(), 403);

    let (mut viewer, _) = member(&app, Role::Viewer).await;
    let html = viewer.page(&page).await;
    assert!(
        !html.contains("class=\"save-bar\"") && !html.contains("class=\"step\""),
        "a viewer sees controls"
    );
    let stepped = viewer
        .submit(&page, &format!("{page}/step"), &[("step", "submit"), ("version", "1")])
        .await;
    assert_eq!(stepped.status(), 403);
    let saved = viewer.submit(&page, &page, &edit[..]).await;
    assert_eq!(saved.status(), 403);
    let stored = app.read_entry(&session, &entry("acme", "treatments", &id)).await;
    assert_eq!(
        (stored["version"].as_i64(), stored["name"].as_str()),
        (Some(1), Some("Microneedling"))
    );
    assert_eq!(stored["status"], "draft");
}

#[actix_web::test]
async fn a_save_after_a_colleagues_shows_both_and_saves_the_combination() {
    let app = spawn_app().await;
    let (mut browser, session) = member(&app, Role::Editor).await;
    let created = app.create_treatment(&session, "acme", &microneedling()).await;
    let id = id_of(&created);
    let path = entry("acme", "treatments", &id);
    let theirs = serde_json::json!({"summary": "Their summary."});
    assert_eq!(app.patch_as(&session, &path, 1, &theirs).await.status(), 200);
    let page = format!("{BASE}/{id}");
    let mine = [
        ("version", "1"),
        ("locale", "en"),
        ("slug", "microneedling"),
        ("name", "My name"),
        ("summary", "Fine needles make tiny channels in the skin so it renews itself."),
    ];
    let conflict = browser.submit(&page, &page, &mine).await;
    assert_eq!(conflict.status(), 409);
    let html = conflict.text().await.unwrap();
    assert!(html.contains("Their summary.") && html.contains("My name"), "{html}");
    let kept = html.split("name=\"mine\" value=\"").nth(1).unwrap().split('"').next().unwrap();
    let kept = kept.replace("&quot;", "\"").replace("&amp;", "&");
    let resolve = [
        ("version", "2"),
        ("locale", "en"),
        ("mine", kept.as_str()),
        ("choose.name", "mine"),
        ("choose.summary", "theirs"),
    ];
    let saved = browser.submit(&page, &format!("{page}/resolve"), &resolve).await;
    assert_eq!(saved.status(), 303, "{:?}", saved.text().await);
    let stored = app.read_entry(&session, &path).await;
    assert_eq!(
        (stored["name"].as_str(), stored["summary"].as_str()),
        (Some("My name"), Some("Their summary."))
    );
    assert_eq!(stored["version"], 3);
}

#[actix_web::test]
async fn a_reviewer_approves_and_publishes_from_the_editor_with_their_credentials() {
    let app = spawn_app().await;
    let (mut editor, session) = member(&app, Role::Editor).await;
    let id = id_of(&app.create_treatment(&session, "acme", &microneedling()).await);
    let page = format!("{BASE}/{id}");
    let submitted = editor
        .submit(&page, &format!("{page}/step"), &[("step", "submit"), ("version", "1")])
        .await;
    assert_eq!(submitted.status(), 303);
    let (mut reviewer, reviewer_session) = member(&app, Role::Reviewer).await;
    let account = users::find_by_email(&app.db, &reviewer_session.email).await.unwrap().unwrap();
    let credentials = users::ProfileChange {
        display_name: None,
        credentials: Some(Some("MD, dermatologist".to_owned())),
    };
    users::update_profile(&app.db, account.id, credentials).await.unwrap();
    let approve = [("step", "approve"), ("version", "2"), ("note", "Checked")];
    assert_eq!(reviewer.submit(&page, &format!("{page}/step"), &approve).await.status(), 303);
    let publish = [("step", "publish"), ("version", "3"), ("publish_at", "")];
    assert_eq!(reviewer.submit(&page, &format!("{page}/step"), &publish).await.status(), 303);
    let stored = app.read_entry(&session, &entry("acme", "treatments", &id)).await;
    assert_eq!(stored["status"], "published");
    assert!(
        stored["review"]["reviewer"].as_str().unwrap().ends_with("MD, dermatologist"),
        "{stored}"
    );
    // A step from the wrong status is refused as a page, and changes nothing.
    let again = reviewer
        .submit(&page, &format!("{page}/step"), &[("step", "approve"), ("version", "4")])
        .await;
    assert_eq!(again.status(), 409);
    assert_eq!(app.read_entry(&session, &entry("acme", "treatments", &id)).await["version"], 4);
}

#[actix_web::test]
async fn a_removed_member_loses_the_workspace_on_the_next_page() {
    let app = spawn_app().await;
    let (mut browser, session) = member(&app, Role::Editor).await;
    assert_eq!(browser.get(BASE).await.status(), 200);
    let account = users::find_by_email(&app.db, &session.email).await.unwrap().unwrap();
    let workspace =
        cutis::accounts::workspaces::find_by_slug(&app.db, "acme").await.unwrap().unwrap();
    members::remove(&app.db, workspace.id, account.id).await.unwrap();
    assert_eq!(browser.get(BASE).await.status(), 404);
}

#[actix_web::test]
async fn the_pages_leave_the_admin_api_beside_them() {
    let app = spawn_app().await;
    let response = app.get("/admin/v1/workspaces/acme/treatments").await;
    assert_eq!(response.status(), 401);
    assert_eq!(response.headers()["content-type"], "application/problem+json");
    let script = app.get("/admin/assets/admin.js").await;
    assert_eq!(script.status(), 200);
    assert!(script.headers()["content-type"].to_str().unwrap().starts_with("text/javascript"));
}
