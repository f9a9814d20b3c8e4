//! What the fuzz targets share: a verifier of the built-in issuer backed by a real key ring and
//! a fixed clock, a signer with that ring's active key (so structured inputs get past the
//! signature check and reach the claims), and a generator of arbitrary JSON with the values a
//! token's header and claims care about mixed in.

use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use arbitrary::{Arbitrary, Unstructured};
use aws_lc_rs::rand::SystemRandom;
use aws_lc_rs::rsa::KeyPair as RsaKeyPair;
use aws_lc_rs::signature::RSA_PKCS1_SHA256;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use mscommerce_domain::{ManualClock, Principal};
use mscommerce_identity::{AuthError, KeyRing, Verifier, VerifierConfig};
use serde_json::{Map, Number, Value, json};

/// The base URL of the built-in issuer: tokens say `iss = {BASE}/{tid}/v2.0`.
pub const BASE: &str = "http://127.0.0.1:8080";
/// The fixed time of every verification (2026-11-20 12:00:00 UTC).
pub const NOW: i64 = 1_795_176_000;
/// The verifier's leeway on `exp`, `nbf` and `iat` (the default).
pub const LEEWAY: i64 = 60;
pub const CONTOSO: &str = "5d1a7b8e-0c1f-4b6e-9a51-7c0e3b2f4a01";
pub const FABRIKAM: &str = "8f3c2d14-6b7a-4e59-8d21-3a9f0b5c6e02";

pub struct Fixture {
    pub verifier: Verifier,
    pub kid: String,
    signer: RsaKeyPair,
    runtime: tokio::runtime::Runtime,
}

/// One key ring per machine, reused by every run (RSA key generation is slow, and a temporary
/// directory would outlive the process anyway: libFuzzer exits without dropping statics).
fn key_dir() -> PathBuf {
    std::env::temp_dir().join("mscommerce-fuzz-keyring")
}

pub fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        mscommerce_identity::install_crypto_provider();
        let clock = Arc::new(ManualClock::new(
            time::OffsetDateTime::from_unix_timestamp(NOW).expect("fixed time"),
        ));
        let dir = key_dir();
        let keys = Arc::new(KeyRing::open(&dir, clock.clone()).expect("key ring"));
        let kid = keys.active_kid();
        let der = std::fs::read(dir.join(format!("{kid}.p8"))).expect("the active key's file");
        let signer = RsaKeyPair::from_pkcs8(&der).expect("an RSA key");
        let verifier = Verifier::new(
            VerifierConfig {
                builtin_base_url: Some(BASE.into()),
                ..VerifierConfig::default()
            },
            keys,
            clock,
        )
        .expect("verifier");
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()
            .expect("runtime");
        let f = Fixture {
            verifier,
            kid,
            signer,
            runtime,
        };
        // The oracles mean something only if a genuine token passes: check it once per run.
        let (header, claims) = valid_parts(&f.kid);
        let input = format!(
            "{}.{}",
            b64(&serde_json::to_vec(&header).expect("header")),
            b64(&serde_json::to_vec(&claims).expect("claims"))
        );
        let token = format!("{input}.{}", f.sign(&input));
        if let Err(e) = f.verify(&token) {
            panic!("the fixture's own valid token was refused: {e}");
        }
        assert!(f.verify(&format!("{input}.{}", b64(b"forged"))).is_err());
        f
    })
}

impl Fixture {
    pub fn verify(&self, token: &str) -> Result<Principal, AuthError> {
        self.runtime.block_on(self.verifier.verify(token))
    }

    /// `base64url(header).base64url(claims)` signed with the active key.
    pub fn sign(&self, signing_input: &str) -> String {
        let mut signature = vec![0u8; self.signer.public_modulus_len()];
        self.signer
            .sign(
                &RSA_PKCS1_SHA256,
                &SystemRandom::new(),
                signing_input.as_bytes(),
                &mut signature,
            )
            .expect("RSA signing");
        URL_SAFE_NO_PAD.encode(signature)
    }
}

