//! `mscommerce`: the policy service (`serve`, operator admin commands) and the client CLI
//! (`connect`, `get-product-policies`, ...) in one binary.

mod client;
mod client_cmd;
mod out;
mod server_cmd;

use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};

// The service allocates and frees a little per request on every worker thread; mimalloc's
// per-thread free lists cost less there than glibc's arenas (measured in bench/run).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Debug, Parser)]
#[command(
    name = "mscommerce",
    version,
    about = "Self-service purchase policies for Microsoft 365 tenants: the service and its CLI"
)]
struct Cli {
    #[command(flatten)]
    global: client_cmd::GlobalArgs,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    #[command(flatten)]
    Server(server_cmd::Command),
    #[command(flatten)]
    Client(client_cmd::Command),
}

fn main() -> ExitCode {
    // The language is known before parsing, so help and usage errors are in it too.
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let language = client::help::language_from_args(&args);
    let l = mscommerce_i18n::Localizer::new(language);
    let command = client::help::localize(Cli::command(), &l);
    let cli = match command
        .try_get_matches_from(args)
        .and_then(|m| Cli::from_arg_matches(&m))
    {
        Ok(cli) => cli,
        Err(e) => return client::help::usage_error(&e, &l),
    };
    let code = match cli.command {
        Command::Server(cmd) => server_cmd::run(cmd),
        Command::Client(cmd) => client_cmd::run(cli.global, cmd, l),
    };
    out::finish(code, language)
}
