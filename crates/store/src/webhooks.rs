//! Webhooks and their outbox, written once for both databases. [`enqueue`] runs inside the
//! transaction of the event it announces; the delivery worker (in the server) asks
//! [`WebhookStore::due_deliveries`] for each endpoint's oldest pending delivery that is due and
//! not leased, claims it, sends it and records the outcome.

use async_trait::async_trait;
use mscommerce_domain::{ReadGrant, TenantId, WriteGrant};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::common::truncate_micros as us;
use crate::sql::{Conn, Row, params};
use crate::{Result, StoreError};

/// The events, as `type` names them.
pub const POLICY_CHANGED: &str = "policy.changed";
pub const TRIAL_STARTED: &str = "trial.started";
pub const PURCHASE_MADE: &str = "purchase.made";
pub const LICENSE_REQUEST_FILED: &str = "licenseRequest.filed";
pub const LICENSE_REQUEST_DECIDED: &str = "licenseRequest.decided";
pub const EVENTS: [&str; 5] = [
    POLICY_CHANGED,
    TRIAL_STARTED,
    PURCHASE_MADE,
    LICENSE_REQUEST_FILED,
    LICENSE_REQUEST_DECIDED,
];

/// The `data` of a policy change: what the journal entry says.
pub(crate) fn change_data(e: &mscommerce_domain::AuditEntry) -> serde_json::Value {
    serde_json::json!({
        "tenantId": e.tenant.to_string(),
        "policyId": e.policy.as_str(),
        "target": { "type": e.target.kind(), "id": e.target.id() },
        "oldValue": e.old_value.map(|v| v.as_str()),
        "newValue": e.new_value.map(|v| v.as_str()),
        "actor": {
            "type": e.actor.kind.as_str(),
            "userPrincipalName": e.actor.upn,
            "appId": e.actor.app_id,
        },
        "journalEntryId": e.id.to_string(),
    })
}

/// An endpoint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebhookRecord {
    pub id: Uuid,
    pub tenant: TenantId,
    pub url: String,
    /// Event types it receives.
    pub events: Vec<String>,
    /// `whsec_` + base64 of the signing key.
    pub secret: String,
    pub created_at: OffsetDateTime,
    /// Who registered it (UPN or app id).
    pub created_by: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeliveryStatus {
    Pending,
    Delivered,
    /// Not delivered within the retry period.
    Failed,
}

impl DeliveryStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            DeliveryStatus::Pending => "pending",
            DeliveryStatus::Delivered => "delivered",
            DeliveryStatus::Failed => "failed",
        }
    }
}

/// One delivery of one event to one endpoint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeliveryRecord {
    /// UUIDv7: deliveries of an endpoint go in this order. Also the `webhook-id`.
    pub id: Uuid,
    pub webhook_id: Uuid,
    pub tenant: TenantId,
    pub event: String,
    /// The JSON body sent.
    pub payload: String,
    pub created_at: OffsetDateTime,
    pub status: DeliveryStatus,
    pub attempts: i64,
    pub next_attempt_at: OffsetDateTime,
    /// The receiver's last HTTP status, if it answered.
    pub last_status: Option<i64>,
    pub last_error: Option<String>,
    pub delivered_at: Option<OffsetDateTime>,
}

/// A delivery the worker may send now, with where and how to sign it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DueDelivery {
    pub delivery: DeliveryRecord,
    pub url: String,
    pub secret: String,
}

/// What an attempt came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Attempt {
    Delivered {
        status: i64,
    },
    /// Try again at `next` (the worker has decided it is still within the retry period).
    Retry {
        status: Option<i64>,
        error: String,
        next: OffsetDateTime,
    },
    /// Give up: the retry period is over.
    GiveUp {
        status: Option<i64>,
        error: String,
    },
}

