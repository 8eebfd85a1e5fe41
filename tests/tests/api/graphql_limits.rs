//! What a GraphQL query may cost: depth, complexity, length and aliases are limited and a
//! query over a limit is refused before it runs, saying which limit and by how much.

use cutis::accounts::api_keys::KeyKind;
use cutis_tests::{TestApp, data, error_code, spawn_app, spawn_app_with};
use serde_json::json;

async fn delivery_key(app: &TestApp) -> String {
    let workspace = app.create_workspace("acme").await;
    app.api_key(&workspace, KeyKind::Delivery, None).await
}

#[tokio::test]
async fn a_query_nested_deeper_than_the_limit_is_refused() {
    let app = spawn_app_with(|settings| settings.graphql.max_depth = 4).await;
    let key = delivery_key(&app).await;
    let shallow = "{ treatments { edges { node { slug } } } }";
    let deep = "{ treatments { edges { node { conditions { condition { name } } } } } }";

    let allowed = app.delivery_graphql(&key, shallow, json!({})).await;
    let refused = app.delivery_graphql(&key, deep, json!({})).await;

    assert_eq!(data(&allowed)["treatments"]["edges"], json!([]));
    assert_eq!(error_code(&refused), "QUERY_TOO_DEEP");
    let message = refused["errors"][0]["message"].as_str().unwrap();
    assert!(message.contains("6 levels") && message.contains("limit of 4"), "{message}");
    assert!(refused.get("data").is_none() || refused["data"].is_null(), "{refused}");
}

#[tokio::test]
async fn a_query_more_complex_than_the_limit_is_refused() {
    let app = spawn_app().await;
    let key = delivery_key(&app).await;
    let fields = "slug name summary body faqs { question answer } aftercare { timing instruction }";
    let twenty = format!("{{ treatments(first: 20) {{ edges {{ node {{ {fields} }} }} }} }}");
    let hundred = format!("{{ treatments(first: 100) {{ edges {{ node {{ {fields} }} }} }} }}");

    let allowed = app.delivery_graphql(&key, &twenty, json!({})).await;
    let refused = app.delivery_graphql(&key, &hundred, json!({})).await;

    assert!(allowed.get("errors").is_none(), "{allowed}");
    assert_eq!(error_code(&refused), "QUERY_TOO_COMPLEX");
    let message = refused["errors"][0]["message"].as_str().unwrap();
    assert!(message.contains("limit of 500"), "{message}");
}

#[tokio::test]
async fn a_very_long_query_or_one_with_too_many_aliases_is_refused() {
    let app = spawn_app().await;
    let key = delivery_key(&app).await;
    let long = format!("{{ treatments {{ edges {{ cursor }} }} }}{}", " ".repeat(10_000));
    let aliases: String =
        (0..201).map(|n| format!(" a{n}: treatment(slug: \"x\") {{ slug }}")).collect();
    let many = format!("{{{aliases} }}");

    let too_long = app.delivery_graphql(&key, &long, json!({})).await;
    let too_many = app.delivery_graphql(&key, &many, json!({})).await;

    assert_eq!(error_code(&too_long), "QUERY_TOO_LARGE");
    assert!(too_long["errors"][0]["message"].as_str().unwrap().contains("10000"), "{too_long}");
    assert_eq!(error_code(&too_many), "QUERY_TOO_LARGE");
    assert!(
        too_many["errors"][0]["message"].as_str().unwrap().contains("201 aliases"),
        "{too_many}"
    );
}

#[tokio::test]
async fn malformed_and_invalid_queries_carry_a_code() {
    let app = spawn_app().await;
    let key = delivery_key(&app).await;

    let malformed = app.delivery_graphql(&key, "{ treatments { ", json!({})).await;
    let unknown =
        app.delivery_graphql(&key, "{ treatments { edges { node { price } } } }", json!({})).await;
    let first = app
        .delivery_graphql(&key, "{ treatments(first: 0) { edges { cursor } } }", json!({}))
        .await;

    assert_eq!(error_code(&malformed), "GRAPHQL_PARSE_FAILED");
    assert_eq!(error_code(&unknown), "GRAPHQL_VALIDATION_FAILED");
    assert_eq!(error_code(&first), "VALIDATION");
    assert_eq!(first["errors"][0]["extensions"]["fields"][0]["field"], "first");
}

