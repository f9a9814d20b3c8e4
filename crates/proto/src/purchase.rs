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
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
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
    /// When denied: where the user asks for a license. The tenant's own process when it has
    /// one (`/v1.0/licenseRequestSettings`), else this service's `POST /v1.0/licenseRequests`
    /// (with the user's own token).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_url: Option<String>,
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

/// What a storefront records (`POST /v1.0/selfServicePurchases`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum PurchaseEvent {
    /// A trial began (with or without a payment method).
    TrialStarted,
    /// A subscription was bought.
    PurchaseMade,
    /// A trial became a paid subscription.
    TrialConverted,
    /// A subscription (or trial) was cancelled. Never refused: stopping is always allowed.
    SubscriptionCancelled,
}

impl PurchaseEvent {
    pub const ALL: [PurchaseEvent; 4] = [
        PurchaseEvent::TrialStarted,
        PurchaseEvent::PurchaseMade,
        PurchaseEvent::TrialConverted,
        PurchaseEvent::SubscriptionCancelled,
    ];

    /// The code as it is on the wire and in the store.
    pub fn as_str(self) -> &'static str {
        match self {
            PurchaseEvent::TrialStarted => "trialStarted",
            PurchaseEvent::PurchaseMade => "purchaseMade",
            PurchaseEvent::TrialConverted => "trialConverted",
            PurchaseEvent::SubscriptionCancelled => "subscriptionCancelled",
        }
    }

    /// Case-insensitive, as the module's `ValidateSet`s are.
    pub fn parse(s: &str) -> Option<PurchaseEvent> {
        PurchaseEvent::ALL
            .into_iter()
            .find(|e| e.as_str().eq_ignore_ascii_case(s.trim()))
    }
}

/// `POST /v1.0/selfServicePurchases`: a storefront records what a user did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RecordPurchase {
    /// The tenant (directory) id of the user's organization.
    #[cfg_attr(feature = "openapi", schema(value_type = String, pattern = "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"))]
    pub tenant_id: crate::ids::TenantId,
    /// The user's object id.
    #[cfg_attr(feature = "openapi", schema(value_type = String, pattern = "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"))]
    pub user_id: uuid::Uuid,
    /// The user's sign-in name, if the storefront knows it (shown to admins).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_principal_name: Option<String>,
    /// The product (current or legacy id).
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub product_id: crate::ids::ProductId,
    pub kind: PurchaseEvent,
    /// Licenses (seats): 1 to 10,000. Default 1.
    #[serde(default = "one")]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 10000))]
    pub quantity: u32,
    /// For `trialStarted`: whether the user gave a payment method. Default false.
    #[serde(default)]
    pub has_payment_method: bool,
}

fn one() -> u32 {
    1
}

/// A recorded purchase or trial, as admins list it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SelfServicePurchase {
    #[cfg_attr(feature = "openapi", schema(format = "uuid"))]
    pub id: String,
    /// When it was recorded: RFC 3339, UTC.
    #[cfg_attr(feature = "openapi", schema(format = DateTime))]
    pub time: String,
    #[cfg_attr(feature = "openapi", schema(format = "uuid"))]
    pub tenant_id: String,
    #[cfg_attr(feature = "openapi", schema(format = "uuid"))]
    pub user_id: String,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub user_principal_name: Option<String>,
    /// The product as the catalog names it now.
    pub product_id: String,
    pub product_name: String,
    pub kind: PurchaseEvent,
    pub quantity: u32,
    pub has_payment_method: bool,
    /// The storefront application that recorded it.
    pub recorded_by: String,
    /// The policy value that allowed it, at that moment.
    pub policy_value: PolicyValue,
}

impl SelfServicePurchase {
    /// The columns of a record's CSV form (the service's `text/csv` and the CLI's `--output
    /// csv`), in order.
    pub const CSV_HEADERS: [&'static str; 12] = [
        "Time",
        "UserId",
        "UserPrincipalName",
        "ProductId",
        "ProductName",
        "Kind",
        "Quantity",
        "HasPaymentMethod",
        "RecordedBy",
        "PolicyValue",
        "TenantId",
        "Id",
    ];

    /// The record as a CSV row, in the order of [`Self::CSV_HEADERS`].
    pub fn csv_row(&self) -> [String; 12] {
        [
            self.time.clone(),
            self.user_id.clone(),
            self.user_principal_name.clone().unwrap_or_default(),
            self.product_id.clone(),
            self.product_name.clone(),
            self.kind.as_str().to_owned(),
            self.quantity.to_string(),
            self.has_payment_method.to_string(),
            self.recorded_by.clone(),
            self.policy_value.as_str().to_owned(),
            self.tenant_id.clone(),
            self.id.clone(),
        ]
    }
}
