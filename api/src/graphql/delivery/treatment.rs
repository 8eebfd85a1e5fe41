//! The delivery `Treatment`: a published treatment document, field for field, with its
//! conditions and complementary treatments resolvable to the published entries themselves.

use async_graphql::{ComplexObject, Context, SimpleObject};
use serde::Deserialize;

use super::clinic::Offering;
use super::condition::Condition;
use super::context::Delivery;
use super::fan_out::{Nested, cost};
use super::image::TreatmentImage;
use crate::content::publishing::documents::{
    Complement as ComplementDocument, TreatedCondition as Link, TreatmentDocument,
};
use crate::delivery::read::Read;
use crate::delivery::snapshots::{Snapshot, SnapshotKind};
use crate::error::Error;
use crate::graphql::types::{
    AftercareStep, DateTime, Faq, Range, Reference, Review, Seo, SideEffect, all,
};

/// A published treatment in the locale it is served in.
#[derive(Clone, Debug, SimpleObject)]
#[graphql(complex)]
pub struct Treatment {
    pub slug: String,
    /// The locale served: the one asked for, or the workspace default when the treatment has
    /// no translation in it.
    pub locale: String,
    pub name: String,
    /// Other names, e.g. "collagen induction therapy".
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
    /// Images, in order: a hero, a gallery, before/after pairs.
    pub media: Vec<TreatmentImage>,
    pub references: Vec<Reference>,
    pub seo: Seo,
    pub review: Option<Review>,
    /// The entry version that was published.
    pub version: i32,
    pub published_at: DateTime,
    /// The clinic's offering of this treatment (price, duration, booking link) when a clinic
    /// is in scope: the `clinic` filter, a clinic-limited key, or a clinic's offerings.
    pub offering: Option<Offering>,
    #[graphql(skip)]
    links: Vec<Link>,
    #[graphql(skip)]
    complements: Vec<ComplementDocument>,
    /// How it was read; nested entries are read the same way.
    #[graphql(skip)]
    read: Read,
}

impl Treatment {
    /// The treatment in `snapshot`, read as `read` says, recorded as resolved in `delivery`.
    pub fn from_snapshot(
        delivery: &Delivery,
        snapshot: &Snapshot,
        read: &Read,
        offering: Option<Offering>,
    ) -> async_graphql::Result<Self> {
        // Deserialized from the shared value, without copying it first.
        let document = TreatmentDocument::deserialize(&snapshot.document).map_err(|error| {
            Error::Internal(format!("published treatment '{}': {error}", snapshot.slug))
        })?;
        delivery.resolved(SnapshotKind::Treatment, &document.slug);
        Ok(Self::new(document, read, offering))
    }

    fn new(document: TreatmentDocument, read: &Read, offering: Option<Offering>) -> Self {
        Self {
            slug: document.slug,
            locale: document.locale,
            name: document.name,
            also_known_as: document.also_known_as,
            summary: document.summary,
            body: document.body,
            procedure_minutes: document.procedure_minutes.map(Range::from),
            sessions: document.sessions.map(Range::from),
            session_interval_weeks: document.session_interval_weeks.map(Range::from),
            downtime_days: document.downtime_days.map(Range::from),
            downtime_notes: document.downtime_notes,
            results_timeline: document.results_timeline,
            contraindications: document.contraindications,
            side_effects: all(document.side_effects),
            suitable_for: document.suitable_for,
            not_suitable_for: document.not_suitable_for,
            aftercare: all(document.aftercare),
            faqs: all(document.faqs),
            media: all(document.media),
            references: all(document.references),
            seo: document.seo.into(),
            review: document.review.map(Review::from),
            version: document.version,
            published_at: document.published_at.into(),
            offering,
            links: document.conditions,
            complements: document.complementary,
            read: read.clone(),
        }
    }

    /// This treatment's plan for `condition`, if it treats it.
    pub fn link(&self, condition: &str) -> Option<&Link> {
        self.links.iter().find(|link| link.slug == condition)
    }
}

#[ComplexObject]
impl Treatment {
    /// The conditions it treats, in order, each with this treatment's plan for it.
    #[graphql(complexity = "cost(Nested::TreatmentConditions, child_complexity)")]
    async fn conditions(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<TreatedCondition>> {
        let delivery = Delivery::of(ctx)?;
        // Their names are the conditions' own text, so the answer holds the conditions.
        for link in &self.links {
            delivery.resolved(SnapshotKind::Condition, &link.slug);
        }
        Ok(self
            .links
            .iter()
            .map(|link| TreatedCondition {
                slug: link.slug.clone(),
                name: link.name.clone(),
                sessions: link.sessions.map(Range::from),
                notes: link.notes.clone(),
                read: self.read.clone(),
            })
            .collect())
    }

    /// Treatments it combines with, in order.
    #[graphql(complexity = "cost(Nested::Complementary, child_complexity)")]
    async fn complementary(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Complement>> {
        let delivery = Delivery::of(ctx)?;
        for complement in &self.complements {
            delivery.resolved(SnapshotKind::Treatment, &complement.slug);
        }
        Ok(self
            .complements
            .iter()
            .map(|complement| Complement {
                slug: complement.slug.clone(),
                name: complement.name.clone(),
                min_spacing_weeks: complement.min_spacing_weeks,
                note: complement.note.clone(),
                read: self.read.clone(),
            })
            .collect())
    }
}

/// A condition a treatment treats, with the treatment's plan for it.
#[derive(Clone, Debug, SimpleObject)]
#[graphql(complex)]
pub struct TreatedCondition {
    pub slug: String,
    pub name: String,
    /// Sessions for this condition, when they differ from the treatment's plan.
    pub sessions: Option<Range>,
    pub notes: Option<String>,
    #[graphql(skip)]
    read: Read,
}

#[ComplexObject]
impl TreatedCondition {
    /// The published condition; null when it is not published.
    async fn condition(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Condition>> {
        let delivery = Delivery::of(ctx)?;
        let snapshot =
            delivery.reader().find(SnapshotKind::Condition, &self.slug, &self.read).await?;
        snapshot
            .map(|snapshot| Condition::from_snapshot(delivery, &snapshot, &self.read))
            .transpose()
    }
}

/// A treatment that combines with this one.
#[derive(Clone, Debug, SimpleObject)]
#[graphql(complex)]
pub struct Complement {
    pub slug: String,
    pub name: String,
    /// Weeks to leave between the two.
    pub min_spacing_weeks: Option<i32>,
    pub note: Option<String>,
    #[graphql(skip)]
    read: Read,
}

#[ComplexObject]
impl Complement {
    /// The published treatment; null when it is not published (or, with a clinic-limited
    /// key, not offered by the clinic).
    async fn treatment(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Treatment>> {
        Delivery::of(ctx)?.treatment(&self.slug, &self.read).await
    }
}
