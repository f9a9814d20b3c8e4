//! License requests: a user the policy blocks asks the tenant's admins for a license; an admin
//! approves or denies it once; a request nobody decided expires after a year. The rules as pure
//! functions: the store keeps what was decided, and asks these what a request is now and what a
//! decision may do.

use time::{Duration, OffsetDateTime};

pub use mscommerce_proto::license::{LicenseRequestStatus, RequestDecision};

/// How long a request waits for a decision (Microsoft 365: 12 months).
pub const LIFETIME: Duration = Duration::days(365);

/// The longest message a requester or an admin may add (characters).
pub const MAX_MESSAGE: usize = 1000;

/// A message that cannot be kept: too long, or with control characters other than line breaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("a message must be at most {MAX_MESSAGE} characters of text (line breaks allowed)")]
pub struct BadMessage;

/// A requester's or an admin's message as kept: trimmed, `None` when empty; written once for
/// the API and the admin page.
pub fn message(m: Option<&str>) -> Result<Option<String>, BadMessage> {
    let Some(m) = m.map(str::trim).filter(|m| !m.is_empty()) else {
        return Ok(None);
    };
    // A browser's textarea sends CRLF line breaks.
    let m = m.replace("\r\n", "\n");
    if m.chars().count() > MAX_MESSAGE || m.chars().any(|c| c.is_control() && c != '\n') {
        return Err(BadMessage);
    }
    Ok(Some(m))
}

/// What the store keeps: pending, or decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stored {
    Pending,
    Approved,
    Denied,
}

impl Stored {
    pub fn as_str(self) -> &'static str {
        match self {
            Stored::Pending => "pending",
            Stored::Approved => "approved",
            Stored::Denied => "denied",
        }
    }

    pub fn parse(s: &str) -> Option<Stored> {
        [Stored::Pending, Stored::Approved, Stored::Denied]
            .into_iter()
            .find(|x| x.as_str() == s)
    }
}

/// What a request is at `now`: a pending one past its expiry has expired.
pub fn status(
    stored: Stored,
    expires_at: OffsetDateTime,
    now: OffsetDateTime,
) -> LicenseRequestStatus {
    match stored {
        Stored::Approved => LicenseRequestStatus::Approved,
        Stored::Denied => LicenseRequestStatus::Denied,
        Stored::Pending if expires_at <= now => LicenseRequestStatus::Expired,
        Stored::Pending => LicenseRequestStatus::Pending,
    }
}

/// Why a decision cannot be made: the request is no longer pending.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the request is {} already", .0.as_str())]
pub struct NotPending(pub LicenseRequestStatus);

/// What `decision` makes of a request, or why it cannot: only a pending request is decided,
/// once.
pub fn decide(
    stored: Stored,
    expires_at: OffsetDateTime,
    now: OffsetDateTime,
    decision: RequestDecision,
) -> Result<Stored, NotPending> {
    match status(stored, expires_at, now) {
        LicenseRequestStatus::Pending => Ok(match decision {
            RequestDecision::Approve => Stored::Approved,
            RequestDecision::Deny => Stored::Denied,
        }),
        other => Err(NotPending(other)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    const NOW: OffsetDateTime = datetime!(2026-12-05 09:00 UTC);

    #[test]
    fn only_a_pending_request_is_decided_and_only_once() {
        let later = NOW + LIFETIME;
        assert_eq!(
            decide(Stored::Pending, later, NOW, RequestDecision::Approve),
            Ok(Stored::Approved)
        );
        assert_eq!(
            decide(Stored::Pending, later, NOW, RequestDecision::Deny),
            Ok(Stored::Denied)
        );
        for (stored, was) in [
            (Stored::Approved, LicenseRequestStatus::Approved),
            (Stored::Denied, LicenseRequestStatus::Denied),
        ] {
            for d in [RequestDecision::Approve, RequestDecision::Deny] {
                assert_eq!(decide(stored, later, NOW, d), Err(NotPending(was)));
            }
        }
        // A year later nobody decided: expired, and it stays so.
        assert_eq!(
            status(Stored::Pending, later, later),
            LicenseRequestStatus::Expired
        );
        assert_eq!(
            decide(Stored::Pending, later, later, RequestDecision::Approve),
            Err(NotPending(LicenseRequestStatus::Expired))
        );
    }
}
