//! The admin page at `/`: the self-service purchase settings of the signed-in user's tenant,
//! server-rendered (askama, escaped by default) and working without script; `page.js` only
//! enhances it. It signs in through the built-in provider's authorization code flow with PKCE as
//! a public client of its own (`ADMIN_PAGE_CLIENT_ID`), or at an external provider with
//! `[page] authority` (`external.rs`), keeps the tokens in a server-side session
//! (`session.rs`), and reads and writes through the same store calls and grants as the API.
//! Every state change is a POST with the session's CSRF token and a same-origin check.
//! HTML routes: not in the OpenAPI document.

mod external;
mod requests;
mod session;

use axum::Extension;
use axum::Form;
use axum::Router;
use axum::extract::rejection::FormRejection;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use mscommerce_domain::{
    AuditTarget, IfMatch, OfferType, PolicyId, Principal, ProductId, RequestIds,
};
use mscommerce_i18n::{FluentArgs, Localizer};
use mscommerce_identity::{ADMIN_PAGE_CLIENT_ID, TokenForm};
use mscommerce_proto::{PolicyValue, RESOURCE_DEFAULT_SCOPE};
use mscommerce_store::{
    Batch, BatchChange, BatchTarget, ProductPolicyRecord, Refusal, StoreError, WriteContext,
};
use serde::Deserialize;
use std::sync::Arc;
use uuid::Uuid;

pub(crate) use external::External;
pub(crate) use session::Sessions;
use session::{Flash, PendingSignIn, Session, csrf_matches, random_token, s256};

use crate::state::AppState;
use crate::web::{cookie, page_headers, same_origin, set_cookie};

const SESSION_COOKIE: &str = "msc_session";
const SIGN_IN_COOKIE: &str = "msc_signin";
const LANG_COOKIE: &str = "msc_lang";
const POLICY: PolicyId = PolicyId::AllowSelfServicePurchase;
const CSS: &str = include_str!("page.css");
const JS: &str = include_str!("page.js");

pub(crate) fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(index))
        .route("/signin", get(sign_in))
        .route("/signin-oidc", get(sign_in_callback))
        .route("/signout", post(sign_out))
        .route("/language", get(language))
        .route("/products/{product}", post(save_product))
        .route("/offer-types/{offer_type}", post(save_offer_type))
        .route("/products", post(save_many))
        .route("/default", post(save_default))
        .route("/journal", get(journal))
        .route("/journal.csv", get(journal_csv))
        .route("/assets/page.css", get(css))
        .route("/assets/page.js", get(js))
        .merge(requests::routes())
}

// ---------------------------------------------------------------------------------------------
// Language, answers, templates

/// The page's language: the switcher's cookie, else Accept-Language.
fn localizer(headers: &HeaderMap) -> Localizer {
    match cookie(headers, LANG_COOKIE) {
        Some(tag) if mscommerce_i18n::supported_languages().any(|s| s == tag) => {
            Localizer::new(tag)
        }
        _ => crate::idp_routes::page_localizer(headers),
    }
}

fn languages() -> Vec<(&'static str, &'static str)> {
    mscommerce_i18n::supported_languages()
        .map(|tag| {
            let name = match tag {
                "de-DE" => "Deutsch",
                "fr-FR" => "Français",
                "nl-NL" => "Nederlands",
                "zh-TW" => "繁體中文",
                _ => "English",
            };
            (tag, name)
        })
        .collect()
}

fn render(status: StatusCode, page: &impl askama::Template) -> Response {
    let doc = match page.render() {
        Ok(doc) => doc,
        Err(e) => {
            tracing::error!(error = %e, "a page could not be rendered");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    let mut response = (status, Html(doc)).into_response();
    page_headers(response.headers_mut());
    response
}

fn see_other(location: &str) -> Response {
    let mut r = StatusCode::SEE_OTHER.into_response();
    if let Ok(v) = HeaderValue::from_str(location) {
        r.headers_mut().insert(header::LOCATION, v);
    }
    page_headers(r.headers_mut());
    r
}

fn value_key(v: PolicyValue) -> &'static str {
    match v {
        PolicyValue::Enabled => "value-enabled",
        PolicyValue::Disabled => "value-disabled",
        PolicyValue::OnlyTrialsWithoutPaymentMethod => "value-trials",
    }
}

fn parse_value(s: &str) -> Option<PolicyValue> {
    PolicyValue::ALL.into_iter().find(|v| v.as_str() == s)
}

/// A page with one message (refusals, expired sessions).
#[derive(askama::Template)]
#[template(path = "page_message.html")]
struct MessagePage<'a> {
    l: &'a Localizer,
    langs: Vec<(&'static str, &'static str)>,
    message: String,
    signed_in: bool,
    csrf: &'a str,
}

fn message(l: &Localizer, status: StatusCode, text: String, session: Option<&Session>) -> Response {
    render(
        status,
        &MessagePage {
            l,
            langs: languages(),
            message: text,
            signed_in: session.is_some(),
            csrf: session.map_or("", |s| s.csrf.as_str()),
        },
    )
}

#[derive(askama::Template)]
#[template(path = "page_landing.html")]
struct LandingPage<'a> {
    l: &'a Localizer,
    langs: Vec<(&'static str, &'static str)>,
    notice: Option<String>,
}

#[derive(askama::Template)]
#[template(path = "page_noaccess.html")]
struct NoAccessPage<'a> {
    l: &'a Localizer,
    langs: Vec<(&'static str, &'static str)>,
    who: String,
    csrf: &'a str,
}

