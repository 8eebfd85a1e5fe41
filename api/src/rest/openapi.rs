//! The OpenAPI document of the REST API, served at `/openapi.json` with Swagger UI at `/docs`.
//! `openapi/openapi.json` in the repository is this document; a test fails when it is stale.

use actix_web::{HttpResponse, http::header, web};
use utoipa::OpenApi;
use utoipa_swagger_ui::SwaggerUi;

use super::health;
use crate::error::{FieldError, Problem};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Cutis",
        description = "A headless CMS for clinic treatment content: a delivery API for clinic \
                       websites and apps, and an admin API for editors and medical reviewers.",
        license(name = "Apache-2.0", identifier = "Apache-2.0"),
    ),
    paths(health::healthz, health::readyz),
    components(schemas(Problem, FieldError, health::Health)),
    tags((name = "operations", description = "Probes for load balancers and orchestrators")),
)]
pub struct ApiDoc;

/// The document as committed in `openapi/openapi.json`.
pub fn document_json() -> String {
    let mut json = ApiDoc::openapi().to_pretty_json().unwrap_or_default();
    json.push('\n');
    json
}

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/docs").route(web::get().to(redirect_to_docs)))
        .service(SwaggerUi::new("/docs/{_:.*}").url("/openapi.json", ApiDoc::openapi()));
}

/// Swagger UI loads its assets relative to `/docs/`, so the bare path redirects there.
async fn redirect_to_docs() -> HttpResponse {
    HttpResponse::PermanentRedirect().insert_header((header::LOCATION, "/docs/")).finish()
}
