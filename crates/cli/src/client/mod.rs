//! The client half of the binary: sign-in, the policy commands, output, and errors that say what
//! to do. Every user-facing string comes from the Fluent catalogs (`mscommerce-i18n`).

pub(crate) mod context;
pub(crate) mod errors;
pub(crate) mod exit;
pub(crate) mod help;
pub(crate) mod output;
pub(crate) mod policies;
pub(crate) mod signin;
pub(crate) mod suggest;
pub(crate) mod text;

use std::process::ExitCode;

use mscommerce_i18n::Localizer;

use crate::client_cmd::{Command, GlobalArgs};
use context::Ctx;
use errors::Failure;

/// Runs one client command and turns its outcome into an exit code, printing the failure (in
/// the user's language, with the correlation id) on stderr.
pub(crate) fn run(global: GlobalArgs, cmd: Command, l: Localizer) -> ExitCode {
    if global.verbose {
        init_verbose_logging();
    }
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            let failure = Failure::local(
                exit::Exit::Service,
                &l,
                "error-runtime",
                &[("message", e.to_string())],
            );
            eprintln!("{}", failure.render(&l));
            return failure.exit.into();
        }
    };
    let ctx = Ctx::new(global, l);
    match runtime.block_on(dispatch(&ctx, cmd)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            eprintln!("{}", failure.render(&ctx.l));
            failure.exit.into()
        }
    }
}

async fn dispatch(ctx: &Ctx, cmd: Command) -> Result<(), Failure> {
    match cmd {
        Command::Connect(args) => signin::connect(ctx, &args).await,
        Command::Disconnect { all } => signin::disconnect(ctx, all),
        Command::Whoami => signin::whoami(ctx),
        Command::GetPolicies => policies::get_policies(ctx).await,
        Command::GetPolicy { policy_id } => policies::get_policy(ctx, &policy_id).await,
        Command::GetProductPolicies {
            policy_id,
            scope,
            value,
            name,
        } => {
            policies::get_product_policies(
                ctx,
                &policy_id,
                scope,
                value.map(Into::into),
                name.as_deref(),
            )
            .await
        }
        Command::GetProductPolicy { policy_id, target } => {
            policies::get_product_policy(ctx, &policy_id, &target).await
        }
        Command::UpdateProductPolicy(args) => policies::update_product_policy(ctx, &args).await,
    }
}

/// `--verbose`: requests and answers of the client library on stderr. Only our crates log at
/// debug, and they never log a token, a secret or a request body.
fn init_verbose_logging() {
    let filter = tracing_subscriber::EnvFilter::new("mscommerce_client=debug,mscommerce=debug");
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_target(false)
        .without_time()
        .try_init();
}
