//! Strict parsing of compact JWS tokens, shared by access-token verification and client
//! assertions.
//!
//! The header and claims are parsed here, by us, into plain JSON maps, and the time claims are read
//! as numbers only (a string `exp` is an error, never "absent": CVE-2026-25537's lesson). Only the
//! RS256 signature check itself is delegated to jsonwebtoken (and through it to aws-lc-rs), with
//! the algorithm fixed by the caller, never taken from the header. jsonwebtoken's own claim
//! validation, which reads the system clock, is never used.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::{Algorithm, DecodingKey};
use serde_json::{Map, Value};

/// A token split into its parts; the signature is not checked yet.
pub(crate) struct Compact<'a> {
    pub header: Map<String, Value>,
    pub claims: Map<String, Value>,
    /// `base64url(header) "." base64url(claims)`: what the signature covers.
    pub signing_input: &'a str,
    pub signature: &'a str,
}

/// Splits and decodes a compact JWS. The error says what is wrong with the shape.
pub(crate) fn parse(token: &str) -> Result<Compact<'_>, String> {
    if token.is_empty() {
        return Err("the token is empty".into());
    }
    if let Some(bad) = token
        .bytes()
        .find(|b| !(b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.')))
    {
        return Err(format!(
            "it contains the character {:?}, which is not base64url",
            char::from(bad)
        ));
    }
    let parts: Vec<&str> = token.split('.').collect();
    if parts.len() != 3 {
        return Err(format!(
            "a JWT has 3 dot-separated segments, this token has {}",
            parts.len()
        ));
    }
    let (h, c, s) = (parts[0], parts[1], parts[2]);
    if s.is_empty() {
        return Err("the signature segment is empty".into());
    }
    let header = decode_object(h, "header")?;
    let claims = decode_object(c, "claims")?;
    let signing_input = &token[..h.len() + 1 + c.len()];
    Ok(Compact {
        header,
        claims,
        signing_input,
        signature: s,
    })
}

fn decode_object(segment: &str, what: &str) -> Result<Map<String, Value>, String> {
    let bytes = URL_SAFE_NO_PAD
        .decode(segment)
        .map_err(|_| format!("the {what} segment is not valid base64url"))?;
    match serde_json::from_slice::<Value>(&bytes) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Err(format!("the {what} is not a JSON object")),
        Err(_) => Err(format!("the {what} is not JSON")),
    }
}

/// Whether the RS256 signature over the signing input verifies with `key`.
pub(crate) fn verify_rs256(jwt: &Compact<'_>, key: &DecodingKey) -> bool {
    verify_rsa(jwt, key, Algorithm::RS256)
}

/// Whether the signature over the signing input verifies with the RSA `key` under `alg`
/// (the caller has decided which algorithms it accepts).
pub(crate) fn verify_rsa(jwt: &Compact<'_>, key: &DecodingKey, alg: Algorithm) -> bool {
    matches!(
        jsonwebtoken::crypto::verify(jwt.signature, jwt.signing_input.as_bytes(), key, alg),
        Ok(true)
    )
}

/// A NumericDate claim: `Ok(None)` when absent, `Err` when present but not a number.
pub(crate) fn numeric_date(claims: &Map<String, Value>, name: &str) -> Result<Option<i64>, String> {
    match claims.get(name) {
        None => Ok(None),
        Some(Value::Number(n)) => {
            if let Some(i) = n.as_i64() {
                Ok(Some(i))
            } else if let Some(f) = n.as_f64().filter(|f| f.is_finite()) {
                // Fractional seconds are allowed by RFC 7519; huge values saturate.
                #[allow(clippy::cast_possible_truncation)]
                Ok(Some(f.floor() as i64))
            } else {
                Err("is not a usable number".into())
            }
        }
        Some(_) => Err("must be a number of seconds since 1970 (NumericDate)".into()),
    }
}

/// A string claim: `Ok(None)` when absent, `Err` when present but not a string.
pub(crate) fn string_claim<'a>(
    claims: &'a Map<String, Value>,
    name: &str,
) -> Result<Option<&'a str>, String> {
    match claims.get(name) {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => Err("must be a string".into()),
    }
}

