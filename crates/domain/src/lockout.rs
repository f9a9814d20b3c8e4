//! Smart lockout, as Entra ID runs it, as pure decisions: the store keeps the counters (so every
//! replica sees the same ones) and asks these functions what a failure does and whether a
//! sign-in may be checked at all.
//!
//! Failures are counted per account (a user, or an app for its client secret) and per account
//! and source address. When the account's count reaches [`LockoutPolicy::threshold`] the
//! account is locked for [`LockoutPolicy::first_lock`], doubled for every failure past the
//! threshold (up to [`LockoutPolicy::max_lock`]). A locked account refuses, without checking
//! anything, the addresses that failed against it lately; an address with no recent failures
//! still has its password checked, so the account's owner signs in while an attacker
//! elsewhere stays locked out (Entra's "familiar and unfamiliar locations"). A quiet period of
//! [`LockoutPolicy::forget_after`] forgets a counter.

use time::{Duration, OffsetDateTime};

/// How many failures lock an account, and for how long.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LockoutPolicy {
    /// Failures (within [`Self::forget_after`] of each other) that lock the account: Entra's
    /// default, 10.
    pub threshold: i64,
    /// The first lock: Entra's default, 60 seconds.
    pub first_lock: Duration,
    /// The longest lock, however many failures follow.
    pub max_lock: Duration,
    /// A counter with no failure for this long starts again from zero.
    pub forget_after: Duration,
}

impl Default for LockoutPolicy {
    fn default() -> Self {
        LockoutPolicy {
            threshold: 10,
            first_lock: Duration::seconds(60),
            max_lock: Duration::hours(1),
            forget_after: Duration::hours(1),
        }
    }
}

/// One counter: of an account (all sources) or of an account and one source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FailureCounter {
    pub failures: i64,
    pub last_failure_at: OffsetDateTime,
    pub locked_until: Option<OffsetDateTime>,
}

impl FailureCounter {
    /// Until when the store must keep it: after that it says nothing any more.
    pub fn keep_until(&self, policy: &LockoutPolicy) -> OffsetDateTime {
        let quiet = self.last_failure_at + policy.forget_after;
        self.locked_until.map_or(quiet, |l| l.max(quiet))
    }

    fn live(self, now: OffsetDateTime, policy: &LockoutPolicy) -> Option<FailureCounter> {
        (self.keep_until(policy) > now).then_some(self)
    }
}

/// Whether a sign-in may be checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Admission {
    /// Check the credentials.
    Check,
    /// Refuse without checking (AADSTS50053) until then.
    Locked { until: OffsetDateTime },
}

/// What a sign-in from a source meets: the account's counter and the source's (for this
/// account), as stored.
pub fn admit(
    account: Option<FailureCounter>,
    source: Option<FailureCounter>,
    now: OffsetDateTime,
    policy: &LockoutPolicy,
) -> Admission {
    let until = locked_until(account, now, policy);
    let familiar_with_failure = source
        .and_then(|s| s.live(now, policy))
        .is_some_and(|s| s.failures > 0);
    match until {
        Some(until) if familiar_with_failure => Admission::Locked { until },
        _ => Admission::Check,
    }
}

/// A counter after one more failure at `now`: counted from zero when it was forgotten; at the
/// threshold and past it, locked for a doubling interval. A source's counter never locks by
/// itself (only [`admit`] with the account's lock does), but counts the same way.
pub fn after_failure(
    counter: Option<FailureCounter>,
    now: OffsetDateTime,
    policy: &LockoutPolicy,
) -> FailureCounter {
    let failures = counter
        .and_then(|c| c.live(now, policy))
        .map_or(0, |c| c.failures)
        .saturating_add(1);
    let past = failures - policy.threshold;
    let locked_until = (past >= 0).then(|| {
        // 2^past minutes (for the default first lock), without overflow.
        let doublings = u32::try_from(past.min(30)).unwrap_or(30);
        let lock = policy
            .first_lock
            .checked_mul(1_i32 << doublings)
            .unwrap_or(policy.max_lock)
            .min(policy.max_lock);
        now + lock
    });
    FailureCounter {
        failures,
        last_failure_at: now,
        locked_until,
    }
}

/// Until when the account is locked, if it is now. After a right password the source's
/// counter goes, and the account's too unless it is locked (an attacker elsewhere stays locked
/// out by the owner's sign-in).
pub fn locked_until(
    account: Option<FailureCounter>,
    now: OffsetDateTime,
    policy: &LockoutPolicy,
) -> Option<OffsetDateTime> {
    account
        .and_then(|a| a.live(now, policy))
        .and_then(|a| a.locked_until)
        .filter(|until| *until > now)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::macros::datetime;

    const NOW: OffsetDateTime = datetime!(2026-12-05 09:00 UTC);

    fn fail_n(n: i64, policy: &LockoutPolicy) -> Option<FailureCounter> {
        (0..n).fold(None, |c, _| Some(after_failure(c, NOW, policy)))
    }

    #[test]
    fn the_threshold_locks_the_sources_that_failed_and_not_the_others() {
        let p = LockoutPolicy::default();
        let nine = fail_n(9, &p);
        assert_eq!(admit(nine, nine, NOW, &p), Admission::Check);
        let ten = fail_n(10, &p);
        let until = NOW + Duration::seconds(60);
        assert_eq!(ten.unwrap().locked_until, Some(until));
        assert_eq!(admit(ten, ten, NOW, &p), Admission::Locked { until });
        // Another address, with no failures of its own, still gets its password checked.
        assert_eq!(admit(ten, None, NOW, &p), Admission::Check);
        // Once the lock has run out, everyone is checked again.
        assert_eq!(admit(ten, ten, until, &p), Admission::Check);
        assert_eq!(locked_until(ten, NOW, &p), Some(until));
        assert_eq!(locked_until(ten, until, &p), None);
        assert_eq!(locked_until(nine, NOW, &p), None);
    }

    #[test]
    fn every_failure_past_the_threshold_doubles_the_lock_up_to_the_cap() {
        let p = LockoutPolicy::default();
        let lock = |n| fail_n(n, &p).unwrap().locked_until.unwrap() - NOW;
        assert_eq!(lock(11), Duration::seconds(120));
        assert_eq!(lock(12), Duration::seconds(240));
        assert_eq!(lock(40), Duration::hours(1));
        assert_eq!(lock(10_000), Duration::hours(1));
    }

    #[test]
    fn a_quiet_hour_forgets_the_failures() {
        let p = LockoutPolicy::default();
        let nine = fail_n(9, &p);
        let later = NOW + p.forget_after;
        let next = after_failure(nine, later, &p);
        assert_eq!(next.failures, 1);
        assert_eq!(next.locked_until, None);
    }

    proptest! {
        /// Whatever the history, a lock never lasts past the cap, never starts before the
        /// threshold, and the store may forget a counter only once it says nothing.
        #[test]
        fn locks_are_bounded(gaps in proptest::collection::vec(0i64..7_200, 1..40)) {
            let p = LockoutPolicy::default();
            let mut at = NOW;
            let mut c = None;
            for gap in gaps {
                at += Duration::seconds(gap);
                let next = after_failure(c, at, &p);
                if let Some(until) = next.locked_until {
                    prop_assert!(next.failures >= p.threshold);
                    prop_assert!(until - at <= p.max_lock);
                    prop_assert!(until >= at + p.first_lock);
                } else {
                    prop_assert!(next.failures < p.threshold);
                }
                prop_assert!(next.keep_until(&p) >= next.locked_until.unwrap_or(at));
                c = Some(next);
            }
        }
    }
}
