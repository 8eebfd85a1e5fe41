//! Scheduled publishing: entries approved with a `publish_at` are published by a background
//! task once that time has passed. The same task announces medical reviews falling due and
//! takes down patient photos whose consent ended ([`super::publishing::withdraw`]).
//!
//! Each round claims due entries in one transaction. On PostgreSQL the rows are taken with
//! `FOR UPDATE SKIP LOCKED`, so replicas running the same task at the same moment split the
//! work instead of repeating it; on SQLite the write transaction itself is exclusive. The
//! publish step then only applies to an entry still approved at the version read, so an entry
//! is published exactly once. Its change reaches the service's followers like any other.

use std::time::Duration;

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, LockBehavior, LockType};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseTransaction, DbBackend, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, TransactionTrait,
};
use uuid::Uuid;

use super::entry::{Entry, Publishable};
use super::events::Change;
use super::governance::review_due;
use super::status::Status;
use super::values::now;
use super::workflow::{self, Reviewed, Step, StepRequest, Workflowed};
use super::{Clinics, Conditions, Content, Scope, Treatments};
use crate::accounts::{users, workspaces};
use crate::error::{Error, Result};

/// How many due entries one round publishes at most, per kind.
const BATCH: u64 = 20;

/// A due entry: id, workspace, version, and who scheduled it.
type Due = (Uuid, Uuid, i32, Option<Uuid>);

/// Runs [`publish_due`], then announces the reviews falling due
/// ([`review_due::announce`]), every `every`, for as long as the process runs.
pub fn spawn(content: Content, every: Duration) {
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval(every);
        loop {
            ticks.tick().await;
            if let Err(error) = publish_due(&content).await {
                tracing::warn!(%error, "scheduled publishing failed");
            }
            if let Err(error) = review_due::announce(&content, now()).await {
                tracing::warn!(%error, "announcing reviews falling due failed");
            }
            let today = now().date_naive();
            if let Err(error) = super::publishing::withdraw::withdraw_lapsed(&content, today).await
            {
                tracing::warn!(%error, "withdrawing photos whose consent ended failed");
            }
        }
    });
}

/// Publishes every entry whose `publish_at` has passed; returns what it published.
pub async fn publish_due(content: &Content) -> Result<Vec<Change>> {
    let mut published = publish_kind::<Conditions>(content).await?;
    published.extend(publish_kind::<Treatments>(content).await?);
    published.extend(publish_kind::<Clinics>(content).await?);
    Ok(published)
}

async fn publish_kind<K: Publishable>(content: &Content) -> Result<Vec<Change>> {
    let txn = content.begin().await?;
    let changes = match publish_batch::<K>(&txn, now()).await {
        Ok(changes) => changes,
        Err(error) => return super::change::finish(txn, Err(error)).await,
    };
    content.commit(txn, &changes).await?;
    Ok(changes)
}

async fn publish_batch<K: Publishable>(
    txn: &DatabaseTransaction,
    now: DateTime<Utc>,
) -> Result<Vec<Change>> {
    type E<K> = <K as Entry>::Entity;
    let mut select = E::<K>::find()
        .select_only()
        .column(<E<K> as super::change::Versioned>::ID)
        .column(<E<K> as super::change::Versioned>::WORKSPACE)
        .column(<E<K> as super::change::Versioned>::VERSION)
        .column(<E<K> as super::change::Versioned>::UPDATED_BY)
        .filter(<E<K> as Workflowed>::STATUS.eq(Status::Approved.as_str()))
        .filter(<E<K> as Workflowed>::PUBLISH_AT.lte(now))
        .order_by_asc(<E<K> as Workflowed>::PUBLISH_AT)
        .limit(BATCH);
    if txn.get_database_backend() == DbBackend::Postgres {
        select = select.lock_with_behavior(LockType::Update, LockBehavior::SkipLocked);
    }
    let due = select.into_tuple::<Due>().all(txn).await?;
    let mut changes = Vec::with_capacity(due.len());
    for (id, workspace_id, version, scheduled_by) in due {
        let Some(actor) = scheduled_by else {
            tracing::warn!(%id, "a scheduled entry has no scheduling user left; publish it by hand");
            continue;
        };
        let workspace = workspaces::get(txn, workspace_id).await?;
        let scope = Scope::of_workspace(&workspace, actor);
        let name = users::get(txn, actor).await?.map(|user| user.reviewer_name());
        let reviewer = Reviewed::By(name.unwrap_or_else(|| "scheduler".to_owned()));
        let note = Some("Published at the scheduled time".to_owned());
        let step = Step::Publish { at: None };
        let request = StepRequest { id, expected: version, step, note, accepted: Vec::new() };
        // In a savepoint: a publish the checklist now refuses (a review that fell due since it
        // was scheduled) is called off alone, not retried forever with the whole batch.
        let attempt = txn.begin().await?;
        match workflow::step_in::<K>(&attempt, &scope, request, reviewer).await {
            Ok(stepped) => {
                attempt.commit().await?;
                changes.push(stepped.change);
            }
            Err(error @ Error::Validation(_)) => {
                attempt.rollback().await?;
                tracing::warn!(%id, %error, "a scheduled publish was refused; it is called off");
                call_off::<K>(txn, id).await?;
            }
            Err(error) => return Err(error),
        }
    }
    Ok(changes)
}

/// Clears the schedule of an entry whose publish was refused; it stays approved.
async fn call_off<K: Publishable>(txn: &DatabaseTransaction, id: Uuid) -> Result<()> {
    type E<K> = <K as Entry>::Entity;
    E::<K>::update_many()
        .col_expr(<E<K> as Workflowed>::PUBLISH_AT, Expr::value(Option::<DateTime<Utc>>::None))
        .filter(<E<K> as super::change::Versioned>::ID.eq(id))
        .exec(txn)
        .await?;
    Ok(())
}
