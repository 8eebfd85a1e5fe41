//! CDN purge keys: every delivery answer, REST and GraphQL, fresh, cached or `304`, names in
//! `Surrogate-Key` and `Cache-Tag` the workspace and every entry whose content it holds.

use cutis_tests::{Newsroom, TestApp, clinic, collection, condition, microneedling, spawn_app};
use reqwest::Response;
use serde_json::json;

/// Melasma, a chemical peel for it, microneedling for melasma combined with the peel, and the
/// Scarborough clinic offering microneedling; all published in `acme`.
async fn published_library(app: &TestApp) -> Newsroom {
    let room = app.newsroom("acme").await;
    let melasma = condition("melasma", "Melasma");
    let melasma = app.create_entry(&room.editor, "acme", "conditions", &melasma).await;
    app.publish(&room, "conditions", &melasma).await;
    let peel = json!({"slug": "chemical-peel", "name": "Chemical peel",
        "conditions": [{"condition": "melasma"}]});
    app.publish(&room, "treatments", &app.create_treatment(&room.editor, "acme", &peel).await)
        .await;
    let mut needling = microneedling();
    needling["conditions"] = json!([{"condition": "melasma"}]);
    needling["complementary"] = json!([{"treatment": "chemical-peel"}]);
    app.publish(&room, "treatments", &app.create_treatment(&room.editor, "acme", &needling).await)
        .await;
    let scarborough = clinic("scarborough", "Scarborough");
    let created = app.create_entry(&room.editor, "acme", "clinics", &scarborough).await;
    let path = format!("{}/{}", collection("acme", "clinics"), created["id"].as_str().unwrap());
    let offering = json!({"treatment": "microneedling", "active": true});
    let added = app.post_as(&room.editor, &format!("{path}/offerings"), &offering).await;
    assert_eq!(added.status(), 201);
    let current = app.read_entry(&room.editor, &path).await;
    app.publish(&room, "clinics", &current).await;
    room
}

/// The keys of `Surrogate-Key`, asserting `Cache-Tag` names the same ones.
fn purge_keys(response: &Response) -> Vec<String> {
    let header = |name: &str| {
        let value = response.headers().get(name).unwrap_or_else(|| panic!("no {name} header"));
        value.to_str().unwrap().to_owned()
    };
    let keys: Vec<String> = header("surrogate-key").split(' ').map(str::to_owned).collect();
    let tags: Vec<String> = header("cache-tag").split(',').map(str::to_owned).collect();
    assert_eq!(keys, tags, "Surrogate-Key and Cache-Tag name the same keys");
    keys
}

#[tokio::test]
async fn a_treatment_names_itself_its_conditions_and_its_complementary_treatments() {
    let app = spawn_app().await;
    let room = published_library(&app).await;

    let response = app.deliver(&room.key, "/v1/treatments/microneedling").await;

    assert_eq!(response.status(), 200);
    assert_eq!(
        purge_keys(&response),
        [
            "workspace:acme",
            "treatment:microneedling",
            "condition:melasma",
            "treatment:chemical-peel"
        ]
    );
}

#[tokio::test]
async fn a_cached_answer_and_a_304_carry_the_same_keys_as_the_first() {
    let app = spawn_app().await;
    let room = published_library(&app).await;
    let path = "/v1/treatments/microneedling?locale=en";

    let first = app.deliver(&room.key, path).await;
    let cached = app.deliver(&room.key, path).await;
    let etag = first.headers()["etag"].to_str().unwrap().to_owned();
    let not_modified = app
        .authed(reqwest::Method::GET, path, &room.key)
        .header("if-none-match", etag)
        .send()
        .await
        .unwrap();

    assert_eq!(not_modified.status(), 304);
    assert_eq!(purge_keys(&cached), purge_keys(&first));
    assert_eq!(purge_keys(&not_modified), purge_keys(&first));
}

#[tokio::test]
async fn a_list_names_each_item_and_what_the_items_embed() {
    let app = spawn_app().await;
    let room = published_library(&app).await;

    let treatments = app.deliver(&room.key, "/v1/treatments").await;
    let conditions = app.deliver(&room.key, "/v1/conditions").await;
    let empty = app.deliver(&room.key, "/v1/treatments?q=nothing-matches").await;

    assert_eq!(
        purge_keys(&treatments),
        [
            "workspace:acme",
            "treatment:chemical-peel",
            "treatment:microneedling",
            "condition:melasma"
        ]
    );
    assert_eq!(purge_keys(&conditions), ["workspace:acme", "condition:melasma"]);
    assert_eq!(purge_keys(&empty), ["workspace:acme"]);
}

#[tokio::test]
async fn a_clinic_names_its_offered_treatments_and_a_condition_its_treatments() {
    let app = spawn_app().await;
    let room = published_library(&app).await;

    let clinic = app.deliver(&room.key, "/v1/clinics/scarborough").await;
    let offered = app.deliver(&room.key, "/v1/clinics/scarborough/treatments").await;
    let melasma = app.deliver(&room.key, "/v1/conditions/melasma").await;
    let workspace = app.deliver(&room.key, "/v1/workspace").await;

    assert_eq!(
        purge_keys(&clinic),
        ["workspace:acme", "clinic:scarborough", "treatment:microneedling"]
    );
    // The peel is not offered, yet microneedling's document embeds it as a complement.
    assert_eq!(
        purge_keys(&offered),
        [
            "workspace:acme",
            "treatment:microneedling",
            "condition:melasma",
            "treatment:chemical-peel",
            "clinic:scarborough"
        ]
    );
    assert_eq!(
        purge_keys(&melasma),
        [
            "workspace:acme",
            "condition:melasma",
            "treatment:chemical-peel",
            "treatment:microneedling"
        ]
    );
    assert_eq!(purge_keys(&workspace), ["workspace:acme"]);
}

#[tokio::test]
async fn graphql_names_what_the_query_resolved() {
    let app = spawn_app().await;
    let room = published_library(&app).await;
    let send = |query: &'static str| {
        app.authed(reqwest::Method::POST, "/graphql", &room.key)
            .json(&json!({"query": query}))
            .send()
    };

    let bare = send(r#"{ treatment(slug: "microneedling") { name } }"#).await.unwrap();
    let nested = send(
        r#"{ treatment(slug: "microneedling") { name conditions { name } complementary { slug } } }"#,
    )
    .await
    .unwrap();
    let clinics = send("{ clinics { edges { node { name } } } }").await.unwrap();

    assert_eq!(purge_keys(&bare), ["workspace:acme", "treatment:microneedling"]);
    assert_eq!(
        purge_keys(&nested),
        [
            "workspace:acme",
            "treatment:microneedling",
            "condition:melasma",
            "treatment:chemical-peel"
        ]
    );
    assert_eq!(purge_keys(&clinics), ["workspace:acme", "clinic:scarborough"]);
}
