//! Which addresses a webhook may not reach: a URL an editor types must not make Cutis call
//! its own machine, the private network or the cloud provider's metadata service (SSRF).
//! Checked when an endpoint is saved and again for every address its host resolves to when a
//! delivery is sent, since DNS answers change.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// Why `ip` may not be called, or `None` when it may.
pub fn refusal(ip: IpAddr) -> Option<&'static str> {
    match ip {
        IpAddr::V4(v4) => refusal_v4(v4),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => refusal_v4(v4),
            None => refusal_v6(v6),
        },
    }
}

fn refusal_v4(ip: Ipv4Addr) -> Option<&'static str> {
    let [a, b, ..] = ip.octets();
    if ip == Ipv4Addr::new(169, 254, 169, 254) || ip == Ipv4Addr::new(100, 100, 100, 200) {
        Some("a cloud metadata address")
    } else if ip.is_loopback() {
        Some("a loopback address")
    } else if ip.is_private() || (a == 100 && (64..128).contains(&b)) {
        Some("a private address")
    } else if ip.is_link_local() {
        Some("a link-local address")
    } else if ip.is_multicast() || ip.is_broadcast() {
        Some("a multicast or broadcast address")
    } else if ip.is_unspecified() || a == 0 {
        Some("an unspecified address")
    } else {
        None
    }
}

fn refusal_v6(ip: Ipv6Addr) -> Option<&'static str> {
    let first = ip.segments()[0];
    if ip == Ipv6Addr::new(0xfd00, 0xec2, 0, 0, 0, 0, 0, 0x254) {
        Some("a cloud metadata address")
    } else if ip.is_loopback() {
        Some("a loopback address")
    } else if first & 0xfe00 == 0xfc00 {
        Some("a private address")
    } else if first & 0xffc0 == 0xfe80 {
        Some("a link-local address")
    } else if ip.is_multicast() {
        Some("a multicast address")
    } else if ip.is_unspecified() {
        Some("an unspecified address")
    } else {
        None
    }
}

/// The sentence an endpoint's delivery error (or a refused save) carries.
pub fn explain(host: &str, ip: IpAddr, why: &str) -> String {
    format!(
        "{host} resolves to {ip}, {why}; webhooks may only call public addresses \
         (CUTIS_WEBHOOK_ALLOW_PRIVATE=true allows others for local development)"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(ip: &str) -> Option<&'static str> {
        refusal(ip.parse().unwrap())
    }

    #[test]
    fn loopback_private_link_local_and_metadata_addresses_are_refused() {
        assert_eq!(refused("127.0.0.1"), Some("a loopback address"));
        assert_eq!(refused("10.1.2.3"), Some("a private address"));
        assert_eq!(refused("192.168.0.10"), Some("a private address"));
        assert_eq!(refused("169.254.169.254"), Some("a cloud metadata address"));
        assert_eq!(refused("169.254.1.1"), Some("a link-local address"));
        assert_eq!(refused("::1"), Some("a loopback address"));
        assert_eq!(refused("::ffff:127.0.0.1"), Some("a loopback address"));
        assert_eq!(refused("fd12::1"), Some("a private address"));
        assert_eq!(refused("224.0.0.1"), Some("a multicast or broadcast address"));
    }

    #[test]
    fn public_addresses_are_allowed() {
        assert_eq!(refused("93.184.215.14"), None);
        assert_eq!(refused("2606:4700::1111"), None);
    }
}
