//! Webhooks' wire types (`/v1.0/webhooks`).

use serde::{Deserialize, Serialize};

/// `POST /v1.0/webhooks`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewWebhook {
    /// Where deliveries are POSTed: `https` to a public address.
    pub url: String,
    /// Which events (default: all): `policy.changed`, `trial.started`, `purchase.made`,
    /// `licenseRequest.filed`, `licenseRequest.decided`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub events: Option<Vec<String>>,
    /// The signing secret (`whsec_` + base64 of 24 to 64 bytes); generated when left out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret: Option<String>,
}

/// A registered endpoint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Webhook {
    #[cfg_attr(feature = "openapi", schema(format = "uuid"))]
    pub id: String,
    pub url: String,
    pub events: Vec<String>,
    #[cfg_attr(feature = "openapi", schema(format = DateTime))]
    pub created_date_time: String,
    pub created_by: String,
    /// Only in the answer to its creation: keep it, it is not shown again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret: Option<String>,
}

/// One delivery of one event to one endpoint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WebhookDelivery {
    /// Also the `webhook-id` header of the delivery.
    #[cfg_attr(feature = "openapi", schema(format = "uuid"))]
    pub id: String,
    pub event: String,
    /// `pending`, `delivered` or `failed` (not delivered within 24 hours).
    pub status: String,
    pub attempts: i64,
    #[cfg_attr(feature = "openapi", schema(format = DateTime))]
    pub created_date_time: String,
    #[cfg_attr(feature = "openapi", schema(format = DateTime))]
    pub next_attempt_date_time: String,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub last_status: Option<i64>,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub last_error: Option<String>,
    #[cfg_attr(feature = "openapi", schema(required = true, format = DateTime))]
    pub delivered_date_time: Option<String>,
    /// The body sent (JSON text).
    pub payload: String,
}
