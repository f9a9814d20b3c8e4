//! Many concurrent writers over several tenants, with writes that fail in every way mixed in:
//! what group commit must keep (on SQLite the writes share transactions; the story runs on
//! every variant and must read the same everywhere).

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use mscommerce_domain::{
    AuditEntry, AuditResult, AuditTarget, Catalog, PolicyValue, ProductId, TenantId,
};
use mscommerce_store::{
    Batch, BatchChange, BatchTarget, RefreshTokenRecord, Refusal, StoreError, TenantRecord,
    UserRecord,
};
use uuid::Uuid;

use crate::harness::*;

stories!(
    concurrent_writers_with_failures_mixed_in_lose_nothing,
    directory_writes_go_through_while_groups_commit,
);

const WRITERS: usize = 64;
const TENANTS: usize = 8;
const ROUNDS: usize = 6;

/// What one write was expected to leave in its tenant's journal, by request id.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Expect {
    /// Acknowledged: one Succeeded entry of this target from `old` to `new`.
    Change {
        target: ProductId,
        old: PolicyValue,
        new: PolicyValue,
    },
    /// Refused: one Failed entry with this reason.
    Refusal(&'static str),
    /// Refused before anything was written (unknown product): no entry.
    Nothing,
}

fn flip(v: PolicyValue) -> PolicyValue {
    if v == PolicyValue::Disabled {
        PolicyValue::Enabled
    } else {
        PolicyValue::Disabled
    }
}

fn forbidden(t: TenantId, target: &ProductId, request_id: &str) -> AuditEntry {
    let mut p = admin(t);
    if let mscommerce_domain::PrincipalKind::User { wids, .. } = &mut p.kind {
        *wids = vec![mscommerce_proto::roles::GLOBAL_READER.into()];
    }
    AuditEntry {
        id: Uuid::now_v7(),
        at: T0,
        tenant: t,
        actor: p.write().unwrap_err().caller,
        policy: POLICY,
        target: mscommerce_domain::AuditTarget::Product(target.clone()),
        old_value: None,
        new_value: Some(PolicyValue::Disabled),
        result: AuditResult::Failed,
        reason: Some("Forbidden".into()),
        ids: mscommerce_domain::RequestIds {
            request_id: request_id.to_owned(),
            correlation_id: None,
            client_request_id: None,
            client_address: None,
            user_agent: None,
        },
    }
}

