//! Sign-in flows against an Entra-shaped token endpoint (RFC 6749, RFC 8628, RFC 7523), by hand:
//! they are small, and the `oauth2` crate would bring a second reqwest (rust-notes pitfall 6).
//!
//! The HTTP client never follows redirects. Secrets go into request bodies only, never into logs.

use std::sync::Arc;
use std::time::Duration;

use mscommerce_domain::Clock;
use mscommerce_proto::{CLIENT_ASSERTION_JWT, GRANT_DEVICE_CODE, TokenResponse};
use reqwest::Url;
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;

use crate::cert::ClientCertificate;
use crate::error::{ClientError, DeviceCodeEnd, OAuthFailure};
use crate::http::{build_client, header, redirect, transport, truncate};
use crate::sleep::Sleeper;

/// The scope of user sign-ins: the licensing API, and a refresh token for silent renewal.
pub fn user_scope() -> String {
    format!(
        "{} offline_access",
        mscommerce_proto::RESOURCE_DEFAULT_SCOPE
    )
}

/// The scope of app-only sign-ins (client credentials take `.default` only).
pub fn app_scope() -> String {
    mscommerce_proto::RESOURCE_DEFAULT_SCOPE.to_owned()
}

/// RFC 8628's default when the server gives no interval.
const DEFAULT_INTERVAL: u64 = 5;
/// Added to the interval on each `slow_down`, for the rest of the flow.
const SLOW_DOWN_STEP: u64 = 5;

/// Tokens from a successful sign-in.
#[derive(Debug, Clone)]
pub struct Tokens {
    pub access_token: SecretString,
    pub refresh_token: Option<SecretString>,
    /// Unix time at which the access token expires.
    pub expires_at: i64,
    pub scope: String,
}

/// The answer of the device authorization endpoint.
#[derive(Debug, Clone, Deserialize)]
pub struct DeviceAuthorization {
    #[serde(deserialize_with = "secret")]
    pub device_code: SecretString,
    pub user_code: String,
    /// Entra's v1 endpoint calls it `verification_url`.
    #[serde(alias = "verification_url")]
    pub verification_uri: String,
    pub expires_in: u64,
    #[serde(default = "default_interval")]
    pub interval: u64,
    #[serde(default)]
    pub message: Option<String>,
}

/// An error body of the token endpoint (Entra's shape; only `error` is required here, so a
/// terser identity provider is understood too).
#[derive(Debug, Deserialize)]
struct OAuthErrorBody {
    error: String,
    #[serde(default)]
    error_description: String,
    #[serde(default)]
    error_codes: Vec<u32>,
    #[serde(default)]
    trace_id: String,
    #[serde(default)]
    correlation_id: String,
}

fn default_interval() -> u64 {
    DEFAULT_INTERVAL
}

fn secret<'de, D: serde::Deserializer<'de>>(d: D) -> Result<SecretString, D::Error> {
    String::deserialize(d).map(SecretString::from)
}

