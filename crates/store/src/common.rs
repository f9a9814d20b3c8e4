//! What both backends share: the write rules as pure decisions, the journal entry a write makes,
//! the device-code poll decision, and conversions between domain types and column values.
//!
//! Keeping the decisions here (and only the I/O in the backends) is what keeps SQLite and
//! PostgreSQL from drifting apart; the conformance suite checks the I/O.

use mscommerce_domain::access::ActorKind;
use mscommerce_domain::{
    AuditEntry, AuditResult, AuditTarget, IfMatch, OfferType, PolicyId, PolicyValue, ProductId,
    TenantId, WriteGrant,
};
use time::OffsetDateTime;
use uuid::Uuid;

pub(crate) use mscommerce_domain::device_code::{PollOutcome, PollRow};
pub(crate) use mscommerce_domain::rules::{Decision, decide, offer_type_default};
use mscommerce_domain::{Refusal, device_code, rules};

use crate::{
    ChangeNotice, DeviceCodeState, OfferTypePolicyRecord, ProductPolicyRecord, Result, StoreError,
    TenantPolicyRecord, WriteContext, offer_type_etag, policy_etag, product_etag,
};

/// The value a tenant's row for a product starts at ([`mscommerce_domain::rules::start_value`]),
/// as SQL over `tenant_policies tp` and `products p` for the set-based inserts that materialize
/// a tenant's rows (the same text works in both backends; a test checks it against the domain
/// rule). A macro so that queries can `concat!` it.
macro_rules! start_value_sql {
    () => {
        "CASE WHEN tp.default_value = 'OnlyTrialsWithoutPaymentMethod' \
         AND NOT p.trial_without_payment_method THEN 'Disabled' ELSE tp.default_value END"
    };
}
pub(crate) use start_value_sql;

/// The text a change notice travels as between replicas (PostgreSQL `NOTIFY` payloads).
pub(crate) fn notice_payload(notice: ChangeNotice) -> String {
    match notice {
        ChangeNotice::Tenant(t) => format!("tenant:{t}"),
        ChangeNotice::Journal(t) => format!("journal:{t}"),
        ChangeNotice::Catalog => "catalog".to_owned(),
        ChangeNotice::Everything => "everything".to_owned(),
    }
}

/// The notice a payload stands for; anything not understood (a newer replica's notice) is
/// `Everything`, which is always a safe reading.
pub(crate) fn parse_notice(payload: &str) -> ChangeNotice {
    match payload.split_once(':') {
        Some(("tenant", id)) => id
            .parse()
            .map_or(ChangeNotice::Everything, ChangeNotice::Tenant),
        Some(("journal", id)) => id
            .parse()
            .map_or(ChangeNotice::Everything, ChangeNotice::Journal),
        _ if payload == "catalog" => ChangeNotice::Catalog,
        _ => ChangeNotice::Everything,
    }
}

/// The outcome of one conditional write inside a transaction, before the caller commits.
#[derive(Debug)]
pub(crate) enum Step<R> {
    /// Applied (version + 1, Succeeded entry appended) or already in place.
    Done { record: R, changed: bool },
    /// Refused: `entry` is the Failed entry to journal (not appended yet: a batch first rolls its
    /// earlier items back), `error` what to answer.
    Refused {
        entry: Box<AuditEntry>,
        error: StoreError,
    },
}

impl<R> Step<R> {
    pub(crate) fn map<S>(self, f: impl FnOnce(R) -> S) -> Step<S> {
        match self {
            Step::Done { record, changed } => Step::Done {
                record: f(record),
                changed,
            },
            Step::Refused { entry, error } => Step::Refused { entry, error },
        }
    }
}

