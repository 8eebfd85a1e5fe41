//! Outgoing webhooks: clinic sites hear of every published, unpublished or deleted entry
//! (and every workflow step) without polling.
//!
//! - [`outbox`] writes a delivery row for each subscribed endpoint in the change's own
//!   transaction (a content-service follower), so nothing is lost or invented;
//! - [`worker`] claims due deliveries and sends them, signed per Standard Webhooks
//!   ([`signing`]), from a client that refuses private addresses at send time ([`sender`]),
//!   retrying with backoff ([`backoff`]);
//! - [`service`] is what the REST and GraphQL faces call to manage endpoints and deliveries.
//!
//! Nothing here knows the HTTP requests that manage it.

pub mod address;
pub mod backoff;
pub mod deliveries;
pub mod endpoints;
pub mod events;
pub mod metrics;
pub mod outbox;
pub mod payload;
pub mod sender;
pub mod service;
pub mod signing;
pub mod target;
pub mod worker;

pub use outbox::WebhookFollower;
pub use service::Webhooks;
