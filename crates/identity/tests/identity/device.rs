//! The device-code flow: authorization, polling (pending, slow_down, approved, single use), the
//! sign-in page's decisions, decline, expiry and the failed-attempt limit.

use mscommerce_identity::{
    DeviceAuthorizationForm, DeviceLoginOutcome, FailureKind, IdpError, TokenForm, UNKNOWN_SOURCE,
};
use mscommerce_proto::{
    DeviceCodeResponse, GRANT_DEVICE_CODE, PUBLIC_CLIENT_ID, RESOURCE_DEFAULT_SCOPE,
};
use time::Duration;

use crate::common::*;

stories!(
    device_authorization_answers_like_entra,
    pending_slow_down_approved_then_single_use,
    a_device_code_works_only_for_its_client_and_tenant,
    declined_by_the_user,
    declined_without_credentials_and_without_spending_an_attempt,
    expired_codes,
    failed_sign_ins_are_limited,
    a_code_started_at_organizations_belongs_to_whoever_completes_it,
);

fn request(client: &str) -> DeviceAuthorizationForm {
    DeviceAuthorizationForm {
        client_id: Some(client.into()),
        scope: Some(format!("{RESOURCE_DEFAULT_SCOPE} offline_access")),
    }
}

fn poll_form(device_code: &str) -> TokenForm {
    TokenForm {
        grant_type: Some(GRANT_DEVICE_CODE.into()),
        client_id: Some(PUBLIC_CLIENT_ID.into()),
        device_code: Some(device_code.into()),
        ..TokenForm::default()
    }
}

async fn start_flow(env: &Env) -> DeviceCodeResponse {
    env.idp
        .device_authorization("contoso.example", &request(PUBLIC_CLIENT_ID))
        .await
        .unwrap()
}

async fn poll(env: &Env, device_code: &str) -> Result<mscommerce_proto::TokenResponse, IdpError> {
    env.idp
        .token("contoso.example", &poll_form(device_code), None)
        .await
}

fn error_of(
    r: Result<mscommerce_proto::TokenResponse, IdpError>,
) -> (&'static str, Option<u32>, FailureKind) {
    let e = r.expect_err("an error");
    (e.error(), e.code(), e.kind())
}

async fn device_authorization_answers_like_entra(env: Env) {
    let r = start_flow(&env).await;
    assert!(r.device_code.len() >= 43);
    assert_eq!(r.user_code.len(), 9);
    assert_eq!(&r.user_code[4..5], "-");
    assert!(
        r.user_code
            .bytes()
            .filter(|b| *b != b'-')
            .all(|b| b.is_ascii_uppercase())
    );
    assert_eq!(r.verification_uri, format!("{BASE}/devicelogin"));
    assert_eq!((r.expires_in, r.interval), (900, 1));
    assert_eq!(
        r.message,
        format!(
            "To sign in, use a web browser to open the page {BASE}/devicelogin and enter the code {} to authenticate.",
            r.user_code
        )
    );
    let other = start_flow(&env).await;
    assert_ne!(
        (other.device_code, other.user_code),
        (r.device_code, r.user_code)
    );

    // An app's code needs its tenant (the public client's does not: see below).
    let e = env
        .idp
        .device_authorization("organizations", &request("contoso-public"))
        .await
        .unwrap_err();
    assert_eq!((e.error(), e.code()), ("invalid_request", Some(50059)));
    let e = env
        .idp
        .device_authorization("nosuch.example", &request(PUBLIC_CLIENT_ID))
        .await
        .unwrap_err();
    assert_eq!(e.code(), Some(90002));
    let e = env
        .idp
        .device_authorization("contoso.example", &request("no-such-app"))
        .await
        .unwrap_err();
    assert_eq!((e.error(), e.code()), ("unauthorized_client", Some(700016)));
    let form = DeviceAuthorizationForm {
        scope: Some("openid".into()),
        ..request(PUBLIC_CLIENT_ID)
    };
    let e = env
        .idp
        .device_authorization("contoso.example", &form)
        .await
        .unwrap_err();
    assert_eq!(e.code(), Some(70011));
    let form = DeviceAuthorizationForm {
        client_id: None,
        ..request(PUBLIC_CLIENT_ID)
    };
    let e = env
        .idp
        .device_authorization("contoso.example", &form)
        .await
        .unwrap_err();
    assert_eq!(e.code(), Some(900144));
}

