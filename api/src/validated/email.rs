use std::fmt;

/// An email address as an account name: trimmed, lowercased, `local@domain` with a dot in the
/// domain. Deliverability is not checked; uniqueness is case-insensitive by construction.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Email(String);

impl Email {
    pub const MAX_LEN: usize = 320;

    pub fn parse(value: &str) -> Result<Self, String> {
        let value = value.trim().to_lowercase();
        if value.len() > Self::MAX_LEN {
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
    fn an_address_without_at_or_domain_dot_is_rejected() {
        for bad in ["editor", "editor@clinic", "@clinic.example", "a b@clinic.example", "a@b@c.d"] {
            assert!(Email::parse(bad).is_err(), "{bad}");
        }
    }
}
