//! Clinics in delivery: offerings merged into treatments, and keys limited to one clinic.

use cutis::accounts::api_keys::KeyKind;
use cutis_tests::{Newsroom, TestApp, clinic, collection, microneedling, problem, spawn_app};
use serde_json::{Value, json};

async fn clinic_with_offering(app: &TestApp, room: &Newsroom, slug: &str, price: i64) -> Value {
    let created = app
        .create_entry(&room.editor, "acme", "clinics", &clinic(slug, &format!("{slug} clinic")))
        .await;
    let id = created["id"].as_str().unwrap();
    let offering = json!({
        "treatment": "microneedling", "active": true,
        "price_from": {"amount": price, "currency": "CAD"}, "duration_minutes": 60,
        "booking_url": format!("https://{slug}.example/book"), "notes": "Numbing cream included."
    });
    let path = format!("{}/{id}/offerings", collection("acme", "clinics"));
    let response = app.post_as(&room.editor, &path, &offering).await;
    assert_eq!(response.status(), 201, "{}", response.text().await.unwrap());
    let current =
        app.read_entry(&room.editor, &format!("{}/{id}", collection("acme", "clinics"))).await;
    app.publish(room, "clinics", &current).await
}

async fn published_room(app: &TestApp) -> Newsroom {
    let room = app.newsroom("acme").await;
    app.publish(
        &room,
        "treatments",
        &app.create_treatment(&room.editor, "acme", &microneedling()).await,
    )
    .await;
    let peel = json!({"slug": "chemical-peel", "name": "Chemical peel"});
    app.publish(&room, "treatments", &app.create_treatment(&room.editor, "acme", &peel).await)
        .await;
    room
}

#[tokio::test]
async fn the_clinic_filter_lists_what_it_offers_with_the_offering_merged_in() {
    let app = spawn_app().await;
    let room = published_room(&app).await;
    clinic_with_offering(&app, &room, "scarborough", 29900).await;

    let listed = app.delivered(&room.key, "/v1/treatments?clinic=scarborough").await;
    let nested = app.delivered(&room.key, "/v1/clinics/scarborough/treatments").await;

    let items = listed["items"].as_array().unwrap();
    assert_eq!(items.len(), 1, "the peel is not offered there");
    assert_eq!(items[0]["slug"], "microneedling");
    assert_eq!(items[0]["offering"]["price_from"], json!({"amount": 29900, "currency": "CAD"}));
    assert_eq!(items[0]["offering"]["booking_url"], "https://scarborough.example/book");
    assert_eq!(nested["items"], listed["items"]);
    problem(app.deliver(&room.key, "/v1/treatments?clinic=nowhere").await, 404).await;
}

#[tokio::test]
async fn a_clinic_scoped_key_sees_only_its_clinic() {
    let app = spawn_app().await;
    let room = published_room(&app).await;
    clinic_with_offering(&app, &room, "scarborough", 29900).await;
    clinic_with_offering(&app, &room, "markham", 32900).await;
    let workspace =
        cutis::accounts::workspaces::find_by_slug(&app.db, "acme").await.unwrap().unwrap();
    let markham_key = app.api_key(&workspace, KeyKind::Delivery, Some("markham")).await;

    let clinics = app.delivered(&markham_key, "/v1/clinics").await;
    let treatments = app.delivered(&markham_key, "/v1/treatments").await;
    let one = app.delivered(&markham_key, "/v1/treatments/microneedling").await;

    assert_eq!(clinics["items"].as_array().unwrap().len(), 1);
    assert_eq!(clinics["items"][0]["slug"], "markham");
    assert_eq!(treatments["items"].as_array().unwrap().len(), 1);
    assert_eq!(one["offering"]["price_from"]["amount"], 32900);
    problem(app.deliver(&markham_key, "/v1/clinics/scarborough").await, 404).await;
    problem(app.deliver(&markham_key, "/v1/treatments/chemical-peel").await, 404).await;
}

#[tokio::test]
async fn a_clinic_scoped_key_sees_only_offered_treatments_under_a_condition() {
    let app = spawn_app().await;
    let room = app.newsroom("acme").await;
    let condition = app.create_condition(&room.editor, "acme", "melasma", "Melasma").await;
    app.publish(&room, "conditions", &condition).await;
    let linked = json!([{"condition": "melasma"}]);
    let mut needling = microneedling();
    needling["conditions"] = linked.clone();
    app.publish(&room, "treatments", &app.create_treatment(&room.editor, "acme", &needling).await)
        .await;
    let peel = json!({"slug": "chemical-peel", "name": "Chemical peel", "conditions": linked});
    app.publish(&room, "treatments", &app.create_treatment(&room.editor, "acme", &peel).await)
        .await;
    clinic_with_offering(&app, &room, "markham", 32900).await;
    let workspace =
        cutis::accounts::workspaces::find_by_slug(&app.db, "acme").await.unwrap().unwrap();
    let markham_key = app.api_key(&workspace, KeyKind::Delivery, Some("markham")).await;

    let for_all = app.delivered(&room.key, "/v1/conditions/melasma").await;
    let for_markham = app.delivered(&markham_key, "/v1/conditions/melasma").await;

    assert_eq!(for_all["treatments"].as_array().unwrap().len(), 2);
    let slugs: Vec<&str> = for_markham["treatments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["slug"].as_str().unwrap())
        .collect();
    assert_eq!(slugs, ["microneedling"]);
}
