//! The service half of the binary: `serve`, and the operator's `admin` commands (`crate::admin`),
//! which work on the data directory (or database) directly, with no token: whoever can read the
//! data directory owns the service anyway.

mod serve;
pub(crate) mod store;

use std::process::ExitCode;

use clap::Subcommand;
use mscommerce_i18n::Localizer;

use crate::admin::{self, AdminCommand};
use crate::text::t;

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Run the policy service (licensing API, built-in identity provider, health).
    Serve(serve::ServeArgs),
    /// Operator commands on the data directory or database: tenants, users, apps, keys, the
    /// catalog, the audit journal.
    #[command(subcommand)]
    Admin(AdminCommand),
}

/// Runs `serve` or an `admin` command; a failure is one `error:` line on stderr.
pub(crate) fn run(cmd: Command, language: &str) -> ExitCode {
    let l = Localizer::new(language);
    let error = |message: String| t(&l, "error-line", &[("message", message)]);
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!(
                "{}",
                error(t(&l, "error-runtime", &[("message", e.to_string())]))
            );
            return ExitCode::from(7);
        }
    };
    let result = runtime.block_on(async {
        match cmd {
            Command::Serve(args) => serve::serve(args, &l).await.map(|()| ExitCode::SUCCESS),
            Command::Admin(cmd) => admin::run(cmd, &l).await,
        }
    });
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("{}", error(format!("{e:#}")));
            ExitCode::FAILURE
        }
    }
}
