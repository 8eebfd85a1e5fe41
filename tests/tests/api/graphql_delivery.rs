//! The delivery GraphQL API (`POST /graphql`): published content only, nested in one round
//! trip, Relay cursors, locale fallback, preview keys and clinic scope.

use cutis::accounts::api_keys::KeyKind;
use cutis::auth::roles::Role;
use cutis_tests::{
    Newsroom, TestApp, clinic, collection, condition, data, entry, error_code, id_of,
    microneedling, spawn_app,
};
use serde_json::{Value, json};

/// Publishes melasma and hyperpigmentation, a chemical peel for hyperpigmentation, and
/// microneedling for both, combined with the peel.
async fn published_library(app: &TestApp) -> Newsroom {
    let room = app.newsroom("acme").await;
    for (slug, name) in [("melasma", "Melasma"), ("hyperpigmentation", "Hyperpigmentation")] {
        let created =
            app.create_entry(&room.editor, "acme", "conditions", &condition(slug, name)).await;
        app.publish(&room, "conditions", &created).await;
    }
    let peel = json!({
        "slug": "chemical-peel", "name": "Chemical peel", "summary": "An acid solution.",
        "sessions": {"min": 3, "max": 6},
        "conditions": [{"condition": "hyperpigmentation", "sessions": null, "notes": null}]
    });
    app.publish(&room, "treatments", &app.create_treatment(&room.editor, "acme", &peel).await)
        .await;
    let mut needling = microneedling();
    needling["conditions"] = json!([
        {"condition": "melasma", "sessions": {"min": 2, "max": 2}, "notes": "About two sessions."},
        {"condition": "hyperpigmentation", "sessions": null, "notes": null}
    ]);
    needling["complementary"] =
        json!([{"treatment": "chemical-peel", "min_spacing_weeks": 4, "note": "Alternate."}]);
    let created = app.create_treatment(&room.editor, "acme", &needling).await;
    app.publish(&room, "treatments", &created).await;
    room
}

#[tokio::test]
async fn a_treatment_comes_with_its_faqs_conditions_and_their_treatments_in_one_query() {
    let app = spawn_app().await;
    let room = published_library(&app).await;
    let query = r#"{
        treatment(slug: "microneedling") {
            name locale faqs { question } review { reviewer }
            conditions {
                slug sessions { min max } notes
                condition { name treatments { slug sessions { min max } treatment { name } } }
            }
            complementary { slug minSpacingWeeks treatment { name sessions { min max } } }
        }
    }"#;

    let response = app.delivery_graphql(&room.key, query, json!({})).await;

    let treatment = &data(&response)["treatment"];
    assert_eq!(treatment["name"], "Microneedling");
    assert_eq!(treatment["locale"], "en");
    assert_eq!(treatment["faqs"][0]["question"], "Does it shrink pores?");
    assert!(treatment["review"]["reviewer"].is_string(), "{treatment}");
    let melasma = &treatment["conditions"][0];
    assert_eq!(melasma["slug"], "melasma");
    assert_eq!(melasma["sessions"], json!({"min": 2, "max": 2}));
    assert_eq!(melasma["condition"]["name"], "Melasma");
    let hyper = &treatment["conditions"][1]["condition"]["treatments"];
    assert_eq!(
        hyper,
        &json!([
            {"slug": "chemical-peel", "sessions": {"min": 3, "max": 6}, "treatment": {"name": "Chemical peel"}},
            {"slug": "microneedling", "sessions": {"min": 4, "max": 6}, "treatment": {"name": "Microneedling"}}
        ])
    );
    assert_eq!(treatment["complementary"][0]["treatment"]["name"], "Chemical peel");
    assert_eq!(treatment["complementary"][0]["minSpacingWeeks"], 4);
}

