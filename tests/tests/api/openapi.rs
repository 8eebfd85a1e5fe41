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
