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
        let mut out = Vec::with_capacity(CANONICAL_CAPACITY);
        self.write_canonical(seq, &mut out);
        // Only ASCII quotes and commas are added around JSON-escaped UTF-8 text.
        String::from_utf8(out)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
    }

    /// Every field as a JSON string, comma-separated: JSON string escaping makes the encoding
    /// injective whatever the fields contain. Written straight into one buffer: the journal
    /// append is on the writer thread, the one serial stage of a write, and building a `String`
    /// and a `serde_json::Value` per field was a twelfth of its instructions (callgrind, stop 26).
    /// The bytes are exactly those of the per-field form every stored hash was made with (see
    /// the property test below).
    fn write_canonical(&self, seq: i64, out: &mut Vec<u8>) {
        let at = self.at.unix_timestamp_nanos() / 1_000; // microseconds: what both stores keep
        let mut w = Fields { out, first: true };
        w.plain(format_args!("{seq}"));
        w.uuid(self.id);
        w.plain(format_args!("{at}"));
        w.uuid(*self.tenant.as_uuid());
        w.plain(format_args!(
            "{}",
            match self.actor.kind {
                ActorKind::User => "user",
                ActorKind::App => "app",
            }
        ));
        match self.actor.oid {
            Some(o) => w.uuid(o),
            None => w.text(""),
        }
        w.text(self.actor.upn.as_deref().unwrap_or_default());
        w.text(self.actor.app_id.as_deref().unwrap_or_default());
        w.text(self.policy.as_str());
        w.text(self.target.kind());
        w.text(&self.target.id());
        w.text(self.old_value.map(|v| v.as_str()).unwrap_or(""));
        w.text(self.new_value.map(|v| v.as_str()).unwrap_or(""));
        w.text(self.result.as_str());
        w.text(self.reason.as_deref().unwrap_or_default());
        w.text(&self.ids.request_id);
        w.pair(&self.ids.correlation_id, &self.ids.client_request_id);
        // Entries written before the journal kept where a request came from have neither: their
        // canonical form (and so every stored hash) stays what it was. An 18th field only when
        // there is something to say keeps the encoding injective (the field count differs).
        if self.ids.client_address.is_some() || self.ids.user_agent.is_some() {
            w.pair(&self.ids.client_address, &self.ids.user_agent);
        }
    }

    pub fn chain_hash(&self, seq: i64, prev_hash: &str) -> String {
        let mut bytes = Vec::with_capacity(prev_hash.len() + 1 + CANONICAL_CAPACITY);
        bytes.extend_from_slice(prev_hash.as_bytes());
        bytes.push(b'\n');
        self.write_canonical(seq, &mut bytes);
        hex(digest::digest(&digest::SHA256, &bytes).as_ref())
    }
}

/// Room for a typical canonical form (about 400 bytes) without growing.
const CANONICAL_CAPACITY: usize = 512;

/// The canonical form's writer: each field a JSON string, separated by commas.
struct Fields<'a> {
    out: &'a mut Vec<u8>,
    first: bool,
}

