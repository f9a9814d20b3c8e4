//! Each tenant's answers, kept ready in memory so the hot read path touches no database.
//!
//! A tenant's snapshot holds its product and offer-type policies and their serialized list
//! bodies. It is dropped when this replica writes to the tenant, when the store reports that
//! another replica or process did (PostgreSQL: `NOTIFY`, sent by every writer, `admin` commands
//! included; SQLite: the writer sees other processes' commits within a second), and in any case
//! after `ttl`, the safety net for a change made with no notice at all (SQL typed into the
//! database by hand). The cache is bounded: past
//! `capacity` tenants the oldest snapshots go first, so memory does not grow with the number of
//! tenants.
//!
//! A load that raced with a write must not reinstate the old answer: every invalidation bumps
//! the tenant's generation (and `clear` an epoch over all tenants), and a load only inserts
//! what it read if the generation and epoch it started from are still current.
//!
//! Tenants whose answers are identical share one snapshot. Most tenants leave most products at
//! their defaults, so most snapshots are the same bytes: shared, the common answer is one copy
//! that stays in the CPU's cache instead of 8 KB per tenant spread over memory (measured in
//! `bench/results/shared-snapshots/`).

use mscommerce_domain::sharded::{FastMap, fast_hash};
use std::sync::{Arc, Mutex, Weak};

use axum::body::Bytes;
use mscommerce_domain::{PolicyId, Sharded, TenantId};
use time::{Duration, OffsetDateTime};

/// What one tenant's reads are answered from.
#[derive(Debug, PartialEq, Eq)]
pub struct TenantSnapshot {
    /// `{"items":[...]}` of `GET .../products`.
    pub products_json: Bytes,
    /// `{"items":[...]}` of `GET .../products?scope=OfferType`.
    pub offer_types_json: Bytes,
    /// What purchase decisions need of each listed product (by current id).
    pub products: FastMap<mscommerce_domain::ProductId, ProductFacts>,
    /// Where a denied user asks for a license (the tenant's own process, or this service's).
    pub request_url: String,
}

/// A listed product as a purchase decision sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProductFacts {
    pub name: String,
    pub product: mscommerce_domain::purchase::Product,
}

#[derive(Debug)]
struct Entry {
    snapshot: Arc<TenantSnapshot>,
    loaded_at: OffsetDateTime,
    /// `loaded_at` plus the TTL less up to a quarter of it, drawn per entry (see
    /// [`ReadCache::lifetime`]).
    expires_at: OffsetDateTime,
}

#[derive(Debug, Default)]
struct Inner {
    entries: FastMap<(TenantId, PolicyId), Entry>,
    /// Bumped by every invalidation of the tenant.
    generations: FastMap<TenantId, u64>,
    /// Bumped by `clear` (and when `generations` is forgotten in bulk): loads that started
    /// before it, of any tenant, are not kept.
    epoch: u64,
}

/// Tenants are spread over shards, each with its own lock, so that concurrent requests rarely
/// meet on one (the hot path takes a read lock, whose counter every reader writes).
#[derive(Debug)]
pub struct ReadCache {
    /// Entries per shard: the shards together never hold more than the configured capacity.
    capacity: usize,
    ttl: Duration,
    shards: Sharded<Inner>,
    /// The distinct snapshots in use, by a hash of their content. Weak: a snapshot no tenant
    /// holds any more is dropped, and its slot reclaimed when the table is full.
    shared: Mutex<FastMap<u64, Weak<TenantSnapshot>>>,
}

/// The most distinct snapshots shared. Past it (after dropping those no tenant holds), a new
/// answer is kept unshared: sharing saves memory only when answers repeat.
const MAX_SHARED: usize = 4096;

/// The most shards, and the fewest entries a shard holds (small caches are one shard, so that
/// their bound is exact and eviction takes the globally oldest).
const MAX_SHARDS: usize = 16;
const MIN_SHARD_CAPACITY: usize = 256;

/// The generation a load started from; hand it back to [`ReadCache::insert`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Generation {
    tenant: u64,
    epoch: u64,
}

impl Inner {
    fn generation(&self, tenant: TenantId) -> Generation {
        Generation {
            tenant: self.generations.get(&tenant).copied().unwrap_or(0),
            epoch: self.epoch,
        }
    }
}

