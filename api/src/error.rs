//! The one error type of Cutis.
//!
//! The content service, the auth layer and the HTTP layers all return [`Error`]. It becomes an
//! RFC 9457 `application/problem+json` response here (REST) and a GraphQL error with
//! `extensions.code` in the GraphQL layer, so both APIs report the same failure the same way.
//! Internal details (database messages, I/O errors) are logged, never sent to clients.

use actix_web::http::{StatusCode, header};
use actix_web::{HttpResponse, ResponseError};
use sea_orm::DbErr;
use serde::Serialize;

use crate::content::governance::{Finding, Severity};

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// One invalid field of a request, reported with every other one at once.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct FieldError {
    /// Path of the field in the request body, e.g. `sessions.max` or `faqs[2].question`.
    pub field: String,
    pub message: String,
}

impl FieldError {
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self { field: field.into(), message: message.into() }
    }

    /// A claim the claims check found, as the field it is in and what to do about it.
    pub fn of_finding(finding: &Finding) -> Self {
        let what = match finding.severity {
            Severity::Block => "must be rewritten",
            Severity::Warn => "must be rewritten or accepted",
        };
        Self::new(
            &finding.field,
            format!(
                "'{}' ({}) {what}: {} [{}]",
                finding.matched, finding.locale, finding.reason, finding.id
            ),
        )
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{0}")]
    BadRequest(String),
    #[error("{0}")]
    Unauthorized(String),
    #[error("{0}")]
    Forbidden(String),
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    Conflict(String),
    /// What was asked for existed but can no longer be used (an expired or used invitation).
    #[error("{0}")]
    Gone(String),
    #[error("the entry has changed since version {expected}; it is now at version {current}")]
    VersionMismatch { expected: i32, current: i32 },
    #[error("cannot {step} an entry whose status is {status}")]
    InvalidTransition { step: &'static str, status: String },
    #[error("this change needs an If-Match header carrying the entry's current version")]
    PreconditionRequired,
    #[error("the request body is larger than the limit of {limit} bytes")]
    PayloadTooLarge { limit: usize },
    #[error("{0}")]
    UnsupportedMediaType(String),
    #[error("{} invalid field(s)", .0.len())]
    Validation(Vec<FieldError>),
    /// Claims the claims check found that stop an approval: `block` findings, and `warn`
    /// findings the reviewer did not accept.
    #[error(
        "{} claim(s) stand in the way of approval: rewrite the text, or accept each warning by \
         its id in accept_warnings",
        .0.len()
    )]
    Claims(Vec<Finding>),
    #[error("too many requests; retry in {retry_after_secs} s")]
    TooManyRequests { retry_after_secs: u64 },
    /// Too much of a costly kind of work (password hashing) is under way; unlike
    /// `Unavailable` the database is fine, and the client should retry after the wait.
    #[error("the server is busy; retry in {retry_after_secs} s")]
    Busy { retry_after_secs: u64 },
    #[error("{0}")]
    Unavailable(String),
    #[error("database error: {0}")]
    Database(#[from] DbErr),
    #[error("internal error: {0}")]
    Internal(String),
}

impl Error {
    /// Both values, or every violation either check found (`422`s are joined).
    pub fn both<A, B>(first: Result<A>, second: Result<B>) -> Result<(A, B)> {
        match (first, second) {
            (Ok(first), Ok(second)) => Ok((first, second)),
            (Err(Self::Validation(mut found)), Err(Self::Validation(more))) => {
                found.extend(more);
                Err(Self::Validation(found))
            }
            (Err(error), _) | (_, Err(error)) => Err(error),
        }
    }

    pub fn not_found(what: impl std::fmt::Display) -> Self {
        Self::NotFound(format!("{what} was not found"))
    }

    /// A stable machine-readable name, shared by REST (`code`) and GraphQL (`extensions.code`).
    pub fn code(&self) -> &'static str {
        match self {
            Self::BadRequest(_) => "BAD_REQUEST",
            Self::Unauthorized(_) => "UNAUTHENTICATED",
            Self::Forbidden(_) => "FORBIDDEN",
            Self::NotFound(_) => "NOT_FOUND",
            Self::Conflict(_) | Self::InvalidTransition { .. } => "CONFLICT",
            Self::Gone(_) => "GONE",
            Self::VersionMismatch { .. } => "VERSION_MISMATCH",
            Self::PreconditionRequired => "PRECONDITION_REQUIRED",
            Self::PayloadTooLarge { .. } => "PAYLOAD_TOO_LARGE",
            Self::UnsupportedMediaType(_) => "UNSUPPORTED_MEDIA_TYPE",
            Self::Validation(_) => "VALIDATION",
            Self::Claims(_) => "CLAIMS",
            Self::TooManyRequests { .. } => "TOO_MANY_REQUESTS",
            Self::Busy { .. } => "BUSY",
            Self::Unavailable(_) => "UNAVAILABLE",
            Self::Database(error) if is_unavailable(error) => "UNAVAILABLE",
            Self::Database(error) if is_unique_violation(error) => "CONFLICT",
            Self::Database(_) | Self::Internal(_) => "INTERNAL",
        }
    }

    /// What the client may read. Internal failures get a fixed sentence; the cause is logged.
    pub fn public_detail(&self) -> String {
        match self {
            Self::Database(error) if is_unavailable(error) => {
                "the database is not answering; try again shortly".to_owned()
            }
            Self::Database(error) if is_unique_violation(error) => {
                "an entry with the same unique value already exists".to_owned()
            }
            Self::Database(_) | Self::Internal(_) => {
                "the server failed to handle this request; it has been logged".to_owned()
            }
            other => other.to_string(),
        }
    }
}

