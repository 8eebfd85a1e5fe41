//! A database that exists for one test only.

use sea_orm::{ConnectionTrait, Database, DatabaseConnection};
use tempfile::TempDir;

/// The PostgreSQL server to test against, if any.
pub fn postgres_admin_url() -> Option<String> {
    std::env::var("CUTIS_TEST_POSTGRES_URL").ok().filter(|url| !url.trim().is_empty())
}

pub enum TestDatabase {
    Sqlite { _dir: TempDir, path: std::path::PathBuf },
    Postgres { admin_url: String, name: String },
}

impl TestDatabase {
    /// A new, empty database on the engine this run tests.
    pub async fn create() -> Self {
        match postgres_admin_url() {
            Some(admin_url) => {
                let name = format!("cutis_test_{}", uuid::Uuid::new_v4().simple());
                run_as_admin(&admin_url, &format!("CREATE DATABASE \"{name}\"")).await;
                Self::Postgres { admin_url, name }
            }
            None => {
                let dir = tempfile::tempdir().expect("create a temp dir");
                let path = dir.path().join("cutis.db");
                Self::Sqlite { _dir: dir, path }
            }
        }
    }

    pub fn url(&self) -> String {
        match self {
            Self::Sqlite { path, .. } => format!("sqlite://{}?mode=rwc", path.display()),
            Self::Postgres { admin_url, name } => with_database_name(admin_url, name),
        }
    }

    pub fn is_postgres(&self) -> bool {
        matches!(self, Self::Postgres { .. })
    }

    /// A connection of the test's own, beside the server's pool.
    pub async fn connect(&self) -> DatabaseConnection {
        Database::connect(self.url()).await.expect("connect to the test database")
    }

    /// Makes the database stop answering the server: PostgreSQL refuses new connections and
    /// ends the open ones. Returns false on SQLite, where a local file in WAL mode cannot be
    /// made unreachable while the server holds it open.
    pub async fn make_unreachable(&self) -> bool {
        let Self::Postgres { admin_url, name } = self else { return false };
        let sql = format!(
            "ALTER DATABASE \"{name}\" ALLOW_CONNECTIONS false; \
             SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}';"
        );
        run_as_admin(admin_url, &sql).await;
        true
    }

    /// Undoes [`Self::make_unreachable`].
    pub async fn make_reachable(&self) {
        if let Self::Postgres { admin_url, name } = self {
            run_as_admin(admin_url, &format!("ALTER DATABASE \"{name}\" ALLOW_CONNECTIONS true"))
                .await;
        }
    }
}

async fn run_as_admin(admin_url: &str, sql: &str) {
    let admin = Database::connect(admin_url).await.expect("connect to PostgreSQL");
    admin.execute_unprepared(sql).await.expect("run an administrative statement");
    let _ = admin.close().await;
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        let Self::Postgres { admin_url, name } = self else { return };
        let (admin_url, database) = (admin_url.clone(), name.clone());
        // Drop runs inside the test's runtime, which cannot be blocked on; a thread with its own
        // runtime can. FORCE ends the server's pooled connections.
        let dropped = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
            runtime.block_on(async {
                let admin = Database::connect(&admin_url).await.map_err(std::io::Error::other)?;
                let sql = format!("DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)");
                admin.execute_unprepared(&sql).await.map_err(std::io::Error::other)?;
                let _ = admin.close().await;
                Ok::<_, std::io::Error>(())
            })
        })
        .join();
        if !matches!(dropped, Ok(Ok(()))) {
            eprintln!("could not drop test database {name}: {dropped:?}");
        }
    }
}

/// `postgres://u@h:5432/postgres?x=y` with the database part replaced by `name`.
fn with_database_name(url: &str, name: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((base, query)) => (base, format!("?{query}")),
        None => (url, String::new()),
    };
    let authority_end = base.find("://").map_or(0, |i| i + 3);
    let server = match base[authority_end..].find('/') {
        Some(slash) => &base[..authority_end + slash],
        None => base,
    };
    format!("{server}/{name}{query}")
}

#[cfg(test)]
mod tests {
    use super::with_database_name;

    #[test]
    fn the_database_name_replaces_the_one_in_the_url() {
        assert_eq!(
            with_database_name("postgres://postgres@127.0.0.1:5432/postgres", "t1"),
            "postgres://postgres@127.0.0.1:5432/t1"
        );
        assert_eq!(
            with_database_name("postgres://postgres@localhost?sslmode=disable", "t2"),
            "postgres://postgres@localhost/t2?sslmode=disable"
        );
    }
}
