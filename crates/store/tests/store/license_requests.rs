//! License requests: filed by users, read by their requester or by those who decide, decided
//! once and journaled, expired after a year, refused under a tenant's own process.

use mscommerce_domain::license_request::{LicenseRequestStatus, RequestDecision};
use mscommerce_domain::{AuditTarget, Principal, PrincipalKind, Refusal, RequestReader};
use mscommerce_proto::license::{LicenseRequestSettings, RequestProcess};
use mscommerce_store::{LicenseRequestQuery, NewLicenseRequest, StoreError};
use time::Duration;
use uuid::Uuid;

use crate::harness::*;

stories!(
    requests_are_filed_read_and_decided_once,
    a_custom_process_refuses_requests_here,
);

fn user(tenant: mscommerce_domain::TenantId, upn: &str) -> Principal {
    Principal {
        tenant,
        kind: PrincipalKind::User {
            oid: Uuid::new_v4(),
            upn: Some(upn.into()),
            wids: vec![],
            scopes: vec![mscommerce_proto::SCOPE_ACCESS_AS_USER.into()],
        },
    }
}

fn new_request(product: &str, at: time::OffsetDateTime) -> NewLicenseRequest {
    NewLicenseRequest {
        id: Uuid::now_v7(),
        at,
        product: crate::harness::product(product),
        message: Some("For the Q1 plan.".into()),
    }
}

fn all(limit: u32) -> LicenseRequestQuery {
    LicenseRequestQuery {
        limit,
        ..Default::default()
    }
}