/// One product in the list.
struct Row {
    kind: Kind,
    id: String,
    name: String,
    value: PolicyValue,
    trial: bool,
    etag: String,
    /// When its value last changed (RFC 3339), if it ever did.
    changed: Option<String>,
}

/// What a row of the list is.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Product,
    OfferType,
}

impl Kind {
    /// Where its panel posts: `/{path}/{id}`.
    fn path(self) -> &'static str {
        match self {
            Kind::Product => "products",
            Kind::OfferType => "offer-types",
        }
    }
    /// Its `data-` attribute.
    fn attribute(self) -> &'static str {
        match self {
            Kind::Product => "product",
            Kind::OfferType => "offer-type",
        }
    }
    /// Whether it can be picked for a change of several products.
    fn bulk(self) -> bool {
        self == Kind::Product
    }
}

impl Row {
    fn choices(&self) -> Vec<PolicyValue> {
        let mut v = vec![PolicyValue::Enabled];
        if self.trial {
            v.push(PolicyValue::OnlyTrialsWithoutPaymentMethod);
        }
        v.push(PolicyValue::Disabled);
        v
    }
}

#[derive(askama::Template)]
#[template(path = "page_list.html")]
struct ListPage<'a> {
    l: &'a Localizer,
    langs: Vec<(&'static str, &'static str)>,
    user: &'a str,
    csrf: &'a str,
    can_write: bool,
    flash: Option<Flash>,
    rows: Vec<Row>,
    offer_types: Vec<Row>,
    count: String,
    q: &'a str,
    setting: &'a str,
    sort: &'a str,
    default_value: PolicyValue,
    default_etag: String,
    all_values: [PolicyValue; 3],
}

impl ListPage<'_> {
    fn v(&self, v: &PolicyValue) -> String {
        self.l.t(value_key(*v))
    }
    fn is(&self, a: &PolicyValue, b: &PolicyValue) -> bool {
        a == b
    }
    fn pick(&self, product: &str) -> String {
        let mut args = FluentArgs::new();
        args.set("product", product.to_owned());
        self.l.t_args("page-bulk-select", &args)
    }
}

// ---------------------------------------------------------------------------------------------
// Sessions

/// The request's live session, with its id.
async fn current(state: &AppState, headers: &HeaderMap) -> Option<(String, Session)> {
    let id = cookie(headers, SESSION_COOKIE)?;
    let s = state.sessions().get(id, state.clock().now()).await?;
    Some((id.to_owned(), s))
}

/// The session's caller, verified as the API verifies a bearer token.
async fn principal(state: &AppState, s: &Session) -> Option<Arc<Principal>> {
    state.verifier().verify_shared(&s.access_token).await.ok()
}

// ---------------------------------------------------------------------------------------------
// Handlers

async fn css() -> Response {
    asset("text/css; charset=utf-8", CSS)
}

async fn js() -> Response {
    asset("text/javascript; charset=utf-8", JS)
}

fn asset(content_type: &'static str, body: &'static str) -> Response {
    let mut r = body.into_response();
    page_headers(r.headers_mut());
    r.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    r.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    r
}

#[derive(Debug, Deserialize, Default)]
struct ListQuery {
    #[serde(default)]
    q: String,
    #[serde(default)]
    setting: String,
    #[serde(default)]
    sort: String,
}

async fn index(
    State(state): State<AppState>,
    headers: HeaderMap,
    query: Result<Query<ListQuery>, axum::extract::rejection::QueryRejection>,
) -> Response {
    let l = localizer(&headers);
    let Some((id, session)) = current(&state, &headers).await else {
        return render(
            StatusCode::OK,
            &LandingPage {
                l: &l,
                langs: languages(),
                // Signing in needs a provider: the built-in one or `[page] authority`.
                notice: (state.idp().is_none() && state.external_sign_in().is_none())
                    .then(|| l.t("device-idp-off")),
            },
        );
    };
    let Some(principal) = principal(&state, &session).await else {
        state.sessions().end(&id, state.clock().now()).await;
        return message(
            &l,
            StatusCode::UNAUTHORIZED,
            l.t("page-session-expired"),
            None,
        );
    };
    let Ok(grant) = principal.read() else {
        let mut args = FluentArgs::new();
        args.set("user", session.user.clone());
        return render(
            StatusCode::FORBIDDEN,
            &NoAccessPage {
                l: &l,
                langs: languages(),
                who: l.t_args("page-noaccess-who", &args),
                csrf: &session.csrf,
            },
        );
    };
    let records = match state.store().product_policies(&grant, POLICY).await {
        Ok(r) => r,
        Err(e) => {
            tracing::warn!(error = %e, "admin page: products could not be read");
            return message(
                &l,
                StatusCode::SERVICE_UNAVAILABLE,
                l.t("page-unavailable"),
                Some(&session),
            );
        }
    };
    let q = query.map(|Query(q)| q).unwrap_or_default();
    let default = match state.store().policy(&grant, POLICY).await {
        Ok(d) => d,
        Err(e) => {
            tracing::warn!(error = %e, "admin page: the default could not be read");
            return message(
                &l,
                StatusCode::SERVICE_UNAVAILABLE,
                l.t("page-unavailable"),
                Some(&session),
            );
        }
    };
    let needle = q.q.trim().to_lowercase();
    let filter = parse_value(&q.setting);
    let mut rows: Vec<Row> = records
        .into_iter()
        .filter(|r| {
            needle.is_empty()
                || r.product_name.to_lowercase().contains(&needle)
                || r.product_id.to_string().to_lowercase().contains(&needle)
        })
        .filter(|r| filter.is_none_or(|f| r.value == f))
        .map(row)
        .collect();
    let offer_types = match state.store().offer_type_policies(&grant, POLICY).await {
        Ok(o) => o,
        Err(e) => {
            tracing::warn!(error = %e, "admin page: offer types could not be read");
            return message(
                &l,
                StatusCode::SERVICE_UNAVAILABLE,
                l.t("page-unavailable"),
                Some(&session),
            );
        }
    };
    let offer_types: Vec<Row> = offer_types
        .into_iter()
        .map(|o| Row {
            kind: Kind::OfferType,
            id: o.offer_type.to_string(),
            name: o.description,
            value: o.value,
            trial: false,
            etag: o.etag.header_value(),
            changed: rfc3339(o.updated_at),
        })
        .collect();
    if q.sort == "setting" {
        rows.sort_by(|a, b| {
            (l.t(value_key(a.value)), &a.name).cmp(&(l.t(value_key(b.value)), &b.name))
        });
    }
    let mut args = FluentArgs::new();
    args.set("count", rows.len());
    let count = l.t_args("page-count", &args);
    let flash = state.sessions().take_flash(&id, state.clock().now()).await;
    render(
        StatusCode::OK,
        &ListPage {
            l: &l,
            langs: languages(),
            user: &session.user,
            csrf: &session.csrf,
            can_write: principal.write().is_ok(),
            flash,
            rows,
            offer_types,
            count,
            q: &q.q,
            setting: filter.map_or("", PolicyValue::as_str),
            sort: if q.sort == "setting" {
                "setting"
            } else {
                "name"
            },
            default_value: default.default_value,
            default_etag: default.etag.header_value(),
            all_values: [
                PolicyValue::Enabled,
                PolicyValue::OnlyTrialsWithoutPaymentMethod,
                PolicyValue::Disabled,
            ],
        },
    )
}

