//! Writing a validated file inside the import's transaction, through the content service and
//! the workflow, as an editor and a reviewer would.
//!
//! An entry is found by slug or created from its first input; every other input (one per
//! locale) is then applied in a savepoint that is kept only when it changed something, so an
//! import of what is already there writes nothing. The workflow then walks each entry to the
//! status the file gives it ([`super::walk`]).

use std::collections::HashSet;

use entity::treatment;
use sea_orm::{DatabaseTransaction, TransactionTrait};
use uuid::Uuid;

use super::format::Status;
use super::kinds::{self, Kind};
use super::plan::{Plan, Planned, PlannedOffering, locate, rebase};
use super::report::{ImportReport, Tally};
use super::walk::{can_walk, settled, walk};
use crate::content::events::Change;
use crate::content::lookup::ids_by_slug;
use crate::content::offerings::{self, OfferingRecord};
use crate::content::values::Review;
use crate::content::{Clinics, Conditions, Offerings, Scope, Treatments, operations};
use crate::error::{Error, Result};

/// Where an entry stands while the import writes it.
pub(super) struct Placed {
    pub id: Uuid,
    pub version: i32,
    pub status: Status,
    pub review: Option<Review>,
    pub created: bool,
    /// Whether the import changed it (content or workflow).
    pub changed: bool,
}

/// Writes `plan` into the scope's workspace; fills `report` with what happened to each entry
/// and `changes` with every change made.
pub(super) async fn apply(
    txn: &DatabaseTransaction,
    scope: &Scope,
    plan: &Plan,
    note: &str,
    report: &mut ImportReport,
    changes: &mut Vec<Change>,
) -> Result<()> {
    let mut conditions = Vec::with_capacity(plan.conditions.len());
    for planned in &plan.conditions {
        conditions.push(place::<Conditions>(txn, scope, planned, &planned.inputs, changes).await?);
    }
    let treatments = treatments(txn, scope, plan, changes).await?;
    let mut clinics = Vec::with_capacity(plan.clinics.len());
    for planned in &plan.clinics {
        let inputs = &planned.clinic.inputs;
        let placed = place::<Clinics>(txn, scope, &planned.clinic, inputs, changes).await?;
        let mut offered = false;
        let existing = offerings::all_of_clinic(txn, scope, placed.id).await?;
        for offering in &planned.offerings {
            let clinic = (planned.clinic.slug.as_str(), placed.id);
            offered |=
                place_offering(txn, scope, clinic, &existing, offering, report, changes).await?;
        }
        // The clinic's published document lists its offerings: changed offerings republish it.
        let republish = offered && planned.clinic.status == Status::Published;
        clinics.push((placed, republish));
    }
    for (planned, mut placed) in plan.conditions.iter().zip(conditions) {
        walk::<Conditions, _>(txn, scope, planned, &mut placed, false, note, changes).await?;
        tally(&mut report.conditions, &planned.slug, &placed);
    }
    for (planned, mut placed) in plan.treatments.iter().zip(treatments) {
        walk::<Treatments, _>(txn, scope, planned, &mut placed, false, note, changes).await?;
        tally(&mut report.treatments, &planned.slug, &placed);
    }
    for (planned, (mut placed, republish)) in plan.clinics.iter().zip(clinics) {
        let planned = &planned.clinic;
        walk::<Clinics, _>(txn, scope, planned, &mut placed, republish, note, changes).await?;
        tally(&mut report.clinics, &planned.slug, &placed);
    }
    Ok(())
}

/// Treatments link to each other (microneedling and chemical peels complement each other), so
/// a link to a treatment the import has not written yet waits for a second pass.
async fn treatments(
    txn: &DatabaseTransaction,
    scope: &Scope,
    plan: &Plan,
    changes: &mut Vec<Change>,
) -> Result<Vec<Placed>> {
    let targets: Vec<&str> = plan
        .treatments
        .iter()
        .flat_map(|planned| planned.inputs.iter())
        .flat_map(|input| input.complementary.iter().flatten())
        .map(|link| link.treatment.as_str())
        .collect();
    let existing = ids_by_slug::<treatment::Entity>(txn, scope, &targets).await?;
    let mut known: HashSet<String> = existing.into_iter().map(|(_, slug)| slug).collect();
    let mut placed = Vec::with_capacity(plan.treatments.len());
    let mut deferred = Vec::new();
    for (index, planned) in plan.treatments.iter().enumerate() {
        let mut waiting = false;
        let inputs: Vec<_> = planned
            .inputs
            .iter()
            .map(|input| {
                let mut input = input.clone();
                if let Some(links) = &mut input.complementary {
                    let before = links.len();
                    links.retain(|link| known.contains(link.treatment.as_str()));
                    waiting |= links.len() != before;
                }
                input
            })
            .collect();
        placed.push(place::<Treatments>(txn, scope, planned, &inputs, changes).await?);
        known.insert(planned.slug.clone());
        if waiting {
            deferred.push(index);
        }
    }
    for index in deferred {
        let (planned, entry) = (&plan.treatments[index], &mut placed[index]);
        refine::<Treatments>(txn, scope, planned, entry, &planned.inputs, changes).await?;
    }
    Ok(placed)
}

