//! What the writer thread knows of each tenant's journal head, so that an append need not read
//! it back: the writer appends every entry this process writes, so after its first append to a
//! tenant it knows the head. Another process on the same file (an `mscommerce admin` command)
//! may append too; `PRAGMA data_version` tells when any other connection committed, and then
//! everything known is forgotten (and the server's caches hear [`crate::ChangeNotice::Everything`]).
//!
//! Measured with 64 writers over 10,000 tenants: reading the head was 7 % of the writer's time
//! (docs/decisions.md, stop 21).

use std::collections::HashMap;

use mscommerce_domain::TenantId;
use rusqlite::Connection;

use super::Db as _;
use crate::Result;

/// Tenants whose heads are kept at most; beyond, everything is forgotten and read again (a
/// head is about a hundred bytes).
const MAX_TENANTS: usize = 100_000;

#[derive(Debug, Default)]
pub(super) struct Heads {
    known: HashMap<TenantId, (i64, String)>,
    /// `PRAGMA data_version` when last looked at (`None`: never).
    version: Option<i64>,
}

impl Heads {
    pub(super) fn get(&self, tenant: TenantId) -> Option<(i64, String)> {
        self.known.get(&tenant).cloned()
    }

    pub(super) fn set(&mut self, tenant: TenantId, seq: i64, hash: &str) {
        if self.known.len() >= MAX_TENANTS && !self.known.contains_key(&tenant) {
            self.known.clear();
        }
        self.known.insert(tenant, (seq, hash.to_owned()));
    }

    /// What was appended may not have been committed (a write rolled back to its savepoint, a
    /// group that failed), or someone else appended: read the heads again.
    pub(super) fn forget(&mut self) {
        self.known.clear();
    }

    /// Whether another connection committed to the file since the last look (never at the
    /// first). This connection's own commits do not count: only others change `data_version`.
    pub(super) fn outside_commit(&mut self, conn: &Connection) -> Result<bool> {
        // Prepared once: it runs at every group.
        let now: i64 = conn
            .prepare_cached("PRAGMA data_version")
            .db()?
            .query_row([], |r| r.get(0))
            .db()?;
        let changed = self.version.is_some_and(|seen| seen != now);
        self.version = Some(now);
        Ok(changed)
    }
}
