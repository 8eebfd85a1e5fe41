//! The transactional outbox: a [`Follower`] of the content service that writes one delivery
//! row per subscribed endpoint inside the change's own transaction, so a change that rolls
//! back announces nothing and one that commits is sent even if the process dies right after.

use std::sync::Arc;

use chrono::Utc;
use entity::{offering, treatment_condition, webhook};
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{ColumnTrait, DatabaseTransaction, EntityTrait, PaginatorTrait, QueryFilter};
use uuid::Uuid;

use super::{deliveries, endpoints, events, payload};
use crate::content::events::{Change, Follower, Within};
use crate::content::kind::EntryKind;
use crate::error::Result;

/// Queues the webhook deliveries of every change.
pub struct WebhookFollower;

impl WebhookFollower {
    /// The follower, as the content service holds it.
    pub fn follower() -> Arc<dyn Follower> {
        Arc::new(Self)
    }
}

impl Follower for WebhookFollower {
    fn within<'a>(&'a self, txn: &'a DatabaseTransaction, changes: &'a [Change]) -> Within<'a> {
        Box::pin(async move {
            for change in changes {
                if let Some(event) = events::of_change(change) {
                    queue(txn, change, &event).await?;
                }
            }
            Ok(())
        })
    }

    fn committed(&self, _changes: &[Change]) {}
}

/// Writes a delivery of `event` for each endpoint of the change's workspace that listens.
async fn queue(txn: &DatabaseTransaction, change: &Change, event: &str) -> Result<()> {
    let endpoints = webhook::Entity::find()
        .filter(webhook::Column::WorkspaceId.eq(change.workspace_id))
        .filter(webhook::Column::Active.eq(true))
        .all(txn)
        .await?;
    let mut listening = Vec::new();
    for endpoint in endpoints {
        if !events::selects(&endpoints::patterns_of(&endpoint), event) {
            continue;
        }
        if let Some(clinic) = endpoint.clinic_id
            && !concerns_clinic(txn, change, clinic).await?
        {
            continue;
        }
        listening.push(endpoint.id);
    }
    if listening.is_empty() {
        return Ok(());
    }
    let body = payload::envelope(event, Utc::now(), payload::data_of(txn, change).await?);
    for endpoint in listening {
        deliveries::enqueue(txn, endpoint, event, body.clone()).await?;
    }
    Ok(())
}

/// Whether a clinic's site shows the changed entry: the clinic itself, a treatment it offers,
/// or a condition one of those treats.
async fn concerns_clinic(txn: &DatabaseTransaction, change: &Change, clinic: Uuid) -> Result<bool> {
    let entry = change.entry.id;
    let offered = || offering::Entity::find().filter(offering::Column::ClinicId.eq(clinic));
    Ok(match change.kind {
        EntryKind::Clinic => entry == clinic,
        EntryKind::Treatment => {
            offered().filter(offering::Column::TreatmentId.eq(entry)).count(txn).await? > 0
        }
        EntryKind::Condition => {
            let treatments = Query::select()
                .column(treatment_condition::Column::TreatmentId)
                .from(treatment_condition::Entity)
                .and_where(Expr::col(treatment_condition::Column::ConditionId).eq(entry))
                .to_owned();
            offered()
                .filter(Expr::col(offering::Column::TreatmentId).in_subquery(treatments))
                .count(txn)
                .await?
                > 0
        }
        EntryKind::Offering | EntryKind::Media => false,
    })
}
