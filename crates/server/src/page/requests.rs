//! The admin page's Requests and Purchases views. Any signed-in user files a license request
//! with a form and follows their own; Global, Billing, License and User Administrators see the
//! tenant's and approve or deny them; admins and Global Readers see the purchases and trials
//! storefronts recorded. Every read and write is the store call the API makes, under the grant
//! `domain` gives the session's token.

use axum::extract::rejection::{FormRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::{get, post};
use axum::{Extension, Form, Router};
use mscommerce_domain::license_request::{self, LicenseRequestStatus, RequestDecision};
use mscommerce_domain::{PolicyId, ProductId, RequestIds};
use mscommerce_i18n::{FluentArgs, Localizer};
use mscommerce_proto::license::RequestProcess;
use mscommerce_proto::purchase::PurchaseEvent;
use mscommerce_store::{LicenseRequestQuery, PurchaseQuery};
use serde::Deserialize;
use uuid::Uuid;

use super::session::{Flash, Session};
use super::{
    Posted, caller, context, current, languages, localizer, message, posted, render, rfc3339,
    see_other, store_failure,
};
use crate::state::AppState;

/// Rows a page shows.
const PAGE: u32 = 50;

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/requests", get(requests).post(file_request))
        .route("/requests/{id}/{decision}", post(decide))
        .route("/purchases", get(purchases))
}

/// The session and its caller, or the page to answer instead.
#[allow(clippy::result_large_err)]
async fn signed_in(
    state: &AppState,
    headers: &HeaderMap,
    l: &Localizer,
) -> Result<
    (
        String,
        Session,
        std::sync::Arc<mscommerce_domain::Principal>,
    ),
    Response,
> {
    let Some((id, session)) = current(state, headers).await else {
        return Err(see_other("/"));
    };
    let principal = caller(state, l, &id, &session).await?;
    Ok((id, session, principal))
}

/// The paging cursor of a query string: none, or the id of the last row shown.
fn cursor(before: &str) -> Result<Option<Uuid>, uuid::Error> {
    match before {
        "" => Ok(None),
        b => Uuid::parse_str(b).map(Some),
    }
}

/// Cuts one page from `rows` (read with one more than a page) and names the next page's cursor.
fn one_page<T>(rows: &mut Vec<T>, id: impl Fn(&T) -> Uuid) -> Option<String> {
    let more = rows.len() > PAGE as usize;
    rows.truncate(PAGE as usize);
    more.then(|| rows.last().map(|r| id(r).to_string()))
        .flatten()
}

fn unavailable(
    l: &Localizer,
    session: &Session,
    what: &str,
    e: &dyn std::fmt::Display,
) -> Response {
    tracing::warn!(error = %e, "admin page: {what} could not be read");
    message(
        l,
        StatusCode::SERVICE_UNAVAILABLE,
        l.t("page-unavailable"),
        Some(session),
    )
}

// ---------------------------------------------------------------------------------------------
// Requests

#[derive(Debug, Default, Deserialize)]
struct RequestsQuery {
    /// `pending`, `approved`, `denied`, `expired`, or `all`.
    #[serde(default)]
    status: String,
    /// The paging cursor: requests older than this one.
    #[serde(default)]
    before: String,
}

struct RequestRow {
    id: String,
    product: String,
    requester: String,
    message: String,
    status: &'static str,
    status_label: String,
    filed: String,
    decided_by: String,
    decision_message: String,
}

#[derive(askama::Template)]
#[template(path = "page_requests.html")]
struct RequestsPage<'a> {
    l: &'a Localizer,
    langs: Vec<(&'static str, &'static str)>,
    user: &'a str,
    csrf: &'a str,
    flash: Option<Flash>,
    /// May approve and deny: sees the tenant's requests.
    decider: bool,
    /// May read the policies: the other views are links.
    reader: bool,
    status: &'a str,
    statuses: Vec<(&'static str, String)>,
    rows: Vec<RequestRow>,
    products: Vec<(String, String)>,
    /// The tenant takes requests through its own process: its message and link.
    own_process: Option<(String, Option<String>)>,
    next: Option<String>,
}

