//! The JWKS cache of one external issuer (Entra ID or another OIDC provider).
//!
//! Built after Microsoft's signing-key rollover guidance: keys cached per `kid`; a synchronous
//! refresh on an unknown `kid`, but at most once per `min_refresh_interval` (so a flood of random
//! `kid`s cannot turn into a flood of fetches), single-flight (concurrent callers wait for the one
//! fetch in progress); a periodic refresh once the keys are older than `max_age`, done by whoever
//! finds the fetch lock free while everyone else keeps using the cached keys; the last known good
//! keys are kept when a fetch fails. The fetch itself has a timeout, follows no redirects and
//! reads at most `max_bytes`. All times come from the injected clock.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::DecodingKey;
use mscommerce_domain::Clock;
use serde_json::Value;
use time::{Duration, OffsetDateTime};

/// At most this many keys are taken from one JWKS document.
const MAX_KEYS: usize = 100;

/// A verification key and the `issuer` its JWKS entry names (Entra's key-issuer binding).
pub(crate) struct RemoteKey {
    pub key: Arc<DecodingKey>,
    pub issuer: Option<String>,
}

pub(crate) enum Lookup {
    Found(Arc<RemoteKey>),
    /// The keys are known but this `kid` is not among them.
    Unknown,
    /// No keys have ever been fetched, and the last fetch failed.
    Unavailable(String),
}

#[derive(Default)]
struct KeySet {
    keys: HashMap<String, Arc<RemoteKey>>,
    fetched_at: Option<OffsetDateTime>,
}

#[derive(Default)]
struct Gate {
    last_attempt: Option<OffsetDateTime>,
    last_error: Option<String>,
}

pub(crate) struct RemoteJwks {
    uri: String,
    client: reqwest::Client,
    clock: Arc<dyn Clock>,
    min_refresh_interval: Duration,
    max_age: Duration,
    max_bytes: usize,
    keys: RwLock<Arc<KeySet>>,
    gate: tokio::sync::Mutex<Gate>,
}

impl RemoteJwks {
    pub(crate) fn new(
        uri: String,
        client: reqwest::Client,
        clock: Arc<dyn Clock>,
        min_refresh_interval: Duration,
        max_age: Duration,
        max_bytes: usize,
    ) -> Self {
        RemoteJwks {
            uri,
            client,
            clock,
            min_refresh_interval,
            max_age,
            max_bytes,
            keys: RwLock::new(Arc::new(KeySet::default())),
            gate: tokio::sync::Mutex::new(Gate::default()),
        }
    }

    fn current(&self) -> Arc<KeySet> {
        Arc::clone(&self.keys.read().unwrap_or_else(|e| e.into_inner()))
    }

    /// Whether `kid` is in the cached keys and those are not due for a refresh (no fetch): used
    /// to re-check cached tokens, so that a removed key is noticed once the keys are refreshed.
    pub(crate) fn has_fresh_key(&self, kid: &str) -> bool {
        let set = self.current();
        set.keys.contains_key(kid)
            && set
                .fetched_at
                .is_some_and(|at| self.clock.now() - at < self.max_age)
    }

    /// The key for `kid`, fetching the JWKS when the `kid` is unknown (rate-limited) or the keys
    /// are stale (opportunistically).
    pub(crate) async fn key(&self, kid: &str) -> Lookup {
        let set = self.current();
        if set.keys.contains_key(kid) {
            let stale = set
                .fetched_at
                .is_none_or(|at| self.clock.now() - at >= self.max_age);
            if stale && let Ok(mut gate) = self.gate.try_lock() {
                self.refresh(&mut gate).await;
            }
            return match self.current().keys.get(kid) {
                Some(k) => Lookup::Found(Arc::clone(k)),
                None => Lookup::Unknown,
            };
        }
        // Unknown kid: wait for any fetch in progress, then fetch unless one ran too recently.
        let mut gate = self.gate.lock().await;
        if let Some(k) = self.current().keys.get(kid) {
            return Lookup::Found(Arc::clone(k));
        }
        self.refresh(&mut gate).await;
        let set = self.current();
        match set.keys.get(kid) {
            Some(k) => Lookup::Found(Arc::clone(k)),
            None if set.fetched_at.is_none() => Lookup::Unavailable(
                gate.last_error
                    .clone()
                    .unwrap_or_else(|| "no keys fetched yet".into()),
            ),
            None => Lookup::Unknown,
        }
    }

    /// One fetch, unless the previous attempt was less than `min_refresh_interval` ago. Keeps the
    /// current keys when the fetch fails.
    async fn refresh(&self, gate: &mut Gate) {
        let now = self.clock.now();
        if let Some(last) = gate.last_attempt
            && now - last < self.min_refresh_interval
            && now >= last
        {
            return;
        }
        gate.last_attempt = Some(now);
        match self.fetch().await {
            Ok(keys) => {
                gate.last_error = None;
                let set = KeySet {
                    keys,
                    fetched_at: Some(now),
                };
                *self.keys.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(set);
            }
            Err(e) => {
                tracing::warn!(jwks_uri = %self.uri, error = %e, "fetching signing keys failed; keeping the last known keys");
                gate.last_error = Some(e);
            }
        }
    }