impl ReadCache {
    pub fn new(capacity: usize, ttl: Duration) -> Self {
        let shards = (capacity / MIN_SHARD_CAPACITY).clamp(1, MAX_SHARDS);
        ReadCache {
            capacity: capacity / shards,
            ttl,
            shards: Sharded::new(shards),
            shared: Mutex::default(),
        }
    }

    /// The snapshot already in use with the same content as `snapshot`, or `snapshot` itself
    /// (remembered for the next tenant with the same answer).
    fn share(&self, snapshot: Arc<TenantSnapshot>) -> Arc<TenantSnapshot> {
        let key = fast_hash(&(
            &snapshot.products_json[..],
            &snapshot.offer_types_json[..],
            &snapshot.request_url,
        ));
        let mut shared = self.shared.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(existing) = shared.get(&key).and_then(Weak::upgrade) {
            // Equal hashes of different content keep their own copies.
            return if *existing == *snapshot {
                existing
            } else {
                snapshot
            };
        }
        if shared.len() >= MAX_SHARED {
            shared.retain(|_, s| s.strong_count() > 0);
        }
        if shared.len() < MAX_SHARED || shared.contains_key(&key) {
            shared.insert(key, Arc::downgrade(&snapshot));
        }
        snapshot
    }

    /// The shard of a tenant.
    fn hash(tenant: TenantId) -> u64 {
        let id = tenant.as_uuid().as_u128();
        // Tenant ids are random GUIDs, but fold every bit in, in case some are not.
        let folded = (id ^ (id >> 64)) as u64;
        folded ^ (folded >> 32) ^ (folded >> 16)
    }

