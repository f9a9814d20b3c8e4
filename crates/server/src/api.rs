//! The licensing API of licensing-api.md, under `/v1.0` and `/v1`.
//!
//! Order of checks on every route: token (401), path syntax (400), policy id (404), role (403,
//! journaled for writes), media type (415), body (400), then the store (404, 412, 400). The
//! tenant always comes from the verified token.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Extension, Router};
use mscommerce_domain::{
    AuditEntry, AuditResult, AuditTarget, Denied, ETag, IfMatch, OfferType, PolicyId, ProductId,
    RequestIds,
};
use mscommerce_proto::{
    Items, OfferTypePolicy, Policy, PolicyUpdate, ProductPolicy, SCOPE_OFFER_TYPE, SCOPE_PRODUCT,
};
use mscommerce_store::{OfferTypePolicyRecord, ProductPolicyRecord, WriteContext};
use serde::Deserialize;
use uuid::Uuid;

use crate::auth::Caller;
use crate::error::ApiFailure;
use crate::state::AppState;

/// The API routes, to be nested under each version prefix.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/policies", get(list_policies))
        .route("/policies/{policy}", get(get_policy))
        .route("/policies/{policy}/products", get(list_products))
        .route(
            "/policies/{policy}/products/{product}",
            get(get_product).put(put_product),
        )
        .route(
            "/policies/{policy}/offerTypes/{offer_type}",
            get(get_offer_type).put(put_offer_type),
        )
}

fn parse_policy(p: &str) -> Result<PolicyId, ApiFailure> {
    PolicyId::parse(p).ok_or_else(|| {
        ApiFailure::NotFound(format!(
            "There is no policy '{}'. The known policy is {}.",
            clip(p),
            mscommerce_proto::ALLOW_SELF_SERVICE_PURCHASE
        ))
    })
}

fn parse_product(id: &str) -> Result<ProductId, ApiFailure> {
    id.parse()
        .map_err(|e| ApiFailure::bad_request(format!("{e}.")))
}

fn parse_offer_type(id: &str) -> Result<OfferType, ApiFailure> {
    id.parse()
        .map_err(|e| ApiFailure::bad_request(format!("{e}.")))
}

/// What we quote back of a client's input.
fn clip(s: &str) -> String {
    s.chars().take(80).collect()
}

fn product_not_found(id: &ProductId) -> ApiFailure {
    ApiFailure::NotFound(format!(
        "There is no product with id '{id}'. List the products and their ids with GET /v1.0/policies/AllowSelfServicePurchase/products (mscommerce get-product-policies)."
    ))
}

fn offer_type_not_found(id: &OfferType) -> ApiFailure {
    ApiFailure::NotFound(format!(
        "There is no offer type '{id}'. List them with GET /v1.0/policies/AllowSelfServicePurchase/products?scope=OfferType (mscommerce get-product-policies --scope offer-type)."
    ))
}

fn product_json(policy: PolicyId, r: ProductPolicyRecord, in_list: bool) -> ProductPolicy {
    ProductPolicy {
        policy_id: policy.as_str().to_owned(),
        policy_value: r.value,
        scope: in_list.then(|| SCOPE_PRODUCT.to_owned()),
        product_name: r.product_name,
        product_id: r.product_id.to_string(),
    }
}

fn offer_type_json(policy: PolicyId, r: OfferTypePolicyRecord) -> OfferTypePolicy {
    OfferTypePolicy {
        policy_id: policy.as_str().to_owned(),
        policy_value: r.value,
        scope: SCOPE_OFFER_TYPE.to_owned(),
        scope_id: r.offer_type.to_string(),
        scope_value: r.description,
    }
}

fn with_etag<T: serde::Serialize>(etag: &ETag, body: T) -> Response {
    let mut response = Json(body).into_response();
    if let Ok(v) = HeaderValue::from_str(&etag.header_value()) {
        response.headers_mut().insert(header::ETAG, v);
    }
    response
}

async fn list_policies(
    State(state): State<AppState>,
    Caller(principal): Caller,
) -> Result<Json<Items<Policy>>, ApiFailure> {
    let grant = principal.read().map_err(ApiFailure::Forbidden)?;
    let mut items = Vec::new();
    for policy in PolicyId::ALL {
        let record = state.store().policy(&grant, policy).await?;
        items.push(Policy {
            id: policy.as_str().to_owned(),
            description: policy.description().to_owned(),
            default_value: record.default_value,
        });
    }
    Ok(Json(Items::new(items)))
}