fn row(r: ProductPolicyRecord) -> Row {
    Row {
        kind: Kind::Product,
        id: r.product_id.to_string(),
        name: r.product_name,
        value: r.value,
        trial: r.trial_without_payment_method,
        etag: r.etag.header_value(),
        changed: rfc3339(r.updated_at),
    }
}

/// A query string's value.
fn enc(s: &str) -> String {
    percent_encoding::utf8_percent_encode(s, percent_encoding::NON_ALPHANUMERIC).to_string()
}

/// When a value last changed, for the page's script to show in the reader's language (the row
/// keeps it: every change sets it in the same statement).
fn rfc3339(at: Option<time::OffsetDateTime>) -> Option<String> {
    at.and_then(|t| {
        t.format(&time::format_description::well_known::Rfc3339)
            .ok()
    })
}

/// Starts a sign-in: a PKCE verifier, `state` and `nonce` kept server-side under a cookie of
/// their own, then the provider's authorize endpoint.
async fn sign_in(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let l = localizer(&headers);
    let external = state.external_sign_in();
    let idp = state.idp();
    if external.is_none() && idp.is_none() {
        return message(&l, StatusCode::NOT_FOUND, l.t("device-idp-off"), None);
    }
    let now = state.clock().now();
    let (Some(verifier), Some(st), Some(nonce)) = (random_token(), random_token(), random_token())
    else {
        return message(
            &l,
            StatusCode::SERVICE_UNAVAILABLE,
            l.t("page-unavailable"),
            None,
        );
    };
    let challenge = s256(&verifier);
    let Some(id) = state
        .sessions()
        .start_sign_in(
            PendingSignIn {
                verifier,
                state: st.clone(),
                nonce: nonce.clone(),
                expires_at: now + session::SIGN_IN_LIFETIME,
            },
            now,
        )
        .await
    else {
        return message(
            &l,
            StatusCode::SERVICE_UNAVAILABLE,
            l.t("page-unavailable"),
            None,
        );
    };
    let location = match (external, idp) {
        (Some(external), _) => {
            match external
                .authorize_url(&redirect_uri(&state), &st, &nonce, &challenge)
                .await
            {
                Ok(url) => url,
                Err(reason) => return provider_unavailable(&l, reason),
            }
        }
        (None, Some(idp)) => format!(
            "/organizations/oauth2/v2.0/authorize?client_id={ADMIN_PAGE_CLIENT_ID}&response_type=code&redirect_uri={}&scope={}&state={st}&nonce={nonce}&code_challenge={challenge}&code_challenge_method=S256",
            enc(&idp.admin_page_redirect_uri()),
            enc(&format!("openid profile {RESOURCE_DEFAULT_SCOPE}")),
        ),
        (None, None) => return message(&l, StatusCode::NOT_FOUND, l.t("device-idp-off"), None),
    };
    let mut r = see_other(&location);
    r.headers_mut().append(
        header::SET_COOKIE,
        set_cookie(&state, SIGN_IN_COOKIE, &id, Some(600)),
    );
    r
}

/// Where a provider sends the browser back with its code.
fn redirect_uri(state: &AppState) -> String {
    format!(
        "{}{}",
        state.public_url().trim_end_matches('/'),
        mscommerce_identity::ADMIN_PAGE_REDIRECT_PATH
    )
}

/// The external provider cannot be asked now: say so, and that trying again may do.
fn provider_unavailable(l: &Localizer, reason: String) -> Response {
    tracing::warn!(%reason, "the admin page's sign-in provider failed");
    let mut args = FluentArgs::new();
    args.set("reason", reason);
    message(
        l,
        StatusCode::BAD_GATEWAY,
        l.t_args("page-signin-failed", &args),
        None,
    )
}

#[derive(Debug, Deserialize)]
struct Callback {
    code: Option<String>,
    state: Option<String>,
    error: Option<String>,
    error_description: Option<String>,
}

