//! Scheduled publishing: entries approved with a `publish_at` are published by a background
//! task once that time has passed.
//!
//! Each round claims due entries in one transaction. On PostgreSQL the rows are taken with
//! `FOR UPDATE SKIP LOCKED`, so replicas running the same task at the same moment split the
//! work instead of repeating it; on SQLite the write transaction itself is exclusive. The
//! publish step then only applies to an entry still approved at the version read, so an entry
//! is published exactly once.

use std::time::Duration;

use chrono::{DateTime, Utc};
use entity::{clinic, condition, treatment, user};
use sea_orm::sea_query::{LockBehavior, LockType};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbBackend, EntityTrait,
    QueryFilter, QueryOrder, QuerySelect,
};
use uuid::Uuid;

use super::Scope;
use super::change::{self, finish};
use super::kind::EntryKind;
use super::values::now;
use super::workflow::{self, Actor, Step, StepRequest, status};
use crate::accounts::workspaces;
use crate::error::Result;

/// How many due entries one round publishes at most.
const BATCH: u64 = 20;

/// A due entry: id, workspace, version, and who scheduled it.
type Due = (Uuid, Uuid, i32, Option<Uuid>);

/// Runs [`publish_due`] every `every`, for as long as the process runs. `on_published` hears the
/// workspaces whose delivery changed (to drop this replica's caches at once).
pub fn spawn(
    db: DatabaseConnection,
    every: Duration,
    on_published: impl Fn(Uuid) + Send + 'static,
) {
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval(every);
        loop {
            ticks.tick().await;
            match publish_due(&db).await {
                Ok(workspaces) => workspaces.into_iter().for_each(&on_published),
                Err(error) => tracing::warn!(%error, "scheduled publishing failed"),
            }
        }
    });
}

/// Publishes every entry whose `publish_at` has passed; returns the workspaces touched.
pub async fn publish_due(db: &DatabaseConnection) -> Result<Vec<Uuid>> {
    let mut touched = Vec::new();
    for kind in [EntryKind::Condition, EntryKind::Treatment, EntryKind::Clinic] {
        let txn = change::begin(db).await?;
        let result = publish_batch(&txn, kind, now()).await;
        touched.extend(finish(txn, result).await?);
    }
    touched.sort();
    touched.dedup();
    Ok(touched)
}

async fn publish_batch(
    txn: &DatabaseTransaction,
    kind: EntryKind,
    now: DateTime<Utc>,
) -> Result<Vec<Uuid>> {
    let postgres = txn.get_database_backend() == DbBackend::Postgres;
    macro_rules! due {
        ($module:ident) => {{
            let mut select = $module::Entity::find()
                .select_only()
                .column($module::Column::Id)
                .column($module::Column::WorkspaceId)
                .column($module::Column::Version)
                .column($module::Column::UpdatedBy)
                .filter($module::Column::Status.eq(status::APPROVED))
                .filter($module::Column::PublishAt.lte(now))
                .order_by_asc($module::Column::PublishAt)
                .limit(BATCH);
            if postgres {
                select = select.lock_with_behavior(LockType::Update, LockBehavior::SkipLocked);
            }
            select.into_tuple::<Due>().all(txn).await?
        }};
    }
    let due = match kind {
        EntryKind::Treatment => due!(treatment),
        EntryKind::Condition => due!(condition),
        EntryKind::Clinic => due!(clinic),
        EntryKind::Offering => Vec::new(),
    };
    let mut touched = Vec::new();
    for (id, workspace_id, version, scheduled_by) in due {
        let Some(actor) = scheduled_by else {
            tracing::warn!(%id, "a scheduled entry has no scheduling user left; publish it by hand");
            continue;
        };
        let workspace = workspaces::get(txn, workspace_id).await?;
        let scope = Scope {
            workspace_id,
            default_locale: workspace.default_locale,
            locales: workspace.locales,
            actor,
        };
        let name = user::Entity::find_by_id(actor).one(txn).await?.map(|u| u.display_name);
        let name = name.unwrap_or_else(|| "scheduler".to_owned());
        let note = Some("Published at the scheduled time".to_owned());
        let request =
            StepRequest { kind, id, expected: version, step: Step::Publish { at: None }, note };
        workflow::apply_in(txn, &scope, request, &Actor { name: &name }).await?;
        touched.push(workspace_id);
    }
    Ok(touched)
}
