use proptest::prelude::*;

use super::*;

fn toml(text: &str) -> Result<DesiredState, DesiredError> {
    parse(text, FileFormat::Toml)
}

fn json(text: &str) -> Result<DesiredState, DesiredError> {
    parse(text, FileFormat::Json)
}

fn pid(s: &str) -> ProductId {
    s.parse().unwrap()
}

fn okey(s: &str) -> OfferKey {
    OfferKey(s.parse().unwrap())
}

const EXAMPLE: &str = r#"
# A desired state.
version = 1
policy = "allowselfservicepurchase"
default_value = "disabled"
default_for_unlisted = "Disabled"

[products]
CFQ7TTC0H9MP = "Disabled"            # Power BI Pro
cfq7ttc0hd33 = { value = "OnlyTrialsWithoutPaymentMethod", name = "Visio Plan 1" }

[offer_types]
SaaS = "Enabled"
"#;

#[test]
fn a_file_with_every_key_parses_to_canonical_values() {
    let s = toml(EXAMPLE).unwrap();
    assert_eq!(s.policy_id, "AllowSelfServicePurchase");
    assert_eq!(s.default_value, Some(PolicyValue::Disabled));
    assert_eq!(s.default_for_unlisted, Some(PolicyValue::Disabled));
    assert_eq!(
        s.products,
        BTreeMap::from([
            (pid("CFQ7TTC0H9MP"), PolicyValue::Disabled),
            (
                pid("CFQ7TTC0HD33"),
                PolicyValue::OnlyTrialsWithoutPaymentMethod
            ),
        ])
    );
    assert_eq!(
        s.offer_types,
        BTreeMap::from([(okey("saas"), PolicyValue::Enabled)])
    );
    // The same in JSON.
    let j = json(
        r#"{"version": 1, "comment": ["x", "y"], "default_value": "Disabled",
            "default_for_unlisted": "disabled",
            "products": {"CFQ7TTC0H9MP": "Disabled",
                         "CFQ7TTC0HD33": {"name": "Visio Plan 1", "value": "OnlyTrialsWithoutPaymentMethod"}},
            "offer_types": {"SaaS": {"value": "Enabled"}}}"#,
    )
    .unwrap();
    assert_eq!(j, s);
}

#[test]
fn an_empty_file_asks_for_nothing() {
    assert_eq!(toml("").unwrap(), DesiredState::default());
    assert_eq!(json("{}").unwrap(), DesiredState::default());
    assert_eq!(
        toml("\u{feff}version = 1\n").unwrap(),
        DesiredState::default()
    );
}

#[track_caller]
#[allow(clippy::needless_pass_by_value)] // Keeps the many call sites plain.
fn fails(text: &str, format: FileFormat, line: usize, problem: Problem) {
    let e = parse(text, format).unwrap_err();
    assert_eq!(e.problem, problem, "{text}");
    assert_eq!(e.line, Some(line), "{text}: {e}");
    assert!(e.column.is_some(), "{e}");
}

#[test]
fn unknown_keys_are_errors_with_their_line() {
    let top: Vec<String> = TOP_KEYS.iter().map(|k| k.to_string()).collect();
    fails(
        "version = 1\ndefualt_value = \"Disabled\"\n",
        FileFormat::Toml,
        2,
        Problem::UnknownKey {
            key: "defualt_value".into(),
            allowed: top.clone(),
        },
    );
    fails(
        "{\n  \"version\": 1,\n  \"defualt_value\": \"Disabled\"\n}",
        FileFormat::Json,
        3,
        Problem::UnknownKey {
            key: "defualt_value".into(),
            allowed: top,
        },
    );
    fails(
        "[products]\nCFQ7TTC0H9MP = \"Disabled\"\nCFQ7TTC0HD33 = { value = \"Enabled\", nmae = \"x\" }\n",
        FileFormat::Toml,
        3,
        Problem::UnknownKey {
            key: "products.CFQ7TTC0HD33.nmae".into(),
            allowed: vec!["value".into(), "name".into()],
        },
    );
    // A table where a value belongs (TOML's dotted keys make one).
    fails(
        "[products]\nCFQ7TTC0H9MP.valeu = \"Disabled\"\n",
        FileFormat::Toml,
        2,
        Problem::UnknownKey {
            key: "products.CFQ7TTC0H9MP.valeu".into(),
            allowed: vec!["value".into(), "name".into()],
        },
    );
}

