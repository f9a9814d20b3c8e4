//! The write rules of policies, as pure functions: what a conditional write does, decided from
//! the row as the store read it under the tenant's write lock. The store only does the I/O around
//! these (read, then update and journal what the decision says), so both backends keep one rule.

use crate::{ETag, IfMatch, PolicyId, PolicyValue, ProductId};

/// A write the rules refuse: the caller's request, not the storage, is at fault.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    /// `If-Match` did not match and the requested state is not already in place.
    #[error("the resource changed since it was read (current ETag {current})")]
    PreconditionFailed { current: ETag },
    /// The value is not allowed for this product or offer type.
    #[error(
        "'{value}' is not allowed here; allowed values: {}",
        PolicyValue::list(allowed)
    )]
    ValueNotAllowed {
        value: PolicyValue,
        allowed: Vec<PolicyValue>,
    },
    /// A change to a retired product: its policy is frozen (reads and no-op writes still work).
    #[error("product {product} is retired; its policy can no longer be changed")]
    Retired { product: ProductId },
    /// A batch names the same target twice (after resolving legacy ids), first at item `first`.
    #[error("the batch already names this target at item {first}")]
    Duplicate { first: usize },
    /// A license request that is no longer pending cannot be decided (again).
    #[error("the license request is {} already", .0.as_str())]
    RequestNotPending(crate::license_request::LicenseRequestStatus),
    /// The requester has a pending request for this product already.
    #[error("a request for this product is pending already ({id})")]
    RequestPending { id: uuid::Uuid },
    /// The tenant handles license requests through its own process.
    #[error("this organization takes license requests elsewhere")]
    CustomRequestProcess {
        message: Option<String>,
        url: Option<String>,
    },
}

/// Journal reason of a value the product or offer type does not take.
pub const REASON_BAD_REQUEST: &str = "BadRequest";
/// Journal reason of an `If-Match` that did not match.
pub const REASON_PRECONDITION_FAILED: &str = "PreconditionFailed";
/// Journal reason of a change to a retired product.
pub const REASON_PRODUCT_RETIRED: &str = "ProductRetired";

/// What a conditional write does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    /// The row already holds the value: succeed, keep the version, journal nothing. This also
    /// covers an `If-Match` that no longer matches, so a retried PUT is not a conflict.
    Unchanged,
    /// Refuse: journal a Failed entry with `reason` (in the same transaction) and answer `refusal`.
    Refuse {
        reason: &'static str,
        refusal: Refusal,
    },
    /// Apply: version + 1 and a Succeeded entry.
    Change,
}

/// The values a product takes: `OnlyTrialsWithoutPaymentMethod` only with such a trial.
pub fn allowed_for_product(trial_without_payment_method: bool) -> Vec<PolicyValue> {
    if trial_without_payment_method {
        PolicyValue::ALL.to_vec()
    } else {
        PolicyValue::FOR_OFFER_TYPES.to_vec()
    }
}

/// The value an offer type starts at. Offer types take only Enabled/Disabled, so a policy whose
/// built-in default is something else would start them Enabled. (A tenant's own default is for
/// products only; offer types always start at this value.)
pub fn offer_type_default(policy: PolicyId) -> PolicyValue {
    let d = policy.builtin_default();
    if PolicyValue::FOR_OFFER_TYPES.contains(&d) {
        d
    } else {
        PolicyValue::Enabled
    }
}

/// The value a tenant's row for a product starts at: the tenant's default, except that
/// `OnlyTrialsWithoutPaymentMethod` means Disabled for a product without such a trial (nothing
/// it offers would pass). The store's set-based inserts say the same in SQL
/// (`start_value_sql!`, written once for both backends); its tests check the two agree.
pub fn start_value(default_value: PolicyValue, trial_without_payment_method: bool) -> PolicyValue {
    if default_value == PolicyValue::OnlyTrialsWithoutPaymentMethod && !trial_without_payment_method
    {
        PolicyValue::Disabled
    } else {
        default_value
    }
}

/// The write rules of a product or offer type, in their order: a value the target does not take
/// is refused first (400 before 412), then "already holds it" wins over `If-Match`.
pub fn decide(
    current: PolicyValue,
    current_etag: &ETag,
    requested: PolicyValue,
    allowed: Vec<PolicyValue>,
    if_match: Option<&IfMatch>,
) -> Decision {
    if !allowed.contains(&requested) {
        return Decision::Refuse {
            reason: REASON_BAD_REQUEST,
            refusal: Refusal::ValueNotAllowed {
                value: requested,
                allowed,
            },
        };
    }
    if current == requested {
        return Decision::Unchanged;
    }
    match if_match {
        Some(m) if !m.matches(current_etag) => Decision::Refuse {
            reason: REASON_PRECONDITION_FAILED,
            refusal: Refusal::PreconditionFailed {
                current: current_etag.clone(),
            },
        },
        _ => Decision::Change,
    }
}

/// A product row as the write rules see it.
#[derive(Debug, Clone, Copy)]
pub struct ProductRow<'a> {
    pub product: &'a ProductId,
    pub value: PolicyValue,
    pub etag: &'a ETag,
    pub trial_without_payment_method: bool,
    pub retired: bool,
}

/// The write rules for a product row: those of [`decide`], and a retired product's policy is
/// frozen: a change (of a value it would take) is refused before `If-Match` is looked at, while
/// a write of the value it holds still succeeds.
pub fn decide_product(
    row: ProductRow<'_>,
    requested: PolicyValue,
    if_match: Option<&IfMatch>,
) -> Decision {
    let allowed = allowed_for_product(row.trial_without_payment_method);
    if row.retired && allowed.contains(&requested) && row.value != requested {
        return Decision::Refuse {
            reason: REASON_PRODUCT_RETIRED,
            refusal: Refusal::Retired {
                product: row.product.clone(),
            },
        };
    }
    decide(row.value, row.etag, requested, allowed, if_match)
}

