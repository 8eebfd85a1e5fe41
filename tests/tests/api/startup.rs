use cutis::server::{SchemaPolicy, Server};
use cutis_tests::{TestDatabase, test_settings};
use migration::{Migrator, MigratorTrait};

#[tokio::test]
async fn serving_with_no_migrate_refuses_a_schema_that_is_behind() {
    let database = TestDatabase::create().await;
    let settings = test_settings(&database.url());

    let refused = Server::build(settings, SchemaPolicy::RequireCurrent).await;

    let message = refused.err().expect("start-up must be refused").to_string();
    assert!(message.contains("cutis migrate"), "{message}");
}

#[tokio::test]
async fn serving_with_no_migrate_starts_on_a_current_schema() {
    let database = TestDatabase::create().await;
    let db = database.connect().await;
    Migrator::up(&db, None).await.expect("migrate");
    db.close().await.expect("close");

    let server = Server::build(test_settings(&database.url()), SchemaPolicy::RequireCurrent).await;

    assert!(server.is_ok(), "a migrated database is accepted");
}

#[tokio::test]
async fn starting_twice_on_one_database_migrates_once() {
    let database = TestDatabase::create().await;
    let first = Server::build(test_settings(&database.url()), SchemaPolicy::Migrate).await;
    assert!(first.is_ok());

    let second = Server::build(test_settings(&database.url()), SchemaPolicy::Migrate).await;

    assert!(second.is_ok(), "the second start finds nothing to do");
    let pending = Migrator::get_pending_migrations(&database.connect().await).await.unwrap();
    assert!(pending.is_empty());
}

#[tokio::test]
async fn a_start_that_cannot_listen_loads_no_demo_whose_password_nobody_saw() {
    let database = TestDatabase::create().await;
    let taken = std::net::TcpListener::bind("127.0.0.1:0").expect("hold a port");
    let mut settings = test_settings(&database.url());
    settings.demo = true;
    settings.bind = taken.local_addr().unwrap().to_string();

    let refused = Server::build(settings, SchemaPolicy::Migrate).await;

    let message = refused.err().expect("the port is taken").to_string();
    assert!(message.contains("cannot bind"), "{message}");
    let db = database.connect().await;
    let workspaces = cutis::accounts::workspaces::find_by_slug(&db, "demo").await.unwrap();
    assert!(workspaces.is_none(), "the next start loads the demo and shows its password");
}
