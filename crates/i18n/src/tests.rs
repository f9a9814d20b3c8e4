//! The catalogs: every locale has exactly en-US's messages, attributes and placeables, parses
//! without errors, and formats; the localizer falls back to en-US.

use std::collections::{BTreeMap, BTreeSet};

use fluent_syntax::ast;
use fluent_syntax::parser;

use super::*;

/// For each message or term (`-term`): its attributes, and the variables each pattern uses.
type Shape = BTreeMap<String, BTreeMap<String, BTreeSet<String>>>;

fn variables_in_pattern(p: &ast::Pattern<&str>, out: &mut BTreeSet<String>) {
    for element in &p.elements {
        if let ast::PatternElement::Placeable { expression } = element {
            variables_in_expression(expression, out);
        }
    }
}

fn variables_in_expression(e: &ast::Expression<&str>, out: &mut BTreeSet<String>) {
    match e {
        ast::Expression::Select { selector, variants } => {
            variables_in_inline(selector, out);
            for v in variants {
                variables_in_pattern(&v.value, out);
            }
        }
        ast::Expression::Inline(i) => variables_in_inline(i, out),
    }
}

fn variables_in_inline(i: &ast::InlineExpression<&str>, out: &mut BTreeSet<String>) {
    match i {
        ast::InlineExpression::VariableReference { id } => {
            out.insert(format!("${}", id.name));
        }
        ast::InlineExpression::FunctionReference { arguments, .. } => {
            for a in &arguments.positional {
                variables_in_inline(a, out);
            }
            for a in &arguments.named {
                variables_in_inline(&a.value, out);
            }
        }
        ast::InlineExpression::MessageReference { id, attribute } => {
            // A reference counts as a placeable: a translation must reference the same messages.
            let target = match attribute {
                Some(a) => format!("{}.{}", id.name, a.name),
                None => id.name.to_owned(),
            };
            out.insert(target);
        }
        ast::InlineExpression::TermReference { arguments, .. } => {
            if let Some(arguments) = arguments {
                for a in &arguments.named {
                    variables_in_inline(&a.value, out);
                }
            }
        }
        ast::InlineExpression::Placeable { expression } => variables_in_expression(expression, out),
        ast::InlineExpression::StringLiteral { .. }
        | ast::InlineExpression::NumberLiteral { .. } => {}
    }
}

fn shape(catalog: &Catalog) -> Shape {
    let mut shape = Shape::new();
    for (file, source) in catalog.sources {
        let resource = match parser::parse(*source) {
            Ok(r) => r,
            Err((_, errors)) => panic!("{}/{file}: syntax errors: {errors:?}", catalog.tag),
        };
        for entry in resource.body {
            let (id, value, attributes) = match &entry {
                ast::Entry::Message(m) => (m.id.name.to_owned(), m.value.as_ref(), &m.attributes),
                ast::Entry::Term(t) => (format!("-{}", t.id.name), Some(&t.value), &t.attributes),
                ast::Entry::Junk { content } => {
                    panic!("{}/{file}: junk: {content}", catalog.tag)
                }
                _ => continue,
            };
            let mut parts = BTreeMap::new();
            if let Some(value) = value {
                let mut vars = BTreeSet::new();
                variables_in_pattern(value, &mut vars);
                parts.insert(String::new(), vars);
            }
            for a in attributes {
                let mut vars = BTreeSet::new();
                variables_in_pattern(&a.value, &mut vars);
                parts.insert(format!(".{}", a.id.name), vars);
            }
            assert!(
                shape.insert(id.clone(), parts).is_none(),
                "{}/{file}: {id} is defined twice",
                catalog.tag
            );
        }
    }
    shape
}

/// Lists every difference between a locale and en-US: missing or extra messages, terms,
/// attributes and placeables.
fn differences(reference: &Shape, other: &Shape) -> Vec<String> {
    let mut out = Vec::new();
    for (id, parts) in reference {
        let Some(theirs) = other.get(id) else {
            out.push(format!("missing message {id}"));
            continue;
        };
        // Terms are per-language (grammar differs); only their presence is checked.
        if id.starts_with('-') {
            continue;
        }
        for (part, vars) in parts {
            let Some(their_vars) = theirs.get(part) else {
                out.push(format!(
                    "{id}: missing {}",
                    if part.is_empty() { "value" } else { part }
                ));
                continue;
            };
            for v in vars.difference(their_vars) {
                out.push(format!("{id}{part}: missing placeable {v}"));
            }
            for v in their_vars.difference(vars) {
                out.push(format!(
                    "{id}{part}: placeable {v} that en-US does not have"
                ));
            }
        }
        for part in theirs.keys().filter(|p| !parts.contains_key(*p)) {
            out.push(format!(
                "{id}: {} that en-US does not have",
                if part.is_empty() { "value" } else { part }
            ));
        }
    }
    for id in other.keys().filter(|id| !reference.contains_key(*id)) {
        out.push(format!("message {id} that en-US does not have"));
    }
    out
}

#[test]
fn every_locale_has_exactly_the_messages_attributes_and_placeables_of_en_us() {
    let reference = shape(&CATALOGS[0]);
    assert_eq!(CATALOGS[0].tag, FALLBACK);
    assert!(reference.len() > 10, "en-US looks empty");
    let mut report = Vec::new();
    for catalog in &CATALOGS[1..] {
        for d in differences(&reference, &shape(catalog)) {
            report.push(format!("{}: {d}", catalog.tag));
        }
    }
    assert!(
        report.is_empty(),
        "catalogs differ from en-US:\n{}",
        report.join("\n")
    );
}

