//! A workspace's review policy: how long a medical review stays valid, how early to warn that
//! one falls due, what an overdue entry does, and which fields a publish requires besides the
//! ones every treatment needs.

use chrono::{DateTime, Months, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::error::{Error, FieldError, Result};
use crate::validated::rules::{self, FieldRules, Rule};

/// How long a review stays valid when a workspace says nothing.
pub const DEFAULT_VALID_MONTHS: u32 = 12;
/// How many days before a review falls due the "due soon" notice goes out by default.
pub const DEFAULT_NOTICE_DAYS: u32 = 30;
const VALID_MONTHS: std::ops::RangeInclusive<u32> = 1..=60;
const NOTICE_DAYS: std::ops::RangeInclusive<u32> = 0..=365;

/// The rules [`Governance::changed`] applies, for the OpenAPI document.
pub fn schema_rules() -> Vec<(&'static str, Vec<FieldRules>)> {
    let within = |range: &std::ops::RangeInclusive<u32>| {
        Rule::Within(i64::from(*range.start()), i64::from(*range.end()))
    };
    let field = format!("^({})$", OPTIONAL_REQUIREMENTS.join("|").replace('.', "\\."));
    vec![(
        "GovernanceChanges",
        vec![
            FieldRules::new("review_valid_months", [within(&VALID_MONTHS)]),
            FieldRules::new("review_notice_days", [within(&NOTICE_DAYS)]),
            FieldRules::new("required_fields.[]", [rules::pattern(field)]),
        ],
    )]
}

/// Fields a workspace may add to the publish checklist, by their name in the treatment body.
pub const OPTIONAL_REQUIREMENTS: &[&str] = &[
    "summary",
    "body",
    "also_known_as",
    "procedure_minutes",
    "sessions",
    "session_interval_weeks",
    "downtime_notes",
    "results_timeline",
    "suitable_for",
    "not_suitable_for",
    "aftercare",
    "faqs",
    "conditions",
    "references",
    "seo.meta_title",
    "seo.meta_description",
];

/// What an entry whose review is overdue does.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum OverduePolicy {
    /// It stays published; admin lists and the checks show it overdue, and a notice is sent.
    #[default]
    Flag,
    /// The scheduler unpublishes it (back to draft) until it is reviewed and published again.
    Withdraw,
}

/// A workspace's medical governance settings.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Governance {
    /// How long a medical review stays valid, in months (1–60).
    #[schema(example = 12)]
    pub review_valid_months: u32,
    /// How many days before a review falls due `treatment.review_due` is announced (0–365).
    #[schema(example = 30)]
    pub review_notice_days: u32,
    /// What a published treatment whose review is overdue does: `flag` (stays, flagged) or
    /// `withdraw` (unpublished until reviewed again).
    pub overdue_policy: OverduePolicy,
    /// Fields a treatment needs before it can be published, besides a contraindication, side
    /// effects, downtime and a valid review, which every treatment needs.
    #[schema(example = json!(["summary", "aftercare"]))]
    pub required_fields: Vec<String>,
}

impl Default for Governance {
    fn default() -> Self {
        Self {
            review_valid_months: DEFAULT_VALID_MONTHS,
            review_notice_days: DEFAULT_NOTICE_DAYS,
            overdue_policy: OverduePolicy::Flag,
            required_fields: Vec::new(),
        }
    }
}

/// A change to the settings: the fields given replace the ones stored.
#[derive(Clone, Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct GovernanceChanges {
    #[schema(example = 12)]
    pub review_valid_months: Option<u32>,
    #[schema(example = 30)]
    pub review_notice_days: Option<u32>,
    pub overdue_policy: Option<OverduePolicy>,
    /// Replaces the whole list; each one of the fields `summary`, `body`, `also_known_as`,
    /// `procedure_minutes`, `sessions`, `session_interval_weeks`, `downtime_notes`,
    /// `results_timeline`, `suitable_for`, `not_suitable_for`, `aftercare`, `faqs`,
    /// `conditions`, `references`, `seo.meta_title`, `seo.meta_description`.
    pub required_fields: Option<Vec<String>>,
}

impl Governance {
    /// The settings stored in a workspace row; anything unreadable reads as the defaults, field
    /// by field.
    pub fn stored(value: &serde_json::Value) -> Self {
        let defaults = Self::default();
        let number = |field: &str, default: u32| {
            value[field].as_u64().and_then(|n| u32::try_from(n).ok()).unwrap_or(default)
        };
        Self {
            review_valid_months: number("review_valid_months", defaults.review_valid_months),
            review_notice_days: number("review_notice_days", defaults.review_notice_days),
            overdue_policy: serde_json::from_value(value["overdue_policy"].clone())
                .unwrap_or_default(),
            required_fields: crate::content::json_strings(&value["required_fields"]),
        }
    }

