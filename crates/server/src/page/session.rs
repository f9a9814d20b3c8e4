//! The admin page's server-side sessions: a random id in an `HttpOnly` cookie names an entry with
//! the access token (which never reaches the browser), its expiry and the session's CSRF token.
//! Sign-ins in progress (PKCE verifier, `state`, `nonce`) are kept the same way under a cookie of
//! their own.
//!
//! Entries live in the store, so that behind several replicas a browser may reach any of them.
//! The store never sees the cookie: an entry's key is a hash of it, and its value is encrypted
//! (AES-256-GCM) under another hash of it, so whoever reads the database cannot use the access
//! tokens it holds nor find the cookies that name them.

use std::sync::Arc;

use aws_lc_rs::aead::{AES_256_GCM, Aad, LessSafeKey, NONCE_LEN, Nonce, UnboundKey};
use aws_lc_rs::rand::{SecureRandom, SystemRandom};
use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use mscommerce_store::Store;
use serde::{Deserialize, Serialize};
use time::{Duration, OffsetDateTime};

/// How long a sign-in may take from `/signin` to `/signin-oidc`.
pub(crate) const SIGN_IN_LIFETIME: Duration = Duration::minutes(10);
/// The store's kinds.
const SIGN_IN_KIND: &str = "page_sign_in";
const SESSION_KIND: &str = "page_session";

/// A random URL-safe token (256 bits), or `None` if the system's random source fails.
pub(crate) fn random_token() -> Option<String> {
    let mut buf = [0u8; 32];
    SystemRandom::new().fill(&mut buf).ok()?;
    Some(URL_SAFE_NO_PAD.encode(buf))
}

/// The PKCE challenge of a verifier (RFC 7636 S256).
pub(crate) fn s256(verifier: &str) -> String {
    URL_SAFE_NO_PAD.encode(aws_lc_rs::digest::digest(
        &aws_lc_rs::digest::SHA256,
        verifier.as_bytes(),
    ))
}

/// A sign-in between `/signin` and `/signin-oidc`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct PendingSignIn {
    pub verifier: String,
    pub state: String,
    pub nonce: String,
    #[serde(with = "time::serde::rfc3339")]
    pub expires_at: OffsetDateTime,
}

/// A signed-in browser.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Session {
    pub access_token: String,
    #[serde(with = "time::serde::rfc3339")]
    pub expires_at: OffsetDateTime,
    pub csrf: String,
    pub user: String,
    /// A line to show once, on the next page (after a POST's redirect).
    pub flash: Option<Flash>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Flash {
    pub ok: bool,
    pub text: String,
}

/// SHA-256 of a label and the cookie's id: the entry's key (hex) or its encryption key.
fn derive(label: &str, id: &str) -> [u8; 32] {
    let mut ctx = aws_lc_rs::digest::Context::new(&aws_lc_rs::digest::SHA256);
    ctx.update(label.as_bytes());
    ctx.update(id.as_bytes());
    let mut out = [0u8; 32];
    out.copy_from_slice(ctx.finish().as_ref());
    out
}

