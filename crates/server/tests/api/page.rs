//! The authorization code flow with PKCE (`/{tenant}/oauth2/v2.0/authorize`, the token endpoint's
//! `authorization_code`) and the admin page at `/` through real HTTP: sign-in, session cookie,
//! CSRF and origin checks, saving a product, a stale panel, the reader, the user without a role,
//! languages.

use std::collections::HashMap;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use mscommerce_identity::ADMIN_PAGE_CLIENT_ID;
use mscommerce_proto::{PUBLIC_CLIENT_ID, RESOURCE_DEFAULT_SCOPE};
use mscommerce_server::demo;
use reqwest::StatusCode;

use crate::helpers::*;

fn challenge(verifier: &str) -> String {
    URL_SAFE_NO_PAD.encode(aws_lc_rs::digest::digest(
        &aws_lc_rs::digest::SHA256,
        verifier.as_bytes(),
    ))
}

const VERIFIER: &str = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk-0123456789";
const LOOPBACK: &str = "http://127.0.0.1:5555/";

fn enc(s: &str) -> String {
    percent_encoding::utf8_percent_encode(s, percent_encoding::NON_ALPHANUMERIC).to_string()
}

/// The authorize query of the CLI's public client, with one parameter replaced or dropped.
fn authorize_query(changes: &[(&str, Option<&str>)]) -> Vec<(String, String)> {
    let c = challenge(VERIFIER);
    let mut q: Vec<(String, String)> = [
        ("client_id", PUBLIC_CLIENT_ID),
        ("response_type", "code"),
        ("redirect_uri", LOOPBACK),
        ("scope", &format!("openid profile {RESOURCE_DEFAULT_SCOPE}")),
        ("state", "st-123"),
        ("nonce", "n-456"),
        ("code_challenge", &c),
        ("code_challenge_method", "S256"),
    ]
    .iter()
    .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
    .collect();
    for (k, v) in changes {
        q.retain(|(name, _)| name != k);
        if let Some(v) = v {
            q.push(((*k).to_owned(), (*v).to_owned()));
        }
    }
    q
}

