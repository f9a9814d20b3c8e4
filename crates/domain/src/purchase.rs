//! The purchase decision: whether a user may buy a product, or start a trial of it, under the
//! tenant's policy value for that product. One pure function, so the server's hot path, the
//! recording of purchases and the tests all use the same table.

pub use mscommerce_proto::purchase::{DecisionReason, PurchaseKind, Verdict};

use crate::PolicyValue;

/// What a storefront is asking about one product.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ask {
    pub kind: PurchaseKind,
    pub has_payment_method: bool,
}

/// What the catalog and the tenant's row say about the product.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Product {
    pub value: PolicyValue,
    /// The product offers a trial that needs no payment method.
    pub trial_without_payment_method: bool,
    pub retired: bool,
}

/// The decision and its reason.
///
/// - `Enabled` allows purchases and trials; `Disabled` denies both.
/// - `OnlyTrialsWithoutPaymentMethod` allows only a trial without a payment method, of a
///   product that offers one.
/// - A retired product is denied whatever the value: it is no longer sold.
pub fn decide(product: Product, ask: Ask) -> (Verdict, DecisionReason) {
    use DecisionReason as R;
    if product.retired {
        return (Verdict::Deny, R::ProductRetired);
    }
    let reason = match product.value {
        PolicyValue::Enabled => R::PolicyEnabled,
        PolicyValue::Disabled => R::PolicyDisabled,
        PolicyValue::OnlyTrialsWithoutPaymentMethod => match ask.kind {
            PurchaseKind::Purchase => R::OnlyTrialsAllowed,
            PurchaseKind::Trial if !product.trial_without_payment_method => {
                R::NoTrialWithoutPaymentMethod
            }
            PurchaseKind::Trial if ask.has_payment_method => R::PaymentMethodNotAllowed,
            PurchaseKind::Trial => R::TrialWithoutPaymentMethod,
        },
    };
    let verdict = match reason {
        R::PolicyEnabled | R::TrialWithoutPaymentMethod => Verdict::Allow,
        _ => Verdict::Deny,
    };
    (verdict, reason)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn value() -> impl Strategy<Value = PolicyValue> {
        prop::sample::select(PolicyValue::ALL.to_vec())
    }

    fn kind() -> impl Strategy<Value = PurchaseKind> {
        prop::sample::select(PurchaseKind::ALL.to_vec())
    }

    proptest! {
        /// Whatever the input: `Enabled` never denies a product that is sold, `Disabled` never
        /// allows, a purchase is allowed only under `Enabled`, and an allowed trial under
        /// `OnlyTrialsWithoutPaymentMethod` is one without a payment method of a product that
        /// offers one.
        #[test]
        fn the_policy_value_bounds_the_decision(
            value in value(), kind in kind(), card: bool, trial: bool, retired: bool,
        ) {
            let product = Product { value, trial_without_payment_method: trial, retired };
            let (verdict, reason) = decide(product, Ask { kind, has_payment_method: card });
            if retired {
                prop_assert_eq!((verdict, reason), (Verdict::Deny, DecisionReason::ProductRetired));
                return Ok(());
            }
            match (value, verdict) {
                (PolicyValue::Enabled, v) => prop_assert_eq!(v, Verdict::Allow),
                (PolicyValue::Disabled, v) => prop_assert_eq!(v, Verdict::Deny),
                (PolicyValue::OnlyTrialsWithoutPaymentMethod, Verdict::Allow) => {
                    prop_assert!(kind == PurchaseKind::Trial && !card && trial);
                }
                (PolicyValue::OnlyTrialsWithoutPaymentMethod, Verdict::Deny) => {
                    prop_assert!(kind == PurchaseKind::Purchase || card || !trial);
                }
            }
        }
    }
}
