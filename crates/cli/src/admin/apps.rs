//! `admin app`: apps of the built-in directory (client credentials: a secret or a certificate)
//! and their app permissions.

use std::path::{Path, PathBuf};

use anyhow::{Context, anyhow};
use clap::{Args, Subcommand};
use mscommerce_domain::{Clock, SystemClock};
use mscommerce_i18n::Localizer;
use mscommerce_proto::roles;
use mscommerce_store::AppRecord;
use uuid::Uuid;

use super::{
    Hidden, generate_secret, hash, headers, read_secret_line, refused, strong_enough,
    tenant_filter, tenant_of,
};
use crate::out::outln;
use crate::render::table;
use crate::server::store::{StoreArgs, open_store};
use crate::text::t;

#[derive(Debug, Subcommand)]
pub(crate) enum AppCommand {
    /// Add an app; it gets a generated secret (printed once) unless --certificate is given.
    Add(NewApp),
    /// Give an app a new generated secret (printed once).
    ResetSecret {
        #[command(flatten)]
        store: StoreArgs,
        #[arg(long)]
        tenant: String,
        #[arg(long)]
        client_id: String,
    },
    /// List apps.
    List {
        #[command(flatten)]
        store: StoreArgs,
        #[arg(long)]
        tenant: Option<String>,
    },
}

pub(crate) async fn run(cmd: AppCommand, l: &Localizer) -> anyhow::Result<()> {
    match cmd {
        AppCommand::Add(new) => add(new, l).await,
        AppCommand::ResetSecret {
            store,
            tenant,
            client_id,
        } => reset_secret(&store, &tenant, client_id, l).await,
        AppCommand::List { store, tenant } => list(&store, tenant.as_deref(), l).await,
    }
}

// `admin app add`'s arguments (a plain comment: a doc comment would become its help).
#[derive(Debug, Args)]
pub(crate) struct NewApp {
    #[command(flatten)]
    store: StoreArgs,
    /// Tenant domain or id.
    #[arg(long)]
    tenant: String,
    /// Display name.
    #[arg(long)]
    name: String,
    /// Client id [default: a new GUID].
    #[arg(long)]
    client_id: Option<String>,
    /// App permission, repeatable: Policy.Read.AllowSelfServicePurchase,
    /// Policy.ReadWrite.AllowSelfServicePurchase or SelfServicePurchase.Evaluate.All (or their
    /// app role ids).
    #[arg(long = "permission", value_name = "PERMISSION")]
    permissions: Vec<String>,
    /// A storefront: grants SelfServicePurchase.Evaluate.All, purchase decisions for every
    /// tenant (and nothing of its own tenant's policies).
    #[arg(long)]
    storefront: bool,
    /// PEM certificate (or public key) whose signed client assertions the app may use.
    #[arg(long, value_name = "PEM")]
    certificate: Option<PathBuf>,
    /// Where the authorization code flow may send the app's users back, repeatable: a web
    /// application that signs users in here (https, or http on localhost).
    #[arg(long = "redirect-uri", value_name = "URI")]
    redirect_uris: Vec<String>,
    /// Read the secret from stdin instead of generating one.
    #[arg(long)]
    secret_stdin: bool,
    /// Accept a secret from stdin that the password policy refuses.
    #[arg(long, requires = "secret_stdin")]
    allow_weak: bool,
}

fn parse_permissions(permissions: &[String], l: &Localizer) -> anyhow::Result<Vec<String>> {
    permissions
        .iter()
        .map(|p| {
            roles::parse_app_permission(p)
                .map(str::to_owned)
                .ok_or_else(|| {
                    anyhow!(t(
                        l,
                        "admin-not-a-permission",
                        &[
                            ("permission", p.clone()),
                            ("read", roles::POLICY_READ.to_owned()),
                            ("readWrite", roles::POLICY_READ_WRITE.to_owned()),
                            ("evaluate", roles::EVALUATE.to_owned()),
                        ]
                    ))
                })
        })
        .collect()
}

