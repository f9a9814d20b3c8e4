//! `mscommerce`: the policy service (`serve`, operator admin commands) and the client CLI
//! (`connect`, `get-product-policies`, ...) in one binary.

#[cfg(not(any(feature = "server", feature = "client")))]
compile_error!("build with the `server` feature, the `client` feature, or both (the default)");

#[cfg(feature = "server")]
mod admin;
#[cfg(feature = "client")]
mod client;
#[cfg(feature = "client")]
mod commands;
mod duration;
mod help;
mod out;
mod render;
#[cfg(feature = "server")]
mod server;
mod text;

use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};

// The service allocates and frees a little per request on every worker thread; mimalloc's
// per-thread free lists cost less there than glibc's arenas (measured in bench/run).
#[cfg(feature = "server")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Debug, Parser)]
#[command(
    name = "mscommerce",
    version,
    about = "Self-service purchase policies for Microsoft 365 tenants: the service and its CLI"
)]
struct Cli {
    /// Language of messages (en-US, zh-TW, fr-FR, nl-NL, de-DE) [default: MSCOMMERCE_LANG, LC_ALL, LC_MESSAGES, LANG].
    // Read from the raw arguments before parsing (`help::language_from_args`), so help
    // and usage errors are in it too; declared here so every command accepts it.
    #[arg(long, global = true, value_name = "LANG")]
    lang: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    #[cfg(feature = "server")]
    #[command(flatten)]
    Server(server::Command),
    #[cfg(feature = "client")]
    #[command(flatten)]
    Client(client::args::Command),
    /// Print the completion script for a shell (bash, zsh, fish, powershell, elvish), e.g.
    /// `mscommerce completion bash > /etc/bash_completion.d/mscommerce`.
    Completion {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff), e.g. `mscommerce man > /usr/local/share/man/man1/mscommerce.1`.
    Man,
}

/// The whole command line: the client's options go on each client subcommand, not on the root,
/// so that each subcommand's `--help` lists only what it takes.
pub(crate) fn command() -> clap::Command {
    #[allow(unused_mut, reason = "only the client feature adds options")]
    let mut cmd = Cli::command();
    #[cfg(feature = "client")]
    for name in client::args::names() {
        use clap::Args as _;
        cmd = cmd.mut_subcommand(name, client::args::GlobalArgs::augment_args);
    }
    cmd
}

fn main() -> ExitCode {
    // The language is known before parsing, so help and usage errors are in it too.
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let language = help::language_from_args(&args);
    let l = mscommerce_i18n::Localizer::new(language);
    if let Some(asked) = help::unsupported_language(&args, language) {
        let available: Vec<&str> = mscommerce_i18n::supported_languages().collect();
        eprintln!(
            "{}",
            text::t(
                &l,
                "warning-language-unsupported",
                &[("asked", asked), ("available", available.join(", "))]
            )
        );
    }
    let cmd = help::localize(command(), &l);
    #[cfg(feature = "client")]
    let args = client::spellings::accept(client_options_after_subcommand(args), &cmd);
    let parsed = cmd
        .try_get_matches_from(args)
        .and_then(|m| Ok((Cli::from_arg_matches(&m)?, m)));
    #[cfg_attr(not(feature = "client"), allow(unused_variables))]
    let (cli, matches) = match parsed {
        Ok(parsed) => parsed,
        Err(e) => return help::usage_error(&e, &l),
    };
    let code = match cli.command {
        #[cfg(feature = "server")]
        Command::Server(cmd) => server::run(cmd, language),
        #[cfg(feature = "client")]
        Command::Client(cmd) => match client_args(&matches) {
            Ok(global) => client::run(global, cmd, l),
            Err(e) => return help::usage_error(&e, &l),
        },
        Command::Completion { shell } => generated(|out| {
            clap_complete::generate(shell, &mut command(), "mscommerce", out);
            Ok(())
        }),
        Command::Man => generated(|out| clap_mangen::Man::new(command()).render(out)),
    };
    out::finish(code, language)
}

