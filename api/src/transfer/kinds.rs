//! What the importer needs of each kind of entry with a workflow beyond what the content
//! service offers every face: where its text lives in the file, and whether an update changed
//! anything. (How an entry was reviewed is [`Publishable::review`].)

use sea_orm::DatabaseTransaction;

use super::plan::{CLINIC_TEXT, CONDITION_TEXT, TREATMENT_TEXT};
use crate::content::clinics::ClinicRecord;
use crate::content::conditions::ConditionRecord;
use crate::content::lookup::{SlugColumn, ids_by_slug};
use crate::content::treatments::TreatmentRecord;
use crate::content::{Clinics, Conditions, Publishable, Scope, Status, Treatments};
use crate::error::Result;

pub(super) trait Kind: Publishable<Entity: SlugColumn, Input: Clone> {
    /// The text fields, which the file keeps under `translations.<locale>`.
    const TEXT: &'static [&'static str];

    fn status(record: &Self::Record) -> Status;
    /// Whether two states of an entry hold the same content (version, times and status aside).
    fn same(a: &Self::Record, b: &Self::Record) -> bool;
}

/// The entry of kind `K` with `slug` in the scope's workspace, if there is one.
pub(super) async fn find<K: Kind>(
    txn: &DatabaseTransaction,
    scope: &Scope,
    slug: &str,
) -> Result<Option<K::Record>> {
    let found = ids_by_slug::<K::Entity>(txn, scope, &[slug]).await?;
    match found.first() {
        Some((id, _)) => Ok(Some(K::load(txn, scope, (), *id).await?)),
        None => Ok(None),
    }
}

impl Kind for Conditions {
    const TEXT: &'static [&'static str] = CONDITION_TEXT;

    fn status(record: &ConditionRecord) -> Status {
        record.status
    }
    fn same(a: &ConditionRecord, b: &ConditionRecord) -> bool {
        a.slug == b.slug && a.translations == b.translations
    }
}

impl Kind for Treatments {
    const TEXT: &'static [&'static str] = TREATMENT_TEXT;

    fn status(record: &TreatmentRecord) -> Status {
        record.status
    }
    fn same(a: &TreatmentRecord, b: &TreatmentRecord) -> bool {
        a.content == b.content
    }
}

impl Kind for Clinics {
    const TEXT: &'static [&'static str] = CLINIC_TEXT;

    fn status(record: &ClinicRecord) -> Status {
        record.status
    }
    fn same(a: &ClinicRecord, b: &ClinicRecord) -> bool {
        a.slug == b.slug
            && a.country == b.country
            && a.phone == b.phone
            && a.booking_url == b.booking_url
            && a.timezone == b.timezone
            && a.translations == b.translations
    }
}
