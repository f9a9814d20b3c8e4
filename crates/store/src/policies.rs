//! Policies and their journal: every read and the one write path (read under the tenant's lock →
//! domain rule → update → journal append), written once for both databases.
//!
//! An unknown tenant has no rows: the reads' LEFT JOINs fall back to the built-in default and
//! version 0, which is exactly what materializing would create. Lists are sorted here, by bytes,
//! so that both databases order them alike whatever their collations.

use mscommerce_domain::audit::GENESIS_HASH;
use mscommerce_domain::{
    Actor, AuditEntry, AuditTarget, IfMatch, OfferType, PolicyId, PolicyValue, ProductId,
    RequestIds, TenantId, WriteGrant,
};
use time::OffsetDateTime;

use crate::common::{self, ActorFilter, Decision, Step};
use crate::sql::{Builder, Conn, Row, Value, params};
use crate::{
    AuditQuery, AuditTargetFilter, Batch, BatchOutcome, BatchResult, BatchTarget, ChangeNotice,
    JournalRecord, OfferTypePolicyRecord, ProductPolicyRecord, Result, StoreError,
    TenantPolicyRecord, WriteContext,
};

/// `$1` tenant, `$2` policy, `$3` built-in default, `$4` product id. The id resolves to a current
/// product of that id first, then to the product a legacy id maps to, then to a retired product
/// of that id (so mapping a retired product's id to its replacement redirects it). `has_row`:
/// whether the tenant's row for it exists. The resolution is three point lookups in order, not a
/// ranked union: SQLite built a temporary B-tree for the union on every run, and every policy
/// write runs this (measured: a few per cent of the writer's instructions).
const SELECT_PRODUCT: &str = concat!(
    "
    SELECT p.product_id, p.name, p.trial_without_payment_method, p.retired,
           COALESCE(pp.value, ",
    common::start_value_sql!(),
    ", $3) AS value,
           COALESCE(pp.version, 0) AS version, pp.version IS NOT NULL AS has_row, pp.updated_at
    FROM products p
    LEFT JOIN tenant_policies tp ON tp.tenant = $1 AND tp.policy_id = $2
    LEFT JOIN product_policies pp
        ON pp.tenant = $1 AND pp.policy_id = $2 AND pp.product_id = p.product_id
    WHERE p.product_id = COALESCE(
        (SELECT product_id FROM products WHERE product_id = $4 AND NOT retired),
        (SELECT product_id FROM legacy_product_ids WHERE legacy_id = $4),
        (SELECT product_id FROM products WHERE product_id = $4))"
);

const SELECT_PRODUCTS: &str = concat!(
    "
    SELECT p.product_id, p.name, p.trial_without_payment_method, p.retired,
           COALESCE(pp.value, ",
    common::start_value_sql!(),
    ", $3) AS value,
           COALESCE(pp.version, 0) AS version, pp.updated_at
    FROM products p
    LEFT JOIN tenant_policies tp ON tp.tenant = $1 AND tp.policy_id = $2
    LEFT JOIN product_policies pp
        ON pp.tenant = $1 AND pp.policy_id = $2 AND pp.product_id = p.product_id
    WHERE NOT p.retired"
);

/// `$1` tenant, `$2` policy, `$3` the offer types' default, `$4` lower-case key.
const SELECT_OFFER_TYPE: &str = "
    SELECT o.offer_type, o.description,
           COALESCE(op.value, $3) AS value, COALESCE(op.version, 0) AS version,
           op.version IS NOT NULL AS has_row, op.updated_at
    FROM offer_types o
    LEFT JOIN offer_type_policies op
        ON op.tenant = $1 AND op.policy_id = $2 AND op.offer_type_key = o.offer_type_key
    WHERE o.offer_type_key = $4";

const SELECT_OFFER_TYPES: &str = "
    SELECT o.offer_type_key, o.offer_type, o.description,
           COALESCE(op.value, $3) AS value, COALESCE(op.version, 0) AS version, op.updated_at
    FROM offer_types o
    LEFT JOIN offer_type_policies op
        ON op.tenant = $1 AND op.policy_id = $2 AND op.offer_type_key = o.offer_type_key";

/// The tenant's row for a product (`$3`), at the tenant's default, unless it exists.
const ENSURE_PRODUCT_ROW: &str = concat!(
    "INSERT INTO product_policies (tenant, policy_id, product_id, value, version)
     SELECT tp.tenant, tp.policy_id, p.product_id, ",
    common::start_value_sql!(),
    ", 0 FROM tenant_policies tp JOIN products p ON p.product_id = $3
     WHERE tp.tenant = $1 AND tp.policy_id = $2
     ON CONFLICT DO NOTHING"
);

/// The tenant's row for an offer type (`$3` key, `$4` the offer types' default), unless it
/// exists.
const ENSURE_OFFER_TYPE_ROW: &str = "
    INSERT INTO offer_type_policies (tenant, policy_id, offer_type_key, value, version)
    VALUES ($1, $2, $3, $4, 0)
    ON CONFLICT DO NOTHING";

/// A tenant's row: `$1` id, `$2` domain, `$3` display name, `$4` creation time. Changes nothing
/// when the tenant exists.
const INSERT_TENANT: &str = "
    INSERT INTO tenants (id, domain, display_name, created_at) VALUES ($1, $2, $3, $4)
    ON CONFLICT (id) DO NOTHING";

const INSERT_ENTRY: &str = "
    INSERT INTO audit_log (tenant, seq, id, at, actor_kind, actor_oid, actor_upn, actor_app_id,
        policy_id, target_kind, target_id, old_value, new_value, result, reason, request_id,
        correlation_id, client_request_id, prev_hash, hash, client_address, user_agent)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19,
        $20, $21, $22)";

// ---------------------------------------------------------------------------------------------
// Rows.

fn product_row(r: &Row, tenant: TenantId, policy: PolicyId) -> Result<ProductPolicyRecord> {
    let product_id = common::parse_product(&r.text("product_id")?)?;
    let version = r.i64("version")?;
    Ok(ProductPolicyRecord {
        etag: crate::product_etag(tenant, policy, &product_id, version),
        product_id,
        product_name: r.text("name")?,
        trial_without_payment_method: r.bool("trial_without_payment_method")?,
        value: common::parse_value(&r.text("value")?)?,
        version,
        retired: r.bool("retired")?,
        updated_at: r.opt_time("updated_at")?,
    })
}

fn offer_type_row(r: &Row, tenant: TenantId, policy: PolicyId) -> Result<OfferTypePolicyRecord> {
    let offer_type = common::parse_offer_type(&r.text("offer_type")?)?;
    let version = r.i64("version")?;
    Ok(OfferTypePolicyRecord {
        etag: crate::offer_type_etag(tenant, policy, &offer_type, version),
        offer_type,
        description: r.text("description")?,
        value: common::parse_value(&r.text("value")?)?,
        version,
        updated_at: r.opt_time("updated_at")?,
    })
}

pub(crate) fn journal_record(r: &Row) -> Result<JournalRecord> {
    let tenant = r.tenant("tenant")?;
    let entry = AuditEntry {
        id: r.uuid("id")?,
        at: r.time("at")?,
        tenant,
        actor: Actor {
            tenant,
            kind: common::parse_actor_kind(&r.text("actor_kind")?)?,
            oid: r.opt_uuid("actor_oid")?,
            upn: r.opt_text("actor_upn")?,
            app_id: r.opt_text("actor_app_id")?,
        },
        policy: common::parse_policy(&r.text("policy_id")?)?,
        target: common::parse_target(&r.text("target_kind")?, &r.text("target_id")?)?,
        old_value: common::parse_opt_value(r.opt_text("old_value")?.as_deref())?,
        new_value: common::parse_opt_value(r.opt_text("new_value")?.as_deref())?,
        result: common::parse_result(&r.text("result")?)?,
        reason: r.opt_text("reason")?,
        ids: RequestIds {
            request_id: r.text("request_id")?,
            correlation_id: r.opt_text("correlation_id")?,
            client_request_id: r.opt_text("client_request_id")?,
            client_address: r.opt_text("client_address")?,
            user_agent: r.opt_text("user_agent")?,
        },
    };
    Ok(JournalRecord {
        seq: r.i64("seq")?,
        entry,
        prev_hash: r.text("prev_hash")?,
        hash: r.text("hash")?,
    })
}

// ---------------------------------------------------------------------------------------------
// Reads.

pub(crate) async fn policy(
    c: &mut impl Conn,
    tenant: TenantId,
    policy: PolicyId,
) -> Result<TenantPolicyRecord> {
    let row = c
        .query_opt(
            "SELECT default_value, version FROM tenant_policies \
             WHERE tenant = $1 AND policy_id = $2",
            params![tenant, policy.as_str()],
        )
        .await?;
    Ok(match row {
        Some(r) => common::policy_record(
            tenant,
            policy,
            common::parse_value(&r.text("default_value")?)?,
            r.i64("version")?,
        ),
        None => common::policy_record(tenant, policy, policy.builtin_default(), 0),
    })
}

/// A product's record, and whether the tenant's row for it exists.
async fn product_with_row(
    c: &mut impl Conn,
    tenant: TenantId,
    policy: PolicyId,
    product: &ProductId,
) -> Result<Option<(ProductPolicyRecord, bool)>> {
    let params = params![
        tenant,
        policy.as_str(),
        policy.builtin_default().as_str(),
        product.as_str()
    ];
    match c.query_opt(SELECT_PRODUCT, params).await? {
        Some(r) => Ok(Some((product_row(&r, tenant, policy)?, r.bool("has_row")?))),
        None => Ok(None),
    }
}

pub(crate) async fn product(
    c: &mut impl Conn,
    tenant: TenantId,
    policy: PolicyId,
    product: &ProductId,
) -> Result<Option<ProductPolicyRecord>> {
    Ok(product_with_row(c, tenant, policy, product)
        .await?
        .map(|(r, _)| r))
}

pub(crate) async fn products(
    c: &mut impl Conn,
    tenant: TenantId,
    policy: PolicyId,
) -> Result<Vec<ProductPolicyRecord>> {
    let params = params![tenant, policy.as_str(), policy.builtin_default().as_str()];
    let mut list = c
        .query(SELECT_PRODUCTS, params)
        .await?
        .iter()
        .map(|r| product_row(r, tenant, policy))
        .collect::<Result<Vec<_>>>()?;
    list.sort_by(|a, b| {
        (a.product_name.as_bytes(), a.product_id.as_str())
            .cmp(&(b.product_name.as_bytes(), b.product_id.as_str()))
    });
    Ok(list)
}

async fn offer_type_with_row(
    c: &mut impl Conn,
    tenant: TenantId,
    policy: PolicyId,
    offer_type: &OfferType,
) -> Result<Option<(OfferTypePolicyRecord, bool)>> {
    let params = params![
        tenant,
        policy.as_str(),
        common::offer_type_default(policy).as_str(),
        common::offer_type_key(offer_type)
    ];
    match c.query_opt(SELECT_OFFER_TYPE, params).await? {
        Some(r) => Ok(Some((
            offer_type_row(&r, tenant, policy)?,
            r.bool("has_row")?,
        ))),
        None => Ok(None),
    }
}

pub(crate) async fn offer_type(
    c: &mut impl Conn,
    tenant: TenantId,
    policy: PolicyId,
    offer_type: &OfferType,
) -> Result<Option<OfferTypePolicyRecord>> {
    Ok(offer_type_with_row(c, tenant, policy, offer_type)
        .await?
        .map(|(r, _)| r))
}

pub(crate) async fn offer_types(
    c: &mut impl Conn,
    tenant: TenantId,
    policy: PolicyId,
) -> Result<Vec<OfferTypePolicyRecord>> {
    let params = params![
        tenant,
        policy.as_str(),
        common::offer_type_default(policy).as_str()
    ];
    let mut rows = c.query(SELECT_OFFER_TYPES, params).await?;
    rows.sort_by(|a, b| {
        let key = |r: &Row| r.text("offer_type_key").unwrap_or_default();
        key(a).cmp(&key(b))
    });
    rows.iter()
        .map(|r| offer_type_row(r, tenant, policy))
        .collect()
}

pub(crate) async fn journal_after(
    c: &mut impl Conn,
    tenant: TenantId,
    after: i64,
    limit: u32,
) -> Result<Vec<JournalRecord>> {
    c.query(
        "SELECT * FROM audit_log WHERE tenant = $1 AND seq > $2 ORDER BY seq LIMIT $3",
        params![tenant, after, i64::from(limit)],
    )
    .await?
    .iter()
    .map(journal_record)
    .collect()
}

pub(crate) async fn audit_log(
    c: &mut impl Conn,
    tenant: TenantId,
    query: &AuditQuery,
) -> Result<Vec<JournalRecord>> {
    let mut q = Builder::new("SELECT * FROM audit_log WHERE tenant = ");
    q.bind(tenant);
    if let Some(p) = query.policy {
        q.push(" AND policy_id = ").bind(p.as_str());
    }
    match &query.target {
        None => {}
        Some(AuditTargetFilter::Product(id)) => {
            // Every id of the product: the one given, its current product, that product's legacy
            // ids (refusals before authorization are journaled as the caller wrote them).
            let id = id.as_str();
            q.push(" AND target_kind = 'product' AND target_id IN (SELECT ")
                .bind(id)
                .push(" UNION SELECT product_id FROM legacy_product_ids WHERE legacy_id = ")
                .bind(id)
                .push(
                    " UNION SELECT legacy_id FROM legacy_product_ids WHERE product_id IN (SELECT ",
                )
                .bind(id)
                .push(" UNION SELECT product_id FROM legacy_product_ids WHERE legacy_id = ")
                .bind(id)
                .push("))");
        }
        Some(AuditTargetFilter::OfferType(o)) => {
            q.push(" AND target_kind = 'offerType' AND lower(target_id) = ")
                .bind(common::offer_type_key(o));
        }
        Some(AuditTargetFilter::Default) => {
            q.push(" AND target_kind = 'default'");
        }
    }
    match query.actor.as_deref().map(common::actor_filter) {
        None => {}
        Some(ActorFilter::Guid(oid, text)) => {
            q.push(" AND (actor_oid = ")
                .bind(oid)
                .push(" OR lower(actor_app_id) = ")
                .bind(text)
                .push(")");
        }
        Some(ActorFilter::Name(name)) => {
            q.push(" AND (lower(actor_upn) = ")
                .bind(name.clone())
                .push(" OR lower(actor_app_id) = ")
                .bind(name)
                .push(")");
        }
    }
    if let Some(t) = query.since {
        q.push(" AND at >= ").bind(t);
    }
    if let Some(t) = query.until {
        q.push(" AND at < ").bind(t);
    }
    if let Some(seq) = query.before_seq {
        q.push(" AND seq < ").bind(seq);
    }
    q.push(" ORDER BY seq DESC LIMIT ")
        .bind(i64::from(query.limit));
    let (sql, params) = q.build();
    c.query(sql, params)
        .await?
        .iter()
        .map(journal_record)
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Building blocks of writes.

/// Creates the tenant's row and its policy rows (every product at the built-in default, version
/// 0) unless the tenant exists. Returns whether it created them.
pub(crate) async fn materialize(
    c: &mut impl Conn,
    tenant: TenantId,
    domain: Option<&str>,
    display_name: &str,
    created_at: OffsetDateTime,
) -> Result<bool> {
    // A concurrent insert of the same tenant (another replica) waits here for the other
    // transaction, then finds the row: only one of them materializes.
    let inserted = c
        .execute(
            INSERT_TENANT,
            params![
                tenant,
                domain,
                display_name,
                common::truncate_micros(created_at)?
            ],
        )
        .await?
        == 1;
    if !inserted {
        return Ok(false);
    }
    // The product list read below is complete, or the catalog change (waiting for us) will see
    // this tenant.
    c.lock_catalog(false).await?;
    for policy in PolicyId::ALL {
        let default = policy.builtin_default().as_str();
        c.execute(
            "INSERT INTO tenant_policies (tenant, policy_id, default_value, version) \
             VALUES ($1, $2, $3, 0)",
            params![tenant, policy.as_str(), default],
        )
        .await?;
        c.execute(
            "INSERT INTO product_policies (tenant, policy_id, product_id, value, version) \
             SELECT $1, $2, product_id, $3, 0 FROM products",
            params![tenant, policy.as_str(), default],
        )
        .await?;
        c.execute(
            "INSERT INTO offer_type_policies (tenant, policy_id, offer_type_key, value, version) \
             SELECT $1, $2, offer_type_key, $3, 0 FROM offer_types",
            params![
                tenant,
                policy.as_str(),
                common::offer_type_default(policy).as_str()
            ],
        )
        .await?;
    }
    Ok(true)
}

/// Materializes the tenant if needed, then takes its write lock until the transaction ends.
pub(crate) async fn lock_tenant(
    c: &mut impl Conn,
    tenant: TenantId,
    first_seen: OffsetDateTime,
) -> Result<()> {
    materialize(c, tenant, None, "", first_seen).await?;
    c.lock_tenant(tenant).await
}

/// The tenant's newest entry: sequence number and hash.
pub(crate) async fn journal_head(
    c: &mut impl Conn,
    tenant: TenantId,
) -> Result<Option<(i64, String)>> {
    c.query_opt(
        "SELECT seq, hash FROM audit_log WHERE tenant = $1 ORDER BY seq DESC LIMIT 1",
        params![tenant],
    )
    .await?
    .map(|r| Ok((r.i64("seq")?, r.text("hash")?)))
    .transpose()
}

/// Appends `entry` to its tenant's chain. The caller holds the tenant's lock.
pub(crate) async fn append(c: &mut impl Conn, entry: &AuditEntry) -> Result<()> {
    common::check_entry(entry)?;
    let head = match c.known_head(entry.tenant) {
        Some(head) => Some(head),
        None => journal_head(c, entry.tenant).await?,
    };
    let (seq, prev_hash) = match head {
        Some((seq, hash)) => (seq + 1, hash),
        None => (1, GENESIS_HASH.to_owned()),
    };
    let mut entry = entry.clone();
    entry.at = common::truncate_micros(entry.at)?;
    let hash = entry.chain_hash(seq, &prev_hash);
    let params = params![
        entry.tenant,
        seq,
        entry.id,
        entry.at,
        entry.actor.kind.as_str(),
        entry.actor.oid,
        entry.actor.upn,
        entry.actor.app_id,
        entry.policy.as_str(),
        entry.target.kind(),
        entry.target.id().into_owned(),
        entry.old_value.map(PolicyValue::as_str),
        entry.new_value.map(PolicyValue::as_str),
        entry.result.as_str(),
        entry.reason,
        entry.ids.request_id,
        entry.ids.correlation_id,
        entry.ids.client_request_id,
        prev_hash,
        hash.clone(),
        entry.ids.client_address,
        entry.ids.user_agent,
    ];
    c.execute(INSERT_ENTRY, params).await?;
    c.appended(entry.tenant, seq, &hash);
    Ok(())
}

/// The product `product` (current or legacy id) names, with the tenant's row made sure of. The
/// caller holds the write lock and has materialized the tenant.
async fn current_product(
    c: &mut impl Conn,
    tenant: TenantId,
    policy: PolicyId,
    product: &ProductId,
) -> Result<Option<ProductPolicyRecord>> {
    match product_with_row(c, tenant, policy, product).await? {
        None => Ok(None),
        Some((record, true)) => Ok(Some(record)),
        // Defensive: materialization and catalog changes already make every row.
        Some((record, false)) => {
            let params = params![tenant, policy.as_str(), record.product_id.as_str()];
            c.execute(ENSURE_PRODUCT_ROW, params).await?;
            self::product(c, tenant, policy, &record.product_id).await
        }
    }
}

async fn current_offer_type(
    c: &mut impl Conn,
    tenant: TenantId,
    policy: PolicyId,
    o: &OfferType,
) -> Result<Option<OfferTypePolicyRecord>> {
    match offer_type_with_row(c, tenant, policy, o).await? {
        None => Ok(None),
        Some((record, true)) => Ok(Some(record)),
        Some((_, false)) => {
            let params = params![
                tenant,
                policy.as_str(),
                common::offer_type_key(o),
                common::offer_type_default(policy).as_str()
            ];
            c.execute(ENSURE_OFFER_TYPE_ROW, params).await?;
            offer_type(c, tenant, policy, o).await
        }
    }
}

/// The row a write changes, as read under the tenant's lock.
pub(crate) enum Current {
    Product(ProductPolicyRecord),
    OfferType(OfferTypePolicyRecord),
    Default(TenantPolicyRecord),
}

/// What a write asks for.
#[derive(Clone, Copy)]
pub(crate) struct Change<'a> {
    pub(crate) grant: &'a WriteGrant,
    pub(crate) policy: PolicyId,
    pub(crate) value: PolicyValue,
    pub(crate) if_match: Option<&'a IfMatch>,
    pub(crate) ctx: &'a WriteContext,
}

impl Current {
    fn value(&self) -> PolicyValue {
        match self {
            Current::Product(r) => r.value,
            Current::OfferType(r) => r.value,
            Current::Default(r) => r.default_value,
        }
    }

    fn target(&self) -> AuditTarget {
        match self {
            Current::Product(r) => AuditTarget::Product(r.product_id.clone()),
            Current::OfferType(r) => AuditTarget::OfferType(r.offer_type.clone()),
            Current::Default(_) => AuditTarget::Default,
        }
    }

    /// The rule for this row ([`mscommerce_domain::rules`]).
    fn decide(&self, value: PolicyValue, if_match: Option<&IfMatch>) -> Decision {
        match self {
            Current::Product(r) => common::decide_product(r, value, if_match),
            Current::OfferType(r) => common::decide(
                r.value,
                &r.etag,
                value,
                PolicyValue::FOR_OFFER_TYPES.to_vec(),
                if_match,
            ),
            Current::Default(r) => common::decide(
                r.default_value,
                &r.etag,
                value,
                PolicyValue::ALL.to_vec(),
                if_match,
            ),
        }
    }

    /// The conditional update: on the version read under the lock (belt and braces).
    fn update(&self, tenant: TenantId, ch: Change<'_>) -> Result<(&'static str, Vec<Value>)> {
        let (policy, value) = (ch.policy.as_str(), ch.value.as_str());
        let at = common::truncate_micros(ch.ctx.at)?;
        Ok(match self {
            Current::Product(r) => (
                "UPDATE product_policies SET value = $1, version = version + 1, updated_at = $2 \
                 WHERE tenant = $3 AND policy_id = $4 AND product_id = $5 AND version = $6",
                params![value, at, tenant, policy, r.product_id.as_str(), r.version],
            ),
            Current::OfferType(r) => (
                "UPDATE offer_type_policies SET value = $1, version = version + 1, updated_at = $2 \
                 WHERE tenant = $3 AND policy_id = $4 AND offer_type_key = $5 AND version = $6",
                params![
                    value,
                    at,
                    tenant,
                    policy,
                    common::offer_type_key(&r.offer_type),
                    r.version
                ],
            ),
            Current::Default(r) => (
                "UPDATE tenant_policies SET default_value = $1, version = version + 1 \
                 WHERE tenant = $2 AND policy_id = $3 AND version = $4",
                params![value, tenant, policy, r.version],
            ),
        })
    }

    /// The row after the change, made at `at`.
    fn changed(
        self,
        tenant: TenantId,
        policy: PolicyId,
        value: PolicyValue,
        at: OffsetDateTime,
    ) -> Current {
        match self {
            Current::Product(r) => {
                Current::Product(common::product_changed(tenant, policy, r, value, at))
            }
            Current::OfferType(r) => {
                Current::OfferType(common::offer_type_changed(tenant, policy, r, value, at))
            }
            Current::Default(r) => {
                Current::Default(common::policy_record(tenant, policy, value, r.version + 1))
            }
        }
    }
}

/// The write path: the rule decides on the row read under the tenant's lock; a change updates
/// the row and appends its entry; a refusal's entry is left to the caller (a batch first rolls
/// its earlier items back).
async fn write(c: &mut impl Conn, ch: Change<'_>, current: Current) -> Result<Step<Current>> {
    let tenant = ch.grant.tenant();
    let (old, target) = (current.value(), current.target());
    let entry = |refused| {
        common::write_entry(
            ch.grant,
            ch.policy,
            target.clone(),
            old,
            ch.value,
            refused,
            ch.ctx,
        )
    };
    match current.decide(ch.value, ch.if_match) {
        Decision::Unchanged => Ok(Step::Done {
            record: current,
            changed: false,
        }),
        Decision::Refuse { reason, refusal } => Ok(Step::Refused {
            entry: Box::new(entry(Some(reason))),
            error: refusal.into(),
        }),
        Decision::Change => {
            let (sql, params) = current.update(tenant, ch)?;
            if c.execute(sql, params).await? != 1 {
                return Err(StoreError::Internal(format!(
                    "the {} policy row {} changed under the tenant lock",
                    target.kind(),
                    target.id()
                )));
            }
            let entry = entry(None);
            append(c, &entry).await?;
            crate::webhooks::enqueue(
                c,
                tenant,
                crate::webhooks::POLICY_CHANGED,
                || crate::webhooks::change_data(&entry),
                ch.ctx.at,
            )
            .await?;
            Ok(Step::Done {
                record: current.changed(
                    tenant,
                    ch.policy,
                    ch.value,
                    common::truncate_micros(ch.ctx.at)?,
                ),
                changed: true,
            })
        }
    }
}

/// Ends a single write inside its transaction: a change announces itself; a refusal journals its
/// entry. `Ok(Err(_))`: commit, then answer the refusal.
async fn finish<R>(c: &mut impl Conn, tenant: TenantId, step: Step<R>) -> Result<Result<R>> {
    match step {
        Step::Done { record, changed } => {
            if changed {
                c.notify(ChangeNotice::Tenant(tenant)).await?;
            }
            Ok(Ok(record))
        }
        Step::Refused { entry, error } => {
            append(c, &entry).await?;
            Ok(Err(error))
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Writes. Each runs inside the backend's write transaction; `Ok(Err(_))` is a refusal that was
// journaled (commit it, then answer the error).

fn product_of(c: Current) -> ProductPolicyRecord {
    match c {
        Current::Product(r) => r,
        _ => unreachable!("a product's write answers with the product"),
    }
}

fn offer_type_of(c: Current) -> OfferTypePolicyRecord {
    match c {
        Current::OfferType(r) => r,
        _ => unreachable!("an offer type's write answers with the offer type"),
    }
}

fn default_of(c: Current) -> TenantPolicyRecord {
    match c {
        Current::Default(r) => r,
        _ => unreachable!("the default's write answers with the default"),
    }
}

pub(crate) async fn set_product(
    c: &mut impl Conn,
    ch: Change<'_>,
    product: &ProductId,
) -> Result<Result<ProductPolicyRecord>> {
    let tenant = ch.grant.tenant();
    // Unknown products are a 404 and neither materialize the tenant nor reach the journal.
    let Some((found, has_row)) = product_with_row(c, tenant, ch.policy, product).await? else {
        return Ok(Err(StoreError::NotFound));
    };
    // The sole writer has read the row it will update (its row exists, so its tenant does);
    // otherwise, under the tenant's lock, again.
    let current = if has_row && c.sole_writer() {
        found
    } else {
        lock_tenant(c, tenant, ch.ctx.at).await?;
        let Some(current) = current_product(c, tenant, ch.policy, product).await? else {
            return Ok(Err(StoreError::NotFound));
        };
        current
    };
    let step = write(c, ch, Current::Product(current)).await?;
    finish(c, tenant, step.map(product_of)).await
}

pub(crate) async fn set_offer_type(
    c: &mut impl Conn,
    ch: Change<'_>,
    o: &OfferType,
) -> Result<Result<OfferTypePolicyRecord>> {
    let tenant = ch.grant.tenant();
    let Some((found, has_row)) = offer_type_with_row(c, tenant, ch.policy, o).await? else {
        return Ok(Err(StoreError::NotFound));
    };
    let current = if has_row && c.sole_writer() {
        found
    } else {
        lock_tenant(c, tenant, ch.ctx.at).await?;
        let Some(current) = current_offer_type(c, tenant, ch.policy, o).await? else {
            return Ok(Err(StoreError::NotFound));
        };
        current
    };
    let step = write(c, ch, Current::OfferType(current)).await?;
    finish(c, tenant, step.map(offer_type_of)).await
}

pub(crate) async fn set_default(
    c: &mut impl Conn,
    ch: Change<'_>,
) -> Result<Result<TenantPolicyRecord>> {
    let tenant = ch.grant.tenant();
    lock_tenant(c, tenant, ch.ctx.at).await?;
    let current = policy(c, tenant, ch.policy).await?;
    let step = write(c, ch, Current::Default(current)).await?;
    finish(c, tenant, step.map(default_of)).await
}

fn item_error(index: usize, error: StoreError) -> StoreError {
    StoreError::Item {
        index,
        error: Box::new(error),
    }
}

pub(crate) async fn apply_batch(
    c: &mut impl Conn,
    grant: &WriteGrant,
    policy: PolicyId,
    batch: &Batch,
    ctx: &WriteContext,
) -> Result<Result<BatchResult>> {
    let tenant = grant.tenant();
    // Every target first: unknown ones and duplicates refuse the batch before anything is
    // written (not journaled, as for single writes).
    let mut keys = Vec::with_capacity(batch.items.len());
    for (index, item) in batch.items.iter().enumerate() {
        let key = match &item.target {
            BatchTarget::Product(p) => product(c, tenant, policy, p)
                .await?
                .map(|r| format!("product:{}", r.product_id)),
            BatchTarget::OfferType(o) => offer_type(c, tenant, policy, o)
                .await?
                .map(|r| format!("offerType:{}", common::offer_type_key(&r.offer_type))),
        };
        match key {
            Some(k) => keys.push(k),
            None => return Ok(Err(item_error(index, StoreError::NotFound))),
        }
    }
    if let Err(e) = common::check_duplicates(&keys) {
        return Ok(Err(e));
    }
    lock_tenant(c, tenant, ctx.at).await?;

    // The changes in a savepoint: a refusal rolls them back and journals itself alone.
    c.execute("SAVEPOINT batch", vec![]).await?;
    let mut entries = 0;
    let mut result = BatchResult {
        default: None,
        items: Vec::with_capacity(batch.items.len()),
    };
    let mut refusal = None;
    if let Some(d) = &batch.default {
        let n = common::nth(ctx, entries);
        let ch = Change {
            grant,
            policy,
            value: d.value,
            if_match: d.if_match.as_ref(),
            ctx: &n,
        };
        let current = self::policy(c, tenant, policy).await?;
        match write(c, ch, Current::Default(current)).await? {
            Step::Done { record, changed } => {
                entries += usize::from(changed);
                result.default = Some((default_of(record), changed));
            }
            Step::Refused { entry, error } => {
                refusal = Some((entry, StoreError::Default(Box::new(error))));
            }
        }
    }
    for (index, item) in batch.items.iter().enumerate() {
        if refusal.is_some() {
            break;
        }
        let n = common::nth(ctx, entries);
        let ch = Change {
            grant,
            policy,
            value: item.value,
            if_match: item.if_match.as_ref(),
            ctx: &n,
        };
        let current = match &item.target {
            BatchTarget::Product(p) => current_product(c, tenant, policy, p)
                .await?
                .map(Current::Product),
            BatchTarget::OfferType(o) => current_offer_type(c, tenant, policy, o)
                .await?
                .map(Current::OfferType),
        };
        let Some(current) = current else {
            return Err(item_error(index, StoreError::NotFound));
        };
        match write(c, ch, current).await? {
            Step::Done { record, changed } => {
                entries += usize::from(changed);
                result.items.push(match record {
                    Current::Product(record) => BatchOutcome::Product { record, changed },
                    Current::OfferType(record) => BatchOutcome::OfferType { record, changed },
                    Current::Default(_) => unreachable!("batch items are products or offer types"),
                });
            }
            Step::Refused { entry, error } => refusal = Some((entry, item_error(index, error))),
        }
    }
    match refusal {
        None => {
            c.execute("RELEASE batch", vec![]).await?;
            if entries > 0 {
                c.notify(ChangeNotice::Tenant(tenant)).await?;
            }
            Ok(Ok(result))
        }
        Some((mut entry, error)) => {
            c.rollback_to("batch").await?;
            c.execute("RELEASE batch", vec![]).await?;
            entry.id = ctx.audit_id;
            append(c, &entry).await?;
            Ok(Err(error))
        }
    }
}

/// Journals refusals of one tenant (made before they reached the store), in order.
pub(crate) async fn journal_refusals(c: &mut impl Conn, entries: &[AuditEntry]) -> Result<()> {
    let Some(first) = entries.first() else {
        return Ok(());
    };
    lock_tenant(c, first.tenant, first.at).await?;
    for e in entries {
        append(c, e).await?;
    }
    c.notify(ChangeNotice::Journal(first.tenant)).await
}

/// Checks refusals before they are queued: one tenant, actors of that tenant.
pub(crate) fn check_refusals(entries: &[AuditEntry]) -> Result<()> {
    let Some(first) = entries.first() else {
        return Ok(());
    };
    for e in entries {
        common::check_entry(e)?;
        if e.tenant != first.tenant {
            return Err(StoreError::Internal(
                "refusals of several tenants in one call".into(),
            ));
        }
    }
    Ok(())
}
