//! The outbox survives a crash: a publish that committed just before `cutis serve` was killed
//! with SIGKILL, before its webhook was sent, is delivered by the next process to start.

// Shared with the fault tests, which use the rest of it.
#[allow(dead_code)]
mod support;

use std::io::{Read, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use support::database::Scratch;
use support::process::{Served, WORKSPACE, arrange_editor, cli, treatments};

const ADMIN_PASSWORD: &str = "a long webhook-test passphrase";

/// A receiver on a thread of its own: keeps each request's body and answers 200.
fn receiver() -> (String, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind a receiver");
    let url = format!("http://{}/hook", listener.local_addr().expect("its address"));
    let bodies = Arc::new(Mutex::new(Vec::new()));
    let kept = bodies.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut request = Vec::new();
            let mut chunk = [0u8; 8192];
            while let Ok(read) = stream.read(&mut chunk) {
                if read == 0 {
                    break;
                }
                request.extend_from_slice(&chunk[..read]);
                let text = String::from_utf8_lossy(&request);
                let Some((head, body)) = text.split_once("\r\n\r\n") else { continue };
                let length = head
                    .lines()
                    .find_map(|line| {
                        line.to_lowercase()
                            .strip_prefix("content-length:")
                            .map(|v| v.trim().to_owned())
                    })
                    .and_then(|value| value.parse::<usize>().ok())
                    .unwrap_or(0);
                if body.len() >= length {
                    kept.lock().unwrap().push(body.to_owned());
                    break;
                }
            }
            let _ = stream
                .write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\nconnection: close\r\n\r\n");
        }
    });
    (url, bodies)
}

async fn admin_token(served: &Served) -> String {
    let login = json!({"email": "admin@faults.example", "password": ADMIN_PASSWORD});
    let response = served.client.post(served.url("/v1/auth/login")).json(&login).send().await;
    let body: Value = response.expect("log in").json().await.expect("a token pair");
    body["access_token"].as_str().expect("an access token").to_owned()
}

async fn post(
    served: &Served,
    token: &str,
    path: &str,
    version: Option<i64>,
    body: &Value,
) -> Value {
    let mut request = served.client.post(served.url(path)).bearer_auth(token).json(body);
    if let Some(version) = version {
        request = request.header("If-Match", format!("\"{version}\""));
    }
    let response = request.send().await.expect("send a request");
    let status = response.status();
    let text = response.text().await.expect("a body");
    assert!(status.is_success(), "POST {path}: {status} {text}");
    serde_json::from_str(&text).expect("JSON")
}

#[tokio::test]
async fn a_publish_committed_before_a_sigkill_is_delivered_after_the_restart() {
    let scratch = Scratch::create().await;
    arrange_editor(&scratch);
    let admin = ["user", "create", "--email", "admin@faults.example", "--password-stdin"];
    let member = ["--workspace", WORKSPACE, "--role", "admin"];
    cli(&scratch, &[&admin[..], &member[..]].concat(), &format!("{ADMIN_PASSWORD}\n"));
    let (url, received) = receiver();
    // The worker looks once at start-up and then not for an hour: nothing is sent before the kill.
    let asleep =
        [("CUTIS_WEBHOOK_ALLOW_PRIVATE", "true"), ("CUTIS_WEBHOOK_INTERVAL_MS", "3600000")];
    let served = Served::start(&scratch, &asleep).await;
    let token = admin_token(&served).await;
    let hooks = format!("/admin/v1/workspaces/{WORKSPACE}/webhooks");
    post(&served, &token, &hooks, None, &json!({"url": url, "events": ["treatment.published"]}))
        .await;
    let created = post(
        &served,
        &token,
        &treatments(None),
        None,
        &json!({
            "slug": "peel",
            "name": "Peel",
            "contraindications": ["pregnancy"],
            "side_effects": [{"effect": "Redness", "duration": "A day"}],
            "downtime_days": {"min": 0, "max": 1}
        }),
    )
    .await;
    let entry = treatments(Some(created["id"].as_str().expect("an id")));
    for (version, step) in [(1, "submit"), (2, "approve"), (3, "publish")] {
        post(&served, &token, &format!("{entry}/{step}"), Some(version), &json!({})).await;
    }

    served.kill_hard();
    assert!(received.lock().unwrap().is_empty(), "sent before the kill; the test proves nothing");
    let quick = [("CUTIS_WEBHOOK_ALLOW_PRIVATE", "true"), ("CUTIS_WEBHOOK_INTERVAL_MS", "20")];
    let _restarted = Served::start(&scratch, &quick).await;

    let started = Instant::now();
    while received.lock().unwrap().is_empty() {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "nothing was delivered after the restart"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let body: Value = serde_json::from_str(&received.lock().unwrap()[0]).expect("a JSON event");
    assert_eq!(body["type"], "treatment.published");
    assert_eq!(body["data"]["slug"], "peel");
}
