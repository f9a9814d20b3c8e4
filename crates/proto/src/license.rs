//! License requests' wire types: a user asks for a license (`POST /v1.0/licenseRequests`), an
//! admin approves or denies it, and a tenant may send its users to its own process instead
//! (`/v1.0/licenseRequestSettings`).

use serde::{Deserialize, Serialize};

/// Where a request stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum LicenseRequestStatus {
    /// Waiting for an admin.
    Pending,
    Approved,
    Denied,
    /// Nobody decided within 12 months.
    Expired,
}

impl LicenseRequestStatus {
    pub const ALL: [LicenseRequestStatus; 4] = [
        LicenseRequestStatus::Pending,
        LicenseRequestStatus::Approved,
        LicenseRequestStatus::Denied,
        LicenseRequestStatus::Expired,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            LicenseRequestStatus::Pending => "pending",
            LicenseRequestStatus::Approved => "approved",
            LicenseRequestStatus::Denied => "denied",
            LicenseRequestStatus::Expired => "expired",
        }
    }

    /// Case-insensitive.
    pub fn parse(s: &str) -> Option<LicenseRequestStatus> {
        LicenseRequestStatus::ALL
            .into_iter()
            .find(|x| x.as_str().eq_ignore_ascii_case(s.trim()))
    }
}

/// An admin's decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum RequestDecision {
    Approve,
    Deny,
}

impl RequestDecision {
    pub fn as_str(self) -> &'static str {
        match self {
            RequestDecision::Approve => "approve",
            RequestDecision::Deny => "deny",
        }
    }
}

/// `POST /v1.0/licenseRequests`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewLicenseRequest {
    /// The product (current or legacy id).
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub product_id: crate::ids::ProductId,
    /// Why the user needs it (up to 1000 characters).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

/// `POST /v1.0/licenseRequests/{id}/approve` and `/deny`: an optional message to the requester.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LicenseRequestDecision {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

/// A person, as a request names them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RequestParty {
    #[cfg_attr(feature = "openapi", schema(format = "uuid"))]
    pub object_id: String,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub user_principal_name: Option<String>,
}

/// A license request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LicenseRequest {
    #[cfg_attr(feature = "openapi", schema(format = "uuid"))]
    pub id: String,
    #[cfg_attr(feature = "openapi", schema(format = "uuid"))]
    pub tenant_id: String,
    pub product_id: String,
    pub product_name: String,
    pub requester: RequestParty,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub message: Option<String>,
    pub status: LicenseRequestStatus,
    /// RFC 3339, UTC.
    #[cfg_attr(feature = "openapi", schema(format = DateTime))]
    pub created_date_time: String,
    /// When a pending request expires.
    #[cfg_attr(feature = "openapi", schema(format = DateTime))]
    pub expiration_date_time: String,
    #[cfg_attr(feature = "openapi", schema(required = true, format = DateTime))]
    pub decided_date_time: Option<String>,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub decided_by: Option<RequestParty>,
    /// The admin's message to the requester.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub decision_message: Option<String>,
}

/// How the tenant's users ask for licenses: here (`builtIn`), or through the tenant's own
/// process (`custom`: a message and a link, shown to users instead).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum RequestProcess {
    BuiltIn,
    Custom,
}

/// `GET`/`PUT /v1.0/licenseRequestSettings`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LicenseRequestSettings {
    pub process: RequestProcess,
    /// For `custom`: what users are told (up to 1000 characters).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// For `custom`: where users ask (`https://...`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}
