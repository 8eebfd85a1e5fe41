//! The body of an event, built inside the change's transaction: the entry as it now is, the
//! delivery paths whose answer changed and the surrogate keys a CDN purges by — enough for a
//! site to revalidate or purge without another request.

use chrono::{DateTime, SecondsFormat, Utc};
use entity::{
    complementary_treatment, offering, published_link, published_snapshot, treatment,
    treatment_condition, user,
};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::accounts::workspaces::{self, Workspace};
use crate::content::audit::Action;
use crate::content::events::Change;
use crate::content::kind::EntryKind;
use crate::delivery::surrogate_keys::{entry_key, workspace_key};
use crate::error::Result;

/// A published entry an event names: its kind and slug.
type Named = (EntryKind, String);

/// `{"type", "timestamp", "data"}`: what every endpoint receives.
pub fn envelope(event: &str, at: DateTime<Utc>, data: Value) -> Value {
    json!({
        "type": event,
        "timestamp": at.to_rfc3339_opts(SecondsFormat::Millis, true),
        "data": data,
    })
}

/// The `data` of the event `change` is.
pub async fn data_of(db: &impl ConnectionTrait, change: &Change) -> Result<Value> {
    let workspace = workspaces::get(db, change.workspace_id).await?;
    let entry = &change.entry;
    let mut named = vec![(change.kind, entry.slug.clone())];
    named.extend(embedding(db, change).await?);
    let actor = user::Entity::find_by_id(change.actor).one(db).await?;
    let mut data = json!({
        "workspace": workspace.slug,
        "kind": change.kind.as_str(),
        "id": entry.id,
        "slug": entry.slug,
        "locales": published_locales(db, change, &workspace).await?,
        "version": entry.version,
        "status": entry.status.map(|status| status.as_str()),
        "actor": {"id": change.actor, "name": actor.map(|actor| actor.display_name)},
        "paths": paths(&named, &workspace.locales),
        "surrogate_keys": surrogate_keys(&workspace.slug, &named),
    });
    if let Action::ReviewDue { overdue } = change.action {
        data["review"] = review_due(db, change, &workspace, overdue).await?;
    }
    Ok(data)
}

/// What a `review_due` event says of the review: who made it, when, when it falls due, and
/// whether that has passed.
async fn review_due(
    db: &impl ConnectionTrait,
    change: &Change,
    workspace: &Workspace,
    overdue: bool,
) -> Result<Value> {
    let row = treatment::Entity::find_by_id(change.entry.id).one(db).await?;
    let Some((reviewer, reviewed_at)) =
        row.and_then(|row| Some((row.reviewer_name, row.reviewed_at?)))
    else {
        return Ok(json!({"overdue": overdue}));
    };
    Ok(json!({
        "reviewer": reviewer,
        "reviewed_at": reviewed_at,
        "next_review_due": workspace.governance.next_review_due(reviewed_at),
        "overdue": overdue,
    }))
}

/// What a ping carries: the workspace, and nothing changed.
pub fn ping_data(workspace: &Workspace) -> Value {
    json!({"workspace": workspace.slug, "paths": [], "surrogate_keys": []})
}

/// The locales the entry is published in, or (taken down) every locale of the workspace.
async fn published_locales(
    db: &impl ConnectionTrait,
    change: &Change,
    workspace: &Workspace,
) -> Result<Vec<String>> {
    let mut locales: Vec<String> = published_snapshot::Entity::find()
        .select_only()
        .column(published_snapshot::Column::Locale)
        .filter(published_snapshot::Column::EntityType.eq(change.kind.as_str()))
        .filter(published_snapshot::Column::EntityId.eq(change.entry.id))
        .into_tuple()
        .all(db)
        .await?;
    if locales.is_empty() {
        locales.clone_from(&workspace.locales);
    }
    locales.sort();
    Ok(locales)
}

