//! Changing clinics, each change in one transaction with its revision and audit rows.

use chrono::{DateTime, Utc};
use entity::{clinic, clinic_translation, offering, treatment};
use sea_orm::ActiveValue::Set;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction, EntityTrait,
    QueryFilter, QuerySelect,
};
use uuid::Uuid;

use super::input::ClinicInput;
use super::read::{load, view};
use super::{ClinicRecord, ClinicView};
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

const KIND: EntryKind = EntryKind::Clinic;

/// Creates a draft clinic at version 1.
pub async fn create(
    db: &DatabaseConnection,
    scope: &Scope,
    input: ClinicInput,
) -> Result<ClinicView> {
    let locale = input.locale.clone();
    let txn = change::begin(db).await?;
    let result = create_in(&txn, scope, input).await;
    Ok(view(finish(txn, result).await?, scope, &locale))
}

/// [`create`] inside a transaction the caller holds (the importer loads a file in one).
pub async fn create_in(
    txn: &DatabaseTransaction,
    scope: &Scope,
    input: ClinicInput,
) -> Result<ClinicRecord> {
    let id = Uuid::now_v7();
    let now = now();
    let note = input.note.clone();
    let blank = empty(id, now);
    let mut new = blank.clone();
    apply(&mut new, input)?;
    ensure_slug_free::<clinic::Entity>(txn, scope, &new.slug, id).await?;
    let row = clinic::ActiveModel {
        id: Set(id),
        workspace_id: Set(scope.workspace_id),
        slug: Set(new.slug.clone()),
        status: Set("draft".to_owned()),
        version: Set(1),
        country: Set(new.country.clone()),
        phone: Set(new.phone.clone()),
        booking_url: Set(new.booking_url.clone()),
        timezone: Set(new.timezone.clone()),
        publish_at: Set(None),
        published_at: Set(None),
        published_version: Set(None),
        created_by: Set(Some(scope.actor)),
        updated_by: Set(Some(scope.actor)),
        created_at: Set(now),
        updated_at: Set(now),
    };
    clinic::Entity::insert(row).exec_without_returning(txn).await?;
    write_texts(txn, &blank, &new, now).await?;
    let record = load(txn, scope, id).await?;
    revisions::record(txn, scope, KIND, id, 1, &record, note, Action::Create).await?;
    Ok(record)
}

fn empty(id: Uuid, now: DateTime<Utc>) -> ClinicRecord {
    ClinicRecord {
        id,
        status: "draft".to_owned(),
        version: 1,
        created_at: now,
        updated_at: now,
        published_at: None,
        slug: String::new(),
        country: String::new(),
        phone: None,
        booking_url: None,
        timezone: String::new(),
        translations: Default::default(),
    }
}

/// Applies `input` to clinic `id` if it is still at version `expected`.
pub async fn update(
    db: &DatabaseConnection,
    scope: &Scope,
    id: Uuid,
    expected: i32,
    input: ClinicInput,
) -> Result<ClinicView> {
    let locale = input.locale.clone();
    let outcome = async {
        let txn = change::begin(db).await?;
        let result = update_in(&txn, scope, id, expected, input).await;
        finish(txn, result).await
    }
    .await;
    match outcome {
        Ok(record) => Ok(view(record, scope, &locale)),
        Err(error) => Err(change::settle::<clinic::Entity>(db, scope, id, expected, error).await),
    }
}

/// [`update`] inside a transaction the caller holds (the importer loads a file in one).
pub async fn update_in(
    txn: &DatabaseTransaction,
    scope: &Scope,
    id: Uuid,
    expected: i32,
    input: ClinicInput,
) -> Result<ClinicRecord> {
    let now = now();
    let version = claim::<clinic::Entity>(txn, scope, id, expected, now).await?;
    let old = load(txn, scope, id).await?;
    let note = input.note.clone();
    let mut new = old.clone();
    apply(&mut new, input)?;
    store(txn, scope, &old, &new, now).await?;
    let record = load(txn, scope, id).await?;
    revisions::record(txn, scope, KIND, id, version, &record, note, Action::Update).await?;
    Ok(record)
}

