//! Who acts in which workspace. Every content query takes a [`Scope`] and filters by its
//! workspace, so tenant isolation holds in the service itself, not only in the HTTP layer.

use uuid::Uuid;

use super::governance::Governance;
use crate::accounts::workspaces::Workspace;
use crate::error::FieldError;
use crate::validated::Locale;

/// The workspace a request acts in and the user acting.
#[derive(Clone, Debug)]
pub struct Scope {
    pub workspace_id: Uuid,
    /// The locale text falls back to when an entry has none in the requested one.
    pub default_locale: String,
    /// The locales editors may write in; always contains `default_locale`.
    pub locales: Vec<String>,
    /// The user recorded as author of revisions and in the audit log.
    pub actor: Uuid,
    /// The id of the request acting, recorded in the audit log; none outside a request (the
    /// scheduler, `cutis import`).
    pub request_id: Option<String>,
    /// The workspace's review policy and publish requirements.
    pub governance: Governance,
}

impl Scope {
    /// `actor` acting in `workspace`, outside any request.
    pub fn of_workspace(workspace: &Workspace, actor: Uuid) -> Self {
        Self {
            workspace_id: workspace.id,
            default_locale: workspace.default_locale.clone(),
            locales: workspace.locales.clone(),
            actor,
            request_id: None,
            governance: workspace.governance.clone(),
        }
    }

    /// The locale a request names, or the workspace default when it names none. A locale the
    /// workspace does not offer is an error on `field`.
    pub fn locale(&self, requested: Option<&str>, field: &str) -> Result<Locale, FieldError> {
        let raw = requested.unwrap_or(&self.default_locale);
        let locale = Locale::parse(raw).map_err(|message| FieldError::new(field, message))?;
        if self.locales.iter().any(|offered| offered == locale.as_str()) {
            Ok(locale)
        } else {
            Err(FieldError::new(
                field,
                format!("must be one of the workspace's locales: {}", self.locales.join(", ")),
            ))
        }
    }

    /// Which of `available` to serve for `requested`: the requested locale when the entry has
    /// text in it, else the workspace default, else the first the entry has.
    pub fn served_locale<'a>(
        &self,
        requested: &str,
        available: impl IntoIterator<Item = &'a String> + Clone,
    ) -> Option<String> {
        let has = |wanted: &str| available.clone().into_iter().any(|locale| locale == wanted);
        if has(requested) {
            Some(requested.to_owned())
        } else if has(&self.default_locale) {
            Some(self.default_locale.clone())
        } else {
            available.into_iter().next().cloned()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scope() -> Scope {
        Scope {
            workspace_id: Uuid::nil(),
            default_locale: "en".into(),
            locales: vec!["en".into(), "fr".into()],
            actor: Uuid::nil(),
            request_id: None,
            governance: Governance::default(),
        }
    }

    #[test]
    fn no_locale_means_the_workspace_default() {
        assert_eq!(scope().locale(None, "locale").unwrap().as_str(), "en");
    }

    #[test]
    fn a_locale_the_workspace_does_not_offer_is_an_error_on_the_field() {
        let error = scope().locale(Some("de"), "locale").unwrap_err();
        assert_eq!(error.field, "locale");
        assert!(error.message.contains("en, fr"));
    }

    #[test]
    fn a_missing_translation_falls_back_to_the_default_then_to_any() {
        let both = vec!["en".to_owned(), "fr".to_owned()];
        let french = vec!["fr".to_owned()];
        assert_eq!(scope().served_locale("fr", &both).as_deref(), Some("fr"));
        assert_eq!(scope().served_locale("de", &both).as_deref(), Some("en"));
        assert_eq!(scope().served_locale("en", &french).as_deref(), Some("fr"));
        assert_eq!(scope().served_locale("en", &Vec::new()), None);
    }
}
