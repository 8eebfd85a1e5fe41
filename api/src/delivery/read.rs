//! How a delivery request reads: the locale it asks for and whether it reads drafts, checked
//! once against the caller's key for REST (`?locale=`, `?preview=`) and GraphQL (`locale:`,
//! `preview:`) alike.

use super::source::Source;
use crate::accounts::api_keys::KeyKind;
use crate::auth::extract::DeliveryKey;
use crate::error::{Error, FieldError, Result};
use crate::validated::Locale;

/// How a request reads; entries nested in what it reads are read the same way.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Read {
    /// The locale asked for (what is served may be the workspace default).
    pub locale: String,
    /// Current drafts (preview keys only) instead of published snapshots.
    pub preview: bool,
}

impl Read {
    /// Checks the raw `locale` and `preview` a request names: the workspace default when it
    /// names no locale (422 VALIDATION on `locale` for a malformed one), and drafts only for
    /// preview keys (403 FORBIDDEN otherwise).
    pub fn check(key: &DeliveryKey, locale: Option<&str>, preview: Option<bool>) -> Result<Self> {
        let locale = match locale.map(str::trim).filter(|raw| !raw.is_empty()) {
            None => key.workspace.default_locale.clone(),
            Some(raw) => Locale::parse(raw)
                .map(|locale| locale.as_str().to_owned())
                .map_err(|message| Error::Validation(vec![FieldError::new("locale", message)]))?,
        };
        let preview = preview.unwrap_or(false);
        if preview && key.kind != KeyKind::Preview {
            return Err(Error::Forbidden(
                "only preview keys may read drafts; this key reads published content".to_owned(),
            ));
        }
        Ok(Self { locale, preview })
    }

    /// Where this read's entries come from.
    pub fn source(&self) -> Source {
        Source::of(self.preview)
    }
}

#[cfg(test)]
mod tests {
    use chrono::Utc;
    use uuid::Uuid;

    use super::*;
    use crate::accounts::workspaces::Workspace;

    fn key(kind: KeyKind) -> DeliveryKey {
        let workspace = Workspace {
            id: Uuid::new_v4(),
            slug: "acme".into(),
            name: "Acme clinics".into(),
            default_locale: "en".into(),
            locales: vec!["en".into(), "fr".into()],
            cors_origins: Vec::new(),
            governance: Default::default(),
            created_at: Utc::now(),
            updated_at: Utc::now(),
        };
        DeliveryKey { key_id: Uuid::new_v4(), workspace, clinic_id: None, kind }
    }

    #[test]
    fn no_locale_reads_the_workspace_default_and_no_preview_reads_published_content() {
        let read = Read::check(&key(KeyKind::Delivery), Some("  "), None).unwrap();

        assert_eq!(read, Read { locale: "en".into(), preview: false });
    }

    #[test]
    fn a_malformed_locale_is_a_validation_error_on_locale() {
        let Err(Error::Validation(errors)) = Read::check(&key(KeyKind::Delivery), Some("x"), None)
        else {
            panic!("expected a validation error");
        };

        assert_eq!(errors[0].field, "locale");
    }

    #[test]
    fn only_a_preview_key_may_read_drafts() {
        let refused = Read::check(&key(KeyKind::Delivery), None, Some(true));
        let allowed = Read::check(&key(KeyKind::Preview), Some("fr"), Some(true)).unwrap();

        assert!(matches!(refused, Err(Error::Forbidden(_))));
        assert_eq!(allowed, Read { locale: "fr".into(), preview: true });
    }
}
