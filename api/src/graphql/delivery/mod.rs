//! The delivery schema (`POST /graphql`): published content for apps, read with a delivery
//! key. It reads published snapshots only (as REST delivery does), so drafts cannot leak, and
//! answers with the same values REST does for the same content; a preview key may ask for
//! `preview: true` and read current drafts, rendered as publishing would render them.

pub mod clinic;
pub mod condition;
pub mod context;
pub mod fan_out;
pub mod image;
pub mod loaders;
pub mod paging;
pub mod search;
pub mod treatment;

use async_graphql::connection::Connection;
use async_graphql::{Context, EmptyMutation, EmptySubscription, InputObject, Object, Schema};

use self::clinic::Clinic;
use self::condition::Condition;
use self::context::{Delivery, clinic_of};
use self::paging::{Page, list_complexity};
use self::search::{SearchArguments, SearchKind, SearchResult};
use self::treatment::Treatment;
use crate::config::GraphqlSettings;
use crate::delivery::reader::TreatmentQuery;
use crate::delivery::snapshots::{ListFilter, SnapshotKind};
use crate::graphql::limits::Limits;

pub type DeliverySchema = Schema<DeliveryQuery, EmptyMutation, EmptySubscription>;

type Result<T, E = async_graphql::Error> = std::result::Result<T, E>;

/// Builds the delivery schema with the configured limits; introspection can be switched off
/// (`CUTIS_GRAPHQL_INTROSPECTION=false`) so a production site does not publish its schema.
pub fn schema(settings: &GraphqlSettings) -> DeliverySchema {
    let builder = Schema::build(DeliveryQuery, EmptyMutation, EmptySubscription)
        .extension(Limits::from_settings(settings));
    // The extension refuses introspection with a clear error; this makes sure it stays off.
    if settings.introspection { builder.finish() } else { builder.disable_introspection().finish() }
}

/// Which treatments to list.
#[derive(Debug, Default, InputObject)]
pub struct TreatmentFilter {
    /// Only treatments for this condition (slug).
    pub condition: Option<String>,
    /// Only treatments this clinic offers (slug), each with the clinic's `offering`.
    pub clinic: Option<String>,
    /// Text to find in names, other names and summaries.
    pub q: Option<String>,
}

/// What apps read: published treatments, conditions and clinics.
///
/// Every field takes `locale` (falling back to the workspace default where a translation is
/// missing) and `preview` (with a preview key: current drafts instead of what is published).
pub struct DeliveryQuery;

#[Object(name = "Query")]
impl DeliveryQuery {
    /// One treatment by slug; null when there is none (or, with a clinic-limited key, when the
    /// clinic does not offer it).
    async fn treatment(
        &self,
        ctx: &Context<'_>,
        slug: String,
        locale: Option<String>,
        preview: Option<bool>,
    ) -> Result<Option<Treatment>> {
        let delivery = Delivery::of(ctx)?;
        let read = delivery.read(locale.as_deref(), preview)?;
        delivery.treatment(&slug, &read).await
    }

    /// Treatments by slug, filtered, one page at a time.
    #[graphql(complexity = "list_complexity(first, child_complexity)")]
    async fn treatments(
        &self,
        ctx: &Context<'_>,
        filter: Option<TreatmentFilter>,
        locale: Option<String>,
        preview: Option<bool>,
        #[graphql(desc = "Page size, 1–100 (default 20).")] first: Option<i32>,
        #[graphql(desc = "`pageInfo.endCursor` of the previous page.")] after: Option<String>,
    ) -> Result<Connection<String, Treatment>> {
        let delivery = Delivery::of(ctx)?;
        let read = delivery.read(locale.as_deref(), preview)?;
        let page = Page::parse(first, after.as_deref())?;
        let filter = filter.unwrap_or_default();
        let query =
            TreatmentQuery { condition: filter.condition, clinic: filter.clinic, text: filter.q };
        let after = page.after.as_deref();
        let found = delivery.reader().treatments(&read, &query, after, page.limit).await?;
        let clinic = found.clinic.map(|scope| clinic_of(delivery, &scope, &read)).transpose()?;
        page.connection(found.rows, |row| {
            let offering = clinic.as_ref().and_then(|clinic| clinic.offering_of(&row.slug));
            Treatment::from_snapshot(delivery, &row, &read, offering)
        })
    }

