//! How the delivery reader finds one published snapshot by slug or id. REST looks each one up
//! in the database ([`Unbatched`]); GraphQL passes its request's dataloader, so the lookups
//! of one query level share one statement.

use std::future::Future;
use std::sync::Arc;

use sea_orm::DatabaseConnection;
use uuid::Uuid;

use super::snapshots::{self, Snapshot, SnapshotKind};
use crate::accounts::workspaces::Workspace;
use crate::error::{Error, Result};

/// Published snapshots of the caller's workspace, in a locale or else the workspace default.
pub trait PublishedSnapshots: Sync {
    /// What a failed lookup is. A dataloader's errors must be `Clone`, which [`Error`] is not,
    /// so GraphQL's are GraphQL errors already; everything else the reader raises converts.
    type Error: From<Error> + Send;

    /// `kind` `slug` in `locale`, else in the workspace default.
    fn by_slug(
        &self,
        kind: SnapshotKind,
        slug: &str,
        locale: &str,
    ) -> impl Future<Output = Result<Option<Arc<Snapshot>>, Self::Error>> + Send;

    /// `kind` entry `id` in `locale`, else in the workspace default (a clinic-limited key
    /// knows its clinic by id).
    fn by_id(
        &self,
        kind: SnapshotKind,
        id: Uuid,
        locale: &str,
    ) -> impl Future<Output = Result<Option<Arc<Snapshot>>, Self::Error>> + Send;
}

/// Published snapshots read straight from the database, one lookup at a time.
#[derive(Clone, Copy)]
pub struct Unbatched<'a> {
    pub db: &'a DatabaseConnection,
    /// The caller's workspace; nothing of another is ever found.
    pub workspace: &'a Workspace,
}

impl PublishedSnapshots for Unbatched<'_> {
    type Error = Error;

    async fn by_slug(
        &self,
        kind: SnapshotKind,
        slug: &str,
        locale: &str,
    ) -> Result<Option<Arc<Snapshot>>> {
        let found = snapshots::find(self.db, self.workspace, kind, slug, locale).await?;
        Ok(found.map(Arc::new))
    }

    async fn by_id(
        &self,
        kind: SnapshotKind,
        id: Uuid,
        locale: &str,
    ) -> Result<Option<Arc<Snapshot>>> {
        match snapshots::slug_of(self.db, self.workspace, kind, id).await? {
            Some(slug) => self.by_slug(kind, &slug, locale).await,
            None => Ok(None),
        }
    }
}
