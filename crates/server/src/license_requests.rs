//! License requests: a user the policy blocks asks for a license (`POST /v1.0/licenseRequests`)
//! and sees their own requests; Global, Billing, License and User Administrators list them all
//! and approve or deny each once (journaled); a tenant may send its users to its own process
//! instead (`/v1.0/licenseRequestSettings`).

use axum::body::Bytes;
use axum::extract::{OriginalUri, Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Extension, Json};
use mscommerce_domain::license_request::{self, LicenseRequestStatus, RequestDecision};
use mscommerce_domain::{PolicyId, ProductId, RequestIds};
use mscommerce_proto::Items;
use mscommerce_proto::license::{
    LicenseRequest, LicenseRequestDecision, LicenseRequestSettings, NewLicenseRequest,
    RequestParty, RequestProcess,
};
use mscommerce_store::{LicenseRequestQuery, LicenseRequestRecord, WriteContext};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use uuid::Uuid;

use crate::api::{clip, json_body, not_found_as, product_not_found};
use crate::auth::Caller;
use crate::error::ApiFailure;
use crate::route_table::RouteTable;
use crate::state::AppState;

const PARAMS: &str = "status (pending, approved, denied, expired), productId, requester (object id or sign-in name), since, until (RFC 3339), top (1-1000), skipToken";

pub(crate) fn routes() -> RouteTable {
    RouteTable::new()
        .route(
            "/v1.0/licenseRequests",
            get(list_requests).post(file_request),
        )
        .route("/v1/licenseRequests", get(list_requests).post(file_request))
        .route("/v1.0/licenseRequests/{id}", get(get_request))
        .route("/v1/licenseRequests/{id}", get(get_request))
        .route("/v1.0/licenseRequests/{id}/approve", post(approve_request))
        .route("/v1/licenseRequests/{id}/approve", post(approve_request))
        .route("/v1.0/licenseRequests/{id}/deny", post(deny_request))
        .route("/v1/licenseRequests/{id}/deny", post(deny_request))
        .route(
            "/v1.0/licenseRequestSettings",
            get(get_settings).put(put_settings),
        )
        .route(
            "/v1/licenseRequestSettings",
            get(get_settings).put(put_settings),
        )
}

/// A message from a person: trimmed, at most [`license_request::MAX_MESSAGE`] characters;
/// an empty one is none.
fn message(m: Option<&str>) -> Result<Option<String>, ApiFailure> {
    license_request::message(m).map_err(|e| ApiFailure::bad_request(format!("{e}.")))
}

fn request_id(id: &str) -> Result<Uuid, ApiFailure> {
    Uuid::parse_str(id).map_err(|_| {
        ApiFailure::NotFound(format!(
            "There is no license request '{}'. List them with GET /v1.0/licenseRequests (mscommerce get-license-requests).",
            clip(id)
        ))
    })
}

fn not_found(id: Uuid) -> ApiFailure {
    ApiFailure::NotFound(format!(
        "There is no license request {id} that you may see. List them with GET /v1.0/licenseRequests (mscommerce get-license-requests)."
    ))
}

fn time(t: OffsetDateTime) -> String {
    t.format(&Rfc3339).unwrap_or_default()
}

fn wire(r: LicenseRequestRecord, now: OffsetDateTime) -> LicenseRequest {
    LicenseRequest {
        status: r.status(now),
        id: r.id.to_string(),
        tenant_id: r.tenant.to_string(),
        product_id: r.product_id.to_string(),
        product_name: r.product_name,
        requester: RequestParty {
            object_id: r.requester_oid.to_string(),
            user_principal_name: r.requester_upn,
        },
        message: r.message,
        created_date_time: time(r.created_at),
        expiration_date_time: time(r.expires_at),
        decided_date_time: r.decided_at.map(time),
        decided_by: r.decided_by_oid.map(|oid| RequestParty {
            object_id: oid.to_string(),
            user_principal_name: r.decided_by_upn,
        }),
        decision_message: r.decision_message,
    }
}

