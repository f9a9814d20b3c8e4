use proptest::prelude::*;

use super::*;
use crate::desired::{FileFormat, parse, render};

fn item(id: &str, name: &str, value: PolicyValue) -> CurrentItem {
    CurrentItem {
        id: id.into(),
        name: name.into(),
        value,
        etag: format!("\"{id}-{value}\""),
    }
}

fn tenant() -> TenantState {
    TenantState {
        policy_id: "AllowSelfServicePurchase".into(),
        default_value: PolicyValue::Enabled,
        default_etag: "\"default\"".into(),
        products: vec![
            item("CFQ7TTC0H9MP", "Power BI Pro", PolicyValue::Enabled),
            item(
                "CFQ7TTC0HD33",
                "Visio Plan 1",
                PolicyValue::OnlyTrialsWithoutPaymentMethod,
            ),
            item(
                "CFQ7TTC0MM8R",
                "Microsoft 365 Copilot",
                PolicyValue::Enabled,
            ),
        ],
        offer_types: vec![
            item("SaaS", "Software as a Service", PolicyValue::Enabled),
            item("DYNAMICSBC", "Business Central apps", PolicyValue::Disabled),
        ],
    }
}

fn file(text: &str) -> DesiredState {
    parse(text, FileFormat::Toml).unwrap()
}

#[test]
fn the_plan_changes_what_differs_checks_what_is_in_place_and_leaves_the_rest() {
    let d = file(
        "default_value = \"Disabled\"\n[products]\ncfq7ttc0h9mp = \"Disabled\"\nCFQ7TTC0HD33 = \"OnlyTrialsWithoutPaymentMethod\"\nRETIRED1 = \"Enabled\"\n[offer_types]\nsaas = \"Disabled\"\n",
    );
    let p = plan(&d, &tenant());
    let changed: Vec<(Scope, &str, PolicyValue, PolicyValue)> = p
        .changes
        .iter()
        .map(|c| (c.scope, c.id.as_str(), c.current_value, c.desired_value))
        .collect();
    assert_eq!(
        changed,
        [
            (
                Scope::Default,
                "",
                PolicyValue::Enabled,
                PolicyValue::Disabled
            ),
            (
                Scope::Product,
                "CFQ7TTC0H9MP",
                PolicyValue::Enabled,
                PolicyValue::Disabled
            ),
            (
                Scope::OfferType,
                "SaaS",
                PolicyValue::Enabled,
                PolicyValue::Disabled
            ),
        ]
    );
    assert_eq!(p.in_place.len(), 1);
    assert_eq!(p.in_place[0].id, "CFQ7TTC0HD33");
    let left: Vec<&str> = p.left_alone.iter().map(|(_, i)| i.id.as_str()).collect();
    assert_eq!(left, ["CFQ7TTC0MM8R", "DYNAMICSBC"]);
    assert_eq!(p.not_in_tenant, [(Scope::Product, "RETIRED1".to_owned())]);

    // One batch: the default and every governed item, each with the ETag it was planned from,
    // in the tenant's spelling.
    let b = p.batch().unwrap().unwrap();
    assert_eq!(
        serde_json::to_value(&b).unwrap(),
        serde_json::json!({
            "default": {"defaultValue": "Disabled", "ifMatch": "\"default\""},
            "items": [
                {"productId": "CFQ7TTC0H9MP", "policyValue": "Disabled", "ifMatch": "\"CFQ7TTC0H9MP-Enabled\""},
                {"offerType": "SaaS", "policyValue": "Disabled", "ifMatch": "\"SaaS-Enabled\""},
                {"productId": "CFQ7TTC0HD33", "policyValue": "OnlyTrialsWithoutPaymentMethod",
                 "ifMatch": "\"CFQ7TTC0HD33-OnlyTrialsWithoutPaymentMethod\""},
            ]
        })
    );
}

