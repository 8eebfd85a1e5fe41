use std::fmt;

use super::rules::{Rule, pattern};

/// An email address as an account name: trimmed, lowercased, `local@domain` with a dot in the
/// domain. Deliverability is not checked; uniqueness is case-insensitive by construction.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Email(String);

impl Email {
    /// Longest address, in characters.
    pub const MAX_LEN: usize = 320;
    /// What [`Email::parse`] accepts, as a regular expression (the length apart): white space
    /// around it, then one `@` between a local part and a domain with an inner dot, neither
    /// holding white space or control characters.
    pub fn pattern() -> String {
        // Rust's `char::is_whitespace`, which `str::trim` removes.
        let space = "\\t\\n\\u000b\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";
        // Neither white space nor a control character (`char::is_control`) nor `@`.
        let odd = "@\\u0000-\\u0020\\u007f-\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";
        let (part, edge) = (format!("[^{odd}]"), format!("[^.{odd}]"));
        format!("^[{space}]*{part}+@{edge}{part}*\\.{part}*{edge}[{space}]*$")
    }

    /// The rules [`Email::parse`] applies, for the OpenAPI document.
    pub fn rules() -> Vec<Rule> {
        vec![Rule::MaxLength(Self::MAX_LEN), pattern(Self::pattern())]
    }

    pub fn parse(value: &str) -> Result<Self, String> {
        let value = value.trim().to_lowercase();
        if value.chars().count() > Self::MAX_LEN {
            return Err(format!("must be at most {} characters long", Self::MAX_LEN));
        }
        let Some((local, domain)) = value.split_once('@') else {
            return Err("must be an email address such as editor@clinic.example".to_owned());
        };
        let valid_domain = domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains('@');
        // Control characters (NUL among them) belong in no address and PostgreSQL refuses NUL.
        let odd = |c: char| c.is_whitespace() || c.is_control();
        if local.is_empty() || !valid_domain || value.chars().any(odd) {
            return Err("must be an email address such as editor@clinic.example".to_owned());
        }
        Ok(Self(value))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::Email;

    #[test]
    fn an_address_is_trimmed_and_lowercased() {
        assert_eq!(
            Email::parse("  Editor@Clinic.Example ").unwrap().as_str(),
            "editor@clinic.example"
        );
    }

    #[test]
    fn the_stated_pattern_accepts_what_parse_accepts() {
        let pattern = regex_lite::Regex::new(&Email::pattern()).unwrap();
        let cases = [
            " Editor@Clinic.Example\t",
            "a@b.c",
            "a.b@c.d.e",
            "ünï@clinic.example",
            "editor",
            "editor@clinic",
            "@clinic.example",
            "a b@clinic.example",
            "a@b@c.d",
            "a@.b.c",
            "a@b.c.",
            "a@b\u{7}.c",
            "a\u{a0}b@c.d",
        ];
        for case in cases {
            assert_eq!(pattern.is_match(case), Email::parse(case).is_ok(), "{case:?}");
        }
    }

    #[test]
    fn an_address_without_at_or_domain_dot_is_rejected() {
        for bad in ["editor", "editor@clinic", "@clinic.example", "a b@clinic.example", "a@b@c.d"] {
            assert!(Email::parse(bad).is_err(), "{bad}");
        }
    }
}
