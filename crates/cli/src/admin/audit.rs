//! `admin audit verify`: every tenant's audit journal checked link by link (the store's
//! `ChainCheck`), so an operator learns when the journal was changed outside the service.

use std::process::ExitCode;

use clap::Subcommand;
use mscommerce_domain::TenantId;
use mscommerce_i18n::Localizer;
use mscommerce_store::{ChainCheck, Store, StoreError, TenantRecord};

use super::tenant_of;
use crate::out::outln;
use crate::server::store::{StoreArgs, open_store};
use crate::text::{t, t_count};

#[derive(Debug, Subcommand)]
pub(crate) enum AuditCommand {
    /// Check every tenant's hash chain (or one tenant's) and report the first broken link of
    /// each; exits 1 when a chain is broken. Prints each chain's head hash: keep it elsewhere to
    /// detect later a journal rewritten from the start or cut at the end.
    Verify {
        #[command(flatten)]
        store: StoreArgs,
        /// Tenant domain or id [default: every tenant].
        #[arg(long)]
        tenant: Option<String>,
        /// A head hash printed by an earlier verify of this tenant and kept elsewhere: it must
        /// still be in the chain (entries added since are fine), or the journal was cut back or
        /// rewritten since; exits 1 then.
        #[arg(long, value_name = "HASH", requires = "tenant")]
        expect_head: Option<String>,
    },
}

pub(crate) async fn run(cmd: AuditCommand, l: &Localizer) -> anyhow::Result<ExitCode> {
    match cmd {
        AuditCommand::Verify {
            store,
            tenant,
            expect_head,
        } => verify(&store, tenant.as_deref(), expect_head.as_deref(), l).await,
    }
}

/// Entries read per query while verifying a chain.
const VERIFY_PAGE: u32 = 1000;

async fn verify(
    store: &StoreArgs,
    tenant: Option<&str>,
    expect_head: Option<&str>,
    l: &Localizer,
) -> anyhow::Result<ExitCode> {
    // A SHA-256 in hex, as verify prints it.
    let expect_head = expect_head
        .map(|h| {
            let h = h.trim().to_ascii_lowercase();
            if h.len() == 64 && h.bytes().all(|b| b.is_ascii_hexdigit()) {
                Ok(h)
            } else {
                Err(anyhow::anyhow!(t(
                    l,
                    "admin-audit-not-a-hash",
                    &[("value", h)]
                )))
            }
        })
        .transpose()?;
    let (_, store) = open_store(store, l).await?;
    let tenants = match tenant {
        Some(t) => vec![tenant_of(store.as_ref(), t, l).await?],
        None => store.list_tenants().await?,
    };
    let mut broken = 0;
    for tenant in &tenants {
        let name = tenant_name(tenant);
        match verify_tenant(store.as_ref(), tenant.id, expect_head.as_deref(), l).await? {
            Ok(chain) => {
                outln!(
                    "{}",
                    t_count(
                        l,
                        "admin-audit-intact",
                        chain.count,
                        &[("tenant", name.clone()), ("head", chain.head)]
                    )
                );
                if let Some(kept) = &expect_head {
                    match chain.kept_at {
                        Some(seq) => {
                            let since = i64::try_from(chain.count).unwrap_or(seq) - seq;
                            outln!(
                                "{}",
                                t_count(
                                    l,
                                    "admin-audit-head-found",
                                    usize::try_from(since).unwrap_or_default(),
                                    &[("head", kept.clone()), ("entry", seq.to_string())]
                                )
                            );
                        }
                        None => {
                            broken += 1;
                            outln!(
                                "{}",
                                t(
                                    l,
                                    "admin-audit-broken",
                                    &[
                                        ("tenant", name),
                                        (
                                            "report",
                                            t(
                                                l,
                                                "admin-audit-head-missing",
                                                &[("head", kept.clone())]
                                            )
                                        )
                                    ]
                                )
                            );
                        }
                    }
                }
            }
            Err(report) => {
                broken += 1;
                outln!(
                    "{}",
                    t(
                        l,
                        "admin-audit-broken",
                        &[("tenant", name), ("report", report)]
                    )
                );
            }
        }
    }
    if broken > 0 {
        let summary = t_count(
            l,
            "admin-audit-broken-summary",
            tenants.len(),
            &[("broken", broken.to_string())],
        );
        eprintln!("{}", t(l, "error-line", &[("message", summary)]));
        return Ok(ExitCode::FAILURE);
    }
    outln!(
        "{}",
        t_count(l, "admin-audit-all-intact", tenants.len(), &[])
    );
    Ok(ExitCode::SUCCESS)
}

/// The tenant's id, and its domain in parentheses when it has one.
fn tenant_name(tenant: &TenantRecord) -> String {
    match &tenant.domain {
        Some(d) => format!("{} ({d})", tenant.id),
        None => tenant.id.to_string(),
    }
}

/// An intact chain.
struct Chain {
    count: usize,
    head: String,
    /// The entry whose hash is the expected head, when one was given and is in the chain.
    kept_at: Option<i64>,
}

/// Verifies one tenant's chain: `Ok(Ok(chain))` when intact, `Ok(Err(report))` at the first
/// broken link (or an entry that cannot even be read back).
async fn verify_tenant(
    store: &dyn Store,
    tenant: TenantId,
    expect_head: Option<&str>,
    l: &Localizer,
) -> anyhow::Result<Result<Chain, String>> {
    let mut check = ChainCheck::new();
    let mut kept_at = None;
    let mut after = 0;
    loop {
        let page = match store.journal_after(tenant, after, VERIFY_PAGE).await {
            Ok(p) => p,
            Err(StoreError::Internal(why)) => {
                return Ok(Err(t(
                    l,
                    "admin-audit-unreadable",
                    &[("after", after.to_string()), ("reason", why)],
                )));
            }
            Err(e) => return Err(e.into()),
        };
        let Some(last) = page.last() else {
            let count = usize::try_from(check.count()).unwrap_or_default();
            return Ok(Ok(Chain {
                count,
                head: check.head().to_owned(),
                kept_at,
            }));
        };
        after = last.seq;
        for r in &page {
            if let Err(broken) = check.push(r) {
                return Ok(Err(broken.to_string()));
            }
            if expect_head == Some(r.hash.as_str()) {
                kept_at = Some(r.seq);
            }
        }
    }
}
