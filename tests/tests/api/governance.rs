//! Medical governance over REST: the claims check on submit and approve, claim rules per
//! workspace, the publish checklist, and when a review falls due.

use cutis::auth::roles::Role;
use cutis_tests::{Newsroom, TestApp, entry, id_of, microneedling, problem, spawn_app};
use reqwest::Method;
use serde_json::{Value, json};

fn treatments(workspace: &str) -> String {
    format!("/admin/v1/workspaces/{workspace}/treatments")
}

fn rules(workspace: &str) -> String {
    format!("/admin/v1/workspaces/{workspace}/claim-rules")
}

/// A full treatment whose summary says `summary`.
fn saying(summary: &str) -> Value {
    let mut body = microneedling();
    body["summary"] = json!(summary);
    body
}

/// Creates `body` and submits it; answers the submit's body.
async fn submitted(app: &TestApp, room: &Newsroom, body: &Value) -> Value {
    let id = id_of(&app.create_treatment(&room.editor, &room.workspace, body).await);
    let path = entry(&room.workspace, "treatments", &id);
    let response = app.step(&room.editor, &path, "submit", 1, None).await;
    assert_eq!(response.status(), 200);
    response.json().await.unwrap()
}

async fn checks(app: &TestApp, room: &Newsroom, id: &str) -> Value {
    let path = format!("{}/checks", entry(&room.workspace, "treatments", id));
    let response = app.get_as(&room.editor, &path).await;
    assert_eq!(response.status(), 200);
    response.json().await.unwrap()
}

fn rules_fired(findings: &Value) -> Vec<String> {
    findings.as_array().unwrap().iter().map(|f| f["rule"].as_str().unwrap().to_owned()).collect()
}

#[tokio::test]
async fn a_blocking_claim_is_a_warning_on_submit_and_stops_approval_changing_nothing() {
    let app = spawn_app().await;
    let room = app.newsroom("acme").await;
    let body = saying("Hyperpigmentation can be effectively cured with microneedling.");

    let submitted = submitted(&app, &room, &body).await;
    let id = id_of(&submitted);
    let path = entry("acme", "treatments", &id);
    let refused = app.step(&room.reviewer, &path, "approve", 2, None).await;

    assert_eq!(submitted["status"], "in_review");
    assert_eq!(rules_fired(&submitted["findings"]), ["en-cure"]);
    assert_eq!(submitted["findings"][0]["field"], "summary");
    assert_eq!(submitted["findings"][0]["matched"], "cured");
    assert_eq!(submitted["findings"][0]["severity"], "block");
    let problem = problem(refused, 422).await;
    assert_eq!(problem["code"], "CLAIMS");
    assert_eq!(problem["findings"][0]["rule"], "en-cure");
    assert_eq!(problem["errors"][0]["field"], "summary");
    let accepting = json!({"accept_warnings": [submitted["findings"][0]["id"]]});
    let still_refused = app.step(&room.reviewer, &path, "approve", 2, Some(&accepting)).await;
    assert_eq!(problem_code(still_refused).await, "CLAIMS", "a block cannot be accepted");
    let unchanged = app.read_entry(&room.editor, &path).await;
    assert_eq!(
        (unchanged["status"].clone(), unchanged["version"].clone()),
        (json!("in_review"), json!(2))
    );
}

async fn problem_code(response: reqwest::Response) -> String {
    let body: Value = response.json().await.unwrap();
    body["code"].as_str().unwrap_or_default().to_owned()
}

