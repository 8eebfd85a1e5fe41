//! Optimistic concurrency: `If-Match` versions decide which of several concurrent changes wins.

use cutis::auth::roles::Role;
use cutis_tests::{entry, id_of, microneedling, problem, spawn_app};
use serde_json::{Value, json};

#[tokio::test]
async fn of_fifty_concurrent_patches_with_the_same_version_exactly_one_wins() {
    let app = spawn_app().await;
    let editor = app.sign_in_as("acme", Role::Editor).await;
    let created = app.create_treatment(&editor, "acme", &microneedling()).await;
    let path = entry("acme", "treatments", &id_of(&created));

    let mut patches = tokio::task::JoinSet::new();
    for i in 0..50 {
        let request = app
            .authed(reqwest::Method::PATCH, &path, &editor.access_token)
            .header("If-Match", "\"1\"")
            .json(&json!({"name": format!("Microneedling {i}")}));
        patches.spawn(async move {
            let response = request.send().await.unwrap();
            let status = response.status().as_u16();
            (i, status, response.json::<Value>().await.unwrap())
        });
    }
    let outcomes = patches.join_all().await;

    let winners: Vec<&(usize, u16, Value)> =
        outcomes.iter().filter(|(_, status, _)| *status == 200).collect();
    let losers: Vec<&(usize, u16, Value)> =
        outcomes.iter().filter(|(_, status, _)| *status == 412).collect();
    assert_eq!(
        winners.len(),
        1,
        "statuses: {:?}",
        outcomes.iter().map(|o| o.1).collect::<Vec<_>>()
    );
    assert_eq!(losers.len(), 49);
    assert!(losers.iter().all(|(_, _, body)| body["current_version"] == 2));
    let (winner, _, _) = winners[0];
    let read = app.read_entry(&editor, &path).await;
    assert_eq!(read["version"], 2);
    assert_eq!(read["name"], format!("Microneedling {winner}"));
    let revisions: Value =
        app.get_as(&editor, &format!("{path}/revisions")).await.json().await.unwrap();
    assert_eq!(revisions["items"].as_array().unwrap().len(), 2, "one revision per version");
}

#[tokio::test]
async fn a_stale_version_is_412_with_the_current_version_and_changes_nothing() {
    let app = spawn_app().await;
    let alice = app.sign_in_as("acme", Role::Editor).await;
    let bob = app.sign_in_as("acme", Role::Editor).await;
    let created = app.create_treatment(&alice, "acme", &microneedling()).await;
    let path = entry("acme", "treatments", &id_of(&created));
    let first = app.patch_as(&alice, &path, 1, &json!({"summary": "Alice's summary"})).await;
    assert_eq!(first.status(), 200);

    let stale = app.patch_as(&bob, &path, 1, &json!({"summary": "Bob's summary"})).await;

    let body = problem(stale, 412).await;
    assert_eq!(body["code"], "VERSION_MISMATCH");
    assert_eq!(body["current_version"], 2);
    let read = app.read_entry(&alice, &path).await;
    assert_eq!(
        (read["summary"].as_str(), read["version"].as_i64()),
        (Some("Alice's summary"), Some(2))
    );
}

#[tokio::test]
async fn a_change_without_if_match_is_428_and_a_malformed_one_is_400() {
    let app = spawn_app().await;
    let editor = app.sign_in_as("acme", Role::Editor).await;
    let created = app.create_treatment(&editor, "acme", &microneedling()).await;
    let path = entry("acme", "treatments", &id_of(&created));
    let patch = |if_match: Option<&str>| {
        let mut request = app
            .authed(reqwest::Method::PATCH, &path, &editor.access_token)
            .json(&json!({"name": "X"}));
        if let Some(value) = if_match {
            request = request.header("If-Match", value);
        }
        request.send()
    };

    let missing = patch(None).await.unwrap();
    let weak = patch(Some("W/\"1\"")).await.unwrap();
    let wildcard = patch(Some("*")).await.unwrap();

    assert_eq!(problem(missing, 428).await["code"], "PRECONDITION_REQUIRED");
    problem(weak, 400).await;
    problem(wildcard, 400).await;
    assert_eq!(app.read_entry(&editor, &path).await["name"], "Microneedling");
}

#[tokio::test]
async fn the_etag_of_a_response_is_what_the_next_change_sends() {
    let app = spawn_app().await;
    let editor = app.sign_in_as("acme", Role::Editor).await;
    let created = app.create_treatment(&editor, "acme", &microneedling()).await;
    let path = entry("acme", "treatments", &id_of(&created));
    let etag = app.get_as(&editor, &path).await.headers()["etag"].to_str().unwrap().to_owned();

    let response = app
        .authed(reqwest::Method::PATCH, &path, &editor.access_token)
        .header("If-Match", &etag)
        .json(&json!({"name": "Skin needling"}))
        .send()
        .await
        .unwrap();

    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["etag"], "\"2\"");
}

#[tokio::test]
async fn an_unquoted_if_match_is_400_and_changes_nothing() {
    let app = spawn_app().await;
    let editor = app.sign_in_as("acme", Role::Editor).await;
    let created = app.create_treatment(&editor, "acme", &microneedling()).await;
    let path = entry("acme", "treatments", &id_of(&created));

    let response = app
        .authed(reqwest::Method::PATCH, &path, &editor.access_token)
        .header("If-Match", "1")
        .json(&json!({"name": "X"}))
        .send()
        .await
        .unwrap();

    let body = problem(response, 400).await;
    assert!(body["detail"].as_str().unwrap_or_default().contains("entity tag"), "{body}");
    assert_eq!(app.read_entry(&editor, &path).await["version"], 1);
}
