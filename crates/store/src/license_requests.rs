//! License requests and the tenant's choice of request process, written once for both
//! databases. A decision reads the request under the tenant's write lock, asks
//! `mscommerce_domain::license_request::decide`, updates the row and journals the decision in
//! the same transaction.

use async_trait::async_trait;
use mscommerce_domain::license_request::{self, LicenseRequestStatus, RequestDecision, Stored};
use mscommerce_domain::{
    AuditEntry, AuditResult, AuditTarget, DeciderGrant, PolicyId, ProductId, Refusal,
    RequestReader, RequesterGrant, TenantId, WriteGrant,
};
use mscommerce_proto::license::{LicenseRequestSettings, RequestProcess};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::common::{self, truncate_micros as us};
use crate::sql::{Builder, Conn, Row, params};
use crate::{ChangeNotice, Result, StoreError, WriteContext};

/// A request as a user files it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewLicenseRequest {
    /// UUIDv7, made by the caller.
    pub id: Uuid,
    pub at: OffsetDateTime,
    /// Current or legacy id.
    pub product: ProductId,
    pub message: Option<String>,
}

/// A stored request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LicenseRequestRecord {
    pub id: Uuid,
    pub tenant: TenantId,
    pub product_id: ProductId,
    pub product_name: String,
    pub requester_oid: Uuid,
    pub requester_upn: Option<String>,
    pub message: Option<String>,
    pub stored: Stored,
    pub created_at: OffsetDateTime,
    pub expires_at: OffsetDateTime,
    pub decided_at: Option<OffsetDateTime>,
    pub decided_by_oid: Option<Uuid>,
    pub decided_by_upn: Option<String>,
    pub decision_message: Option<String>,
}

impl LicenseRequestRecord {
    /// Where it stands at `now` (a pending request past its expiry has expired).
    pub fn status(&self, now: OffsetDateTime) -> LicenseRequestStatus {
        license_request::status(self.stored, self.expires_at, now)
    }
}

/// A read of requests, newest first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LicenseRequestQuery {
    pub status: Option<LicenseRequestStatus>,
    /// This product (a legacy id finds its current product's requests).
    pub product: Option<ProductId>,
    /// A requester's object id or, case-insensitive, sign-in name.
    pub requester: Option<String>,
    /// Filed at or after.
    pub since: Option<OffsetDateTime>,
    /// Filed before.
    pub until: Option<OffsetDateTime>,
    /// Requests older than this one (the paging cursor).
    pub before: Option<Uuid>,
    pub limit: u32,
}

#[async_trait]
pub trait LicenseRequestStore: Send + Sync {
    /// Files a request for the grant's user. Refused when the tenant takes requests through
    /// its own process, or when the user's request for the product is pending already;
    /// `NotFound` for an unknown product.
    async fn file_license_request(
        &self,
        grant: &RequesterGrant,
        policy: PolicyId,
        request: &NewLicenseRequest,
    ) -> Result<LicenseRequestRecord>;

    /// The requests the reader may see (all of the tenant's, or their own), newest first;
    /// statuses as at `now`.
    async fn license_requests(
        &self,
        reader: &RequestReader,
        query: &LicenseRequestQuery,
        now: OffsetDateTime,
    ) -> Result<Vec<LicenseRequestRecord>>;

    /// One request, if the reader may see it.
    async fn license_request(
        &self,
        reader: &RequestReader,
        id: Uuid,
    ) -> Result<Option<LicenseRequestRecord>>;

    /// Approves or denies a pending request (`Refused(RequestNotPending)` otherwise) and
    /// journals the decision, at `ctx.at`.
    async fn decide_license_request(
        &self,
        grant: &DeciderGrant,
        id: Uuid,
        decision: RequestDecision,
        message: Option<String>,
        ctx: &WriteContext,
    ) -> Result<LicenseRequestRecord>;

    /// The tenant's request process (`None`: built in, never set).
    async fn license_request_settings(
        &self,
        tenant: TenantId,
    ) -> Result<Option<LicenseRequestSettings>>;

    /// Sets the tenant's request process (Global or Billing Administrator).
    async fn set_license_request_settings(
        &self,
        grant: &WriteGrant,
        settings: &LicenseRequestSettings,
        at: OffsetDateTime,
    ) -> Result<()>;
}