impl Fields<'_> {
    fn open(&mut self) {
        if !std::mem::take(&mut self.first) {
            self.out.push(b',');
        }
    }

    /// Free text, escaped as JSON escapes it.
    fn text(&mut self, s: &str) {
        self.open();
        // Writing a &str into a Vec cannot fail: serde_json fails only on I/O errors and on
        // values it cannot represent, and neither applies.
        let _ = serde_json::to_writer(&mut *self.out, s);
    }

    /// Text that needs no escaping (digits, ASCII words): quoted as it is.
    fn plain(&mut self, s: std::fmt::Arguments<'_>) {
        use std::io::Write as _;
        self.open();
        self.out.push(b'"');
        let _ = self.out.write_fmt(s);
        self.out.push(b'"');
    }

    fn uuid(&mut self, id: Uuid) {
        let mut buf = [0u8; uuid::fmt::Hyphenated::LENGTH];
        self.open();
        self.out.push(b'"');
        self.out
            .extend_from_slice(id.hyphenated().encode_lower(&mut buf).as_bytes());
        self.out.push(b'"');
    }

    /// Two optional texts as one field, `a|b`.
    fn pair(&mut self, a: &Option<String>, b: &Option<String>) {
        let joined = format!(
            "{}|{}",
            a.as_deref().unwrap_or_default(),
            b.as_deref().unwrap_or_default()
        );
        self.text(&joined);
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
    use proptest::prelude::*;

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

    /// The canonical form as it was first written (a `String` and a JSON value per field):
    /// every hash in every stored journal was made from these bytes.
    fn canonical_as_first_written(e: &AuditEntry, seq: i64) -> String {
        let opt = |o: &Option<String>| o.clone().unwrap_or_default();
        let val = |v: Option<PolicyValue>| v.map(|v| v.as_str()).unwrap_or("").to_owned();
        let at = e.at.unix_timestamp_nanos() / 1_000;
        let mut fields: Vec<String> = vec![
            seq.to_string(),
            e.id.to_string(),
            at.to_string(),
            e.tenant.to_string(),
            match e.actor.kind {
                ActorKind::User => "user".into(),
                ActorKind::App => "app".into(),
            },
            e.actor.oid.map(|o| o.to_string()).unwrap_or_default(),
            opt(&e.actor.upn),
            opt(&e.actor.app_id),
            e.policy.as_str().into(),
            e.target.kind().into(),
            e.target.id().into(),
            val(e.old_value),
            val(e.new_value),
            e.result.as_str().into(),
            opt(&e.reason),
            e.ids.request_id.clone(),
            format!(
                "{}|{}",
                opt(&e.ids.correlation_id),
                opt(&e.ids.client_request_id)
            ),
        ];
        if e.ids.client_address.is_some() || e.ids.user_agent.is_some() {
            fields.push(format!(
                "{}|{}",
                opt(&e.ids.client_address),
                opt(&e.ids.user_agent)
            ));
        }
        fields
            .iter()
            .map(|f| serde_json::Value::String(f.clone()).to_string())
            .collect::<Vec<_>>()
            .join(",")
    }

    fn any_text() -> impl Strategy<Value = Option<String>> {
        // Quotes, backslashes, control characters, DEL, non-ASCII and astral characters: what
        // JSON escaping treats specially, or must leave alone.
        proptest::option::of("[a-z\"\\\u{0}-\u{1f}\u{7f}é€😀|,]{0,12}")
    }

    proptest! {
        /// Writing the canonical form straight into one buffer gives the bytes it always had,
        /// for any entry: stored chains keep verifying.
        #[test]
        fn the_canonical_form_is_the_one_every_stored_hash_was_made_with(
            seq in any::<i64>(),
            micros in -10_000_000_000_000_000i64..10_000_000_000_000_000,
            ids in any::<(u128, u128, u128)>(),
            app in any::<bool>(),
            oid in any::<bool>(),
            texts in proptest::collection::vec(any_text(), 9),
            request_id in "[a-zA-Z0-9\"\\\u{1}é-]{0,12}",
            target in 0..4u8,
            values in (0..4u8, 0..4u8),
            failed in any::<bool>(),
        ) {
            let value = |v: u8| PolicyValue::ALL.get(usize::from(v)).copied();
            let text = |i: usize| texts[i].clone();
            let e = AuditEntry {
                id: Uuid::from_u128(ids.0),
                at: OffsetDateTime::from_unix_timestamp_nanos(i128::from(micros) * 1000)
                    .unwrap_or(OffsetDateTime::UNIX_EPOCH),
                tenant: TenantId::new(Uuid::from_u128(ids.1)),
                actor: Actor {
                    tenant: TenantId::new(Uuid::from_u128(ids.1)),
                    kind: if app { ActorKind::App } else { ActorKind::User },
                    oid: oid.then(|| Uuid::from_u128(ids.2)),
                    upn: text(0),
                    app_id: text(1),
                },
                policy: PolicyId::AllowSelfServicePurchase,
                target: match target {
                    0 => AuditTarget::Product("CFQ7TTC0H9MP".parse().unwrap()),
                    1 => AuditTarget::OfferType("SaaS".parse().unwrap()),
                    2 => AuditTarget::Default,
                    _ => AuditTarget::LicenseRequest(Uuid::from_u128(ids.2)),
                },
                old_value: value(values.0),
                new_value: value(values.1),
                result: if failed { AuditResult::Failed } else { AuditResult::Succeeded },
                reason: text(3),
                ids: RequestIds {
                    request_id,
                    correlation_id: text(4),
                    client_request_id: text(5),
                    client_address: text(6),
                    user_agent: text(7),
                },
            };
            prop_assert_eq!(e.canonical(seq), canonical_as_first_written(&e, seq));
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
