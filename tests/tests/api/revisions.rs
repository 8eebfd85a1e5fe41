//! Revisions: every change is kept with its author, time and note, and any can be restored.

use cutis::auth::roles::Role;
use cutis_tests::{Session, TestApp, entry, id_of, microneedling, problem, spawn_app};
use reqwest::Method;
use serde_json::{Value, json};

async fn restore(
    app: &TestApp,
    session: &Session,
    path: &str,
    revision: i64,
    version: i64,
    body: Option<Value>,
) -> reqwest::Response {
    let mut request = app
        .authed(
            Method::POST,
            &format!("{path}/revisions/{revision}/restore"),
            &session.access_token,
        )
        .header("If-Match", format!("\"{version}\""));
    if let Some(body) = body {
        request = request.json(&body);
    }
    request.send().await.unwrap()
}

#[tokio::test]
async fn every_change_is_listed_newest_first_with_author_and_note() {
    let app = spawn_app().await;
    let editor = app.sign_in_as("acme", Role::Editor).await;
    let mut body = microneedling();
    body["note"] = json!("First draft");
    let created = app.create_treatment(&editor, "acme", &body).await;
    let path = entry("acme", "treatments", &id_of(&created));
    app.patch_as(
        &editor,
        &path,
        1,
        &json!({"summary": "Shorter.", "note": "Tightened the summary"}),
    )
    .await;
    app.patch_as(&editor, &path, 2, &json!({"locale": "fr", "name": "Microponcture"})).await;

    let list: Value = app.get_as(&editor, &format!("{path}/revisions")).await.json().await.unwrap();

    let items = list["items"].as_array().unwrap();
    let versions: Vec<i64> = items.iter().map(|item| item["version"].as_i64().unwrap()).collect();
    assert_eq!(versions, [3, 2, 1]);
    assert_eq!(items[1]["note"], "Tightened the summary");
    assert_eq!(items[2]["note"], "First draft");
    assert_eq!(items[0]["note"], Value::Null);
    assert!(items[0]["author"]["name"].as_str().is_some_and(|name| !name.is_empty()));
    assert!(items[0]["created_at"].as_str().is_some());
    assert_eq!(list["next_cursor"], Value::Null);
}

