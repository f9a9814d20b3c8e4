//! The admin page's sign-in at an external OpenID Connect provider (`[page] authority`: Entra ID,
//! or another deployment's built-in provider) instead of this service's own.
//!
//! Why it is built this way:
//! - The provider's endpoints come from its discovery document, read at the first sign-in and
//!   kept (not at start: a provider that is briefly unreachable must not stop the service; a
//!   failed read is tried again at the next sign-in).
//! - The page is a web application there: the code is redeemed from this server, with the
//!   client secret when one is configured, and PKCE either way.
//! - The `id_token` comes straight from the provider's token endpoint over TLS, so its signature
//!   need not be checked (OIDC Core §3.1.3.7, item 6); its issuer is checked here, its audience
//!   and nonce by the callback (as for the built-in provider). The access token must then pass
//!   this service's own verifier (signature, issuer, audience, times): a page session is only
//!   ever made of a token the API would accept.

use std::time::Duration;

use serde::Deserialize;
use serde_json::{Map, Value};

use crate::config::PageSignIn;

/// The largest discovery document or token answer read.
const MAX_ANSWER: usize = 256 * 1024;

/// What discovery tells about the provider.
#[derive(Debug, Deserialize)]
struct Endpoints {
    issuer: String,
    authorization_endpoint: String,
    token_endpoint: String,
}

/// A sign-in provider other than the built-in one.
pub(crate) struct External {
    config: PageSignIn,
    http: reqwest::Client,
    endpoints: tokio::sync::OnceCell<Endpoints>,
}

impl std::fmt::Debug for External {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("External")
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

/// What a redeemed code gave.
pub(crate) struct Redeemed {
    pub access_token: String,
    pub expires_in: u64,
    pub id_token: String,
}

impl External {
    pub(crate) fn new(config: PageSignIn) -> External {
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(15))
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap_or_default();
        External {
            config,
            http,
            endpoints: tokio::sync::OnceCell::new(),
        }
    }

    pub(crate) fn client_id(&self) -> &str {
        &self.config.client_id
    }

    async fn endpoints(&self) -> Result<&Endpoints, String> {
        self.endpoints
            .get_or_try_init(|| async {
                let url = format!("{}/.well-known/openid-configuration", self.config.authority);
                let body = read(self.http.get(&url), &url).await?;
                serde_json::from_slice::<Endpoints>(&body).map_err(|e| {
                    format!(
                        "the discovery document at {url} is not one ({e}); check [page] authority"
                    )
                })
            })
            .await
    }

    /// Where the browser goes to sign in.
    pub(crate) async fn authorize_url(
        &self,
        redirect_uri: &str,
        state: &str,
        nonce: &str,
        challenge: &str,
    ) -> Result<String, String> {
        let e = self.endpoints().await?;
        let mut url = reqwest::Url::parse(&e.authorization_endpoint).map_err(|err| {
            format!(
                "the provider's authorization_endpoint {:?} is not a URL: {err}",
                e.authorization_endpoint
            )
        })?;
        url.query_pairs_mut()
            .append_pair("client_id", &self.config.client_id)
            .append_pair("response_type", "code")
            .append_pair("redirect_uri", redirect_uri)
            .append_pair("scope", &format!("openid profile {}", self.config.scope))
            .append_pair("state", state)
            .append_pair("nonce", nonce)
            .append_pair("code_challenge", challenge)
            .append_pair("code_challenge_method", "S256");
        Ok(url.into())
    }

    /// The code exchanged at the provider's token endpoint, and the `id_token`'s issuer checked
    /// (its audience and nonce are checked by the callback, for every provider).
    pub(crate) async fn redeem(
        &self,
        code: &str,
        redirect_uri: &str,
        verifier: &str,
    ) -> Result<Redeemed, String> {
        let e = self.endpoints().await?;
        let mut form = vec![
            ("grant_type", "authorization_code"),
            ("client_id", self.config.client_id.as_str()),
            ("code", code),
            ("redirect_uri", redirect_uri),
            ("code_verifier", verifier),
        ];
        if let Some(secret) = &self.config.client_secret {
            form.push(("client_secret", secret.as_str()));
        }
        let body = read(
            self.http.post(&e.token_endpoint).form(&form),
            &e.token_endpoint,
        )
        .await?;
        #[derive(Deserialize)]
        struct Answer {
            access_token: String,
            #[serde(default)]
            expires_in: Option<Value>,
            id_token: Option<String>,
        }
        let answer: Answer = serde_json::from_slice(&body)
            .map_err(|err| format!("the provider's token answer cannot be read: {err}"))?;
        // Entra sends `expires_in` as a number; some providers as a string.
        let expires_in = match answer.expires_in {
            Some(Value::Number(n)) => n.as_u64(),
            Some(Value::String(s)) => s.parse().ok(),
            _ => None,
        }
        .unwrap_or(0);
        let Some(id_token) = answer.id_token else {
            return Err(
                "the provider sent no id_token (is `openid` allowed for the page's application?)."
                    .into(),
            );
        };
        let claims = claims(&id_token).ok_or("the provider's id_token cannot be read.")?;
        let text = |name: &str| claims.get(name).and_then(Value::as_str).unwrap_or("");
        // A multi-tenant issuer (Entra's `/organizations/v2.0`) names `{tenantid}`.
        let issuer = e.issuer.replace("{tenantid}", text("tid"));
        if text("iss") != issuer {
            return Err(format!(
                "the id_token was issued by {:?}, not by {issuer:?}.",
                text("iss")
            ));
        }
        Ok(Redeemed {
            access_token: answer.access_token,
            expires_in,
            id_token,
        })
    }
}

/// A provider's answer, at most [`MAX_ANSWER`] bytes; an error answer says what the provider
/// said.
async fn read(req: reqwest::RequestBuilder, url: &str) -> Result<Vec<u8>, String> {
    let mut resp = req
        .send()
        .await
        .map_err(|e| format!("the sign-in provider at {url} cannot be reached ({e}); try again, or check [page] authority"))?;
    let status = resp.status();
    let body = mscommerce_identity::read_bounded(&mut resp, MAX_ANSWER)
        .await
        .map_err(|e| match e {
            mscommerce_identity::BoundedRead::TooLarge => {
                format!("the answer of {url} is larger than {MAX_ANSWER} bytes.")
            }
            mscommerce_identity::BoundedRead::Broken(e) => {
                format!("the answer of {url} broke off: {e}")
            }
        })?;
    if !status.is_success() {
        let said = serde_json::from_slice::<Value>(&body)
            .ok()
            .and_then(|v| {
                v.get("error_description")
                    .or_else(|| v.get("error"))
                    .and_then(Value::as_str)
                    .map(|s| s.chars().take(300).collect::<String>())
            })
            .unwrap_or_default();
        return Err(format!("{url} answered {status}: {said}"));
    }
    Ok(body)
}

/// The claims of an `id_token` received straight from a token endpoint (see the module's note).
pub(crate) fn claims(token: &str) -> Option<Map<String, Value>> {
    use base64::Engine as _;
    let payload = token.split('.').nth(1)?;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload)
        .ok()?;
    serde_json::from_slice(&bytes).ok()
}
