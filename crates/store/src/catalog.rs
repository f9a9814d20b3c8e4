//! The catalog as the operator changes it, written once for both databases. Every change runs
//! under the catalog lock (exclusive), so a tenant materializing meanwhile (shared) either
//! copies the new product or gets its row here.

use std::collections::HashMap;

use mscommerce_domain::{Catalog, CatalogProduct, PolicyId, ProductId};

use crate::common::{self, start_value_sql};
use crate::sql::{Conn, params};
use crate::{CatalogRecord, ChangeNotice, Result, StoreError};

/// One new product's row in every tenant, each at its own default, in one statement.
const ADD_PRODUCT_ROWS: &str = concat!(
    "INSERT INTO product_policies (tenant, policy_id, product_id, value, version)
     SELECT tp.tenant, tp.policy_id, p.product_id, ",
    start_value_sql!(),
    ", 0 FROM tenant_policies tp JOIN products p ON p.product_id = $1
     ON CONFLICT DO NOTHING"
);

/// A product: `$1` id, `$2` name, `$3` whether it has a trial without a payment method.
macro_rules! insert_product {
    () => {
        "INSERT INTO products (product_id, name, trial_without_payment_method) VALUES ($1, $2, $3)"
    };
}
const INSERT_PRODUCT: &str = insert_product!();
/// The same for the start-up sync, which leaves existing products alone.
const SYNC_PRODUCT: &str = concat!(insert_product!(), " ON CONFLICT (product_id) DO NOTHING");

/// Makes sure every product and offer type of `catalog` exists (see `Store::sync_catalog`).
pub(crate) async fn sync(c: &mut impl Conn, catalog: &Catalog) -> Result<()> {
    c.lock_catalog(true).await?;
    let mut new_products = Vec::new();
    for p in &catalog.products {
        let inserted = c
            .execute(
                SYNC_PRODUCT,
                params![
                    p.id.as_str(),
                    p.name.as_str(),
                    p.trial_without_payment_method
                ],
            )
            .await?;
        if inserted == 1 {
            new_products.push(p.id.as_str());
        }
    }
    for p in &catalog.products {
        for legacy in &p.legacy_ids {
            c.execute(
                "INSERT INTO legacy_product_ids (legacy_id, product_id) VALUES ($1, $2) \
                 ON CONFLICT (legacy_id) DO NOTHING",
                params![legacy.as_str(), p.id.as_str()],
            )
            .await?;
        }
    }
    let mut new_offer_types = Vec::new();
    for o in &catalog.offer_types {
        let key = common::offer_type_key(&o.id);
        let inserted = c
            .execute(
                "INSERT INTO offer_types (offer_type_key, offer_type, description) \
                 VALUES ($1, $2, $3) ON CONFLICT (offer_type_key) DO NOTHING",
                params![key.as_str(), o.id.as_str(), o.description.as_str()],
            )
            .await?;
        if inserted == 1 {
            new_offer_types.push(key);
        }
    }
    let changed = !new_products.is_empty() || !new_offer_types.is_empty();
    // One statement per new product over every tenant at once, each at its own default.
    for id in new_products {
        c.execute(ADD_PRODUCT_ROWS, params![id]).await?;
    }
    for key in new_offer_types {
        for policy in PolicyId::ALL {
            c.execute(
                "INSERT INTO offer_type_policies \
                     (tenant, policy_id, offer_type_key, value, version) \
                 SELECT tenant, policy_id, $1, $2, 0 FROM tenant_policies WHERE policy_id = $3 \
                 ON CONFLICT DO NOTHING",
                params![
                    key.as_str(),
                    common::offer_type_default(policy).as_str(),
                    policy.as_str()
                ],
            )
            .await?;
        }
    }
    if changed {
        c.notify(ChangeNotice::Catalog).await?;
    }
    Ok(())
}

pub(crate) async fn products(c: &mut impl Conn) -> Result<Vec<CatalogRecord>> {
    let legacy = c
        .query(
            "SELECT legacy_id, product_id FROM legacy_product_ids ORDER BY legacy_id",
            vec![],
        )
        .await?;
    let mut by_product: HashMap<String, Vec<ProductId>> = HashMap::new();
    for r in &legacy {
        by_product
            .entry(r.text("product_id")?)
            .or_default()
            .push(common::parse_product(&r.text("legacy_id")?)?);
    }
    c.query(
        "SELECT product_id, name, trial_without_payment_method, retired FROM products \
         ORDER BY product_id",
        vec![],
    )
    .await?
    .iter()
    .map(|r| {
        let id = r.text("product_id")?;
        Ok(CatalogRecord {
            product: CatalogProduct {
                id: common::parse_product(&id)?,
                name: r.text("name")?,
                legacy_ids: by_product.remove(&id).unwrap_or_default(),
                trial_without_payment_method: r.bool("trial_without_payment_method")?,
            },
            retired: r.bool("retired")?,
        })
    })
    .collect()
}

