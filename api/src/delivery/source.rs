//! Where a delivery read comes from: the published snapshots, or (for preview keys) the
//! current drafts rendered on the fly. Handlers ask a [`Source`] and never branch themselves.

use sea_orm::ConnectionTrait;

use super::preview;
use super::snapshots::{self, ListFilter, Snapshot, SnapshotKind};
use crate::accounts::workspaces::Workspace;
use crate::error::Result;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    Published,
    Drafts,
}

impl Source {
    pub fn of(preview: bool) -> Self {
        if preview { Source::Drafts } else { Source::Published }
    }

    /// `slug` in `locale`, falling back to the workspace default.
    pub async fn find(
        self,
        db: &impl ConnectionTrait,
        workspace: &Workspace,
        kind: SnapshotKind,
        slug: &str,
        locale: &str,
    ) -> Result<Option<Snapshot>> {
        match self {
            Source::Published => snapshots::find(db, workspace, kind, slug, locale).await,
            Source::Drafts => preview::find(db, workspace, kind, slug, locale).await,
        }
    }

    /// A page by slug after `after`: up to `limit + 1` entries (one more signals a next page).
    #[allow(clippy::too_many_arguments)]
    pub async fn list(
        self,
        db: &impl ConnectionTrait,
        workspace: &Workspace,
        kind: SnapshotKind,
        locale: &str,
        filter: &ListFilter,
        after: Option<&str>,
        limit: u64,
    ) -> Result<Vec<Snapshot>> {
        match self {
            Source::Published => {
                snapshots::list(db, workspace, kind, locale, filter, after, limit).await
            }
            Source::Drafts => {
                preview::list(db, workspace, kind, locale, filter, after, limit).await
            }
        }
    }
}