    /// One condition by slug, with its treatments; null when there is none.
    async fn condition(
        &self,
        ctx: &Context<'_>,
        slug: String,
        locale: Option<String>,
        preview: Option<bool>,
    ) -> Result<Option<Condition>> {
        let delivery = Delivery::of(ctx)?;
        let read = delivery.read(locale.as_deref(), preview)?;
        let snapshot = delivery.reader().find(SnapshotKind::Condition, &slug, &read).await?;
        snapshot.map(|snapshot| Condition::from_snapshot(delivery, &snapshot, &read)).transpose()
    }

    /// Conditions by slug, one page at a time.
    #[graphql(complexity = "list_complexity(first, child_complexity)")]
    async fn conditions(
        &self,
        ctx: &Context<'_>,
        locale: Option<String>,
        preview: Option<bool>,
        #[graphql(desc = "Page size, 1–100 (default 20).")] first: Option<i32>,
        #[graphql(desc = "`pageInfo.endCursor` of the previous page.")] after: Option<String>,
    ) -> Result<Connection<String, Condition>> {
        let delivery = Delivery::of(ctx)?;
        let read = delivery.read(locale.as_deref(), preview)?;
        let page = Page::parse(first, after.as_deref())?;
        let (kind, filter, after) =
            (SnapshotKind::Condition, ListFilter::default(), page.after.as_deref());
        let rows = delivery.reader().list(kind, &read, &filter, after, page.limit).await?;
        page.connection(rows, |row| Condition::from_snapshot(delivery, &row, &read))
    }

    /// Published treatments and conditions found by the words patients type (synonyms,
    /// other names, English or French forms, no accents, one typo, the last word unfinished),
    /// best first. Treatments are limited to what `clinic` (or a clinic-limited key's clinic)
    /// offers. Drafts are never searched.
    #[graphql(complexity = "list_complexity(first, child_complexity)")]
    #[allow(clippy::too_many_arguments)]
    async fn search(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The words, at most 200 characters.")] q: String,
        locale: Option<String>,
        #[graphql(desc = "Kinds to find (default both).")] kinds: Option<Vec<SearchKind>>,
        #[graphql(desc = "Only treatments this clinic (slug) offers.")] clinic: Option<String>,
        #[graphql(desc = "Page size, 1–100 (default 10).")] first: Option<i32>,
        #[graphql(desc = "`pageInfo.endCursor` of the previous page.")] after: Option<String>,
    ) -> Result<Connection<String, SearchResult>> {
        let arguments = SearchArguments { q, locale, kinds, clinic, first, after };
        search::run(Delivery::of(ctx)?, arguments).await
    }

    /// One clinic by slug, with its offerings; null when there is none (or, with a
    /// clinic-limited key, when it is another clinic).
    async fn clinic(
        &self,
        ctx: &Context<'_>,
        slug: String,
        locale: Option<String>,
        preview: Option<bool>,
    ) -> Result<Option<Clinic>> {
        let delivery = Delivery::of(ctx)?;
        let read = delivery.read(locale.as_deref(), preview)?;
        let clinic = delivery.reader().clinic(&slug, &read).await?;
        clinic.map(|scope| Clinic::from_snapshot(delivery, scope.snapshot(), &read)).transpose()
    }

    /// Clinics by slug, one page at a time (a clinic-limited key sees only its own).
    #[graphql(complexity = "list_complexity(first, child_complexity)")]
    async fn clinics(
        &self,
        ctx: &Context<'_>,
        locale: Option<String>,
        preview: Option<bool>,
        #[graphql(desc = "Page size, 1–100 (default 20).")] first: Option<i32>,
        #[graphql(desc = "`pageInfo.endCursor` of the previous page.")] after: Option<String>,
    ) -> Result<Connection<String, Clinic>> {
        let delivery = Delivery::of(ctx)?;
        let read = delivery.read(locale.as_deref(), preview)?;
        let page = Page::parse(first, after.as_deref())?;
        let after = page.after.as_deref();
        let rows = delivery.reader().clinics(&read, after, page.limit).await?;
        page.connection(rows, |row| Clinic::from_snapshot(delivery, &row, &read))
    }
}