/// The end of a sign-in: `state` checked against the sign-in's cookie, the code exchanged with its
/// verifier, the `id_token`'s `nonce` checked, then a session.
async fn sign_in_callback(
    State(state): State<AppState>,
    headers: HeaderMap,
    query: Result<Query<Callback>, axum::extract::rejection::QueryRejection>,
) -> Response {
    let l = localizer(&headers);
    let failed = |reason: String| {
        let mut args = FluentArgs::new();
        args.set("reason", reason);
        let mut r = message(
            &l,
            StatusCode::BAD_REQUEST,
            l.t_args("page-signin-failed", &args),
            None,
        );
        r.headers_mut().append(
            header::SET_COOKIE,
            set_cookie(&state, SIGN_IN_COOKIE, "", Some(0)),
        );
        r
    };
    let Ok(Query(cb)) = query else {
        return failed("the answer of the identity provider could not be read.".into());
    };
    let external = state.external_sign_in();
    if external.is_none() && state.idp().is_none() {
        return message(&l, StatusCode::NOT_FOUND, l.t("device-idp-off"), None);
    }
    let now = state.clock().now();
    let pending = match cookie(&headers, SIGN_IN_COOKIE) {
        Some(id) => state.sessions().take_sign_in(id, now).await,
        None => None,
    };
    let Some(pending) = pending else {
        return failed(
            "this browser has no sign-in in progress (or it took over 10 minutes).".into(),
        );
    };
    if cb.state.as_deref() != Some(pending.state.as_str()) {
        return failed("the state does not match the sign-in started here.".into());
    }
    if let Some(error) = cb.error {
        let d = cb.error_description.unwrap_or_default();
        return failed(format!(
            "{error}: {}",
            d.chars().take(300).collect::<String>()
        ));
    }
    let Some(code) = cb.code else {
        return failed("no code came back.".into());
    };
    let (tokens, client_id) = match (external, state.idp()) {
        (Some(external), _) => {
            match external
                .redeem(&code, &redirect_uri(&state), &pending.verifier)
                .await
            {
                Ok(t) => (t, external.client_id().to_owned()),
                Err(reason) => return failed(reason),
            }
        }
        (None, Some(idp)) => {
            let form = TokenForm {
                grant_type: Some("authorization_code".into()),
                client_id: Some(ADMIN_PAGE_CLIENT_ID.into()),
                code: Some(code),
                redirect_uri: Some(idp.admin_page_redirect_uri()),
                code_verifier: Some(pending.verifier),
                ..TokenForm::default()
            };
            match idp.token("organizations", &form, None).await {
                Ok(t) => match t.id_token {
                    Some(id_token) => (
                        external::Redeemed {
                            access_token: t.access_token,
                            expires_in: t.expires_in,
                            id_token,
                        },
                        ADMIN_PAGE_CLIENT_ID.to_owned(),
                    ),
                    None => return failed("no id_token came back.".into()),
                },
                Err(e) => return failed(e.to_string()),
            }
        }
        (None, None) => return message(&l, StatusCode::NOT_FOUND, l.t("device-idp-off"), None),
    };
    let Some(claims) = external::claims(&tokens.id_token) else {
        return failed("no id_token came back.".into());
    };
    let claim = |name: &str| claims.get(name).and_then(|v| v.as_str()).unwrap_or("");
    let audience = match claims.get("aud") {
        Some(serde_json::Value::Array(list)) => list.iter().any(|a| a.as_str() == Some(&client_id)),
        _ => claim("aud") == client_id,
    };
    if claim("nonce") != pending.nonce || !audience {
        return failed("the id_token's nonce or audience does not match.".into());
    }
    // A session holds only a token the API accepts (an external provider's must be one of the
    // configured [[identity.issuers]], for this service's audience).
    if let Err(e) = state.verifier().verify_shared(&tokens.access_token).await {
        return failed(format!(
            "this service does not accept the provider's access token ({e}). The operator adds the provider under [[identity.issuers]] and asks for this API's scope ([page] scope)."
        ));
    }
    let user = claim("preferred_username").to_owned();
    let lifetime = i64::try_from(tokens.expires_in).unwrap_or(0);
    let (Some(csrf), true) = (random_token(), lifetime > 0) else {
        return failed("the session could not be created.".into());
    };
    let Some(id) = state
        .sessions()
        .create(
            Session {
                access_token: tokens.access_token,
                expires_at: now + time::Duration::seconds(lifetime),
                csrf,
                user,
                flash: None,
            },
            now,
        )
        .await
    else {
        return message(
            &l,
            StatusCode::SERVICE_UNAVAILABLE,
            l.t("page-unavailable"),
            None,
        );
    };
    let mut r = see_other("/");
    r.headers_mut().append(
        header::SET_COOKIE,
        set_cookie(&state, SESSION_COOKIE, &id, Some(lifetime)),
    );
    r.headers_mut().append(
        header::SET_COOKIE,
        set_cookie(&state, SIGN_IN_COOKIE, "", Some(0)),
    );
    r
}

#[derive(Debug, Deserialize)]
struct CsrfForm {
    #[serde(default)]
    csrf: String,
}

/// What every POST checks first: a session, the same origin, the session's CSRF token.
#[allow(clippy::result_large_err)]
async fn guard(
    state: &AppState,
    headers: &HeaderMap,
    l: &Localizer,
    csrf: &str,
) -> Result<(String, Session), Response> {
    let Some((id, session)) = current(state, headers).await else {
        return Err(message(
            l,
            StatusCode::UNAUTHORIZED,
            l.t("page-session-expired"),
            None,
        ));
    };
    if !same_origin(state, headers) || !csrf_matches(&session.csrf, csrf) {
        return Err(message(
            l,
            StatusCode::FORBIDDEN,
            l.t("page-csrf"),
            Some(&session),
        ));
    }
    Ok((id, session))
}

