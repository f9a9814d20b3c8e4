//! Runs one story against a fresh database of each backend: a SQLite file in a temp dir
//! (always; with group commit, the default, and again with one transaction per write) and a
//! PostgreSQL database created for the test and dropped after it (when
//! `MSCOMMERCE_TEST_POSTGRES_URL` is set).

use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::sync::Arc;

use futures::FutureExt as _;
use mscommerce_domain::{
    Catalog, IfMatch, PolicyId, Principal, PrincipalKind, ReadGrant, RequestIds, TenantId,
    WriteGrant,
};
use mscommerce_store::postgres::PostgresStore;
use mscommerce_store::sqlite::SqliteStore;
use mscommerce_store::{JournalRecord, Store, StoreOptions, WriteContext};
use mscommerce_testkit::pg::FreshDatabase;
use time::OffsetDateTime;
use time::macros::datetime;
use uuid::Uuid;

pub(crate) const POLICY: PolicyId = PolicyId::AllowSelfServicePurchase;
/// Power BI Pro: no trial without a payment method; legacy id CFQ7TTC0L3PB.
pub(crate) const POWER_BI_PRO: &str = "CFQ7TTC0H9MP";
pub(crate) const POWER_BI_PRO_LEGACY: &str = "CFQ7TTC0L3PB";
/// Visio Plan 1: has a trial without a payment method.
pub(crate) const VISIO_PLAN_1: &str = "CFQ7TTC0HD33";

#[derive(Debug, Clone, Copy)]
pub(crate) enum Backend {
    Sqlite,
    Postgres,
}

/// What a story runs against: a backend, and for SQLite whether writes are group-committed.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Variant {
    /// SQLite with group commit (the default).
    Sqlite,
    /// SQLite with one transaction per write.
    SqliteOneTxPerWrite,
    Postgres,
}

#[derive(Clone)]
pub(crate) struct Db(Arc<Inner>);

struct Inner {
    kind: Kind,
}

// One per test: the size difference between the variants does not matter.
#[allow(clippy::large_enum_variant)]
enum Kind {
    Sqlite {
        store: SqliteStore,
        path: std::path::PathBuf,
        options: StoreOptions,
        _dir: tempfile::TempDir,
    },
    Postgres {
        store: PostgresStore,
        /// Dropped with the last handle, after `destroy` closed the store.
        db: FreshDatabase,
    },
}

impl Db {
    async fn new(variant: Variant) -> Option<Db> {
        let kind = match variant {
            Variant::Sqlite | Variant::SqliteOneTxPerWrite => {
                let dir = tempfile::tempdir().unwrap();
                let path = dir.path().join("store.db");
                let options = StoreOptions {
                    group_commit: matches!(variant, Variant::Sqlite),
                };
                let store = SqliteStore::open_with(&path, &options).await.unwrap();
                Kind::Sqlite {
                    store,
                    path,
                    options,
                    _dir: dir,
                }
            }
            Variant::Postgres => {
                let db = FreshDatabase::create("mscommerce_test", "the store conformance stories")
                    .await?;
                let store = PostgresStore::connect(&db.url).await.unwrap();
                Kind::Postgres { store, db }
            }
        };
        let db = Db(Arc::new(Inner { kind }));
        db.store().migrate().await.unwrap();
        // Idempotent: twice is the same as once.
        db.store().migrate().await.unwrap();
        db.store()
            .sync_catalog(&Catalog::builtin().unwrap())
            .await
            .unwrap();
        Some(db)
    }

    pub(crate) fn backend(&self) -> Backend {
        match &self.0.kind {
            Kind::Sqlite { .. } => Backend::Sqlite,
            Kind::Postgres { .. } => Backend::Postgres,
        }
    }

    pub(crate) fn store(&self) -> &dyn Store {
        match &self.0.kind {
            Kind::Sqlite { store, .. } => store,
            Kind::Postgres { store, .. } => store,
        }
    }

    /// The same store as a shareable handle, for spawned tasks.
    pub(crate) fn shared(&self) -> Arc<dyn Store> {
        match &self.0.kind {
            Kind::Sqlite { store, .. } => Arc::new(store.clone()),
            Kind::Postgres { store, .. } => Arc::new(store.clone()),
        }
    }

    /// A second, independent handle on the same database: another process on the SQLite file,
    /// another replica on the PostgreSQL database.
    pub(crate) async fn another_handle(&self) -> Arc<dyn Store> {
        match &self.0.kind {
            Kind::Sqlite { path, options, .. } => {
                Arc::new(SqliteStore::open_with(path, options).await.unwrap())
            }
            Kind::Postgres { db, .. } => Arc::new(PostgresStore::connect(&db.url).await.unwrap()),
        }
    }

    /// SQLite with group commit: how many groups the writer committed and how many writes
    /// they held. `None` elsewhere.
    pub(crate) fn group_commit_stats(&self) -> Option<(u64, u64)> {
        match &self.0.kind {
            Kind::Sqlite { store, options, .. } if options.group_commit => {
                Some(store.group_commit_stats())
            }
            _ => None,
        }
    }

    /// One raw statement, around the store's rules (the test hook).
    pub(crate) async fn raw(&self, sql: &str) -> mscommerce_store::Result<u64> {
        match &self.0.kind {
            Kind::Sqlite { store, .. } => store.raw_execute(sql).await,
            Kind::Postgres { store, .. } => store.raw_execute(sql).await,
        }
    }

