//! What every client command needs: the localizer, the global options, the clock, and a
//! licensing API session with a token (from `--token` or the profile, renewed silently by
//! `mscommerce-client`).

use std::io::BufRead;
use std::sync::Arc;

use mscommerce_client::Url;
use mscommerce_client::cache::TokenCache;
use mscommerce_client::claims::AccessTokenClaims;
use mscommerce_client::endpoint::{DEFAULT_ENDPOINT, display, parse_api_url};
use mscommerce_client::oauth::SignInClient;
use mscommerce_client::session::{CLIENT_SECRET_ENV, Session, SessionManager, TokenSource};
use mscommerce_client::sleep::{Sleeper, TokioSleeper};
use mscommerce_client::{ClientError, ExposeSecret, LicensingClient, SecretString};
use mscommerce_domain::{Clock, SystemClock};
use mscommerce_i18n::Localizer;

use super::errors::{Failure, Op, explain, explain_client};
use super::exit::Exit;
use crate::client::args::{GlobalArgs, OutputFormat, TokenArg};
use crate::text::ConnectHint;

pub(crate) struct Ctx {
    pub(crate) l: Arc<Localizer>,
    pub(crate) global: GlobalArgs,
    pub(crate) clock: Arc<dyn Clock>,
    pub(crate) sleeper: Arc<dyn Sleeper>,
}

/// A ready API session and what is known about the caller, for messages.
pub(crate) struct Api {
    /// Calls the API and renews a profile's refused token once (`mscommerce-client`).
    session: Session,
    pub(crate) endpoint: Url,
}

impl Api {
    /// Calls the API (renewing a refused profile token once, in the library); a failure is
    /// explained with what the call was about.
    pub(crate) async fn call<T>(
        &mut self,
        ctx: &Ctx,
        op: &Op<'_>,
        call: impl AsyncFn(&LicensingClient) -> Result<T, ClientError>,
    ) -> Result<T, Failure> {
        match self.session.call(call).await {
            Ok(v) => Ok(v),
            Err(e) => Err(explain(ctx, self, e, op).await),
        }
    }

    /// The client with the current token, for calls that must not renew it.
    pub(crate) fn client(&self) -> &LicensingClient {
        self.session.client()
    }

    /// What the current token says about the caller.
    pub(crate) fn claims(&self) -> Option<&AccessTokenClaims> {
        self.session.claims()
    }

    /// A profile's token can be renewed after a 401; a `--token` cannot.
    pub(crate) fn renewable(&self) -> bool {
        self.session.renewable()
    }

    /// The `connect` command to suggest for this caller.
    pub(crate) fn connect_hint(&self) -> ConnectHint {
        match self.session.profile() {
            Some(active) => ConnectHint::for_profile(&active.profile_name, &active.profile),
            None => ConnectHint {
                endpoint: Some(display(&self.endpoint).to_owned()),
                tenant: self.claims().and_then(|c| c.tid.clone()),
                profile: None,
                app: self
                    .claims()
                    .filter(|c| c.is_app())
                    .and_then(|c| c.app_id().map(|id| (id.to_owned(), None))),
            },
        }
    }

    /// Where a write goes, for the question before it: the tenant, and the profile and account
    /// that act on it.
    pub(crate) fn target(&self, l: &Localizer) -> String {
        let tenant = self.tenant_display().unwrap_or_else(|| "?".to_owned());
        let account = self
            .claims()
            .and_then(|c| c.account().or_else(|| c.app_id()).map(str::to_owned))
            .unwrap_or_else(|| "?".to_owned());
        match self.session.profile() {
            Some(active) => crate::text::t(
                l,
                "where-profile",
                &[
                    ("tenant", tenant),
                    ("profile", active.profile_name.clone()),
                    ("account", account),
                ],
            ),
            None => crate::text::t(
                l,
                "where-token",
                &[("tenant", tenant), ("account", account)],
            ),
        }
    }

    /// The tenant as the user knows it (the domain they connected with), else the token's id.
    pub(crate) fn tenant_display(&self) -> Option<String> {
        match self.session.profile() {
            Some(active)
                if active.profile.tenant != mscommerce_client::endpoint::DEFAULT_TENANT =>
            {
                Some(active.profile.tenant.clone())
            }
            _ => self.claims().and_then(|c| c.tid.clone()),
        }
    }
}

impl Ctx {
    pub(crate) fn new(global: GlobalArgs, l: Localizer) -> Ctx {
        Ctx {
            l: Arc::new(l),
            global,
            clock: Arc::new(SystemClock),
            sleeper: Arc::new(TokioSleeper),
        }
    }

    /// The same options, signed in as `profile` (one tenant of a `--profiles` run).
    pub(crate) fn with_profile(&self, profile: &str) -> Ctx {
        let mut global = self.global.clone();
        global.profile = Some(profile.to_owned());
        Ctx {
            l: self.l.clone(),
            global,
            clock: self.clock.clone(),
            sleeper: self.sleeper.clone(),
        }
    }

    pub(crate) fn output(&self) -> OutputFormat {
        self.global.output
    }

