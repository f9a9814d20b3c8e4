//! Which licensing service and which identity provider ("authority") to talk to.
//!
//! The default is the Microsoft cloud: the service at `https://licensing.m365.microsoft.com`, the
//! authority `https://login.microsoftonline.com`. A self-hosted service runs its identity provider
//! on the same origin, so for any other endpoint the authority defaults to the endpoint's origin.

use std::net::IpAddr;

use reqwest::Url;

use crate::error::EndpointError;

pub const DEFAULT_ENDPOINT: &str = "https://licensing.m365.microsoft.com";
pub const DEFAULT_AUTHORITY: &str = "https://login.microsoftonline.com";
/// The tenant of a sign-in when none is given: any work or school account.
pub const DEFAULT_TENANT: &str = "organizations";

/// The service and the authority, validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoints {
    pub api: Url,
    pub authority: Url,
}

impl Endpoints {
    /// Resolves `--endpoint` and `--authority` (both optional) as the module's defaults say.
    pub fn resolve(
        endpoint: Option<&str>,
        authority: Option<&str>,
    ) -> Result<Endpoints, EndpointError> {
        let api = parse_api_url(endpoint.unwrap_or(DEFAULT_ENDPOINT))?;
        let authority = match authority {
            Some(a) => parse_service_url(a)?,
            None if display(&api) == DEFAULT_ENDPOINT => parse_service_url(DEFAULT_AUTHORITY)?,
            None => {
                let origin = api.origin().ascii_serialization();
                parse_service_url(&origin)?
            }
        };
        Ok(Endpoints { api, authority })
    }

    /// `{authority}/{tenant}/oauth2/v2.0/token`.
    pub fn token_url(&self, tenant: &str) -> Result<Url, EndpointError> {
        join(&self.authority, &[tenant, "oauth2", "v2.0", "token"])
    }

    /// `{authority}/{tenant}/oauth2/v2.0/authorize`.
    pub fn authorize_url(&self, tenant: &str) -> Result<Url, EndpointError> {
        join(&self.authority, &[tenant, "oauth2", "v2.0", "authorize"])
    }

    /// `{authority}/{tenant}/oauth2/v2.0/devicecode`.
    pub fn device_code_url(&self, tenant: &str) -> Result<Url, EndpointError> {
        join(&self.authority, &[tenant, "oauth2", "v2.0", "devicecode"])
    }
}

/// A URL without its trailing slash, as users type it.
pub fn display(url: &Url) -> &str {
    url.as_str().trim_end_matches('/')
}

/// Appends path segments (each percent-encoded as needed) to a base URL.
pub fn join(base: &Url, segments: &[&str]) -> Result<Url, EndpointError> {
    let mut url = base.clone();
    url.path_segments_mut()
        .map_err(|()| EndpointError::NotAUrl(base.to_string()))?
        .pop_if_empty()
        .extend(segments);
    Ok(url)
}

/// The licensing service's address (`--endpoint`): a service URL without the API version.
/// People paste the API's base URL; every command adds `/v1.0` itself, so the result would be
/// `/v1.0/v1.0/...` and a puzzling 404.
pub fn parse_api_url(s: &str) -> Result<Url, EndpointError> {
    let api = parse_service_url(s)?;
    if let Some(last) = api
        .path_segments()
        .and_then(|mut s| s.rfind(|s| !s.is_empty()))
        && (last.eq_ignore_ascii_case("v1.0") || last.eq_ignore_ascii_case("v1"))
    {
        let mut without = api.clone();
        without
            .path_segments_mut()
            .map_err(|()| EndpointError::NotAUrl(api.to_string()))?
            .pop_if_empty()
            .pop();
        return Err(EndpointError::VersionPath {
            given: display(&api).to_owned(),
            without: display(&without).to_owned(),
        });
    }
    Ok(api)
}

/// An `https` URL, or `http` to this machine only (a bearer token never crosses a network in the
/// clear); no credentials, query or fragment.
pub fn parse_service_url(s: &str) -> Result<Url, EndpointError> {
    let url = Url::parse(s.trim()).map_err(|_| EndpointError::NotAUrl(s.to_owned()))?;
    match url.scheme() {
        "https" => {}
        "http" if is_loopback(&url) => {}
        _ => return Err(EndpointError::Scheme(s.to_owned())),
    }
    if url.host().is_none() {
        return Err(EndpointError::NotAUrl(s.to_owned()));
    }
    if !url.username().is_empty()
        || url.password().is_some()
        || url.query().is_some()
        || url.fragment().is_some()
    {
        return Err(EndpointError::Extra(s.to_owned()));
    }
    Ok(url)
}

fn is_loopback(url: &Url) -> bool {
    let Some(host) = url.host_str() else {
        return false;
    };
    let host = host.trim_start_matches('[').trim_end_matches(']');
    match host.parse::<IpAddr>() {
        Ok(ip) => ip.is_loopback(),
        Err(_) => host.eq_ignore_ascii_case("localhost"),
    }
}

