//! Treatments through the admin REST API: create, read, list, change, delete, locales, links.

use cutis::auth::roles::Role;
use cutis_tests::{collection, entry, id_of, microneedling, problem, spawn_app};
use serde_json::{Value, json};

#[tokio::test]
async fn an_editor_creates_a_draft_treatment_and_reads_it_back() {
    let app = spawn_app().await;
    let editor = app.sign_in_as("acme", Role::Editor).await;

    let response = app.post_as(&editor, &collection("acme", "treatments"), &microneedling()).await;

    assert_eq!(response.status(), 201);
    assert_eq!(response.headers()["etag"], "\"1\"");
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    let created: Value = response.json().await.unwrap();
    assert_eq!(location, entry("acme", "treatments", &id_of(&created)));
    assert_eq!(created["status"], "draft");
    assert_eq!(created["version"], 1);
    assert_eq!(created["locale"], "en");
    assert_eq!(created["locales"], json!(["en"]));
    assert_eq!(created["review"], Value::Null);
    assert_eq!(created["published_at"], Value::Null);
    let read = app.read_entry(&editor, &location).await;
    assert_eq!(read, created);
    for field in [
        "slug",
        "name",
        "also_known_as",
        "summary",
        "body",
        "procedure_minutes",
        "sessions",
        "session_interval_weeks",
        "downtime_days",
        "downtime_notes",
        "results_timeline",
        "contraindications",
        "aftercare",
        "faqs",
        "references",
        "seo",
    ] {
        assert_eq!(read[field], microneedling()[field], "{field}");
    }
}

#[tokio::test]
async fn a_get_answers_with_the_version_as_etag() {
    let app = spawn_app().await;
    let editor = app.sign_in_as("acme", Role::Editor).await;
    let created = app.create_treatment(&editor, "acme", &microneedling()).await;

    let response = app.get_as(&editor, &entry("acme", "treatments", &id_of(&created))).await;

    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["etag"], "\"1\"");
}

#[tokio::test]
async fn a_patch_changes_only_the_fields_it_carries_and_bumps_the_version() {
    let app = spawn_app().await;
    let editor = app.sign_in_as("acme", Role::Editor).await;
    let created = app.create_treatment(&editor, "acme", &microneedling()).await;
    let path = entry("acme", "treatments", &id_of(&created));

    let response = app
        .patch_as(
            &editor,
            &path,
            1,
            &json!({"sessions": {"min": 3, "max": 6}, "downtime_notes": null}),
        )
        .await;

    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["etag"], "\"2\"");
    let changed: Value = response.json().await.unwrap();
    assert_eq!(changed["version"], 2);
    assert_eq!(changed["sessions"], json!({"min": 3, "max": 6}));
    assert_eq!(changed["downtime_notes"], Value::Null);
    assert_eq!(changed["faqs"], created["faqs"]);
    assert_eq!(changed["name"], "Microneedling");
    assert_eq!(app.read_entry(&editor, &path).await, changed);
}

#[tokio::test]
async fn a_list_replaces_the_whole_list_in_order() {
    let app = spawn_app().await;
    let editor = app.sign_in_as("acme", Role::Editor).await;
    let created = app.create_treatment(&editor, "acme", &microneedling()).await;
    let path = entry("acme", "treatments", &id_of(&created));
    let faqs = json!([
        {"question": "Does it hurt?", "answer": "A numbing cream keeps it comfortable."},
        {"question": "Does it shrink pores?", "answer": "Pores look smaller afterwards."}
    ]);

    let changed: Value =
        app.patch_as(&editor, &path, 1, &json!({"faqs": faqs})).await.json().await.unwrap();

    assert_eq!(changed["faqs"], faqs);
    assert_eq!(app.read_entry(&editor, &path).await["faqs"], faqs);
}

