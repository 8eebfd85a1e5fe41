//! The server under test: the release `cutis` binary, built by the bench, run as child
//! processes on a scratch SQLite file (or the empty PostgreSQL database `BENCH_DATABASE_URL`
//! names), set up with its own CLI.

use std::net::{SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Builds the release server (a no-op when it is current) and returns the binary's path.
pub fn build_release() -> PathBuf {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let status = Command::new(cargo)
        .args(["build", "--release", "-p", "cutis"])
        .status()
        .expect("run cargo build");
    assert!(status.success(), "the release build of cutis failed");
    // `cargo run --release -p bench` puts this binary beside the `cutis` it just built.
    let exe = std::env::current_exe().expect("the bench's own path");
    let binary = exe.parent().expect("a target directory").join("cutis");
    assert!(binary.exists(), "no release binary at {}", binary.display());
    binary
}

/// The database under test and the binary that serves it.
pub struct Database {
    pub binary: PathBuf,
    pub url: String,
}

impl Database {
    /// `BENCH_DATABASE_URL` (an empty PostgreSQL database the bench fills), else a scratch
    /// SQLite file in `dir`.
    pub fn new(binary: &Path, dir: &Path) -> Self {
        let url = std::env::var("BENCH_DATABASE_URL").ok().filter(|url| !url.is_empty());
        let url =
            url.unwrap_or_else(|| format!("sqlite://{}?mode=rwc", dir.join("cutis.db").display()));
        Self { binary: binary.to_owned(), url }
    }

    pub fn is_postgres(&self) -> bool {
        self.url.starts_with("postgres")
    }

    /// What the report calls it.
    pub fn kind(&self) -> &'static str {
        if self.is_postgres() { "PostgreSQL" } else { "SQLite (WAL mode)" }
    }

    /// Runs a `cutis` command on this database and returns what it printed.
    pub fn cli(&self, args: &[&str], stdin: Option<&str>) -> String {
        use std::io::Write;
        let mut child = Command::new(&self.binary)
            .args(args)
            .env("CUTIS_DATABASE_URL", &self.url)
            .env("CUTIS_LOG", "warn")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("run cutis");
        let mut input = child.stdin.take().expect("a stdin pipe");
        input.write_all(stdin.unwrap_or_default().as_bytes()).expect("write to cutis");
        drop(input);
        let output = child.wait_with_output().expect("wait for cutis");
        assert!(output.status.success(), "cutis {args:?} failed");
        String::from_utf8(output.stdout).expect("UTF-8 output")
    }

    /// Starts `cutis serve` with `env` on a free port and waits until it is ready.
    pub async fn serve(&self, env: &[(&str, &str)]) -> Running {
        let address = free_address();
        let started = Instant::now();
        let child = Command::new(&self.binary)
            .arg("serve")
            .env("CUTIS_DATABASE_URL", &self.url)
            .env("CUTIS_BIND", address.to_string())
            // Access log lines off: at tens of thousands of requests a second, writing them
            // would measure the terminal rather than the server.
            .env("CUTIS_LOG", "warn")
            .env("CUTIS_JWT_SECRET", "bench-only-secret-bench-only-secret-0123")
            .envs(env.iter().copied())
            .stdin(Stdio::null())
            .spawn()
            .expect("start cutis serve");
        let running = Running { child, address, started_in: Duration::ZERO };
        running.ready(started).await
    }
}

/// A `cutis serve` child process, killed when dropped.
pub struct Running {
    child: Child,
    pub address: SocketAddr,
    /// From spawning the process to the first `200` from `/readyz`.
    pub started_in: Duration,
}

impl Running {
    async fn ready(mut self, started: Instant) -> Self {
        let client = reqwest::Client::new();
        let url = format!("http://{}/readyz", self.address);
        while started.elapsed() < Duration::from_secs(30) {
            let answered = client.get(&url).send().await;
            if answered.is_ok_and(|response| response.status().is_success()) {
                self.started_in = started.elapsed();
                return self;
            }
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!("cutis serve exited at start-up: {status}");
            }
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
        panic!("cutis serve was not ready within 30 s");
    }

    pub fn base(&self) -> String {
        format!("http://{}", self.address)
    }

    /// Peak and current resident memory in MiB, from `/proc/<pid>/status`.
    pub fn memory_mib(&self) -> (f64, f64) {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .expect("read /proc/<pid>/status");
        let kib = |field: &str| {
            status
                .lines()
                .find_map(|line| line.strip_prefix(field))
                .and_then(|rest| rest.split_whitespace().next())
                .and_then(|value| value.parse::<f64>().ok())
                .unwrap_or(f64::NAN)
        };
        (kib("VmHWM:") / 1024.0, kib("VmRSS:") / 1024.0)
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A port nobody listens on now. Another process could take it before the server binds; on
/// a machine running only the bench that does not happen, and start-up would then fail loudly.
fn free_address() -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind a free port");
    listener.local_addr().expect("the bound address")
}
