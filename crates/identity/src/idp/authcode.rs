//! The authorization code flow with PKCE (RFC 6749 §4.1, RFC 7636 with S256 only), Entra-shaped:
//! `/{tenant}/oauth2/v2.0/authorize` asks the user for their name and password on our own page,
//! then sends the browser back to the client's redirect URI with a code; the token endpoint's
//! `grant_type=authorization_code` exchanges the code and its `code_verifier` for an access
//! token, a refresh token and (with `openid`) an `id_token` carrying the request's `nonce`.
//!
//! Why it is built this way:
//! - PKCE is required of every client and only `S256` is accepted (`plain` would give the
//!   challenge away in the URL): the built-in public clients (the admin page, the CLI) and the
//!   directory's apps with registered redirect URIs (web applications, such as the admin page of
//!   another deployment that signs in here). Those apps are confidential: the code is exchanged
//!   with their secret or certificate, and only at their own tenant (an app of the directory
//!   belongs to one tenant, so `/organizations` cannot name it).
//! - Redirect URIs are registered per client and compared exactly; the CLI's public client may
//!   use a loopback address on any port (RFC 8252 §7.3). Errors about the client or its redirect
//!   URI are shown on the page, never sent to an unchecked address (RFC 6749 §4.1.2.1).
//! - Codes are single-use and live five minutes. They are kept in the store under their SHA-256
//!   (never the code itself), so that behind several replicas the code may be exchanged at any
//!   of them; taking one out is the store's single delete.

use mscommerce_domain::TenantId;
use mscommerce_proto::{PUBLIC_CLIENT_ID, TokenResponse};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde::{Deserialize, Serialize};
use time::{Duration, OffsetDateTime};
use uuid::Uuid;

use super::{
    Client, ClientAuth, ClientAuthMethod, Idp, IdpError, TenantSel, TokenForm, UserScope, internal,
    normalize_upn, parse_user_scope, required,
};
use crate::jwt::echo;
use crate::secret::{b64url, random_token, sha256, sha256_hex};
use mscommerce_store::AppRecord;

/// The admin page's own public client.
pub const ADMIN_PAGE_CLIENT_ID: &str = "6f1c2a0e-5b7d-4c39-9e8a-3d2f41b7c905";
/// Where the admin page receives its code, below the public base URL.
pub const ADMIN_PAGE_REDIRECT_PATH: &str = "/signin-oidc";
/// How long a code can be exchanged.
const CODE_LIFETIME: Duration = Duration::minutes(5);
/// The store's kind for codes waiting to be exchanged.
const CODE_KIND: &str = "authorization_code";
/// Longest `state` and `nonce` accepted.
const MAX_ECHO: usize = 1024;
/// The query of `GET /{tenant}/oauth2/v2.0/authorize` (and the hidden fields of its form).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct AuthorizeRequest {
    pub client_id: Option<String>,
    pub response_type: Option<String>,
    pub redirect_uri: Option<String>,
    pub scope: Option<String>,
    pub state: Option<String>,
    pub nonce: Option<String>,
    pub code_challenge: Option<String>,
    pub code_challenge_method: Option<String>,
    pub response_mode: Option<String>,
    pub login_hint: Option<String>,
}

/// What the sign-in page shows: which application, which directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthorizePrompt {
    pub client_name: String,
    /// `None` for `organizations`/`common`: the account decides.
    pub tenant_name: Option<String>,
}

/// How the answer goes back to the client's redirect URI (`response_mode`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClientAnswer {
    /// `query` (the default): a redirect to `location`, the parameters in its query.
    Redirect { location: String },
    /// `form_post` (MSAL's choice): a page that POSTs `fields` to `action` (OAuth 2.0 Form
    /// Post Response Mode), so the code never sits in a URL or the browser's history.
    FormPost {
        action: String,
        fields: Vec<(String, String)>,
    },
}

impl ClientAnswer {
    /// `params` sent to `redirect_uri` the way `form_post` says.
    fn to(redirect_uri: &str, form_post: bool, params: &[(&str, &str)]) -> ClientAnswer {
        if form_post {
            return ClientAnswer::FormPost {
                action: redirect_uri.to_owned(),
                fields: params
                    .iter()
                    .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                    .collect(),
            };
        }
        let mut location = redirect_uri.to_owned();
        let mut sep = if redirect_uri.contains('?') { '&' } else { '?' };
        for (k, v) in params {
            location.push(sep);
            location.push_str(k);
            location.push('=');
            location.push_str(&enc(v));
            sep = '&';
        }
        ClientAnswer::Redirect { location }
    }
}

