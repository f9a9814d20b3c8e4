//! HTTP face of the built-in identity provider: Entra-shaped endpoints per tenant (domain name
//! or tenant id) and the device sign-in page. The logic lives in `mscommerce-identity`; this file
//! only translates between HTTP and it.

use axum::Extension;
use axum::Form;
use axum::Json;
use axum::extract::rejection::FormRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use mscommerce_domain::RequestIds;
use mscommerce_i18n::{FluentArgs, Localizer};
use mscommerce_identity::{
    DeviceAuthorizationForm, DeviceLoginOutcome, FailureKind, IdpError, TokenForm,
};
use serde::Deserialize;

use mscommerce_proto::{DeviceCodeResponse, OAuthError, OpenIdConfiguration, TokenResponse};

use crate::openapi::shared::{Busy, FormTooLarge, IdentityUnavailable, PageUnavailable};
use crate::route_table::RouteTable;
use crate::state::AppState;

pub fn routes() -> RouteTable {
    RouteTable::new()
        .route(
            "/{tenant}/v2.0/.well-known/openid-configuration",
            get(openid_configuration),
        )
        .route("/{tenant}/discovery/v2.0/keys", get(jwks))
        .route("/{tenant}/oauth2/v2.0/devicecode", post(device_code))
        .route("/{tenant}/oauth2/v2.0/token", post(token))
        .route("/devicelogin", get(device_page).post(device_submit))
        .route("/common/userrealm/{username}", get(user_realm))
}

#[utoipa::path(
    get,
    path = "/common/userrealm/{username}",
    tag = "identity",
    summary = "User realm discovery",
    description = "How a user name's domain signs in, as Entra answers it (MSAL asks before a password sign-in): `Managed` for a domain of this directory, `Unknown` otherwise. Decided by the domain alone: it never tells whether the user exists. `api-version` is accepted and ignored.",
    params(("username", Path, description = "A user name (`user@domain`) or a domain.")),
    responses(
        (status = 200, description = "The realm.", body = mscommerce_proto::UserRealm),
        (status = 400, description = "The built-in provider is off.", body = OAuthError),
        (status = 503, response = IdentityUnavailable),
    ),
)]
async fn user_realm(
    State(state): State<AppState>,
    Extension(ids): Extension<RequestIds>,
    Path(username): Path<String>,
) -> Response {
    let Some(idp) = state.idp() else {
        return idp_off("common", &ids, &state);
    };
    match idp.user_realm(&username).await {
        Ok(realm) => Json(realm).into_response(),
        Err(e) => oauth_error(&e, &ids, &state),
    }
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
    let mut response = (crate::error::identity_status(e.kind()), Json(body)).into_response();
    // Token responses must not be cached (RFC 6749 §5.1); neither must their errors.
    no_store(response.headers_mut());
    let retry_after = match e {
        IdpError::Throttled { retry_after } => Some(*retry_after),
        _ => (e.kind() == FailureKind::Unavailable).then_some(crate::error::RETRY_AFTER_SECS),
    };
    if let Some(secs) = retry_after {
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(secs));
    }
    response
}

/// The client's address as sign-in counts it (smart lockout, the throttle).
pub(crate) fn sign_in_source(ids: &RequestIds) -> &str {
    ids.client_address
        .as_deref()
        .unwrap_or(mscommerce_identity::UNKNOWN_SOURCE)
}

/// Whether the address may try to sign in: `Err(seconds)` once it has spent its budget of
/// failed sign-ins (RFC 8628 §5.1 for user codes; passwords and secrets alike).
pub(crate) fn sign_in_throttle(state: &AppState, source: &str) -> Result<(), u64> {
    state
        .limits()
        .sign_in_failures
        .peek(crate::limits::key(&source), state.clock().now())
        .map_err(|r| {
            state
                .metrics()
                .limited_sign_in
                .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            r.0
        })
}

