//! A scratch database for one fault test: a SQLite file, or a uniquely named PostgreSQL
//! database when `CUTIS_TEST_POSTGRES_URL` is set (dropped when the test ends).

use sea_orm::{
    ConnectionTrait, Database, DatabaseConnection, DatabaseTransaction, Statement, TransactionTrait,
};
use tempfile::TempDir;

pub enum Scratch {
    Sqlite { dir: TempDir },
    Postgres { admin_url: String, name: String, _dir: TempDir },
}

/// What keeps the database from answering the server until [`Scratch::restore`].
pub enum Outage {
    /// SQLite: another connection holds the write lock, so writes wait out the busy timeout.
    Locked(DatabaseTransaction),
    /// PostgreSQL: new connections are refused and the server's are terminated.
    Unreachable,
}

impl Scratch {
    pub async fn create() -> Self {
        let dir = tempfile::tempdir().expect("a scratch directory");
        match std::env::var("CUTIS_TEST_POSTGRES_URL").ok().filter(|url| !url.trim().is_empty()) {
            Some(admin_url) => {
                let name = format!("cutis_faults_{}", uuid::Uuid::new_v4().simple());
                admin(&admin_url, &format!("CREATE DATABASE \"{name}\"")).await;
                Self::Postgres { admin_url, name, _dir: dir }
            }
            None => Self::Sqlite { dir },
        }
    }

    /// A directory that lives as long as the database, for logs.
    pub fn dir(&self) -> &std::path::Path {
        match self {
            Self::Sqlite { dir } | Self::Postgres { _dir: dir, .. } => dir.path(),
        }
    }

    pub fn url(&self) -> String {
        match self {
            Self::Sqlite { dir } => {
                format!("sqlite://{}?mode=rwc", dir.path().join("c.db").display())
            }
            Self::Postgres { admin_url, name, .. } => with_database(admin_url, name),
        }
    }

    pub fn is_postgres(&self) -> bool {
        matches!(self, Self::Postgres { .. })
    }

    async fn connect(&self) -> DatabaseConnection {
        Database::connect(self.url()).await.expect("connect to the scratch database")
    }

    /// Takes the database away from the server (see [`Outage`]).
    pub async fn take_away(&self) -> Outage {
        match self {
            Self::Sqlite { .. } => {
                let db = self.connect().await;
                let lock = db.begin().await.expect("begin");
                // Any write takes SQLite's single write lock and keeps it until rollback.
                lock.execute_unprepared("UPDATE workspaces SET name = name").await.expect("lock");
                Outage::Locked(lock)
            }
            Self::Postgres { admin_url, name, .. } => {
                let sql = format!(
                    "ALTER DATABASE \"{name}\" ALLOW_CONNECTIONS false; \
                     SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
                     WHERE datname = '{name}';"
                );
                admin(admin_url, &sql).await;
                Outage::Unreachable
            }
        }
    }

    pub async fn restore(&self, outage: Outage) {
        match (self, outage) {
            (_, Outage::Locked(lock)) => lock.rollback().await.expect("release the lock"),
            (Self::Postgres { admin_url, name, .. }, Outage::Unreachable) => {
                admin(admin_url, &format!("ALTER DATABASE \"{name}\" ALLOW_CONNECTIONS true"))
                    .await;
            }
            (Self::Sqlite { .. }, Outage::Unreachable) => {}
        }
    }

    /// Everything the database's own checks and our consistency rules find wrong; empty
    /// when the database is sound. Run with the server stopped.
    pub async fn integrity_problems(&self) -> Vec<String> {
        let db = self.connect().await;
        let mut problems = match self {
            Self::Sqlite { .. } => sqlite_checks(&db).await,
            Self::Postgres { .. } => postgres_checks(&db).await,
        };
        problems.extend(consistency(&db).await);
        let _ = db.close().await;
        problems
    }
}

/// `PRAGMA integrity_check` (pages, b-trees, indexes against tables) and foreign keys.
async fn sqlite_checks(db: &DatabaseConnection) -> Vec<String> {
    let mut problems: Vec<String> =
        rows(db, "PRAGMA integrity_check").await.into_iter().filter(|row| row != "ok").collect();
    for row in rows(db, "SELECT \"table\" FROM pragma_foreign_key_check").await {
        problems.push(format!("foreign key violation in {row}"));
    }
    problems
}