pub fn b64(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

/// A valid header and claims of a contoso Global Administrator's user token.
pub fn valid_parts(kid: &str) -> (Map<String, Value>, Map<String, Value>) {
    let header = json!({"alg": "RS256", "typ": "JWT", "kid": kid});
    let claims = json!({
        "aud": mscommerce_proto::RESOURCE_APP_ID,
        "iss": format!("{BASE}/{CONTOSO}/v2.0"),
        "iat": NOW,
        "nbf": NOW,
        "exp": NOW + 3600,
        "tid": CONTOSO,
        "oid": "0a000001-0000-4000-8000-000000000001",
        "sub": "0a000001-0000-4000-8000-000000000001",
        "upn": "admin@contoso.example",
        "wids": [mscommerce_proto::roles::GLOBAL_ADMINISTRATOR],
        "scp": mscommerce_proto::SCOPE_ACCESS_AS_USER,
        "ver": "2.0",
        "azp": mscommerce_proto::PUBLIC_CLIENT_ID,
    });
    match (header, claims) {
        (Value::Object(h), Value::Object(c)) => (h, c),
        _ => unreachable!("object literals"),
    }
}

/// Member names a token's header and claims care about.
const NAMES: &[&str] = &[
    "alg",
    "typ",
    "kid",
    "crit",
    "jku",
    "x5u",
    "jwk",
    "x5t",
    "cty",
    "iss",
    "aud",
    "tid",
    "oid",
    "sub",
    "exp",
    "nbf",
    "iat",
    "ver",
    "scp",
    "idtyp",
    "roles",
    "wids",
    "azp",
    "appid",
    "upn",
    "preferred_username",
    "unique_name",
];

pub fn name(u: &mut Unstructured<'_>) -> arbitrary::Result<String> {
    if u.ratio(7, 8)? {
        Ok((*u.choose(NAMES)?).to_owned())
    } else {
        String::arbitrary(u)
    }
}

/// Values that mean something to the verifier.
fn interesting(u: &mut Unstructured<'_>, kid: &str) -> arbitrary::Result<Value> {
    let roles = mscommerce_proto::roles::GLOBAL_ADMINISTRATOR;
    Ok(match u.int_in_range(0..=27)? {
        0 => json!(CONTOSO),
        1 => json!(FABRIKAM),
        2 => json!(mscommerce_identity::MSA_TENANT_ID),
        3 => json!(format!("{BASE}/{CONTOSO}/v2.0")),
        4 => json!(format!("{BASE}/{FABRIKAM}/v2.0")),
        5 => json!(format!("{BASE}/{CONTOSO}/v2.0/")),
        6 => json!(mscommerce_proto::RESOURCE_APP_ID),
        7 => json!(mscommerce_proto::RESOURCE_APP_URI),
        8 => json!([mscommerce_proto::RESOURCE_APP_ID, "other"]),
        9 => json!(NOW),
        10 => json!(NOW + LEEWAY),
        11 => json!(NOW + LEEWAY + 1),
        12 => json!(NOW - LEEWAY),
        13 => json!(NOW - LEEWAY - 1),
        14 => json!(i64::MAX),
        15 => json!(i64::MIN),
        16 => json!(1e300),
        17 => json!("RS256"),
        18 => json!("none"),
        19 => json!("HS256"),
        20 => json!(kid),
        21 => json!(mscommerce_proto::SCOPE_ACCESS_AS_USER),
        22 => json!("app"),
        23 => json!([roles]),
        24 => json!(["Policy.ReadWrite.AllowSelfServicePurchase"]),
        25 => json!("2.0"),
        26 => json!("1.0"),
        _ => json!(u64::MAX),
    })
}

/// An arbitrary JSON value, at most `depth` levels deep, with interesting values mixed in.
pub fn json_value(u: &mut Unstructured<'_>, depth: u32, kid: &str) -> arbitrary::Result<Value> {
    let max = if depth == 0 { 5 } else { 7 };
    Ok(match u.int_in_range(0..=max)? {
        0 => Value::Null,
        1 => Value::Bool(bool::arbitrary(u)?),
        2 => Value::Number(i64::arbitrary(u)?.into()),
        3 => Number::from_f64(f64::arbitrary(u)?).map_or(Value::Null, Value::Number),
        4 => Value::String(String::arbitrary(u)?),
        5 => interesting(u, kid)?,
        6 => {
            let n = u.int_in_range(0..=3)?;
            Value::Array(
                (0..n)
                    .map(|_| json_value(u, depth - 1, kid))
                    .collect::<arbitrary::Result<_>>()?,
            )
        }
        _ => {
            let n = u.int_in_range(0..=3)?;
            let mut m = Map::new();
            for _ in 0..n {
                m.insert(name(u)?, json_value(u, depth - 1, kid)?);
            }
            Value::Object(m)
        }
    })
}