fn status_label(l: &Localizer, s: LicenseRequestStatus) -> String {
    l.t(&format!("page-request-{}", s.as_str()))
}

async fn requests(
    State(state): State<AppState>,
    headers: HeaderMap,
    query: Result<Query<RequestsQuery>, QueryRejection>,
) -> Response {
    let l = localizer(&headers);
    let q = query.map(|Query(q)| q).unwrap_or_default();
    let (id, session, principal) = match signed_in(&state, &headers, &l).await {
        Ok(s) => s,
        Err(r) => return r,
    };
    let Ok(reader) = principal.read_license_requests() else {
        return message(
            &l,
            StatusCode::FORBIDDEN,
            l.t("page-requests-app"),
            Some(&session),
        );
    };
    let decider = principal.decide_license_requests().is_ok();
    // Deciders start with what waits for them; a requester sees all of their own.
    let status = match q.status.as_str() {
        "" if decider => Some(LicenseRequestStatus::Pending),
        "" | "all" => None,
        s => match LicenseRequestStatus::parse(s) {
            Some(s) => Some(s),
            None => {
                return message(
                    &l,
                    StatusCode::BAD_REQUEST,
                    l.t("page-bad-request"),
                    Some(&session),
                );
            }
        },
    };
    let Ok(before) = cursor(&q.before) else {
        return message(
            &l,
            StatusCode::BAD_REQUEST,
            l.t("page-bad-request"),
            Some(&session),
        );
    };
    let now = state.clock().now();
    let query = LicenseRequestQuery {
        status,
        before,
        limit: PAGE + 1,
        ..LicenseRequestQuery::default()
    };
    let mut records = match state.store().license_requests(&reader, &query, now).await {
        Ok(r) => r,
        Err(e) => return unavailable(&l, &session, "license requests", &e),
    };
    let next = one_page(&mut records, |r| r.id);
    let rows = records
        .into_iter()
        .map(|r| {
            let s = r.status(now);
            RequestRow {
                id: r.id.to_string(),
                product: format!("{} ({})", r.product_name, r.product_id),
                requester: r
                    .requester_upn
                    .clone()
                    .unwrap_or_else(|| r.requester_oid.to_string()),
                message: r.message.unwrap_or_default(),
                status: s.as_str(),
                status_label: status_label(&l, s),
                filed: rfc3339(Some(r.created_at)).unwrap_or_default(),
                decided_by: r
                    .decided_by_upn
                    .or(r.decided_by_oid.map(|o| o.to_string()))
                    .unwrap_or_default(),
                decision_message: r.decision_message.unwrap_or_default(),
            }
        })
        .collect();
    let mut products: Vec<(String, String)> = match state.store().catalog_products().await {
        Ok(c) => c
            .into_iter()
            .filter(|p| !p.retired)
            .map(|p| (p.product.id.to_string(), p.product.name))
            .collect(),
        Err(e) => return unavailable(&l, &session, "the catalog", &e),
    };
    products.sort_by(|a, b| a.1.cmp(&b.1));
    let own_process = match state
        .store()
        .license_request_settings(reader.tenant())
        .await
    {
        Ok(s) => s
            .filter(|s| s.process == RequestProcess::Custom)
            .map(|s| (s.message.unwrap_or_default(), s.url)),
        Err(e) => return unavailable(&l, &session, "the request settings", &e),
    };
    let flash = state.sessions().take_flash(&id, now).await;
    let statuses = LicenseRequestStatus::ALL
        .into_iter()
        .map(|s| (s.as_str(), status_label(&l, s)))
        .collect();
    render(
        StatusCode::OK,
        &RequestsPage {
            l: &l,
            langs: languages(),
            user: &session.user,
            csrf: &session.csrf,
            flash,
            decider,
            reader: principal.read().is_ok(),
            status: status.map_or("all", LicenseRequestStatus::as_str),
            statuses,
            rows,
            products,
            own_process,
            next,
        },
    )
}

