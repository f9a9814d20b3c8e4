//! A usable access token for a profile: from the cache while it is fresh, renewed silently (a
//! refresh token for users, the stored credential source for apps) under the cache lock when it
//! is about to expire.

use std::path::Path;
use std::sync::Arc;

use mscommerce_domain::Clock;
use secrecy::{ExposeSecret, SecretString};

use crate::api::LicensingClient;
use crate::cache::{
    AppCredentialSource, CacheData, DEFAULT_PROFILE, Profile, SignInMode, TokenCache,
};
use crate::cert::ClientCertificate;
use crate::claims::{AccessTokenClaims, decode_unverified};
use crate::endpoint::Endpoints;
use crate::error::{ClientError, CredentialError};
use crate::oauth::{AppCredential, SignInClient, Tokens};

/// Tokens this close to expiry (seconds) are renewed before use.
pub const RENEW_MARGIN_SECS: i64 = 300;
/// Where an app's client secret comes from when not from a file.
pub const CLIENT_SECRET_ENV: &str = "MSCOMMERCE_CLIENT_SECRET";

/// Reads a secret from a file: the first line, without its line ending; never from argv.
pub fn read_secret_file(path: &Path) -> Result<SecretString, CredentialError> {
    let text = std::fs::read_to_string(path).map_err(|source| CredentialError::Read {
        path: path.to_owned(),
        source,
    })?;
    let line = text
        .lines()
        .next()
        .unwrap_or_default()
        .trim_end_matches(['\r', '\n']);
    if line.is_empty() {
        return Err(CredentialError::Empty {
            path: path.to_owned(),
        });
    }
    Ok(SecretString::from(line))
}

/// A profile with a token that is good for at least a few minutes.
#[derive(Debug, Clone)]
pub struct ActiveToken {
    pub profile_name: String,
    pub profile: Profile,
}

/// Reads `MSCOMMERCE_CLIENT_SECRET` (injected so tests need no process environment).
pub type SecretSource = Arc<dyn Fn() -> Option<SecretString> + Send + Sync>;

/// Hands out tokens for the profiles of one cache.
#[derive(Clone)]
pub struct SessionManager {
    pub cache: TokenCache,
    pub signin: SignInClient,
    pub clock: Arc<dyn Clock>,
    pub secret_env: SecretSource,
}

impl std::fmt::Debug for SessionManager {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SessionManager")
            .field("cache", &self.cache)
            .finish_non_exhaustive()
    }
}

impl SessionManager {
    /// The profile a command uses: `--profile`, else the current one.
    pub fn select(&self, requested: Option<&str>, data: &CacheData) -> Result<String, ClientError> {
        let name = requested
            .map(str::to_owned)
            .or_else(|| data.current.clone());
        match name {
            Some(n) if data.profiles.contains_key(&n) => Ok(n),
            other => Err(ClientError::NotConnected {
                profile: other.unwrap_or_else(|| DEFAULT_PROFILE.to_owned()),
                known: data.profiles.keys().cloned().collect(),
            }),
        }
    }

    /// The profile as stored, without renewing anything (`whoami`).
    pub fn peek(&self, requested: Option<&str>) -> Result<ActiveToken, ClientError> {
        let data = self.cache.load()?;
        let name = self.select(requested, &data)?;
        let profile =
            data.profiles
                .get(&name)
                .cloned()
                .ok_or_else(|| ClientError::NotConnected {
                    profile: name.clone(),
                    known: Vec::new(),
                })?;
        Ok(ActiveToken {
            profile_name: name,
            profile,
        })
    }

    fn fresh(&self, p: &Profile) -> bool {
        p.expires_at - RENEW_MARGIN_SECS > self.clock.now().unix_timestamp()
    }