    async fn fetch(&self) -> Result<HashMap<String, Arc<RemoteKey>>, String> {
        let mut response = self
            .client
            .get(&self.uri)
            .header("accept", "application/json")
            .send()
            .await
            .map_err(|e| format!("request failed: {e}"))?;
        if response.status() != reqwest::StatusCode::OK {
            return Err(format!("the JWKS endpoint answered {}", response.status()));
        }
        if response
            .content_length()
            .is_some_and(|len| len > self.max_bytes as u64)
        {
            return Err(format!("the JWKS is larger than {} bytes", self.max_bytes));
        }
        let body = read_bounded(&mut response, self.max_bytes)
            .await
            .map_err(|e| match e {
                BoundedRead::TooLarge => {
                    format!("the JWKS is larger than {} bytes", self.max_bytes)
                }
                BoundedRead::Broken(e) => format!("reading the JWKS failed: {e}"),
            })?;
        parse_jwks(&body)
    }
}

/// Why [`read_bounded`] stopped.
#[derive(Debug)]
pub enum BoundedRead {
    /// The body is longer than allowed.
    TooLarge,
    /// The connection broke off.
    Broken(reqwest::Error),
}

/// A response's body, at most `max` bytes: what another server sends is read no further than
/// that, whatever it announces.
pub async fn read_bounded(
    response: &mut reqwest::Response,
    max: usize,
) -> Result<Vec<u8>, BoundedRead> {
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(BoundedRead::Broken)? {
        if body.len() + chunk.len() > max {
            return Err(BoundedRead::TooLarge);
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// The usable RS256 signing keys of a JWKS document.
pub(crate) fn parse_jwks(body: &[u8]) -> Result<HashMap<String, Arc<RemoteKey>>, String> {
    let doc: Value =
        serde_json::from_slice(body).map_err(|e| format!("the JWKS is not JSON: {e}"))?;
    let list = doc
        .get("keys")
        .and_then(Value::as_array)
        .ok_or("the JWKS has no 'keys' array")?;
    let mut keys = HashMap::new();
    for jwk in list.iter().take(MAX_KEYS) {
        let field = |name: &str| jwk.get(name).and_then(Value::as_str);
        if field("kty") != Some("RSA")
            || field("use").is_some_and(|u| u != "sig")
            || field("alg").is_some_and(|a| a != "RS256")
        {
            continue;
        }
        let (Some(kid), Some(n), Some(e)) = (field("kid"), field("n"), field("e")) else {
            continue;
        };
        if kid.is_empty() || kid.len() > 256 || keys.contains_key(kid) {
            continue;
        }
        let (Ok(n), Ok(e)) = (decode_b64url(n), decode_b64url(e)) else {
            continue;
        };
        let n = strip_leading_zeros(&n);
        if n.len() < 256 || e.is_empty() || e.len() > 8 {
            // Under 2048 bits, or a nonsensical exponent.
            continue;
        }
        keys.insert(
            kid.to_owned(),
            Arc::new(RemoteKey {
                key: Arc::new(DecodingKey::from_rsa_raw_components(n, &e)),
                issuer: field("issuer").map(str::to_owned),
            }),
        );
    }
    if keys.is_empty() {
        return Err("the JWKS holds no usable RS256 signing key".into());
    }
    Ok(keys)
}

fn decode_b64url(s: &str) -> Result<Vec<u8>, base64::DecodeError> {
    // Some providers pad their JWKS values; the token itself is parsed strictly elsewhere.
    URL_SAFE_NO_PAD.decode(s.trim_end_matches('='))
}

fn strip_leading_zeros(b: &[u8]) -> &[u8] {
    let first = b.iter().position(|&x| x != 0).unwrap_or(b.len());
    &b[first..]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_usable_rs256_signing_keys_are_taken() {
        let n = URL_SAFE_NO_PAD.encode([0xC5u8; 256]);
        let short_n = URL_SAFE_NO_PAD.encode([0xC5u8; 128]);
        let doc = serde_json::json!({"keys": [
            {"kty": "RSA", "kid": "good", "n": n, "e": "AQAB", "issuer": "https://x/{tenantid}/v2.0"},
            {"kty": "RSA", "kid": "enc", "use": "enc", "n": n, "e": "AQAB"},
            {"kty": "RSA", "kid": "ps", "alg": "PS256", "n": n, "e": "AQAB"},
            {"kty": "RSA", "kid": "small", "n": short_n, "e": "AQAB"},
            {"kty": "EC", "kid": "ec", "crv": "P-256", "x": "AA", "y": "AA"},
            {"kty": "oct", "kid": "hmac", "k": "c2VjcmV0"},
            {"kty": "RSA", "n": n, "e": "AQAB"},
        ]});
        let keys = parse_jwks(doc.to_string().as_bytes()).unwrap();
        assert_eq!(keys.keys().collect::<Vec<_>>(), vec!["good"]);
        assert_eq!(
            keys["good"].issuer.as_deref(),
            Some("https://x/{tenantid}/v2.0")
        );
        assert!(parse_jwks(br#"{"keys":[]}"#).is_err());
        assert!(parse_jwks(b"<html>").is_err());
    }
}
