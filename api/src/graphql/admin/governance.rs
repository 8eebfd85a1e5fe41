//! Medical governance in the admin schema: the checks of a treatment or condition, and the
//! workspace's claim rules, calling what REST's `/checks` and `/claim-rules` call.

use async_graphql::{Context, Enum, InputObject, Object, SimpleObject};
use uuid::Uuid;

use super::context::Admin;
use crate::auth::roles::Permission;
use crate::content::governance::{self, rules};
use crate::content::{Conditions, Treatments};
use crate::graphql::types::DateTime;

type Result<T, E = async_graphql::Error> = std::result::Result<T, E>;

/// What a finding means for the workflow: `warn` must be accepted to approve, `block` refuses
/// approval while it stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Enum)]
#[graphql(rename_items = "snake_case")]
pub enum ClaimSeverity {
    Warn,
    Block,
}

impl From<governance::Severity> for ClaimSeverity {
    fn from(severity: governance::Severity) -> Self {
        match severity {
            governance::Severity::Warn => Self::Warn,
            governance::Severity::Block => Self::Block,
        }
    }
}

impl From<ClaimSeverity> for governance::Severity {
    fn from(severity: ClaimSeverity) -> Self {
        match severity {
            ClaimSeverity::Warn => Self::Warn,
            ClaimSeverity::Block => Self::Block,
        }
    }
}

/// A claim found in an entry's text.
#[derive(Clone, Debug, SimpleObject)]
pub struct ClaimFinding {
    /// What `acceptWarnings` names.
    pub id: String,
    pub rule: String,
    pub severity: ClaimSeverity,
    pub reason: String,
    pub locale: String,
    /// The field's path in the entry's REST body, e.g. `faqs[0].answer`.
    pub field: String,
    /// The words as written.
    pub matched: String,
}

/// The medical review recorded when the entry was approved, and the claims-check warnings the
/// reviewer accepted with it. (Delivery's `Review` has no `acceptedWarnings`.)
#[derive(Clone, Debug, SimpleObject)]
pub struct Review {
    pub reviewer: String,
    pub reviewed_at: DateTime,
    /// When the review falls due under the workspace's policy.
    pub next_review_due: Option<DateTime>,
    /// The `warn` findings the reviewer accepted when approving.
    pub accepted_warnings: Vec<ClaimFinding>,
}

impl From<crate::content::values::Review> for Review {
    fn from(review: crate::content::values::Review) -> Self {
        Self {
            reviewer: review.reviewer,
            reviewed_at: review.reviewed_at.into(),
            next_review_due: review.next_review_due.map(Into::into),
            accepted_warnings: review.accepted_warnings.into_iter().map(Into::into).collect(),
        }
    }
}

impl From<governance::Finding> for ClaimFinding {
    fn from(finding: governance::Finding) -> Self {
        Self {
            id: finding.id,
            rule: finding.rule,
            severity: finding.severity.into(),
            reason: finding.reason,
            locale: finding.locale,
            field: finding.field,
            matched: finding.matched,
        }
    }
}

/// One item of the publish checklist.
#[derive(Clone, Debug, SimpleObject)]
pub struct ChecklistItem {
    pub field: String,
    pub met: bool,
    pub missing: Option<String>,
}

/// Where a medical review stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Enum)]
#[graphql(rename_items = "snake_case")]
pub enum ReviewState {
    Current,
    DueSoon,
    Overdue,
}

impl From<governance::ReviewState> for ReviewState {
    fn from(state: governance::ReviewState) -> Self {
        match state {
            governance::ReviewState::Current => Self::Current,
            governance::ReviewState::DueSoon => Self::DueSoon,
            governance::ReviewState::Overdue => Self::Overdue,
        }
    }
}

/// A medical review and when it falls due.
#[derive(Clone, Debug, SimpleObject)]
pub struct ReviewStatus {
    pub reviewer: String,
    pub reviewed_at: DateTime,
    pub next_review_due: DateTime,
    pub state: ReviewState,
}

/// What the claims check and the publish checklist say of an entry now.
#[derive(Clone, Debug, SimpleObject)]
pub struct Checks {
    pub findings: Vec<ClaimFinding>,
    pub checklist: Vec<ChecklistItem>,
    pub review: Option<ReviewStatus>,
    pub approval_blocked: bool,
    pub ready_to_publish: bool,
}

impl From<governance::Checks> for Checks {
    fn from(checks: governance::Checks) -> Self {
        Self {
            findings: checks.findings.into_iter().map(Into::into).collect(),
            checklist: checks
                .checklist
                .into_iter()
                .map(|item| ChecklistItem {
                    field: item.field,
                    met: item.met,
                    missing: item.missing,
                })
                .collect(),
            review: checks.review.map(|review| ReviewStatus {
                reviewer: review.reviewer,
                reviewed_at: review.reviewed_at.into(),
                next_review_due: review.next_review_due.into(),
                state: review.state.into(),
            }),
            approval_blocked: checks.approval_blocked,
            ready_to_publish: checks.ready_to_publish,
        }
    }
}

/// How a rule's text is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Enum)]
#[graphql(rename_items = "snake_case")]
pub enum ClaimMatching {
    /// Whole words, in order, ignoring case, accents and punctuation between them.
    Phrase,
    /// A regular expression run case-insensitively over text without accents.
    Pattern,
}

impl From<rules::Matching> for ClaimMatching {
    fn from(matching: rules::Matching) -> Self {
        match matching {
            rules::Matching::Phrase => Self::Phrase,
            rules::Matching::Pattern => Self::Pattern,
        }
    }
}

