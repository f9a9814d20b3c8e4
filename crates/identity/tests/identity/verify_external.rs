//! External (Entra-style) issuers: v1/v2 rules, the JWKS cache against a real HTTP server
//! (bounded refreshes, rollover, last known good keys, no redirects, size cap, timeout) and the
//! key-issuer binding.

use std::sync::Arc;

use mscommerce_domain::{Clock, ManualClock, PrincipalKind};
use mscommerce_identity::{
    AuthError, ExternalIssuer, FailureKind, KeyRing, TokenVersion, Verifier, VerifierConfig,
};
use mscommerce_proto::{RESOURCE_APP_ID, RESOURCE_APP_URI};
use serde_json::{Value, json};
use time::Duration;

use crate::common::*;

const V2: &str = "https://login.example/{tenantid}/v2.0";
const V1: &str = "https://sts.example/{tenantid}/";
const MSA: &str = "9188040d-6c67-4c5b-b112-36a304b66dad";

struct Ext {
    _dir: tempfile::TempDir,
    clock: Arc<ManualClock>,
    verifier: Arc<Verifier>,
}

fn config(jwks_uri: &str, min_refresh: Duration) -> VerifierConfig {
    VerifierConfig {
        external: vec![
            ExternalIssuer {
                issuer: V2.into(),
                jwks_uri: jwks_uri.into(),
                version: TokenVersion::V2,
            },
            ExternalIssuer {
                issuer: V1.into(),
                jwks_uri: jwks_uri.into(),
                version: TokenVersion::V1,
            },
        ],
        min_refresh_interval: min_refresh,
        ..VerifierConfig::default()
    }
}

fn ext(config: VerifierConfig) -> Ext {
    mscommerce_identity::install_crypto_provider();
    let dir = tempfile::tempdir().unwrap();
    let clock = Arc::new(ManualClock::new(start()));
    let clock_dyn: Arc<dyn Clock> = clock.clone();
    let keyring = Arc::new(KeyRing::open(dir.path(), clock_dyn.clone()).unwrap());
    let verifier = Arc::new(Verifier::new(config, keyring, clock_dyn).unwrap());
    Ext {
        _dir: dir,
        clock,
        verifier,
    }
}

fn kid_header(kid: &str) -> Value {
    json!({"alg": "RS256", "typ": "JWT", "kid": kid})
}

impl Ext {
    fn v2(&self, tenant: &str) -> Value {
        user_claims(&V2.replace("{tenantid}", tenant), tenant, self.clock.now())
    }

    fn v1(&self, tenant: &str) -> Value {
        let mut c = user_claims(&V1.replace("{tenantid}", tenant), tenant, self.clock.now());
        c["ver"] = json!("1.0");
        c["aud"] = json!(RESOURCE_APP_URI);
        c["upn"] = json!("someone@contoso.example");
        c
    }

    fn token(&self, claims: &Value, key: &TestKey) -> String {
        jwt(&kid_header(&key.kid), claims, rs256(key))
    }
}

fn jwks(keys: &[(&TestKey, Option<&str>)]) -> Value {
    json!({"keys": keys.iter().map(|(k, i)| k.jwk(*i)).collect::<Vec<_>>()})
}

