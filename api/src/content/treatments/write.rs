//! Changing treatments: create, update, delete and restore, each in one transaction with its
//! revision and audit rows (see [`crate::content::change`] for how concurrent changes resolve).

use entity::{clinic, complementary_treatment, condition, offering, treatment};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction, EntityTrait,
    QueryFilter, QuerySelect,
};
use uuid::Uuid;

use super::input::TreatmentInput;
use super::read::{load, view};
use super::{ComplementaryLink, ConditionLink, TreatmentContent, TreatmentRecord, TreatmentView};
use crate::content::Scope;
use crate::content::audit::Action;
use crate::content::change::{self, claim, finish};
use crate::content::kind::EntryKind;
use crate::content::lookup::{ensure_slug_free, ids_by_slug, lookup, quoted, slugs_by_id};
use crate::content::revisions;
use crate::content::validation::Errors;
use crate::content::values::now;
use crate::error::{Error, Result};
use crate::validated::Locale;

const KIND: EntryKind = EntryKind::Treatment;

/// Creates a draft treatment at version 1 from `input` (which has a slug and a name).
pub async fn create(
    db: &DatabaseConnection,
    scope: &Scope,
    input: TreatmentInput,
) -> Result<TreatmentView> {
    let locale = input.locale.clone();
    let txn = change::begin(db).await?;
    let result = create_in(&txn, scope, input).await;
    Ok(view(finish(txn, result).await?, scope, &locale))
}

/// [`create`] inside a transaction the caller holds (the importer loads a file in one).
pub async fn create_in(
    txn: &DatabaseTransaction,
    scope: &Scope,
    input: TreatmentInput,
) -> Result<TreatmentRecord> {
    let id = Uuid::now_v7();
    let now = now();
    let empty = TreatmentContent::default();
    let mut content = TreatmentContent::default();
    let note = input.note.clone();
    apply(txn, scope, id, &mut content, input).await?;
    ensure_slug_free::<treatment::Entity>(txn, scope, &content.slug, id).await?;
    super::store::insert(txn, scope, id, &content, now).await?;
    super::store::write_children(txn, id, &empty, &content, now).await?;
    let record = load(txn, scope, id).await?;
    revisions::record(txn, scope, KIND, id, record.version, &record, note, Action::Create).await?;
    Ok(record)
}

/// Applies `input` to treatment `id` if it is still at version `expected`.
pub async fn update(
    db: &DatabaseConnection,
    scope: &Scope,
    id: Uuid,
    expected: i32,
    input: TreatmentInput,
) -> Result<TreatmentView> {
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
            Err(change::settle::<treatment::Entity>(db, scope, id, expected, error).await)
        }
    }
}

/// [`update`] inside a transaction the caller holds (the importer loads a file in one).
pub async fn update_in(
    txn: &DatabaseTransaction,
    scope: &Scope,
    id: Uuid,
    expected: i32,
    input: TreatmentInput,
) -> Result<TreatmentRecord> {
    let now = now();
    let version = claim::<treatment::Entity>(txn, scope, id, expected, now).await?;
    let old = load(txn, scope, id).await?;
    let mut content = old.content.clone();
    let note = input.note.clone();
    apply(txn, scope, id, &mut content, input).await?;
    if content.slug != old.content.slug {
        ensure_slug_free::<treatment::Entity>(txn, scope, &content.slug, id).await?;
    }
    super::store::update_shared(txn, id, &content).await?;
    super::store::write_children(txn, id, &old.content, &content, now).await?;
    let record = load(txn, scope, id).await?;
    revisions::record(txn, scope, KIND, id, version, &record, note, Action::Update).await?;
    Ok(record)
}

/// Deletes treatment `id` at version `expected`, unless other entries link to it.
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
            Err(change::settle::<treatment::Entity>(db, scope, id, expected, error).await)
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
    let version = claim::<treatment::Entity>(txn, scope, id, expected, now()).await?;
    let record = load(txn, scope, id).await?;
    refuse_if_linked(txn, &record.content.slug, id).await?;
    revisions::record(txn, scope, KIND, id, version, &record, note, Action::Delete).await?;
    crate::content::publishing::unpublish(txn, scope, KIND, id).await?;
    super::store::delete(txn, id).await
}

