//! The purge keys of delivery responses: every answer names what it contains, so a CDN in front
//! of Cutis (Fastly's `Surrogate-Key`, Cloudflare's `Cache-Tag`) can drop exactly the answers an
//! entry's change affects. Webhook payloads name changes with the same keys.
//!
//! `workspace:<slug>` is on every answer of a workspace; `treatment:<slug>`,
//! `condition:<slug>` and `clinic:<slug>` on every answer with that entry's content in it —
//! the entry itself, a list holding it, or a document embedding it (a treatment's conditions
//! and complementary treatments, the clinic of a merged offering, a clinic's offered
//! treatments, a condition's treatments).

use serde_json::Value;

use super::snapshots::SnapshotKind;

/// Most bytes either header carries: a full page of 100 treatments with typical slugs fits,
/// well under the 16 KB Fastly and Cloudflare accept. Keys past the cap are left out (the
/// embedded entries before a list's own items), the workspace key never.
pub const MAX_HEADER_BYTES: usize = 4_000;

/// The key of everything a workspace serves.
pub fn workspace_key(workspace_slug: &str) -> String {
    format!("workspace:{workspace_slug}")
}

/// The key of one entry: `kind` is `treatment`, `condition` or `clinic`.
pub fn entry_key(kind: &str, slug: &str) -> String {
    format!("{kind}:{slug}")
}

/// The keys of one answer, the workspace's first, then in the order added, each once.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SurrogateKeys {
    keys: Vec<String>,
}

impl SurrogateKeys {
    /// The keys of an answer of `workspace_slug`, with no entry in it yet.
    pub fn new(workspace_slug: &str) -> Self {
        Self { keys: vec![workspace_key(workspace_slug)] }
    }

    /// The keys of an answer holding `document`, one published document of `kind`.
    pub fn of_document(workspace_slug: &str, kind: SnapshotKind, document: &Value) -> Self {
        let mut keys = Self::new(workspace_slug);
        keys.add_documents(kind, std::slice::from_ref(document));
        keys
    }

    /// The keys of a delivery list body, `{"items": [...]}` of `kind`.
    pub fn of_list(workspace_slug: &str, kind: SnapshotKind, body: &Value) -> Self {
        let mut keys = Self::new(workspace_slug);
        keys.add_documents(kind, body["items"].as_array().map(Vec::as_slice).unwrap_or_default());
        keys
    }

    /// Adds the key of entry `slug` of `kind`.
    pub fn add(&mut self, kind: SnapshotKind, slug: &str) {
        let key = entry_key(kind.as_str(), slug);
        if !self.keys.contains(&key) {
            self.keys.push(key);
        }
    }

    /// Adds `documents` of `kind`: first every document's own entry, then what they embed, so
    /// the cap leaves out embedded entries before a list's own items.
    pub fn add_documents(&mut self, kind: SnapshotKind, documents: &[Value]) {
        for slug in documents.iter().filter_map(|document| document["slug"].as_str()) {
            self.add(kind, slug);
        }
        for document in documents {
            for (kind, slug) in embedded(kind, document) {
                self.add(kind, slug);
            }
        }
    }

    /// Every key, uncapped.
    pub fn keys(&self) -> &[String] {
        &self.keys
    }

    /// The `Surrogate-Key` header value: keys separated by spaces, at most
    /// [`MAX_HEADER_BYTES`].
    pub fn surrogate_key_header(&self) -> String {
        self.joined(" ")
    }

    /// The `Cache-Tag` header value: keys separated by commas, at most [`MAX_HEADER_BYTES`].
    pub fn cache_tag_header(&self) -> String {
        self.joined(",")
    }

    fn joined(&self, separator: &str) -> String {
        let mut joined = String::new();
        for key in &self.keys {
            let needed = if joined.is_empty() { key.len() } else { separator.len() + key.len() };
            if !joined.is_empty() && joined.len() + needed > MAX_HEADER_BYTES {
                break;
            }
            if !joined.is_empty() {
                joined.push_str(separator);
            }
            joined.push_str(key);
        }
        joined
    }
}

/// The other entries whose content `document` (of `kind`) carries.
fn embedded(kind: SnapshotKind, document: &Value) -> Vec<(SnapshotKind, &str)> {
    let mut found = Vec::new();
    let mut add = |kind: SnapshotKind, field: &str, inner: &str| {
        let items = document[field].as_array().into_iter().flatten();
        found.extend(items.filter_map(|item| item[inner].as_str()).map(|slug| (kind, slug)));
    };
    match kind {
        SnapshotKind::Treatment => {
            add(SnapshotKind::Condition, "conditions", "slug");
            add(SnapshotKind::Treatment, "complementary", "slug");
            if let Some(clinic) = document["offering"]["clinic"]["slug"].as_str() {
                found.push((SnapshotKind::Clinic, clinic));
            }
        }
        SnapshotKind::Condition => add(SnapshotKind::Treatment, "treatments", "slug"),
        SnapshotKind::Clinic => add(SnapshotKind::Treatment, "offerings", "treatment"),
    }
    found
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn a_treatment_names_its_workspace_itself_its_conditions_complements_and_clinic() {
        let document = json!({
            "slug": "microneedling",
            "conditions": [{"slug": "acne-scars"}, {"slug": "melasma"}],
            "complementary": [{"slug": "chemical-peel"}],
            "offering": {"clinic": {"slug": "scarborough"}}
        });

        let keys = SurrogateKeys::of_document("demo", SnapshotKind::Treatment, &document);

        assert_eq!(
            keys.surrogate_key_header(),
            "workspace:demo treatment:microneedling condition:acne-scars condition:melasma \
             treatment:chemical-peel clinic:scarborough"
        );
        assert!(keys.cache_tag_header().starts_with("workspace:demo,treatment:microneedling,"));
    }

    #[test]
    fn a_list_names_its_items_before_what_they_embed_and_each_key_once() {
        let body = json!({"items": [
            {"slug": "b", "conditions": [{"slug": "acne"}]},
            {"slug": "a", "conditions": [{"slug": "acne"}]},
        ]});

        let keys = SurrogateKeys::of_list("demo", SnapshotKind::Treatment, &body);

        assert_eq!(keys.keys(), ["workspace:demo", "treatment:b", "treatment:a", "condition:acne"]);
    }

    #[test]
    fn a_clinic_names_the_treatments_it_offers() {
        let document =
            json!({"slug": "scarborough", "offerings": [{"treatment": "microneedling"}]});

        let keys = SurrogateKeys::of_document("demo", SnapshotKind::Clinic, &document);

        assert_eq!(
            keys.keys(),
            ["workspace:demo", "clinic:scarborough", "treatment:microneedling"]
        );
    }

    #[test]
    fn keys_past_the_cap_are_left_out_and_the_workspace_key_stays() {
        let items: Vec<Value> =
            (0..500).map(|i| json!({"slug": format!("treatment-number-{i:04}")})).collect();

        let keys =
            SurrogateKeys::of_list("demo", SnapshotKind::Treatment, &json!({"items": items}));
        let header = keys.surrogate_key_header();

        assert!(header.len() <= MAX_HEADER_BYTES);
        assert!(header.starts_with("workspace:demo treatment:treatment-number-0000 "));
        assert!(!header.ends_with(' '));
        assert_eq!(keys.cache_tag_header().len(), header.len());
    }
}
