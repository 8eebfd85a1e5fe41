//! The editorial workflow over REST: who may take which step, from which status.

use cutis::auth::roles::Role;
use cutis_tests::{entry, id_of, microneedling, problem, spawn_app};
use serde_json::{Value, json};

#[tokio::test]
async fn submit_approve_publish_moves_a_treatment_to_published_with_its_review() {
    let app = spawn_app().await;
    let room = app.newsroom("acme").await;
    let draft = app.create_treatment(&room.editor, "acme", &microneedling()).await;
    let id = id_of(&draft);

    let submitted =
        app.step(&room.editor, &entry("acme", "treatments", &id), "submit", 1, None).await;
    let submitted: Value = submitted.json().await.unwrap();
    let approved =
        app.step(&room.reviewer, &entry("acme", "treatments", &id), "approve", 2, None).await;
    let approved: Value = approved.json().await.unwrap();
    let published =
        app.step(&room.reviewer, &entry("acme", "treatments", &id), "publish", 3, None).await;
    assert_eq!(published.headers()["etag"], "\"4\"");
    let published: Value = published.json().await.unwrap();

    assert_eq!(submitted["status"], "in_review");
    assert_eq!(approved["status"], "approved");
    assert!(approved["review"]["reviewer"].as_str().unwrap().starts_with("reviewer-"));
    assert_eq!(published["status"], "published");
    assert_eq!(published["version"], 4);
    assert!(published["published_at"].is_string());
}

#[tokio::test]
async fn a_step_that_does_not_apply_is_409_with_the_current_status() {
    let app = spawn_app().await;
    let room = app.newsroom("acme").await;
    let id = id_of(&app.create_treatment(&room.editor, "acme", &microneedling()).await);

    let publish_draft =
        app.step(&room.reviewer, &entry("acme", "treatments", &id), "publish", 1, None).await;
    let approve_draft =
        app.step(&room.reviewer, &entry("acme", "treatments", &id), "approve", 1, None).await;

    let body = problem(publish_draft, 409).await;
    assert_eq!(body["current_status"], "draft");
    assert_eq!(problem(approve_draft, 409).await["current_status"], "draft");
    let unchanged = app.read_entry(&room.editor, &entry("acme", "treatments", &id)).await;
    assert_eq!(unchanged["version"], 1, "a refused step changes nothing");
}

#[tokio::test]
async fn each_role_may_take_only_its_own_steps() {
    let app = spawn_app().await;
    let room = app.newsroom("acme").await;
    let viewer = app.sign_in_as("acme", Role::Viewer).await;
    let id = id_of(&app.create_treatment(&room.editor, "acme", &microneedling()).await);

    let viewer_submits =
        app.step(&viewer, &entry("acme", "treatments", &id), "submit", 1, None).await;
    let reviewer_submits =
        app.step(&room.reviewer, &entry("acme", "treatments", &id), "submit", 1, None).await;
    assert_eq!(viewer_submits.status(), 403);
    assert_eq!(reviewer_submits.status(), 403);
    assert_eq!(
        app.step(&room.editor, &entry("acme", "treatments", &id), "submit", 1, None).await.status(),
        200
    );

    let editor_approves =
        app.step(&room.editor, &entry("acme", "treatments", &id), "approve", 2, None).await;
    assert_eq!(editor_approves.status(), 403);
    assert_eq!(
        app.step(&room.reviewer, &entry("acme", "treatments", &id), "approve", 2, None)
            .await
            .status(),
        200
    );

    let editor_publishes =
        app.step(&room.editor, &entry("acme", "treatments", &id), "publish", 3, None).await;
    assert_eq!(editor_publishes.status(), 403);
    let viewer_archives =
        app.step(&viewer, &entry("acme", "treatments", &id), "archive", 3, None).await;
    assert_eq!(viewer_archives.status(), 403);
}

#[tokio::test]
async fn a_reviewer_can_send_a_treatment_back_with_a_note() {
    let app = spawn_app().await;
    let room = app.newsroom("acme").await;
    let id = id_of(&app.create_treatment(&room.editor, "acme", &microneedling()).await);
    app.step(&room.editor, &entry("acme", "treatments", &id), "submit", 1, None).await;

    let note = json!({"note": "Cite the split-face study for the melasma claim"});
    let rejected =
        app.step(&room.reviewer, &entry("acme", "treatments", &id), "reject", 2, Some(&note)).await;

    let rejected: Value = rejected.json().await.unwrap();
    assert_eq!(rejected["status"], "draft");
    let revisions = app
        .read_entry(&room.editor, &format!("{}/revisions", entry("acme", "treatments", &id)))
        .await;
    assert_eq!(revisions["items"][0]["note"], "Cite the split-face study for the melasma claim");
}

#[tokio::test]
async fn a_step_needs_the_current_version() {
    let app = spawn_app().await;
    let room = app.newsroom("acme").await;
    let id = id_of(&app.create_treatment(&room.editor, "acme", &microneedling()).await);
    let path = format!("{}/submit", entry("acme", "treatments", &id));

    let without =
        app.authed(reqwest::Method::POST, &path, &room.editor.access_token).send().await.unwrap();
    let stale = app.step(&room.editor, &entry("acme", "treatments", &id), "submit", 7, None).await;

    problem(without, 428).await;
    assert_eq!(problem(stale, 412).await["current_version"], 1);
}

#[tokio::test]
async fn editing_an_approved_treatment_sends_it_back_to_draft() {
    let app = spawn_app().await;
    let room = app.newsroom("acme").await;
    let id = id_of(&app.create_treatment(&room.editor, "acme", &microneedling()).await);
    app.step(&room.editor, &entry("acme", "treatments", &id), "submit", 1, None).await;
    app.step(&room.reviewer, &entry("acme", "treatments", &id), "approve", 2, None).await;

    let edited = app
        .patch_as(
            &room.editor,
            &entry("acme", "treatments", &id),
            3,
            &json!({"summary": "Changed after review."}),
        )
        .await;
    let edited: Value = edited.json().await.unwrap();

    assert_eq!(edited["status"], "draft", "an approval covers the text it saw, not later edits");
    let publish =
        app.step(&room.reviewer, &entry("acme", "treatments", &id), "publish", 4, None).await;
    assert_eq!(problem(publish, 409).await["current_status"], "draft");
}

#[tokio::test]
async fn a_step_with_a_null_body_is_taken_and_one_with_an_array_changes_nothing() {
    let app = spawn_app().await;
    let room = app.newsroom("acme").await;
    let id = id_of(&app.create_treatment(&room.editor, "acme", &microneedling()).await);
    let path = entry("acme", "treatments", &id);

    let submitted = app.step(&room.editor, &path, "submit", 1, Some(&Value::Null)).await;
    assert_eq!(submitted.status(), 200, "null says nothing, as no body does");
    let approve_with_array = app.step(&room.reviewer, &path, "approve", 2, Some(&json!([]))).await;

    let refused = problem(approve_with_array, 422).await;
    assert_eq!(refused["errors"][0]["field"], "body", "{refused}");
    let current = app.read_entry(&room.editor, &path).await;
    assert_eq!(
        (current["status"].as_str(), current["version"].as_i64()),
        (Some("in_review"), Some(2))
    );
}
