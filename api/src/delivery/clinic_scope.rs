//! A clinic in scope of a treatment read (a clinic filter, or a clinic-limited key): it limits
//! the treatments to those it offers and brings its offering of each.

use std::sync::Arc;

use serde_json::{Value, json};

use super::snapshots::Snapshot;

/// A published (or, in preview, draft) clinic whose offerings limit and enrich a treatment read.
#[derive(Clone, Debug)]
pub struct ClinicScope {
    snapshot: Arc<Snapshot>,
}

impl ClinicScope {
    /// The scope of the clinic in `snapshot`.
    pub fn new(snapshot: Arc<Snapshot>) -> Self {
        Self { snapshot }
    }

    /// The clinic's slug.
    pub fn slug(&self) -> &str {
        &self.snapshot.slug
    }

    /// The clinic's own snapshot.
    pub fn snapshot(&self) -> &Snapshot {
        &self.snapshot
    }

    /// The clinic's snapshot, without copying it when nothing else holds it.
    pub fn into_snapshot(self) -> Snapshot {
        Arc::unwrap_or_clone(self.snapshot)
    }

    /// Slugs of the treatments the clinic offers.
    pub fn treatment_slugs(&self) -> Vec<String> {
        self.offerings()
            .filter_map(|offering| offering["treatment"].as_str().map(str::to_owned))
            .collect()
    }

    /// Whether the clinic offers `treatment` (a slug).
    pub fn offers(&self, treatment: &str) -> bool {
        self.offerings().any(|offering| offering["treatment"] == treatment)
    }

    /// The clinic's offering of `treatment` as a treatment document carries it: without the
    /// treatment's slug, with the clinic named.
    pub fn offering(&self, treatment: &str) -> Option<Value> {
        let mut offering =
            self.offerings().find(|offering| offering["treatment"] == treatment)?.clone();
        if let Some(fields) = offering.as_object_mut() {
            fields.remove("treatment");
        }
        offering["clinic"] = json!({"slug": self.slug(), "name": self.snapshot.document["name"]});
        Some(offering)
    }

    fn offerings(&self) -> impl Iterator<Item = &Value> {
        self.snapshot.document["offerings"].as_array().into_iter().flatten()
    }
}

/// The treatment document, with the offering of the clinic in scope (if any) merged in.
pub fn with_offering(treatment: Snapshot, clinic: Option<&ClinicScope>) -> Value {
    let mut document = treatment.document;
    if let Some(offering) = clinic.and_then(|clinic| clinic.offering(&treatment.slug)) {
        document["offering"] = offering;
    }
    document
}

#[cfg(test)]
mod tests {
    use chrono::Utc;
    use uuid::Uuid;

    use super::*;

    fn snapshot(slug: &str, document: Value) -> Snapshot {
        Snapshot {
            entity_id: Uuid::new_v4(),
            slug: slug.into(),
            locale: "en".into(),
            document,
            published_at: Utc::now(),
        }
    }

    fn scarborough() -> ClinicScope {
        let document = json!({
            "slug": "scarborough", "name": "Scarborough clinic",
            "offerings": [{"treatment": "microneedling", "active": true, "duration_minutes": 60}]
        });
        ClinicScope::new(Arc::new(snapshot("scarborough", document)))
    }

    #[test]
    fn a_clinic_offers_only_the_treatments_in_its_offerings() {
        let clinic = scarborough();

        assert_eq!(clinic.treatment_slugs(), ["microneedling"]);
        assert!(clinic.offers("microneedling"));
        assert!(!clinic.offers("chemical-peel"));
        assert_eq!(clinic.offering("chemical-peel"), None);
    }

    #[test]
    fn the_offering_merged_into_a_treatment_names_the_clinic_instead_of_the_treatment() {
        let treatment = snapshot("microneedling", json!({"slug": "microneedling"}));

        let document = with_offering(treatment, Some(&scarborough()));

        assert_eq!(
            document["offering"],
            json!({
                "active": true, "duration_minutes": 60,
                "clinic": {"slug": "scarborough", "name": "Scarborough clinic"}
            })
        );
    }
}
