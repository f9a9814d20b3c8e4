//! The licensing API on the exact paths of the wire contract (`/v1.0/...`): every request with
//! `Authorization: Bearer`, a new `x-ms-correlation-id` GUID (kept across the retries of one
//! call), JSON on PUT; 429 and 503 retried after `Retry-After` (capped), a bounded number of times.

use std::sync::Arc;

use mscommerce_domain::Clock;
use mscommerce_proto::license::LicenseRequest;
use mscommerce_proto::purchase::SelfServicePurchase;
use mscommerce_proto::webhook::{NewWebhook, Webhook, WebhookDelivery};
use mscommerce_proto::{
    ApiError, AuditLogEntry, Items, OfferTypePolicy, Policy, PolicyBatch, PolicyBatchResult,
    PolicyDefaultUpdate, PolicyUpdate, PolicyValue, ProductPolicy, headers,
};
use reqwest::{Method, Url};
use secrecy::{ExposeSecret, SecretString};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::endpoint::join;
use crate::error::{ApiFailure, ClientError};
use crate::http::{build_client, header, redirect, transport, truncate};
use crate::plan::{CurrentItem, TenantState};
use crate::retry::{RetryPolicy, parse_retry_after};
use crate::sleep::Sleeper;

/// The API version prefix the module uses.
pub const API_PREFIX: &str = "v1.0";
/// The list parameter that adds each item's `ETag`.
const INCLUDE_ETAG: &str = "includeEtag";
/// The most entries one audit page may ask for.
pub const AUDIT_MAX_PAGE: u32 = 1000;

/// A list item with its `ETag` (`includeEtag=true`), or a single object with its `ETag` header
/// (empty when the service sent none).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tagged<T> {
    #[serde(flatten)]
    pub item: T,
    #[serde(default)]
    pub etag: String,
}

/// Items per page for a list read of up to `limit` items.
fn page_size(limit: Option<usize>) -> u32 {
    limit.map_or(AUDIT_MAX_PAGE, |n| {
        u32::try_from(n.clamp(1, AUDIT_MAX_PAGE as usize)).unwrap_or(AUDIT_MAX_PAGE)
    })
}

/// The filters of `GET /v1.0/licenseRequests` (all optional).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LicenseRequestQuery {
    /// `pending`, `approved`, `denied` or `expired`.
    pub status: Option<String>,
    pub product_id: Option<String>,
    /// A requester's object id or sign-in name.
    pub requester: Option<String>,
    pub since: Option<String>,
    pub until: Option<String>,
}

/// The filters of `GET /v1.0/selfServicePurchases` (all optional; times in RFC 3339).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PurchaseQuery {
    pub product_id: Option<String>,
    /// A user's object id or sign-in name.
    pub user: Option<String>,
    pub kind: Option<String>,
    pub since: Option<String>,
    pub until: Option<String>,
}