#[tokio::test]
async fn a_change_in_french_adds_french_text_and_leaves_english_untouched() {
    let app = spawn_app().await;
    let editor = app.sign_in_as("acme", Role::Editor).await;
    let created = app.create_treatment(&editor, "acme", &microneedling()).await;
    let path = entry("acme", "treatments", &id_of(&created));
    let french = json!({
        "locale": "fr",
        "name": "Microponcture",
        "summary": "De fines aiguilles stimulent le renouvellement de la peau.",
        "faqs": [{"question": "Combien de séances ?", "answer": "De trois à six."}]
    });

    let response = app.patch_as(&editor, &path, 1, &french).await;

    assert_eq!(response.status(), 200);
    let fr: Value = response.json().await.unwrap();
    assert_eq!(fr["locale"], "fr");
    assert_eq!(fr["locales"], json!(["en", "fr"]));
    assert_eq!(fr["name"], "Microponcture");
    assert_eq!(fr["sessions"], json!({"min": 4, "max": 6}), "numbers are shared");
    let en = app.read_entry(&editor, &path).await;
    assert_eq!(en["locale"], "en");
    assert_eq!(en["name"], "Microneedling");
    assert_eq!(en["summary"], created["summary"]);
    assert_eq!(en["faqs"], created["faqs"]);
    assert_eq!(en["aftercare"], created["aftercare"]);
    let fr_again = app.read_entry(&editor, &format!("{path}?locale=fr")).await;
    assert_eq!(fr_again["faqs"], french["faqs"]);
    assert_eq!(fr_again["aftercare"], json!([]), "French has no aftercare yet");
}

#[tokio::test]
async fn a_locale_without_text_falls_back_to_the_default_and_says_so() {
    let app = spawn_app().await;
    let editor = app.sign_in_as("acme", Role::Editor).await;
    let created = app.create_treatment(&editor, "acme", &microneedling()).await;

    let read = app
        .read_entry(
            &editor,
            &format!("{}?locale=fr", entry("acme", "treatments", &id_of(&created))),
        )
        .await;

    assert_eq!(read["locale"], "en");
    assert_eq!(read["name"], "Microneedling");
}

#[tokio::test]
async fn adding_a_locale_without_a_name_is_refused() {
    let app = spawn_app().await;
    let editor = app.sign_in_as("acme", Role::Editor).await;
    let created = app.create_treatment(&editor, "acme", &microneedling()).await;
    let path = entry("acme", "treatments", &id_of(&created));

    let response =
        app.patch_as(&editor, &path, 1, &json!({"locale": "fr", "summary": "Résumé"})).await;

    let body = problem(response, 422).await;
    assert_eq!(body["errors"][0]["field"], "name");
    let read = app.read_entry(&editor, &path).await;
    assert_eq!(read["version"], 1);
    assert_eq!(read["locales"], json!(["en"]));
}

#[tokio::test]
async fn a_locale_the_workspace_does_not_offer_is_refused_on_read_and_write() {
    let app = spawn_app().await;
    let editor = app.sign_in_as("acme", Role::Editor).await;
    let created = app.create_treatment(&editor, "acme", &microneedling()).await;
    let path = entry("acme", "treatments", &id_of(&created));

    let read = problem(app.get_as(&editor, &format!("{path}?locale=de")).await, 422).await;
    let write =
        problem(app.patch_as(&editor, &path, 1, &json!({"locale": "de", "name": "X"})).await, 422)
            .await;

    assert_eq!(read["errors"][0]["field"], "locale");
    assert_eq!(write["errors"][0]["field"], "locale");
}

#[tokio::test]
async fn conditions_and_complementary_treatments_are_linked_by_slug_with_notes_per_locale() {
    let app = spawn_app().await;
    let editor = app.sign_in_as("acme", Role::Editor).await;
    app.create_condition(&editor, "acme", "melasma", "Melasma").await;
    app.create_condition(&editor, "acme", "hyperpigmentation", "Hyperpigmentation").await;
    let mut peel = microneedling();
    peel["slug"] = json!("chemical-peel");
    peel["name"] = json!("Chemical peel");
    app.create_treatment(&editor, "acme", &peel).await;
    let mut body = microneedling();
    body["conditions"] = json!([
        {"condition": "melasma", "sessions": {"min": 2, "max": 2}, "notes": "Two sessions were studied."},
        {"condition": "hyperpigmentation", "sessions": {"min": 3, "max": 6}, "notes": null}
    ]);
    body["complementary"] = json!([{"treatment": "chemical-peel", "min_spacing_weeks": 4, "note": "Alternate with peels."}]);

    let created = app.create_treatment(&editor, "acme", &body).await;
    let path = entry("acme", "treatments", &id_of(&created));
    let french_notes = json!({"locale": "fr", "name": "Microponcture", "conditions": [
        {"condition": "melasma", "sessions": {"min": 2, "max": 2}, "notes": "Deux séances."},
        {"condition": "hyperpigmentation", "sessions": {"min": 3, "max": 6}}
    ]});
    let fr: Value = app.patch_as(&editor, &path, 1, &french_notes).await.json().await.unwrap();

    assert_eq!(created["conditions"], body["conditions"]);
    assert_eq!(created["complementary"], body["complementary"]);
    assert_eq!(fr["conditions"][0]["notes"], "Deux séances.");
    assert_eq!(fr["complementary"][0]["note"], Value::Null);
    let en = app.read_entry(&editor, &path).await;
    assert_eq!(en["conditions"][0]["notes"], "Two sessions were studied.");
    assert_eq!(en["complementary"][0]["note"], "Alternate with peels.");
}

