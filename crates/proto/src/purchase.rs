//! The purchase side's wire types: the decision a storefront asks for before a user buys or
//! starts a trial (`POST /v1.0/policies/{policyId}/evaluate`).

use serde::{Deserialize, Serialize};

use crate::PolicyValue;

/// What the user is about to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum PurchaseKind {
    /// Buy a subscription.
    Purchase,
    /// Start a trial.
    Trial,
}

impl PurchaseKind {
    pub const ALL: [PurchaseKind; 2] = [PurchaseKind::Purchase, PurchaseKind::Trial];

    pub fn as_str(self) -> &'static str {
        match self {
            PurchaseKind::Purchase => "purchase",
            PurchaseKind::Trial => "trial",
        }
    }
}

/// Allow or deny.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Verdict {
    Allow,
    Deny,
}

/// Why: a stable code a storefront may branch on (the `message` is for people).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum DecisionReason {
    /// `Enabled`: purchases and trials are allowed.
    PolicyEnabled,
    /// `Disabled`: neither purchases nor trials.
    PolicyDisabled,
    /// `OnlyTrialsWithoutPaymentMethod`, and this is a purchase.
    OnlyTrialsAllowed,
    /// `OnlyTrialsWithoutPaymentMethod`, and this trial comes with a payment method.
    PaymentMethodNotAllowed,
    /// `OnlyTrialsWithoutPaymentMethod`, and the product offers no trial without one.
    NoTrialWithoutPaymentMethod,
    /// `OnlyTrialsWithoutPaymentMethod`: a trial without a payment method, allowed.
    TrialWithoutPaymentMethod,
    /// The product is retired: nothing new can be bought or started.
    ProductRetired,
}

impl DecisionReason {
    pub const ALL: [DecisionReason; 7] = [
        DecisionReason::PolicyEnabled,
        DecisionReason::PolicyDisabled,
        DecisionReason::OnlyTrialsAllowed,
        DecisionReason::PaymentMethodNotAllowed,
        DecisionReason::NoTrialWithoutPaymentMethod,
        DecisionReason::TrialWithoutPaymentMethod,
        DecisionReason::ProductRetired,
    ];

    /// The code as it is on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            DecisionReason::PolicyEnabled => "policyEnabled",
            DecisionReason::PolicyDisabled => "policyDisabled",
            DecisionReason::OnlyTrialsAllowed => "onlyTrialsAllowed",
            DecisionReason::PaymentMethodNotAllowed => "paymentMethodNotAllowed",
            DecisionReason::NoTrialWithoutPaymentMethod => "noTrialWithoutPaymentMethod",
            DecisionReason::TrialWithoutPaymentMethod => "trialWithoutPaymentMethod",
            DecisionReason::ProductRetired => "productRetired",
        }
    }
}

/// `POST /v1.0/policies/{policyId}/evaluate`: one product (`productId`) or many (`productIds`,
/// for a storefront page that lists products), for one user of one tenant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EvaluateRequest {
    /// The tenant (directory) id of the user's organization.
    #[cfg_attr(feature = "openapi", schema(value_type = String, pattern = "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"))]
    pub tenant_id: crate::ids::TenantId,
    /// The user's object id (recorded with purchases; not needed to decide).
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, pattern = "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<uuid::Uuid>,
    /// One product (current or legacy id). Give this or `productIds`.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub product_id: Option<crate::ids::ProductId>,
    /// Many products, answered in the same order (at most 1000). Give this or `productId`.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Vec<String>>))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub product_ids: Option<Vec<crate::ids::ProductId>>,
    pub kind: PurchaseKind,
    /// Whether the user would give a payment method (a card) for this.
    pub has_payment_method: bool,
}

/// The answer for one product.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Evaluation {
    /// The product as the catalog names it now (a legacy id in the request answers with it).
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub product_id: crate::ids::ProductId,
    pub decision: Verdict,
    pub reason: DecisionReason,
    /// The tenant's value for the product that decided.
    pub policy_value: PolicyValue,
    pub kind: PurchaseKind,
    /// For the end user, in the language of `Accept-Language` (English when none is known).
    pub message: String,
}

/// The answer to a request with `productIds`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Evaluations {
    pub value: Vec<Evaluation>,
}

/// The answer of `POST .../evaluate`: one [`Evaluation`] for `productId`, [`Evaluations`] for
/// `productIds`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum EvaluateAnswer {
    One(Evaluation),
    Many(Evaluations),
}
