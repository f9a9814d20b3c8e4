//! Load limits: a global cap on requests in flight that sheds the excess at once with 503, and
//! per-tenant and per-caller token buckets that answer 429. Both say when to come back
//! (`Retry-After`), and neither touches `/healthz`, which must keep answering under load.

use mscommerce_domain::sharded::FastMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use mscommerce_domain::Sharded;

use axum::response::{IntoResponse, Response};
use time::OffsetDateTime;

/// A global limit on requests being handled at once: one counter, so admitting a request is
/// one atomic add on the hot path.
#[derive(Debug)]
pub struct InFlight {
    max: usize,
    running: AtomicUsize,
    high_water: AtomicUsize,
}

impl InFlight {
    pub fn new(max: usize) -> Self {
        InFlight {
            max: max.max(1),
            running: AtomicUsize::new(0),
            high_water: AtomicUsize::new(0),
        }
    }

    /// The most requests that were ever handled at once.
    /// Requests being answered now.
    pub fn current(&self) -> usize {
        self.running.load(Ordering::Relaxed)
    }

    pub fn high_water(&self) -> usize {
        self.high_water.load(Ordering::Relaxed)
    }

    /// A place for one more request, or `None` at the cap: the caller sheds (a queue only makes
    /// every client slow; a fast 503 with Retry-After lets clients back off).
    pub fn try_admit(self: &Arc<Self>) -> Option<Admitted> {
        // Counted first and given back when over: the count may pass the cap for an instant,
        // but a request only runs when its own increment kept within it.
        let now = self.running.fetch_add(1, Ordering::AcqRel) + 1;
        if now > self.max {
            self.running.fetch_sub(1, Ordering::AcqRel);
            return None;
        }
        if now > self.high_water.load(Ordering::Relaxed) {
            self.high_water.fetch_max(now, Ordering::Relaxed);
        }
        Some(Admitted {
            flight: Arc::clone(self),
        })
    }
}

/// A request counted against the cap; dropping it (response sent, client gone, timeout) frees
/// its place.
#[derive(Debug)]
pub struct Admitted {
    flight: Arc<InFlight>,
}

impl Drop for Admitted {
    fn drop(&mut self) {
        self.flight.running.fetch_sub(1, Ordering::AcqRel);
    }
}

/// The 503 of a full service.
pub fn overloaded() -> Response {
    crate::error::ApiFailure::Unavailable(
        "the service is at its limit of requests in flight".into(),
    )
    .into_response()
}

/// Rates for the token buckets: `rate` requests per second sustained, `burst` at once.
#[derive(Debug, Clone, Copy)]
pub struct Rate {
    pub per_second: f64,
    pub burst: f64,
}

/// Token buckets keyed by tenant or by caller (a 64-bit hash of the key, so the request path
/// builds no strings), in shards so concurrent requests rarely meet on one lock. Bounded: when a
/// shard is full, buckets that have refilled completely (idle callers) are forgotten first.
#[derive(Debug)]
pub struct RateLimiter {
    rate: Rate,
    /// Buckets per shard.
    capacity: usize,
    shards: Sharded<FastMap<u64, Bucket>>,
}

const SHARDS: usize = 16;

#[derive(Debug, Clone, Copy)]
struct Bucket {
    tokens: f64,
    /// Seconds since the Unix epoch ([`seconds`]): a subtraction of two `OffsetDateTime`s
    /// normalizes offsets and dates, a fifth of the limiter's cost on every request.
    at: f64,
}

/// `now` as seconds since the Unix epoch (a microsecond's precision for centuries to come).
fn seconds(now: OffsetDateTime) -> f64 {
    #[allow(clippy::cast_precision_loss)] // below 2^53 until the year 285 million
    let whole = now.unix_timestamp() as f64;
    whole + f64::from(now.nanosecond()) * 1e-9
}

/// Too many requests: come back after this many seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryAfter(pub u64);

/// The key of a bucket: anything hashable (a tenant id, a tenant and a caller).
pub fn key(of: &impl std::hash::Hash) -> u64 {
    // Keys must be the same for the life of the process, nothing more.
    mscommerce_domain::sharded::fast_hash(of)
}

impl RateLimiter {
    pub fn new(rate: Rate, capacity: usize) -> Self {
        RateLimiter {
            rate,
            capacity: capacity.div_ceil(SHARDS).max(1),
            shards: Sharded::new(SHARDS),
        }
    }

    /// Whether `key` has a token left at `now`, without taking it: for budgets that only
    /// failures spend ([`RateLimiter::spend`]).
    pub fn peek(&self, key: u64, now: OffsetDateTime) -> Result<(), RetryAfter> {
        let (rate, now) = (self.rate, seconds(now));
        let buckets = self.shards.read(key);
        match buckets.get(&key).map(|b| refill(*b, rate, now)) {
            Some(b) if b.tokens < 1.0 => Err(wait_for_one(b, rate)),
            _ => Ok(()),
        }
    }

