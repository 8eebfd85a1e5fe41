//! The audit log owners and admins read: who did what to which entry, at which version, when,
//! in which request; filtered, paged, and never another workspace's rows.

use cutis::auth::roles::Role;
use cutis_tests::{
    Newsroom, Session, TestApp, condition, data, error_code, microneedling, problem, spawn_app,
};
use reqwest::Method;
use serde_json::{Value, json};

const LOG: &str = "/admin/v1/workspaces/acme/audit-log";

/// Microneedling created (in a request with id `trace-create-1`) and published, then the
/// melasma condition created.
async fn audited_room(app: &TestApp) -> Newsroom {
    let room = app.newsroom("acme").await;
    let created = app
        .authed(Method::POST, "/admin/v1/workspaces/acme/treatments", &room.editor.access_token)
        .header("x-request-id", "trace-create-1")
        .json(&microneedling())
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 201);
    assert_eq!(created.headers()["x-request-id"], "trace-create-1");
    app.publish(&room, "treatments", &created.json().await.unwrap()).await;
    app.create_entry(&room.editor, "acme", "conditions", &condition("melasma", "Melasma")).await;
    room
}

async fn read_log(app: &TestApp, session: &Session, query: &str) -> Value {
    let response = app.get_as(session, &format!("{LOG}{query}")).await;
    let status = response.status();
    let text = response.text().await.unwrap();
    assert_eq!(status, 200, "{query}: {text}");
    serde_json::from_str(&text).unwrap()
}

fn actions(page: &Value) -> Vec<&str> {
    page["items"].as_array().unwrap().iter().map(|row| row["action"].as_str().unwrap()).collect()
}

#[tokio::test]
async fn an_owner_reads_who_did_what_to_which_entry_newest_first() {
    let app = spawn_app().await;
    let room = audited_room(&app).await;
    let owner = app.sign_in_as("acme", Role::Owner).await;

    let page = read_log(&app, &owner, "").await;

    assert_eq!(
        actions(&page),
        [
            "condition.create",
            "treatment.publish",
            "treatment.approve",
            "treatment.submit",
            "treatment.create"
        ]
    );
    let created = &page["items"][4];
    assert_eq!(created["actor"]["kind"], "user");
    assert_eq!(created["actor"]["email"], room.editor.email.as_str());
    assert!(created["actor"]["display_name"].is_string());
    assert_eq!(created["entry"]["kind"], "treatment");
    assert_eq!(created["entry"]["slug"], "microneedling");
    assert_eq!(created["entry"]["version"], 1);
    assert_eq!(created["request_id"], "trace-create-1");
    assert_eq!(page["items"][1]["actor"]["email"], room.reviewer.email.as_str());
    assert_eq!(page["items"][1]["entry"]["version"], 4);
    assert_eq!(page["next_cursor"], Value::Null);
}

#[tokio::test]
async fn the_request_id_recorded_is_the_one_the_answer_named() {
    let app = spawn_app().await;
    let room = app.newsroom("acme").await;
    let owner = app.sign_in_as("acme", Role::Owner).await;

    let plain = app
        .post_as(&room.editor, "/admin/v1/workspaces/acme/conditions", &condition("acne", "Acne"))
        .await;
    let odd = app
        .authed(Method::POST, "/admin/v1/workspaces/acme/conditions", &room.editor.access_token)
        .header("x-request-id", "odd id")
        .json(&condition("rosacea", "Rosacea"))
        .send()
        .await
        .unwrap();

    let (plain_id, odd_id) = (header(&plain), header(&odd));
    assert_ne!(odd_id, "odd id", "an id with a space is replaced, not echoed");
    let page = read_log(&app, &owner, "").await;
    assert_eq!(page["items"][1]["entry"]["slug"], "acne");
    assert_eq!(page["items"][1]["request_id"], plain_id.as_str());
    assert_eq!(page["items"][0]["request_id"], odd_id.as_str());
}

fn header(response: &reqwest::Response) -> String {
    response.headers()["x-request-id"].to_str().unwrap().to_owned()
}

#[tokio::test]
async fn filters_narrow_the_log_by_actor_entry_kind_action_and_time() {
    let app = spawn_app().await;
    let room = audited_room(&app).await;
    let owner = app.sign_in_as("acme", Role::Owner).await;
    let all = read_log(&app, &owner, "").await;
    let editor_id = all["items"][4]["actor"]["id"].as_str().unwrap().to_owned();
    let treatment_id = all["items"][4]["entry"]["id"].as_str().unwrap().to_owned();
    let approved_at = all["items"][2]["at"].as_str().unwrap().to_owned();
    let at = urlencode(&approved_at);

    let by_email =
        read_log(&app, &owner, &format!("?actor={}", urlencode(&room.reviewer.email))).await;
    let by_user_id = read_log(&app, &owner, &format!("?actor={editor_id}")).await;
    let by_slug = read_log(&app, &owner, "?entry=microneedling").await;
    let by_id = read_log(&app, &owner, &format!("?entry={treatment_id}&action=submit")).await;
    let by_kind = read_log(&app, &owner, "?kind=condition").await;
    let by_action = read_log(&app, &owner, "?action=treatment.publish").await;
    let since = read_log(&app, &owner, &format!("?since={at}&kind=treatment")).await;
    let until = read_log(&app, &owner, &format!("?until={at}")).await;
    let nobody = read_log(&app, &owner, "?actor=nobody@acme.example").await;

    assert_eq!(actions(&by_email), ["treatment.publish", "treatment.approve"]);
    assert_eq!(actions(&by_user_id), ["condition.create", "treatment.submit", "treatment.create"]);
    assert_eq!(by_slug["items"].as_array().unwrap().len(), 4);
    assert_eq!(actions(&by_id), ["treatment.submit"]);
    assert_eq!(actions(&by_kind), ["condition.create"]);
    assert_eq!(actions(&by_action), ["treatment.publish"]);
    assert_eq!(actions(&since), ["treatment.publish", "treatment.approve"]);
    assert_eq!(actions(&until), ["treatment.submit", "treatment.create"]);
    assert_eq!(nobody["items"], json!([]));
}