/// The id of the `n`-th journal entry a write makes: the caller's id for the first, then fresh
/// v7 ids stamped with the write's time.
pub(crate) fn entry_id(ctx: &WriteContext, n: usize) -> Uuid {
    if n == 0 {
        return ctx.audit_id;
    }
    let nanos = ctx.at.unix_timestamp_nanos();
    let secs = u64::try_from(nanos.div_euclid(1_000_000_000)).unwrap_or(0);
    let sub = u32::try_from(nanos.rem_euclid(1_000_000_000)).unwrap_or(0);
    Uuid::new_v7(uuid::Timestamp::from_unix(uuid::NoContext, secs, sub))
}

/// `ctx` for the `n`-th entry of a write.
pub(crate) fn nth(ctx: &WriteContext, n: usize) -> WriteContext {
    WriteContext {
        audit_id: entry_id(ctx, n),
        ..ctx.clone()
    }
}

/// The write rules for a stored product row ([`mscommerce_domain::rules::decide_product`]).
pub(crate) fn decide_product(
    current: &ProductPolicyRecord,
    requested: PolicyValue,
    if_match: Option<&IfMatch>,
) -> Decision {
    rules::decide_product(
        rules::ProductRow {
            product: &current.product_id,
            value: current.value,
            etag: &current.etag,
            trial_without_payment_method: current.trial_without_payment_method,
            retired: current.retired,
        },
        requested,
        if_match,
    )
}

/// The journal entry of a write by `grant`'s actor.
pub(crate) fn write_entry(
    grant: &WriteGrant,
    policy: PolicyId,
    target: AuditTarget,
    old_value: PolicyValue,
    new_value: PolicyValue,
    refused: Option<&'static str>,
    ctx: &WriteContext,
) -> AuditEntry {
    AuditEntry {
        id: ctx.audit_id,
        at: ctx.at,
        tenant: grant.tenant(),
        actor: grant.actor().clone(),
        policy,
        target,
        old_value: Some(old_value),
        new_value: Some(new_value),
        result: if refused.is_some() {
            AuditResult::Failed
        } else {
            AuditResult::Succeeded
        },
        reason: refused.map(str::to_owned),
        ids: ctx.ids.clone(),
    }
}

/// Checks an entry before it joins the chain. The actor's tenant is not stored separately (it is
/// not part of the hashed form), so it must be the entry's tenant.
pub(crate) fn check_entry(entry: &AuditEntry) -> Result<()> {
    if entry.actor.tenant != entry.tenant {
        return Err(StoreError::Internal(format!(
            "journal entry {} of tenant {} names an actor of tenant {}",
            entry.id, entry.tenant, entry.actor.tenant
        )));
    }
    Ok(())
}

/// Unix microseconds, the precision both databases keep and the journal's canonical form hashes
/// (truncated toward zero, exactly as `AuditEntry::canonical` does).
pub(crate) fn micros(t: OffsetDateTime) -> Result<i64> {
    i64::try_from(t.unix_timestamp_nanos() / 1_000)
        .map_err(|_| StoreError::Internal(format!("time out of range: {t}")))
}

pub(crate) fn from_micros(us: i64) -> Result<OffsetDateTime> {
    OffsetDateTime::from_unix_timestamp_nanos(i128::from(us) * 1_000)
        .map_err(|e| StoreError::Internal(format!("stored time {us} out of range: {e}")))
}

/// `t` cut to microseconds (in UTC), so that what is stored is exactly what is read back.
pub(crate) fn truncate_micros(t: OffsetDateTime) -> Result<OffsetDateTime> {
    from_micros(micros(t)?)
}

pub(crate) fn parse_value(s: &str) -> Result<PolicyValue> {
    s.parse()
        .map_err(|e| StoreError::Internal(format!("stored policy value: {e}")))
}

pub(crate) fn parse_opt_value(s: Option<&str>) -> Result<Option<PolicyValue>> {
    s.map(parse_value).transpose()
}

pub(crate) fn parse_policy(s: &str) -> Result<PolicyId> {
    PolicyId::parse(s).ok_or_else(|| StoreError::Internal(format!("stored policy id '{s}'")))
}

pub(crate) fn parse_product(s: &str) -> Result<ProductId> {
    s.parse()
        .map_err(|e| StoreError::Internal(format!("stored product id: {e}")))
}

