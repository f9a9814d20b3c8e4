//! The token endpoint's password, client-credentials and refresh-token grants, discovery and JWKS.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use mscommerce_domain::{Clock, PrincipalKind};
use mscommerce_identity::{FailureKind, IdpError, TokenForm};
use mscommerce_proto::{
    CLIENT_ASSERTION_JWT, PUBLIC_CLIENT_ID, RESOURCE_APP_ID, RESOURCE_DEFAULT_SCOPE, TokenResponse,
    roles,
};
use serde_json::{Value, json};
use time::Duration;

use crate::common::*;

stories!(
    password_grant_issues_entra_shaped_tokens,
    password_grant_tenant_forms,
    password_grant_errors,
    client_credentials_with_a_secret,
    client_credentials_with_a_certificate_assertion,
    refresh_tokens_rotate_and_are_single_use,
    user_sign_ins_answer_an_id_token_and_client_info,
    discovery_and_jwks,
);

fn password(user: &str, pw: &str) -> TokenForm {
    TokenForm {
        grant_type: Some("password".into()),
        client_id: Some(PUBLIC_CLIENT_ID.into()),
        username: Some(user.into()),
        password: Some(pw.into()),
        scope: Some(RESOURCE_DEFAULT_SCOPE.into()),
        ..TokenForm::default()
    }
}

fn client_credentials(client: &str, secret: Option<&str>) -> TokenForm {
    TokenForm {
        grant_type: Some("client_credentials".into()),
        client_id: Some(client.into()),
        client_secret: secret.map(str::to_owned),
        scope: Some(RESOURCE_DEFAULT_SCOPE.into()),
        ..TokenForm::default()
    }
}

/// Asserts the Entra error name, AADSTS code and kind (the HTTP status, through the server), and the error body's shape.
fn refused(
    env: &Env,
    r: Result<TokenResponse, IdpError>,
    error: &str,
    code: u32,
    kind: FailureKind,
) {
    let err = r.expect_err("the request must be refused");
    let body = env.idp.oauth_error(&err, Some("corr-1"));
    assert_eq!(
        (body.error.as_str(), body.error_codes.as_slice(), err.kind()),
        (error, &[code][..], kind),
        "{err}"
    );
    assert!(
        body.error_description
            .starts_with(&format!("AADSTS{code}: ")),
        "{}",
        body.error_description
    );
    assert_eq!(body.correlation_id, "corr-1");
    let expected = env
        .clock
        .now()
        .format(time::macros::format_description!(
            "[year]-[month]-[day] [hour]:[minute]:[second]Z"
        ))
        .unwrap();
    assert_eq!(body.timestamp, expected);
    assert_eq!(body.trace_id.len(), 36);
}

async fn password_grant_issues_entra_shaped_tokens(env: Env) {
    let form = TokenForm {
        scope: Some(format!(
            "{RESOURCE_DEFAULT_SCOPE} offline_access openid profile"
        )),
        ..password("Admin@Contoso.example", PASSWORD)
    };
    let r = env.idp.token("contoso.example", &form, None).await.unwrap();
    assert_eq!(r.token_type, "Bearer");
    assert_eq!(r.expires_in, 3600);
    assert_eq!(r.ext_expires_in, Some(3600));
    assert_eq!(
        r.scope,
        format!("{RESOURCE_APP_ID}/LicenseManager.AccessAsUser offline_access openid profile")
    );
    assert!(r.refresh_token.as_deref().is_some_and(|t| t.len() >= 43));
    let header = segment(&r.access_token, 0);
    assert_eq!(
        header,
        json!({"alg": "RS256", "typ": "JWT", "kid": env.keyring.active_kid()})
    );
    let c = segment(&r.access_token, 1);
    let now = start().unix_timestamp();
    assert_eq!(c["aud"], RESOURCE_APP_ID);
    assert_eq!(c["iss"], format!("{BASE}/{CONTOSO}/v2.0"));
    assert_eq!(c["tid"], CONTOSO);
    assert_eq!(c["oid"], user_oid(1).to_string());
    assert_eq!(c["ver"], "2.0");
    assert_eq!(
        (c["iat"].as_i64(), c["nbf"].as_i64(), c["exp"].as_i64()),
        (Some(now), Some(now), Some(now + 3600))
    );
    assert_eq!(c["scp"], "LicenseManager.AccessAsUser");
    assert_eq!(c["wids"], json!([roles::GLOBAL_ADMINISTRATOR, roles::USER]));
    assert_eq!(c["upn"], "admin@contoso.example");
    assert_eq!(c["preferred_username"], "admin@contoso.example");
    assert_eq!(c["name"], "admin");
    assert_eq!(c["azp"], PUBLIC_CLIENT_ID);
    assert_eq!(c["azpacr"], "0");
    assert!(c["uti"].as_str().is_some_and(|u| u.len() == 22));
    assert!(c.get("idtyp").is_none() && c.get("roles").is_none());
    // A plain member still carries the default User role, and nothing else.
    let r = env
        .idp
        .token(
            "contoso.example",
            &password("plain@contoso.example", PASSWORD),
            None,
        )
        .await
        .unwrap();
    assert_eq!(segment(&r.access_token, 1)["wids"], json!([roles::USER]));
    // Two tokens never share an id.
    let again = env
        .idp
        .token(
            "contoso.example",
            &password("plain@contoso.example", PASSWORD),
            None,
        )
        .await
        .unwrap();
    assert_ne!(
        segment(&again.access_token, 1)["uti"],
        segment(&r.access_token, 1)["uti"]
    );
}

