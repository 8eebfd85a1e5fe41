//! What the operations need of each kind of entry (treatment, condition, clinic, offering):
//! how to validate its input, read it, apply a change to it and store it. The operations
//! themselves — create, update, delete, restore and the workflow steps — are written once,
//! over these hooks, in [`super::operations`] and [`super::workflow`].
//!
//! Every hook runs inside the change's transaction; none commits, none emits events.

use std::future::Future;

use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DatabaseTransaction};
use serde::Serialize;
use serde::de::DeserializeOwned;
use uuid::Uuid;

use super::Scope;
use super::change::Versioned;
use super::governance::{ChecklistItem, Governance, Text};
use super::kind::EntryKind;
use super::publishing::render::Rendition;
use super::status::Status;
use super::values::Review;
use super::workflow::Workflowed;
use crate::error::Result;
use crate::validated::Locale;

/// What a change event says of the entry it changed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Facts {
    pub id: Uuid,
    /// The entry's slug; for an offering, the slug of the treatment offered.
    pub slug: String,
    pub version: i32,
    /// `None` for kinds without a workflow (offerings).
    pub status: Option<Status>,
}

/// A kind of versioned entry.
pub trait Entry: Sized + Send + Sync + 'static {
    const KIND: EntryKind;
    /// The table whose rows carry the version the operations claim.
    type Entity: Versioned;
    /// The request body editors send (REST's body, GraphQL's `input`).
    type Body: DeserializeOwned + Send;
    /// A validated change: `None` fields stay as they are.
    type Input: Send;
    /// The entry as stored, every locale: what a revision snapshots and a restore writes back.
    type Record: Clone + Serialize + DeserializeOwned + Send + Sync;
    /// The entry in one locale, as the admin APIs answer it.
    type View: Serialize + Send;
    /// What an entry lives under besides its workspace: nothing (`()`), or its clinic's id
    /// for offerings.
    type Parent: Copy + Send + Sync + 'static;

    /// Validates `body`; `creating` requires what a new entry must have.
    fn parse(body: Self::Body, scope: &Scope, creating: bool) -> Result<Self::Input>;
    /// The locale an input's text is written in.
    fn input_locale(input: &Self::Input) -> &Locale;
    /// The note an input carries for its revision.
    fn input_note(input: &Self::Input) -> Option<String>;

    fn facts(record: &Self::Record) -> Facts;
    fn view(record: Self::Record, scope: &Scope, locale: &Locale) -> Self::View;
    fn view_id(view: &Self::View) -> Uuid;
    fn view_version(view: &Self::View) -> i32;

    /// `404` unless the scope's workspace has `parent`.
    fn check_parent<C: ConnectionTrait>(
        db: &C,
        scope: &Scope,
        parent: Self::Parent,
    ) -> impl Future<Output = Result<()>> + Send;

    /// `404` unless entry `id` lives under `parent`, checked before a change claims the entry
    /// so that a change addressed through the wrong parent learns nothing of its version. Kinds
    /// that live in the workspace alone have only the parent to check.
    fn check_under<C: ConnectionTrait>(
        db: &C,
        scope: &Scope,
        parent: Self::Parent,
        _id: Uuid,
    ) -> impl Future<Output = Result<()>> + Send {
        Self::check_parent(db, scope, parent)
    }

    /// Entry `id` under `parent` in the scope's workspace, or `404`.
    fn load<C: ConnectionTrait>(
        db: &C,
        scope: &Scope,
        parent: Self::Parent,
        id: Uuid,
    ) -> impl Future<Output = Result<Self::Record>> + Send;

    /// A new, empty draft at version 1, before its input is applied.
    fn blank(parent: Self::Parent, id: Uuid, now: DateTime<Utc>) -> Self::Record;

    /// Applies `input` to `record`, resolving linked slugs; every problem at once as `422`.
    fn apply(
        txn: &DatabaseTransaction,
        scope: &Scope,
        record: &mut Self::Record,
        input: Self::Input,
    ) -> impl Future<Output = Result<()>> + Send;

    /// Inserts `record` as a new entry (`409` when its slug is taken).
    fn insert(
        txn: &DatabaseTransaction,
        scope: &Scope,
        record: &Self::Record,
        now: DateTime<Utc>,
    ) -> impl Future<Output = Result<()>> + Send;

    /// Writes what differs between `old` and `new` (`409` when a new slug is taken).
    fn store(
        txn: &DatabaseTransaction,
        scope: &Scope,
        old: &Self::Record,
        new: &Self::Record,
        now: DateTime<Utc>,
    ) -> impl Future<Output = Result<()>> + Send;

    /// `current` with the content of `restored` (revision `revision`), links resolved as they
    /// are now; `409` when something it links to is gone.
    fn restored(
        txn: &DatabaseTransaction,
        scope: &Scope,
        revision: i32,
        current: &Self::Record,
        restored: Self::Record,
    ) -> impl Future<Output = Result<Self::Record>> + Send;

    /// Deletes `record` and what delivery serves of it; `409` naming the entries that still
    /// link to it. True when something was taken out of delivery.
    fn remove(
        txn: &DatabaseTransaction,
        scope: &Scope,
        record: &Self::Record,
    ) -> impl Future<Output = Result<bool>> + Send;
}

/// A kind that moves through the workflow and is published on its own. Offerings are not:
/// they are published with their clinic, so no workflow step compiles for them.
pub trait Publishable: Entry<Parent = (), Entity: Workflowed> {
    /// Whether approval is a medical review. Clinics carry no medical content: they publish
    /// from any live status, and republish to refresh their offerings.
    const REVIEWED: bool;

    /// The documents publishing `record` now, at `published_at`, would store (one per locale).
    fn render<C: ConnectionTrait>(
        db: &C,
        scope: &Scope,
        record: &Self::Record,
        published_at: DateTime<Utc>,
    ) -> impl Future<Output = Result<Vec<Rendition>>> + Send;

    /// The condition slugs delivery filters a published entry by.
    fn condition_links(record: &Self::Record) -> Vec<String>;

    /// The media assets a published entry shows, which delivery serves while it is published.
    fn media_links(_record: &Self::Record) -> Vec<Uuid> {
        Vec::new()
    }

    /// What the checklist asks that needs the database (the images' consent and alt text),
    /// met or not; nothing for kinds without it.
    fn stored_checklist<C: ConnectionTrait>(
        _db: &C,
        _scope: &Scope,
        _record: &Self::Record,
        _now: DateTime<Utc>,
    ) -> impl Future<Output = Result<Vec<ChecklistItem>>> + Send {
        async { Ok(Vec::new()) }
    }

    /// The medical review `record` carries; none for kinds that are not reviewed.
    fn review(_record: &Self::Record) -> Option<&Review> {
        None
    }

    /// Every text of `record` the claims check reads; none for kinds it does not check.
    fn claim_texts(_record: &Self::Record) -> Vec<Text> {
        Vec::new()
    }

    /// What `record` needs before it is published, met or not; nothing for kinds without a
    /// checklist.
    fn publish_checklist(
        _record: &Self::Record,
        _governance: &Governance,
        _now: DateTime<Utc>,
    ) -> Vec<ChecklistItem> {
        Vec::new()
    }
}