#[tokio::test]
async fn a_warning_must_be_accepted_and_is_recorded_with_the_review_the_revision_and_the_audit_log()
{
    let app = spawn_app().await;
    let room = app.newsroom("acme").await;
    let mut body = microneedling();
    body["faqs"][0]["answer"] = json!("The most effective results come after three sessions.");

    let submitted = submitted(&app, &room, &body).await;
    let id = id_of(&submitted);
    let path = entry("acme", "treatments", &id);
    let warning = submitted["findings"][0].clone();
    let unaccepted = app.step(&room.reviewer, &path, "approve", 2, None).await;
    let accepting = json!({"accept_warnings": [warning["id"]], "note": "Backed by the 2021 study"});
    let approved = app.step(&room.reviewer, &path, "approve", 2, Some(&accepting)).await;

    assert_eq!(warning["rule"], "en-superlative");
    assert_eq!(warning["field"], "faqs[0].answer");
    assert_eq!(warning["severity"], "warn");
    assert_eq!(problem(unaccepted, 422).await["findings"][0]["id"], warning["id"]);
    assert_eq!(approved.status(), 200);
    let approved: Value = approved.json().await.unwrap();
    assert_eq!(approved["status"], "approved");
    assert_eq!(approved["review"]["accepted_warnings"][0]["id"], warning["id"]);
    let revision = app.read_entry(&room.editor, &format!("{path}/revisions/3")).await;
    assert_eq!(
        revision["snapshot"]["review"]["accepted_warnings"][0]["matched"],
        "The most effective"
    );
    let owner = app.sign_in_as("acme", Role::Owner).await;
    let audit = app
        .read_entry(&owner, "/admin/v1/workspaces/acme/audit-log?action=treatment.approve")
        .await;
    assert_eq!(audit["items"][0]["detail"]["accepted_warnings"], json!([warning["id"]]));
    let query = "query($id: UUID!) { treatment(workspace: \"acme\", id: $id) { \
                 review { reviewer acceptedWarnings { id rule field matched } } } }";
    let answer = app.admin_graphql(&room.editor, query, json!({ "id": id })).await;
    let accepted = &answer["data"]["treatment"]["review"]["acceptedWarnings"];
    assert_eq!(accepted[0]["id"], warning["id"], "{answer}");
    assert_eq!(accepted[0]["matched"], "The most effective");
}

#[tokio::test]
async fn french_rules_fire_on_french_text_and_innocent_text_finds_nothing() {
    let app = spawn_app().await;
    let room = app.newsroom("acme").await;
    let created = app
        .create_treatment(
            &room.editor,
            "acme",
            &saying("Your data is secure, and we are permanently booked on Saturdays."),
        )
        .await;
    let id = id_of(&created);
    let french = json!({"locale": "fr", "name": "Microneedling", "summary": "Résultat garanti, sans effets secondaires."});
    let patched = app.patch_as(&room.editor, &entry("acme", "treatments", &id), 1, &french).await;
    assert_eq!(patched.status(), 200);

    let checks = checks(&app, &room, &id).await;

    assert_eq!(rules_fired(&checks["findings"]), ["fr-garanti", "fr-sans-effets-secondaires"]);
    assert!(checks["findings"].as_array().unwrap().iter().all(|f| f["locale"] == "fr"));
    assert_eq!(checks["findings"][0]["matched"], "garanti");
    assert_eq!(checks["approval_blocked"], true);
}

