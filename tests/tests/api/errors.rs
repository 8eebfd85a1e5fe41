use cutis_tests::{problem, spawn_app};
use reqwest::Method;

#[tokio::test]
async fn an_unknown_route_is_a_problem_json_404() {
    let app = spawn_app().await;

    let body = problem(app.get("/v1/no-such-thing").await, 404).await;

    assert_eq!(body["code"], "NOT_FOUND");
    assert_eq!(body["type"], "urn:cutis:problem:not-found");
    assert_eq!(body["title"], "Not Found");
    assert!(body["detail"].as_str().unwrap().contains("/v1/no-such-thing"));
}

#[tokio::test]
async fn a_wrong_method_is_a_problem_json_405() {
    let app = spawn_app().await;

    let response = app.request(Method::DELETE, "/healthz").send().await.unwrap();

    let body = problem(response, 405).await;
    assert_eq!(body["code"], "METHOD_NOT_ALLOWED");
    assert!(body["detail"].as_str().unwrap().contains("DELETE"));
}