pub(crate) async fn file(
    c: &mut impl Conn,
    tenant: TenantId,
    requester: (Uuid, Option<String>),
    policy: PolicyId,
    new: &NewLicenseRequest,
) -> Result<LicenseRequestRecord> {
    crate::policies::lock_tenant(c, tenant, new.at).await?;
    if let Some(s) = settings(c, tenant).await?
        && s.process == RequestProcess::Custom
    {
        return Err(Refusal::CustomRequestProcess {
            message: s.message,
            url: s.url,
        }
        .into());
    }
    let product = crate::policies::product(c, tenant, policy, &new.product)
        .await?
        .ok_or(StoreError::NotFound)?;
    let (oid, upn) = requester;
    let pending = c
        .query_opt(
            "SELECT id FROM license_requests WHERE tenant = $1 AND requester_oid = $2 \
             AND product_id = $3 AND state = 'pending' AND expires_at > $4",
            params![tenant, oid, product.product_id.as_str(), us(new.at)?],
        )
        .await?;
    if let Some(r) = pending {
        return Err(Refusal::RequestPending { id: r.uuid("id")? }.into());
    }
    let at = us(new.at)?;
    let record = LicenseRequestRecord {
        id: new.id,
        tenant,
        product_id: product.product_id,
        product_name: product.product_name,
        requester_oid: oid,
        requester_upn: upn,
        message: new.message.clone(),
        stored: Stored::Pending,
        created_at: at,
        expires_at: at + license_request::LIFETIME,
        decided_at: None,
        decided_by_oid: None,
        decided_by_upn: None,
        decision_message: None,
    };
    c.execute(
        "INSERT INTO license_requests (id, tenant, product_id, product_name, requester_oid, \
             requester_upn, message, state, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        params![
            record.id,
            tenant,
            record.product_id.as_str(),
            record.product_name.as_str(),
            record.requester_oid,
            record.requester_upn.clone(),
            record.message.clone(),
            record.stored.as_str(),
            record.created_at,
            record.expires_at
        ],
    )
    .await?;
    crate::webhooks::enqueue(
        c,
        tenant,
        crate::webhooks::LICENSE_REQUEST_FILED,
        || request_data(&record, LicenseRequestStatus::Pending),
        record.created_at,
    )
    .await?;
    Ok(record)
}

/// A request as a webhook's `data`.
fn request_data(r: &LicenseRequestRecord, status: LicenseRequestStatus) -> serde_json::Value {
    serde_json::json!({
        "id": r.id.to_string(),
        "tenantId": r.tenant.to_string(),
        "productId": r.product_id.as_str(),
        "productName": r.product_name,
        "requester": {
            "objectId": r.requester_oid.to_string(),
            "userPrincipalName": r.requester_upn,
        },
        "message": r.message,
        "status": status.as_str(),
        "decidedBy": r.decided_by_upn,
        "decisionMessage": r.decision_message,
    })
}

pub(crate) async fn list(
    c: &mut impl Conn,
    reader: &RequestReader,
    query: &LicenseRequestQuery,
    now: OffsetDateTime,
) -> Result<Vec<LicenseRequestRecord>> {
    let mut q = Builder::new("SELECT * FROM license_requests WHERE tenant = ");
    q.bind(reader.tenant());
    if let RequestReader::Own { oid, .. } = reader {
        q.push(" AND requester_oid = ").bind(*oid);
    }
    let now = us(now)?;
    match query.status {
        None => {}
        Some(LicenseRequestStatus::Pending) => {
            q.push(" AND state = 'pending' AND expires_at > ").bind(now);
        }
        Some(LicenseRequestStatus::Expired) => {
            q.push(" AND state = 'pending' AND expires_at <= ")
                .bind(now);
        }
        Some(LicenseRequestStatus::Approved) => {
            q.push(" AND state = 'approved'");
        }
        Some(LicenseRequestStatus::Denied) => {
            q.push(" AND state = 'denied'");
        }
    }
    if let Some(product) = &query.product {
        let id = product.as_str();
        q.push(" AND product_id IN (SELECT ")
            .bind(id)
            .push(" UNION SELECT product_id FROM legacy_product_ids WHERE legacy_id = ")
            .bind(id)
            .push(")");
    }
    if let Some(who) = &query.requester {
        match Uuid::parse_str(who) {
            Ok(oid) => q.push(" AND requester_oid = ").bind(oid),
            Err(_) => q
                .push(" AND lower(requester_upn) = ")
                .bind(who.to_lowercase()),
        };
    }
    if let Some(since) = query.since {
        q.push(" AND created_at >= ").bind(us(since)?);
    }
    if let Some(until) = query.until {
        q.push(" AND created_at < ").bind(us(until)?);
    }
    if let Some(before) = query.before {
        q.push(" AND id < ").bind(before);
    }
    q.push(" ORDER BY id DESC LIMIT ")
        .bind(i64::from(query.limit));
    let (sql, params) = q.build();
    c.query(sql, params).await?.iter().map(row).collect()
}

pub(crate) async fn one(
    c: &mut impl Conn,
    reader: &RequestReader,
    id: Uuid,
) -> Result<Option<LicenseRequestRecord>> {
    let found = c
        .query_opt(
            "SELECT * FROM license_requests WHERE tenant = $1 AND id = $2",
            params![reader.tenant(), id],
        )
        .await?
        .as_ref()
        .map(row)
        .transpose()?;
    // Someone else's request does not exist for a reader of their own.
    Ok(found.filter(|r| match reader {
        RequestReader::All(_) => true,
        RequestReader::Own { oid, .. } => r.requester_oid == *oid,
    }))
}

