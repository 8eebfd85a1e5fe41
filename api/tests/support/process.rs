//! The `cutis` binary as a child process: its CLI, and `cutis serve` on a free port, so a test
//! can kill it the hard way and start it again on the same database.

use std::io::Write;
use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use super::database::Scratch;

pub const WORKSPACE: &str = "faults";
const PASSWORD: &str = "a long fault-test passphrase";
const BINARY: &str = env!("CARGO_BIN_EXE_cutis");

/// Migrates `scratch` and makes the `faults` workspace with an editor, through the CLI.
pub fn arrange_editor(scratch: &Scratch) {
    cli(scratch, &["migrate"], "");
    cli(scratch, &["workspace", "create", WORKSPACE, "--name", "Faults"], "");
    let user = ["user", "create", "--email", "editor@faults.example", "--password-stdin"];
    let member = ["--workspace", WORKSPACE, "--role", "editor"];
    cli(scratch, &[&user[..], &member[..]].concat(), &format!("{PASSWORD}\n"));
}

/// Runs a `cutis` command on `scratch` with `stdin`; returns its standard output.
pub fn cli(scratch: &Scratch, args: &[&str], stdin: &str) -> String {
    let mut child = Command::new(BINARY)
        .args(args)
        .env("CUTIS_DATABASE_URL", scratch.url())
        .env("CUTIS_LOG", "warn")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run cutis");
    child.stdin.take().expect("stdin").write_all(stdin.as_bytes()).expect("write stdin");
    let output = child.wait_with_output().expect("wait for cutis");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "cutis {args:?} failed: {stderr}");
    String::from_utf8(output.stdout).expect("UTF-8")
}

/// A running `cutis serve`; killed (SIGKILL) when dropped.
pub struct Served {
    /// Behind a lock so that a test can kill the server while its writers share it.
    child: Mutex<Child>,
    log: PathBuf,
    pub base: String,
    pub client: reqwest::Client,
}

impl Served {
    /// Starts `cutis serve` on `scratch` with `env` and waits for `/readyz`.
    pub async fn start(scratch: &Scratch, env: &[(&str, &str)]) -> Self {
        let port = TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).expect("a port");
        let log = scratch.dir().join(format!("serve-{}.log", port.port()));
        let child = Command::new(BINARY)
            .arg("serve")
            .env("CUTIS_DATABASE_URL", scratch.url())
            .env("CUTIS_BIND", port.to_string())
            .env("CUTIS_LOG", "warn")
            // A fixed key, so access tokens stay valid across a restart.
            .env("CUTIS_JWT_SECRET", "fault-tests-only-secret-0123456789abcdef")
            .env("CUTIS_WORKERS", "2")
            .envs(env.iter().copied())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&log).expect("a log file"))
            .spawn()
            .expect("start cutis serve");
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(30))
            .build()
            .expect("an HTTP client");
        let served = Self { child: Mutex::new(child), log, base: format!("http://{port}"), client };
        served.wait_ready().await;
        served
    }

    async fn wait_ready(&self) {
        let started = Instant::now();
        while started.elapsed() < Duration::from_secs(30) {
            let ready = self.client.get(format!("{}/readyz", self.base)).send().await;
            if ready.is_ok_and(|response| response.status() == 200) {
                return;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        panic!("cutis serve was not ready in 30 s; its log:\n{}", self.log());
    }

    pub fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// `kill -9`: no shutdown handler, no flush, no goodbye.
    pub fn kill_hard(&self) {
        let mut child = self.child.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        child.kill().expect("SIGKILL the server");
        child.wait().expect("reap the server");
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Logs the editor in; returns an access token.
    pub async fn editor_token(&self) -> String {
        let login = json!({"email": "editor@faults.example", "password": PASSWORD});
        let response = self.client.post(self.url("/v1/auth/login")).json(&login).send().await;
        let body: Value = response.expect("log in").json().await.expect("a token pair");
        body["access_token"].as_str().expect("an access token").to_owned()
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let child = self.child.get_mut().unwrap_or_else(|poisoned| poisoned.into_inner());
        let _ = child.kill();
        let _ = child.wait();
    }
}

/// The admin path of the workspace's treatments, or of one of them.
pub fn treatments(id: Option<&str>) -> String {
    let collection = format!("/admin/v1/workspaces/{WORKSPACE}/treatments");
    id.map_or(collection.clone(), |id| format!("{collection}/{id}"))
}