fn store_key(id: &str) -> String {
    derive("mscommerce page entry\n", id)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn cipher(id: &str) -> Option<LessSafeKey> {
    let key = UnboundKey::new(&AES_256_GCM, &derive("mscommerce page key\n", id)).ok()?;
    Some(LessSafeKey::new(key))
}

/// JSON of `entry`, encrypted under the cookie's id: base64 of nonce and ciphertext.
fn seal<T: Serialize>(id: &str, entry: &T) -> Option<String> {
    let mut data = serde_json::to_vec(entry).ok()?;
    let mut nonce = [0u8; NONCE_LEN];
    SystemRandom::new().fill(&mut nonce).ok()?;
    cipher(id)?
        .seal_in_place_append_tag(Nonce::assume_unique_for_key(nonce), Aad::empty(), &mut data)
        .ok()?;
    let mut out = nonce.to_vec();
    out.extend_from_slice(&data);
    Some(STANDARD.encode(out))
}

fn open<T: for<'de> Deserialize<'de>>(id: &str, sealed: &str) -> Option<T> {
    let bytes = STANDARD.decode(sealed).ok()?;
    if bytes.len() < NONCE_LEN {
        return None;
    }
    let (nonce, data) = bytes.split_at(NONCE_LEN);
    let mut data = data.to_vec();
    let nonce = Nonce::try_assume_unique_for_key(nonce).ok()?;
    let plain = cipher(id)?
        .open_in_place(nonce, Aad::empty(), &mut data)
        .ok()?;
    serde_json::from_slice(plain).ok()
}

/// The sessions and sign-ins in progress, in the store. A store that fails reads as "no
/// session" (the page asks to sign in again) and is logged.
#[derive(Debug, Clone)]
pub(crate) struct Sessions {
    store: Arc<dyn Store>,
}

impl Sessions {
    pub(crate) fn new(store: Arc<dyn Store>) -> Sessions {
        Sessions { store }
    }

    async fn put<T: Serialize>(
        &self,
        kind: &str,
        id: &str,
        entry: &T,
        expires_at: OffsetDateTime,
        now: OffsetDateTime,
    ) -> Option<()> {
        let value = seal(id, entry)?;
        self.store
            .put_short_lived(kind, &store_key(id), &value, expires_at, now)
            .await
            .map_err(|e| tracing::warn!(error = %e, "page session not kept"))
            .ok()
    }

    async fn read<T: for<'de> Deserialize<'de>>(
        &self,
        kind: &str,
        id: &str,
        now: OffsetDateTime,
        take: bool,
    ) -> Option<T> {
        let key = store_key(id);
        let value = if take {
            self.store.take_short_lived(kind, &key, now).await
        } else {
            self.store.short_lived(kind, &key, now).await
        };
        let value = value
            .map_err(|e| tracing::warn!(error = %e, "page session not read"))
            .ok()??;
        open(id, &value)
    }

    pub(crate) async fn start_sign_in(
        &self,
        p: PendingSignIn,
        now: OffsetDateTime,
    ) -> Option<String> {
        let id = random_token()?;
        self.put(SIGN_IN_KIND, &id, &p, p.expires_at, now).await?;
        Some(id)
    }

    /// Takes a sign-in out (it is used once).
    pub(crate) async fn take_sign_in(
        &self,
        id: &str,
        now: OffsetDateTime,
    ) -> Option<PendingSignIn> {
        self.read(SIGN_IN_KIND, id, now, true).await
    }

    pub(crate) async fn create(&self, s: Session, now: OffsetDateTime) -> Option<String> {
        let id = random_token()?;
        self.put(SESSION_KIND, &id, &s, s.expires_at, now).await?;
        Some(id)
    }

    /// The live session `id`.
    pub(crate) async fn get(&self, id: &str, now: OffsetDateTime) -> Option<Session> {
        self.read(SESSION_KIND, id, now, false).await
    }

    /// Takes the session's flash line, if any.
    pub(crate) async fn take_flash(&self, id: &str, now: OffsetDateTime) -> Option<Flash> {
        let mut s: Session = self.read(SESSION_KIND, id, now, false).await?;
        let flash = s.flash.take()?;
        self.put(SESSION_KIND, id, &s, s.expires_at, now).await?;
        Some(flash)
    }

    pub(crate) async fn set_flash(&self, id: &str, flash: Flash, now: OffsetDateTime) {
        if let Some(mut s) = self.read::<Session>(SESSION_KIND, id, now, false).await {
            s.flash = Some(flash);
            let _ = self.put(SESSION_KIND, id, &s, s.expires_at, now).await;
        }
    }

    pub(crate) async fn end(&self, id: &str, now: OffsetDateTime) {
        let _ = self.read::<Session>(SESSION_KIND, id, now, true).await;
    }
}

/// Constant-time comparison of a submitted CSRF token with the session's.
pub(crate) fn csrf_matches(expected: &str, given: &str) -> bool {
    aws_lc_rs::constant_time::verify_slices_are_equal(expected.as_bytes(), given.as_bytes()).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_entry_opens_only_with_its_own_cookie_and_its_key_hides_the_cookie() {
        let s = Session {
            access_token: "eyJ.token".into(),
            expires_at: OffsetDateTime::UNIX_EPOCH,
            csrf: "c".into(),
            user: "admin@contoso.example".into(),
            flash: None,
        };
        let (id, other) = (random_token().unwrap(), random_token().unwrap());
        let sealed = seal(&id, &s).unwrap();
        // Looked for in the decoded bytes, whole: a three-letter piece of it ("eyJ") turned up in
        // the random base64 text about once in a thousand runs (it did, in CI).
        let bytes = STANDARD.decode(&sealed).unwrap();
        let token = s.access_token.as_bytes();
        assert!(
            !bytes.windows(token.len()).any(|w| w == token),
            "the token is not in clear"
        );
        let opened: Session = open(&id, &sealed).unwrap();
        assert_eq!(opened.access_token, "eyJ.token");
        assert!(open::<Session>(&other, &sealed).is_none());
        assert_ne!(store_key(&id), store_key(&other));
        assert!(!store_key(&id).contains(&id));
        // Sealed twice, never the same bytes (a fresh nonce each time).
        assert_ne!(seal(&id, &s).unwrap(), sealed);
    }
}
