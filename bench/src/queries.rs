//! The GraphQL queries that stand for the REST routes: the same fields the REST documents
//! carry, so the two APIs are compared on equal answers.

/// Every field of a treatment that `GET /v1/treatments/{slug}` returns.
const TREATMENT_FIELDS: &str = "slug locale name alsoKnownAs summary body
    procedureMinutes { min max } sessions { min max } sessionIntervalWeeks { min max }
    downtimeDays { min max } downtimeNotes resultsTimeline contraindications
    aftercare { timing instruction } faqs { question answer } references { title url year }
    seo { metaTitle metaDescription } review { reviewer reviewedAt } version publishedAt
    conditions { slug name sessions { min max } notes }
    complementary { slug name minSpacingWeeks note }";

/// `GET /v1/treatments/{slug}` as GraphQL.
pub fn one(slug: &str) -> String {
    format!("{{ treatment(slug: \"{slug}\") {{ {TREATMENT_FIELDS} }} }}")
}

/// `GET /v1/treatments?limit=20` as GraphQL.
pub fn list() -> String {
    format!(
        "{{ treatments(first: 20) {{ nodes {{ {TREATMENT_FIELDS} }} pageInfo {{ endCursor }} }} }}"
    )
}

/// The statement budget of the performance targets: 20 treatments with their conditions (resolved to the
/// condition entries) and FAQs, at most 3 SQL statements.
pub const NESTED: &str = "{ treatments(first: 20) { nodes { slug name faqs { question answer }
    conditions { slug sessions { min max } condition { name synonyms summary } } } } }";
