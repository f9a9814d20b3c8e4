//! The purchase decision: whether a user may buy a product, or start a trial of it, under the
//! tenant's policy value for that product. One pure function, so the server's hot path, the
//! recording of purchases and the tests all use the same table.

pub use mscommerce_proto::purchase::{DecisionReason, PurchaseEvent, PurchaseKind, Verdict};

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

/// Whether a storefront may record `event` now: what [`decide`] says of the purchase or trial
/// the event is. A cancellation is always recorded (stopping needs no permission); a trial
/// converted is a purchase. `Err` carries the reason of the refusal.
pub fn may_record(
    product: Product,
    event: PurchaseEvent,
    has_payment_method: bool,
) -> Result<(), DecisionReason> {
    let ask = match event {
        PurchaseEvent::SubscriptionCancelled => return Ok(()),
        PurchaseEvent::TrialStarted => Ask {
            kind: PurchaseKind::Trial,
            has_payment_method,
        },
        // A purchase is paid for: it always comes with a payment method.
        PurchaseEvent::PurchaseMade | PurchaseEvent::TrialConverted => Ask {
            kind: PurchaseKind::Purchase,
            has_payment_method: true,
        },
    };
    match decide(product, ask) {
        (Verdict::Allow, _) => Ok(()),
        (Verdict::Deny, reason) => Err(reason),
    }
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

    #[test]
    fn records_follow_the_decision_and_cancelling_is_always_allowed() {
        let only_trials = Product {
            value: PolicyValue::OnlyTrialsWithoutPaymentMethod,
            trial_without_payment_method: true,
            retired: false,
        };
        assert_eq!(
            may_record(only_trials, PurchaseEvent::TrialStarted, false),
            Ok(())
        );
        assert_eq!(
            may_record(only_trials, PurchaseEvent::TrialStarted, true),
            Err(DecisionReason::PaymentMethodNotAllowed)
        );
        for event in [PurchaseEvent::PurchaseMade, PurchaseEvent::TrialConverted] {
            assert_eq!(
                may_record(only_trials, event, false),
                Err(DecisionReason::OnlyTrialsAllowed)
            );
        }
        let retired = Product {
            value: PolicyValue::Disabled,
            trial_without_payment_method: false,
            retired: true,
        };
        assert_eq!(
            may_record(retired, PurchaseEvent::SubscriptionCancelled, false),
            Ok(())
        );
    }
}