pub(crate) fn parse_offer_type(s: &str) -> Result<OfferType> {
    s.parse()
        .map_err(|e| StoreError::Internal(format!("stored offer type: {e}")))
}

pub(crate) fn parse_target(kind: &str, id: &str) -> Result<AuditTarget> {
    Ok(match kind {
        "product" => AuditTarget::Product(parse_product(id)?),
        "offerType" => AuditTarget::OfferType(parse_offer_type(id)?),
        "default" => AuditTarget::Default,
        "licenseRequest" => AuditTarget::LicenseRequest(
            uuid::Uuid::parse_str(id)
                .map_err(|e| StoreError::Internal(format!("journal license request id: {e}")))?,
        ),
        other => {
            return Err(StoreError::Internal(format!(
                "stored journal target kind '{other}'"
            )));
        }
    })
}

pub(crate) fn parse_result(s: &str) -> Result<AuditResult> {
    match s {
        "Succeeded" => Ok(AuditResult::Succeeded),
        "Failed" => Ok(AuditResult::Failed),
        other => Err(StoreError::Internal(format!(
            "stored journal result '{other}'"
        ))),
    }
}

pub(crate) fn parse_actor_kind(s: &str) -> Result<ActorKind> {
    match s {
        "user" => Ok(ActorKind::User),
        "app" => Ok(ActorKind::App),
        other => Err(StoreError::Internal(format!("stored actor kind '{other}'"))),
    }
}

/// Role and permission lists are stored as JSON arrays of strings (same form in both backends).
pub(crate) fn list_to_json(list: &[String]) -> Result<String> {
    serde_json::to_string(list).map_err(|e| StoreError::Internal(format!("encoding a list: {e}")))
}

pub(crate) fn list_from_json(s: &str) -> Result<Vec<String>> {
    serde_json::from_str(s).map_err(|e| StoreError::Internal(format!("stored list: {e}")))
}

pub(crate) fn parse_state(s: &str) -> Result<DeviceCodeState> {
    DeviceCodeState::parse(s)
        .ok_or_else(|| StoreError::Internal(format!("stored device code state '{s}'")))
}

/// The poll decision ([`mscommerce_domain::device_code::poll`]); a broken row is `Internal`.
pub(crate) fn poll(row: &PollRow, now: OffsetDateTime) -> Result<PollOutcome> {
    device_code::poll(row, now).map_err(|e| StoreError::Internal(e.to_string()))
}

/// `r` after a change to `value`: the next version, and its ETag.
pub(crate) fn product_changed(
    tenant: TenantId,
    policy: PolicyId,
    r: ProductPolicyRecord,
    value: PolicyValue,
    at: OffsetDateTime,
) -> ProductPolicyRecord {
    let version = r.version + 1;
    let etag = product_etag(tenant, policy, &r.product_id, version);
    ProductPolicyRecord {
        value,
        version,
        etag,
        updated_at: Some(at),
        ..r
    }
}

pub(crate) fn offer_type_changed(
    tenant: TenantId,
    policy: PolicyId,
    r: OfferTypePolicyRecord,
    value: PolicyValue,
    at: OffsetDateTime,
) -> OfferTypePolicyRecord {
    let version = r.version + 1;
    let etag = offer_type_etag(tenant, policy, &r.offer_type, version);
    OfferTypePolicyRecord {
        value,
        version,
        etag,
        updated_at: Some(at),
        ..r
    }
}

/// Refuses a batch that names a target twice. `keys[i]` is item `i`'s canonical key (after
/// legacy ids are resolved), e.g. `product:ID` or `offerType:key`.
pub(crate) fn check_duplicates(keys: &[String]) -> Result<()> {
    match rules::first_duplicate(keys) {
        Some((index, first)) => Err(StoreError::Item {
            index,
            error: Box::new(Refusal::Duplicate { first }.into()),
        }),
        None => Ok(()),
    }
}

