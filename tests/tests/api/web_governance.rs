//! The governance screens of the web admin over HTTP: the review policy saved as REST reads
//! it, claim rules added, edited, deleted and switched off as the claims check applies them,
//! errors at their fields, and nothing of it for an editor.

use cutis::auth::roles::Role;
use cutis_tests::{AdminBrowser, Session, TestApp, id_of, microneedling, spawn_app};
use serde_json::{Value, json};

const SETTINGS: &str = "/admin/workspaces/acme/settings";
const WORKSPACE: &str = "/admin/v1/workspaces/acme";
const REASON: &str = "Nothing a clinic offers is a miracle.";

/// A signed-in member of `acme` in the web admin, and their API session.
async fn member(app: &TestApp, role: Role) -> (AdminBrowser<'_>, Session) {
    AdminBrowser::member(app, "acme", role).await
}

fn at(screen: &str) -> String {
    format!("{SETTINGS}/{screen}")
}

async fn body_of(response: reqwest::Response, status: u16) -> String {
    let got = response.status();
    let html = response.text().await.unwrap();
    assert_eq!(got, status, "{html}");
    html
}

/// The error text shown at the input with id `id`.
fn error_at<'h>(html: &'h str, id: &str) -> &'h str {
    let marker = format!("id=\"{id}-error\"");
    let after = html.split(&marker).nth(1).unwrap_or_else(|| panic!("no error at {id}: {html}"));
    after.split("</p>").next().unwrap()
}

async fn governance(app: &TestApp, session: &Session) -> Value {
    let workspace: Value = app.get_as(session, WORKSPACE).await.json().await.unwrap();
    workspace["governance"].clone()
}

async fn claim_rules(app: &TestApp, session: &Session) -> Vec<Value> {
    let listed: Value =
        app.get_as(session, &format!("{WORKSPACE}/claim-rules")).await.json().await.unwrap();
    listed["items"].as_array().unwrap().clone()
}

async fn own_rules(app: &TestApp, session: &Session) -> Vec<Value> {
    let all = claim_rules(app, session).await;
    all.into_iter().filter(|rule| rule["source"] == "workspace").collect()
}

/// The rules the claims check fires on a new treatment whose summary says `summary`.
async fn fired(app: &TestApp, editor: &Session, summary: &str) -> Vec<String> {
    let mut body = microneedling();
    body["summary"] = json!(summary);
    body["slug"] = json!(format!("t-{}", uuid::Uuid::new_v4().simple()));
    let id = id_of(&app.create_treatment(editor, "acme", &body).await);
    let path = format!("{WORKSPACE}/treatments/{id}/checks");
    let response = app.get_as(editor, &path).await;
    assert_eq!(response.status(), 200);
    let checks: Value = response.json().await.unwrap();
    let findings = checks["findings"].as_array().unwrap();
    findings.iter().map(|f| f["rule"].as_str().unwrap().to_owned()).collect()
}

fn defaults() -> Value {
    json!({
        "review_valid_months": 12, "review_notice_days": 30,
        "overdue_policy": "flag", "required_fields": [],
    })
}

