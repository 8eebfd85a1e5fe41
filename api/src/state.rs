//! What every request handler can reach: the database and the settings.

use std::sync::Arc;

use sea_orm::DatabaseConnection;

use crate::auth::jwt::JwtKeys;
use crate::auth::password::PasswordGate;
use crate::auth::rate_limit::LoginLimiter;
use crate::config::Settings;
use crate::content::Content;
use crate::cors::AllowedOrigins;
use crate::delivery::DeliveryCaches;
use crate::delivery::follower::DeliveryFollower;
use crate::error::Result;
use crate::metrics::Metrics;
use crate::webhooks::{WebhookFollower, Webhooks};

/// Shared, cheaply cloned application state; one per server, cloned into each worker.
#[derive(Clone)]
pub struct AppState {
    pub db: DatabaseConnection,
    /// The content service every face calls; its changes reach delivery on their own.
    pub content: Content,
    /// The webhook service both faces manage endpoints and deliveries through.
    pub webhooks: Webhooks,
    pub settings: Arc<Settings>,
    pub jwt: JwtKeys,
    pub login_limiter: Arc<LoginLimiter>,
    /// Bounds the password hashes that logins run at once.
    pub password_gate: Arc<PasswordGate>,
    pub cors: AllowedOrigins,
    pub delivery: DeliveryCaches,
    pub metrics: Metrics,
    /// The GraphQL schemas, built once per server.
    pub graphql: crate::graphql::Schemas,
    /// Media bytes and their variants.
    pub media: crate::media::Variants,
}

impl AppState {
    pub async fn new(db: DatabaseConnection, settings: Settings, metrics: Metrics) -> Result<Self> {
        let jwt = JwtKeys::from_settings(&settings.jwt)?;
        let login_limiter = Arc::new(LoginLimiter::new(
            settings.login_rate_per_ip,
            settings.login_rate_per_account,
            settings.login_rate_global,
        ));
        let password_gate = Arc::new(PasswordGate::new(
            settings.password_hash_concurrency,
            settings.password_hash_wait,
        ));
        let cors = AllowedOrigins::load(&db).await?;
        // Cached responses live no longer than clients may keep them (`max-age`).
        let time_to_live = std::time::Duration::from_secs(settings.delivery_max_age_secs.max(1));
        let delivery = DeliveryCaches::new(settings.delivery_cache_bytes, time_to_live);
        let graphql = crate::graphql::Schemas::new(&settings.graphql);
        let followers =
            DeliveryFollower::serving(delivery.clone()).and(WebhookFollower::follower());
        let content = Content::new(db.clone(), followers);
        let webhooks = Webhooks::new(db.clone(), settings.webhooks.allow_private);
        let media = crate::media::Variants::new(crate::media::MediaStore::open(&settings.media)?);
        Ok(Self {
            db,
            content,
            webhooks,
            settings: Arc::new(settings),
            jwt,
            login_limiter,
            password_gate,
            cors,
            delivery,
            metrics,
            graphql,
            media,
        })
    }
}
