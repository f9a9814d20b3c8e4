//! Certificate credentials: a PEM certificate and its RSA private key sign a client assertion
//! (RFC 7523, as Entra ID takes it: RS256, `x5t` = base64url SHA-1 thumbprint of the
//! certificate, `x5t#S256` its SHA-256 form, `aud` = the token endpoint).

use std::fmt;
use std::path::{Path, PathBuf};

use aws_lc_rs::digest;
use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde::Serialize;
use time::OffsetDateTime;

use crate::error::CredentialError;

/// How long a client assertion is valid.
const ASSERTION_LIFETIME: i64 = 600;

/// A certificate with its private key, ready to sign client assertions.
#[derive(Clone)]
pub struct ClientCertificate {
    sha1: Vec<u8>,
    sha256: Vec<u8>,
    key: EncodingKey,
}

impl fmt::Debug for ClientCertificate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientCertificate")
            .field("thumbprint", &self.thumbprint())
            .field("key", &"[REDACTED]")
            .finish()
    }
}

#[derive(Serialize)]
struct AssertionClaims<'a> {
    aud: &'a str,
    iss: &'a str,
    sub: &'a str,
    jti: String,
    nbf: i64,
    iat: i64,
    exp: i64,
}

impl ClientCertificate {
    /// Reads the certificate from `cert_path` and the key from `key_path`, or from `cert_path`
    /// too when it holds both.
    pub fn load(
        cert_path: &Path,
        key_path: Option<&Path>,
    ) -> Result<ClientCertificate, CredentialError> {
        let cert_text = read(cert_path)?;
        let key_text = match key_path {
            Some(p) => read(p)?,
            None => cert_text.clone(),
        };
        ClientCertificate::from_pem(
            &cert_text,
            cert_path,
            &key_text,
            key_path.unwrap_or(cert_path),
        )
    }

    /// Builds a credential from PEM text (the paths only name the sources in errors).
    pub fn from_pem(
        cert_text: &str,
        cert_path: &Path,
        key_text: &str,
        key_path: &Path,
    ) -> Result<ClientCertificate, CredentialError> {
        let cert = pem_blocks(cert_text)
            .into_iter()
            .find(|b| b.label == "CERTIFICATE")
            .and_then(|b| b.der)
            .ok_or_else(|| CredentialError::NoCertificate {
                path: cert_path.to_owned(),
            })?;
        let blocks = pem_blocks(key_text);
        let bad_key = |message: &str| CredentialError::BadKey {
            path: key_path.to_owned(),
            message: message.to_owned(),
        };
        let key_block = blocks
            .iter()
            .find(|b| b.label == "PRIVATE KEY" || b.label == "RSA PRIVATE KEY");
        let key = match key_block {
            Some(b) => {
                EncodingKey::from_rsa_pem(b.text.as_bytes()).map_err(|e| bad_key(&e.to_string()))?
            }
            None if blocks.iter().any(|b| b.label == "ENCRYPTED PRIVATE KEY") => {
                return Err(bad_key(
                    "the key is encrypted; decrypt it first (openssl pkey -in key.pem -out plain.pem)",
                ));
            }
            None if blocks.iter().any(|b| b.label == "EC PRIVATE KEY") => {
                return Err(bad_key("an EC key; Entra ID takes RSA certificates only"));
            }
            None => {
                return Err(CredentialError::NoPrivateKey {
                    path: key_path.to_owned(),
                });
            }
        };
        let sha1 = digest::digest(&digest::SHA1_FOR_LEGACY_USE_ONLY, &cert)
            .as_ref()
            .to_vec();
        let sha256 = digest::digest(&digest::SHA256, &cert).as_ref().to_vec();
        let c = ClientCertificate { sha1, sha256, key };
        // Sign once now, so a key that cannot sign RS256 fails here with its file name.
        c.assertion(
            "probe",
            "https://probe.invalid/",
            OffsetDateTime::UNIX_EPOCH,
        )
        .map_err(|e| bad_key(&e.to_string()))?;
        Ok(c)
    }

    /// The SHA-1 thumbprint in upper-case hex, as the Entra admin center shows it.
    pub fn thumbprint(&self) -> String {
        self.sha1.iter().map(|b| format!("{b:02X}")).collect()
    }

    /// `x5t`: the base64url SHA-1 thumbprint.
    pub fn x5t(&self) -> String {
        URL_SAFE_NO_PAD.encode(&self.sha1)
    }

    /// A signed client assertion for `client_id` at `token_url`, valid ten minutes from `now`.
    pub fn assertion(
        &self,
        client_id: &str,
        token_url: &str,
        now: OffsetDateTime,
    ) -> Result<String, CredentialError> {
        // Only aws-lc-rs is enabled; installing it explicitly keeps feature unification from
        // ever turning this into a runtime panic (rust-notes pitfall 4). An error means a provider
        // is already installed, which is fine.
        let _ = jsonwebtoken::crypto::aws_lc::DEFAULT_PROVIDER.install_default();
        let mut header = Header::new(Algorithm::RS256);
        header.typ = Some("JWT".to_owned());
        header.x5t = Some(self.x5t());
        header.x5t_s256 = Some(URL_SAFE_NO_PAD.encode(&self.sha256));
        header.kid = Some(self.thumbprint());
        let iat = now.unix_timestamp();
        let claims = AssertionClaims {
            aud: token_url,
            iss: client_id,
            sub: client_id,
            jti: uuid::Uuid::new_v4().to_string(),
            nbf: iat,
            iat,
            exp: iat + ASSERTION_LIFETIME,
        };
        jsonwebtoken::encode(&header, &claims, &self.key)
            .map_err(|e| CredentialError::Sign(e.to_string()))
    }
}