/// Output generated from the command line's definition (completions, the man page), written
/// like every other output (a lost write is an error, a closed pipe ends quietly).
fn generated(write: impl FnOnce(&mut Vec<u8>) -> std::io::Result<()>) -> ExitCode {
    let mut buf = Vec::new();
    match write(&mut buf) {
        Ok(()) => {
            out::write(&String::from_utf8_lossy(&buf));
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The client options, from the subcommand's own matches.
#[cfg(feature = "client")]
fn client_args(matches: &clap::ArgMatches) -> Result<client::args::GlobalArgs, clap::Error> {
    match matches.subcommand() {
        Some((_, sub)) => client::args::GlobalArgs::from_arg_matches(sub),
        None => Err(clap::Error::new(clap::error::ErrorKind::MissingSubcommand)),
    }
}

/// `mscommerce --profile X get-policy` as `mscommerce get-policy --profile X`: the client's
/// options live on the client subcommands (so that `serve --help` does not list them), but
/// scripts written when they were global may put them first. Only options written before a
/// client subcommand move; before `serve` or `admin` they stay and clap refuses them by name.
#[cfg(feature = "client")]
fn client_options_after_subcommand(args: Vec<std::ffi::OsString>) -> Vec<std::ffi::OsString> {
    use clap::Args as _;
    let options = client::args::GlobalArgs::augment_args(clap::Command::new("options"));
    let takes_value = |a: &clap::Arg| a.get_action().takes_values();
    let find = |token: &str| -> Option<bool> {
        let arg = if let Some(long) = token.strip_prefix("--") {
            let (name, inline) = long
                .split_once('=')
                .map_or((long, false), |(n, _)| (n, true));
            let arg = options
                .get_arguments()
                .find(|a| a.get_long() == Some(name))?;
            return Some(takes_value(arg) && !inline);
        } else if let Some(short) = token.strip_prefix('-').filter(|s| s.chars().count() == 1) {
            let c = short.chars().next()?;
            options.get_arguments().find(|a| a.get_short() == Some(c))?
        } else {
            return None;
        };
        Some(takes_value(arg))
    };
    let subcommands = client::args::names();
    let mut moved = Vec::new();
    let mut i = 1;
    while i < args.len() {
        let Some(token) = args[i].to_str() else { break };
        if subcommands.iter().any(|n| n == token) {
            if moved.is_empty() {
                return args;
            }
            let mut out: Vec<_> = args[..1].to_vec();
            out.extend(
                args[1..i]
                    .iter()
                    .enumerate()
                    .filter(|(k, _)| !moved.contains(&(k + 1)))
                    .map(|(_, a)| a.clone()),
            );
            out.push(args[i].clone());
            out.extend(moved.iter().map(|&k| args[k].clone()));
            out.extend(args[i + 1..].iter().cloned());
            return out;
        }
        match find(token) {
            Some(with_value) => {
                moved.push(i);
                if with_value && i + 1 < args.len() {
                    i += 1;
                    moved.push(i);
                }
            }
            // Anything else before the subcommand (`--lang de-DE`, a typo): leave it to clap.
            None if token == "--lang" => i += 1,
            None if !token.starts_with('-') => return args,
            None => {}
        }
        i += 1;
    }
    args
}

#[cfg(all(test, feature = "client"))]
mod tests {
    use super::client_options_after_subcommand as hoist;

    fn run(args: &[&str]) -> Vec<String> {
        let args = args.iter().map(std::ffi::OsString::from).collect();
        hoist(args)
            .into_iter()
            .map(|a| a.into_string().unwrap_or_default())
            .collect()
    }

    #[test]
    fn client_options_before_a_client_subcommand_move_after_it() {
        assert_eq!(
            run(&[
                "m",
                "--profile",
                "p",
                "--lang",
                "de-DE",
                "-v",
                "get-policy",
                "--output",
                "json"
            ]),
            [
                "m",
                "--lang",
                "de-DE",
                "get-policy",
                "--profile",
                "p",
                "-v",
                "--output",
                "json"
            ]
        );
        assert_eq!(
            run(&["m", "--endpoint=http://x", "whoami"]),
            ["m", "whoami", "--endpoint=http://x"]
        );
    }

    #[test]
    fn everything_else_stays_where_it_is() {
        for args in [
            &["m", "--profile", "p", "serve"][..],
            &["m", "get-policy", "--profile", "p"],
            &["m", "serve", "--listen", "127.0.0.1:0"],
            &["m", "--frobnicate", "get-policy"],
            &["m"],
        ] {
            assert_eq!(run(args), args, "{args:?}");
        }
    }
}