/// A request the provider refuses.
#[derive(Debug)]
pub enum AuthorizeError {
    /// The client or its redirect URI cannot be trusted: show it on the page, redirect nowhere.
    Page(IdpError),
    /// Everything else goes back to the client (`error`, `error_description`, `state`).
    Client(ClientAnswer),
}

/// The result of the sign-in form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuthorizeOutcome {
    /// Signed in (or declined): send the browser back (the code, or `access_denied`).
    Client(ClientAnswer),
    /// Wrong user name or password.
    BadCredentials,
    /// The account is disabled.
    AccountDisabled,
    /// The account belongs to another tenant than the one asked for.
    WrongTenant { tenant_name: String },
    /// Smart lockout: too many wrong passwords for this account from here; try again then.
    AccountLocked { until: OffsetDateTime },
}

/// A code waiting for its exchange.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct PendingCode {
    tenant: TenantId,
    user_oid: Uuid,
    client_id: String,
    redirect_uri: String,
    code_challenge: String,
    nonce: Option<String>,
    scope: String,
    #[serde(with = "time::serde::rfc3339")]
    expires_at: OffsetDateTime,
}

impl Idp {
    /// Keeps the code (by its hash) for any replica to exchange.
    async fn keep_code(&self, code: &str, pending: &PendingCode) -> Result<(), IdpError> {
        let value = serde_json::to_string(pending).map_err(internal)?;
        self.store
            .put_short_lived(
                CODE_KIND,
                &sha256_hex(code.as_bytes()),
                &value,
                pending.expires_at,
                self.clock.now(),
            )
            .await?;
        Ok(())
    }

    /// Takes the code out: whatever happens next, it cannot be used again.
    async fn take_code(&self, code: &str) -> Result<Option<PendingCode>, IdpError> {
        let value = self
            .store
            .take_short_lived(CODE_KIND, &sha256_hex(code.as_bytes()), self.clock.now())
            .await?;
        value
            .map(|v| serde_json::from_str(&v).map_err(internal))
            .transpose()
    }
}

/// A request that passed every check.
struct Checked {
    tenant: TenantSel,
    client_id: String,
    redirect_uri: String,
    scope: String,
    state: Option<String>,
    nonce: Option<String>,
    code_challenge: String,
    client_name: String,
    /// `response_mode=form_post`.
    form_post: bool,
}

/// Everything but RFC 3986's unreserved characters.
const QUERY_VALUE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

fn enc(s: &str) -> String {
    utf8_percent_encode(s, QUERY_VALUE).to_string()
}

/// `error`, `error_description` and `state` back to the client.
fn error_answer(
    redirect_uri: &str,
    form_post: bool,
    error: &str,
    description: &str,
    state: Option<&str>,
) -> ClientAnswer {
    let mut params = vec![("error", error), ("error_description", description)];
    if let Some(state) = state {
        params.push(("state", state));
    }
    ClientAnswer::to(redirect_uri, form_post, &params)
}

/// RFC 8252 §7.3: `http` on a loopback address, any port, the path `/` (or none), nothing else.
fn is_loopback_redirect(uri: &str) -> bool {
    let Some(rest) = uri.strip_prefix("http://") else {
        return false;
    };
    let (authority, path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, ""),
    };
    if !(path.is_empty() || path == "/") {
        return false;
    }
    let host_port = |host: &str| match authority.strip_prefix(host) {
        Some("") => true,
        Some(port) => port.strip_prefix(':').is_some_and(|p| {
            !p.is_empty() && p.len() <= 5 && p.bytes().all(|b| b.is_ascii_digit())
        }),
        None => false,
    };
    host_port("127.0.0.1") || host_port("[::1]") || host_port("localhost")
}

/// Whether an app may register `uri` as a redirect URI: an absolute `https` address (`http` only
/// on a loopback host), without user information or a fragment (RFC 6749 §3.1.2), at most 512
/// characters.
pub fn registrable_redirect_uri(uri: &str) -> bool {
    let Ok(url) = reqwest::Url::parse(uri) else {
        return false;
    };
    let loopback = matches!(url.host_str(), Some("localhost" | "127.0.0.1" | "[::1]"));
    uri.len() <= 512
        && url.fragment().is_none()
        && url.username().is_empty()
        && url.password().is_none()
        && url.host_str().is_some()
        && (url.scheme() == "https" || (url.scheme() == "http" && loopback))
}

/// RFC 7636 §4.1: 43 to 128 unreserved characters.
fn valid_verifier(v: &str) -> bool {
    (43..=128).contains(&v.len())
        && v.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~'))
}