#[async_trait]
pub trait WebhookStore: Send + Sync {
    async fn create_webhook(&self, grant: &WriteGrant, webhook: &WebhookRecord) -> Result<()>;
    async fn webhooks(&self, grant: &ReadGrant) -> Result<Vec<WebhookRecord>>;
    /// `NotFound` for an endpoint the tenant does not have. Its pending deliveries go with it.
    async fn delete_webhook(&self, grant: &WriteGrant, id: Uuid) -> Result<()>;
    /// The endpoint's deliveries, newest first; `NotFound` for an endpoint the tenant lacks.
    async fn deliveries(
        &self,
        grant: &ReadGrant,
        webhook: Uuid,
        limit: u32,
    ) -> Result<Vec<DeliveryRecord>>;
    /// Sends a delivery again: pending from `now`, attempts from zero, behind nothing it was
    /// ahead of (a replay keeps its place by id). `NotFound` when the tenant lacks it.
    async fn replay_delivery(
        &self,
        grant: &WriteGrant,
        webhook: Uuid,
        delivery: Uuid,
        now: OffsetDateTime,
    ) -> Result<DeliveryRecord>;
    /// Each endpoint's oldest pending delivery, if it is due at `now` and not leased; at most
    /// `limit`.
    async fn due_deliveries(&self, now: OffsetDateTime, limit: u32) -> Result<Vec<DueDelivery>>;
    /// Leases a delivery until `until`: false when another worker holds it or it is no longer
    /// pending.
    async fn claim_delivery(
        &self,
        id: Uuid,
        now: OffsetDateTime,
        until: OffsetDateTime,
    ) -> Result<bool>;
    /// Records an attempt and releases the lease.
    async fn finish_delivery(&self, id: Uuid, at: OffsetDateTime, attempt: &Attempt) -> Result<()>;
}

fn webhook_row(r: &Row) -> Result<WebhookRecord> {
    Ok(WebhookRecord {
        id: r.uuid("id")?,
        tenant: r.tenant("tenant")?,
        url: r.text("url")?,
        events: r
            .text("events")?
            .split_whitespace()
            .map(str::to_owned)
            .collect(),
        secret: r.text("secret")?,
        created_at: r.time("created_at")?,
        created_by: r.text("created_by")?,
    })
}

fn delivery_row(r: &Row) -> Result<DeliveryRecord> {
    let status = match r.text("status")?.as_str() {
        "pending" => DeliveryStatus::Pending,
        "delivered" => DeliveryStatus::Delivered,
        "failed" => DeliveryStatus::Failed,
        other => return Err(StoreError::Internal(format!("delivery status '{other}'"))),
    };
    Ok(DeliveryRecord {
        id: r.uuid("id")?,
        webhook_id: r.uuid("webhook_id")?,
        tenant: r.tenant("tenant")?,
        event: r.text("event")?,
        payload: r.text("payload")?,
        created_at: r.time("created_at")?,
        status,
        attempts: r.i64("attempts")?,
        next_attempt_at: r.time("next_attempt_at")?,
        last_status: r.opt_i64("last_status")?,
        last_error: r.opt_text("last_error")?,
        delivered_at: r.opt_time("delivered_at")?,
    })
}

/// Queues `event` for every endpoint of `tenant` that takes it, in the caller's transaction.
/// `data` makes the body's `data`, called only when an endpoint takes the event: most tenants
/// have none, and every policy change comes through here.
pub(crate) async fn enqueue(
    c: &mut impl Conn,
    tenant: TenantId,
    event: &str,
    data: impl FnOnce() -> serde_json::Value + Send,
    at: OffsetDateTime,
) -> Result<()> {
    let hooks = c
        .query(
            "SELECT id, events FROM webhooks WHERE tenant = $1",
            params![tenant],
        )
        .await?;
    let at = us(at)?;
    let (mut data, mut body) = (Some(data), None);
    for h in hooks {
        if !h.text("events")?.split_whitespace().any(|e| e == event) {
            continue;
        }
        // Standard Webhooks: {"type", "timestamp", "data"}.
        let payload = body.get_or_insert_with(|| {
            serde_json::json!({
                "type": event,
                "timestamp": at.format(&time::format_description::well_known::Rfc3339).unwrap_or_default(),
                "data": data.take().map(|make| make()),
            })
            .to_string()
        });
        c.execute(
            "INSERT INTO webhook_deliveries (id, webhook_id, tenant, event, payload, created_at, \
                 status, attempts, next_attempt_at) \
             VALUES ($1, $2, $3, $4, $5, $6, 'pending', 0, $6)",
            params![
                Uuid::now_v7(),
                h.uuid("id")?,
                tenant,
                event,
                payload.as_str(),
                at
            ],
        )
        .await?;
    }
    Ok(())
}

pub(crate) async fn create(c: &mut impl Conn, w: &WebhookRecord) -> Result<()> {
    c.execute(
        "INSERT INTO webhooks (id, tenant, url, events, secret, created_at, created_by) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
        params![
            w.id,
            w.tenant,
            w.url.as_str(),
            w.events.join(" "),
            w.secret.as_str(),
            us(w.created_at)?,
            w.created_by.as_str()
        ],
    )
    .await?;
    Ok(())
}

pub(crate) async fn list(c: &mut impl Conn, tenant: TenantId) -> Result<Vec<WebhookRecord>> {
    c.query(
        "SELECT * FROM webhooks WHERE tenant = $1 ORDER BY created_at, id",
        params![tenant],
    )
    .await?
    .iter()
    .map(webhook_row)
    .collect()
}