/// Finds the entry by slug or creates it from the first of `inputs`, then applies the rest.
async fn place<K: Kind>(
    txn: &DatabaseTransaction,
    scope: &Scope,
    planned: &Planned<K::Input>,
    inputs: &[K::Input],
    changes: &mut Vec<Change>,
) -> Result<Placed> {
    let (first, rest) = inputs
        .split_first()
        .ok_or_else(|| Error::Internal(format!("{} has nothing to write", planned.path)))?;
    let mut placed = match kinds::find::<K>(txn, scope, &planned.slug).await? {
        Some(record) => placed_from::<K>(&record, false),
        None => {
            let created = operations::create_in::<K>(txn, scope, (), first.clone())
                .await
                .map_err(|error| at::<K>(error, &planned.path, first))?;
            changes.push(created.change);
            placed_from::<K>(&created.value, true)
        }
    };
    let inputs = if placed.created { rest } else { inputs };
    refine::<K>(txn, scope, planned, &mut placed, inputs, changes).await?;
    if !settled(&placed, planned) && !can_walk::<K>(placed.status, planned.status) {
        // Only an edit takes an entry back to draft; this one writes the file's content again.
        let (id, version) = (placed.id, placed.version);
        let updated = operations::update_in::<K>(txn, scope, (), id, version, first.clone())
            .await
            .map_err(|error| at::<K>(error, &planned.path, first))?;
        placed.version = K::facts(&updated.value).version;
        changes.push(updated.change);
        placed.status = Status::Draft;
        placed.changed = true;
    }
    Ok(placed)
}

fn placed_from<K: Kind>(record: &K::Record, created: bool) -> Placed {
    let facts = K::facts(record);
    Placed {
        id: facts.id,
        version: facts.version,
        status: K::status(record),
        review: K::review(record).cloned(),
        created,
        changed: created,
    }
}

/// Applies each input in a savepoint, kept only when the entry's content changed.
async fn refine<K: Kind>(
    txn: &DatabaseTransaction,
    scope: &Scope,
    planned: &Planned<K::Input>,
    placed: &mut Placed,
    inputs: &[K::Input],
    changes: &mut Vec<Change>,
) -> Result<()> {
    let mut current = K::load(txn, scope, (), placed.id).await?;
    for input in inputs {
        let savepoint = txn.begin().await?;
        let (id, version) = (placed.id, placed.version);
        let updated = operations::update_in::<K>(&savepoint, scope, (), id, version, input.clone())
            .await
            .map_err(|error| at::<K>(error, &planned.path, input))?;
        let next = updated.value;
        if K::same(&current, &next) {
            savepoint.rollback().await?;
            continue;
        }
        savepoint.commit().await?;
        changes.push(updated.change);
        placed.version = K::facts(&next).version;
        placed.status = Status::Draft;
        placed.changed = true;
        current = next;
    }
    Ok(())
}

/// Creates or updates one offering of `clinic` (slug, id); true when it changed.
async fn place_offering(
    txn: &DatabaseTransaction,
    scope: &Scope,
    (clinic, clinic_id): (&str, Uuid),
    existing: &[OfferingRecord],
    planned: &PlannedOffering,
    report: &mut ImportReport,
    changes: &mut Vec<Change>,
) -> Result<bool> {
    let fail = |error: Error, locale: &str| match error {
        Error::Validation(_) => {
            Error::Validation(rebase(error, |field| locate(&planned.path, locale, field, &[])))
        }
        other => prefixed(other, &planned.path),
    };
    let found = existing.iter().find(|offering| offering.treatment == planned.treatment);
    let (mut current, inputs, created) = match found {
        Some(record) => (record.clone(), &planned.inputs[..], false),
        None => {
            let (first, rest) = planned
                .inputs
                .split_first()
                .ok_or_else(|| Error::Internal(format!("{} has nothing to write", planned.path)))?;
            let created = operations::create_in::<Offerings>(txn, scope, clinic_id, first.clone())
                .await
                .map_err(|error| fail(error, first.locale.as_str()))?;
            changes.push(created.change);
            (created.value, rest, true)
        }
    };
    let mut changed = created;
    for input in inputs {
        let savepoint = txn.begin().await?;
        let (id, version) = (current.id, current.version);
        let updated = operations::update_in::<Offerings>(
            &savepoint,
            scope,
            clinic_id,
            id,
            version,
            input.clone(),
        )
        .await
        .map_err(|error| fail(error, input.locale.as_str()))?;
        let next = updated.value;
        if same_offering(&current, &next) {
            savepoint.rollback().await?;
            continue;
        }
        savepoint.commit().await?;
        changes.push(updated.change);
        changed = true;
        current = next;
    }
    let name = format!("{clinic}/{}", planned.treatment);
    let tally = &mut report.offerings;
    match (created, changed) {
        (true, _) => tally.created.push(name),
        (false, true) => tally.updated.push(name),
        (false, false) => tally.unchanged.push(name),
    }
    Ok(changed)
}

fn same_offering(a: &OfferingRecord, b: &OfferingRecord) -> bool {
    a.treatment_id == b.treatment_id
        && a.active == b.active
        && a.price_from == b.price_from
        && a.duration_minutes == b.duration_minutes
        && a.booking_url == b.booking_url
        && a.notes == b.notes
}

fn tally(tally: &mut Tally, slug: &str, placed: &Placed) {
    let list = match (placed.created, placed.changed) {
        (true, _) => &mut tally.created,
        (false, true) => &mut tally.updated,
        (false, false) => &mut tally.unchanged,
    };
    list.push(slug.to_owned());
}

/// A service error of the input in `input`'s locale, at its place in the file.
fn at<K: Kind>(error: Error, path: &str, input: &K::Input) -> Error {
    match error {
        Error::Validation(_) => {
            let locale = K::input_locale(input).as_str();
            Error::Validation(rebase(error, |field| locate(path, locale, field, K::TEXT)))
        }
        other => prefixed(other, path),
    }
}

/// Names the entry in errors that are not about one field.
pub(super) fn prefixed(error: Error, path: &str) -> Error {
    match error {
        Error::Conflict(message) => Error::Conflict(format!("{path}: {message}")),
        Error::InvalidTransition { step, status } => {
            Error::Conflict(format!("{path}: cannot {step} an entry whose status is {status}"))
        }
        other => other,
    }
}