impl Idp {
    /// The admin page's registered redirect URI.
    pub fn admin_page_redirect_uri(&self) -> String {
        format!("{}{ADMIN_PAGE_REDIRECT_PATH}", self.config.base_url)
    }

    /// An app of the directory that signs users in with the authorization code flow: one of
    /// `tenant` (never `/organizations`: an app belongs to one tenant) with redirect URIs.
    async fn web_app(&self, tenant: &TenantSel, client_id: &str) -> Result<AppRecord, IdpError> {
        let no_reply = || {
            IdpError::InvalidRequest(format!(
                "AADSTS500113: No reply address is registered for the application '{}'. Register one with `mscommerce admin app add --redirect-uri`, or sign in with the admin page or the MSCommerce command line.",
                echo(client_id)
            ))
        };
        let TenantSel::One(t) = tenant else {
            return Err(IdpError::InvalidRequest(format!(
                "AADSTS50194: Application '{}' is not the admin page or the MSCommerce command line, and an app of the directory belongs to one tenant: use its tenant's endpoint (/{{tenant}}/oauth2/v2.0/authorize) instead of /organizations or /common.",
                echo(client_id)
            )));
        };
        match self.store.find_app(t.id, client_id).await? {
            Some(app) if !app.redirect_uris.is_empty() => Ok(app),
            Some(_) => Err(no_reply()),
            None => Err(IdpError::UnknownClient {
                client_id: echo(client_id),
                tenant: t.id.to_string(),
            }),
        }
    }

    async fn check_authorize(
        &self,
        tenant: &str,
        req: &AuthorizeRequest,
    ) -> Result<Checked, AuthorizeError> {
        let page = AuthorizeError::Page;
        let tenant = self.resolve_tenant(tenant).await.map_err(page)?;
        let client_id = required(&req.client_id, "client_id").map_err(page)?;
        let redirect_uri = required(&req.redirect_uri, "redirect_uri").map_err(page)?;
        let (client_name, registered) = match client_id {
            ADMIN_PAGE_CLIENT_ID => (
                "MSCommerce admin page".to_owned(),
                redirect_uri == self.admin_page_redirect_uri(),
            ),
            PUBLIC_CLIENT_ID => (
                "MSCommerce command line".to_owned(),
                is_loopback_redirect(redirect_uri),
            ),
            _ => {
                let app = self.web_app(&tenant, client_id).await.map_err(page)?;
                let registered = app.redirect_uris.iter().any(|u| u == redirect_uri);
                (app.display_name, registered)
            }
        };
        if !registered {
            return Err(page(IdpError::InvalidRequest(format!(
                "AADSTS50011: The redirect URI '{}' specified in the request does not match the redirect URIs configured for the application '{client_id}'.",
                echo(redirect_uri)
            ))));
        }
        let state = req.state.clone().filter(|s| !s.is_empty());
        let form_post = req.response_mode.as_deref() == Some("form_post");
        let back = |error: &str, description: String| {
            AuthorizeError::Client(error_answer(
                redirect_uri,
                form_post,
                error,
                &description,
                state.as_deref(),
            ))
        };
        if state.as_ref().is_some_and(|s| s.len() > MAX_ECHO)
            || req.nonce.as_ref().is_some_and(|s| s.len() > MAX_ECHO)
        {
            return Err(back(
                "invalid_request",
                format!(
                    "AADSTS9002313: 'state' and 'nonce' may have at most {MAX_ECHO} characters."
                ),
            ));
        }
        if req.response_type.as_deref() != Some("code") {
            return Err(back(
                "unsupported_response_type",
                "AADSTS70005: response_type must be 'code'.".into(),
            ));
        }
        if !matches!(
            req.response_mode.as_deref(),
            None | Some("query" | "form_post")
        ) {
            return Err(back(
                "invalid_request",
                "AADSTS9002313: response_mode must be 'query' or 'form_post' (or left out).".into(),
            ));
        }
        let Some(challenge) = req.code_challenge.as_deref().filter(|c| !c.is_empty()) else {
            return Err(back(
                "invalid_request",
                "AADSTS9002325: Proof Key for Code Exchange is required for cross-origin authorization code redemption. Send code_challenge and code_challenge_method=S256.".into(),
            ));
        };
        if req.code_challenge_method.as_deref() != Some("S256") {
            return Err(back(
                "invalid_request",
                "AADSTS501491: code_challenge_method must be S256 (plain is not accepted).".into(),
            ));
        }
        if challenge.len() != 43
            || !challenge
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        {
            return Err(back(
                "invalid_request",
                "AADSTS501491: code_challenge must be the base64url SHA-256 of the code_verifier (43 characters).".into(),
            ));
        }
        let scope = required(&req.scope, "scope")
            .and_then(parse_user_scope)
            .map_err(|e| back("invalid_scope", e.to_string()))?;
        Ok(Checked {
            tenant,
            client_id: client_id.to_owned(),
            redirect_uri: redirect_uri.to_owned(),
            scope: scope.requested(),
            state,
            nonce: req.nonce.clone().filter(|n| !n.is_empty()),
            code_challenge: challenge.to_owned(),
            client_name,
            form_post,
        })
    }

