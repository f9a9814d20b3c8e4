//! The built-in identity provider's signing keys: an RSA-2048 key ring kept in a directory.
//!
//! Why it is built this way:
//! - Keys are files (PKCS#8 DER, mode 0600, in a 0700 directory, each written to a temporary file
//!   and renamed into place), so a restart keeps issued tokens valid and a crash never leaves half
//!   a key behind. Nothing relies on the umask, and files are never chmod-ed after the fact.
//! - `kid` is the RFC 7638 thumbprint of the public key: derived from the key itself, so a manifest
//!   entry cannot point a `kid` at another key (the loader recomputes and compares it).
//! - A manifest (`keyring.json`) lists the keys newest first with the time each one retires.
//!   [`KeyRing::rotate`] makes a new active key while the previous ones stay published until
//!   `retire_after` has passed (pass the access-token lifetime plus the verifier's leeway), so no
//!   token that is still valid loses its key. Retired keys leave the JWKS, and their files are
//!   deleted at the next `open` or `rotate`.
//! - Another process (the admin CLI) may rotate the keys while the server runs: signing notices the
//!   changed manifest and reloads, and the verifier reloads on an unknown `kid`.
//! - Signing uses aws-lc-rs directly with the parsed key held in memory (no re-parsing per token);
//!   verification goes through jsonwebtoken like every other token.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

use aws_lc_rs::encoding::AsDer;
use aws_lc_rs::rand::SystemRandom;
use aws_lc_rs::rsa::{KeyPair as RsaKeyPair, KeySize};
use aws_lc_rs::signature::{KeyPair as _, RSA_PKCS1_SHA256, RsaPublicKeyComponents};
use jsonwebtoken::DecodingKey;
use mscommerce_domain::Clock;
use serde::{Deserialize, Serialize};

use crate::secret::{b64url, random_bytes, sha256};

const MANIFEST: &str = "keyring.json";
const KEY_SUFFIX: &str = ".p8";

/// Loading, creating or using the key ring failed.
#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error("key ring {}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("key ring {} is damaged: {reason}", path.display())]
    Corrupt { path: PathBuf, reason: String },
    #[error("key ring cryptography failed: {0}")]
    Crypto(String),
}

fn io_err(path: &Path) -> impl FnOnce(std::io::Error) -> KeyError + '_ {
    move |source| KeyError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// One public key as a JWKS entry (RFC 7517), with Entra's `issuer` property.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Jwk {
    pub kty: String,
    #[serde(rename = "use")]
    pub use_: String,
    pub kid: String,
    pub n: String,
    pub e: String,
    pub alg: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issuer: Option<String>,
}

