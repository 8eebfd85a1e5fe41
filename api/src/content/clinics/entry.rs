//! Clinics as the operations and the workflow see them.

use chrono::{DateTime, Utc};
use entity::clinic;
use sea_orm::{ConnectionTrait, DatabaseTransaction};
use uuid::Uuid;

use super::input::{ClinicBody, ClinicInput};
use super::{ClinicRecord, ClinicView, read, write};
use crate::content::Scope;
use crate::content::entry::{Entry, Facts, Publishable};
use crate::content::kind::EntryKind;
use crate::content::publishing::{self, render::Rendition};
use crate::content::status::Status;
use crate::error::Result;
use crate::validated::Locale;

/// The clinic kind.
pub struct Clinics;

impl Entry for Clinics {
    const KIND: EntryKind = EntryKind::Clinic;
    type Entity = clinic::Entity;
    type Body = ClinicBody;
    type Input = ClinicInput;
    type Record = ClinicRecord;
    type View = ClinicView;
    type Parent = ();

    fn parse(body: ClinicBody, scope: &Scope, creating: bool) -> Result<ClinicInput> {
        ClinicInput::parse(body, scope, creating)
    }
    fn input_locale(input: &ClinicInput) -> &Locale {
        &input.locale
    }
    fn input_note(input: &ClinicInput) -> Option<String> {
        input.note.clone()
    }
    fn facts(record: &ClinicRecord) -> Facts {
        Facts {
            id: record.id,
            slug: record.slug.clone(),
            version: record.version,
            status: Some(record.status),
        }
    }
    fn view(record: ClinicRecord, scope: &Scope, locale: &Locale) -> ClinicView {
        read::view(record, scope, locale)
    }
    fn view_id(view: &ClinicView) -> Uuid {
        view.id
    }
    fn view_version(view: &ClinicView) -> i32 {
        view.version
    }

    async fn check_parent<C: ConnectionTrait>(_: &C, _: &Scope, _: ()) -> Result<()> {
        Ok(())
    }
    async fn load<C: ConnectionTrait>(
        db: &C,
        scope: &Scope,
        _: (),
        id: Uuid,
    ) -> Result<ClinicRecord> {
        read::load(db, scope, id).await
    }
    fn blank(_: (), id: Uuid, now: DateTime<Utc>) -> ClinicRecord {
        ClinicRecord {
            id,
            status: Status::Draft,
            version: 1,
            created_at: now,
            updated_at: now,
            published_at: None,
            publish_at: None,
            slug: String::new(),
            country: String::new(),
            phone: None,
            booking_url: None,
            timezone: String::new(),
            translations: Default::default(),
        }
    }
    async fn apply(
        _: &DatabaseTransaction,
        _: &Scope,
        record: &mut ClinicRecord,
        input: ClinicInput,
    ) -> Result<()> {
        write::apply(record, input)
    }
    async fn insert(
        txn: &DatabaseTransaction,
        scope: &Scope,
        record: &ClinicRecord,
        now: DateTime<Utc>,
    ) -> Result<()> {
        write::insert(txn, scope, record, now).await
    }
    async fn store(
        txn: &DatabaseTransaction,
        scope: &Scope,
        old: &ClinicRecord,
        new: &ClinicRecord,
        now: DateTime<Utc>,
    ) -> Result<()> {
        write::store(txn, scope, old, new, now).await
    }
    async fn restored(
        _: &DatabaseTransaction,
        _: &Scope,
        _: i32,
        current: &ClinicRecord,
        restored: ClinicRecord,
    ) -> Result<ClinicRecord> {
        Ok(ClinicRecord {
            slug: restored.slug,
            country: restored.country,
            phone: restored.phone,
            booking_url: restored.booking_url,
            timezone: restored.timezone,
            translations: restored.translations,
            ..current.clone()
        })
    }
    async fn remove(txn: &DatabaseTransaction, _: &Scope, record: &ClinicRecord) -> Result<bool> {
        write::refuse_if_offering(txn, record).await?;
        let unpublished = publishing::unpublish(txn, Self::KIND, record.id).await?;
        write::delete(txn, record.id).await?;
        Ok(unpublished)
    }
}

impl Publishable for Clinics {
    // Clinics carry no medical content, so nothing reviews them.
    const REVIEWED: bool = false;

    async fn render<C: ConnectionTrait>(
        db: &C,
        scope: &Scope,
        record: &ClinicRecord,
        published_at: DateTime<Utc>,
    ) -> Result<Vec<Rendition>> {
        publishing::render::clinic(db, scope, record, published_at).await
    }
    fn condition_links(_: &ClinicRecord) -> Vec<String> {
        Vec::new()
    }
}