/// The published entries whose answer embeds the changed one: treatments treating a
/// condition; clinics offering, treatments combining with, and conditions treated by a
/// treatment.
async fn embedding(db: &impl ConnectionTrait, change: &Change) -> Result<Vec<Named>> {
    let (workspace, entry) = (change.workspace_id, &change.entry);
    let mut named = Vec::new();
    match change.kind {
        EntryKind::Condition => {
            let treatments: Vec<Uuid> = published_link::Entity::find()
                .select_only()
                .column(published_link::Column::EntityId)
                .filter(published_link::Column::WorkspaceId.eq(workspace))
                .filter(published_link::Column::EntityType.eq(EntryKind::Treatment.as_str()))
                .filter(published_link::Column::Relation.eq("condition"))
                .filter(published_link::Column::TargetSlug.eq(&entry.slug))
                .into_tuple()
                .all(db)
                .await?;
            named.extend(published(db, EntryKind::Treatment, treatments).await?);
        }
        EntryKind::Treatment => {
            let clinics: Vec<Uuid> = offering::Entity::find()
                .select_only()
                .column(offering::Column::ClinicId)
                .filter(offering::Column::TreatmentId.eq(entry.id))
                .into_tuple()
                .all(db)
                .await?;
            named.extend(published(db, EntryKind::Clinic, clinics).await?);
            let combining: Vec<Uuid> = complementary_treatment::Entity::find()
                .select_only()
                .column(complementary_treatment::Column::TreatmentId)
                .filter(complementary_treatment::Column::ComplementaryId.eq(entry.id))
                .into_tuple()
                .all(db)
                .await?;
            named.extend(published(db, EntryKind::Treatment, combining).await?);
            // A condition's answer lists its published treatments.
            let treated: Vec<Uuid> = treatment_condition::Entity::find()
                .select_only()
                .column(treatment_condition::Column::ConditionId)
                .filter(treatment_condition::Column::TreatmentId.eq(entry.id))
                .into_tuple()
                .all(db)
                .await?;
            named.extend(published(db, EntryKind::Condition, treated).await?);
        }
        EntryKind::Clinic | EntryKind::Offering | EntryKind::Media => {}
    }
    Ok(named)
}

/// The published slugs of entries `ids` of `kind`.
async fn published(
    db: &impl ConnectionTrait,
    kind: EntryKind,
    ids: Vec<Uuid>,
) -> Result<Vec<Named>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut slugs: Vec<String> = published_snapshot::Entity::find()
        .select_only()
        .column(published_snapshot::Column::Slug)
        .filter(published_snapshot::Column::EntityType.eq(kind.as_str()))
        .filter(published_snapshot::Column::EntityId.is_in(ids))
        .into_tuple()
        .all(db)
        .await?;
    slugs.sort();
    slugs.dedup();
    Ok(slugs.into_iter().map(|slug| (kind, slug)).collect())
}

/// The plural a delivery path names a kind by.
fn collection(kind: EntryKind) -> &'static str {
    match kind {
        EntryKind::Treatment => "treatments",
        EntryKind::Condition => "conditions",
        EntryKind::Clinic => "clinics",
        EntryKind::Offering => "offerings",
        EntryKind::Media => "media",
    }
}

/// Every delivery path whose answer names one of `named`: each entry's own paths and its
/// kind's list, bare (the default locale) and with each `?locale=`.
fn paths(named: &[Named], locales: &[String]) -> Vec<String> {
    let mut bare = Vec::new();
    for (kind, slug) in named {
        let collection = collection(*kind);
        bare.push(format!("/v1/{collection}/{slug}"));
        match kind {
            EntryKind::Treatment => bare.push(format!("/v1/treatments/{slug}/jsonld")),
            EntryKind::Clinic => bare.push(format!("/v1/clinics/{slug}/treatments")),
            EntryKind::Condition | EntryKind::Offering | EntryKind::Media => {}
        }
    }
    for (kind, _) in named {
        let list = format!("/v1/{}", collection(*kind));
        if !bare.contains(&list) {
            bare.push(list);
        }
    }
    let mut all = Vec::with_capacity(bare.len() * (locales.len() + 1));
    for path in bare {
        all.extend(locales.iter().map(|locale| format!("{path}?locale={locale}")));
        all.insert(all.len() - locales.len(), path);
    }
    all
}

/// The workspace's key and each named entry's, as delivery responses carry them.
fn surrogate_keys(workspace_slug: &str, named: &[Named]) -> Vec<String> {
    let mut keys = vec![workspace_key(workspace_slug)];
    for (kind, slug) in named {
        let key = entry_key(kind.as_str(), slug);
        if !keys.contains(&key) {
            keys.push(key);
        }
    }
    keys
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_condition_names_itself_and_the_treatments_embedding_it() {
        let named = vec![
            (EntryKind::Condition, "melasma".to_owned()),
            (EntryKind::Treatment, "microneedling".to_owned()),
        ];

        assert_eq!(
            surrogate_keys("demo", &named),
            ["workspace:demo", "condition:melasma", "treatment:microneedling"]
        );
        let paths = paths(&named, &["en".to_owned(), "fr".to_owned()]);
        assert_eq!(
            &paths[..3],
            [
                "/v1/conditions/melasma",
                "/v1/conditions/melasma?locale=en",
                "/v1/conditions/melasma?locale=fr"
            ]
        );
        assert!(paths.contains(&"/v1/treatments/microneedling?locale=fr".to_owned()));
        assert!(paths.contains(&"/v1/treatments".to_owned()));
        assert!(paths.contains(&"/v1/conditions".to_owned()));
    }
}
