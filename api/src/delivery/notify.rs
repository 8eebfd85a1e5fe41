//! Cross-replica invalidation over PostgreSQL LISTEN/NOTIFY.
//!
//! A publish, unpublish or key revocation sends `NOTIFY` inside its own transaction, so the
//! message goes out exactly when the change commits. Every replica listens and drops what it
//! cached. When the listening connection drops, messages may have been missed, so the replica
//! drops everything once it is back. SQLite is one process: the local invalidation suffices.

use std::time::Duration;

use sea_orm::sqlx::postgres::PgListener;
use sea_orm::{ConnectionTrait, DbBackend, Statement};
use uuid::Uuid;

use super::DeliveryCaches;
use crate::error::Result;

pub const CHANNEL: &str = "cutis_delivery";

/// What changed, as sent in a notification's payload.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Change {
    /// Published content of a workspace.
    Content(Uuid),
    /// API keys of a workspace (one was revoked).
    Keys(Uuid),
}

impl Change {
    fn payload(self) -> String {
        match self {
            Change::Content(workspace) => format!("content:{workspace}"),
            Change::Keys(workspace) => format!("keys:{workspace}"),
        }
    }

    fn parse(payload: &str) -> Option<Self> {
        let (kind, id) = payload.split_once(':')?;
        let id = Uuid::parse_str(id).ok()?;
        match kind {
            "content" => Some(Change::Content(id)),
            "keys" => Some(Change::Keys(id)),
            _ => None,
        }
    }
}

/// Queues a notification on `db` (a transaction: sent at commit). No-op on SQLite.
pub async fn announce(db: &impl ConnectionTrait, change: Change) -> Result<()> {
    if db.get_database_backend() != DbBackend::Postgres {
        return Ok(());
    }
    let statement = Statement::from_sql_and_values(
        DbBackend::Postgres,
        "SELECT pg_notify($1, $2)",
        [CHANNEL.into(), change.payload().into()],
    );
    db.execute_raw(statement).await?;
    Ok(())
}

/// Applies one change to this replica's caches.
pub fn apply(caches: &DeliveryCaches, change: Change) {
    match change {
        Change::Content(workspace) => caches.invalidate_content(workspace),
        Change::Keys(_) => caches.keys.invalidate_all(),
    }
}

/// Listens for changes from all replicas for as long as the process runs.
pub fn spawn_listener(database_url: String, caches: DeliveryCaches) {
    tokio::spawn(async move {
        loop {
            match listen(&database_url, &caches).await {
                Ok(()) => {}
                Err(error) => tracing::warn!(%error, "delivery invalidation listener failed"),
            }
            // Whatever was published meanwhile went unheard: start clean.
            caches.invalidate_all();
            tokio::time::sleep(Duration::from_secs(1)).await;
        }
    });
}

async fn listen(url: &str, caches: &DeliveryCaches) -> Result<(), sea_orm::sqlx::Error> {
    let mut listener = PgListener::connect(url).await?;
    listener.listen(CHANNEL).await?;
    loop {
        // `None` means the connection dropped; the next call reconnects and re-listens.
        match listener.try_recv().await? {
            Some(notification) => {
                if let Some(change) = Change::parse(notification.payload()) {
                    apply(caches, change);
                }
            }
            None => caches.invalidate_all(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_change_survives_its_payload() {
        let workspace = Uuid::new_v4();
        for change in [Change::Content(workspace), Change::Keys(workspace)] {
            assert_eq!(Change::parse(&change.payload()), Some(change));
        }
        assert_eq!(Change::parse("content:not-a-uuid"), None);
    }
}
