//! The delivery `Condition`, with the published treatments for it.

use async_graphql::{ComplexObject, Context, SimpleObject};
use serde::Deserialize;

use super::context::Delivery;
use super::fan_out::{Nested, cost};
use super::treatment::Treatment;
use crate::content::publishing::documents::ConditionDocument;
use crate::delivery::read::Read;
use crate::delivery::snapshots::{Snapshot, SnapshotKind};
use crate::error::Error;
use crate::graphql::types::{DateTime, Range, Review};

/// A published condition in the locale it is served in.
#[derive(Clone, Debug, SimpleObject)]
#[graphql(complex)]
pub struct Condition {
    pub slug: String,
    /// The locale served: the one asked for, or the workspace default.
    pub locale: String,
    pub name: String,
    /// Other names people use, e.g. "dark spots".
    pub synonyms: Vec<String>,
    pub summary: String,
    /// Markdown.
    pub body: String,
    pub review: Option<Review>,
    pub version: i32,
    pub published_at: DateTime,
    #[graphql(skip)]
    read: Read,
}

impl Condition {
    /// The condition in `snapshot`, read as `read` says, recorded as resolved in `delivery`.
    pub fn from_snapshot(
        delivery: &Delivery,
        snapshot: &Snapshot,
        read: &Read,
    ) -> async_graphql::Result<Self> {
        // Deserialized from the shared value, without copying it first.
        let document = ConditionDocument::deserialize(&snapshot.document).map_err(|error| {
            Error::Internal(format!("published condition '{}': {error}", snapshot.slug))
        })?;
        delivery.resolved(SnapshotKind::Condition, &document.slug);
        Ok(Self {
            slug: document.slug,
            locale: document.locale,
            name: document.name,
            synonyms: document.synonyms,
            summary: document.summary,
            body: document.body,
            review: document.review.map(Review::from),
            version: document.version,
            published_at: document.published_at.into(),
            read: read.clone(),
        })
    }
}

#[ComplexObject]
impl Condition {
    /// The published treatments for this condition, by slug, each with its plan for it.
    #[graphql(complexity = "cost(Nested::ConditionTreatments, child_complexity)")]
    async fn treatments(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Vec<ConditionTreatment>> {
        let delivery = Delivery::of(ctx)?;
        let snapshots = delivery.linked_treatments(&self.slug, &self.read).await?;
        let mut treatments = Vec::with_capacity(snapshots.len());
        for snapshot in snapshots.iter() {
            if let Some(treatment) = delivery.visible_treatment(snapshot, &self.read).await? {
                treatments.push(ConditionTreatment::new(treatment, &self.slug));
            }
        }
        Ok(treatments)
    }
}

/// A treatment as listed under a condition: what it is and how many sessions this condition
/// takes (the fields REST lists under `/v1/conditions/{slug}`), and the whole treatment.
#[derive(Clone, Debug, SimpleObject)]
pub struct ConditionTreatment {
    pub slug: String,
    pub name: String,
    pub summary: String,
    /// Sessions for this condition: the treatment's plan for it, else its general plan.
    pub sessions: Option<Range>,
    /// The treatment's notes for this condition.
    pub notes: Option<String>,
    pub treatment: Treatment,
}

impl ConditionTreatment {
    fn new(treatment: Treatment, condition: &str) -> Self {
        let link = treatment.link(condition);
        let sessions = link.and_then(|link| link.sessions).map(Range::from).or(treatment.sessions);
        let notes = link.and_then(|link| link.notes.clone());
        Self {
            slug: treatment.slug.clone(),
            name: treatment.name.clone(),
            summary: treatment.summary.clone(),
            sessions,
            notes,
            treatment,
        }
    }
}
