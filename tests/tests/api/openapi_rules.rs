//! The OpenAPI document states the server's rules and the shapes it sends, so a client
//! generated from it refuses what the server refuses and reads what the server writes. Each
//! test reads a limit from the served document and holds the server to it.

use cutis::auth::roles::Role;
use cutis_tests::{TestApp, collection, microneedling, problem, spawn_app};
use serde_json::{Value, json};

/// The admin treatment list's path template in the document.
const TREATMENTS: &str = "/admin/v1/workspaces/{workspace}/treatments";

async fn document(app: &TestApp) -> Value {
    app.get("/openapi.json").await.json().await.unwrap()
}

fn schema<'a>(document: &'a Value, name: &str) -> &'a Value {
    &document["components"]["schemas"][name]
}

fn parameter<'a>(document: &'a Value, path: &str, name: &str) -> &'a Value {
    let parameters = document["paths"][path]["get"]["parameters"].as_array().unwrap();
    let found = parameters.iter().find(|parameter| parameter["name"] == name);
    &found.unwrap_or_else(|| panic!("GET {path} has no parameter {name}"))["schema"]
}

#[tokio::test]
async fn a_name_one_character_over_the_documented_length_is_refused_and_one_at_it_is_accepted() {
    let app = spawn_app().await;
    let editor = app.sign_in_as("acme", Role::Editor).await;
    let document = document(&app).await;
    let max = schema(&document, "TreatmentBody")["properties"]["name"]["maxLength"]
        .as_u64()
        .expect("the name's documented maxLength") as usize;
    let path = collection("acme", "treatments");

    let mut over = microneedling();
    over["name"] = json!("n".repeat(max + 1));
    let refused = app.post_as(&editor, &path, &over).await;
    let mut at = microneedling();
    at["name"] = json!("n".repeat(max));
    let accepted = app.post_as(&editor, &path, &at).await;

    let problem = problem(refused, 422).await;
    assert_eq!(problem["errors"][0]["field"], "name");
    assert_eq!(accepted.status(), 201);
}

#[tokio::test]
async fn delivery_and_admin_limits_are_integers_within_the_bounds_the_server_enforces() {
    let app = spawn_app().await;
    let room = app.newsroom("acme").await;
    let document = document(&app).await;
    let delivery = parameter(&document, "/v1/treatments", "limit");
    let admin = parameter(&document, TREATMENTS, "limit");

    for limit in [delivery, admin] {
        assert_eq!(limit["type"], "integer");
        assert_eq!(limit["minimum"], 1);
    }
    let max = delivery["maximum"].as_u64().unwrap();
    let admin_path = collection("acme", "treatments");
    let admin_max = admin["maximum"].as_u64().unwrap();
    let over = app.deliver(&room.key, &format!("/v1/treatments?limit={}", max + 1)).await;
    let zero = app.deliver(&room.key, "/v1/treatments?limit=0").await;
    let at = app.deliver(&room.key, &format!("/v1/treatments?limit={max}")).await;
    let admin_over =
        app.get_as(&room.editor, &format!("{admin_path}?limit={}", admin_max + 1)).await;
    let admin_at = app.get_as(&room.editor, &format!("{admin_path}?limit={admin_max}")).await;

    assert_eq!(problem(over, 422).await["errors"][0]["field"], "limit");
    assert_eq!(problem(zero, 422).await["errors"][0]["field"], "limit");
    assert_eq!(at.status(), 200);
    assert_eq!(problem(admin_over, 422).await["errors"][0]["field"], "limit");
    assert_eq!(admin_at.status(), 200);
}

#[tokio::test]
async fn sort_order_and_status_are_the_spellings_the_server_accepts() {
    let app = spawn_app().await;
    let editor = app.sign_in_as("acme", Role::Editor).await;
    let document = document(&app).await;
    let list = collection("acme", "treatments");

    for name in ["sort", "order", "status"] {
        let spellings = parameter(&document, TREATMENTS, name)["enum"].as_array().unwrap().clone();
        assert!(spellings.len() >= 2, "{name} lists its spellings");
        for spelling in spellings {
            let spelling = spelling.as_str().unwrap();
            let listed = app.get_as(&editor, &format!("{list}?{name}={spelling}")).await;
            assert_eq!(listed.status(), 200, "{name}={spelling}");
        }
        let refused = app.get_as(&editor, &format!("{list}?{name}=sideways")).await;
        assert_eq!(problem(refused, 422).await["errors"][0]["field"], name);
    }
}

