//! The content service every face calls: REST handlers, GraphQL resolvers, the scheduler and
//! the importer. Each change runs in its own transaction, which commits only with the
//! revision and audit rows, and its [`Change`] reaches every follower — inside the transaction
//! and after the commit — without the caller doing anything.

use std::future::Future;
use std::pin::Pin;

use sea_orm::{DatabaseConnection, DatabaseTransaction};
use uuid::Uuid;

use super::Scope;
use super::change::{self, Versioned};
use super::entry::{Entry, Publishable};
use super::events::{Change, Changed, Followers};
use super::governance::{self, Checks, Finding};
use super::operations;
use super::pagination::Page;
use super::revisions::{self, Revision, RevisionSummary};
use super::workflow::{self, Step};
use crate::error::{Error, Result};
use crate::validated::Locale;

/// The work of one change inside its transaction.
type Work<'t, T> = Pin<Box<dyn Future<Output = Result<Changed<T>>> + Send + 't>>;

/// The database and the followers of every change.
#[derive(Clone)]
pub struct Content {
    db: DatabaseConnection,
    followers: Followers,
}

impl Content {
    pub fn new(db: DatabaseConnection, followers: Followers) -> Self {
        Self { db, followers }
    }

    pub fn db(&self) -> &DatabaseConnection {
        &self.db
    }

    /// Begins a write transaction for changes the caller makes with the `*_in` operations.
    pub async fn begin(&self) -> Result<DatabaseTransaction> {
        change::begin(&self.db).await
    }

    /// Commits `txn` with `changes`: followers run inside it first, and hear of the changes
    /// again once they are committed. A failure rolls everything back.
    pub async fn commit(&self, txn: DatabaseTransaction, changes: &[Change]) -> Result<()> {
        let within = self.followers.within(&txn, changes).await;
        change::finish(txn, within).await?;
        self.followers.committed(changes);
        Ok(())
    }

    /// Creates an entry of kind `K` under `parent`.
    pub async fn create<K: Entry>(
        &self,
        scope: &Scope,
        parent: K::Parent,
        input: K::Input,
    ) -> Result<K::View> {
        let locale = K::input_locale(&input).clone();
        let record = self
            .write::<K::Entity, _>(scope, None, move |txn, scope| {
                Box::pin(operations::create_in::<K>(txn, scope, parent, input))
            })
            .await?;
        Ok(K::view(record, scope, &locale))
    }

    /// Applies `input` to entry `id` if it is still at version `expected`.
    pub async fn update<K: Entry>(
        &self,
        scope: &Scope,
        parent: K::Parent,
        (id, expected): (Uuid, i32),
        input: K::Input,
    ) -> Result<K::View> {
        let locale = K::input_locale(&input).clone();
        let record = self
            .write::<K::Entity, _>(scope, Some((id, expected)), move |txn, scope| {
                Box::pin(operations::update_in::<K>(txn, scope, parent, id, expected, input))
            })
            .await?;
        Ok(K::view(record, scope, &locale))
    }

    /// Deletes entry `id` at version `expected`.
    pub async fn delete<K: Entry>(
        &self,
        scope: &Scope,
        parent: K::Parent,
        (id, expected): (Uuid, i32),
        note: Option<String>,
    ) -> Result<()> {
        self.write::<K::Entity, _>(scope, Some((id, expected)), move |txn, scope| {
            Box::pin(operations::delete_in::<K>(txn, scope, parent, id, expected, note))
        })
        .await
    }

    /// Makes a new version of entry `id` with the content of revision `revision`; the answer
    /// is in the workspace's default locale.
    pub async fn restore<K: Entry>(
        &self,
        scope: &Scope,
        parent: K::Parent,
        (id, expected): (Uuid, i32),
        revision: i32,
        note: Option<String>,
    ) -> Result<K::View> {
        let record = self
            .write::<K::Entity, _>(scope, Some((id, expected)), move |txn, scope| {
                let at = (id, expected);
                Box::pin(operations::restore_in::<K>(txn, scope, parent, at, revision, note))
            })
            .await?;
        let locale = default_locale(scope)?;
        Ok(K::view(record, scope, &locale))
    }

