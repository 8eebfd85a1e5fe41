//! `cutis export`: one workspace's content as a [`Document`], read through the content
//! service's own `load` functions so the file holds exactly what a revision would.

use std::collections::HashMap;

use entity::{clinic, condition, revision, treatment, user};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};
use uuid::Uuid;

use super::format::*;
use super::settings;
use crate::accounts::workspaces::Workspace;
use crate::content::clinics::ClinicRecord;
use crate::content::conditions::ConditionRecord;
use crate::content::lookup::SlugColumn;
use crate::content::offerings::OfferingRecord;
use crate::content::treatments::TreatmentRecord;
use crate::content::values::Review;
use crate::content::{Scope, clinics, conditions, offerings, treatments};
use crate::error::Result;

/// The content of `workspace`, entries sorted by slug; with its revisions when asked.
pub async fn export(
    db: &impl ConnectionTrait,
    workspace: &Workspace,
    with_revisions: bool,
) -> Result<Document> {
    let scope = Scope::of_workspace(workspace, Uuid::nil());
    // Where each entry's revisions belong, by entry id.
    let mut entries: HashMap<Uuid, String> = HashMap::new();
    let mut document = Document {
        format: FORMAT.to_owned(),
        workspace: WorkspaceDoc {
            slug: workspace.slug.clone(),
            name: workspace.name.clone(),
            default_locale: workspace.default_locale.clone(),
            locales: workspace.locales.clone(),
            cors_origins: workspace.cors_origins.clone(),
            governance: settings::governance_doc(&workspace.governance),
            claim_rules: settings::claim_rule_docs(db, workspace.id).await?,
        },
        conditions: Vec::new(),
        treatments: Vec::new(),
        clinics: Vec::new(),
        revisions: None,
    };
    for (id, slug) in ids::<condition::Entity>(db, workspace.id).await? {
        entries.insert(id, format!("conditions/{slug}"));
        document.conditions.push(condition_doc(conditions::load(db, &scope, id).await?));
    }
    for (id, slug) in ids::<treatment::Entity>(db, workspace.id).await? {
        entries.insert(id, format!("treatments/{slug}"));
        document.treatments.push(treatment_doc(treatments::load(db, &scope, id).await?));
    }
    for (id, slug) in ids::<clinic::Entity>(db, workspace.id).await? {
        entries.insert(id, format!("clinics/{slug}"));
        let offered = offerings::all_of_clinic(db, &scope, id).await?;
        for offering in &offered {
            entries.insert(offering.id, format!("clinics/{slug}/offerings/{}", offering.treatment));
        }
        document.clinics.push(clinic_doc(clinics::load(db, &scope, id).await?, offered));
    }
    if with_revisions {
        document.revisions = Some(revisions(db, workspace.id, &entries).await?);
    }
    Ok(document)
}

/// The document as the file holds it: pretty-printed, ending with a newline.
pub fn to_json(document: &Document) -> Result<String> {
    let mut text = serde_json::to_string_pretty(document).map_err(|error| {
        crate::error::Error::Internal(format!("cannot write the export: {error}"))
    })?;
    text.push('\n');
    Ok(text)
}

/// (id, slug) of every entry of `E` in the workspace, by slug. Sorted here rather than by the
/// database, whose collation (PostgreSQL's ignores hyphens) would make files differ by engine.
async fn ids<E: SlugColumn>(
    db: &impl ConnectionTrait,
    workspace_id: Uuid,
) -> Result<Vec<(Uuid, String)>> {
    let mut found: Vec<(Uuid, String)> = E::find()
        .select_only()
        .column(E::ID)
        .column(E::SLUG)
        .filter(E::WORKSPACE.eq(workspace_id))
        .into_tuple()
        .all(db)
        .await?;
    found.sort_by(|a, b| a.1.cmp(&b.1));
    Ok(found)
}

/// The review is carried only where it vouches for the current content: an entry edited after
/// approval is a draft again, and its old review does not cover the new text.
fn review_doc(status: Status, review: Option<Review>) -> Option<ReviewDoc> {
    let review = review.filter(|_| status.is_reviewed())?;
    Some(ReviewDoc { reviewer: review.reviewer, reviewed_at: review.reviewed_at })
}

pub(super) fn condition_doc(record: ConditionRecord) -> ConditionDoc {
    let status = record.status;
    ConditionDoc {
        slug: record.slug,
        status,
        review: review_doc(status, record.review),
        translations: record
            .translations
            .into_iter()
            .map(|(locale, text)| {
                let text = ConditionTextDoc {
                    name: text.name,
                    synonyms: text.synonyms,
                    summary: text.summary,
                    body: text.body,
                };
                (locale, text)
            })
            .collect(),
    }
}

