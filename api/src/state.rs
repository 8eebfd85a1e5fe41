//! What every request handler can reach: the database and the settings.

use std::sync::Arc;

use sea_orm::DatabaseConnection;

use crate::config::Settings;

/// Shared, cheaply cloned application state; one per server, cloned into each worker.
#[derive(Clone)]
pub struct AppState {
    pub db: DatabaseConnection,
    pub settings: Arc<Settings>,
}

impl AppState {
    pub fn new(db: DatabaseConnection, settings: Settings) -> Self {
        Self { db, settings: Arc::new(settings) }
    }
}
