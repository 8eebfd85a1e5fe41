//! The `cutis-export/1` document: one workspace's content as JSON, for `cutis export` and
//! `cutis import` (and the demo library in `demo/`).
//!
//! These types are the file format, kept apart from the service's own types so that a change
//! inside Cutis cannot silently change what files contain. Serialization is deterministic:
//! fields in declaration order, locales in a `BTreeMap`, entries sorted by slug (the exporter
//! sorts), absent optional values omitted rather than written as `null`. Nothing in the file
//! names a database id or a time Cutis made up, so export → import → export is identical.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::content::governance::OverduePolicy;
use crate::content::governance::claims::Severity;
use crate::content::governance::rules::Matching;
use crate::content::offerings::Price;
use crate::content::values::Range;

/// The value of `format` this version reads and writes.
pub const FORMAT: &str = "cutis-export/1";

/// Text (or a note) by locale.
pub type ByLocale<T> = BTreeMap<String, T>;

fn is_empty<T>(map: &ByLocale<T>) -> bool {
    map.is_empty()
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Document {
    pub format: String,
    pub workspace: WorkspaceDoc,
    #[serde(default)]
    pub conditions: Vec<ConditionDoc>,
    #[serde(default)]
    pub treatments: Vec<TreatmentDoc>,
    #[serde(default)]
    pub clinics: Vec<ClinicDoc>,
    /// History, with `--revisions`; informational: an import starts history anew.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revisions: Option<Vec<RevisionDoc>>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WorkspaceDoc {
    pub slug: String,
    pub name: String,
    pub default_locale: String,
    pub locales: Vec<String>,
    #[serde(default)]
    pub cors_origins: Vec<String>,
    /// The review policy, when it is not the defaults.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub governance: Option<GovernanceDoc>,
    /// The shipped claim rules the workspace re-graded or switched off, then its own.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub claim_rules: Vec<ClaimRuleDoc>,
}

/// How long a medical review stays valid and what happens when it is overdue. Every field is
/// optional on import: an absent one keeps the default.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GovernanceDoc {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review_valid_months: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review_notice_days: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub overdue_policy: Option<OverduePolicy>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub required_fields: Vec<String>,
}

/// A claim rule: a shipped one (named by `shipped`) with the workspace's severity and switch,
/// or one of the workspace's own, with its locale (absent: every locale), phrase or pattern
/// and reason.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClaimRuleDoc {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shipped: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub matching: Option<Matching>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pattern: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    pub severity: Severity,
    pub enabled: bool,
}

/// Where an entry is in the workflow: the service's own [`Status`], whose spellings are
/// those stored in the database, so they are as stable as the file format. An import walks
/// each entry to its status.
pub use crate::content::Status;

/// The medical review recorded when the entry was approved.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReviewDoc {
    pub reviewer: String,
    pub reviewed_at: DateTime<Utc>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConditionDoc {
    pub slug: String,
    pub status: Status,
    /// Only on approved or published entries.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review: Option<ReviewDoc>,
    pub translations: ByLocale<ConditionTextDoc>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConditionTextDoc {
    pub name: String,
    #[serde(default)]
    pub synonyms: Vec<String>,
    #[serde(default)]
    pub summary: String,
    #[serde(default)]
    pub body: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TreatmentDoc {
    pub slug: String,
    pub status: Status,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub procedure_minutes: Option<Range>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sessions: Option<Range>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session_interval_weeks: Option<Range>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub downtime_days: Option<Range>,
    #[serde(default)]
    pub conditions: Vec<ConditionLinkDoc>,
    #[serde(default)]
    pub complementary: Vec<ComplementaryDoc>,
    #[serde(default)]
    pub references: Vec<ReferenceDoc>,
    /// Only on approved or published entries.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review: Option<ReviewDoc>,
    pub translations: ByLocale<TreatmentTextDoc>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConditionLinkDoc {
    /// The condition's slug.
    pub condition: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sessions: Option<Range>,
    #[serde(default, skip_serializing_if = "is_empty")]
    pub notes: ByLocale<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ComplementaryDoc {
    /// The other treatment's slug.
    pub treatment: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_spacing_weeks: Option<i32>,
    #[serde(default, skip_serializing_if = "is_empty")]
    pub note: ByLocale<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReferenceDoc {
    pub title: String,
    pub url: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<i32>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TreatmentTextDoc {
    pub name: String,
    #[serde(default)]
    pub also_known_as: Vec<String>,
    #[serde(default)]
    pub summary: String,
    #[serde(default)]
    pub body: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub downtime_notes: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub results_timeline: Option<String>,
    #[serde(default)]
    pub contraindications: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub side_effects: Vec<crate::content::treatments::SideEffect>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub suitable_for: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub not_suitable_for: Vec<String>,
    #[serde(default)]
    pub aftercare: Vec<AftercareDoc>,
    #[serde(default)]
    pub faqs: Vec<FaqDoc>,
    #[serde(default)]
    pub seo: SeoDoc,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AftercareDoc {
    pub timing: String,
    pub instruction: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FaqDoc {
    pub question: String,
    pub answer: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeoDoc {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meta_title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meta_description: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClinicDoc {
    pub slug: String,
    pub status: Status,
    pub country: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub booking_url: Option<String>,
    pub timezone: String,
    pub translations: ByLocale<ClinicTextDoc>,
    /// Sorted by treatment slug.
    #[serde(default)]
    pub offerings: Vec<OfferingDoc>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClinicTextDoc {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OfferingDoc {
    /// The treatment's slug; one offering per clinic and treatment.
    pub treatment: String,
    pub active: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub price_from: Option<Price>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration_minutes: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub booking_url: Option<String>,
    #[serde(default, skip_serializing_if = "is_empty")]
    pub notes: ByLocale<String>,
}

/// One revision of one entry, with the entry as it was (ids and times included).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RevisionDoc {
    /// `treatments/<slug>`, `conditions/<slug>`, `clinics/<slug>` or
    /// `clinics/<slug>/offerings/<treatment>`.
    pub entry: String,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    /// The author's display name; absent when the account is gone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    pub snapshot: Value,
}
