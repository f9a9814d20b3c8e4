//! Token attacks (security-notes list A) against the built-in issuer: keys from the local key ring.

use aws_lc_rs::signature::{RSA_PKCS1_SHA384, RSA_PSS_SHA256};
use mscommerce_domain::{Clock, PrincipalKind};
use mscommerce_identity::{AuthError, FailureKind, KeyRing, TokenForm, Verifier, VerifierConfig};
use mscommerce_proto::{
    PUBLIC_CLIENT_ID, RESOURCE_APP_ID, RESOURCE_APP_URI, RESOURCE_DEFAULT_SCOPE, roles,
};
use serde_json::{Value, json};
use time::Duration;

use crate::common::*;

fn header(kid: &str) -> Value {
    json!({"alg": "RS256", "typ": "JWT", "kid": kid})
}

fn assert_refused(r: Result<mscommerce_domain::Principal, AuthError>, want: &str) -> AuthError {
    let err = r.expect_err("the token must be refused");
    assert!(
        err.to_string().contains(want),
        "expected '{want}' in: {err}"
    );
    assert_eq!(err.kind(), FailureKind::Unauthenticated, "{err}");
    err
}

#[tokio::test]
async fn tokens_of_the_idp_verify_as_user_and_as_app() {
    let env = env().await;
    let form = TokenForm {
        grant_type: Some("password".into()),
        client_id: Some(PUBLIC_CLIENT_ID.into()),
        username: Some("admin@contoso.example".into()),
        password: Some(PASSWORD.into()),
        scope: Some(RESOURCE_DEFAULT_SCOPE.into()),
        ..TokenForm::default()
    };
    let user = env.idp.token("contoso.example", &form, None).await.unwrap();
    let p = env.verifier.verify(&user.access_token).await.unwrap();
    assert_eq!(p.tenant, tid(CONTOSO));
    match p.kind {
        PrincipalKind::User {
            oid,
            upn,
            wids,
            scopes,
        } => {
            assert_eq!(oid, user_oid(1));
            assert_eq!(upn.as_deref(), Some("admin@contoso.example"));
            assert_eq!(wids, [roles::GLOBAL_ADMINISTRATOR, roles::USER]);
            assert_eq!(scopes, ["LicenseManager.AccessAsUser"]);
        }
        other => panic!("{other:?}"),
    }
    assert!(p_can_write(&env, &user.access_token).await);

    let form = TokenForm {
        grant_type: Some("client_credentials".into()),
        client_id: Some("contoso-automation".into()),
        client_secret: Some(SECRET.into()),
        scope: Some(RESOURCE_DEFAULT_SCOPE.into()),
        ..TokenForm::default()
    };
    let app = env.idp.token("contoso.example", &form, None).await.unwrap();
    let p = env.verifier.verify(&app.access_token).await.unwrap();
    assert_eq!(
        p.kind,
        PrincipalKind::App {
            app_id: "contoso-automation".into(),
            oid: Some(app_oid(1)),
            roles: vec![roles::POLICY_READ_WRITE.into()],
        }
    );
    // The second verification comes from the cache and says the same.
    assert_eq!(env.verifier.verify(&app.access_token).await.unwrap(), p);
}

async fn p_can_write(env: &Env, token: &str) -> bool {
    env.verifier.verify(token).await.unwrap().can_write()
}

#[tokio::test]
async fn things_that_are_not_jwts_are_refused_with_a_reason() {
    let env = env().await;
    let good = env.sign(&env.good_claims());
    let parts: Vec<&str> = good.split('.').collect();
    for (token, want) in [
        (String::new(), "empty"),
        ("abc".into(), "has 1"),
        (format!("{}.{}", parts[0], parts[1]), "has 2"),
        (format!("{good}.{}", parts[2]), "has 4"),
        (format!("{}.@@@.{}", parts[0], parts[2]), "not base64url"),
        (
            format!("{}.{}.{}", parts[0], "e30=", parts[2]),
            "not base64url",
        ),
        (
            format!("{}.{}.{}", b64raw("not json"), parts[1], parts[2]),
            "header is not JSON",
        ),
        (
            format!("{}.{}.{}", b64raw("[]"), parts[1], parts[2]),
            "not a JSON object",
        ),
        (
            format!("{}.{}.{}", parts[0], b64raw("{\"a\""), parts[2]),
            "claims is not JSON",
        ),
    ] {
        assert_refused(env.verifier.verify(&token).await, want);
    }
    // A huge token is refused before anything is parsed.
    let huge = "a".repeat(300 * 1024);
    let err = assert_refused(env.verifier.verify(&huge).await, "the limit is 16384");
    assert!(matches!(err, AuthError::TooLarge { .. }));
    let just_over = format!("{good}{}", "A".repeat(16 * 1024 + 1 - good.len()));
    assert!(matches!(
        env.verifier.verify(&just_over).await,
        Err(AuthError::TooLarge { .. })
    ));
}

