//! When a failed delivery is tried again: exponential backoff from
//! `CUTIS_WEBHOOK_RETRY_BASE_MS`, each step capped at six hours and spread by ±20 % jitter so
//! endpoints coming back from an outage are not hit by every queued delivery at once. With the
//! default 5 s base, [`MAX_ATTEMPTS`] attempts span about a day.

use std::time::Duration;

/// Attempts before a delivery is given up (and its endpoint disabled).
pub const MAX_ATTEMPTS: i32 = 16;

const CAP: Duration = Duration::from_secs(6 * 60 * 60);

/// The wait after failed attempt number `attempts` (1 for the first), with `jitter` in
/// `[0, 1)` placing it within ±20 % of the step.
pub fn delay(base: Duration, attempts: i32, jitter: f64) -> Duration {
    let doublings = u32::try_from(attempts.saturating_sub(1)).unwrap_or(0).min(30);
    let step = base.saturating_mul(1 << doublings).min(CAP);
    step.mul_f64(0.8 + 0.4 * jitter.clamp(0.0, 1.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_retry_waits_about_twice_as_long_as_the_one_before() {
        let base = Duration::from_secs(5);
        assert_eq!(delay(base, 1, 0.5), Duration::from_secs(5));
        assert_eq!(delay(base, 2, 0.5), Duration::from_secs(10));
        assert_eq!(delay(base, 3, 0.5), Duration::from_secs(20));
        assert_eq!(delay(base, 30, 0.5), CAP);
    }

    #[test]
    fn jitter_keeps_a_wait_within_a_fifth_of_its_step() {
        let base = Duration::from_secs(10);
        assert_eq!(delay(base, 1, 0.0), Duration::from_secs(8));
        assert!(delay(base, 1, 0.999) < Duration::from_secs(12));
    }

    #[test]
    fn the_default_schedule_spans_about_a_day() {
        let base = Duration::from_secs(5);
        let total: Duration = (1..MAX_ATTEMPTS).map(|attempt| delay(base, attempt, 0.5)).sum();
        assert!(total > Duration::from_secs(18 * 3600), "{total:?}");
        assert!(total < Duration::from_secs(30 * 3600), "{total:?}");
    }
}