    /// A tenant id as the backend writes it in SQL.
    pub(crate) fn sql_tenant(&self, t: TenantId) -> String {
        match self.backend() {
            Backend::Sqlite => format!("'{t}'"),
            Backend::Postgres => format!("'{t}'::uuid"),
        }
    }

    async fn destroy(self) {
        match &self.0.kind {
            Kind::Sqlite { store, .. } => store.close().await,
            Kind::Postgres { store, .. } => store.close().await,
        }
    }
}

/// Runs `story` against a fresh database of `variant`, then destroys the database (also when
/// the story fails).
pub(crate) async fn run<F, Fut>(variant: Variant, story: F)
where
    F: FnOnce(Db) -> Fut,
    Fut: Future<Output = ()>,
{
    let Some(db) = Db::new(variant).await else {
        return;
    };
    let outcome = AssertUnwindSafe(story(db.clone())).catch_unwind().await;
    db.destroy().await;
    if let Err(panic) = outcome {
        std::panic::resume_unwind(panic);
    }
}

/// Declares, for each story function, a test per backend.
macro_rules! stories {
    ($($story:ident),* $(,)?) => {
        $(
            mod $story {
                #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
                async fn sqlite() {
                    $crate::harness::run($crate::harness::Variant::Sqlite, super::$story).await;
                }
                #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
                async fn sqlite_one_tx_per_write() {
                    $crate::harness::run(
                        $crate::harness::Variant::SqliteOneTxPerWrite,
                        super::$story,
                    )
                    .await;
                }
                #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
                async fn postgres() {
                    $crate::harness::run($crate::harness::Variant::Postgres, super::$story).await;
                }
            }
        )*
    };
}
pub(crate) use stories;

// ---------------------------------------------------------------------------------------------
// Fixtures.

/// A moment with nanoseconds, which the stores cut to microseconds.
pub(crate) const T0: OffsetDateTime = datetime!(2026-03-01 09:30:00.123456789 UTC);

pub(crate) fn new_tenant() -> TenantId {
    TenantId::new(Uuid::new_v4())
}

pub(crate) fn admin(tenant: TenantId) -> Principal {
    Principal {
        tenant,
        kind: PrincipalKind::User {
            oid: Uuid::new_v4(),
            upn: Some("admin@contoso.example".into()),
            wids: vec![mscommerce_proto::roles::GLOBAL_ADMINISTRATOR.into()],
            scopes: vec![mscommerce_proto::SCOPE_ACCESS_AS_USER.into()],
        },
    }
}

pub(crate) fn automation(tenant: TenantId) -> Principal {
    Principal {
        tenant,
        kind: PrincipalKind::App {
            app_id: "contoso-automation".into(),
            oid: None,
            roles: vec![mscommerce_proto::roles::POLICY_READ_WRITE.into()],
        },
    }
}

pub(crate) fn writer(tenant: TenantId) -> WriteGrant {
    admin(tenant).write().unwrap()
}

pub(crate) fn reader(tenant: TenantId) -> ReadGrant {
    admin(tenant).read().unwrap()
}

pub(crate) fn ctx(at: OffsetDateTime) -> WriteContext {
    WriteContext {
        at,
        ids: RequestIds {
            request_id: Uuid::new_v4().to_string(),
            correlation_id: Some(Uuid::new_v4().to_string()),
            client_request_id: None,
            client_address: None,
            user_agent: None,
        },
        audit_id: Uuid::now_v7(),
    }
}

/// Sets a product of tenant `t` to `value` as its administrator (at `T0`, no `If-Match`).
pub(crate) async fn set(
    s: &dyn Store,
    t: TenantId,
    product_id: &str,
    value: mscommerce_domain::PolicyValue,
) -> mscommerce_store::ProductPolicyRecord {
    let (policy, id) = (PolicyId::AllowSelfServicePurchase, product(product_id));
    s.set_product_policy(&writer(t), policy, &id, value, None, &ctx(T0))
        .await
        .unwrap()
}

pub(crate) fn product(id: &str) -> mscommerce_domain::ProductId {
    id.parse().unwrap()
}

pub(crate) fn offer_type(id: &str) -> mscommerce_domain::OfferType {
    id.parse().unwrap()
}

pub(crate) fn if_match(etag: &mscommerce_domain::ETag) -> IfMatch {
    IfMatch::parse(&etag.header_value()).unwrap()
}

/// Recomputes the tenant's chain from what `journal()` returns and checks every link.
pub(crate) fn verify_chain(journal: &[JournalRecord]) {
    let mut prev = mscommerce_domain::audit::GENESIS_HASH.to_owned();
    for (i, r) in journal.iter().enumerate() {
        assert_eq!(r.seq, i as i64 + 1, "seq runs 1, 2, ... without gaps");
        assert_eq!(
            r.prev_hash, prev,
            "entry {} links to its predecessor",
            r.seq
        );
        assert_eq!(
            r.hash,
            r.entry.chain_hash(r.seq, &r.prev_hash),
            "entry {} hashes to what is stored",
            r.seq
        );
        prev = r.hash.clone();
    }
}