#[tokio::test]
async fn a_slug_the_documented_pattern_refuses_is_refused_and_creating_requires_what_post_needs() {
    let app = spawn_app().await;
    let editor = app.sign_in_as("acme", Role::Editor).await;
    let document = document(&app).await;
    let created = schema(&document, "NewTreatmentBody");
    let pattern = created["properties"]["slug"]["pattern"].as_str().unwrap();
    let path = collection("acme", "treatments");

    let mut bad = microneedling();
    bad["slug"] = json!("Skin Needling");
    let refused = app.post_as(&editor, &path, &bad).await;
    let mut nameless = microneedling();
    nameless.as_object_mut().unwrap().remove("name");
    let unnamed = app.post_as(&editor, &path, &nameless).await;

    assert_eq!(pattern, cutis::validated::Slug::PATTERN);
    assert_eq!(created["required"], json!(["slug", "name"]));
    assert_eq!(
        document["paths"][TREATMENTS]["post"]["requestBody"]["content"]["application/json"]["schema"]
            ["$ref"],
        "#/components/schemas/NewTreatmentBody"
    );
    assert_eq!(problem(refused, 422).await["errors"][0]["field"], "slug");
    assert_eq!(problem(unnamed, 422).await["errors"][0]["field"], "name");
}

#[tokio::test]
async fn every_delivery_list_and_document_names_its_schema() {
    let app = spawn_app().await;
    let document = document(&app).await;
    let cases = [
        ("/v1/treatments", "application/json", "DeliveryTreatmentList"),
        ("/v1/conditions", "application/json", "DeliveryConditionList"),
        ("/v1/clinics", "application/json", "DeliveryClinicList"),
        ("/v1/clinics/{slug}/treatments", "application/json", "DeliveryTreatmentList"),
        ("/v1/treatments/{slug}", "application/json", "DeliveryTreatment"),
        ("/v1/conditions/{slug}", "application/json", "DeliveryCondition"),
        ("/v1/treatments/{slug}/jsonld", "application/ld+json", "TreatmentJsonLd"),
    ];

    for (path, media_type, name) in cases {
        let response = &document["paths"][path]["get"]["responses"]["200"]["content"][media_type];
        assert_eq!(response["schema"]["$ref"], format!("#/components/schemas/{name}"), "{path}");
    }
    for list in ["DeliveryTreatmentList", "DeliveryConditionList", "DeliveryClinicList"] {
        assert_eq!(schema(&document, list)["required"], json!(["items", "locale"]), "{list}");
    }
    let condition = &schema(&document, "DeliveryCondition")["allOf"][1];
    assert_eq!(
        condition["properties"]["treatments"]["items"]["$ref"],
        json!("#/components/schemas/ConditionTreatment")
    );
    let json_ld = &schema(&document, "TreatmentJsonLd")["properties"];
    assert!(json_ld["@context"].is_object() && json_ld["@graph"].is_object());
}

/// The document allows an empty `cursor` on every list, and the server reads it as the first
/// page, as delivery lists always have.
#[tokio::test]
async fn an_empty_cursor_is_the_first_page_of_admin_and_revision_lists() {
    let app = spawn_app().await;
    let editor = app.sign_in_as("acme", Role::Editor).await;
    let path = collection("acme", "treatments");
    let created: Value = app.post_as(&editor, &path, &microneedling()).await.json().await.unwrap();
    let id = created["id"].as_str().unwrap();

    let listed = app.get_as(&editor, &format!("{path}?cursor=")).await;
    let revisions = app.get_as(&editor, &format!("{path}/{id}/revisions?cursor=")).await;

    assert_eq!(listed.status(), 200);
    let listed: Value = listed.json().await.unwrap();
    assert_eq!(listed["items"][0]["id"], created["id"]);
    assert_eq!(revisions.status(), 200);
    let revisions: Value = revisions.json().await.unwrap();
    assert_eq!(revisions["items"][0]["version"], 1);
}
