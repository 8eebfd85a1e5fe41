//! Posting one signed delivery: a 10 s timeout, no redirects followed (a redirect is an
//! answer, and following it could lead anywhere), and — unless private addresses are allowed —
//! every address the host resolves to checked at send time, in a resolver of our own so the
//! address checked is the address connected to.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use url::Url;

use super::target;
use crate::error::{Error, Result};

/// How long one attempt may take, connection to last byte.
pub const TIMEOUT: Duration = Duration::from_secs(10);

/// What one attempt came to.
#[derive(Clone, Debug)]
pub enum Outcome {
    /// The endpoint answered, with this status and the start of this body.
    Answered { status: u16, body: String },
    /// No answer: refused address, timeout, connection error.
    Failed(String),
}

/// One attempt and how long it took.
#[derive(Clone, Debug)]
pub struct Attempt {
    pub outcome: Outcome,
    pub duration: Duration,
}

/// The headers one attempt carries besides `content-type`.
pub struct Signed<'a> {
    pub id: &'a str,
    pub timestamp: i64,
    pub signature: &'a str,
}

/// The HTTP client deliveries go through.
#[derive(Clone)]
pub struct Sender {
    client: reqwest::Client,
    allow_private: bool,
}

impl Sender {
    pub fn new(allow_private: bool) -> Result<Self> {
        let mut builder = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(TIMEOUT)
            .user_agent(concat!("Cutis-Webhooks/", env!("CARGO_PKG_VERSION")))
            .no_proxy();
        if !allow_private {
            builder = builder.dns_resolver(Arc::new(PublicOnly)).https_only(true);
        }
        let client = builder.build().map_err(|error| {
            Error::Internal(format!("cannot build the webhook client: {error}"))
        })?;
        Ok(Self { client, allow_private })
    }

    /// Posts `body` to `url` with the Standard Webhooks headers.
    pub async fn send(&self, url: &str, signed: Signed<'_>, body: Vec<u8>) -> Attempt {
        let started = Instant::now();
        let outcome = match self.refusal(url).await {
            Some(reason) => Outcome::Failed(reason),
            None => self.post(url, signed, body).await,
        };
        Attempt { outcome, duration: started.elapsed() }
    }

    /// Why `url` may not be called now, checked before connecting so the reason is plain.
    async fn refusal(&self, url: &str) -> Option<String> {
        let parsed = match Url::parse(url) {
            Ok(parsed) => parsed,
            Err(error) => return Some(format!("the URL is not valid: {error}")),
        };
        if self.allow_private {
            return None;
        }
        if parsed.scheme() != "https" {
            return Some("refused: only https:// URLs are called".to_owned());
        }
        match target::resolve(&parsed).await {
            Ok(addresses) => {
                target::check(&parsed, &addresses).err().map(|why| format!("refused: {why}"))
            }
            Err(error) => Some(error),
        }
    }

    async fn post(&self, url: &str, signed: Signed<'_>, body: Vec<u8>) -> Outcome {
        let sent = self
            .client
            .post(url)
            .header("content-type", "application/json")
            .header("webhook-id", signed.id)
            .header("webhook-timestamp", signed.timestamp.to_string())
            .header("webhook-signature", signed.signature)
            .body(body)
            .send()
            .await;
        match sent {
            Ok(response) => {
                let status = response.status().as_u16();
                Outcome::Answered { status, body: body_head(response).await }
            }
            Err(error) => Outcome::Failed(describe(&error)),
        }
    }
}

/// The first kilobyte of an answer's body, as text; the rest is not read.
async fn body_head(mut response: reqwest::Response) -> String {
    let mut kept = Vec::new();
    while kept.len() < super::deliveries::BODY_KEPT {
        match response.chunk().await {
            Ok(Some(chunk)) => kept.extend_from_slice(&chunk),
            _ => break,
        }
    }
    kept.truncate(super::deliveries::BODY_KEPT);
    let mut text = String::from_utf8_lossy(&kept).into_owned();
    // A cut through a multi-byte character shows as one replacement character at the end.
    if text.ends_with('\u{fffd}') && kept.len() == super::deliveries::BODY_KEPT {
        text.pop();
    }
    text
}

/// A failure in words, with its causes (reqwest's own message omits them).
fn describe(error: &reqwest::Error) -> String {
    if error.is_timeout() {
        return format!("no answer within {} s", TIMEOUT.as_secs());
    }
    let mut text = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

/// A resolver that answers only public addresses, so a DNS answer that changed since the
/// check above cannot reach a private one.
struct PublicOnly;

impl Resolve for PublicOnly {
    fn resolve(&self, name: Name) -> Resolving {
        Box::pin(async move {
            let host = name.as_str().to_owned();
            let found: Vec<SocketAddr> =
                tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            for socket in &found {
                if let Some(why) = super::address::refusal(socket.ip()) {
                    let refused = super::address::explain(&host, socket.ip(), why);
                    return Err(refused.into());
                }
            }
            let addresses: Addrs = Box::new(found.into_iter());
            Ok(addresses)
        })
    }
}
