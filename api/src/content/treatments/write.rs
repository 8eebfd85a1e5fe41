//! Changing a treatment's content: applying an input, resolving its links, and the checks
//! that guard a restore and a delete. The operations that call these are in
//! [`crate::content::operations`].

use entity::{clinic, complementary_treatment, condition, offering, treatment};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};
use uuid::Uuid;

use super::input::TreatmentInput;
use super::{ComplementaryLink, ConditionLink, TreatmentContent};
use crate::content::Scope;
use crate::content::lookup::{ids_by_slug, lookup, quoted, slugs_by_id};
use crate::content::validation::Errors;
use crate::error::{Error, Result};

/// Applies `input` to `content`, resolving linked slugs in the scope's workspace. Unknown
/// slugs, a self-link, or new text without a name are `422`s, reported together.
pub(super) async fn apply(
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
    if let Some(images) = input.media {
        super::media::check_assets(db, scope, &images, &mut errors).await?;
        content.media = images;
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
            side_effects,
            suitable_for,
            not_suitable_for,
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
pub(super) async fn relink(
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
        return super::media::check_restored(db, scope, revision, &content.media).await;
    }
    Err(Error::Conflict(format!(
        "revision {revision} links to {}, which no longer exist(s); recreate it or change the \
         treatment instead",
        missing.join(", ")
    )))
}

/// `409` naming the treatments that list `id` as complementary and the clinics offering it.
pub(super) async fn refuse_if_linked(
    db: &impl ConnectionTrait,
    slug: &str,
    id: Uuid,
) -> Result<()> {
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