/// A JWKS document: `{"keys": [...]}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Jwks {
    pub keys: Vec<Jwk>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Manifest {
    version: u32,
    /// Newest first; the first entry without `retire_at` is the active key.
    keys: Vec<ManifestKey>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct ManifestKey {
    kid: String,
    /// Unix seconds.
    created_at: i64,
    /// Unix seconds; absent for the active key.
    #[serde(default)]
    retire_at: Option<i64>,
}

struct RingKey {
    kid: String,
    created_at: i64,
    retire_at: Option<i64>,
    pair: RsaKeyPair,
    n: Vec<u8>,
    e: Vec<u8>,
    verifying: Arc<DecodingKey>,
}

impl RingKey {
    fn from_pkcs8(der: &[u8], created_at: i64, retire_at: Option<i64>) -> Result<Self, String> {
        let pair =
            RsaKeyPair::from_pkcs8(der).map_err(|e| format!("not an RSA PKCS#8 key: {e}"))?;
        let components = RsaPublicKeyComponents::<Vec<u8>>::from(pair.public_key());
        let n = strip_leading_zeros(&components.n).to_vec();
        let e = strip_leading_zeros(&components.e).to_vec();
        if n.len() < 256 {
            return Err(format!(
                "the key has {} modulus bits; at least 2048 are required",
                n.len() * 8
            ));
        }
        let kid = thumbprint(&n, &e);
        let verifying = Arc::new(DecodingKey::from_rsa_raw_components(&n, &e));
        Ok(RingKey {
            kid,
            created_at,
            retire_at,
            pair,
            n,
            e,
            verifying,
        })
    }

    fn published_at(&self, now: i64) -> bool {
        self.retire_at.is_none_or(|r| now < r)
    }
}

fn strip_leading_zeros(b: &[u8]) -> &[u8] {
    let first = b.iter().position(|&x| x != 0).unwrap_or(b.len());
    &b[first..]
}

/// RFC 7638 JWK thumbprint (SHA-256, base64url) of an RSA public key: the members `e`, `kty`, `n`
/// in lexicographic order, no whitespace.
fn thumbprint(n: &[u8], e: &[u8]) -> String {
    let canonical = format!(r#"{{"e":"{}","kty":"RSA","n":"{}"}}"#, b64url(e), b64url(n));
    b64url(&sha256(canonical.as_bytes()))
}

fn valid_kid(kid: &str) -> bool {
    !kid.is_empty()
        && kid.len() <= 64
        && kid
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// What identifies the manifest file on disk, to notice another process replacing it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Stamp {
    ino: u64,
    len: u64,
    modified: Option<std::time::SystemTime>,
}

fn stamp(path: &Path) -> Option<Stamp> {
    let meta = fs::metadata(path).ok()?;
    #[cfg(unix)]
    let ino = std::os::unix::fs::MetadataExt::ino(&meta);
    #[cfg(not(unix))]
    let ino = 0;
    Some(Stamp {
        ino,
        len: meta.len(),
        modified: meta.modified().ok(),
    })
}

struct RingState {
    /// Newest first; `keys[0]` is the active key.
    keys: Vec<Arc<RingKey>>,
    stamp: Option<Stamp>,
}

/// The signing key ring. Cheap to share (`Arc<KeyRing>`); all methods take `&self`.
pub struct KeyRing {
    dir: PathBuf,
    clock: Arc<dyn Clock>,
    retire_after: time::Duration,
    state: RwLock<RingState>,
}

impl std::fmt::Debug for KeyRing {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KeyRing")
            .field("dir", &self.dir)
            .field("active_kid", &self.active_kid())
            .finish_non_exhaustive()
    }
}

impl KeyRing {
    /// How long [`KeyRing::rotate`] keeps the previous keys published: the default access-token
    /// lifetime (1 h) plus a margin for the verifier's leeway (5 min).
    pub const DEFAULT_RETIRE_AFTER: time::Duration = time::Duration::minutes(65);

    /// Opens the key ring in `dir` (the server passes `<data-dir>/keys`), creating the directory
    /// (0700) and a first key on first start. Deletes the files of keys retired before now.
    ///
    /// Blocking file I/O and, on first start, RSA key generation: call it at startup or from
    /// `spawn_blocking`.
    pub fn open(dir: impl Into<PathBuf>, clock: Arc<dyn Clock>) -> Result<KeyRing, KeyError> {
        let dir = dir.into();
        ensure_private_dir(&dir)?;
        let manifest_path = dir.join(MANIFEST);
        if !manifest_path.exists() {
            create_first_key(&dir, clock.now().unix_timestamp())?;
        }
        let ring = KeyRing {
            dir,
            clock,
            retire_after: Self::DEFAULT_RETIRE_AFTER,
            state: RwLock::new(RingState {
                keys: Vec::new(),
                stamp: None,
            }),
        };
        ring.reload()?;
        ring.prune()?;
        Ok(ring)
    }

    /// Sets how long [`KeyRing::rotate`] keeps previous keys published: the access-token lifetime
    /// plus the verifier's leeway (or more).
    pub fn with_retire_after(mut self, retire_after: time::Duration) -> Self {
        self.retire_after = retire_after;
        self
    }

    /// The directory the keys live in.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The `kid` of the key new tokens are signed with.
    pub fn active_kid(&self) -> String {
        self.read_state()
            .keys
            .first()
            .map(|k| k.kid.clone())
            .unwrap_or_default()
    }

    /// Makes a new active key; the previous keys stay published (and accepted) for the ring's
    /// retire-after time ([`KeyRing::DEFAULT_RETIRE_AFTER`] unless set with
    /// [`KeyRing::with_retire_after`]). Returns the new `kid`. A server sharing the directory
    /// signs with the new key from its next token on (no restart needed). Blocking (RSA key
    /// generation): use `spawn_blocking` in async code.
    pub fn rotate(&self) -> Result<String, KeyError> {
        self.rotate_with(self.retire_after)
    }

    /// [`KeyRing::rotate`] with an explicit retire-after time: pass the access-token lifetime
    /// plus the verifier's leeway.
    pub fn rotate_with(&self, retire_after: time::Duration) -> Result<String, KeyError> {
        // Start from what is on disk, in case another process rotated in the meantime.
        self.reload()?;
        let now = self.clock.now().unix_timestamp();
        let (der, key) = generate_key(now)?;
        write_private_file(&self.dir, &format!("{}{KEY_SUFFIX}", key.kid), &der)?;
        let retire_at = now.saturating_add(retire_after.whole_seconds());
        let mut manifest = Manifest {
            version: 1,
            keys: vec![ManifestKey {
                kid: key.kid.clone(),
                created_at: now,
                retire_at: None,
            }],
        };
        for old in &self.read_state().keys {
            if old.kid == key.kid {
                continue;
            }
            manifest.keys.push(ManifestKey {
                kid: old.kid.clone(),
                created_at: old.created_at,
                // A key retires once; a later rotation does not extend it.
                retire_at: Some(old.retire_at.map_or(retire_at, |r| r.min(retire_at))),
            });
        }
        write_manifest(&self.dir, &manifest)?;
        self.reload()?;
        self.prune()?;
        Ok(key.kid)
    }

    /// Re-reads the key ring if another process (`admin keys rotate`) replaced its manifest
    /// since it was last read; whether it did. A server calls this on a timer, so that a key
    /// retired by the operator stops being published and accepted without a restart.
    pub fn reload_if_changed(&self) -> Result<bool, KeyError> {
        if stamp(&self.dir.join(MANIFEST)) == self.read_state().stamp {
            return Ok(false);
        }
        self.reload()?;
        Ok(true)
    }

    /// Re-reads the manifest and key files (after another process rotated the keys).
    pub fn reload(&self) -> Result<(), KeyError> {
        let manifest_path = self.dir.join(MANIFEST);
        let before = stamp(&manifest_path);
        let manifest = read_manifest(&manifest_path)?;
        let mut keys = Vec::with_capacity(manifest.keys.len());
        for entry in &manifest.keys {
            keys.push(Arc::new(load_key(&self.dir, entry)?));
        }
        if keys.first().is_none_or(|k| k.retire_at.is_some()) {
            return Err(KeyError::Corrupt {
                path: manifest_path,
                reason: "the newest key is retired: there is no active key".into(),
            });
        }
        let mut state = self.state.write().unwrap_or_else(|e| e.into_inner());
        state.keys = keys;
        state.stamp = before;
        Ok(())
    }

    /// The JWKS of the keys published now. `issuer` goes into every key's `issuer` property as
    /// Entra does (e.g. `{base_url}/{tenantid}/v2.0`).
    pub fn jwks(&self, issuer: Option<&str>) -> Jwks {
        let now = self.clock.now().unix_timestamp();
        Jwks {
            keys: self
                .read_state()
                .keys
                .iter()
                .filter(|k| k.published_at(now))
                .map(|k| Jwk {
                    kty: "RSA".into(),
                    use_: "sig".into(),
                    kid: k.kid.clone(),
                    n: b64url(&k.n),
                    e: b64url(&k.e),
                    alg: "RS256".into(),
                    issuer: issuer.map(str::to_owned),
                })
                .collect(),
        }
    }

    /// Signs `claims` (a JSON object) as a compact RS256 JWT with header `{alg, typ: JWT, kid}`
    /// using the active key. Notices a rotation made by another process first.
    pub fn sign(&self, claims: &serde_json::Value) -> Result<String, KeyError> {
        self.reload_if_changed()?;
        let key = self
            .read_state()
            .keys
            .first()
            .cloned()
            .ok_or_else(|| KeyError::Crypto("the key ring has no active key".into()))?;
        let header = serde_json::json!({"alg": "RS256", "typ": "JWT", "kid": key.kid});
        let encode = |v: &serde_json::Value| {
            serde_json::to_vec(v)
                .map(|b| b64url(&b))
                .map_err(|e| KeyError::Crypto(e.to_string()))
        };
        let signing_input = format!("{}.{}", encode(&header)?, encode(claims)?);
        let mut signature = vec![0u8; key.pair.public_modulus_len()];
        key.pair
            .sign(
                &RSA_PKCS1_SHA256,
                &SystemRandom::new(),
                signing_input.as_bytes(),
                &mut signature,
            )
            .map_err(|_| KeyError::Crypto("RSA signing failed".into()))?;
        Ok(format!("{signing_input}.{}", b64url(&signature)))
    }

    /// The verification key for `kid` if that key is published now.
    pub(crate) fn verifying_key(&self, kid: &str) -> Option<Arc<DecodingKey>> {
        let now = self.clock.now().unix_timestamp();
        self.read_state()
            .keys
            .iter()
            .find(|k| k.kid == kid && k.published_at(now))
            .map(|k| Arc::clone(&k.verifying))
    }

    /// Whether the key `kid` is still published at `now` (Unix seconds): what a verification
    /// cached earlier needs to stay good, without taking a reference to the key.
    pub(crate) fn publishes(&self, kid: &str, now: i64) -> bool {
        self.read_state()
            .keys
            .iter()
            .any(|k| k.kid == kid && k.published_at(now))
    }

    fn read_state(&self) -> std::sync::RwLockReadGuard<'_, RingState> {
        self.state.read().unwrap_or_else(|e| e.into_inner())
    }

    /// Drops keys retired before now from the manifest and deletes their files.
    fn prune(&self) -> Result<(), KeyError> {
        let now = self.clock.now().unix_timestamp();
        let retired: Vec<String> = self
            .read_state()
            .keys
            .iter()
            .filter(|k| !k.published_at(now))
            .map(|k| k.kid.clone())
            .collect();
        if retired.is_empty() {
            return Ok(());
        }
        let manifest_path = self.dir.join(MANIFEST);
        let mut manifest = read_manifest(&manifest_path)?;
        manifest.keys.retain(|k| !retired.contains(&k.kid));
        write_manifest(&self.dir, &manifest)?;
        for kid in &retired {
            let path = self.dir.join(format!("{kid}{KEY_SUFFIX}"));
            match fs::remove_file(&path) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(io_err(&path)(e)),
            }
        }
        self.reload()
    }
}