fn b64raw(s: &str) -> String {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(s)
}

#[tokio::test]
async fn alg_none_hs256_with_the_public_key_and_other_algorithms_are_refused() {
    let env = env().await;
    let claims = env.good_claims();
    let ring = env.ring_key();
    let kid = ring.kid.clone();

    let none = json!({"alg": "none", "typ": "JWT", "kid": kid});
    assert_refused(
        env.verifier
            .verify(&jwt(&none, &claims, Sign::Raw("")))
            .await,
        "signature segment is empty",
    );
    assert_refused(
        env.verifier
            .verify(&jwt(&none, &claims, Sign::Raw("c2ln")))
            .await,
        "'none' is not accepted",
    );
    let none_upper = json!({"alg": "None", "kid": kid});
    assert_refused(
        env.verifier
            .verify(&jwt(&none_upper, &claims, Sign::Raw("c2ln")))
            .await,
        "not accepted",
    );

    // Key confusion: HMAC keyed with the public key, as PEM text and as DER bytes.
    let hs = json!({"alg": "HS256", "typ": "JWT", "kid": kid});
    let pem = ring.public_pem();
    for secret in [pem.as_bytes().to_vec(), ring.public_der()] {
        assert_refused(
            env.verifier
                .verify(&jwt(&hs, &claims, Sign::Hmac(&secret)))
                .await,
            "'HS256' is not accepted",
        );
    }
    // The right key, but an algorithm outside the allow-list.
    let rs384 = json!({"alg": "RS384", "typ": "JWT", "kid": kid});
    assert_refused(
        env.verifier
            .verify(&jwt(&rs384, &claims, Sign::Rsa(&ring, &RSA_PKCS1_SHA384)))
            .await,
        "'RS384' is not accepted",
    );
    let ps256 = json!({"alg": "PS256", "typ": "JWT", "kid": kid});
    assert_refused(
        env.verifier
            .verify(&jwt(&ps256, &claims, Sign::Rsa(&ring, &RSA_PSS_SHA256)))
            .await,
        "'PS256' is not accepted",
    );
    let es256 = json!({"alg": "ES256", "typ": "JWT", "kid": kid});
    assert_refused(
        env.verifier
            .verify(&jwt(&es256, &claims, Sign::Es256))
            .await,
        "'ES256' is not accepted",
    );
    // RS256 in the header but a PS256 signature does not verify either.
    assert_refused(
        env.verifier
            .verify(&jwt(
                &header(&kid),
                &claims,
                Sign::Rsa(&ring, &RSA_PSS_SHA256),
            ))
            .await,
        "signature does not verify",
    );
    // The control: the same key and claims with RS256 pass.
    env.verifier
        .verify(&jwt(&header(&kid), &claims, rs256(&ring)))
        .await
        .unwrap();
}

#[tokio::test]
async fn kid_absent_unknown_or_injected_is_refused() {
    let env = env().await;
    let claims = env.good_claims();
    let ring = env.ring_key();
    let no_kid = json!({"alg": "RS256", "typ": "JWT"});
    assert_refused(
        env.verifier
            .verify(&jwt(&no_kid, &claims, rs256(&ring)))
            .await,
        "no key id",
    );
    for kid in ["unknown", "../../etc/passwd", "' OR 1=1--", "", "a\"b\r\nc"] {
        let err = env
            .verifier
            .verify(&jwt(&header(kid), &claims, rs256(&ring)))
            .await
            .unwrap_err();
        assert!(
            matches!(
                err,
                AuthError::UnknownSigningKey { .. } | AuthError::MissingKeyId
            ),
            "{kid}: {err}"
        );
        // Whatever the kid holds, the text echoed into the header has no quote or control
        // character (the server's header sanitizer is a second guard, not the only one).
        let text = err.to_string();
        assert!(
            !text.contains('"') && !text.contains('\\') && !text.chars().any(char::is_control),
            "{text}"
        );
    }
    let numeric_kid = json!({"alg": "RS256", "kid": 7});
    assert_refused(
        env.verifier
            .verify(&jwt(&numeric_kid, &claims, rs256(&ring)))
            .await,
        "'kid' is not a string",
    );
}

