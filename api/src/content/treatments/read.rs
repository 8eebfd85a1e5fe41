//! Reading treatments: one as a [`TreatmentRecord`] or [`TreatmentView`], and pages of
//! [`TreatmentSummary`].

use std::collections::BTreeMap;

use entity::{
    aftercare_step, complementary_note, complementary_treatment, condition, faq, treatment,
    treatment_condition, treatment_condition_note, treatment_reference, treatment_translation,
};
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

use super::{
    AftercareStep, ComplementaryLink, ComplementaryView, ConditionLink, ConditionLinkView, Faq,
    Reference, Seo, TreatmentContent, TreatmentRecord, TreatmentSummary, TreatmentText,
    TreatmentView,
};
use crate::content::change::not_found;
use crate::content::governance::ReviewState;
use crate::content::kind::EntryKind;
use crate::content::listing::{ListQuery, ListRow, Listing, Names};
use crate::content::pagination::Page;
use crate::content::status::Status;
use crate::content::validation::Errors;
use crate::content::values::{Range, Review};
use crate::content::{Scope, json_strings};
use crate::error::Result;
use crate::validated::{Locale, Slug};

/// Filters only treatment lists have.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TreatmentFilter {
    /// Only treatments linked to the condition with this slug.
    #[param(example = "hyperpigmentation")]
    pub condition: Option<String>,
    /// Only treatments whose medical review is `current`, falls due within the workspace's
    /// notice period (`due_soon`), or is `overdue`; never-reviewed treatments match none.
    #[param(example = "due_soon")]
    pub review: Option<String>,
}

/// Treatment `id` of the scope's workspace, text in every locale.
pub async fn load(db: &impl ConnectionTrait, scope: &Scope, id: Uuid) -> Result<TreatmentRecord> {
    let row = treatment::Entity::find_by_id(id)
        .filter(treatment::Column::WorkspaceId.eq(scope.workspace_id))
        .one(db)
        .await?
        .ok_or_else(|| not_found(EntryKind::Treatment, id))?;
    let content = load_content(db, &row).await?;
    Ok(TreatmentRecord {
        id: row.id,
        status: Status::stored(&row.status)?,
        version: row.version,
        created_at: row.created_at,
        updated_at: row.updated_at,
        published_at: row.published_at,
        publish_at: row.publish_at,
        review: Review::from_columns(
            (row.reviewer_name.clone(), row.reviewed_at),
            &row.review_accepted,
            &scope.governance,
        ),
        content,
    })
}

async fn load_content(
    db: &impl ConnectionTrait,
    row: &treatment::Model,
) -> Result<TreatmentContent> {
    let id = row.id;
    let mut translations: BTreeMap<String, TreatmentText> = treatment_translation::Entity::find()
        .filter(treatment_translation::Column::TreatmentId.eq(id))
        .all(db)
        .await?
        .into_iter()
        .map(|t| {
            let text = TreatmentText {
                name: t.name,
                also_known_as: json_strings(&t.also_known_as),
                summary: t.summary,
                body: t.body,
                downtime_notes: t.downtime_notes,
                results_timeline: t.results_timeline,
                contraindications: json_strings(&t.contraindications),
                side_effects: serde_json::from_value(t.side_effects).unwrap_or_default(),
                suitable_for: json_strings(&t.suitable_for),
                not_suitable_for: json_strings(&t.not_suitable_for),
                aftercare: Vec::new(),
                faqs: Vec::new(),
                seo: Seo { meta_title: t.seo_meta_title, meta_description: t.seo_meta_description },
            };
            (t.locale, text)
        })
        .collect();
    let steps = aftercare_step::Entity::find()
        .filter(aftercare_step::Column::TreatmentId.eq(id))
        .order_by_asc(aftercare_step::Column::Position)
        .all(db)
        .await?;
    for step in steps {
        if let Some(text) = translations.get_mut(&step.locale) {
            text.aftercare
                .push(AftercareStep { timing: step.timing, instruction: step.instruction });
        }
    }
    let faqs = faq::Entity::find()
        .filter(faq::Column::TreatmentId.eq(id))
        .order_by_asc(faq::Column::Position)
        .all(db)
        .await?;
    for item in faqs {
        if let Some(text) = translations.get_mut(&item.locale) {
            text.faqs.push(Faq { question: item.question, answer: item.answer });
        }
    }
    let references = treatment_reference::Entity::find()
        .filter(treatment_reference::Column::TreatmentId.eq(id))
        .order_by_asc(treatment_reference::Column::Position)
        .all(db)
        .await?
        .into_iter()
        .map(|r| Reference { title: r.title, url: r.url, year: r.year })
        .collect();
    Ok(TreatmentContent {
        slug: row.slug.clone(),
        procedure_minutes: Range::from_columns(
            row.procedure_minutes_min,
            row.procedure_minutes_max,
        ),
        sessions: Range::from_columns(row.sessions_min, row.sessions_max),
        session_interval_weeks: Range::from_columns(
            row.session_interval_weeks_min,
            row.session_interval_weeks_max,
        ),
        downtime_days: Range::from_columns(row.downtime_days_min, row.downtime_days_max),
        references,
        conditions: condition_links(db, id).await?,
        complementary: complementary_links(db, id).await?,
        media: super::media::load(db, id).await?,
        translations,
    })
}

