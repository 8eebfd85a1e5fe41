//! The publish checklist of a treatment: what every treatment needs before patients read it —
//! a contraindication and its side effects in every locale it has text in, its downtime, and
//! a medical review that has not fallen due — and the fields the workspace adds.

use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use super::policy::{Governance, ReviewState};
use crate::content::treatments::{TreatmentRecord, TreatmentText};

/// One item of the checklist.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, ToSchema)]
pub struct ChecklistItem {
    /// The field's path in the treatment body, or `review`.
    #[schema(example = "side_effects")]
    pub field: String,
    /// Whether the treatment has it.
    pub met: bool,
    /// What is missing, and where; `null` when met.
    #[schema(example = "missing in fr")]
    pub missing: Option<String>,
}

/// The checklist of `record` at `now`, every item, met or not.
pub fn of_treatment(
    record: &TreatmentRecord,
    governance: &Governance,
    now: DateTime<Utc>,
) -> Vec<ChecklistItem> {
    let content = &record.content;
    let mut items = vec![
        per_locale(record, "contraindications", |text| !text.contraindications.is_empty()),
        per_locale(record, "side_effects", |text| !text.side_effects.is_empty()),
        item(
            "downtime_days",
            content.downtime_days.is_some().then_some(()).ok_or_else(|| {
                "the downtime in days is not given (0 when there is none)".to_owned()
            }),
        ),
        item("review", review(record, governance, now)),
    ];
    for field in &governance.required_fields {
        items.push(required(record, field));
    }
    items
}

/// The checklist's item on `record`'s images: each has alt text, and each before and after is
/// a patient photo whose consent covers the website on `now`'s date.
pub async fn of_treatment_media(
    db: &impl sea_orm::ConnectionTrait,
    scope: &crate::content::Scope,
    record: &TreatmentRecord,
    now: DateTime<Utc>,
) -> crate::error::Result<Vec<ChecklistItem>> {
    let images = &record.content.media;
    if images.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<uuid::Uuid> = images.iter().map(|image| image.asset).collect();
    let assets = crate::content::media::load_many(db, scope, &ids).await?;
    let problems = crate::content::treatments::unpublishable(images, &assets, now.date_naive());
    let outcome = if problems.is_empty() { Ok(()) } else { Err(problems.join("; ")) };
    Ok(vec![item("media", outcome)])
}

/// The items of `checklist` that are not met, as the 422 of a refused publish names them.
pub fn unmet(checklist: &[ChecklistItem]) -> Vec<crate::error::FieldError> {
    checklist
        .iter()
        .filter(|item| !item.met)
        .map(|item| {
            let missing = item.missing.as_deref().unwrap_or("missing");
            crate::error::FieldError::new(&item.field, format!("is required to publish: {missing}"))
        })
        .collect()
}

fn item(field: &str, outcome: Result<(), String>) -> ChecklistItem {
    ChecklistItem { field: field.to_owned(), met: outcome.is_ok(), missing: outcome.err() }
}

/// Met when every locale the treatment has text in has it.
fn per_locale(
    record: &TreatmentRecord,
    field: &str,
    has: impl Fn(&TreatmentText) -> bool,
) -> ChecklistItem {
    let translations = &record.content.translations;
    let lacking: Vec<&str> =
        translations.iter().filter(|(_, text)| !has(text)).map(|(l, _)| l.as_str()).collect();
    let outcome = if translations.is_empty() {
        Err("the treatment has no text".to_owned())
    } else if lacking.is_empty() {
        Ok(())
    } else {
        Err(format!("missing in {}", lacking.join(", ")))
    };
    item(field, outcome)
}

fn review(
    record: &TreatmentRecord,
    governance: &Governance,
    now: DateTime<Utc>,
) -> Result<(), String> {
    let Some(review) = &record.review else {
        return Err("no medical review is recorded; a reviewer approves the treatment".to_owned());
    };
    match governance.review_state(review.reviewed_at, now) {
        ReviewState::Overdue => Err(format!(
            "the review of {} fell due on {}; submit it for a new review",
            review.reviewed_at.date_naive(),
            governance.next_review_due(review.reviewed_at).date_naive()
        )),
        ReviewState::Current | ReviewState::DueSoon => Ok(()),
    }
}

/// A field the workspace requires: shared numbers and lists must be given, text in every
/// locale.
fn required(record: &TreatmentRecord, field: &str) -> ChecklistItem {
    let content = &record.content;
    let shared = match field {
        "procedure_minutes" => Some(content.procedure_minutes.is_some()),
        "sessions" => Some(content.sessions.is_some()),
        "session_interval_weeks" => Some(content.session_interval_weeks.is_some()),
        "conditions" => Some(!content.conditions.is_empty()),
        "references" => Some(!content.references.is_empty()),
        _ => None,
    };
    if let Some(given) = shared {
        return item(field, if given { Ok(()) } else { Err("not given".to_owned()) });
    }
    per_locale(record, field, |text| match field {
        "summary" => !text.summary.trim().is_empty(),
        "body" => !text.body.trim().is_empty(),
        "also_known_as" => !text.also_known_as.is_empty(),
        "downtime_notes" => text.downtime_notes.is_some(),
        "results_timeline" => text.results_timeline.is_some(),
        "suitable_for" => !text.suitable_for.is_empty(),
        "not_suitable_for" => !text.not_suitable_for.is_empty(),
        "aftercare" => !text.aftercare.is_empty(),
        "faqs" => !text.faqs.is_empty(),
        "seo.meta_title" => text.seo.meta_title.is_some(),
        "seo.meta_description" => text.seo.meta_description.is_some(),
        _ => true,
    })
}
