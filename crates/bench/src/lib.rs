//! Helpers of the benchmark (`bench/run`): deterministic benchmark tenants, access tokens shaped
//! exactly like the built-in identity provider's user tokens, the reference server's body, and
//! bulk seeding of a SQLite data directory. Not part of the service.

use std::path::Path;

use mscommerce_domain::{Catalog, PolicyId, TenantId};
use mscommerce_proto::{Items, PolicyValue, ProductPolicy, SCOPE_PRODUCT};
use serde_json::{Value, json};
use time::OffsetDateTime;
use uuid::Uuid;

/// High bits of every benchmark tenant id; the low 48 bits are the tenant's index, so ids sort
/// (as text too) in index order and seeding appends to the end of each B-tree.
const TENANT_PREFIX: u128 = 0xb000_0000_0000_4000_8000_0000_0000_0000;
const USER_PREFIX: u128 = 0x0a00_0000_0000_4000_8000_0000_0000_0000;
const MAX_INDEX: u64 = (1 << 48) - 1;

#[derive(Debug, thiserror::Error)]
pub enum BenchError {
    #[error("tenant index {0} is too large (at most {MAX_INDEX})")]
    IndexTooLarge(u64),
    #[error("database: {0}")]
    Db(#[from] rusqlite::Error),
    #[error("store: {0}")]
    Store(#[from] mscommerce_store::StoreError),
    #[error("{0}")]
    Invalid(String),
}

/// The benchmark tenant number `index`: `b0000000-0000-4000-8000-{index:012x}`.
pub fn tenant_id(index: u64) -> Result<TenantId, BenchError> {
    guid(TENANT_PREFIX, index).map(TenantId::new)
}

/// The object id of tenant `index`'s administrator.
pub fn admin_oid(index: u64) -> Result<Uuid, BenchError> {
    guid(USER_PREFIX, index)
}

pub fn admin_upn(index: u64) -> String {
    format!("admin@t{index}.bench.example")
}

fn guid(prefix: u128, index: u64) -> Result<Uuid, BenchError> {
    if index > MAX_INDEX {
        return Err(BenchError::IndexTooLarge(index));
    }
    Ok(Uuid::from_u128(prefix | u128::from(index)))
}

/// The issuer the built-in provider of a service reachable at `public_url` puts in tokens of
/// `tenant`.
pub fn issuer(public_url: &str, tenant: &TenantId) -> String {
    format!("{}/{tenant}/v2.0", public_url.trim_end_matches('/'))
}

/// The claims of a user access token of tenant `index`'s Global Administrator, as the built-in
/// provider issues them after a public-client sign-in (password or device code).
pub fn admin_claims(
    public_url: &str,
    index: u64,
    now: OffsetDateTime,
    lifetime: time::Duration,
) -> Result<Value, BenchError> {
    let tid = tenant_id(index)?;
    let oid = admin_oid(index)?;
    let upn = admin_upn(index);
    let iat = now.unix_timestamp();
    let exp = (now + lifetime).unix_timestamp();
    // `uti`/`jti` are random in the provider; unique per token here too.
    let uti = Uuid::now_v7().simple().to_string();
    Ok(json!({
        "aud": mscommerce_proto::RESOURCE_APP_ID,
        "iss": issuer(public_url, &tid),
        "iat": iat,
        "nbf": iat,
        "exp": exp,
        "tid": tid.to_string(),
        "ver": "2.0",
        "uti": uti,
        "jti": uti,
        "azp": mscommerce_proto::PUBLIC_CLIENT_ID,
        "azpacr": "0",
        "oid": oid.to_string(),
        "sub": oid.simple().to_string(),
        "upn": upn,
        "preferred_username": upn,
        "name": format!("Administrator of tenant {index}"),
        "wids": [
            mscommerce_proto::roles::GLOBAL_ADMINISTRATOR,
            mscommerce_proto::roles::USER,
        ],
        "scp": mscommerce_proto::SCOPE_ACCESS_AS_USER,
    }))
}

/// `GET .../products` of a tenant at the defaults, as the service lists it (by name, then id).
pub fn default_product_items(catalog: &Catalog) -> Items<ProductPolicy> {
    let policy = PolicyId::AllowSelfServicePurchase;
    let value = policy.builtin_default();
    let mut products: Vec<_> = catalog.products.iter().collect();
    products.sort_by(|a, b| (&a.name, a.id.as_str()).cmp(&(&b.name, b.id.as_str())));
    let items = products
        .into_iter()
        .map(|p| ProductPolicy {
            policy_id: policy.as_str().to_owned(),
            policy_value: start_value(value, p.trial_without_payment_method),
            scope: Some(SCOPE_PRODUCT.to_owned()),
            product_name: p.name.clone(),
            product_id: p.id.to_string(),
        })
        .collect();
    Items::new(items)
}

fn start_value(default: PolicyValue, trial_without_payment_method: bool) -> PolicyValue {
    if default == PolicyValue::OnlyTrialsWithoutPaymentMethod && !trial_without_payment_method {
        PolicyValue::Disabled
    } else {
        default
    }
}

/// What [`seed`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Seeded {
    /// Tenants in the database afterwards.
    pub tenants: u64,
    /// Product policy rows in the database afterwards.
    pub product_rows: u64,
}

/// Materializes benchmark tenants `from..from + count` in the SQLite database at `db` exactly as
/// the store does on a tenant's first write (tenant row, policy row, one row per product and
/// offer type at the defaults, version 0, no journal entry), with bulk SQL in transactions of
/// `batch` tenants. Tenants that exist are left alone. The schema must exist
/// (see [`prepare`]).
///
/// While seeding, the file is in rollback-journal mode with `synchronous=OFF` and no foreign-key
/// checks (nothing else may use it meanwhile); it is back in WAL mode, as the service keeps it,
/// when this returns.
pub async fn seed(
    db: &Path,
    from: u64,
    count: u64,
    batch: u64,
    now: OffsetDateTime,
) -> Result<Seeded, BenchError> {
    if count > 0 {
        tenant_id(from + count - 1)?;
    }
    let batch = batch.max(1);
    let created_at = i64::try_from(now.unix_timestamp_nanos() / 1000)
        .map_err(|_| BenchError::Invalid("the clock is out of range".into()))?;
    let mut conn = rusqlite::Connection::open_with_flags(
        db,
        rusqlite::OpenFlags::SQLITE_OPEN_READ_WRITE | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    conn.execute_batch(
        "PRAGMA foreign_keys = OFF; PRAGMA journal_mode = DELETE; PRAGMA synchronous = OFF;
         PRAGMA cache_size = -262144; PRAGMA temp_store = MEMORY;",
    )?;
    let tables: i64 = conn.query_row(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table'
         AND name IN ('tenants', 'tenant_policies', 'product_policies', 'offer_type_policies', 'products')",
        [],
        |r| r.get(0),
    )?;
    if tables != 5 {
        return Err(BenchError::Invalid(format!(
            "{} has no schema: run `mscommerce serve --data-dir ...` on it once (or bench-seed without --no-migrate)",
            db.display()
        )));
    }
    let policy = PolicyId::AllowSelfServicePurchase;
    let default = policy.builtin_default();
    // The store's `offer_type_default`: the policy's default if offer types allow it.
    let offer_default = if PolicyValue::FOR_OFFER_TYPES.contains(&default) {
        default
    } else {
        PolicyValue::Enabled
    };
    let index = |i: u64| i64::try_from(i).map_err(|_| BenchError::IndexTooLarge(i));
    let mut start = from;
    let end = from + count;
    while start < end {
        let stop = (start + batch).min(end);
        let tx = conn.transaction()?;
        // The tenants of this batch, in order; every statement below reads them.
        tx.execute_batch(
            "DROP TABLE IF EXISTS temp.bench_batch;
             CREATE TEMP TABLE bench_batch (id TEXT NOT NULL PRIMARY KEY) WITHOUT ROWID;",
        )?;
        tx.execute(
            "WITH RECURSIVE n(i) AS (SELECT ?1 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < ?2)
             INSERT INTO temp.bench_batch (id)
             SELECT printf('b0000000-0000-4000-8000-%012x', i) FROM n",
            rusqlite::params![index(start)?, index(stop)?],
        )?;
        // Only the tenants that do not exist yet.
        tx.execute(
            "DELETE FROM temp.bench_batch WHERE id IN (SELECT id FROM main.tenants)",
            [],
        )?;
        tx.execute(
            "INSERT INTO tenants (id, domain, display_name, created_at)
             SELECT id, NULL, '', ?1 FROM temp.bench_batch ORDER BY id",
            [created_at],
        )?;
        tx.execute(
            "INSERT INTO tenant_policies (tenant, policy_id, default_value, version)
             SELECT id, ?1, ?2, 0 FROM temp.bench_batch ORDER BY id",
            [policy.as_str(), default.as_str()],
        )?;
        tx.execute(
            "INSERT INTO product_policies (tenant, policy_id, product_id, value, version)
             SELECT b.id, ?1, p.product_id, ?2, 0
             FROM temp.bench_batch b CROSS JOIN products p ORDER BY b.id, p.product_id",
            [policy.as_str(), default.as_str()],
        )?;
        tx.execute(
            "INSERT INTO offer_type_policies (tenant, policy_id, offer_type_key, value, version)
             SELECT b.id, ?1, o.offer_type_key, ?2, 0
             FROM temp.bench_batch b CROSS JOIN offer_types o ORDER BY b.id, o.offer_type_key",
            [policy.as_str(), offer_default.as_str()],
        )?;
        tx.commit()?;
        start = stop;
    }
    conn.execute("DROP TABLE IF EXISTS temp.bench_batch", [])?;
    let count_of = |table: &str| -> Result<i64, BenchError> {
        Ok(conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))?)
    };
    let tenants = count_of("tenants")?;
    let product_rows = count_of("product_policies")?;
    // Back to what the service expects (it sets WAL itself too; this makes it durable now).
    let _mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
    drop(conn);
    Ok(Seeded {
        tenants: u64::try_from(tenants).unwrap_or(0),
        product_rows: u64::try_from(product_rows).unwrap_or(0),
    })
}

