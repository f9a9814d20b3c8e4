//! Access tokens from a running service's built-in provider, as a client gets them: the
//! password grant for a user, client credentials for an app.

use serde_json::Value;

async fn grant(http: &reqwest::Client, url: &str, tenant: &str, form: &[(&str, &str)]) -> String {
    let scope = format!("{}/.default", mscommerce_proto::RESOURCE_APP_ID);
    let mut form = form.to_vec();
    form.push(("scope", &scope));
    let r = http
        .post(format!("{url}/{tenant}/oauth2/v2.0/token"))
        .form(&form)
        .send()
        .await
        .expect("the token endpoint answers");
    let status = r.status();
    let body: Value = r.json().await.expect("a JSON answer");
    assert!(
        status.is_success(),
        "token request {form:?}: {status} {body}"
    );
    let token = body["access_token"].as_str().expect("an access_token");
    // Keeps the tests that look for TOKEN_START from passing for the wrong reason.
    assert!(
        token.starts_with(TOKEN_START),
        "a token that starts otherwise: {token}"
    );
    token.to_owned()
}

/// How every access token the service signs begins: its header `{"alg":` in base64url (the
/// header's keys are sorted, and `alg` comes first). What a test looks for to say no token
/// leaked: `eyJ` alone, three letters, turns up in random base64 (a CSRF token, a sealed
/// session) about once in a few thousand runs.
pub const TOKEN_START: &str = "eyJhbGciOi";

/// A user's token (password grant, the public client), in the UPN's domain's tenant.
pub async fn user(http: &reqwest::Client, url: &str, upn: &str, password: &str) -> String {
    let tenant = upn.split_once('@').map(|(_, d)| d).expect("a UPN");
    let form = [
        ("grant_type", "password"),
        ("client_id", mscommerce_proto::PUBLIC_CLIENT_ID),
        ("username", upn),
        ("password", password),
    ];
    grant(http, url, tenant, &form).await
}

/// An app's token (client credentials) in `tenant`.
pub async fn app(
    http: &reqwest::Client,
    url: &str,
    tenant: &str,
    client_id: &str,
    secret: &str,
) -> String {
    let form = [
        ("grant_type", "client_credentials"),
        ("client_id", client_id),
        ("client_secret", secret),
    ];
    grant(http, url, tenant, &form).await
}
