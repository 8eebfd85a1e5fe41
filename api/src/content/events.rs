//! What follows from a change: every operation returns one [`Change`], and when its
//! transaction commits the service hands it to each [`Follower`] — once inside the
//! transaction (so what a follower writes, such as a NOTIFY or an outbox row, commits with the
//! change or not at all) and once after the commit (to drop this process's caches at once).
//!
//! A new side effect of every change is one more follower, registered where the server builds
//! the service; no operation and no handler changes.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use sea_orm::DatabaseTransaction;
use uuid::Uuid;

use super::Scope;
use super::audit::Action;
use super::entry::{Entry, Facts};
use super::kind::EntryKind;
use crate::error::Result;

/// One committed change of one entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    pub workspace_id: Uuid,
    pub kind: EntryKind,
    pub entry: Facts,
    pub action: Action,
    /// The user who made it.
    pub actor: Uuid,
    /// Whether what delivery serves changed (a publish, or a live entry taken down).
    pub delivery_changed: bool,
}

impl Change {
    pub fn new<K: Entry>(
        scope: &Scope,
        entry: Facts,
        action: Action,
        delivery_changed: bool,
    ) -> Self {
        Self {
            workspace_id: scope.workspace_id,
            kind: K::KIND,
            entry,
            action,
            actor: scope.actor,
            delivery_changed,
        }
    }
}

/// What an operation made, with the change it made.
#[derive(Debug)]
pub struct Changed<T> {
    pub value: T,
    pub change: Change,
}

pub type Within<'a> = Pin<Box<dyn Future<Output = Result<()>> + Send + 'a>>;

/// Something that follows every change.
pub trait Follower: Send + Sync {
    /// Runs inside the transaction of `changes`, just before it commits.
    fn within<'a>(&'a self, txn: &'a DatabaseTransaction, changes: &'a [Change]) -> Within<'a>;
    /// Runs once `changes` have committed.
    fn committed(&self, changes: &[Change]);
}

/// The followers of one content service.
#[derive(Clone, Default)]
pub struct Followers(Arc<Vec<Arc<dyn Follower>>>);

impl Followers {
    pub fn new(followers: Vec<Arc<dyn Follower>>) -> Self {
        Self(Arc::new(followers))
    }

    /// These followers and `follower` after them.
    pub fn and(self, follower: Arc<dyn Follower>) -> Self {
        let mut followers: Vec<_> = self.0.iter().cloned().collect();
        followers.push(follower);
        Self::new(followers)
    }

    pub(super) async fn within(&self, txn: &DatabaseTransaction, changes: &[Change]) -> Result<()> {
        for follower in self.0.iter() {
            follower.within(txn, changes).await?;
        }
        Ok(())
    }

    pub(super) fn committed(&self, changes: &[Change]) {
        for follower in self.0.iter() {
            follower.committed(changes);
        }
    }
}

/// The workspaces whose delivered content `changes` changed, each once.
pub fn delivery_workspaces(changes: &[Change]) -> Vec<Uuid> {
    let mut workspaces: Vec<Uuid> =
        changes.iter().filter(|c| c.delivery_changed).map(|c| c.workspace_id).collect();
    workspaces.sort();
    workspaces.dedup();
    workspaces
}