    /// Spends a token of `key` at `now` whatever is left (a failure has happened; the next
    /// [`RateLimiter::peek`] tells whether another may).
    pub fn spend(&self, key: u64, now: OffsetDateTime) {
        let _ = self.check(key, now);
    }

    /// Takes one token for `key` at `now`.
    pub fn check(&self, key: u64, now: OffsetDateTime) -> Result<(), RetryAfter> {
        let (rate, now) = (self.rate, seconds(now));
        let mut buckets = self.shards.write(key);
        if !buckets.contains_key(&key) && buckets.len() >= self.capacity {
            buckets.retain(|_, b| refill(*b, rate, now).tokens < rate.burst);
            if buckets.len() >= self.capacity {
                // Every tracked caller is active: refuse newcomers rather than grow without bound.
                return Err(RetryAfter(1));
            }
        }
        let bucket = buckets.entry(key).or_insert(Bucket {
            tokens: rate.burst,
            at: now,
        });
        let mut b = refill(*bucket, rate, now);
        let result = if b.tokens >= 1.0 {
            b.tokens -= 1.0;
            Ok(())
        } else {
            Err(wait_for_one(b, rate))
        };
        *bucket = b;
        result
    }
}

/// How long until `b` holds a whole token again.
fn wait_for_one(b: Bucket, rate: Rate) -> RetryAfter {
    let wait = ((1.0 - b.tokens) / rate.per_second.max(f64::MIN_POSITIVE)).ceil();
    RetryAfter(if wait.is_finite() {
        (wait as u64).max(1)
    } else {
        60
    })
}

fn refill(b: Bucket, rate: Rate, now: f64) -> Bucket {
    let elapsed = (now - b.at).max(0.0);
    Bucket {
        tokens: (b.tokens + elapsed * rate.per_second).min(rate.burst),
        at: now.max(b.at),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::Duration;
    use time::macros::datetime;

    #[test]
    fn the_cap_admits_up_to_its_size_and_frees_places_on_drop() {
        let flight = Arc::new(InFlight::new(2));
        let a = flight.try_admit().expect("first");
        let b = flight.try_admit().expect("second");
        assert!(flight.try_admit().is_none(), "a third place at a cap of 2");
        drop(a);
        let c = flight.try_admit().expect("a freed place");
        assert!(flight.try_admit().is_none());
        drop((b, c));
        assert_eq!(flight.high_water(), 2);
        assert!(flight.try_admit().is_some());
    }

    #[test]
    fn buckets_refill_with_time_and_say_when() {
        let l = RateLimiter::new(
            Rate {
                per_second: 2.0,
                burst: 3.0,
            },
            // Room for both keys whichever shards they hash to (the hash is seeded per process;
            // at 10 the shards held one key each, and one run in 16 put both in one).
            10 * SHARDS,
        );
        let t = datetime!(2026-01-01 0:00 UTC);
        for _ in 0..3 {
            assert!(l.check(key(&"a"), t).is_ok());
        }
        assert_eq!(l.check(key(&"a"), t), Err(RetryAfter(1)));
        // Another key has its own bucket.
        assert!(l.check(key(&"b"), t).is_ok());
        assert!(l.check(key(&"a"), t + Duration::milliseconds(500)).is_ok());
        assert!(l.check(key(&"a"), t + Duration::milliseconds(500)).is_err());
    }

    #[test]
    fn peeking_takes_nothing_and_spending_always_counts() {
        let l = RateLimiter::new(
            Rate {
                per_second: 0.5,
                burst: 2.0,
            },
            10,
        );
        let t = datetime!(2026-01-01 0:00 UTC);
        let k = key(&"192.0.2.1");
        for _ in 0..5 {
            assert!(l.peek(k, t).is_ok());
        }
        l.spend(k, t);
        assert!(l.peek(k, t).is_ok());
        l.spend(k, t);
        assert_eq!(l.peek(k, t), Err(RetryAfter(2)));
        assert!(l.peek(k, t + Duration::seconds(2)).is_ok());
    }

    #[test]
    fn the_map_is_bounded() {
        // Two buckets per shard; keys 0, 16 and 32 all land in shard 0.
        let l = RateLimiter::new(
            Rate {
                per_second: 1.0,
                burst: 1.0,
            },
            2 * SHARDS,
        );
        let t = datetime!(2026-01-01 0:00 UTC);
        assert!(l.check(0, t).is_ok());
        assert!(l.check(16, t).is_ok());
        // Both buckets are in use: a newcomer is refused, not added.
        assert!(l.check(32, t).is_err());
        // Once they refill, they are forgotten and room is made.
        assert!(l.check(32, t + Duration::seconds(5)).is_ok());
    }
}
