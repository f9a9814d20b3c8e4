//! The policy model: who the caller is, what they may do, the catalog, the clock.
//!
//! Nothing here does I/O. The access decision is a pure function from a verified [`Principal`] to
//! a capability ([`ReadGrant`] or [`WriteGrant`]); the store's read methods take a `ReadGrant` and its
//! write methods a `WriteGrant`, so a handler holding only read access cannot call a write
//! (lldap's idea, in the type system).

pub mod access;
pub mod audit;
pub mod catalog;
pub mod clock;
pub mod device_code;
pub mod etag;
pub mod license_request;
pub mod lockout;
pub mod purchase;
pub mod rotation;
pub mod rules;
pub mod sharded;

pub use access::{
    Actor, DeciderGrant, Denied, Principal, PrincipalKind, PurchaseGrant, ReadGrant, RequestReader,
    RequesterGrant, WriteGrant,
};
pub use audit::{AuditEntry, AuditResult, AuditTarget, RequestIds};
pub use catalog::{Catalog, CatalogOfferType, CatalogProduct};
pub use clock::{Clock, ManualClock, SystemClock};
pub use etag::{ETag, IfMatch};
pub use mscommerce_proto::PolicyValue;
pub use mscommerce_proto::ids::{DomainName, OfferType, ProductId, TenantId};
pub use rules::{Decision, Refusal};
pub use sharded::Sharded;

/// The policies this service knows. Parsing is case-insensitive; unknown ids are a 404.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PolicyId {
    AllowSelfServicePurchase,
}

impl PolicyId {
    pub const ALL: [PolicyId; 1] = [PolicyId::AllowSelfServicePurchase];

    pub fn parse(s: &str) -> Option<PolicyId> {
        PolicyId::ALL
            .into_iter()
            .find(|p| p.as_str().eq_ignore_ascii_case(s))
    }

    pub fn as_str(self) -> &'static str {
        match self {
            PolicyId::AllowSelfServicePurchase => mscommerce_proto::ALLOW_SELF_SERVICE_PURCHASE,
        }
    }

    pub fn description(self) -> &'static str {
        match self {
            PolicyId::AllowSelfServicePurchase => {
                "Allows users in the tenant to buy or start trials of products on their own (self-service)"
            }
        }
    }

    /// The value every tenant starts with and every new product gets until a tenant sets its own
    /// default.
    pub fn builtin_default(self) -> PolicyValue {
        PolicyValue::Enabled
    }
}

impl std::fmt::Display for PolicyId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}
