//! The token attacks of security-notes.md (A), through the socket: each must be a 401 with
//! `WWW-Authenticate: Bearer error="invalid_token"`, and a control token forged the same way
//! but without the flaw must pass (so the tests cannot pass by refusing everything).

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::*;

const PATH: &str = "/v1.0/policies/AllowSelfServicePurchase/products";

async fn status_with(app: &TestApp, auth: &[&str]) -> Reply {
    let mut req = app.http.get(format!("{}{PATH}", app.url));
    for a in auth {
        req = req.header("authorization", *a);
    }
    read(req.send().await.unwrap()).await
}

fn assert_401(r: &Reply, what: &str) {
    assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{what}: {}", r.text);
    let www = r.header("www-authenticate").unwrap_or("");
    assert!(
        www.starts_with("Bearer") && www.contains("error=\"invalid_token\""),
        "{what}: {www}"
    );
    assert_eq!(r.error_code(), "InvalidToken", "{what}");
}

async fn refused(app: &TestApp, token: &str, what: &str) {
    let r = status_with(app, &[&format!("Bearer {token}")]).await;
    assert_401(&r, what);
}

fn unsigned(header: &Value, claims: &Value, signature: &str) -> String {
    format!(
        "{}.{}.{signature}",
        B64.encode(header.to_string()),
        B64.encode(claims.to_string())
    )
}

