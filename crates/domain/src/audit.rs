//! Journal entries and the hash chain that makes the journal tamper-evident.
//!
//! Each tenant's journal is a chain: `hash = SHA-256(prev_hash || canonical(entry))`, starting from
//! 64 zeros. Editing, removing or reordering an entry breaks every later link.

use aws_lc_rs::digest;
use time::OffsetDateTime;
use uuid::Uuid;

use crate::access::{Actor, ActorKind};
use crate::{OfferType, PolicyId, PolicyValue, ProductId, TenantId};

pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuditTarget {
    Product(ProductId),
    OfferType(OfferType),
    /// The tenant's default for new products.
    Default,
    /// A license request, approved or denied (the entry's `reason` says which).
    LicenseRequest(Uuid),
}

impl AuditTarget {
    pub fn kind(&self) -> &'static str {
        match self {
            AuditTarget::Product(_) => "product",
            AuditTarget::OfferType(_) => "offerType",
            AuditTarget::Default => "default",
            AuditTarget::LicenseRequest(_) => "licenseRequest",
        }
    }
    pub fn id(&self) -> std::borrow::Cow<'_, str> {
        match self {
            AuditTarget::Product(p) => p.as_str().into(),
            AuditTarget::OfferType(o) => o.as_str().into(),
            AuditTarget::Default => "".into(),
            AuditTarget::LicenseRequest(id) => id.to_string().into(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuditResult {
    Succeeded,
    Failed,
}

impl AuditResult {
    pub fn as_str(self) -> &'static str {
        match self {
            AuditResult::Succeeded => "Succeeded",
            AuditResult::Failed => "Failed",
        }
    }
}

/// The ids that tie a journal entry to a request and to the client's own logs.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RequestIds {
    pub request_id: String,
    pub correlation_id: Option<String>,
    pub client_request_id: Option<String>,
    /// Where the request came from: the socket's peer, or the client named by
    /// `X-Forwarded-For` when the peer is a trusted proxy.
    pub client_address: Option<String>,
    /// The client's `User-Agent`, cut to [`MAX_USER_AGENT`] characters.
    pub user_agent: Option<String>,
}

/// The longest `User-Agent` a journal entry keeps (characters).
pub const MAX_USER_AGENT: usize = 256;

/// One journal entry, as the caller hands it to the store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntry {
    pub id: Uuid,
    pub at: OffsetDateTime,
    pub tenant: TenantId,
    pub actor: Actor,
    pub policy: PolicyId,
    pub target: AuditTarget,
    pub old_value: Option<PolicyValue>,
    pub new_value: Option<PolicyValue>,
    pub result: AuditResult,
    /// Why it was refused (`Forbidden`, `PreconditionFailed`, ...), for failed entries.
    pub reason: Option<String>,
    pub ids: RequestIds,
}

impl AuditEntry {
    /// The bytes the chain hashes: every field, in a fixed order, unambiguously separated.
    pub fn canonical(&self, seq: i64) -> String {
        let opt = |o: &Option<String>| o.clone().unwrap_or_default();
        let val = |v: Option<PolicyValue>| v.map(|v| v.as_str()).unwrap_or("").to_owned();
        let at = self.at.unix_timestamp_nanos() / 1_000; // microseconds: what both stores keep
        let mut fields: Vec<String> = vec![
            seq.to_string(),
            self.id.to_string(),
            at.to_string(),
            self.tenant.to_string(),
            match self.actor.kind {
                ActorKind::User => "user".into(),
                ActorKind::App => "app".into(),
            },
            self.actor.oid.map(|o| o.to_string()).unwrap_or_default(),
            opt(&self.actor.upn),
            opt(&self.actor.app_id),
            self.policy.as_str().into(),
            self.target.kind().into(),
            self.target.id().into(),
            val(self.old_value),
            val(self.new_value),
            self.result.as_str().into(),
            opt(&self.reason),
            self.ids.request_id.clone(),
            format!(
                "{}|{}",
                opt(&self.ids.correlation_id),
                opt(&self.ids.client_request_id)
            ),
        ];
        // Entries written before the journal kept where a request came from have neither: their
        // canonical form (and so every stored hash) stays what it was. An 18th field only when
        // there is something to say keeps the encoding injective (the field count differs).
        if self.ids.client_address.is_some() || self.ids.user_agent.is_some() {
            fields.push(format!(
                "{}|{}",
                opt(&self.ids.client_address),
                opt(&self.ids.user_agent)
            ));
        }
        // JSON string escaping makes the encoding injective whatever the fields contain.
        fields
            .iter()
            .map(|f| serde_json::Value::String(f.clone()).to_string())
            .collect::<Vec<_>>()
            .join(",")
    }

    pub fn chain_hash(&self, seq: i64, prev_hash: &str) -> String {
        let mut ctx = digest::Context::new(&digest::SHA256);
        ctx.update(prev_hash.as_bytes());
        ctx.update(b"\n");
        ctx.update(self.canonical(seq).as_bytes());
        hex(ctx.finish().as_ref())
    }
}

pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(char::from(DIGITS[usize::from(b >> 4)]));
        s.push(char::from(DIGITS[usize::from(b & 0xf)]));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry() -> AuditEntry {
        AuditEntry {
            id: Uuid::from_u128(7),
            at: OffsetDateTime::UNIX_EPOCH,
            tenant: TenantId::new(Uuid::from_u128(1)),
            actor: Actor {
                tenant: TenantId::new(Uuid::from_u128(1)),
                kind: ActorKind::User,
                oid: Some(Uuid::from_u128(2)),
                upn: Some("admin@contoso.example".into()),
                app_id: None,
            },
            policy: PolicyId::AllowSelfServicePurchase,
            target: AuditTarget::Product("CFQ7TTC0H9MP".parse().unwrap()),
            old_value: Some(PolicyValue::Enabled),
            new_value: Some(PolicyValue::Disabled),
            result: AuditResult::Succeeded,
            reason: None,
            ids: RequestIds::default(),
        }
    }

    #[test]
    fn any_change_to_an_entry_changes_its_hash() {
        let e = entry();
        let h = e.chain_hash(1, GENESIS_HASH);
        assert_eq!(h.len(), 64);
        let mut f = e.clone();
        f.new_value = Some(PolicyValue::Enabled);
        assert_ne!(f.chain_hash(1, GENESIS_HASH), h);
        assert_ne!(e.chain_hash(2, GENESIS_HASH), h);
        assert_ne!(e.chain_hash(1, &h), h);
        for (address, agent) in [
            (Some("192.0.2.7"), None),
            (None, Some("curl/8")),
            (Some(""), None),
        ] {
            let mut g = e.clone();
            g.ids.client_address = address.map(str::to_owned);
            g.ids.user_agent = agent.map(str::to_owned);
            assert_ne!(g.chain_hash(1, GENESIS_HASH), h, "{address:?} {agent:?}");
        }
    }

    /// Entries journaled before addresses were kept hash as they always did: the stored chains
    /// of existing journals still verify.
    #[test]
    fn an_entry_without_an_address_keeps_its_old_canonical_form() {
        let canonical = entry().canonical(1);
        assert_eq!(
            canonical,
            "\"1\",\"00000000-0000-0000-0000-000000000007\",\"0\",\"00000000-0000-0000-0000-000000000001\",\"user\",\"00000000-0000-0000-0000-000000000002\",\"admin@contoso.example\",\"\",\"AllowSelfServicePurchase\",\"product\",\"CFQ7TTC0H9MP\",\"Enabled\",\"Disabled\",\"Succeeded\",\"\",\"\",\"|\""
        );
    }
}