#[test]
fn default_for_unlisted_governs_what_the_file_does_not_list() {
    let d = file("default_for_unlisted = \"Disabled\"\n[products]\nCFQ7TTC0H9MP = \"Enabled\"\n");
    let p = plan(&d, &tenant());
    let changed: Vec<(&str, bool)> = p
        .changes
        .iter()
        .map(|c| (c.id.as_str(), c.unlisted))
        .collect();
    assert_eq!(
        changed,
        [
            ("CFQ7TTC0HD33", true),
            ("CFQ7TTC0MM8R", true),
            ("SaaS", true)
        ]
    );
    assert!(p.left_alone.is_empty());
    assert_eq!(p.in_place.len(), 2, "Power BI Pro and DYNAMICSBC");
}

#[test]
fn nothing_to_change_is_no_request() {
    let t = tenant();
    let p = plan(&t.to_desired(), &t);
    assert!(p.is_empty());
    assert_eq!(p.batch(), Ok(None));
    assert!(drift(&t.to_desired(), &t).is_empty());
}

#[test]
fn drift_names_changed_new_and_missing_products_and_the_default() {
    let t = tenant();
    let mut d = t.to_desired();
    d.products.remove(&"CFQ7TTC0MM8R".parse().unwrap());
    d.products
        .insert("GONE1".parse().unwrap(), PolicyValue::Disabled);
    d.products
        .insert("CFQ7TTC0H9MP".parse().unwrap(), PolicyValue::Disabled);
    d.default_value = Some(PolicyValue::Disabled);
    let kinds: Vec<(DriftKind, &str, Option<PolicyValue>, Option<PolicyValue>)> = drift(&d, &t)
        .into_iter()
        .map(|x| {
            (
                x.kind,
                match x.id.as_str() {
                    "" => "",
                    "CFQ7TTC0H9MP" => "CFQ7TTC0H9MP",
                    "CFQ7TTC0MM8R" => "CFQ7TTC0MM8R",
                    "GONE1" => "GONE1",
                    _ => "?",
                },
                x.tenant_value,
                x.file_value,
            )
        })
        .collect();
    assert_eq!(
        kinds,
        [
            (
                DriftKind::Default,
                "",
                Some(PolicyValue::Enabled),
                Some(PolicyValue::Disabled)
            ),
            (
                DriftKind::Changed,
                "CFQ7TTC0H9MP",
                Some(PolicyValue::Enabled),
                Some(PolicyValue::Disabled)
            ),
            (
                DriftKind::Unlisted,
                "CFQ7TTC0MM8R",
                Some(PolicyValue::Enabled),
                None
            ),
            (
                DriftKind::Missing,
                "GONE1",
                None,
                Some(PolicyValue::Disabled)
            ),
        ]
    );
    // With default_for_unlisted, a new product at that value is not drift.
    d.default_for_unlisted = Some(PolicyValue::Enabled);
    assert!(!drift(&d, &t).iter().any(|x| x.kind == DriftKind::Unlisted));
}

#[test]
fn legacy_ids_become_current_ones_unless_they_disagree() {
    let d = file("[products]\nCFQ7TTC0L3PB = \"Disabled\"\n");
    let aliases = BTreeMap::from([(
        "CFQ7TTC0L3PB".parse().unwrap(),
        "CFQ7TTC0H9MP".parse().unwrap(),
    )]);
    let r = resolve_aliases(&d, &aliases).unwrap();
    assert_eq!(
        r.products.keys().map(ProductId::as_str).collect::<Vec<_>>(),
        ["CFQ7TTC0H9MP"]
    );
    let d = file("[products]\nCFQ7TTC0L3PB = \"Disabled\"\nCFQ7TTC0H9MP = \"Enabled\"\n");
    assert!(resolve_aliases(&d, &aliases).is_err());
    let d = file("[products]\nCFQ7TTC0L3PB = \"Enabled\"\nCFQ7TTC0H9MP = \"Enabled\"\n");
    assert_eq!(resolve_aliases(&d, &aliases).unwrap().products.len(), 1);
}

