//! Wire types of the licensing API and of the Entra-shaped identity endpoints.
//!
//! Shared by the server, the client library and the CLI so that both sides of the wire agree by
//! construction. Property names are camelCase on the licensing API (as the original service) and
//! snake_case on the OAuth endpoints (as RFC 6749 and Entra ID).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

#[cfg(feature = "openapi")]
pub mod described;
pub mod ids;
pub mod license;
mod plain_request;
pub mod purchase;
pub mod roles;
pub mod webhook;

/// Application (client) id of the licensing API: the audience of its access tokens.
pub const RESOURCE_APP_ID: &str = "aeb86249-8ea3-49e2-900b-54cc8e308f85";
/// The `api://` form of the audience, carried by v1 tokens.
pub const RESOURCE_APP_URI: &str = "api://aeb86249-8ea3-49e2-900b-54cc8e308f85";
/// The v2 scope a client asks for.
pub const RESOURCE_DEFAULT_SCOPE: &str = "aeb86249-8ea3-49e2-900b-54cc8e308f85/.default";
/// Public client id of the MSCommerce PowerShell module; our CLI uses the same one.
pub const PUBLIC_CLIENT_ID: &str = "3d5cffa9-04da-4657-8cab-c7f074657cad";
/// The delegated scope that user tokens carry in `scp`.
pub const SCOPE_ACCESS_AS_USER: &str = "LicenseManager.AccessAsUser";
/// The only policy the original service knows.
pub const ALLOW_SELF_SERVICE_PURCHASE: &str = "AllowSelfServicePurchase";
/// Device-code grant type (RFC 8628).
pub const GRANT_DEVICE_CODE: &str = "urn:ietf:params:oauth:grant-type:device_code";
/// Client assertion type for certificate credentials (RFC 7523).
pub const CLIENT_ASSERTION_JWT: &str = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

/// Header names the service reads and writes.
pub mod headers {
    pub const CORRELATION_ID: &str = "x-ms-correlation-id";
    pub const CLIENT_REQUEST_ID: &str = "client-request-id";
    pub const REQUEST_ID: &str = "request-id";
}

/// The value of `AllowSelfServicePurchase` for a product or an offer type.
///
/// Parsing is case-insensitive (PowerShell users type `disabled`); output is always canonical.
/// `OnlyTrialsWithoutPaymentMethod` ("Allow for trials only") applies to products that offer a
/// trial without a payment method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum PolicyValue {
    Enabled,
    Disabled,
    OnlyTrialsWithoutPaymentMethod,
}

impl PolicyValue {
    pub const ALL: [PolicyValue; 3] = [
        PolicyValue::Enabled,
        PolicyValue::Disabled,
        PolicyValue::OnlyTrialsWithoutPaymentMethod,
    ];
    /// Offer types take only these two.
    pub const FOR_OFFER_TYPES: [PolicyValue; 2] = [PolicyValue::Enabled, PolicyValue::Disabled];

    pub fn as_str(self) -> &'static str {
        match self {
            PolicyValue::Enabled => "Enabled",
            PolicyValue::Disabled => "Disabled",
            PolicyValue::OnlyTrialsWithoutPaymentMethod => "OnlyTrialsWithoutPaymentMethod",
        }
    }

    /// The comma-separated list used in error messages.
    pub fn list(values: &[PolicyValue]) -> String {
        values
            .iter()
            .map(|v| v.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

impl fmt::Display for PolicyValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A string that is not one of the policy values.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "'{0}' is not a policy value; allowed values: Enabled, Disabled, OnlyTrialsWithoutPaymentMethod"
)]
pub struct UnknownPolicyValue(pub String);

impl FromStr for PolicyValue {
    type Err = UnknownPolicyValue;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        PolicyValue::ALL
            .into_iter()
            .find(|v| v.as_str().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| UnknownPolicyValue(s.to_owned()))
    }
}

impl<'de> Deserialize<'de> for PolicyValue {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// `GET /v1.0/policies/{p}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Policy {
    #[cfg_attr(feature = "openapi", schema(examples("AllowSelfServicePurchase")))]
    pub id: String,
    pub description: String,
    pub default_value: PolicyValue,
}

