//! JSON request bodies that report exactly which field is wrong.
//!
//! actix's own `Json` extractor only says "the body" is wrong. [`JsonBody`] deserializes
//! through `serde_path_to_error`, so an unknown field, a wrong type or a missing field comes
//! back as a `422` naming its path (`faqs[1].question`), with the statuses the README's
//! "Errors" section lists: not JSON `415`, too large `413`, malformed `400`.

use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::error::PayloadError;
use actix_web::http::header;
use actix_web::{FromRequest, HttpRequest, web};
use serde::de::DeserializeOwned;

use crate::content::validation::{NUL_MESSAGE, nul_path};
use crate::error::{Error, FieldError, Result};
use crate::state::AppState;

/// A request body, read (up to the body limit) but not yet parsed. Handlers parse it with
/// [`RawBody::json`] after authorizing the caller, so a request without credentials or
/// permission is refused as such (401, 403, 404) whatever its body holds.
#[derive(Debug)]
pub struct RawBody {
    bytes: web::Bytes,
    content_type: String,
}

impl FromRequest for RawBody {
    type Error = Error;
    type Future = Pin<Box<dyn Future<Output = Result<Self>>>>;

    fn from_request(request: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let request = request.clone();
        let bytes = web::Bytes::from_request(&request, payload);
        Box::pin(async move {
            let bytes = bytes.await.map_err(|error| read_error(&request, &error))?;
            let content_type = request
                .headers()
                .get(header::CONTENT_TYPE)
                .and_then(|value| value.to_str().ok())
                .unwrap_or_default()
                .to_owned();
            Ok(Self { bytes, content_type })
        })
    }
}

impl RawBody {
    /// The body as a `T`: `415` unless it is JSON, `400` when malformed, `422` naming the
    /// field when it does not fit `T`.
    pub fn json<T: DeserializeOwned>(&self) -> Result<T> {
        require_json(&self.content_type)?;
        parse(&self.bytes)
    }

    /// Like [`Self::json`], but an empty body is `None`.
    pub fn optional_json<T: DeserializeOwned>(&self) -> Result<Option<T>> {
        if self.bytes.iter().all(u8::is_ascii_whitespace) {
            return Ok(None);
        }
        self.json().map(Some)
    }
}

/// `415` unless the body is declared `application/json` (or another `+json` type).
fn require_json(content_type: &str) -> Result<()> {
    let essence = content_type.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
    if essence == "application/json"
        || (essence.starts_with("application/") && essence.ends_with("+json"))
    {
        Ok(())
    } else {
        Err(Error::UnsupportedMediaType(format!(
            "the request body must be application/json, not {}",
            if essence.is_empty() { "untyped" } else { essence.as_str() }
        )))
    }
}

fn read_error(request: &HttpRequest, error: &actix_web::Error) -> Error {
    match error.as_error::<PayloadError>() {
        Some(PayloadError::Overflow) => Error::PayloadTooLarge { limit: limit(request) },
        _ => Error::BadRequest(format!("the request body could not be read: {error}")),
    }
}

fn limit(request: &HttpRequest) -> usize {
    request.app_data::<web::Data<AppState>>().map_or(0, |state| state.settings.body_limit_bytes)
}

/// Deserializes `bytes`, naming the path of whatever is wrong. A string holding a NUL
/// character (`\u0000`) is refused wherever it is, as PostgreSQL cannot store one.
pub fn parse<T: DeserializeOwned>(bytes: &[u8]) -> Result<T> {
    refuse_nul(bytes)?;
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let value = serde_path_to_error::deserialize(&mut deserializer).map_err(|error| {
        let path = error.path().to_string();
        let inner = error.into_inner();
        if inner.is_data() {
            Error::Validation(vec![field_error(&path, &inner)])
        } else {
            Error::BadRequest(format!("the request body is not valid JSON: {inner}"))
        }
    })?;
    deserializer.end().map_err(|error| {
        Error::BadRequest(format!("the request body is not valid JSON: {error}"))
    })?;
    Ok(value)
}

