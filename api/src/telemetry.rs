//! Logging: one `tracing` subscriber for the process, an access log line per request, and the
//! request id on every response so a client's report can be matched to the server's log lines.

use std::io::IsTerminal;
use std::time::Instant;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::HeaderValue;
use actix_web::middleware::Next;
use actix_web::web;
use tracing_subscriber::EnvFilter;

use crate::request::id::{REQUEST_ID, RequestId};
use crate::state::AppState;

/// Installs the global subscriber with the `CUTIS_LOG` filter. A second call (tests spawning
/// several servers in one process) keeps the first subscriber.
pub fn init(filter: &str) {
    let filter = EnvFilter::try_new(filter).unwrap_or_else(|_| EnvFilter::new("info"));
    // Logs go to stderr so that stdout carries only what a command prints (a key, a document).
    let colour = std::io::stderr().is_terminal();
    let _ = tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter(filter)
        .with_target(false)
        .with_ansi(colour)
        .try_init();
}

/// One log line per request, inside the span `TracingLogger` opened, with the request's id
/// ([`RequestId`]: the client's sane `X-Request-Id`, else the span's), which the answer's
/// `X-Request-Id` header echoes.
pub async fn access_log(
    request: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let id = RequestId::assign(&request).map(|id| id.0);
    let (method, path) = (request.method().clone(), request.path().to_owned());
    let started = Instant::now();
    let mut response = next.call(request).await?;
    if let Some(value) = id.as_deref().and_then(|id| HeaderValue::from_str(id).ok()) {
        response.headers_mut().insert(REQUEST_ID, value);
    }
    let status = response.status().as_u16();
    let elapsed = started.elapsed().as_secs_f64();
    if let Some(state) = response.request().app_data::<web::Data<AppState>>() {
        let route = response.request().match_pattern();
        let route = route.as_deref().unwrap_or("unmatched");
        state.metrics.observe_request(method.as_str(), route, status, elapsed);
    }
    let request_id = id.unwrap_or_default();
    tracing::info!(%method, path, status, request_id, elapsed_ms = elapsed * 1000.0, "request");
    Ok(response)
}
