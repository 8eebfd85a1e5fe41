//! Search as patients type it, over the demo library and over content a test publishes:
//! synonyms, stems, accents, prefixes, typos, ranking, fallback, scope and bad queries.

use cutis::accounts::api_keys::KeyKind;
use cutis_tests::{TestApp, clinic, collection, entry, id_of, microneedling, problem, spawn_app};
use secrecy::ExposeSecret;
use serde_json::{Value, json};

use crate::demo::spawn_demo;

async fn search(app: &TestApp, key: &str, query: &str) -> Value {
    app.delivered(key, &format!("/v1/search?{query}")).await
}

fn slugs(results: &Value) -> Vec<&str> {
    results["items"].as_array().unwrap().iter().map(|hit| hit["slug"].as_str().unwrap()).collect()
}

#[tokio::test]
async fn a_conditions_synonym_finds_it_first_and_then_the_treatments_for_it() {
    let (app, welcome) = spawn_demo().await;
    let key = welcome.delivery_key.expose_secret();

    let found = search(&app, key, "q=dark%20spots").await;

    assert_eq!(slugs(&found), ["hyperpigmentation", "chemical-peel", "microneedling"], "{found}");
    assert_eq!(found["items"][0]["kind"], "condition");
    let treatment = &found["items"][1];
    assert_eq!(treatment["kind"], "treatment");
    let via: Vec<&str> =
        treatment["matched"].as_array().unwrap().iter().filter_map(|m| m["via"].as_str()).collect();
    assert!(via.contains(&"synonym 'dark spots' of Hyperpigmentation"), "{treatment}");
    assert_eq!(treatment["matched"][0]["field"], "conditions");
}

#[tokio::test]
async fn stems_accents_prefixes_and_one_typo_find_what_was_meant() {
    let (app, welcome) = spawn_demo().await;
    let key = welcome.delivery_key.expose_secret();

    let cases = [
        ("q=microneedle", "microneedling"),
        ("q=micron", "microneedling"),
        ("q=hyperpigmentaton", "hyperpigmentation"),
        ("q=M%C3%89LASMA", "melasma"),
        ("q=melasma&locale=fr", "melasma"),
        ("q=cicatrices&locale=fr", "microneedling"),
        ("q=cicatrice&locale=fr", "microneedling"),
    ];
    for (query, expected) in cases {
        let found = search(&app, key, query).await;
        assert!(slugs(&found).contains(&expected), "{query} should find {expected}: {found}");
    }
    let typo = search(&app, key, "q=hyperpigmentaton").await;
    assert_eq!(typo["items"][0]["matched"][0]["how"], "typo");
    let french = search(&app, key, "q=cicatrices&locale=fr").await;
    assert_eq!(french["locale"], "fr");
    assert!(french["items"][0]["snippet_html"].as_str().unwrap().contains("<mark>"), "{french}");
}

