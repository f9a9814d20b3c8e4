//! When to retry a licensing API call: 429 and 503 only, after `Retry-After` (capped), a bounded
//! number of times.

use std::time::Duration;

use time::OffsetDateTime;
use time::format_description::well_known::Rfc2822;

/// How many times and how long to wait.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Retries after the first attempt.
    pub max_retries: u32,
    /// The longest wait, whatever `Retry-After` says.
    pub max_wait: Duration,
    /// The first wait when the answer has no `Retry-After`; doubled for each retry.
    pub default_wait: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_retries: 3,
            max_wait: Duration::from_secs(30),
            default_wait: Duration::from_secs(2),
        }
    }
}

/// The shortest wait, even when the server says 0: no tight loops against a struggling service.
const MIN_WAIT: Duration = Duration::from_secs(1);

impl RetryPolicy {
    /// No retries at all.
    pub fn none() -> Self {
        RetryPolicy {
            max_retries: 0,
            ..RetryPolicy::default()
        }
    }

    /// Throttled (429) or unavailable (503): the only statuses worth another try.
    pub fn is_retryable(status: u16) -> bool {
        status == 429 || status == 503
    }

    /// The wait before retry number `retry` (1 for the first), from `Retry-After` when the server
    /// sent one, else exponential; always between 1 s and `max_wait`.
    pub fn wait(&self, retry_after: Option<Duration>, retry: u32) -> Duration {
        let exponential = self
            .default_wait
            .saturating_mul(2u32.saturating_pow(retry.saturating_sub(1)));
        retry_after
            .unwrap_or(exponential)
            .clamp(MIN_WAIT, self.max_wait.max(MIN_WAIT))
    }
}

/// `Retry-After`: delay-seconds, or an HTTP-date (as of `now`). Nonsense is `None`.
pub fn parse_retry_after(value: &str, now: OffsetDateTime) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = OffsetDateTime::parse(value, &Rfc2822).ok()?;
    let delta = at - now;
    Some(Duration::try_from(delta).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use time::macros::datetime;

    use super::*;

    #[test]
    fn retry_after_seconds_and_dates() {
        let now = datetime!(2026-11-20 10:00:00 UTC);
        assert_eq!(parse_retry_after("7", now), Some(Duration::from_secs(7)));
        assert_eq!(parse_retry_after(" 0 ", now), Some(Duration::ZERO));
        assert_eq!(
            parse_retry_after("Fri, 20 Nov 2026 10:00:42 GMT", now),
            Some(Duration::from_secs(42))
        );
        // A date in the past means "now".
        assert_eq!(
            parse_retry_after("Fri, 20 Nov 2026 09:00:00 GMT", now),
            Some(Duration::ZERO)
        );
        assert_eq!(parse_retry_after("soon", now), None);
        assert_eq!(parse_retry_after("-3", now), None);
    }

    #[test]
    fn waits_are_capped_and_floored() {
        let p = RetryPolicy::default();
        assert_eq!(
            p.wait(Some(Duration::from_secs(5)), 1),
            Duration::from_secs(5)
        );
        assert_eq!(
            p.wait(Some(Duration::from_secs(3600)), 1),
            Duration::from_secs(30)
        );
        assert_eq!(p.wait(Some(Duration::ZERO), 1), Duration::from_secs(1));
        assert_eq!(p.wait(None, 1), Duration::from_secs(2));
        assert_eq!(p.wait(None, 2), Duration::from_secs(4));
        assert_eq!(p.wait(None, 3), Duration::from_secs(8));
        assert_eq!(p.wait(None, 40), Duration::from_secs(30));
    }

    #[test]
    fn only_throttling_and_unavailable_are_retried() {
        assert!(RetryPolicy::is_retryable(429));
        assert!(RetryPolicy::is_retryable(503));
        for s in [200, 400, 401, 403, 404, 500, 502, 504] {
            assert!(!RetryPolicy::is_retryable(s), "{s}");
        }
    }
}
