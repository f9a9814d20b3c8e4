//! clap in the user's language (rust-notes pitfall 12): the language is resolved before parsing,
//! the client commands' help texts and headings are replaced from Fluent, and usage errors are
//! rendered from clap's error context rather than its English text.

use std::ffi::OsString;
use std::process::ExitCode;

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, Command};
use mscommerce_i18n::Localizer;

use crate::text::t;

/// The client subcommands: their help ends with the exit codes, which are the client's.
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

/// The language asked for by name (`--lang`, then `MSCOMMERCE_LANG`) when none of ours answers
/// it: said once on stderr, since falling back to English in silence looks like a bug. A
/// system locale (`LANG=ja_JP.UTF-8`) is not a request to this program and stays quiet.
pub(crate) fn unsupported_language(args: &[OsString], chosen: &str) -> Option<String> {
    let asked = lang_flag(args)
        .or_else(|| std::env::var("MSCOMMERCE_LANG").ok())
        .map(|v| v.trim().to_owned())
        .filter(|v| !v.is_empty())?;
    let english = asked.to_ascii_lowercase().starts_with("en")
        || ["c", "posix"].contains(&asked.split('.').next()?.to_ascii_lowercase().as_str());
    (chosen == "en-US" && !english).then_some(asked)
}

/// `--lang X` / `--lang=X` from the raw arguments, then the environment (see
/// `mscommerce_i18n::resolve_language`).
pub(crate) fn language_from_args(args: &[OsString]) -> &'static str {
    mscommerce_i18n::resolve_language(lang_flag(args).as_deref(), |name| std::env::var(name).ok())
}

/// The value of the last `--lang` before `--`.
fn lang_flag(args: &[OsString]) -> Option<String> {
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
    explicit
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

/// Replaces every help text of the command line with the user's language: each command's
/// description (`help-cmd-{path}`, the path of subcommand names joined by `-`), each option's
/// (`help-arg-{path}-{id}`, else `help-arg-{id}`), the headings, and clap's own annotations
/// (`[default: …]`, `[possible values: …]`, `[env: …]`), which clap would print in English.
pub(crate) fn localize(cmd: Command, l: &Localizer) -> Command {
    let mut cmd = cmd
        .about(l.t("help-about"))
        .after_help(l.t("help-exit-codes"))
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
    // Builds clap's `help` subcommand, so that it is translated like the others.
    cmd.build();
    localize_tree(cmd, &[], l)
}

/// The path of a command as message ids name it: its subcommand names joined by `-`. clap's
/// `help` subcommand repeats the tree below it (`help admin tenant add`): those nodes share the
/// texts of the commands they describe, and every `help` itself is `help`.
fn key_path(path: &[String]) -> String {
    if path.last().is_some_and(|n| n == "help") {
        return "help".to_owned();
    }
    path.iter()
        .filter(|n| *n != "help")
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join("-")
}

/// The message id of a command's description: `help-cmd-webhook-add`.
fn command_key(path: &[String]) -> String {
    format!("help-cmd-{}", key_path(path))
}

/// Whether the command is one of the client's (or the root): their options share texts by name
/// (`help-arg-profile`); the operator's commands share only their own (`help-arg-operator-…`),
/// since `--name` or `--tenant` mean something else there.
fn is_client(path: &[String]) -> bool {
    path.iter()
        .find(|n| *n != "help")
        .is_none_or(|top| CLIENT_COMMANDS.contains(&top.as_str()))
}

/// The message ids that may describe an option, most specific first.
fn arg_keys(path: &[String], id: &str) -> [String; 2] {
    let id = message_id(id);
    // Options every command takes mean the same everywhere.
    let global = ["lang", "timeout", "help", "version"].contains(&id.as_str());
    let shared = if global || is_client(path) {
        format!("help-arg-{id}")
    } else {
        format!("help-arg-operator-{id}")
    };
    [format!("help-arg-{}-{id}", key_path(path)), shared]
}

fn localize_tree(mut cmd: Command, path: &[String], l: &Localizer) -> Command {
    let options = l.t("help-heading-options");
    let arguments = l.t("help-heading-arguments");
    cmd = cmd
        .help_template(template(l))
        .subcommand_help_heading(l.t("help-heading-commands"));
    if !path.is_empty() {
        cmd = cmd.about(l.t(&command_key(path)));
        if is_client(path) {
            cmd = cmd.after_help(l.t("help-exit-codes"));
        }
    }
    let ids: Vec<String> = cmd
        .get_arguments()
        .map(|a| a.get_id().to_string())
        .collect();
    for id in ids {
        let help = arg_keys(path, &id)
            .into_iter()
            .find(|k| l.has(k))
            .map(|k| l.t(&k));
        let (options, arguments) = (options.clone(), arguments.clone());
        cmd = cmd.mut_arg(id, move |a| {
            let heading = if a.is_positional() {
                arguments
            } else {
                options
            };
            let notes = annotations(&a, l);
            let a = a
                .help_heading(heading)
                .hide_default_value(true)
                .hide_possible_values(true)
                .hide_env(true);
            match help {
                Some(h) if notes.is_empty() => a.help(h),
                Some(h) => a.help(format!("{h} {notes}")),
                None => a,
            }
        });
    }
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_owned())
        .collect();
    for name in names {
        let mut child = path.to_vec();
        child.push(name.clone());
        cmd = cmd.mut_subcommand(name, |sub| localize_tree(sub, &child, l));
    }
    cmd
}