fn urlencode(text: &str) -> String {
    text.replace('+', "%2B").replace('@', "%40").replace(':', "%3A")
}

#[tokio::test]
async fn pages_follow_cursors_without_gaps_or_repeats() {
    let app = spawn_app().await;
    audited_room(&app).await;
    let owner = app.sign_in_as("acme", Role::Owner).await;
    let all = read_log(&app, &owner, "").await;

    let mut seen = Vec::new();
    let mut query = "?limit=2".to_owned();
    loop {
        let page = read_log(&app, &owner, &query).await;
        assert!(page["items"].as_array().unwrap().len() <= 2);
        seen.extend(page["items"].as_array().unwrap().iter().map(|row| row["id"].clone()));
        match page["next_cursor"].as_str() {
            Some(cursor) => query = format!("?limit=2&cursor={cursor}"),
            None => break,
        }
    }

    let expected: Vec<Value> =
        all["items"].as_array().unwrap().iter().map(|row| row["id"].clone()).collect();
    assert_eq!(seen, expected);
}

#[tokio::test]
async fn bad_parameters_are_named_in_a_problem() {
    let app = spawn_app().await;
    audited_room(&app).await;
    let owner = app.sign_in_as("acme", Role::Owner).await;

    let response = app
        .get_as(&owner, &format!("{LOG}?since=yesterday&kind=patient&cursor=nope&limit=500"))
        .await;

    let body = problem(response, 422).await;
    let fields: Vec<&str> =
        body["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    for field in ["since", "kind", "cursor", "limit"] {
        assert!(fields.contains(&field), "{field} in {fields:?}");
    }
}

#[tokio::test]
async fn only_owners_and_admins_may_read_the_log() {
    let app = spawn_app().await;
    let room = audited_room(&app).await;
    let admin = app.sign_in_as("acme", Role::Admin).await;
    let viewer = app.sign_in_as("acme", Role::Viewer).await;

    let for_admin = app.get_as(&admin, LOG).await;
    assert_eq!(for_admin.status(), 200);
    for session in [&room.editor, &room.reviewer, &viewer] {
        let refused = problem(app.get_as(session, LOG).await, 403).await;
        assert!(refused["detail"].as_str().unwrap().contains("audit log"), "{refused}");
    }
}

#[tokio::test]
async fn another_workspace_never_sees_these_rows() {
    let app = spawn_app().await;
    audited_room(&app).await;
    let other = app.newsroom("other").await;
    let other_owner = app.sign_in_as("other", Role::Owner).await;
    app.create_entry(&other.editor, "other", "conditions", &condition("melasma", "Melasma")).await;

    let own = app.get_as(&other_owner, "/admin/v1/workspaces/other/audit-log?entry=melasma").await;
    let theirs = app.get_as(&other_owner, LOG).await;

    let own: Value = own.json().await.unwrap();
    assert_eq!(actions(&own), ["condition.create"]);
    problem(theirs, 404).await;
}

#[tokio::test]
async fn the_admin_graphql_audit_log_pages_like_rest_and_refuses_editors() {
    let app = spawn_app().await;
    let room = audited_room(&app).await;
    let owner = app.sign_in_as("acme", Role::Owner).await;
    let query = r#"query($after: String) {
        auditLog(workspace: "acme", kind: TREATMENT, first: 3, after: $after) {
            nodes { action requestId actor { email } entry { slug version } }
            pageInfo { hasNextPage endCursor }
        }
    }"#;

    let first = app.admin_graphql(&owner, query, json!({})).await;
    let first = &data(&first)["auditLog"];
    let after = first["pageInfo"]["endCursor"].as_str().unwrap().to_owned();
    let second = app.admin_graphql(&owner, query, json!({"after": after})).await;
    let second = &data(&second)["auditLog"];
    let refused = app.admin_graphql(&room.editor, query, json!({})).await;

    let nodes: Vec<&str> = [first, second]
        .iter()
        .flat_map(|page| page["nodes"].as_array().unwrap())
        .map(|node| node["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        nodes,
        ["treatment.publish", "treatment.approve", "treatment.submit", "treatment.create"]
    );
    assert_eq!(first["pageInfo"]["hasNextPage"], true);
    assert_eq!(second["pageInfo"]["hasNextPage"], false);
    let created = &second["nodes"][0];
    assert_eq!(created["requestId"], "trace-create-1");
    assert_eq!(created["actor"]["email"], room.editor.email.as_str());
    assert_eq!(created["entry"], json!({"slug": "microneedling", "version": 1}));
    assert_eq!(error_code(&refused), "FORBIDDEN");
}