fn read(path: &Path) -> Result<String, CredentialError> {
    std::fs::read_to_string(path).map_err(|source| CredentialError::Read {
        path: PathBuf::from(path),
        source,
    })
}

/// One `-----BEGIN X-----` ... `-----END X-----` block.
#[derive(Debug)]
struct PemBlock {
    label: String,
    /// `None` when the body is not plain base64 (e.g. legacy encrypted keys with headers).
    der: Option<Vec<u8>>,
    /// The block itself, markers included.
    text: String,
}

fn pem_blocks(s: &str) -> Vec<PemBlock> {
    const BEGIN: &str = "-----BEGIN ";
    let mut out = Vec::new();
    let mut rest = s;
    while let Some(start) = rest.find(BEGIN) {
        let after = &rest[start + BEGIN.len()..];
        let Some(label_end) = after.find("-----") else {
            break;
        };
        let label = &after[..label_end];
        let end_marker = format!("-----END {label}-----");
        let Some(end) = after.find(&end_marker) else {
            break;
        };
        let body = &after[label_end + 5..end];
        let b64: String = body.chars().filter(|c| !c.is_whitespace()).collect();
        let block_end = start + BEGIN.len() + end + end_marker.len();
        out.push(PemBlock {
            label: label.to_owned(),
            der: STANDARD.decode(b64).ok(),
            text: rest[start..block_end].to_owned(),
        });
        rest = &rest[block_end..];
    }
    out
}

#[cfg(test)]
mod tests {
    use jsonwebtoken::{DecodingKey, Validation};
    use time::macros::datetime;

    use super::*;

    const CERT: &str = include_str!("../testdata/cert.pem");
    const KEY8: &str = include_str!("../testdata/key-pkcs8.pem");
    const KEY1: &str = include_str!("../testdata/key-pkcs1.pem");
    const BOTH: &str = include_str!("../testdata/cert-and-key.pem");
    // `openssl x509 -in testdata/cert.pem -noout -fingerprint -sha1`
    const THUMBPRINT: &str = "1D5B7DCB25104D70796ED51BF382EC27615C4AB0";

    fn p(s: &str) -> &Path {
        Path::new(s)
    }

    #[test]
    fn one_file_or_two_pkcs8_or_pkcs1() {
        for (cert, key) in [(BOTH, BOTH), (CERT, KEY8), (CERT, KEY1)] {
            let c = ClientCertificate::from_pem(cert, p("c"), key, p("k")).unwrap();
            assert_eq!(c.thumbprint(), THUMBPRINT);
            assert!(!format!("{c:?}").contains("BEGIN"));
        }
    }

    #[test]
    fn assertion_is_rs256_with_thumbprints_and_the_token_endpoint_as_audience() {
        let c = ClientCertificate::from_pem(BOTH, p("c"), BOTH, p("k")).unwrap();
        let now = datetime!(2026-11-20 10:00:00 UTC);
        let url = "http://127.0.0.1:1/contoso.example/oauth2/v2.0/token";
        let jwt = c.assertion("app-id", url, now).unwrap();
        let header = jsonwebtoken::decode_header(&jwt).unwrap();
        assert_eq!(header.alg, Algorithm::RS256);
        assert_eq!(header.x5t.as_deref(), Some(c.x5t().as_str()));
        assert_eq!(header.kid.as_deref(), Some(THUMBPRINT));
        assert!(header.x5t_s256.is_some());

        let mut v = Validation::new(Algorithm::RS256);
        v.set_audience(&[url]);
        v.validate_exp = false;
        v.validate_nbf = false;
        let key = DecodingKey::from_rsa_pem(CERT.as_bytes()).unwrap();
        let data = jsonwebtoken::decode::<serde_json::Value>(&jwt, &key, &v).unwrap();
        let claims = data.claims;
        assert_eq!(claims["iss"], "app-id");
        assert_eq!(claims["sub"], "app-id");
        assert_eq!(claims["iat"], now.unix_timestamp());
        assert_eq!(claims["exp"], now.unix_timestamp() + 600);
        assert!(claims["jti"].as_str().is_some_and(|j| j.len() == 36));
        // A fresh jti every time.
        assert_ne!(jwt, c.assertion("app-id", url, now).unwrap());
    }

    #[test]
    fn missing_or_unusable_parts_are_named() {
        assert!(matches!(
            ClientCertificate::from_pem(KEY8, p("c"), KEY8, p("k")),
            Err(CredentialError::NoCertificate { .. })
        ));
        assert!(matches!(
            ClientCertificate::from_pem(CERT, p("c"), CERT, p("k")),
            Err(CredentialError::NoPrivateKey { .. })
        ));
        let encrypted =
            "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n";
        assert!(matches!(
            ClientCertificate::from_pem(CERT, p("c"), encrypted, p("k")),
            Err(CredentialError::BadKey { .. })
        ));
        let garbage = "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n";
        assert!(matches!(
            ClientCertificate::from_pem(CERT, p("c"), garbage, p("k")),
            Err(CredentialError::BadKey { .. })
        ));
        let missing = ClientCertificate::load(p("/nonexistent/cert.pem"), None);
        assert!(matches!(missing, Err(CredentialError::Read { .. })));
    }

    #[test]
    fn pem_blocks_survive_junk_around_them() {
        let text = format!("subject=CN=x\n{CERT}\nBag Attributes\n{KEY8}trailing");
        let blocks = pem_blocks(&text);
        assert_eq!(
            blocks.iter().map(|b| b.label.as_str()).collect::<Vec<_>>(),
            ["CERTIFICATE", "PRIVATE KEY"]
        );
        assert!(pem_blocks("-----BEGIN X-----\nno end").is_empty());
    }
}
