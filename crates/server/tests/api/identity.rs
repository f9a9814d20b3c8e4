//! The built-in identity provider's Entra-shaped endpoints, through the socket.

use reqwest::StatusCode;

use crate::helpers::*;

#[tokio::test]
async fn discovery_and_keys_per_tenant() {
    let app = spawn_app().await;
    for tenant in [
        "contoso.example",
        "fabrikam.example",
        &contoso().to_string(),
    ] {
        let r = read(
            app.http
                .get(format!(
                    "{}/{tenant}/v2.0/.well-known/openid-configuration",
                    app.url
                ))
                .send()
                .await
                .unwrap(),
        )
        .await;
        assert_eq!(r.status, StatusCode::OK, "{tenant}: {}", r.text);
        assert!(r.body["issuer"].as_str().unwrap().starts_with(&app.url));
        assert!(
            r.body["jwks_uri"]
                .as_str()
                .unwrap()
                .ends_with("/discovery/v2.0/keys")
        );
        assert!(
            r.body["device_authorization_endpoint"]
                .as_str()
                .unwrap()
                .ends_with("/oauth2/v2.0/devicecode")
        );
        let jwks = read(
            app.http
                .get(r.body["jwks_uri"].as_str().unwrap())
                .send()
                .await
                .unwrap(),
        )
        .await;
        assert_eq!(jwks.body["keys"][0]["kty"], "RSA");
        assert!(jwks.body["keys"][0]["d"].is_null(), "never a private part");
    }
    let r = read(
        app.http
            .get(format!(
                "{}/nosuch.example/v2.0/.well-known/openid-configuration",
                app.url
            ))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert!(r.status.is_client_error());
    assert!(r.body["error"].is_string(), "{}", r.text);
}

#[tokio::test]
async fn device_code_sign_in_through_the_page() {
    let app = spawn_app().await;
    let scope = format!("{RESOURCE}/.default offline_access");
    let r = read(
        app.http
            .post(format!(
                "{}/contoso.example/oauth2/v2.0/devicecode",
                app.url
            ))
            .form(&[
                ("client_id", mscommerce_proto::PUBLIC_CLIENT_ID),
                ("scope", &scope),
            ])
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let device_code = r.body["device_code"].as_str().unwrap().to_owned();
    let user_code = r.body["user_code"].as_str().unwrap().to_owned();
    assert_eq!(
        r.body["verification_uri"],
        format!("{}/devicelogin", app.url)
    );
    assert!(r.body["message"].as_str().unwrap().contains(&user_code));

    let poll = || async {
        app.token_request(
            "contoso.example",
            &[
                ("grant_type", mscommerce_proto::GRANT_DEVICE_CODE),
                ("client_id", mscommerce_proto::PUBLIC_CLIENT_ID),
                ("device_code", &device_code),
            ],
        )
        .await
    };
    let r = poll().await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(r.body["error"], "authorization_pending", "{}", r.text);

    // The page shows a form; a wrong password is refused there and approves nothing.
    let page = app
        .http
        .get(format!("{}/devicelogin", app.url))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await.unwrap();
    assert!(html.contains("name=\"user_code\"") && html.contains("name=\"password\""));
    let submit = |password: &'static str| {
        let app = &app;
        let user_code = user_code.clone();
        async move {
            app.http
                .post(format!("{}/devicelogin", app.url))
                .form(&[
                    ("user_code", user_code.as_str()),
                    ("username", "admin@contoso.example"),
                    ("password", password),
                ])
                .send()
                .await
                .unwrap()
        }
    };
    assert_eq!(submit("wrong").await.status(), StatusCode::UNAUTHORIZED);
    app.clock.advance(time::Duration::seconds(2));
    assert_eq!(poll().await.body["error"], "authorization_pending");
    assert_eq!(
        submit(mscommerce_server::demo::PASSWORD).await.status(),
        StatusCode::OK
    );

    app.clock.advance(time::Duration::seconds(2));
    let r = poll().await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let access = r.body["access_token"].as_str().unwrap().to_owned();
    let refresh = r.body["refresh_token"].as_str().unwrap().to_owned();
    assert_eq!(
        app.get(&format!("/v1.0/policies/{P}/products"), &access)
            .await
            .status,
        StatusCode::OK
    );

    // A device code is single-use.
    app.clock.advance(time::Duration::seconds(2));
    let r = poll().await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.body["error"].is_string());

    // The refresh token works once.
    let refresh_form = [
        ("grant_type", "refresh_token"),
        ("client_id", mscommerce_proto::PUBLIC_CLIENT_ID),
        ("refresh_token", refresh.as_str()),
        ("scope", scope.as_str()),
    ];
    let r = app.token_request("contoso.example", &refresh_form).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert!(r.body["refresh_token"].is_string());
    // Past the grace of rotation (`mscommerce_domain::rotation`), a second use is refused.
    app.clock.advance(time::Duration::seconds(31));
    let r = app.token_request("contoso.example", &refresh_form).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(r.body["error"], "invalid_grant");
}

