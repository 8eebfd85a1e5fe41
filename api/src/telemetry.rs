//! Logging: one `tracing` subscriber for the process, an access log line per request, and the
//! request id on every response so a client's report can be matched to the server's log lines.

use std::io::IsTerminal;
use std::time::Instant;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{HttpMessage, web};
use tracing_actix_web::RequestId;
use tracing_subscriber::EnvFilter;

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

const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// One log line per request, inside the span `TracingLogger` opened (so it carries the
/// `request_id`), and that id copied into an `X-Request-Id` response header.
pub async fn access_log(
    request: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let id = request.extensions().get::<RequestId>().copied();
    let (method, path) = (request.method().clone(), request.path().to_owned());
    let started = Instant::now();
    let mut response = next.call(request).await?;
    if let Some(value) = id.and_then(|id| HeaderValue::from_str(&id.to_string()).ok()) {
        response.headers_mut().insert(REQUEST_ID, value);
    }
    let status = response.status().as_u16();
    let elapsed = started.elapsed().as_secs_f64();
    if let Some(state) = response.request().app_data::<web::Data<AppState>>() {
        let route = response.request().match_pattern();
        let route = route.as_deref().unwrap_or("unmatched");
        state.metrics.observe_request(method.as_str(), route, status, elapsed);
    }
    tracing::info!(%method, path, status, elapsed_ms = elapsed * 1000.0, "request");
    Ok(response)
}