/// A form that carries the session's CSRF token.
trait Posted {
    fn csrf(&self) -> &str;
}

macro_rules! posted {
    ($($form:ty),*) => {$(impl Posted for $form {
        fn csrf(&self) -> &str {
            &self.csrf
        }
    })*};
}
posted!(CsrfForm, SaveForm, DefaultForm);

/// A POST's first steps, the same for every form: the form read, then [`guard`]'s checks; the
/// form and the session, or the page to answer instead.
#[allow(clippy::result_large_err)]
async fn posted<T: Posted>(
    state: &AppState,
    headers: &HeaderMap,
    l: &Localizer,
    form: Result<Form<T>, FormRejection>,
) -> Result<(T, String, Session), Response> {
    let form = read_form(form, l)?;
    let (id, session) = guard(state, headers, l, form.csrf()).await?;
    Ok((form, id, session))
}

/// The session's caller, or the page that says the session ended (and ends it).
#[allow(clippy::result_large_err)]
async fn caller(
    state: &AppState,
    l: &Localizer,
    id: &str,
    session: &Session,
) -> Result<Arc<Principal>, Response> {
    match principal(state, session).await {
        Some(p) => Ok(p),
        None => {
            state.sessions().end(id, state.clock().now()).await;
            Err(message(
                l,
                StatusCode::UNAUTHORIZED,
                l.t("page-session-expired"),
                None,
            ))
        }
    }
}

async fn sign_out(
    State(state): State<AppState>,
    headers: HeaderMap,
    form: Result<Form<CsrfForm>, FormRejection>,
) -> Response {
    let l = localizer(&headers);
    let Ok(Form(form)) = form else {
        return message(&l, StatusCode::BAD_REQUEST, l.t("page-bad-request"), None);
    };
    let (id, _) = match guard(&state, &headers, &l, &form.csrf).await {
        Ok(s) => s,
        Err(r) => return r,
    };
    state.sessions().end(&id, state.clock().now()).await;
    let mut r = see_other("/");
    r.headers_mut().append(
        header::SET_COOKIE,
        set_cookie(&state, SESSION_COOKIE, "", Some(0)),
    );
    r
}

#[derive(Debug, Deserialize)]
struct LanguageQuery {
    #[serde(default)]
    lang: String,
}

/// The language switcher: remembered in a cookie for a year.
async fn language(State(state): State<AppState>, Query(q): Query<LanguageQuery>) -> Response {
    let mut r = see_other("/");
    if mscommerce_i18n::supported_languages().any(|s| s == q.lang) {
        r.headers_mut().append(
            header::SET_COOKIE,
            set_cookie(&state, LANG_COOKIE, &q.lang, Some(365 * 24 * 3600)),
        );
    }
    r
}

#[derive(Debug, Deserialize)]
struct SaveForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    value: String,
    #[serde(default)]
    etag: String,
}

/// What one panel changes: a product or an offer type.
enum One {
    Product(ProductId),
    OfferType(OfferType),
}

impl One {
    fn audit(&self) -> AuditTarget {
        match self {
            One::Product(p) => AuditTarget::Product(p.clone()),
            One::OfferType(o) => AuditTarget::OfferType(o.clone()),
        }
    }

    fn id(&self) -> String {
        match self {
            One::Product(p) => p.to_string(),
            One::OfferType(o) => o.to_string(),
        }
    }

    /// The API's PUT: its name and value after the change.
    async fn set(
        &self,
        state: &AppState,
        grant: &mscommerce_domain::WriteGrant,
        value: PolicyValue,
        if_match: &IfMatch,
        ctx: &WriteContext,
    ) -> Result<(String, PolicyValue), StoreError> {
        let store = state.store();
        match self {
            One::Product(p) => store
                .set_product_policy(grant, POLICY, p, value, Some(if_match), ctx)
                .await
                .map(|r| (r.product_name, r.value)),
            One::OfferType(o) => store
                .set_offer_type_policy(grant, POLICY, o, value, Some(if_match), ctx)
                .await
                .map(|r| (r.description, r.value)),
        }
    }

    /// Its name and value now.
    async fn current(
        &self,
        state: &AppState,
        grant: &mscommerce_domain::ReadGrant,
    ) -> Result<(String, PolicyValue), StoreError> {
        let store = state.store();
        match self {
            One::Product(p) => store
                .product_policy(grant, POLICY, p)
                .await
                .map(|r| (r.product_name, r.value)),
            One::OfferType(o) => store
                .offer_type_policy(grant, POLICY, o)
                .await
                .map(|r| (r.description, r.value)),
        }
    }
}

/// Save one product's panel: the API's PUT, with the panel's ETag as `If-Match`.
async fn save_product(
    State(state): State<AppState>,
    Extension(ids): Extension<RequestIds>,
    headers: HeaderMap,
    Path(product): Path<String>,
    form: Result<Form<SaveForm>, FormRejection>,
) -> Response {
    let one = product.parse::<ProductId>().ok().map(One::Product);
    save_one(&state, ids, &headers, one, form).await
}

/// Save one offer type's panel.
async fn save_offer_type(
    State(state): State<AppState>,
    Extension(ids): Extension<RequestIds>,
    headers: HeaderMap,
    Path(offer_type): Path<String>,
    form: Result<Form<SaveForm>, FormRejection>,
) -> Response {
    let one = offer_type.parse::<OfferType>().ok().map(One::OfferType);
    save_one(&state, ids, &headers, one, form).await
}