    /// A token for the profile, renewed if it expires within [`RENEW_MARGIN_SECS`] — or, with
    /// `force_renew` (the service refused it), renewed unless another process already did.
    pub async fn token(
        &self,
        requested: Option<&str>,
        force_renew: bool,
    ) -> Result<ActiveToken, ClientError> {
        let seen = self.peek(requested)?;
        if !force_renew && self.fresh(&seen.profile) {
            return Ok(seen);
        }
        let lock = self.cache.lock()?;
        let mut data = self.cache.load()?;
        let name = seen.profile_name;
        let Some(profile) = data.profiles.get(&name).cloned() else {
            return Err(ClientError::NotConnected {
                profile: name,
                known: data.profiles.keys().cloned().collect(),
            });
        };
        let renewed_elsewhere =
            profile.access_token.expose_secret() != seen.profile.access_token.expose_secret();
        if (renewed_elsewhere || !force_renew) && self.fresh(&profile) {
            return Ok(ActiveToken {
                profile_name: name,
                profile,
            });
        }
        tracing::debug!(profile = %name, "renewing the access token");
        let tokens = self.renew(&name, &profile).await?;
        let mut updated = profile;
        updated.access_token = tokens.access_token;
        updated.expires_at = tokens.expires_at;
        if tokens.refresh_token.is_some() {
            updated.refresh_token = tokens.refresh_token;
        }
        data.profiles.insert(name.clone(), updated.clone());
        self.cache.save(&lock, &data)?;
        Ok(ActiveToken {
            profile_name: name,
            profile: updated,
        })
    }

    async fn renew(&self, name: &str, p: &Profile) -> Result<Tokens, ClientError> {
        let expired = |reason: &str| ClientError::SignInExpired {
            profile: name.to_owned(),
            reason: reason.to_owned(),
        };
        let endpoints = Endpoints::resolve(Some(&p.endpoint), Some(&p.authority))?;
        let tenant = p.tenant_id.as_deref().unwrap_or(&p.tenant);
        let token_url = endpoints.token_url(tenant)?;
        match p.mode {
            SignInMode::DeviceCode | SignInMode::Password | SignInMode::Browser => {
                let Some(refresh) = &p.refresh_token else {
                    return Err(expired("no refresh token was issued"));
                };
                self.signin
                    .refresh(&token_url, &p.client_id, refresh, &p.scope)
                    .await
            }
            SignInMode::ClientSecret | SignInMode::Certificate => {
                let source = p
                    .app_credential
                    .as_ref()
                    .ok_or_else(|| expired("no credential source"))?;
                match source {
                    AppCredentialSource::SecretFile { path } => {
                        let secret = read_secret_file(path).map_err(|e| expired(&e.to_string()))?;
                        self.signin
                            .client_credentials(
                                &token_url,
                                &p.client_id,
                                AppCredential::Secret(&secret),
                                &p.scope,
                            )
                            .await
                    }
                    AppCredentialSource::SecretEnv => {
                        let secret = (self.secret_env)()
                            .ok_or_else(|| expired(&format!("{CLIENT_SECRET_ENV} is not set")))?;
                        self.signin
                            .client_credentials(
                                &token_url,
                                &p.client_id,
                                AppCredential::Secret(&secret),
                                &p.scope,
                            )
                            .await
                    }
                    AppCredentialSource::Certificate { path, key_path } => {
                        let cert = ClientCertificate::load(path, key_path.as_deref())
                            .map_err(|e| expired(&e.to_string()))?;
                        self.signin
                            .client_credentials(
                                &token_url,
                                &p.client_id,
                                AppCredential::Certificate(&cert),
                                &p.scope,
                            )
                            .await
                    }
                }
            }
        }
    }

    /// Stores a new sign-in as `name` and makes it the current profile. An unreadable cache is
    /// replaced (signing in again is how a corrupt cache is repaired); the answer says so.
    pub fn save_sign_in(&self, name: &str, profile: Profile) -> Result<bool, ClientError> {
        crate::cache::validate_profile_name(name)?;
        let lock = self.cache.lock()?;
        let (mut data, replaced_corrupt) = match self.cache.load() {
            Ok(d) => (d, false),
            Err(crate::error::CacheError::Corrupt { .. }) => (CacheData::default(), true),
            Err(e) => return Err(e.into()),
        };
        data.profiles.insert(name.to_owned(), profile);
        data.current = Some(name.to_owned());
        self.cache.save(&lock, &data)?;
        Ok(replaced_corrupt)
    }

    /// The current profile's name (if any) and every profile, as stored.
    pub fn profiles(
        &self,
    ) -> Result<(Option<String>, std::collections::BTreeMap<String, Profile>), ClientError> {
        let data = self.cache.load()?;
        let current = data.current.filter(|c| data.profiles.contains_key(c));
        Ok((current, data.profiles))
    }

    /// Makes `name` the profile commands use without `--profile`.
    pub fn use_profile(&self, name: &str) -> Result<(), ClientError> {
        let lock = self.cache.lock()?;
        let mut data = self.cache.load()?;
        let name = self.select(Some(name), &data)?;
        data.current = Some(name);
        self.cache.save(&lock, &data)?;
        Ok(())
    }

