//! Clinics in the admin schema: the queries and mutations of
//! `/admin/v1/workspaces/{workspace}/clinics`, calling the same service functions.

use async_graphql::{ComplexObject, Context, Object, SimpleObject};
use uuid::Uuid;

use super::context::Admin;
use super::inputs::clinics::{CreateClinicInput, UpdateClinicInput};
use super::operations;
use super::paging::{ListArgs, ListSort, Paged, SortOrder};
use super::status::EntryStatus;
use crate::auth::roles::Permission;
use crate::content::Clinics;
use crate::content::clinics::{self, ClinicView};
use crate::graphql::errors::renamed;
use crate::graphql::types::DateTime;

type Result<T, E = async_graphql::Error> = std::result::Result<T, E>;

/// A clinic in one locale, drafts included.
#[derive(Clone, Debug, SimpleObject)]
#[graphql(complex)]
pub struct Clinic {
    pub id: Uuid,
    pub slug: String,
    /// The locale the text is in (the one asked for, or the fallback).
    pub locale: String,
    /// Every locale the clinic has text in.
    pub locales: Vec<String>,
    pub name: String,
    pub address: Option<String>,
    pub city: Option<String>,
    pub region: Option<String>,
    /// ISO 3166-1 alpha-2.
    pub country: String,
    pub phone: Option<String>,
    pub booking_url: Option<String>,
    /// An IANA time zone name.
    pub timezone: String,
    /// Pass as `expectedVersion` to change the clinic.
    pub version: i32,
    /// The stored spelling of `status`.
    #[graphql(skip)]
    pub status: String,
    pub created_at: DateTime,
    pub updated_at: DateTime,
    pub published_at: Option<DateTime>,
    /// When a publish is scheduled, the time it is due; an edit or a new review cancels it.
    pub publish_at: Option<DateTime>,
}

impl From<ClinicView> for Clinic {
    fn from(view: ClinicView) -> Self {
        Self {
            id: view.id,
            slug: view.slug,
            locale: view.locale,
            locales: view.locales,
            name: view.name,
            address: view.address,
            city: view.city,
            region: view.region,
            country: view.country,
            phone: view.phone,
            booking_url: view.booking_url,
            timezone: view.timezone,
            version: view.version,
            status: view.status,
            created_at: view.created_at.into(),
            updated_at: view.updated_at.into(),
            published_at: view.published_at.map(DateTime::from),
            publish_at: view.publish_at.map(DateTime::from),
        }
    }
}

#[ComplexObject]
impl Clinic {
    /// Where the clinic stands in the workflow.
    async fn status(&self) -> Result<EntryStatus> {
        Ok(EntryStatus::stored(&self.status)?)
    }
}

/// A clinic in a list.
#[derive(Clone, Debug, SimpleObject)]
#[graphql(complex)]
pub struct ClinicSummary {
    pub id: Uuid,
    pub slug: String,
    pub locale: String,
    pub locales: Vec<String>,
    pub name: String,
    pub city: Option<String>,
    /// The stored spelling of `status`.
    #[graphql(skip)]
    pub status: String,
    pub version: i32,
    pub created_at: DateTime,
    pub updated_at: DateTime,
    pub published_at: Option<DateTime>,
}

impl From<clinics::ClinicSummary> for ClinicSummary {
    fn from(summary: clinics::ClinicSummary) -> Self {
        Self {
            id: summary.id,
            slug: summary.slug,
            locale: summary.locale,
            locales: summary.locales,
            name: summary.name,
            city: summary.city,
            status: summary.status,
            version: summary.version,
            created_at: summary.created_at.into(),
            updated_at: summary.updated_at.into(),
            published_at: summary.published_at.map(DateTime::from),
        }
    }
}

#[ComplexObject]
impl ClinicSummary {
    /// Where the clinic stands in the workflow.
    async fn status(&self) -> Result<EntryStatus> {
        Ok(EntryStatus::stored(&self.status)?)
    }
}

#[derive(Default)]
pub struct ClinicQueries;

#[Object]
impl ClinicQueries {
    /// One clinic (any state) in `locale`, the workspace default when absent.
    async fn clinic(
        &self,
        ctx: &Context<'_>,
        workspace: String,
        id: Uuid,
        locale: Option<String>,
    ) -> Result<Clinic> {
        operations::get::<Clinics, _>(ctx, &workspace, ((), id), locale.as_deref()).await
    }

    /// The workspace's clinics, drafts included, one page at a time, taking REST's list
    /// query: `first` (1–100, default 20), `after` (`pageInfo.endCursor` of the previous page),
    /// `sort` (`updated_at`, newest first, or `name`), `order` (`asc` or `desc`), `locale`,
    /// `status` (only entries in that workflow status) and `q` (text in the slug or a name,
    /// ignoring case).
    #[allow(clippy::too_many_arguments)]
    async fn clinics(
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
    ) -> Result<Paged<ClinicSummary>> {
        let admin = Admin::of(ctx)?;
        let scope = admin.scope(&workspace, Permission::ReadDrafts).await?;
        let query = ListArgs { first, after, sort, order, locale, status, q, updated_by }.query();
        let page = clinics::list(admin.db(), &scope, &query).await.map_err(renamed)?;
        Ok(Paged::from_page(page))
    }
}

#[derive(Default)]
pub struct ClinicMutations;

#[Object]
impl ClinicMutations {
    /// Creates a draft clinic (version 1), checked like REST's `POST .../clinics`.
    async fn create_clinic(
        &self,
        ctx: &Context<'_>,
        workspace: String,
        input: CreateClinicInput,
    ) -> Result<Clinic> {
        operations::create::<Clinics, _>(ctx, &workspace, (), input).await
    }

    /// Changes the fields `input` gives (absent keeps, `null` clears, as REST's PATCH) if the
    /// clinic is still at `expectedVersion`; otherwise VERSION_MISMATCH with `currentVersion`.
    async fn update_clinic(
        &self,
        ctx: &Context<'_>,
        workspace: String,
        id: Uuid,
        expected_version: i32,
        input: UpdateClinicInput,
    ) -> Result<Clinic> {
        let at = ((), id, expected_version);
        operations::update::<Clinics, _>(ctx, &workspace, at, input).await
    }

    /// Deletes a clinic that offers nothing any more, if it is still at `expectedVersion`;
    /// returns its id.
    async fn delete_clinic(
        &self,
        ctx: &Context<'_>,
        workspace: String,
        id: Uuid,
        expected_version: i32,
        #[graphql(desc = "Why; stored on its last revision.")] note: Option<String>,
    ) -> Result<Uuid> {
        let at = ((), id, expected_version);
        operations::delete::<Clinics>(ctx, &workspace, at, note.as_deref()).await
    }

    /// Makes a new version with the content of revision `revision`, if the clinic is still at
    /// `expectedVersion`.
    async fn restore_clinic(
        &self,
        ctx: &Context<'_>,
        workspace: String,
        id: Uuid,
        revision: i32,
        expected_version: i32,
        note: Option<String>,
    ) -> Result<Clinic> {
        let (at, revision) = (((), id, expected_version), (revision, note.as_deref()));
        operations::restore::<Clinics, _>(ctx, &workspace, at, revision).await
    }
}
