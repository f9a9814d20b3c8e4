//! HTTP face of the built-in identity provider: Entra-shaped endpoints per tenant (domain name
//! or tenant id) and the device sign-in page. The logic lives in `mscommerce-identity`; this file
//! only translates between HTTP and it.

use axum::Form;
use axum::Json;
use axum::extract::rejection::FormRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Extension, Router};
use mscommerce_domain::RequestIds;
use mscommerce_i18n::{FluentArgs, Localizer};
use mscommerce_identity::{DeviceAuthorizationForm, DeviceLoginOutcome, IdpError, TokenForm};
use serde::Deserialize;

use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/{tenant}/v2.0/.well-known/openid-configuration",
            get(openid_configuration),
        )
        .route("/{tenant}/discovery/v2.0/keys", get(jwks))
        .route("/{tenant}/oauth2/v2.0/devicecode", post(device_code))
        .route("/{tenant}/oauth2/v2.0/token", post(token))
        .route("/devicelogin", get(device_page).post(device_submit))
}

/// The built-in provider is off: answer as an unknown tenant would, in OAuth's shape.
fn idp_off(tenant: &str, ids: &RequestIds, state: &AppState) -> Response {
    oauth_error(
        &IdpError::TenantNotFound(tenant.chars().take(80).collect()),
        ids,
        state,
    )
}

fn oauth_error(e: &IdpError, ids: &RequestIds, state: &AppState) -> Response {
    if matches!(e, IdpError::Store(_) | IdpError::Internal(_)) {
        tracing::error!(error = %e, "identity provider failure");
    }
    let body = e.to_oauth_error(
        state.clock().now(),
        ids.correlation_id
            .as_deref()
            .or(ids.client_request_id.as_deref()),
    );
    let mut response = (
        StatusCode::from_u16(e.status()).unwrap_or(StatusCode::BAD_REQUEST),
        Json(body),
    )
        .into_response();
    // Token responses must not be cached (RFC 6749 §5.1); neither must their errors.
    no_store(response.headers_mut());
    response
}

fn no_store(headers: &mut HeaderMap) {
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(header::PRAGMA, HeaderValue::from_static("no-cache"));
}

/// A form the OAuth endpoints cannot read (not `application/x-www-form-urlencoded`, a parameter
/// given twice, not UTF-8) is Entra's 400 `invalid_request`, in OAuth's shape like every other
/// error of these endpoints; a body over the limit stays a 413.
fn form_error(rejection: FormRejection, ids: &RequestIds, state: &AppState) -> Response {
    if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
        return rejection.into_response();
    }
    oauth_error(
        &IdpError::InvalidRequest(format!(
            "Send the parameters as application/x-www-form-urlencoded, each one once ({}).",
            rejection.body_text().chars().take(200).collect::<String>()
        )),
        ids,
        state,
    )
}

async fn openid_configuration(
    State(state): State<AppState>,
    Extension(ids): Extension<RequestIds>,
    Path(tenant): Path<String>,
) -> Response {
    let Some(idp) = state.idp() else {
        return idp_off(&tenant, &ids, &state);
    };
    match idp.openid_configuration(&tenant).await {
        Ok(doc) => Json(doc).into_response(),
        Err(e) => oauth_error(&e, &ids, &state),
    }
}

async fn jwks(
    State(state): State<AppState>,
    Extension(ids): Extension<RequestIds>,
    Path(tenant): Path<String>,
) -> Response {
    let Some(idp) = state.idp() else {
        return idp_off(&tenant, &ids, &state);
    };
    // Unknown tenants get Entra's error rather than keys.
    match idp.openid_configuration(&tenant).await {
        Ok(_) => Json(idp.jwks()).into_response(),
        Err(e) => oauth_error(&e, &ids, &state),
    }
}

async fn device_code(
    State(state): State<AppState>,
    Extension(ids): Extension<RequestIds>,
    Path(tenant): Path<String>,
    form: Result<Form<DeviceAuthorizationForm>, FormRejection>,
) -> Response {
    let Some(idp) = state.idp() else {
        return idp_off(&tenant, &ids, &state);
    };
    let form = match form {
        Ok(Form(f)) => f,
        Err(rejection) => return form_error(rejection, &ids, &state),
    };
    match idp.device_authorization(&tenant, &form).await {
        Ok(r) => {
            let mut response = Json(r).into_response();
            no_store(response.headers_mut());
            response
        }
        Err(e) => oauth_error(&e, &ids, &state),
    }
}

async fn token(
    State(state): State<AppState>,
    Extension(ids): Extension<RequestIds>,
    Path(tenant): Path<String>,
    headers: HeaderMap,
    form: Result<Form<TokenForm>, FormRejection>,
) -> Response {
    let Some(idp) = state.idp() else {
        return idp_off(&tenant, &ids, &state);
    };
    let form = match form {
        Ok(Form(f)) => f,
        Err(rejection) => return form_error(rejection, &ids, &state),
    };
    let basic = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok());
    match idp.token(&tenant, &form, basic).await {
        Ok(r) => {
            let mut response = Json(r).into_response();
            no_store(response.headers_mut());
            response
        }
        Err(e) => oauth_error(&e, &ids, &state),
    }
}