#[tokio::test]
async fn a_duplicate_slug_is_409_naming_the_slug_and_creates_nothing() {
    let app = spawn_app().await;
    let editor = app.sign_in_as("acme", Role::Editor).await;
    app.create_treatment(&editor, "acme", &microneedling()).await;

    let response = app.post_as(&editor, &collection("acme", "treatments"), &microneedling()).await;

    let body = problem(response, 409).await;
    assert!(body["detail"].as_str().unwrap().contains("'microneedling'"), "{body}");
    let list: Value =
        app.get_as(&editor, &collection("acme", "treatments")).await.json().await.unwrap();
    assert_eq!(list["items"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn renaming_to_a_taken_slug_is_409_and_changes_nothing() {
    let app = spawn_app().await;
    let editor = app.sign_in_as("acme", Role::Editor).await;
    app.create_treatment(&editor, "acme", &microneedling()).await;
    let mut peel = microneedling();
    peel["slug"] = json!("chemical-peel");
    let created = app.create_treatment(&editor, "acme", &peel).await;
    let path = entry("acme", "treatments", &id_of(&created));

    let response = app.patch_as(&editor, &path, 1, &json!({"slug": "microneedling"})).await;

    problem(response, 409).await;
    let read = app.read_entry(&editor, &path).await;
    assert_eq!((read["slug"].as_str(), read["version"].as_i64()), (Some("chemical-peel"), Some(1)));
}

#[tokio::test]
async fn the_same_slug_may_exist_in_two_workspaces() {
    let app = spawn_app().await;
    let acme = app.sign_in_as("acme", Role::Editor).await;
    let other = app.sign_in_as("beauty-studio", Role::Editor).await;
    app.create_treatment(&acme, "acme", &microneedling()).await;

    let response =
        app.post_as(&other, &collection("beauty-studio", "treatments"), &microneedling()).await;

    assert_eq!(response.status(), 201);
}

#[tokio::test]
async fn deleting_needs_the_current_version_and_then_the_treatment_is_gone() {
    let app = spawn_app().await;
    let editor = app.sign_in_as("acme", Role::Editor).await;
    let created = app.create_treatment(&editor, "acme", &microneedling()).await;
    let path = entry("acme", "treatments", &id_of(&created));

    let without =
        app.authed(reqwest::Method::DELETE, &path, &editor.access_token).send().await.unwrap();
    let stale = app.delete_as(&editor, &path, 7).await;
    let deleted = app.delete_as(&editor, &path, 1).await;

    problem(without, 428).await;
    assert_eq!(problem(stale, 412).await["current_version"], 1);
    assert_eq!(deleted.status(), 204);
    problem(app.get_as(&editor, &path).await, 404).await;
}

#[tokio::test]
async fn a_treatment_another_treatment_links_to_cannot_be_deleted() {
    let app = spawn_app().await;
    let editor = app.sign_in_as("acme", Role::Editor).await;
    let mut peel = microneedling();
    peel["slug"] = json!("chemical-peel");
    let peel = app.create_treatment(&editor, "acme", &peel).await;
    let mut body = microneedling();
    body["complementary"] = json!([{"treatment": "chemical-peel", "min_spacing_weeks": 4}]);
    app.create_treatment(&editor, "acme", &body).await;

    let response = app.delete_as(&editor, &entry("acme", "treatments", &id_of(&peel)), 1).await;

    let body = problem(response, 409).await;
    assert!(body["detail"].as_str().unwrap().contains("'microneedling'"), "{body}");
    assert_eq!(
        app.read_entry(&editor, &entry("acme", "treatments", &id_of(&peel))).await["version"],
        1
    );
}

#[tokio::test]
async fn a_viewer_can_read_but_not_create_change_or_delete() {
    let app = spawn_app().await;
    let editor = app.sign_in_as("acme", Role::Editor).await;
    let viewer = app.sign_in_as("acme", Role::Viewer).await;
    let created = app.create_treatment(&editor, "acme", &microneedling()).await;
    let path = entry("acme", "treatments", &id_of(&created));
    let mut other = microneedling();
    other["slug"] = json!("chemical-peel");

    let read = app.get_as(&viewer, &path).await;
    let list = app.get_as(&viewer, &collection("acme", "treatments")).await;
    let create = app.post_as(&viewer, &collection("acme", "treatments"), &other).await;
    let change = app.patch_as(&viewer, &path, 1, &json!({"name": "Changed"})).await;
    let delete = app.delete_as(&viewer, &path, 1).await;

    assert_eq!(read.status(), 200);
    assert_eq!(list.status(), 200);
    problem(create, 403).await;
    problem(change, 403).await;
    problem(delete, 403).await;
    let after = app.read_entry(&editor, &path).await;
    assert_eq!(
        (after["name"].as_str(), after["version"].as_i64()),
        (Some("Microneedling"), Some(1))
    );
}

#[tokio::test]
async fn a_member_of_another_workspace_gets_404_for_this_workspaces_treatments() {
    let app = spawn_app().await;
    let editor = app.sign_in_as("acme", Role::Editor).await;
    let stranger = app.sign_in_as("beauty-studio", Role::Owner).await;
    let created = app.create_treatment(&editor, "acme", &microneedling()).await;
    let id = id_of(&created);

    let through_acme = app.get_as(&stranger, &entry("acme", "treatments", &id)).await;
    let through_own = app.get_as(&stranger, &entry("beauty-studio", "treatments", &id)).await;
    let change = app
        .patch_as(&stranger, &entry("beauty-studio", "treatments", &id), 1, &json!({"name": "X"}))
        .await;
    let delete = app.delete_as(&stranger, &entry("beauty-studio", "treatments", &id), 1).await;
    let list: Value = app
        .get_as(&stranger, &collection("beauty-studio", "treatments"))
        .await
        .json()
        .await
        .unwrap();

    problem(through_acme, 404).await;
    problem(through_own, 404).await;
    problem(change, 404).await;
    problem(delete, 404).await;
    assert_eq!(list["items"], json!([]));
    assert_eq!(app.read_entry(&editor, &entry("acme", "treatments", &id)).await["version"], 1);
}

#[tokio::test]
async fn a_treatment_cannot_link_another_workspaces_condition() {
    let app = spawn_app().await;
    let editor = app.sign_in_as("acme", Role::Editor).await;
    let stranger = app.sign_in_as("beauty-studio", Role::Editor).await;
    app.create_condition(&stranger, "beauty-studio", "melasma", "Melasma").await;
    let mut body = microneedling();
    body["conditions"] = json!([{"condition": "melasma"}]);

    let response = app.post_as(&editor, &collection("acme", "treatments"), &body).await;

    let body = problem(response, 422).await;
    assert_eq!(body["errors"][0]["field"], "conditions[0].condition");
}

#[tokio::test]
async fn an_unknown_id_or_a_malformed_one_is_404() {
    let app = spawn_app().await;
    let editor = app.sign_in_as("acme", Role::Editor).await;

    let unknown =
        app.get_as(&editor, &entry("acme", "treatments", &uuid::Uuid::new_v4().to_string())).await;
    let malformed = app.get_as(&editor, &entry("acme", "treatments", "not-a-uuid")).await;

    problem(unknown, 404).await;
    problem(malformed, 404).await;
}

#[tokio::test]
async fn a_method_the_path_does_not_support_is_405() {
    let app = spawn_app().await;
    let editor = app.sign_in_as("acme", Role::Editor).await;

    let response = app
        .authed(reqwest::Method::PUT, &collection("acme", "treatments"), &editor.access_token)
        .send()
        .await
        .unwrap();

    problem(response, 405).await;
}
