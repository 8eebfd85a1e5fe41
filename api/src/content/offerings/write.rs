//! Changing offerings, each change in one transaction with its revision and audit rows.

use entity::{offering, offering_translation, treatment};
use sea_orm::ActiveValue::Set;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction, EntityTrait,
    QueryFilter, QuerySelect,
};
use uuid::Uuid;

use super::input::OfferingInput;
use super::read::{ensure_clinic, load, view};
use super::{OfferingRecord, OfferingView};
use crate::content::Scope;
use crate::content::audit::Action;
use crate::content::change::{self, claim, finish};
use crate::content::kind::EntryKind;
use crate::content::lookup::{ids_by_slug, lookup};
use crate::content::revisions;
use crate::content::validation::Errors;
use crate::content::values::now;
use crate::error::{Error, Result};
use crate::validated::Locale;

const KIND: EntryKind = EntryKind::Offering;

/// Adds an offering of `input.treatment` to clinic `clinic_id`, at version 1.
pub async fn create(
    db: &DatabaseConnection,
    scope: &Scope,
    clinic_id: Uuid,
    input: OfferingInput,
) -> Result<OfferingView> {
    let locale = input.locale.clone();
    let txn = change::begin(db).await?;
    let result = create_in(&txn, scope, clinic_id, input).await;
    Ok(view(finish(txn, result).await?, scope, &locale))
}