fn generate_key(now: i64) -> Result<(Vec<u8>, RingKey), KeyError> {
    let pair = RsaKeyPair::generate(KeySize::Rsa2048)
        .map_err(|_| KeyError::Crypto("RSA-2048 key generation failed".into()))?;
    let der = pair
        .as_der()
        .map_err(|_| KeyError::Crypto("PKCS#8 encoding failed".into()))?
        .as_ref()
        .to_vec();
    let key = RingKey::from_pkcs8(&der, now, None).map_err(KeyError::Crypto)?;
    Ok((der, key))
}

fn create_first_key(dir: &Path, now: i64) -> Result<(), KeyError> {
    let (der, key) = generate_key(now)?;
    write_private_file(dir, &format!("{}{KEY_SUFFIX}", key.kid), &der)?;
    let manifest = Manifest {
        version: 1,
        keys: vec![ManifestKey {
            kid: key.kid.clone(),
            created_at: now,
            retire_at: None,
        }],
    };
    let bytes =
        serde_json::to_vec_pretty(&manifest).map_err(|e| KeyError::Crypto(e.to_string()))?;
    // Create-if-absent atomically: hard-link a complete temporary file to the final name. If
    // another process won the race, use its key ring and drop ours.
    let tmp = write_temp_file(dir, MANIFEST, &bytes)?;
    let target = dir.join(MANIFEST);
    let linked = fs::hard_link(&tmp, &target);
    let _ = fs::remove_file(&tmp);
    match linked {
        Ok(()) => sync_dir(dir),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            let _ = fs::remove_file(dir.join(format!("{}{KEY_SUFFIX}", key.kid)));
            Ok(())
        }
        Err(e) => Err(io_err(&target)(e)),
    }
}