    /// The token cache (`MSCOMMERCE_CONFIG_DIR` or the platform's config dir).
    pub(crate) fn cache(&self) -> Result<TokenCache, Failure> {
        let dir = std::env::var_os(mscommerce_client::cache::CONFIG_DIR_ENV);
        TokenCache::locate(dir.as_deref())
            .map_err(|e| explain_client(self, ClientError::Cache(e), None))
    }

    pub(crate) fn sessions(&self) -> Result<SessionManager, Failure> {
        let cache = self.cache()?;
        let signin = SignInClient::new(self.clock.clone(), self.sleeper.clone())
            .map_err(|e| explain_client(self, e, None))?;
        Ok(SessionManager {
            cache,
            signin,
            clock: self.clock.clone(),
            secret_env: Arc::new(|| {
                std::env::var(CLIENT_SECRET_ENV)
                    .ok()
                    .filter(|s| !s.is_empty())
                    .map(SecretString::from)
            }),
        })
    }

    /// A hint for `connect` from what the user typed (when there is no profile to go by).
    pub(crate) fn typed_connect_hint(&self) -> ConnectHint {
        ConnectHint {
            endpoint: self.global.endpoint.clone(),
            tenant: None,
            profile: self.global.profile.clone(),
            app: None,
        }
    }

    fn parse_endpoint(&self, value: &str) -> Result<Url, Failure> {
        parse_api_url(value).map_err(|e| explain_client(self, ClientError::Endpoint(e), None))
    }

    /// A session on the licensing API: `--token` as given, else the profile's token (renewed
    /// when it is about to expire, and once more if the service refuses it).
    pub(crate) async fn api(&self) -> Result<Api, Failure> {
        if let Some(TokenArg(token)) = &self.global.token {
            return self.explicit_api(token);
        }
        let sessions = self.sessions()?;
        let active = match sessions.token(self.global.profile.as_deref(), false).await {
            Ok(a) => a,
            Err(e) => {
                // Suggest connecting the way the profile did, when it can still be read.
                let hint = sessions
                    .peek(self.global.profile.as_deref())
                    .map(|a| ConnectHint::for_profile(&a.profile_name, &a.profile))
                    .unwrap_or_else(|_| self.typed_connect_hint());
                return Err(explain_client(self, e, Some(hint)));
            }
        };
        let endpoint = self.parse_endpoint(&active.profile.endpoint)?;
        if let Some(asked) = &self.global.endpoint {
            let asked_url = self.parse_endpoint(asked)?;
            if display(&asked_url) != display(&endpoint) {
                let hint = ConnectHint {
                    endpoint: Some(display(&asked_url).to_owned()),
                    tenant: Some(active.profile.tenant.clone()),
                    profile: None,
                    app: None,
                };
                return Err(Failure::local(
                    Exit::Usage,
                    &self.l,
                    "error-profile-endpoint-mismatch",
                    &[
                        ("profile", active.profile_name),
                        ("profileEndpoint", display(&endpoint).to_owned()),
                        ("endpoint", display(&asked_url).to_owned()),
                        (
                            "command",
                            format!("{} --profile <name>", hint.command(&self.l)),
                        ),
                    ],
                ));
            }
        }
        let client = LicensingClient::new(
            &endpoint,
            active.profile.access_token.clone(),
            self.clock.clone(),
            self.sleeper.clone(),
        )
        .map_err(|e| explain_client(self, e, None))?;
        let source = TokenSource::Profile {
            sessions: Box::new(sessions),
            active: Box::new(active),
        };
        Ok(Api {
            session: Session::new(client, source),
            endpoint,
        })
    }

    fn explicit_api(&self, token: &SecretString) -> Result<Api, Failure> {
        let token = if token.expose_secret() == "-" {
            read_stdin_line(&self.l)?
        } else {
            token.clone()
        };
        if token.expose_secret().is_empty() {
            return Err(Failure::local(
                Exit::Usage,
                &self.l,
                "error-token-empty",
                &[],
            ));
        }
        // The service: --endpoint, else the current profile's, else the Microsoft cloud. An
        // unreadable cache does not matter here.
        let endpoint_text = match &self.global.endpoint {
            Some(e) => e.clone(),
            None => self
                .cache()
                .ok()
                .and_then(|c| c.load().ok())
                .and_then(|d| {
                    let name = self.global.profile.clone().or(d.current.clone())?;
                    d.profiles.get(&name).map(|p| p.endpoint.clone())
                })
                .unwrap_or_else(|| DEFAULT_ENDPOINT.to_owned()),
        };
        let endpoint = self.parse_endpoint(&endpoint_text)?;
        let client =
            LicensingClient::new(&endpoint, token, self.clock.clone(), self.sleeper.clone())
                .map_err(|e| explain_client(self, e, None))?;
        Ok(Api {
            session: Session::new(client, TokenSource::Static),
            endpoint,
        })
    }
}

/// The first line of stdin, without its line ending, as a secret.
pub(crate) fn read_stdin_line(l: &Localizer) -> Result<SecretString, Failure> {
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line).map_err(|e| {
        Failure::local(Exit::Usage, l, "error-stdin", &[("message", e.to_string())])
    })?;
    let trimmed = line.trim_end_matches(['\r', '\n']).to_owned();
    Ok(SecretString::from(trimmed))
}
