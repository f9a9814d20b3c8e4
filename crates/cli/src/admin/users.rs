//! `admin user`: the built-in directory's users, their passwords and directory roles.

use anyhow::anyhow;
use clap::{Args, Subcommand};
use mscommerce_domain::{Clock, SystemClock};
use mscommerce_i18n::Localizer;
use mscommerce_proto::roles;
use mscommerce_store::UserRecord;
use uuid::Uuid;

use super::{Hidden, hash, headers, refused, secret, tenant_filter, tenant_of};
use crate::out::outln;
use crate::render::table;
use crate::server::store::{StoreArgs, open_store};
use crate::text::t;

#[derive(Debug, Subcommand)]
pub(crate) enum UserCommand {
    /// Add a user; the password is read from stdin with --password-stdin, else generated and
    /// printed once.
    Add(NewUser),
    /// Set a new password (from stdin with --password-stdin, else generated and printed once).
    ResetPassword {
        #[command(flatten)]
        store: StoreArgs,
        #[arg(long)]
        upn: String,
        #[arg(long)]
        password_stdin: bool,
        /// Accept a password from stdin that the password policy refuses.
        #[arg(long, requires = "password_stdin")]
        allow_weak: bool,
    },
    /// Replace a user's directory roles.
    SetRoles {
        #[command(flatten)]
        store: StoreArgs,
        #[arg(long)]
        upn: String,
        #[arg(long = "role", value_name = "ROLE")]
        roles: Vec<String>,
    },
    /// List users.
    List {
        #[command(flatten)]
        store: StoreArgs,
        #[arg(long)]
        tenant: Option<String>,
    },
}

pub(crate) async fn run(cmd: UserCommand, l: &Localizer) -> anyhow::Result<()> {
    match cmd {
        UserCommand::Add(new) => add(new, l).await,
        UserCommand::ResetPassword {
            store,
            upn,
            password_stdin,
            allow_weak,
        } => reset_password(&store, upn, password_stdin, allow_weak, l).await,
        UserCommand::SetRoles { store, upn, roles } => set_roles(&store, upn, &roles, l).await,
        UserCommand::List { store, tenant } => list(&store, tenant.as_deref(), l).await,
    }
}

fn parse_roles(roles: &[String], l: &Localizer) -> anyhow::Result<Vec<String>> {
    roles
        .iter()
        .map(|r| {
            roles::parse_directory_role(r)
                .map(str::to_owned)
                .ok_or_else(|| anyhow!(t(l, "admin-not-a-role", &[("role", r.clone())])))
        })
        .collect()
}

// `admin user add`'s arguments (a plain comment: a doc comment would become its help).
#[derive(Debug, Args)]
pub(crate) struct NewUser {
    #[command(flatten)]
    store: StoreArgs,
    /// User principal name; its domain names the tenant unless --tenant is given.
    #[arg(long)]
    upn: String,
    #[arg(long)]
    name: Option<String>,
    /// Tenant domain or id [default: the UPN's domain].
    #[arg(long)]
    tenant: Option<String>,
    /// Directory role, repeatable: global-admin, billing-admin, global-reader (or a template id).
    #[arg(long = "role", value_name = "ROLE")]
    roles: Vec<String>,
    #[arg(long)]
    password_stdin: bool,
    /// Accept a password from stdin that the password policy refuses (at least 12 characters,
    /// not a common password).
    #[arg(long, requires = "password_stdin")]
    allow_weak: bool,
}

async fn add(new: NewUser, l: &Localizer) -> anyhow::Result<()> {
    let (_, store) = open_store(&new.store, l).await?;
    let upn = new.upn.to_ascii_lowercase();
    let domain = upn
        .split_once('@')
        .map(|(_, d)| d.to_owned())
        .ok_or_else(|| anyhow!(t(l, "admin-not-a-upn", &[("upn", upn.clone())])))?;
    let tenant = tenant_of(store.as_ref(), new.tenant.as_deref().unwrap_or(&domain), l).await?;
    let roles = parse_roles(&new.roles, l)?;
    let (password, generated) = secret(new.password_stdin, new.allow_weak, Hidden::Password, l)?;
    store
        .create_user(&UserRecord {
            tenant: tenant.id,
            oid: Uuid::new_v4(),
            upn: upn.clone(),
            display_name: new.name.unwrap_or_else(|| upn.clone()),
            password_hash: hash(&password, l)?,
            roles,
            enabled: true,
            created_at: SystemClock.now(),
        })
        .await
        .map_err(|e| refused(l, "admin-cannot-add-user", &[("upn", upn.clone())], e))?;
    outln!(
        "{}",
        t(
            l,
            "admin-user-added",
            &[("upn", upn.clone()), ("tenant", tenant.id.to_string())]
        )
    );
    if generated {
        outln!("{}", t(l, "admin-password-once", &[("password", password)]));
    }
    Ok(())
}

async fn reset_password(
    store: &StoreArgs,
    upn: String,
    password_stdin: bool,
    allow_weak: bool,
    l: &Localizer,
) -> anyhow::Result<()> {
    let (_, store) = open_store(store, l).await?;
    let (password, generated) = secret(password_stdin, allow_weak, Hidden::Password, l)?;
    store
        .set_user_password(&upn.to_ascii_lowercase(), &hash(&password, l)?)
        .await
        .map_err(|e| refused(l, "admin-cannot-reset-password", &[("upn", upn.clone())], e))?;
    outln!("{}", t(l, "admin-password-reset", &[("upn", upn)]));
    if generated {
        outln!("{}", t(l, "admin-password-once", &[("password", password)]));
    }
    Ok(())
}

async fn set_roles(
    store: &StoreArgs,
    upn: String,
    roles: &[String],
    l: &Localizer,
) -> anyhow::Result<()> {
    let (_, store) = open_store(store, l).await?;
    let roles = parse_roles(roles, l)?;
    store
        .set_user_roles(&upn.to_ascii_lowercase(), &roles)
        .await
        .map_err(|e| refused(l, "admin-cannot-set-roles", &[("upn", upn.clone())], e))?;
    outln!("{}", t(l, "admin-roles-set", &[("upn", upn)]));
    Ok(())
}

async fn list(store: &StoreArgs, tenant: Option<&str>, l: &Localizer) -> anyhow::Result<()> {
    let (_, store) = open_store(store, l).await?;
    let tenant = tenant_filter(store.as_ref(), tenant, l).await?;
    let rows = store
        .list_users(tenant)
        .await?
        .into_iter()
        .map(|u| {
            let names: Vec<&str> = u
                .roles
                .iter()
                .map(|r| roles::directory_role_name(r))
                .collect();
            vec![u.upn, u.oid.to_string(), names.join(", ")]
        })
        .collect();
    outln!(
        "{}",
        table(headers(l, &["upn", "object-id", "roles"]), rows)
    );
    Ok(())
}
