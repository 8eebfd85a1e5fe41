//! Offerings as the operations see them: entries under a clinic, with no workflow of their
//! own (they are published with their clinic, so [`Offerings`] is not `Publishable`).

use chrono::{DateTime, Utc};
use entity::offering;
use sea_orm::{ConnectionTrait, DatabaseTransaction};
use uuid::Uuid;

use super::input::{OfferingBody, OfferingInput};
use super::{OfferingRecord, OfferingView, read, write};
use crate::content::Scope;
use crate::content::entry::{Entry, Facts};
use crate::content::kind::EntryKind;
use crate::error::Result;
use crate::validated::Locale;

/// The offering kind.
pub struct Offerings;

impl Entry for Offerings {
    const KIND: EntryKind = EntryKind::Offering;
    type Entity = offering::Entity;
    type Body = OfferingBody;
    type Input = OfferingInput;
    type Record = OfferingRecord;
    type View = OfferingView;
    /// The clinic's id.
    type Parent = Uuid;

    fn parse(body: OfferingBody, scope: &Scope, creating: bool) -> Result<OfferingInput> {
        OfferingInput::parse(body, scope, creating)
    }
    fn input_locale(input: &OfferingInput) -> &Locale {
        &input.locale
    }
    fn input_note(input: &OfferingInput) -> Option<String> {
        input.note.clone()
    }
    fn facts(record: &OfferingRecord) -> Facts {
        Facts {
            id: record.id,
            slug: record.treatment.clone(),
            version: record.version,
            status: None,
        }
    }
    fn view(record: OfferingRecord, scope: &Scope, locale: &Locale) -> OfferingView {
        read::view(record, scope, locale)
    }
    fn view_id(view: &OfferingView) -> Uuid {
        view.id
    }
    fn view_version(view: &OfferingView) -> i32 {
        view.version
    }

    async fn check_parent<C: ConnectionTrait>(db: &C, scope: &Scope, clinic: Uuid) -> Result<()> {
        read::ensure_clinic(db, scope, clinic).await
    }
    async fn check_under<C: ConnectionTrait>(
        db: &C,
        scope: &Scope,
        clinic: Uuid,
        id: Uuid,
    ) -> Result<()> {
        read::ensure_clinic(db, scope, clinic).await?;
        read::ensure_offering(db, scope, clinic, id).await
    }
    async fn load<C: ConnectionTrait>(
        db: &C,
        scope: &Scope,
        clinic: Uuid,
        id: Uuid,
    ) -> Result<OfferingRecord> {
        read::load(db, scope, clinic, id).await
    }
    fn blank(clinic_id: Uuid, id: Uuid, now: DateTime<Utc>) -> OfferingRecord {
        OfferingRecord {
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
        }
    }
    async fn apply(
        txn: &DatabaseTransaction,
        scope: &Scope,
        record: &mut OfferingRecord,
        input: OfferingInput,
    ) -> Result<()> {
        write::apply(txn, scope, record, input).await
    }
    async fn insert(
        txn: &DatabaseTransaction,
        scope: &Scope,
        record: &OfferingRecord,
        now: DateTime<Utc>,
    ) -> Result<()> {
        write::insert(txn, scope, record, now).await
    }
    async fn store(
        txn: &DatabaseTransaction,
        _: &Scope,
        old: &OfferingRecord,
        new: &OfferingRecord,
        _: DateTime<Utc>,
    ) -> Result<()> {
        write::store(txn, old, new).await
    }
    async fn restored(
        txn: &DatabaseTransaction,
        scope: &Scope,
        revision: i32,
        current: &OfferingRecord,
        restored: OfferingRecord,
    ) -> Result<OfferingRecord> {
        write::restored(txn, scope, revision, current, restored).await
    }
    async fn remove(txn: &DatabaseTransaction, _: &Scope, record: &OfferingRecord) -> Result<bool> {
        // What delivery serves of an offering is part of its clinic's document, which keeps
        // it until the clinic is published again.
        write::delete(txn, record.id).await?;
        Ok(false)
    }
}
