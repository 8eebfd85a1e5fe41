//! Webhooks: registered by owners and admins, sent signed (verified by the Standard Webhooks
//! reference library) when entries change, retried with one `webhook-id`, never to private
//! addresses unless allowed, filtered by event and clinic, and private to their workspace.

use std::time::{Duration, Instant};

use cutis::auth::roles::Role;
use cutis::config::Settings;
use cutis_tests::{
    Newsroom, Receiver, Session, TestApp, microneedling, problem, spawn_app, spawn_app_with,
    standard_webhooks,
};
use reqwest::Method;
use serde_json::{Value, json};

/// Private addresses allowed (the receiver is on 127.0.0.1) and the worker quick.
pub fn quick(settings: &mut Settings) {
    settings.webhooks.allow_private = true;
    settings.webhooks.interval = Duration::from_millis(20);
    settings.webhooks.retry_base = Duration::from_millis(20);
}

pub fn hooks(workspace: &str) -> String {
    format!("/admin/v1/workspaces/{workspace}/webhooks")
}

pub async fn register(app: &TestApp, admin: &Session, workspace: &str, body: &Value) -> Value {
    let response = app.post_as(admin, &hooks(workspace), body).await;
    let status = response.status();
    let text = response.text().await.unwrap();
    assert_eq!(status, 201, "registering a webhook: {text}");
    serde_json::from_str(&text).unwrap()
}

