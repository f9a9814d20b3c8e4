//! clap in the user's language (rust-notes pitfall 12): the language is resolved before parsing,
//! the client commands' help texts and headings are replaced from Fluent, and usage errors are
//! rendered from clap's error context rather than its English text.

use std::ffi::OsString;
use std::process::ExitCode;

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, Command};
use mscommerce_i18n::Localizer;

use crate::text::t;

/// The client subcommands whose texts come from Fluent (the service's commands keep theirs).
const CLIENT_COMMANDS: [&str; 21] = [
    "connect",
    "disconnect",
    "whoami",
    "profile",
    "get-policies",
    "get-policy",
    "get-product-policies",
    "get-product-policy",
    "update-product-policy",
    "update-policy",
    "export",
    "plan",
    "apply",
    "diff",
    "audit",
    "get-self-service-purchases",
    "request-license",
    "get-license-requests",
    "approve-license-request",
    "deny-license-request",
    "webhook",
];

/// `--lang X` / `--lang=X` from the raw arguments, then the environment (see
/// `mscommerce_i18n::resolve_language`).
pub(crate) fn language_from_args(args: &[OsString]) -> &'static str {
    let mut explicit: Option<String> = None;
    let mut it = args.iter().skip(1);
    while let Some(a) = it.next() {
        let a = a.to_string_lossy();
        if a == "--" {
            break;
        }
        if a == "--lang" {
            explicit = it.next().map(|v| v.to_string_lossy().into_owned());
        } else if let Some(v) = a.strip_prefix("--lang=") {
            explicit = Some(v.to_owned());
        }
    }
    mscommerce_i18n::resolve_language(explicit.as_deref(), |name| std::env::var(name).ok())
}

fn message_id(arg: &str) -> String {
    arg.replace('_', "-")
}

fn template(l: &Localizer) -> String {
    format!(
        "{{about-with-newline}}\n{} {{usage}}\n\n{{all-args}}{{after-help}}",
        l.t("help-usage-heading")
    )
}

/// Replaces the help texts of the root, its global options and the client commands.
pub(crate) fn localize(cmd: Command, l: &Localizer) -> Command {
    let options = l.t("help-heading-options");
    let mut cmd = cmd
        .about(l.t("help-about"))
        .after_help(l.t("help-exit-codes"))
        .help_template(template(l))
        .subcommand_help_heading(l.t("help-heading-commands"))
        .disable_help_flag(true)
        .disable_version_flag(true)
        .arg(
            Arg::new("help")
                .long("help")
                .short('h')
                .action(ArgAction::Help)
                .global(true)
                .help(l.t("help-arg-help")),
        )
        .arg(
            Arg::new("version")
                .long("version")
                .short('V')
                .action(ArgAction::Version)
                .help(l.t("help-arg-version")),
        );
    let ids: Vec<String> = cmd
        .get_arguments()
        .map(|a| a.get_id().to_string())
        .collect();
    for id in ids {
        let key = format!("help-arg-{}", message_id(&id));
        let help = l.has(&key).then(|| l.t(&key));
        let options = options.clone();
        cmd = cmd.mut_arg(id, move |a| {
            let a = a.help_heading(options);
            match help {
                Some(h) => a.help(h),
                None => a,
            }
        });
    }
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_owned())
        .filter(|n| CLIENT_COMMANDS.contains(&n.as_str()))
        .collect();
    for name in names {
        cmd = cmd.mut_subcommand(name.clone(), |sub| {
            localize_subcommand(sub, &name, l, &options)
        });
    }
    cmd
}

fn localize_subcommand(mut sub: Command, name: &str, l: &Localizer, options: &str) -> Command {
    sub = sub
        .about(l.t(&format!("help-cmd-{name}")))
        .after_help(l.t("help-exit-codes"))
        .help_template(template(l));
    let ids: Vec<String> = sub
        .get_arguments()
        .map(|a| a.get_id().to_string())
        .collect();
    for id in ids {
        let specific = format!("help-arg-{name}-{}", message_id(&id));
        let general = format!("help-arg-{}", message_id(&id));
        let help = [specific, general]
            .into_iter()
            .find(|k| l.has(k))
            .map(|k| l.t(&k));
        let options = options.to_owned();
        sub = sub.mut_arg(id, move |a| {
            let a = a.help_heading(options);
            match help {
                Some(h) => a.help(h),
                None => a,
            }
        });
    }
    sub
}

fn value_text(v: &ContextValue) -> String {
    match v {
        ContextValue::None => String::new(),
        ContextValue::Bool(b) => b.to_string(),
        ContextValue::String(s) => s.clone(),
        ContextValue::Strings(s) => s.join(", "),
        ContextValue::StyledStr(s) => s.to_string(),
        ContextValue::StyledStrs(s) => s
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(", "),
        ContextValue::Number(n) => n.to_string(),
        _ => String::new(),
    }
}

