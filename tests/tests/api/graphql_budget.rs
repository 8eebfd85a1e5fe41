//! How many SQL statements a nested delivery query costs, counted by the server's own
//! connection (`cutis_db_statements_total` in `/metrics`), not guessed: nested fields are
//! batched per level by dataloaders, so the count does not grow with the number of items.

use cutis_tests::{Newsroom, TestApp, condition, data, spawn_app};
use serde_json::{Value, json};

/// Publishes two conditions and `count` treatments treating both, each with FAQs.
async fn library(app: &TestApp, count: usize) -> Newsroom {
    let room = app.newsroom("acme").await;
    for (slug, name) in [("melasma", "Melasma"), ("acne-scars", "Acne scars")] {
        let created =
            app.create_entry(&room.editor, "acme", "conditions", &condition(slug, name)).await;
        app.publish(&room, "conditions", &created).await;
    }
    for n in 0..count {
        let body = json!({
            "slug": format!("treatment-{n:02}"), "name": format!("Treatment {n}"),
            "faqs": [{"question": "How long?", "answer": "An hour."},
                     {"question": "Does it hurt?", "answer": "A little."}],
            "conditions": [{"condition": "melasma", "sessions": {"min": 2, "max": 3}, "notes": null},
                           {"condition": "acne-scars", "sessions": null, "notes": null}]
        });
        let created = app.create_treatment(&room.editor, "acme", &body).await;
        app.publish(&room, "treatments", &created).await;
    }
    room
}

/// The fewest statements one run of `query` cost over three runs: background work (CORS
/// reloads, the publishing scheduler) may land inside one measurement, not inside all three.
/// Runs sequentially, so nothing else of this server runs a statement meanwhile.
async fn statements_for(app: &TestApp, key: &str, query: &str) -> (u64, Value) {
    let mut fewest = u64::MAX;
    let mut last = Value::Null;
    for _ in 0..3 {
        let before = app.sql_statements().await;
        last = app.delivery_graphql(key, query, json!({})).await;
        fewest = fewest.min(app.sql_statements().await - before);
    }
    (fewest, last)
}

#[tokio::test]
async fn twenty_treatments_with_their_conditions_and_faqs_cost_at_most_three_statements() {
    let app = spawn_app().await;
    let room = library(&app, 20).await;
    let query = "{ treatments(first: 20) { edges { node {
        slug name faqs { question answer }
        conditions { slug sessions { min max } condition { name synonyms summary } }
    } } } }";
    app.delivery_graphql(&room.key, "{ conditions { edges { cursor } } }", json!({})).await;

    let (statements, response) = statements_for(&app, &room.key, query).await;

    let edges = data(&response)["treatments"]["edges"].as_array().unwrap().clone();
    assert_eq!(edges.len(), 20);
    assert!(
        edges.iter().all(|edge| edge["node"]["conditions"][1]["condition"]["name"] == "Acne scars")
    );
    eprintln!("20 treatments with conditions and FAQs: {statements} SQL statement(s)");
    assert!(statements <= 3, "{statements} statements for one nested query");
}

#[tokio::test]
async fn a_treatment_its_conditions_and_their_treatments_cost_one_statement_per_level() {
    let app = spawn_app().await;
    let room = library(&app, 12).await;
    let query = "{ treatment(slug: \"treatment-00\") {
        name conditions { condition { name treatments { slug sessions { min max }
            treatment { faqs { question } conditions { slug } } } } }
    } }";
    app.delivery_graphql(&room.key, "{ conditions { edges { cursor } } }", json!({})).await;

    let (statements, response) = statements_for(&app, &room.key, query).await;

    let conditions = data(&response)["treatment"]["conditions"].as_array().unwrap().clone();
    assert!(
        conditions.iter().all(|c| c["condition"]["treatments"].as_array().unwrap().len() == 12)
    );
    eprintln!("treatment → conditions → treatments: {statements} SQL statement(s)");
    assert!(statements <= 3, "{statements} statements for three levels");
}