async fn save_one(
    state: &AppState,
    ids: RequestIds,
    headers: &HeaderMap,
    one: Option<One>,
    form: Result<Form<SaveForm>, FormRejection>,
) -> Response {
    let l = localizer(headers);
    let (form, id, session) = match posted(state, headers, &l, form).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    let Some(one) = one else {
        return message(
            &l,
            StatusCode::NOT_FOUND,
            l.t("page-not-found"),
            Some(&session),
        );
    };
    let grant = match write_grant(state, &l, &id, &session, &ids, vec![one.audit()]).await {
        Ok(g) => g,
        Err(r) => return r,
    };
    let (Some(value), Ok(if_match)) = (parse_value(&form.value), IfMatch::parse(&form.etag)) else {
        return message(
            &l,
            StatusCode::BAD_REQUEST,
            l.t("page-bad-request"),
            Some(&session),
        );
    };
    let result = one
        .set(state, &grant, value, &if_match, &context(state, ids))
        .await;
    state.cache().invalidate(grant.tenant());
    match result {
        Ok((name, value)) => {
            let mut args = FluentArgs::new();
            args.set("product", name);
            args.set("value", l.t(value_key(value)));
            saved(state, &id, l.t_args("page-saved", &args)).await
        }
        // A stale panel: say so, with the value now in place.
        Err(StoreError::Refused(Refusal::PreconditionFailed { .. })) => {
            let mut args = FluentArgs::new();
            match one.current(state, grant.as_read()).await {
                Ok((name, value)) => {
                    args.set("product", name);
                    args.set("value", l.t(value_key(value)));
                }
                Err(_) => {
                    args.set("product", one.id());
                    args.set("value", "?");
                }
            }
            message(
                &l,
                StatusCode::CONFLICT,
                l.t_args("page-conflict", &args),
                Some(&session),
            )
        }
        Err(e) => store_failure(&l, &session, e),
    }
}

/// The write grant of a POST's session, or the page that says why not (a refused change is
/// journaled as the API journals it).
async fn write_grant(
    state: &AppState,
    l: &Localizer,
    id: &str,
    session: &Session,
    ids: &RequestIds,
    targets: Vec<AuditTarget>,
) -> Result<mscommerce_domain::WriteGrant, Response> {
    let principal = caller(state, l, id, session).await?;
    match principal.write() {
        Ok(g) => Ok(g),
        Err(denied) => {
            for target in targets {
                let _ = crate::api::refuse(state, POLICY, target, denied.clone(), ids).await;
            }
            Err(message(
                l,
                StatusCode::FORBIDDEN,
                l.t("page-readonly"),
                Some(session),
            ))
        }
    }
}

/// A store error of a POST, as a page that says what to do next.
fn store_failure(l: &Localizer, session: &Session, e: StoreError) -> Response {
    match e {
        StoreError::Item { error, .. } | StoreError::Default(error) => {
            store_failure(l, session, *error)
        }
        StoreError::Refused(refusal) => {
            // The API's status for the same refusal, except that a stale panel is a conflict
            // to show (the page has no If-Match of its own to fail).
            let status = match refusal {
                Refusal::PreconditionFailed { .. } => StatusCode::CONFLICT,
                ref r => crate::error::ApiFailure::from(StoreError::Refused(r.clone())).status(),
            };
            let mut args = FluentArgs::new();
            args.set("reason", refusal.to_string());
            message(l, status, l.t_args("page-refused", &args), Some(session))
        }
        StoreError::NotFound => message(
            l,
            StatusCode::NOT_FOUND,
            l.t("page-not-found"),
            Some(session),
        ),
        e => {
            tracing::warn!(error = %e, "admin page: a change failed");
            message(
                l,
                StatusCode::SERVICE_UNAVAILABLE,
                l.t("page-unavailable"),
                Some(session),
            )
        }
    }
}

/// Several products set to one value in one transaction (the API's batch).
async fn save_many(
    State(state): State<AppState>,
    Extension(ids): Extension<RequestIds>,
    headers: HeaderMap,
    form: Result<Form<Vec<(String, String)>>, FormRejection>,
) -> Response {
    let l = localizer(&headers);
    let pairs = match read_form(form, &l) {
        Ok(f) => f,
        Err(r) => return r,
    };
    let one = |name: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == name)
            .map_or("", |(_, v)| v.as_str())
    };
    let (id, session) = match guard(&state, &headers, &l, one("csrf")).await {
        Ok(s) => s,
        Err(r) => return r,
    };
    let products: Vec<&str> = pairs
        .iter()
        .filter(|(k, _)| k == "product")
        .map(|(_, v)| v.as_str())
        .collect();
    let targets = products
        .iter()
        .take(mscommerce_proto::MAX_BATCH_ITEMS)
        .filter_map(|p| p.parse::<ProductId>().ok())
        .map(AuditTarget::Product)
        .collect();
    let grant = match write_grant(&state, &l, &id, &session, &ids, targets).await {
        Ok(g) => g,
        Err(r) => return r,
    };
    let Some(value) = parse_value(one("value")) else {
        return message(
            &l,
            StatusCode::BAD_REQUEST,
            l.t("page-bad-request"),
            Some(&session),
        );
    };
    if products.is_empty() {
        return message(
            &l,
            StatusCode::BAD_REQUEST,
            l.t("page-bulk-none"),
            Some(&session),
        );
    }
    if products.len() > mscommerce_proto::MAX_BATCH_ITEMS {
        return message(
            &l,
            StatusCode::PAYLOAD_TOO_LARGE,
            l.t("page-bad-request"),
            Some(&session),
        );
    }
    let mut items = Vec::with_capacity(products.len());
    for p in &products {
        let Ok(product) = p.parse::<ProductId>() else {
            return message(
                &l,
                StatusCode::NOT_FOUND,
                l.t("page-not-found"),
                Some(&session),
            );
        };
        items.push(BatchChange {
            target: BatchTarget::Product(product),
            value,
            if_match: None,
        });
    }
    let batch = Batch {
        default: None,
        items,
    };
    let result = state
        .store()
        .apply_batch(&grant, POLICY, &batch, &context(&state, ids))
        .await;
    state.cache().invalidate(grant.tenant());
    match result {
        Ok(r) => {
            let mut args = FluentArgs::new();
            args.set("count", r.items.len());
            args.set("value", l.t(value_key(value)));
            saved(&state, &id, l.t_args("page-bulk-saved", &args)).await
        }
        Err(e) => store_failure(&l, &session, e),
    }
}