fn query_string(q: &[(String, String)]) -> String {
    q.iter()
        .map(|(k, v)| format!("{k}={}", enc(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// A browser: cookies kept, redirects not followed, `Origin` and `Sec-Fetch-Site` on POSTs.
struct Browser<'a> {
    app: &'a TestApp,
    cookies: HashMap<String, String>,
    language: Option<&'static str>,
}

struct Page {
    status: StatusCode,
    headers: reqwest::header::HeaderMap,
    text: String,
}

impl Page {
    fn location(&self) -> &str {
        self.headers
            .get("location")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }
    fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }
    /// The value of the first `name="{field}" value="..."` after `after`.
    fn field(&self, after: &str, field: &str) -> String {
        let start = self
            .text
            .find(after)
            .unwrap_or_else(|| panic!("{after} in {}", self.text));
        let rest = &self.text[start..];
        let marker = format!("name=\"{field}\" value=\"");
        let i = rest
            .find(&marker)
            .unwrap_or_else(|| panic!("{field} in {rest}"))
            + marker.len();
        let end = rest[i..].find('"').unwrap();
        rest[i..i + end]
            .replace("&#34;", "\"")
            .replace("&#38;", "&")
    }
}

impl<'a> Browser<'a> {
    fn new(app: &'a TestApp) -> Self {
        Browser {
            app,
            cookies: HashMap::new(),
            language: None,
        }
    }

    fn absolute(&self, path: &str) -> String {
        if path.starts_with("http") {
            path.to_owned()
        } else {
            format!("{}{path}", self.app.url)
        }
    }

    async fn send(&mut self, req: reqwest::RequestBuilder) -> Page {
        let mut req = req;
        if !self.cookies.is_empty() {
            let c = self
                .cookies
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>()
                .join("; ");
            req = req.header("cookie", c);
        }
        if let Some(lang) = self.language {
            req = req.header("accept-language", lang);
        }
        let resp = req.send().await.expect("request");
        let status = resp.status();
        let headers = resp.headers().clone();
        for v in headers.get_all("set-cookie") {
            let v = v.to_str().unwrap();
            let (pair, _) = v.split_once(';').unwrap_or((v, ""));
            let (k, val) = pair.split_once('=').unwrap();
            if v.contains("Max-Age=0") {
                self.cookies.remove(k);
            } else {
                self.cookies.insert(k.to_owned(), val.to_owned());
            }
        }
        let text = resp.text().await.unwrap_or_default();
        Page {
            status,
            headers,
            text,
        }
    }

    async fn get(&mut self, path: &str) -> Page {
        let url = self.absolute(path);
        let req = self.app.http.get(url);
        self.send(req).await
    }

    async fn post(&mut self, path: &str, form: &[(&str, &str)]) -> Page {
        let origin = self.app.url.clone();
        self.post_from(path, form, Some(&origin)).await
    }

    async fn post_from(&mut self, path: &str, form: &[(&str, &str)], origin: Option<&str>) -> Page {
        let url = self.absolute(path);
        let mut req = self.app.http.post(url).form(form);
        if let Some(o) = origin {
            req = req.header("origin", o);
        }
        self.send(req).await
    }

    /// The provider's sign-in form for the CLI's request, posted with these credentials.
    async fn authorize_as(
        &mut self,
        path: &str,
        upn: &str,
        password: &str,
        origin: Option<&str>,
    ) -> Page {
        let mut form = authorize_query(&[]);
        form.push(("username".into(), upn.into()));
        form.push(("password".into(), password.into()));
        let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let origin = origin.map(str::to_owned);
        self.post_from(path, &pairs, origin.as_deref()).await
    }

    /// A provider's sign-in form (`form_page`) filled in as `upn` and posted to `action` from
    /// `origin`, as the browser does.
    async fn fill_sign_in_form(
        &mut self,
        form_page: &Page,
        action: &str,
        origin: &str,
        upn: &str,
    ) -> Page {
        let mut fields: Vec<(String, String)> = [
            "client_id",
            "response_type",
            "redirect_uri",
            "scope",
            "state",
            "nonce",
            "code_challenge",
            "code_challenge_method",
        ]
        .iter()
        .map(|name| ((*name).to_owned(), form_page.field("<form", name)))
        .collect();
        fields.push(("username".into(), upn.into()));
        fields.push(("password".into(), demo::PASSWORD.into()));
        let pairs: Vec<(&str, &str)> = fields
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        self.post_from(action, &pairs, Some(origin)).await
    }

    /// The whole sign-in of the admin page, as a browser goes through it.
    async fn sign_in(&mut self, upn: &str) -> Page {
        let landing = self.get("/").await;
        assert_eq!(landing.status, StatusCode::OK, "{}", landing.text);
        assert!(
            landing.text.contains("href=\"/signin\""),
            "{}",
            landing.text
        );
        let start = self.get("/signin").await;
        assert_eq!(start.status, StatusCode::SEE_OTHER);
        let authorize = start.location().to_owned();
        assert!(
            authorize.starts_with("/organizations/oauth2/v2.0/authorize?"),
            "{authorize}"
        );
        assert!(
            authorize.contains("code_challenge_method=S256"),
            "{authorize}"
        );
        let form_page = self.get(&authorize).await;
        assert_eq!(form_page.status, StatusCode::OK, "{}", form_page.text);
        let origin = self.app.url.clone();
        let back = self
            .fill_sign_in_form(
                &form_page,
                "/organizations/oauth2/v2.0/authorize",
                &origin,
                upn,
            )
            .await;
        assert_eq!(back.status, StatusCode::SEE_OTHER, "{}", back.text);
        let callback = back.location().to_owned();
        assert!(
            callback.starts_with(&format!("{}/signin-oidc?code=", self.app.url)),
            "{callback}"
        );
        let done = self.get(&callback).await;
        assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.text);
        assert_eq!(done.location(), "/");
        let cookie = done
            .headers
            .get_all("set-cookie")
            .iter()
            .map(|v| v.to_str().unwrap().to_owned())
            .find(|c| c.starts_with("msc_session="))
            .expect("session cookie");
        assert!(
            cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
            "{cookie}"
        );
        self.get("/").await
    }
}

async fn product_value(app: &TestApp, product: &str) -> String {
    let token = app.user_token("admin@contoso.example").await;
    let r = app
        .get(&format!("/v1.0/policies/{P}/products/{product}"), &token)
        .await;
    r.body["policyValue"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn the_code_flow_with_pkce_gives_tokens_and_an_id_token_with_the_nonce() {
    let app = spawn_app().await;
    let mut b = Browser::new(&app);
    let q = query_string(&authorize_query(&[]));
    let page = b
        .get(&format!("/contoso.example/oauth2/v2.0/authorize?{q}"))
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text);
    assert!(
        page.text.contains("Contoso"),
        "the tenant's name: {}",
        page.text
    );
    assert!(
        page.header("content-security-policy")
            .contains("frame-ancestors 'none'")
    );
    assert_eq!(page.header("x-content-type-options"), "nosniff");
    let back = b
        .authorize_as(
            "/contoso.example/oauth2/v2.0/authorize",
            "admin@contoso.example",
            demo::PASSWORD,
            Some(&app.url),
        )
        .await;
    assert_eq!(back.status, StatusCode::SEE_OTHER, "{}", back.text);
    let location = back.location().to_owned();
    assert!(
        location.starts_with("http://127.0.0.1:5555/?code="),
        "{location}"
    );
    assert!(location.ends_with("&state=st-123"), "{location}");
    let code = location
        .split("code=")
        .nth(1)
        .unwrap()
        .split('&')
        .next()
        .unwrap()
        .to_owned();
    let exchange = |verifier: &'static str, redirect: &'static str| {
        let code = code.clone();
        let app = &app;
        async move {
            app.token_request(
                "contoso.example",
                &[
                    ("grant_type", "authorization_code"),
                    ("client_id", PUBLIC_CLIENT_ID),
                    ("code", &code),
                    ("redirect_uri", redirect),
                    ("code_verifier", verifier),
                ],
            )
            .await
        }
    };
    let r = exchange(VERIFIER, LOOPBACK).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.header("cache-control"), Some("no-store"));
    let access = r.body["access_token"].as_str().unwrap().to_owned();
    assert!(r.body["refresh_token"].is_string());
    let id_token = r.body["id_token"].as_str().expect("id_token");
    let claims: serde_json::Value = serde_json::from_slice(
        &URL_SAFE_NO_PAD
            .decode(id_token.split('.').nth(1).unwrap())
            .unwrap(),
    )
    .unwrap();
    assert_eq!(claims["nonce"], "n-456");
    assert_eq!(claims["aud"], PUBLIC_CLIENT_ID);
    assert_eq!(claims["preferred_username"], "admin@contoso.example");
    assert_eq!(claims["iss"], app.issuer(&contoso()));
    // The access token is an API token like any other.
    let list = app
        .get(&format!("/v1.0/policies/{P}/products"), &access)
        .await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.text);
    // A code is used once.
    let again = exchange(VERIFIER, LOOPBACK).await;
    assert_eq!(again.status, StatusCode::BAD_REQUEST, "{}", again.text);
    assert_eq!(again.body["error"], "invalid_grant");
}

