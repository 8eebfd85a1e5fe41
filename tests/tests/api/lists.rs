//! Admin lists: cursor pagination, filters and sorting.

use cutis::auth::roles::Role;
use cutis_tests::{Session, TestApp, collection, entry, id_of, microneedling, problem, spawn_app};
use serde_json::{Value, json};

async fn create_named(app: &TestApp, editor: &Session, slug: &str, name: &str) -> Value {
    let mut body = microneedling();
    body["slug"] = json!(slug);
    body["name"] = json!(name);
    app.create_treatment(editor, "acme", &body).await
}

async fn list(app: &TestApp, editor: &Session, query: &str) -> Value {
    let response =
        app.get_as(editor, &format!("{}?{query}", collection("acme", "treatments"))).await;
    assert_eq!(response.status(), 200, "{query}");
    response.json().await.unwrap()
}

fn slugs(page: &Value) -> Vec<String> {
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|item| item["slug"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn pages_follow_each_other_by_cursor_without_gaps_or_repeats() {
    let app = spawn_app().await;
    let editor = app.sign_in_as("acme", Role::Editor).await;
    for i in 0..7 {
        create_named(&app, &editor, &format!("treatment-{i}"), &format!("Treatment {i}")).await;
    }

    let mut seen = Vec::new();
    let mut query = "limit=3".to_owned();
    let mut pages = 0;
    loop {
        let page = list(&app, &editor, &query).await;
        pages += 1;
        seen.extend(slugs(&page));
        match page["next_cursor"].as_str() {
            Some(cursor) => query = format!("limit=3&cursor={cursor}"),
            None => break,
        }
    }

    assert_eq!(pages, 3);
    let expected: Vec<String> = (0..7).rev().map(|i| format!("treatment-{i}")).collect();
    assert_eq!(seen, expected, "newest first");
}

#[tokio::test]
async fn sorting_by_name_is_alphabetical_and_can_be_reversed() {
    let app = spawn_app().await;
    let editor = app.sign_in_as("acme", Role::Editor).await;
    create_named(&app, &editor, "peel", "chemical peel").await;
    create_named(&app, &editor, "needling", "Microneedling").await;
    create_named(&app, &editor, "laser", "Laser toning").await;

    let ascending = list(&app, &editor, "sort=name").await;
    let descending = list(&app, &editor, "sort=name&order=desc&limit=2").await;
    let rest = list(
        &app,
        &editor,
        &format!(
            "sort=name&order=desc&limit=2&cursor={}",
            descending["next_cursor"].as_str().unwrap()
        ),
    )
    .await;

    assert_eq!(slugs(&ascending), ["peel", "laser", "needling"]);
    assert_eq!(slugs(&descending), ["needling", "laser"]);
    assert_eq!(slugs(&rest), ["peel"]);
}

#[tokio::test]
async fn a_list_shows_names_in_the_requested_locale_with_fallback() {
    let app = spawn_app().await;
    let editor = app.sign_in_as("acme", Role::Editor).await;
    let needling = create_named(&app, &editor, "needling", "Microneedling").await;
    create_named(&app, &editor, "peel", "Chemical peel").await;
    let path = entry("acme", "treatments", &id_of(&needling));
    app.patch_as(&editor, &path, 1, &json!({"locale": "fr", "name": "Microponcture"})).await;

    let page = list(&app, &editor, "locale=fr&sort=name").await;

    let items = page["items"].as_array().unwrap();
    assert_eq!(items[0]["name"], "Chemical peel");
    assert_eq!(items[0]["locale"], "en");
    assert_eq!(items[1]["name"], "Microponcture");
    assert_eq!(items[1]["locale"], "fr");
    assert_eq!(items[1]["locales"], json!(["en", "fr"]));
}

#[tokio::test]
async fn q_finds_treatments_by_slug_or_name_in_any_locale() {
    let app = spawn_app().await;
    let editor = app.sign_in_as("acme", Role::Editor).await;
    let needling = create_named(&app, &editor, "needling", "Microneedling").await;
    create_named(&app, &editor, "peel", "Chemical peel").await;
    app.patch_as(
        &editor,
        &entry("acme", "treatments", &id_of(&needling)),
        1,
        &json!({"locale": "fr", "name": "Microponcture"}),
    )
    .await;

    assert_eq!(slugs(&list(&app, &editor, "q=PEEL").await), ["peel"]);
    assert_eq!(slugs(&list(&app, &editor, "q=ponct").await), ["needling"]);
    assert_eq!(slugs(&list(&app, &editor, "q=100%25").await), Vec::<String>::new());
}

#[tokio::test]
async fn lists_filter_by_status_and_by_condition() {
    let app = spawn_app().await;
    let editor = app.sign_in_as("acme", Role::Editor).await;
    app.create_condition(&editor, "acme", "melasma", "Melasma").await;
    let mut linked = microneedling();
    linked["conditions"] = json!([{"condition": "melasma"}]);
    app.create_treatment(&editor, "acme", &linked).await;
    create_named(&app, &editor, "peel", "Chemical peel").await;

    assert_eq!(slugs(&list(&app, &editor, "condition=melasma").await), ["microneedling"]);
    assert_eq!(list(&app, &editor, "status=draft").await["items"].as_array().unwrap().len(), 2);
    assert_eq!(list(&app, &editor, "status=published").await["items"], json!([]));
}

#[tokio::test]
async fn invalid_list_parameters_are_422_naming_each() {
    let app = spawn_app().await;
    let editor = app.sign_in_as("acme", Role::Editor).await;

    let response = app
        .get_as(
            &editor,
            &format!(
                "{}?limit=101&sort=price&status=live&cursor=xyz&locale=de",
                collection("acme", "treatments")
            ),
        )
        .await;

    let body = problem(response, 422).await;
    let mut fields: Vec<&str> =
        body["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    fields.sort();
    assert_eq!(fields, ["cursor", "limit", "locale", "sort", "status"]);
}

#[tokio::test]
async fn a_cursor_is_refused_under_another_sort() {
    let app = spawn_app().await;
    let editor = app.sign_in_as("acme", Role::Editor).await;
    create_named(&app, &editor, "a", "A").await;
    create_named(&app, &editor, "b", "B").await;
    let page = list(&app, &editor, "limit=1").await;

    let response = app
        .get_as(
            &editor,
            &format!(
                "{}?sort=name&cursor={}",
                collection("acme", "treatments"),
                page["next_cursor"].as_str().unwrap()
            ),
        )
        .await;

    assert_eq!(problem(response, 422).await["errors"][0]["field"], "cursor");
}

#[tokio::test]
async fn updated_by_me_lists_only_what_the_caller_changed_last() {
    let app = spawn_app().await;
    let camille = app.sign_in_as("acme", Role::Editor).await;
    let jo = app.sign_in_as("acme", Role::Editor).await;
    create_named(&app, &camille, "peel", "Chemical peel").await;
    let needling = create_named(&app, &camille, "microneedling", "Microneedling").await;
    create_named(&app, &jo, "laser", "Laser resurfacing").await;
    assert_eq!(slugs(&list(&app, &camille, "updated_by=me").await), ["microneedling", "peel"]);
    assert_eq!(slugs(&list(&app, &jo, "updated_by=me").await), ["laser"]);

    // Whoever saved last is who it was changed by.
    let path = entry("acme", "treatments", &id_of(&needling));
    let patched = app.patch_as(&jo, &path, 1, &json!({"summary": "Tiny needles."})).await;
    assert_eq!(patched.status(), 200);
    assert_eq!(slugs(&list(&app, &camille, "updated_by=me").await), ["peel"]);
    let account = cutis::accounts::users::find_by_email(&app.db, &jo.email).await.unwrap();
    let by_jo = format!("updated_by={}", account.unwrap().id);
    assert_eq!(slugs(&list(&app, &camille, &by_jo).await), ["microneedling", "laser"]);

    let response = app
        .get_as(&camille, &format!("{}?updated_by=camille", collection("acme", "treatments")))
        .await;
    assert_eq!(problem(response, 422).await["errors"][0]["field"], "updated_by");
}