fn read_manifest(path: &Path) -> Result<Manifest, KeyError> {
    let bytes = fs::read(path).map_err(io_err(path))?;
    let manifest: Manifest = serde_json::from_slice(&bytes).map_err(|e| KeyError::Corrupt {
        path: path.to_path_buf(),
        reason: format!("the manifest is not valid JSON: {e}"),
    })?;
    if manifest.version != 1 {
        return Err(KeyError::Corrupt {
            path: path.to_path_buf(),
            reason: format!("unknown manifest version {}", manifest.version),
        });
    }
    if manifest.keys.is_empty() {
        return Err(KeyError::Corrupt {
            path: path.to_path_buf(),
            reason: "the manifest lists no keys".into(),
        });
    }
    Ok(manifest)
}

fn write_manifest(dir: &Path, manifest: &Manifest) -> Result<(), KeyError> {
    let bytes = serde_json::to_vec_pretty(manifest).map_err(|e| KeyError::Crypto(e.to_string()))?;
    write_private_file(dir, MANIFEST, &bytes)
}

fn load_key(dir: &Path, entry: &ManifestKey) -> Result<RingKey, KeyError> {
    let corrupt = |reason: String| KeyError::Corrupt {
        path: dir.join(MANIFEST),
        reason,
    };
    // The kid names the file, so it must not be able to name anything else.
    if !valid_kid(&entry.kid) {
        return Err(corrupt(format!("invalid kid {:?}", entry.kid)));
    }
    let path = dir.join(format!("{}{KEY_SUFFIX}", entry.kid));
    check_private_file(&path)?;
    let der = fs::read(&path).map_err(io_err(&path))?;
    let key = RingKey::from_pkcs8(&der, entry.created_at, entry.retire_at)
        .map_err(|e| corrupt(format!("{}: {e}", path.display())))?;
    if key.kid != entry.kid {
        return Err(corrupt(format!(
            "{} holds the key {}, not {}",
            path.display(),
            key.kid,
            entry.kid
        )));
    }
    Ok(key)
}

