//! `serve --tls-cert --tls-key`: HTTPS on the service's own port, because MSAL and
//! azure-identity refuse an `http` authority.
//!
//! rustls with aws-lc-rs (the TLS stack the tree already has), TLS 1.2 and 1.3 only, ALPN
//! `http/1.1`. The certificate and key are PEM files; a renewed pair (certbot, an operator) is
//! picked up within seconds by a watcher that compares the files' modification times, and takes
//! effect for new connections. A pair that does not load (half-written, mismatched) is logged
//! and the one in use kept, so a bad renewal never takes the service down.

use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::{Duration, SystemTime};

use rustls::ServerConfig;
use rustls_pki_types::pem::PemObject as _;
use rustls_pki_types::{CertificateDer, PrivateKeyDer};

/// Why a certificate and key cannot serve.
#[derive(Debug, thiserror::Error)]
pub enum TlsError {
    #[error(
        "cannot read the TLS certificate {path}: {reason}. Give a PEM file with the server's certificate first (then its chain) to --tls-cert"
    )]
    Certificate { path: PathBuf, reason: String },
    #[error(
        "cannot read the TLS private key {path}: {reason}. Give the certificate's private key as a PEM file (PKCS#8, PKCS#1 or SEC1) to --tls-key"
    )]
    Key { path: PathBuf, reason: String },
    #[error(
        "the TLS certificate {cert} and key {key} do not go together ({reason}). Give the key that was made with this certificate"
    )]
    Mismatch {
        cert: PathBuf,
        key: PathBuf,
        reason: String,
    },
}

/// Where the certificate and key live.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TlsFiles {
    pub cert: PathBuf,
    pub key: PathBuf,
}

/// The current server configuration, replaced when the files change.
#[derive(Debug)]
pub struct TlsSource {
    files: TlsFiles,
    current: RwLock<Arc<ServerConfig>>,
    /// The files' modification times when `current` was loaded.
    loaded: RwLock<(Option<SystemTime>, Option<SystemTime>)>,
}

/// How often the watcher looks at the files.
pub(crate) const CHECK_EVERY: Duration = Duration::from_secs(2);

impl TlsSource {
    /// Loads the pair, or says exactly which file is wrong and how.
    pub fn load(files: TlsFiles) -> Result<Arc<TlsSource>, TlsError> {
        let stamps = stamps(&files);
        let config = server_config(&files)?;
        Ok(Arc::new(TlsSource {
            files,
            current: RwLock::new(config),
            loaded: RwLock::new(stamps),
        }))
    }

    /// What new connections are accepted with.
    pub fn acceptor(&self) -> tokio_rustls::TlsAcceptor {
        let config = self
            .current
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone();
        tokio_rustls::TlsAcceptor::from(config)
    }

    /// Reloads the pair if either file changed since it was loaded; whether it did.
    pub fn reload_if_changed(&self) -> Result<bool, TlsError> {
        let now = stamps(&self.files);
        if *self
            .loaded
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            == now
        {
            return Ok(false);
        }
        // Remembered before loading: a pair that fails is not retried until it changes again.
        *self
            .loaded
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = now;
        let config = server_config(&self.files)?;
        *self
            .current
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = config;
        Ok(true)
    }

    /// Reloads when the files changed, saying so (for [`crate::watch::every`]).
    pub(crate) fn changed(&self) {
        match self.reload_if_changed() {
            Ok(true) => tracing::info!(
                cert = %self.files.cert.display(),
                "TLS certificate changed on disk: new connections use the new one"
            ),
            Ok(false) => {}
            Err(e) => tracing::warn!(
                error = %e,
                "the TLS certificate or key changed but cannot be used; still serving the previous pair"
            ),
        }
    }
}

fn stamps(files: &TlsFiles) -> (Option<SystemTime>, Option<SystemTime>) {
    let modified = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    (modified(&files.cert), modified(&files.key))
}

fn server_config(files: &TlsFiles) -> Result<Arc<ServerConfig>, TlsError> {
    let cert_error = |reason: String| TlsError::Certificate {
        path: files.cert.clone(),
        reason,
    };
    let certs = CertificateDer::pem_file_iter(&files.cert)
        .map_err(|e| cert_error(e.to_string()))?
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| cert_error(e.to_string()))?;
    if certs.is_empty() {
        return Err(cert_error("it holds no CERTIFICATE block".into()));
    }
    let key = PrivateKeyDer::from_pem_file(&files.key).map_err(|e| TlsError::Key {
        path: files.key.clone(),
        reason: e.to_string(),
    })?;
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let mut config = ServerConfig::builder_with_provider(provider)
        .with_protocol_versions(&[&rustls::version::TLS13, &rustls::version::TLS12])
        .map_err(|e| cert_error(e.to_string()))?
        .with_no_client_auth()
        .with_single_cert(certs, key)
        .map_err(|e| TlsError::Mismatch {
            cert: files.cert.clone(),
            key: files.key.clone(),
            reason: e.to_string(),
        })?;
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(Arc::new(config))
}
