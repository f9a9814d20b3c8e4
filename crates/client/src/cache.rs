//! The token cache: one JSON file with a profile per sign-in, side by side.
//!
//! - The directory is created `0700` and the file `0600` at creation (never a `chmod` after the
//!   fact, never `umask`: rust-notes pitfall 13). On Windows the user's profile directory ACLs
//!   apply.
//! - Every write goes to a new temporary file in the same directory, is synced, then renamed over
//!   the cache: a reader sees the old file or the new one, never half of one.
//! - Read-modify-write happens under an exclusive lock on a separate lock file (`File::lock`), so
//!   two processes refreshing at once serialise and the file stays valid (msal-extensions' rule).
//! - A file that does not parse is reported as [`CacheError::Corrupt`]: the caller says
//!   "connect again"; signing in again overwrites it.
//! - Tokens are [`SecretString`]s: `Debug` of a profile shows `[REDACTED]`.

use std::collections::BTreeMap;
use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::error::CacheError;

/// Overrides the configuration directory.
pub const CONFIG_DIR_ENV: &str = "MSCOMMERCE_CONFIG_DIR";
/// The cache file's name in the configuration directory.
pub const CACHE_FILE: &str = "tokens.json";
const LOCK_FILE: &str = "tokens.lock";
const FORMAT_VERSION: u32 = 1;
/// The profile used when none is named.
pub const DEFAULT_PROFILE: &str = "default";

/// How a profile signed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SignInMode {
    DeviceCode,
    Password,
    /// The authorization code flow with PKCE, in the user's browser.
    Browser,
    ClientSecret,
    Certificate,
}

impl SignInMode {
    /// App-only (client credentials) modes.
    pub fn is_app(self) -> bool {
        matches!(self, SignInMode::ClientSecret | SignInMode::Certificate)
    }
}

/// Where an app-only profile gets its credential again when its token expires (client
/// credentials never give a refresh token). The secret itself is never stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum AppCredentialSource {
    /// Read again from this file.
    SecretFile { path: PathBuf },
    /// Read again from `MSCOMMERCE_CLIENT_SECRET`.
    SecretEnv,
    /// Sign a new assertion with this certificate (and key file).
    Certificate {
        path: PathBuf,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        key_path: Option<PathBuf>,
    },
}

/// One sign-in.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Profile {
    /// The licensing service (`--endpoint`).
    pub endpoint: String,
    /// The identity provider.
    pub authority: String,
    /// The tenant as given (`--tenant`): a domain, an id, or `organizations`.
    pub tenant: String,
    /// The tenant id the token was issued for (`tid`).
    #[serde(default)]
    pub tenant_id: Option<String>,
    pub client_id: String,
    pub mode: SignInMode,
    /// The user's sign-in name, or the app id.
    #[serde(default)]
    pub account: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub app_credential: Option<AppCredentialSource>,
    #[serde(serialize_with = "ser_secret", deserialize_with = "de_secret")]
    pub access_token: SecretString,
    #[serde(
        default,
        serialize_with = "ser_opt_secret",
        deserialize_with = "de_opt_secret",
        skip_serializing_if = "Option::is_none"
    )]
    pub refresh_token: Option<SecretString>,
    /// Unix time at which the access token expires.
    pub expires_at: i64,
    pub scope: String,
}

fn ser_secret<S: Serializer>(s: &SecretString, ser: S) -> Result<S::Ok, S::Error> {
    ser.serialize_str(s.expose_secret())
}

fn de_secret<'de, D: Deserializer<'de>>(d: D) -> Result<SecretString, D::Error> {
    String::deserialize(d).map(SecretString::from)
}

fn ser_opt_secret<S: Serializer>(s: &Option<SecretString>, ser: S) -> Result<S::Ok, S::Error> {
    match s {
        Some(s) => ser.serialize_some(s.expose_secret()),
        None => ser.serialize_none(),
    }
}

fn de_opt_secret<'de, D: Deserializer<'de>>(d: D) -> Result<Option<SecretString>, D::Error> {
    Ok(Option::<String>::deserialize(d)?.map(SecretString::from))
}

/// The whole file.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CacheData {
    pub version: u32,
    /// The profile commands use when `--profile` is not given.
    #[serde(default)]
    pub current: Option<String>,
    #[serde(default)]
    pub profiles: BTreeMap<String, Profile>,
}

impl Default for CacheData {
    fn default() -> Self {
        CacheData {
            version: FORMAT_VERSION,
            current: None,
            profiles: BTreeMap::new(),
        }
    }
}

/// A profile name: 1 to 64 letters, digits, `.`, `-`, `_` (it ends up in commands users copy).
pub fn validate_profile_name(name: &str) -> Result<(), CacheError> {
    let ok = !name.is_empty()
        && name.len() <= 64
        && !name.starts_with('.')
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_'));
    if ok {
        Ok(())
    } else {
        Err(CacheError::ProfileName(name.to_owned()))
    }
}

