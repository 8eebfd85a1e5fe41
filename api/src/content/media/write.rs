//! Writing assets: the row and its text per locale, and the check a delete must pass.

use chrono::{DateTime, Utc};
use entity::{media_asset, media_asset_text, published_link, treatment, treatment_media};
use sea_orm::ActiveValue::Set;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};
use uuid::Uuid;

use super::input::MediaInput;
use super::{MediaKind, MediaRecord};
use crate::content::lookup::quoted;
use crate::content::validation::Errors;
use crate::content::{Scope, publishing};
use crate::error::{Error, Result};

pub(super) fn apply(record: &mut MediaRecord, input: MediaInput) -> Result<()> {
    let mut errors = Errors::new();
    if let Some(upload) = input.upload {
        record.file = upload.file;
    }
    if let Some(kind) = input.kind {
        record.kind = kind;
    }
    if let Some(credit) = input.credit {
        record.credit = credit;
    }
    if let Some(point) = input.focal_point {
        record.focal_point = point;
    }
    if let Some(consent) = input.consent {
        record.consent = consent;
    }
    if record.consent.is_some() && record.kind != MediaKind::PatientPhoto {
        errors.add("consent", "only a patient_photo carries a patient's consent");
    }
    let locale = input.locale.as_str().to_owned();
    let writes_text = input.alt.is_some() || input.caption.is_some();
    if writes_text {
        let alt = match (&input.alt, record.texts.get(&locale)) {
            (Some(Some(alt)), _) => Some(alt.clone()),
            (Some(None), _) => None,
            (None, existing) => existing.map(|text| text.alt.clone()),
        };
        match alt {
            Some(alt) => {
                let text = record.texts.entry(locale).or_default();
                text.alt = alt;
                if let Some(caption) = input.caption {
                    text.caption = caption;
                }
            }
            // No alt text: the locale's text goes, caption and all.
            None if input.alt.is_some() => {
                record.texts.remove(&locale);
            }
            None => errors.add("alt", format!("is required to add text in locale {locale}")),
        }
    }
    errors.finish(())
}

/// Inserts the rows of a new asset at version 1.
pub(super) async fn insert(
    db: &impl ConnectionTrait,
    scope: &Scope,
    new: &MediaRecord,
    now: DateTime<Utc>,
) -> Result<()> {
    let file = &new.file;
    let row = media_asset::ActiveModel {
        id: Set(new.id),
        workspace_id: Set(scope.workspace_id),
        filename: Set(file.filename.clone()),
        media_type: Set(file.media_type.clone()),
        width: Set(i32::try_from(file.width).unwrap_or(i32::MAX)),
        height: Set(i32::try_from(file.height).unwrap_or(i32::MAX)),
        byte_size: Set(i64::try_from(file.byte_size).unwrap_or(i64::MAX)),
        content_hash: Set(file.content_hash.clone()),
        version: Set(1),
        created_by: Set(Some(scope.actor)),
        updated_by: Set(Some(scope.actor)),
        created_at: Set(now),
        updated_at: Set(now),
        ..editable(new)
    };
    media_asset::Entity::insert(row).exec_without_returning(db).await?;
    let blank = MediaRecord { texts: Default::default(), ..new.clone() };
    write_texts(db, &blank, new, now).await
}

/// Writes what differs between `old` and `new`.
pub(super) async fn store(
    db: &impl ConnectionTrait,
    old: &MediaRecord,
    new: &MediaRecord,
    now: DateTime<Utc>,
) -> Result<()> {
    media_asset::Entity::update_many()
        .set(editable(new))
        .filter(media_asset::Column::Id.eq(new.id))
        .exec(db)
        .await?;
    write_texts(db, old, new, now).await
}

/// The columns an edit may change.
fn editable(record: &MediaRecord) -> media_asset::ActiveModel {
    let consent = record.consent.as_ref();
    let scope = consent.map(|c| c.scope.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(","));
    media_asset::ActiveModel {
        kind: Set(record.kind.as_str().to_owned()),
        credit: Set(record.credit.clone()),
        focal_x: Set(record.focal_point.map(|point| point.x)),
        focal_y: Set(record.focal_point.map(|point| point.y)),
        consent_obtained_on: Set(consent.map(|c| c.obtained_on)),
        consent_scope: Set(scope),
        consent_expires_on: Set(consent.and_then(|c| c.expires_on)),
        consent_form_ref: Set(consent.map(|c| c.form_ref.clone())),
        ..Default::default()
    }
}

async fn write_texts(
    db: &impl ConnectionTrait,
    old: &MediaRecord,
    new: &MediaRecord,
    now: DateTime<Utc>,
) -> Result<()> {
    let id = new.id;
    let changed = new.texts.iter().filter(|(l, t)| old.texts.get(*l) != Some(*t));
    let removed = old.texts.keys().filter(|l| !new.texts.contains_key(*l));
    for locale in removed.chain(changed.clone().map(|(l, _)| l)) {
        media_asset_text::Entity::delete_many()
            .filter(media_asset_text::Column::AssetId.eq(id))
            .filter(media_asset_text::Column::Locale.eq(locale.as_str()))
            .exec(db)
            .await?;
    }
    let rows = changed.map(|(locale, text)| media_asset_text::ActiveModel {
        asset_id: Set(id),
        locale: Set(locale.clone()),
        alt: Set(text.alt.clone()),
        caption: Set(text.caption.clone()),
        updated_at: Set(now),
    });
    media_asset_text::Entity::insert_many(rows).exec_without_returning(db).await?;
    Ok(())
}

/// The slugs of the treatments that show asset `id`: in their draft, or in what they have
/// published (an image taken out of a draft stays live until the next publish).
pub async fn users_of(db: &impl ConnectionTrait, id: Uuid) -> Result<Vec<String>> {
    let mut slugs: Vec<String> = treatment::Entity::find()
        .select_only()
        .column(treatment::Column::Slug)
        .inner_join(treatment_media::Entity)
        .filter(treatment_media::Column::AssetId.eq(id))
        .into_tuple()
        .all(db)
        .await?;
    let published: Vec<Uuid> = published_link::Entity::find()
        .select_only()
        .column(published_link::Column::EntityId)
        .filter(published_link::Column::Relation.eq(publishing::store::MEDIA))
        .filter(published_link::Column::TargetSlug.eq(id.to_string()))
        .into_tuple()
        .all(db)
        .await?;
    if !published.is_empty() {
        let live: Vec<String> = treatment::Entity::find()
            .select_only()
            .column(treatment::Column::Slug)
            .filter(treatment::Column::Id.is_in(published))
            .into_tuple()
            .all(db)
            .await?;
        slugs.extend(live);
    }
    slugs.sort();
    slugs.dedup();
    Ok(slugs)
}

/// `409` naming the treatments that still show `record`.
pub(super) async fn refuse_if_used(db: &impl ConnectionTrait, record: &MediaRecord) -> Result<()> {
    let users = users_of(db, record.id).await?;
    if users.is_empty() {
        return Ok(());
    }
    Err(Error::Conflict(format!(
        "media asset '{}' cannot be deleted: treatments {} show it, in a draft or as published; \
         remove it from their media (and publish them) first",
        record.file.filename,
        quoted(&users)
    )))
}

/// Deletes asset `id`'s row (its text goes with it).
pub(super) async fn delete(db: &impl ConnectionTrait, id: Uuid) -> Result<()> {
    media_asset::Entity::delete_many().filter(media_asset::Column::Id.eq(id)).exec(db).await?;
    Ok(())
}