/// How an application proves who it is.
#[derive(Debug, Clone, Copy)]
pub enum AppCredential<'a> {
    Secret(&'a SecretString),
    Certificate(&'a ClientCertificate),
}

/// Talks to one identity provider's token and device-code endpoints.
#[derive(Debug, Clone)]
pub struct SignInClient {
    http: reqwest::Client,
    clock: Arc<dyn Clock>,
    sleeper: Arc<dyn Sleeper>,
}

impl SignInClient {
    pub fn new(clock: Arc<dyn Clock>, sleeper: Arc<dyn Sleeper>) -> Result<Self, ClientError> {
        Ok(SignInClient {
            http: build_client()?,
            clock,
            sleeper,
        })
    }

    /// Starts a device-code sign-in (RFC 8628 §3.1).
    pub async fn start_device_code(
        &self,
        device_code_url: &Url,
        client_id: &str,
        scope: &str,
    ) -> Result<DeviceAuthorization, ClientError> {
        let text = self
            .post_form(
                device_code_url,
                &[("client_id", client_id), ("scope", scope)],
            )
            .await?;
        serde_json::from_str(&text).map_err(|e| ClientError::Unexpected {
            url: device_code_url.to_string(),
            status: 200,
            message: format!("not a device authorization response: {e}"),
            correlation_id: None,
            request_id: None,
        })
    }

    /// Polls until the user completes (or declines) the sign-in, as RFC 8628 §3.5 and Entra say:
    /// wait `interval` (at least 1 s) between requests, add 5 s for good on `slow_down`, keep
    /// going on `authorization_pending`, stop on a decline, on `expired_token`, and at `expires_in`.
    pub async fn poll_device_code(
        &self,
        token_url: &Url,
        client_id: &str,
        authorization: &DeviceAuthorization,
    ) -> Result<Tokens, ClientError> {
        let mut interval = authorization.interval.max(1);
        let lifetime = i64::try_from(authorization.expires_in).unwrap_or(i64::MAX);
        let deadline = self.clock.now().unix_timestamp().saturating_add(lifetime);
        loop {
            self.sleeper.sleep(Duration::from_secs(interval)).await;
            if self.clock.now().unix_timestamp() >= deadline {
                return Err(DeviceCodeEnd::Expired.into());
            }
            let form = [
                ("grant_type", GRANT_DEVICE_CODE),
                ("client_id", client_id),
                ("device_code", authorization.device_code.expose_secret()),
            ];
            match self.token(token_url, &form).await {
                Ok(tokens) => return Ok(tokens),
                Err(ClientError::OAuth(f)) => match f.error.as_str() {
                    "authorization_pending" => {}
                    "slow_down" => interval += SLOW_DOWN_STEP,
                    "authorization_declined" | "access_denied" => {
                        return Err(DeviceCodeEnd::Declined.into());
                    }
                    "expired_token" => return Err(DeviceCodeEnd::Expired.into()),
                    "bad_verification_code" => return Err(DeviceCodeEnd::BadCode.into()),
                    _ => return Err(ClientError::OAuth(f)),
                },
                Err(e) => return Err(e),
            }
        }
    }

    /// Resource owner password credentials (the module's `-AdminAccount`; fails under MFA).
    pub async fn password(
        &self,
        token_url: &Url,
        client_id: &str,
        username: &str,
        password: &SecretString,
        scope: &str,
    ) -> Result<Tokens, ClientError> {
        let form = [
            ("grant_type", "password"),
            ("client_id", client_id),
            ("username", username),
            ("password", password.expose_secret()),
            ("scope", scope),
        ];
        self.token(token_url, &form).await
    }

    /// Client credentials, with a secret or a certificate-signed assertion. Never a refresh token.
    pub async fn client_credentials(
        &self,
        token_url: &Url,
        client_id: &str,
        credential: AppCredential<'_>,
        scope: &str,
    ) -> Result<Tokens, ClientError> {
        match credential {
            AppCredential::Secret(secret) => {
                let form = [
                    ("grant_type", "client_credentials"),
                    ("client_id", client_id),
                    ("client_secret", secret.expose_secret()),
                    ("scope", scope),
                ];
                self.token(token_url, &form).await
            }
            AppCredential::Certificate(cert) => {
                let assertion = cert.assertion(client_id, token_url.as_str(), self.clock.now())?;
                let form = [
                    ("grant_type", "client_credentials"),
                    ("client_id", client_id),
                    ("client_assertion_type", CLIENT_ASSERTION_JWT),
                    ("client_assertion", assertion.as_str()),
                    ("scope", scope),
                ];
                self.token(token_url, &form).await
            }
        }
    }

    /// Renews with a refresh token (RFC 6749 §6). Entra may return a new refresh token.
    pub async fn refresh(
        &self,
        token_url: &Url,
        client_id: &str,
        refresh_token: &SecretString,
        scope: &str,
    ) -> Result<Tokens, ClientError> {
        let form = [
            ("grant_type", "refresh_token"),
            ("client_id", client_id),
            ("refresh_token", refresh_token.expose_secret()),
            ("scope", scope),
        ];
        self.token(token_url, &form).await
    }

    async fn token(&self, token_url: &Url, form: &[(&str, &str)]) -> Result<Tokens, ClientError> {
        Ok(self.token_with_id(token_url, form).await?.0)
    }

    /// The tokens, and the `id_token` when the provider sent one.
    async fn token_with_id(
        &self,
        token_url: &Url,
        form: &[(&str, &str)],
    ) -> Result<(Tokens, Option<String>), ClientError> {
        let text = self.post_form(token_url, form).await?;
        let response: TokenResponse =
            serde_json::from_str(&text).map_err(|e| ClientError::Unexpected {
                url: token_url.to_string(),
                status: 200,
                message: format!("not a token response: {e}"),
                correlation_id: None,
                request_id: None,
            })?;
        let lifetime = i64::try_from(response.expires_in).unwrap_or(i64::MAX);
        let tokens = Tokens {
            access_token: SecretString::from(response.access_token),
            refresh_token: response.refresh_token.map(SecretString::from),
            expires_at: self.clock.now().unix_timestamp().saturating_add(lifetime),
            scope: response.scope,
        };
        Ok((tokens, response.id_token))
    }

    /// POSTs a form; the body of a 2xx, or the identity provider's error.
    async fn post_form(&self, url: &Url, form: &[(&str, &str)]) -> Result<String, ClientError> {
        let request_id = uuid::Uuid::new_v4().to_string();
        let grant = form
            .iter()
            .find(|(k, _)| *k == "grant_type")
            .map_or("device authorization", |(_, v)| *v);
        tracing::debug!(url = %url, grant, client_request_id = %request_id, "POST");
        let response = self
            .http
            .post(url.clone())
            .header(mscommerce_proto::headers::CLIENT_REQUEST_ID, &request_id)
            .header("return-client-request-id", "true")
            .header(reqwest::header::ACCEPT, "application/json")
            .form(form)
            .send()
            .await
            .map_err(|e| transport(&e, url.as_str(), Some(&request_id)))?;
        let status = response.status();
        tracing::debug!(url = %url, status = status.as_u16(), "answer");
        if status.is_redirection() {
            let location = header(&response, "location");
            return Err(redirect(
                url.as_str(),
                location.as_deref(),
                Some(&request_id),
            ));
        }
        let text = response
            .text()
            .await
            .map_err(|e| transport(&e, url.as_str(), Some(&request_id)))?;
        if status.is_success() {
            return Ok(text);
        }
        match serde_json::from_str::<OAuthErrorBody>(&text) {
            Ok(e) => Err(ClientError::OAuth(Box::new(OAuthFailure {
                url: url.to_string(),
                status: status.as_u16(),
                error: e.error,
                description: e.error_description,
                error_codes: e.error_codes,
                correlation_id: Some(e.correlation_id)
                    .filter(|s| !s.is_empty())
                    .or(Some(request_id)),
                trace_id: Some(e.trace_id).filter(|s| !s.is_empty()),
            }))),
            Err(_) => Err(ClientError::Unexpected {
                url: url.to_string(),
                status: status.as_u16(),
                message: truncate(&text, 300),
                correlation_id: Some(request_id),
                request_id: None,
            }),
        }
    }
}

pub mod browser;
#[cfg(test)]
mod tests;
