//! The GraphQL APIs (README, "GraphQL"), two schemas over the same services as REST:
//!
//! - `POST /graphql` ([`delivery`]): published snapshots for apps, read with a delivery key;
//!   nested fields go through dataloaders so a query costs a few SQL statements whatever its
//!   shape. Answers are cached like REST's; queries also come over `GET` and as persisted
//!   queries ([`persisted`]). `GET /graphql` without a query serves our GraphQL explorer
//!   ([`explorer`]).
//! - `POST /admin/graphql` ([`admin`]): the editors' queries and mutations with an access
//!   token; every resolver calls the content service function its REST handler calls.
//!
//! Both schemas are built once per server ([`Schemas`], held in `AppState`) with the limits of
//! [`limits`]; the caller is extracted by actix in [`http`] and handed to resolvers as request
//! data. Errors become GraphQL errors in exactly one place, [`errors`].

pub mod admin;
pub mod cache_key;
pub mod delivery;
pub mod errors;
pub mod explorer;
pub mod http;
pub mod limits;
pub mod persisted;
pub mod shape;
pub mod types;

use crate::config::GraphqlSettings;

/// Both schemas, built once and shared by every worker (cloning is cheap).
#[derive(Clone)]
pub struct Schemas {
    pub delivery: delivery::DeliverySchema,
    pub admin: admin::AdminSchema,
    /// The queries clients persisted (APQ), for both endpoints.
    pub persisted: persisted::PersistedQueries,
}

impl Schemas {
    pub fn new(settings: &GraphqlSettings) -> Self {
        Self {
            delivery: delivery::schema(settings),
            admin: admin::schema(settings),
            persisted: persisted::PersistedQueries::default(),
        }
    }
}

/// The SDL of the delivery and the admin schema, as committed in `openapi/delivery.graphql`
/// and `openapi/admin.graphql`.
pub fn sdl() -> (String, String) {
    let schemas = Schemas::new(&GraphqlSettings::default());
    (schemas.delivery.sdl(), schemas.admin.sdl())
}

pub use http::routes;
