//! The licensing API on the exact paths of the wire contract (`/v1.0/...`): every request with
//! `Authorization: Bearer`, a new `x-ms-correlation-id` GUID (kept across the retries of one
//! call), JSON on PUT; 429 and 503 retried after `Retry-After` (capped), a bounded number of times.

use std::sync::Arc;

use mscommerce_domain::Clock;
use mscommerce_proto::{
    ApiError, Items, OfferTypePolicy, Policy, PolicyUpdate, PolicyValue, ProductPolicy, headers,
};
use reqwest::{Method, Url};
use secrecy::{ExposeSecret, SecretString};
use serde::de::DeserializeOwned;

use crate::endpoint::join;
use crate::error::{ApiFailure, ClientError};
use crate::http::{build_client, header, redirect, transport, truncate};
use crate::retry::{RetryPolicy, parse_retry_after};
use crate::sleep::Sleeper;

/// The API version prefix the module uses.
pub const API_PREFIX: &str = "v1.0";

/// A client for one service with one access token.
#[derive(Debug, Clone)]
pub struct LicensingClient {
    http: reqwest::Client,
    base: Url,
    token: SecretString,
    retry: RetryPolicy,
    clock: Arc<dyn Clock>,
    sleeper: Arc<dyn Sleeper>,
}

impl LicensingClient {
    pub fn new(
        endpoint: &Url,
        token: SecretString,
        clock: Arc<dyn Clock>,
        sleeper: Arc<dyn Sleeper>,
    ) -> Result<Self, ClientError> {
        Ok(LicensingClient {
            http: build_client()?,
            base: endpoint.clone(),
            token,
            retry: RetryPolicy::default(),
            clock,
            sleeper,
        })
    }

    pub fn with_retry(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }

    /// `GET /v1.0/policies`.
    pub async fn policies(&self) -> Result<Vec<Policy>, ClientError> {
        let items: Items<Policy> = self.call(Method::GET, &["policies"], None, None).await?;
        Ok(items.items)
    }

    /// `GET /v1.0/policies/{p}`.
    pub async fn policy(&self, policy_id: &str) -> Result<Policy, ClientError> {
        self.call(Method::GET, &["policies", policy_id], None, None)
            .await
    }

    /// `GET /v1.0/policies/{p}/products`.
    pub async fn product_policies(
        &self,
        policy_id: &str,
    ) -> Result<Vec<ProductPolicy>, ClientError> {
        let items: Items<ProductPolicy> = self
            .call(
                Method::GET,
                &["policies", policy_id, "products"],
                None,
                None,
            )
            .await?;
        Ok(items.items)
    }

    /// `GET /v1.0/policies/{p}/products?scope=OfferType`.
    pub async fn offer_type_policies(
        &self,
        policy_id: &str,
    ) -> Result<Vec<OfferTypePolicy>, ClientError> {
        let items: Items<OfferTypePolicy> = self
            .call(
                Method::GET,
                &["policies", policy_id, "products"],
                Some(("scope", mscommerce_proto::SCOPE_OFFER_TYPE)),
                None,
            )
            .await?;
        Ok(items.items)
    }

    /// `GET /v1.0/policies/{p}/products/{productId}`.
    pub async fn product_policy(
        &self,
        policy_id: &str,
        product_id: &str,
    ) -> Result<ProductPolicy, ClientError> {
        self.call(
            Method::GET,
            &["policies", policy_id, "products", product_id],
            None,
            None,
        )
        .await
    }

    /// `GET /v1.0/policies/{p}/offerTypes/{offerType}`.
    pub async fn offer_type_policy(
        &self,
        policy_id: &str,
        offer_type: &str,
    ) -> Result<OfferTypePolicy, ClientError> {
        self.call(
            Method::GET,
            &["policies", policy_id, "offerTypes", offer_type],
            None,
            None,
        )
        .await
    }