/// Makes a new version of treatment `id` whose content is that of revision `revision`.
pub async fn restore(
    db: &DatabaseConnection,
    scope: &Scope,
    id: Uuid,
    expected: i32,
    revision: i32,
    note: Option<String>,
) -> Result<TreatmentView> {
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
            Err(change::settle::<treatment::Entity>(db, scope, id, expected, error).await)
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
) -> Result<TreatmentRecord> {
    let now = now();
    let version = claim::<treatment::Entity>(txn, scope, id, expected, now).await?;
    let old = load(txn, scope, id).await?;
    let snapshot = revisions::get(txn, scope, KIND, id, revision).await?.snapshot;
    let restored: TreatmentRecord = serde_json::from_value(snapshot).map_err(|error| {
        Error::Internal(format!("revision {revision} of treatment {id} cannot be read: {error}"))
    })?;
    let mut content = restored.content;
    relink(txn, scope, revision, &mut content).await?;
    if content.slug != old.content.slug {
        ensure_slug_free::<treatment::Entity>(txn, scope, &content.slug, id).await?;
    }
    super::store::update_shared(txn, id, &content).await?;
    super::store::write_children(txn, id, &old.content, &content, now).await?;
    let record = load(txn, scope, id).await?;
    let note = note.or_else(|| Some(format!("Restored version {revision}")));
    let action = Action::Restore { from_version: revision };
    revisions::record(txn, scope, KIND, id, version, &record, note, action).await?;
    Ok(record)
}

/// Applies `input` to `content`, resolving linked slugs in the scope's workspace. Unknown
/// slugs, a self-link, or new text without a name are `422`s, reported together.
async fn apply(
    db: &impl ConnectionTrait,
    scope: &Scope,
    id: Uuid,
    content: &mut TreatmentContent,
    input: TreatmentInput,
) -> Result<()> {
    let mut errors = Errors::new();
    let locale = input.locale.as_str().to_owned();
    if let Some(slug) = &input.slug {
        content.slug = slug.as_str().to_owned();
    }
    let has_text = input.has_text();
    if has_text && input.name.is_none() && !content.translations.contains_key(&locale) {
        errors.add("name", format!("is required to add text in locale {locale}"));
    }
    if let Some(links) = input.conditions {
        let slugs: Vec<&str> = links.iter().map(|link| link.condition.as_str()).collect();
        let found = ids_by_slug::<condition::Entity>(db, scope, &slugs).await?;
        let mut resolved = Vec::with_capacity(links.len());
        for (i, link) in links.into_iter().enumerate() {
            let Some(condition_id) = lookup(&found, link.condition.as_str()) else {
                errors.add(format!("conditions[{i}].condition"), "no condition has this slug here");
                continue;
            };
            let mut notes = content
                .conditions
                .iter()
                .find(|old| old.condition_id == condition_id)
                .map(|old| old.notes.clone())
                .unwrap_or_default();
            set_note(&mut notes, &locale, link.notes);
            resolved.push(ConditionLink {
                condition_id,
                condition: link.condition.into_string(),
                sessions: link.sessions,
                notes,
            });
        }
        content.conditions = resolved;
    }
    if let Some(links) = input.complementary {
        let slugs: Vec<&str> = links.iter().map(|link| link.treatment.as_str()).collect();
        let found = ids_by_slug::<treatment::Entity>(db, scope, &slugs).await?;
        let mut resolved = Vec::with_capacity(links.len());
        for (i, link) in links.into_iter().enumerate() {
            let field = format!("complementary[{i}].treatment");
            let other = lookup(&found, link.treatment.as_str());
            if other == Some(id) || link.treatment.as_str() == content.slug {
                errors.add(field, "a treatment cannot complement itself");
                continue;
            }
            let Some(treatment_id) = other else {
                errors.add(field, "no treatment has this slug here");
                continue;
            };
            let mut notes = content
                .complementary
                .iter()
                .find(|old| old.treatment_id == treatment_id)
                .map(|old| old.notes.clone())
                .unwrap_or_default();
            set_note(&mut notes, &locale, link.note);
            resolved.push(ComplementaryLink {
                treatment_id,
                treatment: link.treatment.into_string(),
                min_spacing_weeks: link.min_spacing_weeks,
                notes,
            });
        }
        content.complementary = resolved;
    }
    if !errors.is_empty() {
        return Err(errors.into_error());
    }
    macro_rules! set {
        ($($field:ident),*) => { $( if let Some(value) = input.$field { content.$field = value; } )* };
    }
    set!(procedure_minutes, sessions, session_interval_weeks, downtime_days, references);
    if has_text {
        let text = content.translations.entry(locale).or_default();
        macro_rules! set_text {
            ($($field:ident),*) => { $( if let Some(value) = input.$field { text.$field = value; } )* };
        }
        set_text!(
            name,
            also_known_as,
            summary,
            body,
            downtime_notes,
            results_timeline,
            contraindications,
            aftercare,
            faqs,
            seo
        );
    }
    Ok(())
}

