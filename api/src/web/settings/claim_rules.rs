//! The workspace's claim rules: every rule the claims check applies or could apply, the
//! shipped ones re-graded or switched off in their row, the workspace's own added, edited
//! ([`super::claim_rule`]) and deleted. Every rule is the service's
//! ([`crate::content::governance::rules`]), as over REST.

use actix_web::http::StatusCode;
use actix_web::web;
use maud::{Markup, html};

use super::inputs::{Input, choice, field, field_of};
use super::{Done, Said, headings, path_of, refused, screen};
use crate::auth::roles::Permission;
use crate::content::governance::Severity;
use crate::content::governance::rules::{
    self, ClaimRule, ClaimRuleChanges, Matching, NewClaimRule,
};
use crate::error::{Error, FieldError, Result};
use crate::state::AppState;
use crate::web::form::error_summary;
use crate::web::page::{PageResult, csrf_field, see_other};
use crate::web::session::{InWorkspace, Posted};

pub const PATTERN: Input = Input {
    name: "pattern",
    label: "Phrase or pattern",
    hint: "A phrase matches whole words in order, ignoring case, accents and punctuation \
           between them. A pattern is a regular expression (no look-around or \
           back-references) run over the text lowercased and without accents.",
    kind: "text",
};
pub const REASON: Input = Input {
    name: "reason",
    label: "Reason",
    hint: "What the finding tells the editor and the reviewer.",
    kind: "lines",
};
pub const MATCHINGS: [(&str, &str); 2] =
    [("phrase", "Phrase: whole words"), ("pattern", "Pattern: a regular expression")];
pub const SEVERITIES: [(&str, &str); 2] = [
    ("warn", "Warn: the reviewer must accept it to approve"),
    ("block", "Block: approval is refused while it stands"),
];

type RulePath = web::Path<(String, String)>;

pub async fn page(
    state: web::Data<AppState>,
    at: InWorkspace,
    done: web::Query<Done>,
) -> PageResult {
    at.member.require(Permission::ManageClaimRules)?;
    render(&state, &at, Said::of(&done), StatusCode::OK).await
}

pub async fn create(state: web::Data<AppState>, at: InWorkspace, body: web::Bytes) -> PageResult {
    at.member.require(Permission::ManageClaimRules)?;
    let posted = at.posted(&body)?;
    let created = match Error::both(matching_in(&posted), severity_in(&posted)) {
        Ok((matching, severity)) => {
            let new = NewClaimRule {
                locale: posted.text("locale").map(str::to_owned),
                matching,
                pattern: posted.get("pattern").unwrap_or_default().to_owned(),
                reason: posted.get("reason").unwrap_or_default().to_owned(),
                severity,
                enabled: None,
            };
            rules::create(&state.db, &at.member.scope(), new).await
        }
        Err(error) => Err(error),
    };
    match created {
        Ok(_) => Ok(see_other(&format!("{}?done=rule-added", path_of(&at, "claim-rules")))),
        Err(error) => {
            let (status, said) = refused(error, posted.fields())?;
            render(&state, &at, said, status).await
        }
    }
}

/// Re-grades a rule and switches it on or off (`enabled` = `true`, else off): all a shipped
/// rule takes.
pub async fn grade(
    state: web::Data<AppState>,
    at: InWorkspace,
    path: RulePath,
    body: web::Bytes,
) -> PageResult {
    at.member.require(Permission::ManageClaimRules)?;
    let posted = at.posted(&body)?;
    let changed = match severity_in(&posted) {
        Ok(severity) => {
            let changes = ClaimRuleChanges {
                severity: Some(severity),
                enabled: Some(posted.get("enabled") == Some("true")),
                ..ClaimRuleChanges::default()
            };
            rules::update(&state.db, &at.member.scope(), &path.1, changes).await.map(drop)
        }
        Err(error) => Err(error),
    };
    after(&state, &at, changed, "rule-changed").await
}

pub async fn delete(
    state: web::Data<AppState>,
    at: InWorkspace,
    path: RulePath,
    body: web::Bytes,
) -> PageResult {
    at.member.require(Permission::ManageClaimRules)?;
    at.posted(&body)?;
    let deleted = rules::delete(&state.db, &at.member.scope(), &path.1).await;
    after(&state, &at, deleted, "rule-deleted").await
}

/// The matching a form posted, as REST reads it.
pub fn matching_in(posted: &Posted) -> Result<Matching> {
    match posted.get("matching").unwrap_or_default() {
        "phrase" => Ok(Matching::Phrase),
        "pattern" => Ok(Matching::Pattern),
        _ => Err(Error::Validation(vec![FieldError::new("matching", "must be phrase or pattern")])),
    }
}

/// The severity a form posted, as REST reads it.
pub fn severity_in(posted: &Posted) -> Result<Severity> {
    Severity::parse(posted.get("severity").unwrap_or_default()).ok_or_else(|| {
        Error::Validation(vec![FieldError::new("severity", "must be warn or block")])
    })
}

/// The locales a rule may check: every locale, or one of the workspace's.
pub fn locales(at: &InWorkspace) -> Vec<(&str, &str)> {
    let mut options = vec![("", "Every locale")];
    options.extend(at.member.workspace.locales.iter().map(|l| (l.as_str(), l.as_str())));
    options
}