async fn condition_links(db: &impl ConnectionTrait, id: Uuid) -> Result<Vec<ConditionLink>> {
    let links = treatment_condition::Entity::find()
        .filter(treatment_condition::Column::TreatmentId.eq(id))
        .find_also_related(condition::Entity)
        .order_by_asc(treatment_condition::Column::Position)
        .all(db)
        .await?;
    let notes = treatment_condition_note::Entity::find()
        .filter(treatment_condition_note::Column::TreatmentId.eq(id))
        .all(db)
        .await?;
    Ok(links
        .into_iter()
        .filter_map(|(link, condition)| {
            let condition = condition?;
            let notes = notes
                .iter()
                .filter(|note| note.condition_id == link.condition_id)
                .map(|note| (note.locale.clone(), note.notes.clone()))
                .collect();
            Some(ConditionLink {
                condition_id: link.condition_id,
                condition: condition.slug,
                sessions: Range::from_columns(link.sessions_min, link.sessions_max),
                notes,
            })
        })
        .collect())
}

async fn complementary_links(
    db: &impl ConnectionTrait,
    id: Uuid,
) -> Result<Vec<ComplementaryLink>> {
    let links = complementary_treatment::Entity::find()
        .filter(complementary_treatment::Column::TreatmentId.eq(id))
        .order_by_asc(complementary_treatment::Column::Position)
        .all(db)
        .await?;
    if links.is_empty() {
        return Ok(Vec::new());
    }
    let slugs: Vec<(Uuid, String)> = treatment::Entity::find()
        .select_only()
        .column(treatment::Column::Id)
        .column(treatment::Column::Slug)
        .filter(treatment::Column::Id.is_in(links.iter().map(|link| link.complementary_id)))
        .into_tuple()
        .all(db)
        .await?;
    let notes = complementary_note::Entity::find()
        .filter(complementary_note::Column::TreatmentId.eq(id))
        .all(db)
        .await?;
    Ok(links
        .into_iter()
        .filter_map(|link| {
            let (_, slug) = slugs.iter().find(|(other, _)| *other == link.complementary_id)?;
            let notes = notes
                .iter()
                .filter(|note| note.complementary_id == link.complementary_id)
                .map(|note| (note.locale.clone(), note.note.clone()))
                .collect();
            Some(ComplementaryLink {
                treatment_id: link.complementary_id,
                treatment: slug.clone(),
                min_spacing_weeks: link.min_spacing_weeks,
                notes,
            })
        })
        .collect())
}

/// `record` seen in `requested`.
pub fn view(record: TreatmentRecord, scope: &Scope, requested: &Locale) -> TreatmentView {
    let TreatmentRecord {
        id,
        status,
        version,
        created_at,
        updated_at,
        published_at,
        publish_at,
        review,
        content,
    } = record;
    let locales: Vec<String> = content.translations.keys().cloned().collect();
    let served = scope
        .served_locale(requested.as_str(), &locales)
        .unwrap_or_else(|| requested.as_str().to_owned());
    let mut translations = content.translations;
    let text = translations.remove(&served).unwrap_or_default();
    let conditions = content
        .conditions
        .into_iter()
        .map(|link| ConditionLinkView {
            notes: link.notes.get(&served).cloned(),
            condition: link.condition,
            sessions: link.sessions,
        })
        .collect();
    let complementary = content
        .complementary
        .into_iter()
        .map(|link| ComplementaryView {
            note: link.notes.get(&served).cloned(),
            treatment: link.treatment,
            min_spacing_weeks: link.min_spacing_weeks,
        })
        .collect();
    TreatmentView {
        id,
        slug: content.slug,
        locale: served,
        locales,
        name: text.name,
        also_known_as: text.also_known_as,
        summary: text.summary,
        body: text.body,
        procedure_minutes: content.procedure_minutes,
        sessions: content.sessions,
        session_interval_weeks: content.session_interval_weeks,
        downtime_days: content.downtime_days,
        downtime_notes: text.downtime_notes,
        results_timeline: text.results_timeline,
        contraindications: text.contraindications,
        side_effects: text.side_effects,
        suitable_for: text.suitable_for,
        not_suitable_for: text.not_suitable_for,
        aftercare: text.aftercare,
        faqs: text.faqs,
        conditions,
        complementary,
        media: content.media,
        references: content.references,
        seo: text.seo,
        version,
        status: status.as_str().to_owned(),
        created_at,
        updated_at,
        published_at,
        publish_at,
        review,
    }
}

