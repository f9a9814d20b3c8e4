//! Batches: all in one transaction or nothing, each item under the single write's rules, one
//! journal entry per target changed, the first refusal named and (where a single write would
//! journal it) journaled alone.

use std::sync::Arc;

use mscommerce_domain::{AuditResult, AuditTarget, CatalogProduct, IfMatch, PolicyValue};
use mscommerce_store::{
    Batch, BatchChange, BatchOutcome, BatchTarget, DefaultChange, Refusal, Store, StoreError,
};

use crate::harness::*;

stories!(
    a_batch_applies_every_item_in_one_transaction,
    one_refused_item_changes_nothing,
    concurrent_batches_with_the_same_if_match_one_wins,
);

fn p(id: &str, value: PolicyValue, m: Option<IfMatch>) -> BatchChange {
    BatchChange {
        target: BatchTarget::Product(product(id)),
        value,
        if_match: m,
    }
}

fn o(id: &str, value: PolicyValue) -> BatchChange {
    BatchChange {
        target: BatchTarget::OfferType(offer_type(id)),
        value,
        if_match: None,
    }
}

type Check = fn(&StoreError) -> bool;

fn items(items: Vec<BatchChange>) -> Batch {
    Batch {
        default: None,
        items,
    }
}

/// Dynamics 365 Marketing: no trial without payment method.
const DYNAMICS: &str = "CFQ7TTC0LH3N";

async fn a_batch_applies_every_item_in_one_transaction(db: Db) {
    let s = db.store();
    let t = new_tenant();
    let visio = s
        .product_policy(&reader(t), POLICY, &product(VISIO_PLAN_1))
        .await
        .unwrap();
    let c = ctx(T0);
    let batch = Batch {
        default: Some(DefaultChange {
            value: PolicyValue::Disabled,
            if_match: None,
        }),
        items: vec![
            // A legacy id acts on its current product.
            p(POWER_BI_PRO_LEGACY, PolicyValue::Disabled, None),
            // Offer types match case-insensitively.
            o("saas", PolicyValue::Disabled),
            // Already in place: succeeds, changes nothing.
            p(DYNAMICS, PolicyValue::Enabled, None),
            p(
                VISIO_PLAN_1,
                PolicyValue::OnlyTrialsWithoutPaymentMethod,
                Some(if_match(&visio.etag)),
            ),
        ],
    };
    let r = s.apply_batch(&writer(t), POLICY, &batch, &c).await.unwrap();

    let (default, default_changed) = r.default.clone().unwrap();
    assert_eq!(
        (default.default_value, default.version, default_changed),
        (PolicyValue::Disabled, 1, true)
    );
    assert_eq!(r.items.len(), 4);
    let summary: Vec<_> = r
        .items
        .iter()
        .map(|o| match o {
            BatchOutcome::Product { record, changed } => (
                record.product_id.to_string(),
                record.value,
                record.version,
                *changed,
            ),
            BatchOutcome::OfferType { record, changed } => (
                record.offer_type.to_string(),
                record.value,
                record.version,
                *changed,
            ),
        })
        .collect();
    assert_eq!(
        summary,
        [
            (POWER_BI_PRO.to_owned(), PolicyValue::Disabled, 1, true),
            ("SaaS".to_owned(), PolicyValue::Disabled, 1, true),
            (DYNAMICS.to_owned(), PolicyValue::Enabled, 0, false),
            (
                VISIO_PLAN_1.to_owned(),
                PolicyValue::OnlyTrialsWithoutPaymentMethod,
                1,
                true
            ),
        ]
    );
    // What the batch answers is what a read answers (ETags included).
    for o in &r.items {
        match o {
            BatchOutcome::Product { record, .. } => assert_eq!(
                &s.product_policy(&reader(t), POLICY, &record.product_id)
                    .await
                    .unwrap(),
                record
            ),
            BatchOutcome::OfferType { record, .. } => assert_eq!(
                &s.offer_type_policy(&reader(t), POLICY, &record.offer_type)
                    .await
                    .unwrap(),
                record
            ),
        }
    }
    assert_eq!(s.policy(&reader(t), POLICY).await.unwrap(), default);

    // One entry per target changed, in order, the first with the caller's id.
    let j = s.journal(t).await.unwrap();
    verify_chain(&j);
    let targets: Vec<_> = j.iter().map(|r| r.entry.target.clone()).collect();
    assert_eq!(
        targets,
        [
            AuditTarget::Default,
            AuditTarget::Product(product(POWER_BI_PRO)),
            AuditTarget::OfferType(offer_type("SaaS")),
            AuditTarget::Product(product(VISIO_PLAN_1)),
        ]
    );
    assert_eq!(j[0].entry.id, c.audit_id);
    let mut ids: Vec<_> = j.iter().map(|r| r.entry.id).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 4, "entry ids are unique");
    assert!(j.iter().all(|r| r.entry.result == AuditResult::Succeeded
        && r.entry.ids == c.ids
        && r.entry.at == T0.replace_nanosecond(123_456_000).unwrap()));

    // The same batch again changes nothing and journals nothing.
    let again = s
        .apply_batch(&writer(t), POLICY, &batch, &ctx(T0))
        .await
        .unwrap();
    assert!(again.items.iter().all(|o| matches!(
        o,
        BatchOutcome::Product { changed: false, .. }
            | BatchOutcome::OfferType { changed: false, .. }
    )));
    assert!(!again.default.unwrap().1);
    assert_eq!(s.journal(t).await.unwrap().len(), 4);

    // An empty batch is a no-op.
    let empty = s
        .apply_batch(&writer(t), POLICY, &Batch::default(), &ctx(T0))
        .await
        .unwrap();
    assert!(empty.items.is_empty() && empty.default.is_none());
}

