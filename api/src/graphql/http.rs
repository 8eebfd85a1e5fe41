//! The GraphQL endpoints: actix extracts the caller (a delivery key or an access token) and
//! the body, the request runs against the schema built once per server, and the response is
//! GraphQL JSON.
//!
//! A GraphQL response is `200` whatever errors it carries (GraphQL over HTTP with
//! `application/json`), credentials included: no or a bad credential is an error with
//! `extensions.code` `UNAUTHENTICATED`. Only requests that are not GraphQL requests at all
//! (a body over the limit, not JSON, malformed) get REST's 4xx problem responses.
//!
//! Delivery queries also come over `GET` (`?query=&operationName=&variables=&extensions=`)
//! and as persisted queries ([`super::persisted`]), and their answers are sent as REST's are
//! ([`answer`]): from the response cache when the same query was answered since the last
//! publish, with an `ETag`, `304`, `Cache-Control` and the purge keys of what they contain.
//! An answer that read drafts or carries errors is neither cached nor shared.

use std::sync::atomic::Ordering;

use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use super::admin::context::Admin;
use super::delivery::context::Delivery;
use super::delivery::fan_out::priced;
use super::errors::refused;
use super::{cache_key, explorer};
use crate::auth::extract::{AuthUser, DeliveryKey};
use crate::delivery::surrogate_keys::SurrogateKeys;
use crate::error::{Error, Result};
use crate::request::answer::{self, Rendered};
use crate::request::body::RawBody;
use crate::request::id::RequestId;
use crate::state::AppState;

pub const DELIVERY_PATH: &str = "/graphql";
pub const ADMIN_PATH: &str = "/admin/graphql";

/// `POST /graphql`: the delivery schema, with a delivery or preview key.
pub async fn delivery(
    state: web::Data<AppState>,
    http: HttpRequest,
    key: Result<DeliveryKey>,
    body: Result<RawBody>,
) -> Result<HttpResponse> {
    let request = body?.json::<async_graphql::Request>()?;
    delivery_answer(&state, &http, key, request).await
}

/// A query in a `GET` URL, as GraphQL over HTTP names its parameters.
#[derive(Deserialize)]
struct QueryInUrl {
    query: Option<String>,
    #[serde(rename = "operationName")]
    operation_name: Option<String>,
    /// JSON.
    variables: Option<String>,
    /// JSON, e.g. `{"persistedQuery":{"version":1,"sha256Hash":"…"}}`.
    extensions: Option<String>,
}

impl QueryInUrl {
    fn request(self) -> Result<async_graphql::Request> {
        let json = |name: &str, raw: Option<String>| -> Result<serde_json::Value> {
            let Some(raw) = raw.filter(|raw| !raw.is_empty()) else {
                return Ok(Default::default());
            };
            serde_json::from_str(&raw)
                .map_err(|error| Error::BadRequest(format!("`{name}` is not JSON: {error}")))
        };
        let variables = json("variables", self.variables)?;
        let extensions = json("extensions", self.extensions)?;
        let mut request = async_graphql::Request::new(self.query.unwrap_or_default())
            .variables(async_graphql::Variables::from_json(variables));
        request.operation_name = self.operation_name.filter(|name| !name.is_empty());
        if let serde_json::Value::Object(extensions) = extensions {
            for (name, value) in extensions {
                let value = async_graphql::Value::from_json(value).unwrap_or_default();
                request.extensions.insert(name, value);
            }
        }
        Ok(request)
    }
}

/// `GET /graphql`: a query in the URL; without one, the explorer ([`explorer`]).
pub async fn delivery_get(
    state: web::Data<AppState>,
    http: HttpRequest,
    key: Result<DeliveryKey>,
) -> Result<HttpResponse> {
    let url = web::Query::<QueryInUrl>::from_query(http.query_string())
        .map_err(|error| Error::BadRequest(format!("the query string is malformed: {error}")))?
        .into_inner();
    if url.query.is_none() && url.extensions.is_none() {
        return Ok(explorer::page(DELIVERY_PATH, DELIVERY_TITLE, KEY));
    }
    delivery_answer(&state, &http, key, url.request()?).await
}

