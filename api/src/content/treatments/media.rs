//! The images a treatment shows: a hero, a gallery, and before/after pairs of patient photos.
//! Validating the list, checking each asset is the workspace's, storing and reading it, and
//! what the publish checklist asks of it: alt text for every image, and for a before or an
//! after a patient photo whose consent covers the website today.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use entity::treatment_media;
use sea_orm::ActiveValue::Set;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::content::Scope;
use crate::content::media::{self, Channel, MediaKind, MediaRecord};
use crate::content::validation::Errors;
use crate::error::{Error, Result};

/// The most images one treatment shows.
pub const MAX_IMAGES: usize = 40;

/// What an image is for on the treatment's page.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ImageRole {
    /// The one image at the top of the page.
    Hero,
    Gallery,
    /// A patient's skin before the treatment; paired with an `after`.
    Before,
    After,
}

impl ImageRole {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Hero => "hero",
            Self::Gallery => "gallery",
            Self::Before => "before",
            Self::After => "after",
        }
    }

    pub fn parse(name: &str) -> Option<Self> {
        [Self::Hero, Self::Gallery, Self::Before, Self::After]
            .into_iter()
            .find(|role| role.as_str() == name)
    }

    fn paired(self) -> bool {
        matches!(self, Self::Before | Self::After)
    }
}

/// One image of a treatment, as editors write and read it and as it is stored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"asset": "0193a1c2-7f00-7c3e-9a55-3f1f0c2b9e41", "role": "before", "pair": 1}))]
pub struct TreatmentImage {
    /// The media asset's id; it must be in the workspace.
    pub asset: Uuid,
    pub role: ImageRole,
    /// For a `before` or an `after`: the number that pairs them (each pair has one of each).
    #[serde(default)]
    #[schema(example = 1)]
    pub pair: Option<i32>,
}

/// Checks the shape of `images`: one hero at most, and before/after photos in whole pairs.
pub(super) fn parse(e: &mut Errors, images: Vec<TreatmentImage>) -> Vec<TreatmentImage> {
    if !e.at_most("media", images.len(), MAX_IMAGES) {
        return Vec::new();
    }
    let mut pairs: BTreeMap<i32, (usize, usize)> = BTreeMap::new();
    let mut seen = std::collections::HashSet::with_capacity(images.len());
    for (i, image) in images.iter().enumerate() {
        if !seen.insert(image.asset) {
            e.add(format!("media[{i}].asset"), "is listed twice");
        }
        let heroes_before = images[..i].iter().filter(|other| other.role == ImageRole::Hero);
        if image.role == ImageRole::Hero && heroes_before.count() > 0 {
            e.add(format!("media[{i}].role"), "a treatment has one hero image at most");
        }
        match (image.role.paired(), image.pair) {
            (true, Some(pair)) => {
                let counts = pairs.entry(pair).or_default();
                if image.role == ImageRole::Before { counts.0 += 1 } else { counts.1 += 1 }
            }
            (true, None) => e.add(format!("media[{i}].pair"), "is required for a before or after"),
            (false, Some(_)) => {
                e.add(format!("media[{i}].pair"), "belongs to before and after images only")
            }
            (false, None) => {}
        }
    }
    for (pair, (before, after)) in pairs {
        if (before, after) != (1, 1) {
            e.add(
                "media",
                format!(
                    "pair {pair} must have one before and one after (it has {before} and {after})"
                ),
            );
        }
    }
    images
}

/// `422` on each image whose asset the workspace does not have.
pub(super) async fn check_assets(
    db: &impl ConnectionTrait,
    scope: &Scope,
    images: &[TreatmentImage],
    errors: &mut Errors,
) -> Result<()> {
    let ids: Vec<Uuid> = images.iter().map(|image| image.asset).collect();
    let found = media::load_many(db, scope, &ids).await?;
    for (i, image) in images.iter().enumerate() {
        if !found.iter().any(|asset| asset.id == image.asset) {
            errors.add(format!("media[{i}].asset"), "no media asset has this id here");
        }
    }
    Ok(())
}