async fn pending_slow_down_approved_then_single_use(env: Env) {
    let r = start_flow(&env).await;
    assert_eq!(
        error_of(poll(&env, &r.device_code).await),
        (
            "authorization_pending",
            Some(70016),
            FailureKind::BadRequest
        )
    );
    // Polling again at once is too fast: slow_down, and the interval grows by 5 s (1 → 6).
    assert_eq!(
        error_of(poll(&env, &r.device_code).await),
        ("slow_down", Some(70016), FailureKind::BadRequest)
    );
    env.clock.advance(Duration::seconds(5));
    assert_eq!(error_of(poll(&env, &r.device_code).await).0, "slow_down");
    // That poll counted too (interval now 11 s from t+5): waiting it out gives pending again.
    env.clock.advance(Duration::seconds(11));
    assert_eq!(
        error_of(poll(&env, &r.device_code).await).0,
        "authorization_pending"
    );

    // The page shows what is being signed in to, then the user approves.
    let prompt = env
        .idp
        .device_code_prompt(&r.user_code.to_lowercase())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(prompt.tenant_id, tid(CONTOSO));
    assert_eq!(prompt.tenant_name, "Contoso");
    assert_eq!(prompt.client_id, PUBLIC_CLIENT_ID);
    assert_eq!(prompt.expires_at, start() + Duration::seconds(900));
    let typed = r.user_code.replace('-', " ").to_lowercase();
    let outcome = env
        .idp
        .device_login(
            UNKNOWN_SOURCE,
            &typed,
            "admin@contoso.example",
            PASSWORD,
            true,
        )
        .await
        .unwrap();
    assert_eq!(
        outcome,
        DeviceLoginOutcome::Approved {
            upn: "admin@contoso.example".into()
        }
    );
    assert!(
        env.idp
            .device_code_prompt(&r.user_code)
            .await
            .unwrap()
            .is_none(),
        "no longer pending"
    );

    env.clock.advance(Duration::seconds(11));
    let tokens = poll(&env, &r.device_code).await.unwrap();
    assert!(tokens.refresh_token.is_some());
    assert!(tokens.scope.ends_with("offline_access"));
    let p = env.verifier.verify(&tokens.access_token).await.unwrap();
    assert!(p.write().is_ok());
    assert_eq!(
        segment(&tokens.access_token, 1)["oid"],
        user_oid(1).to_string()
    );

    // A device code is single-use.
    env.clock.advance(Duration::seconds(11));
    assert_eq!(
        error_of(poll(&env, &r.device_code).await),
        ("invalid_grant", Some(54005), FailureKind::BadRequest)
    );
}

async fn a_device_code_works_only_for_its_client_and_tenant(env: Env) {
    let r = start_flow(&env).await;
    assert_eq!(
        error_of(poll(&env, "made-up").await),
        (
            "bad_verification_code",
            Some(70018),
            FailureKind::BadRequest
        )
    );
    let form = TokenForm {
        client_id: Some("contoso-public".into()),
        ..poll_form(&r.device_code)
    };
    let e = env.idp.token("contoso.example", &form, None).await;
    assert_eq!(error_of(e).0, "bad_verification_code");
    let e = env
        .idp
        .token("fabrikam.example", &poll_form(&r.device_code), None)
        .await;
    assert_eq!(error_of(e).0, "bad_verification_code");
    // A tenant's code is polled at that tenant, not at `organizations`.
    let e = env
        .idp
        .token("organizations", &poll_form(&r.device_code), None)
        .await;
    assert_eq!(error_of(e).0, "bad_verification_code");
    let form = TokenForm {
        device_code: None,
        ..poll_form(&r.device_code)
    };
    assert_eq!(
        error_of(env.idp.token("contoso.example", &form, None).await).1,
        Some(900144)
    );
    // The genuine poll still works.
    assert_eq!(
        error_of(poll(&env, &r.device_code).await).0,
        "authorization_pending"
    );
    // A user of another tenant cannot approve it.
    let outcome = env
        .idp
        .device_login(
            UNKNOWN_SOURCE,
            &r.user_code,
            "admin@fabrikam.example",
            PASSWORD,
            true,
        )
        .await
        .unwrap();
    assert_eq!(
        outcome,
        DeviceLoginOutcome::WrongTenant {
            tenant_name: "Contoso".into()
        }
    );
    let outcome = env
        .idp
        .device_login(
            UNKNOWN_SOURCE,
            &r.user_code,
            "disabled@contoso.example",
            PASSWORD,
            true,
        )
        .await
        .unwrap();
    assert_eq!(outcome, DeviceLoginOutcome::AccountDisabled);
    env.clock.advance(Duration::seconds(2));
    assert_eq!(
        error_of(poll(&env, &r.device_code).await).0,
        "authorization_pending"
    );
}

/// The page's Decline works with its fields empty (the person never meant to sign in: they
/// should not have to type a password to say no) and is not counted as a failed attempt.
async fn declined_without_credentials_and_without_spending_an_attempt(env: Env) {
    let r = start_flow(&env).await;
    let outcome = env
        .idp
        .device_login(UNKNOWN_SOURCE, &r.user_code, "", "", false)
        .await
        .unwrap();
    assert_eq!(outcome, DeviceLoginOutcome::Declined);
    assert_eq!(
        error_of(poll(&env, &r.device_code).await).0,
        "authorization_declined"
    );
    // Another flow: a decline with a wrong password is a decline too, never "attempts left".
    let r = start_flow(&env).await;
    let outcome = env
        .idp
        .device_login(
            UNKNOWN_SOURCE,
            &r.user_code,
            "admin@contoso.example",
            "nope",
            false,
        )
        .await
        .unwrap();
    assert_eq!(outcome, DeviceLoginOutcome::Declined);
}

