//! Writing a treatment's rows. Only groups that changed are rewritten, so a change in one
//! locale leaves the rows of every other locale exactly as they were.

use chrono::{DateTime, Utc};
use entity::{
    aftercare_step, complementary_note, complementary_treatment, faq, treatment,
    treatment_condition, treatment_condition_note, treatment_reference, treatment_translation,
};
use sea_orm::ActiveValue::Set;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use serde_json::json;
use uuid::Uuid;

use super::{TreatmentContent, TreatmentText};
use crate::content::Scope;
use crate::content::values::Range;
use crate::error::Result;

/// Inserts the `treatments` row of a new draft at version 1.
pub async fn insert(
    db: &impl ConnectionTrait,
    scope: &Scope,
    id: Uuid,
    content: &TreatmentContent,
    now: DateTime<Utc>,
) -> Result<()> {
    let mut row = treatment::ActiveModel {
        id: Set(id),
        workspace_id: Set(scope.workspace_id),
        status: Set(crate::content::status::Status::Draft.as_str().to_owned()),
        version: Set(1),
        reviewer_name: Set(None),
        reviewed_at: Set(None),
        reviewed_by: Set(None),
        publish_at: Set(None),
        published_at: Set(None),
        published_version: Set(None),
        created_by: Set(Some(scope.actor)),
        updated_by: Set(Some(scope.actor)),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    };
    set_shared(&mut row, content);
    treatment::Entity::insert(row).exec_without_returning(db).await?;
    Ok(())
}

/// Writes the slug and numbers of `content` onto the existing row.
pub async fn update_shared(
    db: &impl ConnectionTrait,
    id: Uuid,
    content: &TreatmentContent,
) -> Result<()> {
    let mut row = treatment::ActiveModel::default();
    set_shared(&mut row, content);
    treatment::Entity::update_many().set(row).filter(treatment::Column::Id.eq(id)).exec(db).await?;
    Ok(())
}

fn set_shared(row: &mut treatment::ActiveModel, content: &TreatmentContent) {
    let (min, max) = Range::columns(content.procedure_minutes);
    row.procedure_minutes_min = Set(min);
    row.procedure_minutes_max = Set(max);
    let (min, max) = Range::columns(content.sessions);
    row.sessions_min = Set(min);
    row.sessions_max = Set(max);
    let (min, max) = Range::columns(content.session_interval_weeks);
    row.session_interval_weeks_min = Set(min);
    row.session_interval_weeks_max = Set(max);
    let (min, max) = Range::columns(content.downtime_days);
    row.downtime_days_min = Set(min);
    row.downtime_days_max = Set(max);
    row.slug = Set(content.slug.clone());
}

/// Rewrites what differs between `old` and `new`: a locale's text, references, links.
pub async fn write_children(
    db: &impl ConnectionTrait,
    id: Uuid,
    old: &TreatmentContent,
    new: &TreatmentContent,
    now: DateTime<Utc>,
) -> Result<()> {
    for locale in old.translations.keys().filter(|l| !new.translations.contains_key(*l)) {
        delete_text(db, id, locale).await?;
    }
    for (locale, text) in &new.translations {
        if old.translations.get(locale) != Some(text) {
            delete_text(db, id, locale).await?;
            insert_text(db, id, locale, text, now).await?;
        }
    }
    if old.references != new.references {
        write_references(db, id, new).await?;
    }
    if old.conditions != new.conditions {
        write_conditions(db, id, new).await?;
    }
    if old.complementary != new.complementary {
        write_complementary(db, id, new).await?;
    }
    if old.media != new.media {
        super::media::store(db, id, &new.media).await?;
    }
    Ok(())
}

async fn delete_text(db: &impl ConnectionTrait, id: Uuid, locale: &str) -> Result<()> {
    aftercare_step::Entity::delete_many()
        .filter(aftercare_step::Column::TreatmentId.eq(id))
        .filter(aftercare_step::Column::Locale.eq(locale))
        .exec(db)
        .await?;
    faq::Entity::delete_many()
        .filter(faq::Column::TreatmentId.eq(id))
        .filter(faq::Column::Locale.eq(locale))
        .exec(db)
        .await?;
    treatment_translation::Entity::delete_many()
        .filter(treatment_translation::Column::TreatmentId.eq(id))
        .filter(treatment_translation::Column::Locale.eq(locale))
        .exec(db)
        .await?;
    Ok(())
}