    /// Forgets one profile (or all); an unreadable cache is emptied. Returns the names removed.
    /// When the current profile goes and others remain, the first of them (by name) becomes
    /// current, so the next command does not fail for want of one.
    pub fn disconnect(
        &self,
        requested: Option<&str>,
        all: bool,
    ) -> Result<Vec<String>, ClientError> {
        let lock = self.cache.lock()?;
        let mut data = match self.cache.load() {
            Ok(d) => d,
            Err(crate::error::CacheError::Corrupt { .. }) => {
                self.cache.save(&lock, &CacheData::default())?;
                return Ok(Vec::new());
            }
            Err(e) => return Err(e.into()),
        };
        let removed: Vec<String> = if all {
            std::mem::take(&mut data.profiles).into_keys().collect()
        } else {
            let name = self.select(requested, &data)?;
            data.profiles.remove(&name);
            vec![name]
        };
        if data.current.as_ref().is_none_or(|c| removed.contains(c)) {
            data.current = data.profiles.keys().next().cloned();
        }
        self.cache.save(&lock, &data)?;
        Ok(removed)
    }
}

/// Where a [`Session`]'s access token came from, which decides whether it can be renewed.
#[derive(Debug, Clone)]
pub enum TokenSource {
    /// Given as is (`--token`, `MSCOMMERCE_TOKEN`): there is nothing to renew it with, so the
    /// service's 401 is final.
    Static,
    /// A profile's token from the cache, renewed through the session manager.
    Profile {
        sessions: Box<SessionManager>,
        active: Box<ActiveToken>,
    },
}

/// A licensing API client and the source of its token: [`Session::call`] renews a profile's
/// token once when the service refuses it (revoked, or expired early by the server's clock)
/// and calls again, so no caller writes that dance itself.
#[derive(Debug, Clone)]
pub struct Session {
    client: LicensingClient,
    source: TokenSource,
    claims: Option<AccessTokenClaims>,
}

impl Session {
    /// `client` must carry the source's token (the profile's, or the static one).
    pub fn new(client: LicensingClient, source: TokenSource) -> Session {
        let claims = decode_unverified(client.token().expose_secret());
        Session {
            client,
            source,
            claims,
        }
    }

    /// The client with the current token, for calls that must not renew (lookups made while
    /// explaining a failure).
    pub fn client(&self) -> &LicensingClient {
        &self.client
    }

    /// What the current token says about the caller (unverified: for messages only).
    pub fn claims(&self) -> Option<&AccessTokenClaims> {
        self.claims.as_ref()
    }

    /// The profile the token belongs to (as renewed, after a renewal); `None` for a static token.
    pub fn profile(&self) -> Option<&ActiveToken> {
        match &self.source {
            TokenSource::Profile { active, .. } => Some(active),
            TokenSource::Static => None,
        }
    }

    /// A profile's token can be renewed after a 401; a static one cannot.
    pub fn renewable(&self) -> bool {
        matches!(self.source, TokenSource::Profile { .. })
    }

    /// Runs `op` against the API. After a 401 on a renewable token it renews the token once
    /// and runs `op` again; a second 401 is returned as is (renewing again would not help: the
    /// service refuses this caller, not this token). A failed renewal is returned instead of
    /// the 401, since it says what to do (sign in again).
    pub async fn call<T>(
        &mut self,
        op: impl AsyncFn(&LicensingClient) -> Result<T, ClientError>,
    ) -> Result<T, ClientError> {
        match op(&self.client).await {
            Err(e) if e.is_unauthorized() && self.renewable() => {
                tracing::debug!("the service refused the token; renewing it once");
                self.renew().await?;
                op(&self.client).await
            }
            other => other,
        }
    }

    async fn renew(&mut self) -> Result<(), ClientError> {
        let TokenSource::Profile { sessions, active } = &mut self.source else {
            return Ok(());
        };
        // The profile as resolved when the session began: a `connect` in another terminal
        // that changed the current profile meanwhile must not switch this command's tenant.
        let renewed = sessions.token(Some(&active.profile_name), true).await?;
        self.client.set_token(renewed.profile.access_token.clone());
        self.claims = decode_unverified(renewed.profile.access_token.expose_secret());
        **active = renewed;
        Ok(())
    }
}

#[cfg(test)]
mod tests;
