//! The delivery REST API: published snapshots only, locale fallback, caching headers, JSON-LD.

use cutis::accounts::api_keys::KeyKind;
use cutis::auth::roles::Role;
use cutis_tests::{entry, id_of, microneedling, problem, spawn_app};
use serde_json::{Value, json};

#[tokio::test]
async fn drafts_never_appear_in_delivery_whatever_the_query() {
    let app = spawn_app().await;
    let room = app.newsroom("acme").await;
    let id = id_of(&app.create_treatment(&room.editor, "acme", &microneedling()).await);
    app.step(&room.editor, &entry("acme", "treatments", &id), "submit", 1, None).await;
    app.step(&room.reviewer, &entry("acme", "treatments", &id), "approve", 2, None).await;

    let one = app.deliver(&room.key, "/v1/treatments/microneedling").await;
    let list = app.delivered(&room.key, "/v1/treatments?q=micro&locale=en").await;
    let jsonld = app
        .deliver(
            &room.key,
            "/v1/treatments/microneedling/jsonld?url=https://clinic.example/t/microneedling",
        )
        .await;

    problem(one, 404).await;
    assert_eq!(list["items"], json!([]));
    problem(jsonld, 404).await;
}

#[tokio::test]
async fn publishing_makes_a_treatment_visible_and_unpublishing_takes_it_down() {
    let app = spawn_app().await;
    let room = app.newsroom("acme").await;
    let draft = app.create_treatment(&room.editor, "acme", &microneedling()).await;
    let published = app.publish(&room, "treatments", &draft).await;

    let served = app.delivered(&room.key, "/v1/treatments/microneedling").await;
    assert_eq!(served["name"], "Microneedling");
    assert_eq!(served["locale"], "en");
    assert_eq!(served["faqs"][0]["question"], "Does it shrink pores?");
    assert!(served["review"]["reviewer"].is_string());
    assert!(served.get("status").is_none(), "delivery does not expose workflow state");

    let version = published["version"].as_i64().unwrap();
    let id = id_of(&published);
    let unpublished = app
        .step(&room.reviewer, &entry("acme", "treatments", &id), "unpublish", version, None)
        .await;
    assert_eq!(unpublished.status(), 200);
    problem(app.deliver(&room.key, "/v1/treatments/microneedling").await, 404).await;
}

#[tokio::test]
async fn an_edit_after_publishing_stays_unseen_until_republished() {
    let app = spawn_app().await;
    let room = app.newsroom("acme").await;
    let published = app
        .publish(
            &room,
            "treatments",
            &app.create_treatment(&room.editor, "acme", &microneedling()).await,
        )
        .await;
    let id = id_of(&published);
    app.delivered(&room.key, "/v1/treatments/microneedling").await;

    let edited = app
        .patch_as(
            &room.editor,
            &entry("acme", "treatments", &id),
            published["version"].as_i64().unwrap(),
            &json!({"summary": "A rewritten summary."}),
        )
        .await;
    let edited: Value = edited.json().await.unwrap();
    let still = app.delivered(&room.key, "/v1/treatments/microneedling").await;
    assert_eq!(
        still["summary"],
        "Fine needles make tiny channels in the skin so it renews itself."
    );

    app.publish(&room, "treatments", &edited).await;
    let now = app.delivered(&room.key, "/v1/treatments/microneedling").await;
    assert_eq!(now["summary"], "A rewritten summary.");
}

#[tokio::test]
async fn a_matching_etag_gets_304_and_responses_are_cacheable() {
    let app = spawn_app().await;
    let room = app.newsroom("acme").await;
    app.publish(
        &room,
        "treatments",
        &app.create_treatment(&room.editor, "acme", &microneedling()).await,
    )
    .await;
    let first = app.deliver(&room.key, "/v1/treatments/microneedling").await;
    let etag = first.headers()["etag"].to_str().unwrap().to_owned();

    let again = app
        .authed(reqwest::Method::GET, "/v1/treatments/microneedling", &room.key)
        .header("If-None-Match", &etag)
        .send()
        .await
        .unwrap();

    assert!(etag.starts_with('"') && !etag.starts_with("W/"), "a strong validator: {etag}");
    let cache_control = first.headers()["cache-control"].to_str().unwrap();
    assert!(cache_control.starts_with("public, max-age="), "{cache_control}");
    assert!(cache_control.contains("stale-while-revalidate="), "{cache_control}");
    let vary = first.headers()["vary"].to_str().unwrap();
    assert!(vary.split(',').any(|h| h.trim() == "Authorization"), "{vary}");
    assert_eq!(first.headers()["content-language"], "en");
    assert_eq!(again.status(), 304);
    assert_eq!(again.headers()["etag"].to_str().unwrap(), etag);
    assert!(again.bytes().await.unwrap().is_empty());
}