#[tokio::test]
async fn drafts_and_unpublished_edits_never_appear() {
    let app = spawn_app().await;
    let room = published_library(&app).await;
    let secret = json!({"slug": "secret-laser", "name": "Secret laser",
        "conditions": [{"condition": "melasma", "sessions": null, "notes": null}]});
    let draft = app.create_treatment(&room.editor, "acme", &secret).await;
    let id = id_of(&draft);
    app.step(&room.editor, &entry("acme", "treatments", &id), "submit", 1, None).await;
    app.step(&room.reviewer, &entry("acme", "treatments", &id), "approve", 2, None).await;
    let listed = app
        .read_entry(&room.editor, &format!("{}?q=micro", collection("acme", "treatments")))
        .await;
    let needling = entry("acme", "treatments", listed["items"][0]["id"].as_str().unwrap());
    let version = listed["items"][0]["version"].as_i64().unwrap();
    let edit = json!({"summary": "An unpublished rewrite."});
    assert_eq!(app.patch_as(&room.editor, &needling, version, &edit).await.status(), 200);
    let query = r#"{
        secret: treatment(slug: "secret-laser") { name }
        search: treatments(filter: {q: "secret"}) { edges { node { slug } } }
        melasma: condition(slug: "melasma") { treatments { slug } }
        needling: treatment(slug: "microneedling") { summary }
    }"#;

    let response = app.delivery_graphql(&room.key, query, json!({})).await;

    let found = data(&response);
    assert_eq!(found["secret"], Value::Null);
    assert_eq!(found["search"]["edges"], json!([]));
    assert_eq!(found["melasma"]["treatments"], json!([{"slug": "microneedling"}]));
    assert_eq!(found["needling"]["summary"], microneedling()["summary"]);
}