#[tokio::test]
async fn v1_and_v2_tokens_follow_their_own_audience_and_version_rules() {
    let k = &keys().issuer;
    let server = JwksServer::start(jwks(&[(k, Some(V2))])).await;
    let e = ext(config(&server.url("/keys"), Duration::ZERO));
    let v = &e.verifier;

    let p = v.verify(&e.token(&e.v2(CONTOSO), k)).await.unwrap();
    assert_eq!(p.tenant, tid(CONTOSO));
    // v2: only the client id; the api:// form is refused.
    let mut c = e.v2(CONTOSO);
    c["aud"] = json!(RESOURCE_APP_URI);
    assert!(matches!(
        v.verify(&e.token(&c, k)).await,
        Err(AuthError::WrongAudience { .. })
    ));
    // v1: the api:// form and the client id are both fine; upn comes through.
    let p = v.verify(&e.token(&e.v1(CONTOSO), k)).await.unwrap();
    assert!(
        matches!(p.kind, PrincipalKind::User { upn: Some(ref u), .. } if u == "someone@contoso.example")
    );
    let mut c = e.v1(CONTOSO);
    c["aud"] = json!(RESOURCE_APP_ID);
    v.verify(&e.token(&c, k)).await.unwrap();
    // v1 app-only tokens name the client in `appid`.
    let mut c = e.v1(CONTOSO);
    c.as_object_mut().unwrap().remove("scp");
    c["idtyp"] = json!("app");
    c["appid"] = json!("legacy-app");
    c["roles"] = json!(["Policy.Read.AllowSelfServicePurchase"]);
    let p = v.verify(&e.token(&c, k)).await.unwrap();
    assert!(matches!(p.kind, PrincipalKind::App { ref app_id, .. } if app_id == "legacy-app"));
    // ver=2.0 with a v1-style iss, and ver=1.0 with a v2 iss, are refused.
    let mut c = e.v1(CONTOSO);
    c["ver"] = json!("2.0");
    let err = v.verify(&e.token(&c, k)).await.unwrap_err();
    assert!(matches!(err, AuthError::WrongVersion { .. }), "{err}");
    let mut c = e.v2(CONTOSO);
    c["ver"] = json!("1.0");
    assert!(matches!(
        v.verify(&e.token(&c, k)).await,
        Err(AuthError::WrongVersion { .. })
    ));
    // Look-alike hosts and trailing-slash variants are untrusted.
    for iss in [
        format!("https://login.example.evil/{CONTOSO}/v2.0"),
        format!("https://sts.example/{CONTOSO}"),
        format!("https://login.example/{CONTOSO}/v2.0/"),
    ] {
        let mut c = e.v2(CONTOSO);
        c["iss"] = json!(iss);
        let err = v.verify(&e.token(&c, k)).await.unwrap_err();
        assert!(matches!(err, AuthError::UntrustedIssuer(_)), "{iss}: {err}");
    }
    // The personal-account tenant is refused even from a trusted issuer.
    let c = e.v2(MSA);
    assert!(matches!(
        v.verify(&e.token(&c, k)).await,
        Err(AuthError::PersonalAccount)
    ));
}

#[tokio::test]
async fn microsofts_sample_token_whose_iss_names_another_tenant_is_refused() {
    let k = &keys().issuer;
    let server = JwksServer::start(jwks(&[(k, Some(V2))])).await;
    let e = ext(config(&server.url("/keys"), Duration::ZERO));
    // As in Microsoft's decoded v1 sample: iss tenant differs from tid.
    let mut c = e.v1(CONTOSO);
    c["iss"] = json!(V1.replace("{tenantid}", FABRIKAM));
    let err = e.verifier.verify(&e.token(&c, k)).await.unwrap_err();
    assert!(
        matches!(err, AuthError::IssuerTenantMismatch { .. }),
        "{err}"
    );
    assert!(err.to_string().contains("names another tenant"));
}

#[tokio::test]
async fn random_kids_cause_at_most_one_fetch_per_interval() {
    let k = &keys().issuer;
    let server = JwksServer::start(jwks(&[(k, Some(V2))])).await;
    let e = ext(config(&server.url("/keys"), Duration::minutes(5)));
    assert_eq!(server.hits(), 0, "keys are fetched lazily");

    let claims = e.v2(CONTOSO);
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..10_000 {
        let token = jwt(
            &kid_header(&uuid::Uuid::new_v4().to_string()),
            &claims,
            Sign::Raw("c2ln"),
        );
        let v = e.verifier.clone();
        tasks.spawn(async move { v.verify(&token).await });
    }
    while let Some(r) = tasks.join_next().await {
        assert!(matches!(
            r.unwrap(),
            Err(AuthError::UnknownSigningKey { .. })
        ));
    }
    assert_eq!(server.hits(), 1, "10 000 unknown kids, one fetch");
    // A genuine token needs no fetch.
    e.verifier.verify(&e.token(&claims, k)).await.unwrap();
    assert_eq!(server.hits(), 1);
    // The next unknown kid is fetched for only once the interval has passed.
    let unknown = || {
        jwt(
            &kid_header(&uuid::Uuid::new_v4().to_string()),
            &claims,
            Sign::Raw("c2ln"),
        )
    };
    e.clock.advance(Duration::seconds(299));
    assert!(e.verifier.verify(&unknown()).await.is_err());
    assert_eq!(server.hits(), 1);
    e.clock.advance(Duration::seconds(1));
    assert!(e.verifier.verify(&unknown()).await.is_err());
    assert_eq!(server.hits(), 2);
}