/// `Some(retired)` for a product of the catalog, `None` for an unknown id.
async fn retired(c: &mut impl Conn, id: &str) -> Result<Option<bool>> {
    c.query_opt(
        "SELECT retired FROM products WHERE product_id = $1",
        params![id],
    )
    .await?
    .map(|r| r.bool("retired"))
    .transpose()
}

async fn legacy_target(c: &mut impl Conn, legacy: &str) -> Result<Option<String>> {
    c.query_opt(
        "SELECT product_id FROM legacy_product_ids WHERE legacy_id = $1",
        params![legacy],
    )
    .await?
    .map(|r| r.text("product_id"))
    .transpose()
}

pub(crate) async fn add(c: &mut impl Conn, product: &CatalogProduct) -> Result<()> {
    let id = product.id.as_str();
    let mut legacy: Vec<&str> = product.legacy_ids.iter().map(ProductId::as_str).collect();
    legacy.sort_unstable();
    legacy.dedup();
    c.lock_catalog(true).await?;
    if retired(c, id).await?.is_some() {
        return Err(StoreError::Conflict(format!(
            "a product with the id {id} exists already"
        )));
    }
    if let Some(of) = legacy_target(c, id).await? {
        return Err(StoreError::Conflict(format!(
            "{id} is a legacy id of {of} already"
        )));
    }
    for l in &legacy {
        let is_product = retired(c, l).await?;
        let mapped_to = legacy_target(c, l).await?;
        common::check_legacy_id(id, l, is_product, mapped_to)?;
    }
    c.execute(
        INSERT_PRODUCT,
        params![
            id,
            product.name.as_str(),
            product.trial_without_payment_method
        ],
    )
    .await?;
    for l in legacy {
        c.execute(
            "INSERT INTO legacy_product_ids (legacy_id, product_id) VALUES ($1, $2)",
            params![l, id],
        )
        .await?;
    }
    c.execute(ADD_PRODUCT_ROWS, params![id]).await?;
    c.notify(ChangeNotice::Catalog).await
}

pub(crate) async fn rename(c: &mut impl Conn, product: &ProductId, name: &str) -> Result<()> {
    let n = c
        .execute(
            "UPDATE products SET name = $1 WHERE product_id = $2",
            params![name, product.as_str()],
        )
        .await?;
    if n == 0 {
        return Err(StoreError::NotFound);
    }
    c.notify(ChangeNotice::Catalog).await
}

pub(crate) async fn retire(c: &mut impl Conn, product: &ProductId) -> Result<bool> {
    match retired(c, product.as_str()).await? {
        None => Err(StoreError::NotFound),
        Some(true) => Ok(false),
        Some(false) => {
            c.execute(
                "UPDATE products SET retired = $1 WHERE product_id = $2",
                params![true, product.as_str()],
            )
            .await?;
            c.notify(ChangeNotice::Catalog).await?;
            Ok(true)
        }
    }
}

pub(crate) async fn map_legacy(
    c: &mut impl Conn,
    legacy: &ProductId,
    product: &ProductId,
) -> Result<()> {
    match retired(c, product.as_str()).await? {
        None => return Err(StoreError::NotFound),
        Some(true) => {
            return Err(StoreError::Conflict(format!(
                "{product} is retired; map legacy ids to a current product"
            )));
        }
        Some(false) => {}
    }
    let is_product = retired(c, legacy.as_str()).await?;
    common::check_legacy_id(product.as_str(), legacy.as_str(), is_product, None)?;
    c.execute(
        "INSERT INTO legacy_product_ids (legacy_id, product_id) VALUES ($1, $2) \
         ON CONFLICT (legacy_id) DO UPDATE SET product_id = excluded.product_id",
        params![legacy.as_str(), product.as_str()],
    )
    .await?;
    c.notify(ChangeNotice::Catalog).await
}
