//! What answers when no handler does: unknown routes, wrong methods, and bodies that actix
//! refuses before a handler runs. Every one of them is `application/problem+json`.

use actix_web::body::EitherBody;
use actix_web::dev::ServiceResponse;
use actix_web::error::JsonPayloadError;
use actix_web::http::{StatusCode, header};
use actix_web::middleware::ErrorHandlerResponse;
use actix_web::{HttpRequest, HttpResponse};

use crate::error::{Error, FieldError, PROBLEM_JSON, Problem};

/// The default service: no route matches this path.
pub async fn unknown_route(request: HttpRequest) -> HttpResponse {
    let detail = format!("no route matches {} {}", request.method(), request.path());
    Problem::new(StatusCode::NOT_FOUND, "NOT_FOUND", detail).response()
}

/// Turns a JSON body actix could not read into our error: too large `413`, not JSON `415`,
/// of the wrong shape `422`, malformed `400` (README, "Errors").
pub fn json_error(error: JsonPayloadError, limit: usize) -> Error {
    match error {
        JsonPayloadError::OverflowKnownLength { .. } | JsonPayloadError::Overflow { .. } => {
            Error::PayloadTooLarge { limit }
        }
        JsonPayloadError::ContentType => {
            Error::UnsupportedMediaType("the request body must be application/json".to_owned())
        }
        JsonPayloadError::Deserialize(error) if error.is_data() => {
            Error::Validation(vec![FieldError::new("body", error.to_string())])
        }
        JsonPayloadError::Deserialize(error) => {
            Error::BadRequest(format!("the request body is not valid JSON: {error}"))
        }
        other => Error::BadRequest(format!("the request body could not be read: {other}")),
    }
}

/// Turns query parameters actix could not read (a word where a number belongs) into a 422.
pub fn query_error(error: actix_web::error::QueryPayloadError) -> Error {
    Error::Validation(vec![FieldError::new("query", error.to_string())])
}

/// Error middleware hook: rewrites any error response that is not already a problem document
/// (actix's own 405s, 413s from the payload limit, ...) into one, keeping its headers.
pub fn problem_for_bare_errors<B>(
    response: ServiceResponse<B>,
) -> actix_web::Result<ErrorHandlerResponse<B>> {
    let is_problem = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|value| value.as_bytes().starts_with(PROBLEM_JSON.as_bytes()));
    // The web admin's pages answer their errors as pages.
    let is_page = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|value| value.as_bytes().starts_with(b"text/html"));
    if is_problem || is_page {
        return Ok(ErrorHandlerResponse::Response(response.map_into_left_body()));
    }
    let status = response.status();
    let detail = bare_error_detail(status, response.request());
    let (request, original) = response.into_parts();
    let mut replacement = Problem::new(status, code_for_status(status), detail).response();
    for (name, value) in original.headers() {
        if name != header::CONTENT_TYPE && name != header::CONTENT_LENGTH {
            replacement.headers_mut().append(name.clone(), value.clone());
        }
    }
    let response: ServiceResponse<EitherBody<B>> =
        ServiceResponse::new(request, replacement).map_into_right_body();
    Ok(ErrorHandlerResponse::Response(response))
}

fn bare_error_detail(status: StatusCode, request: &HttpRequest) -> String {
    match status {
        StatusCode::METHOD_NOT_ALLOWED => {
            format!("{} is not allowed on {}", request.method(), request.path())
        }
        StatusCode::NOT_FOUND => {
            format!("no route matches {} {}", request.method(), request.path())
        }
        other => other.canonical_reason().unwrap_or("request failed").to_owned(),
    }
}

fn code_for_status(status: StatusCode) -> &'static str {
    match status {
        StatusCode::BAD_REQUEST => "BAD_REQUEST",
        StatusCode::UNAUTHORIZED => "UNAUTHENTICATED",
        StatusCode::FORBIDDEN => "FORBIDDEN",
        StatusCode::NOT_FOUND => "NOT_FOUND",
        StatusCode::METHOD_NOT_ALLOWED => "METHOD_NOT_ALLOWED",
        StatusCode::PAYLOAD_TOO_LARGE => "PAYLOAD_TOO_LARGE",
        StatusCode::UNSUPPORTED_MEDIA_TYPE => "UNSUPPORTED_MEDIA_TYPE",
        StatusCode::SERVICE_UNAVAILABLE => "UNAVAILABLE",
        status if status.is_client_error() => "BAD_REQUEST",
        _ => "INTERNAL",
    }
}