/// A failed sign-in from the address: spends from its budget.
pub(crate) fn sign_in_failed(state: &AppState, source: &str) {
    state
        .limits()
        .sign_in_failures
        .spend(crate::limits::key(&source), state.clock().now());
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

#[utoipa::path(
    get,
    path = "/{tenant}/v2.0/.well-known/openid-configuration",
    tag = "identity",
    summary = "OpenID Connect discovery",
    description = "The built-in identity provider's metadata for a tenant (domain name or tenant id), Entra-shaped: `issuer` is `{base}/{tenant id}/v2.0`.",
    params(("tenant", Path)),
    responses(
        (status = 200, description = "The discovery document.", body = OpenIdConfiguration),
        (status = 400, description = "Unknown tenant (`invalid_request`, AADSTS90002), or the built-in provider is off.",
            body = OAuthError),
        (status = 503, response = IdentityUnavailable),
    ),
)]
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

#[utoipa::path(
    get,
    path = "/{tenant}/discovery/v2.0/keys",
    tag = "identity",
    summary = "Signing keys (JWKS)",
    description = "The public keys of the built-in provider, each with Entra's `issuer` property. Keys stay published until the tokens they signed have expired.",
    params(("tenant", Path)),
    responses(
        (status = 200, description = "The key set.", body = crate::openapi::shapes::Jwks),
        (status = 400, description = "Unknown tenant, or the built-in provider is off.",
            body = OAuthError),
        (status = 503, response = IdentityUnavailable),
    ),
)]
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

#[utoipa::path(
    post,
    path = "/{tenant}/oauth2/v2.0/devicecode",
    tag = "identity",
    summary = "Start a device-code sign-in",
    description = "RFC 8628 device authorization, as Entra ID answers it. `organizations`/`common` cannot be used here: a device code belongs to one tenant.",
    params(("tenant", Path)),
    request_body(content = crate::openapi::shapes::DeviceCodeForm,
        content_type = "application/x-www-form-urlencoded"),
    responses(
        (status = 200, description = "The device code and what to show the user.",
            body = DeviceCodeResponse, headers(("Cache-Control"), ("Pragma"))),
        (status = 400, description = "A missing or invalid parameter, an unknown client or tenant, or a scope this API does not have (`invalid_request`, `unauthorized_client`, `invalid_scope`).",
            body = OAuthError),
        (status = 413, response = FormTooLarge),
        (status = 503, response = IdentityUnavailable),
    ),
)]
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

#[utoipa::path(
    post,
    path = "/{tenant}/oauth2/v2.0/token",
    tag = "identity",
    summary = "Get a token",
    description = "The token endpoint with the grants `password`, `client_credentials` (secret, in the form or as HTTP Basic, or a certificate assertion), `urn:ietf:params:oauth:grant-type:device_code`, `refresh_token` and `authorization_code` (public clients, with the PKCE `code_verifier`). User sign-ins answer an `id_token` (for the client) when `openid` is in the scope, and `client_info` (base64url `{\"uid\",\"utid\"}`) when the form has `client_info=1`, as Entra does for MSAL. Errors are Entra-shaped (`error`, `error_description`, `error_codes`, ...). A client secret may also be sent with HTTP Basic authentication (`client_secret_basic`).",
    params(("tenant", Path)),
    request_body(content = crate::openapi::shapes::TokenForm,
        content_type = "application/x-www-form-urlencoded"),
    responses(
        (status = 200, description = "The tokens. Client credentials never return a refresh token.",
            body = TokenResponse, headers(("Cache-Control"), ("Pragma"))),
        (status = 400, description = "The grant failed or the request is malformed: `invalid_request`, `invalid_grant` (wrong credentials; AADSTS50053 when smart lockout refuses an address that kept failing against the account; a used or expired refresh token), `unsupported_grant_type`, `invalid_scope`, `unauthorized_client`, and during device-code polling `authorization_pending`, `slow_down`, `authorization_declined`, `expired_token`, `bad_verification_code`.",
            body = OAuthError),
        (status = 401, description = "Client authentication failed (`invalid_client`): a wrong secret or assertion, a confidential client without credentials, or a public client presenting some.",
            body = OAuthError),
        (status = 413, response = FormTooLarge),
        (status = 429, description = "Too many failed sign-ins from this address (`temporarily_unavailable`, AADSTS90055): wait `Retry-After` seconds.",
            body = OAuthError, headers(("Retry-After" = u64, description = "Seconds to wait."))),
        (status = 503, response = IdentityUnavailable),
    ),
)]
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
    let source = sign_in_source(&ids);
    if let Err(retry_after) = sign_in_throttle(&state, source) {
        return oauth_error(&IdpError::Throttled { retry_after }, &ids, &state);
    }
    match idp.token_from(source, &tenant, &form, basic).await {
        Ok(r) => {
            let mut response = Json(r).into_response();
            no_store(response.headers_mut());
            response
        }
        Err(e) => {
            // Guesses: a wrong password or secret, or one refused by the lockout.
            if matches!(
                e,
                IdpError::InvalidCredentials
                    | IdpError::AccountLocked { .. }
                    | IdpError::InvalidClientSecret(_)
            ) {
                sign_in_failed(&state, source);
            }
            oauth_error(&e, &ids, &state)
        }
    }
}

