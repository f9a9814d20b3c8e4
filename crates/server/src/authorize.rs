//! The HTTP face of the authorization code flow (`/{tenant}/oauth2/v2.0/authorize`): the
//! provider's own sign-in page. The logic (clients, redirect URIs, PKCE, codes) is
//! `mscommerce_identity`'s; an HTML route, so it is not in the OpenAPI document.

use axum::Form;
use axum::Router;
use axum::extract::rejection::FormRejection;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use base64::Engine as _;
use mscommerce_i18n::{FluentArgs, Localizer};
use mscommerce_identity::{AuthorizeError, AuthorizeOutcome, AuthorizeRequest, ClientAnswer};
use serde::Deserialize;

use crate::idp_routes::{html, page_localizer};
use crate::state::AppState;

pub(crate) fn router() -> Router<AppState> {
    Router::new().route(
        "/{tenant}/oauth2/v2.0/authorize",
        get(authorize_page).post(authorize_submit),
    )
}

#[derive(askama::Template)]
#[template(path = "authorize.html")]
struct SignInPage<'a> {
    l: &'a Localizer,
    intro: String,
    error: Option<String>,
    action: String,
    hidden: Vec<(&'static str, String)>,
    username: &'a str,
}

#[derive(askama::Template)]
#[template(path = "authorize_error.html")]
struct ErrorPage<'a> {
    l: &'a Localizer,
    message: &'a str,
}

/// The one script of the `form_post` page; the page's CSP allows exactly it, by its hash.
const FORM_POST_SCRIPT: &str = "document.forms[0].submit();";

/// OAuth 2.0 Form Post Response Mode: a page whose form carries the answer to the client's
/// redirect URI and submits itself (a person without script presses Continue).
#[derive(askama::Template)]
#[template(path = "authorize_form_post.html")]
struct FormPostPage<'a> {
    l: &'a Localizer,
    action: &'a str,
    fields: &'a [(String, String)],
}

/// The answer to the client, as its `response_mode` asked.
fn answer(l: &Localizer, to: &ClientAnswer) -> Response {
    match to {
        ClientAnswer::Redirect { location } => redirect(location),
        ClientAnswer::FormPost { action, fields } => {
            let mut r = html(StatusCode::OK, &FormPostPage { l, action, fields });
            let hash = base64::engine::general_purpose::STANDARD.encode(aws_lc_rs::digest::digest(
                &aws_lc_rs::digest::SHA256,
                FORM_POST_SCRIPT.as_bytes(),
            ));
            // The action is a registered redirect URI.
            let csp = format!(
                "default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-{hash}'; {}; frame-ancestors 'none'; base-uri 'none'",
                form_action(action)
            );
            if let Ok(v) = HeaderValue::from_str(&csp) {
                r.headers_mut().insert(header::CONTENT_SECURITY_POLICY, v);
            }
            private(&mut r);
            r
        }
    }
}

/// An answer that carries a code: never cached, never named in a `Referer`.
fn private(r: &mut Response) {
    r.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r.headers_mut().insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
}

fn error_page(l: &Localizer, status: StatusCode, message: &str) -> Response {
    html(status, &ErrorPage { l, message })
}

fn redirect(location: &str) -> Response {
    match HeaderValue::from_str(location) {
        Ok(v) => {
            let mut r = StatusCode::SEE_OTHER.into_response();
            r.headers_mut().insert(header::LOCATION, v);
            private(&mut r);
            r
        }
        Err(_) => StatusCode::BAD_REQUEST.into_response(),
    }
}

/// `form-action` for a page whose form ends at `redirect_uri`, a registered one: this origin,
/// the CLI's loopback ports, and the redirect URI's origin (a web application's page).
fn form_action(redirect_uri: &str) -> String {
    let mut sources = String::from("form-action 'self' http://127.0.0.1:* http://localhost:*");
    if let Ok(url) = reqwest::Url::parse(redirect_uri)
        && matches!(url.scheme(), "https" | "http")
    {
        let origin = url.origin().ascii_serialization();
        // A parsed origin is scheme://host[:port]; nothing that could end the directive.
        if origin
            .bytes()
            .all(|b| b.is_ascii_graphic() && b != b';' && b != b',')
        {
            sources.push(' ');
            sources.push_str(&origin);
        }
    }
    sources
}

fn refused(l: &Localizer, e: AuthorizeError) -> Response {
    match e {
        AuthorizeError::Client(to) => answer(l, &to),
        AuthorizeError::Page(e) => {
            let status = match e.kind() {
                mscommerce_identity::FailureKind::Unavailable
                | mscommerce_identity::FailureKind::Internal => {
                    tracing::warn!(error = %e, "authorize failed");
                    return error_page(
                        l,
                        StatusCode::SERVICE_UNAVAILABLE,
                        &l.t("device-unavailable"),
                    );
                }
                _ => StatusCode::BAD_REQUEST,
            };
            error_page(l, status, &e.to_string())
        }
    }
}

fn hidden_fields(req: &AuthorizeRequest) -> Vec<(&'static str, String)> {
    let fields = [
        ("client_id", &req.client_id),
        ("response_type", &req.response_type),
        ("redirect_uri", &req.redirect_uri),
        ("scope", &req.scope),
        ("state", &req.state),
        ("nonce", &req.nonce),
        ("code_challenge", &req.code_challenge),
        ("code_challenge_method", &req.code_challenge_method),
        ("response_mode", &req.response_mode),
    ];
    fields
        .into_iter()
        .filter_map(|(k, v)| v.clone().map(|v| (k, v)))
        .collect()
}

