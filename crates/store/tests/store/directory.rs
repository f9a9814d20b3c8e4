//! The built-in identity provider's directory: tenants, users, apps, device codes, refresh
//! tokens.

use mscommerce_domain::{Catalog, PolicyValue, TenantId};
use mscommerce_store::{
    AppRecord, DeviceCodeRecord, DeviceCodeState, DevicePoll, RefreshRedemption,
    RefreshTokenRecord, StoreError, TenantRecord, UserRecord,
};
use time::macros::datetime;
use time::{Duration, OffsetDateTime};
use uuid::Uuid;

use crate::harness::*;

stories!(
    tenants_crud_and_conflicts,
    users_crud_and_conflicts,
    apps_crud_and_conflicts,
    device_code_lifecycle,
    device_code_decline_expiry_and_reuse,
    refresh_tokens_are_single_use,
    replaying_a_spent_refresh_token_revokes_its_family,
    a_spent_refresh_token_is_honoured_within_the_grace,
    an_assertion_is_used_once_across_handles,
    short_lived_entries_are_shared_expire_and_are_taken_once,
    lockout_counters_are_shared_and_counted_under_concurrency,
);

/// Directory times at microsecond precision, so records round-trip exactly.
const AT: OffsetDateTime = datetime!(2026-03-01 09:30:00.123456 UTC);

fn tenant_record(domain: Option<&str>, name: &str) -> TenantRecord {
    TenantRecord {
        id: new_tenant(),
        domain: domain.map(|d| d.parse().unwrap()),
        display_name: name.into(),
        created_at: AT,
    }
}

fn user(tenant: TenantId, upn: &str) -> UserRecord {
    UserRecord {
        tenant,
        oid: Uuid::new_v4(),
        upn: upn.into(),
        display_name: format!("User {upn}"),
        password_hash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2g".into(),
        roles: vec![mscommerce_proto::roles::GLOBAL_ADMINISTRATOR.into()],
        enabled: true,
        created_at: AT,
    }
}

fn app(tenant: TenantId, client_id: &str) -> AppRecord {
    AppRecord {
        tenant,
        client_id: client_id.into(),
        oid: Uuid::new_v4(),
        display_name: format!("App {client_id}"),
        secret_hash: Some("$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$c2VjcmV0".into()),
        certificate_pem: None,
        permissions: vec![mscommerce_proto::roles::POLICY_READ.into()],
        redirect_uris: vec!["https://app.contoso.example/signin-oidc".into()],
        created_at: AT,
    }
}

async fn tenants_crud_and_conflicts(db: Db) {
    let s = db.store();
    let mut contoso = tenant_record(Some("contoso.example"), "Contoso");
    contoso.created_at = AT - Duration::days(1);
    let fabrikam = tenant_record(Some("fabrikam.example"), "Fabrikam");
    s.create_tenant(&contoso).await.unwrap();
    s.create_tenant(&fabrikam).await.unwrap();

    assert_eq!(
        s.find_tenant("Contoso.EXAMPLE").await.unwrap(),
        Some(contoso.clone())
    );
    assert_eq!(
        s.find_tenant(&contoso.id.to_string()).await.unwrap(),
        Some(contoso.clone())
    );
    assert_eq!(
        s.find_tenant(&contoso.id.to_string().to_uppercase())
            .await
            .unwrap(),
        Some(contoso.clone())
    );
    assert_eq!(s.find_tenant("nowhere.example").await.unwrap(), None);
    assert_eq!(
        s.find_tenant(&new_tenant().to_string()).await.unwrap(),
        None
    );

    // The same id, or the same domain: Conflict.
    let mut same_id = tenant_record(Some("other.example"), "Other");
    same_id.id = contoso.id;
    assert!(matches!(
        s.create_tenant(&same_id).await,
        Err(StoreError::Conflict(_))
    ));
    let same_domain = tenant_record(Some("contoso.example"), "Contoso again");
    assert!(matches!(
        s.create_tenant(&same_domain).await,
        Err(StoreError::Conflict(_))
    ));

    // Creating materializes the policy rows.
    let n = Catalog::builtin().unwrap().products.len() as u64;
    assert_eq!(
        db.raw(&format!(
            "UPDATE product_policies SET version = version WHERE tenant = {}",
            db.sql_tenant(fabrikam.id)
        ))
        .await
        .unwrap(),
        n
    );

    // A tenant first seen through a write is listed without a domain; creating it is a Conflict.
    let external = new_tenant();
    s.set_product_policy(
        &writer(external),
        POLICY,
        &product(POWER_BI_PRO),
        PolicyValue::Disabled,
        None,
        &ctx(AT + Duration::days(1)),
    )
    .await
    .unwrap();
    let listed = s.list_tenants().await.unwrap();
    assert_eq!(
        listed.iter().map(|t| t.id).collect::<Vec<_>>(),
        vec![contoso.id, fabrikam.id, external],
        "in order of creation"
    );
    assert_eq!(listed[2].domain, None);
    let mut claim = tenant_record(Some("external.example"), "External");
    claim.id = external;
    assert!(matches!(
        s.create_tenant(&claim).await,
        Err(StoreError::Conflict(_))
    ));
}

