//! REST and GraphQL delivery serve the same values for the same published content: the
//! GraphQL result, with its camelCase names written in snake_case, equals the REST JSON.

use cutis_tests::{
    TestApp, clinic, collection, condition, data, entry, id_of, microneedling, spawn_app,
};
use serde_json::{Map, Value, json};

const TREATMENT_FIELDS: &str = "slug locale name alsoKnownAs summary body
    procedureMinutes { min max } sessions { min max } sessionIntervalWeeks { min max }
    downtimeDays { min max } downtimeNotes resultsTimeline contraindications
    sideEffects { effect frequency duration } suitableFor notSuitableFor
    aftercare { timing instruction } faqs { question answer }
    conditions { slug name sessions { min max } notes }
    complementary { slug name minSpacingWeeks note }
    media { asset kind role pair url mediaType width height alt caption credit focalPoint { x y }
        srcset { width height url } }
    references { title url year } seo { metaTitle metaDescription }
    review { reviewer reviewedAt nextReviewDue } version publishedAt";

/// `value` with every object key turned from camelCase into snake_case.
fn snake_cased(value: &Value) -> Value {
    match value {
        Value::Object(fields) => {
            let mut renamed = Map::new();
            for (name, field) in fields {
                let mut snake = String::new();
                for c in name.chars() {
                    if c.is_ascii_uppercase() {
                        snake.push('_');
                    }
                    snake.push(c.to_ascii_lowercase());
                }
                renamed.insert(snake, snake_cased(field));
            }
            Value::Object(renamed)
        }
        Value::Array(items) => Value::Array(items.iter().map(snake_cased).collect()),
        other => other.clone(),
    }
}

/// Asserts every field REST serves is in the GraphQL result with the same value.
fn assert_same_values(rest: &Value, graphql: &Value) {
    let graphql = snake_cased(graphql);
    let fields = rest.as_object().expect("a REST object");
    for (name, value) in fields {
        assert_eq!(Some(value), graphql.get(name), "field `{name}` differs");
    }
}

async fn publish_library(app: &TestApp) -> cutis_tests::Newsroom {
    let room = app.newsroom("acme").await;
    let melasma = app
        .create_entry(&room.editor, "acme", "conditions", &condition("melasma", "Melasma"))
        .await;
    app.publish(&room, "conditions", &melasma).await;
    let peel = json!({"slug": "chemical-peel", "name": "Chemical peel"});
    app.publish(&room, "treatments", &app.create_treatment(&room.editor, "acme", &peel).await)
        .await;
    let mut needling = microneedling();
    needling["conditions"] = json!([
        {"condition": "melasma", "sessions": {"min": 2, "max": 2}, "notes": "About two sessions."}
    ]);
    needling["complementary"] =
        json!([{"treatment": "chemical-peel", "min_spacing_weeks": 4, "note": "Alternate."}]);
    let hero = cutis_tests::media::picture(700, 400, image::ImageFormat::Jpeg);
    let metadata = json!({"alt": "A microneedling pen", "credit": "Acme", "focal_point": {"x": 0.5, "y": 0.25}});
    let hero = app.upload_media(&room.editor, "acme", ("hero.jpg", &hero), Some(&metadata)).await;
    needling["media"] = json!([{"asset": hero["id"], "role": "hero"}]);
    let created = app.create_treatment(&room.editor, "acme", &needling).await;
    app.publish(&room, "treatments", &created).await;
    room
}

#[tokio::test]
async fn a_published_treatment_has_the_same_values_over_rest_and_graphql() {
    let app = spawn_app().await;
    let room = publish_library(&app).await;
    let query = format!("{{ treatment(slug: \"microneedling\") {{ {TREATMENT_FIELDS} }} }}");

    let rest = app.delivered(&room.key, "/v1/treatments/microneedling").await;
    let graphql = app.delivery_graphql(&room.key, &query, json!({})).await;

    assert_same_values(&rest, &data(&graphql)["treatment"]);
    assert_eq!(rest["conditions"][0]["notes"], "About two sessions.");
    assert_eq!(rest["media"][0]["srcset"][1]["width"], 640);
}

#[tokio::test]
async fn a_treatment_list_and_a_condition_have_the_same_values_over_rest_and_graphql() {
    let app = spawn_app().await;
    let room = publish_library(&app).await;
    let query = format!(
        "{{ treatments(first: 1) {{ edges {{ node {{ {TREATMENT_FIELDS} }} }} pageInfo {{ endCursor }} }}
           condition(slug: \"melasma\") {{
             slug locale name synonyms summary body review {{ reviewer reviewedAt nextReviewDue }} version publishedAt
             treatments {{ slug name summary sessions {{ min max }} notes }}
           }} }}"
    );

    let list = app.delivered(&room.key, "/v1/treatments?limit=1").await;
    let condition = app.delivered(&room.key, "/v1/conditions/melasma").await;
    let graphql = app.delivery_graphql(&room.key, &query, json!({})).await;

    let treatments = &data(&graphql)["treatments"];
    assert_same_values(&list["items"][0], &treatments["edges"][0]["node"]);
    assert_eq!(list["next_cursor"], treatments["pageInfo"]["endCursor"]);
    assert_same_values(&condition, &data(&graphql)["condition"]);
}

#[tokio::test]
async fn a_clinic_and_its_offering_have_the_same_values_over_rest_and_graphql() {
    let app = spawn_app().await;
    let room = publish_library(&app).await;
    let created = app
        .create_entry(&room.editor, "acme", "clinics", &clinic("scarborough", "Scarborough"))
        .await;
    let id = id_of(&created);
    let offering = json!({"treatment": "microneedling", "active": true,
        "price_from": {"amount": 29900, "currency": "CAD"}, "duration_minutes": 60,
        "booking_url": "https://scarborough.example/book", "notes": "Numbing cream included."});
    let offerings = format!("{}/{id}/offerings", collection("acme", "clinics"));
    assert_eq!(app.post_as(&room.editor, &offerings, &offering).await.status(), 201);
    let current = app.read_entry(&room.editor, &entry("acme", "clinics", &id)).await;
    app.publish(&room, "clinics", &current).await;
    let query = "{
        clinic(slug: \"scarborough\") {
            slug locale name address city region country phone bookingUrl timezone version publishedAt
            offerings { treatment: treatmentSlug active priceFrom { amount currency } durationMinutes bookingUrl notes }
        }
        treatments(filter: {clinic: \"scarborough\"}) { edges { node {
            offering { active priceFrom { amount currency } durationMinutes bookingUrl notes clinic { slug name } }
        } } }
    }";

    let rest_clinic = app.delivered(&room.key, "/v1/clinics/scarborough").await;
    let rest_list = app.delivered(&room.key, "/v1/treatments?clinic=scarborough").await;
    let graphql = app.delivery_graphql(&room.key, query, json!({})).await;

    assert_same_values(&rest_clinic, &data(&graphql)["clinic"]);
    let node = &data(&graphql)["treatments"]["edges"][0]["node"];
    assert_same_values(&rest_list["items"][0]["offering"], &node["offering"]);
}