pub(crate) async fn decide(
    c: &mut impl Conn,
    grant: &DeciderGrant,
    id: Uuid,
    decision: RequestDecision,
    message: Option<String>,
    ctx: &WriteContext,
) -> Result<LicenseRequestRecord> {
    let tenant = grant.tenant();
    crate::policies::lock_tenant(c, tenant, ctx.at).await?;
    let mut record = one(c, &RequestReader::All(tenant), id)
        .await?
        .ok_or(StoreError::NotFound)?;
    let at = us(ctx.at)?;
    let stored = license_request::decide(record.stored, record.expires_at, at, decision)
        .map_err(|e| Refusal::RequestNotPending(e.0))?;
    let actor = grant.actor();
    record.stored = stored;
    record.decided_at = Some(at);
    record.decided_by_oid = actor.oid;
    record.decided_by_upn = actor.upn.clone();
    record.decision_message = message;
    c.execute(
        "UPDATE license_requests SET state = $1, decided_at = $2, decided_by_oid = $3, \
             decided_by_upn = $4, decision_message = $5 \
         WHERE tenant = $6 AND id = $7",
        params![
            stored.as_str(),
            at,
            record.decided_by_oid,
            record.decided_by_upn.clone(),
            record.decision_message.clone(),
            tenant,
            id
        ],
    )
    .await?;
    let entry = AuditEntry {
        id: ctx.audit_id,
        at,
        tenant,
        actor: actor.clone(),
        policy: PolicyId::AllowSelfServicePurchase,
        target: AuditTarget::LicenseRequest(id),
        old_value: None,
        new_value: None,
        result: AuditResult::Succeeded,
        reason: Some(
            match decision {
                RequestDecision::Approve => "Approved",
                RequestDecision::Deny => "Denied",
            }
            .to_owned(),
        ),
        ids: ctx.ids.clone(),
    };
    crate::policies::append(c, &entry).await?;
    c.notify(ChangeNotice::Journal(tenant)).await?;
    crate::webhooks::enqueue(
        c,
        tenant,
        crate::webhooks::LICENSE_REQUEST_DECIDED,
        || request_data(&record, record.status(at)),
        at,
    )
    .await?;
    Ok(record)
}

pub(crate) async fn settings(
    c: &mut impl Conn,
    tenant: TenantId,
) -> Result<Option<LicenseRequestSettings>> {
    let Some(r) = c
        .query_opt(
            "SELECT process, message, url FROM license_request_settings WHERE tenant = $1",
            params![tenant],
        )
        .await?
    else {
        return Ok(None);
    };
    let process = match r.text("process")?.as_str() {
        "custom" => RequestProcess::Custom,
        _ => RequestProcess::BuiltIn,
    };
    Ok(Some(LicenseRequestSettings {
        process,
        message: r.opt_text("message")?,
        url: r.opt_text("url")?,
    }))
}

pub(crate) async fn set_settings(
    c: &mut impl Conn,
    tenant: TenantId,
    s: &LicenseRequestSettings,
    at: OffsetDateTime,
) -> Result<()> {
    crate::policies::lock_tenant(c, tenant, at).await?;
    let process = match s.process {
        RequestProcess::BuiltIn => "builtIn",
        RequestProcess::Custom => "custom",
    };
    c.execute(
        "INSERT INTO license_request_settings (tenant, process, message, url, updated_at) \
         VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (tenant) DO UPDATE SET process = excluded.process, \
             message = excluded.message, url = excluded.url, updated_at = excluded.updated_at",
        params![tenant, process, s.message.clone(), s.url.clone(), us(at)?],
    )
    .await?;
    // Decisions answered from memory name where to ask: they must see this at once.
    c.notify(ChangeNotice::Tenant(tenant)).await?;
    Ok(())
}

fn row(r: &Row) -> Result<LicenseRequestRecord> {
    let state = r.text("state")?;
    Ok(LicenseRequestRecord {
        id: r.uuid("id")?,
        tenant: r.tenant("tenant")?,
        product_id: common::parse_product(&r.text("product_id")?)?,
        product_name: r.text("product_name")?,
        requester_oid: r.uuid("requester_oid")?,
        requester_upn: r.opt_text("requester_upn")?,
        message: r.opt_text("message")?,
        stored: Stored::parse(&state)
            .ok_or_else(|| StoreError::Internal(format!("license request state '{state}'")))?,
        created_at: r.time("created_at")?,
        expires_at: r.time("expires_at")?,
        decided_at: r.opt_time("decided_at")?,
        decided_by_oid: r.opt_uuid("decided_by_oid")?,
        decided_by_upn: r.opt_text("decided_by_upn")?,
        decision_message: r.opt_text("decision_message")?,
    })
}