async fn get_policy(
    State(state): State<AppState>,
    Caller(principal): Caller,
    Path(policy): Path<String>,
) -> Result<Response, ApiFailure> {
    let policy = parse_policy(&policy)?;
    let grant = principal.read().map_err(ApiFailure::Forbidden)?;
    let record = state.store().policy(&grant, policy).await?;
    Ok(with_etag(
        &record.etag,
        Policy {
            id: policy.as_str().to_owned(),
            description: policy.description().to_owned(),
            default_value: record.default_value,
        },
    ))
}

#[derive(Debug, Deserialize)]
struct ScopeQuery {
    scope: Option<String>,
}

async fn list_products(
    State(state): State<AppState>,
    Caller(principal): Caller,
    Path(policy): Path<String>,
    Query(query): Query<ScopeQuery>,
) -> Result<Response, ApiFailure> {
    let policy = parse_policy(&policy)?;
    let grant = principal.read().map_err(ApiFailure::Forbidden)?;
    let scope = query.scope.as_deref().unwrap_or(SCOPE_PRODUCT);
    if scope.eq_ignore_ascii_case(SCOPE_PRODUCT) {
        let items = state.store().product_policies(&grant, policy).await?;
        let items = items
            .into_iter()
            .map(|r| product_json(policy, r, true))
            .collect();
        Ok(Json(Items::new(items)).into_response())
    } else if scope.eq_ignore_ascii_case(SCOPE_OFFER_TYPE) {
        let items = state.store().offer_type_policies(&grant, policy).await?;
        let items = items
            .into_iter()
            .map(|r| offer_type_json(policy, r))
            .collect::<Vec<_>>();
        Ok(Json(Items::new(items)).into_response())
    } else {
        Err(ApiFailure::bad_request(format!(
            "Invalid scope. '{}' is not a scope; use scope=product (the default) or scope=OfferType.",
            clip(scope)
        )))
    }
}

async fn get_product(
    State(state): State<AppState>,
    Caller(principal): Caller,
    Path((policy, product)): Path<(String, String)>,
) -> Result<Response, ApiFailure> {
    let product = parse_product(&product)?;
    let policy = parse_policy(&policy)?;
    let grant = principal.read().map_err(ApiFailure::Forbidden)?;
    let record = state
        .store()
        .product_policy(&grant, policy, &product)
        .await
        .map_err(|e| not_found_as(e, || product_not_found(&product)))?;
    let etag = record.etag.clone();
    Ok(with_etag(&etag, product_json(policy, record, false)))
}

async fn get_offer_type(
    State(state): State<AppState>,
    Caller(principal): Caller,
    Path((policy, offer_type)): Path<(String, String)>,
) -> Result<Response, ApiFailure> {
    let offer_type = parse_offer_type(&offer_type)?;
    let policy = parse_policy(&policy)?;
    let grant = principal.read().map_err(ApiFailure::Forbidden)?;
    let record = state
        .store()
        .offer_type_policy(&grant, policy, &offer_type)
        .await
        .map_err(|e| not_found_as(e, || offer_type_not_found(&offer_type)))?;
    let etag = record.etag.clone();
    Ok(with_etag(&etag, offer_type_json(policy, record)))
}