async fn users_crud_and_conflicts(db: Db) {
    let s = db.store();
    let contoso = tenant_record(Some("contoso.example"), "Contoso");
    let fabrikam = tenant_record(Some("fabrikam.example"), "Fabrikam");
    s.create_tenant(&contoso).await.unwrap();
    s.create_tenant(&fabrikam).await.unwrap();

    // Unknown tenant.
    assert!(matches!(
        s.create_user(&user(new_tenant(), "x@nowhere.example"))
            .await,
        Err(StoreError::NotFound)
    ));

    let alice = user(contoso.id, "Alice@Contoso.Example");
    s.create_user(&alice).await.unwrap();
    let stored = s.find_user("ALICE@contoso.example").await.unwrap().unwrap();
    assert_eq!(stored.upn, "alice@contoso.example", "stored lower-case");
    assert_eq!(
        stored,
        UserRecord {
            upn: "alice@contoso.example".into(),
            ..alice.clone()
        }
    );
    assert_eq!(
        s.find_user_by_oid(contoso.id, alice.oid).await.unwrap(),
        Some(stored.clone())
    );
    assert_eq!(
        s.find_user_by_oid(fabrikam.id, alice.oid).await.unwrap(),
        None
    );
    assert_eq!(s.find_user("bob@contoso.example").await.unwrap(), None);

    // Same UPN (any case) or same oid: Conflict.
    assert!(matches!(
        s.create_user(&user(fabrikam.id, "alice@CONTOSO.example"))
            .await,
        Err(StoreError::Conflict(_))
    ));
    let mut twin = user(fabrikam.id, "twin@fabrikam.example");
    twin.oid = alice.oid;
    assert!(matches!(
        s.create_user(&twin).await,
        Err(StoreError::Conflict(_))
    ));

    let bob = user(contoso.id, "bob@contoso.example");
    let carol = user(fabrikam.id, "carol@fabrikam.example");
    let aaron = user(fabrikam.id, "aaron@fabrikam.example");
    for u in [&bob, &carol, &aaron] {
        s.create_user(u).await.unwrap();
    }
    let all: Vec<_> = s
        .list_users(None)
        .await
        .unwrap()
        .into_iter()
        .map(|u| u.upn)
        .collect();
    assert_eq!(
        all,
        [
            "aaron@fabrikam.example",
            "alice@contoso.example",
            "bob@contoso.example",
            "carol@fabrikam.example"
        ]
    );
    let fab: Vec<_> = s
        .list_users(Some(fabrikam.id))
        .await
        .unwrap()
        .into_iter()
        .map(|u| u.upn)
        .collect();
    assert_eq!(fab, ["aaron@fabrikam.example", "carol@fabrikam.example"]);

    s.set_user_password("Bob@Contoso.example", "$argon2id$new")
        .await
        .unwrap();
    let roles = vec![
        mscommerce_proto::roles::GLOBAL_READER.to_owned(),
        mscommerce_proto::roles::BILLING_ADMINISTRATOR.to_owned(),
    ];
    s.set_user_roles("bob@contoso.example", &roles)
        .await
        .unwrap();
    let b = s.find_user("bob@contoso.example").await.unwrap().unwrap();
    assert_eq!(b.password_hash, "$argon2id$new");
    assert_eq!(b.roles, roles);
    s.set_user_roles("bob@contoso.example", &[]).await.unwrap();
    assert!(
        s.find_user("bob@contoso.example")
            .await
            .unwrap()
            .unwrap()
            .roles
            .is_empty()
    );

    assert!(matches!(
        s.set_user_password("nobody@contoso.example", "x").await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        s.set_user_roles("nobody@contoso.example", &roles).await,
        Err(StoreError::NotFound)
    ));
}

