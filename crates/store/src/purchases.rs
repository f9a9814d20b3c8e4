//! What storefronts record: purchases, trials, conversions and cancellations, each checked
//! against the tenant's policy under the tenant's write lock (the same lock a policy change
//! takes), so a record never contradicts the policy it was made under. Written once for both
//! databases.

use async_trait::async_trait;
use mscommerce_domain::purchase::{self, DecisionReason, PurchaseEvent};
use mscommerce_domain::{PolicyId, PolicyValue, ProductId, PurchaseGrant, ReadGrant, TenantId};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::common::{self, truncate_micros as us};
use crate::sql::{Builder, Conn, Row, params};
use crate::{Result, StoreError};

/// What a storefront asks to record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewPurchase {
    /// UUIDv7, made by the caller.
    pub id: Uuid,
    pub at: OffsetDateTime,
    pub user_id: Uuid,
    pub user_upn: Option<String>,
    /// Current or legacy id.
    pub product: ProductId,
    pub event: PurchaseEvent,
    pub quantity: u32,
    pub has_payment_method: bool,
}

/// A recorded event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PurchaseRecord {
    pub id: Uuid,
    pub at: OffsetDateTime,
    pub tenant: TenantId,
    pub user_id: Uuid,
    pub user_upn: Option<String>,
    /// The current id, whatever the storefront sent.
    pub product_id: ProductId,
    pub product_name: String,
    pub event: PurchaseEvent,
    pub quantity: u32,
    pub has_payment_method: bool,
    /// The storefront application's id.
    pub recorded_by: String,
    pub policy_value: PolicyValue,
}

/// A read of the records, newest first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PurchaseQuery {
    /// This product (a legacy id finds its current product's records).
    pub product: Option<ProductId>,
    /// A user's object id or, case-insensitive, sign-in name.
    pub user: Option<String>,
    pub event: Option<PurchaseEvent>,
    /// At or after.
    pub since: Option<OffsetDateTime>,
    /// Strictly before.
    pub until: Option<OffsetDateTime>,
    /// Records older than this one (the paging cursor).
    pub before: Option<Uuid>,
    pub limit: u32,
}

/// Why a record was refused: the policy denies it now.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the policy ({value}) denies this: {}", reason.as_str())]
pub struct PurchaseDenied {
    pub product: ProductId,
    pub value: PolicyValue,
    pub reason: DecisionReason,
}

#[async_trait]
pub trait PurchaseStore: Send + Sync {
    /// Records `purchase` for the grant's tenant if the tenant's policy allows it now
    /// (`StoreError::PurchaseDenied` otherwise, nothing written); `NotFound` for an unknown
    /// product. Answers the record as stored.
    async fn record_purchase(
        &self,
        grant: &PurchaseGrant,
        policy: PolicyId,
        purchase: &NewPurchase,
    ) -> Result<PurchaseRecord>;

    /// The tenant's records, newest first.
    async fn purchases(
        &self,
        grant: &ReadGrant,
        query: &PurchaseQuery,
    ) -> Result<Vec<PurchaseRecord>>;
}

