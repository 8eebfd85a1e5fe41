//! API keys resolved once and remembered, so a cached delivery read touches no database.
//!
//! An entry lives at most a minute; revoking a key, or changing a workspace's settings,
//! empties the cache on every replica at once (see `notify`). Last use is still recorded,
//! at most once a minute per key, off the request path.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::Duration;

use chrono::Utc;
use moka::future::Cache;
use sea_orm::DatabaseConnection;

use crate::accounts::api_keys::{self, ApiKey};
use crate::accounts::workspaces::{self, Workspace};
use crate::auth::tokens;
use crate::error::Result;

const TIME_TO_LIVE: Duration = Duration::from_secs(60);
const RECORD_USE_EVERY_SECS: i64 = 60;

/// A live key with its workspace.
#[derive(Debug)]
pub struct KnownKey {
    pub key: ApiKey,
    pub workspace: Workspace,
    /// When last use was last written (unix seconds).
    recorded_use_at: AtomicI64,
}

#[derive(Clone)]
pub struct KeyCache {
    keys: Cache<String, Arc<KnownKey>>,
}

impl Default for KeyCache {
    fn default() -> Self {
        Self { keys: Cache::builder().max_capacity(10_000).time_to_live(TIME_TO_LIVE).build() }
    }
}

impl KeyCache {
    /// The live key for `secret`, from memory when possible.
    pub async fn resolve(
        &self,
        db: &DatabaseConnection,
        secret: &str,
    ) -> Result<Option<Arc<KnownKey>>> {
        let digest = tokens::digest(secret);
        if let Some(known) = self.keys.get(&digest).await {
            record_use_in_background(db, &known);
            return Ok(Some(known));
        }
        let Some(key) = api_keys::authenticate(db, secret).await? else { return Ok(None) };
        let workspace = workspaces::get(db, key.workspace_id).await?;
        let known = Arc::new(KnownKey {
            key,
            workspace,
            recorded_use_at: AtomicI64::new(Utc::now().timestamp()),
        });
        self.keys.insert(digest, Arc::clone(&known)).await;
        Ok(Some(known))
    }

    pub fn invalidate_all(&self) {
        self.keys.invalidate_all();
    }
}

fn record_use_in_background(db: &DatabaseConnection, known: &Arc<KnownKey>) {
    let now = Utc::now();
    let last = known.recorded_use_at.load(Ordering::Relaxed);
    if now.timestamp() - last < RECORD_USE_EVERY_SECS {
        return;
    }
    // Only the request that wins the swap writes; the others go on.
    let won = known
        .recorded_use_at
        .compare_exchange(last, now.timestamp(), Ordering::Relaxed, Ordering::Relaxed)
        .is_ok();
    if won {
        let (db, id) = (db.clone(), known.key.id);
        tokio::spawn(async move {
            if let Err(error) = api_keys::record_use(&db, id, now).await {
                tracing::warn!(%error, "could not record API key use");
            }
        });
    }
}
