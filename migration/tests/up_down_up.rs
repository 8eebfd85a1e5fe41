//! Every migration runs forward on an empty database, back to nothing, and forward again,
//! on SQLite always and on PostgreSQL when `CUTIS_TEST_POSTGRES_URL` is set.

use migration::{Migrator, MigratorTrait};
use sea_orm_migration::SchemaManager;
use sea_orm_migration::sea_orm::{
    ConnectionTrait, Database, DatabaseConnection, DbBackend, DbErr, Statement,
};

/// Every table the migrations create.
const TABLES: [&str; 32] = [
    "workspaces",
    "users",
    "memberships",
    "refresh_tokens",
    "conditions",
    "condition_translations",
    "treatments",
    "treatment_translations",
    "aftercare_steps",
    "faqs",
    "treatment_references",
    "treatment_conditions",
    "treatment_condition_notes",
    "complementary_treatments",
    "complementary_notes",
    "clinics",
    "clinic_translations",
    "offerings",
    "offering_translations",
    "api_keys",
    "revisions",
    "published_snapshots",
    "published_links",
    "audit_log",
    "webhooks",
    "webhook_deliveries",
    "invitations",
    "claim_rules",
    "web_sessions",
    "media_assets",
    "media_asset_texts",
    "treatment_media",
];

type TestResult = Result<(), Box<dyn std::error::Error>>;

/// The tables of [`TABLES`] that exist, or not, as `want` says — the ones that disagree.
async fn tables_not_matching(db: &DatabaseConnection, want: bool) -> Result<Vec<&str>, DbErr> {
    let manager = SchemaManager::new(db);
    let mut wrong = Vec::new();
    for table in TABLES {
        if manager.has_table(table).await? != want {
            wrong.push(table);
        }
    }
    Ok(wrong)
}

/// Up, down all the way, up again, checking the tables after each step.
async fn up_down_up(db: &DatabaseConnection) -> TestResult {
    Migrator::up(db, None).await?;
    let missing = tables_not_matching(db, true).await?;
    assert!(missing.is_empty(), "missing after the first up: {missing:?}");

    Migrator::down(db, None).await?;
    let left = tables_not_matching(db, false).await?;
    assert!(left.is_empty(), "left behind by down: {left:?}");
    assert!(Migrator::get_applied_migrations(db).await?.is_empty());

    Migrator::up(db, None).await?;
    let missing = tables_not_matching(db, true).await?;
    assert!(missing.is_empty(), "missing after the second up: {missing:?}");
    assert!(Migrator::get_pending_migrations(db).await?.is_empty());
    Ok(())
}

async fn sqlite_in(dir: &tempfile::TempDir) -> Result<DatabaseConnection, DbErr> {
    let path = dir.path().join("cutis.db");
    Database::connect(format!("sqlite://{}?mode=rwc", path.display())).await
}

#[tokio::test]
async fn migrations_go_up_down_and_up_again_on_sqlite() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = sqlite_in(&dir).await?;

    up_down_up(&db).await?;

    db.close().await?;
    Ok(())
}

#[tokio::test]
async fn sqlite_declares_the_foreign_keys_inside_create_table() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = sqlite_in(&dir).await?;
    Migrator::up(&db, None).await?;

    let rows = db
        .query_all_raw(Statement::from_string(
            DbBackend::Sqlite,
            "PRAGMA foreign_key_list(offerings)",
        ))
        .await?;
    let mut targets = Vec::new();
    for row in &rows {
        let table: String = row.try_get("", "table")?;
        let from: String = row.try_get("", "from")?;
        let on_delete: String = row.try_get("", "on_delete")?;
        targets.push(format!("{from}->{table} {on_delete}"));
    }
    targets.sort();

    assert_eq!(
        targets,
        [
            "clinic_id->clinics CASCADE",
            "created_by->users SET NULL",
            "treatment_id->treatments CASCADE",
            "updated_by->users SET NULL",
            "workspace_id->workspaces CASCADE",
        ]
    );
    db.close().await?;
    Ok(())
}

#[tokio::test]
async fn migrations_go_up_down_and_up_again_on_postgres_when_configured() -> TestResult {
    let Ok(admin_url) = std::env::var("CUTIS_TEST_POSTGRES_URL") else {
        eprintln!("CUTIS_TEST_POSTGRES_URL is not set: skipping the PostgreSQL run");
        return Ok(());
    };
    let admin = Database::connect(admin_url.as_str()).await?;
    let name = format!("cutis_test_{}", uuid::Uuid::new_v4().simple());
    admin.execute_unprepared(&format!(r#"CREATE DATABASE "{name}""#)).await?;

    let outcome = run_on_database(&admin_url, &name).await;

    // Drop first, whatever happened, then report the cycle's failure.
    let dropped =
        admin.execute_unprepared(&format!(r#"DROP DATABASE "{name}" WITH (FORCE)"#)).await;
    admin.close().await?;
    outcome?;
    dropped?;
    Ok(())
}

async fn run_on_database(admin_url: &str, name: &str) -> TestResult {
    let db = Database::connect(database_url(admin_url, name)).await?;
    let outcome = up_down_up(&db).await;
    db.close().await?;
    outcome
}

/// `admin_url` with its database name replaced by `name` (query string kept).
fn database_url(admin_url: &str, name: &str) -> String {
    let (base, query) = match admin_url.split_once('?') {
        Some((base, query)) => (base, format!("?{query}")),
        None => (admin_url, String::new()),
    };
    let authority_start = base.find("://").map_or(0, |i| i + 3);
    let server = match base[authority_start..].find('/') {
        Some(slash) => &base[..authority_start + slash],
        None => base,
    };
    format!("{server}/{name}{query}")
}