#[cfg(unix)]
fn ensure_private_dir(dir: &Path) -> Result<(), KeyError> {
    use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
    fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
        .map_err(io_err(dir))?;
    let meta = fs::metadata(dir).map_err(io_err(dir))?;
    if meta.permissions().mode() & 0o077 != 0 {
        // An existing directory (made by someone else's create_dir_all) that others can read.
        tracing::warn!(dir = %dir.display(), "key directory was accessible to other users; restricting it to 0700");
        fs::set_permissions(dir, fs::Permissions::from_mode(0o700)).map_err(io_err(dir))?;
    }
    Ok(())
}

#[cfg(not(unix))]
fn ensure_private_dir(dir: &Path) -> Result<(), KeyError> {
    fs::create_dir_all(dir).map_err(io_err(dir))
}

#[cfg(unix)]
fn check_private_file(path: &Path) -> Result<(), KeyError> {
    use std::os::unix::fs::PermissionsExt;
    let meta = fs::metadata(path).map_err(io_err(path))?;
    if meta.permissions().mode() & 0o077 != 0 {
        tracing::warn!(file = %path.display(), "signing key file was accessible to other users; restricting it to 0600");
        fs::set_permissions(path, fs::Permissions::from_mode(0o600)).map_err(io_err(path))?;
    }
    Ok(())
}

#[cfg(not(unix))]
fn check_private_file(_path: &Path) -> Result<(), KeyError> {
    Ok(())
}