#[utoipa::path(
    post,
    path = "/v1.0/licenseRequests",
    tag = "licenseRequests",
    summary = "Ask for a license",
    description = "For any signed-in user (delegated token), in their own tenant: a request for `productId` (current or legacy id) with an optional `message` (up to 1000 characters) that the tenant's admins see. Refused with 409 when the user's request for the product is pending already (`RequestPending`), or when the tenant takes requests through its own process (`CustomRequestProcess`: the answer says where). A request expires after 12 months.",
    request_body = NewLicenseRequest,
    responses(
        (status = 201, description = "Filed.", body = LicenseRequest),
        (status = 400, response = crate::openapi::shared::BadRequest),
        (status = 401, response = crate::openapi::shared::Unauthorized),
        (status = 403, response = crate::openapi::shared::Forbidden),
        (status = 404, response = crate::openapi::shared::NotFound),
        (status = 409, description = "Pending already, or the tenant's own process takes requests.", body = mscommerce_proto::ApiError),
        (status = 415, response = crate::openapi::shared::UnsupportedMediaType),
    ),
)]
pub(crate) async fn file_request(
    State(state): State<AppState>,
    Caller(principal): Caller,
    headers: HeaderMap,
    bytes: Bytes,
) -> Result<Response, ApiFailure> {
    let grant = principal.request_license().map_err(ApiFailure::Forbidden)?;
    let request: NewLicenseRequest = json_body(
        &headers,
        &bytes,
        "a license request",
        "Send {\"productId\": ID}, optionally with \"message\".",
    )?;
    let new = mscommerce_store::NewLicenseRequest {
        id: Uuid::now_v7(),
        at: state.clock().now(),
        product: request.product_id.clone(),
        message: message(request.message.as_deref())?,
    };
    let record = state
        .store()
        .file_license_request(&grant, PolicyId::AllowSelfServicePurchase, &new)
        .await
        .map_err(|e| not_found_as(e, || product_not_found(&request.product_id)))?;
    Ok((StatusCode::CREATED, Json(wire(record, new.at))).into_response())
}

#[utoipa::path(
    get,
    path = "/v1.0/licenseRequests",
    tag = "licenseRequests",
    summary = "List license requests",
    description = "Global, Billing, License and User Administrators see the tenant's requests; any other user sees their own only. Newest first; filters `status`, `productId`, `requester`, `since`/`until` (when filed); `top` and `nextLink`.",
    params(
        ("status" = Option<LicenseRequestStatus>, Query, description = "Only requests in this state."),
        ("productId" = Option<String>, Query, description = "Only requests for this product."),
        ("requester" = Option<String>, Query, description = "Only this user's requests: object id or sign-in name."),
        ("since" = Option<String>, Query),
        ("until" = Option<String>, Query),
        ("top" = Option<u32>, Query),
        ("skipToken" = Option<String>, Query),
    ),
    responses(
        (status = 200, description = "A page of requests.", body = Items<LicenseRequest>),
        (status = 400, response = crate::openapi::shared::BadRequest),
        (status = 401, response = crate::openapi::shared::Unauthorized),
        (status = 403, response = crate::openapi::shared::Forbidden),
    ),
)]
pub(crate) async fn list_requests(
    State(state): State<AppState>,
    Caller(principal): Caller,
    OriginalUri(uri): OriginalUri,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Result<Response, ApiFailure> {
    let reader = principal
        .read_license_requests()
        .map_err(ApiFailure::Forbidden)?;
    let mut query = LicenseRequestQuery::default();
    let list = crate::paging::parse(
        pairs,
        "The license request list",
        PARAMS,
        "id",
        &mut |name, value| {
            Ok(Some(match name {
                "status" => {
                    query.status = Some(LicenseRequestStatus::parse(value).ok_or_else(|| {
                        ApiFailure::bad_request(format!(
                            "status must be pending, approved, denied or expired, not '{}'.",
                            clip(value)
                        ))
                    })?);
                    "status"
                }
                "productId" => {
                    let id: ProductId = value
                        .parse()
                        .map_err(|e| ApiFailure::bad_request(format!("productId: {e}.")))?;
                    query.product = Some(id);
                    "productId"
                }
                "requester" => {
                    let who = value.trim();
                    if who.is_empty() || who.len() > 256 {
                        return Err(ApiFailure::bad_request(
                            "requester must be a user's object id or sign-in name (1 to 256 characters).",
                        ));
                    }
                    query.requester = Some(who.to_owned());
                    "requester"
                }
                _ => return Ok(None),
            }))
        },
    )?;
    query.since = list.since;
    query.until = list.until;
    query.limit = list.read_limit();
    query.before = list.uuid_cursor()?;
    let now = state.clock().now();
    let records = state.store().license_requests(&reader, &query, now).await?;
    let (records, next_link) = list.page(records, state.public_url(), uri.path(), "id", |r| {
        r.id.to_string()
    });
    let items = records.into_iter().map(|r| wire(r, now)).collect();
    Ok(Json(Items { items, next_link }).into_response())
}

#[utoipa::path(
    get,
    path = "/v1.0/licenseRequests/{id}",
    tag = "licenseRequests",
    summary = "Show one license request",
    description = "Its requester, and those who decide requests, may see it; for anyone else it does not exist (404).",
    params(("id", Path)),
    responses(
        (status = 200, description = "The request.", body = LicenseRequest),
        (status = 401, response = crate::openapi::shared::Unauthorized),
        (status = 403, response = crate::openapi::shared::Forbidden),
        (status = 404, response = crate::openapi::shared::NotFound),
    ),
)]
pub(crate) async fn get_request(
    State(state): State<AppState>,
    Caller(principal): Caller,
    Path(id): Path<String>,
) -> Result<Response, ApiFailure> {
    let reader = principal
        .read_license_requests()
        .map_err(ApiFailure::Forbidden)?;
    let id = request_id(&id)?;
    let record = state
        .store()
        .license_request(&reader, id)
        .await?
        .ok_or_else(|| not_found(id))?;
    Ok(Json(wire(record, state.clock().now())).into_response())
}