async fn one_refused_item_changes_nothing(db: Db) {
    let s = db.store();
    let t = new_tenant();
    // A retired product for the frozen case.
    s.catalog_add(&CatalogProduct {
        id: product("CFQ7TTC0OLD9"),
        name: "Old".into(),
        legacy_ids: vec![],
        trial_without_payment_method: false,
    })
    .await
    .unwrap();
    s.catalog_retire(&product("CFQ7TTC0OLD9")).await.unwrap();

    // Unknown targets and duplicates are refused before anything is written: not journaled, and
    // an unseen tenant stays unseen.
    let cases: Vec<(Batch, usize, Check)> = vec![
        (
            items(vec![
                p(POWER_BI_PRO, PolicyValue::Disabled, None),
                p("NOSUCHPRODUCT", PolicyValue::Disabled, None),
            ]),
            1,
            |e| matches!(e, StoreError::NotFound),
        ),
        (
            items(vec![
                p(POWER_BI_PRO, PolicyValue::Disabled, None),
                o("NoSuchType", PolicyValue::Disabled),
            ]),
            1,
            |e| matches!(e, StoreError::NotFound),
        ),
        (
            items(vec![
                o("SaaS", PolicyValue::Disabled),
                p(POWER_BI_PRO, PolicyValue::Disabled, None),
                p(POWER_BI_PRO_LEGACY, PolicyValue::Enabled, None),
            ]),
            2,
            |e| matches!(e, StoreError::Refused(Refusal::Duplicate { first: 1 })),
        ),
    ];
    for (batch, index, check) in cases {
        match s.apply_batch(&writer(t), POLICY, &batch, &ctx(T0)).await {
            Err(StoreError::Item { index: i, error }) => {
                assert_eq!(i, index);
                assert!(check(&error), "{error:?}");
            }
            other => panic!("expected item {index} refused, got {other:?}"),
        }
    }
    assert!(s.journal(t).await.unwrap().is_empty());
    assert!(s.find_tenant(&t.to_string()).await.unwrap().is_none());

    // Refusals a single write journals: the batch leaves that one entry and nothing else.
    let before = s.product_policies(&reader(t), POLICY).await.unwrap();
    let stale = s
        .product_policy(&reader(t), POLICY, &product(VISIO_PLAN_1))
        .await
        .unwrap()
        .etag;
    set(s, t, VISIO_PLAN_1, PolicyValue::Disabled).await;
    let before = {
        let mut b = before;
        for r in &mut b {
            if r.product_id.as_str() == VISIO_PLAN_1 {
                *r = s
                    .product_policy(&reader(t), POLICY, &r.product_id)
                    .await
                    .unwrap();
            }
        }
        b
    };
    let offer_types_before = s.offer_type_policies(&reader(t), POLICY).await.unwrap();
    let policy_before = s.policy(&reader(t), POLICY).await.unwrap();
    let journal_before = s.journal(t).await.unwrap().len();

    let refusals: Vec<(Batch, Option<usize>, &str, AuditTarget, Check)> = vec![
        (
            items(vec![
                p(POWER_BI_PRO, PolicyValue::Disabled, None),
                o("SaaS", PolicyValue::Disabled),
                p(DYNAMICS, PolicyValue::OnlyTrialsWithoutPaymentMethod, None),
            ]),
            Some(2),
            "BadRequest",
            AuditTarget::Product(product(DYNAMICS)),
            |e| matches!(e, StoreError::Refused(Refusal::ValueNotAllowed { .. })),
        ),
        (
            items(vec![
                p(POWER_BI_PRO, PolicyValue::Disabled, None),
                p(
                    VISIO_PLAN_1,
                    PolicyValue::OnlyTrialsWithoutPaymentMethod,
                    Some(if_match(&stale)),
                ),
            ]),
            Some(1),
            "PreconditionFailed",
            AuditTarget::Product(product(VISIO_PLAN_1)),
            |e| matches!(e, StoreError::Refused(Refusal::PreconditionFailed { .. })),
        ),
        (
            items(vec![
                p(POWER_BI_PRO, PolicyValue::Disabled, None),
                o("SaaS", PolicyValue::OnlyTrialsWithoutPaymentMethod),
            ]),
            Some(1),
            "BadRequest",
            AuditTarget::OfferType(offer_type("SaaS")),
            |e| matches!(e, StoreError::Refused(Refusal::ValueNotAllowed { .. })),
        ),
        (
            items(vec![
                p(POWER_BI_PRO, PolicyValue::Disabled, None),
                p("CFQ7TTC0OLD9", PolicyValue::Disabled, None),
            ]),
            Some(1),
            "ProductRetired",
            AuditTarget::Product(product("CFQ7TTC0OLD9")),
            |e| matches!(e, StoreError::Refused(Refusal::Retired { .. })),
        ),
        (
            Batch {
                default: Some(DefaultChange {
                    value: PolicyValue::Disabled,
                    if_match: Some(if_match(&mscommerce_store::policy_etag(t, POLICY, 7))),
                }),
                items: vec![p(POWER_BI_PRO, PolicyValue::Disabled, None)],
            },
            None,
            "PreconditionFailed",
            AuditTarget::Default,
            |e| matches!(e, StoreError::Refused(Refusal::PreconditionFailed { .. })),
        ),
    ];
    for (n, (batch, index, reason, target, check)) in refusals.into_iter().enumerate() {
        let c = ctx(T0);
        let err = s
            .apply_batch(&writer(t), POLICY, &batch, &c)
            .await
            .unwrap_err();
        let inner = match (err, index) {
            (StoreError::Item { index: i, error }, Some(want)) => {
                assert_eq!(i, want);
                *error
            }
            (StoreError::Default(error), None) => *error,
            (other, _) => panic!("case {n}: {other:?}"),
        };
        assert!(check(&inner), "case {n}: {inner:?}");
        // Nothing changed...
        assert_eq!(
            s.product_policies(&reader(t), POLICY).await.unwrap(),
            before,
            "case {n}"
        );
        assert_eq!(
            s.offer_type_policies(&reader(t), POLICY).await.unwrap(),
            offer_types_before
        );
        assert_eq!(s.policy(&reader(t), POLICY).await.unwrap(), policy_before);
        // ...and the refusal is the one entry the batch left.
        let j = s.journal(t).await.unwrap();
        verify_chain(&j);
        assert_eq!(j.len(), journal_before + n + 1, "case {n}");
        let last = &j.last().unwrap().entry;
        assert_eq!(last.result, AuditResult::Failed);
        assert_eq!(last.reason.as_deref(), Some(reason));
        assert_eq!(last.target, target);
        assert_eq!(last.id, c.audit_id);
    }
}

