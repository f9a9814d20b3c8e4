//! `mscommerce`: the policy service (`serve`, operator admin commands) and the client CLI
//! (`connect`, `get-product-policies`, ...) in one binary.

mod client_cmd;
mod server_cmd;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(name = "mscommerce", version, about = "Self-service purchase policies for Microsoft 365 tenants: the service and its CLI")]
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
    let cli = Cli::parse();
    match cli.command {
        Command::Server(cmd) => server_cmd::run(cmd),
        Command::Client(cmd) => client_cmd::run(cli.global, cmd),
    }
}