async fn sign_in_page(
    state: &AppState,
    l: &Localizer,
    tenant: &str,
    req: &AuthorizeRequest,
    status: StatusCode,
    error: Option<String>,
    username: &str,
) -> Response {
    let Some(idp) = state.idp() else {
        return error_page(l, StatusCode::NOT_FOUND, &l.t("device-idp-off"));
    };
    let prompt = match idp.authorize_prompt(tenant, req).await {
        Ok(p) => p,
        Err(e) => return refused(l, e),
    };
    let mut args = FluentArgs::new();
    args.set("app", prompt.client_name);
    let intro = match prompt.tenant_name {
        Some(t) => {
            args.set("tenant", t);
            l.t_args("authorize-intro", &args)
        }
        None => l.t_args("authorize-intro-any", &args),
    };
    let action = format!(
        "/{}/oauth2/v2.0/authorize",
        percent_encoding::utf8_percent_encode(tenant, percent_encoding::NON_ALPHANUMERIC)
    );
    let mut response = html(
        status,
        &SignInPage {
            l,
            intro,
            error,
            action,
            hidden: hidden_fields(req),
            username: if username.is_empty() {
                req.login_hint.as_deref().unwrap_or("")
            } else {
                username
            },
        },
    );
    // The form's answer redirects to the client (browsers check `form-action` on the redirect
    // too); the request's redirect URI was found registered by `authorize_prompt` above.
    let csp = format!(
        "default-src 'none'; style-src 'unsafe-inline'; {}; frame-ancestors 'none'; base-uri 'none'",
        form_action(req.redirect_uri.as_deref().unwrap_or(""))
    );
    if let Ok(v) = HeaderValue::from_str(&csp) {
        response
            .headers_mut()
            .insert(header::CONTENT_SECURITY_POLICY, v);
    }
    response
}

async fn authorize_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(tenant): Path<String>,
    query: Result<Query<AuthorizeRequest>, axum::extract::rejection::QueryRejection>,
) -> Response {
    let l = page_localizer(&headers);
    let Ok(Query(req)) = query else {
        return error_page(&l, StatusCode::BAD_REQUEST, &l.t("authorize-bad-request"));
    };
    sign_in_page(&state, &l, &tenant, &req, StatusCode::OK, None, "").await
}

#[derive(Deserialize)]
struct SignInForm {
    #[serde(flatten)]
    req: AuthorizeRequest,
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    decline: Option<String>,
}

async fn authorize_submit(
    State(state): State<AppState>,
    axum::Extension(ids): axum::Extension<mscommerce_domain::RequestIds>,
    headers: HeaderMap,
    Path(tenant): Path<String>,
    form: Result<Form<SignInForm>, FormRejection>,
) -> Response {
    let l = page_localizer(&headers);
    let form = match form {
        Ok(Form(f)) => f,
        Err(r) if r.status() == StatusCode::PAYLOAD_TOO_LARGE => return r.into_response(),
        Err(_) => {
            return error_page(&l, StatusCode::BAD_REQUEST, &l.t("authorize-bad-request"));
        }
    };
    // Login CSRF: only our own sign-in page may post here.
    if !crate::web::same_origin(&state, &headers) {
        return error_page(&l, StatusCode::FORBIDDEN, &l.t("authorize-origin"));
    }
    let Some(idp) = state.idp() else {
        return error_page(&l, StatusCode::NOT_FOUND, &l.t("device-idp-off"));
    };
    let source = crate::idp_routes::sign_in_source(&ids);
    if let Err(secs) = crate::idp_routes::sign_in_throttle(&state, source) {
        let mut a = FluentArgs::new();
        a.set("seconds", secs);
        let mut response = error_page(
            &l,
            StatusCode::TOO_MANY_REQUESTS,
            &l.t_args("sign-in-throttled", &a),
        );
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(secs));
        return response;
    }
    let outcome = idp
        .authorize_sign_in(
            source,
            &tenant,
            &form.req,
            &form.username,
            &form.password,
            form.decline.is_none(),
        )
        .await;
    let again = |status, message: String| {
        sign_in_page(
            &state,
            &l,
            &tenant,
            &form.req,
            status,
            Some(message),
            &form.username,
        )
    };
    if matches!(
        outcome,
        Ok(AuthorizeOutcome::BadCredentials | AuthorizeOutcome::AccountLocked { .. })
    ) {
        crate::idp_routes::sign_in_failed(&state, source);
    }
    match outcome {
        Ok(AuthorizeOutcome::Client(to)) => answer(&l, &to),
        Ok(AuthorizeOutcome::BadCredentials) => {
            again(StatusCode::UNAUTHORIZED, l.t("authorize-bad-credentials")).await
        }
        Ok(AuthorizeOutcome::AccountLocked { until }) => {
            let message = crate::idp_routes::locked_message(&l, until, state.clock().now());
            again(StatusCode::BAD_REQUEST, message).await
        }
        Ok(AuthorizeOutcome::AccountDisabled) => {
            again(StatusCode::FORBIDDEN, l.t("device-account-disabled")).await
        }
        Ok(AuthorizeOutcome::WrongTenant { tenant_name }) => {
            let mut a = FluentArgs::new();
            a.set("tenant", tenant_name);
            again(StatusCode::FORBIDDEN, l.t_args("device-wrong-tenant", &a)).await
        }
        Err(e) => refused(&l, e),
    }
}