    /// `GET /{tenant}/oauth2/v2.0/authorize`: checks the request and says what the sign-in page
    /// shows.
    pub async fn authorize_prompt(
        &self,
        tenant: &str,
        req: &AuthorizeRequest,
    ) -> Result<AuthorizePrompt, AuthorizeError> {
        let c = self.check_authorize(tenant, req).await?;
        Ok(AuthorizePrompt {
            client_name: c.client_name,
            tenant_name: match c.tenant {
                TenantSel::One(t) => Some(t.display_name),
                TenantSel::Any(_) => None,
            },
        })
    }

    /// The sign-in form: checks the request again, then the credentials; on success a code for
    /// the client's redirect URI. `approve = false` sends `access_denied` back.
    pub async fn authorize_sign_in(
        &self,
        source: &str,
        tenant: &str,
        req: &AuthorizeRequest,
        username: &str,
        password: &str,
        approve: bool,
    ) -> Result<AuthorizeOutcome, AuthorizeError> {
        let c = self.check_authorize(tenant, req).await?;
        let fail = |e: IdpError| AuthorizeError::Page(e);
        if !approve {
            return Ok(AuthorizeOutcome::Client(error_answer(
                &c.redirect_uri,
                c.form_post,
                "access_denied",
                "AADSTS65004: The user declined the sign-in request.",
                c.state.as_deref(),
            )));
        }
        let user = self
            .store
            .find_user(&normalize_upn(username))
            .await
            .map_err(|e| fail(e.into()))?;
        let valid = match self
            .check_guarded(
                &super::user_account(username),
                source,
                password,
                user.as_ref().map(|u| u.password_hash.as_str()),
            )
            .await
        {
            Err(IdpError::AccountLocked { until }) => {
                return Ok(AuthorizeOutcome::AccountLocked { until });
            }
            other => other.map_err(fail)?,
        };
        let (Some(user), true) = (user, valid) else {
            return Ok(AuthorizeOutcome::BadCredentials);
        };
        if let TenantSel::One(t) = &c.tenant
            && t.id != user.tenant
        {
            return Ok(AuthorizeOutcome::WrongTenant {
                tenant_name: t.display_name.clone(),
            });
        }
        if !user.enabled {
            return Ok(AuthorizeOutcome::AccountDisabled);
        }
        let now = self.clock.now();
        let code = random_token().map_err(|e| fail(internal(e)))?;
        let pending = PendingCode {
            tenant: user.tenant,
            user_oid: user.oid,
            client_id: c.client_id,
            redirect_uri: c.redirect_uri.clone(),
            code_challenge: c.code_challenge,
            nonce: c.nonce,
            scope: c.scope,
            expires_at: now + CODE_LIFETIME,
        };
        self.keep_code(&code, &pending).await.map_err(fail)?;
        let mut params = vec![("code", code.as_str())];
        if let Some(state) = &c.state {
            params.push(("state", state.as_str()));
        }
        Ok(AuthorizeOutcome::Client(ClientAnswer::to(
            &c.redirect_uri,
            c.form_post,
            &params,
        )))
    }

