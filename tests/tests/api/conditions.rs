//! Conditions through the admin REST API.

use cutis::auth::roles::Role;
use cutis_tests::{collection, condition, entry, id_of, microneedling, problem, spawn_app};
use serde_json::{Value, json};

#[tokio::test]
async fn an_editor_creates_reads_lists_changes_and_deletes_a_condition() {
    let app = spawn_app().await;
    let editor = app.sign_in_as("acme", Role::Editor).await;
    let mut body = condition("hyperpigmentation", "Hyperpigmentation");
    body["synonyms"] = json!(["dark spots", "sun spots"]);

    let created = app.create_entry(&editor, "acme", "conditions", &body).await;
    let path = entry("acme", "conditions", &id_of(&created));
    let read = app.read_entry(&editor, &path).await;
    let list: Value =
        app.get_as(&editor, &collection("acme", "conditions")).await.json().await.unwrap();
    let changed =
        app.patch_as(&editor, &path, 1, &json!({"synonyms": ["dark spots", "age spots"]})).await;
    let changed_status = changed.status();
    let changed: Value = changed.json().await.unwrap();
    let deleted = app.delete_as(&editor, &path, 2).await;

    assert_eq!(created["slug"], "hyperpigmentation");
    assert_eq!(created["synonyms"], json!(["dark spots", "sun spots"]));
    assert_eq!((created["status"].as_str(), created["version"].as_i64()), (Some("draft"), Some(1)));
    assert_eq!(read, created);
    assert_eq!(list["items"][0]["name"], "Hyperpigmentation");
    assert_eq!(list["next_cursor"], Value::Null);
    assert_eq!(changed_status, 200);
    assert_eq!(changed["synonyms"], json!(["dark spots", "age spots"]));
    assert_eq!(changed["version"], 2);
    assert_eq!(deleted.status(), 204);
    problem(app.get_as(&editor, &path).await, 404).await;
}

#[tokio::test]
async fn a_duplicate_condition_slug_is_409() {
    let app = spawn_app().await;
    let editor = app.sign_in_as("acme", Role::Editor).await;
    app.create_condition(&editor, "acme", "melasma", "Melasma").await;

    let response = app
        .post_as(&editor, &collection("acme", "conditions"), &condition("melasma", "Again"))
        .await;

    let body = problem(response, 409).await;
    assert!(body["detail"].as_str().unwrap().contains("'melasma'"));
}

#[tokio::test]
async fn french_text_for_a_condition_leaves_english_alone() {
    let app = spawn_app().await;
    let editor = app.sign_in_as("acme", Role::Editor).await;
    let created = app.create_condition(&editor, "acme", "melasma", "Melasma").await;
    let path = entry("acme", "conditions", &id_of(&created));

    let fr: Value = app
        .patch_as(
            &editor,
            &path,
            1,
            &json!({"locale": "fr", "name": "Mélasma", "synonyms": ["masque de grossesse"]}),
        )
        .await
        .json()
        .await
        .unwrap();

    assert_eq!((fr["locale"].as_str(), fr["name"].as_str()), (Some("fr"), Some("Mélasma")));
    let en = app.read_entry(&editor, &path).await;
    assert_eq!(en["name"], "Melasma");
    assert_eq!(en["synonyms"], json!([]));
    assert_eq!(en["summary"], created["summary"]);
    assert_eq!(en["locales"], json!(["en", "fr"]));
}

#[tokio::test]
async fn a_condition_a_treatment_links_to_cannot_be_deleted_and_the_refusal_names_it() {
    let app = spawn_app().await;
    let editor = app.sign_in_as("acme", Role::Editor).await;
    let melasma = app.create_condition(&editor, "acme", "melasma", "Melasma").await;
    let mut body = microneedling();
    body["conditions"] = json!([{"condition": "melasma"}]);
    app.create_treatment(&editor, "acme", &body).await;
    let path = entry("acme", "conditions", &id_of(&melasma));

    let response = app.delete_as(&editor, &path, 1).await;

    let problem = problem(response, 409).await;
    assert!(problem["detail"].as_str().unwrap().contains("'microneedling'"), "{problem}");
    assert_eq!(app.read_entry(&editor, &path).await["version"], 1);
}

#[tokio::test]
async fn renaming_a_condition_shows_in_the_treatments_that_link_to_it() {
    let app = spawn_app().await;
    let editor = app.sign_in_as("acme", Role::Editor).await;
    let melasma = app.create_condition(&editor, "acme", "melasma", "Melasma").await;
    let mut body = microneedling();
    body["conditions"] = json!([{"condition": "melasma"}]);
    let treatment = app.create_treatment(&editor, "acme", &body).await;

    let renamed = app
        .patch_as(
            &editor,
            &entry("acme", "conditions", &id_of(&melasma)),
            1,
            &json!({"slug": "chloasma"}),
        )
        .await;

    assert_eq!(renamed.status(), 200);
    let read = app.read_entry(&editor, &entry("acme", "treatments", &id_of(&treatment))).await;
    assert_eq!(read["conditions"][0]["condition"], "chloasma");
}

#[tokio::test]
async fn a_viewer_reads_conditions_but_cannot_change_them_and_strangers_get_404() {
    let app = spawn_app().await;
    let editor = app.sign_in_as("acme", Role::Editor).await;
    let viewer = app.sign_in_as("acme", Role::Viewer).await;
    let stranger = app.sign_in_as("beauty-studio", Role::Owner).await;
    let created = app.create_condition(&editor, "acme", "melasma", "Melasma").await;
    let path = entry("acme", "conditions", &id_of(&created));

    assert_eq!(app.get_as(&viewer, &path).await.status(), 200);
    problem(
        app.post_as(&viewer, &collection("acme", "conditions"), &condition("acne", "Acne")).await,
        403,
    )
    .await;
    problem(app.patch_as(&viewer, &path, 1, &json!({"name": "X"})).await, 403).await;
    problem(app.delete_as(&viewer, &path, 1).await, 403).await;
    problem(app.get_as(&stranger, &path).await, 404).await;
    problem(
        app.get_as(&stranger, &entry("beauty-studio", "conditions", &id_of(&created))).await,
        404,
    )
    .await;
}