/// 64 writers, 8 per tenant, each owning one product row of its tenant. Each round a writer
/// changes its row (with the `If-Match` of what it last saw, so every change must land and
/// versions must run 1, 2, ... without gaps), then makes one write that fails: a stale
/// `If-Match` (412, journaled), a value the product does not take (400, journaled), an unknown
/// product (404, not journaled), a batch whose second item is stale (journaled once, its first
/// item rolled back), or a 403 refusal (journaled).
async fn concurrent_writers_with_failures_mixed_in_lose_nothing(db: Db) {
    let tenants: Vec<TenantId> = (0..TENANTS).map(|_| new_tenant()).collect();
    // Rows the writers own: products other than Power BI Pro, which the failing writes aim at.
    let rows: Vec<ProductId> = Catalog::builtin()
        .unwrap()
        .products
        .iter()
        .map(|p| p.id.clone())
        .filter(|id| id.as_str() != POWER_BI_PRO)
        .take(WRITERS / TENANTS)
        .collect();
    assert_eq!(rows.len(), WRITERS / TENANTS);
    let store = db.shared();
    // Setting the database up (migrations, the catalog) went through the writer too.
    let (groups_before, writes_before) = db.group_commit_stats().unwrap_or_default();

    let mut tasks = Vec::new();
    for w in 0..WRITERS {
        let (store, t, row) = (
            store.clone(),
            tenants[w % TENANTS],
            rows[w / TENANTS].clone(),
        );
        tasks.push(tokio::spawn(async move {
            let grant = writer(t);
            let first = store
                .product_policy(&reader(t), POLICY, &row)
                .await
                .unwrap();
            let stale = if_match(&first.etag);
            let (mut value, mut etag) = (first.value, first.etag);
            let mut expected: Vec<(String, Expect)> = Vec::new();
            let mut versions = Vec::new();
            for round in 0..ROUNDS {
                // The change.
                let c = ctx(T0);
                let next = flip(value);
                let r = store
                    .set_product_policy(&grant, POLICY, &row, next, Some(&if_match(&etag)), &c)
                    .await
                    .unwrap_or_else(|e| panic!("writer {w} round {round}: {e:?}"));
                assert_eq!(r.value, next);
                versions.push(r.version);
                expected.push((
                    c.ids.request_id.clone(),
                    Expect::Change {
                        target: row.clone(),
                        old: value,
                        new: next,
                    },
                ));
                (value, etag) = (next, r.etag);

                // The failure.
                let c = ctx(T0);
                let id = c.ids.request_id.clone();
                let pbi = product(POWER_BI_PRO);
                let expect = match (w + round) % 5 {
                    0 => {
                        let e = store
                            .set_product_policy(&grant, POLICY, &row, flip(value), Some(&stale), &c)
                            .await
                            .unwrap_err();
                        assert!(
                            matches!(&e, StoreError::Refused(Refusal::PreconditionFailed { current }) if *current == etag),
                            "{e:?}"
                        );
                        Expect::Refusal("PreconditionFailed")
                    }
                    1 => {
                        let e = store
                            .set_product_policy(
                                &grant,
                                POLICY,
                                &pbi,
                                PolicyValue::OnlyTrialsWithoutPaymentMethod,
                                None,
                                &c,
                            )
                            .await
                            .unwrap_err();
                        assert!(matches!(e, StoreError::Refused(Refusal::ValueNotAllowed { .. })), "{e:?}");
                        Expect::Refusal("BadRequest")
                    }
                    2 => {
                        let e = store
                            .set_product_policy(
                                &grant,
                                POLICY,
                                &product("CFQ7TTC0ZZZZ"),
                                PolicyValue::Disabled,
                                None,
                                &c,
                            )
                            .await
                            .unwrap_err();
                        assert!(matches!(e, StoreError::NotFound), "{e:?}");
                        Expect::Nothing
                    }
                    3 => {
                        let batch = Batch {
                            default: None,
                            items: vec![
                                BatchChange {
                                    target: BatchTarget::Product(pbi),
                                    value: PolicyValue::Disabled,
                                    if_match: None,
                                },
                                BatchChange {
                                    target: BatchTarget::Product(row.clone()),
                                    value: flip(value),
                                    if_match: Some(stale.clone()),
                                },
                            ],
                        };
                        let e = store
                            .apply_batch(&grant, POLICY, &batch, &c)
                            .await
                            .unwrap_err();
                        assert!(
                            matches!(&e, StoreError::Item { index: 1, error }
                                if matches!(**error, StoreError::Refused(Refusal::PreconditionFailed { .. }))),
                            "{e:?}"
                        );
                        Expect::Refusal("PreconditionFailed")
                    }
                    _ => {
                        store
                            .journal_refusal(&forbidden(t, &row, &id))
                            .await
                            .unwrap();
                        Expect::Refusal("Forbidden")
                    }
                };
                expected.push((id, expect));
            }
            (t, row, versions, expected)
        }));
    }
    let mut outcomes = Vec::new();
    for task in tasks {
        outcomes.push(task.await.unwrap());
    }

    let mut journals = HashMap::new();
    for &t in &tenants {
        let j = db.store().journal(t).await.unwrap();
        verify_chain(&j);
        journals.insert(t, j);
    }
    for (t, row, versions, expected) in &outcomes {
        assert_eq!(
            versions,
            &(1..=ROUNDS as i64).collect::<Vec<_>>(),
            "every acknowledged change of {row} is one version, without gaps"
        );
        let j = &journals[t];
        for (request_id, expect) in expected {
            let entries: Vec<_> = j
                .iter()
                .filter(|r| &r.entry.ids.request_id == request_id)
                .collect();
            match expect {
                Expect::Nothing => assert!(entries.is_empty(), "{request_id}: {entries:?}"),
                Expect::Change { target, old, new } => {
                    assert_eq!(entries.len(), 1, "{request_id} is journaled once");
                    let e = &entries[0].entry;
                    assert_eq!(e.result, AuditResult::Succeeded);
                    assert_eq!(e.target, AuditTarget::Product(target.clone()));
                    assert_eq!((e.old_value, e.new_value), (Some(*old), Some(*new)));
                }
                Expect::Refusal(reason) => {
                    assert_eq!(entries.len(), 1, "{request_id} is journaled once");
                    let e = &entries[0].entry;
                    assert_eq!(e.result, AuditResult::Failed);
                    assert_eq!(e.reason.as_deref(), Some(*reason));
                }
            }
        }
        // The row's own changes, in chain order, are exactly the acknowledged ones.
        let changes: Vec<_> = j
            .iter()
            .filter(|r| {
                r.entry.result == AuditResult::Succeeded
                    && r.entry.target == AuditTarget::Product(row.clone())
            })
            .collect();
        assert_eq!(changes.len(), ROUNDS);
        let final_row = db
            .store()
            .product_policy(&reader(*t), POLICY, row)
            .await
            .unwrap();
        assert_eq!(final_row.version, ROUNDS as i64);
        assert_eq!(Some(final_row.value), changes[ROUNDS - 1].entry.new_value);
    }
    for &t in &tenants {
        // The batches' first items were rolled back with them.
        let pbi = db
            .store()
            .product_policy(&reader(t), POLICY, &product(POWER_BI_PRO))
            .await
            .unwrap();
        assert_eq!((pbi.value, pbi.version), (PolicyValue::Enabled, 0));
        // Nothing else reached the journal.
        let expected_entries: usize = outcomes
            .iter()
            .filter(|(tt, ..)| *tt == t)
            .flat_map(|(.., expected)| expected)
            .filter(|(_, e)| *e != Expect::Nothing)
            .count();
        assert_eq!(journals[&t].len(), expected_entries);
    }
    if let Some((groups, writes)) = db.group_commit_stats() {
        let (groups, writes) = (groups - groups_before, writes - writes_before);
        // Every write of the story went through the writer, the 404s too.
        assert_eq!(writes, (WRITERS * ROUNDS * 2) as u64);
        // Writes really did share transactions (on average several per group).
        assert!(groups * 4 <= writes, "{groups} groups for {writes} writes");
        eprintln!("group commit: {writes} writes in {groups} groups");
    }
}