async fn declined_by_the_user(env: Env) {
    let r = start_flow(&env).await;
    let outcome = env
        .idp
        .device_login(
            UNKNOWN_SOURCE,
            &r.user_code,
            "admin@contoso.example",
            PASSWORD,
            false,
        )
        .await
        .unwrap();
    assert_eq!(outcome, DeviceLoginOutcome::Declined);
    assert_eq!(
        error_of(poll(&env, &r.device_code).await),
        (
            "authorization_declined",
            Some(65004),
            FailureKind::BadRequest
        )
    );
    // Once decided, the code cannot be approved any more.
    let outcome = env
        .idp
        .device_login(
            UNKNOWN_SOURCE,
            &r.user_code,
            "admin@contoso.example",
            PASSWORD,
            true,
        )
        .await
        .unwrap();
    assert_eq!(outcome, DeviceLoginOutcome::UnknownCode);
}

async fn expired_codes(env: Env) {
    let r = start_flow(&env).await;
    env.clock.advance(Duration::seconds(900));
    assert_eq!(
        error_of(poll(&env, &r.device_code).await),
        ("expired_token", Some(70020), FailureKind::BadRequest)
    );
    let outcome = env
        .idp
        .device_login(
            UNKNOWN_SOURCE,
            &r.user_code,
            "admin@contoso.example",
            PASSWORD,
            true,
        )
        .await
        .unwrap();
    assert_eq!(outcome, DeviceLoginOutcome::UnknownCode);
    assert!(
        env.idp
            .device_code_prompt(&r.user_code)
            .await
            .unwrap()
            .is_none()
    );
}

async fn failed_sign_ins_are_limited(env: Env) {
    let r = start_flow(&env).await;
    for left in (1..=4).rev() {
        let outcome = env
            .idp
            .device_login(
                UNKNOWN_SOURCE,
                &r.user_code,
                "admin@contoso.example",
                "wrong",
                true,
            )
            .await
            .unwrap();
        assert_eq!(
            outcome,
            DeviceLoginOutcome::BadCredentials {
                attempts_left: left
            }
        );
    }
    // An unknown account counts like a wrong password.
    let outcome = env
        .idp
        .device_login(
            UNKNOWN_SOURCE,
            &r.user_code,
            "nobody@contoso.example",
            PASSWORD,
            true,
        )
        .await
        .unwrap();
    assert_eq!(outcome, DeviceLoginOutcome::TooManyAttempts);
    // The code is now declined: even the right password cannot approve it.
    let outcome = env
        .idp
        .device_login(
            UNKNOWN_SOURCE,
            &r.user_code,
            "admin@contoso.example",
            PASSWORD,
            true,
        )
        .await
        .unwrap();
    assert_eq!(outcome, DeviceLoginOutcome::UnknownCode);
    assert_eq!(
        error_of(poll(&env, &r.device_code).await).0,
        "authorization_declined"
    );
    // Unknown or malformed user codes.
    for code in ["BBBB-BBBB", "nonsense", ""] {
        let outcome = env
            .idp
            .device_login(
                UNKNOWN_SOURCE,
                code,
                "admin@contoso.example",
                PASSWORD,
                true,
            )
            .await
            .unwrap();
        assert_eq!(outcome, DeviceLoginOutcome::UnknownCode, "{code}");
    }
}

/// MSAL's default authority is `organizations`: the code is started and polled there, and the
/// tenant is the one of the account that completes it (as Entra). Only the public client exists
/// in every tenant.
async fn a_code_started_at_organizations_belongs_to_whoever_completes_it(env: Env) {
    for tenant in ["organizations", "common"] {
        let r = env
            .idp
            .device_authorization(tenant, &request(PUBLIC_CLIENT_ID))
            .await
            .unwrap();
        let prompt = env
            .idp
            .device_code_prompt(&r.user_code)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(prompt.tenant_id, mscommerce_identity::ANY_TENANT);
        let at = |t: &'static str| {
            let form = poll_form(&r.device_code);
            let idp = &env.idp;
            async move { idp.token(t, &form, None).await }
        };
        assert_eq!(error_of(at(tenant).await).0, "authorization_pending");
        let outcome = env
            .idp
            .device_login(
                UNKNOWN_SOURCE,
                &r.user_code,
                "admin@fabrikam.example",
                PASSWORD,
                true,
            )
            .await
            .unwrap();
        assert!(
            matches!(outcome, DeviceLoginOutcome::Approved { .. }),
            "{outcome:?}"
        );
        env.clock.advance(Duration::seconds(2));
        let token = at(tenant).await.unwrap();
        let claims = segment(&token.access_token, 1);
        assert_eq!(claims["tid"], FABRIKAM);
        assert_eq!(claims["iss"], format!("{BASE}/{FABRIKAM}/v2.0"));
        env.clock.advance(Duration::seconds(2));
        assert_eq!(error_of(at(tenant).await).0, "invalid_grant", "single use");
    }
    // An app lives in one tenant: its codes start at that tenant.
    let e = env
        .idp
        .device_authorization("organizations", &request("contoso-public"))
        .await
        .unwrap_err();
    assert_eq!(e.code(), Some(50059));
}
