//! Refusing NUL characters in the request line before any handler sees them.
//!
//! PostgreSQL cannot store or compare text holding NUL (`\0`) and SQLite treats it
//! differently, so text carrying one is refused at the edge, identically on both databases:
//! a path segment holding one names nothing that can exist (`404`), a query parameter holding
//! one is an invalid field (`422`). JSON bodies are checked by [`super::body::parse`].

use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::{HttpResponse, ResponseError};

use crate::content::validation::NUL_MESSAGE;
use crate::error::{Error, FieldError};

/// Middleware: `404` for a path holding `%00`, `422` naming the query parameter holding one.
pub async fn refuse_nul(
    request: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, actix_web::Error> {
    if let Some(error) = nul_in(request.path(), request.query_string()) {
        let response: HttpResponse = error.error_response();
        return Ok(request.into_response(response).map_into_right_body());
    }
    Ok(next.call(request).await?.map_into_left_body())
}

/// The error for a raw (still percent-encoded) path and query, if either holds a NUL.
pub fn nul_in(path: &str, query: &str) -> Option<Error> {
    if path.contains("%00") {
        return Some(Error::NotFound("no resource has a path holding a NUL character".into()));
    }
    if !query.contains("%00") {
        return None;
    }
    let fields: Vec<FieldError> = url::form_urlencoded::parse(query.as_bytes())
        .filter(|(name, value)| name.contains('\0') || value.contains('\0'))
        .map(|(name, _)| FieldError::new(name.replace('\0', "\\u0000"), NUL_MESSAGE))
        .collect();
    (!fields.is_empty()).then_some(Error::Validation(fields))
}

#[cfg(test)]
mod tests {
    use super::nul_in;
    use crate::error::Error;

    #[test]
    fn a_nul_in_a_path_segment_is_not_found() {
        assert!(matches!(nul_in("/v1/treatments/a%00b", ""), Some(Error::NotFound(_))));
    }

    #[test]
    fn a_nul_in_a_query_parameter_names_the_parameter() {
        let Some(Error::Validation(fields)) = nul_in("/v1/treatments", "locale=en&q=%00") else {
            panic!("expected a 422");
        };
        assert_eq!(fields.len(), 1);
        assert_eq!(fields[0].field, "q");
    }

    #[test]
    fn an_ordinary_request_passes() {
        assert!(nul_in("/v1/treatments/microneedling", "q=peel%20acid").is_none());
    }
}
