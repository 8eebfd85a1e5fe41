//! The load generator: a fixed number of keep-alive HTTP/1.1 connections, each sending its
//! next request as soon as the previous answer is read (closed loop, like `wrk`), with every
//! request's latency recorded in an HDR histogram.
//!
//! Raw hyper connections rather than a pooled client: on 2 shared cores the generator's own
//! cost lowers every figure, so it does as little per request as it can.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use hdrhistogram::Histogram;
use http_body_util::{BodyExt, Full};
use hyper::client::conn::http1;
use hyper::header::{self, HeaderName, HeaderValue};
use hyper::{Method, Request};
use hyper_util::rt::TokioIo;
use tokio::net::TcpStream;

/// What to send. Connection `i` uses `paths[i % paths.len()]`.
#[derive(Clone)]
pub struct Plan {
    pub method: Method,
    pub paths: Vec<String>,
    pub headers: Vec<(HeaderName, HeaderValue)>,
    pub body: Option<Bytes>,
    /// For writes: each path's current `ETag`. A connection sends it as `If-Match` and keeps the
    /// one its answer carries, so every request names the current version.
    pub etags: Option<Vec<String>>,
    /// For a mix: every connection walks this sequence of paths (from its own offset) instead
    /// of asking one path of `paths` again and again.
    pub sequence: Option<Arc<Vec<String>>>,
}

impl Plan {
    pub fn get(path: impl Into<String>, bearer: &str) -> Self {
        Self {
            method: Method::GET,
            paths: vec![path.into()],
            headers: vec![authorization(bearer)],
            body: None,
            etags: None,
            sequence: None,
        }
    }

    /// `GET`s of `sequence`, in order, each connection starting at its own place.
    pub fn sequence(sequence: Vec<String>, bearer: &str) -> Self {
        let mut plan = Self::get(sequence[0].clone(), bearer);
        plan.sequence = Some(Arc::new(sequence));
        plan
    }

    pub fn post_json(path: impl Into<String>, bearer: &str, body: &serde_json::Value) -> Self {
        Self {
            method: Method::POST,
            paths: vec![path.into()],
            headers: vec![authorization(bearer), json_content()],
            body: Some(Bytes::from(body.to_string())),
            etags: None,
            sequence: None,
        }
    }
}

pub fn authorization(bearer: &str) -> (HeaderName, HeaderValue) {
    let value = HeaderValue::from_str(&format!("Bearer {bearer}")).expect("a token is ASCII");
    (header::AUTHORIZATION, value)
}

pub fn json_content() -> (HeaderName, HeaderValue) {
    (header::CONTENT_TYPE, HeaderValue::from_static("application/json"))
}

/// What one run measured.
pub struct Measured {
    pub requests: u64,
    pub failures: u64,
    pub elapsed: Duration,
    /// Latencies in microseconds.
    pub latency: Histogram<u64>,
    /// The first unexpected answer, to show why a run failed.
    pub first_failure: Option<String>,
    /// The share of the CPUs other programs used meanwhile (set by the caller).
    pub others_cpu: f64,
}

impl Measured {
    pub fn per_second(&self) -> f64 {
        self.requests as f64 / self.elapsed.as_secs_f64()
    }

    pub fn millis_at(&self, quantile: f64) -> f64 {
        self.latency.value_at_quantile(quantile) as f64 / 1000.0
    }
}

/// Runs `plan` over `connections` connections: `warmup` unrecorded, then `duration` recorded.
pub async fn run(
    address: SocketAddr,
    plan: &Plan,
    connections: usize,
    warmup: Duration,
    duration: Duration,
) -> Measured {
    let start = Instant::now() + warmup;
    let end = start + duration;
    let tasks: Vec<_> = (0..connections)
        .map(|index| tokio::spawn(connection(address, plan.clone(), index, start, end)))
        .collect();
    let mut total = Measured {
        requests: 0,
        failures: 0,
        elapsed: duration,
        latency: new_histogram(),
        first_failure: None,
        others_cpu: 0.0,
    };
    for task in tasks {
        let one = task.await.expect("a load connection panicked");
        total.requests += one.requests;
        total.failures += one.failures;
        total.latency.add(&one.latency).expect("histograms of the same bounds");
        total.first_failure = total.first_failure.or(one.first_failure);
    }
    total
}

