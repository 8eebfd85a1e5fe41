//! Login throttling with `governor`: a token bucket per client IP, one per account and one for
//! the whole server, so neither one address guessing many accounts, nor many addresses guessing
//! one account, nor many addresses each under their own limit get far.

use std::net::IpAddr;
use std::num::NonZeroU32;

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultDirectRateLimiter, DefaultKeyedRateLimiter, Quota};

use crate::error::{Error, Result};

/// Above this many tracked keys, idle buckets are dropped so memory stays bounded.
const MAX_TRACKED_KEYS: usize = 50_000;

pub struct LoginLimiter {
    per_ip: DefaultKeyedRateLimiter<IpAddr>,
    per_account: DefaultKeyedRateLimiter<String>,
    global: DefaultDirectRateLimiter,
    clock: DefaultClock,
}

impl LoginLimiter {
    /// `per_ip`, `per_account` and `global` attempts per minute, each also the burst size.
    pub fn new(per_ip: u32, per_account: u32, global: u32) -> Self {
        let quota = |n: u32| Quota::per_minute(NonZeroU32::new(n).unwrap_or(NonZeroU32::MIN));
        Self {
            per_ip: DefaultKeyedRateLimiter::keyed(quota(per_ip)),
            per_account: DefaultKeyedRateLimiter::keyed(quota(per_account)),
            global: DefaultDirectRateLimiter::direct(quota(global)),
            clock: DefaultClock::default(),
        }
    }

    /// Counts one login attempt; 429 with the wait in seconds when any bucket is empty. The
    /// address and account come first, so one noisy client spends its own buckets only.
    pub fn check(&self, ip: Option<IpAddr>, account: &str) -> Result<()> {
        if self.per_ip.len() > MAX_TRACKED_KEYS {
            self.per_ip.retain_recent();
        }
        if self.per_account.len() > MAX_TRACKED_KEYS {
            self.per_account.retain_recent();
        }
        if let Some(ip) = ip {
            self.per_ip.check_key(&ip).map_err(|wait| self.too_many(wait))?;
        }
        let account = account.trim().to_lowercase();
        self.per_account.check_key(&account).map_err(|wait| self.too_many(wait))?;
        self.global.check().map_err(|wait| self.too_many(wait))
    }

    fn too_many(&self, wait: governor::NotUntil<<DefaultClock as Clock>::Instant>) -> Error {
        let seconds = wait.wait_time_from(self.clock.now()).as_secs_f64().ceil() as u64;
        Error::TooManyRequests { retry_after_secs: seconds.max(1) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_attempt_after_the_burst_is_refused_with_a_wait() {
        let limiter = LoginLimiter::new(100, 2, 1000);
        let ip = Some(IpAddr::from([127, 0, 0, 1]));

        assert!(limiter.check(ip, "editor@clinic.example").is_ok());
        assert!(limiter.check(ip, "EDITOR@clinic.example").is_ok());
        let refused = limiter.check(ip, "editor@clinic.example");

        assert!(
            matches!(refused, Err(Error::TooManyRequests { retry_after_secs }) if retry_after_secs >= 1)
        );
        assert!(limiter.check(ip, "reviewer@clinic.example").is_ok(), "other accounts go on");
    }

    #[test]
    fn many_addresses_each_under_their_limit_meet_the_global_one() {
        let limiter = LoginLimiter::new(100, 100, 3);
        let attempt = |n: u8| limiter.check(Some(IpAddr::from([10, 0, 0, n])), "a@clinic.example");

        assert!((1..=3).all(|n| attempt(n).is_ok()));

        assert!(matches!(attempt(4), Err(Error::TooManyRequests { .. })));
    }
}
