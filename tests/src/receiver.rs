//! A webhook receiver for tests: a plain HTTP/1.1 listener on a free port that answers the
//! statuses it was given, in order (then 200), and keeps every request it got.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// One request a receiver got.
#[derive(Clone, Debug)]
pub struct Received {
    /// Header names in lower case.
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Received {
    pub fn header(&self, name: &str) -> &str {
        self.headers.iter().find(|(n, _)| n == name).map_or("", |(_, value)| value.as_str())
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).expect("a JSON webhook body")
    }
}

#[derive(Default)]
struct Log {
    statuses: Vec<u16>,
    received: Vec<Received>,
}

pub struct Receiver {
    /// `http://127.0.0.1:<port>/hook`
    pub url: String,
    pub port: u16,
    log: Arc<Mutex<Log>>,
}

impl Receiver {
    /// Answers `statuses` to the first requests, in order, and 200 to every later one.
    pub async fn start(statuses: &[u16]) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind a receiver");
        let port = listener.local_addr().expect("its address").port();
        let log = Arc::new(Mutex::new(Log { statuses: statuses.to_vec(), ..Log::default() }));
        let shared = log.clone();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                tokio::spawn(answer(stream, shared.clone()));
            }
        });
        Self { url: format!("http://127.0.0.1:{port}/hook"), port, log }
    }

    pub fn received(&self) -> Vec<Received> {
        self.log.lock().unwrap().received.clone()
    }

    /// Waits (up to 30 s) until at least `count` requests arrived; returns them all.
    pub async fn wait_for(&self, count: usize) -> Vec<Received> {
        let started = Instant::now();
        loop {
            let received = self.received();
            if received.len() >= count {
                return received;
            }
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "the receiver got {} of {count} requests in 30 s",
                received.len()
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
}

async fn answer(mut stream: TcpStream, log: Arc<Mutex<Log>>) {
    let mut buffer = Vec::new();
    let mut chunk = [0u8; 4096];
    let (head_end, length) = loop {
        let Ok(read) = stream.read(&mut chunk).await else { return };
        if read == 0 {
            return;
        }
        buffer.extend_from_slice(&chunk[..read]);
        if let Some(end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&buffer[..end]).to_lowercase();
            let length = head
                .lines()
                .find_map(|line| line.strip_prefix("content-length:"))
                .and_then(|value| value.trim().parse::<usize>().ok())
                .unwrap_or(0);
            break (end + 4, length);
        }
    };
    while buffer.len() < head_end + length {
        let Ok(read) = stream.read(&mut chunk).await else { return };
        if read == 0 {
            return;
        }
        buffer.extend_from_slice(&chunk[..read]);
    }
    let head = String::from_utf8_lossy(&buffer[..head_end]).into_owned();
    let headers = head
        .lines()
        .skip(1)
        .filter_map(|line| line.split_once(':'))
        .map(|(name, value)| (name.trim().to_lowercase(), value.trim().to_owned()))
        .collect();
    let body = String::from_utf8_lossy(&buffer[head_end..head_end + length]).into_owned();
    let status = {
        let mut log = log.lock().unwrap();
        log.received.push(Received { headers, body });
        if log.statuses.is_empty() { 200 } else { log.statuses.remove(0) }
    };
    let reply = format!(
        "HTTP/1.1 {status} Answer\r\ncontent-type: text/plain\r\ncontent-length: 13\r\n\
         connection: close\r\n\r\nanswered {status}"
    );
    let _ = stream.write_all(reply.as_bytes()).await;
    let _ = stream.shutdown().await;
}
