//! A list far over its limit is refused on its count before any per-item work, so a body the
//! lowest write role may send costs no more than reading it and never stalls other requests.

use cutis::auth::roles::Role;
use cutis_tests::{collection, condition, microneedling, problem, spawn_app};
use serde_json::{Value, json};

/// `count` distinct short texts, the last one blank: per-item checks would report it.
fn texts(count: usize) -> Value {
    let mut items: Vec<Value> = (1..count).map(|i| json!(format!("a{i}"))).collect();
    items.push(json!(""));
    Value::Array(items)
}

/// `count` distinct slugs as `{key: slug}` links, the last one an invalid slug.
fn links(key: &str, count: usize) -> Value {
    let mut items: Vec<Value> = (1..count).map(|i| json!({key: format!("s{i}")})).collect();
    items.push(json!({key: "Not A Slug"}));
    Value::Array(items)
}

#[tokio::test]
async fn a_list_far_over_its_limit_is_refused_on_its_count_alone_while_healthz_answers() {
    let app = spawn_app().await;
    let editor = app.sign_in_as("acme", Role::Editor).await;
    let cases = [
        ("treatments", "also_known_as", texts(100_000), "must have at most 20 items"),
        ("treatments", "contraindications", texts(100_000), "must have at most 50 items"),
        ("treatments", "conditions", links("condition", 40_000), "must have at most 100 items"),
        ("treatments", "complementary", links("treatment", 40_000), "must have at most 100 items"),
        ("conditions", "synonyms", texts(100_000), "must have at most 30 items"),
    ];

    for (kind, field, list, message) in cases {
        let mut body =
            if kind == "treatments" { microneedling() } else { condition("acne", "Acne") };
        body[field] = list;
        let path = collection("acme", kind);

        let (created, health) =
            tokio::join!(app.post_as(&editor, &path, &body), app.get("/healthz"));

        assert_eq!(health.status(), 200, "healthz while {field} is checked");
        let problem = problem(created, 422).await;
        assert_eq!(problem["code"], "VALIDATION");
        assert_eq!(
            problem["errors"],
            json!([{"field": field, "message": message}]),
            "only the count of {field} is reported"
        );
    }
    for kind in ["treatments", "conditions"] {
        let listed: Value =
            app.get_as(&editor, &collection("acme", kind)).await.json().await.unwrap();
        assert_eq!(listed["items"], json!([]), "no {kind} written");
    }
}

#[tokio::test]
async fn a_repeated_item_in_a_list_within_its_limit_is_still_named() {
    let app = spawn_app().await;
    let editor = app.sign_in_as("acme", Role::Editor).await;
    let mut body = microneedling();
    body["also_known_as"] = json!(["skin needling", "dermaroller", "skin needling"]);

    let response = app.post_as(&editor, &collection("acme", "treatments"), &body).await;

    let problem = problem(response, 422).await;
    assert_eq!(
        problem["errors"],
        json!([{"field": "also_known_as[2]", "message": "is listed twice"}])
    );
}
