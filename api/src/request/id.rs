//! The id of a request: the client's own `X-Request-Id` when it sends a sane one (so a chain
//! of services shares one id), else the one the server made for its log span. Every answer
//! echoes it, and the audit log records it on the changes the request made.

use actix_web::HttpMessage;
use actix_web::dev::ServiceRequest;
use actix_web::http::header::HeaderName;
use tracing_actix_web::RequestId as GeneratedId;

pub const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// The longest client request id accepted (the audit log's column holds 128 characters).
pub const MAX_LEN: usize = 128;

/// The id of the request being served.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RequestId(pub String);

impl RequestId {
    /// Picks the id of `request` and remembers it in its extensions.
    pub fn assign(request: &ServiceRequest) -> Option<Self> {
        let sent = request.headers().get(REQUEST_ID).and_then(|value| value.to_str().ok());
        let id = match sent.filter(|sent| is_sane(sent)) {
            Some(sent) => Self(sent.to_owned()),
            None => Self(request.extensions().get::<GeneratedId>()?.to_string()),
        };
        request.extensions_mut().insert(id.clone());
        Some(id)
    }

    /// The id [`assign`](Self::assign) gave `request`.
    pub fn of(request: &impl HttpMessage) -> Option<String> {
        request.extensions().get::<Self>().map(|id| id.0.clone())
    }
}

/// 1 to [`MAX_LEN`] letters, digits and `-_.:`: what tracing systems send, and nothing that
/// could forge a log line or a header.
fn is_sane(sent: &str) -> bool {
    let allowed = |c: char| c.is_ascii_alphanumeric() || "-_.:".contains(c);
    (1..=MAX_LEN).contains(&sent.len()) && sent.chars().all(allowed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_trace_id_is_kept_and_anything_odd_is_replaced() {
        assert!(is_sane("4bf92f3577b34da6a3ce929d0e0e4736"));
        assert!(is_sane("client-7:retry.2_b"));
        for odd in ["", "has space", "new\nline", "quote\"", &"x".repeat(MAX_LEN + 1)] {
            assert!(!is_sane(odd), "{odd:?}");
        }
    }
}