/// Every list of the API is wrapped in `items`; `nextLink` only where paging exists.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Items<T> {
    pub items: Vec<T>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_link: Option<String>,
}

impl<T> Items<T> {
    pub fn new(items: Vec<T>) -> Self {
        Items {
            items,
            next_link: None,
        }
    }
}

/// Scope marker of product items in lists.
pub const SCOPE_PRODUCT: &str = "product";
/// Scope marker of offer-type items.
pub const SCOPE_OFFER_TYPE: &str = "OfferType";

/// A product's policy. `scope` is present in lists (`"product"`) and absent on the single GET, as
/// the original service answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ProductPolicy {
    pub policy_id: String,
    pub policy_value: PolicyValue,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<described::ProductScope>))]
    pub scope: Option<String>,
    pub product_name: String,
    #[cfg_attr(feature = "openapi", schema(pattern = "^[A-Za-z0-9_-]{1,64}$"))]
    pub product_id: String,
}

/// An offer type's policy: `scopeId` is the offer type (`SaaS`), `scopeValue` its description.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct OfferTypePolicy {
    pub policy_id: String,
    #[cfg_attr(feature = "openapi", schema(value_type = described::OfferTypeValue))]
    pub policy_value: PolicyValue,
    #[cfg_attr(feature = "openapi", schema(value_type = described::OfferTypeScope))]
    pub scope: String,
    #[cfg_attr(feature = "openapi", schema(pattern = "^[A-Za-z0-9_-]{1,64}$"))]
    pub scope_id: String,
    pub scope_value: String,
}

/// Body of PUT on a product or an offer type. Unknown fields are refused (mass assignment).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PolicyUpdate {
    pub policy_value: PolicyValue,
}

/// Body of `PUT /v1.0/policies/{p}`: the tenant's default for products added to the catalog
/// later. Existing products keep their values. Unknown fields are refused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PolicyDefaultUpdate {
    pub default_value: PolicyValue,
}

/// The most items one `PATCH /v1.0/policies/{p}/products` takes (beyond: 413).
pub const MAX_BATCH_ITEMS: usize = 1000;

/// Body of `PATCH /v1.0/policies/{p}/products`: many changes in one transaction, all or none.
///
/// Each item names exactly one of `productId` (a current or legacy id) or `offerType`; `ifMatch`
/// is an ETag as a GET, a list with `includeEtag=true` or an earlier batch returned it (quoted,
/// or `*`). `default` optionally changes the tenant's default in the same transaction.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PolicyBatch {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<PolicyBatchDefault>,
    pub items: Vec<PolicyBatchItem>,
}

/// The default part of a batch: as the body of `PUT /v1.0/policies/{p}`, plus `ifMatch`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PolicyBatchDefault {
    pub default_value: PolicyValue,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    /// Absent or null: no precondition.
    #[cfg_attr(
        feature = "openapi",
        schema(pattern = r#"^(\*|[ \t]*(W/)?"[!#-~]*"[ \t]*(,[ \t]*(W/)?"[!#-~]*"[ \t]*)*)$"#)
    )]
    pub if_match: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PolicyBatchItem {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub product_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offer_type: Option<String>,
    pub policy_value: PolicyValue,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub if_match: Option<String>,
}

/// Answer to a batch: every item in request order with its value and ETag after the batch, and
/// whether the batch changed it (`false`: it already held the value).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct PolicyBatchResult {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<PolicyBatchDefaultResult>,
    pub items: Vec<PolicyBatchResultItem>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct PolicyBatchDefaultResult {
    pub id: String,
    pub default_value: PolicyValue,
    #[cfg_attr(feature = "openapi", schema(pattern = "^\"[!#-~]+\"$"))]
    pub etag: String,
    pub changed: bool,
}