/// clap's annotations of an option, in the user's words: its default, possible values and
/// environment variable.
fn annotations(a: &Arg, l: &Localizer) -> String {
    let mut notes = Vec::new();
    if let Some(name) = a.get_env() {
        notes.push(t(
            l,
            "help-env",
            &[("name", name.to_string_lossy().into_owned())],
        ));
    }
    let defaults: Vec<String> = a
        .get_default_values()
        .iter()
        .map(|v| v.to_string_lossy().into_owned())
        .collect();
    let takes_value = a.get_action().takes_values();
    if takes_value && !defaults.is_empty() {
        notes.push(t(l, "help-default", &[("value", defaults.join(", "))]));
    }
    let values: Vec<String> = a
        .get_possible_values()
        .iter()
        .filter(|v| !v.is_hide_set())
        .map(|v| v.get_name().to_owned())
        .collect();
    if takes_value && !values.is_empty() {
        notes.push(t(
            l,
            "help-possible-values",
            &[("values", values.join(", "))],
        ));
    }
    notes.join(" ")
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
    // One suggestion, the closest: clap lists its candidates from the least to the most alike.
    let best = |k: ContextKind| match e.get(k) {
        Some(ContextValue::Strings(all)) => all.last().cloned(),
        Some(v) => Some(value_text(v)).filter(|s| !s.is_empty()),
        None => None,
    };
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
            if let Some(s) = best(ContextKind::SuggestedArg) {
                details.push(t(l, "usage-did-you-mean", &[("suggestion", s)]));
            }
            t(l, "usage-unknown-argument", &[("arg", arg)])
        }
        ErrorKind::InvalidSubcommand => {
            if let Some(s) = best(ContextKind::SuggestedSubcommand) {
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

    /// Every command and option of the command line, with its message ids and clap's text.
    fn texts(cmd: &Command, path: &[String], out: &mut Vec<(Vec<String>, String)>) {
        if !path.is_empty() {
            let about = cmd.get_about().map(ToString::to_string).unwrap_or_default();
            out.push((vec![command_key(path)], about));
        }
        for a in cmd.get_arguments() {
            let id = a.get_id().as_str();
            if id == "help" || id == "version" {
                continue;
            }
            let help = a.get_help().map(ToString::to_string).unwrap_or_default();
            out.push((arg_keys(path, id).to_vec(), help));
        }
        for sub in cmd.get_subcommands() {
            let mut child = path.to_vec();
            child.push(sub.get_name().to_owned());
            texts(sub, &child, out);
        }
    }

    /// The help is translated whole: every command (the operator's, every sub-subcommand, clap's
    /// `help`) and every option has its text in every language, so nothing falls back to the
    /// English of the source. On failure, the missing ids with their English text.
    #[test]
    fn every_command_and_option_has_its_text_in_every_language() {
        let mut cmd = crate::command();
        cmd.build();
        let mut all = Vec::new();
        texts(&cmd, &[], &mut all);
        for lang in mscommerce_i18n::supported_languages() {
            let l = Localizer::new(lang);
            let mut missing: Vec<String> = all
                .iter()
                .filter(|(keys, _)| !keys.iter().any(|k| l.has(k)))
                .map(|(keys, text)| format!("{} = {text}", keys[0]))
                .collect();
            missing.dedup();
            assert!(missing.is_empty(), "{lang}:\n{}", missing.join("\n"));
        }
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