#[tokio::test]
async fn jku_x5u_and_embedded_jwk_are_ignored_and_never_fetched() {
    let env = env().await;
    let claims = env.good_claims();
    let attacker = &keys().attacker;
    let evil = JwksServer::start(json!({"keys": [attacker.jwk(None)]})).await;
    let ring_kid = env.keyring.active_kid();
    for kid in [attacker.kid.as_str(), ring_kid.as_str()] {
        let h = json!({
            "alg": "RS256", "typ": "JWT", "kid": kid,
            "jku": evil.url("/keys"), "x5u": evil.url("/keys"), "jwk": attacker.jwk(None),
        });
        let err = env
            .verifier
            .verify(&jwt(&h, &claims, rs256(attacker)))
            .await
            .unwrap_err();
        assert!(
            matches!(
                err,
                AuthError::UnknownSigningKey { .. } | AuthError::BadSignature
            ),
            "{err}"
        );
    }
    assert_eq!(
        evil.hits(),
        0,
        "the verifier fetched the attacker's key set"
    );
}

#[tokio::test]
async fn critical_header_extensions_and_odd_typ_are_refused() {
    let env = env().await;
    let claims = env.good_claims();
    let ring = env.ring_key();
    let crit = json!({"alg": "RS256", "kid": ring.kid, "crit": ["exp"], "exp": 1});
    assert_refused(
        env.verifier
            .verify(&jwt(&crit, &claims, rs256(&ring)))
            .await,
        "critical",
    );
    let b64 = json!({"alg": "RS256", "kid": ring.kid, "crit": ["b64"], "b64": false});
    assert_refused(
        env.verifier.verify(&jwt(&b64, &claims, rs256(&ring))).await,
        "critical",
    );
    let typ = json!({"alg": "RS256", "kid": ring.kid, "typ": "JWE"});
    assert_refused(
        env.verifier.verify(&jwt(&typ, &claims, rs256(&ring))).await,
        "'typ'",
    );
    let at_jwt = json!({"alg": "RS256", "kid": ring.kid, "typ": "at+jwt"});
    env.verifier
        .verify(&jwt(&at_jwt, &claims, rs256(&ring)))
        .await
        .unwrap();
}

#[tokio::test]
async fn a_key_the_issuer_never_published_does_not_verify() {
    let env = env().await;
    let claims = env.good_claims();
    // The attacker signs with their own key but names our kid.
    let forged = jwt(
        &header(&env.keyring.active_kid()),
        &claims,
        rs256(&keys().attacker),
    );
    assert_refused(
        env.verifier.verify(&forged).await,
        "signature does not verify",
    );
    // A tampered payload under a genuine signature.
    let genuine = env.sign(&claims);
    let mut tampered_claims = claims.clone();
    tampered_claims["wids"] = json!([roles::GLOBAL_ADMINISTRATOR, roles::BILLING_ADMINISTRATOR]);
    let parts: Vec<&str> = genuine.split('.').collect();
    let tampered = format!("{}.{}.{}", parts[0], b64json(&tampered_claims), parts[2]);
    assert_refused(
        env.verifier.verify(&tampered).await,
        "signature does not verify",
    );
}

#[tokio::test]
async fn exp_nbf_and_iat_edges_with_the_leeway() {
    let env = env().await;
    let now = env.clock.now().unix_timestamp();
    let with = |patch: Value| {
        let mut c = env.good_claims();
        for (k, v) in patch.as_object().unwrap() {
            if v.is_null() {
                c.as_object_mut().unwrap().remove(k);
            } else {
                c[k] = v.clone();
            }
        }
        env.sign(&c)
    };
    // exp: expired by leeway - 1 s passes, by leeway + 1 s fails.
    env.verifier
        .verify(&with(json!({"exp": now - 59})))
        .await
        .unwrap();
    env.verifier
        .verify(&with(json!({"exp": now - 60})))
        .await
        .unwrap();
    assert_refused(
        env.verifier.verify(&with(json!({"exp": now - 61}))).await,
        "expired at",
    );
    // nbf: in the future within the leeway passes, beyond it fails.
    env.verifier
        .verify(&with(json!({"nbf": now + 59})))
        .await
        .unwrap();
    assert_refused(
        env.verifier.verify(&with(json!({"nbf": now + 61}))).await,
        "not valid before",
    );
    // iat far in the future fails.
    env.verifier
        .verify(&with(json!({"iat": now + 59})))
        .await
        .unwrap();
    assert_refused(
        env.verifier.verify(&with(json!({"iat": now + 3600}))).await,
        "issued in the future",
    );
    env.verifier
        .verify(&with(json!({"iat": null})))
        .await
        .unwrap();
    // Missing or wrong-typed time claims (CVE-2026-25537 regression).
    assert_refused(
        env.verifier.verify(&with(json!({"exp": null}))).await,
        "no 'exp' claim",
    );
    assert_refused(
        env.verifier.verify(&with(json!({"nbf": null}))).await,
        "no 'nbf' claim",
    );
    for v in [
        json!("never"),
        json!("99999999999"),
        json!(true),
        json!([now + 60]),
    ] {
        assert_refused(
            env.verifier.verify(&with(json!({ "exp": v }))).await,
            "'exp' claim must be a number",
        );
    }
    assert_refused(
        env.verifier.verify(&with(json!({"nbf": "0"}))).await,
        "'nbf' claim must be a number",
    );
    assert_refused(
        env.verifier.verify(&with(json!({"iat": "0"}))).await,
        "'iat' claim must be a number",
    );
}