#[tokio::test]
async fn a_name_outranks_other_names_which_outrank_the_text() {
    let (app, welcome) = spawn_demo().await;
    let key = welcome.delivery_key.expose_secret();

    let by_name = search(&app, key, "q=microneedling").await;
    let by_other_name = search(&app, key, "q=skin%20needling").await;

    assert_eq!(slugs(&by_name)[0], "microneedling");
    assert_eq!(by_name["items"][0]["matched"][0]["field"], "name");
    let first = &by_other_name["items"][0];
    assert_eq!(first["slug"], "microneedling");
    assert_eq!(first["matched"][0]["field"], "also_known_as", "{first}");
    let scores: Vec<f64> = by_name["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|hit| hit["score"].as_f64().unwrap())
        .collect();
    assert!(scores.windows(2).all(|pair| pair[0] >= pair[1]), "best first: {scores:?}");
}

#[tokio::test]
async fn kinds_limit_and_cursor_page_through_the_hits() {
    let (app, welcome) = spawn_demo().await;
    let key = welcome.delivery_key.expose_secret();

    let conditions = search(&app, key, "q=dark%20spots&kind=condition").await;
    let first = search(&app, key, "q=dark%20spots&limit=2").await;
    let cursor = first["next_cursor"].as_str().expect("a next page");
    let second = search(&app, key, &format!("q=dark%20spots&limit=2&cursor={cursor}")).await;

    assert_eq!(slugs(&conditions), ["hyperpigmentation"]);
    assert_eq!(slugs(&first), ["hyperpigmentation", "chemical-peel"]);
    assert_eq!(slugs(&second), ["microneedling"]);
    assert!(second["next_cursor"].is_null());
}

#[tokio::test]
async fn the_q_filter_of_the_treatment_list_uses_the_same_search() {
    let (app, welcome) = spawn_demo().await;
    let key = welcome.delivery_key.expose_secret();

    let listed = app.delivered(key, "/v1/treatments?q=brown%20spots").await;
    let typed = app.delivered(key, "/v1/treatments?q=microneedle").await;

    assert_eq!(slugs(&listed), ["chemical-peel", "microneedling"], "by slug, as lists are");
    // Neither "microneedle" nor this typo is in any text as typed: only search finds them.
    assert!(slugs(&typed).contains(&"microneedling"), "{typed}");
    let misspelt = app.delivered(key, "/v1/treatments?q=hyperpigmentaton").await;
    assert_eq!(slugs(&misspelt), ["chemical-peel", "microneedling"]);
}

#[tokio::test]
async fn empty_long_and_operator_only_queries_are_a_clear_422_or_nothing_found() {
    let (app, welcome) = spawn_demo().await;
    let key = welcome.delivery_key.expose_secret();

    for query in ["", "q=", "q=%20%20", &format!("q={}", "a".repeat(1000))] {
        let refused = problem(app.deliver(key, &format!("/v1/search?{query}")).await, 422).await;
        assert_eq!(refused["errors"][0]["field"], "q", "{query}: {refused}");
    }
    for bad in ["kind=clinic", "limit=0", "limit=101", "cursor=nope"] {
        let refused =
            problem(app.deliver(key, &format!("/v1/search?q=peel&{bad}")).await, 422).await;
        let field = bad.split('=').next().unwrap();
        assert_eq!(refused["errors"][0]["field"], field, "{bad}: {refused}");
    }
    for operators in ["%22", "*", "AND", "-", "%22%20*%20-%20AND%20OR%20NOT%20()"] {
        let found = search(&app, key, &format!("q={operators}")).await;
        assert_eq!(found["items"], json!([]), "{operators}");
    }
}

/// A workspace `acme` with microneedling published (in English only) and a draft peel.
async fn acme(app: &TestApp) -> cutis_tests::Newsroom {
    let room = app.newsroom("acme").await;
    let draft = app.create_treatment(&room.editor, "acme", &microneedling()).await;
    app.publish(&room, "treatments", &draft).await;
    let peel =
        json!({"slug": "chemical-peel", "name": "Chemical peel", "summary": "An acid peel."});
    app.create_treatment(&room.editor, "acme", &peel).await;
    room
}

#[tokio::test]
async fn drafts_are_never_found_and_an_unpublished_entry_is_gone_at_once() {
    let app = spawn_app().await;
    let room = acme(&app).await;

    let draft = search(&app, &room.key, "q=peel").await;
    let published = search(&app, &room.key, "q=needles").await;
    let treatments: Value =
        app.get_as(&room.editor, &collection("acme", "treatments")).await.json().await.unwrap();
    let needling =
        treatments["items"].as_array().unwrap().iter().find(|t| t["slug"] == "microneedling");
    let (id, version) = {
        let needling = needling.unwrap();
        (id_of(needling), needling["version"].as_i64().unwrap())
    };
    let path = entry("acme", "treatments", &id);
    let unpublished = app.step(&room.reviewer, &path, "unpublish", version, None).await;
    assert_eq!(unpublished.status(), 200);
    let after = search(&app, &room.key, "q=needles").await;

    assert_eq!(draft["items"], json!([]), "a draft is not found: {draft}");
    assert_eq!(slugs(&published), ["microneedling"]);
    assert_eq!(after["items"], json!([]), "unpublished: {after}");
}

#[tokio::test]
async fn an_entry_without_french_is_found_and_served_in_english_for_french() {
    let app = spawn_app().await;
    let room = acme(&app).await;

    let found = search(&app, &room.key, "q=needles&locale=fr").await;

    assert_eq!(slugs(&found), ["microneedling"]);
    assert_eq!(found["locale"], "fr");
    assert_eq!(found["items"][0]["locale"], "en");
    assert!(found["items"][0]["snippet_html"].as_str().unwrap().contains("<mark>needles</mark>"));
}

#[tokio::test]
async fn another_workspaces_content_is_never_found() {
    let app = spawn_app().await;
    acme(&app).await;
    let other = app.newsroom("other").await;

    let found = search(&app, &other.key, "q=microneedling").await;

    assert_eq!(found["items"], json!([]));
}

#[tokio::test]
async fn a_clinic_finds_only_the_treatments_it_offers_and_a_clinic_key_only_its_own() {
    let app = spawn_app().await;
    let room = acme(&app).await;
    let peel = app.read_entry(&room.editor, &collection("acme", "treatments")).await;
    let peel = peel["items"].as_array().unwrap().iter().find(|t| t["slug"] == "chemical-peel");
    app.publish(&room, "treatments", peel.unwrap()).await;
    let created =
        app.create_entry(&room.editor, "acme", "clinics", &clinic("markham", "Markham")).await;
    let offerings = format!("{}/{}/offerings", collection("acme", "clinics"), id_of(&created));
    let offering = json!({"treatment": "chemical-peel", "active": true});
    assert_eq!(app.post_as(&room.editor, &offerings, &offering).await.status(), 201);
    let current = app.read_entry(&room.editor, &entry("acme", "clinics", &id_of(&created))).await;
    app.publish(&room, "clinics", &current).await;
    let workspace =
        cutis::accounts::workspaces::find_by_slug(&app.db, "acme").await.unwrap().unwrap();
    let markham_key = app.api_key(&workspace, KeyKind::Delivery, Some("markham")).await;

    let everything = search(&app, &room.key, "q=p").await;
    let anything = search(&app, &room.key, "q=chemical%20OR%20microneedling").await;
    let at_markham = search(&app, &room.key, "q=peel&clinic=markham").await;
    let needling_at_markham = search(&app, &room.key, "q=needles&clinic=markham").await;
    let with_markham_key = search(&app, &markham_key, "q=needles").await;

    assert_eq!(everything["items"], json!([]), "one letter is a whole word only");
    assert_eq!(anything["items"], json!([]), "every word must be found");
    assert_eq!(slugs(&at_markham), ["chemical-peel"]);
    assert_eq!(needling_at_markham["items"], json!([]));
    assert_eq!(with_markham_key["items"], json!([]));
    problem(app.deliver(&room.key, "/v1/search?q=peel&clinic=nowhere").await, 404).await;
}

#[tokio::test]
async fn graphql_search_finds_what_rest_finds_and_reaches_each_entry() {
    let (app, welcome) = spawn_demo().await;
    let key = welcome.delivery_key.expose_secret();
    let query = r#"query ($q: String!, $after: String) {
        search(q: $q, first: 2, after: $after) {
            edges { node { kind slug snippetHtml matched { field via how }
                           treatment { name } condition { name } } }
            pageInfo { hasNextPage endCursor }
        }
    }"#;

    let first = app.delivery_graphql(key, query, json!({"q": "dark spots"})).await;
    let cursor = first["data"]["search"]["pageInfo"]["endCursor"].clone();
    let second =
        app.delivery_graphql(key, query, json!({"q": "dark spots", "after": cursor})).await;
    let refused = app.delivery_graphql(key, query, json!({"q": " "})).await;
    let rest = search(&app, key, "q=dark%20spots").await;

    let nodes = |response: &Value| -> Vec<Value> {
        let edges = response["data"]["search"]["edges"].as_array().cloned().unwrap_or_default();
        edges.into_iter().map(|edge| edge["node"].clone()).collect()
    };
    let found: Vec<Value> = nodes(&first).into_iter().chain(nodes(&second)).collect();
    let graphql_slugs: Vec<&str> =
        found.iter().map(|node| node["slug"].as_str().unwrap()).collect();
    assert_eq!(graphql_slugs, slugs(&rest), "{first} {second}");
    assert_eq!(found[0]["kind"], "CONDITION");
    assert_eq!(found[0]["condition"]["name"], "Hyperpigmentation");
    assert!(found[0]["treatment"].is_null());
    assert_eq!(found[1]["treatment"]["name"], "Chemical peel");
    assert_eq!(found[1]["matched"][0]["how"], "WORD");
    assert_eq!(first["data"]["search"]["pageInfo"]["hasNextPage"], true);
    assert_eq!(second["data"]["search"]["pageInfo"]["hasNextPage"], false);
    assert_eq!(refused["errors"][0]["extensions"]["code"], "VALIDATION", "{refused}");
}
