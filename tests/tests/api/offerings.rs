//! Offerings (clinic × treatment) through the admin REST API.

use cutis::auth::roles::Role;
use cutis_tests::{Session, TestApp, id_of, microneedling, problem, spawn_app};
use serde_json::{Value, json};

async fn clinic_with_treatment(app: &TestApp, editor: &Session) -> String {
    app.create_treatment(editor, "acme", &microneedling()).await;
    let clinic = app.create_clinic(editor, "acme", "scarborough", "Northshore Scarborough").await;
    format!("/admin/v1/workspaces/acme/clinics/{}/offerings", id_of(&clinic))
}

fn offering() -> Value {
    json!({
        "treatment": "microneedling",
        "price_from": {"amount": 29900, "currency": "CAD"},
        "duration_minutes": 45,
        "booking_url": "https://clinic.example/book/microneedling",
        "notes": "Numbing cream included."
    })
}

#[tokio::test]
async fn an_editor_adds_reads_lists_changes_and_removes_an_offering() {
    let app = spawn_app().await;
    let editor = app.sign_in_as("acme", Role::Editor).await;
    let offerings = clinic_with_treatment(&app, &editor).await;

    let response = app.post_as(&editor, &offerings, &offering()).await;
    assert_eq!(response.status(), 201);
    assert_eq!(response.headers()["etag"], "\"1\"");
    let created: Value = response.json().await.unwrap();
    let path = format!("{offerings}/{}", id_of(&created));
    let read = app.read_entry(&editor, &path).await;
    let list: Value = app.get_as(&editor, &offerings).await.json().await.unwrap();
    let changed =
        app.patch_as(&editor, &path, 1, &json!({"active": false, "price_from": null})).await;
    assert_eq!(changed.status(), 200);
    let changed: Value = changed.json().await.unwrap();
    let deleted = app.delete_as(&editor, &path, 2).await;

    assert_eq!(created["treatment"], "microneedling");
    assert_eq!(created["active"], true, "active by default");
    assert_eq!(created["price_from"], json!({"amount": 29900, "currency": "CAD"}));
    assert_eq!(created["notes"], "Numbing cream included.");
    assert_eq!(read, created);
    assert_eq!(list["items"][0]["id"], created["id"]);
    assert_eq!((changed["active"].as_bool(), changed["price_from"].is_null()), (Some(false), true));
    assert_eq!(changed["duration_minutes"], 45);
    assert_eq!(deleted.status(), 204);
    problem(app.get_as(&editor, &path).await, 404).await;
}

