use std::fmt;

use super::rules::{Rule, pattern};

/// A locale tag such as `en`, `fr` or `fr-CA`: a 2–3 letter lowercase language, optionally a
/// hyphen and a 2-letter uppercase region. Whether a workspace offers it is checked separately.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Locale(String);

impl Locale {
    /// A tag [`Locale::parse`] accepts, as a regular expression without anchors.
    pub const TAG: &str = "[a-z]{2,3}(-[A-Z]{2})?";

    /// [`Locale::parse`]'s rules, for the OpenAPI document.
    pub fn rules() -> Vec<Rule> {
        vec![pattern(format!("^{}$", Self::TAG))]
    }

    pub fn parse(value: &str) -> Result<Self, String> {
        let (language, region) = match value.split_once('-') {
            Some((language, region)) => (language, Some(region)),
            None => (value, None),
        };
        let language_ok =
            (2..=3).contains(&language.len()) && language.chars().all(|c| c.is_ascii_lowercase());
        let region_ok =
            region.is_none_or(|r| r.len() == 2 && r.chars().all(|c| c.is_ascii_uppercase()));
        if language_ok && region_ok {
            Ok(Self(value.to_owned()))
        } else {
            Err("must be a locale such as en, fr or fr-CA".to_owned())
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Locale {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::Locale;

    #[test]
    fn language_and_region_tags_are_accepted() {
        for good in ["en", "fr", "fr-CA", "haw"] {
            assert!(Locale::parse(good).is_ok(), "{good}");
        }
    }

    #[test]
    fn the_pattern_says_what_parse_accepts() {
        let pattern = regex_lite::Regex::new(&format!("^{}$", Locale::TAG)).unwrap();
        for raw in ["en", "fr-CA", "haw", "", "EN", "english", "fr_CA", "fr-ca", "fr-"] {
            assert_eq!(pattern.is_match(raw), Locale::parse(raw).is_ok(), "{raw}");
        }
    }

    #[test]
    fn malformed_tags_are_rejected() {
        for bad in ["", "EN", "english", "fr_CA", "fr-ca", "fr-"] {
            assert!(Locale::parse(bad).is_err(), "{bad}");
        }
    }
}
