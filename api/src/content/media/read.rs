//! Reading assets: one, several (for the treatments that show them), and a page of the
//! workspace's library.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use entity::{media_asset, media_asset_text, published_link};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter};
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

use super::{
    Channel, Consent, FileFacts, FocalPoint, MediaKind, MediaRecord, MediaText, MediaView,
};
use crate::content::Scope;
use crate::content::change::not_found;
use crate::content::kind::EntryKind;
use crate::content::pagination::{Page, PageRequest, SortKey, updated_at_key};
use crate::content::validation::Errors;
use crate::content::{listing, publishing};
use crate::error::{Error, Result};
use crate::validated::Locale;

/// The filters of the media library.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MediaQuery {
    /// Items per page, 1–100 (default 20).
    #[param(value_type = Option<u32>, example = 20)]
    pub limit: Option<String>,
    /// `next_cursor` of the previous page; empty or absent is the first page.
    pub cursor: Option<String>,
    /// `updated_at` (default; newest first) or `name` (the file name, A to Z).
    pub sort: Option<String>,
    /// `asc` or `desc`, to reverse the sort's default order.
    pub order: Option<String>,
    /// The locale alt text and captions are shown in (default: the workspace's).
    #[param(example = "fr")]
    pub locale: Option<String>,
    /// Only assets of this kind: `photo`, `illustration` or `patient_photo`.
    #[param(value_type = Option<MediaKind>, example = "patient_photo")]
    pub kind: Option<String>,
    /// Only assets whose file name contains this text, ignoring case.
    #[param(example = "cheek")]
    pub q: Option<String>,
}

/// Asset `id` of the scope's workspace, text in every locale.
pub async fn load(db: &impl ConnectionTrait, scope: &Scope, id: Uuid) -> Result<MediaRecord> {
    load_many(db, scope, &[id])
        .await?
        .into_iter()
        .next()
        .ok_or_else(|| not_found(EntryKind::Media, id))
}

/// The assets of `ids` that the scope's workspace has, in no particular order.
pub async fn load_many(
    db: &impl ConnectionTrait,
    scope: &Scope,
    ids: &[Uuid],
) -> Result<Vec<MediaRecord>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let rows = media_asset::Entity::find()
        .filter(media_asset::Column::WorkspaceId.eq(scope.workspace_id))
        .filter(media_asset::Column::Id.is_in(ids.iter().copied()))
        .all(db)
        .await?;
    with_texts(db, rows).await
}

async fn with_texts(
    db: &impl ConnectionTrait,
    rows: Vec<media_asset::Model>,
) -> Result<Vec<MediaRecord>> {
    let ids: Vec<Uuid> = rows.iter().map(|row| row.id).collect();
    let mut texts: BTreeMap<Uuid, BTreeMap<String, MediaText>> = BTreeMap::new();
    if !ids.is_empty() {
        let found = media_asset_text::Entity::find()
            .filter(media_asset_text::Column::AssetId.is_in(ids))
            .all(db)
            .await?;
        for text in found {
            let value = MediaText { alt: text.alt, caption: text.caption };
            texts.entry(text.asset_id).or_default().insert(text.locale, value);
        }
    }
    rows.into_iter()
        .map(|row| {
            let mine = texts.remove(&row.id).unwrap_or_default();
            record(row, mine)
        })
        .collect()
}

fn record(row: media_asset::Model, texts: BTreeMap<String, MediaText>) -> Result<MediaRecord> {
    let kind = MediaKind::parse(&row.kind)
        .ok_or_else(|| Error::Internal(format!("media asset {} has kind {}", row.id, row.kind)))?;
    let focal_point = match (row.focal_x, row.focal_y) {
        (Some(x), Some(y)) => Some(FocalPoint { x, y }),
        _ => None,
    };
    let consent = match (row.consent_obtained_on, row.consent_form_ref) {
        (Some(obtained_on), Some(form_ref)) => Some(Consent {
            obtained_on,
            scope: stored_scope(row.consent_scope.as_deref()),
            expires_on: row.consent_expires_on,
            form_ref,
        }),
        _ => None,
    };
    Ok(MediaRecord {
        id: row.id,
        version: row.version,
        created_at: row.created_at,
        updated_at: row.updated_at,
        kind,
        file: FileFacts {
            filename: row.filename,
            media_type: row.media_type,
            width: u32::try_from(row.width).unwrap_or_default(),
            height: u32::try_from(row.height).unwrap_or_default(),
            byte_size: u64::try_from(row.byte_size).unwrap_or_default(),
            content_hash: row.content_hash,
        },
        credit: row.credit,
        focal_point,
        consent,
        texts,
    })
}

fn stored_scope(raw: Option<&str>) -> Vec<Channel> {
    raw.unwrap_or_default().split(',').filter_map(Channel::parse).collect()
}