    fn read(&self, tenant: TenantId) -> std::sync::RwLockReadGuard<'_, Inner> {
        self.shards.read(Self::hash(tenant))
    }

    fn write(&self, tenant: TenantId) -> std::sync::RwLockWriteGuard<'_, Inner> {
        self.shards.write(Self::hash(tenant))
    }

    /// How long a snapshot loaded now is kept: between three quarters of the TTL and the TTL,
    /// spread by tenant and time. Tenants loaded together (a restart, a burst of first reads)
    /// would otherwise all expire together and reload in one wave of store reads, a stall every
    /// TTL; spread, their reloads come a few at a time.
    fn lifetime(&self, tenant: TenantId, now: OffsetDateTime) -> Duration {
        let spread = fast_hash(&(tenant, now.unix_timestamp_nanos())) % 1024;
        // 1024ths of a quarter of the TTL: 0 ..= 1023, exactly, whatever the hash.
        self.ttl - self.ttl / 4 * (spread as f64 / 1024.0)
    }

    /// The snapshot, if one is cached and not expired.
    pub fn get(
        &self,
        tenant: TenantId,
        policy: PolicyId,
        now: OffsetDateTime,
    ) -> Result<Arc<TenantSnapshot>, Generation> {
        self.with(tenant, policy, now, Arc::clone)
    }

    /// What `f` makes of the tenant's answer, under the shard's read lock (so `f` must be short
    /// and never wait), without taking a reference on it: tenants at the defaults share one
    /// snapshot, and its count would be bounced between cores by every decision.
    pub fn with<R>(
        &self,
        tenant: TenantId,
        policy: PolicyId,
        now: OffsetDateTime,
        f: impl FnOnce(&Arc<TenantSnapshot>) -> R,
    ) -> Result<R, Generation> {
        let inner = self.read(tenant);
        if let Some(e) = inner.entries.get(&(tenant, policy))
            && now < e.expires_at
        {
            return Ok(f(&e.snapshot));
        }
        Err(inner.generation(tenant))
    }

    /// Keeps what a load read, unless the tenant was invalidated since the load began.
    pub fn insert(
        &self,
        tenant: TenantId,
        policy: PolicyId,
        started: Generation,
        snapshot: Arc<TenantSnapshot>,
        now: OffsetDateTime,
    ) {
        if self.capacity == 0 {
            return;
        }
        let snapshot = self.share(snapshot);
        let mut inner = self.write(tenant);
        if inner.generation(tenant) != started {
            return;
        }
        if inner.entries.len() >= self.capacity && !inner.entries.contains_key(&(tenant, policy)) {
            evict_oldest(&mut inner, self.capacity);
        }
        inner.entries.insert(
            (tenant, policy),
            Entry {
                snapshot,
                loaded_at: now,
                expires_at: now + self.lifetime(tenant, now),
            },
        );
    }

    /// Drops the tenant's snapshots (after a write, or a change notice from another replica).
    pub fn invalidate(&self, tenant: TenantId) {
        let mut inner = self.write(tenant);
        for policy in PolicyId::ALL {
            inner.entries.remove(&(tenant, policy));
        }
        *inner.generations.entry(tenant).or_insert(0) += 1;
        // Generations only matter while a load may be in flight; forget them in bulk when the
        // map grows. A forgotten tenant restarts at 0, which a load in flight may have started
        // from: the epoch moves on so that no such load is kept.
        if inner.generations.len() > self.capacity.saturating_mul(2).max(1024) {
            let live: std::collections::HashSet<TenantId> =
                inner.entries.keys().map(|(t, _)| *t).collect();
            inner.generations.retain(|t, _| live.contains(t));
            inner.epoch += 1;
        }
    }

    /// Drops everything (a catalog change touches every tenant, and a replica that may have
    /// missed change notices knows nothing better). Loads in flight, of any tenant, are not
    /// kept.
    pub fn clear(&self) {
        for mut inner in self.shards.write_each() {
            inner.entries.clear();
            inner.generations.clear();
            inner.epoch += 1;
        }
    }

    pub fn len(&self) -> usize {
        self.shards.read_each().map(|s| s.entries.len()).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Removes the oldest tenth of the entries, so eviction is rare and amortized.
fn evict_oldest(inner: &mut Inner, capacity: usize) {
    let mut ages: Vec<OffsetDateTime> = inner.entries.values().map(|e| e.loaded_at).collect();
    let drop = (capacity / 10).max(1).min(ages.len());
    let (_, cutoff, _) = ages.select_nth_unstable(drop.saturating_sub(1));
    let cutoff = *cutoff;
    let mut removed = 0;
    inner.entries.retain(|_, e| {
        if removed < drop && e.loaded_at <= cutoff {
            removed += 1;
            false
        } else {
            true
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;
    use uuid::Uuid;

    const P: PolicyId = PolicyId::AllowSelfServicePurchase;

    fn snap(s: &'static str) -> Arc<TenantSnapshot> {
        Arc::new(TenantSnapshot {
            products_json: Bytes::from_static(s.as_bytes()),
            offer_types_json: Bytes::new(),
            products: FastMap::default(),
            request_url: String::new(),
        })
    }

    fn t(n: u128) -> TenantId {
        TenantId::new(Uuid::from_u128(n))
    }

    #[test]
    fn a_load_that_raced_with_a_write_is_not_kept() {
        let c = ReadCache::new(10, Duration::seconds(5));
        let now = datetime!(2026-01-01 0:00 UTC);
        let g = c.get(t(1), P, now).unwrap_err();
        c.invalidate(t(1)); // a write lands while the load is reading
        c.insert(t(1), P, g, snap("old"), now);
        assert!(c.get(t(1), P, now).is_err());
        let g = c.get(t(1), P, now).unwrap_err();
        c.insert(t(1), P, g, snap("new"), now);
        assert_eq!(&c.get(t(1), P, now).unwrap().products_json[..], b"new");
    }

    #[test]
    fn entries_expire_and_the_cache_is_bounded() {
        let c = ReadCache::new(20, Duration::seconds(5));
        let now = datetime!(2026-01-01 0:00 UTC);
        for i in 0..100u128 {
            let at = now + Duration::milliseconds(i as i64);
            let g = c.get(t(i), P, at).unwrap_err();
            c.insert(t(i), P, g, snap("x"), at);
            assert!(c.len() <= 20);
        }
        // The newest survive eviction.
        assert!(c.get(t(99), P, now + Duration::seconds(1)).is_ok());
        assert!(c.get(t(0), P, now + Duration::seconds(1)).is_err());
        assert!(
            c.get(t(99), P, now + Duration::seconds(6)).is_err(),
            "expired"
        );
    }

    #[test]
    fn a_load_that_raced_with_a_clear_is_not_kept() {
        let c = ReadCache::new(10, Duration::seconds(5));
        let now = datetime!(2026-01-01 0:00 UTC);
        // A tenant with nothing cached: clearing must still stop its load in flight.
        let g = c.get(t(7), P, now).unwrap_err();
        c.clear();
        c.insert(t(7), P, g, snap("old"), now);
        assert!(c.get(t(7), P, now).is_err());
        let g = c.get(t(7), P, now).unwrap_err();
        c.insert(t(7), P, g, snap("new"), now);
        assert_eq!(&c.get(t(7), P, now).unwrap().products_json[..], b"new");
    }

    #[test]
    fn a_sharded_cache_keeps_its_bound_and_its_rules() {
        let c = ReadCache::new(4096, Duration::seconds(5));
        assert_eq!(c.shards.count(), MAX_SHARDS);
        let now = datetime!(2026-01-01 0:00 UTC);
        for i in 0..10_000u128 {
            let tenant = t(i.wrapping_mul(0x9e37_79b9_7f4a_7c15_f39c_c060_5ced_c835));
            let g = c.get(tenant, P, now).unwrap_err();
            c.insert(tenant, P, g, snap("x"), now);
        }
        assert!(c.len() <= 4096, "{} entries", c.len());
        assert!(
            c.len() > 3000,
            "the shards are not used evenly: {}",
            c.len()
        );
        let g = c.get(t(1), P, now).unwrap_err();
        c.clear();
        c.insert(t(1), P, g, snap("old"), now);
        assert!(c.is_empty(), "a load that raced with a clear was kept");
    }

    #[test]
    fn tenants_with_the_same_answer_share_one_snapshot() {
        let c = ReadCache::new(10, Duration::seconds(5));
        let now = datetime!(2026-01-01 0:00 UTC);
        for (i, body) in [(1, "same"), (2, "same"), (3, "other")] {
            let g = c.get(t(i), P, now).unwrap_err();
            c.insert(t(i), P, g, snap(body), now);
        }
        let get = |i| c.get(t(i), P, now).unwrap();
        assert!(Arc::ptr_eq(&get(1), &get(2)));
        assert!(!Arc::ptr_eq(&get(1), &get(3)));
        assert_eq!(&get(3).products_json[..], b"other");
        // A snapshot no tenant holds any more is not handed out again.
        c.clear();
        let g = c.get(t(4), P, now).unwrap_err();
        c.insert(t(4), P, g, snap("same"), now);
        assert_eq!(Arc::strong_count(&get(4)), 2, "the cache's and this one");
        // Beyond the table's bound, answers are kept unshared, and still right.
        let big = ReadCache::new(10_000, Duration::seconds(5));
        let n = MAX_SHARED as u128 + 10;
        for i in 0..n {
            let g = big.get(t(i), P, now).unwrap_err();
            let mut s = snap("");
            Arc::get_mut(&mut s).unwrap().products_json = Bytes::from(format!("tenant {i}"));
            big.insert(t(i), P, g, s, now);
        }
        assert_eq!(big.shared.lock().unwrap().len(), MAX_SHARED);
        for i in [0, n - 1] {
            let body = big.get(t(i), P, now).unwrap().products_json.clone();
            assert_eq!(body, format!("tenant {i}"));
        }
    }

    #[test]
    fn tenants_loaded_together_do_not_expire_together() {
        let ttl = Duration::seconds(60);
        let c = ReadCache::new(10_000, ttl);
        let now = datetime!(2026-01-01 0:00 UTC);
        let n = 1000u128;
        for i in 0..n {
            let g = c.get(t(i), P, now).unwrap_err();
            c.insert(t(i), P, g, snap("x"), now);
        }
        let alive = |after: Duration| {
            (0..n)
                .filter(|i| c.get(t(*i), P, now + after).is_ok())
                .count()
        };
        assert_eq!(
            alive(ttl * 3 / 4 - Duration::milliseconds(1)),
            n as usize,
            "none before 3/4 of the TTL"
        );
        assert_eq!(alive(ttl), 0, "none after the TTL");
        let mid = alive(ttl * 7 / 8);
        assert!(
            (300..=700).contains(&mid),
            "{mid} of {n} alive half-way through the spread"
        );
    }

    #[test]
    fn invalidation_is_per_tenant() {
        let c = ReadCache::new(10, Duration::seconds(5));
        let now = datetime!(2026-01-01 0:00 UTC);
        for i in [1, 2] {
            let g = c.get(t(i), P, now).unwrap_err();
            c.insert(t(i), P, g, snap("x"), now);
        }
        c.invalidate(t(1));
        assert!(c.get(t(1), P, now).is_err());
        assert!(c.get(t(2), P, now).is_ok());
        c.clear();
        assert!(c.is_empty());
    }
}