#[derive(Debug, Deserialize)]
struct DefaultForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    value: String,
    #[serde(default)]
    etag: String,
}

/// The tenant's default for products added to the catalog from now on.
async fn save_default(
    State(state): State<AppState>,
    Extension(ids): Extension<RequestIds>,
    headers: HeaderMap,
    form: Result<Form<DefaultForm>, FormRejection>,
) -> Response {
    let l = localizer(&headers);
    let (form, id, session) = match posted(&state, &headers, &l, form).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    let grant = match write_grant(&state, &l, &id, &session, &ids, vec![AuditTarget::Default]).await
    {
        Ok(g) => g,
        Err(r) => return r,
    };
    let (Some(value), Ok(if_match)) = (parse_value(&form.value), IfMatch::parse(&form.etag)) else {
        return message(
            &l,
            StatusCode::BAD_REQUEST,
            l.t("page-bad-request"),
            Some(&session),
        );
    };
    let result = state
        .store()
        .set_default_value(
            &grant,
            POLICY,
            value,
            Some(&if_match),
            &context(&state, ids),
        )
        .await;
    state.cache().invalidate(grant.tenant());
    match result {
        Ok(r) => {
            let mut args = FluentArgs::new();
            args.set("value", l.t(value_key(r.default_value)));
            saved(&state, &id, l.t_args("page-default-saved", &args)).await
        }
        Err(e) => store_failure(&l, &session, e),
    }
}

fn context(state: &AppState, ids: RequestIds) -> WriteContext {
    WriteContext {
        at: state.clock().now(),
        ids,
        audit_id: Uuid::now_v7(),
    }
}

/// After a change: the line to show once, and back to the list (POST, redirect, GET).
async fn saved(state: &AppState, id: &str, text: String) -> Response {
    state
        .sessions()
        .set_flash(id, Flash { ok: true, text }, state.clock().now())
        .await;
    see_other("/")
}

/// A submitted form, or the page that says it could not be read (a body over the limit stays
/// a 413).
#[allow(clippy::result_large_err)]
fn read_form<T>(form: Result<Form<T>, FormRejection>, l: &Localizer) -> Result<T, Response> {
    match form {
        Ok(Form(f)) => Ok(f),
        Err(r) if r.status() == StatusCode::PAYLOAD_TOO_LARGE => Err(r.into_response()),
        Err(_) => Err(message(
            l,
            StatusCode::BAD_REQUEST,
            l.t("page-bad-request"),
            None,
        )),
    }
}

// ---------------------------------------------------------------------------------------------
// The audit journal

/// Entries per page of the journal view; the CSV holds up to `CSV_MAX`.
const JOURNAL_PAGE: u32 = 50;
const CSV_MAX: u32 = 10_000;

#[derive(Debug, Deserialize, Default)]
struct JournalQuery {
    #[serde(default)]
    product: String,
    #[serde(default)]
    actor: String,
    /// `YYYY-MM-DD`, from the start of that day (UTC).
    #[serde(default)]
    from: String,
    /// `YYYY-MM-DD`, to the end of that day (UTC).
    #[serde(default)]
    to: String,
    /// The paging cursor: entries before this sequence number.
    #[serde(default)]
    before: Option<i64>,
}

/// One line of the journal, as shown and as written to the CSV.
struct JournalRow {
    seq: i64,
    at: String,
    actor: String,
    target: String,
    old_value: String,
    new_value: String,
    result: String,
}

fn journal_query(q: &JournalQuery, limit: u32) -> Result<mscommerce_store::AuditQuery, ()> {
    let day = |s: &str| {
        time::Date::parse(s, time::macros::format_description!("[year]-[month]-[day]"))
            .map_err(|_| ())
    };
    let product = q.product.trim();
    Ok(mscommerce_store::AuditQuery {
        policy: Some(POLICY),
        target: if product.is_empty() {
            None
        } else {
            Some(mscommerce_store::AuditTargetFilter::Product(
                product.parse::<ProductId>().map_err(|_| ())?,
            ))
        },
        actor: Some(q.actor.trim().to_owned()).filter(|a| !a.is_empty()),
        since: match q.from.trim() {
            "" => None,
            d => Some(day(d)?.midnight().assume_utc()),
        },
        until: match q.to.trim() {
            "" => None,
            d => Some(day(d)?.next_day().ok_or(())?.midnight().assume_utc()),
        },
        before_seq: q.before.filter(|b| *b > 0),
        limit,
    })
}

