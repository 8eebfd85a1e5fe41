//! Rendering an entry into its published documents, one per locale it has text in. Publishing
//! stores them; preview serves them straight away. Both go through here, so a preview shows
//! exactly what publishing would.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use entity::{condition_translation, treatment_translation};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use serde::Serialize;
use serde_json::Value;
use uuid::Uuid;

use super::documents::{
    Complement, ImageDocument, ImageVariant, TreatedCondition, TreatmentDocument,
};
use crate::content::Scope;
use crate::content::media::{self, MediaRecord};
use crate::content::treatments::{TreatmentImage, TreatmentRecord};
use crate::content::values::PublishedReview;
use crate::error::{Error, Result};

/// One document ready to store or serve, with what lists sort and search by.
#[derive(Clone, Debug)]
pub struct Rendition {
    pub slug: String,
    pub locale: String,
    pub document: Value,
    /// Lowercased name, for sorting.
    pub sort_name: String,
    /// Lowercased searchable text (slug, names, summary).
    pub search_text: String,
}

impl Rendition {
    fn new(
        slug: &str,
        locale: &str,
        document: &impl Serialize,
        names: &[&str],
        summary: &str,
    ) -> Result<Self> {
        let document = serde_json::to_value(document)
            .map_err(|error| Error::Internal(format!("rendering {slug}: {error}")))?;
        let mut search = vec![slug];
        search.extend_from_slice(names);
        search.push(summary);
        Ok(Self {
            slug: slug.to_owned(),
            locale: locale.to_owned(),
            document,
            sort_name: names.first().copied().unwrap_or(slug).to_lowercase(),
            search_text: search.join("\n").to_lowercase(),
        })
    }
}

/// Names by (entry id, locale).
type Names = HashMap<(Uuid, String), String>;

fn name_in(names: &Names, id: Uuid, locale: &str, default_locale: &str, slug: &str) -> String {
    names
        .get(&(id, locale.to_owned()))
        .or_else(|| names.get(&(id, default_locale.to_owned())))
        .cloned()
        .unwrap_or_else(|| slug.to_owned())
}

async fn condition_names(db: &impl ConnectionTrait, ids: Vec<Uuid>) -> Result<Names> {
    if ids.is_empty() {
        return Ok(Names::new());
    }
    let rows = condition_translation::Entity::find()
        .filter(condition_translation::Column::ConditionId.is_in(ids))
        .all(db)
        .await?;
    Ok(rows.into_iter().map(|row| ((row.condition_id, row.locale), row.name)).collect())
}

async fn treatment_names(db: &impl ConnectionTrait, ids: Vec<Uuid>) -> Result<Names> {
    if ids.is_empty() {
        return Ok(Names::new());
    }
    let rows = treatment_translation::Entity::find()
        .filter(treatment_translation::Column::TreatmentId.is_in(ids))
        .all(db)
        .await?;
    Ok(rows.into_iter().map(|row| ((row.treatment_id, row.locale), row.name)).collect())
}

/// The documents of `record`, as published at `published_at`.
pub async fn treatment(
    db: &impl ConnectionTrait,
    scope: &Scope,
    record: &TreatmentRecord,
    published_at: DateTime<Utc>,
) -> Result<Vec<Rendition>> {
    let default_locale = scope.default_locale.as_str();
    let content = &record.content;
    let assets: Vec<Uuid> = content.media.iter().map(|image| image.asset).collect();
    let assets = media::load_many(db, scope, &assets).await?;
    let conditions =
        condition_names(db, content.conditions.iter().map(|link| link.condition_id).collect())
            .await?;
    let complements =
        treatment_names(db, content.complementary.iter().map(|link| link.treatment_id).collect())
            .await?;
    let mut renditions = Vec::new();
    for (locale, text) in &content.translations {
        let document = TreatmentDocument {
            slug: content.slug.clone(),
            locale: locale.clone(),
            name: text.name.clone(),
            also_known_as: text.also_known_as.clone(),
            summary: text.summary.clone(),
            body: text.body.clone(),
            procedure_minutes: content.procedure_minutes,
            sessions: content.sessions,
            session_interval_weeks: content.session_interval_weeks,
            downtime_days: content.downtime_days,
            downtime_notes: text.downtime_notes.clone(),
            results_timeline: text.results_timeline.clone(),
            contraindications: text.contraindications.clone(),
            side_effects: text.side_effects.clone(),
            suitable_for: text.suitable_for.clone(),
            not_suitable_for: text.not_suitable_for.clone(),
            aftercare: text.aftercare.clone(),
            faqs: text.faqs.clone(),
            conditions: content
                .conditions
                .iter()
                .map(|link| TreatedCondition {
                    slug: link.condition.clone(),
                    name: name_in(
                        &conditions,
                        link.condition_id,
                        locale,
                        default_locale,
                        &link.condition,
                    ),
                    sessions: link.sessions,
                    notes: link.notes.get(locale).cloned(),
                })
                .collect(),
            complementary: content
                .complementary
                .iter()
                .map(|link| Complement {
                    slug: link.treatment.clone(),
                    name: name_in(
                        &complements,
                        link.treatment_id,
                        locale,
                        default_locale,
                        &link.treatment,
                    ),
                    min_spacing_weeks: link.min_spacing_weeks,
                    note: link.notes.get(locale).cloned(),
                })
                .collect(),
            media: images(&content.media, &assets, scope, locale),
            references: content.references.clone(),
            seo: text.seo.clone(),
            review: record.review.as_ref().map(PublishedReview::from),
            version: record.version,
            published_at,
        };
        let mut names = vec![text.name.as_str()];
        names.extend(text.also_known_as.iter().map(String::as_str));
        renditions.push(Rendition::new(&content.slug, locale, &document, &names, &text.summary)?);
    }
    Ok(renditions)
}