/// The language of a page: the first of Accept-Language that we ship, else en-US.
pub(crate) fn page_localizer(headers: &HeaderMap) -> Localizer {
    Localizer::new(accepted_language(headers))
}

/// The first language of Accept-Language that we ship, else en-US.
pub(crate) fn accepted_language(headers: &HeaderMap) -> &str {
    // Most API clients (storefronts asking for decisions) send none.
    let Some(header) = headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
    else {
        return mscommerce_i18n::FALLBACK;
    };
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
    tags.iter()
        .map(|(_, t)| *t)
        .find(|t| mscommerce_i18n::negotiate(t) != mscommerce_i18n::FALLBACK || t.starts_with("en"))
        .unwrap_or(mscommerce_i18n::FALLBACK)
}

#[derive(Debug, Deserialize)]
struct DevicePageQuery {
    #[serde(default)]
    code: Option<String>,
}

#[utoipa::path(
    get,
    path = "/devicelogin",
    tag = "identity",
    summary = "Device sign-in page",
    description = "The HTML form where a user enters the code the CLI shows, with their user name and password. Localized from `Accept-Language`.",
    params(("code" = Option<String>, Query, description = "Prefills the code field.")),
    responses(
        (status = 200, description = "The page.", body = String, content_type = "text/html"),
        (status = 429, description = "Too many failed sign-ins or unknown codes from this address: the page says how long to wait.",
            body = String, content_type = "text/html",
            headers(("Retry-After" = u64, description = "Seconds to wait."))),
        (status = 503, response = Busy),
    ),
)]
async fn device_page(
    State(state): State<AppState>,
    Extension(ids): Extension<RequestIds>,
    headers: HeaderMap,
    axum::extract::Query(q): axum::extract::Query<DevicePageQuery>,
) -> Response {
    let l = page_localizer(&headers);
    let code = q.code.as_deref().unwrap_or("");
    let source = sign_in_source(&ids);
    let notice = if code.is_empty() {
        None
    } else if let Err(secs) = sign_in_throttle(&state, source) {
        return throttled_page(&l, secs);
    } else {
        prompt_notice(&state, &l, code, source).await
    };
    page(StatusCode::OK, &l, notice, code, "")
}