#[tokio::test]
async fn revisions_are_paginated_by_cursor() {
    let app = spawn_app().await;
    let editor = app.sign_in_as("acme", Role::Editor).await;
    let created = app.create_treatment(&editor, "acme", &microneedling()).await;
    let path = entry("acme", "treatments", &id_of(&created));
    for version in 1..=4 {
        app.patch_as(&editor, &path, version, &json!({"sessions": {"min": 1, "max": version + 1}}))
            .await;
    }

    let first: Value =
        app.get_as(&editor, &format!("{path}/revisions?limit=3")).await.json().await.unwrap();
    let cursor = first["next_cursor"].as_str().unwrap();
    let second: Value = app
        .get_as(&editor, &format!("{path}/revisions?limit=3&cursor={cursor}"))
        .await
        .json()
        .await
        .unwrap();

    let versions = |page: &Value| {
        page["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["version"].as_i64().unwrap())
            .collect::<Vec<_>>()
    };
    assert_eq!(versions(&first), [5, 4, 3]);
    assert_eq!(versions(&second), [2, 1]);
    assert_eq!(second["next_cursor"], Value::Null);
}

#[tokio::test]
async fn a_revision_holds_the_whole_entry_in_every_locale() {
    let app = spawn_app().await;
    let editor = app.sign_in_as("acme", Role::Editor).await;
    let created = app.create_treatment(&editor, "acme", &microneedling()).await;
    let path = entry("acme", "treatments", &id_of(&created));
    app.patch_as(&editor, &path, 1, &json!({"locale": "fr", "name": "Microponcture"})).await;

    let first: Value =
        app.get_as(&editor, &format!("{path}/revisions/1")).await.json().await.unwrap();
    let second: Value =
        app.get_as(&editor, &format!("{path}/revisions/2")).await.json().await.unwrap();
    let missing = app.get_as(&editor, &format!("{path}/revisions/9")).await;

    assert_eq!(first["version"], 1);
    assert_eq!(first["snapshot"]["slug"], "microneedling");
    assert_eq!(first["snapshot"]["translations"]["en"]["faqs"], microneedling()["faqs"]);
    assert_eq!(first["snapshot"]["translations"]["fr"], Value::Null);
    assert_eq!(second["snapshot"]["translations"]["fr"]["name"], "Microponcture");
    assert_eq!(second["snapshot"]["translations"]["en"]["name"], "Microneedling");
    problem(missing, 404).await;
}

#[tokio::test]
async fn restoring_makes_a_new_version_with_the_old_content_and_keeps_history() {
    let app = spawn_app().await;
    let editor = app.sign_in_as("acme", Role::Editor).await;
    let created = app.create_treatment(&editor, "acme", &microneedling()).await;
    let path = entry("acme", "treatments", &id_of(&created));
    let changes = json!({"name": "Skin needling", "faqs": [], "sessions": {"min": 1, "max": 2}, "slug": "skin-needling"});
    app.patch_as(&editor, &path, 1, &changes).await;
    app.patch_as(&editor, &path, 2, &json!({"locale": "fr", "name": "Microponcture"})).await;

    let response = restore(&app, &editor, &path, 1, 3, None).await;

    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["etag"], "\"4\"");
    let restored: Value = response.json().await.unwrap();
    assert_eq!(restored["version"], 4);
    let mut expected = created.clone();
    let mut actual = restored.clone();
    for volatile in ["version", "updated_at"] {
        expected[volatile] = Value::Null;
        actual[volatile] = Value::Null;
    }
    assert_eq!(actual, expected, "version 4 has version 1's content");
    let list: Value = app.get_as(&editor, &format!("{path}/revisions")).await.json().await.unwrap();
    let versions: Vec<i64> =
        list["items"].as_array().unwrap().iter().map(|i| i["version"].as_i64().unwrap()).collect();
    assert_eq!(versions, [4, 3, 2, 1]);
    assert_eq!(list["items"][0]["note"], "Restored version 1");
    let second: Value =
        app.get_as(&editor, &format!("{path}/revisions/2")).await.json().await.unwrap();
    assert_eq!(second["snapshot"]["slug"], "skin-needling", "history is not rewritten");
}

#[tokio::test]
async fn a_restore_takes_a_note_and_needs_the_current_version() {
    let app = spawn_app().await;
    let editor = app.sign_in_as("acme", Role::Editor).await;
    let created = app.create_treatment(&editor, "acme", &microneedling()).await;
    let path = entry("acme", "treatments", &id_of(&created));
    app.patch_as(&editor, &path, 1, &json!({"name": "Skin needling"})).await;
    let without = app
        .authed(Method::POST, &format!("{path}/revisions/1/restore"), &editor.access_token)
        .send()
        .await
        .unwrap();

    let stale = restore(&app, &editor, &path, 1, 1, None).await;
    let noted =
        restore(&app, &editor, &path, 1, 2, Some(json!({"note": "Back to the reviewed name"})))
            .await;

    problem(without, 428).await;
    assert_eq!(problem(stale, 412).await["current_version"], 2);
    assert_eq!(noted.status(), 200);
    let list: Value = app.get_as(&editor, &format!("{path}/revisions")).await.json().await.unwrap();
    assert_eq!(list["items"][0]["note"], "Back to the reviewed name");
    assert_eq!(app.read_entry(&editor, &path).await["name"], "Microneedling");
}