pub(crate) async fn record(
    c: &mut impl Conn,
    tenant: TenantId,
    recorded_by: &str,
    policy: PolicyId,
    new: &NewPurchase,
) -> Result<PurchaseRecord> {
    crate::policies::lock_tenant(c, tenant, new.at).await?;
    let product = crate::policies::product(c, tenant, policy, &new.product)
        .await?
        .ok_or(StoreError::NotFound)?;
    let facts = purchase::Product {
        value: product.value,
        trial_without_payment_method: product.trial_without_payment_method,
        retired: product.retired,
    };
    purchase::may_record(facts, new.event, new.has_payment_method).map_err(|reason| {
        StoreError::PurchaseDenied(PurchaseDenied {
            product: product.product_id.clone(),
            value: product.value,
            reason,
        })
    })?;
    let record = PurchaseRecord {
        id: new.id,
        at: us(new.at)?,
        tenant,
        user_id: new.user_id,
        user_upn: new.user_upn.clone(),
        product_id: product.product_id,
        product_name: product.product_name,
        event: new.event,
        quantity: new.quantity,
        has_payment_method: new.has_payment_method,
        recorded_by: recorded_by.to_owned(),
        policy_value: product.value,
    };
    c.execute(
        "INSERT INTO self_service_purchases (id, tenant, at, user_id, user_upn, product_id, \
             product_name, kind, quantity, has_payment_method, recorded_by, policy_value) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
        params![
            record.id,
            record.tenant,
            record.at,
            record.user_id,
            record.user_upn.clone(),
            record.product_id.as_str(),
            record.product_name.as_str(),
            record.event.as_str(),
            i64::from(record.quantity),
            record.has_payment_method,
            record.recorded_by.as_str(),
            record.policy_value.as_str()
        ],
    )
    .await?;
    let event = match record.event {
        PurchaseEvent::TrialStarted => Some(crate::webhooks::TRIAL_STARTED),
        PurchaseEvent::PurchaseMade | PurchaseEvent::TrialConverted => {
            Some(crate::webhooks::PURCHASE_MADE)
        }
        PurchaseEvent::SubscriptionCancelled => None,
    };
    if let Some(event) = event {
        let data = || {
            serde_json::json!({
                "id": record.id.to_string(),
                "tenantId": tenant.to_string(),
                "userId": record.user_id.to_string(),
                "userPrincipalName": record.user_upn,
                "productId": record.product_id.as_str(),
                "productName": record.product_name,
                "kind": record.event.as_str(),
                "quantity": record.quantity,
                "recordedBy": record.recorded_by,
            })
        };
        crate::webhooks::enqueue(c, tenant, event, data, record.at).await?;
    }
    Ok(record)
}

pub(crate) async fn list(
    c: &mut impl Conn,
    tenant: TenantId,
    query: &PurchaseQuery,
) -> Result<Vec<PurchaseRecord>> {
    let mut q = Builder::new("SELECT * FROM self_service_purchases WHERE tenant = ");
    q.bind(tenant);
    if let Some(product) = &query.product {
        let id = product.as_str();
        q.push(" AND product_id IN (SELECT ")
            .bind(id)
            .push(" UNION SELECT product_id FROM legacy_product_ids WHERE legacy_id = ")
            .bind(id)
            .push(")");
    }
    if let Some(user) = &query.user {
        match Uuid::parse_str(user) {
            Ok(oid) => q.push(" AND user_id = ").bind(oid),
            Err(_) => q.push(" AND lower(user_upn) = ").bind(user.to_lowercase()),
        };
    }
    if let Some(event) = query.event {
        q.push(" AND kind = ").bind(event.as_str());
    }
    if let Some(since) = query.since {
        q.push(" AND at >= ").bind(us(since)?);
    }
    if let Some(until) = query.until {
        q.push(" AND at < ").bind(us(until)?);
    }
    if let Some(before) = query.before {
        q.push(" AND id < ").bind(before);
    }
    q.push(" ORDER BY id DESC LIMIT ")
        .bind(i64::from(query.limit));
    let (sql, params) = q.build();
    c.query(sql, params).await?.iter().map(row).collect()
}

fn row(r: &Row) -> Result<PurchaseRecord> {
    let kind = r.text("kind")?;
    Ok(PurchaseRecord {
        id: r.uuid("id")?,
        at: r.time("at")?,
        tenant: r.tenant("tenant")?,
        user_id: r.uuid("user_id")?,
        user_upn: r.opt_text("user_upn")?,
        product_id: common::parse_product(&r.text("product_id")?)?,
        product_name: r.text("product_name")?,
        event: PurchaseEvent::parse(&kind)
            .ok_or_else(|| StoreError::Internal(format!("unknown purchase kind '{kind}'")))?,
        quantity: u32::try_from(r.i64("quantity")?)
            .map_err(|e| StoreError::Internal(format!("quantity: {e}")))?,
        has_payment_method: r.bool("has_payment_method")?,
        recorded_by: r.text("recorded_by")?,
        policy_value: common::parse_value(&r.text("policy_value")?)?,
    })
}
