//! JWT-shaped tokens with arbitrary header and claims, most of them signed with the real key, so
//! that the fuzzer gets past base64 and the signature and reaches every claim check. The oracle:
//! a token is accepted only if it was signed with the key ring's key, uses RS256 without `crit`,
//! names our issuer for its `tid`, our audience, `ver` 2.0, and is valid at the fixed time; and
//! an accepted caller's access decision never panics.
#![no_main]

use arbitrary::{Arbitrary, Unstructured};
use libfuzzer_sys::fuzz_target;
use mscommerce_fuzz::{BASE, LEEWAY, NOW, b64, fixture, json_value, name, valid_parts};
use serde_json::Value;

#[derive(Debug)]
enum Edit {
    Remove(String),
    Set(String, Value),
}

#[derive(Debug)]
enum Signature {
    /// Signed with the key ring's active key.
    Valid,
    /// Signed, then one byte of the token changed.
    Tampered { at: usize, byte: u8 },
    /// Whatever bytes, base64url-encoded.
    Bytes(Vec<u8>),
    /// Not base64url at all.
    Text(String),
}

#[derive(Debug)]
struct Input {
    /// Start from a valid token's parts (true) or from empty objects.
    from_valid: bool,
    header: Vec<Edit>,
    claims: Vec<Edit>,
    signature: Signature,
}

fn edits(u: &mut Unstructured<'_>, kid: &str) -> arbitrary::Result<Vec<Edit>> {
    let n = u.int_in_range(0..=6)?;
    (0..n)
        .map(|_| {
            Ok(if u.ratio(1, 4)? {
                Edit::Remove(name(u)?)
            } else {
                Edit::Set(name(u)?, json_value(u, 3, kid)?)
            })
        })
        .collect()
}

fn input(u: &mut Unstructured<'_>, kid: &str) -> arbitrary::Result<Input> {
    Ok(Input {
        from_valid: u.ratio(7, 8)?,
        header: edits(u, kid)?,
        claims: edits(u, kid)?,
        signature: match u.int_in_range(0..=9)? {
            0..=6 => Signature::Valid,
            7 => Signature::Tampered {
                at: usize::arbitrary(u)?,
                byte: u8::arbitrary(u)?,
            },
            8 => Signature::Bytes(Vec::arbitrary(u)?),
            _ => Signature::Text(String::arbitrary(u)?),
        },
    })
}

fn apply(map: &mut serde_json::Map<String, Value>, edits: &[Edit]) {
    for e in edits {
        match e {
            Edit::Remove(k) => {
                map.remove(k);
            }
            Edit::Set(k, v) => {
                map.insert(k.clone(), v.clone());
            }
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let f = fixture();
    let mut u = Unstructured::new(data);
    let Ok(input) = input(&mut u, &f.kid) else {
        return;
    };
    let (mut header, mut claims) = if input.from_valid {
        valid_parts(&f.kid)
    } else {
        Default::default()
    };
    apply(&mut header, &input.header);
    apply(&mut claims, &input.claims);
    let Ok(h) = serde_json::to_vec(&header) else {
        return;
    };
    let Ok(c) = serde_json::to_vec(&claims) else {
        return;
    };
    let signing_input = format!("{}.{}", b64(&h), b64(&c));
    let (token, genuine) = match &input.signature {
        Signature::Valid => (format!("{signing_input}.{}", f.sign(&signing_input)), true),
        Signature::Tampered { at, byte } => {
            let mut t = format!("{signing_input}.{}", f.sign(&signing_input)).into_bytes();
            let i = at % t.len();
            let changed = t[i] != *byte;
            t[i] = *byte;
            (String::from_utf8_lossy(&t).into_owned(), !changed)
        }
        Signature::Bytes(b) => (format!("{signing_input}.{}", b64(b)), false),
        Signature::Text(s) => (format!("{signing_input}.{s}"), false),
    };
    let Ok(principal) = f.verify(&token) else {
        return;
    };
    // Accepted: it must deserve it.
    assert!(
        genuine,
        "accepted a token that was not signed by the key ring: {token}"
    );
    assert_eq!(header.get("alg"), Some(&Value::from("RS256")), "{header:?}");
    assert!(!header.contains_key("crit"), "{header:?}");
    let tid = principal.tenant.to_string();
    assert_eq!(
        claims.get("tid"),
        Some(&Value::from(tid.clone())),
        "{claims:?}"
    );
    assert_eq!(
        claims.get("iss"),
        Some(&Value::from(format!("{BASE}/{tid}/v2.0"))),
        "{claims:?}"
    );
    assert_eq!(claims.get("ver"), Some(&Value::from("2.0")), "{claims:?}");
    let aud_ok = match claims.get("aud") {
        Some(Value::String(a)) => a == mscommerce_proto::RESOURCE_APP_ID,
        Some(Value::Array(a)) => {
            !a.is_empty() && a.iter().all(|v| v == mscommerce_proto::RESOURCE_APP_ID)
        }
        _ => false,
    };
    assert!(aud_ok, "{claims:?}");
    let seconds = |k: &str| claims.get(k).and_then(Value::as_f64);
    let exp = seconds("exp").expect("exp is required");
    let nbf = seconds("nbf").expect("nbf is required");
    assert!(exp + LEEWAY as f64 >= NOW as f64, "expired: {claims:?}");
    assert!(
        nbf - LEEWAY as f64 <= NOW as f64,
        "not yet valid: {claims:?}"
    );
    if let Some(iat) = seconds("iat") {
        assert!(
            iat - LEEWAY as f64 <= NOW as f64,
            "issued in the future: {claims:?}"
        );
    }
    assert_ne!(tid, mscommerce_identity::MSA_TENANT_ID);
    // The access decision on whatever the claims said.
    let _ = principal.read();
    let _ = principal.write();
    let _ = principal.caller_info();
});