async fn password_grant_tenant_forms(env: Env) {
    for tenant in [CONTOSO, "CONTOSO.EXAMPLE", "organizations", "common"] {
        let r = env
            .idp
            .token(tenant, &password("admin@contoso.example", PASSWORD), None)
            .await;
        let r = r.unwrap_or_else(|e| panic!("{tenant}: {e}"));
        assert_eq!(segment(&r.access_token, 1)["tid"], CONTOSO);
    }
    // A user of another tenant cannot sign in at this tenant: same answer as a wrong password.
    refused(
        &env,
        env.idp
            .token(
                "fabrikam.example",
                &password("admin@contoso.example", PASSWORD),
                None,
            )
            .await,
        "invalid_grant",
        50126,
        FailureKind::BadRequest,
    );
    refused(
        &env,
        env.idp
            .token(
                "nosuch.example",
                &password("admin@contoso.example", PASSWORD),
                None,
            )
            .await,
        "invalid_request",
        90002,
        FailureKind::BadRequest,
    );
    refused(
        &env,
        env.idp
            .token(
                "consumers",
                &password("admin@contoso.example", PASSWORD),
                None,
            )
            .await,
        "invalid_request",
        90002,
        FailureKind::BadRequest,
    );
}

async fn password_grant_errors(env: Env) {
    let t = "contoso.example";
    refused(
        &env,
        env.idp
            .token(t, &password("admin@contoso.example", "wrong"), None)
            .await,
        "invalid_grant",
        50126,
        FailureKind::BadRequest,
    );
    // An unknown user gets exactly the same answer as a wrong password.
    refused(
        &env,
        env.idp
            .token(t, &password("nobody@contoso.example", PASSWORD), None)
            .await,
        "invalid_grant",
        50126,
        FailureKind::BadRequest,
    );
    refused(
        &env,
        env.idp
            .token(t, &password("disabled@contoso.example", PASSWORD), None)
            .await,
        "invalid_grant",
        50057,
        FailureKind::BadRequest,
    );
    // The disabled account's status is not revealed to a wrong password.
    refused(
        &env,
        env.idp
            .token(t, &password("disabled@contoso.example", "wrong"), None)
            .await,
        "invalid_grant",
        50126,
        FailureKind::BadRequest,
    );

    let form = TokenForm {
        client_id: Some("no-such-app".into()),
        ..password("admin@contoso.example", PASSWORD)
    };
    refused(
        &env,
        env.idp.token(t, &form, None).await,
        "unauthorized_client",
        700016,
        FailureKind::BadRequest,
    );
    let form = TokenForm {
        client_id: None,
        ..password("admin@contoso.example", PASSWORD)
    };
    refused(
        &env,
        env.idp.token(t, &form, None).await,
        "invalid_request",
        900144,
        FailureKind::BadRequest,
    );
    let form = TokenForm {
        username: None,
        ..password("admin@contoso.example", PASSWORD)
    };
    refused(
        &env,
        env.idp.token(t, &form, None).await,
        "invalid_request",
        900144,
        FailureKind::BadRequest,
    );
    let form = TokenForm {
        password: Some(String::new()),
        ..password("admin@contoso.example", PASSWORD)
    };
    refused(
        &env,
        env.idp.token(t, &form, None).await,
        "invalid_request",
        900144,
        FailureKind::BadRequest,
    );
    for scope in [
        "https://graph.microsoft.com/.default",
        "openid profile",
        "User.Read",
    ] {
        let form = TokenForm {
            scope: Some(scope.into()),
            ..password("admin@contoso.example", PASSWORD)
        };
        refused(
            &env,
            env.idp.token(t, &form, None).await,
            "invalid_scope",
            70011,
            FailureKind::BadRequest,
        );
    }
    let form = TokenForm {
        grant_type: Some("urn:ietf:params:oauth:grant-type:saml2-bearer".into()),
        ..password("admin@contoso.example", PASSWORD)
    };
    refused(
        &env,
        env.idp.token(t, &form, None).await,
        "unsupported_grant_type",
        70003,
        FailureKind::BadRequest,
    );
    // The authorization code grant exists (issue 10), and wants its code.
    let form = TokenForm {
        grant_type: Some("authorization_code".into()),
        ..password("admin@contoso.example", PASSWORD)
    };
    refused(
        &env,
        env.idp.token(t, &form, None).await,
        "invalid_request",
        900144,
        FailureKind::BadRequest,
    );
    let form = TokenForm {
        grant_type: None,
        ..password("admin@contoso.example", PASSWORD)
    };
    refused(
        &env,
        env.idp.token(t, &form, None).await,
        "invalid_request",
        900144,
        FailureKind::BadRequest,
    );

    // A public client must not present a secret; a confidential app must authenticate.
    let form = TokenForm {
        client_secret: Some("x".into()),
        ..password("admin@contoso.example", PASSWORD)
    };
    refused(
        &env,
        env.idp.token(t, &form, None).await,
        "invalid_client",
        700025,
        FailureKind::Unauthenticated,
    );
    let form = TokenForm {
        client_id: Some("contoso-automation".into()),
        ..password("admin@contoso.example", PASSWORD)
    };
    refused(
        &env,
        env.idp.token(t, &form, None).await,
        "invalid_client",
        7000218,
        FailureKind::Unauthenticated,
    );
    let form = TokenForm {
        client_id: Some("contoso-automation".into()),
        client_secret: Some(SECRET.into()),
        ..password("admin@contoso.example", PASSWORD)
    };
    let r = env.idp.token(t, &form, None).await.unwrap();
    assert_eq!(segment(&r.access_token, 1)["azp"], "contoso-automation");
    assert_eq!(segment(&r.access_token, 1)["azpacr"], "1");
    // An app without credentials acts as a public client.
    let form = TokenForm {
        client_id: Some("contoso-public".into()),
        ..password("admin@contoso.example", PASSWORD)
    };
    env.idp.token(t, &form, None).await.unwrap();
}

