//! The GraphQL endpoints: actix extracts the caller (a delivery key or an access token) and
//! the body, the request runs against the schema built once per server, and the response is
//! GraphQL JSON.
//!
//! A GraphQL response is `200` whatever errors it carries (GraphQL over HTTP with
//! `application/json`), credentials included: no or a bad credential is an error with
//! `extensions.code` `UNAUTHENTICATED`. Only requests that are not GraphQL requests at all
//! (a body over the limit, not JSON, malformed) get REST's 4xx problem responses.

use actix_web::{HttpRequest, HttpResponse, web};

use super::admin::context::Admin;
use super::delivery::context::Delivery;
use super::delivery::fan_out::priced;
use super::errors::refused;
use super::explorer;
use crate::auth::extract::{AuthUser, DeliveryKey};
use crate::error::Result;
use crate::request::body::RawBody;
use crate::request::id::RequestId;
use crate::request::purge::purge_headers;
use crate::state::AppState;

pub const DELIVERY_PATH: &str = "/graphql";
pub const ADMIN_PATH: &str = "/admin/graphql";

/// `POST /graphql`: the delivery schema, with a delivery or preview key.
pub async fn delivery(
    state: web::Data<AppState>,
    key: Result<DeliveryKey>,
    body: Result<RawBody>,
) -> Result<HttpResponse> {
    let key = match key {
        Ok(key) => key,
        Err(error) => return Ok(HttpResponse::Ok().json(refused(&error))),
    };
    let request = body?.json::<async_graphql::Request>()?;
    // Nested lists are priced by how long they are in this workspace (see `fan_out`).
    let fan_out = match state.delivery.fan_out.of(&state.db, key.workspace.id).await {
        Ok(fan_out) => fan_out,
        Err(error) => return Ok(HttpResponse::Ok().json(refused(&error))),
    };
    let delivery = Delivery::new(state.db.clone(), state.delivery.search.clone(), key);
    let keys = delivery.keys();
    let request = request.data(delivery);
    let response = priced(fan_out, state.graphql.delivery.execute(request)).await;
    let mut builder = HttpResponse::Ok();
    if let Ok(keys) = keys.lock() {
        purge_headers(&mut builder, &keys);
    }
    Ok(builder.json(response))
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
    let request = body?.json::<async_graphql::Request>()?;
    let admin =
        Admin::new(state.content.clone(), state.webhooks.clone(), user, RequestId::of(&http));
    let request = request.data(admin);
    Ok(HttpResponse::Ok().json(state.graphql.admin.execute(request).await))
}

const DELIVERY_TITLE: &str = "Cutis delivery GraphQL";
const ADMIN_TITLE: &str = "Cutis admin GraphQL";
const KEY: &str = "Delivery or preview key";
const TOKEN: &str = "Access token";

/// `POST` runs a query; `GET` answers the explorer ([`explorer`]) for the same schema.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.configure(explorer::routes)
        .service(
            web::resource(DELIVERY_PATH).route(web::post().to(delivery)).route(
                web::get().to(|| async { explorer::page(DELIVERY_PATH, DELIVERY_TITLE, KEY) }),
            ),
        )
        .service(
            web::resource(ADMIN_PATH)
                .route(web::post().to(admin))
                .route(web::get().to(|| async { explorer::page(ADMIN_PATH, ADMIN_TITLE, TOKEN) })),
        );
}