impl From<ClaimMatching> for rules::Matching {
    fn from(matching: ClaimMatching) -> Self {
        match matching {
            ClaimMatching::Phrase => Self::Phrase,
            ClaimMatching::Pattern => Self::Pattern,
        }
    }
}

/// A claim rule: shipped (`source: "shipped"`, only severity and enabled change) or the
/// workspace's own.
#[derive(Clone, Debug, SimpleObject)]
pub struct ClaimRule {
    pub id: String,
    pub source: String,
    pub locale: Option<String>,
    pub matching: ClaimMatching,
    pub pattern: String,
    pub reason: String,
    pub severity: ClaimSeverity,
    pub enabled: bool,
    pub updated_at: Option<DateTime>,
}

impl From<rules::ClaimRule> for ClaimRule {
    fn from(rule: rules::ClaimRule) -> Self {
        Self {
            id: rule.id,
            source: rule.source,
            locale: rule.locale,
            matching: rule.matching.into(),
            pattern: rule.pattern,
            reason: rule.reason,
            severity: rule.severity.into(),
            enabled: rule.enabled,
            updated_at: rule.updated_at.map(Into::into),
        }
    }
}

/// A new rule of the workspace's own.
#[derive(Clone, Debug, InputObject)]
#[graphql(rename_fields = "snake_case")]
pub struct NewClaimRuleInput {
    /// One of the workspace's locales; absent for every locale.
    pub locale: Option<String>,
    pub matching: ClaimMatching,
    pub pattern: String,
    pub reason: String,
    pub severity: ClaimSeverity,
    pub enabled: Option<bool>,
}

/// A change to a rule; a shipped rule takes only `severity` and `enabled`.
#[derive(Clone, Debug, InputObject)]
#[graphql(rename_fields = "snake_case")]
pub struct ClaimRuleChangesInput {
    pub matching: Option<ClaimMatching>,
    pub pattern: Option<String>,
    pub reason: Option<String>,
    pub severity: Option<ClaimSeverity>,
    pub enabled: Option<bool>,
}

#[derive(Default)]
pub struct GovernanceQueries;

#[Object]
impl GovernanceQueries {
    /// The claims found in a treatment, its publish checklist and where its review stands.
    async fn treatment_checks(
        &self,
        ctx: &Context<'_>,
        workspace: String,
        id: Uuid,
    ) -> Result<Checks> {
        let admin = Admin::of(ctx)?;
        let scope = admin.scope(&workspace, Permission::ReadDrafts).await?;
        Ok(admin.content.checks::<Treatments>(&scope, id).await?.into())
    }

    /// The claims found in a condition and where its review stands.
    async fn condition_checks(
        &self,
        ctx: &Context<'_>,
        workspace: String,
        id: Uuid,
    ) -> Result<Checks> {
        let admin = Admin::of(ctx)?;
        let scope = admin.scope(&workspace, Permission::ReadDrafts).await?;
        Ok(admin.content.checks::<Conditions>(&scope, id).await?.into())
    }

    /// Every claim rule of the workspace: the shipped ones first, then its own.
    async fn claim_rules(&self, ctx: &Context<'_>, workspace: String) -> Result<Vec<ClaimRule>> {
        let admin = Admin::of(ctx)?;
        let scope = admin.scope(&workspace, Permission::ReadDrafts).await?;
        let listed = rules::list(admin.db(), scope.workspace_id).await?;
        Ok(listed.into_iter().map(Into::into).collect())
    }
}

#[derive(Default)]
pub struct GovernanceMutations;

#[Object]
impl GovernanceMutations {
    /// Adds a rule of the workspace's own (owners, admins, reviewers).
    async fn create_claim_rule(
        &self,
        ctx: &Context<'_>,
        workspace: String,
        input: NewClaimRuleInput,
    ) -> Result<ClaimRule> {
        let admin = Admin::of(ctx)?;
        let member = admin.member(&workspace, Permission::ManageClaimRules).await?;
        let new = rules::NewClaimRule {
            locale: input.locale,
            matching: input.matching.into(),
            pattern: input.pattern,
            reason: input.reason,
            severity: input.severity.into(),
            enabled: input.enabled,
        };
        Ok(rules::create(admin.db(), &member.scope(), new).await?.into())
    }

    /// Changes a rule, by id or a shipped rule's name (owners, admins, reviewers).
    async fn update_claim_rule(
        &self,
        ctx: &Context<'_>,
        workspace: String,
        id: String,
        input: ClaimRuleChangesInput,
    ) -> Result<ClaimRule> {
        let admin = Admin::of(ctx)?;
        let member = admin.member(&workspace, Permission::ManageClaimRules).await?;
        let changes = rules::ClaimRuleChanges {
            locale: None,
            matching: input.matching.map(Into::into),
            pattern: input.pattern,
            reason: input.reason,
            severity: input.severity.map(Into::into),
            enabled: input.enabled,
        };
        Ok(rules::update(admin.db(), &member.scope(), &id, changes).await?.into())
    }

    /// Removes a rule of the workspace's own; a shipped rule is switched off instead.
    async fn delete_claim_rule(
        &self,
        ctx: &Context<'_>,
        workspace: String,
        id: String,
    ) -> Result<bool> {
        let admin = Admin::of(ctx)?;
        let member = admin.member(&workspace, Permission::ManageClaimRules).await?;
        rules::delete(admin.db(), &member.scope(), &id).await?;
        Ok(true)
    }
}