async fn client_credentials_with_a_secret(env: Env) {
    let t = "contoso.example";
    let r = env
        .idp
        .token(
            t,
            &client_credentials("contoso-automation", Some(SECRET)),
            None,
        )
        .await
        .unwrap();
    assert_eq!(
        r.refresh_token, None,
        "client credentials never get a refresh token"
    );
    assert_eq!(r.scope, RESOURCE_DEFAULT_SCOPE);
    let c = segment(&r.access_token, 1);
    assert_eq!(c["idtyp"], "app");
    assert_eq!(c["roles"], json!([roles::POLICY_READ_WRITE]));
    assert_eq!(c["oid"], app_oid(1).to_string());
    assert_eq!(c["sub"], app_oid(1).to_string());
    assert_eq!(c["azp"], "contoso-automation");
    assert_eq!(c["azpacr"], "1");
    assert!(c.get("scp").is_none() && c.get("wids").is_none());

    // HTTP Basic, with RFC 6749 form-encoding of the parts.
    let basic = format!(
        "Basic {}",
        STANDARD.encode(format!("contoso-automation:{SECRET}"))
    );
    let form = client_credentials("contoso-automation", None);
    env.idp.token(t, &form, Some(&basic)).await.unwrap();
    let form = TokenForm {
        client_id: None,
        ..form
    };
    env.idp.token(t, &form, Some(&basic)).await.unwrap();
    let wrong = format!("Basic {}", STANDARD.encode("contoso-automation:nope"));
    refused(
        &env,
        env.idp.token(t, &form, Some(&wrong)).await,
        "invalid_client",
        7000215,
        FailureKind::Unauthenticated,
    );

    refused(
        &env,
        env.idp
            .token(
                t,
                &client_credentials("contoso-automation", Some("nope")),
                None,
            )
            .await,
        "invalid_client",
        7000215,
        FailureKind::Unauthenticated,
    );
    refused(
        &env,
        env.idp
            .token(t, &client_credentials("contoso-automation", None), None)
            .await,
        "invalid_client",
        7000218,
        FailureKind::Unauthenticated,
    );
    refused(
        &env,
        env.idp
            .token(t, &client_credentials("contoso-public", Some("x")), None)
            .await,
        "invalid_client",
        7000215,
        FailureKind::Unauthenticated,
    );
    refused(
        &env,
        env.idp
            .token(t, &client_credentials("no-such-app", Some(SECRET)), None)
            .await,
        "unauthorized_client",
        700016,
        FailureKind::BadRequest,
    );
    refused(
        &env,
        env.idp
            .token(t, &client_credentials(PUBLIC_CLIENT_ID, None), None)
            .await,
        "unauthorized_client",
        700016,
        FailureKind::BadRequest,
    );
    // An app of one tenant does not exist in another.
    refused(
        &env,
        env.idp
            .token(
                "fabrikam.example",
                &client_credentials("contoso-automation", Some(SECRET)),
                None,
            )
            .await,
        "unauthorized_client",
        700016,
        FailureKind::BadRequest,
    );
    refused(
        &env,
        env.idp
            .token(
                "organizations",
                &client_credentials("contoso-automation", Some(SECRET)),
                None,
            )
            .await,
        "invalid_request",
        50059,
        FailureKind::BadRequest,
    );
    for scope in [
        format!("{RESOURCE_DEFAULT_SCOPE} offline_access"),
        format!("{RESOURCE_APP_ID}/LicenseManager.AccessAsUser"),
        "https://graph.microsoft.com/.default".to_owned(),
    ] {
        let form = TokenForm {
            scope: Some(scope),
            ..client_credentials("contoso-automation", Some(SECRET))
        };
        refused(
            &env,
            env.idp.token(t, &form, None).await,
            "invalid_scope",
            70011,
            FailureKind::BadRequest,
        );
    }
    // An app without credentials cannot act on its own at all.
    let r = env
        .idp
        .token(t, &client_credentials("contoso-public", None), None)
        .await;
    refused(
        &env,
        r,
        "invalid_client",
        7000218,
        FailureKind::Unauthenticated,
    );
}