async fn apps_crud_and_conflicts(db: Db) {
    let s = db.store();
    let contoso = tenant_record(Some("contoso.example"), "Contoso");
    let fabrikam = tenant_record(None, "Fabrikam");
    s.create_tenant(&contoso).await.unwrap();
    s.create_tenant(&fabrikam).await.unwrap();

    assert!(matches!(
        s.create_app(&app(new_tenant(), "automation")).await,
        Err(StoreError::NotFound)
    ));
    let automation = app(contoso.id, "contoso-automation");
    s.create_app(&automation).await.unwrap();
    assert!(matches!(
        s.create_app(&app(contoso.id, "contoso-automation")).await,
        Err(StoreError::Conflict(_))
    ));
    // The same client id in another tenant is another app.
    let mut elsewhere = app(fabrikam.id, "contoso-automation");
    elsewhere.secret_hash = None;
    elsewhere.certificate_pem =
        Some("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n".into());
    elsewhere.permissions = vec![];
    s.create_app(&elsewhere).await.unwrap();
    let guid_app = app(contoso.id, &Uuid::new_v4().to_string());
    s.create_app(&guid_app).await.unwrap();

    assert_eq!(
        s.find_app(contoso.id, "contoso-automation").await.unwrap(),
        Some(automation.clone())
    );
    assert_eq!(
        s.find_app(fabrikam.id, "contoso-automation").await.unwrap(),
        Some(elsewhere.clone())
    );
    assert_eq!(s.find_app(contoso.id, "nope").await.unwrap(), None);

    let in_contoso = s.list_apps(Some(contoso.id)).await.unwrap();
    assert_eq!(in_contoso.len(), 2);
    assert!(in_contoso.iter().all(|a| a.tenant == contoso.id));
    assert_eq!(s.list_apps(None).await.unwrap().len(), 3);

    s.set_app_secret(contoso.id, "contoso-automation", "$argon2id$rotated")
        .await
        .unwrap();
    assert_eq!(
        s.find_app(contoso.id, "contoso-automation")
            .await
            .unwrap()
            .unwrap()
            .secret_hash
            .as_deref(),
        Some("$argon2id$rotated")
    );
    assert!(matches!(
        s.set_app_secret(fabrikam.id, "nope", "x").await,
        Err(StoreError::NotFound)
    ));
}

fn device_code(
    tenant: TenantId,
    hash: &str,
    user_code: &str,
    at: OffsetDateTime,
) -> DeviceCodeRecord {
    DeviceCodeRecord {
        device_code_hash: hash.into(),
        user_code: user_code.into(),
        tenant,
        client_id: mscommerce_proto::PUBLIC_CLIENT_ID.into(),
        scope: mscommerce_proto::RESOURCE_DEFAULT_SCOPE.into(),
        created_at: at,
        expires_at: at + Duration::seconds(900),
        interval: 5,
        last_poll_at: None,
        state: DeviceCodeState::Pending,
        user_oid: None,
        failed_attempts: 0,
    }
}

