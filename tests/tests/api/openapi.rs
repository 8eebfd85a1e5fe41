use cutis_tests::spawn_app;

/// The committed document is what the server serves. Regenerate it with
/// `cargo run -- openapi > openapi/openapi.json` (or run this test with `CUTIS_UPDATE_OPENAPI=1`).
#[tokio::test]
async fn the_committed_openapi_document_is_current() {
    let app = spawn_app().await;
    let served: serde_json::Value = app.get("/openapi.json").await.json().await.unwrap();
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../openapi/openapi.json");
    let generated = cutis::rest::openapi::document_json();
    if std::env::var("CUTIS_UPDATE_OPENAPI").is_ok() {
        std::fs::write(path, &generated).expect("write openapi/openapi.json");
    }

    let committed = std::fs::read_to_string(path).unwrap_or_default();

    assert_eq!(served, serde_json::from_str::<serde_json::Value>(&generated).unwrap());
    assert!(
        committed == generated,
        "openapi/openapi.json is stale: run `cargo run -- openapi > openapi/openapi.json`"
    );
}

#[tokio::test]
async fn swagger_ui_is_served_at_docs() {
    let app = spawn_app().await;

    let redirect = app.get("/docs").await;
    let page = app.get("/docs/").await;

    assert_eq!(redirect.status(), 308);
    assert_eq!(page.status(), 200);
    assert!(page.text().await.unwrap().contains("swagger"));
}

/// Generated clients name methods by operationId and Swagger UI builds "Try it out" from it,
/// so two operations sharing one make a client call the wrong endpoint.
#[tokio::test]
async fn every_operation_has_its_own_operation_id_and_every_response_a_description() {
    let app = spawn_app().await;

    let document: serde_json::Value = app.get("/openapi.json").await.json().await.unwrap();

    let mut ids = std::collections::BTreeMap::<String, Vec<String>>::new();
    let mut undescribed = Vec::new();
    for (path, item) in document["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            let operation_id = operation["operationId"].as_str().unwrap_or_default().to_owned();
            ids.entry(operation_id).or_default().push(format!("{method} {path}"));
            for (status, response) in operation["responses"].as_object().unwrap() {
                if response["description"].as_str().is_none_or(str::is_empty) {
                    undescribed.push(format!("{method} {path} {status}"));
                }
            }
        }
    }
    let shared: Vec<_> = ids.iter().filter(|(id, uses)| id.is_empty() || uses.len() > 1).collect();

    assert!(shared.is_empty(), "operationIds missing or shared: {shared:?}");
    assert!(undescribed.is_empty(), "responses without a description: {undescribed:?}");
    assert_eq!(document["servers"][0]["url"], "/");
}