fn assertion(env: &Env, client: &str, aud: &str, key: &TestKey, patch: Value) -> String {
    let now = env.clock.now().unix_timestamp();
    let mut claims = json!({
        "aud": aud, "iss": client, "sub": client,
        "iat": now, "nbf": now, "exp": now + 600,
        "jti": uuid::Uuid::new_v4().to_string(),
    });
    let Value::Object(patch) = patch else {
        panic!("a patch is a JSON object");
    };
    for (k, v) in patch {
        if v.is_null() {
            claims.as_object_mut().unwrap().remove(&k);
        } else {
            claims[k] = v;
        }
    }
    jwt(
        &json!({"alg": "RS256", "typ": "JWT", "x5t": "abc"}),
        &claims,
        rs256(key),
    )
}

fn cert_form(assertion: String) -> TokenForm {
    TokenForm {
        grant_type: Some("client_credentials".into()),
        client_id: Some("contoso-cert".into()),
        client_assertion_type: Some(CLIENT_ASSERTION_JWT.into()),
        client_assertion: Some(assertion),
        scope: Some(RESOURCE_DEFAULT_SCOPE.into()),
        ..TokenForm::default()
    }
}

async fn client_credentials_with_a_certificate_assertion(env: Env) {
    let t = "contoso.example";
    let cert = &keys().certificate;
    let endpoint = format!("{BASE}/{CONTOSO}/oauth2/v2.0/token");
    let good = assertion(&env, "contoso-cert", &endpoint, cert, json!({}));
    let r = env
        .idp
        .token(t, &cert_form(good.clone()), None)
        .await
        .unwrap();
    assert_eq!(r.refresh_token, None);
    let c = segment(&r.access_token, 1);
    assert_eq!(
        (c["azp"].as_str(), c["azpacr"].as_str()),
        (Some("contoso-cert"), Some("2"))
    );
    assert_eq!(c["roles"], json!([roles::POLICY_READ]));
    let p = env.verifier.verify(&r.access_token).await.unwrap();
    assert!(matches!(p.kind, PrincipalKind::App { ref app_id, .. } if app_id == "contoso-cert"));
    assert!(p.read().is_ok() && p.write().is_err());

    // The same assertion cannot be used twice.
    refused(
        &env,
        env.idp.token(t, &cert_form(good), None).await,
        "invalid_client",
        50013,
        FailureKind::Unauthenticated,
    );
    // Other audiences that name this tenant's token endpoint are fine; others are not.
    let by_domain = format!("{BASE}/contoso.example/oauth2/v2.0/token");
    env.idp
        .token(
            t,
            &cert_form(assertion(&env, "contoso-cert", &by_domain, cert, json!({}))),
            None,
        )
        .await
        .unwrap();
    let fabrikam = format!("{BASE}/{FABRIKAM}/oauth2/v2.0/token");
    refused(
        &env,
        env.idp
            .token(
                t,
                &cert_form(assertion(&env, "contoso-cert", &fabrikam, cert, json!({}))),
                None,
            )
            .await,
        "invalid_client",
        50013,
        FailureKind::Unauthenticated,
    );
    refused(
        &env,
        env.idp
            .token(
                t,
                &cert_form(assertion(
                    &env,
                    "contoso-cert",
                    "https://elsewhere/token",
                    cert,
                    json!({}),
                )),
                None,
            )
            .await,
        "invalid_client",
        50013,
        FailureKind::Unauthenticated,
    );
    // PS256 with `x5t#S256`, as MSAL signs when it has the certificate: accepted. A PS256
    // header over a PKCS#1 v1.5 signature, or another algorithm, is not.
    let now = env.clock.now().unix_timestamp();
    let claims = |jti: &str| {
        json!({"aud": format!("{BASE}/{CONTOSO}/oauth2/v2.0/token"), "iss": "contoso-cert",
               "sub": "contoso-cert", "iat": now, "nbf": now, "exp": now + 600, "jti": jti})
    };
    let pss = jwt(
        &json!({"alg": "PS256", "typ": "JWT", "x5t#S256": "c2hhMjU2IHRodW1icHJpbnQ"}),
        &claims("pss-1"),
        Sign::Rsa(cert, &aws_lc_rs::signature::RSA_PSS_SHA256),
    );
    let r = env.idp.token(t, &cert_form(pss), None).await.unwrap();
    assert_eq!(segment(&r.access_token, 1)["azpacr"], "2");
    for (header, sign) in [
        (json!({"alg": "PS256", "typ": "JWT"}), rs256(cert)),
        (
            json!({"alg": "PS384", "typ": "JWT"}),
            Sign::Rsa(cert, &aws_lc_rs::signature::RSA_PSS_SHA384),
        ),
    ] {
        refused(
            &env,
            env.idp
                .token(t, &cert_form(jwt(&header, &claims("pss-2"), sign)), None)
                .await,
            "invalid_client",
            700027,
            FailureKind::Unauthenticated,
        );
    }
    // Signed with another key.
    refused(
        &env,
        env.idp
            .token(
                t,
                &cert_form(assertion(
                    &env,
                    "contoso-cert",
                    &endpoint,
                    &keys().attacker,
                    json!({}),
                )),
                None,
            )
            .await,
        "invalid_client",
        700027,
        FailureKind::Unauthenticated,
    );
    // iss/sub not the client.
    refused(
        &env,
        env.idp
            .token(
                t,
                &cert_form(assertion(
                    &env,
                    "contoso-cert",
                    &endpoint,
                    cert,
                    json!({"iss": "contoso-automation"}),
                )),
                None,
            )
            .await,
        "invalid_client",
        700021,
        FailureKind::Unauthenticated,
    );
    refused(
        &env,
        env.idp
            .token(
                t,
                &cert_form(assertion(
                    &env,
                    "contoso-cert",
                    &endpoint,
                    cert,
                    json!({"sub": "x"}),
                )),
                None,
            )
            .await,
        "invalid_client",
        700021,
        FailureKind::Unauthenticated,
    );
    // Time range: expired beyond the leeway, not yet valid, exp missing or a string.
    let now = env.clock.now().unix_timestamp();
    for patch in [
        json!({"exp": now - 61}),
        json!({"nbf": now + 120}),
        json!({"exp": null}),
        json!({"exp": "never"}),
    ] {
        refused(
            &env,
            env.idp
                .token(
                    t,
                    &cert_form(assertion(&env, "contoso-cert", &endpoint, cert, patch)),
                    None,
                )
                .await,
            "invalid_client",
            700024,
            FailureKind::Unauthenticated,
        );
    }
    refused(
        &env,
        env.idp
            .token(
                t,
                &cert_form(assertion(
                    &env,
                    "contoso-cert",
                    &endpoint,
                    cert,
                    json!({"jti": null}),
                )),
                None,
            )
            .await,
        "invalid_client",
        50013,
        FailureKind::Unauthenticated,
    );
    // An HS256 assertion keyed with the certificate's public key.
    let now = env.clock.now().unix_timestamp();
    let claims = json!({"aud": endpoint, "iss": "contoso-cert", "sub": "contoso-cert", "exp": now + 60, "jti": "j"});
    let hs = jwt(
        &json!({"alg": "HS256"}),
        &claims,
        Sign::Hmac(cert.public_pem().as_bytes()),
    );
    refused(
        &env,
        env.idp.token(t, &cert_form(hs), None).await,
        "invalid_client",
        700027,
        FailureKind::Unauthenticated,
    );
    refused(
        &env,
        env.idp.token(t, &cert_form("not.a.jwt".into()), None).await,
        "invalid_client",
        50013,
        FailureKind::Unauthenticated,
    );

    // The assertion type must be the JWT bearer one; one authentication method only.
    let mut form = cert_form(assertion(&env, "contoso-cert", &endpoint, cert, json!({})));
    form.client_assertion_type = Some("urn:other".into());
    refused(
        &env,
        env.idp.token(t, &form, None).await,
        "invalid_request",
        9002313,
        FailureKind::BadRequest,
    );
    form.client_assertion_type = None;
    refused(
        &env,
        env.idp.token(t, &form, None).await,
        "invalid_request",
        900144,
        FailureKind::BadRequest,
    );
    form.client_assertion_type = Some(CLIENT_ASSERTION_JWT.into());
    form.client_secret = Some(SECRET.into());
    refused(
        &env,
        env.idp.token(t, &form, None).await,
        "invalid_request",
        9002313,
        FailureKind::BadRequest,
    );
    // An app without a certificate cannot use an assertion.
    let mut form = cert_form(assertion(
        &env,
        "contoso-automation",
        &endpoint,
        cert,
        json!({}),
    ));
    form.client_id = Some("contoso-automation".into());
    refused(
        &env,
        env.idp.token(t, &form, None).await,
        "invalid_client",
        700027,
        FailureKind::Unauthenticated,
    );
}

