//! Conditions in the admin schema: the queries and mutations of
//! `/admin/v1/workspaces/{workspace}/conditions`, calling the same service functions.

use async_graphql::{ComplexObject, Context, Object, SimpleObject};
use uuid::Uuid;

use super::context::Admin;
use super::governance::Review;
use super::inputs::conditions::{CreateConditionInput, UpdateConditionInput};
use super::operations;
use super::paging::{ListArgs, ListSort, Paged, SortOrder};
use super::status::EntryStatus;
use crate::auth::roles::Permission;
use crate::content::Conditions;
use crate::content::conditions::{self, ConditionView};
use crate::graphql::errors::renamed;
use crate::graphql::types::DateTime;

type Result<T, E = async_graphql::Error> = std::result::Result<T, E>;

/// A condition in one locale, drafts included.
#[derive(Clone, Debug, SimpleObject)]
#[graphql(complex)]
pub struct Condition {
    pub id: Uuid,
    pub slug: String,
    /// The locale the text is in (the one asked for, or the fallback).
    pub locale: String,
    /// Every locale the condition has text in.
    pub locales: Vec<String>,
    pub name: String,
    pub synonyms: Vec<String>,
    pub summary: String,
    /// Markdown.
    pub body: String,
    /// Pass as `expectedVersion` to change the condition.
    pub version: i32,
    /// The stored spelling of `status`.
    #[graphql(skip)]
    pub status: String,
    pub created_at: DateTime,
    pub updated_at: DateTime,
    pub published_at: Option<DateTime>,
    /// When a publish is scheduled, the time it is due; an edit or a new review cancels it.
    pub publish_at: Option<DateTime>,
    pub review: Option<Review>,
}

impl From<ConditionView> for Condition {
    fn from(view: ConditionView) -> Self {
        Self {
            id: view.id,
            slug: view.slug,
            locale: view.locale,
            locales: view.locales,
            name: view.name,
            synonyms: view.synonyms,
            summary: view.summary,
            body: view.body,
            version: view.version,
            status: view.status,
            created_at: view.created_at.into(),
            updated_at: view.updated_at.into(),
            published_at: view.published_at.map(DateTime::from),
            publish_at: view.publish_at.map(DateTime::from),
            review: view.review.map(Review::from),
        }
    }
}

#[ComplexObject]
impl Condition {
    /// Where the condition stands in the workflow.
    async fn status(&self) -> Result<EntryStatus> {
        Ok(EntryStatus::stored(&self.status)?)
    }
}

/// A condition in a list.
#[derive(Clone, Debug, SimpleObject)]
#[graphql(complex)]
pub struct ConditionSummary {
    pub id: Uuid,
    pub slug: String,
    pub locale: String,
    pub locales: Vec<String>,
    pub name: String,
    pub summary: String,
    /// The stored spelling of `status`.
    #[graphql(skip)]
    pub status: String,
    pub version: i32,
    pub created_at: DateTime,
    pub updated_at: DateTime,
    pub published_at: Option<DateTime>,
}

impl From<conditions::ConditionSummary> for ConditionSummary {
    fn from(summary: conditions::ConditionSummary) -> Self {
        Self {
            id: summary.id,
            slug: summary.slug,
            locale: summary.locale,
            locales: summary.locales,
            name: summary.name,
            summary: summary.summary,
            status: summary.status,
            version: summary.version,
            created_at: summary.created_at.into(),
            updated_at: summary.updated_at.into(),
            published_at: summary.published_at.map(DateTime::from),
        }
    }
}

#[ComplexObject]
impl ConditionSummary {
    /// Where the condition stands in the workflow.
    async fn status(&self) -> Result<EntryStatus> {
        Ok(EntryStatus::stored(&self.status)?)
    }
}

#[derive(Default)]
pub struct ConditionQueries;

#[Object]
impl ConditionQueries {
    /// One condition (any state) in `locale`, the workspace default when absent.
    async fn condition(
        &self,
        ctx: &Context<'_>,
        workspace: String,
        id: Uuid,
        locale: Option<String>,
    ) -> Result<Condition> {
        operations::get::<Conditions, _>(ctx, &workspace, ((), id), locale.as_deref()).await
    }

    /// The workspace's conditions, drafts included, one page at a time, taking REST's list
    /// query: `first` (1–100, default 20), `after` (`pageInfo.endCursor` of the previous page),
    /// `sort` (`updated_at`, newest first, or `name`), `order` (`asc` or `desc`), `locale`,
    /// `status` (only entries in that workflow status) and `q` (text in the slug or a name,
    /// ignoring case).
    #[allow(clippy::too_many_arguments)]
    async fn conditions(
        &self,
        ctx: &Context<'_>,
        workspace: String,
        first: Option<i32>,
        after: Option<String>,
        sort: Option<ListSort>,
        order: Option<SortOrder>,
        locale: Option<String>,
        status: Option<EntryStatus>,
        q: Option<String>,
        #[graphql(desc = "Only entries last changed by this account: its id, or `me`")]
        updated_by: Option<String>,
    ) -> Result<Paged<ConditionSummary>> {
        let admin = Admin::of(ctx)?;
        let scope = admin.scope(&workspace, Permission::ReadDrafts).await?;
        let query = ListArgs { first, after, sort, order, locale, status, q, updated_by }.query();
        let page = conditions::list(admin.db(), &scope, &query).await.map_err(renamed)?;
        Ok(Paged::from_page(page))
    }
}

#[derive(Default)]
pub struct ConditionMutations;

#[Object]
impl ConditionMutations {
    /// Creates a draft condition (version 1), checked like REST's `POST .../conditions`.
    async fn create_condition(
        &self,
        ctx: &Context<'_>,
        workspace: String,
        input: CreateConditionInput,
    ) -> Result<Condition> {
        operations::create::<Conditions, _>(ctx, &workspace, (), input).await
    }

    /// Changes the fields `input` gives (absent keeps, `null` clears, as REST's PATCH) if the
    /// condition is still at `expectedVersion`; otherwise VERSION_MISMATCH with
    /// `currentVersion`.
    async fn update_condition(
        &self,
        ctx: &Context<'_>,
        workspace: String,
        id: Uuid,
        expected_version: i32,
        input: UpdateConditionInput,
    ) -> Result<Condition> {
        let at = ((), id, expected_version);
        operations::update::<Conditions, _>(ctx, &workspace, at, input).await
    }

    /// Deletes a condition no treatment links to, if it is still at `expectedVersion`;
    /// returns its id.
    async fn delete_condition(
        &self,
        ctx: &Context<'_>,
        workspace: String,
        id: Uuid,
        expected_version: i32,
        #[graphql(desc = "Why; stored on its last revision.")] note: Option<String>,
    ) -> Result<Uuid> {
        let at = ((), id, expected_version);
        operations::delete::<Conditions>(ctx, &workspace, at, note.as_deref()).await
    }

    /// Makes a new version with the content of revision `revision`, if the condition is still
    /// at `expectedVersion`.
    async fn restore_condition(
        &self,
        ctx: &Context<'_>,
        workspace: String,
        id: Uuid,
        revision: i32,
        expected_version: i32,
        note: Option<String>,
    ) -> Result<Condition> {
        let (at, revision) = (((), id, expected_version), (revision, note.as_deref()));
        operations::restore::<Conditions, _>(ctx, &workspace, at, revision).await
    }
}
