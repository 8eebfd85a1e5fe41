//! What a public delivery key can make the server build: nested lists are priced by what they
//! can return in the workspace (the longest such list, multiplied down the tree), so a query
//! that fans out is refused before it runs, while cached REST reads go on being answered; a
//! query that gets past the price anyway is cut off at a response size.

use cutis_tests::{Newsroom, TestApp, condition, data, error_code, spawn_app, spawn_app_with};
use serde_json::{Value, json};

const CONDITIONS: usize = 6;
const TREATMENTS: usize = 12;

/// `CONDITIONS` conditions and `TREATMENTS` treatments, every treatment treating every
/// condition: 72 links, enough for a query through them to fan out.
async fn linked_library(app: &TestApp) -> Newsroom {
    let room = app.newsroom("acme").await;
    for n in 0..CONDITIONS {
        let body = condition(&format!("condition-{n}"), &format!("Condition {n}"));
        let created = app.create_entry(&room.editor, "acme", "conditions", &body).await;
        app.publish(&room, "conditions", &created).await;
    }
    let links: Vec<Value> = (0..CONDITIONS)
        .map(|n| json!({"condition": format!("condition-{n}"), "sessions": null, "notes": null}))
        .collect();
    for n in 0..TREATMENTS {
        let body = json!({
            "slug": format!("treatment-{n:02}"), "name": format!("Treatment {n}"),
            "body": "Markdown about the treatment. ".repeat(20),
            "conditions": links,
        });
        let created = app.create_treatment(&room.editor, "acme", &body).await;
        app.publish(&room, "treatments", &created).await;
    }
    room
}

/// condition → treatments → conditions → treatments → conditions: 9 levels and 9 fields, but
/// 12 × 6 × 12 × 6 = 5,184 conditions in the answer.
const FAN_OUT: &str = "{ condition(slug: \"condition-0\") { treatments { treatment {
    conditions { condition { treatments { treatment { conditions { slug } } } } } } } } }";

#[tokio::test]
async fn a_fan_out_query_is_refused_while_cached_rest_reads_are_all_answered() {
    let app = spawn_app().await;
    let room = linked_library(&app).await;
    let paths: Vec<String> = (0..TREATMENTS)
        .map(|n| format!("/v1/treatments/treatment-{n:02}"))
        .chain((0..CONDITIONS).map(|n| format!("/v1/conditions/condition-{n}")))
        .collect();
    for path in &paths {
        app.delivered(&room.key, path).await;
    }

    let mut graphql = tokio::task::JoinSet::new();
    for _ in 0..8 {
        let request = app
            .authed(reqwest::Method::POST, "/graphql", &room.key)
            .json(&json!({"query": FAN_OUT}));
        graphql.spawn(async move { request.send().await.unwrap().json::<Value>().await.unwrap() });
    }
    let mut reads = tokio::task::JoinSet::new();
    for path in paths.iter().cycle().take(3 * paths.len()) {
        let request = app.authed(reqwest::Method::GET, path, &room.key);
        reads.spawn(async move { request.send().await.unwrap().status().as_u16() });
    }
    let refusals = graphql.join_all().await;
    let statuses = reads.join_all().await;

    assert_eq!(refusals.len(), 8);
    for refused in &refusals {
        assert_eq!(error_code(refused), "QUERY_TOO_COMPLEX", "{refused}");
        let message = refused["errors"][0]["message"].as_str().unwrap();
        assert!(message.contains("limit of 500"), "{message}");
        assert!(refused.get("data").is_none() || refused["data"].is_null(), "{refused}");
    }
    assert_eq!(statuses.len(), 3 * paths.len());
    assert!(statuses.iter().all(|status| *status == 200), "{statuses:?}");
}

#[tokio::test]
async fn nested_lists_are_priced_by_the_longest_such_list_in_the_workspace() {
    let app = spawn_app().await;
    let room = linked_library(&app).await;
    let one_level = "{ condition(slug: \"condition-0\") { treatments { slug
        treatment { conditions { slug } } } } }";

    let answered = app.delivery_graphql(&room.key, one_level, json!({})).await;
    let small = spawn_app_with(|settings| settings.graphql.max_complexity = 50).await;
    let small_room = linked_library(&small).await;
    let refused = small.delivery_graphql(&small_room.key, one_level, json!({})).await;

    let treatments = data(&answered)["condition"]["treatments"].as_array().unwrap().clone();
    assert_eq!(treatments.len(), TREATMENTS);
    assert!(treatments.iter().all(|t| t["treatment"]["conditions"].as_array().unwrap().len() == 6));
    assert_eq!(error_code(&refused), "QUERY_TOO_COMPLEX", "{refused}");
    let message = refused["errors"][0]["message"].as_str().unwrap();
    // condition + 12 treatments × (slug + treatment + 6 conditions × slug) = 1 + 12 × 8.
    assert!(message.contains("complexity is 97"), "{message}");
}

#[tokio::test]
async fn a_response_over_the_size_limit_is_cut_off_with_one_error() {
    let app = spawn_app_with(|settings| settings.graphql.max_response_bytes = 4_096).await;
    let room = linked_library(&app).await;
    let bodies = "{ treatments(first: 20) { edges { node { slug body } } } }";

    let cut_off = app.delivery_graphql(&room.key, bodies, json!({})).await;
    let small = app
        .delivery_graphql(&room.key, "{ treatment(slug: \"treatment-00\") { slug } }", json!({}))
        .await;

    assert_eq!(error_code(&cut_off), "RESPONSE_TOO_LARGE", "{cut_off}");
    assert_eq!(cut_off["errors"].as_array().unwrap().len(), 1, "{cut_off}");
    assert!(cut_off["errors"][0]["message"].as_str().unwrap().contains("4096 bytes"));
    assert!(cut_off.get("data").is_none() || cut_off["data"].is_null(), "{cut_off}");
    assert_eq!(data(&small)["treatment"]["slug"], "treatment-00");
}