/// A page of the scope's treatments.
pub async fn list(
    db: &impl ConnectionTrait,
    scope: &Scope,
    query: &ListQuery,
    filter: &TreatmentFilter,
) -> Result<Page<TreatmentSummary>> {
    let mut errors = Errors::new();
    let listing = Listing::parse(&mut errors, scope, query);
    let condition = filter
        .condition
        .as_deref()
        .map(str::trim)
        .filter(|slug| !slug.is_empty())
        .and_then(|slug| errors.slug("condition", slug));
    let review = filter.review.as_deref().map(str::trim).filter(|raw| !raw.is_empty());
    let review = review.and_then(|raw| {
        let state = ReviewState::parse(raw);
        if state.is_none() {
            errors.add("review", "must be current, due_soon or overdue");
        }
        state
    });
    let Some(listing) = listing.filter(|_| errors.is_empty()) else {
        return Err(errors.into_error());
    };
    let mut select = treatment::Entity::find();
    if let Some(condition) = &condition {
        select = select.filter(treatment::Column::Id.in_subquery(linked_to(scope, condition)));
    }
    if let Some(state) = review {
        select = select.filter(reviewed(scope, state));
    }
    let names = Names::<treatment_translation::Entity> {
        owner: treatment_translation::Column::TreatmentId,
        locale: treatment_translation::Column::Locale,
        name: treatment_translation::Column::Name,
    };
    let rows = listing.select(scope, &names, select).into_model::<ListRow>().all(db).await?;
    let texts = summaries(db, rows.iter().map(|row| row.id)).await?;
    let sort = listing.page.sort;
    Ok(listing.page.finish(
        rows,
        |row| row.position(sort),
        |row| {
            let mine: Vec<&(Uuid, String, String, String)> =
                texts.iter().filter(|(id, ..)| *id == row.id).collect();
            let locales: Vec<String> = mine.iter().map(|(_, locale, ..)| locale.clone()).collect();
            let served = scope
                .served_locale(listing.locale.as_str(), &locales)
                .unwrap_or_else(|| listing.locale.as_str().to_owned());
            let (name, summary) = mine
                .iter()
                .find(|(_, locale, ..)| *locale == served)
                .map(|(_, _, name, summary)| (name.clone(), summary.clone()))
                .unwrap_or_default();
            TreatmentSummary {
                id: row.id,
                slug: row.slug,
                locale: served,
                locales,
                name,
                summary,
                status: row.status,
                version: row.version,
                created_at: row.created_at,
                updated_at: row.updated_at,
                published_at: row.published_at,
            }
        },
    ))
}

/// Treatments whose review stands at `state` now, under the workspace's policy.
fn reviewed(scope: &Scope, state: ReviewState) -> sea_orm::Condition {
    let now = crate::content::values::now();
    let (overdue, due_soon) =
        (scope.governance.overdue_before(now), scope.governance.due_soon_before(now));
    let at = treatment::Column::ReviewedAt;
    match state {
        ReviewState::Overdue => sea_orm::Condition::all().add(at.lte(overdue)),
        ReviewState::DueSoon => sea_orm::Condition::all().add(at.gt(overdue)).add(at.lte(due_soon)),
        ReviewState::Current => sea_orm::Condition::all().add(at.gt(due_soon)),
    }
}

/// Ids of treatments linked to condition `slug` in the scope's workspace.
fn linked_to(scope: &Scope, slug: &Slug) -> sea_orm::sea_query::SelectStatement {
    Query::select()
        .column((treatment_condition::Entity, treatment_condition::Column::TreatmentId))
        .from(treatment_condition::Entity)
        .inner_join(
            condition::Entity,
            Expr::col((condition::Entity, condition::Column::Id))
                .equals((treatment_condition::Entity, treatment_condition::Column::ConditionId)),
        )
        .and_where(
            Expr::col((condition::Entity, condition::Column::WorkspaceId)).eq(scope.workspace_id),
        )
        .and_where(Expr::col((condition::Entity, condition::Column::Slug)).eq(slug.as_str()))
        .to_owned()
}

/// (treatment id, locale, name, summary) of every translation of `ids`.
async fn summaries(
    db: &impl ConnectionTrait,
    ids: impl Iterator<Item = Uuid>,
) -> Result<Vec<(Uuid, String, String, String)>> {
    let ids: Vec<Uuid> = ids.collect();
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(treatment_translation::Entity::find()
        .select_only()
        .columns([
            treatment_translation::Column::TreatmentId,
            treatment_translation::Column::Locale,
            treatment_translation::Column::Name,
            treatment_translation::Column::Summary,
        ])
        .filter(treatment_translation::Column::TreatmentId.is_in(ids))
        .order_by_asc(treatment_translation::Column::Locale)
        .into_tuple()
        .all(db)
        .await?)
}