#[tokio::test]
async fn a_missing_translation_falls_back_to_the_default_locale_and_says_so() {
    let app = spawn_app().await;
    let room = app.newsroom("acme").await;
    app.publish(
        &room,
        "treatments",
        &app.create_treatment(&room.editor, "acme", &microneedling()).await,
    )
    .await;

    let response = app.deliver(&room.key, "/v1/treatments/microneedling?locale=fr").await;

    assert_eq!(response.headers()["content-language"], "en");
    let served: Value = response.json().await.unwrap();
    assert_eq!(served["locale"], "en");
    assert_eq!(served["name"], "Microneedling");
}

#[tokio::test]
async fn a_translation_is_served_in_its_locale_and_lists_mix_in_the_fallback() {
    let app = spawn_app().await;
    let room = app.newsroom("acme").await;
    let condition = app.create_condition(&room.editor, "acme", "melasma", "Melasma").await;
    app.publish(&room, "conditions", &condition).await;
    let mut body = microneedling();
    body["conditions"] = json!([{"condition": "melasma", "sessions": {"min": 2, "max": 2}, "notes": "Two sessions were studied."}]);
    let treatment = app.create_treatment(&room.editor, "acme", &body).await;
    let french = json!({"locale": "fr", "name": "Microaiguillage", "summary": "De fines aiguilles renouvellent la peau.", "body": "Texte."});
    let treatment = app
        .patch_as(&room.editor, &entry("acme", "treatments", &id_of(&treatment)), 1, &french)
        .await;
    let treatment: Value = treatment.json().await.unwrap();
    app.publish(&room, "treatments", &treatment).await;
    let mut peel = json!({"slug": "chemical-peel", "name": "Chemical peel", "summary": "An acid solution lifts the outer layer.", "body": "Text."});
    peel["conditions"] = json!([{"condition": "melasma"}]);
    app.publish(&room, "treatments", &app.create_treatment(&room.editor, "acme", &peel).await)
        .await;

    let french_one = app.delivered(&room.key, "/v1/treatments/microneedling?locale=fr").await;
    let french_list = app.delivered(&room.key, "/v1/treatments?locale=fr&condition=melasma").await;

    assert_eq!(french_one["name"], "Microaiguillage");
    assert_eq!(french_one["conditions"][0]["sessions"], json!({"min": 2, "max": 2}));
    let served: Vec<(&str, &str)> = french_list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|item| (item["slug"].as_str().unwrap(), item["locale"].as_str().unwrap()))
        .collect();
    assert_eq!(served, [("chemical-peel", "en"), ("microneedling", "fr")]);
}

#[tokio::test]
async fn a_condition_lists_its_published_treatments_and_filters_find_them() {
    let app = spawn_app().await;
    let room = app.newsroom("acme").await;
    app.publish(
        &room,
        "conditions",
        &app.create_condition(&room.editor, "acme", "hyperpigmentation", "Hyperpigmentation").await,
    )
    .await;
    let mut body = microneedling();
    body["conditions"] =
        json!([{"condition": "hyperpigmentation", "sessions": {"min": 3, "max": 6}}]);
    app.publish(&room, "treatments", &app.create_treatment(&room.editor, "acme", &body).await)
        .await;
    app.create_treatment(&room.editor, "acme", &json!({"slug": "draft-only", "name": "Draft only", "conditions": [{"condition": "hyperpigmentation"}]})).await;

    let condition = app.delivered(&room.key, "/v1/conditions/hyperpigmentation").await;
    let filtered = app.delivered(&room.key, "/v1/treatments?condition=hyperpigmentation").await;
    let other = app.delivered(&room.key, "/v1/treatments?condition=melasma").await;

    assert_eq!(
        condition["treatments"],
        json!([{
            "slug": "microneedling", "name": "Microneedling",
            "summary": "Fine needles make tiny channels in the skin so it renews itself.",
            "sessions": {"min": 3, "max": 6}, "notes": null
        }])
    );
    assert_eq!(filtered["items"].as_array().unwrap().len(), 1);
    assert_eq!(other["items"], json!([]));
}

