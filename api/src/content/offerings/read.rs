//! Reading offerings.

use std::collections::BTreeMap;

use entity::{clinic, offering, offering_translation, treatment};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};
use uuid::Uuid;

use super::input::OfferingQuery;
use super::{OfferingRecord, OfferingView, Price};
use crate::content::Scope;
use crate::content::change::not_found;
use crate::content::kind::EntryKind;
use crate::content::pagination::{Page, PageRequest, updated_at_key};
use crate::content::validation::Errors;
use crate::error::Result;
use crate::validated::Locale;

/// `404` unless the scope's workspace has clinic `clinic_id`.
pub async fn ensure_clinic(
    db: &impl ConnectionTrait,
    scope: &Scope,
    clinic_id: Uuid,
) -> Result<()> {
    let found = clinic::Entity::find_by_id(clinic_id)
        .select_only()
        .column(clinic::Column::Id)
        .filter(clinic::Column::WorkspaceId.eq(scope.workspace_id))
        .into_tuple::<Uuid>()
        .one(db)
        .await?;
    found.map(|_| ()).ok_or_else(|| not_found(EntryKind::Clinic, clinic_id))
}

/// `404` unless clinic `clinic_id` of the scope's workspace has offering `id`.
pub async fn ensure_offering(
    db: &impl ConnectionTrait,
    scope: &Scope,
    clinic_id: Uuid,
    id: Uuid,
) -> Result<()> {
    let found = offering::Entity::find_by_id(id)
        .select_only()
        .column(offering::Column::Id)
        .filter(offering::Column::WorkspaceId.eq(scope.workspace_id))
        .filter(offering::Column::ClinicId.eq(clinic_id))
        .into_tuple::<Uuid>()
        .one(db)
        .await?;
    found.map(|_| ()).ok_or_else(|| not_found(EntryKind::Offering, id))
}

/// Offering `id` of clinic `clinic_id` in the scope's workspace, notes in every locale.
pub async fn load(
    db: &impl ConnectionTrait,
    scope: &Scope,
    clinic_id: Uuid,
    id: Uuid,
) -> Result<OfferingRecord> {
    let row = offering::Entity::find_by_id(id)
        .filter(offering::Column::WorkspaceId.eq(scope.workspace_id))
        .filter(offering::Column::ClinicId.eq(clinic_id))
        .one(db)
        .await?
        .ok_or_else(|| not_found(EntryKind::Offering, id))?;
    records(db, vec![row])
        .await?
        .into_iter()
        .next()
        .ok_or_else(|| not_found(EntryKind::Offering, id))
}

/// The records of `rows`, with treatment slugs and notes, in the same order.
async fn records(
    db: &impl ConnectionTrait,
    rows: Vec<offering::Model>,
) -> Result<Vec<OfferingRecord>> {
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let slugs: Vec<(Uuid, String)> = treatment::Entity::find()
        .select_only()
        .column(treatment::Column::Id)
        .column(treatment::Column::Slug)
        .filter(treatment::Column::Id.is_in(rows.iter().map(|row| row.treatment_id)))
        .into_tuple()
        .all(db)
        .await?;
    let notes = offering_translation::Entity::find()
        .filter(offering_translation::Column::OfferingId.is_in(rows.iter().map(|row| row.id)))
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|row| {
            let treatment = slugs
                .iter()
                .find(|(id, _)| *id == row.treatment_id)
                .map(|(_, slug)| slug.clone())
                .unwrap_or_default();
            let notes: BTreeMap<String, String> = notes
                .iter()
                .filter(|note| note.offering_id == row.id)
                .map(|note| (note.locale.clone(), note.notes.clone()))
                .collect();
            let price_from = match (row.price_amount, row.price_currency) {
                (Some(amount), Some(currency)) => Some(Price { amount, currency }),
                _ => None,
            };
            OfferingRecord {
                id: row.id,
                clinic_id: row.clinic_id,
                version: row.version,
                created_at: row.created_at,
                updated_at: row.updated_at,
                treatment_id: row.treatment_id,
                treatment,
                active: row.active,
                price_from,
                duration_minutes: row.duration_minutes,
                booking_url: row.booking_url,
                notes,
            }
        })
        .collect())
}

