//! Liveness and readiness probes for load balancers and orchestrators.

use actix_web::{HttpResponse, web};
use serde::Serialize;

use crate::db;
use crate::error::{Error, Result};
use crate::state::AppState;

#[derive(Serialize, utoipa::ToSchema)]
pub struct Health {
    #[schema(example = "ok")]
    pub status: &'static str,
}

/// The process is up and answering HTTP.
#[utoipa::path(
    get,
    operation_id = "getHealth",
    path = "/healthz",
    tag = "operations",
    responses((status = 200, description = "The process is alive", body = Health))
)]
pub async fn healthz() -> HttpResponse {
    HttpResponse::Ok().json(Health { status: "ok" })
}

/// The database answers within the readiness timeout; otherwise 503, so traffic goes elsewhere.
#[utoipa::path(
    get,
    operation_id = "getReadiness",
    path = "/readyz",
    tag = "operations",
    responses(
        (status = 200, description = "The database answers", body = Health),
        (status = 503, description = "The database does not answer", body = crate::error::Problem,
            content_type = "application/problem+json"),
    )
)]
#[tracing::instrument(skip(state))]
pub async fn readyz(state: web::Data<AppState>) -> Result<HttpResponse> {
    let timeout = state.settings.readiness_timeout;
    match tokio::time::timeout(timeout, db::check_reachable(&state.db)).await {
        Ok(Ok(())) => Ok(HttpResponse::Ok().json(Health { status: "ok" })),
        Ok(Err(error)) => {
            tracing::warn!(%error, "readiness check failed");
            Err(Error::Unavailable("the database is not answering".to_owned()))
        }
        Err(_) => Err(Error::Unavailable(format!(
            "the database did not answer within {} ms",
            timeout.as_millis()
        ))),
    }
}

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/healthz").route(web::get().to(healthz)))
        .service(web::resource("/readyz").route(web::get().to(readyz)));
}
