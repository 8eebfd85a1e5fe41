//! The OpenAPI document of the REST API, served at `/openapi.json` with Swagger UI at `/docs`.
//! `openapi/openapi.json` in the repository is this document; a test fails when it is stale.

use actix_web::{HttpResponse, http::header, web};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};
use utoipa_swagger_ui::SwaggerUi;

use super::openapi_errors::CommonErrors;
use super::openapi_purge::PurgeHeaders;
use super::openapi_rules::ValidationRules;
use super::{api_keys, audit_log, auth, governance, health, invitations, members};
use super::{clinics, conditions, delivery, media, offerings, treatments, workflow};
use super::{webhooks, workspaces};
use crate::error::{FieldError, Problem};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Cutis",
        description = "A headless CMS for clinic treatment content: a delivery API for clinic \
                       websites and apps, and an admin API for editors and medical reviewers. \
                       The schemas state the rules the server checks; rules across fields are \
                       in the field descriptions. No text may contain U+0000 (NUL).",
        license(name = "Apache-2.0", identifier = "Apache-2.0"),
    ),
    // Relative, so Swagger UI and generated clients call whichever host served the document.
    servers((url = "/", description = "The Cutis server that serves this document")),
    paths(
        health::healthz,
        health::readyz,
        crate::metrics::metrics,
        auth::login,
        auth::refresh,
        auth::logout,
        auth::me,
        auth::update_me,
        workspaces::list,
        workspaces::create,
        workspaces::get,
        workspaces::update,
        members::list,
        members::change_role,
        members::remove,
        invitations::list,
        invitations::create,
        invitations::revoke,
        invitations::accept,
        api_keys::list,
        api_keys::create,
        api_keys::revoke,
        webhooks::list,
        webhooks::create,
        webhooks::get,
        webhooks::update,
        webhooks::delete,
        webhooks::rotate_secret,
        webhooks::ping,
        webhooks::deliveries,
        webhooks::retry,
        audit_log::list,
        governance::list,
        governance::create,
        governance::get,
        governance::update,
        governance::delete,
        governance::treatment_checks,
        governance::condition_checks,
        treatments::list,
        treatments::create,
        treatments::get,
        treatments::update,
        treatments::delete,
        treatments::revisions_list,
        treatments::revision,
        treatments::restore,
        conditions::list,
        conditions::create,
        conditions::get,
        conditions::update,
        conditions::delete,
        conditions::revisions_list,
        conditions::revision,
        conditions::restore,
        clinics::list,
        clinics::create,
        clinics::get,
        clinics::update,
        clinics::delete,
        clinics::revisions_list,
        clinics::revision,
        clinics::restore,
        offerings::list,
        offerings::create,
        offerings::get,
        offerings::update,
        offerings::delete,
        offerings::revisions_list,
        offerings::revision,
        offerings::restore,
        media::list,
        media::create,
        media::get,
        media::update,
        media::delete,
        media::revisions_list,
        media::revision,
        media::restore,
        media::file,
        workflow::treatment_step,
        workflow::condition_step,
        workflow::clinic_step,
        delivery::treatments::list,
        delivery::treatments::get,
        delivery::treatments::get_jsonld,
        delivery::conditions::list,
        delivery::conditions::get,
        delivery::clinics::list,
        delivery::clinics::get,
        delivery::clinics::treatments,
        delivery::search::search,
        delivery::media::get,
        workspaces::delivery_workspace,
    ),
    components(schemas(
        Problem,
        FieldError,
        health::Health,
        workflow::StepName,
        crate::media::Format
    )),
    modifiers(
        &SecuritySchemes,
        &CommonErrors,
        &PublicOperations,
        &PurgeHeaders,
        &ValidationRules,
        &UsedSchemasOnly
    ),
    tags(
        (name = "operations", description = "Probes for load balancers and orchestrators"),
        (name = "auth", description = "Sessions for editors: access tokens and refresh tokens"),
        (name = "workspaces", description = "Tenants: one clinic group or agency client each"),
        (name = "members", description = "Who works in a workspace, with which role"),
        (name = "api-keys", description = "Keys for the delivery API, shown once"),
        (name = "webhooks", description = "Signed notifications of published, unpublished and \
            deleted entries for sites and CDNs, with their deliveries"),
        (name = "governance", description = "Medical governance: the claims check and its \
            rules, the publish checklist, reviews falling due"),
        (name = "audit", description = "Who changed what, when, in which request: for owners and admins"),
        (name = "delivery", description = "Published content for clinic websites and apps"),
        (name = "treatments", description = "The treatment library editors write: plans, \
            downtime, aftercare, FAQs, conditions treated and evidence, text per locale"),
        (name = "conditions", description = "What treatments treat, with synonyms, per locale"),
        (name = "clinics", description = "Locations that publish content"),
        (name = "offerings", description = "What a clinic offers: price from, duration, booking"),
        (name = "media", description = "Images: uploads stripped of their metadata, alt text \
            per locale, and patient photos with their consent"),
        (name = "revisions", description = "Every version of an entry, and restoring one"),
    ),
)]
pub struct ApiDoc;

/// `admin_jwt`: access tokens from `/v1/auth/login`; `delivery_key`: API keys for sites and apps.
struct SecuritySchemes;

impl Modify for SecuritySchemes {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "admin_jwt",
            SecurityScheme::Http(
                HttpBuilder::new().scheme(HttpAuthScheme::Bearer).bearer_format("JWT").build(),
            ),
        );
        components.add_security_scheme(
            "delivery_key",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("cutis_live_... or cutis_preview_...")
                    .build(),
            ),
        );
    }
}

/// Operations that take no credential (probes, metrics, sign-in) say so with an empty
/// `security` list, so a client or linter tells "public" from "forgot to document".
struct PublicOperations;

impl Modify for PublicOperations {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        for item in openapi.paths.paths.values_mut() {
            let operations =
                [&mut item.get, &mut item.post, &mut item.put, &mut item.patch, &mut item.delete];
            for operation in operations.into_iter().flatten() {
                operation.security.get_or_insert_with(Vec::new);
            }
        }
    }
}

/// Drops the schemas nothing refers to: utoipa registers the item type of a generic page
/// although the page (`Page_TreatmentSummary`) holds it inline, and a listed schema nobody
/// uses only misleads a reader.
struct UsedSchemasOnly;

impl Modify for UsedSchemasOnly {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        loop {
            let Ok(text) = serde_json::to_string(&*openapi) else { return };
            let Some(components) = openapi.components.as_mut() else { return };
            let unused: Vec<String> = components
                .schemas
                .keys()
                .filter(|name| !text.contains(&format!("\"#/components/schemas/{name}\"")))
                .cloned()
                .collect();
            if unused.is_empty() {
                return;
            }
            for name in unused {
                components.schemas.remove(&name);
            }
        }
    }
}

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