/// The filters of `GET /v1.0/auditLog` (all optional; times in RFC 3339).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditQuery {
    pub policy_id: Option<String>,
    pub product_id: Option<String>,
    pub offer_type: Option<String>,
    /// A user principal name, a user's object id or an app id.
    pub actor: Option<String>,
    pub since: Option<String>,
    pub until: Option<String>,
    /// Entries per page (1 to [`AUDIT_MAX_PAGE`]).
    pub top: Option<u32>,
}

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

    /// The access token every request carries.
    pub(crate) fn token(&self) -> &SecretString {
        &self.token
    }

    /// Carries a renewed token from now on (same service, same HTTP connection pool).
    pub(crate) fn set_token(&mut self, token: SecretString) {
        self.token = token;
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

    /// `GET /v1.0/policies/{p}` with the policy's `ETag` (for the `ifMatch` of a batch's default).
    pub async fn policy_tagged(&self, policy_id: &str) -> Result<Tagged<Policy>, ClientError> {
        let url = self.url(&["policies", policy_id], &[])?;
        let (item, etag) = self.send::<Policy>(Method::GET, url, None).await?;
        Ok(Tagged {
            item,
            etag: etag.unwrap_or_default(),
        })
    }

    /// `GET /v1.0/policies/{p}/products?includeEtag=true`: every product with its `ETag`.
    pub async fn product_policies_tagged(
        &self,
        policy_id: &str,
    ) -> Result<Vec<Tagged<ProductPolicy>>, ClientError> {
        let url = self.url(
            &["policies", policy_id, "products"],
            &[(INCLUDE_ETAG, "true")],
        )?;
        let (items, _) = self
            .send::<Items<Tagged<ProductPolicy>>>(Method::GET, url, None)
            .await?;
        Ok(items.items)
    }

    /// `GET /v1.0/policies/{p}/products?scope=OfferType&includeEtag=true`.
    pub async fn offer_type_policies_tagged(
        &self,
        policy_id: &str,
    ) -> Result<Vec<Tagged<OfferTypePolicy>>, ClientError> {
        let url = self.url(
            &["policies", policy_id, "products"],
            &[
                ("scope", mscommerce_proto::SCOPE_OFFER_TYPE),
                (INCLUDE_ETAG, "true"),
            ],
        )?;
        let (items, _) = self
            .send::<Items<Tagged<OfferTypePolicy>>>(Method::GET, url, None)
            .await?;
        Ok(items.items)
    }

    /// The tenant's whole policy with every `ETag`: the default, every product, every offer type
    /// (three reads; each value carries its own `ETag`, so a batch built from them is checked
    /// value by value).
    pub async fn tenant_state(&self, policy_id: &str) -> Result<TenantState, ClientError> {
        let policy = self.policy_tagged(policy_id).await?;
        let products = self.product_policies_tagged(policy_id).await?;
        let offer_types = self.offer_type_policies_tagged(policy_id).await?;
        Ok(TenantState {
            policy_id: policy.item.id,
            default_value: policy.item.default_value,
            default_etag: policy.etag,
            products: products
                .into_iter()
                .map(|t| CurrentItem {
                    id: t.item.product_id,
                    name: t.item.product_name,
                    value: t.item.policy_value,
                    etag: t.etag,
                })
                .collect(),
            offer_types: offer_types
                .into_iter()
                .map(|t| CurrentItem {
                    id: t.item.scope_id,
                    name: t.item.scope_value,
                    value: t.item.policy_value,
                    etag: t.etag,
                })
                .collect(),
        })
    }

    /// `PUT /v1.0/policies/{p}` `{"defaultValue"}`: the tenant's default for products added to
    /// the catalog later.
    pub async fn update_policy_default(
        &self,
        policy_id: &str,
        value: PolicyValue,
    ) -> Result<Policy, ClientError> {
        let url = self.url(&["policies", policy_id], &[])?;
        let body = to_json(&PolicyDefaultUpdate {
            default_value: value,
        });
        let (policy, _) = self.send(Method::PUT, url, Some(body)).await?;
        Ok(policy)
    }

    /// `PATCH /v1.0/policies/{p}/products`: every item (and the default) in one transaction, or
    /// nothing. A refusal names its item in [`mscommerce_proto::ApiError::failed_item`].
    ///
    /// Retried on 429/503 like every call: a batch sets values, so repeating it is harmless, and
    /// an `ifMatch` that went stale because the first attempt did succeed still succeeds (the
    /// value asked for is in place).
    pub async fn patch_product_policies(
        &self,
        policy_id: &str,
        batch: &PolicyBatch,
    ) -> Result<PolicyBatchResult, ClientError> {
        let url = self.url(&["policies", policy_id, "products"], &[])?;
        let (result, _) = self.send(Method::PATCH, url, Some(to_json(batch))).await?;
        Ok(result)
    }

    /// One page of `GET /v1.0/auditLog`, newest first.
    pub async fn audit_log(&self, query: &AuditQuery) -> Result<Items<AuditLogEntry>, ClientError> {
        let top = query.top.map(|t| t.to_string());
        let url = self.list_url(
            "auditLog",
            &[
                ("policyId", query.policy_id.as_deref()),
                ("productId", query.product_id.as_deref()),
                ("offerType", query.offer_type.as_deref()),
                ("actor", query.actor.as_deref()),
                ("since", query.since.as_deref()),
                ("until", query.until.as_deref()),
                ("top", top.as_deref()),
            ],
        )?;
        let (page, _) = self.send(Method::GET, url, None).await?;
        Ok(page)
    }

    /// The page a `nextLink` names. The link must stay on this service (same origin, under its
    /// path): the bearer token goes nowhere else.
    pub async fn next_page<T: DeserializeOwned>(
        &self,
        next_link: &str,
    ) -> Result<Items<T>, ClientError> {
        let url = self.same_service(next_link)?;
        let (page, _) = self.send(Method::GET, url, None).await?;
        Ok(page)
    }

    /// Up to `limit` entries (every entry with `None`), following `nextLink` page by page; each
    /// page asks for at most [`AUDIT_MAX_PAGE`].
    pub async fn audit_entries(
        &self,
        query: &AuditQuery,
        limit: Option<usize>,
    ) -> Result<Vec<AuditLogEntry>, ClientError> {
        let first = AuditQuery {
            top: Some(page_size(limit)),
            ..query.clone()
        };
        let page = self.audit_log(&first).await?;
        self.collect(page, limit).await
    }

    /// `GET /v1.0/selfServicePurchases`: up to `limit` records (every one with `None`), newest
    /// first, following `nextLink`.
    pub async fn purchases(
        &self,
        query: &PurchaseQuery,
        limit: Option<usize>,
    ) -> Result<Vec<SelfServicePurchase>, ClientError> {
        let filters = [
            ("productId", query.product_id.as_deref()),
            ("userId", query.user.as_deref()),
            ("kind", query.kind.as_deref()),
            ("since", query.since.as_deref()),
            ("until", query.until.as_deref()),
        ];
        self.read_list("selfServicePurchases", &filters, limit)
            .await
    }

    /// `POST /v1.0/licenseRequests`: asks the tenant's admins for a license.
    pub async fn file_license_request(
        &self,
        product_id: &str,
        message: Option<&str>,
    ) -> Result<LicenseRequest, ClientError> {
        let url = self.url(&["licenseRequests"], &[])?;
        let body = serde_json::json!({ "productId": product_id, "message": message });
        let (request, _) = self.send(Method::POST, url, Some(body.to_string())).await?;
        Ok(request)
    }

    /// `GET /v1.0/licenseRequests`: up to `limit` requests (every one with `None`), newest
    /// first: the tenant's for those who decide them, one's own otherwise.
    pub async fn license_requests(
        &self,
        query: &LicenseRequestQuery,
        limit: Option<usize>,
    ) -> Result<Vec<LicenseRequest>, ClientError> {
        let filters = [
            ("status", query.status.as_deref()),
            ("productId", query.product_id.as_deref()),
            ("requester", query.requester.as_deref()),
            ("since", query.since.as_deref()),
            ("until", query.until.as_deref()),
        ];
        self.read_list("licenseRequests", &filters, limit).await
    }

    /// `POST /v1.0/licenseRequests/{id}/approve` or `/deny`, with an optional message for the
    /// requester.
    pub async fn decide_license_request(
        &self,
        id: &str,
        approve: bool,
        message: Option<&str>,
    ) -> Result<LicenseRequest, ClientError> {
        let action = if approve { "approve" } else { "deny" };
        let url = self.url(&["licenseRequests", id, action], &[])?;
        let body = serde_json::json!({ "message": message });
        let (request, _) = self.send(Method::POST, url, Some(body.to_string())).await?;
        Ok(request)
    }

    /// Up to `limit` items of a paged list (every one with `None`), with the filters that are
    /// set, following `nextLink`.
    async fn read_list<T: DeserializeOwned>(
        &self,
        list: &str,
        filters: &[(&str, Option<&str>)],
        limit: Option<usize>,
    ) -> Result<Vec<T>, ClientError> {
        let top = page_size(limit).to_string();
        let mut filters = filters.to_vec();
        filters.push(("top", Some(top.as_str())));
        let url = self.list_url(list, &filters)?;
        let (page, _) = self.send(Method::GET, url, None).await?;
        self.collect(page, limit).await
    }

    /// `POST /v1.0/webhooks`: the answer carries the signing secret, once.
    pub async fn add_webhook(&self, webhook: &NewWebhook) -> Result<Webhook, ClientError> {
        let url = self.url(&["webhooks"], &[])?;
        let (created, _) = self.send(Method::POST, url, Some(to_json(webhook))).await?;
        Ok(created)
    }

    /// `GET /v1.0/webhooks`.
    pub async fn webhooks(&self) -> Result<Vec<Webhook>, ClientError> {
        self.read_list("webhooks", &[], None).await
    }

    /// `DELETE /v1.0/webhooks/{id}`.
    pub async fn remove_webhook(&self, id: &str) -> Result<(), ClientError> {
        let url = self.url(&["webhooks", id], &[])?;
        let ((), _) = self.send(Method::DELETE, url, None).await?;
        Ok(())
    }

    /// `GET /v1.0/webhooks/{id}/deliveries`: the newest `top`.
    pub async fn webhook_deliveries(
        &self,
        id: &str,
        top: u32,
    ) -> Result<Vec<WebhookDelivery>, ClientError> {
        let top = top.to_string();
        let url = self.url(&["webhooks", id, "deliveries"], &[("top", top.as_str())])?;
        let (page, _): (Items<WebhookDelivery>, _) = self.send(Method::GET, url, None).await?;
        Ok(page.items)
    }

    /// `POST /v1.0/webhooks/{id}/deliveries/{delivery}/replay`.
    pub async fn replay_delivery(
        &self,
        id: &str,
        delivery: &str,
    ) -> Result<WebhookDelivery, ClientError> {
        let url = self.url(&["webhooks", id, "deliveries", delivery, "replay"], &[])?;
        let (replayed, _) = self.send(Method::POST, url, None).await?;
        Ok(replayed)
    }

    /// A list's URL with the filters that are set.
    fn list_url(&self, list: &str, filters: &[(&str, Option<&str>)]) -> Result<Url, ClientError> {
        let pairs: Vec<(&str, &str)> = filters
            .iter()
            .filter_map(|(name, value)| value.map(|v| (*name, v)))
            .collect();
        self.url(&[list], &pairs)
    }

    /// The items of `page` and of the pages after it, up to `limit`.
    async fn collect<T: DeserializeOwned>(
        &self,
        mut page: Items<T>,
        limit: Option<usize>,
    ) -> Result<Vec<T>, ClientError> {
        let mut items = Vec::new();
        loop {
            items.append(&mut page.items);
            if limit.is_some_and(|n| items.len() >= n) {
                break;
            }
            match page.next_link.take() {
                Some(link) => page = self.next_page(&link).await?,
                None => break,
            }
        }
        if let Some(n) = limit {
            items.truncate(n);
        }
        Ok(items)
    }

    /// A URL the service handed out (a `nextLink`), checked to be on this service.
    fn same_service(&self, link: &str) -> Result<Url, ClientError> {
        let elsewhere = |why: &str| ClientError::Unexpected {
            url: truncate(link, 200),
            status: 200,
            message: format!("the nextLink {why}; it is not followed"),
            correlation_id: None,
            request_id: None,
        };
        let url = self
            .base
            .join(link)
            .map_err(|_| elsewhere("is not a URL"))?;
        if url.origin() != self.base.origin() {
            return Err(elsewhere("points to another host"));
        }
        let base_path = self.base.path().trim_end_matches('/');
        if !url.path().starts_with(&format!("{base_path}/")) {
            return Err(elsewhere("points outside the service"));
        }
        Ok(url)
    }

    /// `{endpoint}/v1.0/{segments...}?{query}`.
    fn url(&self, segments: &[&str], query: &[(&str, &str)]) -> Result<Url, ClientError> {
        let mut path = vec![API_PREFIX];
        path.extend_from_slice(segments);
        let mut url = join(&self.base, &path)?;
        if !query.is_empty() {
            let mut pairs = url.query_pairs_mut();
            for (k, v) in query {
                pairs.append_pair(k, v);
            }
        }
        Ok(url)
    }

    async fn call<T: DeserializeOwned>(
        &self,
        method: Method,
        segments: &[&str],
        query: Option<(&str, &str)>,
        body: Option<&PolicyUpdate>,
    ) -> Result<T, ClientError> {
        let url = self.url(segments, query.as_slice())?;
        let (answer, _) = self.send(method, url, body.map(to_json)).await?;
        Ok(answer)
    }

    /// One call: the answer and its `ETag` header, if any.
    async fn send<T: DeserializeOwned>(
        &self,
        method: Method,
        url: Url,
        body: Option<String>,
    ) -> Result<(T, Option<String>), ClientError> {
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
            if let Some(b) = &body {
                request = request
                    .header(reqwest::header::CONTENT_TYPE, "application/json")
                    .body(b.clone());
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
            let etag = header(&response, "etag");
            let text = response
                .text()
                .await
                .map_err(|e| transport(&e, url.as_str(), Some(&correlation_id)))?;
            if status.is_success() {
                // No body (204): `null`, which `()` reads.
                let text = if text.trim().is_empty() {
                    "null"
                } else {
                    text.as_str()
                };
                return serde_json::from_str(text)
                    .map(|body| (body, etag))
                    .map_err(|e| ClientError::Unexpected {
                        url: url.to_string(),
                        status: status.as_u16(),
                        message: format!("{e}: {}", truncate(text, 200)),
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

/// A request body as JSON, fields in their declared order.
fn to_json<T: Serialize>(value: &T) -> String {
    // The request bodies are plain structs of strings and enums: they always serialize.
    serde_json::to_string(value).unwrap_or_default()
}

#[cfg(test)]
mod tests;
