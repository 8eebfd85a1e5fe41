//! Writing clinics: the row and its text per locale, the checks a delete must pass. The
//! operations that call these are in [`crate::content::operations`].

use chrono::{DateTime, Utc};
use entity::{clinic, clinic_translation, offering, treatment};
use sea_orm::ActiveValue::Set;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, QueryFilter, QuerySelect,
};
use uuid::Uuid;

use super::ClinicRecord;
use super::input::ClinicInput;
use crate::content::Scope;
use crate::content::lookup::{ensure_slug_free, quoted};
use crate::content::status::Status;
use crate::content::validation::Errors;
use crate::error::{Error, Result};

/// Inserts the rows of a new draft clinic at version 1.
pub(super) async fn insert(
    txn: &DatabaseTransaction,
    scope: &Scope,
    new: &ClinicRecord,
    now: DateTime<Utc>,
) -> Result<()> {
    ensure_slug_free::<clinic::Entity>(txn, scope, &new.slug, new.id).await?;
    let row = clinic::ActiveModel {
        id: Set(new.id),
        workspace_id: Set(scope.workspace_id),
        slug: Set(new.slug.clone()),
        status: Set(Status::Draft.as_str().to_owned()),
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
    let blank = ClinicRecord { translations: Default::default(), ..new.clone() };
    write_texts(txn, &blank, new, now).await
}

pub(super) fn apply(record: &mut ClinicRecord, input: ClinicInput) -> Result<()> {
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
pub(super) async fn store(
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

/// `409` naming the treatments clinic `record` still offers.
pub(super) async fn refuse_if_offering(
    db: &impl ConnectionTrait,
    record: &ClinicRecord,
) -> Result<()> {
    let offered: Vec<String> = treatment::Entity::find()
        .select_only()
        .column(treatment::Column::Slug)
        .inner_join(offering::Entity)
        .filter(offering::Column::ClinicId.eq(record.id))
        .into_tuple()
        .all(db)
        .await?;
    if offered.is_empty() {
        return Ok(());
    }
    Err(Error::Conflict(format!(
        "clinic '{}' cannot be deleted: it still offers treatments {}; delete those offerings \
         first",
        record.slug,
        quoted(&offered)
    )))
}

/// Deletes clinic `id`'s row (its text goes with it).
pub(super) async fn delete(db: &impl ConnectionTrait, id: Uuid) -> Result<()> {
    clinic::Entity::delete_many().filter(clinic::Column::Id.eq(id)).exec(db).await?;
    Ok(())
}