async fn device_code_lifecycle(db: Db) {
    let s = db.store();
    let t = new_tenant();
    let rec = device_code(t, "hash-1", "BDWD-HQPK", AT);
    s.create_device_code(&rec).await.unwrap();
    let secs = |n: i64| AT + Duration::seconds(n);

    // Found by the user code, case-insensitively.
    assert_eq!(
        s.find_pending_device_code("bdwd-hqpk", secs(1))
            .await
            .unwrap(),
        Some(rec.clone())
    );
    assert_eq!(
        s.poll_device_code("no-such-hash", secs(1)).await.unwrap(),
        DevicePoll::Unknown
    );

    assert_eq!(
        s.poll_device_code("hash-1", secs(1)).await.unwrap(),
        DevicePoll::Pending
    );
    // Too soon (2 s < 5 s): slow_down, and the interval grows by 5.
    assert_eq!(
        s.poll_device_code("hash-1", secs(3)).await.unwrap(),
        DevicePoll::SlowDown
    );
    let now = s
        .find_pending_device_code("BDWD-HQPK", secs(3))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(now.interval, 10);
    assert_eq!(now.last_poll_at, Some(secs(3)));
    // 9 s later is still too soon for 10 s; 10 s after that poll is fine.
    assert_eq!(
        s.poll_device_code("hash-1", secs(12)).await.unwrap(),
        DevicePoll::SlowDown
    );
    assert_eq!(
        s.find_pending_device_code("BDWD-HQPK", secs(12))
            .await
            .unwrap()
            .unwrap()
            .interval,
        15
    );
    assert_eq!(
        s.poll_device_code("hash-1", secs(27)).await.unwrap(),
        DevicePoll::Pending
    );

    // Failed sign-ins on the device page are counted.
    assert_eq!(s.count_device_code_failure("bdwd-hqpk").await.unwrap(), 1);
    assert_eq!(s.count_device_code_failure("BDWD-HQPK").await.unwrap(), 2);
    assert!(matches!(
        s.count_device_code_failure("NONE-NONE").await,
        Err(StoreError::NotFound)
    ));

    // Approval, once.
    let user = Uuid::new_v4();
    assert!(
        s.decide_device_code("bdwd-hqpk", Some(user), secs(30))
            .await
            .unwrap()
    );
    assert!(
        !s.decide_device_code("BDWD-HQPK", None, secs(31))
            .await
            .unwrap()
    );
    assert_eq!(
        s.find_pending_device_code("BDWD-HQPK", secs(31))
            .await
            .unwrap(),
        None
    );

    // The next poll redeems it; any later one finds it redeemed.
    assert_eq!(
        s.poll_device_code("hash-1", secs(45)).await.unwrap(),
        DevicePoll::Approved {
            user_oid: user,
            scope: mscommerce_proto::RESOURCE_DEFAULT_SCOPE.into(),
            tenant: t,
        }
    );
    assert_eq!(
        s.poll_device_code("hash-1", secs(60)).await.unwrap(),
        DevicePoll::AlreadyRedeemed
    );

    // A code started at `organizations` has no tenant yet: it takes its approver's.
    let home = tenant_record(Some("home.example"), "Home");
    s.create_tenant(&home).await.unwrap();
    let person = self::user(home.id, "someone@home.example");
    s.create_user(&person).await.unwrap();
    let any = device_code(TenantId::new(Uuid::nil()), "hash-any", "ANYT-ENAN", AT);
    s.create_device_code(&any).await.unwrap();
    assert!(
        s.decide_device_code("anyt-enan", Some(person.oid), secs(30))
            .await
            .unwrap()
    );
    assert!(matches!(
        s.poll_device_code("hash-any", secs(45)).await.unwrap(),
        DevicePoll::Approved { tenant, user_oid, .. } if tenant == home.id && user_oid == person.oid
    ));
    assert_eq!(
        s.poll_device_code("hash-1", secs(2000)).await.unwrap(),
        DevicePoll::AlreadyRedeemed
    );
}