fn apply(record: &mut ClinicRecord, input: ClinicInput) -> Result<()> {
    let locale = input.locale.as_str().to_owned();
    let has_text = input.has_text();
    if let Some(slug) = input.slug {
        record.slug = slug.into_string();
    }
    if let Some(country) = input.country {
        record.country = country.as_str().to_owned();
    }
    if let Some(phone) = input.phone {
        record.phone = phone;
    }
    if let Some(booking_url) = input.booking_url {
        record.booking_url = booking_url;
    }
    if let Some(timezone) = input.timezone {
        record.timezone = timezone;
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
    if let Some(address) = input.address {
        text.address = address;
    }
    if let Some(city) = input.city {
        text.city = city;
    }
    if let Some(region) = input.region {
        text.region = region;
    }
    Ok(())
}

/// Writes what differs between `old` and `new`.
async fn store(
    txn: &DatabaseTransaction,
    scope: &Scope,
    old: &ClinicRecord,
    new: &ClinicRecord,
    now: DateTime<Utc>,
) -> Result<()> {
    if new.slug != old.slug {
        ensure_slug_free::<clinic::Entity>(txn, scope, &new.slug, new.id).await?;
    }
    let row = clinic::ActiveModel {
        slug: Set(new.slug.clone()),
        country: Set(new.country.clone()),
        phone: Set(new.phone.clone()),
        booking_url: Set(new.booking_url.clone()),
        timezone: Set(new.timezone.clone()),
        ..Default::default()
    };
    clinic::Entity::update_many().set(row).filter(clinic::Column::Id.eq(new.id)).exec(txn).await?;
    write_texts(txn, old, new, now).await
}

async fn write_texts(
    db: &impl ConnectionTrait,
    old: &ClinicRecord,
    new: &ClinicRecord,
    now: DateTime<Utc>,
) -> Result<()> {
    let id = new.id;
    let changed = new.translations.iter().filter(|(l, t)| old.translations.get(*l) != Some(*t));
    let removed = old.translations.keys().filter(|l| !new.translations.contains_key(*l));
    for locale in removed.chain(changed.clone().map(|(l, _)| l)) {
        clinic_translation::Entity::delete_many()
            .filter(clinic_translation::Column::ClinicId.eq(id))
            .filter(clinic_translation::Column::Locale.eq(locale.as_str()))
            .exec(db)
            .await?;
    }
    let rows = changed.map(|(locale, text)| clinic_translation::ActiveModel {
        clinic_id: Set(id),
        locale: Set(locale.clone()),
        name: Set(text.name.clone()),
        address: Set(text.address.clone()),
        city: Set(text.city.clone()),
        region: Set(text.region.clone()),
        updated_at: Set(now),
    });
    clinic_translation::Entity::insert_many(rows).exec_without_returning(db).await?;
    Ok(())
}

/// Deletes clinic `id` at version `expected`, unless it still has offerings.
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
        Err(error) => Err(change::settle::<clinic::Entity>(db, scope, id, expected, error).await),
    }
}

async fn delete_in(
    txn: &DatabaseTransaction,
    scope: &Scope,
    id: Uuid,
    expected: i32,
    note: Option<String>,
) -> Result<()> {
    let version = claim::<clinic::Entity>(txn, scope, id, expected, now()).await?;
    let record = load(txn, scope, id).await?;
    let offered: Vec<String> = treatment::Entity::find()
        .select_only()
        .column(treatment::Column::Slug)
        .inner_join(offering::Entity)
        .filter(offering::Column::ClinicId.eq(id))
        .into_tuple()
        .all(txn)
        .await?;
    if !offered.is_empty() {
        return Err(Error::Conflict(format!(
            "clinic '{}' cannot be deleted: it still offers treatments {}; delete those \
             offerings first",
            record.slug,
            quoted(&offered)
        )));
    }
    revisions::record(txn, scope, KIND, id, version, &record, note, Action::Delete).await?;
    crate::content::publishing::unpublish(txn, scope, KIND, id).await?;
    clinic::Entity::delete_many().filter(clinic::Column::Id.eq(id)).exec(txn).await?;
    Ok(())
}

/// Makes a new version of clinic `id` whose content is that of revision `revision`.
pub async fn restore(
    db: &DatabaseConnection,
    scope: &Scope,
    id: Uuid,
    expected: i32,
    revision: i32,
    note: Option<String>,
) -> Result<ClinicView> {
    let outcome = async {
        let txn = change::begin(db).await?;
        let result = restore_in(&txn, scope, id, expected, revision, note).await;
        finish(txn, result).await
    }
    .await;
    let locale = Locale::parse(&scope.default_locale).map_err(Error::Internal)?;
    match outcome {
        Ok(record) => Ok(view(record, scope, &locale)),
        Err(error) => Err(change::settle::<clinic::Entity>(db, scope, id, expected, error).await),
    }
}

async fn restore_in(
    txn: &DatabaseTransaction,
    scope: &Scope,
    id: Uuid,
    expected: i32,
    revision: i32,
    note: Option<String>,
) -> Result<ClinicRecord> {
    let now = now();
    let version = claim::<clinic::Entity>(txn, scope, id, expected, now).await?;
    let old = load(txn, scope, id).await?;
    let snapshot = revisions::get(txn, scope, KIND, id, revision).await?.snapshot;
    let restored: ClinicRecord = serde_json::from_value(snapshot).map_err(|error| {
        Error::Internal(format!("revision {revision} of clinic {id} cannot be read: {error}"))
    })?;
    let new = ClinicRecord {
        slug: restored.slug,
        country: restored.country,
        phone: restored.phone,
        booking_url: restored.booking_url,
        timezone: restored.timezone,
        translations: restored.translations,
        ..old.clone()
    };
    store(txn, scope, &old, &new, now).await?;
    let record = load(txn, scope, id).await?;
    let note = note.or_else(|| Some(format!("Restored version {revision}")));
    let action = Action::Restore { from_version: revision };
    revisions::record(txn, scope, KIND, id, version, &record, note, action).await?;
    Ok(record)
}
