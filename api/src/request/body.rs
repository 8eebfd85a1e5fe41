//! JSON request bodies that report every field that is wrong, at once.
//!
//! actix's own `Json` extractor only says "the body" is wrong, and serde stops at the first
//! error. [`parse_with`] collects every unknown field, wrong type and missing field with its
//! path (`faqs[1].question`, see [`super::shape`]), runs the domain rules on the parts that
//! fit, and answers one `422` with all of them; otherwise the statuses the README's "Errors"
//! section lists: not JSON `415`, too large `413`, malformed `400`.

use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::error::PayloadError;
use actix_web::http::header;
use actix_web::{FromRequest, HttpRequest, web};
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::json_path::{self, JsonPath};
use super::shape;
use super::violations::ShapeErrors;
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
    /// The body as a `T`: `415` unless it is JSON, `400` when malformed, `422` naming every
    /// field that does not fit `T`.
    pub fn json<T: DeserializeOwned>(&self) -> Result<T> {
        self.json_with(Ok)
    }

    /// The body as a `T`, checked by `validate` (the domain rules): one `422` names every
    /// field that does not fit `T` and every one `validate` refuses ([`parse_with`]).
    pub fn json_with<T: DeserializeOwned, U>(
        &self,
        validate: impl FnOnce(T) -> Result<U>,
    ) -> Result<U> {
        require_json(&self.content_type)?;
        parse_with(&self.bytes, validate)
    }

    /// Like [`Self::json`], but an empty body is `None`.
    pub fn optional_json<T: DeserializeOwned>(&self) -> Result<Option<T>> {
        self.optional_json_with(|body: Option<T>| Ok(body))
    }

    /// Like [`Self::json_with`], but an empty body, or JSON `null`, is `None` (and still
    /// validated): clients that always send a body send `null` for "nothing to say".
    pub fn optional_json_with<T: DeserializeOwned, U>(
        &self,
        validate: impl FnOnce(Option<T>) -> Result<U>,
    ) -> Result<U> {
        if self.bytes.iter().all(u8::is_ascii_whitespace) {
            return validate(None);
        }
        if self.bytes.trim_ascii() == b"null" {
            require_json(&self.content_type)?;
            return validate(None);
        }
        self.json_with(|body| validate(Some(body)))
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

/// Deserializes `bytes`, naming the path of every field that is wrong (see
/// [`parse_with`]).
pub fn parse<T: DeserializeOwned>(bytes: &[u8]) -> Result<T> {
    parse_with(bytes, Ok)
}

/// Deserializes `bytes` and hands the body to `validate` (the domain rules), answering one
/// `422` with every violation: each unknown field, wrong type or missing field with its path
/// (`faqs[1].question`), each string holding a NUL character (PostgreSQL cannot store one),
/// and what `validate` finds in the parts that fit, one error per field in path order.
/// Malformed JSON is `400`.
pub fn parse_with<T: DeserializeOwned, U>(
    bytes: &[u8],
    validate: impl FnOnce(T) -> Result<U>,
) -> Result<U> {
    // Serde reads a struct from an array as well (its fields in order, `[]` for all defaults);
    // every body Cutis takes is an object, so a valid JSON array is refused here.
    if bytes.iter().find(|byte| !byte.is_ascii_whitespace()) == Some(&b'[') {
        serde_json::from_slice::<serde::de::IgnoredAny>(bytes).map_err(|error| not_json(&error))?;
        return Err(Error::Validation(vec![FieldError::new("body", "must be a JSON object")]));
    }
    // The common case, a body that fits, costs one parse.
    let first_error = match serde_json::from_slice::<T>(bytes) {
        Ok(body) => {
            let nul = nul_errors(bytes)?;
            return nul.merged_with(validate(body));
        }
        Err(error) if !error.is_data() => return Err(not_json(&error)),
        Err(error) => error,
    };
    let mut document: Value = serde_json::from_slice(bytes).map_err(|error| not_json(&error))?;
    if integers_from_integral_floats(&mut document)
        && let Ok(body) = serde_json::from_value::<T>(document.clone())
    {
        let nul = ShapeErrors::nul(json_path::nul_paths(&document));
        return nul.merged_with(validate(body));
    }
    let nul = json_path::nul_paths(&document);
    let mut shaped = shape::check::<T>(document, shape::budget(bytes.len()));
    if shaped.errors.is_empty() && nul.is_empty() {
        // Only the strict parse minds some things, a repeated key say: name that error.
        return Err(Error::Validation(vec![strict_error::<T>(bytes, &first_error)]));
    }
    let mut errors = ShapeErrors::of(&mut shaped);
    errors.extend(ShapeErrors::nul(nul));
    match shaped.value {
        Some(body) => errors.merged_with(validate(body)),
        None => errors.merged_with(Err(Error::Validation(Vec::new()))),
    }
}

/// Turns every number with no fractional part (`430.0`) into an integer, as JSON Schema counts
/// it one and some encoders (Python's for a float) write it so; says whether any changed.
/// Serde reads an integer as a float too, so this changes what no float field receives.
fn integers_from_integral_floats(value: &mut Value) -> bool {
    match value {
        Value::Number(number) if number.is_f64() => {
            let float = number.as_f64().unwrap_or(f64::NAN);
            // i64::MAX as f64 is 2^63, outside i64: the bound is exclusive.
            let fits = float.fract() == 0.0 && float >= i64::MIN as f64 && float < i64::MAX as f64;
            if fits {
                *value = Value::from(float as i64);
            }
            fits
        }
        Value::Array(items) => items
            .iter_mut()
            .fold(false, |changed, item| integers_from_integral_floats(item) | changed),
        Value::Object(fields) => fields
            .values_mut()
            .fold(false, |changed, field| integers_from_integral_floats(field) | changed),
        _ => false,
    }
}

fn not_json(error: &serde_json::Error) -> Error {
    Error::BadRequest(format!("the request body is not valid JSON: {error}"))
}

/// The NUL characters of a body that parsed. Only a body spelling `\u0000` can hold one
/// (JSON forbids a raw control character in a string), so others skip the second parse.
fn nul_errors(bytes: &[u8]) -> Result<ShapeErrors> {
    if !bytes.windows(6).any(|window| window == b"\\u0000") {
        return Ok(ShapeErrors::default());
    }
    let document: Value = serde_json::from_slice(bytes).map_err(|error| not_json(&error))?;
    Ok(ShapeErrors::nul(json_path::nul_paths(&document)))
}

/// The first error of the strict parse, named by its path.
fn strict_error<T: DeserializeOwned>(bytes: &[u8], first: &serde_json::Error) -> FieldError {
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let (path, message) = match serde_path_to_error::deserialize::<_, T>(&mut deserializer) {
        Err(error) => (JsonPath::of_serde(error.path()), error.into_inner().to_string()),
        Ok(_) => (None, first.to_string()),
    };
    let message = message.split(" at line ").next().unwrap_or_default().to_owned();
    FieldError::new(path.unwrap_or_default().to_string(), message)
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    use super::parse;
    use crate::error::{Error, FieldError};

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Faq {
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
    fn an_array_is_no_body_even_where_serde_would_read_one() {
        #[derive(Debug, Deserialize)]
        struct AllOptional {
            #[serde(default)]
            #[allow(dead_code)]
            name: Option<String>,
        }
        for array in ["[]", " [\"x\"]"] {
            match parse::<AllOptional>(array.as_bytes()) {
                Err(Error::Validation(errors)) => assert_eq!(errors[0].field, "body"),
                other => panic!("expected a 422 for {array}, got {other:?}"),
            }
        }
        assert!(matches!(parse::<AllOptional>(b"[1,"), Err(Error::BadRequest(_))));
    }

    #[test]
    fn an_optional_body_of_null_or_nothing_is_none_and_still_must_be_json() {
        let raw = |body: &'static str, content_type: &str| super::RawBody {
            bytes: actix_web::web::Bytes::from_static(body.as_bytes()),
            content_type: content_type.to_owned(),
        };
        for body in ["", "  ", "null", " null\n"] {
            let read = raw(body, "application/json").optional_json::<Body>();
            assert!(matches!(read, Ok(None)), "{body:?}: {read:?}");
        }
        let untyped = raw("null", "text/plain").optional_json::<Body>();
        assert!(matches!(untyped, Err(Error::UnsupportedMediaType(_))), "{untyped:?}");
        let some = raw(r#"{"faqs":[]}"#, "application/json").optional_json::<Body>();
        assert!(matches!(some, Ok(Some(_))), "{some:?}");
    }

    #[test]
    fn a_whole_number_written_as_a_float_is_an_integer_and_a_fraction_is_not() {
        #[derive(Debug, Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Offering {
            minutes: i32,
            price: f64,
            #[serde(default)]
            sessions: Vec<u8>,
        }
        let read = parse::<Offering>(br#"{"minutes": 430.0, "price": 120.0, "sessions": [3.0]}"#);
        let offering = read.expect("integral floats are integers");
        assert_eq!((offering.minutes, offering.price, offering.sessions), (430, 120.0, vec![3]));
        match parse::<Offering>(br#"{"minutes": 430.5, "price": 1.0}"#) {
            Err(Error::Validation(errors)) => assert_eq!(errors[0].field, "minutes"),
            other => panic!("expected a 422 naming minutes, got {other:?}"),
        }
    }

    #[test]
    fn a_repeated_key_is_named() {
        let (field, message) = field_of(r#"{"faqs":[],"faqs":[]}"#);
        assert_eq!(field, "body");
        assert_eq!(message, "duplicate field `faqs`");
    }

    #[test]
    fn shape_errors_and_what_the_domain_rules_find_are_one_answer() {
        let result = super::parse_with(
            br#"{"faqs":[{"question":1},{"question":""}],"x":1}"#,
            |body: Body| {
                let blank = body.faqs.iter().enumerate().filter(|(_, faq)| faq.question.is_empty());
                let errors =
                    blank.map(|(at, _)| FieldError::new(format!("faqs[{at}].question"), "blank"));
                Err::<(), _>(Error::Validation(errors.collect()))
            },
        );
        let Err(Error::Validation(errors)) = result else { panic!("expected a 422") };
        let fields: Vec<&str> = errors.iter().map(|error| error.field.as_str()).collect();
        // faqs[0].question stood in as "" is the client's type error, not a blank question.
        assert_eq!(fields, ["faqs[0].question", "faqs[1].question", "x"]);
        assert_eq!(errors[1].message, "blank");
    }

    #[test]
    fn malformed_json_is_a_bad_request() {
        assert!(matches!(parse::<Body>(b"{\"faqs\": ["), Err(Error::BadRequest(_))));
        assert!(matches!(parse::<Body>(b"{\"faqs\": []} x"), Err(Error::BadRequest(_))));
    }
}