async fn device_code_decline_expiry_and_reuse(db: Db) {
    let s = db.store();
    let t = new_tenant();
    let secs = |n: i64| AT + Duration::seconds(n);

    let declined = device_code(t, "hash-d", "DECL-INED", AT);
    s.create_device_code(&declined).await.unwrap();
    assert!(
        s.decide_device_code("decl-ined", None, secs(10))
            .await
            .unwrap()
    );
    assert_eq!(
        s.poll_device_code("hash-d", secs(20)).await.unwrap(),
        DevicePoll::Declined
    );
    assert_eq!(
        s.poll_device_code("hash-d", secs(30)).await.unwrap(),
        DevicePoll::Declined
    );

    // A live user code cannot be issued twice (case-insensitively).
    let expiring = device_code(t, "hash-e", "EXPI-RING", AT);
    s.create_device_code(&expiring).await.unwrap();
    assert!(matches!(
        s.create_device_code(&device_code(t, "hash-e2", "expi-ring", secs(60)))
            .await,
        Err(StoreError::Conflict(_))
    ));
    // The same device code hash twice neither.
    assert!(matches!(
        s.create_device_code(&device_code(t, "hash-e", "OTHE-RONE", secs(60)))
            .await,
        Err(StoreError::Conflict(_))
    ));

    // Past expires_at: expired, undecidable, not found as pending.
    let after = secs(900);
    assert_eq!(
        s.find_pending_device_code("EXPI-RING", after)
            .await
            .unwrap(),
        None
    );
    assert!(
        !s.decide_device_code("EXPI-RING", Some(Uuid::new_v4()), after)
            .await
            .unwrap()
    );
    assert_eq!(
        s.poll_device_code("hash-e", after).await.unwrap(),
        DevicePoll::Expired
    );
    // Approved in time but redeemed too late: expired.
    let late = device_code(t, "hash-l", "LATE-LATE", AT);
    s.create_device_code(&late).await.unwrap();
    assert!(
        s.decide_device_code("LATE-LATE", Some(Uuid::new_v4()), secs(100))
            .await
            .unwrap()
    );
    assert_eq!(
        s.poll_device_code("hash-l", secs(901)).await.unwrap(),
        DevicePoll::Expired
    );

    // Once expired, its user code can be issued again.
    let reissued = device_code(t, "hash-r", "EXPI-RING", secs(1000));
    s.create_device_code(&reissued).await.unwrap();
    assert_eq!(
        s.find_pending_device_code("expi-ring", secs(1001))
            .await
            .unwrap(),
        Some(reissued)
    );
}

fn refresh_token(
    tenant: TenantId,
    user_oid: Uuid,
    hash: &str,
    at: OffsetDateTime,
) -> RefreshTokenRecord {
    RefreshTokenRecord {
        token_hash: hash.into(),
        tenant,
        user_oid,
        client_id: mscommerce_proto::PUBLIC_CLIENT_ID.into(),
        scope: mscommerce_proto::RESOURCE_DEFAULT_SCOPE.into(),
        issued_at: at,
        expires_at: at + Duration::days(90),
        family: Some(Uuid::new_v4()),
    }
}

