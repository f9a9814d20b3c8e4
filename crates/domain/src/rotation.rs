//! Refresh-token rotation (RFC 9700 §4.14.2): each refresh spends the token and returns a new
//! one; a spent token presented again is a replay that revokes its whole family. Two processes
//! sharing one token cache (MSAL's, azure-identity's) may both read the same token and renew at
//! the same moment, so for a short grace after it was spent a token is honoured once more
//! instead, as Okta's "grace period for token rotation" does. Past the grace it is a replay.

use time::{Duration, OffsetDateTime};

/// The default grace. The race it forgives lasts one token request's round trip (both
/// processes read the cache, both send the token); ten seconds cover a slow link, and keep the
/// window in which a stolen token's use goes unnoticed short (Okta allows 0–60 s, default 30).
pub const DEFAULT_GRACE: Duration = Duration::seconds(10);

/// What a token that was spent already means now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpentUse {
    /// Within the grace: honour it (a new token of the same family).
    Honour,
    /// A replay: revoke the family.
    Replay,
}

/// `spent_at` is when it was spent (`None` for tokens spent before the grace existed).
pub fn spent_use(
    spent_at: Option<OffsetDateTime>,
    now: OffsetDateTime,
    grace: Duration,
) -> SpentUse {
    match spent_at {
        Some(at) if grace > Duration::ZERO && now >= at && now - at <= grace => SpentUse::Honour,
        _ => SpentUse::Replay,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::macros::datetime;

    const AT: OffsetDateTime = datetime!(2026-12-05 10:00 UTC);

    #[test]
    fn inside_the_grace_it_is_honoured_after_it_a_replay() {
        let g = DEFAULT_GRACE;
        assert_eq!(spent_use(Some(AT), AT, g), SpentUse::Honour);
        assert_eq!(spent_use(Some(AT), AT + g, g), SpentUse::Honour);
        assert_eq!(
            spent_use(Some(AT), AT + g + Duration::SECOND, g),
            SpentUse::Replay
        );
        assert_eq!(spent_use(None, AT, g), SpentUse::Replay);
        assert_eq!(spent_use(Some(AT), AT, Duration::ZERO), SpentUse::Replay);
        // A clock that went back is no reason to honour it.
        assert_eq!(
            spent_use(Some(AT), AT - Duration::SECOND, g),
            SpentUse::Replay
        );
    }

    proptest! {
        #[test]
        fn honoured_only_within_the_grace(after in -100i64..100, grace in 0i64..60) {
            let (now, grace) = (AT + Duration::seconds(after), Duration::seconds(grace));
            let honoured = spent_use(Some(AT), now, grace) == SpentUse::Honour;
            prop_assert_eq!(honoured, grace > Duration::ZERO && (0..=grace.whole_seconds()).contains(&after));
        }
    }
}
