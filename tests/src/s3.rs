//! A real S3 API server for the media storage tests: moto's (PyPI `moto[server]`), started on a
//! free port when `CUTIS_TEST_MOTO_SERVER` names its `moto_server` command (`.ci/moto` installs
//! it and `.ci/run` sets the variable).

use std::process::{Child, Command, Stdio};

use cutis::config::S3Settings;

/// A running moto server with one bucket.
pub struct S3Server {
    pub endpoint: String,
    pub bucket: String,
    child: Child,
}

impl S3Server {
    /// The server, or `None` (with a message saying why the test is skipped) when no moto
    /// is configured.
    pub async fn start() -> Option<Self> {
        let Some(command) = std::env::var("CUTIS_TEST_MOTO_SERVER").ok().filter(|c| !c.is_empty())
        else {
            eprintln!("skipped: set CUTIS_TEST_MOTO_SERVER to moto_server's path (.ci/moto)");
            return None;
        };
        let port = std::net::TcpListener::bind("127.0.0.1:0").ok()?.local_addr().ok()?.port();
        let child = Command::new(command)
            .args(["-H", "127.0.0.1", "-p", &port.to_string()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start moto_server");
        let endpoint = format!("http://127.0.0.1:{port}");
        let bucket = format!("cutis-test-{}", uuid::Uuid::new_v4().simple());
        let server = Self { endpoint, bucket, child };
        let client = reqwest::Client::new();
        for _ in 0..200 {
            let created = client.put(format!("{}/{}", server.endpoint, server.bucket)).send().await;
            if created.is_ok_and(|response| response.status().is_success()) {
                return Some(server);
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        panic!("moto_server did not start on {}", server.endpoint);
    }

    /// The settings that point Cutis at this bucket.
    pub fn settings(&self) -> S3Settings {
        S3Settings {
            bucket: self.bucket.clone(),
            endpoint: Some(self.endpoint.clone()),
            region: "us-east-1".to_owned(),
            access_key_id: Some("cutis-test".to_owned()),
            secret_access_key: Some("cutis-test-secret".to_owned().into()),
            allow_http: true,
        }
    }

    /// The keys the bucket holds.
    pub async fn keys(&self) -> Vec<String> {
        let url = format!("{}/{}?list-type=2", self.endpoint, self.bucket);
        let listing = reqwest::get(url).await.expect("list the bucket").text().await.expect("XML");
        listing
            .split("<Key>")
            .skip(1)
            .filter_map(|rest| rest.split("</Key>").next())
            .map(str::to_owned)
            .collect()
    }
}

impl Drop for S3Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