#[test]
fn values_ids_and_types_are_checked_where_they_are() {
    fails(
        "version = 1\n\n[products]\nCFQ7TTC0H9MP = \"Sometimes\"\n",
        FileFormat::Toml,
        4,
        Problem::BadValue {
            key: "products.CFQ7TTC0H9MP".into(),
            value: "Sometimes".into(),
            allowed: PolicyValue::ALL.to_vec(),
        },
    );
    fails(
        "[offer_types]\nSaaS = \"OnlyTrialsWithoutPaymentMethod\"\n",
        FileFormat::Toml,
        2,
        Problem::BadValue {
            key: "offer_types.SaaS".into(),
            value: "OnlyTrialsWithoutPaymentMethod".into(),
            allowed: PolicyValue::FOR_OFFER_TYPES.to_vec(),
        },
    );
    fails(
        "default_for_unlisted = \"OnlyTrialsWithoutPaymentMethod\"\n",
        FileFormat::Toml,
        1,
        Problem::BadValue {
            key: "default_for_unlisted".into(),
            value: "OnlyTrialsWithoutPaymentMethod".into(),
            allowed: PolicyValue::FOR_OFFER_TYPES.to_vec(),
        },
    );
    fails(
        "[products]\n\"not an id\" = \"Enabled\"\n",
        FileFormat::Toml,
        2,
        Problem::BadProductId {
            id: "not an id".into(),
        },
    );
    fails(
        "{\"offer_types\": {\n\"a/b\": \"Enabled\"}}",
        FileFormat::Json,
        2,
        Problem::BadOfferType { id: "a/b".into() },
    );
    fails(
        "version = \"1\"\n",
        FileFormat::Toml,
        1,
        Problem::WrongType {
            key: "version".into(),
            expected: Expected::Integer,
        },
    );
    fails(
        "version = 2\n",
        FileFormat::Toml,
        1,
        Problem::Version { found: "2".into() },
    );
    fails(
        "policy = \"AllowEverything\"\n",
        FileFormat::Toml,
        1,
        Problem::UnknownPolicy {
            policy: "AllowEverything".into(),
        },
    );
    fails(
        "products = [\"CFQ7TTC0H9MP\"]\n",
        FileFormat::Toml,
        1,
        Problem::WrongType {
            key: "products".into(),
            expected: Expected::Table,
        },
    );
    fails(
        "[products]\nCFQ7TTC0H9MP = true\n",
        FileFormat::Toml,
        2,
        Problem::WrongType {
            key: "products.CFQ7TTC0H9MP".into(),
            expected: Expected::Entry,
        },
    );
    fails(
        "[products]\nCFQ7TTC0H9MP = { name = \"Power BI Pro\" }\n",
        FileFormat::Toml,
        2,
        Problem::MissingValue {
            key: "products.CFQ7TTC0H9MP".into(),
        },
    );
    fails(
        "{\"default_value\": {\"value\": \"Enabled\"}}",
        FileFormat::Json,
        1,
        Problem::WrongType {
            key: "default_value".into(),
            expected: Expected::String,
        },
    );
}

#[test]
fn the_same_product_twice_is_an_error() {
    fails(
        "[products]\nCFQ7TTC0H9MP = \"Enabled\"\ncfq7ttc0h9mp = \"Disabled\"\n",
        FileFormat::Toml,
        3,
        Problem::Duplicate {
            key: "products.CFQ7TTC0H9MP".into(),
        },
    );
    fails(
        "{\"products\": {\"X1\": \"Enabled\",\n \"X1\": \"Enabled\"}}",
        FileFormat::Json,
        2,
        Problem::Duplicate {
            key: "products.X1".into(),
        },
    );
    fails(
        "{\"offer_types\": {\"SaaS\": \"Enabled\",\n \"saas\": \"Enabled\"}}",
        FileFormat::Json,
        2,
        Problem::Duplicate {
            key: "offer_types.saas".into(),
        },
    );
    fails(
        "{\"version\": 1,\n\"version\": 1}",
        FileFormat::Json,
        2,
        Problem::Duplicate {
            key: "version".into(),
        },
    );
}

#[test]
fn syntax_errors_say_where() {
    let e = toml("version = 1\n[products\n").unwrap_err();
    assert_eq!(e.line, Some(2), "{e}");
    assert!(matches!(e.problem, Problem::Syntax { .. }), "{e:?}");
    let e = json("{\n\"version\": 1,\n}").unwrap_err();
    assert_eq!(e.line, Some(3), "{e}");
    assert!(matches!(e.problem, Problem::Syntax { .. }), "{e:?}");
    let e = json("[1, 2]").unwrap_err();
    assert_eq!(
        e.problem,
        Problem::WrongType {
            key: "(file)".into(),
            expected: Expected::Table
        }
    );
}