fn new_histogram() -> Histogram<u64> {
    // 1 µs to 60 s at 3 significant digits.
    Histogram::new_with_bounds(1, 60_000_000, 3).expect("valid histogram bounds")
}

async fn connection(
    address: SocketAddr,
    plan: Plan,
    index: usize,
    start: Instant,
    end: Instant,
) -> Measured {
    let mut measured = Measured {
        requests: 0,
        failures: 0,
        elapsed: end - start,
        latency: new_histogram(),
        first_failure: None,
        others_cpu: 0.0,
    };
    let slot = index % plan.paths.len();
    let mut path = &plan.paths[slot];
    let mut etag = plan.etags.as_ref().map(|etags| etags[slot].clone());
    let mut sender = None;
    // Connections start far apart in the sequence, as unrelated visitors would.
    let mut step = index * 1_543;
    loop {
        let sent_at = Instant::now();
        if sent_at >= end {
            return measured;
        }
        if let Some(sequence) = &plan.sequence {
            path = &sequence[step % sequence.len()];
            step += 1;
        }
        if sender.is_none() {
            sender = Some(connect(address).await);
        }
        let request = build(&plan, path, address, etag.as_deref());
        let outcome = match sender.as_mut() {
            Some(open) => exchange(open, request).await,
            None => Err("no connection".to_owned()),
        };
        let recorded = sent_at >= start;
        match outcome {
            Ok((status, new_etag)) if status.is_success() => {
                if etag.is_some() {
                    etag = new_etag;
                }
                if recorded {
                    measured.requests += 1;
                    let micros = sent_at.elapsed().as_micros() as u64;
                    measured.latency.saturating_record(micros.max(1));
                }
            }
            failed => {
                if recorded {
                    measured.failures += 1;
                }
                if measured.first_failure.is_none() {
                    measured.first_failure = Some(match failed {
                        Ok((status, _)) => format!("{} {path}: {status}", plan.method),
                        Err(error) => format!("{} {path}: {error}", plan.method),
                    });
                }
                // A broken connection is replaced rather than reused.
                sender = None;
            }
        }
    }
}

async fn connect(address: SocketAddr) -> http1::SendRequest<Full<Bytes>> {
    let stream = TcpStream::connect(address).await.expect("connect to the server");
    stream.set_nodelay(true).expect("set TCP_NODELAY");
    let (sender, connection) =
        http1::handshake(TokioIo::new(stream)).await.expect("an HTTP/1.1 handshake");
    tokio::spawn(connection);
    sender
}

fn build(plan: &Plan, path: &str, address: SocketAddr, etag: Option<&str>) -> Request<Full<Bytes>> {
    let mut request = Request::builder()
        .method(plan.method.clone())
        .uri(path)
        .header(header::HOST, address.to_string());
    for (name, value) in &plan.headers {
        request = request.header(name, value);
    }
    if let Some(etag) = etag {
        request = request.header(header::IF_MATCH, etag);
    }
    let body = plan.body.clone().unwrap_or_default();
    request.body(Full::new(body)).expect("a well-formed request")
}

/// Sends one request and reads the whole answer; returns its status and `ETag`.
async fn exchange(
    sender: &mut http1::SendRequest<Full<Bytes>>,
    request: Request<Full<Bytes>>,
) -> Result<(hyper::StatusCode, Option<String>), String> {
    sender.ready().await.map_err(|error| error.to_string())?;
    let response = sender.send_request(request).await.map_err(|error| error.to_string())?;
    let status = response.status();
    let etag = response
        .headers()
        .get(header::ETAG)
        .and_then(|value| value.to_str().ok())
        .map(str::to_owned);
    response.into_body().collect().await.map_err(|error| error.to_string())?;
    Ok((status, etag))
}
