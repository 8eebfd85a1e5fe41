//! Assets as the operations see them: versioned entries of the workspace with no workflow of
//! their own (they reach delivery through the treatments that show them).

use chrono::{DateTime, Utc};
use entity::media_asset;
use sea_orm::{ConnectionTrait, DatabaseTransaction};
use uuid::Uuid;

use super::input::{MediaBody, MediaInput};
use super::{FileFacts, MediaKind, MediaRecord, MediaView, read, write};
use crate::content::Scope;
use crate::content::entry::{Entry, Facts};
use crate::content::kind::EntryKind;
use crate::error::Result;
use crate::validated::Locale;

/// The media asset kind.
pub struct MediaAssets;

impl Entry for MediaAssets {
    const KIND: EntryKind = EntryKind::Media;
    type Entity = media_asset::Entity;
    type Body = MediaBody;
    type Input = MediaInput;
    type Record = MediaRecord;
    type View = MediaView;
    type Parent = ();

    fn parse(body: MediaBody, scope: &Scope, creating: bool) -> Result<MediaInput> {
        MediaInput::parse(body, scope, creating)
    }
    fn input_locale(input: &MediaInput) -> &Locale {
        &input.locale
    }
    fn input_note(input: &MediaInput) -> Option<String> {
        input.note.clone()
    }
    fn facts(record: &MediaRecord) -> Facts {
        Facts {
            id: record.id,
            slug: record.file.filename.clone(),
            version: record.version,
            status: None,
        }
    }
    fn view(record: MediaRecord, scope: &Scope, locale: &Locale) -> MediaView {
        read::view(record, scope, locale)
    }
    fn view_id(view: &MediaView) -> Uuid {
        view.id
    }
    fn view_version(view: &MediaView) -> i32 {
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
    ) -> Result<MediaRecord> {
        read::load(db, scope, id).await
    }
    fn blank(_: (), id: Uuid, now: DateTime<Utc>) -> MediaRecord {
        MediaRecord {
            id,
            version: 1,
            created_at: now,
            updated_at: now,
            kind: MediaKind::Photo,
            file: FileFacts::default(),
            credit: None,
            focal_point: None,
            consent: None,
            texts: Default::default(),
        }
    }
    async fn apply(
        _: &DatabaseTransaction,
        _: &Scope,
        record: &mut MediaRecord,
        input: MediaInput,
    ) -> Result<()> {
        write::apply(record, input)
    }
    async fn insert(
        txn: &DatabaseTransaction,
        scope: &Scope,
        record: &MediaRecord,
        now: DateTime<Utc>,
    ) -> Result<()> {
        write::insert(txn, scope, record, now).await
    }
    async fn store(
        txn: &DatabaseTransaction,
        _: &Scope,
        old: &MediaRecord,
        new: &MediaRecord,
        now: DateTime<Utc>,
    ) -> Result<()> {
        write::store(txn, old, new, now).await
    }
    async fn restored(
        _: &DatabaseTransaction,
        _: &Scope,
        _: i32,
        current: &MediaRecord,
        restored: MediaRecord,
    ) -> Result<MediaRecord> {
        // The file is what it is: a restore brings back the metadata around it.
        Ok(MediaRecord { file: current.file.clone(), ..restored })
    }
    async fn remove(txn: &DatabaseTransaction, _: &Scope, record: &MediaRecord) -> Result<bool> {
        write::refuse_if_used(txn, record).await?;
        write::delete(txn, record.id).await?;
        // Delivery serves an asset only through the published treatments that show it, and
        // an asset a draft or a published snapshot shows is never deleted.
        Ok(false)
    }
}
