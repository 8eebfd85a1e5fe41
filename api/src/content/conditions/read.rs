//! Reading conditions.

use std::collections::BTreeMap;

use entity::{condition, condition_translation};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use uuid::Uuid;

use super::{ConditionRecord, ConditionSummary, ConditionText, ConditionView};
use crate::content::change::not_found;
use crate::content::kind::EntryKind;
use crate::content::listing::{ListQuery, ListRow, Listing, Names};
use crate::content::pagination::Page;
use crate::content::status::Status;
use crate::content::validation::Errors;
use crate::content::values::Review;
use crate::content::{Scope, json_strings};
use crate::error::Result;
use crate::validated::Locale;

/// Condition `id` of the scope's workspace, text in every locale.
pub async fn load(db: &impl ConnectionTrait, scope: &Scope, id: Uuid) -> Result<ConditionRecord> {
    let row = condition::Entity::find_by_id(id)
        .filter(condition::Column::WorkspaceId.eq(scope.workspace_id))
        .one(db)
        .await?
        .ok_or_else(|| not_found(EntryKind::Condition, id))?;
    let translations: BTreeMap<String, ConditionText> = condition_translation::Entity::find()
        .filter(condition_translation::Column::ConditionId.eq(id))
        .all(db)
        .await?
        .into_iter()
        .map(|t| {
            let text = ConditionText {
                name: t.name,
                synonyms: json_strings(&t.synonyms),
                summary: t.summary,
                body: t.body,
            };
            (t.locale, text)
        })
        .collect();
    Ok(ConditionRecord {
        id: row.id,
        status: Status::stored(&row.status)?,
        version: row.version,
        created_at: row.created_at,
        updated_at: row.updated_at,
        published_at: row.published_at,
        publish_at: row.publish_at,
        review: Review::from_columns(
            (row.reviewer_name.clone(), row.reviewed_at),
            &row.review_accepted,
            &scope.governance,
        ),
        slug: row.slug,
        translations,
    })
}

/// `record` seen in `requested`.
pub fn view(record: ConditionRecord, scope: &Scope, requested: &Locale) -> ConditionView {
    let locales: Vec<String> = record.translations.keys().cloned().collect();
    let served = scope
        .served_locale(requested.as_str(), &locales)
        .unwrap_or_else(|| requested.as_str().to_owned());
    let mut translations = record.translations;
    let text = translations.remove(&served).unwrap_or_default();
    ConditionView {
        id: record.id,
        slug: record.slug,
        locale: served,
        locales,
        name: text.name,
        synonyms: text.synonyms,
        summary: text.summary,
        body: text.body,
        version: record.version,
        status: record.status.as_str().to_owned(),
        created_at: record.created_at,
        updated_at: record.updated_at,
        published_at: record.published_at,
        publish_at: record.publish_at,
        review: record.review,
    }
}

/// A page of the scope's conditions.
pub async fn list(
    db: &impl ConnectionTrait,
    scope: &Scope,
    query: &ListQuery,
) -> Result<Page<ConditionSummary>> {
    let mut errors = Errors::new();
    let listing = Listing::parse(&mut errors, scope, query);
    let Some(listing) = listing.filter(|_| errors.is_empty()) else {
        return Err(errors.into_error());
    };
    let names = Names::<condition_translation::Entity> {
        owner: condition_translation::Column::ConditionId,
        locale: condition_translation::Column::Locale,
        name: condition_translation::Column::Name,
    };
    let rows = listing
        .select(scope, &names, condition::Entity::find())
        .into_model::<ListRow>()
        .all(db)
        .await?;
    let ids: Vec<Uuid> = rows.iter().map(|row| row.id).collect();
    let texts: Vec<(Uuid, String, String, String)> = if ids.is_empty() {
        Vec::new()
    } else {
        condition_translation::Entity::find()
            .select_only()
            .columns([
                condition_translation::Column::ConditionId,
                condition_translation::Column::Locale,
                condition_translation::Column::Name,
                condition_translation::Column::Summary,
            ])
            .filter(condition_translation::Column::ConditionId.is_in(ids))
            .order_by_asc(condition_translation::Column::Locale)
            .into_tuple()
            .all(db)
            .await?
    };
    let sort = listing.page.sort;
    Ok(listing.page.finish(
        rows,
        |row| row.position(sort),
        |row| {
            let mine: Vec<&(Uuid, String, String, String)> =
                texts.iter().filter(|(id, ..)| *id == row.id).collect();
            let locales: Vec<String> = mine.iter().map(|(_, locale, ..)| locale.clone()).collect();
            let served = scope
                .served_locale(listing.locale.as_str(), &locales)
                .unwrap_or_else(|| listing.locale.as_str().to_owned());
            let (name, summary) = mine
                .iter()
                .find(|(_, locale, ..)| *locale == served)
                .map(|(_, _, name, summary)| (name.clone(), summary.clone()))
                .unwrap_or_default();
            ConditionSummary {
                id: row.id,
                slug: row.slug,
                locale: served,
                locales,
                name,
                summary,
                status: row.status,
                version: row.version,
                created_at: row.created_at,
                updated_at: row.updated_at,
                published_at: row.published_at,
            }
        },
    ))
}