async fn decide(
    state: AppState,
    principal: std::sync::Arc<mscommerce_domain::Principal>,
    ids: RequestIds,
    id: String,
    headers: HeaderMap,
    bytes: Bytes,
    decision: RequestDecision,
) -> Result<Response, ApiFailure> {
    let grant = principal
        .decide_license_requests()
        .map_err(ApiFailure::Forbidden)?;
    let id = request_id(&id)?;
    // The body is optional: none, or {"message": "..."}.
    let said: LicenseRequestDecision = if bytes.iter().all(u8::is_ascii_whitespace) {
        LicenseRequestDecision::default()
    } else {
        json_body(
            &headers,
            &bytes,
            "a decision",
            "Send nothing, or {\"message\": TEXT} for the requester.",
        )?
    };
    let ctx = WriteContext {
        at: state.clock().now(),
        ids,
        audit_id: Uuid::now_v7(),
    };
    let record = state
        .store()
        .decide_license_request(
            &grant,
            id,
            decision,
            message(said.message.as_deref())?,
            &ctx,
        )
        .await
        .map_err(|e| not_found_as(e, || not_found(id)))?;
    Ok(Json(wire(record, ctx.at)).into_response())
}

#[utoipa::path(
    post,
    path = "/v1.0/licenseRequests/{id}/approve",
    tag = "licenseRequests",
    summary = "Approve a license request",
    description = "For Global, Billing, License and User Administrators. Only a pending request, once (409 `RequestNotPending` otherwise). An optional `message` reaches the requester. Journaled (target `licenseRequest`, reason `Approved`). Assigning the license itself happens where licenses are assigned.",
    params(("id", Path)),
    request_body(content = Option<LicenseRequestDecision>, description = "Optional."),
    responses(
        (status = 200, description = "Approved.", body = LicenseRequest),
        (status = 400, response = crate::openapi::shared::BadRequest),
        (status = 401, response = crate::openapi::shared::Unauthorized),
        (status = 403, response = crate::openapi::shared::Forbidden),
        (status = 404, response = crate::openapi::shared::NotFound),
        (status = 409, description = "The request is no longer pending.", body = mscommerce_proto::ApiError),
    ),
)]
pub(crate) async fn approve_request(
    State(state): State<AppState>,
    Caller(principal): Caller,
    Extension(ids): Extension<RequestIds>,
    Path(id): Path<String>,
    headers: HeaderMap,
    bytes: Bytes,
) -> Result<Response, ApiFailure> {
    decide(
        state,
        principal,
        ids,
        id,
        headers,
        bytes,
        RequestDecision::Approve,
    )
    .await
}

