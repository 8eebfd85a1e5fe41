//! Fault tests (README, "Benchmarks and reliability"): the real `cutis` binary as a child process, killed with
//! SIGKILL mid-write, cut off from its database, and fed slow and oversized bodies. They run on
//! SQLite, or on PostgreSQL when `CUTIS_TEST_POSTGRES_URL` is set.
//!
//! No assertion here is about speed: "does not stall" means the other requests complete at
//! all within a generous timeout.

mod support;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

use reqwest::StatusCode;
use serde_json::{Value, json};
use support::database::Scratch;
use support::process::{Served, arrange_editor, treatments};

/// What one writer got acknowledged before the server died.
#[derive(Default)]
struct Acknowledged {
    /// Treatments whose create was answered 201: (id, slug).
    created: Vec<(String, String)>,
    /// The writer's own treatment and the last version a PATCH of it was answered with.
    counter: Option<(String, i64)>,
}

fn summary(version: i64) -> String {
    format!("Summary written at version {version}")
}

/// Creates treatments and PATCHes its own counter treatment, alternately, until the server
/// stops answering; keeps what was acknowledged.
async fn write_until_killed(
    server: &Served,
    token: &str,
    writer: usize,
    acked: &AtomicUsize,
) -> Acknowledged {
    let mut done = Acknowledged::default();
    let counter = json!({"slug": format!("counter-{writer}"), "name": "Counter"});
    let response = server
        .client
        .post(server.url(&treatments(None)))
        .bearer_auth(token)
        .json(&counter)
        .send()
        .await;
    // A writer whose first request is still waiting when the kill comes has nothing acknowledged.
    let Ok(response) = response else { return done };
    let Ok(created) = response.json::<Value>().await else { return done };
    let mut counter = (created["id"].as_str().expect("an id").to_owned(), 1);
    for n in 0..5_000 {
        let slug = format!("w{writer}-n{n}");
        let body = json!({"slug": slug, "name": format!("Treatment {n}")});
        let sent = server
            .client
            .post(server.url(&treatments(None)))
            .bearer_auth(token)
            .json(&body)
            .send()
            .await;
        let Ok(response) = sent else { break };
        // A body cut short by the kill leaves the create unconfirmed, so it is not counted.
        let answered = response.status() == StatusCode::CREATED;
        if let (true, Ok(entry)) = (answered, response.json::<Value>().await) {
            done.created.push((entry["id"].as_str().expect("an id").to_owned(), slug));
            acked.fetch_add(1, Ordering::Relaxed);
        }
        let next = counter.1 + 1;
        let sent = server
            .client
            .patch(server.url(&treatments(Some(&counter.0))))
            .bearer_auth(token)
            .header("If-Match", format!("\"{}\"", counter.1))
            .json(&json!({"summary": summary(next)}))
            .send()
            .await;
        let Ok(response) = sent else { break };
        if response.status() == StatusCode::OK {
            counter.1 = next;
        }
    }
    done.counter = Some(counter);
    done
}