/// What MSAL and azure-identity need to keep an account: with `openid` an `id_token` for the
/// client (never usable as an access token), and with `client_info=1` the `uid.utid` pair; on
/// a refresh too. Neither when not asked; never on app-only tokens.
async fn user_sign_ins_answer_an_id_token_and_client_info(env: Env) {
    let t = "contoso.example";
    let msal_scope = format!("{RESOURCE_DEFAULT_SCOPE} openid profile offline_access");
    let form = TokenForm {
        scope: Some(msal_scope.clone()),
        client_info: Some("1".into()),
        ..password("admin@contoso.example", PASSWORD)
    };
    let r = env.idp.token(t, &form, None).await.unwrap();
    let id = segment(r.id_token.as_deref().expect("an id_token with openid"), 1);
    let now = start().unix_timestamp();
    assert_eq!(id["aud"], PUBLIC_CLIENT_ID);
    assert_eq!(id["iss"], format!("{BASE}/{CONTOSO}/v2.0"));
    assert_eq!(id["tid"], CONTOSO);
    assert_eq!(id["oid"], user_oid(1).to_string());
    assert_eq!(id["sub"], segment(&r.access_token, 1)["sub"]);
    assert_eq!(id["preferred_username"], "admin@contoso.example");
    assert_eq!(id["name"], "admin");
    assert_eq!(id["ver"], "2.0");
    assert_eq!(
        (id["iat"].as_i64(), id["exp"].as_i64()),
        (Some(now), Some(now + 3600))
    );
    assert!(id.get("nonce").is_none() && id.get("scp").is_none() && id.get("wids").is_none());
    let info: Value = serde_json::from_slice(
        &base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(r.client_info.as_deref().expect("client_info when asked"))
            .unwrap(),
    )
    .unwrap();
    assert_eq!(
        info,
        json!({"uid": user_oid(1).to_string(), "utid": CONTOSO})
    );
    // An ID token is for the client: the licensing API's verifier refuses it.
    assert!(
        env.verifier
            .verify(r.id_token.as_deref().unwrap())
            .await
            .is_err()
    );

    // A refresh (as MSAL's acquire_token_silent sends it) answers both again.
    let refresh = TokenForm {
        grant_type: Some("refresh_token".into()),
        client_id: Some(PUBLIC_CLIENT_ID.into()),
        refresh_token: r.refresh_token.clone(),
        scope: Some(msal_scope),
        client_info: Some("1".into()),
        ..TokenForm::default()
    };
    let again = env.idp.token(t, &refresh, None).await.unwrap();
    assert_eq!(
        segment(again.id_token.as_deref().unwrap(), 1)["oid"],
        id["oid"]
    );
    assert_eq!(again.client_info, r.client_info);

    // Not asked, not answered.
    let plain = env
        .idp
        .token(t, &password("admin@contoso.example", PASSWORD), None)
        .await
        .unwrap();
    assert_eq!((plain.id_token, plain.client_info), (None, None));
    let app = TokenForm {
        client_info: Some("1".into()),
        ..client_credentials("contoso-automation", Some(SECRET))
    };
    let app = env.idp.token(t, &app, None).await.unwrap();
    assert_eq!((app.id_token, app.client_info), (None, None));
}

