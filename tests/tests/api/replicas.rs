//! Several servers on one database: scheduled publishing happens once, and (on PostgreSQL,
//! the database for replicas) caches follow publishes made through another replica.

use std::time::{Duration, Instant};

use cutis_tests::{entry, id_of, microneedling, spawn_app_with};
use serde_json::{Value, json};

#[tokio::test]
async fn a_publish_through_one_replica_is_served_by_another_within_a_second() {
    let app = spawn_app_with(|_| {}).await;
    if !app.database.is_postgres() {
        eprintln!("skipped: replicas share caches through PostgreSQL LISTEN/NOTIFY");
        return;
    }
    let replica = app.spawn_replica(|_| {}).await;
    let room = app.newsroom("acme").await;
    let published = app
        .publish(
            &room,
            "treatments",
            &app.create_treatment(&room.editor, "acme", &microneedling()).await,
        )
        .await;
    let first: Value =
        replica.deliver(&room.key, "/v1/treatments/microneedling").await.json().await.unwrap();
    assert_eq!(
        first["summary"],
        "Fine needles make tiny channels in the skin so it renews itself."
    );

    let path = entry("acme", "treatments", &id_of(&published));
    let version = published["version"].as_i64().unwrap();
    let edited: Value = app
        .patch_as(&room.editor, &path, version, &json!({"summary": "Now with numbing cream."}))
        .await
        .json()
        .await
        .unwrap();
    app.publish(&room, "treatments", &edited).await;

    let numbing = |served: &Value| served["summary"] == "Now with numbing cream.";
    let path = "/v1/treatments/microneedling";
    let served = replica.delivered_once(&room.key, path, Duration::from_secs(1), numbing).await;
    let seen = served["summary"].as_str().unwrap_or_default();
    assert_eq!(seen, "Now with numbing cream.", "the replica served the old version past a second");
}