/// The language of a page: the first of Accept-Language that we ship, else en-US.
fn page_localizer(headers: &HeaderMap) -> Localizer {
    let header = headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let mut tags: Vec<(f32, &str)> = header
        .split(',')
        .filter_map(|part| {
            let mut it = part.split(';');
            let tag = it.next()?.trim();
            let q = it
                .find_map(|p| p.trim().strip_prefix("q="))
                .and_then(|q| q.parse::<f32>().ok())
                .unwrap_or(1.0);
            (!tag.is_empty() && tag != "*").then_some((q, tag))
        })
        .collect();
    tags.sort_by(|a, b| b.0.total_cmp(&a.0));
    let chosen = tags
        .iter()
        .map(|(_, t)| *t)
        .find(|t| mscommerce_i18n::negotiate(t) != mscommerce_i18n::FALLBACK || t.starts_with("en"))
        .unwrap_or(mscommerce_i18n::FALLBACK);
    Localizer::new(chosen)
}

#[derive(Debug, Deserialize)]
struct DevicePageQuery {
    #[serde(default)]
    code: Option<String>,
}

async fn device_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    axum::extract::Query(q): axum::extract::Query<DevicePageQuery>,
) -> Response {
    let l = page_localizer(&headers);
    let code = q.code.as_deref().unwrap_or("");
    let notice = if code.is_empty() {
        None
    } else {
        prompt_notice(&state, &l, code).await
    };
    page(StatusCode::OK, &l, notice, code, "")
}

/// What a code is for (which app, which directory), shown before any password is typed: the
/// defence against a code someone else started (device-code phishing).
async fn prompt_notice(state: &AppState, l: &Localizer, code: &str) -> Option<Notice> {
    let idp = state.idp()?;
    match idp.device_code_prompt(code).await {
        Ok(Some(p)) => {
            let mut args = FluentArgs::new();
            args.set("app", p.client_name);
            args.set(
                "tenant",
                if p.tenant_name.is_empty() {
                    p.tenant_id.to_string()
                } else {
                    p.tenant_name
                },
            );
            Some(Notice::Info(l.t_args("device-prompt", &args)))
        }
        Ok(None) => Some(Notice::Error(l.t("device-unknown-code"))),
        Err(e) => {
            tracing::warn!(error = %e, "device code prompt failed");
            None
        }
    }
}

#[derive(Debug, Deserialize)]
struct DeviceForm {
    #[serde(default)]
    user_code: String,
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
    /// Present when the user pressed "Decline".
    #[serde(default)]
    decline: Option<String>,
}

async fn device_submit(
    State(state): State<AppState>,
    headers: HeaderMap,
    form: Result<Form<DeviceForm>, FormRejection>,
) -> Response {
    let l = page_localizer(&headers);
    // A browser always sends the form as it is; anything else (another media type, a field given
    // twice) cannot name a code: the page again, with a 400. A body over the limit stays a 413.
    let form = match form {
        Ok(Form(f)) => f,
        Err(rejection) if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            return rejection.into_response();
        }
        Err(_) => {
            return page(
                StatusCode::BAD_REQUEST,
                &l,
                Some(Notice::Error(l.t("device-unknown-code"))),
                "",
                "",
            );
        }
    };
    let Some(idp) = state.idp() else {
        return page(
            StatusCode::NOT_FOUND,
            &l,
            Some(Notice::Error(l.t("device-idp-off"))),
            "",
            "",
        );
    };
    // A code alone (the first step in a browser): show what it is for, then ask who signs in.
    if form.username.is_empty() && form.decline.is_none() && !form.user_code.is_empty() {
        let notice = prompt_notice(&state, &l, &form.user_code).await;
        let status = match notice {
            Some(Notice::Error(_)) => StatusCode::BAD_REQUEST,
            _ => StatusCode::OK,
        };
        return page(status, &l, notice, &form.user_code, "");
    }
    let approve = form.decline.is_none();
    let outcome = idp
        .device_login(&form.user_code, &form.username, &form.password, approve)
        .await;
    let mut args = FluentArgs::new();
    args.set("user", form.username.clone());
    let retry = |status: StatusCode, message: String| {
        page(
            status,
            &l,
            Some(Notice::Error(message)),
            &form.user_code,
            &form.username,
        )
    };
    match outcome {
        Ok(DeviceLoginOutcome::Approved { upn }) => {
            args.set("user", upn);
            done(&l, &l.t_args("device-approved", &args))
        }
        Ok(DeviceLoginOutcome::Declined) => done(&l, &l.t("device-declined")),
        Ok(DeviceLoginOutcome::BadCredentials { attempts_left }) => {
            let mut a = FluentArgs::new();
            a.set("attempts", attempts_left);
            retry(
                StatusCode::UNAUTHORIZED,
                l.t_args("device-bad-credentials", &a),
            )
        }
        Ok(DeviceLoginOutcome::TooManyAttempts) => page(
            StatusCode::UNAUTHORIZED,
            &l,
            Some(Notice::Error(l.t("device-too-many-attempts"))),
            "",
            &form.username,
        ),
        Ok(DeviceLoginOutcome::WrongTenant { tenant_name }) => {
            let mut a = FluentArgs::new();
            a.set("tenant", tenant_name);
            retry(StatusCode::FORBIDDEN, l.t_args("device-wrong-tenant", &a))
        }
        Ok(DeviceLoginOutcome::AccountDisabled) => {
            retry(StatusCode::FORBIDDEN, l.t("device-account-disabled"))
        }
        Ok(DeviceLoginOutcome::UnknownCode) => page(
            StatusCode::BAD_REQUEST,
            &l,
            Some(Notice::Error(l.t("device-unknown-code"))),
            "",
            &form.username,
        ),
        Err(e) => {
            tracing::warn!(error = %e, "device sign-in failed");
            retry(StatusCode::SERVICE_UNAVAILABLE, l.t("device-unavailable"))
        }
    }
}