#[tokio::test]
async fn every_acknowledged_write_survives_kill_9_and_the_database_passes_its_checks() {
    let scratch = Scratch::create().await;
    arrange_editor(&scratch);
    let server = Arc::new(Served::start(&scratch, &[]).await);
    let token = server.editor_token().await;
    let acked = Arc::new(AtomicUsize::new(0));
    let writers: Vec<_> = (0..4)
        .map(|writer| {
            let (server, token, acked) = (server.clone(), token.clone(), acked.clone());
            tokio::spawn(async move { write_until_killed(&server, &token, writer, &acked).await })
        })
        .collect();

    // Kill while all four writers have requests in flight.
    let enough = async {
        while acked.load(Ordering::Relaxed) < 40 {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    };
    if tokio::time::timeout(Duration::from_secs(30), enough).await.is_err() {
        panic!("the writers got no 40 writes acknowledged; server log:\n{}", server.log());
    }
    server.kill_hard();
    let mut results = Vec::new();
    for writer in writers {
        results.push(writer.await.expect("a writer"));
    }

    let creates: usize = results.iter().map(|done| done.created.len()).sum();
    let patches: i64 =
        results.iter().filter_map(|done| done.counter.as_ref()).map(|c| c.1 - 1).sum();
    eprintln!("killed after {creates} acknowledged creates and {patches} acknowledged PATCHes");
    let restarted = Served::start(&scratch, &[]).await;
    for Acknowledged { created, counter } in &results {
        for (id, slug) in created {
            let entry = get_entry(&restarted, &token, id).await;
            assert_eq!(entry["slug"], slug.as_str(), "acknowledged create {slug} is there");
        }
        // A writer whose counter create was still waiting at the kill has no counter to check.
        let Some((id, version)) = counter.as_ref() else { continue };
        let entry = get_entry(&restarted, &token, id).await;
        let found = entry["version"].as_i64().expect("a version");
        // The PATCH in flight at the kill may have committed too, but nothing acknowledged is lost.
        assert!(
            found == *version || found == version + 1,
            "version {found}, acknowledged {version}"
        );
        if found > 1 {
            assert_eq!(entry["summary"], summary(found).as_str());
        }
    }
    drop(restarted);
    let problems = scratch.integrity_problems().await;
    assert!(problems.is_empty(), "integrity problems after kill -9: {problems:#?}");
}

async fn get_entry(server: &Served, token: &str, id: &str) -> Value {
    let response =
        server.client.get(server.url(&treatments(Some(id)))).bearer_auth(token).send().await;
    let response = response.expect("read an entry");
    assert_eq!(response.status(), 200, "entry {id} after the restart");
    response.json().await.expect("an entry")
}

/// Reads a problem+json answer and returns its `code`.
async fn problem_code(response: reqwest::Response) -> String {
    let content_type = response.headers().get("content-type").cloned();
    let content_type = content_type.and_then(|value| value.to_str().ok().map(str::to_owned));
    assert!(
        content_type.as_deref().is_some_and(|t| t.starts_with("application/problem+json")),
        "content type {content_type:?}"
    );
    let body: Value = response.json().await.expect("a problem body");
    body["code"].as_str().unwrap_or_default().to_owned()
}

async fn create(server: &Served, token: &str, slug: &str) -> reqwest::Response {
    let body = json!({"slug": slug, "name": "Microneedling"});
    let sent = server.client.post(server.url(&treatments(None))).bearer_auth(token).json(&body);
    sent.send().await.expect("an answer, whatever the database does")
}

#[tokio::test]
async fn a_database_that_goes_away_gives_503_problems_and_the_server_recovers_when_it_returns() {
    let scratch = Scratch::create().await;
    arrange_editor(&scratch);
    // Short waits, so the outage is reported in well under a second on SQLite.
    let env = [("CUTIS_DB_BUSY_TIMEOUT_MS", "200"), ("CUTIS_READINESS_TIMEOUT_MS", "500")];
    let server = Arc::new(Served::start(&scratch, &env).await);
    let token = server.editor_token().await;
    assert_eq!(create(&server, &token, "before").await.status(), 201);
    // Requests already running when the database goes away, to cut some of them mid-way.
    let stop = Arc::new(AtomicBool::new(false));
    let stream = tokio::spawn(stream_creates(server.clone(), token.clone(), stop.clone()));
    tokio::time::sleep(Duration::from_millis(100)).await;

    let outage = scratch.take_away().await;
    let during = create(&server, &token, "during").await;
    let ready = server.client.get(server.url("/readyz")).send().await.expect("an answer");
    let ready_status = ready.status();
    scratch.restore(outage).await;

    assert_eq!(during.status(), 503, "a write while the database is away");
    assert_eq!(problem_code(during).await, "UNAVAILABLE");
    if scratch.is_postgres() {
        // A locked SQLite file still answers reads (WAL), so readiness holds there.
        assert_eq!(ready_status, 503, "readiness while PostgreSQL is away");
    }
    let mut status = 0;
    for _ in 0..100 {
        status = create(&server, &token, "after").await.status().as_u16();
        if status == 201 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(status, 201, "writes succeed again once the database is back");
    stop.store(true, Ordering::Relaxed);
    let (statuses, unexpected) = stream.await.expect("the request stream");
    let unavailable = statuses.iter().filter(|status| **status == 503).count();
    eprintln!("{} requests in the stream, {unavailable} answered 503", statuses.len());
    assert!(
        unexpected.is_empty(),
        "only 201 or 503 while the database came and went: {unexpected:#?}\nserver log:\n{}",
        server.log()
    );
}

/// Creates treatments until `stop`; returns every status, and the answers that were neither
/// 201 nor a 503 problem.
async fn stream_creates(
    server: Arc<Served>,
    token: String,
    stop: Arc<AtomicBool>,
) -> (Vec<u16>, Vec<String>) {
    let (mut statuses, mut unexpected) = (Vec::new(), Vec::new());
    for n in 0.. {
        if stop.load(Ordering::Relaxed) {
            break;
        }
        let response = create(&server, &token, &format!("stream-{n}")).await;
        let status = response.status().as_u16();
        statuses.push(status);
        match status {
            201 => {}
            503 => assert_eq!(problem_code(response).await, "UNAVAILABLE"),
            _ => unexpected.push(format!("{status} {}", response.text().await.unwrap_or_default())),
        }
    }
    (statuses, unexpected)
}

/// Sends a request head and then its body one byte at a time; returns the status line.
fn slow_request(address: &str, head: &str, body: &[u8], pause: Duration) -> String {
    let mut stream = TcpStream::connect(address).expect("connect");
    stream.write_all(head.as_bytes()).expect("send the head");
    for byte in body {
        std::thread::sleep(pause);
        stream.write_all(&[*byte]).expect("send a byte");
    }
    status_line(&mut stream)
}

/// Declares and sends a 100 MB body; returns the status line. The server may answer and
/// close before the body is sent, so write errors are expected and ignored.
fn huge_request(address: &str, head: &str) -> String {
    let mut stream = TcpStream::connect(address).expect("connect");
    stream.write_all(head.as_bytes()).expect("send the head");
    let mut writer = stream.try_clone().expect("a second handle");
    let sender = std::thread::spawn(move || {
        let chunk = vec![b' '; 1 << 16];
        for _ in 0..(100 << 20) / chunk.len() {
            if writer.write_all(&chunk).is_err() {
                break;
            }
        }
    });
    let status = status_line(&mut stream);
    let _ = stream.shutdown(std::net::Shutdown::Both);
    let _ = sender.join();
    status
}

fn status_line(stream: &mut TcpStream) -> String {
    stream.set_read_timeout(Some(Duration::from_secs(30))).expect("a read timeout");
    let mut answer = Vec::new();
    let mut byte = [0u8; 1];
    while !answer.ends_with(b"\r\n") && stream.read(&mut byte).is_ok_and(|n| n == 1) {
        answer.push(byte[0]);
    }
    String::from_utf8_lossy(&answer).trim().to_owned()
}

#[tokio::test]
async fn a_slow_client_and_a_100_mb_body_do_not_stall_other_requests() {
    let scratch = Scratch::create().await;
    arrange_editor(&scratch);
    // One worker: if a slow or huge body could block a worker, this is where it would show.
    let server = Served::start(&scratch, &[("CUTIS_WORKERS", "1")]).await;
    let token = server.editor_token().await;
    let address = server.base.trim_start_matches("http://").to_owned();
    let path = treatments(None);
    let body = json!({"slug": "slowly-sent", "name": "Sent one byte at a time"}).to_string();
    let slow_head = format!(
        "POST {path} HTTP/1.1\r\nHost: {address}\r\nAuthorization: Bearer {token}\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    let huge_head = format!(
        "POST {path} HTTP/1.1\r\nHost: {address}\r\nAuthorization: Bearer {token}\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\n\r\n",
        100 << 20
    );
    let slow = {
        let address = address.clone();
        let pause = Duration::from_millis(30);
        std::thread::spawn(move || slow_request(&address, &slow_head, body.as_bytes(), pause))
    };
    let huge = {
        let address = address.clone();
        std::thread::spawn(move || huge_request(&address, &huge_head))
    };
    tokio::time::sleep(Duration::from_millis(100)).await;

    let small_requests = async {
        let mut answered = 0;
        for round in 0..50 {
            let path = if round % 2 == 0 { "/readyz".to_owned() } else { treatments(None) };
            let response = server.client.get(server.url(&path)).bearer_auth(&token).send().await;
            assert_eq!(response.expect("an answer").status(), 200, "GET {path}");
            answered += 1;
        }
        answered
    };
    let answered = tokio::time::timeout(Duration::from_secs(10), small_requests).await;

    assert_eq!(
        answered.ok(),
        Some(50),
        "50 small GETs complete while the slow and huge bodies are in flight"
    );
    let slow = slow.join().expect("the slow client");
    assert!(slow.starts_with("HTTP/1.1 201"), "the slow client is served too: {slow}");
    let huge = huge.join().expect("the huge client");
    assert!(huge.starts_with("HTTP/1.1 413"), "a 100 MB body is refused: {huge}");
}
