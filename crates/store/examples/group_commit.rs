//! Durable writes per second at N concurrent writers, one transaction per write against group
//! commit, on the same SQLite store (and PostgreSQL when `MSCOMMERCE_TEST_POSTGRES_URL` is set).
//! In-process: no HTTP, no tokens; each write is a real policy change with its journal entry,
//! acknowledged only once on disk.
//!
//! ```text
//! cargo run --release -p mscommerce-store --example group_commit -- [WRITERS] [SECONDS] [both|group|single]
//! ```
//! The database goes in a temporary directory under `target/` (not `/tmp`, which may be a
//! RAM disk where fsync costs nothing); `MSCOMMERCE_BENCH_DIR` picks another place.

use std::error::Error;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use mscommerce_domain::{
    Catalog, Clock, PolicyId, PolicyValue, Principal, PrincipalKind, RequestIds, SystemClock,
    TenantId,
};
use mscommerce_store::{Store, StoreOptions, WriteContext};
use mscommerce_testkit::pg::FreshDatabase;
use uuid::Uuid;

const TENANTS: usize = 16;
const WARM_UP: Duration = Duration::from_secs(1);

type Res<T> = Result<T, Box<dyn Error + Send + Sync>>;

struct Run {
    writes: usize,
    seconds: f64,
    p50: Duration,
    p99: Duration,
    max: Duration,
}

impl Run {
    fn rate(&self) -> f64 {
        self.writes as f64 / self.seconds
    }
}

fn admin(tenant: TenantId) -> Principal {
    Principal {
        tenant,
        kind: PrincipalKind::User {
            oid: Uuid::from_u128(0xa000_0000_0000_4000_8000_0000_0000_0001),
            upn: Some("admin@bench.example".into()),
            wids: vec![mscommerce_proto::roles::GLOBAL_ADMINISTRATOR.into()],
            scopes: vec![mscommerce_proto::SCOPE_ACCESS_AS_USER.into()],
        },
    }
}

/// `writers` tasks, each flipping its own product row of one of 16 tenants as fast as it is
/// acknowledged, for `seconds` after a warm-up.
async fn measure(store: Arc<dyn Store>, writers: usize, seconds: u64) -> Res<Run> {
    let policy = PolicyId::AllowSelfServicePurchase;
    let products: Vec<_> = Catalog::builtin()?
        .products
        .into_iter()
        .map(|p| p.id)
        .collect();
    let tenants: Vec<TenantId> = (0..TENANTS)
        .map(|i| {
            TenantId::new(Uuid::from_u128(
                0xb000_0000_0000_4000_8000_0000_0000_0000 + i as u128,
            ))
        })
        .collect();
    let counting = Arc::new(AtomicBool::new(false));
    let stop = Arc::new(AtomicBool::new(false));
    let mut tasks = Vec::new();
    for w in 0..writers {
        let store = store.clone();
        let (counting, stop) = (counting.clone(), stop.clone());
        let tenant = tenants[w % TENANTS];
        let product = products[(w / TENANTS) % products.len()].clone();
        tasks.push(tokio::spawn(async move {
            let grant = admin(tenant)
                .write()
                .map_err(|_| "the bench admin may not write")?;
            let mut value = PolicyValue::Disabled;
            let mut latencies = Vec::new();
            while !stop.load(Ordering::Relaxed) {
                let ctx = WriteContext {
                    at: SystemClock.now(),
                    ids: RequestIds {
                        request_id: Uuid::new_v4().to_string(),
                        correlation_id: None,
                        client_request_id: None,
                        client_address: None,
                        user_agent: None,
                    },
                    audit_id: Uuid::now_v7(),
                };
                let start = Instant::now();
                store
                    .set_product_policy(&grant, policy, &product, value, None, &ctx)
                    .await?;
                if counting.load(Ordering::Relaxed) {
                    latencies.push(start.elapsed());
                }
                value = if value == PolicyValue::Disabled {
                    PolicyValue::Enabled
                } else {
                    PolicyValue::Disabled
                };
            }
            Res::Ok(latencies)
        }));
    }
    tokio::time::sleep(WARM_UP).await;
    counting.store(true, Ordering::Relaxed);
    let start = Instant::now();
    tokio::time::sleep(Duration::from_secs(seconds)).await;
    counting.store(false, Ordering::Relaxed);
    let elapsed = start.elapsed().as_secs_f64();
    stop.store(true, Ordering::Relaxed);
    let mut all = Vec::new();
    for t in tasks {
        all.extend(t.await??);
    }
    all.sort_unstable();
    let at = |q: f64| {
        all.get(((all.len() as f64 * q) as usize).min(all.len().saturating_sub(1)))
            .copied()
            .unwrap_or_default()
    };
    Ok(Run {
        writes: all.len(),
        seconds: elapsed,
        p50: at(0.50),
        p99: at(0.99),
        max: all.last().copied().unwrap_or_default(),
    })
}

