//! Treatments in the admin schema: the queries and mutations of
//! `/admin/v1/workspaces/{workspace}/treatments`, calling the same service functions.

use async_graphql::{ComplexObject, Context, Object, SimpleObject};
use uuid::Uuid;

use super::context::Admin;
use super::governance::Review;
use super::inputs::treatments::{CreateTreatmentInput, UpdateTreatmentInput};
use super::operations;
use super::paging::{ListArgs, ListSort, Paged, SortOrder};
use super::status::EntryStatus;
use crate::auth::roles::Permission;
use crate::content::Treatments;
use crate::content::treatments::{
    self, ComplementaryView, ConditionLinkView, TreatmentFilter, TreatmentImage, TreatmentView,
};
use crate::graphql::errors::renamed;
use crate::graphql::types::{
    AftercareStep, DateTime, Faq, ImageRole, Range, Reference, Seo, SideEffect, all,
};

type Result<T, E = async_graphql::Error> = std::result::Result<T, E>;

/// A treatment in one locale, drafts included.
#[derive(Clone, Debug, SimpleObject)]
#[graphql(complex)]
pub struct Treatment {
    pub id: Uuid,
    pub slug: String,
    /// The locale the text is in: the one asked for, or the fallback when the treatment has no
    /// text in it.
    pub locale: String,
    /// Every locale the treatment has text in.
    pub locales: Vec<String>,
    pub name: String,
    pub also_known_as: Vec<String>,
    pub summary: String,
    /// Markdown.
    pub body: String,
    pub procedure_minutes: Option<Range>,
    pub sessions: Option<Range>,
    pub session_interval_weeks: Option<Range>,
    pub downtime_days: Option<Range>,
    pub downtime_notes: Option<String>,
    pub results_timeline: Option<String>,
    pub contraindications: Vec<String>,
    pub side_effects: Vec<SideEffect>,
    /// Who the treatment suits: skin types and tones, ages, situations.
    pub suitable_for: Vec<String>,
    /// Who should not have it, or should ask first (besides the contraindications).
    pub not_suitable_for: Vec<String>,
    pub aftercare: Vec<AftercareStep>,
    pub faqs: Vec<Faq>,
    pub conditions: Vec<ConditionLink>,
    pub complementary: Vec<ComplementaryLink>,
    /// Images shown, in order, by media asset.
    pub media: Vec<ShownImage>,
    pub references: Vec<Reference>,
    pub seo: Seo,
    /// Pass as `expectedVersion` to change the treatment.
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

impl From<TreatmentView> for Treatment {
    fn from(view: TreatmentView) -> Self {
        Self {
            id: view.id,
            slug: view.slug,
            locale: view.locale,
            locales: view.locales,
            name: view.name,
            also_known_as: view.also_known_as,
            summary: view.summary,
            body: view.body,
            procedure_minutes: view.procedure_minutes.map(Range::from),
            sessions: view.sessions.map(Range::from),
            session_interval_weeks: view.session_interval_weeks.map(Range::from),
            downtime_days: view.downtime_days.map(Range::from),
            downtime_notes: view.downtime_notes,
            results_timeline: view.results_timeline,
            contraindications: view.contraindications,
            side_effects: all(view.side_effects),
            suitable_for: view.suitable_for,
            not_suitable_for: view.not_suitable_for,
            aftercare: all(view.aftercare),
            faqs: all(view.faqs),
            conditions: all(view.conditions),
            complementary: all(view.complementary),
            media: all(view.media),
            references: all(view.references),
            seo: view.seo.into(),
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
impl Treatment {
    /// Where the treatment stands in the workflow.
    async fn status(&self) -> Result<EntryStatus> {
        Ok(EntryStatus::stored(&self.status)?)
    }
}

/// An image the treatment shows, as the editor set it.
#[derive(Clone, Debug, SimpleObject)]
pub struct ShownImage {
    /// The media asset's id.
    pub asset: Uuid,
    pub role: ImageRole,
    /// Pairs a before with its after.
    pub pair: Option<i32>,
}

impl From<TreatmentImage> for ShownImage {
    fn from(image: TreatmentImage) -> Self {
        Self { asset: image.asset, role: image.role.into(), pair: image.pair }
    }
}

/// A condition the treatment treats, as the editor wrote it.
#[derive(Clone, Debug, SimpleObject)]
pub struct ConditionLink {
    /// The condition's slug.
    pub condition: String,
    /// Sessions for this condition when they differ from the treatment's plan.
    pub sessions: Option<Range>,
    pub notes: Option<String>,
}

impl From<ConditionLinkView> for ConditionLink {
    fn from(link: ConditionLinkView) -> Self {
        Self {
            condition: link.condition,
            sessions: link.sessions.map(Range::from),
            notes: link.notes,
        }
    }
}

/// A treatment that combines with this one, as the editor wrote it.
#[derive(Clone, Debug, SimpleObject)]
pub struct ComplementaryLink {
    /// The other treatment's slug.
    pub treatment: String,
    pub min_spacing_weeks: Option<i32>,
    pub note: Option<String>,
}

impl From<ComplementaryView> for ComplementaryLink {
    fn from(link: ComplementaryView) -> Self {
        Self {
            treatment: link.treatment,
            min_spacing_weeks: link.min_spacing_weeks,
            note: link.note,
        }
    }
}

/// A treatment in a list.
#[derive(Clone, Debug, SimpleObject)]
#[graphql(complex)]
pub struct TreatmentSummary {
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

impl From<treatments::TreatmentSummary> for TreatmentSummary {
    fn from(summary: treatments::TreatmentSummary) -> Self {
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
impl TreatmentSummary {
    /// Where the treatment stands in the workflow.
    async fn status(&self) -> Result<EntryStatus> {
        Ok(EntryStatus::stored(&self.status)?)
    }
}

#[derive(Default)]
pub struct TreatmentQueries;

#[Object]
impl TreatmentQueries {
    /// One treatment (any state) in `locale`, the workspace default when absent.
    async fn treatment(
        &self,
        ctx: &Context<'_>,
        workspace: String,
        id: Uuid,
        locale: Option<String>,
    ) -> Result<Treatment> {
        operations::get::<Treatments, _>(ctx, &workspace, ((), id), locale.as_deref()).await
    }

    /// The workspace's treatments, drafts included, one page at a time, taking REST's list
    /// query: `first` (1–100, default 20), `after` (`pageInfo.endCursor` of the previous page),
    /// `sort` (`updated_at`, newest first, or `name`), `order` (`asc` or `desc`), `locale`,
    /// `status` (only entries in that workflow status), `q` (text in the slug or a name,
    /// ignoring case) and `condition` (only treatments linked to this condition's slug).
    #[allow(clippy::too_many_arguments)]
    async fn treatments(
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
        condition: Option<String>,
        #[graphql(desc = "Only treatments whose medical review stands so")] review: Option<
            super::governance::ReviewState,
        >,
    ) -> Result<Paged<TreatmentSummary>> {
        let admin = Admin::of(ctx)?;
        let scope = admin.scope(&workspace, Permission::ReadDrafts).await?;
        let query = ListArgs { first, after, sort, order, locale, status, q, updated_by }.query();
        let review = review.map(|state| {
            match state {
                super::governance::ReviewState::Current => "current",
                super::governance::ReviewState::DueSoon => "due_soon",
                super::governance::ReviewState::Overdue => "overdue",
            }
            .to_owned()
        });
        let filter = TreatmentFilter { condition, review };
        let page = treatments::list(admin.db(), &scope, &query, &filter).await.map_err(renamed)?;
        Ok(Paged::from_page(page))
    }
}

#[derive(Default)]
pub struct TreatmentMutations;

#[Object]
impl TreatmentMutations {
    /// Creates a draft treatment (version 1), checked like REST's `POST .../treatments`.
    async fn create_treatment(
        &self,
        ctx: &Context<'_>,
        workspace: String,
        input: CreateTreatmentInput,
    ) -> Result<Treatment> {
        operations::create::<Treatments, _>(ctx, &workspace, (), input).await
    }

    /// Changes the fields `input` gives (absent keeps, `null` clears, as REST's PATCH) if the
    /// treatment is still at `expectedVersion`; otherwise VERSION_MISMATCH with
    /// `currentVersion`.
    async fn update_treatment(
        &self,
        ctx: &Context<'_>,
        workspace: String,
        id: Uuid,
        expected_version: i32,
        input: UpdateTreatmentInput,
    ) -> Result<Treatment> {
        let at = ((), id, expected_version);
        operations::update::<Treatments, _>(ctx, &workspace, at, input).await
    }

    /// Deletes a treatment no other entry links to, if it is still at `expectedVersion`;
    /// returns its id.
    async fn delete_treatment(
        &self,
        ctx: &Context<'_>,
        workspace: String,
        id: Uuid,
        expected_version: i32,
        #[graphql(desc = "Why; stored on its last revision.")] note: Option<String>,
    ) -> Result<Uuid> {
        let at = ((), id, expected_version);
        operations::delete::<Treatments>(ctx, &workspace, at, note.as_deref()).await
    }

    /// Makes a new version with the content of revision `revision`, if the treatment is still
    /// at `expectedVersion`.
    async fn restore_treatment(
        &self,
        ctx: &Context<'_>,
        workspace: String,
        id: Uuid,
        revision: i32,
        expected_version: i32,
        note: Option<String>,
    ) -> Result<Treatment> {
        let (at, revision) = (((), id, expected_version), (revision, note.as_deref()));
        operations::restore::<Treatments, _>(ctx, &workspace, at, revision).await
    }
}