/// Whether `legacy` may become a legacy id of `product`: not the product itself, not a current
/// product (a retired one may: that is how a replacement takes over its id), and not mapped
/// already when `mapped_to` says so.
pub(crate) fn check_legacy_id(
    product: &str,
    legacy: &str,
    legacy_is_product: Option<bool>,
    mapped_to: Option<String>,
) -> Result<()> {
    if legacy == product {
        return Err(StoreError::Conflict(format!(
            "{legacy} is the product's own id, not a legacy id"
        )));
    }
    if legacy_is_product == Some(false) {
        return Err(StoreError::Conflict(format!(
            "{legacy} is a current product; retire it before mapping its id to another product"
        )));
    }
    if let Some(of) = mapped_to {
        return Err(StoreError::Conflict(format!(
            "{legacy} is a legacy id of {of} already; move it with catalog map-legacy"
        )));
    }
    Ok(())
}

/// The actor filter of an audit query in normal form: a GUID (a user's or app's object id, or
/// an app id) with its lower-case text, or a lower-case name (a UPN or an app id).
pub(crate) enum ActorFilter {
    Guid(Uuid, String),
    Name(String),
}

pub(crate) fn actor_filter(actor: &str) -> ActorFilter {
    let a = actor.trim();
    match Uuid::parse_str(a) {
        Ok(u) if a.len() == 36 => ActorFilter::Guid(u, u.hyphenated().to_string()),
        _ => ActorFilter::Name(a.to_lowercase()),
    }
}

pub(crate) fn policy_record(
    tenant: TenantId,
    policy: PolicyId,
    default_value: PolicyValue,
    version: i64,
) -> TenantPolicyRecord {
    TenantPolicyRecord {
        policy,
        default_value,
        version,
        etag: policy_etag(tenant, policy, version),
    }
}

/// The key offer types are stored and matched under (they compare case-insensitively).
pub(crate) fn offer_type_key(o: &OfferType) -> String {
    o.as_str().to_ascii_lowercase()
}

/// The key user codes are matched under (case-insensitive, as users type them).
pub(crate) fn user_code_key(c: &str) -> String {
    c.trim().to_ascii_uppercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The SQL of the start value says what the domain rule says.
    #[test]
    fn start_value_sql_is_the_domain_rule() {
        let db = rusqlite::Connection::open_in_memory().unwrap();
        let sql = concat!(
            "SELECT ",
            start_value_sql!(),
            " FROM (SELECT ?1 AS default_value) tp, (SELECT ?2 AS trial_without_payment_method) p"
        );
        for default in PolicyValue::ALL {
            for trial in [false, true] {
                let got: String = db
                    .query_row(sql, rusqlite::params![default.as_str(), trial], |r| {
                        r.get(0)
                    })
                    .unwrap();
                let want = mscommerce_domain::rules::start_value(default, trial);
                assert_eq!(got, want.as_str(), "{default} {trial}");
            }
        }
    }

    #[test]
    fn notices_round_trip_and_unknown_payloads_mean_everything() {
        let t: TenantId = "7b0a0c6e-3a51-4d1c-9d0e-2f6c8a1b9e11".parse().unwrap();
        for n in [
            ChangeNotice::Tenant(t),
            ChangeNotice::Journal(t),
            ChangeNotice::Catalog,
            ChangeNotice::Everything,
        ] {
            assert_eq!(parse_notice(&notice_payload(n)), n);
        }
        for junk in ["", "tenant:", "tenant:nope", "catalogue", "v2:tenant:x"] {
            assert_eq!(parse_notice(junk), ChangeNotice::Everything, "{junk}");
        }
    }

    #[test]
    fn micros_truncate_like_the_canonical_form() {
        let t = OffsetDateTime::from_unix_timestamp_nanos(1_700_000_000_123_456_789).unwrap();
        assert_eq!(micros(t).unwrap(), 1_700_000_000_123_456);
        assert_eq!(
            truncate_micros(t).unwrap().unix_timestamp_nanos(),
            1_700_000_000_123_456_000
        );
    }
}