#[actix_web::test]
async fn web_governance_an_owner_changes_the_review_policy_and_rest_returns_it() {
    let app = spawn_app().await;
    let (mut owner, session) = member(&app, Role::Owner).await;
    let policy = at("review-policy");
    let page = owner.page(&policy).await;
    assert!(page.contains("Withdraw it") && page.contains("Aftercare steps"), "{page}");
    assert!(owner.page(SETTINGS).await.contains(&policy), "the settings do not link the page");

    let posted = [
        ("governance.review_valid_months", "6"),
        ("governance.review_notice_days", "14"),
        ("governance.overdue_policy", "withdraw"),
        ("governance.required_fields", "summary"),
        ("governance.required_fields", "seo.meta_title"),
    ];
    let saved = owner.submit(&policy, &policy, &posted).await;
    assert_eq!(saved.status(), 303);
    let location = saved.headers()["location"].to_str().unwrap().to_owned();
    let shown = owner.page(&location).await;
    assert!(shown.contains("Saved."), "{shown}");
    assert!(shown.contains("value=\"6\""), "{shown}");
    assert!(shown.contains("id=\"f-required-seo-meta_title\" name=\"governance.required_fields\" value=\"seo.meta_title\" checked"), "{shown}");
    assert_eq!(
        governance(&app, &session).await,
        json!({
            "review_valid_months": 6, "review_notice_days": 14,
            "overdue_policy": "withdraw", "required_fields": ["summary", "seo.meta_title"],
        })
    );

    // Nothing ticked: no field is required any more.
    let cleared = [
        ("governance.review_valid_months", "6"),
        ("governance.review_notice_days", "14"),
        ("governance.overdue_policy", "flag"),
    ];
    assert_eq!(owner.submit(&policy, &policy, &cleared).await.status(), 303);
    let stored = governance(&app, &session).await;
    assert_eq!(
        (stored["overdue_policy"].clone(), stored["required_fields"].clone()),
        (json!("flag"), json!([]))
    );
}

#[actix_web::test]
async fn web_governance_a_bad_review_policy_shows_errors_at_their_fields_and_changes_nothing() {
    let app = spawn_app().await;
    let (mut owner, session) = member(&app, Role::Owner).await;
    let policy = at("review-policy");
    let posted = [
        ("governance.review_valid_months", "0"),
        ("governance.review_notice_days", "soon"),
        ("governance.overdue_policy", "withdraw"),
        ("governance.required_fields", "summary"),
    ];
    let refused = owner.submit(&policy, &policy, &posted).await;
    let html = body_of(refused, 422).await;
    assert!(html.contains("Nothing was saved"), "{html}");
    let months = error_at(&html, "f-governance-review_valid_months");
    assert!(months.contains("must be between 1 and 60"), "{months}");
    let days = error_at(&html, "f-governance-review_notice_days");
    assert!(days.contains("must be a whole number"), "{days}");
    assert!(html.contains("value=\"0\""), "the posted value is not shown again: {html}");
    assert_eq!(governance(&app, &session).await, defaults());
}

#[actix_web::test]
async fn web_governance_an_owners_phrase_rule_is_found_by_an_editors_claims_check() {
    let app = spawn_app().await;
    let (mut owner, session) = member(&app, Role::Owner).await;
    let editor = app.sign_in_as("acme", Role::Editor).await;
    let summary = "Your MIRACLE  glow, at last.";
    assert!(fired(&app, &editor, summary).await.is_empty(), "the text fires without the rule");

    let rules = at("claim-rules");
    let rule = [
        ("locale", ""),
        ("matching", "phrase"),
        ("pattern", "miracle glow"),
        ("reason", REASON),
        ("severity", "block"),
    ];
    let added = owner.submit(&rules, &rules, &rule).await;
    assert_eq!(added.status(), 303);
    let location = added.headers()["location"].to_str().unwrap().to_owned();
    let listed = owner.page(&location).await;
    assert!(listed.contains("Rule added") && listed.contains(REASON), "{listed}");
    let own = own_rules(&app, &session).await;
    assert_eq!(own.len(), 1);
    assert_eq!(
        (own[0]["locale"].clone(), own[0]["severity"].clone()),
        (json!(null), json!("block"))
    );
    let id = own[0]["id"].as_str().unwrap().to_owned();
    assert_eq!(fired(&app, &editor, summary).await, std::slice::from_ref(&id));

    // Edited on its own page: another phrase, which the old text no longer matches.
    let edit = at(&format!("claim-rules/{id}"));
    assert!(owner.page(&edit).await.contains("value=\"miracle glow\""));
    let changed = [
        ("locale", "en"),
        ("matching", "phrase"),
        ("pattern", "instant youth"),
        ("reason", REASON),
        ("severity", "warn"),
        ("enabled", "true"),
    ];
    assert_eq!(owner.submit(&edit, &edit, &changed).await.status(), 303);
    assert!(fired(&app, &editor, summary).await.is_empty());
    assert_eq!(fired(&app, &editor, "Instant youth!").await, std::slice::from_ref(&id));
    let own = own_rules(&app, &session).await;
    assert_eq!(
        (own[0]["locale"].clone(), own[0]["severity"].clone()),
        (json!("en"), json!("warn"))
    );

    let deleted = owner.submit(&rules, &format!("{edit}/delete"), &[]).await;
    assert_eq!(deleted.status(), 303);
    assert!(own_rules(&app, &session).await.is_empty());
    assert!(fired(&app, &editor, "Instant youth!").await.is_empty());
}

