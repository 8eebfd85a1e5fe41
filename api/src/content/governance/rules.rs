//! A workspace's claim rules: the shipped ones ([`super::defaults`]), each of which the
//! workspace may re-grade or switch off, and its own phrases and patterns. Rows of
//! `claim_rules` hold both: an override names the shipped rule in `builtin`.

use chrono::{DateTime, Utc};
use entity::claim_rule;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
    TransactionSession, TransactionTrait,
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::claims::{CompiledRule, Severity, compile_pattern, phrase_pattern};
use super::defaults::{self, DEFAULT_RULES, DefaultRule};
use crate::content::Scope;
use crate::content::audit::{self, Setting};
use crate::error::{Error, FieldError, Result};
use crate::validated::Locale;
use crate::validated::rules::{self as schema, FieldRules};

const MAX_PATTERN: usize = 300;
const MAX_REASON: usize = 1_000;
/// How many rules of its own a workspace may have.
const MAX_RULES: usize = 500;

/// How a rule's text is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Matching {
    /// Whole words, in order, ignoring case, accents and punctuation between them.
    Phrase,
    /// A regular expression (no look-around or back-references), run case-insensitively over
    /// the text lowercased and without accents.
    Pattern,
}

impl Matching {
    fn as_str(self) -> &'static str {
        match self {
            Self::Phrase => "phrase",
            Self::Pattern => "pattern",
        }
    }
}

/// A claim rule as the API shows it.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct ClaimRule {
    /// A shipped rule's name (`en-cure`) or the id of one of the workspace's own.
    #[schema(example = "en-cure")]
    pub id: String,
    /// Whether Cutis ships the rule (`shipped`: only `severity` and `enabled` change) or the
    /// workspace wrote it (`workspace`).
    #[schema(example = "shipped")]
    pub source: String,
    /// The locale it checks (`en` checks `en-GB` too); `null` checks every locale.
    #[schema(example = "en")]
    pub locale: Option<String>,
    pub matching: Matching,
    #[schema(example = "\\bcur(e|es|ed|ing)\\b")]
    pub pattern: String,
    #[schema(
        example = "A cosmetic treatment improves a condition; promising a cure is not allowed."
    )]
    pub reason: String,
    pub severity: Severity,
    pub enabled: bool,
    /// When the workspace last changed it; `null` for a shipped rule it never touched.
    pub updated_at: Option<DateTime<Utc>>,
}

/// A new rule of the workspace's own.
#[derive(Clone, Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "locale": "en", "matching": "phrase", "pattern": "miracle",
    "reason": "Nothing a clinic offers is a miracle.", "severity": "block"
}))]
pub struct NewClaimRule {
    /// One of the workspace's locales; absent for every locale.
    pub locale: Option<String>,
    pub matching: Matching,
    /// The phrase or pattern, 1–300 characters.
    pub pattern: String,
    /// What the finding tells the editor, 1–1,000 characters.
    pub reason: String,
    pub severity: Severity,
    /// Defaults to true.
    pub enabled: Option<bool>,
}

/// A change to a rule; a shipped rule takes only `severity` and `enabled`.
#[derive(Clone, Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ClaimRuleChanges {
    #[serde(default, deserialize_with = "crate::content::validation::nullable")]
    #[schema(value_type = Option<String>)]
    pub locale: Option<Option<String>>,
    pub matching: Option<Matching>,
    pub pattern: Option<String>,
    pub reason: Option<String>,
    pub severity: Option<Severity>,
    pub enabled: Option<bool>,
}

/// The rules of the request bodies, for the OpenAPI document.
pub fn schema_rules() -> Vec<(&'static str, Vec<FieldRules>)> {
    let fields = || {
        vec![
            FieldRules::new("locale", Locale::rules()),
            FieldRules::new("pattern", schema::required_text(MAX_PATTERN)),
            FieldRules::new("reason", schema::required_text(MAX_REASON)),
        ]
    };
    vec![("NewClaimRule", fields()), ("ClaimRuleChanges", fields())]
}

fn shipped(rule: &DefaultRule, row: Option<&claim_rule::Model>) -> ClaimRule {
    ClaimRule {
        id: rule.id.to_owned(),
        source: "shipped".to_owned(),
        locale: Some(rule.locale.to_owned()),
        matching: Matching::Pattern,
        pattern: rule.pattern.to_owned(),
        reason: rule.reason.to_owned(),
        severity: row.and_then(|row| Severity::parse(&row.severity)).unwrap_or(rule.severity),
        enabled: row.is_none_or(|row| row.enabled),
        updated_at: row.map(|row| row.updated_at),
    }
}