#[tokio::test]
async fn rollover_new_key_via_refresh_and_removed_key_after_refresh() {
    let (k1, k2) = (&keys().issuer, &keys().issuer2);
    let server = JwksServer::start(jwks(&[(k1, Some(V2))])).await;
    let e = ext(config(&server.url("/keys"), Duration::minutes(5)));
    let mut claims = e.v2(CONTOSO);
    claims["exp"] = json!(start().unix_timestamp() + 4 * 3600);
    let old = e.token(&claims, k1);
    e.verifier.verify(&old).await.unwrap();

    // The issuer publishes a new key and starts signing with it.
    server.set(jwks(&[(k1, Some(V2)), (k2, Some(V2))]));
    let new = e.token(&claims, k2);
    // Within the refresh interval the unknown kid does not cause a fetch...
    assert!(matches!(
        e.verifier.verify(&new).await,
        Err(AuthError::UnknownSigningKey { .. })
    ));
    assert_eq!(server.hits(), 1);
    // ...after it, one fetch picks the new key up.
    e.clock.advance(Duration::minutes(5));
    e.verifier.verify(&new).await.unwrap();
    assert_eq!(server.hits(), 2);
    e.verifier.verify(&old).await.unwrap();

    // The issuer removes the old key. It stays accepted until the cached keys are refreshed
    // (after jwks_max_age), then it is refused, cached verification or not.
    server.set(jwks(&[(k2, Some(V2))]));
    e.clock.advance(Duration::minutes(30));
    e.verifier.verify(&old).await.unwrap();
    e.clock.advance(Duration::minutes(30));
    let err = e.verifier.verify(&old).await.unwrap_err();
    assert!(matches!(err, AuthError::UnknownSigningKey { .. }), "{err}");
    assert_eq!(server.hits(), 3);
    e.verifier.verify(&new).await.unwrap();
}

#[tokio::test]
async fn a_key_may_only_sign_for_the_issuer_its_jwks_entry_names() {
    let (k1, k2, k3) = (&keys().issuer, &keys().issuer2, &keys().certificate);
    let fabrikam_iss = V2.replace("{tenantid}", FABRIKAM);
    let msa_iss = V2.replace("{tenantid}", MSA);
    let server = JwksServer::start(jwks(&[
        (k1, Some(V2)),
        (k2, Some(&fabrikam_iss)),
        (k3, Some(&msa_iss)),
    ]))
    .await;
    let e = ext(config(&server.url("/keys"), Duration::ZERO));
    // k2 is Fabrikam's own key: fine for Fabrikam, refused for Contoso.
    e.verifier
        .verify(&e.token(&e.v2(FABRIKAM), k2))
        .await
        .unwrap();
    let err = e
        .verifier
        .verify(&e.token(&e.v2(CONTOSO), k2))
        .await
        .unwrap_err();
    assert!(matches!(err, AuthError::KeyIssuerMismatch { .. }), "{err}");
    // k3 belongs to the consumer tenant only.
    let err = e
        .verifier
        .verify(&e.token(&e.v2(CONTOSO), k3))
        .await
        .unwrap_err();
    assert!(matches!(err, AuthError::KeyIssuerMismatch { .. }), "{err}");
    // The templated key signs for any tenant.
    e.verifier
        .verify(&e.token(&e.v2(CONTOSO), k1))
        .await
        .unwrap();
    e.verifier
        .verify(&e.token(&e.v1(FABRIKAM), k1))
        .await
        .unwrap();
}

#[tokio::test]
async fn an_attackers_jku_is_never_fetched() {
    let (k, attacker) = (&keys().issuer, &keys().attacker);
    let server = JwksServer::start(jwks(&[(k, Some(V2))])).await;
    let evil = JwksServer::start(jwks(&[(attacker, None)])).await;
    let e = ext(config(&server.url("/keys"), Duration::ZERO));
    let header = json!({
        "alg": "RS256", "kid": attacker.kid, "jku": evil.url("/keys"), "x5u": evil.url("/keys"),
        "jwk": attacker.jwk(None),
    });
    let err = e
        .verifier
        .verify(&jwt(&header, &e.v2(CONTOSO), rs256(attacker)))
        .await
        .unwrap_err();
    assert!(matches!(err, AuthError::UnknownSigningKey { .. }), "{err}");
    assert_eq!(evil.hits(), 0);
    assert_eq!(server.hits(), 1);
}

