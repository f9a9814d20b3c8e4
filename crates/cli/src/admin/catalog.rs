//! `admin catalog`: the product catalog all tenants share (the store's catalog API).

use anyhow::anyhow;
use clap::Subcommand;
use mscommerce_domain::{CatalogProduct, ProductId};
use mscommerce_i18n::Localizer;
use mscommerce_store::StoreError;
use unicode_width::UnicodeWidthStr;

use crate::out::outln;
use crate::server::store::{StoreArgs, open_store};
use crate::text::t;

#[derive(Debug, Subcommand)]
pub(crate) enum CatalogCommand {
    /// Add a product; every tenant gets it at its own default for new products.
    Add {
        #[command(flatten)]
        store: StoreArgs,
        /// Its product id, e.g. CFQ7TTC0ABCD (1 to 64 letters, digits, '-' or '_').
        #[arg(long)]
        product_id: String,
        /// Its name as lists show it.
        #[arg(long)]
        name: String,
        /// It offers a trial without a payment method (so OnlyTrialsWithoutPaymentMethod applies).
        #[arg(long)]
        trial_without_payment_method: bool,
        /// An older id that should act on this product, repeatable.
        #[arg(long = "legacy-id", value_name = "ID")]
        legacy_ids: Vec<String>,
    },
    /// Rename a product, in every tenant.
    Rename {
        #[command(flatten)]
        store: StoreArgs,
        #[arg(long)]
        product_id: String,
        #[arg(long)]
        name: String,
    },
    /// Retire a product: left out of lists, its policy frozen; reading it by id still works.
    Retire {
        #[command(flatten)]
        store: StoreArgs,
        #[arg(long)]
        product_id: String,
    },
    /// Make requests naming an old id (or a retired product's id) act on a current product.
    MapLegacy {
        #[command(flatten)]
        store: StoreArgs,
        #[arg(long)]
        legacy_id: String,
        #[arg(long)]
        product_id: String,
    },
    /// List every product, retired ones included.
    List {
        #[command(flatten)]
        store: StoreArgs,
    },
}

pub(crate) async fn run(cmd: CatalogCommand, l: &Localizer) -> anyhow::Result<()> {
    match cmd {
        CatalogCommand::Add {
            store,
            product_id: id,
            name,
            trial_without_payment_method,
            legacy_ids,
        } => {
            let product = CatalogProduct {
                id: product_id(&id)?,
                name: product_name(&name, l)?,
                legacy_ids: legacy_ids
                    .iter()
                    .map(|legacy| product_id(legacy))
                    .collect::<anyhow::Result<_>>()?,
                trial_without_payment_method,
            };
            add(&store, &product, l).await
        }
        CatalogCommand::Rename {
            store,
            product_id: id,
            name,
        } => rename(&store, &product_id(&id)?, &product_name(&name, l)?, l).await,
        CatalogCommand::Retire {
            store,
            product_id: id,
        } => retire(&store, &product_id(&id)?, l).await,
        CatalogCommand::MapLegacy {
            store,
            legacy_id,
            product_id: id,
        } => map_legacy(&store, &product_id(&legacy_id)?, &product_id(&id)?, l).await,
        CatalogCommand::List { store } => list(&store, l).await,
    }
}

fn product_id(s: &str) -> anyhow::Result<ProductId> {
    Ok(s.parse()?)
}

fn product_name(s: &str, l: &Localizer) -> anyhow::Result<String> {
    let name = s.trim();
    if name.is_empty() || name.chars().count() > 256 || name.chars().any(char::is_control) {
        return Err(anyhow!(l.t("admin-catalog-bad-name")));
    }
    Ok(name.to_owned())
}

/// What a catalog change answers when the store refuses it: message `id` with `pairs` and the
/// reason (an unknown product is said in the user's language; a conflict in the store's words).
fn refused(l: &Localizer, id: &str, pairs: &[(&str, String)], e: StoreError) -> anyhow::Error {
    let reason = match e {
        StoreError::NotFound => l.t("admin-catalog-no-such-product"),
        StoreError::Conflict(why) => why,
        other => other.to_string(),
    };
    super::refused(l, id, pairs, reason)
}