async fn refresh_tokens_are_single_use(db: Db) {
    let s = db.store();
    let contoso = tenant_record(Some("contoso.example"), "Contoso");
    s.create_tenant(&contoso).await.unwrap();
    let alice = user(contoso.id, "alice@contoso.example");
    s.create_user(&alice).await.unwrap();

    let rt = refresh_token(contoso.id, alice.oid, "rt-1", AT);
    s.store_refresh_token(&rt).await.unwrap();
    assert!(matches!(
        s.store_refresh_token(&rt).await,
        Err(StoreError::Conflict(_))
    ));
    assert_eq!(
        s.take_refresh_token("rt-1", AT + Duration::hours(1), Duration::ZERO)
            .await
            .unwrap(),
        RefreshRedemption::Redeemed(rt.clone())
    );
    assert!(matches!(
        s.take_refresh_token("rt-1", AT + Duration::hours(1), Duration::ZERO)
            .await
            .unwrap(),
        RefreshRedemption::Replayed { revoked: 0, .. }
    ));
    assert_eq!(
        s.take_refresh_token("never-issued", AT, Duration::ZERO)
            .await
            .unwrap(),
        RefreshRedemption::Unknown
    );

    // Expired: not redeemable (and gone).
    let old = refresh_token(contoso.id, alice.oid, "rt-old", AT);
    s.store_refresh_token(&old).await.unwrap();
    assert_eq!(
        s.take_refresh_token("rt-old", old.expires_at, Duration::ZERO)
            .await
            .unwrap(),
        RefreshRedemption::Unknown
    );

    // For a tenant that does not exist: NotFound.
    assert!(matches!(
        s.store_refresh_token(&refresh_token(new_tenant(), alice.oid, "rt-x", AT))
            .await,
        Err(StoreError::NotFound)
    ));

    // Ten concurrent redemptions of one token: exactly one gets it.
    let rt = refresh_token(contoso.id, alice.oid, "rt-race", AT);
    s.store_refresh_token(&rt).await.unwrap();
    let handles = [db.shared(), db.another_handle().await];
    let mut tasks = Vec::new();
    for i in 0..10 {
        let store = handles[i % 2].clone();
        tasks.push(tokio::spawn(async move {
            store
                .take_refresh_token("rt-race", AT + Duration::minutes(1), Duration::ZERO)
                .await
        }));
    }
    let mut winners = 0;
    for task in tasks {
        if let RefreshRedemption::Redeemed(_) = task.await.unwrap().unwrap() {
            winners += 1;
        }
    }
    assert_eq!(winners, 1);
}

/// RFC 9700 §4.14.2: presenting a spent refresh token revokes its whole family, the live
/// successor and any stored later; other families are untouched. Tokens without a family (issued
/// before families) rotate as before.
async fn replaying_a_spent_refresh_token_revokes_its_family(db: Db) {
    let s = db.store();
    let contoso = tenant_record(Some("contoso.example"), "Contoso");
    s.create_tenant(&contoso).await.unwrap();
    let alice = user(contoso.id, "alice@contoso.example");
    s.create_user(&alice).await.unwrap();
    let at = AT + Duration::minutes(1);

    let first = refresh_token(contoso.id, alice.oid, "fam-1", AT);
    let family = first.family.unwrap();
    let other = refresh_token(contoso.id, alice.oid, "other-1", AT);
    s.store_refresh_token(&first).await.unwrap();
    s.store_refresh_token(&other).await.unwrap();
    assert!(matches!(
        s.take_refresh_token("fam-1", at, Duration::ZERO)
            .await
            .unwrap(),
        RefreshRedemption::Redeemed(_)
    ));
    let second = RefreshTokenRecord {
        token_hash: "fam-2".into(),
        ..first.clone()
    };
    s.store_refresh_token(&second).await.unwrap();

    // The thief (or the victim) presents the spent one: the family is revoked.
    assert_eq!(
        s.take_refresh_token("fam-1", at, Duration::ZERO)
            .await
            .unwrap(),
        RefreshRedemption::Replayed {
            family,
            tenant: contoso.id,
            user_oid: alice.oid,
            client_id: first.client_id.clone(),
            revoked: 1,
        }
    );
    assert_eq!(
        s.take_refresh_token("fam-2", at, Duration::ZERO)
            .await
            .unwrap(),
        RefreshRedemption::Unknown
    );
    // A rotation that raced the replay stores its successor late: refused too.
    let late = RefreshTokenRecord {
        token_hash: "fam-3".into(),
        ..first.clone()
    };
    s.store_refresh_token(&late).await.unwrap();
    assert_eq!(
        s.take_refresh_token("fam-3", at, Duration::ZERO)
            .await
            .unwrap(),
        RefreshRedemption::Unknown
    );
    // Another sign-in's family still works.
    assert!(matches!(
        s.take_refresh_token("other-1", at, Duration::ZERO)
            .await
            .unwrap(),
        RefreshRedemption::Redeemed(_)
    ));
    // A token from before families: redeemed once, then unknown (nothing to revoke).
    let legacy = RefreshTokenRecord {
        token_hash: "legacy".into(),
        family: None,
        ..refresh_token(contoso.id, alice.oid, "legacy", AT)
    };
    s.store_refresh_token(&legacy).await.unwrap();
    assert_eq!(
        s.take_refresh_token("legacy", at, Duration::ZERO)
            .await
            .unwrap(),
        RefreshRedemption::Redeemed(legacy)
    );
    assert_eq!(
        s.take_refresh_token("legacy", at, Duration::ZERO)
            .await
            .unwrap(),
        RefreshRedemption::Unknown
    );
}

