//! Concurrent writers: per-tenant serialization, no lost updates, a gapless chain.

use std::sync::Arc;

use mscommerce_domain::{AuditResult, PolicyValue};
use mscommerce_store::{Refusal, Store, StoreError};

use crate::harness::*;

stories!(
    concurrent_writers_with_the_same_if_match_one_wins,
    concurrent_writers_without_if_match_lose_nothing,
);

const TASKS: usize = 20;

/// Half the tasks go through a second handle (another process on the SQLite file, another
/// replica on PostgreSQL).
async fn handles(db: &Db) -> [Arc<dyn Store>; 2] {
    [db.shared(), db.another_handle().await]
}

async fn concurrent_writers_with_the_same_if_match_one_wins(db: Db) {
    let t = new_tenant();
    let visio = product(VISIO_PLAN_1);
    // Never seen: every task starts from the version-0 tag and races to materialize it too.
    let r0 = db
        .store()
        .product_policy(&reader(t), POLICY, &visio)
        .await
        .unwrap();
    let stale = if_match(&r0.etag);
    let handles = handles(&db).await;

    let mut tasks = Vec::new();
    for i in 0..TASKS {
        let store = handles[i % 2].clone();
        let (visio, m) = (visio.clone(), stale.clone());
        let value = if i % 2 == 0 {
            PolicyValue::Disabled
        } else {
            PolicyValue::OnlyTrialsWithoutPaymentMethod
        };
        tasks.push(tokio::spawn(async move {
            let r = store
                .set_product_policy(&writer(t), POLICY, &visio, value, Some(&m), &ctx(T0))
                .await;
            (value, r)
        }));
    }
    let mut outcomes = Vec::new();
    for task in tasks {
        outcomes.push(task.await.unwrap());
    }

    let j = db.store().journal(t).await.unwrap();
    verify_chain(&j);
    let wins: Vec<_> = j
        .iter()
        .filter(|r| r.entry.result == AuditResult::Succeeded)
        .collect();
    assert_eq!(wins.len(), 1, "exactly one writer changes the row");
    let winner = wins[0].entry.new_value.unwrap();

    let final_row = db
        .store()
        .product_policy(&reader(t), POLICY, &visio)
        .await
        .unwrap();
    assert_eq!((final_row.value, final_row.version), (winner, 1));

    let mut refused = 0;
    for (value, r) in outcomes {
        match r {
            // The winner, and every writer of the same value after it (already in place).
            Ok(rec) => {
                assert_eq!(value, winner);
                assert_eq!(rec, final_row);
            }
            Err(StoreError::Refused(Refusal::PreconditionFailed { current })) => {
                assert_ne!(value, winner);
                assert_eq!(current, final_row.etag);
                refused += 1;
            }
            Err(other) => panic!("unexpected error {other:?}"),
        }
    }
    assert_eq!(refused, TASKS / 2);
    assert_eq!(
        j.iter()
            .filter(|r| r.entry.reason.as_deref() == Some("PreconditionFailed"))
            .count(),
        refused
    );
    assert_eq!(j.len(), 1 + refused);
}

async fn concurrent_writers_without_if_match_lose_nothing(db: Db) {
    // Two fresh tenants at once: their first writes also race to materialize them.
    let tenants = [new_tenant(), new_tenant()];
    let visio = product(VISIO_PLAN_1);
    let handles = handles(&db).await;
    let values = [
        PolicyValue::Disabled,
        PolicyValue::OnlyTrialsWithoutPaymentMethod,
        PolicyValue::Enabled,
    ];

    let mut tasks = Vec::new();
    for &t in &tenants {
        for i in 0..TASKS {
            let store = handles[i % 2].clone();
            let visio = visio.clone();
            let value = values[i % 3];
            tasks.push(tokio::spawn(async move {
                store
                    .set_product_policy(&writer(t), POLICY, &visio, value, None, &ctx(T0))
                    .await
            }));
        }
    }
    for task in tasks {
        let r = task.await.unwrap();
        assert!(r.is_ok(), "no writer fails: {r:?}");
    }

    for t in tenants {
        let j = db.store().journal(t).await.unwrap();
        verify_chain(&j);
        assert!(j.iter().all(|r| r.entry.result == AuditResult::Succeeded));
        // Every change starts from the previous one's value: nothing was lost.
        let mut value = PolicyValue::Enabled;
        for r in &j {
            assert_eq!(r.entry.old_value, Some(value));
            assert_ne!(r.entry.new_value, Some(value));
            value = r.entry.new_value.unwrap();
        }
        let row = db
            .store()
            .product_policy(&reader(t), POLICY, &visio)
            .await
            .unwrap();
        assert_eq!(row.value, value);
        assert_eq!(
            row.version,
            j.len() as i64,
            "one version per journaled change"
        );
        assert!(!j.is_empty());
        // Exactly one materialization per tenant.
        assert_eq!(
            db.raw(&format!(
                "UPDATE tenant_policies SET version = version WHERE tenant = {}",
                db.sql_tenant(t)
            ))
            .await
            .unwrap(),
            1
        );
    }
}
