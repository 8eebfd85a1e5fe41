//! The delivery `Clinic` and its `Offering`s (clinic × treatment: price, duration, booking).

use std::sync::Arc;

use async_graphql::{ComplexObject, Context, SimpleObject};
use serde::Deserialize;

use super::context::Delivery;
use super::fan_out::{Nested, cost};
use super::treatment::Treatment;
use crate::content::publishing::documents::{ClinicDocument, OfferingDocument};
use crate::delivery::read::Read;
use crate::delivery::snapshots::{Snapshot, SnapshotKind};
use crate::error::Error;
use crate::graphql::types::{DateTime, Money};

/// A published clinic (a location or brand) in the locale it is served in.
#[derive(Clone, Debug, SimpleObject)]
#[graphql(complex)]
pub struct Clinic {
    pub slug: String,
    /// The locale served: the one asked for, or the workspace default.
    pub locale: String,
    pub name: String,
    pub address: Option<String>,
    pub city: Option<String>,
    pub region: Option<String>,
    /// ISO 3166-1 alpha-2, e.g. "CA".
    pub country: String,
    pub phone: Option<String>,
    pub booking_url: Option<String>,
    /// IANA time zone, e.g. "America/Toronto".
    pub timezone: String,
    pub version: i32,
    pub published_at: DateTime,
    #[graphql(skip)]
    offered: Vec<OfferingDocument>,
    #[graphql(skip)]
    read: Read,
}

impl Clinic {
    /// The clinic in `snapshot`, read as `read` says, recorded as resolved in `delivery`.
    pub fn from_snapshot(
        delivery: &Delivery,
        snapshot: &Snapshot,
        read: &Read,
    ) -> async_graphql::Result<Self> {
        // Deserialized from the shared value, without copying it first.
        let document = ClinicDocument::deserialize(&snapshot.document).map_err(|error| {
            Error::Internal(format!("published clinic '{}': {error}", snapshot.slug))
        })?;
        delivery.resolved(SnapshotKind::Clinic, &document.slug);
        Ok(Self {
            slug: document.slug,
            locale: document.locale,
            name: document.name,
            address: document.address,
            city: document.city,
            region: document.region,
            country: document.country,
            phone: document.phone,
            booking_url: document.booking_url,
            timezone: document.timezone,
            version: document.version,
            published_at: document.published_at.into(),
            offered: document.offerings,
            read: read.clone(),
        })
    }

    /// The clinic's offering of `treatment`, if it offers it.
    pub fn offering_of(self: &Arc<Self>, treatment: &str) -> Option<Offering> {
        let offered = self.offered.iter().find(|offering| offering.treatment == treatment)?;
        Some(Offering::new(offered.clone(), Arc::clone(self)))
    }
}

#[ComplexObject]
impl Clinic {
    /// The treatments the clinic offers, with price, duration and booking link.
    #[graphql(complexity = "cost(Nested::Offerings, child_complexity)")]
    async fn offerings(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Offering>> {
        let delivery = Delivery::of(ctx)?;
        // As in REST: a clinic's answer changes with the treatments it offers.
        for offering in &self.offered {
            delivery.resolved(SnapshotKind::Treatment, &offering.treatment);
        }
        let clinic = Arc::new(self.clone());
        Ok(self
            .offered
            .iter()
            .map(|offering| Offering::new(offering.clone(), Arc::clone(&clinic)))
            .collect())
    }
}

/// What a clinic charges for a treatment, and how to book it.
#[derive(Clone, Debug, SimpleObject)]
#[graphql(complex)]
pub struct Offering {
    /// The treatment's slug.
    pub treatment_slug: String,
    pub active: bool,
    pub price_from: Option<Money>,
    pub duration_minutes: Option<i32>,
    pub booking_url: Option<String>,
    pub notes: Option<String>,
    pub clinic: Arc<Clinic>,
}

impl Offering {
    fn new(offered: OfferingDocument, clinic: Arc<Clinic>) -> Self {
        Self {
            treatment_slug: offered.treatment,
            active: offered.active,
            price_from: offered.price_from.map(Money::from),
            duration_minutes: offered.duration_minutes,
            booking_url: offered.booking_url,
            notes: offered.notes,
            clinic,
        }
    }
}

#[ComplexObject]
impl Offering {
    /// The published treatment offered, with this offering; null when it is not published.
    async fn treatment(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Treatment>> {
        let delivery = Delivery::of(ctx)?;
        let read = &self.clinic.read;
        let snapshot =
            delivery.reader().find(SnapshotKind::Treatment, &self.treatment_slug, read).await?;
        snapshot
            .map(|snapshot| Treatment::from_snapshot(delivery, &snapshot, read, Some(self.clone())))
            .transpose()
    }
}