async fn refresh_tokens_rotate_and_are_single_use(env: Env) {
    let t = "contoso.example";
    let first = env
        .idp
        .token(t, &password("admin@contoso.example", PASSWORD), None)
        .await
        .unwrap();
    let rt1 = first.refresh_token.unwrap();
    let refresh = |rt: &str| TokenForm {
        grant_type: Some("refresh_token".into()),
        client_id: Some(PUBLIC_CLIENT_ID.into()),
        refresh_token: Some(rt.into()),
        ..TokenForm::default()
    };
    env.clock.advance(Duration::minutes(10));
    let second = env.idp.token(t, &refresh(&rt1), None).await.unwrap();
    let rt2 = second.refresh_token.clone().unwrap();
    assert_ne!(rt1, rt2);
    assert_eq!(
        segment(&second.access_token, 1)["oid"],
        user_oid(1).to_string()
    );
    env.verifier.verify(&second.access_token).await.unwrap();
    // Within the grace after it was spent (another process on the same token cache renewing at
    // the same moment), the spent token is honoured once more, as the same sign-in.
    env.clock.advance(Duration::seconds(5));
    let racer = env.idp.token(t, &refresh(&rt1), None).await.unwrap();
    assert_eq!(
        segment(&racer.access_token, 1)["oid"],
        user_oid(1).to_string()
    );
    // After the grace, presenting it again is a replay that revokes its family (RFC 9700
    // §4.14.2), so its successors are refused too.
    env.clock.advance(Duration::seconds(30));
    let rt3 = racer.refresh_token.unwrap();
    for rt in [&rt1, &rt2, &rt3] {
        refused(
            &env,
            env.idp.token(t, &refresh(rt), None).await,
            "invalid_grant",
            70000,
            FailureKind::BadRequest,
        );
    }
    let rt2 = env
        .idp
        .token(t, &password("admin@contoso.example", PASSWORD), None)
        .await
        .unwrap()
        .refresh_token
        .unwrap();
    // `organizations` works; a scope can be named again.
    let form = TokenForm {
        scope: Some(format!("{RESOURCE_DEFAULT_SCOPE} offline_access")),
        ..refresh(&rt2)
    };
    let third = env.idp.token("organizations", &form, None).await.unwrap();
    assert!(third.scope.ends_with(" offline_access"));
    let rt3 = third.refresh_token.unwrap();
    // Presented by another client or at another tenant: refused, and burned.
    let form = TokenForm {
        client_id: Some("contoso-public".into()),
        ..refresh(&rt3)
    };
    refused(
        &env,
        env.idp.token(t, &form, None).await,
        "invalid_grant",
        70000,
        FailureKind::BadRequest,
    );
    // Burned: once the grace of rotation is over, its owner cannot use it either.
    env.clock.advance(Duration::seconds(31));
    refused(
        &env,
        env.idp.token(t, &refresh(&rt3), None).await,
        "invalid_grant",
        70000,
        FailureKind::BadRequest,
    );
    let fourth = env
        .idp
        .token(t, &password("admin@contoso.example", PASSWORD), None)
        .await
        .unwrap();
    let rt4 = fourth.refresh_token.unwrap();
    refused(
        &env,
        env.idp
            .token("fabrikam.example", &refresh(&rt4), None)
            .await,
        "invalid_grant",
        70000,
        FailureKind::BadRequest,
    );
    // A bad scope is refused before the token is spent.
    let fifth = env
        .idp
        .token(t, &password("admin@contoso.example", PASSWORD), None)
        .await
        .unwrap();
    let rt5 = fifth.refresh_token.unwrap();
    let form = TokenForm {
        scope: Some("https://graph.microsoft.com/.default".into()),
        ..refresh(&rt5)
    };
    refused(
        &env,
        env.idp.token(t, &form, None).await,
        "invalid_scope",
        70011,
        FailureKind::BadRequest,
    );
    env.idp.token(t, &refresh(&rt5), None).await.unwrap();
    // Expired after its lifetime.
    let sixth = env
        .idp
        .token(t, &password("admin@contoso.example", PASSWORD), None)
        .await
        .unwrap();
    env.clock.advance(Duration::days(90) + Duration::seconds(1));
    refused(
        &env,
        env.idp
            .token(t, &refresh(&sixth.refresh_token.unwrap()), None)
            .await,
        "invalid_grant",
        70000,
        FailureKind::BadRequest,
    );
    refused(
        &env,
        env.idp.token(t, &refresh("made-up"), None).await,
        "invalid_grant",
        70000,
        FailureKind::BadRequest,
    );
    let form = TokenForm {
        refresh_token: None,
        ..refresh("x")
    };
    refused(
        &env,
        env.idp.token(t, &form, None).await,
        "invalid_request",
        900144,
        FailureKind::BadRequest,
    );
}

