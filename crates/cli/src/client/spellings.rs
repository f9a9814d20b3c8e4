//! The MSCommerce module's spellings, accepted where they are unambiguous, so that a command
//! copied from a PowerShell script or the support article works: the cmdlet's name for the
//! subcommand (`Get-MSCommerceProductPolicy`), `-ProductId X` for `--product-id X`,
//! `-Enabled:$False` for `--enabled=false`, and `False` / `$false` for `false`.
//!
//! The arguments are rewritten before clap sees them, and only into options the subcommand
//! has: anything else is left for clap to refuse with its usual message.

use std::ffi::OsString;

/// The module's cmdlets and the subcommands that do their job.
const CMDLETS: [(&str, &str); 6] = [
    ("Connect-MSCommerce", "connect"),
    ("Get-MSCommercePolicies", "get-policies"),
    ("Get-MSCommercePolicy", "get-policy"),
    ("Get-MSCommerceProductPolicies", "get-product-policies"),
    ("Get-MSCommerceProductPolicy", "get-product-policy"),
    ("Update-MSCommerceProductPolicy", "update-product-policy"),
];

/// `ProductId` → `product-id`; `None` unless it is PascalCase (starts upper, letters only).
fn kebab(pascal: &str) -> Option<String> {
    let mut chars = pascal.chars();
    let first = chars.next()?;
    if !first.is_ascii_uppercase() || !pascal.chars().all(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    let mut out = String::new();
    for (i, c) in pascal.chars().enumerate() {
        if c.is_ascii_uppercase() && i > 0 {
            out.push('-');
        }
        out.push(c.to_ascii_lowercase());
    }
    Some(out)
}

/// `True`, `$false`, `FALSE` → `true` / `false` (PowerShell's booleans as a native command
/// receives them); anything else stays as it is.
fn boolean(value: &str) -> Option<&'static str> {
    let v = value.strip_prefix('$').unwrap_or(value);
    if v.eq_ignore_ascii_case("true") {
        Some("true")
    } else if v.eq_ignore_ascii_case("false") {
        Some("false")
    } else {
        None
    }
}

fn takes_bool(arg: &clap::Arg) -> bool {
    let values: Vec<String> = arg
        .get_possible_values()
        .iter()
        .map(|v| v.get_name().to_owned())
        .collect();
    values == ["true", "false"]
}

/// Rewrites the module's spellings into this CLI's (see the module comment).
pub(crate) fn accept(args: Vec<OsString>, cmd: &clap::Command) -> Vec<OsString> {
    let mut out = Vec::with_capacity(args.len());
    let mut sub: Option<&clap::Command> = None;
    // The option whose value comes next, when it is a boolean.
    let mut bool_value_next = false;
    let mut args = args.into_iter().enumerate();
    while let Some((i, raw)) = args.next() {
        let Some(token) = raw.to_str().map(str::to_owned) else {
            out.push(raw);
            continue;
        };
        if i == 0 {
            out.push(raw);
            continue;
        }
        if token == "--" {
            // What follows is data, never options.
            out.push(raw);
            out.extend(args.map(|(_, a)| a));
            break;
        }
        let Some(sub) = sub else {
            let name = CMDLETS
                .iter()
                .find(|(cmdlet, _)| cmdlet.eq_ignore_ascii_case(&token))
                .map_or(token.as_str(), |(_, name)| name);
            sub = cmd.find_subcommand(name);
            out.push(if sub.is_some() { name.into() } else { raw });
            continue;
        };
        if std::mem::take(&mut bool_value_next) {
            out.push(boolean(&token).map_or(raw, OsString::from));
            continue;
        }
        let long = |name: &str| sub.get_arguments().find(|a| a.get_long() == Some(name));
        // `-ProductId`, `-Enabled:$False`
        if let Some(rest) = token.strip_prefix('-').filter(|r| !r.starts_with('-')) {
            let (name, value) = rest
                .split_once(':')
                .map_or((rest, None), |(n, v)| (n, Some(v)));
            if let Some(arg) = kebab(name).and_then(|k| long(&k)) {
                let flag = format!("--{}", arg.get_long().unwrap_or_default());
                let is_bool = takes_bool(arg);
                match value {
                    Some(v) => {
                        let v = if is_bool { boolean(v).unwrap_or(v) } else { v };
                        out.push(format!("{flag}={v}").into());
                    }
                    None => {
                        bool_value_next = is_bool;
                        out.push(flag.into());
                    }
                }
                continue;
            }
        }
        // `--enabled False`, `--enabled=$false`
        if let Some(rest) = token.strip_prefix("--") {
            let (name, value) = rest
                .split_once('=')
                .map_or((rest, None), |(n, v)| (n, Some(v)));
            if long(name).is_some_and(takes_bool) {
                match value {
                    Some(v) => out.push(format!("--{name}={}", boolean(v).unwrap_or(v)).into()),
                    None => {
                        bool_value_next = true;
                        out.push(raw);
                    }
                }
                continue;
            }
        }
        out.push(raw);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(args: &[&str]) -> Vec<String> {
        let cmd = crate::command();
        accept(args.iter().map(OsString::from).collect(), &cmd)
            .into_iter()
            .map(|a| a.into_string().unwrap_or_default())
            .collect()
    }

    #[test]
    fn the_module_spellings_become_options_the_command_has() {
        assert_eq!(
            run(&["m", "get-product-policy", "-ProductId", "CFQ7TTC0H9MP"]),
            ["m", "get-product-policy", "--product-id", "CFQ7TTC0H9MP"]
        );
        assert_eq!(
            run(&[
                "m",
                "Update-MSCommerceProductPolicy",
                "-PolicyId",
                "AllowSelfServicePurchase",
                "-ProductId",
                "X",
                "-Enabled",
                "$False"
            ]),
            [
                "m",
                "update-product-policy",
                "--policy-id",
                "AllowSelfServicePurchase",
                "--product-id",
                "X",
                "--enabled",
                "false"
            ]
        );
        assert_eq!(
            run(&["m", "update-product-policy", "-Enabled:$True", "-WhatIf"]),
            ["m", "update-product-policy", "--enabled=true", "--what-if"]
        );
        assert_eq!(
            run(&["m", "update-product-policy", "--enabled", "False"]),
            ["m", "update-product-policy", "--enabled", "false"]
        );
        assert_eq!(
            run(&["m", "update-product-policy", "--enabled=TRUE"]),
            ["m", "update-product-policy", "--enabled=true"]
        );
        assert_eq!(run(&["m", "get-msCommercePolicies"]), ["m", "get-policies"]);
    }

    #[test]
    fn anything_else_is_left_for_clap() {
        for args in [
            &["m", "get-product-policy", "-Frobnicate", "x"][..],
            &["m", "get-product-policy", "-v"],
            &["m", "serve", "-ProductId", "x"],
            &["m", "get-product-policy", "--product-id", "False"],
            &["m", "get-product-policy", "--", "-ProductId"],
            &["m", "Get-Something"],
        ] {
            assert_eq!(run(args), args, "{args:?}");
        }
    }
}