async fn concurrent_batches_with_the_same_if_match_one_wins(db: Db) {
    let t = new_tenant();
    let grant = writer(t);
    let r0 = |id: &'static str| {
        let s = db.store();
        async move {
            s.product_policy(&reader(t), POLICY, &product(id))
                .await
                .unwrap()
        }
    };
    let (a0, b0) = (r0(POWER_BI_PRO).await, r0(VISIO_PLAN_1).await);
    let handles: [Arc<dyn Store>; 2] = [db.shared(), db.another_handle().await];
    // Every batch changes both rows (both start Enabled): a batch that left one row alone
    // would leave its `ifMatch` fresh, and a later batch could then rightly change that row.
    let values = [
        (PolicyValue::Disabled, PolicyValue::Disabled),
        (
            PolicyValue::Disabled,
            PolicyValue::OnlyTrialsWithoutPaymentMethod,
        ),
    ];
    let mut tasks = Vec::new();
    for i in 0..8 {
        let store = handles[i % 2].clone();
        let grant = grant.clone();
        let (va, vb) = values[i % values.len()];
        let batch = items(vec![
            p(POWER_BI_PRO, va, Some(if_match(&a0.etag))),
            p(VISIO_PLAN_1, vb, Some(if_match(&b0.etag))),
        ]);
        tasks.push(tokio::spawn(async move {
            let c = ctx(T0);
            let r = store.apply_batch(&grant, POLICY, &batch, &c).await;
            (c.ids.request_id, (va, vb), r)
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
    assert!(
        !wins.is_empty(),
        "no batch won: {:?}",
        outcomes
            .iter()
            .map(|(_, _, r)| r.as_ref().err().map(ToString::to_string))
            .collect::<Vec<_>>()
    );
    let winner = wins[0].entry.ids.request_id.clone();
    assert!(
        wins.iter().all(|r| r.entry.ids.request_id == winner),
        "one batch changed rows"
    );
    let final_a = r0(POWER_BI_PRO).await;
    let final_b = r0(VISIO_PLAN_1).await;
    assert!(final_a.version <= 1 && final_b.version <= 1);
    for (request_id, (va, vb), r) in outcomes {
        match r {
            Ok(_) => assert!(
                request_id == winner || (va == final_a.value && vb == final_b.value),
                "a loser succeeded only when the winner's values were its own"
            ),
            Err(StoreError::Item { error, .. }) => {
                assert!(
                    matches!(
                        *error,
                        StoreError::Refused(Refusal::PreconditionFailed { .. })
                    ),
                    "{error:?}"
                );
                assert_ne!(request_id, winner);
            }
            Err(other) => panic!("{other:?}"),
        }
    }
}
