//! A workspace's medical governance in the file: its review policy and its claim rules. They
//! are written when they differ from what Cutis ships, and read when an import creates the
//! workspace; a workspace that exists keeps its own, as it keeps its locales and CORS origins.

use sea_orm::{ConnectionTrait, TransactionTrait};
use uuid::Uuid;

use super::format::{ClaimRuleDoc, GovernanceDoc};
use crate::content::Scope;
use crate::content::governance::Governance;
use crate::content::governance::policy::GovernanceChanges;
use crate::content::governance::rules::{self, ClaimRuleChanges, NewClaimRule};
use crate::error::{Error, FieldError, Result};

/// The file's form of `governance`; `None` for the defaults.
pub fn governance_doc(governance: &Governance) -> Option<GovernanceDoc> {
    let defaults = Governance::default();
    (*governance != defaults).then(|| GovernanceDoc {
        review_valid_months: Some(governance.review_valid_months),
        review_notice_days: Some(governance.review_notice_days),
        overdue_policy: Some(governance.overdue_policy),
        required_fields: governance.required_fields.clone(),
    })
}

/// The rules of workspace `id` a file carries: shipped ones it changed, then its own.
pub async fn claim_rule_docs(db: &impl ConnectionTrait, id: Uuid) -> Result<Vec<ClaimRuleDoc>> {
    let listed = rules::list(db, id).await?;
    let docs = listed.into_iter().filter_map(|rule| match rule.source.as_str() {
        "shipped" => rule.updated_at.map(|_| ClaimRuleDoc {
            shipped: Some(rule.id),
            locale: None,
            matching: None,
            pattern: None,
            reason: None,
            severity: rule.severity,
            enabled: rule.enabled,
        }),
        _ => Some(ClaimRuleDoc {
            shipped: None,
            locale: rule.locale,
            matching: Some(rule.matching),
            pattern: Some(rule.pattern),
            reason: Some(rule.reason),
            severity: rule.severity,
            enabled: rule.enabled,
        }),
    });
    let mut docs: Vec<ClaimRuleDoc> = docs.collect();
    // Shipped first by name, then the workspace's own by locale and text: ids never enter
    // the file, so the order is the content's.
    docs.sort_by(|a, b| {
        (a.shipped.is_none(), &a.shipped, &a.locale, &a.pattern).cmp(&(
            b.shipped.is_none(),
            &b.shipped,
            &b.locale,
            &b.pattern,
        ))
    });
    Ok(docs)
}

/// The review policy `doc` describes, or its errors at `workspace.governance.…`.
pub fn governance_of(doc: Option<&GovernanceDoc>) -> Result<Governance> {
    let Some(doc) = doc else { return Ok(Governance::default()) };
    let changes = GovernanceChanges {
        review_valid_months: doc.review_valid_months,
        review_notice_days: doc.review_notice_days,
        overdue_policy: doc.overdue_policy,
        required_fields: Some(doc.required_fields.clone()),
    };
    Governance::default().changed(changes).map_err(|error| under("workspace", error))
}

/// Writes the file's claim rules into the workspace it just created, as the importer.
pub async fn apply_claim_rules<C>(db: &C, scope: &Scope, docs: &[ClaimRuleDoc]) -> Result<()>
where
    C: ConnectionTrait + TransactionTrait,
{
    for (index, doc) in docs.iter().enumerate() {
        let at = format!("workspace.claim_rules[{index}]");
        let applied = match &doc.shipped {
            Some(name) => {
                let changes = ClaimRuleChanges {
                    severity: Some(doc.severity),
                    enabled: Some(doc.enabled),
                    ..ClaimRuleChanges::default()
                };
                let unknown = |_| field(&format!("{at}.shipped"), "names no rule Cutis ships");
                rules::update(db, scope, name, changes).await.map_err(|error| {
                    if matches!(error, Error::NotFound(_)) { unknown(error) } else { error }
                })
            }
            None => {
                let new = new_rule(doc, &at)?;
                rules::create(db, scope, new).await
            }
        };
        applied.map_err(|error| under(&at, error))?;
    }
    Ok(())
}

/// A rule of the workspace's own: what it matches and why are required.
fn new_rule(doc: &ClaimRuleDoc, at: &str) -> Result<NewClaimRule> {
    let missing = |name: &str| field(&format!("{at}.{name}"), "is required for a rule of its own");
    Ok(NewClaimRule {
        locale: doc.locale.clone(),
        matching: doc.matching.ok_or_else(|| missing("matching"))?,
        pattern: doc.pattern.clone().ok_or_else(|| missing("pattern"))?,
        reason: doc.reason.clone().ok_or_else(|| missing("reason"))?,
        severity: doc.severity,
        enabled: Some(doc.enabled),
    })
}

fn field(path: &str, message: &str) -> Error {
    Error::Validation(vec![FieldError::new(path, message)])
}

/// `error`'s field errors placed under `prefix`; already placed ones (starting with
/// `workspace.`) stay where they are.
fn under(prefix: &str, error: Error) -> Error {
    match error {
        Error::Validation(errors) => Error::Validation(
            errors
                .into_iter()
                .map(|e| match e.field.starts_with("workspace.") {
                    true => e,
                    false => FieldError::new(format!("{prefix}.{}", e.field), e.message),
                })
                .collect(),
        ),
        other => other,
    }
}
