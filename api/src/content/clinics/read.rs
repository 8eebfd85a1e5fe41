//! Reading clinics.

use std::collections::BTreeMap;

use entity::{clinic, clinic_translation};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use uuid::Uuid;

use super::{ClinicRecord, ClinicSummary, ClinicText, ClinicView};
use crate::content::Scope;
use crate::content::change::not_found;
use crate::content::kind::EntryKind;
use crate::content::listing::{ListQuery, ListRow, Listing, Names};
use crate::content::pagination::Page;
use crate::content::status::Status;
use crate::content::validation::Errors;
use crate::error::Result;
use crate::validated::Locale;

/// Clinic `id` of the scope's workspace, text in every locale.
pub async fn load(db: &impl ConnectionTrait, scope: &Scope, id: Uuid) -> Result<ClinicRecord> {
    let row = clinic::Entity::find_by_id(id)
        .filter(clinic::Column::WorkspaceId.eq(scope.workspace_id))
        .one(db)
        .await?
        .ok_or_else(|| not_found(EntryKind::Clinic, id))?;
    let translations: BTreeMap<String, ClinicText> = clinic_translation::Entity::find()
        .filter(clinic_translation::Column::ClinicId.eq(id))
        .all(db)
        .await?
        .into_iter()
        .map(|t| {
            let text =
                ClinicText { name: t.name, address: t.address, city: t.city, region: t.region };
            (t.locale, text)
        })
        .collect();
    Ok(ClinicRecord {
        id: row.id,
        status: Status::stored(&row.status)?,
        version: row.version,
        created_at: row.created_at,
        updated_at: row.updated_at,
        published_at: row.published_at,
        publish_at: row.publish_at,
        slug: row.slug,
        country: row.country,
        phone: row.phone,
        booking_url: row.booking_url,
        timezone: row.timezone,
        translations,
    })
}

/// `record` seen in `requested`.
pub fn view(record: ClinicRecord, scope: &Scope, requested: &Locale) -> ClinicView {
    let locales: Vec<String> = record.translations.keys().cloned().collect();
    let served = scope
        .served_locale(requested.as_str(), &locales)
        .unwrap_or_else(|| requested.as_str().to_owned());
    let mut translations = record.translations;
    let text = translations.remove(&served).unwrap_or_default();
    ClinicView {
        id: record.id,
        slug: record.slug,
        locale: served,
        locales,
        name: text.name,
        address: text.address,
        city: text.city,
        region: text.region,
        country: record.country,
        phone: record.phone,
        booking_url: record.booking_url,
        timezone: record.timezone,
        version: record.version,
        status: record.status.as_str().to_owned(),
        created_at: record.created_at,
        updated_at: record.updated_at,
        published_at: record.published_at,
        publish_at: record.publish_at,
    }
}

/// A page of the scope's clinics.
pub async fn list(
    db: &impl ConnectionTrait,
    scope: &Scope,
    query: &ListQuery,
) -> Result<Page<ClinicSummary>> {
    let mut errors = Errors::new();
    let listing = Listing::parse(&mut errors, scope, query);
    let Some(listing) = listing.filter(|_| errors.is_empty()) else {
        return Err(errors.into_error());
    };
    let names = Names::<clinic_translation::Entity> {
        owner: clinic_translation::Column::ClinicId,
        locale: clinic_translation::Column::Locale,
        name: clinic_translation::Column::Name,
    };
    let rows = listing
        .select(scope, &names, clinic::Entity::find())
        .into_model::<ListRow>()
        .all(db)
        .await?;
    let ids: Vec<Uuid> = rows.iter().map(|row| row.id).collect();
    let texts: Vec<(Uuid, String, String, Option<String>)> = if ids.is_empty() {
        Vec::new()
    } else {
        clinic_translation::Entity::find()
            .select_only()
            .columns([
                clinic_translation::Column::ClinicId,
                clinic_translation::Column::Locale,
                clinic_translation::Column::Name,
                clinic_translation::Column::City,
            ])
            .filter(clinic_translation::Column::ClinicId.is_in(ids))
            .order_by_asc(clinic_translation::Column::Locale)
            .into_tuple()
            .all(db)
            .await?
    };
    let sort = listing.page.sort;
    Ok(listing.page.finish(
        rows,
        |row| row.position(sort),
        |row| {
            let mine: Vec<&(Uuid, String, String, Option<String>)> =
                texts.iter().filter(|(id, ..)| *id == row.id).collect();
            let locales: Vec<String> = mine.iter().map(|(_, locale, ..)| locale.clone()).collect();
            let served = scope
                .served_locale(listing.locale.as_str(), &locales)
                .unwrap_or_else(|| listing.locale.as_str().to_owned());
            let (name, city) = mine
                .iter()
                .find(|(_, locale, ..)| *locale == served)
                .map(|(_, _, name, city)| (name.clone(), city.clone()))
                .unwrap_or_default();
            ClinicSummary {
                id: row.id,
                slug: row.slug,
                locale: served,
                locales,
                name,
                city,
                status: row.status,
                version: row.version,
                created_at: row.created_at,
                updated_at: row.updated_at,
                published_at: row.published_at,
            }
        },
    ))
}