/// The connection could not be obtained or was lost, or the database stayed too busy to take
/// the statement: the database is down or overloaded, not the request bad; a retry may succeed.
fn is_unavailable(error: &DbErr) -> bool {
    matches!(error, DbErr::ConnectionAcquire(_) | DbErr::Conn(_))
        || crate::db::is_busy(error)
        || crate::db::is_connection_lost(error)
}

fn is_unique_violation(error: &DbErr) -> bool {
    matches!(error.sql_err(), Some(sea_orm::SqlErr::UniqueConstraintViolation(_)))
}

/// The RFC 9457 body. `type` is a URN naming the problem; `code` repeats it for programs.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Problem {
    #[serde(rename = "type")]
    #[schema(example = "urn:cutis:problem:not-found")]
    pub kind: String,
    #[schema(example = "Not Found")]
    pub title: String,
    #[schema(example = 404)]
    pub status: u16,
    #[schema(example = "treatment 'microneedling' was not found")]
    pub detail: String,
    #[schema(example = "NOT_FOUND")]
    pub code: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
    /// The entry's version now, on `412 Precondition Failed`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub current_version: Option<i32>,
    /// The entry's workflow status now, when a workflow step does not apply to it (`409`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub current_status: Option<String>,
    /// The claims that refused an approval (`CLAIMS`): each `block`, and each `warn` not named
    /// in `accept_warnings`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub findings: Vec<Finding>,
}

pub const PROBLEM_JSON: &str = "application/problem+json";

impl Problem {
    pub fn new(status: StatusCode, code: &str, detail: impl Into<String>) -> Self {
        Self {
            kind: format!("urn:cutis:problem:{}", code.to_ascii_lowercase().replace('_', "-")),
            title: status.canonical_reason().unwrap_or("Error").to_owned(),
            status: status.as_u16(),
            detail: detail.into(),
            code: code.to_owned(),
            errors: Vec::new(),
            current_version: None,
            current_status: None,
            findings: Vec::new(),
        }
    }

    pub fn response(&self) -> HttpResponse {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        HttpResponse::build(status).content_type(PROBLEM_JSON).json(self)
    }
}

impl ResponseError for Error {
    fn status_code(&self) -> StatusCode {
        match self.code() {
            "BAD_REQUEST" => StatusCode::BAD_REQUEST,
            "UNAUTHENTICATED" => StatusCode::UNAUTHORIZED,
            "FORBIDDEN" => StatusCode::FORBIDDEN,
            "NOT_FOUND" => StatusCode::NOT_FOUND,
            "CONFLICT" => StatusCode::CONFLICT,
            "GONE" => StatusCode::GONE,
            "VERSION_MISMATCH" => StatusCode::PRECONDITION_FAILED,
            "PRECONDITION_REQUIRED" => StatusCode::PRECONDITION_REQUIRED,
            "PAYLOAD_TOO_LARGE" => StatusCode::PAYLOAD_TOO_LARGE,
            "UNSUPPORTED_MEDIA_TYPE" => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "VALIDATION" | "CLAIMS" => StatusCode::UNPROCESSABLE_ENTITY,
            "TOO_MANY_REQUESTS" => StatusCode::TOO_MANY_REQUESTS,
            "UNAVAILABLE" | "BUSY" => StatusCode::SERVICE_UNAVAILABLE,
            _ => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        let status = self.status_code();
        // An overload refused on purpose is expected under attack; only failures are errors.
        if matches!(self, Self::Busy { .. }) {
            tracing::warn!(error = %self, "request refused");
        } else if status.is_server_error() {
            tracing::error!(error = %self, "request failed");
        }
        let mut problem = Problem::new(status, self.code(), self.public_detail());
        match self {
            Self::Validation(errors) => problem.errors.clone_from(errors),
            Self::VersionMismatch { current, .. } => problem.current_version = Some(*current),
            Self::InvalidTransition { status, .. } => problem.current_status = Some(status.clone()),
            Self::Claims(findings) => {
                problem.errors = findings.iter().map(FieldError::of_finding).collect();
                problem.findings.clone_from(findings);
            }
            _ => {}
        }
        let mut response = problem.response();
        let headers = response.headers_mut();
        match self {
            Self::TooManyRequests { retry_after_secs } | Self::Busy { retry_after_secs } => {
                headers.insert(header::RETRY_AFTER, (*retry_after_secs).into());
            }
            Self::Unauthorized(_) => {
                headers
                    .insert(header::WWW_AUTHENTICATE, header::HeaderValue::from_static("Bearer"));
            }
            _ => {}
        }
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_database_failure_never_shows_its_message() {
        let error = Error::Database(DbErr::Custom("password authentication failed".into()));
        assert_eq!(error.status_code(), StatusCode::INTERNAL_SERVER_ERROR);
        assert!(!error.public_detail().contains("password"));
    }

    #[test]
    fn a_stale_version_is_412_with_the_current_version() {
        let error = Error::VersionMismatch { expected: 3, current: 5 };
        assert_eq!(error.status_code(), StatusCode::PRECONDITION_FAILED);
        assert_eq!(error.code(), "VERSION_MISMATCH");
    }
}
