//! What the importer needs of each kind of entry with a workflow, in one shape: find it by
//! slug, create and update it through the content service inside the import's transaction,
//! and tell whether an update changed anything.

use entity::{clinic, condition, treatment};
use sea_orm::DatabaseTransaction;
use uuid::Uuid;

use super::plan::{CLINIC_TEXT, CONDITION_TEXT, TREATMENT_TEXT};
use crate::content::Scope;
use crate::content::clinics::{self, ClinicInput, ClinicRecord};
use crate::content::conditions::{self, ConditionInput, ConditionRecord};
use crate::content::kind::EntryKind;
use crate::content::lookup::{SlugColumn, ids_by_slug};
use crate::content::treatments::{self, TreatmentInput, TreatmentRecord};
use crate::content::values::Review;
use crate::error::Result;

pub(super) trait Kind {
    type Input: Clone;
    type Record;
    type Entity: SlugColumn;
    const KIND: EntryKind;
    /// The text fields, which the file keeps under `translations.<locale>`.
    const TEXT: &'static [&'static str];

    async fn load(txn: &DatabaseTransaction, scope: &Scope, id: Uuid) -> Result<Self::Record>;
    async fn create(
        txn: &DatabaseTransaction,
        scope: &Scope,
        input: Self::Input,
    ) -> Result<Self::Record>;
    async fn update(
        txn: &DatabaseTransaction,
        scope: &Scope,
        id: Uuid,
        expected: i32,
        input: Self::Input,
    ) -> Result<Self::Record>;
    fn locale(input: &Self::Input) -> &str;
    fn id(record: &Self::Record) -> Uuid;
    fn version(record: &Self::Record) -> i32;
    fn status(record: &Self::Record) -> &str;
    fn review(record: &Self::Record) -> Option<&Review>;
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
        Some((id, _)) => Ok(Some(K::load(txn, scope, *id).await?)),
        None => Ok(None),
    }
}

pub(super) struct Conditions;
pub(super) struct Treatments;
pub(super) struct Clinics;

impl Kind for Conditions {
    type Input = ConditionInput;
    type Record = ConditionRecord;
    type Entity = condition::Entity;
    const KIND: EntryKind = EntryKind::Condition;
    const TEXT: &'static [&'static str] = CONDITION_TEXT;

    async fn load(txn: &DatabaseTransaction, scope: &Scope, id: Uuid) -> Result<ConditionRecord> {
        conditions::load(txn, scope, id).await
    }
    async fn create(
        txn: &DatabaseTransaction,
        scope: &Scope,
        input: ConditionInput,
    ) -> Result<ConditionRecord> {
        conditions::create_in(txn, scope, input).await
    }
    async fn update(
        txn: &DatabaseTransaction,
        scope: &Scope,
        id: Uuid,
        expected: i32,
        input: ConditionInput,
    ) -> Result<ConditionRecord> {
        conditions::update_in(txn, scope, id, expected, input).await
    }
    fn locale(input: &ConditionInput) -> &str {
        input.locale.as_str()
    }
    fn id(record: &ConditionRecord) -> Uuid {
        record.id
    }
    fn version(record: &ConditionRecord) -> i32 {
        record.version
    }
    fn status(record: &ConditionRecord) -> &str {
        &record.status
    }
    fn review(record: &ConditionRecord) -> Option<&Review> {
        record.review.as_ref()
    }
    fn same(a: &ConditionRecord, b: &ConditionRecord) -> bool {
        a.slug == b.slug && a.translations == b.translations
    }
}

impl Kind for Treatments {
    type Input = TreatmentInput;
    type Record = TreatmentRecord;
    type Entity = treatment::Entity;
    const KIND: EntryKind = EntryKind::Treatment;
    const TEXT: &'static [&'static str] = TREATMENT_TEXT;

    async fn load(txn: &DatabaseTransaction, scope: &Scope, id: Uuid) -> Result<TreatmentRecord> {
        treatments::load(txn, scope, id).await
    }
    async fn create(
        txn: &DatabaseTransaction,
        scope: &Scope,
        input: TreatmentInput,
    ) -> Result<TreatmentRecord> {
        treatments::create_in(txn, scope, input).await
    }
    async fn update(
        txn: &DatabaseTransaction,
        scope: &Scope,
        id: Uuid,
        expected: i32,
        input: TreatmentInput,
    ) -> Result<TreatmentRecord> {
        treatments::update_in(txn, scope, id, expected, input).await
    }
    fn locale(input: &TreatmentInput) -> &str {
        input.locale.as_str()
    }
    fn id(record: &TreatmentRecord) -> Uuid {
        record.id
    }
    fn version(record: &TreatmentRecord) -> i32 {
        record.version
    }
    fn status(record: &TreatmentRecord) -> &str {
        &record.status
    }
    fn review(record: &TreatmentRecord) -> Option<&Review> {
        record.review.as_ref()
    }
    fn same(a: &TreatmentRecord, b: &TreatmentRecord) -> bool {
        a.content == b.content
    }
}

impl Kind for Clinics {
    type Input = ClinicInput;
    type Record = ClinicRecord;
    type Entity = clinic::Entity;
    const KIND: EntryKind = EntryKind::Clinic;
    const TEXT: &'static [&'static str] = CLINIC_TEXT;

    async fn load(txn: &DatabaseTransaction, scope: &Scope, id: Uuid) -> Result<ClinicRecord> {
        clinics::load(txn, scope, id).await
    }
    async fn create(
        txn: &DatabaseTransaction,
        scope: &Scope,
        input: ClinicInput,
    ) -> Result<ClinicRecord> {
        clinics::create_in(txn, scope, input).await
    }
    async fn update(
        txn: &DatabaseTransaction,
        scope: &Scope,
        id: Uuid,
        expected: i32,
        input: ClinicInput,
    ) -> Result<ClinicRecord> {
        clinics::update_in(txn, scope, id, expected, input).await
    }
    fn locale(input: &ClinicInput) -> &str {
        input.locale.as_str()
    }
    fn id(record: &ClinicRecord) -> Uuid {
        record.id
    }
    fn version(record: &ClinicRecord) -> i32 {
        record.version
    }
    fn status(record: &ClinicRecord) -> &str {
        &record.status
    }
    fn review(_: &ClinicRecord) -> Option<&Review> {
        // Clinics carry no medical content, so nothing reviews them.
        None
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
