//! A tenant's state as read (every value with its `ETag`), and its two comparisons with a
//! [`DesiredState`]:
//!
//! - [`plan`]: what `apply` changes. Products and offer types the file does not list are left as
//!   they are, unless the file has `default_for_unlisted`.
//! - [`drift`]: where the tenant no longer matches the file, including what `apply` would leave
//!   alone: a product that arrived since the file was written, a product the file names that the
//!   tenant no longer lists.
//!
//! Pure functions: no I/O, so both are property-tested.

use std::collections::{BTreeMap, BTreeSet};

use mscommerce_proto::ids::{OfferType, ProductId};
use mscommerce_proto::{
    MAX_BATCH_ITEMS, PolicyBatch, PolicyBatchDefault, PolicyBatchItem, PolicyValue,
    SCOPE_OFFER_TYPE, SCOPE_PRODUCT,
};
use serde::Serialize;

use crate::desired::{DesiredState, Names, OfferKey};

/// What a value belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Scope {
    /// The tenant's default for products added later.
    Default,
    Product,
    OfferType,
}

impl Scope {
    /// As the service names scopes: `default`, `product`, `OfferType`.
    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Default => "default",
            Scope::Product => SCOPE_PRODUCT,
            Scope::OfferType => SCOPE_OFFER_TYPE,
        }
    }
}

impl Serialize for Scope {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// A product's or offer type's current value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CurrentItem {
    /// Product id or offer type, as the service spells it.
    pub id: String,
    /// Product name or offer type description.
    pub name: String,
    pub value: PolicyValue,
    /// Its `ETag` (quoted, as the service sent it); empty if the service sent none.
    pub etag: String,
}

/// One tenant's policy, read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TenantState {
    pub policy_id: String,
    pub default_value: PolicyValue,
    pub default_etag: String,
    pub products: Vec<CurrentItem>,
    pub offer_types: Vec<CurrentItem>,
}

impl TenantState {
    /// The desired state that describes this tenant exactly (what `export` writes).
    pub fn to_desired(&self) -> DesiredState {
        DesiredState {
            policy_id: self.policy_id.clone(),
            default_value: Some(self.default_value),
            default_for_unlisted: None,
            products: self
                .products
                .iter()
                .filter_map(|p| Some((p.id.parse::<ProductId>().ok()?, p.value)))
                .collect(),
            offer_types: self
                .offer_types
                .iter()
                .filter_map(|o| Some((OfferKey(o.id.parse::<OfferType>().ok()?), o.value)))
                .collect(),
        }
    }

    /// The names to write next to the ids.
    pub fn names(&self) -> Names {
        Names {
            products: self
                .products
                .iter()
                .filter_map(|p| Some((p.id.parse::<ProductId>().ok()?, p.name.clone())))
                .collect(),
            offer_types: self
                .offer_types
                .iter()
                .filter_map(|o| Some((OfferKey(o.id.parse::<OfferType>().ok()?), o.name.clone())))
                .collect(),
        }
    }

    /// Product ids the file names that this tenant does not list (legacy or retired ids, or
    /// unknown ones): the CLI looks them up one by one.
    pub fn unlisted_ids(&self, desired: &DesiredState) -> Vec<ProductId> {
        let listed: BTreeSet<String> = self
            .products
            .iter()
            .map(|p| p.id.to_ascii_uppercase())
            .collect();
        desired
            .products
            .keys()
            .filter(|id| !listed.contains(id.as_str()))
            .cloned()
            .collect()
    }
}

/// One value `apply` sets (or checks).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Change {
    pub scope: Scope,
    /// Empty for the default.
    pub id: String,
    pub name: String,
    pub current_value: PolicyValue,
    pub desired_value: PolicyValue,
    /// The `ETag` read, sent as `ifMatch`.
    #[serde(skip)]
    pub etag: String,
    /// Set by `default_for_unlisted` rather than by an entry of the file.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub unlisted: bool,
}

/// What `apply` does to one tenant.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Plan {
    pub policy_id: String,
    /// Values that change.
    pub changes: Vec<Change>,
    /// Values the file governs that are already right: sent along with their `ETag`, so that a
    /// change by someone else since the read fails the whole batch rather than pass unnoticed.
    pub in_place: Vec<Change>,
    /// Products and offer types the file does not list: left as they are.
    pub left_alone: Vec<(Scope, CurrentItem)>,
    /// Entries of the file the tenant does not list (retired or unknown products).
    pub not_in_tenant: Vec<(Scope, String)>,
}

