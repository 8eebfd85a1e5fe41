//! Prometheus metrics at `GET /metrics`: requests by route pattern and status, their latency,
//! how often delivery responses come from the cache, and webhook attempts and their queue. Route patterns (not raw paths) keep
//! the label sets small whatever clients request.

use actix_web::{HttpResponse, web};
use prometheus::{
    Encoder, Histogram, HistogramOpts, HistogramVec, IntCounterVec, Opts, Registry, TextEncoder,
};
use sea_orm::DatabaseConnection;

use crate::error::{Error, Result};
use crate::state::AppState;
use crate::webhooks::metrics::WebhookMetrics;

#[derive(Clone)]
pub struct Metrics {
    registry: Registry,
    requests: IntCounterVec,
    latency: HistogramVec,
    delivery_cache: IntCounterVec,
    db_statements: IntCounterVec,
    db_latency: Histogram,
    /// Webhook attempts and the delivery queue.
    pub webhooks: WebhookMetrics,
}

impl Metrics {
    pub fn new() -> Result<Self> {
        let failed = |error: prometheus::Error| Error::Internal(format!("metrics: {error}"));
        let registry = Registry::new_custom(Some("cutis".to_owned()), None).map_err(failed)?;
        let requests = IntCounterVec::new(
            Opts::new("http_requests_total", "HTTP requests answered"),
            &["method", "route", "status"],
        )
        .map_err(failed)?;
        let latency = HistogramVec::new(
            HistogramOpts::new("http_request_duration_seconds", "Time to answer a request")
                .buckets(vec![
                    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5,
                ]),
            &["method", "route"],
        )
        .map_err(failed)?;
        let delivery_cache = IntCounterVec::new(
            Opts::new("delivery_cache_lookups_total", "Delivery response cache lookups"),
            &["result"],
        )
        .map_err(failed)?;
        let db_statements = IntCounterVec::new(
            Opts::new("db_statements_total", "SQL statements sent to the database"),
            &["outcome"],
        )
        .map_err(failed)?;
        let db_latency = Histogram::with_opts(
            HistogramOpts::new("db_statement_duration_seconds", "Time a SQL statement took")
                .buckets(vec![
                    0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.1, 1.0,
                ]),
        )
        .map_err(failed)?;
        registry.register(Box::new(db_statements.clone())).map_err(failed)?;
        registry.register(Box::new(db_latency.clone())).map_err(failed)?;
        registry.register(Box::new(requests.clone())).map_err(failed)?;
        registry.register(Box::new(latency.clone())).map_err(failed)?;
        registry.register(Box::new(delivery_cache.clone())).map_err(failed)?;
        let webhooks = WebhookMetrics::new().map_err(failed)?;
        for collector in webhooks.collectors() {
            registry.register(collector).map_err(failed)?;
        }
        Ok(Self {
            registry,
            requests,
            latency,
            delivery_cache,
            db_statements,
            db_latency,
            webhooks,
        })
    }

    /// Counts one answered request; `route` is the matched pattern, or `unmatched`.
    pub fn observe_request(&self, method: &str, route: &str, status: u16, seconds: f64) {
        self.requests.with_label_values(&[method, route, &status.to_string()]).inc();
        self.latency.with_label_values(&[method, route]).observe(seconds);
    }

    /// Counts the statements of `db`, so a test or an operator can see how many SQL statements
    /// a request costs (the GraphQL budget is checked this way).
    pub fn instrument(&self, db: &mut DatabaseConnection) {
        let (statements, latency) = (self.db_statements.clone(), self.db_latency.clone());
        db.set_metric_callback(move |info| {
            statements.with_label_values(&[if info.failed { "failed" } else { "ok" }]).inc();
            latency.observe(info.elapsed.as_secs_f64());
        });
    }

    pub fn observe_cache(&self, hit: bool) {
        self.delivery_cache.with_label_values(&[if hit { "hit" } else { "miss" }]).inc();
    }

    fn render(&self) -> Result<String> {
        let mut buffer = Vec::new();
        TextEncoder::new()
            .encode(&self.registry.gather(), &mut buffer)
            .map_err(|error| Error::Internal(format!("metrics: {error}")))?;
        String::from_utf8(buffer).map_err(|error| Error::Internal(format!("metrics: {error}")))
    }
}

/// The metrics in Prometheus text format.
#[utoipa::path(
    get,
    operation_id = "getMetrics",
    path = "/metrics",
    tag = "operations",
    responses((status = 200, description = "Prometheus text exposition format", body = String, content_type = "text/plain"))
)]
pub async fn metrics(state: web::Data<AppState>) -> Result<HttpResponse> {
    Ok(HttpResponse::Ok()
        .content_type("text/plain; version=0.0.4; charset=utf-8")
        .body(state.metrics.render()?))
}

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/metrics").route(web::get().to(metrics)));
}
