//! The device authorization grant's poll (RFC 8628 §3.5) as a pure decision: the store reads the
//! code under a lock, asks [`poll`] what the answer is and what to write back, and writes it.

use time::OffsetDateTime;
use uuid::Uuid;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeviceCodeState {
    Pending,
    Approved,
    Declined,
    /// Exchanged for tokens: a device code is single-use.
    Redeemed,
}

impl DeviceCodeState {
    /// The form the store keeps it in.
    pub fn as_str(self) -> &'static str {
        match self {
            DeviceCodeState::Pending => "Pending",
            DeviceCodeState::Approved => "Approved",
            DeviceCodeState::Declined => "Declined",
            DeviceCodeState::Redeemed => "Redeemed",
        }
    }

    pub fn parse(s: &str) -> Option<DeviceCodeState> {
        [
            DeviceCodeState::Pending,
            DeviceCodeState::Approved,
            DeviceCodeState::Declined,
            DeviceCodeState::Redeemed,
        ]
        .into_iter()
        .find(|d| d.as_str() == s)
    }
}

/// What one poll of the token endpoint finds, decided atomically by the store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DevicePoll {
    /// No such device code.
    Unknown,
    Expired,
    /// Polled sooner than `interval` after the previous poll; the interval has grown by 5 s.
    SlowDown,
    Pending,
    Declined,
    /// Approved: the code is now redeemed (a second poll finds `AlreadyRedeemed`).
    Approved {
        user_oid: Uuid,
        scope: String,
        /// The approving user's tenant (a code started at `organizations` gets it then).
        tenant: crate::TenantId,
    },
    AlreadyRedeemed,
}

/// A device code as the poll sees it.
#[derive(Debug, Clone)]
pub struct PollRow {
    pub state: DeviceCodeState,
    pub expires_at: OffsetDateTime,
    pub interval: i64,
    pub last_poll_at: Option<OffsetDateTime>,
    pub user_oid: Option<Uuid>,
    pub scope: String,
    pub tenant: crate::TenantId,
}

/// The outcome of a poll and what to write back: the new state and interval (`now` always
/// becomes the last poll).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PollOutcome {
    pub answer: DevicePoll,
    pub state: DeviceCodeState,
    pub interval: i64,
}

/// A stored code that breaks the grant's invariants.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("an approved device code without a user")]
pub struct ApprovedWithoutUser;

/// RFC 8628 §3.5 as the store decides it. Order: a redeemed code stays redeemed, an expired code
/// is expired, polling too fast is `slow_down` (interval + 5 s) whatever the state, then the state.
pub fn poll(row: &PollRow, now: OffsetDateTime) -> Result<PollOutcome, ApprovedWithoutUser> {
    let keep = |answer| PollOutcome {
        answer,
        state: row.state,
        interval: row.interval,
    };
    if row.state == DeviceCodeState::Redeemed {
        return Ok(keep(DevicePoll::AlreadyRedeemed));
    }
    if now >= row.expires_at {
        return Ok(keep(DevicePoll::Expired));
    }
    if let Some(last) = row.last_poll_at
        && now < last + time::Duration::seconds(row.interval)
    {
        return Ok(PollOutcome {
            answer: DevicePoll::SlowDown,
            state: row.state,
            interval: row.interval.saturating_add(5),
        });
    }
    Ok(match row.state {
        DeviceCodeState::Pending => keep(DevicePoll::Pending),
        DeviceCodeState::Declined => keep(DevicePoll::Declined),
        DeviceCodeState::Approved => PollOutcome {
            answer: DevicePoll::Approved {
                user_oid: row.user_oid.ok_or(ApprovedWithoutUser)?,
                scope: row.scope.clone(),
                tenant: row.tenant,
            },
            state: DeviceCodeState::Redeemed,
            interval: row.interval,
        },
        DeviceCodeState::Redeemed => keep(DevicePoll::AlreadyRedeemed),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::Duration;

    fn row(state: DeviceCodeState, last_poll: Option<i64>) -> PollRow {
        let t0 = OffsetDateTime::UNIX_EPOCH + Duration::days(20_000);
        PollRow {
            state,
            expires_at: t0 + Duration::seconds(900),
            interval: 5,
            last_poll_at: last_poll.map(|s| t0 + Duration::seconds(s)),
            user_oid: Some(Uuid::from_u128(7)),
            scope: "s".into(),
            tenant: crate::TenantId::new(Uuid::nil()),
        }
    }

    fn at(s: i64) -> OffsetDateTime {
        OffsetDateTime::UNIX_EPOCH + Duration::days(20_000) + Duration::seconds(s)
    }

    #[test]
    fn the_order_of_the_rules() {
        use DeviceCodeState::*;
        let p = |r: &PollRow, s| poll(r, at(s)).unwrap();
        assert_eq!(
            p(&row(Redeemed, Some(0)), 1).answer,
            DevicePoll::AlreadyRedeemed
        );
        assert_eq!(
            p(&row(Approved, Some(899)), 900).answer,
            DevicePoll::Expired
        );
        let slow = p(&row(Approved, Some(10)), 12);
        assert_eq!(
            (slow.answer, slow.state, slow.interval),
            (DevicePoll::SlowDown, Approved, 10)
        );
        assert_eq!(p(&row(Pending, Some(10)), 15).answer, DevicePoll::Pending);
        assert_eq!(p(&row(Declined, None), 1).answer, DevicePoll::Declined);
        let ok = p(&row(Approved, None), 1);
        assert_eq!(ok.state, Redeemed);
        assert!(matches!(ok.answer, DevicePoll::Approved { .. }));
        let mut broken = row(Approved, None);
        broken.user_oid = None;
        assert_eq!(poll(&broken, at(1)), Err(ApprovedWithoutUser));
    }

    #[test]
    fn states_round_trip() {
        use DeviceCodeState::*;
        for s in [Pending, Approved, Declined, Redeemed] {
            assert_eq!(DeviceCodeState::parse(s.as_str()), Some(s));
        }
        assert_eq!(DeviceCodeState::parse("pending"), None);
    }

    proptest! {
        /// Only an approved code is ever redeemed by a poll, and nothing leaves Redeemed.
        #[test]
        fn redeemed_only_from_approved(
            state in prop::sample::select(vec![
                DeviceCodeState::Pending, DeviceCodeState::Approved,
                DeviceCodeState::Declined, DeviceCodeState::Redeemed,
            ]),
            last in prop::option::of(0i64..1000),
            now in 0i64..1000,
        ) {
            let r = row(state, last);
            let out = poll(&r, at(now)).unwrap();
            if out.state != state {
                prop_assert_eq!(state, DeviceCodeState::Approved);
                prop_assert_eq!(out.state, DeviceCodeState::Redeemed);
            }
            prop_assert!(out.interval >= r.interval);
        }
    }
}
