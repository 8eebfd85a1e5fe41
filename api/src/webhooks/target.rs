//! Where a webhook may post: an absolute `https` URL (or `http` with
//! `CUTIS_WEBHOOK_ALLOW_PRIVATE`) whose host is a public address, checked when it is saved
//! and again, for every address the host then resolves to, when each delivery is sent.

use std::net::IpAddr;

use url::{Host, Url};

use super::address;
use crate::validated::WebUrl;
use crate::validated::rules::{self, Rule};

/// How long saving an endpoint waits for its host to resolve.
const SAVE_LOOKUP: std::time::Duration = std::time::Duration::from_secs(2);

/// [`parse`]'s rules as the OpenAPI document states them: an `https` [`WebUrl`] (the plain
/// `http` that `CUTIS_WEBHOOK_ALLOW_PRIVATE` also lets through is for development).
pub fn rules() -> Vec<Rule> {
    let https = WebUrl::PATTERN.replacen("https?", "https", 1);
    vec![Rule::MaxLength(WebUrl::MAX_LEN), rules::pattern(https)]
}

/// Validates `raw` as a webhook URL; the message says what is wrong.
pub async fn parse(raw: &str, allow_private: bool) -> Result<String, String> {
    let url = WebUrl::parse(raw)?.into_string();
    let parsed = Url::parse(&url).map_err(|error| error.to_string())?;
    if parsed.scheme() != "https" && !allow_private {
        return Err("must be an https:// URL".to_owned());
    }
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err("must not carry a user name or password; the signature authenticates".into());
    }
    if !allow_private {
        // A host that does not resolve now (or not quickly) is let through: it is checked
        // again at send time.
        if let Ok(Ok(addresses)) = tokio::time::timeout(SAVE_LOOKUP, resolve(&parsed)).await {
            check(&parsed, &addresses)?;
        }
    }
    Ok(url)
}

/// The addresses `url`'s host stands for now.
pub async fn resolve(url: &Url) -> Result<Vec<IpAddr>, String> {
    let port = url.port_or_known_default().unwrap_or(443);
    match url.host() {
        Some(Host::Ipv4(ip)) => Ok(vec![IpAddr::V4(ip)]),
        Some(Host::Ipv6(ip)) => Ok(vec![IpAddr::V6(ip)]),
        Some(Host::Domain(name)) => tokio::net::lookup_host((name, port))
            .await
            .map(|found| found.map(|socket| socket.ip()).collect())
            .map_err(|error| format!("cannot resolve {name}: {error}")),
        None => Err("the URL names no host".to_owned()),
    }
}

/// Refuses `addresses` (of `url`'s host) when any is not public.
pub fn check(url: &Url, addresses: &[IpAddr]) -> Result<(), String> {
    let host = url.host_str().unwrap_or_default();
    for ip in addresses {
        if let Some(why) = address::refusal(*ip) {
            return Err(address::explain(host, *ip, why));
        }
    }
    Ok(())
}