#[tokio::test]
async fn grant_errors_are_entra_shaped() {
    let app = spawn_app().await;
    let scope = format!("{RESOURCE}/.default");
    let r = app
        .token_request(
            "contoso.example",
            &[
                ("grant_type", "password"),
                ("client_id", mscommerce_proto::PUBLIC_CLIENT_ID),
                ("username", "admin@contoso.example"),
                ("password", "wrong"),
                ("scope", &scope),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(r.body["error"], "invalid_grant");
    for field in [
        "error_description",
        "error_codes",
        "timestamp",
        "trace_id",
        "correlation_id",
    ] {
        assert!(!r.body[field].is_null(), "{field}: {}", r.text);
    }
    let r = app
        .token_request(
            "contoso.example",
            &[
                ("grant_type", "client_credentials"),
                ("client_id", "contoso-automation"),
                ("client_secret", "wrong"),
                ("scope", &scope),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert_eq!(r.body["error"], "invalid_client");
    // Client credentials never return a refresh token.
    let r = app
        .token_request(
            "contoso.example",
            &[
                ("grant_type", "client_credentials"),
                ("client_id", "contoso-automation"),
                ("client_secret", mscommerce_server::demo::SECRET),
                ("scope", &scope),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body["refresh_token"].is_null());
    // A user of one tenant cannot get a token from another.
    let r = app
        .token_request(
            "fabrikam.example",
            &[
                ("grant_type", "password"),
                ("client_id", mscommerce_proto::PUBLIC_CLIENT_ID),
                ("username", "admin@contoso.example"),
                ("password", mscommerce_server::demo::PASSWORD),
                ("scope", &scope),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.text);
}

/// Another OIDC issuer (here: a second mscommerce server, whose built-in provider is as real an
/// issuer as Entra ID) is trusted through configuration alone, tenant by tenant.
#[tokio::test]
async fn tokens_of_a_configured_external_issuer_are_accepted() {
    let issuer = spawn_app().await;
    let file = mscommerce_server::FileConfig::parse(&format!(
        "[identity]\nbuiltin = false\n[[identity.issuers]]\nissuer = \"{0}/{{tenantid}}/v2.0\"\njwks_uri = \"{0}/organizations/discovery/v2.0/keys\"\n",
        issuer.url
    ))
    .unwrap();
    let api = spawn_app_with(Backend::Sqlite, file).await.unwrap();
    let path = format!("/v1.0/policies/{P}/products/{POWER_BI_PRO}");

    let admin = issuer.user_token("admin@contoso.example").await;
    let r = api.put(&path, &admin, "Disabled").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    // The policy changed on the API server, not on the issuer.
    assert_eq!(api.get(&path, &admin).await.body["policyValue"], "Disabled");
    let local = issuer.user_token("admin@contoso.example").await;
    assert_eq!(
        issuer.get(&path, &local).await.body["policyValue"],
        "Enabled"
    );

    // Roles still come from the token: the issuer's reader can read, not write.
    let reader = issuer.user_token("reader@contoso.example").await;
    assert_eq!(api.get(&path, &reader).await.status, StatusCode::OK);
    assert_eq!(
        api.put(&path, &reader, "Enabled").await.status,
        StatusCode::FORBIDDEN
    );

    // The API's own provider is off: it issues nothing and its keys are not trusted.
    let r = api
        .token_request(
            "contoso.example",
            &[
                ("grant_type", "client_credentials"),
                ("client_id", "contoso-automation"),
                ("client_secret", "demo-secret"),
                ("scope", &format!("{RESOURCE}/.default")),
            ],
        )
        .await;
    assert!(r.status.is_client_error(), "{}", r.text);
    let forged_by_api = api.forge(&api.admin_claims());
    assert_eq!(
        api.get(&path, &forged_by_api).await.status,
        StatusCode::UNAUTHORIZED
    );

    // A token whose issuer names one tenant and whose tid names another is refused.
    let mut claims = issuer.admin_claims();
    claims["iss"] = serde_json::json!(issuer.issuer(&fabrikam()));
    let crossed = issuer.forge(&claims);
    assert_eq!(
        api.get(&path, &crossed).await.status,
        StatusCode::UNAUTHORIZED
    );
}

/// Before any password, the page says which app and which directory a code signs in to.
#[tokio::test]
async fn the_device_page_names_the_app_and_directory_before_asking_for_a_password() {
    let app = spawn_app().await;
    let scope = format!("{RESOURCE}/.default");
    let r = read(
        app.http
            .post(format!(
                "{}/contoso.example/oauth2/v2.0/devicecode",
                app.url
            ))
            .form(&[
                ("client_id", mscommerce_proto::PUBLIC_CLIENT_ID),
                ("scope", &scope),
            ])
            .send()
            .await
            .unwrap(),
    )
    .await;
    let user_code = r.body["user_code"].as_str().unwrap().to_owned();
    let page = app
        .http
        .get(format!("{}/devicelogin?code={user_code}", app.url))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("MSCommerce command line") && page.contains("Contoso (demo)"),
        "{page}"
    );
    // The code alone, posted (a browser's first step): the same notice, nothing approved.
    let step = app
        .http
        .post(format!("{}/devicelogin", app.url))
        .form(&[("user_code", user_code.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(step.status(), StatusCode::OK);
    assert!(step.text().await.unwrap().contains("Contoso (demo)"));
    // In French, with a code that does not exist.
    let page = app
        .http
        .get(format!("{}/devicelogin?code=ZZZZ-ZZZZ", app.url))
        .header("accept-language", "fr-FR,fr;q=0.9")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("lang=\"fr-FR\"") && page.contains("class=\"error\""),
        "{page}"
    );
}

/// MSAL asks the user realm before a password sign-in: a domain of the directory is `Managed`,
/// any other `Unknown`, and a user who does not exist gets the same answer as one who does.
#[tokio::test]
async fn user_realm_answers_by_domain_only() {
    let app = spawn_app().await;
    let realm = async |who: &str| {
        let r = read(
            app.http
                .get(format!(
                    "{}/common/userrealm/{who}?api-version=1.0",
                    app.url
                ))
                .send()
                .await
                .unwrap(),
        )
        .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text);
        r.body
    };
    let known = realm("admin@contoso.example").await;
    assert_eq!(
        known,
        serde_json::json!({
            "ver": "1.0", "account_type": "Managed", "domain_name": "contoso.example",
            "cloud_instance_name": "microsoftonline.com",
            "cloud_audience_urn": "urn:federation:MicrosoftOnline",
        })
    );
    assert_eq!(realm("nobody-here@CONTOSO.example").await, known);
    let unknown = realm("someone@elsewhere.example").await;
    assert_eq!(unknown["account_type"], "Unknown");
    assert_eq!(unknown["domain_name"], "elsewhere.example");
}
