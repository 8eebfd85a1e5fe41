//! Delivery GraphQL answered and cached as REST is: over `GET` with an `ETag`, `304` and
//! `Cache-Control`; as persisted queries named by their hash; from the response cache until a
//! publish, unpublish or delete; never for drafts or errors.

use std::time::Duration;

use cutis::accounts::api_keys::KeyKind;
use cutis_tests::{Newsroom, TestApp, data, entry, error_code, id_of, microneedling, spawn_app};
use reqwest::{Method, Response};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

const QUERY: &str = "{ treatment(slug: \"microneedling\") { name summary } }";

/// `/graphql?…` with `params` encoded as a browser would.
fn graphql_url(params: &[(&str, &str)]) -> String {
    let url = reqwest::Url::parse_with_params("http://cutis.invalid/graphql", params).unwrap();
    format!("/graphql?{}", url.query().unwrap_or_default())
}

async fn get(app: &TestApp, key: &str, params: &[(&str, &str)]) -> Response {
    app.authed(Method::GET, &graphql_url(params), key).send().await.unwrap()
}

fn header(response: &Response, name: &str) -> String {
    let value = response.headers().get(name).map(|value| value.to_str().unwrap().to_owned());
    value.unwrap_or_default()
}

fn hash_of(query: &str) -> String {
    Sha256::digest(query.as_bytes()).iter().map(|byte| format!("{byte:02x}")).collect()
}

fn persisted(hash: &str) -> String {
    json!({"persistedQuery": {"version": 1, "sha256Hash": hash}}).to_string()
}

async fn published_microneedling(app: &TestApp) -> (Newsroom, Value) {
    let room = app.newsroom("acme").await;
    let created = app.create_treatment(&room.editor, "acme", &microneedling()).await;
    let published = app.publish(&room, "treatments", &created).await;
    (room, published)
}

#[tokio::test]
async fn a_query_over_get_has_an_etag_and_a_304_and_is_answered_again_without_sql() {
    let app = spawn_app().await;
    let (room, _) = published_microneedling(&app).await;

    let first = get(&app, &room.key, &[("query", QUERY)]).await;
    let etag = header(&first, "etag");
    let cache_control = header(&first, "cache-control");
    let surrogate = header(&first, "surrogate-key");
    let first: Value = first.json().await.unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;
    let statements = app.sql_statements().await;
    let respelled = "{\n  treatment(slug: \"microneedling\") {\n    name, summary # text\n  }\n}";
    let again = get(&app, &room.key, &[("query", respelled)]).await;
    let statements_after = app.sql_statements().await;
    let not_modified = app
        .authed(Method::GET, &graphql_url(&[("query", QUERY)]), &room.key)
        .header("If-None-Match", &etag)
        .send()
        .await
        .unwrap();
    let posted = app.delivery_graphql(&room.key, QUERY, json!({})).await;

    assert_eq!(data(&first)["treatment"]["name"], "Microneedling");
    assert!(etag.starts_with('"'), "a strong validator: {etag:?}");
    assert!(cache_control.starts_with("public, max-age="), "{cache_control}");
    assert!(surrogate.split(' ').any(|key| key == "treatment:microneedling"), "{surrogate}");
    assert_eq!(header(&again, "etag"), etag, "the same query spelled another way");
    assert_eq!(again.json::<Value>().await.unwrap(), first);
    assert_eq!(statements_after, statements, "the second answer came from the cache");
    assert_eq!(not_modified.status(), 304);
    assert_eq!(posted, first, "POST gets the same answer");
}

#[tokio::test]
async fn a_cached_answer_follows_every_publish_unpublish_and_delete() {
    let app = spawn_app().await;
    let (room, published) = published_microneedling(&app).await;
    let path = entry("acme", "treatments", &id_of(&published));
    let list = "{ treatments { edges { node { slug summary } } } }";
    let summaries = |response: &Value| -> Vec<String> {
        let edges = data(response)["treatments"]["edges"].as_array().unwrap().clone();
        edges.iter().map(|edge| edge["node"]["summary"].as_str().unwrap().to_owned()).collect()
    };
    let before = app.delivery_graphql(&room.key, list, json!({})).await;

    let version = published["version"].as_i64().unwrap();
    let change = json!({"summary": "Now with numbing cream."});
    let edited: Value =
        app.patch_as(&room.editor, &path, version, &change).await.json().await.unwrap();
    let republished = app.publish(&room, "treatments", &edited).await;
    let after_publish = app.delivery_graphql(&room.key, list, json!({})).await;
    let version = republished["version"].as_i64().unwrap();
    let unpublished = app.step(&room.reviewer, &path, "unpublish", version, None).await;
    let after_unpublish = app.delivery_graphql(&room.key, QUERY, json!({})).await;
    let unpublished: Value = unpublished.json().await.unwrap();
    let again = app.publish(&room, "treatments", &unpublished).await;
    let restored = app.delivery_graphql(&room.key, QUERY, json!({})).await;
    let version = again["version"].as_i64().unwrap();
    let deleted = app.delete_as(&room.editor, &path, version).await;
    let after_delete = app.delivery_graphql(&room.key, list, json!({})).await;

    assert_eq!(summaries(&before), [microneedling()["summary"].as_str().unwrap()]);
    assert_eq!(summaries(&after_publish), ["Now with numbing cream."]);
    assert_eq!(data(&after_unpublish)["treatment"], Value::Null);
    assert_eq!(data(&restored)["treatment"]["summary"], "Now with numbing cream.");
    assert_eq!(deleted.status(), 204);
    assert_eq!(summaries(&after_delete), Vec::<String>::new());
}

