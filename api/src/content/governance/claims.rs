//! The claims check: every text field of an entry, in every locale, against the workspace's
//! claim rules. Text is compared lowercased, without accents and with any space as a plain
//! space, so "Guérit" and "guerit" are one word; what a finding quotes is the text as written.

use regex_lite::Regex;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use utoipa::ToSchema;

use crate::search::text::fold;

/// What a finding means for the workflow.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The reviewer must accept it to approve.
    Warn,
    /// Approval is refused while it stands.
    Block,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Warn => "warn",
            Self::Block => "block",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        match raw {
            "warn" => Some(Self::Warn),
            "block" => Some(Self::Block),
            _ => None,
        }
    }
}

/// A rule ready to run.
#[derive(Clone, Debug)]
pub struct CompiledRule {
    /// The shipped rule's name (`en-cure`) or the workspace rule's id.
    pub id: String,
    /// The locale it checks (`en` also checks `en-GB`); `None` checks every locale.
    pub locale: Option<String>,
    pub reason: String,
    pub severity: Severity,
    pub matcher: Regex,
}

impl CompiledRule {
    fn applies_to(&self, locale: &str) -> bool {
        self.locale.as_deref().is_none_or(|rule| {
            locale == rule || locale.strip_prefix(rule).is_some_and(|rest| rest.starts_with('-'))
        })
    }
}

/// One text of an entry: where it is and what it says.
#[derive(Clone, Debug)]
pub struct Text {
    pub locale: String,
    /// The field's path in the entry's body, e.g. `faqs[2].answer`.
    pub field: String,
    pub text: String,
}

impl Text {
    pub fn new(locale: &str, field: impl Into<String>, text: impl Into<String>) -> Self {
        Self { locale: locale.to_owned(), field: field.into(), text: text.into() }
    }
}

/// A claim found in an entry's text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Finding {
    /// Stable while the rule, the field and the matched words stay the same: what a reviewer
    /// names in `accept_warnings`.
    #[schema(example = "c1f0a9e2b7d4")]
    pub id: String,
    /// The rule that fired.
    #[schema(example = "en-cure")]
    pub rule: String,
    pub severity: Severity,
    #[schema(
        example = "A cosmetic treatment improves a condition; promising a cure is not allowed."
    )]
    pub reason: String,
    #[schema(example = "en")]
    pub locale: String,
    /// The field's path in the entry's body.
    #[schema(example = "faqs[0].answer")]
    pub field: String,
    /// The words as written.
    #[schema(example = "cured")]
    pub matched: String,
}

/// Every finding of `rules` in `texts`, one per rule, field and matched words, in text order.
pub fn check(texts: &[Text], rules: &[CompiledRule]) -> Vec<Finding> {
    let mut findings: Vec<Finding> = Vec::new();
    for text in texts {
        let folded = Folded::new(&text.text);
        for rule in rules.iter().filter(|rule| rule.applies_to(&text.locale)) {
            for found in rule.matcher.find_iter(&folded.text) {
                let matched = folded.original(&text.text, found.start(), found.end());
                let id = finding_id(&rule.id, &text.locale, &text.field, &fold(matched));
                if findings.iter().any(|finding| finding.id == id) {
                    continue;
                }
                findings.push(Finding {
                    id,
                    rule: rule.id.clone(),
                    severity: rule.severity,
                    reason: rule.reason.clone(),
                    locale: text.locale.clone(),
                    field: text.field.clone(),
                    matched: matched.to_owned(),
                });
            }
        }
    }
    findings
}

/// A pattern as a rule runs it: case-insensitive, over folded text.
pub fn compile_pattern(pattern: &str) -> Result<Regex, String> {
    regex_lite::RegexBuilder::new(pattern)
        .case_insensitive(true)
        .size_limit(1 << 20)
        .build()
        .map_err(|error| format!("is not a valid pattern: {error}"))
}