#[tokio::test]
async fn a_cached_token_follows_the_clock() {
    let env = env().await;
    let token = env.sign(&env.good_claims());
    env.verifier.verify(&token).await.unwrap();
    // Replayed before exp: accepted (bearer semantics). After exp + leeway: refused, cache or not.
    env.clock.advance(Duration::seconds(3600 + 60));
    env.verifier.verify(&token).await.unwrap();
    env.clock.advance(Duration::seconds(1));
    assert_refused(env.verifier.verify(&token).await, "expired at");
    // A clock set back before nbf refuses a token that was verified and cached earlier.
    env.clock.set(start());
    let token = env.sign(&env.good_claims());
    env.verifier.verify(&token).await.unwrap();
    env.clock.set(start() - Duration::minutes(5));
    assert_refused(env.verifier.verify(&token).await, "not valid before");
}

#[tokio::test]
async fn audience_issuer_tenant_and_version_rules() {
    let env = env().await;
    let with = |k: &str, v: Value| {
        let mut c = env.good_claims();
        if v.is_null() {
            c.as_object_mut().unwrap().remove(k);
        } else {
            c[k] = v;
        }
        env.sign(&c)
    };
    // Audience: another API, ours plus another, the v1 URI form on a v2 token, an ID token
    // (whose audience is the client), none at all.
    assert_refused(
        env.verifier
            .verify(&with("aud", json!("00000003-0000-0000-c000-000000000000")))
            .await,
        "wrong audience",
    );
    assert_refused(
        env.verifier
            .verify(&with("aud", json!([RESOURCE_APP_ID, "other"])))
            .await,
        "wrong audience",
    );
    assert_refused(
        env.verifier
            .verify(&with("aud", json!(RESOURCE_APP_URI)))
            .await,
        "wrong audience",
    );
    assert_refused(
        env.verifier
            .verify(&with("aud", json!(PUBLIC_CLIENT_ID)))
            .await,
        "wrong audience",
    );
    assert_refused(
        env.verifier.verify(&with("aud", Value::Null)).await,
        "no 'aud' claim",
    );
    env.verifier
        .verify(&with("aud", json!([RESOURCE_APP_ID])))
        .await
        .unwrap();

    // Issuer: another host, a look-alike host, a trailing slash, a v1-style issuer, none.
    let contoso_iss = env.issuer(CONTOSO);
    for iss in [
        format!("https://login.microsoftonline.com/{CONTOSO}/v2.0"),
        format!("http://idp.test.evil/{CONTOSO}/v2.0"),
        format!("{contoso_iss}/"),
        format!("https://sts.windows.net/{CONTOSO}/"),
        format!("{BASE}/{CONTOSO}"),
    ] {
        assert_refused(
            env.verifier.verify(&with("iss", json!(iss))).await,
            "is not trusted",
        );
    }
    assert_refused(
        env.verifier.verify(&with("iss", Value::Null)).await,
        "no 'iss' claim",
    );
    // The issuer names another tenant than tid.
    assert_refused(
        env.verifier
            .verify(&with("iss", json!(env.issuer(FABRIKAM))))
            .await,
        "names another tenant",
    );
    // tid: not a GUID, the MSA consumer tenant, missing.
    let mut c = env.good_claims();
    c["tid"] = json!("contoso.example");
    c["iss"] = json!(env.issuer("contoso.example"));
    assert_refused(
        env.verifier.verify(&env.sign(&c)).await,
        "is not a tenant id",
    );
    let msa = "9188040d-6c67-4c5b-b112-36a304b66dad";
    let mut c = env.good_claims();
    c["tid"] = json!(msa);
    c["iss"] = json!(env.issuer(msa));
    assert_refused(
        env.verifier.verify(&env.sign(&c)).await,
        "personal Microsoft accounts",
    );
    assert_refused(
        env.verifier.verify(&with("tid", Value::Null)).await,
        "no 'tid' claim",
    );
    // Version: the built-in issuer issues v2 only.
    assert_refused(
        env.verifier.verify(&with("ver", json!("1.0"))).await,
        "version '1.0'",
    );
    assert_refused(
        env.verifier.verify(&with("ver", Value::Null)).await,
        "no 'ver' claim",
    );
}