enum Notice {
    Error(String),
    Info(String),
}

fn done(l: &Localizer, message: &str) -> Response {
    let body = format!(
        "<main><h1>{title}</h1><p class=\"ok\" role=\"status\">{message}</p><p>{close}</p></main>",
        title = esc(&l.t("device-title")),
        message = esc(message),
        close = esc(&l.t("device-close-window")),
    );
    html(StatusCode::OK, l, &body)
}

fn page(
    status: StatusCode,
    l: &Localizer,
    notice: Option<Notice>,
    code: &str,
    username: &str,
) -> Response {
    let notice = match notice {
        Some(Notice::Error(m)) => format!("<p class=\"error\" role=\"alert\">{}</p>", esc(&m)),
        Some(Notice::Info(m)) => format!("<p class=\"info\" role=\"status\">{}</p>", esc(&m)),
        None => String::new(),
    };
    let body = format!(
        r#"<main>
<h1>{title}</h1>
<p>{intro}</p>
{notice}
<form method="post" action="/devicelogin">
<label>{code_label}<input name="user_code" value="{code}" autocomplete="one-time-code" autocapitalize="characters" required autofocus></label>
<label>{user_label}<input name="username" type="email" value="{username}" autocomplete="username" required></label>
<label>{password_label}<input name="password" type="password" autocomplete="current-password"></label>
<div class="buttons"><button type="submit">{sign_in}</button>
<button type="submit" name="decline" value="1" formnovalidate class="secondary">{decline}</button></div>
</form>
<p class="hint">{hint}</p>
</main>"#,
        title = esc(&l.t("device-title")),
        intro = esc(&l.t("device-intro")),
        code_label = esc(&l.t("device-code-label")),
        user_label = esc(&l.t("device-username-label")),
        password_label = esc(&l.t("device-password-label")),
        sign_in = esc(&l.t("device-sign-in")),
        decline = esc(&l.t("device-decline")),
        hint = esc(&l.t("device-hint")),
        code = esc(code),
        username = esc(username),
    );
    html(status, l, &body)
}

fn html(status: StatusCode, l: &Localizer, main: &str) -> Response {
    let doc = format!(
        r#"<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
body{{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;background:#f3f2f1;margin:0;color:#201f1e}}
main{{max-width:26rem;margin:4rem auto;background:#fff;padding:2rem 2.5rem;border-radius:4px;box-shadow:0 2px 6px rgba(0,0,0,.15)}}
h1{{font-size:1.5rem;font-weight:600;margin-top:0}}
label{{display:block;margin:1rem 0 .25rem;font-weight:600}}
input{{display:block;width:100%;box-sizing:border-box;margin-top:.25rem;padding:.5rem;font-size:1rem;border:1px solid #8a8886;border-radius:2px}}
.buttons{{display:flex;gap:.75rem;margin-top:1.5rem}}
button{{padding:.5rem 1.25rem;font-size:1rem;border-radius:2px;border:1px solid #0078d4;background:#0078d4;color:#fff;cursor:pointer}}
button.secondary{{background:#fff;color:#201f1e;border-color:#8a8886}}
.error{{color:#a4262c;background:#fde7e9;padding:.5rem .75rem}}
.ok{{color:#107c10;background:#dff6dd;padding:.5rem .75rem}}
.info{{color:#004578;background:#deecf9;padding:.5rem .75rem}}
.hint{{color:#605e5c;font-size:.875rem;margin-top:1.5rem}}
</style></head><body>{main}</body></html>"#,
        lang = l.language(),
        title = esc(&l.t("device-title")),
    );
    let mut response = (status, Html(doc)).into_response();
    let h = response.headers_mut();
    no_store(h);
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
        ),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    response
}

/// HTML escaping for text and attribute values.
pub(crate) fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}