pub(super) fn treatment_doc(record: TreatmentRecord) -> TreatmentDoc {
    let status = record.status;
    let content = record.content;
    TreatmentDoc {
        slug: content.slug,
        status,
        procedure_minutes: content.procedure_minutes,
        sessions: content.sessions,
        session_interval_weeks: content.session_interval_weeks,
        downtime_days: content.downtime_days,
        conditions: content
            .conditions
            .into_iter()
            .map(|link| ConditionLinkDoc {
                condition: link.condition,
                sessions: link.sessions,
                notes: link.notes,
            })
            .collect(),
        complementary: content
            .complementary
            .into_iter()
            .map(|link| ComplementaryDoc {
                treatment: link.treatment,
                min_spacing_weeks: link.min_spacing_weeks,
                note: link.notes,
            })
            .collect(),
        references: content
            .references
            .into_iter()
            .map(|r| ReferenceDoc { title: r.title, url: r.url, year: r.year })
            .collect(),
        review: review_doc(status, record.review),
        translations: content
            .translations
            .into_iter()
            .map(|(locale, text)| {
                let text = TreatmentTextDoc {
                    name: text.name,
                    also_known_as: text.also_known_as,
                    summary: text.summary,
                    body: text.body,
                    downtime_notes: text.downtime_notes,
                    results_timeline: text.results_timeline,
                    contraindications: text.contraindications,
                    side_effects: text.side_effects,
                    suitable_for: text.suitable_for,
                    not_suitable_for: text.not_suitable_for,
                    aftercare: text
                        .aftercare
                        .into_iter()
                        .map(|s| AftercareDoc { timing: s.timing, instruction: s.instruction })
                        .collect(),
                    faqs: text
                        .faqs
                        .into_iter()
                        .map(|faq| FaqDoc { question: faq.question, answer: faq.answer })
                        .collect(),
                    seo: SeoDoc {
                        meta_title: text.seo.meta_title,
                        meta_description: text.seo.meta_description,
                    },
                };
                (locale, text)
            })
            .collect(),
    }
}

pub(super) fn clinic_doc(record: ClinicRecord, offered: Vec<OfferingRecord>) -> ClinicDoc {
    ClinicDoc {
        slug: record.slug,
        status: record.status,
        country: record.country,
        phone: record.phone,
        booking_url: record.booking_url,
        timezone: record.timezone,
        translations: record
            .translations
            .into_iter()
            .map(|(locale, text)| {
                let text = ClinicTextDoc {
                    name: text.name,
                    address: text.address,
                    city: text.city,
                    region: text.region,
                };
                (locale, text)
            })
            .collect(),
        offerings: offered.into_iter().map(offering_doc).collect(),
    }
}

fn offering_doc(record: OfferingRecord) -> OfferingDoc {
    OfferingDoc {
        treatment: record.treatment,
        active: record.active,
        price_from: record.price_from,
        duration_minutes: record.duration_minutes,
        booking_url: record.booking_url,
        notes: record.notes,
    }
}

/// Every revision of the entries in `entries`, by entry then version. Revisions of deleted
/// entries are left out: there is no entry left to file them under.
async fn revisions(
    db: &impl ConnectionTrait,
    workspace_id: Uuid,
    entries: &HashMap<Uuid, String>,
) -> Result<Vec<RevisionDoc>> {
    let rows = revision::Entity::find()
        .filter(revision::Column::WorkspaceId.eq(workspace_id))
        .all(db)
        .await?;
    let mut author_ids: Vec<Uuid> = rows.iter().filter_map(|row| row.author_id).collect();
    author_ids.sort();
    author_ids.dedup();
    let authors: HashMap<Uuid, String> = user::Entity::find()
        .select_only()
        .column(user::Column::Id)
        .column(user::Column::DisplayName)
        .filter(user::Column::Id.is_in(author_ids))
        .into_tuple::<(Uuid, String)>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let mut found: Vec<RevisionDoc> = rows
        .into_iter()
        .filter_map(|row| {
            Some(RevisionDoc {
                entry: entries.get(&row.entity_id)?.clone(),
                version: row.version,
                created_at: row.created_at,
                author: row.author_id.and_then(|id| authors.get(&id).cloned()),
                note: row.note,
                snapshot: row.snapshot,
            })
        })
        .collect();
    found.sort_by(|a, b| a.entry.cmp(&b.entry).then(a.version.cmp(&b.version)));
    Ok(found)
}
