//! Short standard codes: ISO 4217 currencies and ISO 3166-1 alpha-2 countries, by shape.

use std::fmt;

use super::rules::{Rule, pattern};

/// An ISO 4217 currency code by shape: three uppercase ASCII letters (`CAD`, `EUR`).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Currency(String);

impl Currency {
    /// [`Currency::parse`]'s rule, for the OpenAPI document.
    pub fn rules() -> Vec<Rule> {
        vec![pattern("^[A-Z]{3}$")]
    }

    pub fn parse(value: &str) -> Result<Self, String> {
        if value.len() == 3 && value.chars().all(|c| c.is_ascii_uppercase()) {
            Ok(Self(value.to_owned()))
        } else {
            Err("must be an ISO 4217 currency code such as CAD or EUR".to_owned())
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// An ISO 3166-1 alpha-2 country code by shape: two uppercase ASCII letters (`CA`, `FR`).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Country(String);

impl Country {
    /// [`Country::parse`]'s rule, for the OpenAPI document.
    pub fn rules() -> Vec<Rule> {
        vec![pattern("^[A-Z]{2}$")]
    }

    pub fn parse(value: &str) -> Result<Self, String> {
        if value.len() == 2 && value.chars().all(|c| c.is_ascii_uppercase()) {
            Ok(Self(value.to_owned()))
        } else {
            Err("must be an ISO 3166-1 country code of two capital letters such as CA".to_owned())
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Display for Country {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::{Country, Currency};

    #[test]
    fn three_capital_letters_make_a_currency() {
        assert!(Currency::parse("CAD").is_ok());
        for bad in ["cad", "CA", "CADD", "C4D", ""] {
            assert!(Currency::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn two_capital_letters_make_a_country() {
        assert!(Country::parse("CA").is_ok());
        for bad in ["ca", "CAN", "C", ""] {
            assert!(Country::parse(bad).is_err(), "{bad}");
        }
    }
}