/// A phrase as the whole words it is, anywhere in a text.
pub fn phrase_pattern(phrase: &str) -> String {
    let words: Vec<String> = phrase
        .split(|c: char| !c.is_alphanumeric() && c != '%')
        .filter(|word| !word.is_empty())
        .map(|word| regex_lite::escape(&fold(word)))
        .collect();
    let edge = |word: Option<&String>| {
        if word.is_some_and(|w| w.chars().all(char::is_alphanumeric)) { "\\b" } else { "" }
    };
    format!("{}{}{}", edge(words.first()), words.join("[^a-z0-9]+"), edge(words.last()))
}

fn finding_id(rule: &str, locale: &str, field: &str, matched: &str) -> String {
    let digest = Sha256::digest(format!("{rule}\n{locale}\n{field}\n{matched}").as_bytes());
    digest.iter().take(6).map(|byte| format!("{byte:02x}")).collect()
}

/// A text folded for matching, with where each folded character came from.
struct Folded {
    text: String,
    /// (start in the folded text, start and end in the original) of each original character.
    origins: Vec<(usize, usize, usize)>,
}

impl Folded {
    fn new(original: &str) -> Self {
        let mut text = String::with_capacity(original.len());
        let mut origins = Vec::with_capacity(original.len());
        for (start, character) in original.char_indices() {
            let end = start + character.len_utf8();
            origins.push((text.len(), start, end));
            match character {
                c if c.is_whitespace() => text.push(' '),
                '\u{2019}' | '\u{2018}' => text.push('\''),
                _ => text.push_str(&fold(&original[start..end])),
            }
        }
        Self { text, origins }
    }

    /// The original text of the folded bytes `start..end`.
    fn original<'a>(&self, original: &'a str, start: usize, end: usize) -> &'a str {
        let at = |folded: usize| self.origins.partition_point(|(from, ..)| *from <= folded);
        let first = at(start).saturating_sub(1);
        let last = at(end.saturating_sub(1)).saturating_sub(1);
        &original[self.origins[first].1..self.origins[last].2]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(id: &str, locale: &str, pattern: &str, severity: Severity) -> CompiledRule {
        CompiledRule {
            id: id.into(),
            locale: Some(locale.into()),
            reason: "because".into(),
            severity,
            matcher: compile_pattern(pattern).unwrap(),
        }
    }

    #[test]
    fn a_finding_quotes_the_text_as_written_across_accents() {
        let rules = [rule("fr-guerir", "fr", r"\bgueri(r|t|s)?\b", Severity::Block)];
        let texts = [Text::new("fr", "summary", "Le mélasma se GUÉRIT vite.")];
        let found = check(&texts, &rules);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].matched, "GUÉRIT");
        assert_eq!(found[0].field, "summary");
    }

    #[test]
    fn a_rule_checks_its_language_in_every_region_and_no_other() {
        let rules = [rule("en-cure", "en", r"\bcure\b", Severity::Block)];
        let texts = [Text::new("en-GB", "body", "a cure"), Text::new("fr", "body", "une cure")];
        let found = check(&texts, &rules);
        assert_eq!(found.iter().map(|f| f.locale.as_str()).collect::<Vec<_>>(), ["en-GB"]);
    }

    #[test]
    fn the_same_words_in_the_same_field_are_one_finding_with_a_stable_id() {
        let rules = [rule("en-cure", "en", r"\bcure\b", Severity::Warn)];
        let texts = [Text::new("en", "body", "A cure. Another cure.")];
        let first = check(&texts, &rules);
        assert_eq!(first.len(), 1);
        assert_eq!(check(&texts, &rules)[0].id, first[0].id);
    }

    #[test]
    fn a_phrase_matches_whole_words_only() {
        let matcher = compile_pattern(&phrase_pattern("Miracle Cure")).unwrap();
        assert!(matcher.is_match("a miracle  cure"));
        assert!(!matcher.is_match("a miracle cured"));
        let percent = compile_pattern(&phrase_pattern("100%")).unwrap();
        assert!(percent.is_match("100% of patients"));
    }
}
