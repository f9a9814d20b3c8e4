//! The admin page's server-side sessions: a random id in an `HttpOnly` cookie names an entry held
//! here, in memory, with the access token (which never reaches the browser), its expiry and the
//! session's CSRF token. Sign-ins in progress (PKCE verifier, `state`, `nonce`) are held the same
//! way under a cookie of their own.

use std::collections::HashMap;
use std::sync::Mutex;

use aws_lc_rs::rand::{SecureRandom, SystemRandom};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use time::{Duration, OffsetDateTime};

/// Sessions and sign-ins in progress, at most (expired ones are dropped first).
const MAX_ENTRIES: usize = 100_000;
/// How long a sign-in may take from `/signin` to `/signin-oidc`.
pub(crate) const SIGN_IN_LIFETIME: Duration = Duration::minutes(10);

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
#[derive(Debug, Clone)]
pub(crate) struct PendingSignIn {
    pub verifier: String,
    pub state: String,
    pub nonce: String,
    pub expires_at: OffsetDateTime,
}

/// A signed-in browser.
#[derive(Debug, Clone)]
pub(crate) struct Session {
    pub access_token: String,
    pub expires_at: OffsetDateTime,
    pub csrf: String,
    pub user: String,
    /// A line to show once, on the next page (after a POST's redirect).
    pub flash: Option<Flash>,
}

#[derive(Debug, Clone)]
pub(crate) struct Flash {
    pub ok: bool,
    pub text: String,
}

#[derive(Debug)]
enum Entry {
    Pending(PendingSignIn),
    Live(Session),
}

impl Entry {
    fn expires_at(&self) -> OffsetDateTime {
        match self {
            Entry::Pending(p) => p.expires_at,
            Entry::Live(s) => s.expires_at,
        }
    }
}

#[derive(Debug, Default)]
pub(crate) struct Sessions(Mutex<HashMap<String, Entry>>);

impl Sessions {
    fn insert(&self, entry: Entry, now: OffsetDateTime) -> Option<String> {
        let id = random_token()?;
        let mut map = self.0.lock().ok()?;
        if map.len() >= MAX_ENTRIES {
            map.retain(|_, e| e.expires_at() > now);
        }
        if map.len() >= MAX_ENTRIES {
            return None;
        }
        map.insert(id.clone(), entry);
        Some(id)
    }

    pub(crate) fn start_sign_in(&self, p: PendingSignIn, now: OffsetDateTime) -> Option<String> {
        self.insert(Entry::Pending(p), now)
    }

    /// Takes a sign-in out (it is used once).
    pub(crate) fn take_sign_in(&self, id: &str, now: OffsetDateTime) -> Option<PendingSignIn> {
        let mut map = self.0.lock().ok()?;
        match map.remove(id) {
            Some(Entry::Pending(p)) if p.expires_at > now => Some(p),
            Some(other @ Entry::Live(_)) => {
                map.insert(id.to_owned(), other);
                None
            }
            _ => None,
        }
    }

    pub(crate) fn create(&self, s: Session, now: OffsetDateTime) -> Option<String> {
        self.insert(Entry::Live(s), now)
    }

    /// The live session `id` (an expired one is dropped).
    pub(crate) fn get(&self, id: &str, now: OffsetDateTime) -> Option<Session> {
        let mut map = self.0.lock().ok()?;
        match map.get(id) {
            Some(Entry::Live(s)) if s.expires_at > now => Some(s.clone()),
            Some(Entry::Live(_)) => {
                map.remove(id);
                None
            }
            _ => None,
        }
    }

    /// Takes the session's flash line, if any.
    pub(crate) fn take_flash(&self, id: &str) -> Option<Flash> {
        let mut map = self.0.lock().ok()?;
        match map.get_mut(id) {
            Some(Entry::Live(s)) => s.flash.take(),
            _ => None,
        }
    }

    pub(crate) fn set_flash(&self, id: &str, flash: Flash) {
        if let Ok(mut map) = self.0.lock()
            && let Some(Entry::Live(s)) = map.get_mut(id)
        {
            s.flash = Some(flash);
        }
    }

    pub(crate) fn end(&self, id: &str) {
        if let Ok(mut map) = self.0.lock() {
            map.remove(id);
        }
    }
}

/// Constant-time comparison of a submitted CSRF token with the session's.
pub(crate) fn csrf_matches(expected: &str, given: &str) -> bool {
    aws_lc_rs::constant_time::verify_slices_are_equal(expected.as_bytes(), given.as_bytes()).is_ok()
}
