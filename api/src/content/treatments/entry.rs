//! Treatments as the operations and the workflow see them.

use chrono::{DateTime, Utc};
use entity::treatment;
use sea_orm::{ConnectionTrait, DatabaseTransaction};
use uuid::Uuid;

use super::input::{TreatmentBody, TreatmentInput};
use super::{TreatmentContent, TreatmentRecord, TreatmentView, read, store, write};
use crate::content::entry::{Entry, Facts, Publishable};
use crate::content::kind::EntryKind;
use crate::content::lookup::ensure_slug_free;
use crate::content::publishing::{self, render::Rendition};
use crate::content::status::Status;
use crate::content::{Scope, governance};
use crate::error::Result;
use crate::validated::Locale;

/// The treatment kind.
pub struct Treatments;

impl Entry for Treatments {
    const KIND: EntryKind = EntryKind::Treatment;
    type Entity = treatment::Entity;
    type Body = TreatmentBody;
    type Input = TreatmentInput;
    type Record = TreatmentRecord;
    type View = TreatmentView;
    type Parent = ();

    fn parse(body: TreatmentBody, scope: &Scope, creating: bool) -> Result<TreatmentInput> {
        TreatmentInput::parse(body, scope, creating)
    }
    fn input_locale(input: &TreatmentInput) -> &Locale {
        &input.locale
    }
    fn input_note(input: &TreatmentInput) -> Option<String> {
        input.note.clone()
    }
    fn facts(record: &TreatmentRecord) -> Facts {
        Facts {
            id: record.id,
            slug: record.content.slug.clone(),
            version: record.version,
            status: Some(record.status),
        }
    }
    fn view(record: TreatmentRecord, scope: &Scope, locale: &Locale) -> TreatmentView {
        read::view(record, scope, locale)
    }
    fn view_id(view: &TreatmentView) -> Uuid {
        view.id
    }
    fn view_version(view: &TreatmentView) -> i32 {
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
    ) -> Result<TreatmentRecord> {
        read::load(db, scope, id).await
    }
    fn blank(_: (), id: Uuid, now: DateTime<Utc>) -> TreatmentRecord {
        TreatmentRecord {
            id,
            status: Status::Draft,
            version: 1,
            created_at: now,
            updated_at: now,
            published_at: None,
            publish_at: None,
            review: None,
            content: TreatmentContent::default(),
        }
    }
    async fn apply(
        txn: &DatabaseTransaction,
        scope: &Scope,
        record: &mut TreatmentRecord,
        input: TreatmentInput,
    ) -> Result<()> {
        write::apply(txn, scope, record.id, &mut record.content, input).await
    }
    async fn insert(
        txn: &DatabaseTransaction,
        scope: &Scope,
        record: &TreatmentRecord,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let (id, content) = (record.id, &record.content);
        ensure_slug_free::<treatment::Entity>(txn, scope, &content.slug, id).await?;
        store::insert(txn, scope, id, content, now).await?;
        store::write_children(txn, id, &TreatmentContent::default(), content, now).await
    }
    async fn store(
        txn: &DatabaseTransaction,
        scope: &Scope,
        old: &TreatmentRecord,
        new: &TreatmentRecord,
        now: DateTime<Utc>,
    ) -> Result<()> {
        if new.content.slug != old.content.slug {
            ensure_slug_free::<treatment::Entity>(txn, scope, &new.content.slug, new.id).await?;
        }
        store::update_shared(txn, new.id, &new.content).await?;
        store::write_children(txn, new.id, &old.content, &new.content, now).await
    }
    async fn restored(
        txn: &DatabaseTransaction,
        scope: &Scope,
        revision: i32,
        current: &TreatmentRecord,
        restored: TreatmentRecord,
    ) -> Result<TreatmentRecord> {
        let mut content = restored.content;
        write::relink(txn, scope, revision, &mut content).await?;
        Ok(TreatmentRecord { content, ..current.clone() })
    }
    async fn remove(
        txn: &DatabaseTransaction,
        _: &Scope,
        record: &TreatmentRecord,
    ) -> Result<bool> {
        write::refuse_if_linked(txn, &record.content.slug, record.id).await?;
        let unpublished = publishing::unpublish(txn, Self::KIND, record.id).await?;
        store::delete(txn, record.id).await?;
        Ok(unpublished)
    }
}

impl Publishable for Treatments {
    const REVIEWED: bool = true;

    async fn render<C: ConnectionTrait>(
        db: &C,
        scope: &Scope,
        record: &TreatmentRecord,
        published_at: DateTime<Utc>,
    ) -> Result<Vec<Rendition>> {
        publishing::render::treatment(db, scope, record, published_at).await
    }
    fn review(record: &TreatmentRecord) -> Option<&crate::content::values::Review> {
        record.review.as_ref()
    }
    fn condition_links(record: &TreatmentRecord) -> Vec<String> {
        record.content.conditions.iter().map(|link| link.condition.clone()).collect()
    }
    fn media_links(record: &TreatmentRecord) -> Vec<Uuid> {
        record.content.media.iter().map(|image| image.asset).collect()
    }
    async fn stored_checklist<C: ConnectionTrait>(
        db: &C,
        scope: &Scope,
        record: &TreatmentRecord,
        now: DateTime<Utc>,
    ) -> Result<Vec<governance::ChecklistItem>> {
        governance::checklist::of_treatment_media(db, scope, record, now).await
    }
    fn claim_texts(record: &TreatmentRecord) -> Vec<governance::Text> {
        governance::texts::of_treatment(&record.content)
    }
    fn publish_checklist(
        record: &TreatmentRecord,
        policy: &governance::Governance,
        now: DateTime<Utc>,
    ) -> Vec<governance::ChecklistItem> {
        governance::checklist::of_treatment(record, policy, now)
    }
}