async fn insert_text(
    db: &impl ConnectionTrait,
    id: Uuid,
    locale: &str,
    text: &TreatmentText,
    now: DateTime<Utc>,
) -> Result<()> {
    let row = treatment_translation::ActiveModel {
        treatment_id: Set(id),
        locale: Set(locale.to_owned()),
        name: Set(text.name.clone()),
        also_known_as: Set(json!(text.also_known_as)),
        summary: Set(text.summary.clone()),
        body: Set(text.body.clone()),
        downtime_notes: Set(text.downtime_notes.clone()),
        results_timeline: Set(text.results_timeline.clone()),
        contraindications: Set(json!(text.contraindications)),
        side_effects: Set(json!(text.side_effects)),
        suitable_for: Set(json!(text.suitable_for)),
        not_suitable_for: Set(json!(text.not_suitable_for)),
        seo_meta_title: Set(text.seo.meta_title.clone()),
        seo_meta_description: Set(text.seo.meta_description.clone()),
        updated_at: Set(now),
    };
    treatment_translation::Entity::insert(row).exec_without_returning(db).await?;
    let steps =
        text.aftercare.iter().zip(0..).map(|(step, position)| aftercare_step::ActiveModel {
            id: Set(Uuid::now_v7()),
            treatment_id: Set(id),
            locale: Set(locale.to_owned()),
            position: Set(position),
            timing: Set(step.timing.clone()),
            instruction: Set(step.instruction.clone()),
        });
    aftercare_step::Entity::insert_many(steps).exec_without_returning(db).await?;
    let faqs = text.faqs.iter().zip(0..).map(|(item, position)| faq::ActiveModel {
        id: Set(Uuid::now_v7()),
        treatment_id: Set(id),
        locale: Set(locale.to_owned()),
        position: Set(position),
        question: Set(item.question.clone()),
        answer: Set(item.answer.clone()),
    });
    faq::Entity::insert_many(faqs).exec_without_returning(db).await?;
    Ok(())
}

async fn write_references(
    db: &impl ConnectionTrait,
    id: Uuid,
    new: &TreatmentContent,
) -> Result<()> {
    treatment_reference::Entity::delete_many()
        .filter(treatment_reference::Column::TreatmentId.eq(id))
        .exec(db)
        .await?;
    let rows = new.references.iter().zip(0..).map(|(reference, position)| {
        treatment_reference::ActiveModel {
            id: Set(Uuid::now_v7()),
            treatment_id: Set(id),
            position: Set(position),
            title: Set(reference.title.clone()),
            url: Set(reference.url.clone()),
            year: Set(reference.year),
        }
    });
    treatment_reference::Entity::insert_many(rows).exec_without_returning(db).await?;
    Ok(())
}

async fn write_conditions(
    db: &impl ConnectionTrait,
    id: Uuid,
    new: &TreatmentContent,
) -> Result<()> {
    treatment_condition_note::Entity::delete_many()
        .filter(treatment_condition_note::Column::TreatmentId.eq(id))
        .exec(db)
        .await?;
    treatment_condition::Entity::delete_many()
        .filter(treatment_condition::Column::TreatmentId.eq(id))
        .exec(db)
        .await?;
    let links = new.conditions.iter().zip(0..).map(|(link, position)| {
        let (sessions_min, sessions_max) = Range::columns(link.sessions);
        treatment_condition::ActiveModel {
            treatment_id: Set(id),
            condition_id: Set(link.condition_id),
            position: Set(position),
            sessions_min: Set(sessions_min),
            sessions_max: Set(sessions_max),
        }
    });
    treatment_condition::Entity::insert_many(links).exec_without_returning(db).await?;
    let notes = new.conditions.iter().flat_map(|link| {
        link.notes.iter().map(move |(locale, notes)| treatment_condition_note::ActiveModel {
            treatment_id: Set(id),
            condition_id: Set(link.condition_id),
            locale: Set(locale.clone()),
            notes: Set(notes.clone()),
        })
    });
    treatment_condition_note::Entity::insert_many(notes).exec_without_returning(db).await?;
    Ok(())
}

async fn write_complementary(
    db: &impl ConnectionTrait,
    id: Uuid,
    new: &TreatmentContent,
) -> Result<()> {
    complementary_note::Entity::delete_many()
        .filter(complementary_note::Column::TreatmentId.eq(id))
        .exec(db)
        .await?;
    complementary_treatment::Entity::delete_many()
        .filter(complementary_treatment::Column::TreatmentId.eq(id))
        .exec(db)
        .await?;
    let links = new.complementary.iter().zip(0..).map(|(link, position)| {
        complementary_treatment::ActiveModel {
            treatment_id: Set(id),
            complementary_id: Set(link.treatment_id),
            position: Set(position),
            min_spacing_weeks: Set(link.min_spacing_weeks),
        }
    });
    complementary_treatment::Entity::insert_many(links).exec_without_returning(db).await?;
    let notes = new.complementary.iter().flat_map(|link| {
        link.notes.iter().map(move |(locale, note)| complementary_note::ActiveModel {
            treatment_id: Set(id),
            complementary_id: Set(link.treatment_id),
            locale: Set(locale.clone()),
            note: Set(note.clone()),
        })
    });
    complementary_note::Entity::insert_many(notes).exec_without_returning(db).await?;
    Ok(())
}

/// Removes a treatment and what hangs off it (children go by `ON DELETE CASCADE`).
pub async fn delete(db: &impl ConnectionTrait, id: Uuid) -> Result<()> {
    treatment::Entity::delete_many().filter(treatment::Column::Id.eq(id)).exec(db).await?;
    Ok(())
}