/// `response_mode=form_post` (what MSAL asks for): the answer is a page whose form carries the
/// code and the state to the redirect URI and submits itself with the one script its CSP allows
/// by hash; the code exchanges like a query-mode one. A refusal goes back the same way.
#[tokio::test]
async fn form_post_carries_the_answer_in_a_self_submitting_form() {
    let app = spawn_app().await;
    let mut b = Browser::new(&app);
    let sign_in = |mut form: Vec<(String, String)>, decline: bool| {
        form.push(("username".into(), "admin@contoso.example".into()));
        form.push(("password".into(), demo::PASSWORD.into()));
        if decline {
            form.push(("decline".into(), "1".into()));
        }
        form
    };
    let form = sign_in(
        authorize_query(&[("response_mode", Some("form_post"))]),
        false,
    );
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let page = b
        .post("/contoso.example/oauth2/v2.0/authorize", &pairs)
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text);
    assert!(
        page.text
            .contains(&format!("<form method=\"post\" action=\"{LOOPBACK}\">")),
        "{}",
        page.text
    );
    assert_eq!(page.field("<form", "state"), "st-123");
    let code = page.field("<form", "code");
    assert!(
        page.text
            .contains("<script>document.forms[0].submit();</script>")
    );
    let script_hash = URL_SAFE_NO_PAD
        .encode(aws_lc_rs::digest::digest(
            &aws_lc_rs::digest::SHA256,
            b"document.forms[0].submit();",
        ))
        .replace('-', "+")
        .replace('_', "/");
    let csp = page.header("content-security-policy").to_owned();
    assert!(
        csp.contains(&format!("script-src 'sha256-{script_hash}")),
        "{csp}"
    );
    let script_src = csp
        .split(';')
        .find(|d| d.trim().starts_with("script-src"))
        .unwrap();
    assert!(!script_src.contains("unsafe"), "{csp}");
    let r = app
        .token_request(
            "contoso.example",
            &[
                ("grant_type", "authorization_code"),
                ("client_id", PUBLIC_CLIENT_ID),
                ("code", &code),
                ("redirect_uri", LOOPBACK),
                ("code_verifier", VERIFIER),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);

    let form = sign_in(
        authorize_query(&[("response_mode", Some("form_post"))]),
        true,
    );
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let declined = b
        .post("/contoso.example/oauth2/v2.0/authorize", &pairs)
        .await;
    assert_eq!(declined.status, StatusCode::OK, "{}", declined.text);
    assert_eq!(declined.field("<form", "error"), "access_denied");
    assert_eq!(declined.field("<form", "state"), "st-123");
}