/// Asset `id` with its workspace, when its stored bytes hash to `hash` and a published entry
/// shows it; `None` otherwise, whatever the reason, so a guess learns nothing.
pub async fn find_published(
    db: &impl ConnectionTrait,
    id: Uuid,
    hash: &str,
) -> Result<Option<(Uuid, MediaRecord)>> {
    let row = media_asset::Entity::find_by_id(id)
        .filter(media_asset::Column::ContentHash.eq(hash))
        .one(db)
        .await?;
    let Some(row) = row else { return Ok(None) };
    let shown = published_link::Entity::find()
        .filter(published_link::Column::WorkspaceId.eq(row.workspace_id))
        .filter(published_link::Column::Relation.eq(publishing::store::MEDIA))
        .filter(published_link::Column::TargetSlug.eq(id.to_string()))
        .one(db)
        .await?;
    if shown.is_none() {
        return Ok(None);
    }
    let workspace = row.workspace_id;
    Ok(Some((workspace, record(row, BTreeMap::new())?)))
}

/// The patient photos that may not be shown on the website on `today` (their consent ended,
/// was withdrawn, or does not cover it).
pub async fn lapsed_patient_photos(
    db: &impl ConnectionTrait,
    today: NaiveDate,
) -> Result<Vec<Uuid>> {
    // The database narrows it to patient photos that may have lapsed; the one rule decides.
    let maybe = Condition::any()
        .add(media_asset::Column::ConsentFormRef.is_null())
        .add(media_asset::Column::ConsentExpiresOn.lt(today))
        .add(media_asset::Column::ConsentScope.not_like("%website%"));
    let rows = media_asset::Entity::find()
        .filter(media_asset::Column::Kind.eq(MediaKind::PatientPhoto.as_str()))
        .filter(maybe)
        .all(db)
        .await?;
    let mut lapsed = Vec::new();
    for row in rows {
        let asset = record(row, BTreeMap::new())?;
        if super::refusal(asset.kind, asset.consent.as_ref(), Channel::Website, today).is_some() {
            lapsed.push(asset.id);
        }
    }
    Ok(lapsed)
}

/// `record` seen in `requested`.
pub fn view(record: MediaRecord, scope: &Scope, requested: &Locale) -> MediaView {
    let locales: Vec<String> = record.texts.keys().cloned().collect();
    let served = scope
        .served_locale(requested.as_str(), &locales)
        .unwrap_or_else(|| requested.as_str().to_owned());
    let mut texts = record.texts;
    let text = texts.remove(&served);
    MediaView {
        id: record.id,
        kind: record.kind,
        filename: record.file.filename,
        media_type: record.file.media_type,
        width: record.file.width,
        height: record.file.height,
        byte_size: record.file.byte_size,
        content_hash: record.file.content_hash,
        locale: served,
        locales,
        alt: text.as_ref().map(|text| text.alt.clone()),
        caption: text.and_then(|text| text.caption),
        credit: record.credit,
        focal_point: record.focal_point,
        consent: record.consent,
        version: record.version,
        created_at: record.created_at,
        updated_at: record.updated_at,
    }
}

/// A page of the scope's assets.
pub async fn list(
    db: &impl ConnectionTrait,
    scope: &Scope,
    query: &MediaQuery,
) -> Result<Page<MediaView>> {
    let mut errors = Errors::new();
    let page = PageRequest::parse(
        &mut errors,
        query.limit.as_deref(),
        query.cursor.as_deref(),
        query.sort.as_deref(),
        query.order.as_deref(),
    );
    let locale = scope.locale(query.locale.as_deref(), "locale");
    let locale = locale.map_err(|error| errors.push(error)).ok();
    let kind = query.kind.as_deref().map(str::trim).filter(|kind| !kind.is_empty());
    let kind = kind.and_then(|raw| {
        let parsed = MediaKind::parse(raw);
        if parsed.is_none() {
            errors.add("kind", "must be photo, illustration or patient_photo");
        }
        parsed
    });
    let q = query.q.as_deref().map(str::trim).filter(|q| !q.is_empty());
    if let Some(q) = q {
        errors.text("q", q, 200);
    }
    let Some(locale) = locale.filter(|_| errors.is_empty()) else {
        return Err(errors.into_error());
    };
    let mut select =
        media_asset::Entity::find().filter(media_asset::Column::WorkspaceId.eq(scope.workspace_id));
    if let Some(kind) = kind {
        select = select.filter(media_asset::Column::Kind.eq(kind.as_str()));
    }
    if let Some(q) = q {
        let filename = Expr::col(media_asset::Column::Filename);
        select = select.filter(listing::matches(filename, &listing::containing(q)));
    }
    let sort_expr = match page.sort {
        SortKey::UpdatedAt => Expr::col(media_asset::Column::UpdatedAt),
        SortKey::Name => Expr::col(media_asset::Column::Filename),
    };
    let rows = page.apply(select, sort_expr, media_asset::Column::Id).all(db).await?;
    let records = with_texts(db, rows).await?;
    Ok(page.finish(
        records,
        |record| {
            let key = match page.sort {
                SortKey::UpdatedAt => updated_at_key(&record.updated_at),
                SortKey::Name => record.file.filename.clone(),
            };
            (key, record.id)
        },
        |record| view(record, scope, &locale),
    ))
}