    /// `grant_type=authorization_code`.
    pub(super) async fn authorization_code_grant(
        &self,
        source: &str,
        tenant: TenantSel,
        form: &TokenForm,
        client_id: Option<String>,
        auth: ClientAuth,
    ) -> Result<TokenResponse, IdpError> {
        let client_id = client_id.ok_or(IdpError::MissingParameter("client_id"))?;
        let code = required(&form.code, "code")?;
        let redirect_uri = required(&form.redirect_uri, "redirect_uri")?;
        let verifier = required(&form.code_verifier, "code_verifier")?;
        let method = if client_id == ADMIN_PAGE_CLIENT_ID || client_id == PUBLIC_CLIENT_ID {
            if !matches!(auth, ClientAuth::None) {
                return Err(IdpError::PublicClientWithCredentials);
            }
            ClientAuthMethod::Public
        } else {
            // A web app of the directory: it proves who it is before its code is looked at.
            let TenantSel::One(t) = &tenant else {
                return Err(IdpError::InvalidCode {
                    code: 50194,
                    reason: format!(
                        "The application '{}' belongs to one tenant: redeem its code at /{{tenant}}/oauth2/v2.0/token.",
                        echo(&client_id)
                    ),
                });
            };
            let client = Client::App(Box::new(self.web_app(&tenant, &client_id).await?));
            self.authenticate_client(source, &client, auth, t).await?
        };
        // Taken first: a code is used once, even by a request that fails below.
        let pending = self.take_code(code).await?.ok_or(IdpError::InvalidCode {
            code: 70008,
            reason:
                "The authorization code is unknown, expired or already redeemed. Sign in again."
                    .into(),
        })?;
        let wrong_tenant = matches!(&tenant, TenantSel::One(t) if t.id != pending.tenant);
        if pending.client_id != client_id || wrong_tenant {
            return Err(IdpError::InvalidCode {
                code: 70008,
                reason: "The authorization code was issued to another application or tenant."
                    .into(),
            });
        }
        if pending.redirect_uri != redirect_uri {
            return Err(IdpError::InvalidCode {
                code: 50011,
                reason: "The redirect_uri is not the one the code was issued for.".into(),
            });
        }
        if !valid_verifier(verifier)
            || b64url(&sha256(verifier.as_bytes())) != pending.code_challenge
        {
            return Err(IdpError::InvalidCode {
                code: 501481,
                reason: "The code_verifier does not match the code_challenge supplied in the authorization request.".into(),
            });
        }
        let user = self
            .store
            .find_user_by_oid(pending.tenant, pending.user_oid)
            .await?
            .ok_or(IdpError::InvalidCredentials)?;
        if !user.enabled {
            return Err(IdpError::UserDisabled);
        }
        let scope: UserScope = parse_user_scope(&pending.scope)?;
        self.issue_user_tokens(&user, &client_id, method, &scope, pending.nonce.as_deref())
            .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_redirects_any_port_nothing_else() {
        for ok in [
            "http://127.0.0.1",
            "http://127.0.0.1/",
            "http://127.0.0.1:53123/",
            "http://[::1]:8400",
            "http://localhost:1/",
        ] {
            assert!(is_loopback_redirect(ok), "{ok}");
        }
        for bad in [
            "https://127.0.0.1/",
            "http://127.0.0.1.evil.example/",
            "http://127.0.0.1:80/callback",
            "http://127.0.0.1:/",
            "http://127.0.0.1:123456/",
            "http://localhost@evil.example/",
            "http://127.0.0.1/?x=1",
            "http://example.com:80/",
        ] {
            assert!(!is_loopback_redirect(bad), "{bad}");
        }
    }

    #[test]
    fn registrable_redirect_uris_are_https_or_loopback_http() {
        for ok in [
            "https://policies.contoso.example/signin-oidc",
            "https://contoso.example:8443/a/b?tenant=1",
            "http://localhost:8080/signin-oidc",
            "http://127.0.0.1/signin-oidc",
        ] {
            assert!(registrable_redirect_uri(ok), "{ok}");
        }
        for bad in [
            "http://policies.contoso.example/signin-oidc",
            "https://policies.contoso.example/signin-oidc#x",
            "https://user:pw@policies.contoso.example/",
            "/signin-oidc",
            "javascript:alert(1)",
            "ftp://contoso.example/",
            &format!("https://contoso.example/{}", "a".repeat(600)),
        ] {
            assert!(!registrable_redirect_uri(bad), "{bad}");
        }
    }

    #[test]
    fn verifiers_follow_rfc_7636() {
        assert!(valid_verifier(&"a".repeat(43)));
        assert!(valid_verifier(&"-._~".repeat(32)));
        assert!(!valid_verifier(&"a".repeat(42)));
        assert!(!valid_verifier(&"a".repeat(129)));
        assert!(!valid_verifier(&format!("{}+", "a".repeat(43))));
    }

    #[test]
    fn errors_go_back_with_their_state_in_either_mode() {
        let answer = |form_post| {
            error_answer(
                "http://127.0.0.1:1/",
                form_post,
                "access_denied",
                "no way",
                Some("a b&"),
            )
        };
        assert_eq!(
            answer(false),
            ClientAnswer::Redirect {
                location:
                    "http://127.0.0.1:1/?error=access_denied&error_description=no%20way&state=a%20b%26"
                        .into()
            }
        );
        assert_eq!(
            answer(true),
            ClientAnswer::FormPost {
                action: "http://127.0.0.1:1/".into(),
                fields: vec![
                    ("error".into(), "access_denied".into()),
                    ("error_description".into(), "no way".into()),
                    ("state".into(), "a b&".into()),
                ],
            }
        );
    }
}
