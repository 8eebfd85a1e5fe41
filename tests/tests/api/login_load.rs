//! A burst of logins cannot take the server down: password hashes run a bounded few at a time,
//! a login that finds no turn is `503 BUSY` with `Retry-After`, the whole server has a login
//! rate besides each address's and account's, and delivery reads go on answering meanwhile.

use std::time::Duration;

use cutis::auth::roles::Role;
use cutis_tests::{microneedling, problem, spawn_app_with};
use serde_json::json;
use tokio::task::JoinSet;

#[tokio::test]
async fn a_burst_of_logins_is_refused_as_busy_past_the_hashing_bound_while_delivery_answers() {
    let app = spawn_app_with(|settings| {
        settings.password_hash_concurrency = 1;
        settings.password_hash_wait = Duration::from_millis(1);
        settings.login_rate_per_ip = 1_000;
        settings.login_rate_global = 1_000;
    })
    .await;
    let room = app.newsroom("acme").await;
    let created = app.create_treatment(&room.editor, "acme", &microneedling()).await;
    app.publish(&room, "treatments", &created).await;
    app.delivered(&room.key, "/v1/treatments/microneedling").await;
    let mut logins = JoinSet::new();
    let mut reads = JoinSet::new();

    for n in 0..40 {
        let (client, url) = (app.client.clone(), app.url("/v1/auth/login"));
        let body = json!({"email": format!("nobody-{n}@acme.example"), "password": "guess"});
        logins.spawn(async move { client.post(url).json(&body).send().await });
    }
    for _ in 0..10 {
        let (client, url) = (app.client.clone(), app.url("/v1/treatments/microneedling"));
        let key = room.key.clone();
        reads.spawn(async move { client.get(url).bearer_auth(key).send().await });
    }

    let mut busy = 0;
    while let Some(answer) = logins.join_next().await {
        let response = answer.unwrap().expect("every login is answered");
        let status = response.status().as_u16();
        assert!([401, 429, 503].contains(&status), "login answered {status}");
        if status == 503 {
            assert!(response.headers().contains_key("retry-after"), "503 without Retry-After");
            assert_eq!(problem(response, 503).await["code"], "BUSY");
            busy += 1;
        }
    }
    assert!(busy > 0, "forty hashes at once on a bound of one refused none");
    while let Some(answer) = reads.join_next().await {
        assert_eq!(answer.unwrap().expect("every read is answered").status(), 200);
    }
    app.sign_in_as("acme", Role::Reviewer).await;
}

#[tokio::test]
async fn logins_past_the_servers_own_rate_are_refused_though_each_address_may_go_on() {
    let app = spawn_app_with(|settings| {
        settings.login_rate_per_ip = 1_000;
        settings.login_rate_global = 3;
    })
    .await;
    let mut statuses = Vec::new();

    for n in 0..4 {
        let body = json!({"email": format!("nobody-{n}@acme.example"), "password": "guess"});
        statuses.push(app.post_json("/v1/auth/login", &body).await);
    }

    let last = statuses.pop().unwrap();
    for response in statuses {
        assert_eq!(response.status(), 401);
    }
    assert!(last.headers().contains_key("retry-after"));
    assert_eq!(problem(last, 429).await["code"], "TOO_MANY_REQUESTS");
}
