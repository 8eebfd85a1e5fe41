//! Entry versions as entity tags: a response carries `ETag: "3"` and a change sends it back as
//! `If-Match: "3"`. A change without `If-Match` is `428`; a weak, wildcard or malformed tag is
//! `400`; a stale one is `412` (the service's answer).

use actix_web::HttpRequest;
use actix_web::http::header;

use crate::error::{Error, Result};

/// The version a change expects, from `If-Match: "<version>"`.
pub fn if_match(request: &HttpRequest) -> Result<i32> {
    let Some(value) = request.headers().get(header::IF_MATCH) else {
        return Err(Error::PreconditionRequired);
    };
    let invalid = || {
        Error::BadRequest(
            "If-Match must carry the entry's version as a strong entity tag, e.g. \"3\"".to_owned(),
        )
    };
    let value = value.to_str().map_err(|_| invalid())?.trim();
    // An entity tag is quoted (RFC 9110); a bare number is no tag at all.
    let unquoted = value.strip_prefix('"').and_then(|v| v.strip_suffix('"')).ok_or_else(invalid)?;
    if unquoted.is_empty() || !unquoted.bytes().all(|b| b.is_ascii_digit()) {
        return Err(invalid());
    }
    unquoted.parse().map_err(|_| invalid())
}

/// The strong entity tag of `version`: `"3"`.
pub fn etag(version: i32) -> String {
    format!("\"{version}\"")
}

#[cfg(test)]
mod tests {
    use actix_web::test::TestRequest;

    use super::*;

    #[test]
    fn a_quoted_version_is_read_and_a_missing_one_is_428() {
        let request =
            TestRequest::default().insert_header((header::IF_MATCH, "\"7\"")).to_http_request();
        assert_eq!(if_match(&request).unwrap(), 7);
        let request = TestRequest::default().to_http_request();
        assert!(matches!(if_match(&request), Err(Error::PreconditionRequired)));
    }

    #[test]
    fn weak_wildcard_and_garbage_tags_are_400() {
        for bad in ["W/\"7\"", "*", "7", "\"seven\"", "\"\"", "\"1\", \"2\"", "\"99999999999\""] {
            let request =
                TestRequest::default().insert_header((header::IF_MATCH, bad)).to_http_request();
            assert!(matches!(if_match(&request), Err(Error::BadRequest(_))), "{bad}");
        }
    }
}
