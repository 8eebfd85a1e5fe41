//! Starting and stopping the HTTP server.
//!
//! [`Server::build`] connects, migrates and binds before returning, so the caller knows the
//! real port (tests bind port 0) and every start-up failure surfaces before traffic arrives.

use std::net::{SocketAddr, TcpListener};

use actix_web::{HttpServer, dev::ServerHandle};
use sea_orm::DatabaseConnection;

use secrecy::ExposeSecret;

use crate::config::{DatabaseKind, Settings};
use crate::error::{Error, Result};
use crate::metrics::Metrics;
use crate::state::AppState;
use crate::{app, db, delivery};

/// How `serve` and the operator commands treat the database schema before they act.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SchemaPolicy {
    /// Apply pending migrations (the default).
    Migrate,
    /// Refuse to act when migrations are pending (`--no-migrate`).
    RequireCurrent,
}

/// A bound, ready-to-run server.
pub struct Server {
    address: SocketAddr,
    handle: ServerHandle,
    running: actix_web::dev::Server,
    db: DatabaseConnection,
    demo: Option<crate::demo::Welcome>,
}

impl Server {
    pub async fn build(settings: Settings, policy: SchemaPolicy) -> Result<Self> {
        let metrics = Metrics::new()?;
        let mut db = db::connect(&settings).await?;
        prepare_schema(&db, policy).await?;
        // Bound first, so a start that cannot listen loads no demo whose password nobody would
        // see; connections wait in the backlog until the demo is there and serving starts.
        let listener = TcpListener::bind(&settings.bind)
            .map_err(|error| Error::Internal(format!("cannot bind {}: {error}", settings.bind)))?;
        let demo = if settings.demo { crate::demo::load_if_empty(&db).await? } else { None };
        metrics.instrument(&mut db);
        let address = listener
            .local_addr()
            .map_err(|error| Error::Internal(format!("cannot read the bound address: {error}")))?;
        let workers = settings.workers;
        let settings_kind = settings.database_kind();
        let scheduler_interval = settings.scheduler_interval;
        let database_url = settings.database_url.expose_secret().to_owned();
        let shutdown_timeout = settings.shutdown_timeout.as_secs();
        let state = AppState::new(db.clone(), settings, metrics).await?;
        spawn_cors_reloader(state.clone());
        crate::content::scheduler::spawn(state.content.clone(), scheduler_interval);
        let webhooks = &state.settings.webhooks;
        crate::webhooks::worker::Worker::new(db.clone(), webhooks, state.metrics.webhooks.clone())?
            .spawn(webhooks.interval);
        if settings_kind == DatabaseKind::Postgres {
            delivery::notify::spawn_listener(database_url, state.delivery.clone());
        }
        let running = HttpServer::new(move || app(state.clone()))
            .workers(workers)
            .shutdown_timeout(shutdown_timeout)
            .listen(listener)
            .map_err(|error| Error::Internal(format!("cannot listen on {address}: {error}")))?
            .run();
        let handle = running.handle();
        Ok(Self { address, handle, running, db, demo })
    }

    pub fn address(&self) -> SocketAddr {
        self.address
    }

    pub fn port(&self) -> u16 {
        self.address.port()
    }

    /// A handle that stops the server from elsewhere (tests, embedding programs).
    pub fn handle(&self) -> ServerHandle {
        self.handle.clone()
    }

    /// The server's own pool, for callers that share the process (tests, the demo loader).
    pub fn database(&self) -> &DatabaseConnection {
        &self.db
    }

    /// What the first run loaded (`settings.demo` on an empty database), to print once.
    pub fn demo(&self) -> Option<&crate::demo::Welcome> {
        self.demo.as_ref()
    }

    /// Serves until SIGTERM or Ctrl-C, then lets in-flight requests finish (up to the
    /// shutdown timeout) and closes the pool.
    pub async fn run_until_stopped(self) -> Result<()> {
        tracing::info!(address = %self.address, "Cutis is listening on http://{}", self.address);
        let outcome = self.running.await;
        let _ = self.db.close().await;
        tracing::info!("Cutis stopped");
        outcome.map_err(|error| Error::Internal(format!("server failed: {error}")))
    }
}

/// Migrates the schema, or with [`SchemaPolicy::RequireCurrent`] refuses one that is behind:
/// the one rule `serve` and every operator command follow.
pub async fn prepare_schema(db: &DatabaseConnection, policy: SchemaPolicy) -> Result<()> {
    match policy {
        SchemaPolicy::Migrate => {
            let applied = db::migrate(db).await?;
            if applied > 0 {
                tracing::info!(applied, "database schema migrated");
            }
            Ok(())
        }
        SchemaPolicy::RequireCurrent => {
            let pending = db::pending_migrations(db).await?;
            if pending.is_empty() {
                return Ok(());
            }
            Err(Error::Conflict(format!(
                "the database schema is behind by {} migration(s) ({}); run `cutis migrate` \
                 or leave out --no-migrate",
                pending.len(),
                pending.join(", ")
            )))
        }
    }
}

/// Keeps this replica's CORS origins in step with changes made through other replicas.
fn spawn_cors_reloader(state: AppState) {
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval(crate::cors::RELOAD_EVERY);
        ticks.tick().await;
        loop {
            ticks.tick().await;
            if let Err(error) = state.cors.reload(&state.db).await {
                tracing::warn!(%error, "could not reload CORS origins");
            }
        }
    });
}