/// [`create`] inside a transaction the caller holds (the importer loads a file in one).
pub async fn create_in(
    txn: &DatabaseTransaction,
    scope: &Scope,
    clinic_id: Uuid,
    input: OfferingInput,
) -> Result<OfferingRecord> {
    ensure_clinic(txn, scope, clinic_id).await?;
    let id = Uuid::now_v7();
    let now = now();
    let note = input.note.clone();
    let blank = OfferingRecord {
        id,
        clinic_id,
        version: 1,
        created_at: now,
        updated_at: now,
        treatment_id: Uuid::nil(),
        treatment: String::new(),
        active: true,
        price_from: None,
        duration_minutes: None,
        booking_url: None,
        notes: Default::default(),
    };
    let mut new = blank.clone();
    apply(txn, scope, &mut new, input).await?;
    let (amount, currency) = price_columns(&new);
    let row = offering::ActiveModel {
        id: Set(id),
        workspace_id: Set(scope.workspace_id),
        clinic_id: Set(clinic_id),
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
    write_notes(txn, &blank, &new).await?;
    let record = load(txn, scope, clinic_id, id).await?;
    revisions::record(txn, scope, KIND, id, 1, &record, note, Action::Create).await?;
    Ok(record)
}

fn price_columns(record: &OfferingRecord) -> (Option<i64>, Option<String>) {
    match &record.price_from {
        Some(price) => (Some(price.amount), Some(price.currency.clone())),
        None => (None, None),
    }
}

/// Applies `input` to offering `id` of clinic `clinic_id` if it is still at `expected`.
pub async fn update(
    db: &DatabaseConnection,
    scope: &Scope,
    clinic_id: Uuid,
    id: Uuid,
    expected: i32,
    input: OfferingInput,
) -> Result<OfferingView> {
    let locale = input.locale.clone();
    let outcome = async {
        let txn = change::begin(db).await?;
        let result = update_in(&txn, scope, clinic_id, id, expected, input).await;
        finish(txn, result).await
    }
    .await;
    match outcome {
        Ok(record) => Ok(view(record, scope, &locale)),
        Err(error) => Err(change::settle::<offering::Entity>(db, scope, id, expected, error).await),
    }
}

/// [`update`] inside a transaction the caller holds (the importer loads a file in one).
pub async fn update_in(
    txn: &DatabaseTransaction,
    scope: &Scope,
    clinic_id: Uuid,
    id: Uuid,
    expected: i32,
    input: OfferingInput,
) -> Result<OfferingRecord> {
    let now = now();
    ensure_clinic(txn, scope, clinic_id).await?;
    let version = claim::<offering::Entity>(txn, scope, id, expected, now).await?;
    let old = load(txn, scope, clinic_id, id).await?;
    let note = input.note.clone();
    let mut new = old.clone();
    apply(txn, scope, &mut new, input).await?;
    store(txn, &old, &new).await?;
    let record = load(txn, scope, clinic_id, id).await?;
    revisions::record(txn, scope, KIND, id, version, &record, note, Action::Update).await?;
    Ok(record)
}

/// Applies `input`, resolving the treatment slug; `422` for an unknown treatment, `409` when
/// the clinic already offers it.
async fn apply(
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

async fn store(
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

/// Deletes offering `id` of clinic `clinic_id` at version `expected`.
pub async fn delete(
    db: &DatabaseConnection,
    scope: &Scope,
    clinic_id: Uuid,
    id: Uuid,
    expected: i32,
    note: Option<String>,
) -> Result<()> {
    let outcome = async {
        let txn = change::begin(db).await?;
        let result = delete_in(&txn, scope, clinic_id, id, expected, note).await;
        finish(txn, result).await
    }
    .await;
    match outcome {
        Ok(()) => Ok(()),
        Err(error) => Err(change::settle::<offering::Entity>(db, scope, id, expected, error).await),
    }
}

async fn delete_in(
    txn: &DatabaseTransaction,
    scope: &Scope,
    clinic_id: Uuid,
    id: Uuid,
    expected: i32,
    note: Option<String>,
) -> Result<()> {
    ensure_clinic(txn, scope, clinic_id).await?;
    let version = claim::<offering::Entity>(txn, scope, id, expected, now()).await?;
    let record = load(txn, scope, clinic_id, id).await?;
    revisions::record(txn, scope, KIND, id, version, &record, note, Action::Delete).await?;
    offering::Entity::delete_many().filter(offering::Column::Id.eq(id)).exec(txn).await?;
    Ok(())
}

/// Makes a new version of offering `id` whose content is that of revision `revision`.
#[allow(clippy::too_many_arguments)]
pub async fn restore(
    db: &DatabaseConnection,
    scope: &Scope,
    clinic_id: Uuid,
    id: Uuid,
    expected: i32,
    revision: i32,
    note: Option<String>,
) -> Result<OfferingView> {
    let outcome = async {
        let txn = change::begin(db).await?;
        let result = restore_in(&txn, scope, clinic_id, id, expected, revision, note).await;
        finish(txn, result).await
    }
    .await;
    let locale = Locale::parse(&scope.default_locale).map_err(Error::Internal)?;
    match outcome {
        Ok(record) => Ok(view(record, scope, &locale)),
        Err(error) => Err(change::settle::<offering::Entity>(db, scope, id, expected, error).await),
    }
}

#[allow(clippy::too_many_arguments)]
async fn restore_in(
    txn: &DatabaseTransaction,
    scope: &Scope,
    clinic_id: Uuid,
    id: Uuid,
    expected: i32,
    revision: i32,
    note: Option<String>,
) -> Result<OfferingRecord> {
    ensure_clinic(txn, scope, clinic_id).await?;
    let version = claim::<offering::Entity>(txn, scope, id, expected, now()).await?;
    let old = load(txn, scope, clinic_id, id).await?;
    let snapshot = revisions::get(txn, scope, KIND, id, revision).await?.snapshot;
    let restored: OfferingRecord = serde_json::from_value(snapshot).map_err(|error| {
        Error::Internal(format!("revision {revision} of offering {id} cannot be read: {error}"))
    })?;
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
    store(txn, &old, &new).await?;
    let record = load(txn, scope, clinic_id, id).await?;
    let note = note.or_else(|| Some(format!("Restored version {revision}")));
    let action = Action::Restore { from_version: revision };
    revisions::record(txn, scope, KIND, id, version, &record, note, action).await?;
    Ok(record)
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