#[tokio::test]
async fn lists_page_with_an_opaque_cursor() {
    let app = spawn_app().await;
    let room = app.newsroom("acme").await;
    for slug in ["alpha", "bravo", "charlie"] {
        let draft =
            app.create_treatment(&room.editor, "acme", &json!({"slug": slug, "name": slug})).await;
        app.publish(&room, "treatments", &draft).await;
    }

    let first = app.delivered(&room.key, "/v1/treatments?limit=2").await;
    let cursor = first["next_cursor"].as_str().unwrap();
    let second = app.delivered(&room.key, &format!("/v1/treatments?limit=2&cursor={cursor}")).await;

    let slugs = |page: &Value| -> Vec<String> {
        page["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["slug"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(slugs(&first), ["alpha", "bravo"]);
    assert_eq!(slugs(&second), ["charlie"]);
    assert!(second["next_cursor"].is_null());
    let bad = app.deliver(&room.key, "/v1/treatments?cursor=not-a-cursor").await;
    assert_eq!(problem(bad, 422).await["errors"][0]["field"], "cursor");
}

#[tokio::test]
async fn the_jsonld_is_a_reviewed_medical_web_page_with_a_faq_page() {
    let app = spawn_app().await;
    let room = app.newsroom("acme").await;
    app.publish(
        &room,
        "treatments",
        &app.create_treatment(&room.editor, "acme", &microneedling()).await,
    )
    .await;

    let document = app
        .delivered(
            &room.key,
            "/v1/treatments/microneedling/jsonld?url=https://clinic.example/t/microneedling",
        )
        .await;

    assert_eq!(document["@context"], "https://schema.org");
    let page = &document["@graph"][0];
    assert_eq!(page["@type"], "MedicalWebPage");
    let procedure = &page["mainEntity"];
    assert_eq!(procedure["@type"], "MedicalTherapy");
    assert_eq!(procedure["@id"], "https://clinic.example/t/microneedling#treatment");
    assert_eq!(page["url"], "https://clinic.example/t/microneedling");
    assert_eq!(procedure["name"], "Microneedling");
    assert_eq!(procedure["alternateName"], json!(["collagen induction therapy", "skin needling"]));
    assert!(procedure["howPerformed"].as_str().unwrap().contains("collagen"));
    assert!(procedure["followup"].as_str().unwrap().contains("First 24 hours"));
    assert!(page["reviewedBy"]["name"].as_str().unwrap().starts_with("reviewer-"));
    assert_eq!(page["lastReviewed"].as_str().unwrap().len(), 10);
    let faq = &document["@graph"][1];
    assert_eq!(faq["@type"], "FAQPage");
    assert_eq!(faq["mainEntity"][1]["acceptedAnswer"]["text"], "Three to six for dark spots.");
}

#[tokio::test]
async fn texts_that_close_the_script_tag_are_escaped_in_the_jsonld() {
    let app = spawn_app().await;
    let room = app.newsroom("acme").await;
    let payload = "</script><script>alert(document.domain)</script> & \u{2028} end";
    let mut body = microneedling();
    body["summary"] = json!(format!("Summary {payload}"));
    body["faqs"][0]["answer"] = json!(format!("Answer {payload}"));
    body["seo"]["meta_title"] = json!(format!("Title {payload}"));
    body["references"][0]["title"] = json!(format!("Reference {payload}"));
    let created = app.create_treatment(&room.editor, "acme", &body).await;
    app.publish(&room, "treatments", &created).await;

    let response = app
        .deliver(
            &room.key,
            "/v1/treatments/microneedling/jsonld?url=https://clinic.example/t/microneedling",
        )
        .await;

    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "application/ld+json");
    let bytes = response.bytes().await.unwrap();
    let text = std::str::from_utf8(&bytes).unwrap();
    assert!(!text.contains(['<', '>', '&', '\u{2028}']), "{text}");
    let document: Value = serde_json::from_slice(&bytes).unwrap();
    let page = &document["@graph"][0];
    assert_eq!(page["name"], format!("Title {payload}"));
    assert_eq!(page["mainEntity"]["description"], format!("Summary {payload}"));
    assert_eq!(page["citation"][0]["name"], format!("Reference {payload}"));
    let answer = &document["@graph"][1]["mainEntity"][0]["acceptedAnswer"]["text"];
    // Markdown's raw HTML is markup, not text: only its words remain.
    assert_eq!(*answer, "Answer alert(document.domain) & \u{2028} end");
}

#[tokio::test]
async fn a_jsonld_page_url_that_is_not_absolute_http_is_refused() {
    let app = spawn_app().await;
    let room = app.newsroom("acme").await;
    let created = app.create_treatment(&room.editor, "acme", &microneedling()).await;
    app.publish(&room, "treatments", &created).await;

    let relative = app.deliver(&room.key, "/v1/treatments/microneedling/jsonld?url=/t/x").await;
    let missing = app.deliver(&room.key, "/v1/treatments/microneedling/jsonld").await;

    assert_eq!(problem(relative, 422).await["errors"][0]["field"], "url");
    assert_eq!(missing.status(), 422);
}

#[tokio::test]
async fn a_preview_key_reads_drafts_and_a_delivery_key_may_not() {
    let app = spawn_app().await;
    let room = app.newsroom("acme").await;
    app.create_treatment(&room.editor, "acme", &microneedling()).await;
    let workspace =
        cutis::accounts::workspaces::find_by_slug(&app.db, "acme").await.unwrap().unwrap();
    let preview_key = app.api_key(&workspace, KeyKind::Preview, None).await;

    let preview = app.deliver(&preview_key, "/v1/treatments/microneedling?preview=true").await;
    let refused = app.deliver(&room.key, "/v1/treatments/microneedling?preview=true").await;

    assert_eq!(preview.headers()["cache-control"], "private, no-store");
    let draft: Value = preview.json().await.unwrap();
    assert_eq!(draft["name"], "Microneedling");
    problem(refused, 403).await;
    problem(app.deliver(&preview_key, "/v1/treatments/microneedling").await, 404).await;
}

#[tokio::test]
async fn another_workspace_s_key_never_sees_this_content() {
    let app = spawn_app().await;
    let room = app.newsroom("acme").await;
    app.publish(
        &room,
        "treatments",
        &app.create_treatment(&room.editor, "acme", &microneedling()).await,
    )
    .await;
    let other = app.newsroom("rival").await;

    problem(app.deliver(&other.key, "/v1/treatments/microneedling").await, 404).await;
    assert_eq!(app.delivered(&other.key, "/v1/treatments").await["items"], json!([]));
}

#[tokio::test]
async fn deleting_a_published_treatment_takes_it_out_of_delivery_at_once() {
    let app = spawn_app().await;
    let room = app.newsroom("acme").await;
    let published = app
        .publish(
            &room,
            "treatments",
            &app.create_treatment(&room.editor, "acme", &microneedling()).await,
        )
        .await;
    app.delivered(&room.key, "/v1/treatments/microneedling").await;
    app.delivered(&room.key, "/v1/treatments").await;

    let path = entry("acme", "treatments", &id_of(&published));
    let deleted = app.delete_as(&room.editor, &path, published["version"].as_i64().unwrap()).await;

    assert_eq!(deleted.status(), 204);
    problem(app.deliver(&room.key, "/v1/treatments/microneedling").await, 404).await;
    assert_eq!(app.delivered(&room.key, "/v1/treatments").await["items"], json!([]));
}

#[tokio::test]
async fn a_new_default_locale_is_the_fallback_at_once_though_the_old_answer_was_cached() {
    let app = spawn_app().await;
    let room = app.newsroom("acme").await;
    let owner = app.sign_in_as("acme", Role::Owner).await;
    let workspace = "/admin/v1/workspaces/acme";
    let three = json!({"locales": ["en", "fr", "de"]});
    assert_eq!(app.patch_as(&owner, workspace, 1, &three).await.status(), 200);
    let created = app.create_treatment(&room.editor, "acme", &microneedling()).await;
    let path = entry("acme", "treatments", &id_of(&created));
    let german = json!({"locale": "de", "name": "Microneedling (Kollagen-Induktion)"});
    let translated: Value =
        app.patch_as(&room.editor, &path, 1, &german).await.json().await.unwrap();
    app.publish(&room, "treatments", &translated).await;
    let before = app.delivered(&room.key, "/v1/treatments/microneedling?locale=fr").await;

    let german_first = json!({"default_locale": "de"});
    let changed = app.patch_as(&owner, workspace, 1, &german_first).await;
    let after = app.deliver(&room.key, "/v1/treatments/microneedling?locale=fr").await;

    assert_eq!(before["name"], "Microneedling", "French falls back to English first");
    assert_eq!(changed.status(), 200);
    assert_eq!(after.headers()["content-language"], "de");
    let after: Value = after.json().await.unwrap();
    assert_eq!(after["name"], "Microneedling (Kollagen-Induktion)");
}