fn own(row: claim_rule::Model) -> ClaimRule {
    ClaimRule {
        id: row.id.to_string(),
        source: "workspace".to_owned(),
        locale: row.locale,
        matching: if row.matching == "phrase" { Matching::Phrase } else { Matching::Pattern },
        pattern: row.pattern,
        reason: row.reason,
        severity: Severity::parse(&row.severity).unwrap_or(Severity::Warn),
        enabled: row.enabled,
        updated_at: Some(row.updated_at),
    }
}

/// Every rule of the workspace: the shipped ones first, then its own, oldest first.
pub async fn list(db: &impl ConnectionTrait, workspace: Uuid) -> Result<Vec<ClaimRule>> {
    let rows = claim_rule::Entity::find()
        .filter(claim_rule::Column::WorkspaceId.eq(workspace))
        .order_by_asc(claim_rule::Column::CreatedAt)
        .order_by_asc(claim_rule::Column::Id)
        .all(db)
        .await?;
    let mut rules: Vec<ClaimRule> = DEFAULT_RULES
        .iter()
        .map(|rule| {
            let row = rows.iter().find(|row| row.builtin.as_deref() == Some(rule.id));
            shipped(rule, row)
        })
        .collect();
    rules.extend(rows.into_iter().filter(|row| row.builtin.is_none()).map(own));
    Ok(rules)
}

/// The enabled rules of the workspace, ready to run.
pub async fn compiled(db: &impl ConnectionTrait, workspace: Uuid) -> Result<Vec<CompiledRule>> {
    let mut compiled = Vec::new();
    for rule in list(db, workspace).await?.into_iter().filter(|rule| rule.enabled) {
        let source = match rule.matching {
            Matching::Phrase => phrase_pattern(&rule.pattern),
            Matching::Pattern => rule.pattern.clone(),
        };
        // Saved rules were compiled when saved; one that no longer compiles is skipped.
        let Ok(matcher) = compile_pattern(&source) else {
            tracing::warn!(rule = %rule.id, "a claim rule no longer compiles; skipped");
            continue;
        };
        let ClaimRule { id, locale, reason, severity, .. } = rule;
        compiled.push(CompiledRule { id, locale, reason, severity, matcher });
    }
    Ok(compiled)
}

/// One rule of the workspace, by its id or a shipped rule's name.
pub async fn get(db: &impl ConnectionTrait, workspace: Uuid, id: &str) -> Result<ClaimRule> {
    list(db, workspace)
        .await?
        .into_iter()
        .find(|rule| rule.id == id)
        .ok_or_else(|| Error::NotFound(format!("claim rule '{id}' was not found")))
}

/// Checked fields of a rule, reported together.
struct Checked {
    locale: Option<String>,
    pattern: String,
    reason: String,
}

fn check_fields(
    locales: &[String],
    locale: Option<&str>,
    (matching, pattern): (Matching, &str),
    reason: &str,
) -> Result<Checked> {
    let mut errors = Vec::new();
    let locale = locale.and_then(|raw| match Locale::parse(raw) {
        Ok(locale) if locales.iter().any(|l| l == locale.as_str()) => {
            Some(locale.as_str().to_owned())
        }
        Ok(_) => {
            let offered = locales.join(", ");
            errors.push(FieldError::new("locale", format!("must be one of {offered}")));
            None
        }
        Err(message) => {
            errors.push(FieldError::new("locale", message));
            None
        }
    });
    let pattern = required_text(&mut errors, "pattern", pattern, MAX_PATTERN);
    if !pattern.is_empty() {
        let source = match matching {
            Matching::Phrase => phrase_pattern(&pattern),
            Matching::Pattern => pattern.clone(),
        };
        match compile_pattern(&source) {
            Ok(matcher) if matcher.is_match("") => {
                errors.push(FieldError::new("pattern", "must not match empty text"));
            }
            Ok(_) => {}
            Err(message) => errors.push(FieldError::new("pattern", message)),
        }
    }
    let reason = required_text(&mut errors, "reason", reason, MAX_REASON);
    if errors.is_empty() {
        Ok(Checked { locale, pattern, reason })
    } else {
        Err(Error::Validation(errors))
    }
}