async fn put_product(
    State(state): State<AppState>,
    Caller(principal): Caller,
    Extension(ids): Extension<RequestIds>,
    Path((policy, product)): Path<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiFailure> {
    let product = parse_product(&product)?;
    let policy = parse_policy(&policy)?;
    let target = AuditTarget::Product(product.clone());
    let grant = match principal.write() {
        Ok(g) => g,
        Err(denied) => return Err(refuse(&state, policy, target, denied, &ids).await),
    };
    let update = parse_update(&headers, &body)?;
    let if_match = parse_if_match(&headers)?;
    let ctx = write_context(&state, ids);
    let record = state
        .store()
        .set_product_policy(
            &grant,
            policy,
            &product,
            update.policy_value,
            if_match.as_ref(),
            &ctx,
        )
        .await
        .map_err(|e| not_found_as(e, || product_not_found(&product)))?;
    let etag = record.etag.clone();
    Ok(with_etag(&etag, product_json(policy, record, false)))
}

async fn put_offer_type(
    State(state): State<AppState>,
    Caller(principal): Caller,
    Extension(ids): Extension<RequestIds>,
    Path((policy, offer_type)): Path<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiFailure> {
    let offer_type = parse_offer_type(&offer_type)?;
    let policy = parse_policy(&policy)?;
    let target = AuditTarget::OfferType(offer_type.clone());
    let grant = match principal.write() {
        Ok(g) => g,
        Err(denied) => return Err(refuse(&state, policy, target, denied, &ids).await),
    };
    let update = parse_update(&headers, &body)?;
    let if_match = parse_if_match(&headers)?;
    let ctx = write_context(&state, ids);
    let record = state
        .store()
        .set_offer_type_policy(
            &grant,
            policy,
            &offer_type,
            update.policy_value,
            if_match.as_ref(),
            &ctx,
        )
        .await
        .map_err(|e| not_found_as(e, || offer_type_not_found(&offer_type)))?;
    let etag = record.etag.clone();
    Ok(with_etag(&etag, offer_type_json(policy, record)))
}

fn not_found_as(
    e: mscommerce_store::StoreError,
    specific: impl FnOnce() -> ApiFailure,
) -> ApiFailure {
    match e {
        mscommerce_store::StoreError::NotFound => specific(),
        other => other.into(),
    }
}

fn write_context(state: &AppState, ids: RequestIds) -> WriteContext {
    WriteContext {
        at: state.clock().now(),
        ids,
        audit_id: Uuid::now_v7(),
    }
}

/// Journals a refused change, then answers 403. A journal that cannot be written is logged and
/// does not turn the 403 into another answer: the caller was refused either way.
async fn refuse(
    state: &AppState,
    policy: PolicyId,
    target: AuditTarget,
    denied: Box<Denied>,
    ids: &RequestIds,
) -> ApiFailure {
    let entry = AuditEntry {
        id: Uuid::now_v7(),
        at: state.clock().now(),
        tenant: denied.caller.tenant,
        actor: denied.caller.clone(),
        policy,
        target,
        old_value: None,
        new_value: None,
        result: AuditResult::Failed,
        reason: Some("Forbidden".into()),
        ids: ids.clone(),
    };
    if let Err(e) = state.store().journal_refusal(&entry).await {
        tracing::error!(error = %e, "could not journal a refused change");
    }
    ApiFailure::Forbidden(denied)
}

/// The body of a PUT: JSON only, exactly `{"policyValue": ...}`.
pub(crate) fn parse_update(headers: &HeaderMap, body: &[u8]) -> Result<PolicyUpdate, ApiFailure> {
    require_json(headers)?;
    if body.is_empty() {
        return Err(ApiFailure::BadRequest {
            reason: "The request body is empty. Send {\"policyValue\": \"Enabled\"}, \"Disabled\" or \"OnlyTrialsWithoutPaymentMethod\".".into(),
            allowed: Some(mscommerce_domain::PolicyValue::ALL.to_vec()),
        });
    }
    serde_json::from_slice::<PolicyUpdate>(body).map_err(|e| ApiFailure::BadRequest {
        reason: format!(
            "The request body is not a valid policy update ({e}). Send {{\"policyValue\": VALUE}} with VALUE one of Enabled, Disabled, OnlyTrialsWithoutPaymentMethod."
        ),
        allowed: Some(mscommerce_domain::PolicyValue::ALL.to_vec()),
    })
}

pub(crate) fn require_json(headers: &HeaderMap) -> Result<(), ApiFailure> {
    let ct = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let mime = ct.split(';').next().unwrap_or("").trim();
    if mime.eq_ignore_ascii_case("application/json") {
        Ok(())
    } else {
        Err(ApiFailure::UnsupportedMediaType(format!(
            "The body must be JSON: send Content-Type: application/json (got '{}').",
            clip(if ct.is_empty() { "nothing" } else { ct })
        )))
    }
}

pub(crate) fn parse_if_match(headers: &HeaderMap) -> Result<Option<IfMatch>, ApiFailure> {
    let mut values = headers.get_all(header::IF_MATCH).iter();
    let Some(first) = values.next() else {
        return Ok(None);
    };
    let bad = || {
        ApiFailure::bad_request(
            "If-Match must be \"*\" or a quoted entity tag from an ETag header, e.g. If-Match: \"3f2a...\".",
        )
    };
    if values.next().is_some() {
        return Err(bad());
    }
    let text = first.to_str().map_err(|_| bad())?;
    IfMatch::parse(text).map(Some).map_err(|_| bad())
}
