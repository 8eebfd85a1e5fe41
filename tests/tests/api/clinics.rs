//! Clinics through the admin REST API.

use cutis::auth::roles::Role;
use cutis_tests::{clinic, collection, entry, id_of, problem, spawn_app};
use serde_json::{Value, json};

#[tokio::test]
async fn an_editor_creates_reads_lists_changes_and_deletes_a_clinic() {
    let app = spawn_app().await;
    let editor = app.sign_in_as("acme", Role::Editor).await;

    let created = app.create_clinic(&editor, "acme", "scarborough", "Northshore Scarborough").await;
    let path = entry("acme", "clinics", &id_of(&created));
    let read = app.read_entry(&editor, &path).await;
    let list: Value =
        app.get_as(&editor, &collection("acme", "clinics")).await.json().await.unwrap();
    let changed = app.patch_as(&editor, &path, 1, &json!({"phone": null, "city": "Toronto"})).await;
    assert_eq!(changed.status(), 200);
    let changed: Value = changed.json().await.unwrap();
    let deleted = app.delete_as(&editor, &path, 2).await;

    for field in
        ["slug", "name", "address", "city", "region", "country", "phone", "booking_url", "timezone"]
    {
        assert_eq!(
            created[field],
            clinic("scarborough", "Northshore Scarborough")[field],
            "{field}"
        );
    }
    assert_eq!((created["status"].as_str(), created["version"].as_i64()), (Some("draft"), Some(1)));
    assert_eq!(read, created);
    assert_eq!(list["items"][0]["city"], "Scarborough");
    assert_eq!(changed["phone"], Value::Null);
    assert_eq!(changed["city"], "Toronto");
    assert_eq!(changed["version"], 2);
    assert_eq!(deleted.status(), 204);
    problem(app.get_as(&editor, &path).await, 404).await;
}

#[tokio::test]
async fn a_french_address_leaves_the_english_one_and_shared_details_alone() {
    let app = spawn_app().await;
    let editor = app.sign_in_as("acme", Role::Editor).await;
    let created = app.create_clinic(&editor, "acme", "markham", "Northshore Markham").await;
    let path = entry("acme", "clinics", &id_of(&created));

    let fr: Value = app
        .patch_as(&editor, &path, 1, &json!({"locale": "fr", "name": "Northshore Markham (FR)", "address": "1, chemin Exemple"}))
        .await
        .json()
        .await
        .unwrap();

    assert_eq!(fr["locale"], "fr");
    assert_eq!(fr["phone"], created["phone"]);
    let en = app.read_entry(&editor, &path).await;
    assert_eq!(
        (en["name"].as_str(), en["address"].as_str()),
        (Some("Northshore Markham"), Some("1 Example Road"))
    );
}

#[tokio::test]
async fn a_clinic_needs_a_country_and_timezone_of_the_right_shape() {
    let app = spawn_app().await;
    let editor = app.sign_in_as("acme", Role::Editor).await;
    let mut body = clinic("scarborough", "Northshore Scarborough");
    body["country"] = json!("Canada");
    body["timezone"] = json!("");
    body["phone"] = json!("call us!");
    body["booking_url"] = json!("mailto:book@clinic.example");

    let response = app.post_as(&editor, &collection("acme", "clinics"), &body).await;

    let problem = problem(response, 422).await;
    let mut fields: Vec<&str> = problem["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    fields.sort();
    assert_eq!(fields, ["booking_url", "country", "phone", "timezone"]);
    let list: Value =
        app.get_as(&editor, &collection("acme", "clinics")).await.json().await.unwrap();
    assert_eq!(list["items"], json!([]));
}

#[tokio::test]
async fn a_duplicate_clinic_slug_is_409() {
    let app = spawn_app().await;
    let editor = app.sign_in_as("acme", Role::Editor).await;
    app.create_clinic(&editor, "acme", "markham", "Northshore Markham").await;

    let response =
        app.post_as(&editor, &collection("acme", "clinics"), &clinic("markham", "Again")).await;

    assert!(problem(response, 409).await["detail"].as_str().unwrap().contains("'markham'"));
}

#[tokio::test]
async fn a_viewer_cannot_change_clinics_and_another_workspace_cannot_see_them() {
    let app = spawn_app().await;
    let editor = app.sign_in_as("acme", Role::Editor).await;
    let viewer = app.sign_in_as("acme", Role::Viewer).await;
    let stranger = app.sign_in_as("beauty-studio", Role::Owner).await;
    let created = app.create_clinic(&editor, "acme", "markham", "Northshore Markham").await;
    let path = entry("acme", "clinics", &id_of(&created));

    assert_eq!(app.get_as(&viewer, &path).await.status(), 200);
    problem(
        app.post_as(&viewer, &collection("acme", "clinics"), &clinic("other", "Other")).await,
        403,
    )
    .await;
    problem(app.patch_as(&viewer, &path, 1, &json!({"city": "X"})).await, 403).await;
    problem(app.delete_as(&viewer, &path, 1).await, 403).await;
    problem(app.get_as(&stranger, &entry("beauty-studio", "clinics", &id_of(&created))).await, 404)
        .await;
}
