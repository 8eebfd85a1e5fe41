//! Writing offerings: the row and its notes per locale, and the checks of a restore. The
//! operations that call these are in [`crate::content::operations`].

use chrono::{DateTime, Utc};
use entity::{offering, offering_translation, treatment};
use sea_orm::ActiveValue::Set;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, QueryFilter, QuerySelect,
};
use uuid::Uuid;

use super::OfferingRecord;
use super::input::OfferingInput;
use crate::content::Scope;
use crate::content::lookup::{ids_by_slug, lookup};
use crate::content::validation::Errors;
use crate::error::{Error, Result};

/// Inserts the rows of a new offering at version 1.
pub(super) async fn insert(
    txn: &DatabaseTransaction,
    scope: &Scope,
    new: &OfferingRecord,
    now: DateTime<Utc>,
) -> Result<()> {
    let (amount, currency) = price_columns(new);
    let row = offering::ActiveModel {
        id: Set(new.id),
        workspace_id: Set(scope.workspace_id),
        clinic_id: Set(new.clinic_id),
        treatment_id: Set(new.treatment_id),
        active: Set(new.active),
        price_amount: Set(amount),
        price_currency: Set(currency),
        duration_minutes: Set(new.duration_minutes),
        booking_url: Set(new.booking_url.clone()),
        version: Set(1),
        created_by: Set(Some(scope.actor)),
        updated_by: Set(Some(scope.actor)),
        created_at: Set(now),
        updated_at: Set(now),
    };
    offering::Entity::insert(row).exec_without_returning(txn).await?;
    let blank = OfferingRecord { notes: Default::default(), ..new.clone() };
    write_notes(txn, &blank, new).await
}

fn price_columns(record: &OfferingRecord) -> (Option<i64>, Option<String>) {
    match &record.price_from {
        Some(price) => (Some(price.amount), Some(price.currency.clone())),
        None => (None, None),
    }
}

/// Applies `input`, resolving the treatment slug; `422` for an unknown treatment, `409` when
/// the clinic already offers it.
pub(super) async fn apply(
    db: &impl ConnectionTrait,
    scope: &Scope,
    record: &mut OfferingRecord,
    input: OfferingInput,
) -> Result<()> {
    if let Some(slug) = &input.treatment {
        let found = ids_by_slug::<treatment::Entity>(db, scope, &[slug.as_str()]).await?;
        let Some(treatment_id) = lookup(&found, slug.as_str()) else {
            let mut errors = Errors::new();
            errors.add("treatment", "no treatment has this slug here");
            return Err(errors.into_error());
        };
        let taken = offering::Entity::find()
            .select_only()
            .column(offering::Column::Id)
            .filter(offering::Column::ClinicId.eq(record.clinic_id))
            .filter(offering::Column::TreatmentId.eq(treatment_id))
            .filter(offering::Column::Id.ne(record.id))
            .into_tuple::<Uuid>()
            .one(db)
            .await?;
        if taken.is_some() {
            return Err(Error::Conflict(format!("this clinic already offers treatment '{slug}'")));
        }
        record.treatment_id = treatment_id;
        record.treatment = slug.as_str().to_owned();
    }
    if let Some(active) = input.active {
        record.active = active;
    }
    if let Some(price) = input.price_from {
        record.price_from = price;
    }
    if let Some(minutes) = input.duration_minutes {
        record.duration_minutes = minutes;
    }
    if let Some(url) = input.booking_url {
        record.booking_url = url;
    }
    if let Some(notes) = input.notes {
        let locale = input.locale.as_str().to_owned();
        match notes {
            Some(notes) => record.notes.insert(locale, notes),
            None => record.notes.remove(&locale),
        };
    }
    Ok(())
}

pub(super) async fn store(
    txn: &DatabaseTransaction,
    old: &OfferingRecord,
    new: &OfferingRecord,
) -> Result<()> {
    let (amount, currency) = price_columns(new);
    let row = offering::ActiveModel {
        treatment_id: Set(new.treatment_id),
        active: Set(new.active),
        price_amount: Set(amount),
        price_currency: Set(currency),
        duration_minutes: Set(new.duration_minutes),
        booking_url: Set(new.booking_url.clone()),
        ..Default::default()
    };
    offering::Entity::update_many()
        .set(row)
        .filter(offering::Column::Id.eq(new.id))
        .exec(txn)
        .await?;
    write_notes(txn, old, new).await
}

async fn write_notes(
    db: &impl ConnectionTrait,
    old: &OfferingRecord,
    new: &OfferingRecord,
) -> Result<()> {
    let changed = new.notes.iter().filter(|(l, n)| old.notes.get(*l) != Some(*n));
    let removed = old.notes.keys().filter(|l| !new.notes.contains_key(*l));
    for locale in removed.chain(changed.clone().map(|(l, _)| l)) {
        offering_translation::Entity::delete_many()
            .filter(offering_translation::Column::OfferingId.eq(new.id))
            .filter(offering_translation::Column::Locale.eq(locale.as_str()))
            .exec(db)
            .await?;
    }
    let rows = changed.map(|(locale, notes)| offering_translation::ActiveModel {
        offering_id: Set(new.id),
        locale: Set(locale.clone()),
        notes: Set(notes.clone()),
    });
    offering_translation::Entity::insert_many(rows).exec_without_returning(db).await?;
    Ok(())
}

/// `old` with the content of revision `revision`; `409` when the treatment it offered is gone
/// or the clinic offers it under another offering now.
pub(super) async fn restored(
    txn: &DatabaseTransaction,
    scope: &Scope,
    revision: i32,
    old: &OfferingRecord,
    restored: OfferingRecord,
) -> Result<OfferingRecord> {
    let (clinic_id, id) = (old.clinic_id, old.id);
    let exists = treatment_slug(txn, scope, restored.treatment_id).await?;
    let Some(treatment) = exists else {
        return Err(Error::Conflict(format!(
            "revision {revision} offers treatment '{}', which no longer exists",
            restored.treatment
        )));
    };
    if restored.treatment_id != old.treatment_id {
        let taken = offering::Entity::find()
            .select_only()
            .column(offering::Column::Id)
            .filter(offering::Column::ClinicId.eq(clinic_id))
            .filter(offering::Column::TreatmentId.eq(restored.treatment_id))
            .filter(offering::Column::Id.ne(id))
            .into_tuple::<Uuid>()
            .one(txn)
            .await?;
        if taken.is_some() {
            return Err(Error::Conflict(format!(
                "this clinic already offers treatment '{treatment}'"
            )));
        }
    }
    let new = OfferingRecord {
        treatment_id: restored.treatment_id,
        treatment,
        active: restored.active,
        price_from: restored.price_from,
        duration_minutes: restored.duration_minutes,
        booking_url: restored.booking_url,
        notes: restored.notes,
        ..old.clone()
    };
    Ok(new)
}

/// Deletes offering `id`'s row (its notes go with it).
pub(super) async fn delete(db: &impl ConnectionTrait, id: Uuid) -> Result<()> {
    offering::Entity::delete_many().filter(offering::Column::Id.eq(id)).exec(db).await?;
    Ok(())
}

/// The slug of treatment `id` if the scope's workspace still has it.
async fn treatment_slug(
    db: &impl ConnectionTrait,
    scope: &Scope,
    id: Uuid,
) -> Result<Option<String>> {
    let found =
        crate::content::lookup::slugs_by_id::<treatment::Entity>(db, scope, [id].into_iter())
            .await?;
    Ok(found.into_iter().next().map(|(_, slug)| slug))
}