/// The images of a treatment in `locale`, each with its text in that locale or the fallback.
fn images(
    shown: &[TreatmentImage],
    assets: &[MediaRecord],
    scope: &Scope,
    locale: &str,
) -> Vec<ImageDocument> {
    shown
        .iter()
        .filter_map(|image| {
            let asset = assets.iter().find(|asset| asset.id == image.asset)?;
            let served = scope.served_locale(locale, asset.texts.keys());
            let text = served.and_then(|served| asset.texts.get(&served)).cloned();
            let text = text.unwrap_or_default();
            let file = &asset.file;
            let url = media::delivery_path(asset.id, &file.content_hash);
            let srcset = media::widths_of(file.width)
                .into_iter()
                .map(|width| ImageVariant {
                    width,
                    height: media::height_at((file.width, file.height), width),
                    url: format!("{url}?w={width}"),
                })
                .collect();
            Some(ImageDocument {
                asset: asset.id,
                kind: asset.kind,
                role: image.role,
                pair: image.pair,
                url,
                media_type: file.media_type.clone(),
                width: file.width,
                height: file.height,
                alt: text.alt,
                caption: text.caption,
                credit: asset.credit.clone(),
                focal_point: asset.focal_point,
                srcset,
            })
        })
        .collect()
}

/// The documents of a condition.
pub fn condition(
    record: &crate::content::conditions::ConditionRecord,
    published_at: DateTime<Utc>,
) -> Result<Vec<Rendition>> {
    record
        .translations
        .iter()
        .map(|(locale, text)| {
            let document = super::documents::ConditionDocument {
                slug: record.slug.clone(),
                locale: locale.clone(),
                name: text.name.clone(),
                synonyms: text.synonyms.clone(),
                summary: text.summary.clone(),
                body: text.body.clone(),
                review: record.review.as_ref().map(PublishedReview::from),
                version: record.version,
                published_at,
            };
            let mut names = vec![text.name.as_str()];
            names.extend(text.synonyms.iter().map(String::as_str));
            Rendition::new(&record.slug, locale, &document, &names, &text.summary)
        })
        .collect()
}

/// The documents of a clinic, with its active offerings.
pub async fn clinic(
    db: &impl ConnectionTrait,
    scope: &crate::content::Scope,
    record: &crate::content::clinics::ClinicRecord,
    published_at: DateTime<Utc>,
) -> Result<Vec<Rendition>> {
    let offerings = crate::content::offerings::all_of_clinic(db, scope, record.id).await?;
    record
        .translations
        .iter()
        .map(|(locale, text)| {
            let document = super::documents::ClinicDocument {
                slug: record.slug.clone(),
                locale: locale.clone(),
                name: text.name.clone(),
                address: text.address.clone(),
                city: text.city.clone(),
                region: text.region.clone(),
                country: record.country.clone(),
                phone: record.phone.clone(),
                booking_url: record.booking_url.clone(),
                timezone: record.timezone.clone(),
                offerings: offerings
                    .iter()
                    .filter(|offering| offering.active)
                    .map(|offering| super::documents::OfferingDocument {
                        treatment: offering.treatment.clone(),
                        active: offering.active,
                        price_from: offering.price_from.clone(),
                        duration_minutes: offering.duration_minutes,
                        booking_url: offering.booking_url.clone(),
                        notes: offering.notes.get(locale).cloned(),
                    })
                    .collect(),
                version: record.version,
                published_at,
            };
            let city = text.city.as_deref().unwrap_or_default();
            Rendition::new(&record.slug, locale, &document, &[text.name.as_str(), city], "")
        })
        .collect()
}