async fn add(store: &StoreArgs, product: &CatalogProduct, l: &Localizer) -> anyhow::Result<()> {
    let (_, store) = open_store(store, l).await?;
    let named = [("product", product.id.to_string())];
    store
        .catalog_add(product)
        .await
        .map_err(|e| refused(l, "admin-catalog-cannot-add", &named, e))?;
    outln!(
        "{}",
        t(
            l,
            "admin-catalog-added",
            &[
                ("product", product.id.to_string()),
                ("name", product.name.clone())
            ]
        )
    );
    Ok(())
}

async fn rename(
    store: &StoreArgs,
    id: &ProductId,
    name: &str,
    l: &Localizer,
) -> anyhow::Result<()> {
    let (_, store) = open_store(store, l).await?;
    let named = [("product", id.to_string())];
    store
        .catalog_rename(id, name)
        .await
        .map_err(|e| refused(l, "admin-catalog-cannot-rename", &named, e))?;
    outln!(
        "{}",
        t(
            l,
            "admin-catalog-renamed",
            &[("product", id.to_string()), ("name", name.to_owned())]
        )
    );
    Ok(())
}

async fn retire(store: &StoreArgs, id: &ProductId, l: &Localizer) -> anyhow::Result<()> {
    let (_, store) = open_store(store, l).await?;
    let named = [("product", id.to_string())];
    let changed = store
        .catalog_retire(id)
        .await
        .map_err(|e| refused(l, "admin-catalog-cannot-retire", &named, e))?;
    let message = if changed {
        "admin-catalog-retired"
    } else {
        "admin-catalog-retired-already"
    };
    outln!("{}", t(l, message, &named));
    Ok(())
}

async fn map_legacy(
    store: &StoreArgs,
    legacy: &ProductId,
    id: &ProductId,
    l: &Localizer,
) -> anyhow::Result<()> {
    let (_, store) = open_store(store, l).await?;
    let named = [("legacy", legacy.to_string()), ("product", id.to_string())];
    store
        .catalog_map_legacy(legacy, id)
        .await
        .map_err(|e| refused(l, "admin-catalog-cannot-map", &named, e))?;
    outln!("{}", t(l, "admin-catalog-mapped", &named));
    Ok(())
}

/// Fixed-width columns, the headings in the user's language: scripts cut this list by column.
/// A heading wider than its column (a translation) widens the column rather than shift the rows.
async fn list(store: &StoreArgs, l: &Localizer) -> anyhow::Result<()> {
    let (_, store) = open_store(store, l).await?;
    let headings: Vec<String> = ["product-id", "trial", "retired", "name", "legacy-ids"]
        .iter()
        .map(|id| l.t(&format!("admin-catalog-column-{id}")))
        .collect();
    let widths: Vec<usize> = [16, 5, 7, 40]
        .iter()
        .zip(&headings)
        .map(|(w, h)| (*w).max(h.width()))
        .collect();
    let line = |cells: [&str; 5]| {
        let mut line = String::new();
        for (cell, width) in cells.iter().zip(&widths) {
            line.push_str(cell);
            line.push_str(&" ".repeat(width.saturating_sub(cell.width()) + 2));
        }
        line.push_str(cells[4]);
        line.push('\n');
        line
    };
    let mut out = line([
        &headings[0],
        &headings[1],
        &headings[2],
        &headings[3],
        &headings[4],
    ]);
    let (yes, no) = (l.t("admin-yes"), l.t("admin-no"));
    let yes_no = |b: bool| if b { yes.as_str() } else { no.as_str() };
    for r in store.catalog_products().await? {
        let legacy: Vec<&str> = r.product.legacy_ids.iter().map(ProductId::as_str).collect();
        out.push_str(&line([
            r.product.id.as_str(),
            yes_no(r.product.trial_without_payment_method),
            yes_no(r.retired),
            &r.product.name,
            &legacy.join(" "),
        ]));
    }
    print_all(&out, l)
}

/// Writes `text` to stdout; a reader that went away (`| head`) is not an error.
fn print_all(text: &str, l: &Localizer) -> anyhow::Result<()> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(anyhow!(t(
            l,
            "admin-cannot-write",
            &[("reason", e.to_string())]
        ))),
        _ => Ok(()),
    }
}