/// The first item of a batch that names a target an earlier item named, as `(index, first)`.
/// `keys[i]` is item `i`'s canonical key (after legacy ids are resolved).
pub fn first_duplicate<K: std::hash::Hash + Eq>(keys: &[K]) -> Option<(usize, usize)> {
    let mut seen = std::collections::HashMap::new();
    for (index, key) in keys.iter().enumerate() {
        if let Some(first) = seen.insert(key, index) {
            return Some((index, first));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use PolicyValue::*;
    use proptest::prelude::*;

    fn etag(v: i64) -> ETag {
        ETag::derive(&["t"], v)
    }

    fn if_match(v: i64) -> IfMatch {
        IfMatch::parse(&etag(v).header_value()).unwrap()
    }

    fn value() -> impl Strategy<Value = PolicyValue> {
        prop::sample::select(PolicyValue::ALL.to_vec())
    }

    #[test]
    fn decisions() {
        let all = || PolicyValue::ALL.to_vec();
        let two = || PolicyValue::FOR_OFFER_TYPES.to_vec();
        let (stale, fresh) = (if_match(0), if_match(1));
        assert_eq!(
            decide(Enabled, &etag(1), Disabled, all(), None),
            Decision::Change
        );
        assert_eq!(
            decide(Enabled, &etag(1), Enabled, all(), Some(&stale)),
            Decision::Unchanged
        );
        assert!(matches!(
            decide(Enabled, &etag(1), Disabled, all(), Some(&stale)),
            Decision::Refuse {
                reason: REASON_PRECONDITION_FAILED,
                refusal: Refusal::PreconditionFailed { .. },
            }
        ));
        assert_eq!(
            decide(Enabled, &etag(1), Disabled, all(), Some(&fresh)),
            Decision::Change
        );
        assert!(matches!(
            decide(
                Enabled,
                &etag(1),
                OnlyTrialsWithoutPaymentMethod,
                two(),
                Some(&stale)
            ),
            Decision::Refuse {
                reason: REASON_BAD_REQUEST,
                refusal: Refusal::ValueNotAllowed { .. },
            }
        ));
    }

    #[test]
    fn a_retired_product_refuses_changes_before_if_match_but_not_no_ops() {
        let product: ProductId = "CFQ7TTC0LH2H".parse().unwrap();
        let tag = etag(3);
        let row = ProductRow {
            product: &product,
            value: Enabled,
            etag: &tag,
            trial_without_payment_method: false,
            retired: true,
        };
        assert!(matches!(
            decide_product(row, Disabled, Some(&if_match(0))),
            Decision::Refuse {
                reason: REASON_PRODUCT_RETIRED,
                ..
            }
        ));
        assert_eq!(
            decide_product(row, Enabled, Some(&if_match(0))),
            Decision::Unchanged
        );
        assert!(matches!(
            decide_product(row, OnlyTrialsWithoutPaymentMethod, None),
            Decision::Refuse {
                reason: REASON_BAD_REQUEST,
                ..
            }
        ));
    }

    #[test]
    fn start_values_and_offer_type_defaults() {
        assert_eq!(start_value(OnlyTrialsWithoutPaymentMethod, false), Disabled);
        assert_eq!(
            start_value(OnlyTrialsWithoutPaymentMethod, true),
            OnlyTrialsWithoutPaymentMethod
        );
        assert_eq!(start_value(Enabled, false), Enabled);
        for p in PolicyId::ALL {
            assert!(PolicyValue::FOR_OFFER_TYPES.contains(&offer_type_default(p)));
        }
    }

    #[test]
    fn duplicates() {
        assert_eq!(first_duplicate::<&str>(&[]), None);
        assert_eq!(first_duplicate(&["a", "b", "c"]), None);
        assert_eq!(first_duplicate(&["a", "b", "a", "b"]), Some((2, 0)));
    }

    proptest! {
        /// A product's start value is always a value the product takes.
        #[test]
        fn start_value_is_allowed(default in value(), trial in any::<bool>()) {
            prop_assert!(allowed_for_product(trial).contains(&start_value(default, trial)));
        }

        /// Whatever the `If-Match`, asking for the value a row holds never changes it, and a
        /// change only ever happens to a value the product takes.
        #[test]
        fn decisions_keep_their_invariants(
            current in value(),
            requested in value(),
            trial in any::<bool>(),
            retired in any::<bool>(),
            tag in 0i64..3,
            version in 0i64..3,
            conditional in any::<bool>(),
        ) {
            let product: ProductId = "CFQ7TTC0LH2H".parse().unwrap();
            let current_tag = etag(version);
            let m = if_match(tag);
            let row = ProductRow {
                product: &product,
                value: current,
                etag: &current_tag,
                trial_without_payment_method: trial,
                retired,
            };
            let d = decide_product(row, requested, conditional.then_some(&m));
            let allowed = allowed_for_product(trial);
            match d {
                Decision::Unchanged => prop_assert_eq!(current, requested),
                Decision::Change => {
                    prop_assert!(allowed.contains(&requested));
                    prop_assert_ne!(current, requested);
                    prop_assert!(!retired);
                }
                Decision::Refuse { refusal, .. } => {
                    prop_assert!(current != requested || !allowed.contains(&requested));
                    let duplicate = matches!(refusal, Refusal::Duplicate { .. });
                    prop_assert!(!duplicate);
                }
            }
        }
    }
}
