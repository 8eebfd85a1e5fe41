//! The one conversion from Cutis's [`Error`] to a GraphQL error.
//!
//! `extensions.code` is [`Error::code`], the same name REST puts in a problem's `code`;
//! `VALIDATION` adds `extensions.fields: [{field, message}]` (REST's `errors`),
//! `VERSION_MISMATCH` adds `extensions.currentVersion` and `CLAIMS` adds `extensions.findings`
//! (REST's `findings`). The message is [`Error::public_detail`], so database and internal messages never reach a client; they are
//! logged here instead. The crate enables async-graphql's `custom-error-conversion`, which
//! removes its blanket `Display` conversion: a Cutis error cannot become a GraphQL error any
//! other way.

use actix_web::ResponseError;
use async_graphql::{ErrorExtensionValues, Response, ServerError, Value};
use serde_json::json;

use crate::error::Error;
use crate::request::violations::in_path_order;

/// The extensions a Cutis error carries.
fn extensions(error: &Error) -> ErrorExtensionValues {
    let mut extensions = ErrorExtensionValues::default();
    extensions.set("code", error.code());
    match error {
        Error::Validation(fields) => {
            // In REST's order, whichever way the fields were checked.
            let fields = json!(in_path_order(fields.clone()));
            extensions.set("fields", Value::from_json(fields).unwrap_or_default());
        }
        Error::VersionMismatch { current, .. } => extensions.set("currentVersion", *current),
        Error::Claims(findings) => {
            extensions.set("findings", Value::from_json(json!(findings)).unwrap_or_default());
        }
        _ => {}
    }
    extensions
}

impl From<Error> for async_graphql::Error {
    fn from(error: Error) -> Self {
        if error.status_code().is_server_error() {
            tracing::error!(error = %error, "GraphQL resolver failed");
        }
        let mut converted = async_graphql::Error::new(error.public_detail());
        converted.extensions = Some(extensions(&error));
        converted
    }
}

/// Adds `code` to an error async-graphql raised itself (parsing, validation, limits), unless
/// it already has one.
pub fn with_code(mut error: ServerError, code: &str) -> ServerError {
    let extensions = error.extensions.get_or_insert_with(ErrorExtensionValues::default);
    if extensions.get("code").is_none() {
        extensions.set("code", code);
    }
    error
}

/// A GraphQL error of its own kind (a query over a limit), with `code`.
pub fn server_error(message: impl Into<String>, code: &str) -> ServerError {
    with_code(ServerError::new(message, None), code)
}

/// A request refused before any query ran because of its credentials, as a GraphQL response.
/// It is sent with status 200 like every GraphQL error (GraphQL over HTTP with
/// `application/json`); only malformed HTTP requests (unreadable body, too large, not JSON)
/// get REST's 4xx problem responses.
pub fn refused(error: &Error) -> Response {
    if error.status_code().is_server_error() {
        tracing::error!(error = %error, "GraphQL request failed");
    }
    let mut refused = ServerError::new(error.public_detail(), None);
    refused.extensions = Some(extensions(error));
    Response::from_errors(vec![refused])
}

/// `error` with REST's `limit` and `cursor` named `first` and `after`, as GraphQL calls them.
pub fn renamed(error: Error) -> Error {
    match error {
        Error::Validation(mut fields) => {
            for field in &mut fields {
                match field.field.as_str() {
                    "limit" => field.field = "first".to_owned(),
                    "cursor" => field.field = "after".to_owned(),
                    _ => {}
                }
            }
            Error::Validation(fields)
        }
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use sea_orm::DbErr;

    use super::*;
    use crate::error::FieldError;

    fn code_of(error: &async_graphql::Error) -> Option<Value> {
        error.extensions.as_ref().and_then(|extensions| extensions.get("code").cloned())
    }

    #[test]
    fn a_validation_error_names_every_field() {
        let error =
            Error::Validation(vec![FieldError::new("sessions.max", "must be at least min")]);

        let converted = async_graphql::Error::from(error);

        assert_eq!(code_of(&converted), Some(Value::from("VALIDATION")));
        let fields = converted.extensions.as_ref().and_then(|e| e.get("fields").cloned());
        let fields = fields.map(|value| value.into_json().unwrap_or_default());
        assert_eq!(
            fields,
            Some(json!([{"field": "sessions.max", "message": "must be at least min"}]))
        );
    }

    #[test]
    fn a_stale_version_carries_the_current_version() {
        let converted =
            async_graphql::Error::from(Error::VersionMismatch { expected: 2, current: 4 });

        assert_eq!(code_of(&converted), Some(Value::from("VERSION_MISMATCH")));
        let current = converted.extensions.as_ref().and_then(|e| e.get("currentVersion").cloned());
        assert_eq!(current, Some(Value::from(4)));
    }

    #[test]
    fn a_database_failure_never_shows_its_message() {
        let error = Error::Database(DbErr::Custom("password authentication failed".into()));

        let converted = async_graphql::Error::from(error);

        assert!(!converted.message.contains("password"), "{}", converted.message);
        assert_eq!(code_of(&converted), Some(Value::from("INTERNAL")));
    }
}