async fn discovery_and_jwks(env: Env) {
    for tenant in ["contoso.example", CONTOSO] {
        let c = env.idp.openid_configuration(tenant).await.unwrap();
        assert_eq!(c.issuer, format!("{BASE}/{CONTOSO}/v2.0"));
        assert_eq!(
            c.token_endpoint,
            format!("{BASE}/{CONTOSO}/oauth2/v2.0/token")
        );
        assert_eq!(
            c.device_authorization_endpoint,
            format!("{BASE}/{CONTOSO}/oauth2/v2.0/devicecode")
        );
        assert_eq!(c.jwks_uri, format!("{BASE}/{CONTOSO}/discovery/v2.0/keys"));
        assert_eq!(c.id_token_signing_alg_values_supported, ["RS256"]);
    }
    let c = env.idp.openid_configuration("organizations").await.unwrap();
    assert_eq!(c.issuer, format!("{BASE}/{{tenantid}}/v2.0"));
    assert_eq!(
        c.token_endpoint,
        format!("{BASE}/organizations/oauth2/v2.0/token")
    );
    let err = env
        .idp
        .openid_configuration("nosuch.example")
        .await
        .unwrap_err();
    assert_eq!((err.error(), err.code()), ("invalid_request", Some(90002)));
    assert!(
        err.to_string()
            .contains("Tenant 'nosuch.example' not found")
    );

    let jwks = serde_json::to_value(env.idp.jwks()).unwrap();
    let key = &jwks["keys"][0];
    assert_eq!(jwks["keys"].as_array().unwrap().len(), 1);
    assert_eq!(key["kty"], "RSA");
    assert_eq!(key["use"], "sig");
    assert_eq!(key["alg"], "RS256");
    assert_eq!(key["kid"], env.keyring.active_kid());
    assert_eq!(key["e"], "AQAB");
    assert_eq!(key["issuer"], format!("{BASE}/{{tenantid}}/v2.0"));
    assert!(
        key.get("d").is_none() && key.get("p").is_none(),
        "no private parts"
    );
}