    /// `PUT /v1.0/policies/{p}/products/{productId}`.
    pub async fn update_product_policy(
        &self,
        policy_id: &str,
        product_id: &str,
        value: PolicyValue,
    ) -> Result<ProductPolicy, ClientError> {
        let body = PolicyUpdate {
            policy_value: value,
        };
        self.call(
            Method::PUT,
            &["policies", policy_id, "products", product_id],
            None,
            Some(&body),
        )
        .await
    }

    /// `PUT /v1.0/policies/{p}/offerTypes/{offerType}`.
    pub async fn update_offer_type_policy(
        &self,
        policy_id: &str,
        offer_type: &str,
        value: PolicyValue,
    ) -> Result<OfferTypePolicy, ClientError> {
        let body = PolicyUpdate {
            policy_value: value,
        };
        self.call(
            Method::PUT,
            &["policies", policy_id, "offerTypes", offer_type],
            None,
            Some(&body),
        )
        .await
    }

    async fn call<T: DeserializeOwned>(
        &self,
        method: Method,
        segments: &[&str],
        query: Option<(&str, &str)>,
        body: Option<&PolicyUpdate>,
    ) -> Result<T, ClientError> {
        let mut path = vec![API_PREFIX];
        path.extend_from_slice(segments);
        let mut url = join(&self.base, &path)?;
        if let Some((k, v)) = query {
            url.query_pairs_mut().append_pair(k, v);
        }
        let correlation_id = uuid::Uuid::new_v4().to_string();
        let mut attempts = 0u32;
        loop {
            attempts += 1;
            let mut request = self
                .http
                .request(method.clone(), url.clone())
                .bearer_auth(self.token.expose_secret())
                .header(headers::CORRELATION_ID, &correlation_id)
                .header(reqwest::header::ACCEPT, "application/json");
            if let Some(b) = body {
                request = request.json(b);
            }
            tracing::debug!(%method, url = %url, correlation_id = %correlation_id, attempt = attempts, "request");
            let response = request
                .send()
                .await
                .map_err(|e| transport(&e, url.as_str(), Some(&correlation_id)))?;
            let status = response.status();
            let request_id = header(&response, headers::REQUEST_ID);
            tracing::debug!(
                status = status.as_u16(),
                request_id = request_id.as_deref().unwrap_or("-"),
                correlation_id = %correlation_id,
                "answer"
            );
            if status.is_redirection() {
                let location = header(&response, "location");
                return Err(redirect(
                    url.as_str(),
                    location.as_deref(),
                    Some(&correlation_id),
                ));
            }
            let retry_after = header(&response, "retry-after")
                .and_then(|v| parse_retry_after(&v, self.clock.now()));
            if RetryPolicy::is_retryable(status.as_u16()) && attempts <= self.retry.max_retries {
                let wait = self.retry.wait(retry_after, attempts);
                tracing::debug!(
                    status = status.as_u16(),
                    wait_seconds = wait.as_secs(),
                    "retrying after the wait"
                );
                self.sleeper.sleep(wait).await;
                continue;
            }
            let www_authenticate = header(&response, "www-authenticate");
            let text = response
                .text()
                .await
                .map_err(|e| transport(&e, url.as_str(), Some(&correlation_id)))?;
            if status.is_success() {
                return serde_json::from_str(&text).map_err(|e| ClientError::Unexpected {
                    url: url.to_string(),
                    status: status.as_u16(),
                    message: format!("{e}: {}", truncate(&text, 200)),
                    correlation_id: Some(correlation_id.clone()),
                    request_id: request_id.clone(),
                });
            }
            let parsed = serde_json::from_str::<ApiError>(&text).ok();
            let request_id =
                request_id.or_else(|| parsed.as_ref().and_then(|b| b.request_id.clone()));
            return Err(ClientError::Api(Box::new(ApiFailure {
                method: method.to_string(),
                url: url.to_string(),
                status: status.as_u16(),
                raw_body: parsed
                    .is_none()
                    .then(|| truncate(&text, 500))
                    .filter(|t| !t.is_empty()),
                body: parsed,
                correlation_id,
                request_id,
                www_authenticate,
                retry_after,
                attempts,
            })));
        }
    }
}

#[cfg(test)]
mod tests;