/// `422` on the first field holding a NUL. Only a body spelling `\u0000` can hold one (JSON
/// forbids a raw control character in a string), so others skip the second parse.
fn refuse_nul(bytes: &[u8]) -> Result<()> {
    if !bytes.windows(6).any(|window| window == b"\\u0000") {
        return Ok(());
    }
    let Ok(value) = serde_json::from_slice::<serde_json::Value>(bytes) else { return Ok(()) };
    match nul_path(&value) {
        Some(path) => {
            let field = if path == "." { "body".to_owned() } else { path };
            Err(Error::Validation(vec![FieldError::new(field, NUL_MESSAGE)]))
        }
        None => Ok(()),
    }
}

/// The field and message a client can act on: `missing field` names the missing field
/// itself, an unknown field is named as such, and serde's "at line…" position is dropped.
fn field_error(path: &str, error: &serde_json::Error) -> FieldError {
    let message = error.to_string();
    let message = match message.rfind(" at line ") {
        Some(position) => message[..position].to_owned(),
        None => message,
    };
    let base = if path == "." { "" } else { path };
    let join =
        |field: &str| if base.is_empty() { field.to_owned() } else { format!("{base}.{field}") };
    if let Some(missing) = backticked(&message, "missing field `") {
        return FieldError::new(join(missing), "is required");
    }
    if message.starts_with("unknown field `") {
        let expected = message.split_once(", expected ").map(|(_, rest)| rest).unwrap_or("");
        let field = if base.is_empty() { "body" } else { base };
        return FieldError::new(field, format!("is not a known field; expected {expected}"));
    }
    FieldError::new(if base.is_empty() { "body" } else { base }, message)
}

/// The text between `prefix` and the next backtick.
fn backticked<'a>(message: &'a str, prefix: &str) -> Option<&'a str> {
    message.strip_prefix(prefix)?.split('`').next()
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    use super::parse;
    use crate::error::Error;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Faq {
        #[allow(dead_code)]
        question: String,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Body {
        #[allow(dead_code)]
        faqs: Vec<Faq>,
    }

    fn field_of(json: &str) -> (String, String) {
        match parse::<Body>(json.as_bytes()) {
            Err(Error::Validation(errors)) => (errors[0].field.clone(), errors[0].message.clone()),
            other => panic!("expected a 422, got {other:?}"),
        }
    }

    #[test]
    fn an_unknown_nested_field_is_named_by_its_path() {
        let (field, message) = field_of(r#"{"faqs":[{"question":"q"},{"question":"q","x":1}]}"#);
        assert_eq!(field, "faqs[1].x");
        assert!(message.starts_with("is not a known field"), "{message}");
    }

    #[test]
    fn a_wrong_type_is_named_by_its_path_without_a_position() {
        let (field, message) = field_of(r#"{"faqs":[{"question":7}]}"#);
        assert_eq!(field, "faqs[0].question");
        assert!(!message.contains("line"), "{message}");
    }

    #[test]
    fn a_missing_field_is_named_itself() {
        assert_eq!(field_of(r#"{"faqs":[{}]}"#).0, "faqs[0].question");
        assert_eq!(field_of(r#"{}"#).0, "faqs");
    }

    #[test]
    fn a_nul_in_any_string_is_named_by_its_path() {
        let (field, message) = field_of(r#"{"faqs":[{"question":"q"},{"question":"a\u0000b"}]}"#);
        assert_eq!(field, "faqs[1].question");
        assert!(message.contains("NUL"), "{message}");
    }

    #[test]
    fn an_escaped_backslash_before_u0000_is_no_nul() {
        assert!(parse::<Body>(br#"{"faqs":[{"question":"a\\u0000"}]}"#).is_ok());
    }

    #[test]
    fn malformed_json_is_a_bad_request() {
        assert!(matches!(parse::<Body>(b"{\"faqs\": ["), Err(Error::BadRequest(_))));
        assert!(matches!(parse::<Body>(b"{\"faqs\": []} x"), Err(Error::BadRequest(_))));
    }
}