fn set_note(
    notes: &mut std::collections::BTreeMap<String, String>,
    locale: &str,
    note: Option<String>,
) {
    match note {
        Some(note) => notes.insert(locale.to_owned(), note),
        None => notes.remove(locale),
    };
}

/// Refreshes the links of restored content: slugs as they are now; `409` when a linked entry
/// has been deleted since the revision.
async fn relink(
    db: &impl ConnectionTrait,
    scope: &Scope,
    revision: i32,
    content: &mut TreatmentContent,
) -> Result<()> {
    let condition_ids = content.conditions.iter().map(|link| link.condition_id);
    let conditions = slugs_by_id::<condition::Entity>(db, scope, condition_ids).await?;
    let treatment_ids = content.complementary.iter().map(|link| link.treatment_id);
    let treatments = slugs_by_id::<treatment::Entity>(db, scope, treatment_ids).await?;
    let mut missing = Vec::new();
    for link in &mut content.conditions {
        match conditions.iter().find(|(id, _)| *id == link.condition_id) {
            Some((_, slug)) => link.condition.clone_from(slug),
            None => missing.push(format!("condition '{}'", link.condition)),
        }
    }
    for link in &mut content.complementary {
        match treatments.iter().find(|(id, _)| *id == link.treatment_id) {
            Some((_, slug)) => link.treatment.clone_from(slug),
            None => missing.push(format!("treatment '{}'", link.treatment)),
        }
    }
    if missing.is_empty() {
        return Ok(());
    }
    Err(Error::Conflict(format!(
        "revision {revision} links to {}, which no longer exist(s); recreate it or change the \
         treatment instead",
        missing.join(", ")
    )))
}

/// `409` naming the treatments that list `id` as complementary and the clinics offering it.
async fn refuse_if_linked(db: &impl ConnectionTrait, slug: &str, id: Uuid) -> Result<()> {
    let linking: Vec<String> = treatment::Entity::find()
        .select_only()
        .column(treatment::Column::Slug)
        .inner_join(complementary_treatment::Entity)
        .filter(complementary_treatment::Column::ComplementaryId.eq(id))
        .into_tuple()
        .all(db)
        .await?;
    let offering: Vec<String> = clinic::Entity::find()
        .select_only()
        .column(clinic::Column::Slug)
        .inner_join(offering::Entity)
        .filter(offering::Column::TreatmentId.eq(id))
        .into_tuple()
        .all(db)
        .await?;
    let mut reasons = Vec::new();
    if !linking.is_empty() {
        reasons.push(format!("treatments {} list it as complementary", quoted(&linking)));
    }
    if !offering.is_empty() {
        reasons.push(format!("clinics {} offer it", quoted(&offering)));
    }
    if reasons.is_empty() {
        return Ok(());
    }
    Err(Error::Conflict(format!(
        "treatment '{slug}' cannot be deleted: {}; remove those links first",
        reasons.join(" and ")
    )))
}
