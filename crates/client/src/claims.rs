//! Reading an access token's claims without verifying it: the client only shows them (`whoami`,
//! who to tell the user they are signed in as). The service verifies tokens; the client never
//! trusts these claims for anything else.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::Deserialize;

/// The claims of an Entra-shaped access token that the CLI shows.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct AccessTokenClaims {
    #[serde(default)]
    pub tid: Option<String>,
    #[serde(default)]
    pub oid: Option<String>,
    #[serde(default)]
    pub upn: Option<String>,
    #[serde(default)]
    pub preferred_username: Option<String>,
    #[serde(default)]
    pub unique_name: Option<String>,
    #[serde(default)]
    pub name: Option<String>,
    /// v1 application id.
    #[serde(default)]
    pub appid: Option<String>,
    /// v2 application id.
    #[serde(default)]
    pub azp: Option<String>,
    #[serde(default)]
    pub app_displayname: Option<String>,
    #[serde(default)]
    pub idtyp: Option<String>,
    /// Directory role template ids (users).
    #[serde(default)]
    pub wids: Vec<String>,
    /// App permissions (app-only tokens).
    #[serde(default)]
    pub roles: Vec<String>,
    #[serde(default)]
    pub scp: Option<String>,
    #[serde(default)]
    pub exp: Option<i64>,
    #[serde(default)]
    pub iss: Option<String>,
    /// An `id_token`'s echo of the sign-in request's nonce (browser sign-in).
    #[serde(default)]
    pub nonce: Option<String>,
}

impl AccessTokenClaims {
    /// An app-only token (client credentials).
    pub fn is_app(&self) -> bool {
        self.idtyp.as_deref() == Some("app") || (self.scp.is_none() && self.account().is_none())
    }

    /// The user's sign-in name.
    pub fn account(&self) -> Option<&str> {
        self.upn
            .as_deref()
            .or(self.preferred_username.as_deref())
            .or(self.unique_name.as_deref())
    }

    /// The client application's id.
    pub fn app_id(&self) -> Option<&str> {
        self.azp.as_deref().or(self.appid.as_deref())
    }
}

/// The claims of a JWT, or `None` if it is not one.
pub fn decode_unverified(token: &str) -> Option<AccessTokenClaims> {
    let mut parts = token.split('.');
    let (_header, payload, _signature) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    let bytes = URL_SAFE_NO_PAD.decode(payload.trim_end_matches('=')).ok()?;
    serde_json::from_slice(&bytes).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jwt(payload: &str) -> String {
        format!(
            "eyJhbGciOiJub25lIn0.{}.sig",
            URL_SAFE_NO_PAD.encode(payload)
        )
    }

    #[test]
    fn user_and_app_tokens() {
        let user = decode_unverified(&jwt(
            r#"{"tid":"t","upn":"admin@contoso.example","wids":["62e90394-69f5-4237-9190-012177145e10"],"scp":"LicenseManager.AccessAsUser","exp":1}"#,
        ))
        .unwrap();
        assert!(!user.is_app());
        assert_eq!(user.account(), Some("admin@contoso.example"));
        assert_eq!(user.exp, Some(1));
        let app = decode_unverified(&jwt(
            r#"{"tid":"t","azp":"contoso-automation","idtyp":"app","roles":["Policy.Read.AllowSelfServicePurchase"]}"#,
        ))
        .unwrap();
        assert!(app.is_app());
        assert_eq!(app.app_id(), Some("contoso-automation"));
    }

    #[test]
    fn not_a_jwt() {
        for bad in [
            "",
            "a.b",
            "a.b.c.d",
            "a.!!!.c",
            &jwt("not json"),
            &jwt("[1]"),
        ] {
            assert_eq!(decode_unverified(bad), None, "{bad}");
        }
    }
}