#[tokio::test]
async fn a_revision_linking_a_deleted_condition_cannot_be_restored() {
    let app = spawn_app().await;
    let editor = app.sign_in_as("acme", Role::Editor).await;
    let melasma = app.create_condition(&editor, "acme", "melasma", "Melasma").await;
    let mut body = microneedling();
    body["conditions"] = json!([{"condition": "melasma"}]);
    let created = app.create_treatment(&editor, "acme", &body).await;
    let path = entry("acme", "treatments", &id_of(&created));
    app.patch_as(&editor, &path, 1, &json!({"conditions": []})).await;
    assert_eq!(
        app.delete_as(&editor, &entry("acme", "conditions", &id_of(&melasma)), 1).await.status(),
        204
    );

    let response = restore(&app, &editor, &path, 1, 2, None).await;

    assert!(problem(response, 409).await["detail"].as_str().unwrap().contains("'melasma'"));
    assert_eq!(app.read_entry(&editor, &path).await["version"], 2);
}

#[tokio::test]
async fn conditions_clinics_and_offerings_keep_and_restore_revisions_too() {
    let app = spawn_app().await;
    let editor = app.sign_in_as("acme", Role::Editor).await;
    let condition = app.create_condition(&editor, "acme", "melasma", "Melasma").await;
    let clinic = app.create_clinic(&editor, "acme", "markham", "Northshore Markham").await;
    app.create_treatment(&editor, "acme", &microneedling()).await;
    let offerings = format!("/admin/v1/workspaces/acme/clinics/{}/offerings", id_of(&clinic));
    let offering: Value = app
        .post_as(
            &editor,
            &offerings,
            &json!({"treatment": "microneedling", "duration_minutes": 30}),
        )
        .await
        .json()
        .await
        .unwrap();
    let paths = [
        (
            entry("acme", "conditions", &id_of(&condition)),
            json!({"name": "Chloasma"}),
            "name",
            json!("Melasma"),
        ),
        (
            entry("acme", "clinics", &id_of(&clinic)),
            json!({"timezone": "America/Vancouver"}),
            "timezone",
            json!("America/Toronto"),
        ),
        (
            format!("{offerings}/{}", id_of(&offering)),
            json!({"duration_minutes": 60}),
            "duration_minutes",
            json!(30),
        ),
    ];

    for (path, change, field, original) in paths {
        assert_eq!(app.patch_as(&editor, &path, 1, &change).await.status(), 200, "{path}");
        let list: Value =
            app.get_as(&editor, &format!("{path}/revisions")).await.json().await.unwrap();
        assert_eq!(list["items"].as_array().unwrap().len(), 2, "{path}");
        let response = restore(&app, &editor, &path, 1, 2, None).await;
        assert_eq!(response.status(), 200, "{path}");
        let restored: Value = response.json().await.unwrap();
        assert_eq!(
            (restored[field].clone(), restored["version"].as_i64()),
            (original, Some(3)),
            "{path}"
        );
    }
}

#[tokio::test]
async fn a_viewer_reads_history_but_cannot_restore_and_strangers_see_none() {
    let app = spawn_app().await;
    let editor = app.sign_in_as("acme", Role::Editor).await;
    let viewer = app.sign_in_as("acme", Role::Viewer).await;
    let stranger = app.sign_in_as("beauty-studio", Role::Owner).await;
    let created = app.create_treatment(&editor, "acme", &microneedling()).await;
    let path = entry("acme", "treatments", &id_of(&created));
    app.patch_as(&editor, &path, 1, &json!({"name": "Skin needling"})).await;

    assert_eq!(app.get_as(&viewer, &format!("{path}/revisions")).await.status(), 200);
    assert_eq!(app.get_as(&viewer, &format!("{path}/revisions/1")).await.status(), 200);
    problem(restore(&app, &viewer, &path, 1, 2, None).await, 403).await;
    let foreign = entry("beauty-studio", "treatments", &id_of(&created));
    problem(app.get_as(&stranger, &format!("{foreign}/revisions")).await, 404).await;
    problem(app.get_as(&stranger, &format!("{foreign}/revisions/1")).await, 404).await;
    problem(restore(&app, &stranger, &foreign, 1, 2, None).await, 404).await;
}