#[tokio::test]
async fn scope_and_token_kind_rules() {
    let env = env().await;
    let mut c = env.good_claims();
    c["scp"] = json!("User.Read");
    let err = env.verifier.verify(&env.sign(&c)).await.unwrap_err();
    assert!(matches!(err, AuthError::MissingScope(_)), "{err}");
    assert_eq!(err.kind(), FailureKind::Forbidden);

    let mut c = env.good_claims();
    c.as_object_mut().unwrap().remove("scp");
    assert_refused(
        env.verifier.verify(&env.sign(&c)).await,
        "neither a delegated token",
    );
    c["idtyp"] = json!("app");
    c["azp"] = json!("some-app");
    let p = env.verifier.verify(&env.sign(&c)).await.unwrap();
    assert!(matches!(p.kind, PrincipalKind::App { ref roles, .. } if roles.is_empty()));
    c["scp"] = json!("LicenseManager.AccessAsUser");
    assert_refused(env.verifier.verify(&env.sign(&c)).await, "both delegated");
}

#[tokio::test]
async fn rotation_keeps_old_tokens_valid_until_the_old_key_retires() {
    let env = env().await;
    let mut c = env.good_claims();
    // Long-lived, so only the key's retirement can end it.
    c["exp"] = json!(env.clock.now().unix_timestamp() + 3 * 3600);
    let old_token = env.sign(&c);
    let old_kid = segment(&old_token, 0)["kid"].as_str().unwrap().to_owned();
    env.verifier.verify(&old_token).await.unwrap();

    let new_kid = env.keyring.rotate_with(Duration::hours(1)).unwrap();
    assert_ne!(new_kid, old_kid);
    let new_token = env.sign(&env.good_claims());
    assert_eq!(segment(&new_token, 0)["kid"], new_kid.as_str());
    env.verifier.verify(&new_token).await.unwrap();
    env.verifier.verify(&old_token).await.unwrap();
    let published: Vec<String> = env.idp.jwks().keys.into_iter().map(|k| k.kid).collect();
    assert_eq!(published, [new_kid.clone(), old_kid.clone()]);

    env.clock.advance(Duration::minutes(59));
    env.verifier.verify(&old_token).await.unwrap();
    env.clock.advance(Duration::minutes(1));
    // Retired: refused even though the verification was cached.
    assert_refused(env.verifier.verify(&old_token).await, "unknown signing key");
    let published: Vec<String> = env.idp.jwks().keys.into_iter().map(|k| k.kid).collect();
    assert_eq!(published, [new_kid]);
}

#[tokio::test]
async fn a_rotation_by_another_process_is_picked_up_on_an_unknown_kid() {
    let env = env().await;
    // The admin CLI opens the same directory and rotates while the server runs.
    let admin = KeyRing::open(env.keyring.dir(), env.clock.clone()).unwrap();
    let new_kid = admin.rotate_with(Duration::hours(1)).unwrap();
    let token = admin.sign(&env.good_claims()).unwrap();
    assert_eq!(segment(&token, 0)["kid"], new_kid.as_str());
    env.verifier.verify(&token).await.unwrap();
    // And the server's own signing switches to the new key.
    assert_eq!(
        segment(&env.sign(&env.good_claims()), 0)["kid"],
        new_kid.as_str()
    );

    // With the default 5-minute refresh interval, a second unknown kid right after a reload
    // does not reload again; after the interval it does.
    let verifier = Verifier::new(
        VerifierConfig {
            builtin_base_url: Some(BASE.into()),
            ..VerifierConfig::default()
        },
        env.keyring.clone(),
        env.clock.clone(),
    )
    .unwrap();
    let first = env.ring_key();
    let bogus = jwt(&header("bogus"), &env.good_claims(), rs256(&first));
    assert!(verifier.verify(&bogus).await.is_err());
    let newer = admin.rotate_with(Duration::hours(1)).unwrap();
    let token = admin.sign(&env.good_claims()).unwrap();
    assert_eq!(segment(&token, 0)["kid"], newer.as_str());
    assert_refused(verifier.verify(&token).await, "unknown signing key");
    env.clock.advance(Duration::minutes(5));
    verifier.verify(&token).await.unwrap();
}