/// A product item has the list's product fields (`scope` `product`), an offer type item the
/// list's offer-type fields (`scope` `OfferType`, `scopeId`, `scopeValue`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct PolicyBatchResultItem {
    pub policy_id: String,
    pub policy_value: PolicyValue,
    pub scope: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub product_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub product_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope_value: Option<String>,
    pub etag: String,
    pub changed: bool,
}

/// What a journal entry or a batch refusal is about: `type` `product`, `offerType` or `default`
/// (whose `id` is null).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct TargetRef {
    #[serde(rename = "type")]
    #[cfg_attr(feature = "openapi", schema(value_type = described::TargetKind))]
    pub kind: String,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub id: Option<String>,
}

/// The item that made a batch fail (in the error envelope as `failedItem`). `index` is its place
/// in `items` (from 0), absent for the batch's `default`; `etag` is the target's current ETag
/// when its `ifMatch` no longer matched.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct FailedItem {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(minimum = 0))]
    pub index: Option<usize>,
    /// Absent when the item is too malformed to name one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<TargetRef>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(pattern = "^\"[!#-~]+\"$"))]
    pub etag: Option<String>,
}

/// One entry of `GET /v1.0/auditLog`. Every field is always present (null when empty).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct AuditLogEntry {
    #[cfg_attr(feature = "openapi", schema(format = "uuid"))]
    pub id: String,
    /// RFC 3339, UTC, microseconds.
    #[cfg_attr(feature = "openapi", schema(format = DateTime))]
    pub time: String,
    #[cfg_attr(feature = "openapi", schema(format = "uuid"))]
    pub tenant_id: String,
    pub actor: AuditActor,
    pub policy_id: String,
    pub target: TargetRef,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub old_value: Option<PolicyValue>,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub new_value: Option<PolicyValue>,
    /// `Succeeded` or `Failed`.
    #[cfg_attr(feature = "openapi", schema(value_type = described::AuditResult))]
    pub result: String,
    /// Why a change was refused (`Forbidden`, `PreconditionFailed`, `BadRequest`,
    /// `ProductRetired`); null for changes.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub reason: Option<String>,
    pub request_id: String,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub correlation_id: Option<String>,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub client_request_id: Option<String>,
    /// Where the request came from: the client's address as the service saw it (the socket's
    /// peer, or the client a trusted proxy named). Null for entries journaled before it was
    /// kept and for in-process changes.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub client_address: Option<String>,
    /// The client's `User-Agent` (up to 256 characters), if it sent one.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub user_agent: Option<String>,
    /// Place in the tenant's journal: 1, 2, ... without gaps.
    #[cfg_attr(feature = "openapi", schema(minimum = 1))]
    pub sequence: i64,
    /// The entry's link in the tenant's hash chain (hex SHA-256).
    #[cfg_attr(feature = "openapi", schema(pattern = "^[0-9a-f]{64}$"))]
    pub hash: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct AuditActor {
    /// `user` or `app`.
    #[serde(rename = "type")]
    #[cfg_attr(feature = "openapi", schema(value_type = described::CallerKind))]
    pub kind: String,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub object_id: Option<String>,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub user_principal_name: Option<String>,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub app_id: Option<String>,
}

/// Error envelope of the licensing API. `errorCode` and `reason` are the original's; the rest is
/// ours and optional, so existing clients keep working.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ApiError {
    #[cfg_attr(feature = "openapi", schema(value_type = described::ErrorCode))]
    pub error_code: String,
    #[cfg_attr(feature = "openapi", schema(min_length = 1))]
    pub reason: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Vec<PolicyValue>>))]
    pub allowed_values: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub required: Option<Requirement>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub caller: Option<CallerInfo>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(format = "uuid"))]
    pub request_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(format = "uuid"))]
    pub correlation_id: Option<String>,
    /// For a refused batch: the item that was refused (the status, `errorCode` and `reason` are
    /// that item's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failed_item: Option<FailedItem>,
}

