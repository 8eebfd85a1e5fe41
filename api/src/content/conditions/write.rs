//! Writing conditions: the row and its text per locale, the checks a delete must pass. The
//! operations that call these are in [`crate::content::operations`].

use chrono::{DateTime, Utc};
use entity::{condition, condition_translation, treatment, treatment_condition};
use sea_orm::ActiveValue::Set;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, QueryFilter, QuerySelect,
};
use serde_json::json;

use super::ConditionRecord;
use super::input::ConditionInput;
use crate::content::Scope;
use crate::content::lookup::{ensure_slug_free, quoted};
use crate::content::status::Status;
use crate::content::validation::Errors;
use crate::error::{Error, Result};

/// Inserts the rows of a new draft condition at version 1.
pub(super) async fn insert(
    txn: &DatabaseTransaction,
    scope: &Scope,
    new: &ConditionRecord,
    now: DateTime<Utc>,
) -> Result<()> {
    ensure_slug_free::<condition::Entity>(txn, scope, &new.slug, new.id).await?;
    let row = condition::ActiveModel {
        id: Set(new.id),
        workspace_id: Set(scope.workspace_id),
        slug: Set(new.slug.clone()),
        status: Set(Status::Draft.as_str().to_owned()),
        version: Set(1),
        publish_at: Set(None),
        published_at: Set(None),
        published_version: Set(None),
        reviewer_name: Set(None),
        reviewed_at: Set(None),
        review_accepted: Set(serde_json::json!([])),
        created_by: Set(Some(scope.actor)),
        updated_by: Set(Some(scope.actor)),
        created_at: Set(now),
        updated_at: Set(now),
    };
    condition::Entity::insert(row).exec_without_returning(txn).await?;
    let blank = ConditionRecord { translations: Default::default(), ..new.clone() };
    write_texts(txn, &blank, new, now).await
}

/// Writes what differs between `old` and `new` (slug, text per locale).
pub(super) async fn store(
    txn: &DatabaseTransaction,
    scope: &Scope,
    old: &ConditionRecord,
    new: &ConditionRecord,
    now: DateTime<Utc>,
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

pub(super) fn apply(record: &mut ConditionRecord, input: ConditionInput) -> Result<()> {
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
    now: DateTime<Utc>,
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

/// `409` naming the treatments that link to condition `record`.
pub(super) async fn refuse_if_linked(
    db: &impl ConnectionTrait,
    record: &ConditionRecord,
) -> Result<()> {
    let linking: Vec<String> = treatment::Entity::find()
        .select_only()
        .column(treatment::Column::Slug)
        .inner_join(treatment_condition::Entity)
        .filter(treatment_condition::Column::ConditionId.eq(record.id))
        .into_tuple()
        .all(db)
        .await?;
    if linking.is_empty() {
        return Ok(());
    }
    Err(Error::Conflict(format!(
        "condition '{}' cannot be deleted: treatments {} link to it; remove those links first",
        record.slug,
        quoted(&linking)
    )))
}

/// Deletes condition `id`'s row (its text and links go with it).
pub(super) async fn delete(db: &impl ConnectionTrait, id: uuid::Uuid) -> Result<()> {
    condition::Entity::delete_many().filter(condition::Column::Id.eq(id)).exec(db).await?;
    Ok(())
}