#[tokio::test]
async fn a_scheduled_publish_happens_once_even_with_two_schedulers() {
    let fast = |settings: &mut cutis::config::Settings| {
        settings.scheduler_interval = Duration::from_millis(100);
    };
    let app = spawn_app_with(fast).await;
    let _replica = app.spawn_replica(fast).await;
    let room = app.newsroom("acme").await;
    let draft = app.create_treatment(&room.editor, "acme", &microneedling()).await;
    let id = id_of(&draft);
    app.step(&room.editor, &entry("acme", "treatments", &id), "submit", 1, None).await;
    app.step(&room.reviewer, &entry("acme", "treatments", &id), "approve", 2, None).await;
    let at = chrono::Utc::now() + chrono::Duration::milliseconds(600);

    let scheduled = app
        .step(
            &room.reviewer,
            &entry("acme", "treatments", &id),
            "publish",
            3,
            Some(&json!({"publish_at": at})),
        )
        .await;
    let scheduled: Value = scheduled.json().await.unwrap();
    assert_eq!(scheduled["status"], "approved", "nothing is published before its time");
    assert_eq!(app.deliver(&room.key, "/v1/treatments/microneedling").await.status(), 404);

    let started = Instant::now();
    while app.deliver(&room.key, "/v1/treatments/microneedling").await.status() != 200 {
        assert!(started.elapsed() < Duration::from_secs(10), "the scheduled publish never came");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    let path = format!("{}/revisions", entry("acme", "treatments", &id));
    let revisions = app.read_entry(&room.editor, &path).await;
    let publishes =
        revisions["items"].as_array().unwrap().iter().filter(|r| r["version"] == 5).count();
    let current = app.read_entry(&room.editor, &entry("acme", "treatments", &id)).await;
    assert_eq!(current["status"], "published");
    assert_eq!(current["version"], 5, "one publish, not two");
    assert_eq!(publishes, 1);
}

#[tokio::test]
async fn an_edit_cancels_a_scheduled_publish_and_the_new_approval_publishes_nothing() {
    let app = spawn_app_with(|settings| {
        settings.scheduler_interval = Duration::from_millis(100);
    })
    .await;
    let room = app.newsroom("acme").await;
    let draft = app.create_treatment(&room.editor, "acme", &microneedling()).await;
    let path = entry("acme", "treatments", &id_of(&draft));
    app.step(&room.editor, &path, "submit", 1, None).await;
    app.step(&room.reviewer, &path, "approve", 2, None).await;
    let at = chrono::Utc::now() + chrono::Duration::milliseconds(800);
    let schedule = json!({"publish_at": at});
    let scheduled: Value =
        app.step(&room.reviewer, &path, "publish", 3, Some(&schedule)).await.json().await.unwrap();
    assert!(scheduled["publish_at"].is_string(), "the admin API shows the schedule");

    let edit = json!({"summary": "Changed after the schedule was set."});
    let edited: Value = app.patch_as(&room.editor, &path, 4, &edit).await.json().await.unwrap();
    app.step(&room.editor, &path, "submit", 5, None).await;
    let note = json!({"note": "not publishing yet"});
    let approved: Value =
        app.step(&room.reviewer, &path, "approve", 6, Some(&note)).await.json().await.unwrap();
    tokio::time::sleep(Duration::from_millis(1500)).await;

    assert_eq!(edited["status"], "draft");
    assert!(edited["publish_at"].is_null(), "the edit cancelled the schedule");
    assert!(approved["publish_at"].is_null());
    assert_eq!(app.deliver(&room.key, "/v1/treatments/microneedling").await.status(), 404);
    let current = app.read_entry(&room.editor, &path).await;
    assert_eq!(
        (current["status"].as_str(), current["version"].as_i64()),
        (Some("approved"), Some(7))
    );
}

#[tokio::test]
async fn a_publish_through_one_replica_is_found_by_another_replicas_search_within_a_second() {
    let app = spawn_app_with(|_| {}).await;
    if !app.database.is_postgres() {
        eprintln!("skipped: replicas share invalidations through PostgreSQL LISTEN/NOTIFY");
        return;
    }
    let replica = app.spawn_replica(|_| {}).await;
    let room = app.newsroom("acme").await;
    let draft = app.create_treatment(&room.editor, "acme", &microneedling()).await;
    let search = "/v1/search?q=numbing";
    let before: Value = replica.deliver(&room.key, search).await.json().await.unwrap();
    assert_eq!(before["items"], json!([]), "the replica's index is built, without the draft");

    let path = entry("acme", "treatments", &id_of(&draft));
    let edited: Value = app
        .patch_as(&room.editor, &path, 1, &json!({"summary": "Now with numbing cream."}))
        .await
        .json()
        .await
        .unwrap();
    app.publish(&room, "treatments", &edited).await;

    let hits = |found: &Value| found["items"].as_array().is_some_and(|items| !items.is_empty());
    let found = replica.delivered_once(&room.key, search, Duration::from_secs(1), hits).await;
    assert_eq!(found["items"][0]["slug"], "microneedling", "{found}");
}

#[tokio::test]
async fn a_publish_through_one_replica_drops_another_replicas_cached_graphql_answer() {
    let app = spawn_app_with(|_| {}).await;
    if !app.database.is_postgres() {
        eprintln!("skipped: replicas share invalidations through PostgreSQL LISTEN/NOTIFY");
        return;
    }
    let replica = app.spawn_replica(|_| {}).await;
    let room = app.newsroom("acme").await;
    let created = app.create_treatment(&room.editor, "acme", &microneedling()).await;
    let published = app.publish(&room, "treatments", &created).await;
    let query = "{ treatment(slug: \"microneedling\") { summary } }";
    let url =
        reqwest::Url::parse_with_params("http://replica.invalid/graphql", &[("query", query)]);
    let path = format!("/graphql?{}", url.unwrap().query().unwrap());
    let summary =
        |answer: &Value| answer["data"]["treatment"]["summary"].as_str().map(str::to_owned);
    let first = summary(&replica.deliver(&room.key, &path).await.json().await.unwrap());

    let entry_path = entry("acme", "treatments", &id_of(&published));
    let version = published["version"].as_i64().unwrap();
    let change = json!({"summary": "Now with numbing cream."});
    let edited: Value =
        app.patch_as(&room.editor, &entry_path, version, &change).await.json().await.unwrap();
    app.publish(&room, "treatments", &edited).await;
    let numbing = |answer: &Value| summary(answer).as_deref() == Some("Now with numbing cream.");
    let answer = replica.delivered_once(&room.key, &path, Duration::from_secs(1), numbing).await;
    let seen = summary(&answer);

    assert!(first.is_some_and(|first| first.starts_with("Fine needles")));
    assert_eq!(seen.as_deref(), Some("Now with numbing cream."), "stale past a second");
}