/// Signs the CLI's client in at contoso and returns the code.
async fn a_code(app: &TestApp) -> String {
    let mut b = Browser::new(app);
    let back = b
        .authorize_as(
            "/contoso.example/oauth2/v2.0/authorize",
            "admin@contoso.example",
            demo::PASSWORD,
            Some(&app.url),
        )
        .await;
    assert_eq!(back.status, StatusCode::SEE_OTHER, "{}", back.text);
    back.location()
        .split("code=")
        .nth(1)
        .unwrap()
        .split('&')
        .next()
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn the_code_flow_refuses_what_rfc_6749_and_7636_refuse() {
    let app = spawn_app().await;
    let mut b = Browser::new(&app);
    let path = "/contoso.example/oauth2/v2.0/authorize";
    // An unregistered redirect URI or client: said on the page, never redirected to.
    for changes in [
        vec![("redirect_uri", Some("https://evil.example/"))],
        vec![("redirect_uri", Some("http://127.0.0.1:5555/cb"))],
        vec![("client_id", Some("11111111-2222-3333-4444-555555555555"))],
        vec![("redirect_uri", None)],
    ] {
        let q = query_string(&authorize_query(&changes));
        let r = b.get(&format!("{path}?{q}")).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{changes:?}: {}", r.text);
        assert!(r.location().is_empty(), "{changes:?}");
        assert!(r.text.contains("AADSTS"), "{}", r.text);
    }
    // The admin page's client takes its own redirect URI only.
    let q = query_string(&authorize_query(&[(
        "client_id",
        Some(ADMIN_PAGE_CLIENT_ID),
    )]));
    let r = b.get(&format!("{path}?{q}")).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.text);
    // Everything else goes back to the client, with its state.
    for (changes, error) in [
        (
            vec![("code_challenge_method", Some("plain"))],
            "invalid_request",
        ),
        (vec![("code_challenge_method", None)], "invalid_request"),
        (vec![("code_challenge", None)], "invalid_request"),
        (vec![("code_challenge", Some("short"))], "invalid_request"),
        (
            vec![("response_type", Some("token"))],
            "unsupported_response_type",
        ),
        (vec![("scope", Some("openid"))], "invalid_scope"),
    ] {
        let q = query_string(&authorize_query(&changes));
        let r = b.get(&format!("{path}?{q}")).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{changes:?}: {}", r.text);
        let l = r.location();
        assert!(
            l.starts_with(&format!("{LOOPBACK}?error={error}")) && l.ends_with("&state=st-123"),
            "{changes:?}: {l}"
        );
    }
    // A wrong password: the form again, with a 401 and no code.
    let r = b
        .authorize_as(path, "admin@contoso.example", "wrong", Some(&app.url))
        .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{}", r.text);
    assert!(r.location().is_empty());
    // Another tenant's account: refused on the page.
    let r = b
        .authorize_as(
            path,
            "admin@fabrikam.example",
            demo::PASSWORD,
            Some(&app.url),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.text);
    // A sign-in form posted from another site (login CSRF): refused.
    let r = b
        .authorize_as(
            path,
            "admin@contoso.example",
            demo::PASSWORD,
            Some("https://evil.example"),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.text);
    assert!(r.location().is_empty());

    // At the token endpoint: a wrong verifier spends the code.
    let code = a_code(&app).await;
    let exchange = |code: String, verifier: String, redirect: &'static str| {
        let app = &app;
        async move {
            app.token_request(
                "contoso.example",
                &[
                    ("grant_type", "authorization_code"),
                    ("client_id", PUBLIC_CLIENT_ID),
                    ("code", &code),
                    ("redirect_uri", redirect),
                    ("code_verifier", &verifier),
                ],
            )
            .await
        }
    };
    let wrong = format!("{}x", &VERIFIER[..VERIFIER.len() - 1]);
    let r = exchange(code.clone(), wrong, LOOPBACK).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.text);
    assert_eq!(r.body["error"], "invalid_grant");
    let r = exchange(code, VERIFIER.into(), LOOPBACK).await;
    assert_eq!(r.body["error"], "invalid_grant", "{}", r.text);
    // Another redirect URI than the code's.
    let code = a_code(&app).await;
    let r = exchange(code, VERIFIER.into(), "http://127.0.0.1:5556/").await;
    assert_eq!(r.body["error"], "invalid_grant", "{}", r.text);
    // No verifier.
    let code = a_code(&app).await;
    let r = app
        .token_request(
            "contoso.example",
            &[
                ("grant_type", "authorization_code"),
                ("client_id", PUBLIC_CLIENT_ID),
                ("code", &code),
                ("redirect_uri", LOOPBACK),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.text);
    assert_eq!(r.body["error"], "invalid_request");
    // Another tenant's endpoint.
    let r = app
        .token_request(
            "fabrikam.example",
            &[
                ("grant_type", "authorization_code"),
                ("client_id", PUBLIC_CLIENT_ID),
                ("code", &code),
                ("redirect_uri", LOOPBACK),
                ("code_verifier", VERIFIER),
            ],
        )
        .await;
    assert_eq!(r.body["error"], "invalid_grant", "{}", r.text);
    // An expired code.
    let code = a_code(&app).await;
    app.clock.advance(time::Duration::minutes(6));
    let r = exchange(code, VERIFIER.into(), LOOPBACK).await;
    assert_eq!(r.body["error"], "invalid_grant", "{}", r.text);
}

#[tokio::test]
async fn an_admin_signs_in_with_pkce_and_disables_a_product() {
    let app = spawn_app().await;
    let mut b = Browser::new(&app);
    let list = b.sign_in("admin@contoso.example").await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.text);
    let csp = list.header("content-security-policy");
    assert!(
        csp.contains("default-src 'self'")
            && csp.contains("frame-ancestors 'none'")
            && !csp.contains("unsafe-inline"),
        "{csp}"
    );
    assert_eq!(list.header("x-content-type-options"), "nosniff");
    assert_eq!(list.header("referrer-policy"), "no-referrer");
    assert!(list.text.contains("Power BI Pro"), "{}", list.text);
    // The access token never reaches the page.
    assert!(
        !list.text.contains(mscommerce_testkit::tokens::TOKEN_START),
        "a token in the page"
    );
    let row = format!("data-product=\"{POWER_BI_PRO}\"");
    let csrf = list.field(&row, "csrf");
    let etag = list.field(&row, "etag");
    let action = format!("/products/{POWER_BI_PRO}");

    // Without the CSRF token, with another one, or from another origin: refused, nothing changed.
    for (form, origin) in [
        (
            vec![("value", "Disabled"), ("etag", etag.as_str())],
            Some(app.url.as_str()),
        ),
        (
            vec![
                ("csrf", "forged"),
                ("value", "Disabled"),
                ("etag", etag.as_str()),
            ],
            Some(app.url.as_str()),
        ),
        (
            vec![
                ("csrf", csrf.as_str()),
                ("value", "Disabled"),
                ("etag", etag.as_str()),
            ],
            Some("https://evil.example"),
        ),
        (
            vec![
                ("csrf", csrf.as_str()),
                ("value", "Disabled"),
                ("etag", etag.as_str()),
            ],
            None,
        ),
    ] {
        let r = b.post_from(&action, &form, origin).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{origin:?}: {}", r.text);
        assert_eq!(product_value(&app, POWER_BI_PRO).await, "Enabled");
    }

    let r = b
        .post(
            &action,
            &[("csrf", &csrf), ("value", "Disabled"), ("etag", &etag)],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text);
    assert_eq!(product_value(&app, POWER_BI_PRO).await, "Disabled");
    let after = b.get("/").await;
    assert!(after.text.contains("saved as"), "{}", after.text);
    let reloaded = b.get("/?setting=Disabled").await;
    assert!(reloaded.text.contains("Power BI Pro"), "{}", reloaded.text);
    // With the date of its last change; the others were never changed.
    assert!(
        reloaded.text.contains(
            "Last changed <time datetime=\"2026-11-20T12:00:00Z\" data-date>2026-11-20</time>"
        ),
        "{}",
        reloaded.text
    );
    assert!(after.text.contains("Never changed"));

    // The same panel again (its ETag is stale): the conflict, with the value now in place.
    let r = b
        .post(
            &action,
            &[("csrf", &csrf), ("value", "Enabled"), ("etag", &etag)],
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.text);
    assert!(r.text.contains("Do not allow"), "{}", r.text);
    assert_eq!(product_value(&app, POWER_BI_PRO).await, "Disabled");

    // Sign out ends the session.
    let r = b.post("/signout", &[("csrf", &csrf)]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text);
    let r = b
        .post(
            &action,
            &[("csrf", &csrf), ("value", "Enabled"), ("etag", &etag)],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{}", r.text);
    assert_eq!(product_value(&app, POWER_BI_PRO).await, "Disabled");
}

