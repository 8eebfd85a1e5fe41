//! Conditions as the operations and the workflow see them.

use chrono::{DateTime, Utc};
use entity::condition;
use sea_orm::{ConnectionTrait, DatabaseTransaction};
use uuid::Uuid;

use super::input::{ConditionBody, ConditionInput};
use super::{ConditionRecord, ConditionView, read, write};
use crate::content::Scope;
use crate::content::entry::{Entry, Facts, Publishable};
use crate::content::kind::EntryKind;
use crate::content::publishing::{self, render::Rendition};
use crate::content::status::Status;
use crate::error::Result;
use crate::validated::Locale;

/// The condition kind.
pub struct Conditions;

impl Entry for Conditions {
    const KIND: EntryKind = EntryKind::Condition;
    type Entity = condition::Entity;
    type Body = ConditionBody;
    type Input = ConditionInput;
    type Record = ConditionRecord;
    type View = ConditionView;
    type Parent = ();

    fn parse(body: ConditionBody, scope: &Scope, creating: bool) -> Result<ConditionInput> {
        ConditionInput::parse(body, scope, creating)
    }
    fn input_locale(input: &ConditionInput) -> &Locale {
        &input.locale
    }
    fn input_note(input: &ConditionInput) -> Option<String> {
        input.note.clone()
    }
    fn facts(record: &ConditionRecord) -> Facts {
        Facts {
            id: record.id,
            slug: record.slug.clone(),
            version: record.version,
            status: Some(record.status),
        }
    }
    fn view(record: ConditionRecord, scope: &Scope, locale: &Locale) -> ConditionView {
        read::view(record, scope, locale)
    }
    fn view_id(view: &ConditionView) -> Uuid {
        view.id
    }
    fn view_version(view: &ConditionView) -> i32 {
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
    ) -> Result<ConditionRecord> {
        read::load(db, scope, id).await
    }
    fn blank(_: (), id: Uuid, now: DateTime<Utc>) -> ConditionRecord {
        ConditionRecord {
            id,
            status: Status::Draft,
            version: 1,
            created_at: now,
            updated_at: now,
            published_at: None,
            publish_at: None,
            review: None,
            slug: String::new(),
            translations: Default::default(),
        }
    }
    async fn apply(
        _: &DatabaseTransaction,
        _: &Scope,
        record: &mut ConditionRecord,
        input: ConditionInput,
    ) -> Result<()> {
        write::apply(record, input)
    }
    async fn insert(
        txn: &DatabaseTransaction,
        scope: &Scope,
        record: &ConditionRecord,
        now: DateTime<Utc>,
    ) -> Result<()> {
        write::insert(txn, scope, record, now).await
    }
    async fn store(
        txn: &DatabaseTransaction,
        scope: &Scope,
        old: &ConditionRecord,
        new: &ConditionRecord,
        now: DateTime<Utc>,
    ) -> Result<()> {
        write::store(txn, scope, old, new, now).await
    }
    async fn restored(
        _: &DatabaseTransaction,
        _: &Scope,
        _: i32,
        current: &ConditionRecord,
        restored: ConditionRecord,
    ) -> Result<ConditionRecord> {
        let (slug, translations) = (restored.slug, restored.translations);
        Ok(ConditionRecord { slug, translations, ..current.clone() })
    }
    async fn remove(
        txn: &DatabaseTransaction,
        _: &Scope,
        record: &ConditionRecord,
    ) -> Result<bool> {
        write::refuse_if_linked(txn, record).await?;
        let unpublished = publishing::unpublish(txn, Self::KIND, record.id).await?;
        write::delete(txn, record.id).await?;
        Ok(unpublished)
    }
}

impl Publishable for Conditions {
    const REVIEWED: bool = true;

    async fn render<C: ConnectionTrait>(
        _: &C,
        _: &Scope,
        record: &ConditionRecord,
        published_at: DateTime<Utc>,
    ) -> Result<Vec<Rendition>> {
        publishing::render::condition(record, published_at)
    }
    fn review(record: &ConditionRecord) -> Option<&crate::content::values::Review> {
        record.review.as_ref()
    }
    fn condition_links(_: &ConditionRecord) -> Vec<String> {
        Vec::new()
    }
    fn claim_texts(record: &ConditionRecord) -> Vec<crate::content::governance::Text> {
        crate::content::governance::texts::of_condition(record)
    }
}
