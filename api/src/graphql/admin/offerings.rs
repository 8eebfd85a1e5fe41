//! Offerings in the admin schema: what `.../clinics/{clinic}/offerings` does over REST, each
//! field naming the clinic as the REST path does.

use async_graphql::{Context, Object, SimpleObject};
use uuid::Uuid;

use super::context::Admin;
use super::inputs::offerings::{CreateOfferingInput, UpdateOfferingInput};
use super::operations;
use super::paging::Paged;
use crate::auth::roles::Permission;
use crate::content::Offerings;
use crate::content::offerings::{self, OfferingQuery, OfferingView};
use crate::graphql::errors::renamed;
use crate::graphql::types::{DateTime, Money};

type Result<T, E = async_graphql::Error> = std::result::Result<T, E>;

/// A treatment as one clinic offers it, local notes in one locale.
#[derive(Clone, Debug, SimpleObject)]
pub struct Offering {
    pub id: Uuid,
    /// The clinic's id.
    pub clinic_id: Uuid,
    /// The treatment's slug.
    pub treatment: String,
    /// The locale `notes` is in (the one asked for, or the fallback).
    pub locale: String,
    /// Every locale the offering has notes in.
    pub locales: Vec<String>,
    pub active: bool,
    pub price_from: Option<Money>,
    pub duration_minutes: Option<i32>,
    pub booking_url: Option<String>,
    pub notes: Option<String>,
    /// Pass as `expectedVersion` to change the offering.
    pub version: i32,
    pub created_at: DateTime,
    pub updated_at: DateTime,
}

impl From<OfferingView> for Offering {
    fn from(view: OfferingView) -> Self {
        Self {
            id: view.id,
            clinic_id: view.clinic,
            treatment: view.treatment,
            locale: view.locale,
            locales: view.locales,
            active: view.active,
            price_from: view.price_from.map(Money::from),
            duration_minutes: view.duration_minutes,
            booking_url: view.booking_url,
            notes: view.notes,
            version: view.version,
            created_at: view.created_at.into(),
            updated_at: view.updated_at.into(),
        }
    }
}

#[derive(Default)]
pub struct OfferingQueries;

#[Object]
impl OfferingQueries {
    /// One offering of a clinic, notes in `locale` (the workspace default when absent).
    async fn offering(
        &self,
        ctx: &Context<'_>,
        workspace: String,
        clinic: Uuid,
        id: Uuid,
        locale: Option<String>,
    ) -> Result<Offering> {
        operations::get::<Offerings, _>(ctx, &workspace, (clinic, id), locale.as_deref()).await
    }

    /// A clinic's offerings, newest change first, one page at a time: `first` (1–100,
    /// default 20), `after` (`pageInfo.endCursor` of the previous page), `locale` (of the
    /// notes), `treatment` (only the offering of this treatment slug) and `active`.
    #[allow(clippy::too_many_arguments)]
    async fn offerings(
        &self,
        ctx: &Context<'_>,
        workspace: String,
        clinic: Uuid,
        first: Option<i32>,
        after: Option<String>,
        locale: Option<String>,
        treatment: Option<String>,
        active: Option<bool>,
    ) -> Result<Paged<Offering>> {
        let admin = Admin::of(ctx)?;
        let scope = admin.scope(&workspace, Permission::ReadDrafts).await?;
        let query = OfferingQuery {
            limit: first.map(|first| first.to_string()),
            cursor: after,
            locale,
            treatment,
            active: active.map(|active| active.to_string()),
        };
        let page = offerings::list(admin.db(), &scope, clinic, &query).await.map_err(renamed)?;
        Ok(Paged::from_page(page))
    }
}

#[derive(Default)]
pub struct OfferingMutations;

#[Object]
impl OfferingMutations {
    /// Adds a treatment to what a clinic offers, checked like REST's
    /// `POST .../clinics/{clinic}/offerings`.
    async fn create_offering(
        &self,
        ctx: &Context<'_>,
        workspace: String,
        clinic: Uuid,
        input: CreateOfferingInput,
    ) -> Result<Offering> {
        operations::create::<Offerings, _>(ctx, &workspace, clinic, input).await
    }

    /// Changes the fields `input` gives (absent keeps, `null` clears, as REST's PATCH) if the
    /// offering is still at `expectedVersion`; otherwise VERSION_MISMATCH with
    /// `currentVersion`.
    async fn update_offering(
        &self,
        ctx: &Context<'_>,
        workspace: String,
        clinic: Uuid,
        id: Uuid,
        expected_version: i32,
        input: UpdateOfferingInput,
    ) -> Result<Offering> {
        let at = (clinic, id, expected_version);
        operations::update::<Offerings, _>(ctx, &workspace, at, input).await
    }

    /// Removes an offering, if it is still at `expectedVersion`; returns its id.
    async fn delete_offering(
        &self,
        ctx: &Context<'_>,
        workspace: String,
        clinic: Uuid,
        id: Uuid,
        expected_version: i32,
        #[graphql(desc = "Why; stored on its last revision.")] note: Option<String>,
    ) -> Result<Uuid> {
        let at = (clinic, id, expected_version);
        operations::delete::<Offerings>(ctx, &workspace, at, note.as_deref()).await
    }

    /// Makes a new version with the content of revision `revision`, if the offering is
    /// still at `expectedVersion`.
    #[allow(clippy::too_many_arguments)]
    async fn restore_offering(
        &self,
        ctx: &Context<'_>,
        workspace: String,
        clinic: Uuid,
        id: Uuid,
        revision: i32,
        expected_version: i32,
        note: Option<String>,
    ) -> Result<Offering> {
        let (at, revision) = ((clinic, id, expected_version), (revision, note.as_deref()));
        operations::restore::<Offerings, _>(ctx, &workspace, at, revision).await
    }
}
