//! Cross-origin access for browsers calling the delivery API.
//!
//! Origins are configured per workspace. A CORS preflight carries no API key, so it is answered
//! for any origin some workspace allows; the request that follows is then checked against the
//! key's own workspace in the `DeliveryKey` extractor. The list is reloaded when a workspace
//! changes and every 30 seconds, so replicas converge. An origin no workspace allows is
//! answered with a problem document that names it and says where to allow it, because a
//! browser shows the developer nothing else.

use std::sync::{Arc, RwLock};
use std::time::Duration;

use actix_cors::Cors;
use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::{Method, header};
use actix_web::middleware::Next;
use actix_web::{ResponseError, web};
use sea_orm::DatabaseConnection;

use crate::accounts::workspaces;
use crate::error::{Error, Result};
use crate::state::AppState;

pub const RELOAD_EVERY: Duration = Duration::from_secs(30);

/// The union of all workspaces' allowed origins, shared by every worker.
#[derive(Clone, Default)]
pub struct AllowedOrigins(Arc<RwLock<Vec<String>>>);

impl AllowedOrigins {
    pub async fn load(db: &DatabaseConnection) -> Result<Self> {
        let origins = Self::default();
        origins.reload(db).await?;
        Ok(origins)
    }

    pub async fn reload(&self, db: &DatabaseConnection) -> Result<()> {
        let fresh = workspaces::all_cors_origins(db).await?;
        if let Ok(mut origins) = self.0.write() {
            *origins = fresh;
        }
        Ok(())
    }

    pub fn allows(&self, origin: &str) -> bool {
        self.0.read().is_ok_and(|origins| origins_allow(&origins, origin))
    }
}

/// True when `origin` is in `allowed` (or `allowed` holds `*`).
pub fn origins_allow(allowed: &[String], origin: &str) -> bool {
    allowed.iter().any(|entry| entry == "*" || entry.eq_ignore_ascii_case(origin))
}

/// True when `origin` names the host the request was sent to (`host`, its `Host` header):
/// a page Cutis serves itself (the GraphQL explorer, Swagger UI) calling its own server.
pub fn is_same_origin(origin: &str, host: Option<&str>) -> bool {
    let Some(host) = host.filter(|host| !host.is_empty()) else { return false };
    let authority = origin.split_once("://").map_or("", |(_, authority)| authority);
    authority.eq_ignore_ascii_case(host)
}

/// The actix CORS middleware over the shared origin list.
pub fn middleware(origins: AllowedOrigins) -> Cors {
    Cors::default()
        .allowed_origin_fn(move |origin, head| {
            let host = head.headers().get(header::HOST).and_then(|host| host.to_str().ok());
            origin.to_str().is_ok_and(|o| is_same_origin(o, host) || origins.allows(o))
        })
        .allowed_methods([Method::GET, Method::POST, Method::PATCH, Method::DELETE])
        .allowed_headers([
            header::AUTHORIZATION,
            header::CONTENT_TYPE,
            header::IF_MATCH,
            header::IF_NONE_MATCH,
        ])
        .expose_headers([header::ETAG, header::CONTENT_LANGUAGE, header::RETRY_AFTER])
        .max_age(3600)
}

/// Runs before [`middleware`]: a request (a preflight above all) from an origin no workspace
/// allows is refused here with `403` and a problem document naming the origin and the setting
/// that allows it, instead of the middleware's bare `400`.
pub async fn explain_refused_origin(
    request: ServiceRequest,
    next: Next<impl MessageBody>,
) -> std::result::Result<ServiceResponse<EitherBody<impl MessageBody>>, actix_web::Error> {
    let origin = request
        .headers()
        .get(header::ORIGIN)
        .map(|value| String::from_utf8_lossy(value.as_bytes()).into_owned());
    let host = request.headers().get(header::HOST).and_then(|host| host.to_str().ok());
    let allowed = |origin: &str| {
        is_same_origin(origin, host)
            || request
                .app_data::<web::Data<AppState>>()
                .is_some_and(|state| state.cors.allows(origin))
    };
    match origin.filter(|origin| !allowed(origin)) {
        Some(origin) => {
            let refusal = Error::Forbidden(format!(
                "origin {origin} is not allowed by any workspace; a workspace owner or admin \
                 allows it with PATCH /admin/v1/workspaces/{{workspace}} and a body such as \
                 {{\"cors_origins\": [\"{origin}\"]}}"
            ));
            Ok(request.into_response(refusal.error_response()).map_into_right_body())
        }
        None => Ok(next.call(request).await?.map_into_left_body()),
    }
}

#[cfg(test)]
mod tests {
    use super::is_same_origin;

    #[test]
    fn only_an_origin_naming_the_requested_host_is_the_same_origin() {
        assert!(is_same_origin("http://127.0.0.1:8080", Some("127.0.0.1:8080")));
        assert!(is_same_origin("https://Cutis.example", Some("cutis.example")));
        assert!(!is_same_origin("http://127.0.0.1:3000", Some("127.0.0.1:8080")));
        assert!(!is_same_origin("http://evil.example", Some("cutis.example.evil.example")));
        assert!(!is_same_origin("null", Some("cutis.example")));
        assert!(!is_same_origin("http://cutis.example", None));
    }
}
