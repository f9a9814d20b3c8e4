//! Change notices: what a write tells caches, on this handle and (PostgreSQL) on another
//! replica's.

use std::collections::HashSet;
use std::time::Duration;

use mscommerce_domain::{AuditEntry, AuditResult, AuditTarget, PolicyValue, RequestIds};
use mscommerce_store::{Batch, BatchChange, BatchTarget, ChangeNotice};
use tokio::sync::broadcast::Receiver;
use tokio::sync::broadcast::error::TryRecvError;
use uuid::Uuid;

use crate::harness::*;

stories!(
    changes_and_catalog_operations_are_noticed,
    a_replica_that_loses_its_listener_hears_everything_then_listens_again,
);

/// How long a notice may take to cross from one replica to another in a test.
const DELIVERY: Duration = Duration::from_secs(10);

/// Waits for `wanted`, collecting whatever arrives before it.
async fn wait_for(rx: &mut Receiver<ChangeNotice>, wanted: ChangeNotice) -> Vec<ChangeNotice> {
    let mut seen = Vec::new();
    let found = tokio::time::timeout(DELIVERY, async {
        loop {
            let n = rx.recv().await.unwrap();
            seen.push(n);
            if n == wanted {
                return;
            }
        }
    })
    .await;
    assert!(
        found.is_ok(),
        "no {wanted:?} within {DELIVERY:?}; saw {seen:?}"
    );
    seen
}

/// What has arrived so far, without waiting.
fn drain(rx: &mut Receiver<ChangeNotice>) -> HashSet<ChangeNotice> {
    let mut seen = HashSet::new();
    loop {
        match rx.try_recv() {
            Ok(n) => {
                seen.insert(n);
            }
            Err(TryRecvError::Empty) => return seen,
            Err(e) => panic!("{e:?}"),
        }
    }
}

fn refusal(t: mscommerce_domain::TenantId) -> AuditEntry {
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
        target: AuditTarget::Default,
        old_value: None,
        new_value: None,
        result: AuditResult::Failed,
        reason: Some("Forbidden".into()),
        ids: RequestIds {
            request_id: "r".into(),
            correlation_id: None,
            client_request_id: None,
            client_address: None,
            user_agent: None,
        },
    }
}

async fn changes_and_catalog_operations_are_noticed(db: Db) {
    let s = db.store();
    let replica = db.another_handle().await;
    let mut here = s.changes();
    let mut there = replica.changes();
    let (quiet, busy) = (new_tenant(), new_tenant());
    let pbi = product(POWER_BI_PRO);

    // What changes nothing a read answers says nothing: a refusal (only the journal grows), a
    // write of the value already in place, a refused batch, an unknown product.
    s.journal_refusal(&refusal(quiet)).await.unwrap();
    let r = s
        .set_product_policy(
            &writer(quiet),
            POLICY,
            &pbi,
            PolicyValue::Enabled,
            None,
            &ctx(T0),
        )
        .await
        .unwrap();
    assert_eq!(r.version, 0);
    let refused = Batch {
        default: None,
        items: vec![
            BatchChange {
                target: BatchTarget::Product(pbi.clone()),
                value: PolicyValue::Disabled,
                if_match: None,
            },
            BatchChange {
                target: BatchTarget::Product(product(VISIO_PLAN_1)),
                value: PolicyValue::Disabled,
                if_match: Some(if_match(&mscommerce_domain::ETag::derive(&["x"], 9))),
            },
        ],
    };
    assert!(
        s.apply_batch(&writer(quiet), POLICY, &refused, &ctx(T0))
            .await
            .is_err()
    );
    assert!(
        s.set_product_policy(
            &writer(quiet),
            POLICY,
            &product("CFQ7TTC0ZZZZ"),
            PolicyValue::Disabled,
            None,
            &ctx(T0)
        )
        .await
        .is_err()
    );

    // A change is noticed here at once (sent after the commit, before the call returns)...
    s.set_product_policy(
        &writer(busy),
        POLICY,
        &pbi,
        PolicyValue::Disabled,
        None,
        &ctx(T0),
    )
    .await
    .unwrap();
    assert!(drain(&mut here).contains(&ChangeNotice::Tenant(busy)));
    // ...and so are a batch, the default, an offer type.
    let batch = Batch {
        default: None,
        items: vec![BatchChange {
            target: BatchTarget::OfferType(offer_type("SaaS")),
            value: PolicyValue::Disabled,
            if_match: None,
        }],
    };
    s.apply_batch(&writer(busy), POLICY, &batch, &ctx(T0))
        .await
        .unwrap();
    assert!(drain(&mut here).contains(&ChangeNotice::Tenant(busy)));
    s.set_default_value(&writer(busy), POLICY, PolicyValue::Disabled, None, &ctx(T0))
        .await
        .unwrap();
    assert!(drain(&mut here).contains(&ChangeNotice::Tenant(busy)));
    s.set_offer_type_policy(
        &writer(busy),
        POLICY,
        &offer_type("SaaS"),
        PolicyValue::Enabled,
        None,
        &ctx(T0),
    )
    .await
    .unwrap();
    assert!(drain(&mut here).contains(&ChangeNotice::Tenant(busy)));

    // Catalog operations.
    s.catalog_rename(&pbi, "Power BI Pro (renamed)")
        .await
        .unwrap();
    assert!(drain(&mut here).contains(&ChangeNotice::Catalog));
    s.catalog_retire(&product(VISIO_PLAN_1)).await.unwrap();
    assert!(drain(&mut here).contains(&ChangeNotice::Catalog));

    match db.backend() {
        // Another replica hears every change through the database...
        Backend::Postgres => {
            let seen: HashSet<_> = wait_for(&mut there, ChangeNotice::Catalog)
                .await
                .into_iter()
                .collect();
            assert!(seen.contains(&ChangeNotice::Tenant(busy)), "{seen:?}");
        }
        // ...while another process on a SQLite file cannot (its caches rely on their TTL):
        // its receiver is fed by its own writes only, so what it holds now is all it will get.
        Backend::Sqlite => assert!(drain(&mut there).is_empty()),
    }
    // Nothing about the quiet tenant, anywhere, ever: a last change, heard by every receiver
    // that hears anything, closes the stream (notices arrive in commit order).
    s.catalog_rename(&pbi, "Power BI Pro").await.unwrap();
    let mut streams = vec![&mut here];
    if matches!(db.backend(), Backend::Postgres) {
        streams.push(&mut there);
    }
    for rx in streams {
        let rest = wait_for(rx, ChangeNotice::Catalog).await;
        assert!(!rest.contains(&ChangeNotice::Tenant(quiet)), "{rest:?}");
    }
}

async fn a_replica_that_loses_its_listener_hears_everything_then_listens_again(db: Db) {
    if !matches!(db.backend(), Backend::Postgres) {
        return; // No listener: SQLite's notices never leave the process.
    }
    let replica = db.another_handle().await;
    let mut there = replica.changes();
    // Every listener of this database (both handles') is cut off, as by a network failure or
    // a restart of the server.
    let cut = db
        .raw(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity
             WHERE application_name = 'mscommerce-listener' AND datname = current_database()",
        )
        .await
        .unwrap();
    assert!(cut >= 1, "the listeners were found");
    wait_for(&mut there, ChangeNotice::Everything).await;
    // Listening again: a later change is heard.
    let t = new_tenant();
    set(db.store(), t, POWER_BI_PRO, PolicyValue::Disabled).await;
    wait_for(&mut there, ChangeNotice::Tenant(t)).await;
}
