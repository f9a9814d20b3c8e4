//! Running one client command: the runtime, the dispatch to its job, the exit code.

use std::process::ExitCode;

use mscommerce_i18n::Localizer;

use super::args::{Command, GlobalArgs};
use super::context::Ctx;
use super::errors::Failure;
use super::exit::{self, Exit};
use super::tenants;
use crate::commands::{audit, bulk, desired, license, policies, purchases, signin, webhooks};

/// Runs one client command and turns its outcome into an exit code, printing the failure (in
/// the user's language, with the correlation id) on stderr.
pub(crate) fn run(global: GlobalArgs, cmd: Command, l: Localizer) -> ExitCode {
    if global.verbose {
        init_verbose_logging();
    }
    crate::render::table::set_wide(global.wide);
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
    let timeout = match global
        .timeout
        .as_deref()
        .map(|t| (t, crate::duration::parse_duration(t)))
    {
        None => None,
        Some((_, Some(d))) if d.is_positive() => Some(d.unsigned_abs()),
        Some((text, _)) => {
            let failure = Failure::local(
                Exit::Usage,
                &l,
                "error-timeout-value",
                &[("value", text.to_owned())],
            );
            eprintln!("{}", failure.render(&l));
            return failure.exit.into();
        }
    };
    let ctx = Ctx::new(global, l);
    let writes = cmd.writes();
    let result = runtime.block_on(async {
        let limit = async {
            match timeout {
                Some(t) => tokio::time::sleep(t).await,
                None => std::future::pending().await,
            }
        };
        tokio::select! {
            r = dispatch(&ctx, cmd) => r,
            () = interrupted() => Err(stopped(&ctx, writes, None)),
            () = limit => Err(stopped(&ctx, writes, ctx.global.timeout.clone())),
        }
    });
    match result {
        Ok(outcome) => exit::code(outcome),
        Err(failure) => {
            eprintln!("{}", failure.render(&ctx.l));
            failure.exit.into()
        }
    }
}

/// Resolves on Ctrl+C (never, if the signal cannot be watched).
async fn interrupted() {
    if tokio::signal::ctrl_c().await.is_err() {
        std::future::pending::<()>().await;
    }
}

/// A command stopped before it finished: by Ctrl+C (`timeout` None) or by `--timeout`. A write
/// may have reached the service: say so, and how to find out.
fn stopped(ctx: &Ctx, writes: bool, timeout: Option<String>) -> Failure {
    let l = &ctx.l;
    let mut check = String::from("mscommerce audit --since 5m");
    for (flag, value) in [
        ("--endpoint", &ctx.global.endpoint),
        ("--profile", &ctx.global.profile),
    ] {
        if let Some(v) = value {
            check.push_str(&format!(" {flag} {v}"));
        }
    }
    match (writes, timeout) {
        (true, timeout) => {
            let why = match timeout {
                Some(t) => crate::text::t(l, "stopped-timeout", &[("timeout", t)]),
                None => l.t("stopped-interrupted"),
            };
            Failure::local(Exit::Unknown, l, "stopped-write", &[("why", why)])
                .detail(crate::text::t(l, "stopped-check", &[("command", check)]))
        }
        (false, Some(t)) => {
            Failure::local(Exit::Service, l, "stopped-read-timeout", &[("timeout", t)])
        }
        (false, None) => Failure::local(Exit::Interrupted, l, "stopped-read", &[]),
    }
}

/// Runs the command; `Ok(Some(exit))` for an outcome that is not plain success without being
/// one failure (drift, or the worst of many tenants).
async fn dispatch(ctx: &Ctx, cmd: Command) -> Result<Option<Exit>, Failure> {
    let done = |r: Result<(), Failure>| r.map(|()| None);
    match cmd {
        Command::Connect(args) => done(signin::connect(ctx, &args).await),
        Command::Disconnect { all } => done(signin::disconnect(ctx, all)),
        Command::Whoami => done(signin::whoami(ctx)),
        Command::Profile { action } => done(signin::profile(ctx, &action)),
        Command::GetPolicies { tenants } => {
            tenants::run(ctx, &tenants, &policies::GetPolicies).await
        }
        Command::GetPolicy { policy_id, tenants } => {
            tenants::run(ctx, &tenants, &policies::GetPolicy { policy_id }).await
        }
        Command::GetProductPolicies {
            policy_id,
            scope,
            value,
            name,
            tenants,
        } => {
            let job = policies::GetProductPolicies {
                policy_id,
                scope,
                value: value.map(Into::into),
                name,
            };
            tenants::run(ctx, &tenants, &job).await
        }
        Command::GetProductPolicy {
            policy_id,
            target,
            tenants,
        } => {
            let job = policies::GetProductPolicy { policy_id, target };
            tenants::run(ctx, &tenants, &job).await
        }
        Command::UpdateProductPolicy(args) if args.bulk() => bulk::update_all(ctx, &args).await,
        Command::UpdateProductPolicy(args) => {
            done(policies::update_product_policy(ctx, &args).await)
        }
        Command::UpdatePolicy {
            policy_id,
            default_value,
            what_if,
        } => done(bulk::update_policy(ctx, &policy_id, default_value.into(), what_if).await),
        Command::Export {
            policy_id,
            file,
            format,
            force,
        } => done(desired::export(ctx, &policy_id, file.as_deref(), format, force).await),
        Command::Plan { file, tenants } => desired::plan(ctx, &file.file, &tenants).await,
        Command::Apply {
            file,
            yes,
            what_if,
            tenants,
        } => desired::apply(ctx, &file.file, yes, what_if, &tenants).await,
        Command::Diff { file, tenants } => desired::diff(ctx, &file.file, &tenants).await,
        Command::Audit(args) => audit::audit(ctx, &args).await,
        Command::GetSelfServicePurchases(args) => purchases::purchases(ctx, &args).await,
        Command::RequestLicense {
            product_id,
            message,
        } => done(license::request_license(ctx, &product_id, message.as_deref()).await),
        Command::GetLicenseRequests(args) => license::list(ctx, &args).await,
        Command::ApproveLicenseRequest(args) => done(license::decide(ctx, &args, true).await),
        Command::DenyLicenseRequest(args) => done(license::decide(ctx, &args, false).await),
        Command::Webhook { action } => done(webhooks::run(ctx, &action).await),
    }
}

/// `--verbose`: requests and answers of the client library on stderr. Only our crates log at
/// debug, and they never log a token, a secret or a request body.
fn init_verbose_logging() {
    let filter = tracing_subscriber::EnvFilter::new("mscommerce_client=debug,mscommerce=debug");
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(crate::out::colour_on_stderr())
        .with_writer(std::io::stderr)
        .with_target(false)
        .without_time()
        .try_init();
}