#[tokio::test]
async fn a_clinic_offers_a_treatment_once() {
    let app = spawn_app().await;
    let editor = app.sign_in_as("acme", Role::Editor).await;
    let offerings = clinic_with_treatment(&app, &editor).await;
    app.post_as(&editor, &offerings, &offering()).await;

    let response = app.post_as(&editor, &offerings, &offering()).await;

    assert!(problem(response, 409).await["detail"].as_str().unwrap().contains("'microneedling'"));
    let list: Value = app.get_as(&editor, &offerings).await.json().await.unwrap();
    assert_eq!(list["items"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn an_offering_needs_a_known_treatment_a_currency_and_sane_numbers() {
    let app = spawn_app().await;
    let editor = app.sign_in_as("acme", Role::Editor).await;
    let offerings = clinic_with_treatment(&app, &editor).await;
    let bad = json!({
        "treatment": "Micro Needling",
        "price_from": {"amount": -5, "currency": "cad"},
        "duration_minutes": 0,
        "booking_url": "ftp://clinic.example"
    });

    let response = app.post_as(&editor, &offerings, &bad).await;
    let unknown = app.post_as(&editor, &offerings, &json!({"treatment": "laser-toning"})).await;

    let body = problem(response, 422).await;
    let mut fields: Vec<&str> =
        body["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    fields.sort();
    assert_eq!(
        fields,
        [
            "booking_url",
            "duration_minutes",
            "price_from.amount",
            "price_from.currency",
            "treatment"
        ]
    );
    assert_eq!(problem(unknown, 422).await["errors"][0]["field"], "treatment");
    let list: Value = app.get_as(&editor, &offerings).await.json().await.unwrap();
    assert_eq!(list["items"], json!([]));
}

#[tokio::test]
async fn a_treatment_a_clinic_offers_cannot_be_deleted_nor_the_clinic_with_its_offerings() {
    let app = spawn_app().await;
    let editor = app.sign_in_as("acme", Role::Editor).await;
    let offerings = clinic_with_treatment(&app, &editor).await;
    app.post_as(&editor, &offerings, &offering()).await;
    let treatments: Value =
        app.get_as(&editor, "/admin/v1/workspaces/acme/treatments").await.json().await.unwrap();
    let treatment =
        format!("/admin/v1/workspaces/acme/treatments/{}", id_of(&treatments["items"][0]));
    let clinic = offerings.trim_end_matches("/offerings").to_owned();

    let treatment_delete = app.delete_as(&editor, &treatment, 1).await;
    let clinic_delete = app.delete_as(&editor, &clinic, 1).await;

    assert!(
        problem(treatment_delete, 409).await["detail"].as_str().unwrap().contains("'scarborough'")
    );
    assert!(
        problem(clinic_delete, 409).await["detail"].as_str().unwrap().contains("'microneedling'")
    );
}

#[tokio::test]
async fn offerings_are_reached_only_through_their_own_clinic_and_workspace() {
    let app = spawn_app().await;
    let editor = app.sign_in_as("acme", Role::Editor).await;
    let stranger = app.sign_in_as("beauty-studio", Role::Owner).await;
    let offerings = clinic_with_treatment(&app, &editor).await;
    let other_clinic = app.create_clinic(&editor, "acme", "markham", "Northshore Markham").await;
    let created: Value = app.post_as(&editor, &offerings, &offering()).await.json().await.unwrap();
    let id = id_of(&created);

    let wrong_clinic = app
        .get_as(
            &editor,
            &format!("/admin/v1/workspaces/acme/clinics/{}/offerings/{id}", id_of(&other_clinic)),
        )
        .await;
    let stranger_read = app.get_as(&stranger, &format!("{offerings}/{id}")).await;
    let stranger_list =
        app.get_as(&stranger, &offerings.replace("/acme/", "/beauty-studio/")).await;

    problem(wrong_clinic, 404).await;
    problem(stranger_read, 404).await;
    problem(stranger_list, 404).await;
}

#[tokio::test]
async fn offering_notes_are_per_locale_and_the_list_filters_by_active() {
    let app = spawn_app().await;
    let editor = app.sign_in_as("acme", Role::Editor).await;
    let offerings = clinic_with_treatment(&app, &editor).await;
    let created: Value = app.post_as(&editor, &offerings, &offering()).await.json().await.unwrap();
    let path = format!("{offerings}/{}", id_of(&created));

    let fr: Value = app
        .patch_as(
            &editor,
            &path,
            1,
            &json!({"locale": "fr", "notes": "Crème anesthésiante incluse."}),
        )
        .await
        .json()
        .await
        .unwrap();
    let active: Value =
        app.get_as(&editor, &format!("{offerings}?active=true")).await.json().await.unwrap();
    let inactive: Value =
        app.get_as(&editor, &format!("{offerings}?active=false")).await.json().await.unwrap();

    assert_eq!(
        (fr["locale"].as_str(), fr["notes"].as_str()),
        (Some("fr"), Some("Crème anesthésiante incluse."))
    );
    assert_eq!(app.read_entry(&editor, &path).await["notes"], "Numbing cream included.");
    assert_eq!(active["items"].as_array().unwrap().len(), 1);
    assert_eq!(inactive["items"], json!([]));
}

#[tokio::test]
async fn an_offering_addressed_through_another_clinic_is_404_whatever_the_version() {
    let app = spawn_app().await;
    let editor = app.sign_in_as("acme", Role::Editor).await;
    let offerings = clinic_with_treatment(&app, &editor).await;
    let created: Value = app.post_as(&editor, &offerings, &offering()).await.json().await.unwrap();
    let other = app.create_clinic(&editor, "acme", "downtown", "Northshore Downtown").await;
    let wrong = format!(
        "/admin/v1/workspaces/acme/clinics/{}/offerings/{}",
        id_of(&other),
        id_of(&created)
    );

    let stale = app.patch_as(&editor, &wrong, 7, &json!({"active": false})).await;
    let current = app.patch_as(&editor, &wrong, 1, &json!({"active": false})).await;
    let deleted = app.delete_as(&editor, &wrong, 7).await;
    let revisions = app.get_as(&editor, &format!("{wrong}/revisions")).await;

    for response in [stale, current, deleted, revisions] {
        let body = problem(response, 404).await;
        assert!(body.get("current_version").is_none(), "{body}");
    }
    let path = format!("{offerings}/{}", id_of(&created));
    assert_eq!(app.read_entry(&editor, &path).await["version"], 1, "nothing changed");
}
