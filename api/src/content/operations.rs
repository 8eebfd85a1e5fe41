//! Create, update, delete and restore, written once for every kind of entry. Each runs inside
//! a transaction the caller holds ([`super::Content`] begins and commits one per change; the
//! importer loads a whole file in one) and writes the entry, its revision and its audit row.
//! Each returns the [`Change`] that followers hear about once the transaction commits.

use sea_orm::DatabaseTransaction;
use uuid::Uuid;

use super::Scope;
use super::audit::Action;
use super::change::claim;
use super::entry::Entry;
use super::events::{Change, Changed};
use super::revisions;
use super::values::now;
use crate::error::{Error, Result};

/// Creates a draft at version 1 from `input`.
pub async fn create_in<K: Entry>(
    txn: &DatabaseTransaction,
    scope: &Scope,
    parent: K::Parent,
    input: K::Input,
) -> Result<Changed<K::Record>> {
    K::check_parent(txn, scope, parent).await?;
    let (id, now) = (Uuid::now_v7(), now());
    let note = K::input_note(&input);
    let mut record = K::blank(parent, id, now);
    K::apply(txn, scope, &mut record, input).await?;
    K::insert(txn, scope, &record, now).await?;
    let record = K::load(txn, scope, parent, id).await?;
    written::<K>(txn, scope, record, note, Action::Create).await
}

/// Applies `input` to entry `id` if it is still at version `expected`.
pub async fn update_in<K: Entry>(
    txn: &DatabaseTransaction,
    scope: &Scope,
    parent: K::Parent,
    id: Uuid,
    expected: i32,
    input: K::Input,
) -> Result<Changed<K::Record>> {
    K::check_under(txn, scope, parent, id).await?;
    let now = now();
    claim::<K::Entity>(txn, scope, id, expected, now).await?;
    let old = K::load(txn, scope, parent, id).await?;
    let note = K::input_note(&input);
    let mut new = old.clone();
    K::apply(txn, scope, &mut new, input).await?;
    K::store(txn, scope, &old, &new, now).await?;
    let record = K::load(txn, scope, parent, id).await?;
    written::<K>(txn, scope, record, note, Action::Update).await
}

/// Deletes entry `id` at version `expected`, unless other entries link to it.
pub async fn delete_in<K: Entry>(
    txn: &DatabaseTransaction,
    scope: &Scope,
    parent: K::Parent,
    id: Uuid,
    expected: i32,
    note: Option<String>,
) -> Result<Changed<()>> {
    K::check_under(txn, scope, parent, id).await?;
    let version = claim::<K::Entity>(txn, scope, id, expected, now()).await?;
    let record = K::load(txn, scope, parent, id).await?;
    revisions::record(txn, scope, K::KIND, id, version, &record, note, Action::Delete).await?;
    let delivery_changed = K::remove(txn, scope, &record).await?;
    let change = Change::new::<K>(scope, K::facts(&record), Action::Delete, delivery_changed);
    Ok(Changed { value: (), change })
}

/// Makes a new version of entry `id` whose content is that of revision `revision`.
pub async fn restore_in<K: Entry>(
    txn: &DatabaseTransaction,
    scope: &Scope,
    parent: K::Parent,
    (id, expected): (Uuid, i32),
    revision: i32,
    note: Option<String>,
) -> Result<Changed<K::Record>> {
    K::check_under(txn, scope, parent, id).await?;
    let now = now();
    claim::<K::Entity>(txn, scope, id, expected, now).await?;
    let old = K::load(txn, scope, parent, id).await?;
    let snapshot = revisions::get(txn, scope, K::KIND, id, revision).await?.snapshot;
    let restored: K::Record = serde_json::from_value(snapshot).map_err(|error| {
        let noun = K::KIND.noun();
        Error::Internal(format!("revision {revision} of {noun} {id} cannot be read: {error}"))
    })?;
    let new = K::restored(txn, scope, revision, &old, restored).await?;
    K::store(txn, scope, &old, &new, now).await?;
    let record = K::load(txn, scope, parent, id).await?;
    let note = note.or_else(|| Some(format!("Restored version {revision}")));
    written::<K>(txn, scope, record, note, Action::Restore { from_version: revision }).await
}

/// Entry `id` under `parent` in `locale` (`None`: the workspace default), falling back as
/// [`Scope::served_locale`] does.
pub async fn get<K: Entry>(
    db: &impl sea_orm::ConnectionTrait,
    scope: &Scope,
    parent: K::Parent,
    id: Uuid,
    locale: Option<&str>,
) -> Result<K::View> {
    let locale = scope.locale(locale, "locale").map_err(|error| Error::Validation(vec![error]))?;
    K::check_parent(db, scope, parent).await?;
    Ok(K::view(K::load(db, scope, parent, id).await?, scope, &locale))
}

/// Records the revision of `record` (the entry as the change left it) and its change.
async fn written<K: Entry>(
    txn: &DatabaseTransaction,
    scope: &Scope,
    record: K::Record,
    note: Option<String>,
    action: Action,
) -> Result<Changed<K::Record>> {
    let facts = K::facts(&record);
    revisions::record(txn, scope, K::KIND, facts.id, facts.version, &record, note, action).await?;
    // Content changes never touch what delivery serves: only publishing does.
    let change = Change::new::<K>(scope, facts, action, false);
    Ok(Changed { value: record, change })
}