#[actix_web::test]
async fn web_governance_a_bad_pattern_and_an_empty_reason_are_refused_at_their_fields() {
    let app = spawn_app().await;
    let (mut owner, session) = member(&app, Role::Owner).await;
    let rules = at("claim-rules");
    let rule = [
        ("locale", "en"),
        ("matching", "pattern"),
        ("pattern", "(cure"),
        ("reason", "  "),
        ("severity", "warn"),
    ];
    let refused = owner.submit(&rules, &rules, &rule).await;
    let html = body_of(refused, 422).await;
    assert!(!error_at(&html, "f-pattern").trim_start_matches('>').is_empty(), "{html}");
    let reason = error_at(&html, "f-reason");
    assert!(reason.contains("must be 1 to 1000 characters long"), "{reason}");
    assert!(html.contains("value=\"(cure\""), "the posted pattern is not shown again");
    assert!(own_rules(&app, &session).await.is_empty());

    // An editing refusal changes nothing either.
    let good = [
        ("locale", ""),
        ("matching", "phrase"),
        ("pattern", "miracle"),
        ("reason", REASON),
        ("severity", "warn"),
    ];
    assert_eq!(owner.submit(&rules, &rules, &good).await.status(), 303);
    let id = own_rules(&app, &session).await[0]["id"].as_str().unwrap().to_owned();
    let edit = at(&format!("claim-rules/{id}"));
    let bad = [
        ("locale", ""),
        ("matching", "pattern"),
        ("pattern", "a[b"),
        ("reason", REASON),
        ("severity", "block"),
    ];
    let html = body_of(owner.submit(&edit, &edit, &bad).await, 422).await;
    assert!(html.contains("id=\"f-pattern-error\""), "{html}");
    let own = own_rules(&app, &session).await;
    assert_eq!(
        (own[0]["pattern"].clone(), own[0]["severity"].clone()),
        (json!("miracle"), json!("warn"))
    );
}

#[actix_web::test]
async fn web_governance_an_owner_switches_off_a_shipped_rule_and_it_no_longer_fires() {
    let app = spawn_app().await;
    let (mut owner, session) = member(&app, Role::Owner).await;
    let editor = app.sign_in_as("acme", Role::Editor).await;
    let summary = "Acne scars can be cured.";
    assert!(fired(&app, &editor, summary).await.contains(&"en-cure".to_owned()));

    let rules = at("claim-rules");
    let listed = owner.page(&rules).await;
    assert!(
        listed.contains("id=\"severity-en-cure\"") && listed.contains("id=\"enabled-en-cure\""),
        "{listed}"
    );
    let off = owner.submit(&rules, &at("claim-rules/en-cure/grade"), &[("severity", "warn")]).await;
    assert_eq!(off.status(), 303);
    let location = off.headers()["location"].to_str().unwrap().to_owned();
    assert!(owner.page(&location).await.contains("Rule changed"));
    assert!(!fired(&app, &editor, summary).await.contains(&"en-cure".to_owned()));
    let cure =
        claim_rules(&app, &session).await.into_iter().find(|r| r["id"] == "en-cure").unwrap();
    assert_eq!((cure["enabled"].clone(), cure["severity"].clone()), (json!(false), json!("warn")));

    // Back on, it fires again, as a warning now; a shipped rule cannot be deleted.
    let on = [("severity", "warn"), ("enabled", "true")];
    assert_eq!(owner.submit(&rules, &at("claim-rules/en-cure/grade"), &on).await.status(), 303);
    assert!(fired(&app, &editor, summary).await.contains(&"en-cure".to_owned()));
    let kept = owner.submit(&rules, &at("claim-rules/en-cure/delete"), &[]).await;
    assert!(body_of(kept, 409).await.contains("shipped rule"));
    assert_eq!(owner.get(&at("claim-rules/en-cure")).await.status(), 404);
}

