//! Database errors are read by the codes of the database that raised them: a PostgreSQL
//! refusal is never mistaken for SQLite's BUSY because its SQLSTATE shares a low byte.

use cutis::error::Error;
use cutis_tests::TestDatabase;
use sea_orm::{ConnectionTrait, DbBackend, Statement};

#[tokio::test]
async fn a_nul_refused_by_postgresql_is_a_failure_not_a_busy_database() {
    let database = TestDatabase::create().await;
    if !database.is_postgres() {
        eprintln!("skipped: SQLite stores NUL; only PostgreSQL refuses it (SQLSTATE 22021)");
        return;
    }
    let db = database.connect().await;
    let statement =
        Statement::from_sql_and_values(DbBackend::Postgres, "SELECT $1::text", ["a\0b".into()]);

    let error = db.query_one_raw(statement).await.expect_err("PostgreSQL refuses a NUL");

    assert!(!cutis::db::is_busy(&error), "22021 read as busy: {error}");
    assert_eq!(Error::from(error).code(), "INTERNAL");
}