#[tokio::test]
async fn a_reader_sees_everything_and_changes_nothing() {
    let app = spawn_app().await;
    let mut b = Browser::new(&app);
    let list = b.sign_in("reader@contoso.example").await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.text);
    assert!(list.text.contains("Global Reader"), "{}", list.text);
    assert!(list.text.contains("Power BI Pro"));
    assert!(
        !list.text.contains("action=\"/products/"),
        "no change controls for a reader"
    );
    let csrf = list.field("action=\"/signout\"", "csrf");
    let r = b
        .post(
            &format!("/products/{POWER_BI_PRO}"),
            &[("csrf", &csrf), ("value", "Disabled"), ("etag", "*")],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.text);
    assert_eq!(product_value(&app, POWER_BI_PRO).await, "Enabled");
}

#[tokio::test]
async fn a_user_without_a_role_gets_an_explanation() {
    let app = spawn_app().await;
    let mut b = Browser::new(&app);
    let page = b.sign_in("user@contoso.example").await;
    assert_eq!(page.status, StatusCode::FORBIDDEN, "{}", page.text);
    assert!(page.text.contains("user@contoso.example"), "{}", page.text);
    assert!(
        page.text.contains("Global Administrator") && page.text.contains("Billing Administrator"),
        "{}",
        page.text
    );
    assert!(page.text.contains("<main"), "a page, not a raw 403");
}

#[tokio::test]
async fn the_page_speaks_the_users_language() {
    let app = spawn_app().await;
    let mut b = Browser::new(&app);
    b.language = Some("fr-FR,fr;q=0.9");
    let list = b.sign_in("admin@contoso.example").await;
    assert!(list.text.contains("<html lang=\"fr-FR\">"), "{}", list.text);
    assert!(list.text.contains("Ne pas autoriser"), "{}", list.text);
    // The switcher remembers its choice in a cookie.
    let r = b.get("/language?lang=zh-TW").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(b.cookies.get("msc_lang").map(String::as_str), Some("zh-TW"));
    let list = b.get("/").await;
    assert!(list.text.contains("<html lang=\"zh-TW\">"), "{}", list.text);
    assert!(list.text.contains("不允許"), "{}", list.text);
}

/// The ids of the products listed on the page, in order.
fn listed_products(page: &Page) -> Vec<String> {
    page.text
        .split("data-product=\"")
        .skip(1)
        .map(|s| s.split('"').next().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn an_admin_changes_five_products_at_once_and_sets_the_default() {
    let app = spawn_app().await;
    let mut b = Browser::new(&app);
    let list = b.sign_in("admin@contoso.example").await;
    let csrf = list.field("id=\"bulk\"", "csrf");
    let products = listed_products(&list);
    assert!(products.len() >= 6, "{products:?}");
    let five = &products[..5];
    let mut form = vec![("csrf", csrf.as_str()), ("value", "Disabled")];
    for p in five {
        form.push(("product", p.as_str()));
    }
    // A value one of them does not take refuses the whole batch: nothing changes.
    let mut trials = form.clone();
    trials[1] = ("value", "OnlyTrialsWithoutPaymentMethod");
    trials.push(("product", POWER_BI_PRO));
    let r = b.post("/products", &trials).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.text);
    for p in five {
        assert_eq!(product_value(&app, p).await, "Enabled", "{p}");
    }
    let r = b.post("/products", &form).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text);
    for p in five {
        assert_eq!(product_value(&app, p).await, "Disabled", "{p}");
    }
    assert_eq!(product_value(&app, &products[5]).await, "Enabled");
    let after = b.get("/").await;
    assert!(after.text.contains("5 products saved"), "{}", after.text);
    // Nothing selected: said, nothing changed.
    let r = b
        .post("/products", &[("csrf", &csrf), ("value", "Enabled")])
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.text);

    // The default for new products.
    let etag = after.field("action=\"/default\"", "etag");
    let r = b
        .post(
            "/default",
            &[("csrf", &csrf), ("value", "Disabled"), ("etag", &etag)],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text);
    let token = app.user_token("admin@contoso.example").await;
    let d = app.get(&format!("/v1.0/policies/{P}"), &token).await;
    assert_eq!(d.body["defaultValue"], "Disabled", "{}", d.text);
    // The same (now stale) form again: a conflict, nothing changed.
    let r = b
        .post(
            "/default",
            &[("csrf", &csrf), ("value", "Enabled"), ("etag", &etag)],
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.text);
    let d = app.get(&format!("/v1.0/policies/{P}"), &token).await;
    assert_eq!(d.body["defaultValue"], "Disabled");
}