#[test]
fn the_parity_check_catches_each_kind_of_difference() {
    let parse = |src: &'static str| {
        shape(&Catalog {
            tag: "xx",
            native_name: "test",
            sources: Box::leak(Box::new([("t.ftl", src)])),
        })
    };
    let en = parse("a = A { $x }\n    .title = T { $y }\nb = B\n-brand = X\n");
    assert!(differences(&en, &en).is_empty());
    let cases = [
        (
            "a = A { $x }\n    .title = T { $y }\n-brand = X\n",
            "missing message b",
        ),
        ("a = A { $x }\nb = B\n-brand = X\n", "a: missing .title"),
        (
            "a = A\n    .title = T { $y }\nb = B\n-brand = X\n",
            "a: missing placeable $x",
        ),
        (
            "a = A { $x } { $z }\n    .title = T { $y }\nb = B\n-brand = X\n",
            "a: placeable $z that en-US does not have",
        ),
        (
            "a = A { $x }\n    .title = T { $y }\n    .extra = E\nb = B\n-brand = X\n",
            "a: .extra that en-US does not have",
        ),
        (
            "a = A { $x }\n    .title = T { $y }\nb = B\nc = C\n-brand = X\n",
            "message c that en-US does not have",
        ),
        (
            "a = A { $x }\n    .title = T { $y }\nb = B\n",
            "missing message -brand",
        ),
    ];
    for (src, expected) in cases {
        let d = differences(&en, &parse(src));
        assert_eq!(d, vec![expected.to_owned()], "{src}");
    }
    // A placeable used only in some variants of a select still counts.
    let plural = parse(
        "a = { $x ->\n    [one] one\n   *[other] { $x } many\n}\n    .title = T { $y }\nb = B\n-brand = X\n",
    );
    assert!(differences(&en, &plural).is_empty());
}

#[test]
fn every_catalog_loads_into_a_bundle_without_errors() {
    for catalog in CATALOGS {
        let langid: LanguageIdentifier = catalog.tag.parse().expect("valid tag");
        assert_eq!(langid.to_string(), catalog.tag);
        let mut bundle = FluentBundle::new_concurrent(vec![langid]);
        for (file, source) in catalog.sources {
            let resource = FluentResource::try_new((*source).to_owned())
                .unwrap_or_else(|(_, e)| panic!("{}/{file}: {e:?}", catalog.tag));
            bundle
                .add_resource(resource)
                .unwrap_or_else(|e| panic!("{}/{file}: {e:?}", catalog.tag));
        }
    }
}

#[test]
fn every_message_formats_in_every_locale_with_en_us_arguments() {
    // Give every variable en-US uses a value and check each locale formats without errors:
    // this catches broken selectors and references to missing terms.
    let reference = shape(&CATALOGS[0]);
    for catalog in CATALOGS {
        let l = Localizer::new(catalog.tag);
        let bundle = l.primary.as_ref().unwrap_or(&l.fallback);
        for (id, parts) in reference.iter().filter(|(id, _)| !id.starts_with('-')) {
            let message = bundle.get_message(id).expect("present (parity test)");
            for (part, vars) in parts {
                let mut args = FluentArgs::new();
                for v in vars.iter().filter_map(|v| v.strip_prefix('$')) {
                    args.set(v.to_owned(), FluentValue::from(2));
                }
                let pattern = match part.strip_prefix('.') {
                    Some(a) => message.get_attribute(a).expect("attribute").value(),
                    None => message.value().expect("value"),
                };
                let mut errors = Vec::new();
                let text = bundle.format_pattern(pattern, Some(&args), &mut errors);
                assert!(errors.is_empty(), "{}: {id}{part}: {errors:?}", catalog.tag);
                assert!(
                    !text.contains('\u{2068}'),
                    "{}: isolation marks in {id}",
                    catalog.tag
                );
            }
        }
    }
}

#[test]
fn localizer_negotiates_and_falls_back() {
    assert_eq!(Localizer::new("fr_CA.UTF-8").language(), "fr-FR");
    assert_eq!(Localizer::new("ja").language(), "en-US");
    let zh = Localizer::new("zh-Hant");
    assert_eq!(zh.language(), "zh-TW");
    // A message that does not exist anywhere shows its id instead of failing.
    assert_eq!(zh.t("no-such-message"), "no-such-message");
    assert_eq!(zh.t_attr("no-such-message", "x"), "no-such-message.x");
    assert!(!zh.has("no-such-message"));
}

#[test]
fn a_message_that_fails_in_a_locale_falls_back_to_en_us() {
    let mut broken = FluentBundle::new_concurrent(vec!["fr-FR".parse().expect("tag")]);
    broken.set_use_isolating(false);
    let resource =
        FluentResource::try_new("greet = Bonjour { -missing-term }\n".to_owned()).expect("parses");
    broken.add_resource(resource).expect("adds");
    let mut fallback = FluentBundle::new_concurrent(vec!["en-US".parse().expect("tag")]);
    fallback.set_use_isolating(false);
    let resource = FluentResource::try_new("greet = Hello { $name }\nonly = Only\n".to_owned())
        .expect("parses");
    fallback.add_resource(resource).expect("adds");
    let l = Localizer {
        tag: "fr-FR",
        primary: Some(broken),
        fallback,
    };
    let mut args = FluentArgs::new();
    args.set("name", "Ada");
    assert_eq!(l.t_args("greet", &args), "Hello Ada");
    assert_eq!(l.t("only"), "Only");
}
