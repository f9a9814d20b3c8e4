//! `mscommerce`: the policy service (`serve`, operator admin commands) and the client CLI
//! (`connect`, `get-product-policies`, ...) in one binary.

#[cfg(not(any(feature = "server", feature = "client")))]
compile_error!("build with the `server` feature, the `client` feature, or both (the default)");

mod client;
#[cfg(feature = "client")]
mod client_cmd;
mod out;
#[cfg(feature = "server")]
mod server_cmd;

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
    // Read from the raw arguments before parsing (`client::help::language_from_args`), so help
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
    Server(server_cmd::Command),
    #[cfg(feature = "client")]
    #[command(flatten)]
    Client(client_cmd::Command),
}

/// The whole command line: the client's options go on each client subcommand, not on the root,
/// so that each subcommand's `--help` lists only what it takes.
pub(crate) fn command() -> clap::Command {
    #[allow(unused_mut, reason = "only the client feature adds options")]
    let mut cmd = Cli::command();
    #[cfg(feature = "client")]
    for name in client_cmd::names() {
        use clap::Args as _;
        cmd = cmd.mut_subcommand(name, client_cmd::GlobalArgs::augment_args);
    }
    cmd
}

fn main() -> ExitCode {
    // The language is known before parsing, so help and usage errors are in it too.
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let language = client::help::language_from_args(&args);
    let l = mscommerce_i18n::Localizer::new(language);
    let parsed = client::help::localize(command(), &l)
        .try_get_matches_from(args)
        .and_then(|m| Ok((Cli::from_arg_matches(&m)?, m)));
    #[cfg_attr(not(feature = "client"), allow(unused_variables))]
    let (cli, matches) = match parsed {
        Ok(parsed) => parsed,
        Err(e) => return client::help::usage_error(&e, &l),
    };
    let code = match cli.command {
        #[cfg(feature = "server")]
        Command::Server(cmd) => server_cmd::run(cmd),
        #[cfg(feature = "client")]
        Command::Client(cmd) => match client_args(&matches) {
            Ok(global) => client_cmd::run(global, cmd, l),
            Err(e) => return client::help::usage_error(&e, &l),
        },
    };
    out::finish(code, language)
}

/// The client options, from the subcommand's own matches.
#[cfg(feature = "client")]
fn client_args(matches: &clap::ArgMatches) -> Result<client_cmd::GlobalArgs, clap::Error> {
    match matches.subcommand() {
        Some((_, sub)) => client_cmd::GlobalArgs::from_arg_matches(sub),
        None => Err(clap::Error::new(clap::error::ErrorKind::MissingSubcommand)),
    }
}