/// `raw` trimmed; an error on `field` unless it is 1 to `max` characters.
fn required_text(errors: &mut Vec<FieldError>, field: &str, raw: &str, max: usize) -> String {
    let value = raw.trim();
    if value.is_empty() || value.chars().count() > max {
        errors.push(FieldError::new(field, format!("must be 1 to {max} characters long")));
    }
    value.to_owned()
}

/// Adds a rule of the workspace's own, audited as `claim_rule.create`.
pub async fn create<C>(db: &C, scope: &Scope, new: NewClaimRule) -> Result<ClaimRule>
where
    C: ConnectionTrait + TransactionTrait,
{
    let txn = db.begin().await?;
    let (row, rule) = insert_own(&txn, (scope.workspace_id, &scope.locales), new).await?;
    let detail = serde_json::json!({ "rule": audited(&rule) });
    audit::record_setting(&txn, scope, (Setting::ClaimRule, row), "create", detail).await?;
    txn.commit().await?;
    Ok(rule)
}

/// Changes a rule, audited as `claim_rule.update` with what changed; a shipped rule only
/// takes `severity` and `enabled`.
pub async fn update<C>(
    db: &C,
    scope: &Scope,
    id: &str,
    changes: ClaimRuleChanges,
) -> Result<ClaimRule>
where
    C: ConnectionTrait + TransactionTrait,
{
    let txn = db.begin().await?;
    let before = get(&txn, scope.workspace_id, id).await?;
    let (row, rule) = change(&txn, (scope.workspace_id, &scope.locales), id, changes).await?;
    if let Some(changed) = audit::changed(&audited(&before), &audited(&rule)) {
        let detail = serde_json::json!({ "rule": rule.id, "changed": changed });
        audit::record_setting(&txn, scope, (Setting::ClaimRule, row), "update", detail).await?;
    }
    txn.commit().await?;
    Ok(rule)
}

/// Deletes a rule of the workspace's own, audited as `claim_rule.delete`; a shipped rule is
/// switched off instead (409).
pub async fn delete<C>(db: &C, scope: &Scope, id: &str) -> Result<()>
where
    C: ConnectionTrait + TransactionTrait,
{
    if defaults::find(id).is_some() {
        return Err(Error::Conflict(format!(
            "'{id}' is a shipped rule: switch it off with {{\"enabled\": false}} instead"
        )));
    }
    let txn = db.begin().await?;
    let row = own_row(&txn, scope.workspace_id, id).await?;
    let row_id = row.id;
    let detail = serde_json::json!({ "rule": audited(&own(row)) });
    claim_rule::Entity::delete_by_id(row_id).exec(&txn).await?;
    audit::record_setting(&txn, scope, (Setting::ClaimRule, row_id), "delete", detail).await?;
    txn.commit().await?;
    Ok(())
}

/// A rule as its audit rows show it: everything but the time it changed, which the row has.
fn audited(rule: &ClaimRule) -> serde_json::Value {
    let mut value = serde_json::to_value(rule).unwrap_or_default();
    if let Some(fields) = value.as_object_mut() {
        fields.remove("updated_at");
    }
    value
}