/// Directory and catalog writes (on SQLite: the writer pool's connection, beside the writer
/// thread's, the two waiting for each other on SQLite's lock) while 32 writers keep the
/// journaled writes committing: every one of them goes through, and so do the policy writes.
async fn directory_writes_go_through_while_groups_commit(db: Db) {
    const POLICY_WRITERS: usize = 32;
    const ROUNDS: usize = 15;
    let store = db.shared();
    let tenants: Vec<TenantId> = (0..4).map(|_| new_tenant()).collect();
    let rows: Vec<ProductId> = Catalog::builtin()
        .unwrap()
        .products
        .iter()
        .map(|p| p.id.clone())
        .take(POLICY_WRITERS / tenants.len())
        .collect();
    let stop = Arc::new(AtomicBool::new(false));
    // How many policy writes have committed, watched rather than polled.
    let (changes, counted) = tokio::sync::watch::channel(0usize);
    let changes = Arc::new(changes);
    let mut writers = Vec::new();
    for w in 0..POLICY_WRITERS {
        let (store, stop, changes) = (store.clone(), stop.clone(), changes.clone());
        let (t, row) = (tenants[w % tenants.len()], rows[w / tenants.len()].clone());
        writers.push(tokio::spawn(async move {
            let mut value = PolicyValue::Enabled;
            while !stop.load(Ordering::Relaxed) {
                value = flip(value);
                store
                    .set_product_policy(&writer(t), POLICY, &row, value, None, &ctx(T0))
                    .await
                    .unwrap_or_else(|e| panic!("policy writer {w}: {e:?}"));
                changes.send_modify(|n| *n += 1);
            }
        }));
    }
    // Let the writers get going.
    let mut counted = counted;
    counted.wait_for(|n| *n >= POLICY_WRITERS).await.unwrap();

    let mut slowest = Duration::ZERO;
    for round in 0..ROUNDS {
        let started = Instant::now();
        let at = time::macros::datetime!(2026-03-01 09:30:00.123456 UTC);
        let tenant = TenantRecord {
            id: new_tenant(),
            domain: None,
            display_name: format!("Tenant {round}"),
            created_at: at,
        };
        store.create_tenant(&tenant).await.unwrap();
        let upn = format!("user{round}@{}.example", tenant.id);
        let user = UserRecord {
            tenant: tenant.id,
            oid: Uuid::new_v4(),
            upn: upn.clone(),
            display_name: format!("User {round}"),
            password_hash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2g".into(),
            roles: vec![],
            enabled: true,
            created_at: at,
        };
        store.create_user(&user).await.unwrap();
        store
            .set_user_roles(&upn, &[mscommerce_proto::roles::GLOBAL_READER.into()])
            .await
            .unwrap();
        let token = RefreshTokenRecord {
            token_hash: format!("hash-{round}-{}", Uuid::new_v4()),
            tenant: tenant.id,
            user_oid: user.oid,
            client_id: mscommerce_proto::PUBLIC_CLIENT_ID.into(),
            scope: mscommerce_proto::RESOURCE_DEFAULT_SCOPE.into(),
            issued_at: at,
            expires_at: at + time::Duration::days(90),
            family: Some(Uuid::new_v4()),
        };
        store.store_refresh_token(&token).await.unwrap();
        let taken = store
            .take_refresh_token(&token.token_hash, at, time::Duration::ZERO)
            .await
            .unwrap();
        assert_eq!(taken, mscommerce_store::RefreshRedemption::Redeemed(token));
        store
            .catalog_rename(&rows[0], &format!("Renamed {round}"))
            .await
            .unwrap();
        slowest = slowest.max(started.elapsed());
        // The new tenant's policies were materialized with it, beside the policy writes.
        let r = store
            .product_policy(&reader(tenant.id), POLICY, &rows[0])
            .await
            .unwrap();
        assert_eq!((r.version, r.product_name), (0, format!("Renamed {round}")));
    }
    // The policy writes kept committing after the directory writes.
    let before = *counted.borrow_and_update();
    tokio::time::timeout(Duration::from_secs(30), counted.wait_for(|n| *n > before))
        .await
        .expect("the policy writes kept committing")
        .unwrap();
    stop.store(true, Ordering::Relaxed);
    for w in writers {
        w.await.unwrap();
    }
    for &t in &tenants {
        verify_chain(&db.store().journal(t).await.unwrap());
    }
    eprintln!("slowest round of six directory and catalog writes under load: {slowest:?}");
    if matches!(db.backend(), Backend::Sqlite) {
        // Tens of milliseconds when the two write connections take turns; seconds when the
        // directory's writer has to catch a gap between groups by polling SQLite's lock.
        assert!(
            slowest < Duration::from_secs(1),
            "directory writes waited {slowest:?} for the groups"
        );
    }
}