/// Back to the rules with `done` said, or the page again with the service's refusal (a row's
/// form shows the rule as stored, so its errors are said above the table).
async fn after(state: &AppState, at: &InWorkspace, outcome: Result<()>, done: &str) -> PageResult {
    match outcome {
        Ok(()) => Ok(see_other(&format!("{}?done={done}", path_of(at, "claim-rules")))),
        Err(error) => {
            let (status, mut said) = refused(error, &[])?;
            if !said.errors.is_empty() {
                let errors: Vec<String> =
                    said.errors.iter().map(|e| format!("{}: {}", e.field, e.message)).collect();
                said.problem = Some(format!("Nothing was changed: {}.", errors.join("; ")));
                said.errors.clear();
            }
            render(state, at, said, status).await
        }
    }
}

async fn render(state: &AppState, at: &InWorkspace, said: Said, status: StatusCode) -> PageResult {
    let all = rules::list(&state.db, at.member.workspace.id).await?;
    let main = html! {
        p { "The claims check reads every text of a treatment or condition, in every locale, against these rules when it is submitted and approved. Shipped rules may be re-graded or switched off; the workspace's own may also be edited and deleted." }
        (table(at, &all))
        (add_form(at, &said))
    };
    Ok(screen(at, ("Claim rules", "claim-rules"), &said, main, status))
}

/// A rule's locale in words.
pub fn locale_of(rule: &ClaimRule) -> &str {
    rule.locale.as_deref().unwrap_or("every locale")
}

fn table(at: &InWorkspace, all: &[ClaimRule]) -> Markup {
    let base = path_of(at, "claim-rules");
    html! {
        table.entries.rules {
            caption.muted { "Warn: the reviewer must accept the finding to approve. Block: approval is refused while it stands." }
            thead { (headings(&["Locale", "Matching", "Phrase or pattern", "Reason", "Severity and on/off", "Source", "Actions"])) }
            tbody {
                @for rule in all {
                    @let own = rule.source != "shipped";
                    @let at_rule = format!("{base}/{}", rule.id);
                    tr {
                        td { (locale_of(rule)) }
                        td { @if rule.matching == Matching::Phrase { "phrase" } @else { "pattern" } }
                        td { code { (rule.pattern) } }
                        td { (rule.reason) }
                        td {
                            @if rule.enabled { span.badge.status-published { "on" } }
                            @else { span.badge.status-archived { "off" } }
                            (grade_form(at, rule, &at_rule))
                        }
                        td { @if own { "this workspace" } @else { "shipped" } }
                        td {
                            @if own {
                                div.actions {
                                    a href=(at_rule) aria-label=(format!("Edit the rule “{}”", rule.pattern)) { "Edit" }
                                    " "
                                    form.inline method="post" action=(format!("{at_rule}/delete")) {
                                        (csrf_field(&at.signed_in.csrf))
                                        button.danger type="submit" aria-label=(format!("Delete the rule “{}”", rule.pattern)) { "Delete" }
                                    }
                                }
                            } @else {
                                span.muted { "switch off instead" }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// A row's form: the rule's severity and whether it is on.
fn grade_form(at: &InWorkspace, rule: &ClaimRule, at_rule: &str) -> Markup {
    let (severity, enabled) = (format!("severity-{}", rule.id), format!("enabled-{}", rule.id));
    html! {
        form.inline method="post" action=(format!("{at_rule}/grade")) {
            (csrf_field(&at.signed_in.csrf))
            label for=(severity) { "Severity" span.visually-hidden { " of “" (rule.pattern) "”" } }
            select id=(severity) name="severity" {
                @for (value, _) in SEVERITIES {
                    option value=(value) selected[value == rule.severity.as_str()] { (value) }
                }
            }
            div.check {
                input type="checkbox" id=(enabled) name="enabled" value="true" checked[rule.enabled];
                " "
                label for=(enabled) { "On" span.visually-hidden { ": “" (rule.pattern) "”" } }
            }
            button type="submit" aria-label=(format!("Save the severity and state of “{}”", rule.pattern)) { "Save" }
        }
    }
}

fn add_form(at: &InWorkspace, said: &Said) -> Markup {
    html! {
        section.panel aria-labelledby="new-rule-heading" {
            h2 #new-rule-heading { "Add a rule" }
            form method="post" action=(path_of(at, "claim-rules")) novalidate {
                (csrf_field(&at.signed_in.csrf))
                @if !said.errors.is_empty() { (error_summary(&said.errors, field_of)) }
                (rule_fields(at, said, ("", "phrase", "", "", "warn")))
                button.primary type="submit" { "Add the rule" }
            }
        }
    }
}

/// The inputs of a rule of the workspace's own, showing what was posted or else `stored`
/// (locale, matching, pattern, reason, severity).
pub fn rule_fields(
    at: &InWorkspace,
    said: &Said,
    stored: (&str, &str, &str, &str, &str),
) -> Markup {
    let (locale, matching, pattern, reason, severity) = stored;
    html! {
        (choice(&crate::web::form::id_of("locale"), ("locale", "Locale"), &locales(at), said.value("locale", locale), said))
        (choice(&crate::web::form::id_of("matching"), ("matching", "Matching"), &MATCHINGS, said.value("matching", matching), said))
        (field(&PATTERN, said.value("pattern", pattern), said))
        (field(&REASON, said.value("reason", reason), said))
        (choice(&crate::web::form::id_of("severity"), ("severity", "Severity"), &SEVERITIES, said.value("severity", severity), said))
    }
}