fn read_certificate(path: &Path, l: &Localizer) -> anyhow::Result<String> {
    std::fs::read_to_string(path).with_context(|| {
        t(
            l,
            "admin-cannot-read-file",
            &[("path", path.display().to_string())],
        )
    })
}

async fn add(new: NewApp, l: &Localizer) -> anyhow::Result<()> {
    let (_, store) = open_store(&new.store, l).await?;
    let tenant = tenant_of(store.as_ref(), &new.tenant, l).await?;
    let mut permissions = parse_permissions(&new.permissions, l)?;
    if new.storefront && !permissions.iter().any(|p| p == roles::EVALUATE) {
        permissions.push(roles::EVALUATE.to_owned());
    }
    if let Some(bad) = new
        .redirect_uris
        .iter()
        .find(|u| !mscommerce_identity::registrable_redirect_uri(u))
    {
        return Err(anyhow!(t(
            l,
            "admin-not-a-redirect-uri",
            &[("uri", bad.clone())]
        )));
    }
    let certificate_pem = new
        .certificate
        .as_deref()
        .map(|p| read_certificate(p, l))
        .transpose()?;
    // An app signs in with a secret or a certificate: a generated secret only when it has
    // neither.
    let secret = if new.secret_stdin {
        let s = read_secret_line(Hidden::Secret, l)?;
        strong_enough(&s, new.allow_weak, l)?;
        Some(s)
    } else if certificate_pem.is_none() {
        Some(generate_secret(l)?)
    } else {
        None
    };
    let client_id = new.client_id.unwrap_or_else(|| Uuid::new_v4().to_string());
    store
        .create_app(&AppRecord {
            tenant: tenant.id,
            client_id: client_id.clone(),
            oid: Uuid::new_v4(),
            display_name: new.name,
            secret_hash: secret.as_deref().map(|s| hash(s, l)).transpose()?,
            certificate_pem,
            permissions,
            redirect_uris: new.redirect_uris,
            created_at: SystemClock.now(),
        })
        .await
        .map_err(|e| {
            refused(
                l,
                "admin-cannot-add-app",
                &[("client", client_id.clone())],
                e,
            )
        })?;
    outln!(
        "{}",
        t(
            l,
            "admin-app-added",
            &[
                ("client", client_id.clone()),
                ("tenant", tenant.id.to_string())
            ]
        )
    );
    if let (Some(s), false) = (&secret, new.secret_stdin) {
        outln!("{}", t(l, "admin-secret-once", &[("secret", s.clone())]));
    }
    Ok(())
}

async fn reset_secret(
    store: &StoreArgs,
    tenant: &str,
    client_id: String,
    l: &Localizer,
) -> anyhow::Result<()> {
    let (_, store) = open_store(store, l).await?;
    let tenant = tenant_of(store.as_ref(), tenant, l).await?;
    let secret = generate_secret(l)?;
    store
        .set_app_secret(tenant.id, &client_id, &hash(&secret, l)?)
        .await
        .map_err(|e| {
            refused(
                l,
                "admin-cannot-reset-secret",
                &[("client", client_id.clone())],
                e,
            )
        })?;
    outln!(
        "{}",
        t(
            l,
            "admin-secret-reset",
            &[("client", client_id), ("secret", secret)]
        )
    );
    Ok(())
}

async fn list(store: &StoreArgs, tenant: Option<&str>, l: &Localizer) -> anyhow::Result<()> {
    let (_, store) = open_store(store, l).await?;
    let tenant = tenant_filter(store.as_ref(), tenant, l).await?;
    let rows = store
        .list_apps(tenant)
        .await?
        .into_iter()
        .map(|a| {
            vec![
                a.client_id,
                a.display_name,
                a.permissions.join(", "),
                a.redirect_uris.join(" "),
            ]
        })
        .collect();
    outln!(
        "{}",
        table(
            headers(l, &["client-id", "name", "permissions", "redirect-uris"]),
            rows
        )
    );
    Ok(())
}
