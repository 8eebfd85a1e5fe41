//! [`TestApp`]: a spawned server and typed helpers to talk to it.

use actix_web::dev::ServerHandle;
use cutis::config::Settings;
use cutis::server::{SchemaPolicy, Server};
use reqwest::{Method, RequestBuilder, Response};
use sea_orm::DatabaseConnection;
use serde_json::Value;

use crate::TestDatabase;

pub struct TestApp {
    /// `http://127.0.0.1:<port>`
    pub address: String,
    pub client: reqwest::Client,
    /// The server's own pool, for arranging accounts the way the `cutis` CLI does.
    pub db: DatabaseConnection,
    pub database: TestDatabase,
    /// Where this server keeps media bytes; its replicas share it.
    pub media_dir: tempfile::TempDir,
    handle: ServerHandle,
}

/// Starts a server with the test defaults on a new, migrated database.
pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

/// Starts a server after `adjust` has changed the test settings.
pub async fn spawn_app_with(adjust: impl FnOnce(&mut Settings)) -> TestApp {
    if std::env::var("TEST_LOG").is_ok() {
        cutis::telemetry::init("info");
    }
    let database = TestDatabase::create().await;
    let media_dir = tempfile::tempdir().expect("create a media dir");
    let mut settings = test_settings(&database.url());
    settings.media.dir = media_dir.path().to_owned();
    adjust(&mut settings);
    let server = Server::build(settings, SchemaPolicy::Migrate).await.expect("start the server");
    let address = format!("http://{}", server.address());
    let handle = server.handle();
    let db = server.database().clone();
    tokio::spawn(server.run_until_stopped());
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        // Below the server's 5 s keep-alive, so a connection idle while a test waits (on a
        // receiver, on python) is never reused just as the server closes it.
        .pool_idle_timeout(std::time::Duration::from_secs(2))
        .build()
        .expect("build the HTTP client");
    TestApp { address, client, db, database, media_dir, handle }
}

/// The settings every test server starts from: a free port, one worker, a small pool.
pub fn test_settings(database_url: &str) -> Settings {
    let mut settings = Settings::from_lookup(|_| None).expect("defaults are valid");
    settings.database_url = database_url.to_owned().into();
    settings.bind = "127.0.0.1:0".to_owned();
    settings.workers = 1;
    settings.db_max_connections = 5;
    settings.readiness_timeout = std::time::Duration::from_millis(1_000);
    settings.sqlite_busy_timeout = std::time::Duration::from_millis(3_000);
    // Tests arrange their own content; the first-run demo has tests of its own.
    settings.demo = false;
    // Never beside the working directory; `spawn_app` gives each server a directory of its own.
    settings.media.dir = std::env::temp_dir().join("cutis-test-media");
    settings
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.address, path)
    }

    pub fn request(&self, method: Method, path: &str) -> RequestBuilder {
        self.client.request(method, self.url(path))
    }

    pub async fn get(&self, path: &str) -> Response {
        self.request(Method::GET, path).send().await.expect("send GET")
    }

    pub async fn post_json(&self, path: &str, body: &Value) -> Response {
        self.request(Method::POST, path).json(body).send().await.expect("send POST")
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        // Sent at once; the server stops on its own threads while the database is dropped.
        drop(self.handle.stop(false));
    }
}

/// Reads a problem+json body, asserting the content type and status on the way.
pub async fn problem(response: Response, status: u16) -> Value {
    assert_eq!(response.status().as_u16(), status, "unexpected status");
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    assert!(content_type.starts_with("application/problem+json"), "content type {content_type}");
    let body: Value = response.json().await.expect("a JSON problem body");
    assert_eq!(body["status"], status, "status in the body: {body}");
    body
}

/// A second server on the same database, as another replica would be in production.
pub struct Replica {
    pub address: String,
    pub client: reqwest::Client,
    handle: ServerHandle,
}

impl TestApp {
    /// Starts another server over this app's database, with `adjust` applied to its settings.
    pub async fn spawn_replica(&self, adjust: impl FnOnce(&mut Settings)) -> Replica {
        let mut settings = test_settings(&self.database.url());
        settings.media.dir = self.media_dir.path().to_owned();
        adjust(&mut settings);
        let server = Server::build(settings, SchemaPolicy::Migrate).await.expect("start a replica");
        let address = format!("http://{}", server.address());
        let handle = server.handle();
        tokio::spawn(server.run_until_stopped());
        Replica { address, client: self.client.clone(), handle }
    }
}

impl Replica {
    /// A delivery `GET` of `path` with `key`.
    pub async fn deliver(&self, key: &str, path: &str) -> Response {
        self.client
            .get(format!("{}{path}", self.address))
            .bearer_auth(key)
            .send()
            .await
            .expect("send a delivery GET to the replica")
    }

    /// The replica's JSON answer to `path` once `seen` holds for it, asking again for at most
    /// `within`; its last answer when it never does.
    pub async fn delivered_once(
        &self,
        key: &str,
        path: &str,
        within: std::time::Duration,
        seen: impl Fn(&Value) -> bool,
    ) -> Value {
        let started = std::time::Instant::now();
        loop {
            let answer: Value = self.deliver(key, path).await.json().await.expect("JSON");
            if seen(&answer) || started.elapsed() >= within {
                return answer;
            }
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
    }
}

impl Drop for Replica {
    fn drop(&mut self) {
        drop(self.handle.stop(false));
    }
}