/// Renders a clap error in the user's language; help and version go to stdout with exit 0,
/// everything else to stderr with exit 2.
pub(crate) fn usage_error(e: &clap::Error, l: &Localizer) -> ExitCode {
    match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            let _ = e.print();
            return ExitCode::SUCCESS;
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let _ = e.print();
            return ExitCode::from(2);
        }
        _ => {}
    }
    eprintln!("{}", render_usage_error(e, l));
    ExitCode::from(2)
}

pub(crate) fn render_usage_error(e: &clap::Error, l: &Localizer) -> String {
    let get = |k: ContextKind| e.get(k).map(value_text).filter(|s| !s.is_empty());
    let arg = get(ContextKind::InvalidArg).unwrap_or_default();
    let mut details: Vec<String> = Vec::new();
    let headline = match e.kind() {
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => {
            let value = get(ContextKind::InvalidValue).unwrap_or_default();
            if let Some(valid) = get(ContextKind::ValidValue) {
                details.push(t(l, "usage-possible-values", &[("values", valid)]));
            }
            if value.is_empty() {
                t(l, "usage-missing-value", &[("arg", arg)])
            } else {
                t(l, "usage-invalid-value", &[("value", value), ("arg", arg)])
            }
        }
        ErrorKind::UnknownArgument => {
            if let Some(s) = get(ContextKind::SuggestedArg) {
                details.push(t(l, "usage-did-you-mean", &[("suggestion", s)]));
            }
            t(l, "usage-unknown-argument", &[("arg", arg)])
        }
        ErrorKind::InvalidSubcommand => {
            if let Some(s) = get(ContextKind::SuggestedSubcommand) {
                details.push(t(l, "usage-did-you-mean", &[("suggestion", s)]));
            }
            t(
                l,
                "usage-unknown-command",
                &[(
                    "command",
                    get(ContextKind::InvalidSubcommand).unwrap_or_default(),
                )],
            )
        }
        ErrorKind::MissingRequiredArgument => t(l, "usage-missing-required", &[("args", arg)]),
        ErrorKind::ArgumentConflict => t(
            l,
            "usage-conflict",
            &[
                ("arg", arg),
                ("other", get(ContextKind::PriorArg).unwrap_or_default()),
            ],
        ),
        ErrorKind::MissingSubcommand => t(l, "usage-missing-command", &[]),
        _ => {
            // Rarer kinds: clap's own sentence (English), without its "error:" prefix.
            let text = e.to_string();
            let first = text.lines().next().unwrap_or_default();
            first.strip_prefix("error: ").unwrap_or(first).to_owned()
        }
    };
    let mut out = t(l, "error-line", &[("message", headline)]);
    for d in details {
        out.push('\n');
        out.push_str(&d);
    }
    if let Some(usage) = get(ContextKind::Usage) {
        let usage = usage.trim();
        let usage = usage.strip_prefix("Usage:").unwrap_or(usage).trim_start();
        out.push_str(&format!("\n\n{} {usage}", l.t("help-usage-heading")));
    }
    out.push_str(&format!("\n\n{}", l.t("usage-more-info")));
    out
}

#[cfg(test)]
mod tests {
    use std::ffi::OsString;

    use super::*;

    fn os(args: &[&str]) -> Vec<OsString> {
        args.iter().map(OsString::from).collect()
    }

    #[test]
    #[cfg(feature = "client")]
    fn the_localized_command_is_valid_in_every_language() {
        for lang in mscommerce_i18n::supported_languages() {
            let l = Localizer::new(lang);
            let cmd = localize(crate::command(), &l);
            cmd.clone().debug_assert();
            for name in CLIENT_COMMANDS {
                let sub = cmd.find_subcommand(name).expect("client command exists");
                let about = sub.get_about().map(ToString::to_string).unwrap_or_default();
                assert_eq!(about, l.t(&format!("help-cmd-{name}")), "{lang} {name}");
                for arg in sub.get_arguments() {
                    assert!(
                        arg.get_help().is_some(),
                        "{lang}: {name} --{} has no help",
                        arg.get_id()
                    );
                }
            }
            let e = cmd
                .clone()
                .try_get_matches_from(["mscommerce", "get-policies", "--output", "xml"])
                .unwrap_err();
            let text = render_usage_error(&e, &l);
            assert!(
                text.contains("xml") && text.contains("table, json, csv"),
                "{lang}: {text}"
            );
        }
    }

    #[test]
    fn lang_flag_is_found_before_parsing() {
        assert_eq!(
            language_from_args(&os(&["m", "get-policies", "--lang", "nl-NL"])),
            "nl-NL"
        );
        assert_eq!(
            language_from_args(&os(&["m", "--lang=zh_TW.UTF-8", "whoami"])),
            "zh-TW"
        );
        assert_eq!(
            language_from_args(&os(&["m", "x", "--", "--lang", "fr"])),
            mscommerce_i18n::resolve_language(None, |n| std::env::var(n).ok())
        );
    }
}
