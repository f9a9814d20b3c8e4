//! The head (newest sequence number and hash) of each tenant's journal, for the metrics: a
//! Prometheus that keeps them has the hashes `admin audit verify --expect-head` needs to catch a
//! journal cut back at its end, which the chain alone cannot show.
//!
//! Kept for the tenants whose journal grew since this process started (every replica hears every
//! change), at most [`MAX_TENANTS`] of them, the least recently added forgotten first. A change
//! notice only marks its tenant; the head is read from the store at the next scrape, so writes
//! never wait on this and a scrape reads only what changed since the last one.

use std::collections::{HashMap, HashSet, VecDeque};
use std::fmt::Write as _;
use std::sync::Mutex;

use mscommerce_domain::TenantId;
use mscommerce_store::Store;

/// Tenants whose heads are exported at most (one series each).
pub const MAX_TENANTS: usize = 10_000;

#[derive(Debug, Default)]
pub struct JournalHeads {
    inner: Mutex<Inner>,
}

#[derive(Debug, Default)]
struct Inner {
    heads: HashMap<TenantId, (i64, String)>,
    /// Oldest first, for forgetting.
    order: VecDeque<TenantId>,
    /// Changed since the last scrape.
    dirty: HashSet<TenantId>,
}

impl JournalHeads {
    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        // A panic while holding it leaves plain data behind: keep using it.
        self.inner
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The tenant's journal grew.
    pub fn mark(&self, tenant: TenantId) {
        let mut inner = self.lock();
        if inner.dirty.len() < MAX_TENANTS {
            inner.dirty.insert(tenant);
        }
    }

    /// Notices may have been missed: read every known head again.
    pub fn mark_all(&self) {
        let mut inner = self.lock();
        let known: Vec<TenantId> = inner.heads.keys().copied().collect();
        inner.dirty.extend(known);
    }

    /// Reads the heads of the tenants marked since the last call. A tenant the store cannot
    /// answer for now stays marked.
    pub async fn refresh(&self, store: &dyn Store) {
        let dirty: Vec<TenantId> = std::mem::take(&mut self.lock().dirty).into_iter().collect();
        for tenant in dirty {
            match store.journal_head(tenant).await {
                Ok(Some(head)) => self.set(tenant, head),
                Ok(None) => {}
                Err(e) => {
                    tracing::warn!(error = %e, %tenant, "journal head unreadable for the metrics");
                    self.mark(tenant);
                }
            }
        }
    }

    fn set(&self, tenant: TenantId, head: (i64, String)) {
        let mut inner = self.lock();
        if inner.heads.insert(tenant, head).is_none() {
            inner.order.push_back(tenant);
            while inner.order.len() > MAX_TENANTS {
                if let Some(old) = inner.order.pop_front() {
                    inner.heads.remove(&old);
                }
            }
        }
    }

    /// `mscommerce_journal_head{tenant,hash}` = the head's sequence number.
    pub fn render(&self, out: &mut String) {
        let inner = self.lock();
        out.push_str("# HELP mscommerce_journal_head Each journal's newest entry (sequence number), labelled with its hash: keep it, and give it to `admin audit verify --expect-head` to catch a journal cut back since.\n");
        out.push_str("# TYPE mscommerce_journal_head gauge\n");
        let mut heads: Vec<_> = inner.heads.iter().collect();
        heads.sort_unstable_by_key(|(t, _)| t.to_string());
        for (tenant, (seq, hash)) in heads {
            let _ = writeln!(
                out,
                "mscommerce_journal_head{{tenant=\"{tenant}\",hash=\"{hash}\"}} {seq}"
            );
        }
    }
}