/// `409` when an image of restored content is no longer in the library.
pub(super) async fn check_restored(
    db: &impl ConnectionTrait,
    scope: &Scope,
    revision: i32,
    images: &[TreatmentImage],
) -> Result<()> {
    let mut errors = Errors::new();
    check_assets(db, scope, images, &mut errors).await?;
    if errors.is_empty() {
        return Ok(());
    }
    Err(Error::Conflict(format!(
        "revision {revision} shows media assets that have been deleted since; change the \
         treatment instead"
    )))
}

pub(super) async fn load(db: &impl ConnectionTrait, id: Uuid) -> Result<Vec<TreatmentImage>> {
    let rows = treatment_media::Entity::find()
        .filter(treatment_media::Column::TreatmentId.eq(id))
        .order_by_asc(treatment_media::Column::Position)
        .all(db)
        .await?;
    rows.into_iter()
        .map(|row| {
            let role = ImageRole::parse(&row.role).ok_or_else(|| {
                Error::Internal(format!("treatment {id} shows an image as {}", row.role))
            })?;
            Ok(TreatmentImage { asset: row.asset_id, role, pair: row.pair })
        })
        .collect()
}

pub(super) async fn store(
    db: &impl ConnectionTrait,
    id: Uuid,
    images: &[TreatmentImage],
) -> Result<()> {
    treatment_media::Entity::delete_many()
        .filter(treatment_media::Column::TreatmentId.eq(id))
        .exec(db)
        .await?;
    let rows = images.iter().zip(0..).map(|(image, position)| treatment_media::ActiveModel {
        treatment_id: Set(id),
        position: Set(position),
        asset_id: Set(image.asset),
        role: Set(image.role.as_str().to_owned()),
        pair: Set(image.pair),
    });
    treatment_media::Entity::insert_many(rows).exec_without_returning(db).await?;
    Ok(())
}

/// What stands in the way of publishing `images` (assets `assets`) on `today`, one line each.
pub fn unpublishable(
    images: &[TreatmentImage],
    assets: &[MediaRecord],
    today: NaiveDate,
) -> Vec<String> {
    let mut problems = Vec::new();
    for (i, image) in images.iter().enumerate() {
        let Some(asset) = assets.iter().find(|asset| asset.id == image.asset) else {
            problems.push(format!("media[{i}] is no longer in the library"));
            continue;
        };
        let name = &asset.file.filename;
        if asset.texts.values().all(|text| text.alt.trim().is_empty()) {
            problems.push(format!("media[{i}] ({name}) has no alt text"));
        }
        if image.role.paired() && asset.kind != MediaKind::PatientPhoto {
            problems.push(format!(
                "media[{i}] ({name}) is a {} image but is not a patient_photo with consent",
                image.role.as_str()
            ));
        }
        let refusal = media::refusal(asset.kind, asset.consent.as_ref(), Channel::Website, today);
        if let Some(refusal) = refusal {
            problems.push(format!("media[{i}] ({name}): {refusal}"));
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    fn image(role: ImageRole, pair: Option<i32>) -> TreatmentImage {
        TreatmentImage { asset: Uuid::new_v4(), role, pair }
    }

    #[test]
    fn before_and_after_photos_come_in_whole_pairs_and_there_is_one_hero() {
        let mut e = Errors::new();
        parse(
            &mut e,
            vec![
                image(ImageRole::Hero, None),
                image(ImageRole::Before, Some(1)),
                image(ImageRole::After, Some(1)),
            ],
        );
        assert!(e.is_empty());
        let mut e = Errors::new();
        parse(
            &mut e,
            vec![
                image(ImageRole::Hero, None),
                image(ImageRole::Hero, None),
                image(ImageRole::Before, Some(2)),
                image(ImageRole::After, None),
                image(ImageRole::Gallery, Some(3)),
            ],
        );
        assert_eq!(e.count(), 4);
        let mut e = Errors::new();
        let hero = image(ImageRole::Hero, None);
        parse(&mut e, vec![hero.clone(), TreatmentImage { role: ImageRole::Gallery, ..hero }]);
        assert_eq!(e.count(), 1, "an asset is shown once");
    }
}