/// Creates the database at `db` if missing and brings its schema and catalog up to date, as
/// `mscommerce serve` does at start.
pub async fn prepare(db: &Path) -> Result<(), BenchError> {
    use mscommerce_store::Store as _;
    let store = mscommerce_store::sqlite::SqliteStore::open(db).await?;
    store.migrate().await?;
    let catalog = Catalog::builtin().map_err(|e| BenchError::Invalid(e.to_string()))?;
    store.sync_catalog(&catalog).await?;
    store.close().await;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    use mscommerce_domain::{Clock, SystemClock};
    use mscommerce_identity::{KeyRing, Verifier, VerifierConfig};
    use mscommerce_store::{PolicyStore as _, Store as _};

    #[test]
    fn tenant_ids_are_deterministic_and_sort_by_index() {
        assert_eq!(
            tenant_id(10).unwrap().to_string(),
            "b0000000-0000-4000-8000-00000000000a"
        );
        let ids: Vec<String> = [0, 9, 10, 255, 256, 999_999]
            .iter()
            .map(|i| tenant_id(*i).unwrap().to_string())
            .collect();
        let mut sorted = ids.clone();
        sorted.sort();
        assert_eq!(ids, sorted);
        assert!(tenant_id(MAX_INDEX + 1).is_err());
        assert_ne!(admin_oid(1).unwrap(), admin_oid(2).unwrap());
    }

    #[test]
    fn the_reference_body_is_the_catalog_at_the_default() {
        let catalog = Catalog::builtin().unwrap();
        let items = default_product_items(&catalog);
        assert_eq!(items.items.len(), catalog.products.len());
        let names: Vec<&str> = items
            .items
            .iter()
            .map(|p| p.product_name.as_str())
            .collect();
        let mut sorted = names.clone();
        sorted.sort();
        assert_eq!(names, sorted);
        assert!(
            items
                .items
                .iter()
                .all(|p| p.policy_value == PolicyValue::Enabled)
        );
    }

    /// Minted tokens pass the service's verifier and carry a Global Administrator of the tenant.
    #[tokio::test]
    async fn minted_tokens_verify_as_the_tenant_admin() {
        mscommerce_identity::install_crypto_provider();
        let dir = tempfile::tempdir().unwrap();
        let clock: Arc<dyn Clock> = Arc::new(SystemClock);
        let keys = Arc::new(KeyRing::open(dir.path().join("keys"), clock.clone()).unwrap());
        let url = "http://127.0.0.1:9";
        let claims = admin_claims(url, 42, clock.now(), time::Duration::hours(2)).unwrap();
        let token = keys.sign(&claims).unwrap();
        let verifier = Verifier::new(
            VerifierConfig {
                builtin_base_url: Some(url.into()),
                ..VerifierConfig::default()
            },
            keys,
            clock,
        )
        .unwrap();
        let principal = verifier.verify(&token).await.unwrap();
        assert_eq!(principal.tenant, tenant_id(42).unwrap());
        assert!(
            principal.write().is_ok(),
            "a Global Administrator may write"
        );
        // Another service's tokens are not these.
        let other = admin_claims(
            "http://127.0.0.1:10",
            42,
            SystemClock.now(),
            time::Duration::hours(2),
        )
        .unwrap();
        assert_ne!(other["iss"], claims["iss"]);
    }

    /// Seeded tenants read and write through the real store like tenants it materialized.
    #[tokio::test]
    async fn seeded_tenants_are_what_the_store_materializes() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("mscommerce.db");
        prepare(&db).await.unwrap();
        let now = SystemClock.now();
        let seeded = seed(&db, 5, 7, 3, now).await.unwrap();
        let products = Catalog::builtin().unwrap().products.len() as u64;
        assert_eq!(seeded.tenants, 7);
        assert_eq!(seeded.product_rows, 7 * products);
        // Again, overlapping: existing tenants are left alone.
        let again = seed(&db, 10, 4, 100, now).await.unwrap();
        assert_eq!(again.tenants, 9);
        assert_eq!(again.product_rows, 9 * products);

        let store = mscommerce_store::sqlite::SqliteStore::open(&db)
            .await
            .unwrap();
        store.migrate().await.unwrap();
        let policy = PolicyId::AllowSelfServicePurchase;
        let url = "http://127.0.0.1:9";
        let principal = |i: u64| {
            let c = admin_claims(url, i, now, time::Duration::hours(1)).unwrap();
            mscommerce_domain::Principal {
                tenant: tenant_id(i).unwrap(),
                kind: mscommerce_domain::PrincipalKind::User {
                    oid: c["oid"].as_str().unwrap().parse().unwrap(),
                    upn: Some(admin_upn(i)),
                    wids: vec![mscommerce_proto::roles::GLOBAL_ADMINISTRATOR.into()],
                    scopes: vec![mscommerce_proto::SCOPE_ACCESS_AS_USER.into()],
                },
            }
        };
        // A seeded tenant (6) reads exactly as one the store has never seen (1000).
        let seeded_list = store
            .product_policies(&principal(6).read().unwrap(), policy)
            .await
            .unwrap();
        let unseen_list = store
            .product_policies(&principal(1000).read().unwrap(), policy)
            .await
            .unwrap();
        let strip = |l: &[mscommerce_store::ProductPolicyRecord]| {
            l.iter()
                .map(|r| (r.product_id.to_string(), r.value, r.version))
                .collect::<Vec<_>>()
        };
        assert_eq!(strip(&seeded_list), strip(&unseen_list));
        // ... and as the reference server's body (ETags differ per tenant by design).
        let expected = default_product_items(&Catalog::builtin().unwrap());
        let expected: Vec<_> = expected
            .items
            .iter()
            .map(|p| (p.product_id.clone(), p.policy_value, 0))
            .collect();
        assert_eq!(strip(&seeded_list), expected);
        // A seeded tenant takes writes: version 1, the first entry of its journal.
        let product = &seeded_list[0].product_id;
        let ctx = mscommerce_store::WriteContext {
            at: now,
            ids: mscommerce_domain::RequestIds {
                request_id: Uuid::new_v4().to_string(),
                correlation_id: None,
                client_request_id: None,
                client_address: None,
                user_agent: None,
            },
            audit_id: Uuid::now_v7(),
        };
        let written = store
            .set_product_policy(
                &principal(6).write().unwrap(),
                policy,
                product,
                PolicyValue::Disabled,
                None,
                &ctx,
            )
            .await
            .unwrap();
        assert_eq!((written.value, written.version), (PolicyValue::Disabled, 1));
        let journal = store.journal(tenant_id(6).unwrap()).await.unwrap();
        assert_eq!(journal.len(), 1);
        assert_eq!(journal[0].seq, 1);
        store.close().await;
    }
}