#[tokio::test]
async fn delivery_introspection_can_be_switched_off() {
    let open = spawn_app().await;
    let closed = spawn_app_with(|settings| settings.graphql.introspection = false).await;
    let (open_key, closed_key) = (delivery_key(&open).await, delivery_key(&closed).await);
    let introspection = "{ __schema { queryType { name } } }";

    let answered = open.delivery_graphql(&open_key, introspection, json!({})).await;
    let refused = closed.delivery_graphql(&closed_key, introspection, json!({})).await;
    let still_serving = closed
        .delivery_graphql(&closed_key, "{ treatments { edges { cursor } } }", json!({}))
        .await;
    let editor = closed.sign_in_as("acme", cutis::auth::roles::Role::Editor).await;
    let admin = closed.admin_graphql(&editor, introspection, json!({})).await;

    assert_eq!(data(&answered)["__schema"]["queryType"]["name"], "Query");
    assert_eq!(error_code(&refused), "INTROSPECTION_DISABLED");
    assert_eq!(refused["errors"][0]["message"], "introspection is switched off on this server");
    assert!(still_serving.get("errors").is_none(), "{still_serving}");
    assert_eq!(data(&admin)["__schema"]["queryType"]["name"], "Query", "editors' tools keep it");
}

/// What graphql-js 16 `getIntrospectionQuery()` sends.
const STANDARD_INTROSPECTION: &str =
    include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/introspection_query.graphql"));

#[tokio::test]
async fn the_standard_introspection_query_is_answered_on_both_schemas_at_default_limits() {
    let app = spawn_app().await;
    let key = delivery_key(&app).await;
    let editor = app.sign_in_as("acme", cutis::auth::roles::Role::Editor).await;

    let delivery = app.delivery_graphql(&key, STANDARD_INTROSPECTION, json!({})).await;
    let admin = app.admin_graphql(&editor, STANDARD_INTROSPECTION, json!({})).await;

    for (schema, response) in [("delivery", &delivery), ("admin", &admin)] {
        assert!(response.get("errors").is_none(), "{schema}: {response}");
        let types = data(response)["__schema"]["types"].as_array().unwrap();
        assert!(types.iter().any(|t| t["name"] == "Treatment"), "{schema}");
    }
    assert_eq!(data(&admin)["__schema"]["mutationType"]["name"], "Mutation");
}

#[tokio::test]
async fn introspection_does_not_lift_the_limits_of_content_or_of_introspection_itself() {
    let app = spawn_app().await;
    let key = delivery_key(&app).await;
    let deep_content = "{ __schema { queryType { name } } treatments { edges { node {
        conditions { condition { treatments { treatment { conditions { condition {
        treatments { slug } } } } } } } } } } }";
    let nested_lists = "{ __schema { types { fields { type { fields { type { fields {
        name } } } } } } } }";
    let deep_type = format!(
        "{{ __type(name: \"Treatment\") {{ {}name{} }} }}",
        "ofType { ".repeat(16),
        " }".repeat(16)
    );

    let content = app.delivery_graphql(&key, deep_content, json!({})).await;
    let lists = app.delivery_graphql(&key, nested_lists, json!({})).await;
    let deep = app.delivery_graphql(&key, &deep_type, json!({})).await;

    assert_eq!(error_code(&content), "QUERY_TOO_DEEP", "{content}");
    assert!(content["errors"][0]["message"].as_str().unwrap().contains("11 levels"), "{content}");
    assert_eq!(error_code(&lists), "QUERY_TOO_COMPLEX", "{lists}");
    assert_eq!(error_code(&deep), "QUERY_TOO_DEEP", "{deep}");
    for refused in [&content, &lists, &deep] {
        assert!(refused.get("data").is_none() || refused["data"].is_null(), "{refused}");
    }
}

#[tokio::test]
async fn switched_off_introspection_refuses_the_standard_query_too() {
    let app = spawn_app_with(|settings| settings.graphql.introspection = false).await;
    let key = delivery_key(&app).await;

    let refused = app.delivery_graphql(&key, STANDARD_INTROSPECTION, json!({})).await;

    assert_eq!(error_code(&refused), "INTROSPECTION_DISABLED");
    assert!(refused.get("data").is_none() || refused["data"].is_null(), "{refused}");
}