/// Runs a delivery query, or answers it from the response cache.
async fn delivery_answer(
    state: &AppState,
    http: &HttpRequest,
    key: Result<DeliveryKey>,
    mut request: async_graphql::Request,
) -> Result<HttpResponse> {
    let key = match key {
        Ok(key) => key,
        Err(error) => return Ok(unshared(refused(&error))),
    };
    if let Err(error) = state.graphql.persisted.resolve(&mut request).await {
        return Ok(unshared(async_graphql::Response::from_errors(vec![error])));
    }
    let cache_key = cache_key::of(&request);
    answer::respond(state, &key, http, cache_key, false, || execute(state, &key, request)).await
}

/// A refusal before any query ran, which no cache may keep (a `GET` is a URL a CDN could).
fn unshared(response: async_graphql::Response) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((actix_web::http::header::CACHE_CONTROL, answer::PRIVATE))
        .json(response)
}

/// Runs `request` for `key`: the answer, shared unless it read drafts or has errors.
async fn execute(
    state: &AppState,
    key: &DeliveryKey,
    request: async_graphql::Request,
) -> Result<Rendered> {
    let json = |response: &async_graphql::Response| {
        serde_json::to_value(response).map_err(|error| Error::Internal(error.to_string()))
    };
    let workspace_keys = SurrogateKeys::new(&key.workspace.slug);
    // Nested lists are priced by how long they are in this workspace (see `fan_out`).
    let fan_out = match state.delivery.fan_out.of(&state.db, key.workspace.id).await {
        Ok(fan_out) => fan_out,
        Err(error) => {
            let body = json(&refused(&error))?;
            return Ok(Rendered {
                body,
                locale: String::new(),
                keys: workspace_keys,
                shared: false,
            });
        }
    };
    let delivery = Delivery::new(state.db.clone(), state.delivery.search.clone(), key.clone());
    let (keys, drafts) = (delivery.keys(), delivery.drafts());
    let response = priced(fan_out, state.graphql.delivery.execute(request.data(delivery))).await;
    let shared = response.errors.is_empty() && !drafts.load(Ordering::Relaxed);
    let keys = keys.lock().map(|keys| keys.clone()).unwrap_or(workspace_keys);
    Ok(Rendered { body: json(&response)?, locale: String::new(), keys, shared })
}

/// `POST /admin/graphql`: the admin schema, with an access token.
pub async fn admin(
    state: web::Data<AppState>,
    http: HttpRequest,
    user: Result<AuthUser>,
    body: Result<RawBody>,
) -> Result<HttpResponse> {
    let user = match user {
        Ok(AuthUser { user }) => user,
        Err(error) => return Ok(HttpResponse::Ok().json(refused(&error))),
    };
    let mut request = body?.json::<async_graphql::Request>()?;
    if let Err(error) = state.graphql.persisted.resolve(&mut request).await {
        return Ok(HttpResponse::Ok().json(async_graphql::Response::from_errors(vec![error])));
    }
    let admin =
        Admin::new(state.content.clone(), state.webhooks.clone(), user, RequestId::of(&http));
    let request = request.data(admin);
    Ok(HttpResponse::Ok().json(state.graphql.admin.execute(request).await))
}

const DELIVERY_TITLE: &str = "Cutis delivery GraphQL";
const ADMIN_TITLE: &str = "Cutis admin GraphQL";
const KEY: &str = "Delivery or preview key";
const TOKEN: &str = "Access token";

/// `POST` runs a query; `GET` runs a delivery query in the URL, or answers the explorer
/// ([`explorer`]) for the same schema.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.configure(explorer::routes)
        .service(
            web::resource(DELIVERY_PATH)
                .route(web::post().to(delivery))
                .route(web::get().to(delivery_get)),
        )
        .service(
            web::resource(ADMIN_PATH)
                .route(web::post().to(admin))
                .route(web::get().to(|| async { explorer::page(ADMIN_PATH, ADMIN_TITLE, TOKEN) })),
        );
}
