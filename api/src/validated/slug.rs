use std::fmt;

use super::rules::{Rule, pattern};

/// An identifier in URLs: 1–80 characters of lowercase ASCII letters, digits and single hyphens,
/// not starting or ending with a hyphen (`microneedling`, `acne-scars`).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Slug(String);

impl Slug {
    pub const MAX_LEN: usize = 80;
    /// What [`Slug::parse`] accepts, as a regular expression (the length apart).
    pub const PATTERN: &str = "^[a-z0-9]+(-[a-z0-9]+)*$";

    /// [`Slug::parse`]'s rules, for the OpenAPI document.
    pub fn rules() -> Vec<Rule> {
        vec![Rule::MinLength(1), Rule::MaxLength(Self::MAX_LEN), pattern(Self::PATTERN)]
    }

    /// The rules of a filter by slug, where an empty value filters nothing.
    pub fn filter_rules() -> Vec<Rule> {
        let slug = Self::PATTERN.trim_start_matches('^').trim_end_matches('$');
        vec![Rule::MaxLength(Self::MAX_LEN), pattern(format!("^({slug})?$"))]
    }

    pub fn parse(value: &str) -> Result<Self, String> {
        if value.is_empty() || value.len() > Self::MAX_LEN {
            return Err(format!("must be 1 to {} characters long", Self::MAX_LEN));
        }
        let allowed = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-';
        if !value.chars().all(allowed) {
            return Err("may contain only lowercase letters, digits and hyphens".to_owned());
        }
        if value.starts_with('-') || value.ends_with('-') || value.contains("--") {
            return Err("must not start or end with a hyphen or repeat one".to_owned());
        }
        Ok(Self(value.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

impl fmt::Display for Slug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::Slug;

    #[test]
    fn a_lowercase_hyphenated_slug_is_accepted() {
        assert_eq!(Slug::parse("acne-scars-2").unwrap().as_str(), "acne-scars-2");
    }

    #[test]
    fn a_slug_with_spaces_or_capitals_is_rejected() {
        assert!(Slug::parse("acne scars").is_err());
        assert!(Slug::parse("Microneedling").is_err());
    }

    #[test]
    fn an_empty_or_overlong_slug_is_rejected() {
        assert!(Slug::parse("").is_err());
        assert!(Slug::parse(&"a".repeat(81)).is_err());
        assert!(Slug::parse(&"a".repeat(80)).is_ok());
    }

    #[test]
    fn the_pattern_says_what_parse_accepts() {
        let pattern = regex_lite::Regex::new(Slug::PATTERN).unwrap();
        for raw in ["acne-scars-2", "a", "-peel", "peel-", "chemical--peel", "Peel", "a b", ""] {
            assert_eq!(pattern.is_match(raw), Slug::parse(raw).is_ok(), "{raw}");
        }
    }

    #[test]
    fn a_slug_with_edge_or_double_hyphens_is_rejected() {
        assert!(Slug::parse("-peel").is_err());
        assert!(Slug::parse("peel-").is_err());
        assert!(Slug::parse("chemical--peel").is_err());
    }
}