#[utoipa::path(
    post,
    path = "/v1.0/licenseRequests/{id}/deny",
    tag = "licenseRequests",
    summary = "Deny a license request",
    description = "As approving, with reason `Denied`.",
    params(("id", Path)),
    request_body(content = Option<LicenseRequestDecision>, description = "Optional."),
    responses(
        (status = 200, description = "Denied.", body = LicenseRequest),
        (status = 400, response = crate::openapi::shared::BadRequest),
        (status = 401, response = crate::openapi::shared::Unauthorized),
        (status = 403, response = crate::openapi::shared::Forbidden),
        (status = 404, response = crate::openapi::shared::NotFound),
        (status = 409, description = "The request is no longer pending.", body = mscommerce_proto::ApiError),
    ),
)]
pub(crate) async fn deny_request(
    State(state): State<AppState>,
    Caller(principal): Caller,
    Extension(ids): Extension<RequestIds>,
    Path(id): Path<String>,
    headers: HeaderMap,
    bytes: Bytes,
) -> Result<Response, ApiFailure> {
    decide(
        state,
        principal,
        ids,
        id,
        headers,
        bytes,
        RequestDecision::Deny,
    )
    .await
}

#[utoipa::path(
    get,
    path = "/v1.0/licenseRequestSettings",
    tag = "licenseRequests",
    summary = "How the tenant's users ask for licenses",
    description = "For any signed-in user of the tenant: `builtIn` (here), or `custom` with the message and link of the tenant's own process.",
    responses(
        (status = 200, description = "The settings.", body = LicenseRequestSettings),
        (status = 401, response = crate::openapi::shared::Unauthorized),
        (status = 403, response = crate::openapi::shared::Forbidden),
    ),
)]
pub(crate) async fn get_settings(
    State(state): State<AppState>,
    Caller(principal): Caller,
) -> Result<Response, ApiFailure> {
    let reader = principal
        .read_license_requests()
        .map_err(ApiFailure::Forbidden)?;
    let settings = state
        .store()
        .license_request_settings(reader.tenant())
        .await?
        .unwrap_or(LicenseRequestSettings {
            process: RequestProcess::BuiltIn,
            message: None,
            url: None,
        });
    Ok(Json(settings).into_response())
}

#[utoipa::path(
    put,
    path = "/v1.0/licenseRequestSettings",
    tag = "licenseRequests",
    summary = "Choose how the tenant's users ask for licenses",
    description = "For Global and Billing Administrators. `custom` needs an `https` `url` (and may add a `message`, up to 1000 characters): users are then sent there, and filing a request here answers 409 with both.",
    request_body = LicenseRequestSettings,
    responses(
        (status = 200, description = "Set.", body = LicenseRequestSettings),
        (status = 400, response = crate::openapi::shared::BadRequest),
        (status = 401, response = crate::openapi::shared::Unauthorized),
        (status = 403, response = crate::openapi::shared::Forbidden),
        (status = 415, response = crate::openapi::shared::UnsupportedMediaType),
    ),
)]
pub(crate) async fn put_settings(
    State(state): State<AppState>,
    Caller(principal): Caller,
    headers: HeaderMap,
    bytes: Bytes,
) -> Result<Response, ApiFailure> {
    let grant = principal.write().map_err(ApiFailure::Forbidden)?;
    let shape = "Send {\"process\": \"builtIn\"}, or {\"process\": \"custom\", \"url\": \"https://...\", \"message\": TEXT}.";
    let mut settings: LicenseRequestSettings =
        json_body(&headers, &bytes, "request settings", shape)?;
    settings.message = message(settings.message.as_deref())?;
    settings.url = settings
        .url
        .map(|u| u.trim().to_owned())
        .filter(|u| !u.is_empty());
    match (&settings.process, &settings.url) {
        (RequestProcess::BuiltIn, _) => {
            settings.url = None;
            settings.message = None;
        }
        (RequestProcess::Custom, None) => {
            return Err(ApiFailure::bad_request(format!(
                "A custom process needs the url where users ask. {shape}"
            )));
        }
        (RequestProcess::Custom, Some(url)) => {
            let ok = url.len() <= 2000
                && url::Url::parse(url).is_ok_and(|u| u.scheme() == "https" && u.host().is_some());
            if !ok {
                return Err(ApiFailure::bad_request(format!(
                    "url must be an https address of at most 2000 characters, not '{}'.",
                    clip(url)
                )));
            }
        }
    }
    state
        .store()
        .set_license_request_settings(&grant, &settings, state.clock().now())
        .await?;
    Ok(Json(settings).into_response())
}