/// Up to this many items in all, the values already in place go along with the changes (each
/// with its `ETag`); beyond, only the changes do, so the body stays well under the service's
/// body limit (64 KiB by default, about 650 items with `ifMatch`).
pub const CHECKED_BATCH_ITEMS: usize = 500;

/// A plan with more changes than one batch takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("{changes} changes do not fit in one batch of at most {max}")]
pub struct TooLarge {
    pub changes: usize,
    pub max: usize,
}

impl Plan {
    /// Nothing to change.
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }

    /// The one `PATCH` that carries the plan (the default included), every item with the `ETag`
    /// it was planned from; `None` when there is nothing to change. Values already in place go
    /// along as long as the batch has room for them, so the whole governed state is checked in
    /// the same transaction (up to [`CHECKED_BATCH_ITEMS`] items in all).
    pub fn batch(&self) -> Result<Option<PolicyBatch>, TooLarge> {
        if self.is_empty() {
            return Ok(None);
        }
        let if_match = |etag: &str| (!etag.is_empty()).then(|| etag.to_owned());
        let all = || self.changes.iter().chain(self.in_place.iter());
        let default = all()
            .find(|c| c.scope == Scope::Default)
            .map(|c| PolicyBatchDefault {
                default_value: c.desired_value,
                if_match: if_match(&c.etag),
            });
        let item = |c: &Change| PolicyBatchItem {
            product_id: (c.scope == Scope::Product).then(|| c.id.clone()),
            offer_type: (c.scope == Scope::OfferType).then(|| c.id.clone()),
            policy_value: c.desired_value,
            if_match: if_match(&c.etag),
        };
        let changed: Vec<PolicyBatchItem> = self
            .changes
            .iter()
            .filter(|c| c.scope != Scope::Default)
            .map(item)
            .collect();
        if changed.len() > MAX_BATCH_ITEMS {
            return Err(TooLarge {
                changes: changed.len(),
                max: MAX_BATCH_ITEMS,
            });
        }
        let checked: Vec<PolicyBatchItem> = self
            .in_place
            .iter()
            .filter(|c| c.scope != Scope::Default)
            .map(item)
            .collect();
        let items = if changed.len() + checked.len() <= CHECKED_BATCH_ITEMS {
            changed.into_iter().chain(checked).collect()
        } else {
            changed
        };
        Ok(Some(PolicyBatch { default, items }))
    }
}

fn offer_key(id: &str) -> Option<OfferKey> {
    id.parse::<OfferType>().ok().map(OfferKey)
}

/// What `apply` would do to a tenant in `state` to make it `desired`.
pub fn plan(desired: &DesiredState, state: &TenantState) -> Plan {
    let mut p = Plan {
        policy_id: state.policy_id.clone(),
        ..Plan::default()
    };
    let push = |p: &mut Plan, c: Change| {
        if c.current_value == c.desired_value {
            p.in_place.push(c);
        } else {
            p.changes.push(c);
        }
    };
    if let Some(d) = desired.default_value {
        push(
            &mut p,
            Change {
                scope: Scope::Default,
                id: String::new(),
                name: String::new(),
                current_value: state.default_value,
                desired_value: d,
                etag: state.default_etag.clone(),
                unlisted: false,
            },
        );
    }
    let mut seen_products = BTreeSet::new();
    for item in &state.products {
        let key = item.id.parse::<ProductId>().ok();
        let listed = key.as_ref().and_then(|k| desired.products.get(k)).copied();
        if let Some(k) = key {
            seen_products.insert(k);
        }
        let (value, unlisted) = match (listed, desired.default_for_unlisted) {
            (Some(v), _) => (v, false),
            (None, Some(v)) => (v, true),
            (None, None) => {
                p.left_alone.push((Scope::Product, item.clone()));
                continue;
            }
        };
        push(
            &mut p,
            Change {
                scope: Scope::Product,
                id: item.id.clone(),
                name: item.name.clone(),
                current_value: item.value,
                desired_value: value,
                etag: item.etag.clone(),
                unlisted,
            },
        );
    }
    let mut seen_offer_types = BTreeSet::new();
    for item in &state.offer_types {
        let key = offer_key(&item.id);
        let listed = key
            .as_ref()
            .and_then(|k| desired.offer_types.get(k))
            .copied();
        if let Some(k) = key {
            seen_offer_types.insert(k);
        }
        let (value, unlisted) = match (listed, desired.default_for_unlisted) {
            (Some(v), _) => (v, false),
            (None, Some(v)) => (v, true),
            (None, None) => {
                p.left_alone.push((Scope::OfferType, item.clone()));
                continue;
            }
        };
        push(
            &mut p,
            Change {
                scope: Scope::OfferType,
                id: item.id.clone(),
                name: item.name.clone(),
                current_value: item.value,
                desired_value: value,
                etag: item.etag.clone(),
                unlisted,
            },
        );
    }
    for id in desired.products.keys() {
        if !seen_products.contains(id) {
            p.not_in_tenant.push((Scope::Product, id.to_string()));
        }
    }
    for key in desired.offer_types.keys() {
        if !seen_offer_types.contains(key) {
            p.not_in_tenant.push((Scope::OfferType, key.to_string()));
        }
    }
    p
}