async fn requests_are_filed_read_and_decided_once(db: Db) {
    let s = db.store();
    let t = new_tenant();
    let (alice, bob) = (
        user(t, "alice@contoso.example"),
        user(t, "bob@contoso.example"),
    );
    let a = alice.request_license().unwrap();
    let b = bob.request_license().unwrap();
    let filed = s
        .file_license_request(&a, POLICY, &new_request(POWER_BI_PRO_LEGACY, T0))
        .await
        .unwrap();
    assert_eq!(
        filed.product_id.as_str(),
        POWER_BI_PRO,
        "a legacy id names its product"
    );
    assert_eq!(filed.status(T0), LicenseRequestStatus::Pending);
    // The same again while it is pending: refused, naming the pending one.
    let again = s
        .file_license_request(&a, POLICY, &new_request(POWER_BI_PRO, T0))
        .await
        .unwrap_err();
    assert!(
        matches!(again, StoreError::Refused(Refusal::RequestPending { id }) if id == filed.id),
        "{again:?}"
    );
    let bobs = s
        .file_license_request(
            &b,
            POLICY,
            &new_request(VISIO_PLAN_1, T0 + Duration::seconds(1)),
        )
        .await
        .unwrap();

    // Each requester sees their own; those who decide see both, newest first.
    let own = |p: &Principal| p.read_license_requests().unwrap();
    let seen = s
        .license_requests(&own(&alice), &all(10), T0)
        .await
        .unwrap();
    assert_eq!(seen.iter().map(|r| r.id).collect::<Vec<_>>(), [filed.id]);
    assert!(
        s.license_request(&own(&bob), filed.id)
            .await
            .unwrap()
            .is_none()
    );
    let everyone = RequestReader::All(t);
    let seen = s.license_requests(&everyone, &all(10), T0).await.unwrap();
    assert_eq!(
        seen.iter().map(|r| r.id).collect::<Vec<_>>(),
        [bobs.id, filed.id]
    );

    // One admin approves Alice's, another denies Bob's; neither can be decided again.
    let decider = admin(t).decide_license_requests().unwrap();
    let at = T0 + Duration::minutes(5);
    let approved = s
        .decide_license_request(
            &decider,
            filed.id,
            RequestDecision::Approve,
            Some("Assigned.".into()),
            &ctx(at),
        )
        .await
        .unwrap();
    assert_eq!(approved.status(at), LicenseRequestStatus::Approved);
    assert_eq!(approved.decision_message.as_deref(), Some("Assigned."));
    s.decide_license_request(&decider, bobs.id, RequestDecision::Deny, None, &ctx(at))
        .await
        .unwrap();
    let twice = s
        .decide_license_request(&decider, filed.id, RequestDecision::Deny, None, &ctx(at))
        .await
        .unwrap_err();
    assert!(
        matches!(
            twice,
            StoreError::Refused(Refusal::RequestNotPending(LicenseRequestStatus::Approved))
        ),
        "{twice:?}"
    );
    // Another tenant's admin finds nothing to decide.
    let elsewhere = admin(new_tenant()).decide_license_requests().unwrap();
    let e = s
        .decide_license_request(&elsewhere, filed.id, RequestDecision::Deny, None, &ctx(at))
        .await
        .unwrap_err();
    assert!(matches!(e, StoreError::NotFound), "{e:?}");

    // Filtered by status; each decision is in the journal, chained.
    let by = |status| LicenseRequestQuery {
        status: Some(status),
        limit: 10,
        ..Default::default()
    };
    let denied = s
        .license_requests(&everyone, &by(LicenseRequestStatus::Denied), at)
        .await
        .unwrap();
    assert_eq!(denied.iter().map(|r| r.id).collect::<Vec<_>>(), [bobs.id]);
    let journal = s.journal(t).await.unwrap();
    verify_chain(&journal);
    let decisions: Vec<_> = journal
        .iter()
        .filter_map(|r| match r.entry.target {
            AuditTarget::LicenseRequest(id) => Some((id, r.entry.reason.clone().unwrap())),
            _ => None,
        })
        .collect();
    assert_eq!(
        decisions,
        [
            (filed.id, "Approved".to_owned()),
            (bobs.id, "Denied".to_owned())
        ]
    );

    // A year on, an undecided request has expired and cannot be decided.
    let carol = user(t, "carol@contoso.example").request_license().unwrap();
    let late = s
        .file_license_request(&carol, POLICY, &new_request(VISIO_PLAN_1, at))
        .await
        .unwrap();
    let year = at + Duration::days(365);
    let expired = s
        .license_requests(&everyone, &by(LicenseRequestStatus::Expired), year)
        .await
        .unwrap();
    assert_eq!(expired.iter().map(|r| r.id).collect::<Vec<_>>(), [late.id]);
    let e = s
        .decide_license_request(
            &decider,
            late.id,
            RequestDecision::Approve,
            None,
            &ctx(year),
        )
        .await
        .unwrap_err();
    assert!(
        matches!(
            e,
            StoreError::Refused(Refusal::RequestNotPending(LicenseRequestStatus::Expired))
        ),
        "{e:?}"
    );
}

async fn a_custom_process_refuses_requests_here(db: Db) {
    let s = db.store();
    let t = new_tenant();
    assert_eq!(s.license_request_settings(t).await.unwrap(), None);
    let custom = LicenseRequestSettings {
        process: RequestProcess::Custom,
        message: Some("Ask the service desk.".into()),
        url: Some("https://it.contoso.example/licenses".into()),
    };
    s.set_license_request_settings(&writer(t), &custom, T0)
        .await
        .unwrap();
    assert_eq!(
        s.license_request_settings(t).await.unwrap(),
        Some(custom.clone())
    );
    let alice = user(t, "alice@contoso.example").request_license().unwrap();
    let e = s
        .file_license_request(&alice, POLICY, &new_request(POWER_BI_PRO, T0))
        .await
        .unwrap_err();
    assert!(
        matches!(&e, StoreError::Refused(Refusal::CustomRequestProcess { url: Some(u), .. }) if u == "https://it.contoso.example/licenses"),
        "{e:?}"
    );
    let built_in = LicenseRequestSettings {
        process: RequestProcess::BuiltIn,
        message: None,
        url: None,
    };
    s.set_license_request_settings(&writer(t), &built_in, T0)
        .await
        .unwrap();
    s.file_license_request(&alice, POLICY, &new_request(POWER_BI_PRO, T0))
        .await
        .unwrap();
}