#[tokio::test]
async fn missing_and_malformed_tokens() {
    let app = spawn_app().await;
    let good = app.user_token("admin@contoso.example").await;
    assert_401(&status_with(&app, &[]).await, "no header");
    assert_401(
        &status_with(&app, &["Basic YWRtaW46cGFzc3dvcmQ="]).await,
        "basic",
    );
    assert_401(&status_with(&app, &["Bearer "]).await, "empty bearer");
    assert_401(&status_with(&app, &["Bearer"]).await, "bare scheme");
    let twice = format!("Bearer {good}");
    assert_401(&status_with(&app, &[&twice, &twice]).await, "two headers");
    for bad in [
        "abc",
        "a.b",
        "a.b.c.d",
        "!!!.@@@.###",
        &format!("{}.e30.c2ln", B64.encode("not json")),
        &format!("{}x", good),
        &"A".repeat(300 * 1024),
    ] {
        refused(&app, bad, &bad.chars().take(40).collect::<String>()).await;
    }
    // The control: the real token passes.
    assert_eq!(
        status_with(&app, &[&format!("Bearer {good}")]).await.status,
        StatusCode::OK
    );
    // The scheme is case-insensitive (RFC 7235).
    assert_eq!(
        status_with(&app, &[&format!("bearer {good}")]).await.status,
        StatusCode::OK
    );
    // Bytes a header may carry but a token may not, after a token verified already (the
    // answers from memory compare bytes and take only a token seen before) or alone: 401.
    for (what, value) in [
        (
            "verified token and more",
            format!("Bearer {good}\u{e9}").into_bytes(),
        ),
        ("Latin-1 bytes", b"Bearer \xff\xfe".to_vec()),
        (
            "tab inside",
            format!("Bearer {}\t{}", &good[..10], &good[10..]).into_bytes(),
        ),
    ] {
        let r = app
            .http
            .get(format!("{}{PATH}", app.url))
            .header(
                "authorization",
                reqwest::header::HeaderValue::from_bytes(&value).unwrap(),
            )
            .send()
            .await
            .unwrap();
        assert_401(&read(r).await, what);
    }
    // Whitespace around the token is not part of it, on either path.
    assert_eq!(
        status_with(&app, &[&format!("Bearer  {good} ")])
            .await
            .status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn forged_tokens() {
    let app = spawn_app().await;
    let claims = app.admin_claims();

    // Control: forged with the server's own key and nothing wrong, it passes.
    let control = app.forge(&claims);
    assert_eq!(
        status_with(&app, &[&format!("Bearer {control}")])
            .await
            .status,
        StatusCode::OK
    );

    // alg=none, with and without a signature.
    refused(
        &app,
        &unsigned(&json!({"alg": "none", "typ": "JWT"}), &claims, ""),
        "alg none",
    )
    .await;
    refused(
        &app,
        &unsigned(&json!({"alg": "none", "typ": "JWT"}), &claims, "AAAA"),
        "alg none sig",
    )
    .await;

    // HS256 signed with the RSA public key (key confusion).
    let kid = app.keyring().active_kid();
    let jwks = app.keyring().jwks(None);
    let jwk = jwks.keys.iter().find(|k| k.kid == kid).unwrap();
    let public_der = rsa_public_key_der(&B64.decode(&jwk.n).unwrap(), &B64.decode(&jwk.e).unwrap());
    let mut header = jsonwebtoken::Header::new(jsonwebtoken::Algorithm::HS256);
    header.kid = Some(kid.clone());
    let hs = jsonwebtoken::encode(
        &header,
        &claims,
        &jsonwebtoken::EncodingKey::from_secret(&public_der),
    )
    .unwrap();
    refused(&app, &hs, "HS256 with the public key").await;

    let altered = |f: &dyn Fn(&mut Value)| {
        let mut c = claims.clone();
        f(&mut c);
        app.forge(&c)
    };
    let now = app.clock.now_ts();
    let cases: Vec<(&str, String)> = vec![
        ("expired", altered(&|c| c["exp"] = json!(now - 120))),
        ("not yet valid", altered(&|c| c["nbf"] = json!(now + 600))),
        (
            "issued in the future",
            altered(&|c| c["iat"] = json!(now + 600)),
        ),
        (
            "no exp",
            altered(&|c| {
                c.as_object_mut().unwrap().remove("exp");
            }),
        ),
        (
            "no nbf",
            altered(&|c| {
                c.as_object_mut().unwrap().remove("nbf");
            }),
        ),
        (
            "exp as a string",
            altered(&|c| c["exp"] = json!("99999999999")),
        ),
        (
            "wrong audience",
            altered(&|c| c["aud"] = json!("00000003-0000-0000-c000-000000000000")),
        ),
        (
            "no audience",
            altered(&|c| {
                c.as_object_mut().unwrap().remove("aud");
            }),
        ),
        (
            "an ID token (aud = the client)",
            altered(&|c| c["aud"] = json!(mscommerce_proto::PUBLIC_CLIENT_ID)),
        ),
        (
            "api:// audience on a v2 token",
            altered(&|c| c["aud"] = json!(mscommerce_proto::RESOURCE_APP_URI)),
        ),
        (
            "wrong issuer host",
            altered(&|c| {
                c["iss"] = json!(format!(
                    "https://login.microsoftonline.com.evil/{}/v2.0",
                    contoso()
                ));
            }),
        ),
        (
            "no issuer",
            altered(&|c| {
                c.as_object_mut().unwrap().remove("iss");
            }),
        ),
        (
            "another tenant's issuer",
            altered(&|c| c["iss"] = json!(app.issuer(&fabrikam()))),
        ),
        (
            "tid not a GUID",
            altered(&|c| c["tid"] = json!("contoso.example")),
        ),
        (
            "personal-account tenant",
            altered(&|c| {
                c["tid"] = json!(mscommerce_identity::MSA_TENANT_ID);
                c["iss"] = json!(format!(
                    "{}/{}/v2.0",
                    app.url,
                    mscommerce_identity::MSA_TENANT_ID
                ));
            }),
        ),
        (
            "neither user nor app",
            altered(&|c| {
                c.as_object_mut().unwrap().remove("scp");
            }),
        ),
    ];
    for (what, token) in cases {
        refused(&app, &token, what).await;
    }

    // Signed by a key this issuer never published.
    let stranger = tempfile::tempdir().unwrap();
    let stranger_keys =
        mscommerce_identity::KeyRing::open(stranger.path().join("keys"), app.clock.clone())
            .unwrap();
    refused(
        &app,
        &stranger_keys.sign(&claims).unwrap(),
        "unpublished key",
    )
    .await;
}

#[tokio::test]
async fn expired_tokens_are_refused_when_the_clock_passes_exp() {
    let app = spawn_app().await;
    let token = app.user_token("admin@contoso.example").await;
    assert_eq!(app.get(PATH, &token).await.status, StatusCode::OK);
    // Within the leeway: still accepted (and cached).
    app.clock.advance(time::Duration::seconds(3600 + 30));
    assert_eq!(app.get(PATH, &token).await.status, StatusCode::OK);
    // Past exp + leeway: refused, cache or not.
    app.clock.advance(time::Duration::seconds(60));
    let r = app.get(PATH, &token).await;
    assert_401(&r, "expired");
    assert!(
        r.header("www-authenticate").unwrap().contains("expired"),
        "{:?}",
        r.header("www-authenticate")
    );
}

#[tokio::test]
async fn rotated_keys_keep_old_tokens_valid_until_retired() {
    let app = spawn_app().await;
    let old = app.user_token("admin@contoso.example").await;
    let ring = app.keyring();
    ring.rotate_with(time::Duration::seconds(3660)).unwrap();
    // Tokens signed before the rotation still pass; new tokens use the new key.
    assert_eq!(app.get(PATH, &old).await.status, StatusCode::OK);
    let new = app.user_token("admin@contoso.example").await;
    assert_eq!(app.get(PATH, &new).await.status, StatusCode::OK);
    let kid = |t: &str| jsonwebtoken::decode_header(t).unwrap().kid.unwrap();
    assert_ne!(kid(&old), kid(&new));
    // Both keys are published.
    let r = read(
        app.http
            .get(format!("{}/contoso.example/discovery/v2.0/keys", app.url))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(r.body["keys"].as_array().unwrap().len(), 2, "{}", r.text);
}

/// PKCS#1 RSAPublicKey DER: SEQUENCE { INTEGER n, INTEGER e }, what an attacker would use as an
/// HMAC secret.
fn rsa_public_key_der(n: &[u8], e: &[u8]) -> Vec<u8> {
    fn len(l: usize) -> Vec<u8> {
        if l < 128 {
            vec![l as u8]
        } else {
            let bytes: Vec<u8> = l
                .to_be_bytes()
                .iter()
                .copied()
                .skip_while(|b| *b == 0)
                .collect();
            let mut v = vec![0x80 | bytes.len() as u8];
            v.extend(bytes);
            v
        }
    }
    fn int(x: &[u8]) -> Vec<u8> {
        let mut body = Vec::new();
        if x.first().is_some_and(|b| b & 0x80 != 0) {
            body.push(0);
        }
        body.extend_from_slice(x);
        let mut v = vec![0x02];
        v.extend(len(body.len()));
        v.extend(body);
        v
    }
    let mut body = int(n);
    body.extend(int(e));
    let mut v = vec![0x30];
    v.extend(len(body.len()));
    v.extend(body);
    v
}