/// How a tenant differs from its file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum DriftKind {
    /// The default for new products is not the file's `default_value`.
    Default,
    /// A value is not the one the file says (its entry, or `default_for_unlisted`).
    Changed,
    /// The tenant has a product or offer type the file does not list (a new product).
    Unlisted,
    /// The file lists a product or offer type the tenant does not (retired, or unknown).
    Missing,
}

/// One difference between a tenant and its file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Drift {
    pub kind: DriftKind,
    pub scope: Scope,
    /// Empty for the default.
    pub id: String,
    /// The service's name for it; empty when the tenant does not list it.
    pub name: String,
    pub tenant_value: Option<PolicyValue>,
    pub file_value: Option<PolicyValue>,
}

/// Every difference between `state` and `desired`; empty when they agree.
pub fn drift(desired: &DesiredState, state: &TenantState) -> Vec<Drift> {
    let mut out = Vec::new();
    if let Some(d) = desired.default_value
        && d != state.default_value
    {
        out.push(Drift {
            kind: DriftKind::Default,
            scope: Scope::Default,
            id: String::new(),
            name: String::new(),
            tenant_value: Some(state.default_value),
            file_value: Some(d),
        });
    }
    let p = plan(desired, state);
    for c in p.changes.iter().filter(|c| c.scope != Scope::Default) {
        out.push(Drift {
            kind: DriftKind::Changed,
            scope: c.scope,
            id: c.id.clone(),
            name: c.name.clone(),
            tenant_value: Some(c.current_value),
            file_value: Some(c.desired_value),
        });
    }
    for (scope, item) in &p.left_alone {
        out.push(Drift {
            kind: DriftKind::Unlisted,
            scope: *scope,
            id: item.id.clone(),
            name: item.name.clone(),
            tenant_value: Some(item.value),
            file_value: None,
        });
    }
    let files_value = |scope: Scope, id: &str| match scope {
        Scope::Product => id
            .parse::<ProductId>()
            .ok()
            .and_then(|k| desired.products.get(&k).copied()),
        Scope::OfferType => offer_key(id).and_then(|k| desired.offer_types.get(&k).copied()),
        Scope::Default => None,
    };
    for (scope, id) in &p.not_in_tenant {
        out.push(Drift {
            kind: DriftKind::Missing,
            scope: *scope,
            id: id.clone(),
            name: String::new(),
            tenant_value: None,
            file_value: files_value(*scope, id),
        });
    }
    out
}

/// Two entries of a file that name the same product (a legacy id and its current one) with
/// different values.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{legacy} is a legacy id of {current}, and the file gives them different values")]
pub struct AliasConflict {
    pub legacy: ProductId,
    pub current: ProductId,
}

/// Rewrites the file's legacy product ids to the current ones (`aliases`: legacy → current), as
/// the service would act on them.
pub fn resolve_aliases(
    desired: &DesiredState,
    aliases: &BTreeMap<ProductId, ProductId>,
) -> Result<DesiredState, AliasConflict> {
    let mut out = desired.clone();
    for (legacy, current) in aliases {
        let Some(value) = out.products.remove(legacy) else {
            continue;
        };
        match out.products.get(current) {
            Some(v) if *v != value => {
                return Err(AliasConflict {
                    legacy: legacy.clone(),
                    current: current.clone(),
                });
            }
            _ => {
                out.products.insert(current.clone(), value);
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests;
