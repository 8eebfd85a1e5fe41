//! Changing conditions, each change in one transaction with its revision and audit rows.

use entity::{condition, condition_translation, treatment, treatment_condition};
use sea_orm::ActiveValue::Set;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction, EntityTrait,
    QueryFilter, QuerySelect,
};
use serde_json::json;
use uuid::Uuid;

use super::input::ConditionInput;
use super::read::{load, view};
use super::{ConditionRecord, ConditionView};
use crate::content::Scope;
use crate::content::audit::Action;
use crate::content::change::{self, claim, finish};
use crate::content::kind::EntryKind;
use crate::content::lookup::{ensure_slug_free, quoted};
use crate::content::revisions;
use crate::content::validation::Errors;
use crate::content::values::now;
use crate::error::{Error, Result};
use crate::validated::Locale;

const KIND: EntryKind = EntryKind::Condition;

/// Creates a draft condition at version 1.
pub async fn create(
    db: &DatabaseConnection,
    scope: &Scope,
    input: ConditionInput,
) -> Result<ConditionView> {
    let locale = input.locale.clone();
    let txn = change::begin(db).await?;
    let result = create_in(&txn, scope, input).await;
    Ok(view(finish(txn, result).await?, scope, &locale))
}

/// [`create`] inside a transaction the caller holds (the importer loads a file in one).
pub async fn create_in(
    txn: &DatabaseTransaction,
    scope: &Scope,
    input: ConditionInput,
) -> Result<ConditionRecord> {
    let id = Uuid::now_v7();
    let now = now();
    let note = input.note.clone();
    let mut new = empty(id, now);
    apply(&mut new, input)?;
    ensure_slug_free::<condition::Entity>(txn, scope, &new.slug, id).await?;
    let row = condition::ActiveModel {
        id: Set(id),
        workspace_id: Set(scope.workspace_id),
        slug: Set(new.slug.clone()),
        status: Set("draft".to_owned()),
        version: Set(1),
        publish_at: Set(None),
        published_at: Set(None),
        published_version: Set(None),
        reviewer_name: Set(None),
        reviewed_at: Set(None),
        created_by: Set(Some(scope.actor)),
        updated_by: Set(Some(scope.actor)),
        created_at: Set(now),
        updated_at: Set(now),
    };
    condition::Entity::insert(row).exec_without_returning(txn).await?;
    write_texts(txn, &empty(id, now), &new, now).await?;
    let record = load(txn, scope, id).await?;
    revisions::record(txn, scope, KIND, id, 1, &record, note, Action::Create).await?;
    Ok(record)
}

fn empty(id: Uuid, now: chrono::DateTime<chrono::Utc>) -> ConditionRecord {
    ConditionRecord {
        id,
        status: "draft".to_owned(),
        version: 1,
        created_at: now,
        updated_at: now,
        published_at: None,
        review: None,
        slug: String::new(),
        translations: Default::default(),
    }
}

/// Applies `input` to condition `id` if it is still at version `expected`.
pub async fn update(
    db: &DatabaseConnection,
    scope: &Scope,
    id: Uuid,
    expected: i32,
    input: ConditionInput,
) -> Result<ConditionView> {
    let locale = input.locale.clone();
    let outcome = async {
        let txn = change::begin(db).await?;
        let result = update_in(&txn, scope, id, expected, input).await;
        finish(txn, result).await
    }
    .await;
    match outcome {
        Ok(record) => Ok(view(record, scope, &locale)),
        Err(error) => {
            Err(change::settle::<condition::Entity>(db, scope, id, expected, error).await)
        }
    }
}

/// [`update`] inside a transaction the caller holds (the importer loads a file in one).
pub async fn update_in(
    txn: &DatabaseTransaction,
    scope: &Scope,
    id: Uuid,
    expected: i32,
    input: ConditionInput,
) -> Result<ConditionRecord> {
    let now = now();
    let version = claim::<condition::Entity>(txn, scope, id, expected, now).await?;
    let old = load(txn, scope, id).await?;
    let note = input.note.clone();
    let mut new = old.clone();
    apply(&mut new, input)?;
    store(txn, scope, &old, &new, now).await?;
    let record = load(txn, scope, id).await?;
    revisions::record(txn, scope, KIND, id, version, &record, note, Action::Update).await?;
    Ok(record)
}