/// Writes `bytes` to a new temporary file (mode 0600) in `dir`, synced, and returns its path.
fn write_temp_file(dir: &Path, name: &str, bytes: &[u8]) -> Result<PathBuf, KeyError> {
    let suffix = random_bytes(6).map_err(|e| KeyError::Crypto(e.to_string()))?;
    let tmp = dir.join(format!(".{name}.{}.tmp", b64url(&suffix)));
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(&tmp).map_err(io_err(&tmp))?;
    let written = file.write_all(bytes).and_then(|()| file.sync_all());
    if let Err(e) = written {
        let _ = fs::remove_file(&tmp);
        return Err(io_err(&tmp)(e));
    }
    Ok(tmp)
}

/// Atomically replaces `dir/name` with `bytes` (temporary file, fsync, rename, fsync the dir).
fn write_private_file(dir: &Path, name: &str, bytes: &[u8]) -> Result<(), KeyError> {
    let tmp = write_temp_file(dir, name, bytes)?;
    let target = dir.join(name);
    if let Err(e) = fs::rename(&tmp, &target) {
        let _ = fs::remove_file(&tmp);
        return Err(io_err(&target)(e));
    }
    sync_dir(dir)
}

fn sync_dir(dir: &Path) -> Result<(), KeyError> {
    #[cfg(unix)]
    fs::File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(io_err(dir))?;
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use mscommerce_domain::ManualClock;
    use time::macros::datetime;

    fn clock() -> Arc<ManualClock> {
        Arc::new(ManualClock::new(datetime!(2026-01-01 00:00 UTC)))
    }

    #[test]
    fn thumbprint_matches_rfc7638_example() {
        // RFC 7638 §3.1.
        let n = base64::Engine::decode(
            &base64::engine::general_purpose::URL_SAFE_NO_PAD,
            "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw",
        )
        .unwrap();
        assert_eq!(
            thumbprint(&n, &[1, 0, 1]),
            "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs"
        );
    }

    #[test]
    fn first_open_creates_a_private_key_and_reopen_keeps_it() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("data/keys");
        let ring = KeyRing::open(&dir, clock()).unwrap();
        let kid = ring.active_kid();
        assert!(valid_kid(&kid));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode(&dir), 0o700);
            assert_eq!(mode(&dir.join(format!("{kid}.p8"))), 0o600);
            assert_eq!(mode(&dir.join(MANIFEST)), 0o600);
        }
        // No temporary files are left behind.
        let names: Vec<String> = fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert!(names.iter().all(|n| !n.ends_with(".tmp")), "{names:?}");
        assert_eq!(KeyRing::open(&dir, clock()).unwrap().active_kid(), kid);
        let jwks = ring.jwks(Some("https://idp.example/{tenantid}/v2.0"));
        assert_eq!(jwks.keys.len(), 1);
        assert_eq!(jwks.keys[0].kid, kid);
        assert_eq!(jwks.keys[0].e, "AQAB");
        assert_eq!(jwks.keys[0].alg, "RS256");
        assert_eq!(
            jwks.keys[0].issuer.as_deref(),
            Some("https://idp.example/{tenantid}/v2.0")
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_loose_existing_directory_is_tightened() {
        use std::os::unix::fs::PermissionsExt;
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("keys");
        fs::create_dir(&dir).unwrap();
        fs::set_permissions(&dir, fs::Permissions::from_mode(0o755)).unwrap();
        KeyRing::open(&dir, clock()).unwrap();
        assert_eq!(
            fs::metadata(&dir).unwrap().permissions().mode() & 0o777,
            0o700
        );
    }

    #[test]
    fn rotation_publishes_old_keys_until_they_retire_then_deletes_them() {
        let tmp = tempfile::tempdir().unwrap();
        let clock = clock();
        let ring = KeyRing::open(tmp.path(), clock.clone()).unwrap();
        let old = ring.active_kid();
        let new = ring.rotate_with(time::Duration::hours(1)).unwrap();
        assert_ne!(old, new);
        assert_eq!(ring.active_kid(), new);
        let kids = |r: &KeyRing| {
            r.jwks(None)
                .keys
                .into_iter()
                .map(|k| k.kid)
                .collect::<Vec<_>>()
        };
        assert_eq!(kids(&ring), vec![new.clone(), old.clone()]);
        assert!(ring.verifying_key(&old).is_some());

        clock.advance(time::Duration::minutes(59));
        assert!(ring.verifying_key(&old).is_some());
        assert!(ring.publishes(&old, clock.now().unix_timestamp()));
        clock.advance(time::Duration::minutes(1));
        assert!(ring.verifying_key(&old).is_none());
        assert!(!ring.publishes(&old, clock.now().unix_timestamp()));
        assert_eq!(kids(&ring), vec![new.clone()]);

        // The retired key's file goes at the next open.
        assert!(tmp.path().join(format!("{old}.p8")).exists());
        let reopened = KeyRing::open(tmp.path(), clock).unwrap();
        assert!(!tmp.path().join(format!("{old}.p8")).exists());
        assert_eq!(kids(&reopened), vec![new]);
    }

    #[test]
    fn plain_rotate_uses_the_rings_retire_after() {
        let tmp = tempfile::tempdir().unwrap();
        let clock = clock();
        let ring = KeyRing::open(tmp.path(), clock.clone()).unwrap();
        let old = ring.active_kid();
        ring.rotate().unwrap();
        clock.advance(time::Duration::minutes(64));
        assert!(ring.verifying_key(&old).is_some());
        clock.advance(time::Duration::minutes(1));
        assert!(ring.verifying_key(&old).is_none());

        let ring = KeyRing::open(tmp.path(), clock.clone())
            .unwrap()
            .with_retire_after(time::Duration::minutes(10));
        let old = ring.active_kid();
        ring.rotate().unwrap();
        clock.advance(time::Duration::minutes(10));
        assert!(ring.verifying_key(&old).is_none());
    }

    #[test]
    fn signing_notices_a_rotation_by_another_process() {
        let tmp = tempfile::tempdir().unwrap();
        let clock = clock();
        let server = KeyRing::open(tmp.path(), clock.clone()).unwrap();
        let admin = KeyRing::open(tmp.path(), clock).unwrap();
        let new = admin.rotate_with(time::Duration::hours(1)).unwrap();
        let token = server.sign(&serde_json::json!({"a": 1})).unwrap();
        let header: serde_json::Value = serde_json::from_slice(
            &base64::Engine::decode(
                &base64::engine::general_purpose::URL_SAFE_NO_PAD,
                token.split('.').next().unwrap(),
            )
            .unwrap(),
        )
        .unwrap();
        assert_eq!(header["kid"], new.as_str());
        assert_eq!(header["alg"], "RS256");
        assert_eq!(header["typ"], "JWT");
    }

    #[test]
    fn a_manifest_pointing_a_kid_at_another_key_is_refused() {
        let tmp = tempfile::tempdir().unwrap();
        let clock = clock();
        let ring = KeyRing::open(tmp.path(), clock).unwrap();
        let old = ring.active_kid();
        let new = ring.rotate_with(time::Duration::hours(1)).unwrap();
        // Swap the files: each kid now names the other key.
        let a = tmp.path().join(format!("{old}.p8"));
        let b = tmp.path().join(format!("{new}.p8"));
        let (da, db) = (fs::read(&a).unwrap(), fs::read(&b).unwrap());
        fs::write(&a, db).unwrap();
        fs::write(&b, da).unwrap();
        assert!(matches!(ring.reload(), Err(KeyError::Corrupt { .. })));
        // A kid that would name a path outside the directory is refused as well.
        let manifest = tmp.path().join(MANIFEST);
        fs::write(
            &manifest,
            r#"{"version":1,"keys":[{"kid":"../../etc/passwd","created_at":0}]}"#,
        )
        .unwrap();
        assert!(matches!(ring.reload(), Err(KeyError::Corrupt { .. })));
    }
}