/// `record` seen in `requested`.
pub fn view(record: OfferingRecord, scope: &Scope, requested: &Locale) -> OfferingView {
    let locales: Vec<String> = record.notes.keys().cloned().collect();
    let served = scope
        .served_locale(requested.as_str(), &locales)
        .unwrap_or_else(|| requested.as_str().to_owned());
    let mut notes = record.notes;
    OfferingView {
        id: record.id,
        clinic: record.clinic_id,
        treatment: record.treatment,
        notes: notes.remove(&served),
        locale: served,
        locales,
        active: record.active,
        price_from: record.price_from,
        duration_minutes: record.duration_minutes,
        booking_url: record.booking_url,
        version: record.version,
        created_at: record.created_at,
        updated_at: record.updated_at,
    }
}

/// A page of clinic `clinic_id`'s offerings, most recently changed first.
pub async fn list(
    db: &impl ConnectionTrait,
    scope: &Scope,
    clinic_id: Uuid,
    query: &OfferingQuery,
) -> Result<Page<OfferingView>> {
    let mut errors = Errors::new();
    let page = PageRequest::parse(
        &mut errors,
        query.limit.as_deref(),
        query.cursor.as_deref(),
        None,
        None,
    );
    let locale = scope.locale(query.locale.as_deref(), "locale").map_err(|e| errors.push(e)).ok();
    let treatment = query.treatment.as_deref().map(str::trim).filter(|slug| !slug.is_empty());
    let treatment = treatment.and_then(|slug| errors.slug("treatment", slug));
    let active = match query.active.as_deref() {
        None => None,
        Some("true") => Some(true),
        Some("false") => Some(false),
        Some(_) => {
            errors.add("active", "must be true or false");
            None
        }
    };
    let Some(locale) = locale.filter(|_| errors.is_empty()) else {
        return Err(errors.into_error());
    };
    ensure_clinic(db, scope, clinic_id).await?;
    let mut select = offering::Entity::find()
        .filter(offering::Column::WorkspaceId.eq(scope.workspace_id))
        .filter(offering::Column::ClinicId.eq(clinic_id));
    if let Some(active) = active {
        select = select.filter(offering::Column::Active.eq(active));
    }
    if let Some(slug) = &treatment {
        select = select.filter(
            offering::Column::TreatmentId.in_subquery(
                sea_orm::sea_query::Query::select()
                    .column(treatment::Column::Id)
                    .from(treatment::Entity)
                    .and_where(Expr::col(treatment::Column::WorkspaceId).eq(scope.workspace_id))
                    .and_where(Expr::col(treatment::Column::Slug).eq(slug.as_str()))
                    .to_owned(),
            ),
        );
    }
    let sort = Expr::col((offering::Entity, offering::Column::UpdatedAt));
    let rows = page.apply(select, sort, offering::Column::Id).all(db).await?;
    let rows = records(db, rows).await?;
    Ok(page.finish(
        rows,
        |record| (updated_at_key(&record.updated_at), record.id),
        |record| view(record, scope, &locale),
    ))
}

/// Every offering of clinic `clinic_id`, ordered by treatment slug, as its published document
/// lists them.
pub async fn all_of_clinic(
    db: &impl ConnectionTrait,
    scope: &Scope,
    clinic_id: Uuid,
) -> Result<Vec<OfferingRecord>> {
    let rows = offering::Entity::find()
        .filter(offering::Column::WorkspaceId.eq(scope.workspace_id))
        .filter(offering::Column::ClinicId.eq(clinic_id))
        .all(db)
        .await?;
    let mut all = records(db, rows).await?;
    all.sort_by(|a, b| a.treatment.cmp(&b.treatment));
    Ok(all)
}
