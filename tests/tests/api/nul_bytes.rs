//! Text holding a NUL character is refused at the edge with the same answer on SQLite and
//! PostgreSQL (which cannot store one): 404 in a path, 422 on the field in a query parameter,
//! a cursor or a body. Never a 503, never a match of every row.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use cutis::auth::roles::Role;
use cutis_tests::{collection, microneedling, problem, spawn_app};
use serde_json::{Value, json};

fn cursor(data: &Value) -> String {
    URL_SAFE_NO_PAD.encode(data.to_string())
}

#[tokio::test]
async fn a_delivery_slug_holding_a_nul_is_not_found() {
    let app = spawn_app().await;
    let room = app.newsroom("acme").await;
    let created = app.create_treatment(&room.editor, "acme", &microneedling()).await;
    app.publish(&room, "treatments", &created).await;

    for path in ["/v1/treatments/a%00b", "/v1/treatments/microneedling%00", "/v1/conditions/%00"] {
        let response = app.deliver(&room.key, path).await;

        let problem = problem(response, 404).await;
        assert_eq!(problem["code"], "NOT_FOUND", "{path}");
    }
    app.delivered(&room.key, "/v1/treatments/microneedling").await;
}

#[tokio::test]
async fn a_search_holding_a_nul_is_refused_on_q_not_matched_against_every_row() {
    let app = spawn_app().await;
    let room = app.newsroom("acme").await;
    let created = app.create_treatment(&room.editor, "acme", &microneedling()).await;
    app.publish(&room, "treatments", &created).await;

    let delivered = app.deliver(&room.key, "/v1/treatments?q=%00").await;
    let admin =
        app.get_as(&room.editor, &format!("{}?q=needl%00", collection("acme", "treatments"))).await;

    for response in [delivered, admin] {
        let problem = problem(response, 422).await;
        assert_eq!(problem["code"], "VALIDATION");
        assert_eq!(problem["errors"][0]["field"], "q");
    }
}

#[tokio::test]
async fn a_cursor_holding_a_nul_is_refused_on_cursor() {
    let app = spawn_app().await;
    let room = app.newsroom("acme").await;
    let created = app.create_treatment(&room.editor, "acme", &microneedling()).await;
    app.publish(&room, "treatments", &created).await;
    let delivery_cursor = cursor(&json!({"after": "a\u{0}b"}));
    let admin_cursor = cursor(&json!({
        "s": "name", "o": "asc", "k": "micro\u{0}", "i": "01890a5d-ac96-774b-bcce-b302099a8057"
    }));

    let delivered =
        app.deliver(&room.key, &format!("/v1/treatments?cursor={delivery_cursor}")).await;
    let admin_path =
        format!("{}?sort=name&cursor={admin_cursor}", collection("acme", "treatments"));
    let admin = app.get_as(&room.editor, &admin_path).await;

    for response in [delivered, admin] {
        let problem = problem(response, 422).await;
        assert_eq!(problem["errors"][0]["field"], "cursor");
    }
}

#[tokio::test]
async fn a_name_holding_a_nul_is_refused_on_its_field_and_nothing_is_written() {
    let app = spawn_app().await;
    let editor = app.sign_in_as("acme", Role::Editor).await;
    let mut with_nul_name = microneedling();
    with_nul_name["name"] = json!("Micro\u{0}needling");
    let mut with_nul_faq = microneedling();
    with_nul_faq["faqs"][1]["answer"] = json!("\u{0}");
    let path = collection("acme", "treatments");

    for (body, field) in [(with_nul_name, "name"), (with_nul_faq, "faqs[1].answer")] {
        let response = app.post_as(&editor, &path, &body).await;

        let problem = problem(response, 422).await;
        assert_eq!(problem["errors"][0]["field"], field);
        assert!(problem["errors"][0]["message"].as_str().unwrap().contains("NUL"), "{problem}");
    }
    let listed: Value = app.get_as(&editor, &path).await.json().await.unwrap();
    assert_eq!(listed["items"], json!([]));
}

#[tokio::test]
async fn an_admin_path_holding_a_nul_is_not_found() {
    let app = spawn_app().await;
    let editor = app.sign_in_as("acme", Role::Editor).await;

    let response = app.get_as(&editor, "/admin/v1/workspaces/ac%00me/treatments").await;

    let problem = problem(response, 404).await;
    assert_eq!(problem["code"], "NOT_FOUND");
}
