//! State split into shards, each behind its own lock, so that concurrent requests rarely meet on
//! one. The read cache, the rate limiter and the verified-token cache each keep their own
//! per-shard state, bound and eviction rule in a `Sharded`; this is the one place that picks a
//! shard and takes its lock.

use std::collections::HashMap;
use std::sync::{RwLock, RwLockReadGuard, RwLockWriteGuard};

/// The map inside a shard. std's SipHash costs more than the rest of a cached read's lookup
/// (measured with perf on the hot read); foldhash, seeded at random per process, is several
/// times cheaper. Keys that arrive from outside still meet a secret seed, and no map on the
/// request path is filled before a token or a caller is known.
pub type FastMap<K, V> = HashMap<K, V, foldhash::quality::RandomState>;

/// A hash of `key` that stays the same for the life of the process (never across processes:
/// the seed is random), cheap enough for every request.
pub fn fast_hash(key: &impl std::hash::Hash) -> u64 {
    use std::hash::BuildHasher as _;
    static SEED: std::sync::OnceLock<foldhash::quality::RandomState> = std::sync::OnceLock::new();
    SEED.get_or_init(foldhash::quality::RandomState::default)
        .hash_one(key)
}

#[derive(Debug)]
pub struct Sharded<T> {
    shards: Box<[RwLock<T>]>,
}

impl<T: Default> Sharded<T> {
    /// `count` shards (at least one), each holding `T::default()`.
    pub fn new(count: usize) -> Self {
        Sharded {
            shards: (0..count.max(1)).map(|_| RwLock::default()).collect(),
        }
    }
}

impl<T> Sharded<T> {
    pub fn count(&self) -> usize {
        self.shards.len()
    }

    fn shard(&self, hash: u64) -> &RwLock<T> {
        // The remainder is below the shard count, a usize.
        &self.shards[(hash % self.shards.len() as u64) as usize]
    }

    // A holder that panicked leaves state that every user of this type can still work with
    // (a cache entry or a bucket at worst stale), so a poisoned lock is taken as it is.

    /// The shard of `hash`, to read.
    pub fn read(&self, hash: u64) -> RwLockReadGuard<'_, T> {
        self.shard(hash).read().unwrap_or_else(|e| e.into_inner())
    }

    /// The shard of `hash`, to change.
    pub fn write(&self, hash: u64) -> RwLockWriteGuard<'_, T> {
        self.shard(hash).write().unwrap_or_else(|e| e.into_inner())
    }

    /// Every shard in turn, to read.
    pub fn read_each(&self) -> impl Iterator<Item = RwLockReadGuard<'_, T>> {
        self.shards
            .iter()
            .map(|s| s.read().unwrap_or_else(|e| e.into_inner()))
    }

    /// Every shard in turn, to change.
    pub fn write_each(&self) -> impl Iterator<Item = RwLockWriteGuard<'_, T>> {
        self.shards
            .iter()
            .map(|s| s.write().unwrap_or_else(|e| e.into_inner()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hash_always_finds_the_same_shard() {
        let s: Sharded<Vec<u64>> = Sharded::new(4);
        for h in 0..100 {
            s.write(h).push(h);
        }
        assert_eq!(s.count(), 4);
        assert!(s.read(6).contains(&2));
        assert_eq!(s.read_each().map(|v| v.len()).sum::<usize>(), 100);
        s.write_each().for_each(|mut v| v.clear());
        assert!(s.read_each().all(|v| v.is_empty()));
        assert_eq!(Sharded::<u8>::new(0).count(), 1);
    }
}
