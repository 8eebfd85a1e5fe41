use cutis_tests::{problem, spawn_app};
use std::time::Duration;

#[tokio::test]
async fn healthz_answers_ok_with_a_request_id() {
    let app = spawn_app().await;

    let response = app.get("/healthz").await;

    assert_eq!(response.status(), 200);
    assert!(response.headers().contains_key("x-request-id"));
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["status"], "ok");
}

#[tokio::test]
async fn readyz_answers_ok_when_the_database_answers() {
    let app = spawn_app().await;

    let response = app.get("/readyz").await;

    assert_eq!(response.status(), 200);
}

#[tokio::test]
async fn readyz_is_503_while_the_database_is_unreachable_and_recovers_after() {
    let app = spawn_app().await;
    assert_eq!(app.get("/readyz").await.status(), 200);

    if !app.database.make_unreachable().await {
        eprintln!("skipped: an open SQLite file cannot be made unreachable; runs on PostgreSQL");
        return;
    }
    let body = problem(app.get("/readyz").await, 503).await;
    assert_eq!(body["code"], "UNAVAILABLE");
    assert_eq!(app.get("/healthz").await.status(), 200, "liveness does not depend on the database");

    app.database.make_reachable().await;
    let mut status = 0;
    for _ in 0..50 {
        status = app.get("/readyz").await.status().as_u16();
        if status == 200 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(status, 200, "readiness comes back once the database does");
}

#[tokio::test]
async fn metrics_count_requests_by_route_pattern_and_status() {
    let app = spawn_app().await;
    app.get("/healthz").await;
    app.get("/v1/no-such-thing").await;

    let response = app.get("/metrics").await;

    assert_eq!(response.status(), 200);
    let text = response.text().await.unwrap();
    assert!(
        text.contains(r#"cutis_http_requests_total{method="GET",route="/healthz",status="200"} 1"#),
        "{text}"
    );
    assert!(text.contains(r#"route="unmatched",status="404""#), "{text}");
    assert!(text.contains("cutis_http_request_duration_seconds_bucket"), "{text}");
    assert!(text.contains(r#"cutis_db_statements_total{outcome="ok"}"#), "{text}");
}