/// What a code is for (which app, which directory), shown before any password is typed: the
/// defence against a code someone else started (device-code phishing).
async fn prompt_notice(
    state: &AppState,
    l: &Localizer,
    code: &str,
    source: &str,
) -> Option<Notice> {
    let idp = state.idp()?;
    match idp.device_code_prompt(code).await {
        Ok(Some(p)) => {
            let mut args = FluentArgs::new();
            args.set("app", p.client_name);
            if p.tenant_id == mscommerce_identity::ANY_TENANT {
                // Started at `organizations`: the account that signs in brings its directory.
                return Some(Notice::Info(l.t_args("device-prompt-any", &args)));
            }
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
        Ok(None) => {
            // A wrong code is a guess (RFC 8628 §5.1): it spends from the address's budget.
            sign_in_failed(state, source);
            Some(Notice::Error(l.t("device-unknown-code")))
        }
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

#[utoipa::path(
    post,
    path = "/devicelogin",
    tag = "identity",
    summary = "Approve or decline a device sign-in",
    description = "The form's submission. `decline` present means the user declined.",
    request_body(content = crate::openapi::shapes::DeviceLoginForm,
        content_type = "application/x-www-form-urlencoded"),
    responses(
        (status = 200, description = "Approved or declined: the page says which.", body = String,
            content_type = "text/html"),
        (status = 400, description = "Unknown or expired code, a form that cannot be read, or an account locked for this address by smart lockout: the page says so.",
            body = String, content_type = "text/html"),
        (status = 401, description = "Wrong user name or password, or too many attempts for this code.",
            body = String, content_type = "text/html"),
        (status = 403, description = "The account is disabled or belongs to another tenant.",
            body = String, content_type = "text/html"),
        (status = 404, description = "The built-in identity provider is off.", body = String,
            content_type = "text/html"),
        (status = 413, response = FormTooLarge),
        (status = 429, description = "Too many failed sign-ins or unknown codes from this address: the page says how long to wait.",
            body = String, content_type = "text/html",
            headers(("Retry-After" = u64, description = "Seconds to wait."))),
        (status = 503, response = PageUnavailable),
    ),
)]
async fn device_submit(
    State(state): State<AppState>,
    Extension(ids): Extension<RequestIds>,
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
    let source = sign_in_source(&ids);
    if let Err(secs) = sign_in_throttle(&state, source) {
        return throttled_page(&l, secs);
    }
    // A code alone (the first step in a browser): show what it is for, then ask who signs in.
    if form.username.is_empty() && form.decline.is_none() && !form.user_code.is_empty() {
        let notice = prompt_notice(&state, &l, &form.user_code, source).await;
        let status = match notice {
            Some(Notice::Error(_)) => StatusCode::BAD_REQUEST,
            _ => StatusCode::OK,
        };
        return page(status, &l, notice, &form.user_code, "");
    }
    let approve = form.decline.is_none();
    let outcome = idp
        .device_login(
            source,
            &form.user_code,
            &form.username,
            &form.password,
            approve,
        )
        .await;
    if matches!(
        outcome,
        Ok(DeviceLoginOutcome::BadCredentials { .. }
            | DeviceLoginOutcome::TooManyAttempts
            | DeviceLoginOutcome::AccountLocked { .. }
            | DeviceLoginOutcome::UnknownCode)
    ) {
        sign_in_failed(&state, source);
    }
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
        Ok(DeviceLoginOutcome::AccountLocked { until }) => retry(
            StatusCode::BAD_REQUEST,
            locked_message(&l, until, state.clock().now()),
        ),
        Ok(DeviceLoginOutcome::UnknownCode) => page(
            StatusCode::BAD_REQUEST,
            &l,
            Some(Notice::Error(l.t("device-unknown-code"))),
            "",
            &form.username,
        ),
        Err(e) => {
            tracing::warn!(error = %e, "device sign-in failed");
            let mut response = retry(StatusCode::SERVICE_UNAVAILABLE, l.t("device-unavailable"));
            response.headers_mut().insert(
                header::RETRY_AFTER,
                HeaderValue::from(crate::error::RETRY_AFTER_SECS),
            );
            response
        }
    }
}