#[test]
fn a_batch_too_large_keeps_the_changes_or_refuses() {
    let mut t = tenant();
    t.products = (0..1200)
        .map(|i| item(&format!("P{i}"), "x", PolicyValue::Enabled))
        .collect();
    let mut d = DesiredState::default();
    for (i, p) in t.products.iter().enumerate() {
        let v = if i < 600 {
            PolicyValue::Disabled
        } else {
            PolicyValue::Enabled
        };
        d.products.insert(p.id.parse().unwrap(), v);
    }
    let b = plan(&d, &t).batch().unwrap().unwrap();
    assert_eq!(b.items.len(), 600, "only the changes when all do not fit");
    d.default_for_unlisted = None;
    for p in &t.products {
        d.products
            .insert(p.id.parse().unwrap(), PolicyValue::Disabled);
    }
    assert_eq!(
        plan(&d, &t).batch(),
        Err(TooLarge {
            changes: 1200,
            max: MAX_BATCH_ITEMS
        })
    );
}

fn value() -> impl Strategy<Value = PolicyValue> {
    prop_oneof![
        Just(PolicyValue::Enabled),
        Just(PolicyValue::Disabled),
        Just(PolicyValue::OnlyTrialsWithoutPaymentMethod),
    ]
}

fn offer_value() -> impl Strategy<Value = PolicyValue> {
    prop_oneof![Just(PolicyValue::Enabled), Just(PolicyValue::Disabled)]
}

prop_compose! {
    fn tenant_state()(
        default_value in value(),
        products in proptest::collection::btree_map("[A-Z0-9]{4,12}", (value(), "[ -~]{0,20}"), 0..15),
        offer_types in proptest::collection::btree_map("[A-Za-z]{2,8}", (offer_value(), ".{0,20}"), 0..5),
    ) -> TenantState {
        let mut seen = BTreeSet::new();
        TenantState {
            policy_id: "AllowSelfServicePurchase".into(),
            default_value,
            default_etag: "\"d\"".into(),
            products: products.into_iter().map(|(id, (v, n))| item(&id, &n, v)).collect(),
            offer_types: offer_types
                .into_iter()
                .filter(|(id, _)| seen.insert(id.to_ascii_lowercase()))
                .map(|(id, (v, n))| item(&id, &n, v))
                .collect(),
        }
    }
}

/// The tenant after a plan's changes (what the service does with its batch).
fn applied(state: &TenantState, p: &Plan) -> TenantState {
    let mut s = state.clone();
    for c in &p.changes {
        match c.scope {
            Scope::Default => s.default_value = c.desired_value,
            Scope::Product => {
                for i in s.products.iter_mut().filter(|i| i.id == c.id) {
                    i.value = c.desired_value;
                }
            }
            Scope::OfferType => {
                for i in s.offer_types.iter_mut().filter(|i| i.id == c.id) {
                    i.value = c.desired_value;
                }
            }
        }
    }
    s
}

proptest! {
    /// export → parse → the same state, in both formats; and an export never drifts.
    #[test]
    fn export_parse_is_the_same_state(t in tenant_state()) {
        let d = t.to_desired();
        for format in [FileFormat::Toml, FileFormat::Json] {
            let text = render(&d, &t.names(), &["header".to_owned()], format);
            let back = parse(&text, format).unwrap();
            prop_assert_eq!(&back, &d, "{}", text);
            prop_assert!(drift(&back, &t).is_empty());
            prop_assert!(plan(&back, &t).is_empty());
        }
    }

    /// After applying a plan, only what apply leaves alone can still differ, and a second plan
    /// changes nothing.
    #[test]
    fn applying_the_plan_leaves_only_unlisted_and_missing(t in tenant_state(), other in tenant_state(), dfu in proptest::option::of(offer_value())) {
        let mut d = other.to_desired();
        d.default_for_unlisted = dfu;
        let p = plan(&d, &t);
        let after = applied(&t, &p);
        prop_assert!(plan(&d, &after).is_empty());
        for x in drift(&d, &after) {
            prop_assert!(matches!(x.kind, DriftKind::Unlisted | DriftKind::Missing), "{:?}", x);
            if x.kind == DriftKind::Unlisted {
                prop_assert!(dfu.is_none());
            }
        }
        // Every change is in the batch, with the ETag it was read with.
        if let Some(b) = p.batch().unwrap() {
            let n = p.changes.iter().filter(|c| c.scope != Scope::Default).count();
            prop_assert!(b.items.len() >= n);
            prop_assert!(b.items.iter().all(|i| i.if_match.is_some()));
        }
    }
}