#[tokio::test]
async fn the_treatment_list_pages_with_relay_cursors_rest_understands() {
    let app = spawn_app().await;
    let room = published_library(&app).await;
    let mesotherapy = json!({"slug": "mesotherapy", "name": "Mesotherapy"});
    let created = app.create_treatment(&room.editor, "acme", &mesotherapy).await;
    app.publish(&room, "treatments", &created).await;
    let query = "query($after: String) {
        treatments(first: 2, after: $after) {
            edges { cursor node { slug } }
            pageInfo { hasNextPage hasPreviousPage endCursor }
        }
    }";

    let first = app.delivery_graphql(&room.key, query, json!({})).await;
    let end = data(&first)["treatments"]["pageInfo"]["endCursor"].clone();
    let second = app.delivery_graphql(&room.key, query, json!({"after": end})).await;
    let rest = app
        .delivered(&room.key, &format!("/v1/treatments?limit=2&cursor={}", end.as_str().unwrap()))
        .await;

    let page = &data(&first)["treatments"];
    let slugs = |page: &Value| -> Vec<String> {
        page["edges"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["node"]["slug"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(slugs(page), ["chemical-peel", "mesotherapy"]);
    assert_eq!(page["pageInfo"]["hasNextPage"], true);
    assert_eq!(page["pageInfo"]["hasPreviousPage"], false);
    assert_eq!(page["edges"][1]["cursor"], end);
    let next = &data(&second)["treatments"];
    assert_eq!(slugs(next), ["microneedling"]);
    assert_eq!(next["pageInfo"]["hasNextPage"], false);
    assert_eq!(rest["items"][0]["slug"], "microneedling");
}

#[tokio::test]
async fn filters_narrow_the_list_by_condition_and_text() {
    let app = spawn_app().await;
    let room = published_library(&app).await;
    let query = r#"{
        melasma: treatments(filter: {condition: "melasma"}) { edges { node { slug } } }
        collagen: treatments(filter: {q: "COLLAGEN"}) { edges { node { slug } } }
        conditions { edges { node { slug } } }
    }"#;

    let response = app.delivery_graphql(&room.key, query, json!({})).await;

    let found = data(&response);
    assert_eq!(found["melasma"]["edges"], json!([{"node": {"slug": "microneedling"}}]));
    assert_eq!(found["collagen"]["edges"], json!([{"node": {"slug": "microneedling"}}]));
    assert_eq!(found["conditions"]["edges"].as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn a_missing_translation_falls_back_to_the_default_locale_and_says_so() {
    let app = spawn_app().await;
    let room = published_library(&app).await;
    let query = "query($locale: String) { treatment(slug: \"microneedling\", locale: $locale) { locale name } }";

    let french = app.delivery_graphql(&room.key, query, json!({"locale": "fr"})).await;
    let invalid = app.delivery_graphql(&room.key, query, json!({"locale": "not a locale"})).await;

    assert_eq!(data(&french)["treatment"], json!({"locale": "en", "name": "Microneedling"}));
    assert_eq!(error_code(&invalid), "VALIDATION");
    assert_eq!(invalid["errors"][0]["extensions"]["fields"][0]["field"], "locale");
}

#[tokio::test]
async fn preview_reads_drafts_with_a_preview_key_only() {
    let app = spawn_app().await;
    let room = app.newsroom("acme").await;
    app.create_treatment(&room.editor, "acme", &microneedling()).await;
    let workspace =
        cutis::accounts::workspaces::find_by_slug(&app.db, "acme").await.unwrap().unwrap();
    let preview_key = app.api_key(&workspace, KeyKind::Preview, None).await;
    let query = "query($preview: Boolean) {
        treatment(slug: \"microneedling\", preview: $preview) { name faqs { question } }
    }";

    let delivery = app.delivery_graphql(&room.key, query, json!({"preview": true})).await;
    let previewed = app.delivery_graphql(&preview_key, query, json!({"preview": true})).await;
    let published = app.delivery_graphql(&preview_key, query, json!({"preview": false})).await;

    assert_eq!(error_code(&delivery), "FORBIDDEN");
    assert_eq!(data(&previewed)["treatment"]["name"], "Microneedling");
    assert_eq!(data(&published)["treatment"], Value::Null);
}

async fn clinic_offering(app: &TestApp, room: &Newsroom, slug: &str, price: i64) {
    let created = app.create_entry(&room.editor, "acme", "clinics", &clinic(slug, slug)).await;
    let id = id_of(&created);
    let offering = json!({
        "treatment": "microneedling", "active": true,
        "price_from": {"amount": price, "currency": "CAD"}, "duration_minutes": 60
    });
    let path = format!("{}/{id}/offerings", collection("acme", "clinics"));
    assert_eq!(app.post_as(&room.editor, &path, &offering).await.status(), 201);
    let current = app.read_entry(&room.editor, &entry("acme", "clinics", &id)).await;
    app.publish(room, "clinics", &current).await;
}

#[tokio::test]
async fn a_clinic_lists_its_offerings_and_filters_treatments_with_the_offering_merged_in() {
    let app = spawn_app().await;
    let room = published_library(&app).await;
    clinic_offering(&app, &room, "scarborough", 29900).await;
    let query = r#"{
        clinic(slug: "scarborough") { name offerings { priceFrom { amount currency } treatment { slug } } }
        treatments(filter: {clinic: "scarborough"}) {
            edges { node { slug offering { durationMinutes priceFrom { amount } clinic { slug } } } }
        }
        nowhere: treatments(filter: {clinic: "nowhere"}) { edges { node { slug } } }
    }"#;

    let response = app.delivery_graphql(&room.key, query, json!({})).await;

    let clinic = &response["data"]["clinic"];
    assert_eq!(clinic["offerings"][0]["priceFrom"], json!({"amount": 29900, "currency": "CAD"}));
    assert_eq!(clinic["offerings"][0]["treatment"]["slug"], "microneedling");
    let listed = &response["data"]["treatments"]["edges"];
    assert_eq!(listed.as_array().unwrap().len(), 1, "the peel is not offered there");
    assert_eq!(listed[0]["node"]["offering"]["priceFrom"]["amount"], 29900);
    assert_eq!(listed[0]["node"]["offering"]["clinic"]["slug"], "scarborough");
    assert_eq!(error_code(&response), "NOT_FOUND");
    assert_eq!(response["errors"][0]["path"], json!(["nowhere"]));
}

#[tokio::test]
async fn a_clinic_scoped_key_sees_only_its_clinic_and_what_it_offers() {
    let app = spawn_app().await;
    let room = published_library(&app).await;
    clinic_offering(&app, &room, "scarborough", 29900).await;
    clinic_offering(&app, &room, "markham", 32900).await;
    let workspace =
        cutis::accounts::workspaces::find_by_slug(&app.db, "acme").await.unwrap().unwrap();
    let key = app.api_key(&workspace, KeyKind::Delivery, Some("markham")).await;
    let query = r#"{
        clinics { edges { node { slug } } }
        other: clinic(slug: "scarborough") { slug }
        needling: treatment(slug: "microneedling") { offering { priceFrom { amount } } }
        peel: treatment(slug: "chemical-peel") { slug }
        treatments { edges { node { slug } } }
        condition(slug: "hyperpigmentation") { treatments { slug } }
    }"#;

    let response = app.delivery_graphql(&key, query, json!({})).await;

    let found = data(&response);
    assert_eq!(found["clinics"]["edges"], json!([{"node": {"slug": "markham"}}]));
    assert_eq!(found["other"], Value::Null);
    assert_eq!(found["needling"]["offering"]["priceFrom"]["amount"], 32900);
    assert_eq!(found["peel"], Value::Null);
    assert_eq!(found["treatments"]["edges"], json!([{"node": {"slug": "microneedling"}}]));
    assert_eq!(found["condition"]["treatments"], json!([{"slug": "microneedling"}]));
}

#[tokio::test]
async fn a_request_without_a_delivery_key_is_unauthenticated() {
    let app = spawn_app().await;
    let editor = app.sign_in_as("acme", Role::Editor).await;
    let query = "{ treatments { edges { node { slug } } } }";

    let anonymous = app.graphql_at("/graphql", None, query, json!({})).await;
    let with_token = app.graphql_at("/graphql", Some(&editor.access_token), query, json!({})).await;
    let revoked = app.graphql_at("/graphql", Some("cutis_live_unknown"), query, json!({})).await;

    for response in [anonymous, with_token, revoked] {
        assert_eq!(error_code(&response), "UNAUTHENTICATED", "{response}");
        assert!(response.get("data").is_none() || response["data"].is_null(), "{response}");
    }
}

#[tokio::test]
async fn the_explorer_is_served_on_get_from_this_server_alone() {
    let app = spawn_app().await;

    let page = app.get("/graphql").await;
    let admin = app.get("/admin/graphql").await;
    let script = app.get("/graphql/explorer.js").await;

    assert_eq!(page.status(), 200);
    assert!(page.headers()["content-type"].to_str().unwrap().starts_with("text/html"));
    let policy = page.headers()["content-security-policy"].to_str().unwrap().to_owned();
    assert!(policy.contains("script-src 'self'") && !policy.contains("unsafe-inline"), "{policy}");
    let html = page.text().await.unwrap();
    assert!(html.contains(r#"data-endpoint="/graphql""#), "{html}");
    assert!(!html.contains("http://") && !html.contains("https://"), "nothing from another host");
    assert!(admin.text().await.unwrap().contains(r#"data-endpoint="/admin/graphql""#));
    assert_eq!(script.status(), 200);
    assert!(script.headers()["content-type"].to_str().unwrap().starts_with("text/javascript"));
}

#[tokio::test]
async fn a_same_origin_page_may_call_the_delivery_api_without_being_listed() {
    let app = spawn_app().await;
    let room = app.newsroom("acme").await;
    let own = format!("http://{}", app.address.trim_start_matches("http://"));
    let query = json!({"query": "{ __typename }"});

    let same = app
        .client
        .post(format!("{}/graphql", app.address))
        .header("authorization", format!("Bearer {}", room.key))
        .header("origin", &own)
        .json(&query)
        .send()
        .await
        .unwrap();
    let foreign = app
        .client
        .post(format!("{}/graphql", app.address))
        .header("authorization", format!("Bearer {}", room.key))
        .header("origin", "http://elsewhere.example")
        .json(&query)
        .send()
        .await
        .unwrap();

    assert_eq!(same.status(), 200);
    let same: Value = same.json().await.unwrap();
    assert_eq!(same["data"]["__typename"], "Query", "{same}");
    let foreign_status = foreign.status();
    let foreign: Value = foreign.json().await.unwrap_or_default();
    assert!(
        foreign_status != 200 || foreign["errors"].is_array(),
        "an unlisted foreign origin stays refused: {foreign_status} {foreign}"
    );
}
