//! The operator's commands, one file per thing they manage. Each is a thin layer over the store's
//! and the identity crate's public API: parse the arguments, call the library, say what happened
//! in the user's language.

mod apps;
mod audit;
mod catalog;
mod keys;
mod tenants;
mod users;

use std::io::BufRead;
use std::process::ExitCode;

use anyhow::{Context, anyhow, bail};
use clap::Subcommand;
use mscommerce_i18n::Localizer;
use mscommerce_store::{Store, TenantRecord};

use crate::text::t;

#[derive(Debug, Subcommand)]
pub(crate) enum AdminCommand {
    /// Tenants of the built-in directory.
    #[command(subcommand)]
    Tenant(tenants::TenantCommand),
    /// Users of the built-in directory.
    #[command(subcommand)]
    User(users::UserCommand),
    /// Apps (client credentials) of the built-in directory.
    #[command(subcommand)]
    App(apps::AppCommand),
    /// The identity provider's signing keys.
    #[command(subcommand)]
    Keys(keys::KeysCommand),
    /// The product catalog all tenants share.
    #[command(subcommand)]
    Catalog(catalog::CatalogCommand),
    /// The tenants' audit journals.
    #[command(subcommand)]
    Audit(audit::AuditCommand),
}

/// Runs one admin command; only `audit verify` has an outcome besides success and failure.
pub(crate) async fn run(cmd: AdminCommand, l: &Localizer) -> anyhow::Result<ExitCode> {
    match cmd {
        AdminCommand::Tenant(cmd) => tenants::run(cmd, l).await?,
        AdminCommand::User(cmd) => users::run(cmd, l).await?,
        AdminCommand::App(cmd) => apps::run(cmd, l).await?,
        AdminCommand::Keys(cmd) => keys::run(cmd, l)?,
        AdminCommand::Catalog(cmd) => catalog::run(cmd, l).await?,
        AdminCommand::Audit(cmd) => return audit::run(cmd, l).await,
    }
    Ok(ExitCode::SUCCESS)
}

/// Column headings of the operator's lists, in the user's language.
fn headers(l: &Localizer, ids: &[&str]) -> Vec<String> {
    ids.iter()
        .map(|id| l.t(&format!("admin-column-{id}")))
        .collect()
}

/// A tenant by domain or id.
async fn tenant_of(store: &dyn Store, key: &str, l: &Localizer) -> anyhow::Result<TenantRecord> {
    store
        .find_tenant(key)
        .await?
        .ok_or_else(|| anyhow!(t(l, "admin-no-such-tenant", &[("tenant", key.to_owned())])))
}

/// `--tenant`, when given, as the tenant's id.
async fn tenant_filter(
    store: &dyn Store,
    key: Option<&str>,
    l: &Localizer,
) -> anyhow::Result<Option<mscommerce_domain::TenantId>> {
    match key {
        Some(k) => Ok(Some(tenant_of(store, k, l).await?.id)),
        None => Ok(None),
    }
}

/// What is read from stdin: a user's password or an app's secret (each has its own messages).
#[derive(Debug, Clone, Copy)]
enum Hidden {
    Password,
    Secret,
}

/// A password or secret from the first line of stdin (never from argv, where `ps` shows it).
fn read_secret_line(what: Hidden, l: &Localizer) -> anyhow::Result<String> {
    let (unreadable, empty) = match what {
        Hidden::Password => (
            "admin-stdin-password-unreadable",
            "admin-stdin-password-empty",
        ),
        Hidden::Secret => ("admin-stdin-secret-unreadable", "admin-stdin-secret-empty"),
    };
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .with_context(|| l.t(unreadable))?;
    let s = line.trim_end_matches(['\r', '\n']).to_owned();
    if s.is_empty() {
        bail!(l.t(empty));
    }
    Ok(s)
}

/// A password or secret from stdin with `from_stdin` (held to the password policy unless
/// `allow_weak`), else a generated one; `true` when generated (so it is shown once).
fn secret(
    from_stdin: bool,
    allow_weak: bool,
    what: Hidden,
    l: &Localizer,
) -> anyhow::Result<(String, bool)> {
    if from_stdin {
        let s = read_secret_line(what, l)?;
        strong_enough(&s, allow_weak, l)?;
        Ok((s, false))
    } else {
        Ok((generate_secret(l)?, true))
    }
}

/// Refuses a password or secret a guesser would try early (`password_policy`), unless the
/// operator named `--allow-weak`.
fn strong_enough(secret: &str, allow_weak: bool, l: &Localizer) -> anyhow::Result<()> {
    match mscommerce_identity::password_policy::check(secret) {
        Err(e) if !allow_weak => bail!(t(l, "admin-weak-secret", &[("reason", e.to_string())])),
        _ => Ok(()),
    }
}

/// 24 random bytes, base64url: ~143 bits, printable, no ambiguity when copied.
fn generate_secret(l: &Localizer) -> anyhow::Result<String> {
    use base64::Engine;
    let mut bytes = [0u8; 24];
    aws_lc_rs::rand::fill(&mut bytes).map_err(|_| anyhow!(l.t("admin-no-randomness")))?;
    Ok(base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes))
}

/// The stored form of a password or secret (the identity provider's hash).
fn hash(secret: &str, l: &Localizer) -> anyhow::Result<String> {
    mscommerce_identity::hash_secret(secret)
        .map_err(|e| anyhow!(t(l, "admin-cannot-hash", &[("reason", e.to_string())])))
}

/// A store's refusal as message `id` with `pairs` and the store's reason.
fn refused(
    l: &Localizer,
    id: &str,
    pairs: &[(&str, String)],
    e: impl std::fmt::Display,
) -> anyhow::Error {
    let mut pairs = pairs.to_vec();
    pairs.push(("reason", e.to_string()));
    anyhow!(t(l, id, &pairs))
}