/// An array-of-strings claim: `Ok(vec![])` when absent.
pub(crate) fn string_array_claim(
    claims: &Map<String, Value>,
    name: &str,
) -> Result<Vec<String>, String> {
    match claims.get(name) {
        None => Ok(Vec::new()),
        Some(Value::Array(items)) => items
            .iter()
            .map(|v| {
                v.as_str()
                    .map(str::to_owned)
                    .ok_or_else(|| "must be an array of strings".to_owned())
            })
            .collect(),
        Some(_) => Err("must be an array of strings".into()),
    }
}

/// `aud` as a list: a string or an array of strings.
pub(crate) fn audiences(claims: &Map<String, Value>) -> Result<Option<Vec<String>>, String> {
    match claims.get("aud") {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(vec![s.clone()])),
        Some(Value::Array(_)) => {
            let list = string_array_claim(claims, "aud")?;
            if list.is_empty() {
                Err("is an empty array".into())
            } else {
                Ok(Some(list))
            }
        }
        Some(_) => Err("must be a string or an array of strings".into()),
    }
}

/// Text from a token, made safe to echo in an error message and in a `WWW-Authenticate` header:
/// printable ASCII without quotes or backslashes, at most 80 characters.
pub(crate) fn echo(s: &str) -> String {
    let mut out: String = s
        .chars()
        .take(80)
        .map(|c| {
            if (c.is_ascii_graphic() && c != '"' && c != '\\') || c == ' ' {
                c
            } else {
                '?'
            }
        })
        .collect();
    if s.chars().count() > 80 {
        out.push_str("...");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seg(v: &str) -> String {
        URL_SAFE_NO_PAD.encode(v)
    }

    #[test]
    fn shapes_that_are_not_jwts() {
        let h = seg(r#"{"alg":"RS256"}"#);
        let c = seg(r#"{"a":1}"#);
        for (token, expect) in [
            ("", "empty"),
            ("abc", "3 dot-separated segments, this token has 1"),
            ("a.b", "has 2"),
            ("a.b.c.d", "has 4"),
            (&format!("{h}.{c}."), "signature segment is empty"),
            (&format!("{h}.{c}.sig=="), "not base64url"),
            (&format!("{h}.{c}.s ig"), "not base64url"),
            (
                &format!("{}.{c}.sig", seg("not json")),
                "header is not JSON",
            ),
            (
                &format!("{}.{c}.sig", seg("[1]")),
                "header is not a JSON object",
            ),
            (
                &format!("{h}.a.sig"),
                "claims segment is not valid base64url",
            ),
            // Padding inside a segment is not base64url-without-padding.
            (&format!("{h}.{c}=.sig"), "not base64url"),
        ] {
            let err = parse(token).err().unwrap_or_default();
            assert!(err.contains(expect), "{token:?}: {err}");
        }
        let token = format!("{h}.{c}.c2ln");
        let ok = parse(&token).unwrap();
        assert_eq!(ok.signing_input, format!("{h}.{c}"));
        assert_eq!(ok.signature, "c2ln");
    }

    #[test]
    fn time_claims_must_be_numbers() {
        let claims: Map<String, Value> = serde_json::from_str(
            r#"{"exp":"never","nbf":"99999999999","iat":1.7,"big":1e300,"n":5}"#,
        )
        .unwrap();
        assert!(numeric_date(&claims, "exp").is_err());
        assert!(numeric_date(&claims, "nbf").is_err());
        assert_eq!(numeric_date(&claims, "iat").unwrap(), Some(1));
        assert_eq!(numeric_date(&claims, "n").unwrap(), Some(5));
        assert_eq!(numeric_date(&claims, "missing").unwrap(), None);
        assert!(numeric_date(&claims, "big").unwrap().is_some());
    }

    #[test]
    fn echo_makes_attacker_text_header_safe() {
        assert_eq!(echo("../../etc/passwd"), "../../etc/passwd");
        assert_eq!(echo("a\"b\\c\r\nd"), "a?b?c??d");
        assert_eq!(echo(&"x".repeat(100)).len(), 83);
    }
}