/// Writes what differs between `old` and `new` (slug, text per locale).
async fn store(
    txn: &DatabaseTransaction,
    scope: &Scope,
    old: &ConditionRecord,
    new: &ConditionRecord,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<()> {
    if new.slug != old.slug {
        ensure_slug_free::<condition::Entity>(txn, scope, &new.slug, new.id).await?;
        condition::Entity::update_many()
            .col_expr(condition::Column::Slug, sea_orm::sea_query::Expr::val(new.slug.clone()))
            .filter(condition::Column::Id.eq(new.id))
            .exec(txn)
            .await?;
    }
    write_texts(txn, old, new, now).await
}

fn apply(record: &mut ConditionRecord, input: ConditionInput) -> Result<()> {
    let locale = input.locale.as_str().to_owned();
    let has_text = input.has_text();
    if let Some(slug) = input.slug {
        record.slug = slug.into_string();
    }
    if !has_text {
        return Ok(());
    }
    if input.name.is_none() && !record.translations.contains_key(&locale) {
        let mut errors = Errors::new();
        errors.add("name", format!("is required to add text in locale {locale}"));
        return Err(errors.into_error());
    }
    let text = record.translations.entry(locale).or_default();
    if let Some(name) = input.name {
        text.name = name;
    }
    if let Some(synonyms) = input.synonyms {
        text.synonyms = synonyms;
    }
    if let Some(summary) = input.summary {
        text.summary = summary;
    }
    if let Some(body) = input.body {
        text.body = body;
    }
    Ok(())
}

async fn write_texts(
    db: &impl ConnectionTrait,
    old: &ConditionRecord,
    new: &ConditionRecord,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<()> {
    let id = new.id;
    let changed = new.translations.iter().filter(|(l, t)| old.translations.get(*l) != Some(*t));
    let removed = old.translations.keys().filter(|l| !new.translations.contains_key(*l));
    for locale in removed.chain(changed.clone().map(|(l, _)| l)) {
        condition_translation::Entity::delete_many()
            .filter(condition_translation::Column::ConditionId.eq(id))
            .filter(condition_translation::Column::Locale.eq(locale.as_str()))
            .exec(db)
            .await?;
    }
    let rows = changed.map(|(locale, text)| condition_translation::ActiveModel {
        condition_id: Set(id),
        locale: Set(locale.clone()),
        name: Set(text.name.clone()),
        synonyms: Set(json!(text.synonyms)),
        summary: Set(text.summary.clone()),
        body: Set(text.body.clone()),
        updated_at: Set(now),
    });
    condition_translation::Entity::insert_many(rows).exec_without_returning(db).await?;
    Ok(())
}

/// Deletes condition `id` at version `expected`, unless treatments link to it.
pub async fn delete(
    db: &DatabaseConnection,
    scope: &Scope,
    id: Uuid,
    expected: i32,
    note: Option<String>,
) -> Result<()> {
    let outcome = async {
        let txn = change::begin(db).await?;
        let result = delete_in(&txn, scope, id, expected, note).await;
        finish(txn, result).await
    }
    .await;
    match outcome {
        Ok(()) => Ok(()),
        Err(error) => {
            Err(change::settle::<condition::Entity>(db, scope, id, expected, error).await)
        }
    }
}

async fn delete_in(
    txn: &DatabaseTransaction,
    scope: &Scope,
    id: Uuid,
    expected: i32,
    note: Option<String>,
) -> Result<()> {
    let version = claim::<condition::Entity>(txn, scope, id, expected, now()).await?;
    let record = load(txn, scope, id).await?;
    let linking: Vec<String> = treatment::Entity::find()
        .select_only()
        .column(treatment::Column::Slug)
        .inner_join(treatment_condition::Entity)
        .filter(treatment_condition::Column::ConditionId.eq(id))
        .into_tuple()
        .all(txn)
        .await?;
    if !linking.is_empty() {
        return Err(Error::Conflict(format!(
            "condition '{}' cannot be deleted: treatments {} link to it; remove those links first",
            record.slug,
            quoted(&linking)
        )));
    }
    revisions::record(txn, scope, KIND, id, version, &record, note, Action::Delete).await?;
    crate::content::publishing::unpublish(txn, scope, KIND, id).await?;
    condition::Entity::delete_many().filter(condition::Column::Id.eq(id)).exec(txn).await?;
    Ok(())
}

/// Makes a new version of condition `id` whose content is that of revision `revision`.
pub async fn restore(
    db: &DatabaseConnection,
    scope: &Scope,
    id: Uuid,
    expected: i32,
    revision: i32,
    note: Option<String>,
) -> Result<ConditionView> {
    let outcome = async {
        let txn = change::begin(db).await?;
        let result = restore_in(&txn, scope, id, expected, revision, note).await;
        finish(txn, result).await
    }
    .await;
    let locale = Locale::parse(&scope.default_locale).map_err(Error::Internal)?;
    match outcome {
        Ok(record) => Ok(view(record, scope, &locale)),
        Err(error) => {
            Err(change::settle::<condition::Entity>(db, scope, id, expected, error).await)
        }
    }
}

async fn restore_in(
    txn: &DatabaseTransaction,
    scope: &Scope,
    id: Uuid,
    expected: i32,
    revision: i32,
    note: Option<String>,
) -> Result<ConditionRecord> {
    let now = now();
    let version = claim::<condition::Entity>(txn, scope, id, expected, now).await?;
    let old = load(txn, scope, id).await?;
    let snapshot = revisions::get(txn, scope, KIND, id, revision).await?.snapshot;
    let restored: ConditionRecord = serde_json::from_value(snapshot).map_err(|error| {
        Error::Internal(format!("revision {revision} of condition {id} cannot be read: {error}"))
    })?;
    let new =
        ConditionRecord { slug: restored.slug, translations: restored.translations, ..old.clone() };
    store(txn, scope, &old, &new, now).await?;
    let record = load(txn, scope, id).await?;
    let note = note.or_else(|| Some(format!("Restored version {revision}")));
    let action = Action::Restore { from_version: revision };
    revisions::record(txn, scope, KIND, id, version, &record, note, action).await?;
    Ok(record)
}