#[tokio::test]
async fn a_workspace_rule_applies_in_its_workspace_only_and_shipped_rules_are_switched_not_deleted()
{
    let app = spawn_app().await;
    let acme = app.newsroom("acme").await;
    let globex = app.newsroom("globex").await;
    let rule = json!({"matching": "phrase", "pattern": "Miracle", "reason": "Nothing here is a miracle.", "severity": "block"});
    let created = app.post_as(&acme.reviewer, &rules("acme"), &rule).await;
    assert_eq!(created.status(), 201);
    let created: Value = created.json().await.unwrap();
    let text = saying("A miracle for skin that will never be cured.");

    let in_acme = submitted(&app, &acme, &text).await;
    let in_globex = submitted(&app, &globex, &text).await;
    let off = json!({"enabled": false});
    let switched = app
        .authed(Method::PATCH, &format!("{}/en-cure", rules("acme")), &acme.reviewer.access_token)
        .json(&off)
        .send()
        .await
        .unwrap();
    let after = checks(&app, &acme, &id_of(&in_acme)).await;

    assert_eq!(rules_fired(&in_acme["findings"]), ["en-cure", created["id"].as_str().unwrap()]);
    assert_eq!(rules_fired(&in_globex["findings"]), ["en-cure"]);
    assert_eq!(switched.status(), 200);
    assert_eq!(rules_fired(&after["findings"]), [created["id"].as_str().unwrap()]);
    let deleted = app.delete_as(&acme.reviewer, &format!("{}/en-cure", rules("acme")), 1).await;
    assert_eq!(problem(deleted, 409).await["code"], "CONFLICT");
    let listed = app.read_entry(&globex.editor, &rules("globex")).await;
    assert!(
        listed["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["source"] == "shipped" && r["enabled"] == true)
    );
}

#[tokio::test]
async fn a_bad_rule_is_refused_with_every_field_and_only_reviewers_and_up_write_rules() {
    let app = spawn_app().await;
    let room = app.newsroom("acme").await;
    let bad = json!({"locale": "de", "matching": "pattern", "pattern": "(unclosed", "reason": " ", "severity": "warn"});

    let refused = app.post_as(&room.reviewer, &rules("acme"), &bad).await;
    let by_editor = app
        .post_as(
            &room.editor,
            &rules("acme"),
            &json!({"matching": "phrase", "pattern": "miracle", "reason": "r", "severity": "warn"}),
        )
        .await;
    let shipped_pattern = app
        .authed(Method::PATCH, &format!("{}/en-cure", rules("acme")), &room.reviewer.access_token)
        .json(&json!({"pattern": "x"}))
        .send()
        .await
        .unwrap();

    let body = problem(refused, 422).await;
    let fields: Vec<&str> =
        body["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["locale", "pattern", "reason"]);
    assert_eq!(by_editor.status(), 403);
    assert_eq!(problem(shipped_pattern, 422).await["errors"][0]["field"], "pattern");
    let listed = app.read_entry(&room.editor, &rules("acme")).await;
    assert!(listed["items"].as_array().unwrap().iter().all(|r| r["source"] == "shipped"));
}

#[tokio::test]
async fn a_publish_missing_checklist_items_is_422_naming_each_and_changes_nothing() {
    let app = spawn_app().await;
    let room = app.newsroom("acme").await;
    let owner = app.sign_in_as("acme", Role::Owner).await;
    let policy = json!({"governance": {"required_fields": ["references"]}});
    let patched = app
        .authed(Method::PATCH, "/admin/v1/workspaces/acme", &owner.access_token)
        .json(&policy)
        .send()
        .await
        .unwrap();
    assert_eq!(patched.status(), 200);
    let bare = json!({"slug": "chemical-peel", "name": "Chemical peel", "summary": "A peel."});
    let id = id_of(&app.create_treatment(&room.editor, "acme", &bare).await);
    let path = entry("acme", "treatments", &id);
    app.step(&room.editor, &path, "submit", 1, None).await;
    app.step(&room.reviewer, &path, "approve", 2, None).await;

    let refused = app.step(&room.reviewer, &path, "publish", 3, None).await;
    let checks = checks(&app, &room, &id).await;

    let body = problem(refused, 422).await;
    let fields: Vec<&str> =
        body["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["contraindications", "side_effects", "downtime_days", "references"]);
    assert_eq!(checks["ready_to_publish"], false);
    assert_eq!(checks["checklist"][3]["field"], "review");
    assert_eq!(checks["checklist"][3]["met"], true);
    let unchanged = app.read_entry(&room.editor, &path).await;
    assert_eq!(
        (unchanged["status"].clone(), unchanged["version"].clone()),
        (json!("approved"), json!(3))
    );
    let missing = app.deliver(&room.key, "/v1/treatments/chemical-peel").await;
    assert_eq!(missing.status(), 404);
}

#[tokio::test]
async fn delivery_and_json_ld_carry_when_the_review_falls_due_under_the_workspace_policy() {
    let app = spawn_app().await;
    let room = app.newsroom("acme").await;
    let owner = app.sign_in_as("acme", Role::Owner).await;
    let six = json!({"governance": {"review_valid_months": 6}});
    let patched = app
        .authed(Method::PATCH, "/admin/v1/workspaces/acme", &owner.access_token)
        .json(&six)
        .send()
        .await
        .unwrap();
    let patched: Value = patched.json().await.unwrap();
    let created = app.create_treatment(&room.editor, "acme", &microneedling()).await;
    let published = app.publish(&room, "treatments", &created).await;

    let delivered = app.delivered(&room.key, "/v1/treatments/microneedling").await;
    let page = "/v1/treatments/microneedling/jsonld?url=https://clinic.example/microneedling";
    let jsonld = app.delivered(&room.key, page).await;

    assert_eq!(patched["governance"]["review_valid_months"], 6);
    let reviewed: chrono::DateTime<chrono::Utc> =
        published["review"]["reviewed_at"].as_str().unwrap().parse().unwrap();
    let due = reviewed.checked_add_months(chrono::Months::new(6)).unwrap();
    let delivered_due: chrono::DateTime<chrono::Utc> =
        delivered["review"]["next_review_due"].as_str().unwrap().parse().unwrap();
    assert_eq!(delivered_due, due);
    assert!(
        delivered["review"].get("accepted_warnings").is_none(),
        "delivery shows no governance internals"
    );
    assert_eq!(jsonld["@graph"][0]["expires"], due.date_naive().to_string());
    assert_eq!(delivered["side_effects"][0]["frequency"], "very_common");
    assert_eq!(
        jsonld["@graph"][0]["mainEntity"]["adverseOutcome"][0]["name"],
        "Redness and mild swelling"
    );
}

#[tokio::test]
async fn an_invalid_review_policy_is_refused_with_every_field_and_changes_nothing() {
    let app = spawn_app().await;
    let owner = app.sign_in_as("acme", Role::Owner).await;
    let bad = json!({"governance": {"review_valid_months": 0, "review_notice_days": 400, "required_fields": ["price"]}});

    let refused = app
        .authed(Method::PATCH, "/admin/v1/workspaces/acme", &owner.access_token)
        .json(&bad)
        .send()
        .await
        .unwrap();

    let body = problem(refused, 422).await;
    let mut fields: Vec<&str> =
        body["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    fields.sort_unstable();
    assert_eq!(
        fields,
        [
            "governance.required_fields[0]",
            "governance.review_notice_days",
            "governance.review_valid_months"
        ]
    );
    let workspace = app.read_entry(&owner, "/admin/v1/workspaces/acme").await;
    assert_eq!(workspace["governance"]["review_valid_months"], 12);
}

#[tokio::test]
async fn admin_lists_filter_treatments_by_where_their_review_stands() {
    let app = spawn_app().await;
    let room = app.newsroom("acme").await;
    let created = app.create_treatment(&room.editor, "acme", &microneedling()).await;
    let published = app.publish(&room, "treatments", &created).await;
    let id = id_of(&published);
    let listed = |state: &'static str| {
        let app = &app;
        let room = &room;
        async move {
            let page = app
                .read_entry(&room.editor, &format!("{}?review={state}", treatments("acme")))
                .await;
            page["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|t| t["id"].as_str().unwrap().to_owned())
                .collect::<Vec<_>>()
        }
    };

    let current = listed("current").await;
    age_review(&app, &id, 11 * 30 + 20).await;
    let due_soon = listed("due_soon").await;
    age_review(&app, &id, 400).await;
    let overdue = listed("overdue").await;
    let bad = app.get_as(&room.editor, &format!("{}?review=late", treatments("acme"))).await;

    assert_eq!(current, vec![id.as_str()]);
    assert_eq!(due_soon, vec![id.as_str()]);
    assert_eq!(overdue, vec![id.as_str()]);
    assert_eq!(problem(bad, 422).await["errors"][0]["field"], "review");
    assert!(listed("current").await.is_empty());
}

/// Dates the treatment's review `days` ago, as time would.
async fn age_review(app: &TestApp, id: &str, days: i64) {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, sea_query::Expr};
    let at = chrono::Utc::now() - chrono::Duration::days(days);
    entity::treatment::Entity::update_many()
        .col_expr(entity::treatment::Column::ReviewedAt, Expr::value(at))
        .filter(entity::treatment::Column::Id.eq(uuid::Uuid::parse_str(id).unwrap()))
        .exec(&app.db)
        .await
        .unwrap();
}

#[tokio::test]
async fn claim_rule_and_review_policy_changes_are_audited_with_what_changed_and_refusals_are_not() {
    let app = spawn_app().await;
    let room = app.newsroom("acme").await;
    let owner = app.sign_in_as("acme", Role::Owner).await;
    let log = "/admin/v1/workspaces/acme/audit-log";
    let rule = json!({"matching": "phrase", "pattern": "miracle", "reason": "No miracles.", "severity": "warn"});
    let created: Value =
        app.post_as(&room.reviewer, &rules("acme"), &rule).await.json().await.unwrap();
    let own = format!("{}/{}", rules("acme"), created["id"].as_str().unwrap());
    let graded = json!({"severity": "warn"});
    assert_eq!(
        app.patch_as(&room.reviewer, &format!("{}/en-cure", rules("acme")), 1, &graded)
            .await
            .status(),
        200
    );
    let bad = json!({"matching": "pattern", "pattern": "(unclosed"});
    assert_eq!(app.patch_as(&room.reviewer, &own, 1, &bad).await.status(), 422);
    assert_eq!(app.delete_as(&room.reviewer, &own, 1).await.status(), 204);
    let policy = json!({"governance": {"review_valid_months": 6}});
    let patched = app.patch_as(&owner, "/admin/v1/workspaces/acme", 1, &policy).await;
    assert_eq!(patched.status(), 200);
    let unchanged = app.patch_as(&owner, "/admin/v1/workspaces/acme", 1, &policy).await;
    assert_eq!(unchanged.status(), 200);

    let rows = app.read_entry(&owner, &format!("{log}?action=claim_rule.update")).await;
    let regraded = &rows["items"][0];
    assert_eq!(
        rows["items"].as_array().unwrap().len(),
        1,
        "a refused change is not audited: {rows}"
    );
    assert_eq!(regraded["detail"]["rule"], "en-cure");
    assert_eq!(
        regraded["detail"]["changed"],
        json!({"severity": {"before": "block", "after": "warn"}})
    );
    assert_eq!(regraded["entry"]["kind"], "claim_rule");
    assert_eq!(regraded["actor"]["email"], room.reviewer.email);
    assert!(regraded["request_id"].is_string());
    let made = app.read_entry(&owner, &format!("{log}?action=claim_rule.create")).await;
    assert_eq!(made["items"][0]["detail"]["rule"]["pattern"], "miracle");
    let gone = app.read_entry(&owner, &format!("{log}?action=claim_rule.delete")).await;
    assert_eq!(gone["items"][0]["detail"]["rule"]["id"], created["id"]);
    let workspace = app.read_entry(&owner, &format!("{log}?action=workspace.update")).await;
    assert_eq!(
        workspace["items"].as_array().unwrap().len(),
        1,
        "no row for no change: {workspace}"
    );
    let months = &workspace["items"][0]["detail"]["changed"]["governance"];
    assert_eq!(
        (
            months["before"]["review_valid_months"].clone(),
            months["after"]["review_valid_months"].clone()
        ),
        (json!(12), json!(6))
    );
    let updates = app.read_entry(&owner, &format!("{log}?action=update")).await;
    let actions: Vec<&str> = updates["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions, ["workspace.update", "claim_rule.update"]);
    let wildcard = app.read_entry(&owner, &format!("{log}?action=up_ate")).await;
    assert_eq!(wildcard["items"], json!([]), "`_` in a verb is a letter, not a wildcard");
}
