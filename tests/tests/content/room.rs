//! A workspace, an editor and a content service whose followers are recorded.

use std::sync::{Arc, Mutex};

use cutis::accounts::users::{self, NewUser};
use cutis::accounts::workspaces::{self, NewWorkspace};
use cutis::content::events::{Change, Follower, Followers, Within};
use cutis::content::{Content, Entry, Scope};
use cutis_tests::{PASSWORD, TestDatabase};
use migration::{Migrator, MigratorTrait};
use sea_orm::{DatabaseConnection, DatabaseTransaction};
use serde_json::Value;

/// What a [`Recorder`] heard.
#[derive(Default)]
pub struct Heard {
    /// Changes seen inside their transaction.
    pub within: Vec<Change>,
    /// Changes seen after their commit.
    pub committed: Vec<Change>,
}

/// A follower that keeps what it hears and can be told to fail inside the transaction.
#[derive(Default)]
pub struct Recorder {
    pub heard: Mutex<Heard>,
    pub fail_within: Mutex<bool>,
}

impl Follower for Recorder {
    fn within<'a>(&'a self, _: &'a DatabaseTransaction, changes: &'a [Change]) -> Within<'a> {
        Box::pin(async move {
            if *self.fail_within.lock().unwrap() {
                return Err(cutis::error::Error::Internal("the follower refused".to_owned()));
            }
            self.heard.lock().unwrap().within.extend_from_slice(changes);
            Ok(())
        })
    }

    fn committed(&self, changes: &[Change]) {
        self.heard.lock().unwrap().committed.extend_from_slice(changes);
    }
}

/// One test's world: its database, a workspace (en, fr) and an editor acting in it.
pub struct Room {
    pub content: Content,
    pub scope: Scope,
    pub recorder: Arc<Recorder>,
    _database: TestDatabase,
}

impl Room {
    pub async fn new() -> Self {
        let database = TestDatabase::create().await;
        let db = database.connect().await;
        Migrator::up(&db, None).await.expect("migrate the test database");
        let scope = scope_in(&db, "north").await;
        let recorder = Arc::new(Recorder::default());
        // The outbox first, so a recorder told to fail rolls back what it wrote.
        let followers = Followers::new(vec![
            cutis::webhooks::WebhookFollower::follower(),
            recorder.clone() as Arc<dyn Follower>,
        ]);
        Self { content: Content::new(db, followers), scope, recorder, _database: database }
    }

    pub fn db(&self) -> &DatabaseConnection {
        self.content.db()
    }

    /// A second workspace in the same database, with its own editor.
    pub async fn other_workspace(&self, slug: &str) -> Scope {
        scope_in(self.db(), slug).await
    }

    /// `body` validated as an input of `K` in this room's workspace.
    pub fn input<K: Entry>(&self, body: Value, creating: bool) -> K::Input {
        self.input_in::<K>(&self.scope, body, creating)
    }

    pub fn input_in<K: Entry>(&self, scope: &Scope, body: Value, creating: bool) -> K::Input {
        let body = serde_json::from_value(body).expect("a well-formed body");
        K::parse(body, scope, creating).expect("a valid body")
    }

    /// Everything the followers heard after commit, and forgets it.
    pub fn committed(&self) -> Vec<Change> {
        std::mem::take(&mut self.recorder.heard.lock().unwrap().committed)
    }

    /// How many revisions the database holds of entry `id`.
    pub async fn revision_count(&self, id: uuid::Uuid) -> u64 {
        use entity::revision;
        use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
        revision::Entity::find()
            .filter(revision::Column::EntityId.eq(id))
            .count(self.db())
            .await
            .expect("count revisions")
    }
}

async fn scope_in(db: &DatabaseConnection, slug: &str) -> Scope {
    let languages = ["en".to_owned(), "fr".to_owned()];
    let new = NewWorkspace::parse(slug, &format!("{slug} clinics"), "en", &languages)
        .expect("a valid workspace");
    let workspace = workspaces::create(db, new).await.expect("create the workspace");
    let email = format!("editor@{slug}.example");
    let user = users::create(db, NewUser::parse(&email, PASSWORD, Some("Camille"), None).unwrap())
        .await
        .expect("create the editor");
    Scope::of_workspace(&workspace, user.id)
}
