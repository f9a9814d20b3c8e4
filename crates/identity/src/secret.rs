//! Secrets: Argon2id for what people choose (passwords, client secrets), SHA-256 for what we
//! generate (device codes, refresh tokens, token-cache keys), and the random source.
//!
//! A human-chosen secret can be guessed, so it gets a slow, salted, memory-hard hash (Argon2id
//! with the crate's OWASP-recommended defaults, stored as a PHC string that carries its own
//! parameters, so they can be raised later without breaking old hashes). A generated secret has
//! 256 bits of entropy, so a plain SHA-256 is enough and lets the store look it up by hash.

use argon2::Argon2;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use aws_lc_rs::digest;
use aws_lc_rs::rand::{SecureRandom, SystemRandom};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

/// Hashing or checking a secret failed for a reason other than a wrong secret.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SecretError {
    #[error("the stored hash is not an Argon2 PHC string: {0}")]
    BadHash(String),
    #[error("hashing failed: {0}")]
    Hashing(String),
}

/// Hashes a password or client secret with Argon2id (random salt) into a PHC string
/// (`$argon2id$v=19$m=19456,t=2,p=1$...`). Slow on purpose (tens of milliseconds): call it from
/// `spawn_blocking` in async code.
pub fn hash_secret(secret: &str) -> Result<String, SecretError> {
    Argon2::default()
        .hash_password(secret.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| SecretError::Hashing(e.to_string()))
}

/// Checks `secret` against a PHC string made by [`hash_secret`]. `Ok(false)` for a wrong secret,
/// `Err` only when the stored hash is unusable. Constant-time in the secret.
pub fn verify_secret(secret: &str, phc: &str) -> Result<bool, SecretError> {
    let parsed = PasswordHash::new(phc).map_err(|e| SecretError::BadHash(e.to_string()))?;
    match Argon2::default().verify_password(secret.as_bytes(), &parsed) {
        Ok(()) => Ok(true),
        Err(argon2::password_hash::Error::PasswordInvalid) => Ok(false),
        Err(e) => Err(SecretError::Hashing(e.to_string())),
    }
}

/// `n` bytes from the operating system's CSPRNG.
pub(crate) fn random_bytes(n: usize) -> Result<Vec<u8>, SecretError> {
    let mut buf = vec![0u8; n];
    SystemRandom::new()
        .fill(&mut buf)
        .map_err(|_| SecretError::Hashing("the system random source failed".into()))?;
    Ok(buf)
}

/// A random URL-safe token with 256 bits of entropy (43 characters).
pub(crate) fn random_token() -> Result<String, SecretError> {
    Ok(URL_SAFE_NO_PAD.encode(random_bytes(32)?))
}

pub(crate) fn sha256(data: &[u8]) -> [u8; 32] {
    let d = digest::digest(&digest::SHA256, data);
    let mut out = [0u8; 32];
    out.copy_from_slice(d.as_ref());
    out
}

/// Lower-case hex of SHA-256, the form the store keeps for generated secrets.
pub(crate) fn sha256_hex(data: &[u8]) -> String {
    sha256(data).iter().map(|b| format!("{b:02x}")).collect()
}

pub(crate) fn b64url(data: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(data)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn argon2id_round_trip_and_wrong_secret() {
        let h = hash_secret("correct horse").unwrap();
        assert!(h.starts_with("$argon2id$v=19$"), "{h}");
        assert!(verify_secret("correct horse", &h).unwrap());
        assert!(!verify_secret("correct horsE", &h).unwrap());
        // Two hashes of one secret differ (random salt).
        assert_ne!(h, hash_secret("correct horse").unwrap());
    }

    #[test]
    fn an_unusable_hash_is_an_error_not_a_mismatch() {
        assert!(matches!(
            verify_secret("x", "not-a-hash"),
            Err(SecretError::BadHash(_))
        ));
    }

    #[test]
    fn generated_tokens_are_long_and_distinct() {
        let a = random_token().unwrap();
        let b = random_token().unwrap();
        assert_eq!(a.len(), 43);
        assert_ne!(a, b);
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
