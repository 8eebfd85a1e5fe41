//! The write path every change shares: a transaction that serializes writers, the
//! version-checked claim of an entry, and what to answer when the database is too busy.
//!
//! A change claims its entry first, with `UPDATE … SET version = version + 1 WHERE id = ? AND
//! workspace_id = ? AND version = ?`, and goes on only when that touched one row. Of any number
//! of concurrent changes carrying the same version exactly one succeeds; the others see a
//! newer version and get `412`. On PostgreSQL the claim also row-locks the entry until commit.
//! On SQLite the transaction begins `IMMEDIATE`, taking the single write lock up front (waiting
//! up to the busy timeout), so no transaction ever has to upgrade a stale read snapshot.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction, EntityTrait,
    QueryFilter, QuerySelect,
};
use uuid::Uuid;

use super::Scope;
use super::kind::EntryKind;
use crate::db;
use crate::error::{Error, Result};

/// A table of versioned entries: the columns the claim reads and writes.
pub trait Versioned: EntityTrait {
    const KIND: EntryKind;
    const ID: Self::Column;
    const WORKSPACE: Self::Column;
    const VERSION: Self::Column;
    const UPDATED_AT: Self::Column;
    const UPDATED_BY: Self::Column;
    /// The workflow status and scheduled publish time, for kinds that have a workflow
    /// (offerings publish with their clinic).
    const WORKFLOW_COLUMNS: Option<(Self::Column, Self::Column)>;
}

/// Begins a write transaction (`BEGIN IMMEDIATE` on SQLite, a plain `BEGIN` on PostgreSQL).
pub async fn begin(db: &DatabaseConnection) -> Result<DatabaseTransaction> {
    db::begin_write(db).await
}

/// Moves entry `id` from version `expected` to the next one, or says why it cannot: `404` when
/// the workspace has no such entry, `412` with the current version when it has moved on.
pub async fn claim<E: Versioned>(
    txn: &DatabaseTransaction,
    scope: &Scope,
    id: Uuid,
    expected: i32,
    now: DateTime<Utc>,
) -> Result<i32> {
    let mut update = E::update_many()
        .col_expr(E::VERSION, Expr::col(E::VERSION).add(1))
        .col_expr(E::UPDATED_AT, Expr::val(now))
        .col_expr(E::UPDATED_BY, Expr::val(scope.actor));
    if let Some((status, publish_at)) = E::WORKFLOW_COLUMNS {
        // Changed content needs review again, and a publish scheduled for the old text is
        // cancelled; what was published stays live meanwhile.
        update = update
            .col_expr(status, Expr::val(crate::content::status::Status::Draft.as_str()))
            .col_expr(publish_at, Expr::value(Option::<DateTime<Utc>>::None));
    }
    let claimed = update
        .filter(E::ID.eq(id))
        .filter(E::WORKSPACE.eq(scope.workspace_id))
        .filter(E::VERSION.eq(expected))
        .exec(txn)
        .await?;
    if claimed.rows_affected == 1 {
        return Ok(expected + 1);
    }
    match current_version::<E>(txn, scope, id).await? {
        Some(current) => Err(Error::VersionMismatch { expected, current }),
        None => Err(not_found(E::KIND, id)),
    }
}

/// The version entry `id` is at now, if the workspace has it.
pub async fn current_version<E: Versioned>(
    db: &impl ConnectionTrait,
    scope: &Scope,
    id: Uuid,
) -> Result<Option<i32>> {
    Ok(E::find()
        .select_only()
        .column(E::VERSION)
        .filter(E::ID.eq(id))
        .filter(E::WORKSPACE.eq(scope.workspace_id))
        .into_tuple::<i32>()
        .one(db)
        .await?)
}

pub fn not_found(kind: EntryKind, id: Uuid) -> Error {
    Error::NotFound(format!("{} {id} was not found", kind.noun()))
}

/// What a versioned change that failed with `error` should answer. When the database stayed
/// too busy to take the write (SQLite's busy timeout, a PostgreSQL serialization failure) and
/// the entry has meanwhile moved past `expected`, the change lost a race: `412`, as if it had
/// run. Otherwise the error stands (a busy database is `503`, which clients may retry).
pub async fn settle<E: Versioned>(
    db: &DatabaseConnection,
    scope: &Scope,
    id: Uuid,
    expected: i32,
    error: Error,
) -> Error {
    let Error::Database(cause) = &error else { return error };
    if !db::is_busy(cause) {
        return error;
    }
    match current_version::<E>(db, scope, id).await {
        Ok(Some(current)) if current != expected => Error::VersionMismatch { expected, current },
        _ => error,
    }
}

/// Commits `txn` when `result` is a success and rolls it back otherwise, so a failed change
/// releases its locks at once and leaves nothing behind.
pub async fn finish<T>(txn: DatabaseTransaction, result: Result<T>) -> Result<T> {
    db::finish(txn, result).await
}
