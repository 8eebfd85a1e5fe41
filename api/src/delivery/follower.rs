//! Delivery follows every content change: when what it serves changed, every replica is told
//! by a NOTIFY sent in the change's own transaction (so it goes out exactly when the change
//! commits, or never), and this process drops its cached responses once it has committed.

use std::sync::Arc;

use sea_orm::DatabaseTransaction;

use super::DeliveryCaches;
use super::notify::{self, Change as Notice};
use crate::content::events::{Change, Follower, Followers, Within, delivery_workspaces};

/// The delivery side of the content service's followers.
pub struct DeliveryFollower {
    /// This process's caches; `None` in a command that serves nothing (`cutis import`).
    caches: Option<DeliveryCaches>,
}

impl DeliveryFollower {
    /// The followers of a serving process: replicas and this process's `caches`.
    pub fn serving(caches: DeliveryCaches) -> Followers {
        Followers::new(vec![Arc::new(Self { caches: Some(caches) })])
    }

    /// The followers of a process that serves nothing: other replicas only.
    pub fn replicas_only() -> Followers {
        Followers::new(vec![Arc::new(Self { caches: None })])
    }
}

impl Follower for DeliveryFollower {
    fn within<'a>(&'a self, txn: &'a DatabaseTransaction, changes: &'a [Change]) -> Within<'a> {
        Box::pin(async move {
            for workspace in delivery_workspaces(changes) {
                notify::announce(txn, Notice::Content(workspace)).await?;
            }
            Ok(())
        })
    }

    fn committed(&self, changes: &[Change]) {
        let Some(caches) = &self.caches else { return };
        for workspace in delivery_workspaces(changes) {
            caches.invalidate_content(workspace);
        }
    }
}