/// Two handles on one database (two processes on the SQLite file, two replicas on PostgreSQL)
/// share the replay set: the second use of an assertion is refused, by either handle, until it
/// expires.
async fn an_assertion_is_used_once_across_handles(db: Db) {
    let (a, b) = (db.store(), db.another_handle().await);
    let secs = |n: i64| AT + Duration::seconds(n);
    let key = "tenant\nclient\njti-1";
    assert!(a.remember_assertion(key, secs(60), AT).await.unwrap());
    assert!(!b.remember_assertion(key, secs(60), secs(1)).await.unwrap());
    assert!(!a.remember_assertion(key, secs(60), secs(60)).await.unwrap());
    // Another id is another assertion.
    assert!(
        b.remember_assertion("tenant\nclient\njti-2", secs(60), AT)
            .await
            .unwrap()
    );
    // Once expired it is forgotten (the assertion itself no longer passes its time check).
    assert!(
        b.remember_assertion(key, secs(200), secs(61))
            .await
            .unwrap()
    );
    assert!(
        !a.remember_assertion(key, secs(200), secs(62))
            .await
            .unwrap()
    );
}

/// Two processes sharing one token cache renew with the same token at once: within the grace
/// after it was spent, the spent token is redeemed again (same family, same scope), from
/// another handle (replica) too; after the grace it is a replay that revokes the family.
async fn a_spent_refresh_token_is_honoured_within_the_grace(db: Db) {
    let (s, other) = (db.shared(), db.another_handle().await);
    let contoso = tenant_record(Some("contoso.example"), "Contoso");
    s.create_tenant(&contoso).await.unwrap();
    let alice = user(contoso.id, "alice@contoso.example");
    s.create_user(&alice).await.unwrap();
    let grace = Duration::seconds(30);
    let first = refresh_token(contoso.id, alice.oid, "g-1", AT);
    s.store_refresh_token(&first).await.unwrap();
    let spent_at = AT + Duration::minutes(1);
    let RefreshRedemption::Redeemed(taken) =
        s.take_refresh_token("g-1", spent_at, grace).await.unwrap()
    else {
        panic!("a live token is redeemed")
    };
    assert_eq!(taken, first);
    // The other process, 10 s later, through another handle: honoured, as the same family.
    let RefreshRedemption::Redeemed(again) = other
        .take_refresh_token("g-1", spent_at + Duration::seconds(10), grace)
        .await
        .unwrap()
    else {
        panic!("honoured within the grace")
    };
    assert_eq!(
        (
            again.family,
            again.scope.as_str(),
            again.tenant,
            again.user_oid
        ),
        (
            first.family,
            first.scope.as_str(),
            first.tenant,
            first.user_oid
        )
    );
    // After the grace: a replay, and the family's live successor goes with it.
    let successor = RefreshTokenRecord {
        token_hash: "g-2".into(),
        ..first.clone()
    };
    s.store_refresh_token(&successor).await.unwrap();
    assert!(matches!(
        other
            .take_refresh_token("g-1", spent_at + Duration::seconds(31), grace)
            .await
            .unwrap(),
        RefreshRedemption::Replayed { revoked: 1, .. }
    ));
    assert_eq!(
        s.take_refresh_token("g-2", spent_at + Duration::seconds(32), grace)
            .await
            .unwrap(),
        RefreshRedemption::Unknown
    );
    // A revoked family is not honoured even within the grace.
    assert_eq!(
        s.take_refresh_token("g-1", spent_at + Duration::seconds(1), grace)
            .await
            .unwrap(),
        RefreshRedemption::Unknown
    );
}