#[tokio::test]
async fn a_readers_forged_batch_and_default_are_refused_and_journaled() {
    let app = spawn_app().await;
    let mut b = Browser::new(&app);
    let list = b.sign_in("reader@contoso.example").await;
    assert!(!list.text.contains("id=\"bulk\""));
    assert!(!list.text.contains("action=\"/default\""));
    let csrf = list.field("action=\"/signout\"", "csrf");
    let r = b
        .post(
            "/products",
            &[
                ("csrf", &csrf),
                ("value", "Disabled"),
                ("product", POWER_BI_PRO),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.text);
    let r = b
        .post(
            "/default",
            &[("csrf", &csrf), ("value", "Disabled"), ("etag", "*")],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.text);
    assert_eq!(product_value(&app, POWER_BI_PRO).await, "Enabled");
    let token = app.user_token("admin@contoso.example").await;
    let log = app.get("/v1.0/auditLog", &token).await;
    assert!(
        log.text.contains("reader@contoso.example") && log.text.contains("Forbidden"),
        "{}",
        log.text
    );
}

#[tokio::test]
async fn the_journal_shows_and_downloads_the_changes_made_on_the_page() {
    let app = spawn_app().await;
    let mut b = Browser::new(&app);
    let list = b.sign_in("admin@contoso.example").await;
    let row = format!("data-product=\"{POWER_BI_PRO}\"");
    let csrf = list.field(&row, "csrf");
    let etag = list.field(&row, "etag");
    let r = b
        .post(
            &format!("/products/{POWER_BI_PRO}"),
            &[("csrf", &csrf), ("value", "Disabled"), ("etag", &etag)],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text);
    let page = b.get(&format!("/journal?product={POWER_BI_PRO}")).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text);
    assert!(
        page.text.contains("admin@contoso.example") && page.text.contains("Enabled → Disabled"),
        "{}",
        page.text
    );
    let other = b.get("/journal?product=CFQ7TTC0HDB1").await;
    assert!(!other.text.contains("Enabled → Disabled"), "{}", other.text);
    let csv = b
        .get(&format!(
            "/journal.csv?product={POWER_BI_PRO}&actor=admin%40contoso.example"
        ))
        .await;
    assert_eq!(csv.status, StatusCode::OK, "{}", csv.text);
    assert!(csv.header("content-type").starts_with("text/csv"));
    assert!(csv.header("content-disposition").starts_with("attachment"));
    let mut lines = csv.text.lines();
    assert_eq!(
        lines.next(),
        Some("time,actor,target,oldValue,newValue,result")
    );
    let line = lines.next().expect("one entry");
    assert!(
        line.contains(&format!(
            "\"admin@contoso.example\",\"{POWER_BI_PRO}\",\"Enabled\",\"Disabled\",\"Succeeded\""
        )),
        "{line}"
    );
    // A filter that cannot be read: said, with what to do.
    let bad = b.get("/journal?from=yesterday").await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST, "{}", bad.text);
    assert!(bad.text.contains("YYYY-MM-DD"), "{}", bad.text);
    // Without a session: back to the start page.
    let mut stranger = Browser::new(&app);
    let r = stranger.get("/journal.csv").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(r.location(), "/");
}