/// PostgreSQL recovers from its own WAL whatever happens to a client, so the server's death
/// cannot corrupt it; amcheck still verifies every b-tree index against its table and every
/// table's heap, which would show a torn page if there were one.
async fn postgres_checks(db: &DatabaseConnection) -> Vec<String> {
    if let Err(error) = db.execute_unprepared("CREATE EXTENSION IF NOT EXISTS amcheck").await {
        eprintln!("amcheck is not available ({error}); only the consistency rules run");
        return Vec::new();
    }
    // bt_index_check raises an error on the first inconsistency it finds (heapallindexed: every
    // table row is in the index too); verify_heapam returns a row per damaged tuple.
    let indexes = "SELECT c.relname, bt_index_check(c.oid, true) \
        FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid \
        JOIN pg_am a ON a.oid = c.relam JOIN pg_namespace n ON n.oid = c.relnamespace \
        WHERE a.amname = 'btree' AND n.nspname = 'public'";
    let heaps = "SELECT c.relname || ': ' || v.msg FROM pg_class c \
        JOIN pg_namespace n ON n.oid = c.relnamespace, verify_heapam(c.oid) v \
        WHERE c.relkind = 'r' AND n.nspname = 'public'";
    let statement = Statement::from_string(db.get_database_backend(), indexes);
    let mut problems = match db.query_all_raw(statement).await {
        Ok(_) => Vec::new(),
        Err(error) => vec![format!("b-tree index check: {error}")],
    };
    problems.extend(rows(db, heaps).await);
    problems
}

/// What one-transaction-per-change promises: every entry's current version has its revision,
/// no revision is ahead of its entry, and every treatment has its text.
async fn consistency(db: &DatabaseConnection) -> Vec<String> {
    let checks = [
        (
            "treatments without the revision of their version",
            "SELECT t.slug FROM treatments t WHERE NOT EXISTS (SELECT 1 FROM revisions r \
             WHERE r.entity_type = 'treatment' AND r.entity_id = t.id AND r.version = t.version)",
        ),
        (
            "revisions ahead of their treatment",
            "SELECT t.slug FROM treatments t JOIN revisions r ON r.entity_id = t.id \
             AND r.entity_type = 'treatment' WHERE r.version > t.version",
        ),
        (
            "treatments without text",
            "SELECT t.slug FROM treatments t WHERE NOT EXISTS \
             (SELECT 1 FROM treatment_translations tt WHERE tt.treatment_id = t.id)",
        ),
    ];
    let mut problems = Vec::new();
    for (rule, sql) in checks {
        for slug in rows(db, sql).await {
            problems.push(format!("{rule}: {slug}"));
        }
    }
    problems
}

/// The first column of every row, as text.
async fn rows(db: &DatabaseConnection, sql: &str) -> Vec<String> {
    let statement = Statement::from_string(db.get_database_backend(), sql);
    let found = db.query_all_raw(statement).await.unwrap_or_else(|e| panic!("{sql}: {e}"));
    found
        .iter()
        .map(|row| row.try_get_by_index::<String>(0).unwrap_or_else(|e| panic!("{sql}: {e}")))
        .collect()
}

async fn admin(admin_url: &str, sql: &str) {
    let admin = Database::connect(admin_url).await.expect("connect to PostgreSQL");
    admin.execute_unprepared(sql).await.expect("an administrative statement");
    let _ = admin.close().await;
}

/// `postgres://u@h:5432/postgres?x=y` naming database `name` instead.
fn with_database(url: &str, name: &str) -> String {
    let (base, query) =
        url.split_once('?').map_or((url, String::new()), |(b, q)| (b, format!("?{q}")));
    let authority = base.find("://").map_or(0, |i| i + 3);
    let server = base[authority..].find('/').map_or(base, |slash| &base[..authority + slash]);
    format!("{server}/{name}{query}")
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let Self::Postgres { admin_url, name, .. } = self else { return };
        let (admin_url, sql) =
            (admin_url.clone(), format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"));
        // Drop runs inside the test's runtime, which cannot block; a thread with its own can.
        let dropped = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build();
            runtime.map(|runtime| runtime.block_on(admin(&admin_url, &sql)))
        })
        .join();
        if !matches!(dropped, Ok(Ok(()))) {
            eprintln!("could not drop the scratch database {name}");
        }
    }
}