    /// These settings with `changes` applied, or every invalid field (`governance.<field>`).
    pub fn changed(&self, changes: GovernanceChanges) -> Result<Self> {
        let mut errors = Vec::new();
        let mut within = |field: &str, value: u32, range: std::ops::RangeInclusive<u32>| {
            if !range.contains(&value) {
                errors.push(FieldError::new(
                    format!("governance.{field}"),
                    format!("must be between {} and {}", range.start(), range.end()),
                ));
            }
            value
        };
        let mut next = self.clone();
        if let Some(months) = changes.review_valid_months {
            next.review_valid_months = within("review_valid_months", months, VALID_MONTHS);
        }
        if let Some(days) = changes.review_notice_days {
            next.review_notice_days = within("review_notice_days", days, NOTICE_DAYS);
        }
        if let Some(policy) = changes.overdue_policy {
            next.overdue_policy = policy;
        }
        if let Some(fields) = changes.required_fields {
            next.required_fields = Vec::with_capacity(fields.len());
            for (i, field) in fields.into_iter().enumerate() {
                if !OPTIONAL_REQUIREMENTS.contains(&field.as_str()) {
                    errors.push(FieldError::new(
                        format!("governance.required_fields[{i}]"),
                        format!("must be one of {}", OPTIONAL_REQUIREMENTS.join(", ")),
                    ));
                } else if !next.required_fields.contains(&field) {
                    next.required_fields.push(field);
                }
            }
        }
        if errors.is_empty() { Ok(next) } else { Err(Error::Validation(errors)) }
    }

    /// When a review made at `reviewed_at` falls due.
    pub fn next_review_due(&self, reviewed_at: DateTime<Utc>) -> DateTime<Utc> {
        reviewed_at
            .checked_add_months(Months::new(self.review_valid_months))
            .unwrap_or(DateTime::<Utc>::MAX_UTC)
    }

    /// Reviews made at or before this moment are overdue at `now`.
    pub fn overdue_before(&self, now: DateTime<Utc>) -> DateTime<Utc> {
        now.checked_sub_months(Months::new(self.review_valid_months))
            .unwrap_or(DateTime::<Utc>::MIN_UTC)
    }

    /// Reviews made at or before this moment fall due within the notice period at `now`.
    pub fn due_soon_before(&self, now: DateTime<Utc>) -> DateTime<Utc> {
        self.overdue_before(now + chrono::Duration::days(i64::from(self.review_notice_days)))
    }

    /// Where a review made at `reviewed_at` stands at `now`.
    pub fn review_state(&self, reviewed_at: DateTime<Utc>, now: DateTime<Utc>) -> ReviewState {
        if reviewed_at <= self.overdue_before(now) {
            ReviewState::Overdue
        } else if reviewed_at <= self.due_soon_before(now) {
            ReviewState::DueSoon
        } else {
            ReviewState::Current
        }
    }
}

/// Where a medical review stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ReviewState {
    Current,
    /// It falls due within the workspace's notice period.
    DueSoon,
    Overdue,
}

impl ReviewState {
    pub fn parse(raw: &str) -> Option<Self> {
        match raw {
            "current" => Some(Self::Current),
            "due_soon" => Some(Self::DueSoon),
            "overdue" => Some(Self::Overdue),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<Utc> {
        text.parse().unwrap()
    }

    #[test]
    fn a_review_is_current_then_due_soon_then_overdue() {
        let policy = Governance::default();
        let reviewed = at("2026-01-15T09:00:00Z");
        assert_eq!(policy.next_review_due(reviewed), at("2027-01-15T09:00:00Z"));
        assert_eq!(policy.review_state(reviewed, at("2026-12-01T00:00:00Z")), ReviewState::Current);
        assert_eq!(policy.review_state(reviewed, at("2026-12-20T00:00:00Z")), ReviewState::DueSoon);
        assert_eq!(policy.review_state(reviewed, at("2027-01-15T09:00:00Z")), ReviewState::Overdue);
    }

    #[test]
    fn unreadable_settings_read_as_the_defaults_field_by_field() {
        let stored = Governance::stored(
            &serde_json::json!({"review_valid_months": 6, "overdue_policy": "x"}),
        );
        assert_eq!(stored.review_valid_months, 6);
        assert_eq!(stored.review_notice_days, DEFAULT_NOTICE_DAYS);
        assert_eq!(stored.overdue_policy, OverduePolicy::Flag);
    }

    #[test]
    fn out_of_range_numbers_and_unknown_fields_are_refused_together() {
        let changes = GovernanceChanges {
            review_valid_months: Some(0),
            required_fields: Some(vec!["summary".into(), "price".into()]),
            ..GovernanceChanges::default()
        };
        let Err(Error::Validation(errors)) = Governance::default().changed(changes) else {
            panic!("expected a validation error");
        };
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["governance.review_valid_months", "governance.required_fields[1]"]);
    }
}