#[tokio::test]
async fn an_admin_changes_an_offer_type() {
    let app = spawn_app().await;
    let mut b = Browser::new(&app);
    let list = b.sign_in("admin@contoso.example").await;
    let id = list
        .text
        .split("data-offer-type=\"")
        .nth(1)
        .expect("an offer type on the page")
        .split('"')
        .next()
        .unwrap()
        .to_owned();
    let row = format!("data-offer-type=\"{id}\"");
    let csrf = list.field(&row, "csrf");
    let etag = list.field(&row, "etag");
    // Offer types take Allow and Do not allow only.
    let r = b
        .post(
            &format!("/offer-types/{id}"),
            &[
                ("csrf", &csrf),
                ("value", "OnlyTrialsWithoutPaymentMethod"),
                ("etag", &etag),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.text);
    let r = b
        .post(
            &format!("/offer-types/{id}"),
            &[("csrf", &csrf), ("value", "Disabled"), ("etag", &etag)],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text);
    let token = app.user_token("admin@contoso.example").await;
    let o = app
        .get(&format!("/v1.0/policies/{P}/offerTypes/{id}"), &token)
        .await;
    assert_eq!(o.body["policyValue"], "Disabled", "{}", o.text);
    let r = b
        .post(
            "/offer-types/NoSuchOfferType",
            &[("csrf", &csrf), ("value", "Disabled"), ("etag", "*")],
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.text);
}

/// A user without a role asks for a license with the page's form; a Global Administrator sees
/// it among the tenant's requests and approves it with a note; the user sees the decision. The
/// user cannot decide, and a decision without the CSRF token changes nothing.
#[tokio::test]
async fn a_user_asks_for_a_license_and_an_admin_approves_it_on_the_page() {
    let app = spawn_app().await;
    let mut user = Browser::new(&app);
    let noaccess = user.sign_in("user@contoso.example").await;
    assert!(
        noaccess.text.contains("href=\"/requests\""),
        "{}",
        noaccess.text
    );
    let page = user.get("/requests").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text);
    assert!(
        page.text
            .contains(&format!("<option value=\"{POWER_BI_PRO}\">Power BI Pro")),
        "{}",
        page.text
    );
    let csrf = page.field("<form method=\"post\" action=\"/requests\"", "csrf");
    let sent = user
        .post(
            "/requests",
            &[
                ("csrf", csrf.as_str()),
                ("product", POWER_BI_PRO),
                ("message", "For the board deck"),
            ],
        )
        .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.text);
    assert_eq!(sent.location(), "/requests");
    let mine = user.get("/requests").await;
    assert!(
        mine.text
            .contains("Your request for Power BI Pro was sent to your admins."),
        "{}",
        mine.text
    );
    assert!(mine.text.contains("For the board deck") && mine.text.contains("Pending"));
    // Twice for the same product while pending: refused with the reason, nothing filed.
    let again = user
        .post(
            "/requests",
            &[("csrf", csrf.as_str()), ("product", POWER_BI_PRO)],
        )
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT, "{}", again.text);

    let mut admin = Browser::new(&app);
    admin.sign_in("admin@contoso.example").await;
    let queue = admin.get("/requests").await;
    assert!(
        queue.text.contains("user@contoso.example"),
        "{}",
        queue.text
    );
    let action = queue
        .text
        .split("action=\"/requests/")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .unwrap()
        .to_owned();
    assert!(action.ends_with("/approve"), "{action}");
    let admin_csrf = queue.field("class=\"decide\"", "csrf");
    // The user cannot decide, even with their own session's token.
    let refused = user
        .post(&format!("/requests/{action}"), &[("csrf", csrf.as_str())])
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.text);
    // Without the CSRF token: refused, still pending.
    let forged = admin.post(&format!("/requests/{action}"), &[]).await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN, "{}", forged.text);
    let decided = admin
        .post(
            &format!("/requests/{action}"),
            &[("csrf", admin_csrf.as_str()), ("message", "Assigned today")],
        )
        .await;
    assert_eq!(decided.status, StatusCode::SEE_OTHER, "{}", decided.text);
    let queue = admin.get("/requests?status=approved").await;
    assert!(
        queue
            .text
            .contains("You approved the request of user@contoso.example for Power BI Pro."),
        "{}",
        queue.text
    );
    let mine = user.get("/requests").await;
    assert!(
        mine.text.contains("Approved") && mine.text.contains("Assigned today"),
        "{}",
        mine.text
    );
    // The decision is in the journal, as the API journals it.
    let journal = admin.get("/journal").await;
    assert!(
        journal.text.contains("admin@contoso.example"),
        "{}",
        journal.text
    );
}