fn journal_rows(records: Vec<mscommerce_store::JournalRecord>) -> Vec<JournalRow> {
    records
        .into_iter()
        .map(|r| {
            let e = r.entry;
            let actor = e
                .actor
                .upn
                .clone()
                .or(e.actor.app_id.clone())
                .or(e.actor.oid.map(|o| o.to_string()))
                .unwrap_or_default();
            let target = match &e.target {
                AuditTarget::Product(p) => p.to_string(),
                AuditTarget::OfferType(o) => o.to_string(),
                AuditTarget::Default => "default".to_owned(),
                AuditTarget::LicenseRequest(id) => format!("license request {id}"),
            };
            let result = match &e.reason {
                Some(reason) => format!("{} ({reason})", e.result.as_str()),
                None => e.result.as_str().to_owned(),
            };
            JournalRow {
                seq: r.seq,
                at: e
                    .at
                    .format(&time::format_description::well_known::Rfc3339)
                    .unwrap_or_default(),
                actor,
                target,
                old_value: e.old_value.map_or("", PolicyValue::as_str).to_owned(),
                new_value: e.new_value.map_or("", PolicyValue::as_str).to_owned(),
                result,
            }
        })
        .collect()
}

#[derive(askama::Template)]
#[template(path = "page_journal.html")]
struct JournalPage<'a> {
    l: &'a Localizer,
    langs: Vec<(&'static str, &'static str)>,
    user: &'a str,
    csrf: &'a str,
    rows: Vec<JournalRow>,
    q: &'a JournalQuery,
    /// The query of this view without the cursor (for the CSV link and the next page).
    filters: String,
    next: Option<i64>,
}

fn filters_query(q: &JournalQuery) -> String {
    let enc = |s: &str| enc(s.trim());
    format!(
        "product={}&actor={}&from={}&to={}",
        enc(&q.product),
        enc(&q.actor),
        enc(&q.from),
        enc(&q.to)
    )
}

/// The journal's entries for a read-only view: the session, its read grant, the query.
async fn journal_records(
    state: &AppState,
    headers: &HeaderMap,
    l: &Localizer,
    q: &JournalQuery,
    limit: u32,
) -> Result<(Session, Vec<mscommerce_store::JournalRecord>), Response> {
    let Some((id, session)) = current(state, headers).await else {
        return Err(see_other("/"));
    };
    let Some(principal) = principal(state, &session).await else {
        state.sessions().end(&id, state.clock().now()).await;
        return Err(message(
            l,
            StatusCode::UNAUTHORIZED,
            l.t("page-session-expired"),
            None,
        ));
    };
    let Ok(grant) = principal.read() else {
        return Err(see_other("/"));
    };
    let Ok(query) = journal_query(q, limit) else {
        return Err(message(
            l,
            StatusCode::BAD_REQUEST,
            l.t("page-journal-bad-filter"),
            Some(&session),
        ));
    };
    match state.store().audit_log(&grant, &query).await {
        Ok(records) => Ok((session, records)),
        Err(e) => {
            tracing::warn!(error = %e, "admin page: the journal could not be read");
            Err(message(
                l,
                StatusCode::SERVICE_UNAVAILABLE,
                l.t("page-unavailable"),
                Some(&session),
            ))
        }
    }
}

async fn journal(
    State(state): State<AppState>,
    headers: HeaderMap,
    query: Result<Query<JournalQuery>, axum::extract::rejection::QueryRejection>,
) -> Response {
    let l = localizer(&headers);
    let q = query.map(|Query(q)| q).unwrap_or_default();
    // One more than a page: whether there is a next one.
    let (session, mut records) =
        match journal_records(&state, &headers, &l, &q, JOURNAL_PAGE + 1).await {
            Ok(r) => r,
            Err(r) => return r,
        };
    let more = records.len() > JOURNAL_PAGE as usize;
    records.truncate(JOURNAL_PAGE as usize);
    let rows = journal_rows(records);
    let next = if more {
        rows.last().map(|r| r.seq)
    } else {
        None
    };
    render(
        StatusCode::OK,
        &JournalPage {
            l: &l,
            langs: languages(),
            user: &session.user,
            csrf: &session.csrf,
            rows,
            filters: filters_query(&q),
            q: &q,
            next,
        },
    )
}

/// A CSV cell: quoted, quotes doubled, and a leading `= + - @` defused for spreadsheets.
fn csv_cell(s: &str) -> String {
    let s = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_owned()
    };
    format!("\"{}\"", s.replace('"', "\"\""))
}

async fn journal_csv(
    State(state): State<AppState>,
    headers: HeaderMap,
    query: Result<Query<JournalQuery>, axum::extract::rejection::QueryRejection>,
) -> Response {
    let l = localizer(&headers);
    let q = query.map(|Query(q)| q).unwrap_or_default();
    let (_, records) = match journal_records(&state, &headers, &l, &q, CSV_MAX).await {
        Ok(r) => r,
        Err(r) => return r,
    };
    let mut csv = String::from("time,actor,target,oldValue,newValue,result\r\n");
    for r in journal_rows(records) {
        let cells = [
            &r.at,
            &r.actor,
            &r.target,
            &r.old_value,
            &r.new_value,
            &r.result,
        ];
        csv.push_str(
            &cells
                .iter()
                .map(|c| csv_cell(c))
                .collect::<Vec<_>>()
                .join(","),
        );
        csv.push_str("\r\n");
    }
    let mut r = csv.into_response();
    page_headers(r.headers_mut());
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/csv; charset=utf-8"),
    );
    r.headers_mut().insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_static("attachment; filename=\"audit-log.csv\""),
    );
    r
}