#[test]
fn formats_are_known_by_extension_or_content() {
    use std::path::Path;
    assert_eq!(
        FileFormat::from_path(Path::new("a/b.JSON")),
        Some(FileFormat::Json)
    );
    assert_eq!(
        FileFormat::from_path(Path::new("b.toml")),
        Some(FileFormat::Toml)
    );
    assert_eq!(FileFormat::from_path(Path::new("b.txt")), None);
    assert_eq!(FileFormat::sniff("\u{feff}  {\"x\":1}"), FileFormat::Json);
    assert_eq!(FileFormat::sniff("# {\nversion = 1"), FileFormat::Toml);
}

#[test]
fn written_files_read_back_and_keep_names_as_comments_or_fields() {
    let state = toml(EXAMPLE).unwrap();
    let names = Names {
        products: BTreeMap::from([
            (pid("CFQ7TTC0H9MP"), "Power BI Pro".to_owned()),
            (pid("CFQ7TTC0HD33"), "Visio Plan 1\nsecond line".to_owned()),
        ]),
        offer_types: BTreeMap::from([(okey("SaaS"), "Software as a Service".to_owned())]),
    };
    let header = vec!["Exported by a test.".to_owned(), String::new()];
    let t = render(&state, &names, &header, FileFormat::Toml);
    assert_eq!(
        t,
        "# Exported by a test.\n#\n\nversion = 1\npolicy = \"AllowSelfServicePurchase\"\ndefault_value = \"Disabled\"\ndefault_for_unlisted = \"Disabled\"\n\n[products]\nCFQ7TTC0H9MP = \"Disabled\"                        # Power BI Pro\nCFQ7TTC0HD33 = \"OnlyTrialsWithoutPaymentMethod\"  # Visio Plan 1 second line\n\n[offer_types]\nSaaS = \"Enabled\"  # Software as a Service\n"
    );
    assert_eq!(toml(&t).unwrap(), state);
    let j = render(&state, &names, &header, FileFormat::Json);
    let v: serde_json::Value = serde_json::from_str(&j).unwrap();
    assert_eq!(
        v["products"]["CFQ7TTC0HD33"]["name"],
        "Visio Plan 1\nsecond line"
    );
    assert_eq!(v["comment"][0], "Exported by a test.");
    assert_eq!(json(&j).unwrap(), state);
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
    fn state()(
        default_value in proptest::option::of(value()),
        default_for_unlisted in proptest::option::of(offer_value()),
        products in proptest::collection::btree_map("[A-Za-z0-9_-]{1,20}", (value(), ".{0,30}"), 0..12),
        offer_types in proptest::collection::btree_map("[A-Za-z0-9_-]{1,12}", (offer_value(), ".{0,30}"), 0..5),
    ) -> (DesiredState, Names) {
        let mut s = DesiredState { default_value, default_for_unlisted, ..DesiredState::default() };
        let mut names = Names::default();
        for (id, (v, name)) in products {
            let id = pid(&id);
            s.products.insert(id.clone(), v);
            names.products.insert(id, name);
        }
        for (id, (v, name)) in offer_types {
            let k = okey(&id);
            s.offer_types.insert(k.clone(), v);
            names.offer_types.insert(k, name);
        }
        (s, names)
    }
}

proptest! {
    #[test]
    fn what_is_written_reads_back_the_same((s, names) in state(), header in proptest::collection::vec(".{0,40}", 0..3)) {
        for format in [FileFormat::Toml, FileFormat::Json] {
            let text = render(&s, &names, &header, format);
            let back = parse(&text, format);
            prop_assert_eq!(back.as_ref(), Ok(&s), "{}", text);
        }
    }

    #[test]
    fn parsing_never_panics(text in ".{0,300}") {
        let _ = parse(&text, FileFormat::Toml);
        let _ = parse(&text, FileFormat::Json);
    }

    #[test]
    fn parsing_mangled_files_never_panics((s, names) in state(), cut in 0usize..2000, insert in ".{0,10}") {
        for format in [FileFormat::Toml, FileFormat::Json] {
            let text = render(&s, &names, &[], format);
            let mut at = cut.min(text.len());
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            let mangled = format!("{}{insert}{}", &text[..at], &text[at..]);
            if let Err(e) = parse(&mangled, format) {
                // Every error says where it is, and the line exists.
                if let Some(line) = e.line {
                    prop_assert!(line >= 1 && line <= mangled.lines().count().max(1) + 1, "{e}");
                }
            }
        }
    }
}