#[tokio::test]
async fn a_persisted_query_is_named_by_its_hash_once_sent_and_a_wrong_hash_is_refused() {
    let app = spawn_app().await;
    let (room, _) = published_microneedling(&app).await;
    let hash = hash_of(QUERY);
    let wrong = hash_of("{ conditions { totalCount } }");
    let with_query = |hash: &str| json!({"query": QUERY, "extensions": {"persistedQuery": {"version": 1, "sha256Hash": hash}}});
    let post = |body: Value| {
        let request = app.authed(Method::POST, "/graphql", &room.key).json(&body);
        async move { request.send().await.unwrap().json::<Value>().await.unwrap() }
    };

    let unknown = get(&app, &room.key, &[("extensions", &persisted(&hash))]).await;
    let unknown_cache = header(&unknown, "cache-control");
    let unknown: Value = unknown.json().await.unwrap();
    let mismatch = post(with_query(&wrong)).await;
    let still_unknown = get(&app, &room.key, &[("extensions", &persisted(&wrong))]).await;
    let still_unknown: Value = still_unknown.json().await.unwrap();
    let registered = post(with_query(&hash)).await;
    let by_hash = get(&app, &room.key, &[("extensions", &persisted(&hash))]).await;
    let by_hash_cache = header(&by_hash, "cache-control");
    let by_hash: Value = by_hash.json().await.unwrap();

    assert_eq!(error_code(&unknown), "PERSISTED_QUERY_NOT_FOUND", "{unknown}");
    assert_eq!(unknown["errors"][0]["message"], "PersistedQueryNotFound");
    assert_eq!(unknown_cache, "private, no-store");
    assert_eq!(error_code(&mismatch), "PERSISTED_QUERY_HASH_MISMATCH", "{mismatch}");
    assert!(mismatch.get("data").is_none_or(Value::is_null), "nothing ran: {mismatch}");
    assert_eq!(error_code(&still_unknown), "PERSISTED_QUERY_NOT_FOUND");
    assert_eq!(data(&registered)["treatment"]["name"], "Microneedling");
    assert_eq!(by_hash, registered);
    assert!(by_hash_cache.starts_with("public"), "a persisted GET is cacheable: {by_hash_cache}");
}

#[tokio::test]
async fn answers_that_read_drafts_or_carry_errors_are_neither_cached_nor_shared() {
    let app = spawn_app().await;
    let (room, published) = published_microneedling(&app).await;
    let workspace = cutis::accounts::workspaces::find_by_slug(&app.db, "acme").await;
    let workspace = workspace.unwrap().unwrap();
    let preview_key = app.api_key(&workspace, KeyKind::Preview, None).await;
    let drafts = "{ treatment(slug: \"microneedling\", preview: true) { summary } }";
    let path = entry("acme", "treatments", &id_of(&published));

    let first = get(&app, &preview_key, &[("query", drafts)]).await;
    let first_cache = header(&first, "cache-control");
    let version = published["version"].as_i64().unwrap();
    let change = json!({"summary": "A draft nobody published."});
    assert_eq!(app.patch_as(&room.editor, &path, version, &change).await.status(), 200);
    let second: Value = get(&app, &preview_key, &[("query", drafts)]).await.json().await.unwrap();
    let forbidden = get(&app, &room.key, &[("query", drafts)]).await;
    let forbidden_cache = header(&forbidden, "cache-control");
    let forbidden: Value = forbidden.json().await.unwrap();
    let unknown_field =
        get(&app, &room.key, &[("query", "{ treatment(slug: \"x\") { nope } }")]).await;

    assert_eq!(first_cache, "private, no-store");
    assert_eq!(data(&second)["treatment"]["summary"], "A draft nobody published.");
    assert_eq!(error_code(&forbidden), "FORBIDDEN", "{forbidden}");
    assert_eq!(forbidden_cache, "private, no-store");
    assert_eq!(header(&unknown_field, "cache-control"), "private, no-store");
}

#[tokio::test]
async fn a_malformed_get_is_a_400_problem_and_a_get_without_a_query_is_the_explorer() {
    let app = spawn_app().await;
    let room = app.newsroom("acme").await;

    let bad_variables = get(&app, &room.key, &[("query", QUERY), ("variables", "{not json")]).await;
    let bad_extensions = get(&app, &room.key, &[("extensions", "[")]).await;
    let explorer = app.get("/graphql").await;

    let problem = cutis_tests::problem(bad_variables, 400).await;
    assert!(problem["detail"].as_str().unwrap().contains("variables"), "{problem}");
    cutis_tests::problem(bad_extensions, 400).await;
    assert_eq!(explorer.status(), 200);
    assert!(header(&explorer, "content-type").starts_with("text/html"));
}