#[derive(Debug, Deserialize)]
struct FileForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    product: String,
    #[serde(default)]
    message: String,
}

/// The POST of a page, then back to `/requests` with the line to show once.
async fn done(state: &AppState, id: &str, ok: bool, text: String) -> Response {
    state
        .sessions()
        .set_flash(id, Flash { ok, text }, state.clock().now())
        .await;
    see_other("/requests")
}

async fn file_request(
    State(state): State<AppState>,
    headers: HeaderMap,
    form: Result<Form<FileForm>, FormRejection>,
) -> Response {
    let l = localizer(&headers);
    let (form, id, session) = match posted(&state, &headers, &l, form).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    let principal = match caller(&state, &l, &id, &session).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    let Ok(grant) = principal.request_license() else {
        return message(
            &l,
            StatusCode::FORBIDDEN,
            l.t("page-requests-app"),
            Some(&session),
        );
    };
    let Ok(product) = form.product.trim().parse::<ProductId>() else {
        return message(
            &l,
            StatusCode::BAD_REQUEST,
            l.t("page-request-pick"),
            Some(&session),
        );
    };
    let Ok(text) = license_request::message(Some(&form.message)) else {
        return message(
            &l,
            StatusCode::BAD_REQUEST,
            l.t("page-request-message-bad"),
            Some(&session),
        );
    };
    let new = mscommerce_store::NewLicenseRequest {
        id: Uuid::now_v7(),
        at: state.clock().now(),
        product,
        message: text,
    };
    match state
        .store()
        .file_license_request(&grant, PolicyId::AllowSelfServicePurchase, &new)
        .await
    {
        Ok(r) => {
            let mut args = FluentArgs::new();
            args.set("product", r.product_name);
            done(&state, &id, true, l.t_args("page-request-sent", &args)).await
        }
        Err(e) => store_failure(&l, &session, e),
    }
}

impl Posted for FileForm {
    fn csrf(&self) -> &str {
        &self.csrf
    }
}

impl Posted for DecideForm {
    fn csrf(&self) -> &str {
        &self.csrf
    }
}

#[derive(Debug, Deserialize)]
struct DecideForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    message: String,
}

async fn decide(
    State(state): State<AppState>,
    Extension(ids): Extension<RequestIds>,
    headers: HeaderMap,
    Path((request, decision)): Path<(String, String)>,
    form: Result<Form<DecideForm>, FormRejection>,
) -> Response {
    let l = localizer(&headers);
    let (form, id, session) = match posted(&state, &headers, &l, form).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    let principal = match caller(&state, &l, &id, &session).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    let Ok(grant) = principal.decide_license_requests() else {
        return message(
            &l,
            StatusCode::FORBIDDEN,
            l.t("page-requests-not-decider"),
            Some(&session),
        );
    };
    let decision = match decision.as_str() {
        "approve" => RequestDecision::Approve,
        "deny" => RequestDecision::Deny,
        _ => {
            return message(
                &l,
                StatusCode::NOT_FOUND,
                l.t("page-request-gone"),
                Some(&session),
            );
        }
    };
    let Ok(request) = Uuid::parse_str(&request) else {
        return message(
            &l,
            StatusCode::NOT_FOUND,
            l.t("page-request-gone"),
            Some(&session),
        );
    };
    let Ok(text) = license_request::message(Some(&form.message)) else {
        return message(
            &l,
            StatusCode::BAD_REQUEST,
            l.t("page-request-message-bad"),
            Some(&session),
        );
    };
    match state
        .store()
        .decide_license_request(&grant, request, decision, text, &context(&state, ids))
        .await
    {
        Ok(r) => {
            let mut args = FluentArgs::new();
            args.set("product", r.product_name);
            args.set(
                "requester",
                r.requester_upn
                    .unwrap_or_else(|| r.requester_oid.to_string()),
            );
            let key = match decision {
                RequestDecision::Approve => "page-request-did-approve",
                RequestDecision::Deny => "page-request-did-deny",
            };
            done(&state, &id, true, l.t_args(key, &args)).await
        }
        Err(mscommerce_store::StoreError::NotFound) => message(
            &l,
            StatusCode::NOT_FOUND,
            l.t("page-request-gone"),
            Some(&session),
        ),
        Err(e) => store_failure(&l, &session, e),
    }
}

