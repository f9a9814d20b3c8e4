//! `admin tenant`: the built-in directory's tenants.

use clap::Subcommand;
use mscommerce_domain::{Clock, DomainName, SystemClock, TenantId};
use mscommerce_i18n::Localizer;
use mscommerce_store::TenantRecord;
use uuid::Uuid;

use super::{headers, refused};
use crate::out::outln;
use crate::render::table;
use crate::server::store::{StoreArgs, open_store};
use crate::text::t;

#[derive(Debug, Subcommand)]
pub(crate) enum TenantCommand {
    /// Add a tenant.
    Add {
        #[command(flatten)]
        store: StoreArgs,
        /// Its domain name, e.g. contoso.com.
        #[arg(long)]
        domain: String,
        /// Display name [default: the domain].
        #[arg(long)]
        name: Option<String>,
        /// Tenant id (a GUID) [default: a new one]; use the Entra ID tenant id to mirror a tenant.
        #[arg(long)]
        id: Option<Uuid>,
    },
    /// List tenants.
    List {
        #[command(flatten)]
        store: StoreArgs,
    },
}

pub(crate) async fn run(cmd: TenantCommand, l: &Localizer) -> anyhow::Result<()> {
    match cmd {
        TenantCommand::Add {
            store,
            domain,
            name,
            id,
        } => add(&store, &domain, name, id, l).await,
        TenantCommand::List { store } => list(&store, l).await,
    }
}

async fn add(
    store: &StoreArgs,
    domain: &str,
    name: Option<String>,
    id: Option<Uuid>,
    l: &Localizer,
) -> anyhow::Result<()> {
    let (_, store) = open_store(store, l).await?;
    let domain: DomainName = domain.parse()?;
    let id = TenantId::new(id.unwrap_or_else(Uuid::new_v4));
    store
        .create_tenant(&TenantRecord {
            id,
            domain: Some(domain.clone()),
            display_name: name.unwrap_or_else(|| domain.to_string()),
            created_at: SystemClock.now(),
        })
        .await
        .map_err(|e| {
            refused(
                l,
                "admin-cannot-add-tenant",
                &[("domain", domain.to_string())],
                e,
            )
        })?;
    outln!(
        "{}",
        t(
            l,
            "admin-tenant-added",
            &[("domain", domain.to_string()), ("id", id.to_string())]
        )
    );
    Ok(())
}

async fn list(store: &StoreArgs, l: &Localizer) -> anyhow::Result<()> {
    let (_, store) = open_store(store, l).await?;
    let rows = store
        .list_tenants()
        .await?
        .into_iter()
        .map(|t| {
            let domain = t.domain.map_or_else(|| "-".into(), |d| d.to_string());
            vec![t.id.to_string(), domain, t.display_name]
        })
        .collect();
    outln!(
        "{}",
        table(headers(l, &["tenant-id", "domain", "name"]), rows)
    );
    Ok(())
}
