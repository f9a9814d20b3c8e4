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
    body["access_token"]
        .as_str()
        .expect("an access_token")
        .to_owned()
}

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
