//! What storefronts record, and what admins see of it: `POST /v1.0/selfServicePurchases` (a
//! storefront application, for any tenant: checked against the tenant's policy at that moment,
//! 409 when it denies) and `GET /v1.0/selfServicePurchases` (the tenant's admins and readers,
//! newest first, filtered and paged, as JSON or CSV).

use axum::body::Bytes;
use axum::extract::{OriginalUri, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use mscommerce_domain::purchase::PurchaseEvent;
use mscommerce_domain::{PolicyId, ProductId};
use mscommerce_proto::Items;
use mscommerce_proto::purchase::{RecordPurchase, SelfServicePurchase};
use mscommerce_store::{NewPurchase, PurchaseQuery, PurchaseRecord};
use time::format_description::well_known::Rfc3339;
use uuid::Uuid;

use crate::api::{clip, json_body, not_found_as, product_not_found};
use crate::auth::Caller;
use crate::error::ApiFailure;
use crate::route_table::RouteTable;
use crate::state::AppState;

/// The most licenses one record may hold.
const MAX_QUANTITY: u32 = 10_000;

const SHAPE: &str = "Send {\"tenantId\": GUID, \"userId\": GUID, \"productId\": ID, \"kind\": \"trialStarted\", \"purchaseMade\", \"trialConverted\" or \"subscriptionCancelled\"}, optionally with \"quantity\" (1 to 10000), \"hasPaymentMethod\" and \"userPrincipalName\".";

const PARAMS: &str = "productId, userId (object id or sign-in name), kind, since, until (RFC 3339), top (1-1000), skipToken";

pub(crate) fn routes() -> RouteTable {
    RouteTable::new()
        .route(
            "/v1.0/selfServicePurchases",
            get(list_purchases).post(record_purchase),
        )
        .route(
            "/v1/selfServicePurchases",
            get(list_purchases).post(record_purchase),
        )
}

#[utoipa::path(
    post,
    path = "/v1.0/selfServicePurchases",
    tag = "purchases",
    summary = "Record a purchase, a trial, a conversion or a cancellation",
    description = "For storefront applications (app-only token with `SelfServicePurchase.Evaluate.All`), for any tenant. The record is checked against the tenant's policy at that moment, in the same transaction: a trial started as `POST .../evaluate` would decide a trial (with `hasPaymentMethod`), a purchase or a trial converted as a purchase, and a cancellation is always recorded. What the policy denies is refused with 409 `PurchaseDenied` and nothing is recorded. A legacy product id records the current product.",
    request_body = RecordPurchase,
    responses(
        (status = 201, description = "Recorded.", body = SelfServicePurchase),
        (status = 400, response = crate::openapi::shared::BadRequest),
        (status = 403, response = crate::openapi::shared::Forbidden),
        (status = 404, response = crate::openapi::shared::NotFound),
        (status = 409, description = "The tenant's policy denies it now (`PurchaseDenied`): nothing was recorded.",
            body = mscommerce_proto::ApiError),
        (status = 415, response = crate::openapi::shared::UnsupportedMediaType),
    ),
)]
pub(crate) async fn record_purchase(
    State(state): State<AppState>,
    Caller(principal): Caller,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiFailure> {
    let request: RecordPurchase = json_body(&headers, &body, "a purchase record", SHAPE)?;
    if !(1..=MAX_QUANTITY).contains(&request.quantity) {
        return Err(ApiFailure::bad_request(format!(
            "quantity must be from 1 to {MAX_QUANTITY}, not {}.",
            request.quantity
        )));
    }
    if let Some(upn) = &request.user_principal_name
        && (upn.trim().is_empty() || upn.len() > 256 || upn.chars().any(char::is_control))
    {
        return Err(ApiFailure::bad_request(
            "userPrincipalName must be a sign-in name of 1 to 256 printable characters, or left out.",
        ));
    }
    let grant = principal
        .record_purchases(request.tenant_id)
        .map_err(ApiFailure::Forbidden)?;
    let new = NewPurchase {
        id: Uuid::now_v7(),
        at: state.clock().now(),
        user_id: request.user_id,
        user_upn: request.user_principal_name.map(|u| u.trim().to_owned()),
        product: request.product_id.clone(),
        event: request.kind,
        quantity: request.quantity,
        has_payment_method: request.has_payment_method,
    };
    let record = state
        .store()
        .record_purchase(&grant, PolicyId::AllowSelfServicePurchase, &new)
        .await
        .map_err(|e| not_found_as(e, || product_not_found(&request.product_id)))?;
    Ok((StatusCode::CREATED, axum::Json(wire(record))).into_response())
}

#[utoipa::path(
    get,
    path = "/v1.0/selfServicePurchases",
    tag = "purchases",
    summary = "List the purchases and trials of the caller's tenant",
    description = "Newest first, for Global and Billing Administrators, Global Readers and apps with a policy permission. Filters: `productId` (a legacy id finds its product's records), `userId` (object id or sign-in name), `kind`, `since`/`until` (RFC 3339); `top` (1-1000, default 100) and `nextLink`. With `Accept: text/csv`, the same page as CSV (the next page's link in a `Link` header).",
    params(
        ("productId" = Option<String>, Query, description = "Only this product."),
        ("userId" = Option<String>, Query, description = "Only this user: object id or sign-in name."),
        ("kind" = Option<PurchaseEvent>, Query, description = "Only this kind of event."),
        ("since" = Option<String>, Query),
        ("until" = Option<String>, Query),
        ("top" = Option<u32>, Query),
        ("skipToken" = Option<String>, Query),
    ),
    responses(
        (status = 200, description = "A page of records.", body = Items<SelfServicePurchase>),
        (status = 400, response = crate::openapi::shared::BadRequest),
        (status = 401, response = crate::openapi::shared::Unauthorized),
        (status = 403, response = crate::openapi::shared::Forbidden),
    ),
)]
pub(crate) async fn list_purchases(
    State(state): State<AppState>,
    Caller(principal): Caller,
    OriginalUri(uri): OriginalUri,
    headers: HeaderMap,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Result<Response, ApiFailure> {
    let grant = principal.read().map_err(ApiFailure::Forbidden)?;
    let mut query = PurchaseQuery::default();
    let list = crate::paging::parse(
        pairs,
        "The purchase list",
        PARAMS,
        "id",
        &mut |name, value| {
            Ok(Some(match name {
                "productId" => {
                    let id: ProductId = value
                        .parse()
                        .map_err(|e| ApiFailure::bad_request(format!("productId: {e}.")))?;
                    query.product = Some(id);
                    "productId"
                }
                "userId" => {
                    let user = value.trim();
                    if user.is_empty() || user.len() > 256 {
                        return Err(ApiFailure::bad_request(
                            "userId must be a user's object id or sign-in name (1 to 256 characters).",
                        ));
                    }
                    query.user = Some(user.to_owned());
                    "userId"
                }
                "kind" => {
                    query.event = Some(PurchaseEvent::parse(value).ok_or_else(|| {
                        ApiFailure::bad_request(format!(
                            "kind must be one of trialStarted, purchaseMade, trialConverted, subscriptionCancelled, not '{}'.",
                            clip(value)
                        ))
                    })?);
                    "kind"
                }
                _ => return Ok(None),
            }))
        },
    )?;
    query.since = list.since;
    query.until = list.until;
    query.limit = list.read_limit();
    query.before = list.uuid_cursor()?;
    let records = state.store().purchases(&grant, &query).await?;
    let (records, next_link) = list.page(records, state.public_url(), uri.path(), "id", |r| {
        r.id.to_string()
    });
    let items: Vec<SelfServicePurchase> = records.into_iter().map(wire).collect();
    if wants_csv(&headers) {
        return csv(&items, next_link.as_deref());
    }
    Ok(axum::Json(Items { items, next_link }).into_response())
}

fn wire(r: PurchaseRecord) -> SelfServicePurchase {
    SelfServicePurchase {
        id: r.id.to_string(),
        time: r.at.format(&Rfc3339).unwrap_or_default(),
        tenant_id: r.tenant.to_string(),
        user_id: r.user_id.to_string(),
        user_principal_name: r.user_upn,
        product_id: r.product_id.to_string(),
        product_name: r.product_name,
        kind: r.event,
        quantity: r.quantity,
        has_payment_method: r.has_payment_method,
        recorded_by: r.recorded_by,
        policy_value: r.policy_value,
    }
}

/// `Accept: text/csv` (and not JSON before it).
fn wants_csv(headers: &HeaderMap) -> bool {
    headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .and_then(|accept| {
            accept
                .split(',')
                .map(|m| m.split(';').next().unwrap_or("").trim())
                .find(|m| {
                    m.eq_ignore_ascii_case("text/csv") || m.eq_ignore_ascii_case("application/json")
                })
        })
        .is_some_and(|m| m.eq_ignore_ascii_case("text/csv"))
}

fn csv(items: &[SelfServicePurchase], next_link: Option<&str>) -> Result<Response, ApiFailure> {
    let failed = |e: csv::Error| ApiFailure::Internal(format!("cannot write CSV: {e}"));
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(SelfServicePurchase::CSV_HEADERS)
        .map_err(failed)?;
    for p in items {
        w.write_record(p.csv_row()).map_err(failed)?;
    }
    let body = w
        .into_inner()
        .map_err(|e| ApiFailure::Internal(format!("cannot write CSV: {e}")))?;
    let mut response = (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/csv; charset=utf-8"),
        )],
        body,
    )
        .into_response();
    if let Some(link) = next_link
        && let Ok(v) = HeaderValue::from_str(&format!("<{link}>; rel=\"next\""))
    {
        response.headers_mut().insert(header::LINK, v);
    }
    Ok(response)
}