/// The deliveries of webhook `hook` once none is pending (waiting up to 30 s).
pub async fn settled(app: &TestApp, admin: &Session, hook: &Value, count: usize) -> Vec<Value> {
    let path = format!("{}/deliveries?limit=100", hook_path(hook));
    let started = Instant::now();
    loop {
        let page: Value = app.get_as(admin, &path).await.json().await.unwrap();
        let items = page["items"].as_array().unwrap().clone();
        if items.len() >= count && items.iter().all(|d| d["status"] != "pending") {
            return items;
        }
        assert!(started.elapsed() < Duration::from_secs(30), "deliveries still pending: {page}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// The admin path of a webhook of `acme`.
pub fn hook_path(hook: &Value) -> String {
    format!("{}/{}", hooks("acme"), hook["id"].as_str().unwrap())
}

async fn room_with_admin(app: &TestApp) -> (Newsroom, Session) {
    let room = app.newsroom("acme").await;
    let admin = app.sign_in_as("acme", Role::Admin).await;
    (room, admin)
}

#[tokio::test]
async fn a_publish_is_delivered_signed_so_the_reference_library_verifies_it() {
    let app = spawn_app_with(quick).await;
    let (room, admin) = room_with_admin(&app).await;
    let receiver = Receiver::start(&[]).await;
    let hook = register(
        &app,
        &admin,
        "acme",
        &json!({"url": receiver.url, "events": ["treatment.published"], "description": "Site"}),
    )
    .await;
    let secret = hook["secret"].as_str().unwrap();
    assert!(secret.starts_with("whsec_"), "{hook}");

    let draft = app.create_treatment(&room.editor, "acme", &microneedling()).await;
    app.publish(&room, "treatments", &draft).await;

    let received = receiver.wait_for(1).await;
    let event = received[0].json();
    assert_eq!(event["type"], "treatment.published");
    let data = &event["data"];
    assert_eq!(
        (data["workspace"].as_str(), data["slug"].as_str()),
        (Some("acme"), Some("microneedling"))
    );
    assert_eq!(
        (data["kind"].as_str(), data["status"].as_str()),
        (Some("treatment"), Some("published"))
    );
    assert_eq!(data["version"], 4);
    assert_eq!(data["locales"], json!(["en"]));
    let paths: Vec<&str> =
        data["paths"].as_array().unwrap().iter().filter_map(Value::as_str).collect();
    for path in
        ["/v1/treatments/microneedling", "/v1/treatments/microneedling?locale=fr", "/v1/treatments"]
    {
        assert!(paths.contains(&path), "{path} missing from {paths:?}");
    }
    assert_eq!(data["surrogate_keys"], json!(["workspace:acme", "treatment:microneedling"]));
    assert!(received[0].header("webhook-id").starts_with("msg_"));
    match standard_webhooks::verify(secret, &received[0]) {
        None => eprintln!("skipped the reference library check: python3/pip unavailable"),
        Some(verified) => {
            assert_eq!(verified, Ok(()), "the reference library refused the signature");
            let mut tampered = received[0].clone();
            tampered.body = tampered.body.replacen("microneedling", "microneedlinG", 1);
            let refused = standard_webhooks::verify(secret, &tampered).unwrap();
            assert!(refused.is_err(), "a changed byte must fail verification");
        }
    }
    let deliveries = settled(&app, &admin, &hook, 1).await;
    assert_eq!(deliveries.len(), 1, "submit and approve are not subscribed: {deliveries:?}");
    assert_eq!(
        (deliveries[0]["status"].as_str(), deliveries[0]["attempts"].as_i64()),
        (Some("delivered"), Some(1))
    );
    assert_eq!(deliveries[0]["last_status_code"], 200);
    assert_eq!(deliveries[0]["last_response_body"], "answered 200");
}

#[tokio::test]
async fn a_receiver_failing_twice_then_answering_sees_three_attempts_with_one_webhook_id() {
    let app = spawn_app_with(quick).await;
    let (room, admin) = room_with_admin(&app).await;
    let receiver = Receiver::start(&[500, 503]).await;
    let hook =
        register(&app, &admin, "acme", &json!({"url": receiver.url, "events": ["treatment.*"]}))
            .await;

    let draft = app.create_treatment(&room.editor, "acme", &microneedling()).await;
    let path = cutis_tests::entry("acme", "treatments", draft["id"].as_str().unwrap());
    app.step(&room.editor, &path, "submit", 1, None).await;

    let received = receiver.wait_for(3).await;
    let ids: Vec<&str> = received.iter().map(|r| r.header("webhook-id")).collect();
    assert_eq!(ids, [ids[0]; 3], "every attempt carries the same webhook-id");
    let deliveries = settled(&app, &admin, &hook, 1).await;
    assert_eq!(deliveries[0]["event"], "treatment.submitted");
    assert_eq!(deliveries[0]["attempts"], 3);
    assert_eq!(deliveries[0]["status"], "delivered");
    assert_eq!(format!("msg_{}", deliveries[0]["id"].as_str().unwrap().replace('-', "")), ids[0]);
    assert_eq!(receiver.received().len(), 3, "nothing is sent after the 200");
}

#[tokio::test]
async fn private_and_metadata_addresses_and_plain_http_are_refused_when_saved() {
    let app = spawn_app().await;
    let admin = app.sign_in_as("acme", Role::Owner).await;

    for (url, says) in [
        ("https://127.0.0.1/hook", "127.0.0.1, a loopback address"),
        ("https://169.254.169.254/latest/meta-data/", "169.254.169.254, a cloud metadata address"),
        ("https://10.0.0.8/hook", "a private address"),
        ("http://clinic.example/hook", "https://"),
    ] {
        let body = json!({"url": url, "events": ["*"]});
        let refused = problem(app.post_as(&admin, &hooks("acme"), &body).await, 422).await;
        assert_eq!(refused["errors"][0]["field"], "url");
        let message = refused["errors"][0]["message"].as_str().unwrap();
        assert!(message.contains(says), "{url}: {message}");
    }
    let listed: Value = app.get_as(&admin, &hooks("acme")).await.json().await.unwrap();
    assert_eq!(listed["items"], json!([]), "nothing was saved");
}

#[tokio::test]
async fn an_address_is_checked_again_when_sent_and_a_private_one_is_refused() {
    // The first server may save anything and sends nothing now; the replica sends, and may
    // not reach private addresses.
    let app = spawn_app_with(|settings| {
        quick(settings);
        settings.webhooks.interval = Duration::from_secs(3600);
    })
    .await;
    let replica = app
        .spawn_replica(|settings| {
            settings.webhooks.interval = Duration::from_millis(20);
        })
        .await;
    let admin = app.sign_in_as("acme", Role::Admin).await;
    let receiver = Receiver::start(&[]).await;
    let url = format!("https://localhost:{}/hook", receiver.port);
    let hook = register(&app, &admin, "acme", &json!({"url": url, "events": ["*"]})).await;

    let ping = app.post_as(&admin, &format!("{}/ping", hook_path(&hook)), &json!({})).await;
    assert_eq!(ping.status(), 202);

    let path = format!("{}/deliveries", hook_path(&hook));
    let started = Instant::now();
    let delivery = loop {
        let page: Value = app.get_as(&admin, &path).await.json().await.unwrap();
        if page["items"][0]["attempts"].as_i64() >= Some(1)
            && !page["items"][0]["last_error"].is_null()
        {
            break page["items"][0].clone();
        }
        assert!(started.elapsed() < Duration::from_secs(30), "no attempt was made: {page}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    let error = delivery["last_error"].as_str().unwrap();
    assert!(error.contains("refused") && error.contains("a loopback address"), "{error}");
    assert_eq!(delivery["status"], "pending", "a refusal is retried like any failure");
    assert!(receiver.received().is_empty(), "nothing reached the private address");
    drop(replica);
}

#[tokio::test]
async fn an_endpoint_answering_410_gone_is_disabled_with_the_reason_shown() {
    let app = spawn_app_with(quick).await;
    let admin = app.sign_in_as("acme", Role::Admin).await;
    let receiver = Receiver::start(&[410]).await;
    let hook = register(&app, &admin, "acme", &json!({"url": receiver.url, "events": ["*"]})).await;

    app.post_as(&admin, &format!("{}/ping", hook_path(&hook)), &json!({})).await;

    let deliveries = settled(&app, &admin, &hook, 1).await;
    assert_eq!(
        (deliveries[0]["status"].as_str(), deliveries[0]["last_status_code"].as_i64()),
        (Some("failed"), Some(410))
    );
    let now: Value = app.get_as(&admin, &hook_path(&hook)).await.json().await.unwrap();
    assert_eq!(now["active"], false);
    assert!(now["disabled_reason"].as_str().unwrap().contains("410 Gone"), "{now}");

    let enabled = app.authed(Method::PATCH, &hook_path(&hook), &admin.access_token);
    let enabled = enabled.json(&json!({"active": true})).send().await.unwrap();
    let enabled: Value = enabled.json().await.unwrap();
    assert_eq!(
        (enabled["active"].as_bool(), &enabled["disabled_reason"]),
        (Some(true), &Value::Null)
    );
}

#[tokio::test]
async fn events_and_clinic_filters_choose_what_each_endpoint_hears() {
    let app = spawn_app_with(quick).await;
    let (room, admin) = room_with_admin(&app).await;
    let receiver = Receiver::start(&[]).await;
    let scarborough = app.create_clinic(&room.editor, "acme", "scarborough", "Scarborough").await;
    let york = app.create_clinic(&room.editor, "acme", "york", "York").await;
    let conditions =
        register(&app, &admin, "acme", &json!({"url": receiver.url, "events": ["condition.*"]}))
            .await;
    let clinic = register(
        &app,
        &admin,
        "acme",
        &json!({"url": receiver.url, "events": ["*"], "clinic": "scarborough"}),
    )
    .await;
    assert_eq!(clinic["clinic"], "scarborough");

    let melasma = app.create_condition(&room.editor, "acme", "melasma", "Melasma").await;
    app.publish(&room, "conditions", &melasma).await;
    app.publish(&room, "clinics", &york).await;
    app.publish(&room, "clinics", &scarborough).await;

    let events = |items: Vec<Value>| -> Vec<String> {
        let mut names: Vec<String> =
            items.iter().map(|d| d["event"].as_str().unwrap().to_owned()).collect();
        names.sort();
        names
    };
    let heard = events(settled(&app, &admin, &conditions, 3).await);
    assert_eq!(heard, ["condition.approved", "condition.published", "condition.submitted"]);
    let heard = settled(&app, &admin, &clinic, 1).await;
    assert!(heard.iter().all(|d| d["payload"]["data"]["slug"] == "scarborough"), "{heard:?}");
    assert!(events(heard).contains(&"clinic.published".to_owned()));
}

#[tokio::test]
async fn another_workspaces_webhooks_and_deliveries_are_not_found() {
    let app = spawn_app_with(quick).await;
    let admin = app.sign_in_as("acme", Role::Admin).await;
    let stranger = app.sign_in_as("globex", Role::Owner).await;
    let receiver = Receiver::start(&[]).await;
    let hook = register(&app, &admin, "acme", &json!({"url": receiver.url, "events": ["*"]})).await;
    let ping: Value = app
        .post_as(&admin, &format!("{}/ping", hook_path(&hook)), &json!({}))
        .await
        .json()
        .await
        .unwrap();
    let (id, delivery) = (hook["id"].as_str().unwrap(), ping["id"].as_str().unwrap());

    for workspace in ["acme", "globex"] {
        let base = format!("{}/{id}", hooks(workspace));
        let attempts = [
            (Method::GET, base.clone()),
            (Method::PATCH, base.clone()),
            (Method::DELETE, base.clone()),
            (Method::POST, format!("{base}/ping")),
            (Method::POST, format!("{base}/rotate-secret")),
            (Method::GET, format!("{base}/deliveries")),
            (Method::POST, format!("{base}/deliveries/{delivery}/retry")),
        ];
        for (method, path) in attempts {
            let response = app
                .authed(method.clone(), &path, &stranger.access_token)
                .json(&json!({}))
                .send()
                .await
                .unwrap();
            problem(response, 404).await;
        }
    }
    let listed: Value = app.get_as(&stranger, &hooks("globex")).await.json().await.unwrap();
    assert_eq!(listed["items"], json!([]));
    let still: Value = app.get_as(&admin, &hook_path(&hook)).await.json().await.unwrap();
    assert_eq!(still["active"], true, "the owner's webhook is untouched");
}

#[tokio::test]
async fn editors_may_not_manage_webhooks() {
    let app = spawn_app().await;
    let room = app.newsroom("acme").await;

    let refused = problem(app.get_as(&room.editor, &hooks("acme")).await, 403).await;

    assert!(refused["detail"].as_str().unwrap().contains("manage webhooks"), "{refused}");
}

#[tokio::test]
async fn after_a_rotation_both_secrets_sign_for_a_day() {
    let app = spawn_app_with(quick).await;
    let admin = app.sign_in_as("acme", Role::Admin).await;
    let receiver = Receiver::start(&[]).await;
    let hook = register(&app, &admin, "acme", &json!({"url": receiver.url, "events": ["*"]})).await;
    let old = hook["secret"].as_str().unwrap();

    let rotated =
        app.post_as(&admin, &format!("{}/rotate-secret", hook_path(&hook)), &json!({})).await;
    let rotated: Value = rotated.json().await.unwrap();
    app.post_as(&admin, &format!("{}/ping", hook_path(&hook)), &json!({})).await;

    let new = rotated["secret"].as_str().unwrap();
    assert_ne!(new, old);
    let until: chrono::DateTime<chrono::Utc> =
        rotated["previous_secret_expires_at"].as_str().unwrap().parse().unwrap();
    let left = until - chrono::Utc::now();
    assert!(left > chrono::Duration::hours(23) && left <= chrono::Duration::hours(24), "{left}");
    let received = receiver.wait_for(1).await;
    assert_eq!(received[0].json()["type"], "webhook.ping");
    assert_eq!(received[0].header("webhook-signature").split(' ').count(), 2);
    for secret in [old, new] {
        match standard_webhooks::verify(secret, &received[0]) {
            None => eprintln!("skipped the reference library check: python3/pip unavailable"),
            Some(verified) => assert_eq!(verified, Ok(()), "signed with {secret}"),
        }
    }
}

#[tokio::test]
async fn a_retried_delivery_is_sent_again_with_the_same_webhook_id() {
    let app = spawn_app_with(quick).await;
    let admin = app.sign_in_as("acme", Role::Admin).await;
    let receiver = Receiver::start(&[]).await;
    let hook = register(&app, &admin, "acme", &json!({"url": receiver.url, "events": ["*"]})).await;
    app.post_as(&admin, &format!("{}/ping", hook_path(&hook)), &json!({})).await;
    let delivered = settled(&app, &admin, &hook, 1).await;

    let path =
        format!("{}/deliveries/{}/retry", hook_path(&hook), delivered[0]["id"].as_str().unwrap());
    let retried = app.post_as(&admin, &path, &json!({})).await;

    assert_eq!(retried.status(), 202);
    let received = receiver.wait_for(2).await;
    assert_eq!(received[0].header("webhook-id"), received[1].header("webhook-id"));
    let metrics = app.get("/metrics").await.text().await.unwrap();
    assert!(metrics.contains("cutis_webhook_attempts_total{outcome=\"delivered\"}"), "{metrics}");
    assert!(metrics.contains("cutis_webhook_deliveries_pending"), "{metrics}");
    assert!(metrics.contains("cutis_webhook_oldest_pending_seconds"), "{metrics}");
}

#[tokio::test]
async fn two_replicas_deliver_fifty_publishes_once_each() {
    let app = spawn_app_with(quick).await;
    if !app.database.is_postgres() {
        eprintln!("skipped: replicas share one queue on PostgreSQL (SQLite has one writer)");
        return;
    }
    let _replica = app.spawn_replica(quick).await;
    let (room, admin) = room_with_admin(&app).await;
    let receiver = Receiver::start(&[]).await;
    let hook = register(
        &app,
        &admin,
        "acme",
        &json!({"url": receiver.url, "events": ["condition.published"]}),
    )
    .await;

    for n in 0..50 {
        let condition = app.create_condition(&room.editor, "acme", &format!("c{n}"), "C").await;
        app.publish(&room, "conditions", &condition).await;
    }

    let deliveries = settled(&app, &admin, &hook, 50).await;
    assert_eq!(deliveries.len(), 50);
    assert!(
        deliveries.iter().all(|d| d["status"] == "delivered" && d["attempts"] == 1),
        "{deliveries:?}"
    );
    let received = receiver.wait_for(50).await;
    let mut ids: Vec<&str> = received.iter().map(|r| r.header("webhook-id")).collect();
    ids.sort();
    ids.dedup();
    assert_eq!((received.len(), ids.len()), (50, 50), "each delivery was sent exactly once");
}

#[tokio::test]
async fn the_admin_graphql_schema_manages_webhooks_through_the_same_service() {
    let app = spawn_app_with(quick).await;
    let admin = app.sign_in_as("acme", Role::Admin).await;
    let stranger = app.sign_in_as("globex", Role::Owner).await;
    let receiver = Receiver::start(&[]).await;
    const CREATE: &str = "mutation($ws: String!, $input: CreateWebhookInput!) {
        createWebhook(workspace: $ws, input: $input) { secret webhook { id events active } } }";
    const PING: &str =
        "mutation($ws: String!, $id: UUID!) { pingWebhook(workspace: $ws, id: $id) { id event } }";
    const DELIVERIES: &str = "query($ws: String!, $id: UUID!) {
        webhookDeliveries(workspace: $ws, id: $id, first: 10) { nodes { event status } pageInfo { hasNextPage } } }";

    let input = json!({"url": receiver.url, "events": ["treatment.*"]});
    let created = app.admin_graphql(&admin, CREATE, json!({"ws": "acme", "input": input})).await;
    let created = &cutis_tests::data(&created)["createWebhook"];
    assert!(created["secret"].as_str().unwrap().starts_with("whsec_"));
    assert_eq!(created["webhook"]["events"], json!(["treatment.*"]));
    let id = created["webhook"]["id"].as_str().unwrap();
    let pinged = app.admin_graphql(&admin, PING, json!({"ws": "acme", "id": id})).await;
    assert_eq!(cutis_tests::data(&pinged)["pingWebhook"]["event"], "webhook.ping");
    receiver.wait_for(1).await;

    let listed = app.admin_graphql(&admin, DELIVERIES, json!({"ws": "acme", "id": id})).await;
    let nodes = &cutis_tests::data(&listed)["webhookDeliveries"]["nodes"];
    assert_eq!(nodes[0]["event"], "webhook.ping");
    let bad = json!({"url": receiver.url, "events": ["treatment.created"]});
    let refused = app.admin_graphql(&admin, CREATE, json!({"ws": "acme", "input": bad})).await;
    assert_eq!(cutis_tests::error_code(&refused), "VALIDATION");
    assert_eq!(refused["errors"][0]["extensions"]["fields"][0]["field"], "events[0]");
    for ws in ["acme", "globex"] {
        let hidden = app.admin_graphql(&stranger, DELIVERIES, json!({"ws": ws, "id": id})).await;
        assert_eq!(cutis_tests::error_code(&hidden), "NOT_FOUND", "{hidden}");
    }
}