/// What a refused call would have needed: any one of the listed roles or permissions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Requirement {
    /// `read`, `write` or `evaluate`.
    #[cfg_attr(feature = "openapi", schema(value_type = described::Access))]
    pub access: String,
    pub directory_roles: Vec<NamedId>,
    pub app_permissions: Vec<NamedId>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct NamedId {
    pub id: String,
    pub name: String,
}

/// Who the service took the caller for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CallerInfo {
    /// `user` or `app`.
    #[cfg_attr(feature = "openapi", schema(value_type = described::CallerKind))]
    pub kind: String,
    #[cfg_attr(feature = "openapi", schema(format = "uuid"))]
    pub tenant_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub object_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_principal_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub app_id: Option<String>,
    /// Directory roles (users) or app permissions (apps) the token carried, by name where known.
    pub roles: Vec<NamedId>,
}

/// Successful token response (RFC 6749 §5.1, as Entra answers).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TokenResponse {
    #[cfg_attr(feature = "openapi", schema(value_type = described::BearerType))]
    pub token_type: String,
    pub scope: String,
    pub expires_in: u64,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub ext_expires_in: Option<u64>,
    pub access_token: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id_token: Option<String>,
    /// base64url of `{"uid": oid, "utid": tid}`, when the request had `client_info=1`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_info: Option<String>,
}

/// Device authorization response (RFC 8628 §3.2, Entra's names).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeviceCodeResponse {
    pub device_code: String,
    pub user_code: String,
    pub verification_uri: String,
    pub expires_in: u64,
    pub interval: u64,
    pub message: String,
}

/// Token endpoint error body, as Entra ID answers it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OAuthError {
    #[cfg_attr(feature = "openapi", schema(value_type = described::OAuthErrorCode))]
    pub error: String,
    pub error_description: String,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub error_codes: Vec<u32>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub timestamp: String,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub trace_id: String,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub correlation_id: String,
}

/// `GET /common/userrealm/{upn}?api-version=1.0`, as Entra answers it: how a user name's domain
/// signs in. MSAL asks it before a password sign-in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserRealm {
    #[cfg_attr(feature = "openapi", schema(examples("1.0")))]
    pub ver: String,
    /// `Managed` for a domain of this directory, `Unknown` otherwise.
    #[cfg_attr(feature = "openapi", schema(examples("Managed")))]
    pub account_type: String,
    pub domain_name: String,
    #[cfg_attr(feature = "openapi", schema(examples("microsoftonline.com")))]
    pub cloud_instance_name: String,
    #[cfg_attr(
        feature = "openapi",
        schema(examples("urn:federation:MicrosoftOnline"))
    )]
    pub cloud_audience_urn: String,
}

/// OpenID Connect discovery document (the fields our clients use).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OpenIdConfiguration {
    pub issuer: String,
    pub authorization_endpoint: String,
    pub token_endpoint: String,
    pub device_authorization_endpoint: String,
    pub jwks_uri: String,
    pub response_types_supported: Vec<String>,
    pub subject_types_supported: Vec<String>,
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<described::SigningAlg>))]
    pub id_token_signing_alg_values_supported: Vec<String>,
    pub token_endpoint_auth_methods_supported: Vec<String>,
    pub grant_types_supported: Vec<String>,
    pub scopes_supported: Vec<String>,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub tenant_region_scope: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn policy_value_parses_case_insensitively_and_prints_canonically() {
        for v in PolicyValue::ALL {
            assert_eq!(v.as_str().to_lowercase().parse::<PolicyValue>(), Ok(v));
            assert_eq!(serde_json::to_string(&v).unwrap(), format!("\"{v}\""));
        }
        assert!("Sometimes".parse::<PolicyValue>().is_err());
        assert!(serde_json::from_str::<PolicyValue>("1").is_err());
    }

    #[test]
    fn update_body_refuses_unknown_fields() {
        assert!(
            serde_json::from_str::<PolicyUpdate>(r#"{"policyValue":"Enabled","productName":"x"}"#)
                .is_err()
        );
        assert!(serde_json::from_str::<PolicyUpdate>(r#"{"policyValue":"Enabled"}"#).is_ok());
    }
}