    /// Takes workflow `step` on entry `id` at version `expected`, as `reviewer` (the name an
    /// approval records), accepting the claims-check warnings `accepted` names (approve);
    /// answers the entry in the workspace's default locale and the claims found in it.
    pub async fn step<K: Publishable>(
        &self,
        scope: &Scope,
        (id, expected): (Uuid, i32),
        (step, note, accepted): (Step, Option<String>, Vec<String>),
        reviewer: &str,
    ) -> Result<(K::View, Vec<Finding>)> {
        let reviewed = workflow::Reviewed::By(reviewer.to_owned());
        let (record, findings) = self
            .write::<K::Entity, _>(scope, Some((id, expected)), move |txn, scope| {
                let request = workflow::StepRequest { id, expected, step, note, accepted };
                Box::pin(workflow::step_in::<K>(txn, scope, request, reviewed))
            })
            .await?;
        let locale = default_locale(scope)?;
        Ok((K::view(record, scope, &locale), findings))
    }

    /// What the claims check and the publish checklist say of entry `id` now.
    pub async fn checks<K: Publishable>(&self, scope: &Scope, id: Uuid) -> Result<Checks> {
        let record = K::load(&self.db, scope, (), id).await?;
        governance::checks::<K>(&self.db, scope, &record).await
    }

    /// Entry `id` under `parent` in `locale` (the workspace default when `None`).
    pub async fn get<K: Entry>(
        &self,
        scope: &Scope,
        parent: K::Parent,
        id: Uuid,
        locale: Option<&str>,
    ) -> Result<K::View> {
        operations::get::<K>(&self.db, scope, parent, id, locale).await
    }

    /// The revisions of entry `id` under `parent`, newest first.
    pub async fn revisions<K: Entry>(
        &self,
        scope: &Scope,
        parent: K::Parent,
        id: Uuid,
        (limit, cursor): (Option<&str>, Option<&str>),
    ) -> Result<Page<RevisionSummary>> {
        K::check_under(&self.db, scope, parent, id).await?;
        revisions::list_of::<K::Entity>(&self.db, scope, id, limit, cursor).await
    }

    /// Revision `version` of entry `id` under `parent`.
    pub async fn revision<K: Entry>(
        &self,
        scope: &Scope,
        parent: K::Parent,
        id: Uuid,
        version: i32,
    ) -> Result<Revision> {
        K::check_under(&self.db, scope, parent, id).await?;
        revisions::get_of::<K::Entity>(&self.db, scope, id, version).await
    }

    /// Runs `work` in a transaction of its own and commits it with its change. When `claimed`
    /// names the entry and version the change was made on, an error is settled against it
    /// ([`change::settle`]: a change that lost a race to a busy database is `412`).
    async fn write<E: Versioned, T>(
        &self,
        scope: &Scope,
        claimed: Option<(Uuid, i32)>,
        work: impl for<'t> FnOnce(&'t DatabaseTransaction, &'t Scope) -> Work<'t, T>,
    ) -> Result<T> {
        let outcome = async {
            let txn = self.begin().await?;
            match work(&txn, scope).await {
                Ok(Changed { value, change }) => {
                    self.commit(txn, std::slice::from_ref(&change)).await.map(|()| value)
                }
                Err(error) => change::finish(txn, Err(error)).await,
            }
        }
        .await;
        match (outcome, claimed) {
            (Err(error), Some((id, expected))) => {
                Err(change::settle::<E>(&self.db, scope, id, expected, error).await)
            }
            (outcome, _) => outcome,
        }
    }
}

/// The locale answers without a `?locale=` are in: the workspace default.
fn default_locale(scope: &Scope) -> Result<Locale> {
    Locale::parse(&scope.default_locale).map_err(Error::Internal)
}
