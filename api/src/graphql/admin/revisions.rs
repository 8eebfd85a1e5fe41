//! Entry history in the admin schema: the revisions of any versioned entry, newest first, and
//! one revision with the whole entry as it was (REST's `.../{id}/revisions[/{version}]`).

use async_graphql::{Context, Enum, Object, SimpleObject};
use entity::{clinic, condition, offering, treatment};
use serde_json::Value;
use uuid::Uuid;

use super::context::Admin;
use super::paging::Paged;
use crate::auth::roles::Permission;
use crate::content::revisions;
use crate::graphql::errors::renamed;
use crate::graphql::types::DateTime;

type Result<T, E = async_graphql::Error> = std::result::Result<T, E>;

/// The kinds of versioned entries.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Enum)]
#[graphql(name = "EntryKind")]
pub enum Kind {
    Treatment,
    Condition,
    Clinic,
    Offering,
}

/// Who made a revision.
#[derive(Clone, Debug, SimpleObject)]
pub struct Author {
    pub id: Uuid,
    pub name: String,
}

impl From<revisions::Author> for Author {
    fn from(author: revisions::Author) -> Self {
        Self { id: author.id, name: author.name }
    }
}

/// One revision in a list.
#[derive(Clone, Debug, SimpleObject)]
pub struct RevisionSummary {
    /// The entry version this revision recorded.
    pub version: i32,
    /// Null when the author's account has been deleted.
    pub author: Option<Author>,
    pub created_at: DateTime,
    pub note: Option<String>,
}

impl From<revisions::RevisionSummary> for RevisionSummary {
    fn from(summary: revisions::RevisionSummary) -> Self {
        Self {
            version: summary.version,
            author: summary.author.map(Author::from),
            created_at: summary.created_at.into(),
            note: summary.note,
        }
    }
}

/// One revision with the entry as it was.
#[derive(Clone, Debug, SimpleObject)]
pub struct Revision {
    pub version: i32,
    pub author: Option<Author>,
    pub created_at: DateTime,
    pub note: Option<String>,
    /// The whole entry at this version, text in every locale (`translations`), as REST
    /// returns it; restoring the revision writes this content back as a new version.
    pub snapshot: Value,
}

impl From<revisions::Revision> for Revision {
    fn from(revision: revisions::Revision) -> Self {
        Self {
            version: revision.version,
            author: revision.author.map(Author::from),
            created_at: revision.created_at.into(),
            note: revision.note,
            snapshot: revision.snapshot,
        }
    }
}

#[derive(Default)]
pub struct RevisionQueries;

#[Object]
impl RevisionQueries {
    /// An entry's revisions, newest first.
    async fn revisions(
        &self,
        ctx: &Context<'_>,
        workspace: String,
        kind: Kind,
        id: Uuid,
        #[graphql(desc = "Page size, 1–100 (default 20).")] first: Option<i32>,
        #[graphql(desc = "`pageInfo.endCursor` of the previous page.")] after: Option<String>,
    ) -> Result<Paged<RevisionSummary>> {
        let admin = Admin::of(ctx)?;
        let scope = admin.scope(&workspace, Permission::ReadDrafts).await?;
        let (db, limit) = (admin.db(), first.map(|first| first.to_string()));
        let (limit, cursor) = (limit.as_deref(), after.as_deref());
        let page = match kind {
            Kind::Treatment => {
                revisions::list_of::<treatment::Entity>(db, &scope, id, limit, cursor).await
            }
            Kind::Condition => {
                revisions::list_of::<condition::Entity>(db, &scope, id, limit, cursor).await
            }
            Kind::Clinic => {
                revisions::list_of::<clinic::Entity>(db, &scope, id, limit, cursor).await
            }
            Kind::Offering => {
                revisions::list_of::<offering::Entity>(db, &scope, id, limit, cursor).await
            }
        };
        Ok(Paged::from_page(page.map_err(renamed)?))
    }

    /// One revision of an entry: the whole entry as it was at `version`.
    async fn revision(
        &self,
        ctx: &Context<'_>,
        workspace: String,
        kind: Kind,
        id: Uuid,
        version: i32,
    ) -> Result<Revision> {
        let admin = Admin::of(ctx)?;
        let scope = admin.scope(&workspace, Permission::ReadDrafts).await?;
        let db = admin.db();
        let revision = match kind {
            Kind::Treatment => {
                revisions::get_of::<treatment::Entity>(db, &scope, id, version).await
            }
            Kind::Condition => {
                revisions::get_of::<condition::Entity>(db, &scope, id, version).await
            }
            Kind::Clinic => revisions::get_of::<clinic::Entity>(db, &scope, id, version).await,
            Kind::Offering => revisions::get_of::<offering::Entity>(db, &scope, id, version).await,
        };
        Ok(revision?.into())
    }
}