#[actix_web::test]
async fn web_governance_an_editor_gets_403_on_both_pages_and_a_forged_post_changes_nothing() {
    let app = spawn_app().await;
    let (mut owner, session) = member(&app, Role::Owner).await;
    let rules = at("claim-rules");
    let rule = [
        ("locale", ""),
        ("matching", "phrase"),
        ("pattern", "miracle"),
        ("reason", REASON),
        ("severity", "warn"),
    ];
    assert_eq!(owner.submit(&rules, &rules, &rule).await.status(), 303);
    let id = own_rules(&app, &session).await[0]["id"].as_str().unwrap().to_owned();
    let own = at(&format!("claim-rules/{id}"));

    let (mut editor, _) = member(&app, Role::Editor).await;
    for page in [at("review-policy"), rules.clone(), own.clone()] {
        assert_eq!(editor.get(&page).await.status(), 403, "GET {page}");
    }
    let policy = [
        ("governance.review_valid_months", "3"),
        ("governance.review_notice_days", "3"),
        ("governance.overdue_policy", "withdraw"),
        ("governance.required_fields", "summary"),
    ];
    let edited = [
        ("locale", ""),
        ("matching", "phrase"),
        ("pattern", "stolen"),
        ("reason", REASON),
        ("severity", "block"),
    ];
    let forged: [(String, &[(&str, &str)]); 5] = [
        (at("review-policy"), &policy),
        (rules.clone(), &edited),
        (at("claim-rules/en-cure/grade"), &[("severity", "warn")]),
        (own.clone(), &edited),
        (format!("{own}/delete"), &[]),
    ];
    for (path, pairs) in &forged {
        // With the editor's own token the role refuses; without a token, so does the owner's.
        let status = editor.submit("/admin/", path, pairs).await.status();
        assert_eq!(status, 403, "POST {path} as an editor");
        assert_eq!(owner.post(path, pairs).await.status(), 403, "POST {path} without a token");
    }
    assert_eq!(governance(&app, &session).await, defaults());
    let all = claim_rules(&app, &session).await;
    let cure = all.iter().find(|r| r["id"] == "en-cure").unwrap();
    assert_eq!((cure["enabled"].clone(), cure["severity"].clone()), (json!(true), json!("block")));
    let own: Vec<&Value> = all.iter().filter(|r| r["source"] == "workspace").collect();
    assert_eq!(own.len(), 1);
    assert_eq!(
        (own[0]["pattern"].clone(), own[0]["severity"].clone()),
        (json!("miracle"), json!("warn"))
    );
}

#[actix_web::test]
async fn web_governance_a_reviewer_reaches_the_claim_rules_and_no_other_setting() {
    let app = spawn_app().await;
    let (mut reviewer, _) = member(&app, Role::Reviewer).await;
    let home = reviewer.page("/admin/workspaces/acme").await;
    let rules = at("claim-rules");
    assert!(home.contains(&format!("href=\"{rules}\"")), "no link to the claim rules: {home}");
    assert!(!home.contains(">Settings<"), "a reviewer is offered the settings: {home}");
    assert_eq!(reviewer.get(&rules).await.status(), 200);
    assert_eq!(reviewer.get(&at("review-policy")).await.status(), 403);
}
