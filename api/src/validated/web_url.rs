use std::fmt;

/// A link editors may publish: an absolute `http` or `https` URL with a host, at most
/// 2048 characters (what browsers and the `booking_url` columns hold).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct WebUrl(String);

impl WebUrl {
    pub const MAX_LEN: usize = 2048;

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
    fn other_schemes_relative_urls_and_overlong_urls_are_rejected() {
        for bad in ["javascript:alert(1)", "ftp://clinic.example/", "/book", "clinic.example", ""] {
            assert!(WebUrl::parse(bad).is_err(), "{bad}");
        }
        let long = format!("https://clinic.example/{}", "a".repeat(2048));
        assert!(WebUrl::parse(&long).is_err());
    }
}
