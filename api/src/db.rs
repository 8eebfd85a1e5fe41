//! Opening the database and bringing its schema up to date.

use std::time::Duration;

use migration::{Migrator, MigratorTrait};
use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DatabaseTransaction, DbErr,
    RuntimeErr, SqliteTransactionMode, Statement, TransactionOptions, TransactionTrait,
};
use secrecy::ExposeSecret;

use crate::config::Settings;
use crate::error::{Error, Result};

/// Opens the pool. SQLite runs in WAL mode (readers never wait for the writer) with a busy
/// timeout and foreign keys enforced; PostgreSQL needs nothing special.
pub async fn connect(settings: &Settings) -> Result<DatabaseConnection> {
    let mut options = ConnectOptions::new(settings.database_url.expose_secret().to_owned());
    let busy_timeout = settings.sqlite_busy_timeout;
    options
        .max_connections(settings.db_max_connections)
        .min_connections(1)
        .connect_timeout(Duration::from_secs(5))
        .acquire_timeout(Duration::from_secs(5))
        .sqlx_logging(false)
        .map_sqlx_sqlite_opts(move |sqlite| {
            sqlite
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .busy_timeout(busy_timeout)
                .foreign_keys(true)
        });
    Database::connect(options).await.map_err(Error::from)
}

/// Begins a transaction that writes: `BEGIN IMMEDIATE` on SQLite, a plain `BEGIN` on
/// PostgreSQL. SQLite then takes its one write lock up front, waiting up to the busy timeout,
/// instead of failing at once with `database is locked` when a deferred reader tries to write.
pub async fn begin_write(db: &DatabaseConnection) -> Result<DatabaseTransaction> {
    let options = TransactionOptions {
        sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
        ..TransactionOptions::default()
    };
    Ok(db.begin_with_options(options).await?)
}

/// Commits `txn` when `result` is a success and rolls it back otherwise, so a failed write
/// releases its locks at once and leaves nothing behind.
pub async fn finish<T>(txn: DatabaseTransaction, result: Result<T>) -> Result<T> {
    match result {
        Ok(value) => {
            txn.commit().await?;
            Ok(value)
        }
        Err(error) => {
            if let Err(rollback) = txn.rollback().await {
                tracing::warn!(%rollback, "rolling back a failed write failed");
            }
            Err(error)
        }
    }
}

/// Applies every pending migration.
pub async fn migrate(db: &DatabaseConnection) -> Result<usize> {
    let pending = Migrator::get_pending_migrations(db).await?.len();
    Migrator::up(db, None).await?;
    Ok(pending)
}

/// Names of migrations the database has not run yet.
pub async fn pending_migrations(db: &DatabaseConnection) -> Result<Vec<String>> {
    let pending = Migrator::get_pending_migrations(db).await?;
    Ok(pending.iter().map(|migration| migration.name().to_owned()).collect())
}

/// A query that touches the database file or server, so a locked SQLite file or an unreachable
/// PostgreSQL both fail it.
pub async fn check_reachable(db: &DatabaseConnection) -> Result<()> {
    let sql = "SELECT COUNT(*) FROM seaql_migrations";
    let backend = db.get_database_backend();
    db.query_one_raw(Statement::from_string(backend, sql)).await?;
    Ok(())
}

/// `cutis migrate`: connects, applies pending migrations and reports how many ran.
pub async fn migrate_command(settings: &Settings) -> Result<()> {
    let db = connect(settings).await?;
    let applied = migrate(&db).await?;
    tracing::info!(applied, "database schema is up to date");
    db.close().await?;
    Ok(())
}

/// The database could not take the statement now and a retry may succeed: SQLite still busy
/// or locked after the busy timeout, or a PostgreSQL serialization failure, deadlock or lock
/// not available. Codes are read for the database that raised them: a PostgreSQL SQLSTATE is
/// never read as a SQLite number (`22021`, a NUL in text, has 5 in its low byte).
pub fn is_busy(error: &DbErr) -> bool {
    let (DbErr::Exec(RuntimeErr::SqlxError(cause))
    | DbErr::Query(RuntimeErr::SqlxError(cause))
    | DbErr::Conn(RuntimeErr::SqlxError(cause))) = error
    else {
        return false;
    };
    let sea_orm::sqlx::Error::Database(cause) = cause.as_ref() else { return false };
    let code = cause.code().unwrap_or_default();
    if cause.try_downcast_ref::<sea_orm::sqlx::sqlite::SqliteError>().is_some() {
        // SQLite primary codes 5 (BUSY) and 6 (LOCKED) carry extended codes in their high bits.
        return code.parse::<u32>().is_ok_and(|code| matches!(code & 0xff, 5 | 6));
    }
    if cause.try_downcast_ref::<sea_orm::sqlx::postgres::PgDatabaseError>().is_some() {
        return matches!(code.as_ref(), "40001" | "40P01" | "55P03");
    }
    false
}

/// The connection went away under a statement: the socket closed, or PostgreSQL ended the
/// session (SQLSTATE class 08, or 57P01–57P03 when an administrator, a shutdown or a restart
/// terminates it). The database is away, not the request wrong; a retry may succeed.
pub fn is_connection_lost(error: &DbErr) -> bool {
    let (DbErr::Exec(RuntimeErr::SqlxError(cause))
    | DbErr::Query(RuntimeErr::SqlxError(cause))
    | DbErr::Conn(RuntimeErr::SqlxError(cause))) = error
    else {
        return false;
    };
    match cause.as_ref() {
        sea_orm::sqlx::Error::Io(_)
        | sea_orm::sqlx::Error::PoolTimedOut
        | sea_orm::sqlx::Error::PoolClosed
        | sea_orm::sqlx::Error::WorkerCrashed => true,
        sea_orm::sqlx::Error::Database(cause) => {
            let code = cause.code().unwrap_or_default();
            code.starts_with("08") || matches!(code.as_ref(), "57P01" | "57P02" | "57P03")
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use sea_orm::{DbErr, RuntimeErr, sqlx};

    #[test]
    fn a_socket_closed_under_a_statement_is_a_lost_connection() {
        let closed = std::io::Error::from(std::io::ErrorKind::UnexpectedEof);
        let error = DbErr::Query(RuntimeErr::SqlxError(Arc::new(sqlx::Error::Io(closed))));
        assert!(super::is_connection_lost(&error));
    }

    #[test]
    fn a_row_that_is_not_found_is_not_a_lost_connection() {
        let error = DbErr::Query(RuntimeErr::SqlxError(Arc::new(sqlx::Error::RowNotFound)));
        assert!(!super::is_connection_lost(&error));
    }
}