#[tokio::test]
async fn failed_fetches_keep_the_last_known_keys() {
    let k = &keys().issuer;
    let server = JwksServer::start(jwks(&[(k, Some(V2))])).await;
    let e = ext(config(&server.url("/keys"), Duration::ZERO));
    let token = e.token(&e.v2(CONTOSO), k);
    e.verifier.verify(&token).await.unwrap();
    server.fail(true);
    let unknown = jwt(&kid_header("other"), &e.v2(CONTOSO), rs256(k));
    assert!(matches!(
        e.verifier.verify(&unknown).await,
        Err(AuthError::UnknownSigningKey { .. })
    ));
    assert_eq!(server.hits(), 2);
    // Past the refresh age, with the issuer down: the known key still works.
    e.clock.advance(Duration::minutes(61));
    e.verifier.clear_cache();
    let token = e.token(&e.v2(CONTOSO), k);
    e.verifier.verify(&token).await.unwrap();
    assert_eq!(server.hits(), 3);

    // With no keys ever fetched, the answer is "unavailable" (503), not "bad token".
    let fresh = ext(config(&server.url("/keys"), Duration::ZERO));
    let err = fresh
        .verifier
        .verify(&fresh.token(&fresh.v2(CONTOSO), k))
        .await
        .unwrap_err();
    assert!(matches!(err, AuthError::KeysUnavailable { .. }), "{err}");
    assert_eq!(err.kind(), FailureKind::Unavailable);
    assert!(err.to_string().contains("500"), "{err}");
    server.fail(false);
    fresh
        .verifier
        .verify(&fresh.token(&fresh.v2(CONTOSO), k))
        .await
        .unwrap();
}

#[tokio::test]
async fn jwks_fetches_follow_no_redirect_read_a_bounded_body_and_time_out() {
    let k = &keys().issuer;
    let server = JwksServer::start(jwks(&[(k, Some(V2))])).await;
    let cases = [
        ("/redirect", "307"),
        ("/big", "larger than"),
        ("/slow", "request failed"),
    ];
    for (path, want) in cases {
        let mut cfg = config(&server.url(path), Duration::ZERO);
        cfg.max_jwks_bytes = 64 * 1024;
        cfg.fetch_timeout = std::time::Duration::from_millis(300);
        let e = ext(cfg);
        let started = std::time::Instant::now();
        let err = e
            .verifier
            .verify(&e.token(&e.v2(CONTOSO), k))
            .await
            .unwrap_err();
        assert!(
            matches!(err, AuthError::KeysUnavailable { .. }),
            "{path}: {err}"
        );
        assert!(err.to_string().contains(want), "{path}: {err}");
        assert!(
            started.elapsed() < std::time::Duration::from_secs(2),
            "{path} took {:?}",
            started.elapsed()
        );
    }
    assert_eq!(server.hits(), 0, "the redirect was not followed to /keys");
}

#[tokio::test]
async fn unusable_configurations_are_refused() {
    mscommerce_identity::install_crypto_provider();
    let dir = tempfile::tempdir().unwrap();
    let clock: Arc<dyn Clock> = Arc::new(ManualClock::new(start()));
    let keyring = Arc::new(KeyRing::open(dir.path(), clock.clone()).unwrap());
    let bad = |cfg: VerifierConfig| {
        Verifier::new(cfg, keyring.clone(), clock.clone())
            .unwrap_err()
            .to_string()
    };
    assert!(bad(VerifierConfig::default()).contains("no issuer is trusted"));
    assert!(bad(config("http://keys.example/keys", Duration::ZERO)).contains("must use https"));
    assert!(bad(config("ftp://127.0.0.1/keys", Duration::ZERO)).contains("must use https"));
    assert!(bad(config("not a url", Duration::ZERO)).contains("not a URL"));
    let mut twice = config("https://keys.example/keys", Duration::ZERO);
    twice.external[0].issuer = "https://x/{tenantid}/{tenantid}".into();
    assert!(bad(twice).contains("at most one"));
    // Loopback http and https anywhere are fine; so are Entra's defaults.
    for uri in [
        "http://127.0.0.1:1/keys",
        "http://[::1]:1/keys",
        "http://localhost/keys",
        "https://keys.example/keys",
    ] {
        Verifier::new(config(uri, Duration::ZERO), keyring.clone(), clock.clone()).unwrap();
    }
    let entra = VerifierConfig {
        external: vec![ExternalIssuer::entra_v2(), ExternalIssuer::entra_v1()],
        ..VerifierConfig::default()
    };
    Verifier::new(entra, keyring.clone(), clock.clone()).unwrap();
}