/// A tenant as `--tenant` takes it: a domain name, a tenant id, or `organizations` / `common`.
/// Only the characters those can hold, so it is safe in a URL path.
pub fn validate_tenant(tenant: &str) -> Result<String, EndpointError> {
    let t = tenant.trim();
    let ok = !t.is_empty()
        && t.len() <= 253
        && !t.starts_with(['.', '-'])
        && t.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-');
    if ok {
        Ok(t.to_ascii_lowercase())
    } else {
        Err(EndpointError::Tenant(tenant.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_the_microsoft_cloud() {
        let e = Endpoints::resolve(None, None).unwrap();
        assert_eq!(display(&e.api), DEFAULT_ENDPOINT);
        assert_eq!(display(&e.authority), DEFAULT_AUTHORITY);
        let e = Endpoints::resolve(Some("https://licensing.m365.microsoft.com/"), None).unwrap();
        assert_eq!(display(&e.authority), DEFAULT_AUTHORITY);
        assert_eq!(
            e.token_url("contoso.example").unwrap().as_str(),
            "https://login.microsoftonline.com/contoso.example/oauth2/v2.0/token"
        );
    }

    #[test]
    fn an_endpoint_with_the_api_version_is_refused_with_the_right_one() {
        for (given, without) in [
            ("http://127.0.0.1:8080/v1.0", "http://127.0.0.1:8080"),
            (
                "https://policies.example/licensing/V1/",
                "https://policies.example/licensing",
            ),
        ] {
            match Endpoints::resolve(Some(given), None) {
                Err(EndpointError::VersionPath { without: w, .. }) => assert_eq!(w, without),
                other => panic!("{given}: {other:?}"),
            }
        }
        assert!(Endpoints::resolve(Some("https://policies.example/v1.0x"), None).is_ok());
    }

    #[test]
    fn self_hosted_authority_is_the_same_origin() {
        let e = Endpoints::resolve(Some("http://127.0.0.1:8080/"), None).unwrap();
        assert_eq!(display(&e.authority), "http://127.0.0.1:8080");
        let e = Endpoints::resolve(Some("https://policies.example/licensing"), None).unwrap();
        assert_eq!(display(&e.authority), "https://policies.example");
        assert_eq!(
            e.device_code_url("organizations").unwrap().as_str(),
            "https://policies.example/organizations/oauth2/v2.0/devicecode"
        );
        let e = Endpoints::resolve(Some("https://a.example"), Some("https://idp.example/base/"))
            .unwrap();
        assert_eq!(
            e.token_url("t.example").unwrap().as_str(),
            "https://idp.example/base/t.example/oauth2/v2.0/token"
        );
    }

    #[test]
    fn plain_http_only_to_this_machine() {
        for ok in [
            "http://127.0.0.1:1",
            "http://localhost:8080",
            "http://[::1]:8080",
            "https://x.example",
        ] {
            assert!(parse_service_url(ok).is_ok(), "{ok}");
        }
        for bad in [
            "http://10.0.0.1",
            "http://policies.example",
            "ftp://x.example",
            "file:///etc",
            "x",
        ] {
            assert!(parse_service_url(bad).is_err(), "{bad}");
        }
        for bad in [
            "https://u:p@x.example",
            "https://x.example/?a=b",
            "https://x.example/#f",
        ] {
            assert_eq!(
                parse_service_url(bad),
                Err(EndpointError::Extra(bad.into()))
            );
        }
    }

    #[test]
    fn path_segments_are_encoded() {
        let base = parse_service_url("https://x.example/v").unwrap();
        let u = join(&base, &["policies", "a/b?c", "products"]).unwrap();
        assert_eq!(
            u.as_str(),
            "https://x.example/v/policies/a%2Fb%3Fc/products"
        );
    }

    #[test]
    fn tenants() {
        assert_eq!(
            validate_tenant("Contoso.Example").unwrap(),
            "contoso.example"
        );
        assert!(validate_tenant("7f2b1a52-3c1d-4e5f-8a9b-0c1d2e3f4a5b").is_ok());
        assert!(validate_tenant("organizations").is_ok());
        for bad in ["", "../x", "a/b", "a b", ".x", "x?y"] {
            assert!(validate_tenant(bad).is_err(), "{bad}");
        }
    }
}

/// What a service's port speaks, when a request to it failed in a way that an `http`/`https`
/// mix-up explains (a TLS handshake with a plain HTTP server, or the reverse).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Speaks {
    /// Plain HTTP: it answered `HTTP/…` to a plain request.
    Http,
    /// TLS: it answered a plain request with a TLS record (an alert or a handshake).
    Tls,
}

/// Sends a plain HTTP request to the URL's host and port and looks at the first bytes of the
/// answer (within two seconds); `None` when it cannot tell. A byte-level look rather than the
/// text of an error: the TLS library's messages are not an interface.
pub async fn probe_scheme(url: &Url) -> Option<Speaks> {
    use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
    let host = url.host_str()?;
    let port = url.port_or_known_default()?;
    let look = async {
        let mut stream = tokio::net::TcpStream::connect((host, port)).await.ok()?;
        let request = format!("GET / HTTP/1.0\r\nHost: {host}\r\n\r\n");
        stream.write_all(request.as_bytes()).await.ok()?;
        let mut first = [0u8; 5];
        let mut read = 0;
        while read < first.len() {
            match stream.read(&mut first[read..]).await.ok()? {
                0 => break,
                n => read += n,
            }
        }
        match first[..read] {
            [b'H', b'T', b'T', b'P', b'/'] => Some(Speaks::Http),
            // TLS record types: 0x15 alert, 0x16 handshake; then the version's major byte 3.
            [0x15 | 0x16, 0x03, ..] => Some(Speaks::Tls),
            _ => None,
        }
    };
    tokio::time::timeout(std::time::Duration::from_secs(2), look)
        .await
        .ok()
        .flatten()
}