async fn owned(c: &mut impl Conn, tenant: TenantId, id: Uuid) -> Result<()> {
    c.query_opt(
        "SELECT id FROM webhooks WHERE tenant = $1 AND id = $2",
        params![tenant, id],
    )
    .await?
    .map(|_| ())
    .ok_or(StoreError::NotFound)
}

pub(crate) async fn delete(c: &mut impl Conn, tenant: TenantId, id: Uuid) -> Result<()> {
    owned(c, tenant, id).await?;
    c.execute(
        "DELETE FROM webhook_deliveries WHERE webhook_id = $1",
        params![id],
    )
    .await?;
    c.execute("DELETE FROM webhooks WHERE id = $1", params![id])
        .await?;
    Ok(())
}

pub(crate) async fn deliveries(
    c: &mut impl Conn,
    tenant: TenantId,
    webhook: Uuid,
    limit: u32,
) -> Result<Vec<DeliveryRecord>> {
    owned(c, tenant, webhook).await?;
    c.query(
        "SELECT * FROM webhook_deliveries WHERE webhook_id = $1 ORDER BY id DESC LIMIT $2",
        params![webhook, i64::from(limit)],
    )
    .await?
    .iter()
    .map(delivery_row)
    .collect()
}

pub(crate) async fn replay(
    c: &mut impl Conn,
    tenant: TenantId,
    webhook: Uuid,
    delivery: Uuid,
    now: OffsetDateTime,
) -> Result<DeliveryRecord> {
    owned(c, tenant, webhook).await?;
    let n = c
        .execute(
            "UPDATE webhook_deliveries SET status = 'pending', attempts = 0, \
                 next_attempt_at = $1, leased_until = NULL, delivered_at = NULL \
             WHERE id = $2 AND webhook_id = $3",
            params![us(now)?, delivery, webhook],
        )
        .await?;
    if n != 1 {
        return Err(StoreError::NotFound);
    }
    c.query_opt(
        "SELECT * FROM webhook_deliveries WHERE id = $1",
        params![delivery],
    )
    .await?
    .as_ref()
    .map(delivery_row)
    .ok_or(StoreError::NotFound)?
}

pub(crate) async fn due(
    c: &mut impl Conn,
    now: OffsetDateTime,
    limit: u32,
) -> Result<Vec<DueDelivery>> {
    let now = us(now)?;
    c.query(
        "SELECT d.*, w.url AS url, w.secret AS secret \
         FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id \
         WHERE d.status = 'pending' AND d.next_attempt_at <= $1 \
           AND (d.leased_until IS NULL OR d.leased_until <= $1) \
           AND NOT EXISTS (SELECT 1 FROM webhook_deliveries p \
                           WHERE p.webhook_id = d.webhook_id AND p.status = 'pending' \
                             AND p.id < d.id) \
         ORDER BY d.next_attempt_at LIMIT $2",
        params![now, i64::from(limit)],
    )
    .await?
    .iter()
    .map(|r| {
        Ok(DueDelivery {
            delivery: delivery_row(r)?,
            url: r.text("url")?,
            secret: r.text("secret")?,
        })
    })
    .collect()
}

pub(crate) async fn claim(
    c: &mut impl Conn,
    id: Uuid,
    now: OffsetDateTime,
    until: OffsetDateTime,
) -> Result<bool> {
    let n = c
        .execute(
            "UPDATE webhook_deliveries SET leased_until = $1 \
             WHERE id = $2 AND status = 'pending' \
               AND (leased_until IS NULL OR leased_until <= $3)",
            params![us(until)?, id, us(now)?],
        )
        .await?;
    Ok(n == 1)
}

pub(crate) async fn finish(
    c: &mut impl Conn,
    id: Uuid,
    at: OffsetDateTime,
    attempt: &Attempt,
) -> Result<()> {
    let at = us(at)?;
    let (status, next, last_status, error, delivered) = match attempt {
        Attempt::Delivered { status } => ("delivered", at, Some(*status), None, Some(at)),
        Attempt::Retry {
            status,
            error,
            next,
        } => ("pending", us(*next)?, *status, Some(error.clone()), None),
        Attempt::GiveUp { status, error } => ("failed", at, *status, Some(error.clone()), None),
    };
    c.execute(
        "UPDATE webhook_deliveries SET status = $1, attempts = attempts + 1, \
             next_attempt_at = $2, leased_until = NULL, last_status = $3, last_error = $4, \
             delivered_at = $5 \
         WHERE id = $6",
        params![status, next, last_status, error, delivered, id],
    )
    .await?;
    Ok(())
}