async fn insert_own(
    db: &impl ConnectionTrait,
    (workspace, locales): (Uuid, &[String]),
    new: NewClaimRule,
) -> Result<(Uuid, ClaimRule)> {
    let checked =
        check_fields(locales, new.locale.as_deref(), (new.matching, &new.pattern), &new.reason)?;
    let count = claim_rule::Entity::find()
        .filter(claim_rule::Column::WorkspaceId.eq(workspace))
        .filter(claim_rule::Column::Builtin.is_null())
        .all(db)
        .await?
        .len();
    if count >= MAX_RULES {
        return Err(Error::Conflict(format!(
            "a workspace has at most {MAX_RULES} rules of its own"
        )));
    }
    let now = Utc::now();
    let row = claim_rule::ActiveModel {
        id: Set(Uuid::now_v7()),
        workspace_id: Set(workspace),
        builtin: Set(None),
        locale: Set(checked.locale),
        matching: Set(new.matching.as_str().to_owned()),
        pattern: Set(checked.pattern),
        reason: Set(checked.reason),
        severity: Set(new.severity.as_str().to_owned()),
        enabled: Set(new.enabled.unwrap_or(true)),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(db)
    .await?;
    Ok((row.id, own(row)))
}

async fn change(
    db: &impl ConnectionTrait,
    (workspace, locales): (Uuid, &[String]),
    id: &str,
    changes: ClaimRuleChanges,
) -> Result<(Uuid, ClaimRule)> {
    if let Some(rule) = defaults::find(id) {
        return regrade(db, workspace, rule, changes).await;
    }
    let row = own_row(db, workspace, id).await?;
    let matching = changes.matching.map_or(row.matching.clone(), |m| m.as_str().to_owned());
    let matching_kind = if matching == "phrase" { Matching::Phrase } else { Matching::Pattern };
    let locale = changes.locale.unwrap_or_else(|| row.locale.clone());
    let pattern = changes.pattern.unwrap_or_else(|| row.pattern.clone());
    let reason = changes.reason.unwrap_or_else(|| row.reason.clone());
    let checked = check_fields(locales, locale.as_deref(), (matching_kind, &pattern), &reason)?;
    let severity = changes.severity.map(Severity::as_str);
    let mut active: claim_rule::ActiveModel = row.into();
    active.locale = Set(checked.locale);
    active.matching = Set(matching);
    active.pattern = Set(checked.pattern);
    active.reason = Set(checked.reason);
    if let Some(severity) = severity {
        active.severity = Set(severity.to_owned());
    }
    if let Some(enabled) = changes.enabled {
        active.enabled = Set(enabled);
    }
    active.updated_at = Set(Utc::now());
    let row = active.update(db).await?;
    Ok((row.id, own(row)))
}

/// Re-grades or switches a shipped rule for the workspace.
async fn regrade(
    db: &impl ConnectionTrait,
    workspace: Uuid,
    rule: &'static DefaultRule,
    changes: ClaimRuleChanges,
) -> Result<(Uuid, ClaimRule)> {
    let fixed = [
        ("locale", changes.locale.is_some()),
        ("matching", changes.matching.is_some()),
        ("pattern", changes.pattern.is_some()),
        ("reason", changes.reason.is_some()),
    ];
    let errors: Vec<FieldError> = fixed
        .iter()
        .filter(|(_, given)| *given)
        .map(|(field, _)| {
            FieldError::new(*field, "a shipped rule only changes severity and enabled")
        })
        .collect();
    if !errors.is_empty() {
        return Err(Error::Validation(errors));
    }
    let existing = claim_rule::Entity::find()
        .filter(claim_rule::Column::WorkspaceId.eq(workspace))
        .filter(claim_rule::Column::Builtin.eq(rule.id))
        .one(db)
        .await?;
    let now = Utc::now();
    let exists = existing.is_some();
    let mut active = match existing {
        Some(row) => row.into(),
        None => claim_rule::ActiveModel {
            id: Set(Uuid::now_v7()),
            workspace_id: Set(workspace),
            builtin: Set(Some(rule.id.to_owned())),
            locale: Set(Some(rule.locale.to_owned())),
            matching: Set(Matching::Pattern.as_str().to_owned()),
            pattern: Set(rule.pattern.to_owned()),
            reason: Set(rule.reason.to_owned()),
            severity: Set(rule.severity.as_str().to_owned()),
            enabled: Set(true),
            created_at: Set(now),
            updated_at: Set(now),
        },
    };
    if let Some(severity) = changes.severity {
        active.severity = Set(severity.as_str().to_owned());
    }
    if let Some(enabled) = changes.enabled {
        active.enabled = Set(enabled);
    }
    active.updated_at = Set(now);
    let row = if exists { active.update(db).await? } else { active.insert(db).await? };
    Ok((row.id, shipped(rule, Some(&row))))
}

async fn own_row(
    db: &impl ConnectionTrait,
    workspace: Uuid,
    id: &str,
) -> Result<claim_rule::Model> {
    let not_found = || Error::NotFound(format!("claim rule '{id}' was not found"));
    let id = Uuid::parse_str(id).map_err(|_| not_found())?;
    claim_rule::Entity::find_by_id(id)
        .filter(claim_rule::Column::WorkspaceId.eq(workspace))
        .filter(claim_rule::Column::Builtin.is_null())
        .one(db)
        .await?
        .ok_or_else(not_found)
}
