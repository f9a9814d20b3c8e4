//! What a password chosen by a person must be, and secrets generated for apps.
//!
//! [`check`]: at least [`MIN_CHARS`] characters, not one character repeated, and not in the list
//! of common passwords shipped in the binary (`common-passwords.txt`, compared case-insensitively,
//! also with a trailing run of digits and punctuation taken off: `Welcome2024!` is `welcome`).
//! Entra's own rules differ in detail; the point is that an operator cannot give a Global
//! Administrator the password `a`. [`generate_secret`] makes a client secret with 256 bits of
//! entropy.

use std::collections::HashSet;
use std::sync::OnceLock;

use crate::secret::{SecretError, random_token};

/// The shortest password accepted, in characters.
pub const MIN_CHARS: usize = 12;

/// Why a password was refused; the message says what to do instead.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WeakPassword {
    #[error(
        "the password has {0} characters; use at least {MIN_CHARS} (a few unrelated words make a long password easy to remember)"
    )]
    TooShort(usize),
    #[error("the password repeats one character; choose one with several different characters")]
    Repetitive,
    #[error(
        "the password is one of the most common passwords (or one with digits or symbols added at the end); choose another"
    )]
    Common,
}

fn common() -> &'static HashSet<&'static str> {
    static LIST: OnceLock<HashSet<&'static str>> = OnceLock::new();
    LIST.get_or_init(|| {
        include_str!("common-passwords.txt")
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .collect()
    })
}

/// Whether `password` may be set for a user (or as a client secret someone chose).
pub fn check(password: &str) -> Result<(), WeakPassword> {
    let chars = password.chars().count();
    if chars < MIN_CHARS {
        return Err(WeakPassword::TooShort(chars));
    }
    let mut it = password.chars();
    if let Some(first) = it.next()
        && it.all(|c| c == first)
    {
        return Err(WeakPassword::Repetitive);
    }
    let lower = password.to_lowercase();
    let stem = lower.trim_end_matches(|c: char| c.is_ascii_digit() || c.is_ascii_punctuation());
    if common().contains(lower.as_str()) || (!stem.is_empty() && common().contains(stem)) {
        return Err(WeakPassword::Common);
    }
    Ok(())
}

/// A new client secret: 32 random bytes from the system's CSPRNG, base64url (43 characters).
pub fn generate_secret() -> Result<String, SecretError> {
    random_token()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_repetitive_and_common_passwords_are_refused() {
        assert_eq!(check("a"), Err(WeakPassword::TooShort(1)));
        assert_eq!(check("ünïcödé-pw"), Err(WeakPassword::TooShort(10)));
        assert_eq!(check("aaaaaaaaaaaaaaaa"), Err(WeakPassword::Repetitive));
        assert_eq!(check("PasswordPassword"), Err(WeakPassword::Common));
        assert_eq!(check("123456789012"), Err(WeakPassword::Common));
        assert_eq!(check("Administrator2024!"), Err(WeakPassword::Common));
        assert_eq!(check("qwertyuiop[]"), Err(WeakPassword::Common));
        assert!(common().len() > 2000);
        for w in common() {
            if w.chars().count() >= MIN_CHARS {
                assert!(check(w).is_err(), "{w}");
            }
        }
    }

    #[test]
    fn long_uncommon_passwords_pass() {
        check("violet tractor monsoon").unwrap();
        check("Tr0ub4dor&3-horse").unwrap();
    }

    #[test]
    fn generated_secrets_pass_and_differ() {
        let a = generate_secret().unwrap();
        assert_eq!(a.len(), 43);
        assert_ne!(a, generate_secret().unwrap());
        check(&a).unwrap();
    }
}