/// The page of an address that has spent its failed sign-ins: 429, with when to come back.
fn throttled_page(l: &Localizer, secs: u64) -> Response {
    let mut a = FluentArgs::new();
    a.set("seconds", secs);
    let mut response = page(
        StatusCode::TOO_MANY_REQUESTS,
        l,
        Some(Notice::Error(l.t_args("sign-in-throttled", &a))),
        "",
        "",
    );
    response
        .headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from(secs));
    response
}

/// What a sign-in page says to a locked account (AADSTS50053): when to try again, and what
/// else to do.
pub(crate) fn locked_message(
    l: &Localizer,
    until: time::OffsetDateTime,
    now: time::OffsetDateTime,
) -> String {
    let mut a = FluentArgs::new();
    a.set("minutes", (until - now).whole_minutes().max(0) + 1);
    l.t_args("sign-in-locked", &a)
}

/// A line above the form: an error, or what the code is for.
enum Notice {
    Error(String),
    Info(String),
}

impl Notice {
    fn class(&self) -> &'static str {
        match self {
            Notice::Error(_) => "error",
            Notice::Info(_) => "info",
        }
    }

    fn role(&self) -> &'static str {
        match self {
            Notice::Error(_) => "alert",
            Notice::Info(_) => "status",
        }
    }

    fn text(&self) -> &str {
        match self {
            Notice::Error(t) | Notice::Info(t) => t,
        }
    }
}

/// The sign-in form (`templates/device_login.html`).
#[derive(askama::Template)]
#[template(path = "device_login.html")]
struct DeviceLoginPage<'a> {
    l: &'a Localizer,
    notice: Option<Notice>,
    code: &'a str,
    username: &'a str,
}

/// The page after the decision (`templates/device_done.html`).
#[derive(askama::Template)]
#[template(path = "device_done.html")]
struct DeviceDonePage<'a> {
    l: &'a Localizer,
    message: &'a str,
}

fn done(l: &Localizer, message: &str) -> Response {
    html(StatusCode::OK, &DeviceDonePage { l, message })
}

fn page(
    status: StatusCode,
    l: &Localizer,
    notice: Option<Notice>,
    code: &str,
    username: &str,
) -> Response {
    html(
        status,
        &DeviceLoginPage {
            l,
            notice,
            code,
            username,
        },
    )
}

/// A page with the headers every page of the sign-in flow carries: not stored, not framed, no
/// referrer, nothing but its own inline style.
pub(crate) fn html(status: StatusCode, page: &impl askama::Template) -> Response {
    let doc = match page.render() {
        Ok(doc) => doc,
        Err(e) => {
            // Only a failing `Display` of a field can get here; none of ours fails.
            tracing::error!(error = %e, "a page could not be rendered");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
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
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    response
}

#[cfg(test)]
mod tests {
    use super::*;
    use askama::Template;

    #[test]
    fn pages_are_localized_and_escape_what_they_echo() {
        let l = Localizer::new("de-DE");
        let html = DeviceLoginPage {
            l: &l,
            notice: Some(Notice::Error("<b>\"x\" & 'y'</b>".into())),
            code: "\"><script>",
            username: "a&b",
        }
        .render()
        .unwrap();
        assert!(
            html.starts_with("<!doctype html>\n<html lang=\"de-DE\">"),
            "{html}"
        );
        assert!(html.contains(&format!("<title>{}</title>", l.t("device-title"))));
        // askama writes numeric character references (`&#60;` for `<`).
        assert!(
            html.contains("<p class=\"error\" role=\"alert\">&#60;b&#62;"),
            "{html}"
        );
        assert!(
            !html.contains("<script>") && !html.contains("<b>"),
            "{html}"
        );
        assert!(html.contains("value=\"a&#38;b\""), "{html}");
        let done = DeviceDonePage {
            l: &l,
            message: "<i>",
        }
        .render()
        .unwrap();
        assert!(
            done.contains("<p class=\"ok\" role=\"status\">&#60;i&#62;</p>"),
            "{done}"
        );
    }
}