// ---------------------------------------------------------------------------------------------
// Purchases

#[derive(Debug, Default, Deserialize)]
struct PurchasesQuery {
    #[serde(default)]
    product: String,
    #[serde(default)]
    user: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    before: String,
}

struct PurchaseRow {
    at: String,
    user: String,
    product: String,
    kind: String,
    quantity: u32,
    value: String,
}

#[derive(askama::Template)]
#[template(path = "page_purchases.html")]
struct PurchasesPage<'a> {
    l: &'a Localizer,
    langs: Vec<(&'static str, &'static str)>,
    user: &'a str,
    csrf: &'a str,
    q: &'a PurchasesQuery,
    kinds: Vec<(&'static str, String)>,
    rows: Vec<PurchaseRow>,
    filters: String,
    next: Option<String>,
}

fn kind_label(l: &Localizer, k: PurchaseEvent) -> String {
    l.t(&format!("page-purchase-{}", k.as_str()))
}

async fn purchases(
    State(state): State<AppState>,
    headers: HeaderMap,
    query: Result<Query<PurchasesQuery>, QueryRejection>,
) -> Response {
    let l = localizer(&headers);
    let q = query.map(|Query(q)| q).unwrap_or_default();
    let (_, session, principal) = match signed_in(&state, &headers, &l).await {
        Ok(s) => s,
        Err(r) => return r,
    };
    let Ok(grant) = principal.read() else {
        return see_other("/");
    };
    let bad = || {
        message(
            &l,
            StatusCode::BAD_REQUEST,
            l.t("page-purchases-bad-filter"),
            Some(&session),
        )
    };
    let product = match q.product.trim() {
        "" => None,
        p => match p.parse::<ProductId>() {
            Ok(p) => Some(p),
            Err(_) => return bad(),
        },
    };
    let event = match q.kind.as_str() {
        "" => None,
        k => match PurchaseEvent::parse(k) {
            Some(k) => Some(k),
            None => return bad(),
        },
    };
    let Ok(before) = cursor(&q.before) else {
        return bad();
    };
    let query = PurchaseQuery {
        product,
        user: Some(q.user.trim().to_owned()).filter(|u| !u.is_empty()),
        event,
        before,
        limit: PAGE + 1,
        ..PurchaseQuery::default()
    };
    let mut records = match state.store().purchases(&grant, &query).await {
        Ok(r) => r,
        Err(e) => return unavailable(&l, &session, "purchases", &e),
    };
    let next = one_page(&mut records, |r| r.id);
    let rows = records
        .into_iter()
        .map(|r| PurchaseRow {
            at: rfc3339(Some(r.at)).unwrap_or_default(),
            user: r.user_upn.unwrap_or_else(|| r.user_id.to_string()),
            product: format!("{} ({})", r.product_name, r.product_id),
            kind: kind_label(&l, r.event),
            quantity: r.quantity,
            value: l.t(super::value_key(r.policy_value)),
        })
        .collect();
    let kinds = PurchaseEvent::ALL
        .into_iter()
        .map(|k| (k.as_str(), kind_label(&l, k)))
        .collect();
    let filters = format!(
        "product={}&user={}&kind={}",
        super::enc(&q.product),
        super::enc(&q.user),
        super::enc(&q.kind)
    );
    render(
        StatusCode::OK,
        &PurchasesPage {
            l: &l,
            langs: languages(),
            user: &session.user,
            csrf: &session.csrf,
            q: &q,
            kinds,
            rows,
            filters,
            next,
        },
    )
}
