//! `PATCH /v1/me`: a person names themselves and their credentials, and the medical reviews
//! they approve from then on publish both.

use cutis_tests::{Session, TestApp, microneedling, problem, spawn_app};
use reqwest::{Method, Response};
use serde_json::{Value, json};

async fn update_me(app: &TestApp, session: &Session, body: Value) -> Response {
    app.authed(Method::PATCH, "/v1/me", &session.access_token)
        .json(&body)
        .send()
        .await
        .expect("send PATCH /v1/me")
}

async fn me(app: &TestApp, session: &Session) -> Value {
    let response = app.get_as(session, "/v1/me").await;
    assert_eq!(response.status(), 200);
    response.json().await.expect("the signed-in user")
}

#[tokio::test]
async fn a_reviewer_names_themselves_and_their_credentials() {
    let app = spawn_app().await;
    let room = app.newsroom("acme").await;

    let response = update_me(
        &app,
        &room.reviewer,
        json!({"display_name": "  Dr. Lea Martin ", "credentials": "MD, dermatologist"}),
    )
    .await;

    assert_eq!(response.status(), 200);
    let changed: Value = response.json().await.unwrap();
    assert_eq!(changed["display_name"], "Dr. Lea Martin");
    assert_eq!(changed["credentials"], "MD, dermatologist");
    assert_eq!(me(&app, &room.reviewer).await["credentials"], "MD, dermatologist");
}

#[tokio::test]
async fn an_approval_records_the_reviewers_name_and_credentials_in_the_jsonld() {
    let app = spawn_app().await;
    let room = app.newsroom("acme").await;
    let body = json!({"display_name": "Dr. Lea Martin", "credentials": "MD, dermatologist"});
    assert_eq!(update_me(&app, &room.reviewer, body).await.status(), 200);
    let created = app.create_treatment(&room.editor, "acme", &microneedling()).await;

    let published = app.publish(&room, "treatments", &created).await;

    assert_eq!(published["review"]["reviewer"], "Dr. Lea Martin, MD, dermatologist");
    let page = &app
        .delivered(&room.key, "/v1/treatments/microneedling/jsonld?url=https://clinic.example/m")
        .await["@graph"][0];
    assert_eq!(page["reviewedBy"]["name"], "Dr. Lea Martin, MD, dermatologist");
}

#[tokio::test]
async fn a_later_rename_leaves_past_reviews_as_they_were_made() {
    let app = spawn_app().await;
    let room = app.newsroom("acme").await;
    let body = json!({"display_name": "Dr. Lea Martin", "credentials": "MD"});
    assert_eq!(update_me(&app, &room.reviewer, body).await.status(), 200);
    let created = app.create_treatment(&room.editor, "acme", &microneedling()).await;
    let published = app.publish(&room, "treatments", &created).await;

    let renamed = update_me(&app, &room.reviewer, json!({"display_name": "Dr. Lea Martin-Roy"}));
    assert_eq!(renamed.await.status(), 200);

    let path = cutis_tests::entry("acme", "treatments", published["id"].as_str().unwrap());
    let read = app.read_entry(&room.editor, &path).await;
    assert_eq!(read["review"]["reviewer"], "Dr. Lea Martin, MD");
    assert_eq!(me(&app, &room.reviewer).await["credentials"], "MD", "absent keeps");
}

#[tokio::test]
async fn null_credentials_are_removed_and_the_name_is_published_alone() {
    let app = spawn_app().await;
    let room = app.newsroom("acme").await;
    let body = json!({"display_name": "Dr. Lea Martin", "credentials": "MD"});
    assert_eq!(update_me(&app, &room.reviewer, body).await.status(), 200);

    let cleared = update_me(&app, &room.reviewer, json!({"credentials": null})).await;

    assert_eq!(cleared.status(), 200);
    assert_eq!(me(&app, &room.reviewer).await["credentials"], Value::Null);
    let created = app.create_treatment(&room.editor, "acme", &microneedling()).await;
    let published = app.publish(&room, "treatments", &created).await;
    assert_eq!(published["review"]["reviewer"], "Dr. Lea Martin");
}

#[tokio::test]
async fn a_bad_name_or_credentials_are_refused_together_and_nothing_changes() {
    let app = spawn_app().await;
    let room = app.newsroom("acme").await;
    let before = me(&app, &room.reviewer).await;

    let response = update_me(
        &app,
        &room.reviewer,
        json!({"display_name": "   ", "credentials": format!("MD\n{}", "x".repeat(200))}),
    )
    .await;

    let problem = problem(response, 422).await;
    let fields: Vec<&str> =
        problem["errors"].as_array().unwrap().iter().filter_map(|e| e["field"].as_str()).collect();
    assert_eq!(fields, ["credentials", "display_name"], "{problem}");
    assert_eq!(me(&app, &room.reviewer).await, before);
}

#[tokio::test]
async fn a_null_name_and_unknown_fields_are_refused() {
    let app = spawn_app().await;
    let room = app.newsroom("acme").await;
    let before = me(&app, &room.reviewer).await;

    let null_name = update_me(&app, &room.reviewer, json!({"display_name": null})).await;
    assert_eq!(problem(null_name, 422).await["errors"][0]["field"], "display_name");
    let unknown = update_me(&app, &room.reviewer, json!({"email": "someone@else.example"})).await;
    assert!(unknown.status().is_client_error(), "{}", unknown.status());

    assert_eq!(me(&app, &room.reviewer).await, before);
}

#[tokio::test]
async fn changing_a_profile_needs_a_signed_in_user() {
    let app = spawn_app().await;

    let response = app
        .request(Method::PATCH, "/v1/me")
        .json(&json!({"display_name": "Somebody"}))
        .send()
        .await
        .unwrap();

    problem(response, 401).await;
}