/// Held while the cache is read, changed and written; dropping it releases the lock.
#[derive(Debug)]
pub struct CacheLock {
    _file: File,
}

/// The cache in one directory.
#[derive(Debug, Clone)]
pub struct TokenCache {
    dir: PathBuf,
}

impl TokenCache {
    pub fn new(dir: impl Into<PathBuf>) -> TokenCache {
        TokenCache { dir: dir.into() }
    }

    /// `MSCOMMERCE_CONFIG_DIR` when set and not empty (the caller passes its value), else the
    /// platform's configuration directory + `mscommerce`.
    pub fn locate(config_dir_override: Option<&std::ffi::OsStr>) -> Result<TokenCache, CacheError> {
        match config_dir_override.filter(|v| !v.is_empty()) {
            Some(dir) => Ok(TokenCache::new(dir)),
            None => dirs::config_dir()
                .map(|d| TokenCache::new(d.join("mscommerce")))
                .ok_or(CacheError::NoConfigDir),
        }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The cache file.
    pub fn path(&self) -> PathBuf {
        self.dir.join(CACHE_FILE)
    }

    fn io(&self, path: &Path) -> impl FnOnce(std::io::Error) -> CacheError {
        let path = path.to_owned();
        move |source| CacheError::Io { path, source }
    }

    /// Reads the cache; a missing file is an empty cache.
    pub fn load(&self) -> Result<CacheData, CacheError> {
        let path = self.path();
        let bytes = match fs::read(&path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(CacheData::default()),
            Err(e) => return Err(self.io(&path)(e)),
        };
        let corrupt = |message: String| CacheError::Corrupt {
            path: path.clone(),
            message,
        };
        let data: CacheData = serde_json::from_slice(&bytes).map_err(|e| corrupt(e.to_string()))?;
        if data.version != FORMAT_VERSION {
            return Err(corrupt(format!(
                "format version {} (this mscommerce reads {FORMAT_VERSION})",
                data.version
            )));
        }
        for name in data.profiles.keys() {
            validate_profile_name(name).map_err(|e| corrupt(e.to_string()))?;
        }
        Ok(data)
    }

    /// Creates the directory (0700) if needed and takes the exclusive lock, waiting for another
    /// process that holds it.
    pub fn lock(&self) -> Result<CacheLock, CacheError> {
        self.ensure_dir()?;
        let path = self.dir.join(LOCK_FILE);
        let mut options = OpenOptions::new();
        options.read(true).write(true).create(true).truncate(false);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        let file = options.open(&path).map_err(self.io(&path))?;
        file.lock().map_err(self.io(&path))?;
        Ok(CacheLock { _file: file })
    }

    /// Writes the cache atomically (temp file 0600 + fsync + rename + directory fsync). Takes
    /// the lock as proof that the caller read and changed the cache under it.
    pub fn save(&self, _lock: &CacheLock, data: &CacheData) -> Result<(), CacheError> {
        let path = self.path();
        let json = serde_json::to_vec_pretty(data).map_err(|e| CacheError::Corrupt {
            path: path.clone(),
            message: e.to_string(),
        })?;
        let tmp = self.dir.join(format!(
            ".{CACHE_FILE}.{}.{}.tmp",
            std::process::id(),
            uuid::Uuid::new_v4().simple()
        ));
        let mut options = OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        let result = (|| {
            let mut file = options.open(&tmp)?;
            file.write_all(&json)?;
            file.write_all(b"\n")?;
            file.sync_all()?;
            drop(file);
            fs::rename(&tmp, &path)
        })();
        if let Err(e) = result {
            let _ = fs::remove_file(&tmp);
            return Err(self.io(&path)(e));
        }
        #[cfg(unix)]
        if let Ok(dir) = File::open(&self.dir) {
            // Makes the rename durable; not fatal if the platform refuses.
            let _ = dir.sync_all();
        }
        Ok(())
    }

    fn ensure_dir(&self) -> Result<(), CacheError> {
        let mut builder = fs::DirBuilder::new();
        builder.recursive(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::DirBuilderExt;
            builder.mode(0o700);
        }
        builder.create(&self.dir).map_err(self.io(&self.dir))?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            // A directory that already existed (MSCOMMERCE_CONFIG_DIR pointing at one) may be
            // open to others: tokens must not sit there, so it is made private.
            let meta = fs::metadata(&self.dir).map_err(self.io(&self.dir))?;
            if meta.permissions().mode() & 0o077 != 0 {
                tracing::debug!(dir = %self.dir.display(), "making the configuration directory private (0700)");
                fs::set_permissions(&self.dir, fs::Permissions::from_mode(0o700))
                    .map_err(self.io(&self.dir))?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;

    fn profile(token: &str) -> Profile {
        Profile {
            endpoint: "http://127.0.0.1:1".into(),
            authority: "http://127.0.0.1:1".into(),
            tenant: "contoso.example".into(),
            tenant_id: None,
            client_id: "c".into(),
            mode: SignInMode::Password,
            account: Some("admin@contoso.example".into()),
            app_credential: None,
            access_token: SecretString::from(token),
            refresh_token: Some(SecretString::from("refresh-secret")),
            expires_at: 0,
            scope: "s".into(),
        }
    }

    #[test]
    fn missing_cache_is_empty_and_profiles_round_trip() {
        let tmp = tempfile::tempdir().unwrap();
        let cache = TokenCache::new(tmp.path().join("cfg"));
        let data = cache.load().unwrap();
        assert!(data.profiles.is_empty());
        let mut data = CacheData::default();
        data.profiles
            .insert("default".into(), profile("access-secret"));
        data.profiles.insert("fabrikam".into(), profile("other"));
        data.current = Some("fabrikam".into());
        let lock = cache.lock().unwrap();
        cache.save(&lock, &data).unwrap();
        drop(lock);
        let back = cache.load().unwrap();
        assert_eq!(back.current.as_deref(), Some("fabrikam"));
        assert_eq!(
            back.profiles["default"].access_token.expose_secret(),
            "access-secret"
        );
        assert_eq!(
            back.profiles["default"]
                .refresh_token
                .as_ref()
                .unwrap()
                .expose_secret(),
            "refresh-secret"
        );
        // Only the cache and the lock file are left behind.
        let mut names: Vec<_> = fs::read_dir(cache.dir())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        names.sort();
        assert_eq!(names, ["tokens.json", "tokens.lock"]);
    }

    #[test]
    fn debug_output_never_shows_tokens() {
        let p = profile("access-secret");
        let text = format!("{p:?} {:?}", CacheData::default());
        assert!(!text.contains("access-secret"));
        assert!(!text.contains("refresh-secret"));
        assert!(format!("{p:?}").contains("REDACTED"));
    }

    #[cfg(unix)]
    #[test]
    fn modes_are_0700_and_0600_even_in_a_directory_open_to_others() {
        use std::os::unix::fs::PermissionsExt;
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("open");
        fs::create_dir(&dir).unwrap();
        fs::set_permissions(&dir, fs::Permissions::from_mode(0o777)).unwrap();
        let cache = TokenCache::new(&dir);
        let lock = cache.lock().unwrap();
        cache.save(&lock, &CacheData::default()).unwrap();
        let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&dir), 0o700);
        assert_eq!(mode(&cache.path()), 0o600);
        assert_eq!(mode(&dir.join(LOCK_FILE)), 0o600);
        let nested = TokenCache::new(tmp.path().join("a/b/c"));
        let lock = nested.lock().unwrap();
        nested.save(&lock, &CacheData::default()).unwrap();
        assert_eq!(mode(nested.dir()), 0o700);
        assert_eq!(mode(&nested.path()), 0o600);
    }

    #[test]
    fn a_corrupt_cache_is_an_error_not_a_panic() {
        let tmp = tempfile::tempdir().unwrap();
        let cache = TokenCache::new(tmp.path());
        for garbage in [
            &b"\x00\xffnot json"[..],
            b"",
            b"{\"version\":1,\"profiles\":{\"default\":{\"endpoint\":1}}}",
            b"{\"version\":99}",
            b"[]",
            b"{\"version\":1,\"profiles\":{\"../x\":{}}}",
        ] {
            fs::write(cache.path(), garbage).unwrap();
            assert!(
                matches!(cache.load(), Err(CacheError::Corrupt { .. })),
                "{:?}",
                String::from_utf8_lossy(garbage)
            );
        }
    }

    #[test]
    fn concurrent_writers_under_the_lock_lose_nothing() {
        let tmp = tempfile::tempdir().unwrap();
        let cache = Arc::new(TokenCache::new(tmp.path().join("cfg")));
        let threads: Vec<_> = (0..8)
            .map(|i| {
                let cache = cache.clone();
                std::thread::spawn(move || {
                    for j in 0..10 {
                        let lock = cache.lock().unwrap();
                        let mut data = cache.load().unwrap();
                        let counter = data
                            .profiles
                            .entry("count".into())
                            .or_insert_with(|| profile("t"));
                        counter.expires_at += 1;
                        data.profiles.insert(format!("p{i}-{j}"), profile("t"));
                        cache.save(&lock, &data).unwrap();
                    }
                })
            })
            .collect();
        for t in threads {
            t.join().unwrap();
        }
        let data = cache.load().unwrap();
        assert_eq!(data.profiles["count"].expires_at, 80);
        assert_eq!(data.profiles.len(), 81);
    }

    #[test]
    fn profile_names() {
        for ok in ["default", "contoso", "msp.client-1_a"] {
            assert!(validate_profile_name(ok).is_ok(), "{ok}");
        }
        for bad in ["", ".hidden", "a/b", "a b", "é", &"x".repeat(65)] {
            assert!(validate_profile_name(bad).is_err(), "{bad}");
        }
    }
}