/// Admins and Global Readers see what storefronts recorded, filtered by kind; a user without a
/// role is sent back to the start.
#[tokio::test]
async fn purchases_recorded_by_a_storefront_are_listed_for_admins_and_readers() {
    let app = spawn_app().await;
    let storefront = app.app_token("storefront").await;
    let r = app
        .http
        .post(format!("{}/v1.0/selfServicePurchases", app.url))
        .bearer_auth(&storefront)
        .json(&serde_json::json!({
            "tenantId": contoso().to_string(),
            "userId": "0b5e8d7a-1c2f-4e3d-9a8b-7c6d5e4f3a2b",
            "userPrincipalName": "user@contoso.example",
            "productId": POWER_BI_PRO,
            "kind": "purchaseMade",
            "quantity": 3,
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    for upn in ["admin@contoso.example", "reader@contoso.example"] {
        let mut b = Browser::new(&app);
        b.sign_in(upn).await;
        let page = b.get("/purchases").await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.text);
        assert!(
            page.text.contains("user@contoso.example")
                && page.text.contains("Power BI Pro")
                && page.text.contains("Purchase made")
                && page.text.contains("<td>3</td>"),
            "{upn}: {}",
            page.text
        );
        let none = b.get("/purchases?kind=trialStarted").await;
        assert!(
            none.text.contains("No purchases or trials match."),
            "{}",
            none.text
        );
        let bad = b.get("/purchases?product=not%20an%20id").await;
        assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    }
    let mut user = Browser::new(&app);
    user.sign_in("user@contoso.example").await;
    let page = user.get("/purchases").await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
}

/// `[page] authority`: the page signs in at another OpenID Connect provider (here a second
/// deployment's built-in provider, as real an issuer as Entra ID), as a confidential web
/// application registered there with the page's redirect URI and a client secret; the session
/// holds that provider's token, which this service accepts through `[[identity.issuers]]`.
/// A deployment whose redirect URI the provider does not know is refused there.
#[tokio::test]
async fn the_page_signs_in_at_an_external_provider() {
    use mscommerce_domain::Clock as _;
    const CLIENT: &str = "contoso-admin-page";
    const SECRET: &str = "page secret, long enough to pass 7e2d";
    let provider = spawn_app().await;
    let dir = tempfile::tempdir().unwrap();
    let secret_file = dir.path().join("page-secret");
    std::fs::write(&secret_file, format!("{SECRET}\n")).unwrap();
    let config = || {
        mscommerce_server::FileConfig::parse(&format!(
            "[identity]\nbuiltin = false\n[[identity.issuers]]\nissuer = \"{0}/{{tenantid}}/v2.0\"\njwks_uri = \"{0}/organizations/discovery/v2.0/keys\"\n[page]\nauthority = \"{0}/{1}/v2.0/\"\nclient_id = \"{CLIENT}\"\nclient_secret_file = {2:?}\n",
            provider.url,
            contoso(),
            secret_file.display().to_string()
        ))
        .unwrap()
    };
    let api = spawn_app_with(Backend::Sqlite, config()).await.unwrap();
    let unregistered = spawn_app_with(Backend::Sqlite, config()).await.unwrap();
    provider
        .server
        .state()
        .store()
        .create_app(&mscommerce_store::AppRecord {
            tenant: contoso(),
            client_id: CLIENT.into(),
            oid: uuid::Uuid::new_v4(),
            display_name: "Contoso policy page".into(),
            secret_hash: Some(mscommerce_identity::hash_secret(SECRET).unwrap()),
            certificate_pem: None,
            permissions: vec![],
            redirect_uris: vec![format!("{}/signin-oidc", api.url)],
            created_at: provider.clock.now(),
        })
        .await
        .unwrap();
    let action = format!("{}/{}/oauth2/v2.0/authorize", provider.url, contoso());

    let mut b = Browser::new(&api);
    let landing = b.get("/").await;
    assert!(
        landing.text.contains("href=\"/signin\""),
        "the page offers its sign-in although its own provider is off: {}",
        landing.text
    );
    let start = b.get("/signin").await;
    assert_eq!(start.status, StatusCode::SEE_OTHER, "{}", start.text);
    let authorize = start.location().to_owned();
    assert!(
        authorize.starts_with(&format!("{action}?client_id={CLIENT}&")),
        "{authorize}"
    );
    assert!(
        authorize.contains("code_challenge_method=S256"),
        "{authorize}"
    );
    let form_page = b.get(&authorize).await;
    assert_eq!(form_page.status, StatusCode::OK, "{}", form_page.text);
    assert!(
        form_page.text.contains("Contoso policy page"),
        "the provider names the application: {}",
        form_page.text
    );
    // Browsers check `form-action` on the redirect that answers the form: the application's
    // origin is allowed.
    let csp = form_page.header("content-security-policy");
    assert!(
        csp.contains(&format!(
            "form-action 'self' http://127.0.0.1:* http://localhost:* {};",
            api.url
        )),
        "{csp}"
    );
    let back = b
        .fill_sign_in_form(&form_page, &action, &provider.url, "admin@contoso.example")
        .await;
    assert_eq!(back.status, StatusCode::SEE_OTHER, "{}", back.text);
    let callback = back.location().to_owned();
    assert!(
        callback.starts_with(&format!("{}/signin-oidc?code=", api.url)),
        "{callback}"
    );
    let done = b.get(&callback).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.text);
    assert_eq!(done.location(), "/");
    let page = b.get("/").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text);
    assert!(page.text.contains("admin@contoso.example"), "{}", page.text);
    assert!(page.text.contains("Power BI Pro"), "{}", page.text);

    // A code of the application cannot be redeemed without its secret.
    let mut again = Browser::new(&api);
    let start = again.get("/signin").await;
    let form_page = again.get(start.location()).await;
    let back = again
        .fill_sign_in_form(&form_page, &action, &provider.url, "admin@contoso.example")
        .await;
    let code = back
        .location()
        .split("code=")
        .nth(1)
        .unwrap()
        .split('&')
        .next()
        .unwrap()
        .to_owned();
    let stolen = provider
        .token_request(
            &contoso().to_string(),
            &[
                ("grant_type", "authorization_code"),
                ("client_id", CLIENT),
                ("code", &code),
                ("redirect_uri", &format!("{}/signin-oidc", api.url)),
                ("code_verifier", VERIFIER),
            ],
        )
        .await;
    assert_eq!(stolen.status, StatusCode::UNAUTHORIZED, "{}", stolen.text);
    assert_eq!(stolen.body["error"], "invalid_client", "{}", stolen.text);

    // Another deployment's redirect URI is not the application's: the provider refuses it on
    // its own page and sends nothing there.
    let mut other = Browser::new(&unregistered);
    let start = other.get("/signin").await;
    assert_eq!(start.status, StatusCode::SEE_OTHER, "{}", start.text);
    let refused = other.get(start.location()).await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST, "{}", refused.text);
    assert!(refused.text.contains("AADSTS50011"), "{}", refused.text);
}
