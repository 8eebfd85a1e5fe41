use std::fmt;

use super::rules::{Rule, pattern};

/// A link editors may publish: an absolute `http` or `https` URL with a host, at most
/// 2048 characters (what browsers and the `booking_url` columns hold).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct WebUrl(String);

impl WebUrl {
    pub const MAX_LEN: usize = 2048;
    /// URLs [`WebUrl::parse`] accepts, as a regular expression: a scheme, a host name whose
    /// last label starts with a letter (a number there would make it an IP address), an
    /// optional port, and printable ASCII after. The parser accepts a few more (IP addresses,
    /// non-ASCII hosts, surrounding white space); clients are held to this.
    pub const PATTERN: &str =
        "^https?://([A-Za-z0-9-]+\\.)*[A-Za-z][A-Za-z0-9-]*(:[0-9]{1,4})?([/?#][!-~]*)?$";

    /// [`WebUrl::parse`]'s rules, for the OpenAPI document.
    pub fn rules() -> Vec<Rule> {
        vec![Rule::MaxLength(Self::MAX_LEN), pattern(Self::PATTERN)]
    }

    /// The rules of a URL field where an empty text means no URL.
    pub fn rules_or_empty() -> Vec<Rule> {
        let url = Self::PATTERN.trim_start_matches('^').trim_end_matches('$');
        vec![Rule::MaxLength(Self::MAX_LEN), pattern(format!("^({url})?$"))]
    }

    pub fn parse(value: &str) -> Result<Self, String> {
        let value = value.trim();
        if value.is_empty() || value.len() > Self::MAX_LEN {
            return Err(format!("must be a URL of 1 to {} characters", Self::MAX_LEN));
        }
        // Kept as written below, so a control character (NUL among them) that the URL parser
        // would drop or escape must not get through.
        if value.chars().any(char::is_control) {
            return Err("must not contain control characters".to_owned());
        }
        let parsed = url::Url::parse(value).map_err(|_| {
            "must be an absolute URL such as https://clinic.example/book".to_owned()
        })?;
        if !matches!(parsed.scheme(), "http" | "https") {
            return Err("must start with http:// or https://".to_owned());
        }
        if parsed.host_str().is_none_or(str::is_empty) {
            return Err("must name a host, as in https://clinic.example/".to_owned());
        }
        // Kept as written, so what editors type is what they read back.
        Ok(Self(value.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

impl fmt::Display for WebUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::WebUrl;

    #[test]
    fn http_and_https_urls_are_accepted() {
        assert!(WebUrl::parse("https://clinic.example/book?treatment=microneedling").is_ok());
        assert!(WebUrl::parse("http://clinic.example").is_ok());
    }

    #[test]
    fn what_the_pattern_accepts_parses() {
        let pattern = regex_lite::Regex::new(WebUrl::PATTERN).unwrap();
        for raw in ["https://clinic.example/book?x=1#top", "http://a:8080", "http://a-b.c-d/%zz\\"]
        {
            assert!(pattern.is_match(raw) && WebUrl::parse(raw).is_ok(), "{raw}");
        }
        for raw in ["ftp://a.b/", "https://a.1/", "https://a b/", "/book"] {
            assert!(!pattern.is_match(raw), "{raw}");
        }
    }

    #[test]
    fn other_schemes_relative_urls_and_overlong_urls_are_rejected() {
        for bad in ["javascript:alert(1)", "ftp://clinic.example/", "/book", "clinic.example", ""] {
            assert!(WebUrl::parse(bad).is_err(), "{bad}");
        }
        let long = format!("https://clinic.example/{}", "a".repeat(2048));
        assert!(WebUrl::parse(&long).is_err());
    }
}