/// An authorization code or a page session put by one handle (one replica) is read and taken
/// by another; taken once even by two at the same moment; gone once expired; kinds apart.
async fn short_lived_entries_are_shared_expire_and_are_taken_once(db: Db) {
    let (a, b) = (db.shared(), db.another_handle().await);
    let secs = |n: i64| AT + Duration::seconds(n);
    let key = Uuid::new_v4().to_string();
    a.put_short_lived("code", &key, "{\"v\":1}", secs(300), AT)
        .await
        .unwrap();
    assert_eq!(
        b.short_lived("code", &key, secs(1))
            .await
            .unwrap()
            .as_deref(),
        Some("{\"v\":1}")
    );
    assert_eq!(b.short_lived("session", &key, secs(1)).await.unwrap(), None);
    // Replaced under the same key.
    b.put_short_lived("code", &key, "{\"v\":2}", secs(300), secs(2))
        .await
        .unwrap();
    let takers: Vec<_> = [a.clone(), b.clone(), a.clone(), b.clone()]
        .into_iter()
        .map(|store| {
            let key = key.clone();
            tokio::spawn(async move { store.take_short_lived("code", &key, secs(3)).await })
        })
        .collect();
    let mut got = Vec::new();
    for t in takers {
        if let Some(v) = t.await.unwrap().unwrap() {
            got.push(v);
        }
    }
    assert_eq!(got, ["{\"v\":2}"], "taken exactly once");
    assert_eq!(a.short_lived("code", &key, secs(4)).await.unwrap(), None);
    // Expired: neither read nor taken.
    let old = Uuid::new_v4().to_string();
    a.put_short_lived("session", &old, "s", secs(10), AT)
        .await
        .unwrap();
    assert_eq!(
        b.short_lived("session", &old, secs(10)).await.unwrap(),
        None
    );
    assert_eq!(
        b.take_short_lived("session", &old, secs(11)).await.unwrap(),
        None
    );
}

/// Two handles (two replicas on PostgreSQL) count one account's failures together, none lost
/// when they count at once; a right password clears the source's counter and, once the lock has
/// run out, the account's.
async fn lockout_counters_are_shared_and_counted_under_concurrency(db: Db) {
    use mscommerce_store::LockoutPolicy;
    let (a, b) = (db.shared(), db.another_handle().await);
    let policy = LockoutPolicy::default();
    let account = format!("user:{}", Uuid::new_v4());
    assert_eq!(
        a.sign_in_failures(&account, "192.0.2.1").await.unwrap(),
        Default::default()
    );
    let counts: Vec<_> = (0..12)
        .map(|i| {
            let (store, account) = (
                if i % 2 == 0 { a.clone() } else { b.clone() },
                account.clone(),
            );
            tokio::spawn(async move {
                store
                    .record_sign_in_failure(&account, "192.0.2.1", AT, &policy)
                    .await
                    .unwrap()
            })
        })
        .collect();
    for c in counts {
        c.await.unwrap();
    }
    let seen = b.sign_in_failures(&account, "192.0.2.1").await.unwrap();
    let counter = seen.account.unwrap();
    assert_eq!(counter.failures, 12, "{seen:?}");
    assert_eq!(seen.source.unwrap().failures, 12);
    // 12 failures: two past the threshold, a lock of four minutes.
    assert_eq!(counter.locked_until, Some(AT + Duration::seconds(240)));
    // Another source has no counter of its own.
    let elsewhere = a.sign_in_failures(&account, "198.51.100.9").await.unwrap();
    assert_eq!((elsewhere.account, elsewhere.source), (Some(counter), None));
    // The owner signs in from elsewhere during the lock: the account's counter stays.
    a.clear_sign_in_failures(&account, "198.51.100.9", AT, &policy)
        .await
        .unwrap();
    assert_eq!(
        b.sign_in_failures(&account, "192.0.2.1").await.unwrap(),
        seen
    );
    // After the lock, a right password from the failing source clears both.
    let later = AT + Duration::seconds(241);
    b.clear_sign_in_failures(&account, "192.0.2.1", later, &policy)
        .await
        .unwrap();
    assert_eq!(
        a.sign_in_failures(&account, "192.0.2.1").await.unwrap(),
        Default::default()
    );
}
