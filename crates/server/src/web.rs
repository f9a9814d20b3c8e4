//! What the browser-facing pages share: the same-origin check of a form POST, cookies, and the
//! headers every page carries.

use axum::http::{HeaderMap, HeaderValue, header};

use crate::state::AppState;

/// The origin (`scheme://host[:port]`) of the public URL.
pub(crate) fn public_origin(state: &AppState) -> &str {
    let url = state.public_url();
    let after_scheme = url.find("://").map_or(0, |i| i + 3);
    match url[after_scheme..].find('/') {
        Some(i) => &url[..after_scheme + i],
        None => url,
    }
}

/// Whether a POST comes from one of our own pages. Browsers send `Sec-Fetch-Site`; they send
/// `Origin: null` for a form of a page with `Referrer-Policy: no-referrer`, which is accepted only
/// when `Sec-Fetch-Site` says `same-origin`. A request with neither header is refused.
pub(crate) fn same_origin(state: &AppState, headers: &HeaderMap) -> bool {
    let get = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    let site = get("sec-fetch-site");
    if site.is_some_and(|s| s != "same-origin") {
        return false;
    }
    match get("origin") {
        Some("null") => site == Some("same-origin"),
        Some(origin) => origin.eq_ignore_ascii_case(public_origin(state)),
        None => site == Some("same-origin"),
    }
}

/// The value of cookie `name`, if the request has exactly one.
pub(crate) fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    let mut found = None;
    for value in headers.get_all(header::COOKIE) {
        let Ok(value) = value.to_str() else { continue };
        for pair in value.split(';') {
            if let Some((k, v)) = pair.trim().split_once('=')
                && k == name
            {
                if found.is_some() {
                    return None;
                }
                found = Some(v);
            }
        }
    }
    found
}

/// A `Set-Cookie` value: `HttpOnly`, `SameSite=Lax`, path `/`, `Secure` over TLS. `max_age`
/// 0 deletes the cookie; `None` makes it last as long as the browser session.
pub(crate) fn set_cookie(
    state: &AppState,
    name: &str,
    value: &str,
    max_age: Option<i64>,
) -> HeaderValue {
    let mut c = format!("{name}={value}; Path=/; HttpOnly; SameSite=Lax");
    if state.public_url().starts_with("https://") {
        c.push_str("; Secure");
    }
    if let Some(age) = max_age {
        c.push_str(&format!("; Max-Age={}", age.max(0)));
    }
    HeaderValue::from_str(&c).unwrap_or_else(|_| HeaderValue::from_static("x=; Max-Age=0"))
}

/// The headers of the admin page and its assets: a strict CSP (our own files only, no inline
/// script or style), not framed, not sniffed, no referrer, not stored.
pub(crate) fn page_headers(h: &mut HeaderMap) {
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'",
        ),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
}