async fn sqlite(group_commit: bool, writers: usize, seconds: u64) -> Res<Run> {
    let base = std::env::var_os("MSCOMMERCE_BENCH_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| concat!(env!("CARGO_MANIFEST_DIR"), "/../../target").into());
    std::fs::create_dir_all(&base)?;
    let dir = tempfile::tempdir_in(base)?;
    let url = dir.path().join("bench.db");
    let store = mscommerce_store::open(
        url.to_str().ok_or("a non-UTF-8 path")?,
        &StoreOptions { group_commit },
    )
    .await?;
    store.migrate().await?;
    store.sync_catalog(&Catalog::builtin()?).await?;
    measure(store, writers, seconds).await
}

async fn postgres(writers: usize, seconds: u64) -> Res<Option<Run>> {
    let Some(db) = FreshDatabase::create("mscommerce_bench", "the group-commit example").await
    else {
        return Ok(None);
    };
    let run = async {
        let store = mscommerce_store::open(&db.url, &StoreOptions::default()).await?;
        store.migrate().await?;
        store.sync_catalog(&Catalog::builtin()?).await?;
        measure(store, writers, seconds).await
    }
    .await;
    db.drop_now().await;
    run.map(Some)
}

fn show(what: &str, r: &Run) {
    println!(
        "{what:<44} {:>8.0} writes/s   p50 {:>7.2} ms   p99 {:>7.2} ms   max {:>7.2} ms   ({} writes)",
        r.rate(),
        r.p50.as_secs_f64() * 1e3,
        r.p99.as_secs_f64() * 1e3,
        r.max.as_secs_f64() * 1e3,
        r.writes
    );
}

#[tokio::main]
async fn main() -> Res<()> {
    let mut args = std::env::args().skip(1);
    let writers: usize = args.next().map(|a| a.parse()).transpose()?.unwrap_or(64);
    let seconds: u64 = args.next().map(|a| a.parse()).transpose()?.unwrap_or(5);
    let mode = args.next().unwrap_or_else(|| "both".into());
    println!("{writers} concurrent writers, {seconds} s each (after {WARM_UP:?} of warm-up)");
    let single = if mode == "group" {
        None
    } else {
        let r = sqlite(false, writers, seconds).await?;
        show("SQLite, one transaction per write", &r);
        Some(r)
    };
    let grouped = if mode == "single" {
        None
    } else {
        let r = sqlite(true, writers, seconds).await?;
        show("SQLite, group commit", &r);
        Some(r)
    };
    if let (Some(single), Some(grouped)) = (single, grouped) {
        println!(
            "group commit / one transaction per write: {:.2}x",
            grouped.rate() / single.rate()
        );
    }
    if let Some(pg) = postgres(writers, seconds).await? {
        show("PostgreSQL (a transaction per write)", &pg);
    }
    Ok(())
}
