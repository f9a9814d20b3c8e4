//! The licensing API of licensing-api.md, under `/v1.0` and `/v1`.
//!
//! Order of checks on every route: token (401), path syntax (400), policy id (404), role (403,
//! journaled for writes), media type (415), body (400), then the store (404, 412, 400). The
//! tenant always comes from the verified token.

use axum::Extension;
use axum::Json;
use axum::body::Bytes;
use axum::extract::{OriginalUri, Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use mscommerce_domain::{
    AuditEntry, AuditResult, AuditTarget, Denied, ETag, IfMatch, OfferType, PolicyId, Principal,
    ProductId, ReadGrant, RequestIds, WriteGrant,
};
use mscommerce_proto::{
    AuditActor, AuditLogEntry, Items, MAX_BATCH_ITEMS, OfferTypePolicy, Policy, PolicyBatch,
    PolicyBatchDefaultResult, PolicyBatchItem, PolicyBatchResult, PolicyBatchResultItem,
    PolicyDefaultUpdate, PolicyUpdate, ProductPolicy, SCOPE_OFFER_TYPE, SCOPE_PRODUCT, TargetRef,
};
use mscommerce_store::{
    AuditQuery, AuditTargetFilter, Batch, BatchChange, BatchOutcome, BatchTarget, DefaultChange,
    JournalRecord, OfferTypePolicyRecord, ProductPolicyRecord, Refusal, StoreError, WriteContext,
};
use serde::{Deserialize, Serialize};
use time::format_description::well_known::Rfc3339;
use uuid::Uuid;

use crate::auth::Caller;
use crate::cache::TenantSnapshot;
use crate::error::ApiFailure;
use crate::openapi::shared::{BadRequest, BatchPreconditionFailed, NotFound, PreconditionFailed};
use crate::route_table::RouteTable;
use crate::state::AppState;

/// The API routes under both version prefixes. Spelled out rather than nested: `nest` rewrites
/// every request's URI, which the hot path does not need to pay for.
pub fn routes() -> RouteTable {
    RouteTable::new()
        .route("/v1.0/policies", get(list_policies))
        .route("/v1/policies", get(list_policies))
        .route("/v1.0/policies/{policy}", get(get_policy).put(put_policy))
        .route("/v1/policies/{policy}", get(get_policy).put(put_policy))
        .route(
            "/v1.0/policies/{policy}/products",
            get(list_products).patch(patch_products),
        )
        .route(
            "/v1/policies/{policy}/products",
            get(list_products).patch(patch_products),
        )
        .route(
            "/v1.0/policies/{policy}/products/{product}",
            get(get_product).put(put_product),
        )
        .route(
            "/v1/policies/{policy}/products/{product}",
            get(get_product).put(put_product),
        )
        .route(
            "/v1.0/policies/{policy}/offerTypes/{offer_type}",
            get(get_offer_type).put(put_offer_type),
        )
        .route(
            "/v1/policies/{policy}/offerTypes/{offer_type}",
            get(get_offer_type).put(put_offer_type),
        )
        .route("/v1.0/auditLog", get(audit_log))
        .route("/v1/auditLog", get(audit_log))
}

pub(crate) fn parse_policy(p: &str) -> Result<PolicyId, ApiFailure> {
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
pub(crate) fn clip(s: &str) -> String {
    s.chars().take(80).collect()
}

pub(crate) fn product_not_found(id: &ProductId) -> ApiFailure {
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

#[utoipa::path(
    get,
    path = "/v1.0/policies",
    tag = "licensing",
    summary = "List the policies",
    description = "Every policy the service knows, with the tenant's default value. Readable by Global Administrator, Billing Administrator, Global Reader and apps with `Policy.Read.AllowSelfServicePurchase` or `Policy.ReadWrite.AllowSelfServicePurchase`.",
    responses(
        (status = 200, description = "The policies.", body = Items<Policy>),
    ),
)]
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

#[utoipa::path(
    get,
    path = "/v1.0/policies/{policyId}",
    tag = "licensing",
    summary = "Get one policy",
    description = "The policy with the tenant's default value.",
    params(("policyId", Path)),
    responses(
        (status = 200, description = "The policy.", body = Policy, headers(("ETag"))),
        (status = 404, response = NotFound),
    ),
)]
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

/// `PUT /policies/{p}`: the tenant's default for products added later.
#[utoipa::path(
    put,
    path = "/v1.0/policies/{policyId}",
    tag = "licensing",
    summary = "Set the tenant's default for new products",
    description = "`defaultValue` is the value every product added to the catalog later starts at in this tenant (a product without a trial without payment method gets Disabled for OnlyTrialsWithoutPaymentMethod). Existing products keep their values. Global or Billing Administrator, or an app with `Policy.ReadWrite.AllowSelfServicePurchase`. Checks and journal as for a product.",
    params(("policyId", Path), ("If-Match", Header)),
    request_body = PolicyDefaultUpdate,
    responses(
        (status = 200, description = "The policy with its new default.", body = Policy,
            headers(("ETag"))),
        (status = 404, response = NotFound),
        (status = 412, response = PreconditionFailed),
    ),
)]
async fn put_policy(
    State(state): State<AppState>,
    Caller(principal): Caller,
    Extension(ids): Extension<RequestIds>,
    Path(policy): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiFailure> {
    let policy = parse_policy(&policy)?;
    let grant = match principal.write() {
        Ok(g) => g,
        Err(denied) => {
            return Err(refuse(&state, policy, AuditTarget::Default, denied, &ids).await);
        }
    };
    let update = parse_default_update(&headers, &body)?;
    let if_match = parse_if_match(&headers)?;
    let ctx = write_context(&state, ids);
    let record = state
        .store()
        .set_default_value(
            &grant,
            policy,
            update.default_value,
            if_match.as_ref(),
            &ctx,
        )
        .await?;
    state.cache().invalidate(grant.tenant());
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
    #[serde(rename = "includeEtag")]
    include_etag: Option<String>,
}

/// A list item with its ETag, when the caller asks for it (`includeEtag=true`): the original's
/// list shape has none, and existing clients show every field they get.
#[derive(Debug, Serialize)]
struct Tagged<T> {
    #[serde(flatten)]
    item: T,
    etag: String,
}

fn tagged<T>(item: T, etag: &ETag) -> Tagged<T> {
    Tagged {
        item,
        etag: etag.header_value(),
    }
}

/// The tenant's list answers from the read cache, loading them on a miss.
pub(crate) async fn tenant_snapshot(
    state: &AppState,
    grant: &ReadGrant,
    policy: PolicyId,
) -> Result<std::sync::Arc<TenantSnapshot>, ApiFailure> {
    let tenant = grant.tenant();
    let counted = |c: &std::sync::atomic::AtomicU64| {
        c.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    };
    let generation = match state.cache().get(tenant, policy, state.clock().now()) {
        Ok(snapshot) => {
            counted(&state.metrics().cache_hits);
            return Ok(snapshot);
        }
        Err(generation) => generation,
    };
    counted(&state.metrics().cache_misses);
    let products = state.store().product_policies(grant, policy).await?;
    let offer_types = state.store().offer_type_policies(grant, policy).await?;
    let facts = products
        .iter()
        .map(|r| (r.product_id.clone(), crate::evaluate::facts(r)))
        .collect();
    let products: Vec<ProductPolicy> = products
        .into_iter()
        .map(|r| product_json(policy, r, true))
        .collect();
    let offer_types: Vec<OfferTypePolicy> = offer_types
        .into_iter()
        .map(|r| offer_type_json(policy, r))
        .collect();
    let encode = |v: serde_json::Result<Vec<u8>>| {
        v.map(Bytes::from)
            .map_err(|e| ApiFailure::Internal(format!("cannot serialize a list: {e}")))
    };
    let request_url = match state.store().license_request_settings(tenant).await? {
        Some(s) if s.process == mscommerce_proto::license::RequestProcess::Custom => {
            s.url.unwrap_or_default()
        }
        _ => format!("{}/v1.0/licenseRequests", state.public_url()),
    };
    let snapshot = std::sync::Arc::new(TenantSnapshot {
        products_json: encode(serde_json::to_vec(&Items::new(products)))?,
        offer_types_json: encode(serde_json::to_vec(&Items::new(offer_types)))?,
        products: facts,
        request_url,
    });
    state.cache().insert(
        tenant,
        policy,
        generation,
        snapshot.clone(),
        state.clock().now(),
    );
    Ok(snapshot)
}

#[utoipa::path(
    get,
    path = "/v1.0/policies/{policyId}/products",
    tag = "licensing",
    summary = "List the tenant's product (or offer-type) policies",
    description = "Every product in the catalog with its value for the tenant (`scope=product`, the default), or every offer type (`scope=OfferType`). The value of `scope` is matched case-insensitively.",
    params(("policyId", Path), ("scope", Query), ("includeEtag", Query)),
    responses(
        (status = 200, description = "Product items (each with `\"scope\":\"product\"`) or offer-type items.",
            body = ref("#/components/schemas/ProductPoliciesResult")),
        (status = 400, response = BadRequest),
        (status = 404, response = NotFound),
    ),
)]
async fn list_products(
    State(state): State<AppState>,
    Caller(principal): Caller,
    Path(policy): Path<String>,
    Query(query): Query<ScopeQuery>,
) -> Result<Response, ApiFailure> {
    let policy = parse_policy(&policy)?;
    let grant = principal.read().map_err(ApiFailure::Forbidden)?;
    let scope = query.scope.as_deref().unwrap_or(SCOPE_PRODUCT);
    let with_etags = match query.include_etag.as_deref() {
        None => false,
        Some(v) if v.eq_ignore_ascii_case("true") => true,
        Some(v) if v.eq_ignore_ascii_case("false") => false,
        Some(v) => {
            return Err(ApiFailure::bad_request(format!(
                "includeEtag must be true or false, not '{}'.",
                clip(v)
            )));
        }
    };
    let is_products = scope.eq_ignore_ascii_case(SCOPE_PRODUCT);
    if !with_etags && (is_products || scope.eq_ignore_ascii_case(SCOPE_OFFER_TYPE)) {
        // The hot path: the tenant's answers, ready in memory.
        let snapshot = tenant_snapshot(&state, &grant, policy).await?;
        let body = if is_products {
            snapshot.products_json.clone()
        } else {
            snapshot.offer_types_json.clone()
        };
        return Ok((
            [(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            )],
            body,
        )
            .into_response());
    }
    if is_products {
        let records = state.store().product_policies(&grant, policy).await?;
        if with_etags {
            let items = records
                .into_iter()
                .map(|r| {
                    let etag = r.etag.clone();
                    tagged(product_json(policy, r, true), &etag)
                })
                .collect();
            return Ok(Json(Items::new(items)).into_response());
        }
        let items = records
            .into_iter()
            .map(|r| product_json(policy, r, true))
            .collect();
        Ok(Json(Items::new(items)).into_response())
    } else if scope.eq_ignore_ascii_case(SCOPE_OFFER_TYPE) {
        let records = state.store().offer_type_policies(&grant, policy).await?;
        if with_etags {
            let items = records
                .into_iter()
                .map(|r| {
                    let etag = r.etag.clone();
                    tagged(offer_type_json(policy, r), &etag)
                })
                .collect();
            return Ok(Json(Items::new(items)).into_response());
        }
        let items = records
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

#[utoipa::path(
    get,
    path = "/v1.0/policies/{policyId}/products/{productId}",
    tag = "licensing",
    summary = "Get a product's policy",
    description = "A legacy product id answers for the current product.",
    params(("policyId", Path), ("productId", Path)),
    responses(
        (status = 200, description = "The product's policy (no `scope` member, as the original answers).",
            body = ProductPolicy, headers(("ETag"))),
        (status = 400, response = BadRequest),
        (status = 404, response = NotFound),
    ),
)]
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

#[utoipa::path(
    get,
    path = "/v1.0/policies/{policyId}/offerTypes/{offerType}",
    tag = "licensing",
    summary = "Get an offer type's policy",
    description = "`scopeId` is the offer type, `scopeValue` its description.",
    params(("policyId", Path), ("offerType", Path)),
    responses(
        (status = 200, description = "The offer type's policy.", body = OfferTypePolicy,
            headers(("ETag"))),
        (status = 400, response = BadRequest),
        (status = 404, response = NotFound),
    ),
)]
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

#[utoipa::path(
    put,
    path = "/v1.0/policies/{policyId}/products/{productId}",
    tag = "licensing",
    summary = "Change a product's policy",
    description = "Order of checks: token (401), path syntax (400), policy (404), role (403, journaled), media type (415), body (400), then product (404), `If-Match` (412) and the value allowed for the product (400). `OnlyTrialsWithoutPaymentMethod` is allowed only for products that offer a trial without a payment method. Setting the value it already has succeeds without a change. Every change and every refused change with a known target is journaled.",
    params(("policyId", Path), ("productId", Path), ("If-Match", Header)),
    request_body(content = PolicyUpdate,
        description = "The new value. Values are matched case-insensitively (`disabled` works) and answered canonically."),
    responses(
        (status = 200, description = "The updated product policy.", body = ProductPolicy,
            headers(("ETag"))),
        (status = 404, response = NotFound),
        (status = 412, response = PreconditionFailed),
    ),
)]
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
    let (grant, update, if_match, ctx) =
        prepare_put(&state, &principal, policy, target, ids, &headers, &body).await?;
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
    state.cache().invalidate(grant.tenant());
    let etag = record.etag.clone();
    Ok(with_etag(&etag, product_json(policy, record, false)))
}

#[utoipa::path(
    put,
    path = "/v1.0/policies/{policyId}/offerTypes/{offerType}",
    tag = "licensing",
    summary = "Change an offer type's policy",
    description = "As for a product; offer types take Enabled or Disabled only.",
    params(("policyId", Path), ("offerType", Path), ("If-Match", Header)),
    request_body(content = crate::openapi::shapes::OfferTypeUpdate,
        description = "The new value; offer types take Enabled or Disabled only."),
    responses(
        (status = 200, description = "The updated offer-type policy.", body = OfferTypePolicy,
            headers(("ETag"))),
        (status = 404, response = NotFound),
        (status = 412, response = PreconditionFailed),
    ),
)]
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
    let (grant, update, if_match, ctx) =
        prepare_put(&state, &principal, policy, target, ids, &headers, &body).await?;
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
    state.cache().invalidate(grant.tenant());
    let etag = record.etag.clone();
    Ok(with_etag(&etag, offer_type_json(policy, record)))
}

/// What every PUT of one product or offer type does before the store: the role (403, journaled
/// as a refused change of `target`), the body, `If-Match`, and the write's context.
async fn prepare_put(
    state: &AppState,
    principal: &Principal,
    policy: PolicyId,
    target: AuditTarget,
    ids: RequestIds,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<(WriteGrant, PolicyUpdate, Option<IfMatch>, WriteContext), ApiFailure> {
    let grant = match principal.write() {
        Ok(g) => g,
        Err(denied) => return Err(refuse(state, policy, target, denied, &ids).await),
    };
    let update = parse_update(headers, body)?;
    let if_match = parse_if_match(headers)?;
    Ok((grant, update, if_match, write_context(state, ids)))
}

pub(crate) fn not_found_as(
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
pub(crate) async fn refuse(
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

/// The body of `PUT /policies/{p}`: JSON only, exactly `{"defaultValue": ...}`.
fn parse_default_update(
    headers: &HeaderMap,
    body: &[u8],
) -> Result<PolicyDefaultUpdate, ApiFailure> {
    policy_body(
        headers,
        body,
        "a valid default update",
        "Send {\"defaultValue\": VALUE} with VALUE one of Enabled, Disabled, OnlyTrialsWithoutPaymentMethod: products added to the catalog from now on start at it (Disabled instead of OnlyTrialsWithoutPaymentMethod for a product without a trial without payment method); existing products keep their values.",
    )
}

/// The body of a PUT: JSON only, exactly `{"policyValue": ...}`.
pub(crate) fn parse_update(headers: &HeaderMap, body: &[u8]) -> Result<PolicyUpdate, ApiFailure> {
    policy_body(
        headers,
        body,
        "a valid policy update",
        "Send {\"policyValue\": VALUE} with VALUE one of Enabled, Disabled, OnlyTrialsWithoutPaymentMethod.",
    )
}

/// A policy value's body (a product's PUT, the default's PUT), read as [`json_body`] reads every
/// body; a refusal also lists the values a policy takes (`allowed`), as the module's did.
fn policy_body<T: serde::de::DeserializeOwned>(
    headers: &HeaderMap,
    body: &[u8],
    what: &str,
    shape: &str,
) -> Result<T, ApiFailure> {
    let with_values = |reason: String| ApiFailure::BadRequest {
        reason,
        allowed: Some(mscommerce_domain::PolicyValue::ALL.to_vec()),
    };
    require_json(headers)?;
    if body.is_empty() {
        return Err(with_values(format!("The request body is empty. {shape}")));
    }
    json_object(body, what, shape).map_err(|e| match e {
        ApiFailure::BadRequest { reason, .. } => with_values(reason),
        other => other,
    })
}

/// Bodies are JSON objects: serde would otherwise take a struct in its sequence form too
/// (`["Enabled"]` for `{"policyValue": "Enabled"}`), a shape no client is told about.
/// A JSON object body read as `T`, after the `Content-Type` check: what every POST of a JSON
/// object does first. `what` names the object in the error ("a purchase record"), `shape` shows
/// what to send.
pub(crate) fn json_body<T: serde::de::DeserializeOwned>(
    headers: &HeaderMap,
    body: &[u8],
    what: &str,
    shape: &str,
) -> Result<T, ApiFailure> {
    require_json(headers)?;
    json_object(body, what, shape)
}

/// [`json_body`] without the `Content-Type` check (for a body whose type was checked already).
pub(crate) fn json_object<T: serde::de::DeserializeOwned>(
    body: &[u8],
    what: &str,
    shape: &str,
) -> Result<T, ApiFailure> {
    require_object(body).map_err(|why| ApiFailure::bad_request(format!("{why} {shape}")))?;
    // UTF-8 checked once for the whole body: parsing bytes checks every string on its own, a
    // call each, which was most of the parse of a decision.
    let text = std::str::from_utf8(body).map_err(|e| {
        ApiFailure::bad_request(format!(
            "The request body is not {what} (it is not UTF-8 text: {e}). {shape}"
        ))
    })?;
    serde_json::from_str(text).map_err(|e| {
        ApiFailure::bad_request(format!(
            "The request body is not {what} ({}). {shape}",
            clip(&e.to_string())
        ))
    })
}

pub(crate) fn require_object(body: &[u8]) -> Result<(), String> {
    match body.iter().find(|b| !b.is_ascii_whitespace()) {
        Some(b'{') => Ok(()),
        _ => Err(not_an_object("The request body")),
    }
}

fn not_an_object(what: &str) -> String {
    format!("{what} must be a JSON object ({{...}}), not an array, a string, a number or null.")
}

/// The parts of a batch that are objects in its schema (the body, the default, every item) are
/// objects in the request: no sequence form of a struct.
fn require_batch_objects(body: &[u8]) -> Result<(), ApiFailure> {
    let Ok(serde_json::Value::Object(top)) = serde_json::from_slice::<serde_json::Value>(body)
    else {
        // Not JSON at all is told by the parser; not an object is told here.
        return require_object(body).map_err(|why| ApiFailure::BadRequest {
            reason: format!("{why} {BATCH_SHAPE}"),
            allowed: Some(mscommerce_domain::PolicyValue::ALL.to_vec()),
        });
    };
    if let Some(d) = top.get("default")
        && !(d.is_object() || d.is_null())
    {
        return Err(ApiFailure::Item {
            index: None,
            target: Some(default_target_ref()),
            etag: None,
            failure: Box::new(ApiFailure::bad_request(format!(
                "{} {BATCH_SHAPE}",
                not_an_object("The default")
            ))),
        });
    }
    if let Some(serde_json::Value::Array(items)) = top.get("items")
        && let Some(i) = items.iter().position(|item| !item.is_object())
    {
        return Err(item_failure(
            Some(i),
            None,
            format!("{} {BATCH_SHAPE}", not_an_object(&format!("Item {i}"))),
        ));
    }
    Ok(())
}

pub(crate) fn require_json(headers: &HeaderMap) -> Result<(), ApiFailure> {
    let value = headers.get(header::CONTENT_TYPE);
    // What every storefront sends, on every decision: known without taking the value apart.
    if value.is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"application/json")) {
        return Ok(());
    }
    let ct = value.and_then(|v| v.to_str().ok()).unwrap_or("");
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

// ---------------------------------------------------------------------------------------------
// PATCH /policies/{p}/products: many changes in one transaction.

/// The body's top level with the items left unparsed, to say which item is wrong.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBatch {
    #[serde(default)]
    default: Option<serde_json::Value>,
    items: Vec<serde_json::Value>,
}

const BATCH_SHAPE: &str = "Send {\"items\": [{\"productId\": ID, \"policyValue\": VALUE, \"ifMatch\": ETAG}, {\"offerType\": TYPE, \"policyValue\": VALUE}, ...]} (ifMatch optional), optionally with \"default\": {\"defaultValue\": VALUE, \"ifMatch\": ETAG}.";

fn too_many(n: usize) -> ApiFailure {
    ApiFailure::PayloadTooLarge(format!(
        "A batch takes at most {MAX_BATCH_ITEMS} items; this one has {n}. Split it into several requests."
    ))
}

fn item_failure(index: Option<usize>, target: Option<TargetRef>, reason: String) -> ApiFailure {
    ApiFailure::Item {
        index,
        target,
        etag: None,
        failure: Box::new(ApiFailure::bad_request(reason)),
    }
}

fn batch_target_ref(t: &BatchTarget) -> TargetRef {
    match t {
        BatchTarget::Product(p) => TargetRef {
            kind: AuditTarget::Product(p.clone()).kind().to_owned(),
            id: Some(p.to_string()),
        },
        BatchTarget::OfferType(o) => TargetRef {
            kind: AuditTarget::OfferType(o.clone()).kind().to_owned(),
            id: Some(o.to_string()),
        },
    }
}

fn default_target_ref() -> TargetRef {
    TargetRef {
        kind: AuditTarget::Default.kind().to_owned(),
        id: None,
    }
}

fn parse_if_match_field(
    value: Option<&str>,
    index: Option<usize>,
    target: &TargetRef,
) -> Result<Option<IfMatch>, ApiFailure> {
    value
        .map(|v| {
            IfMatch::parse(v).map_err(|_| {
                item_failure(
                    index,
                    Some(target.clone()),
                    "ifMatch must be \"*\" or an ETag as GET returned it, quotes included, e.g. \"\\\"3f2a...\\\"\"."
                        .into(),
                )
            })
        })
        .transpose()
}

/// One item of the body as the store takes it.
fn batch_change(index: usize, item: PolicyBatchItem) -> Result<BatchChange, ApiFailure> {
    let target = match (item.product_id, item.offer_type) {
        (Some(p), None) => BatchTarget::Product(
            p.parse()
                .map_err(|e| item_failure(Some(index), None, format!("productId: {e}.")))?,
        ),
        (None, Some(o)) => BatchTarget::OfferType(
            o.parse()
                .map_err(|e| item_failure(Some(index), None, format!("offerType: {e}.")))?,
        ),
        _ => {
            return Err(item_failure(
                Some(index),
                None,
                "An item names exactly one of productId or offerType.".into(),
            ));
        }
    };
    let if_match = parse_if_match_field(
        item.if_match.as_deref(),
        Some(index),
        &batch_target_ref(&target),
    )?;
    Ok(BatchChange {
        target,
        value: item.policy_value,
        if_match,
    })
}

/// The body of a PATCH: JSON only; every item parsed, or a 400 naming the first bad one; at most
/// [`MAX_BATCH_ITEMS`] items (413).
fn parse_batch(headers: &HeaderMap, body: &[u8]) -> Result<Batch, ApiFailure> {
    require_json(headers)?;
    let bad = |why: String| ApiFailure::BadRequest {
        reason: format!("{why} {BATCH_SHAPE}"),
        allowed: Some(mscommerce_domain::PolicyValue::ALL.to_vec()),
    };
    if body.is_empty() {
        return Err(bad("The request body is empty.".into()));
    }
    require_batch_objects(body)?;
    let parsed = match serde_json::from_slice::<PolicyBatch>(body) {
        Ok(b) => b,
        Err(whole) => return Err(locate_batch_error(body, &whole.to_string(), bad)),
    };
    if parsed.items.len() > MAX_BATCH_ITEMS {
        return Err(too_many(parsed.items.len()));
    }
    let default = match parsed.default {
        None => None,
        Some(d) => Some(DefaultChange {
            value: d.default_value,
            if_match: parse_if_match_field(d.if_match.as_deref(), None, &default_target_ref())?,
        }),
    };
    let items = parsed
        .items
        .into_iter()
        .enumerate()
        .map(|(i, item)| batch_change(i, item))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Batch { default, items })
}

/// Finds the part of a body that did not parse as a batch: too many items, the first item (or the
/// default) that fails on its own, or else the whole body's error (say, a key given twice).
fn locate_batch_error(body: &[u8], whole: &str, bad: impl Fn(String) -> ApiFailure) -> ApiFailure {
    let Ok(raw) = serde_json::from_slice::<RawBatch>(body) else {
        return bad(format!("The request body is not a valid batch ({whole})."));
    };
    if raw.items.len() > MAX_BATCH_ITEMS {
        return too_many(raw.items.len());
    }
    if let Some(d) = raw.default
        && let Err(e) = serde_json::from_value::<mscommerce_proto::PolicyBatchDefault>(d)
    {
        return ApiFailure::Item {
            index: None,
            target: Some(default_target_ref()),
            etag: None,
            failure: Box::new(bad(format!("Not a valid default ({e})."))),
        };
    }
    for (i, item) in raw.items.into_iter().enumerate() {
        if let Err(e) = serde_json::from_value::<PolicyBatchItem>(item) {
            return ApiFailure::Item {
                index: Some(i),
                target: None,
                etag: None,
                failure: Box::new(bad(format!("Not a valid item ({e})."))),
            };
        }
    }
    bad(format!("The request body is not a valid batch ({whole})."))
}

/// A refused batch names its item, with the error the single write would give.
fn batch_failure(e: StoreError, batch: &Batch) -> ApiFailure {
    let (index, target, error) = match e {
        StoreError::Item { index, error } => (
            Some(index),
            batch.items.get(index).map(|i| batch_target_ref(&i.target)),
            *error,
        ),
        StoreError::Default(error) => (None, Some(default_target_ref()), *error),
        other => return other.into(),
    };
    let etag = match &error {
        StoreError::Refused(Refusal::PreconditionFailed { current }) => Some(current.clone()),
        _ => None,
    };
    let failure = match (error, index.and_then(|i| batch.items.get(i))) {
        (StoreError::NotFound, Some(item)) => match &item.target {
            BatchTarget::Product(p) => product_not_found(p),
            BatchTarget::OfferType(o) => offer_type_not_found(o),
        },
        (other, _) => other.into(),
    };
    ApiFailure::Item {
        index,
        target,
        etag,
        failure: Box::new(failure),
    }
}

#[utoipa::path(
    patch,
    path = "/v1.0/policies/{policyId}/products",
    tag = "licensing",
    summary = "Change many products and offer types at once",
    description = "All items in one transaction, or none: the first refused item decides the answer (its status, with `failedItem` naming it). Each item takes its own `ifMatch`; an `If-Match` header is refused (400). Each target may be named once (a legacy id names its current product). At most 1000 items (413 beyond). One journal entry per target changed; a refusal journals the refused item.",
    params(("policyId", Path)),
    request_body = crate::openapi::shapes::PolicyBatch,
    responses(
        (status = 200, description = "Every item in request order, with its value and ETag after the batch and whether the batch changed it.",
            body = crate::openapi::shapes::PolicyBatchResult),
        (status = 404, response = NotFound),
        (status = 412, response = BatchPreconditionFailed),
    ),
)]
async fn patch_products(
    State(state): State<AppState>,
    Caller(principal): Caller,
    Extension(ids): Extension<RequestIds>,
    Path(policy): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiFailure> {
    let policy = parse_policy(&policy)?;
    let grant = match principal.write() {
        Ok(g) => g,
        Err(denied) => {
            return Err(refuse_batch(&state, policy, denied, &ids, &headers, &body).await);
        }
    };
    if headers.contains_key(header::IF_MATCH) {
        return Err(ApiFailure::bad_request(
            "If-Match names one resource; a batch takes an ifMatch per item (and in its default) instead.",
        ));
    }
    let batch = parse_batch(&headers, &body)?;
    let ctx = write_context(&state, ids);
    let result = state
        .store()
        .apply_batch(&grant, policy, &batch, &ctx)
        .await
        .map_err(|e| batch_failure(e, &batch))?;
    state.cache().invalidate(grant.tenant());
    let p = policy.as_str().to_owned();
    let items = result
        .items
        .into_iter()
        .map(|o| match o {
            BatchOutcome::Product { record, changed } => PolicyBatchResultItem {
                policy_id: p.clone(),
                policy_value: record.value,
                scope: SCOPE_PRODUCT.to_owned(),
                product_name: Some(record.product_name),
                product_id: Some(record.product_id.to_string()),
                scope_id: None,
                scope_value: None,
                etag: record.etag.header_value(),
                changed,
            },
            BatchOutcome::OfferType { record, changed } => PolicyBatchResultItem {
                policy_id: p.clone(),
                policy_value: record.value,
                scope: SCOPE_OFFER_TYPE.to_owned(),
                product_name: None,
                product_id: None,
                scope_id: Some(record.offer_type.to_string()),
                scope_value: Some(record.description),
                etag: record.etag.header_value(),
                changed,
            },
        })
        .collect();
    Ok(Json(PolicyBatchResult {
        default: result
            .default
            .map(|(record, changed)| PolicyBatchDefaultResult {
                id: p.clone(),
                default_value: record.default_value,
                etag: record.etag.header_value(),
                changed,
            }),
        items,
    })
    .into_response())
}

/// A refused batch is journaled as the refused PUTs it stands for: one Failed entry per target
/// the body names (and its default), in one transaction. A body that is not a valid batch names
/// no intended change and is not journaled. The caller gets its 403 whatever happens here.
async fn refuse_batch(
    state: &AppState,
    policy: PolicyId,
    denied: Box<Denied>,
    ids: &RequestIds,
    headers: &HeaderMap,
    body: &[u8],
) -> ApiFailure {
    if let Ok(batch) = parse_batch(headers, body) {
        let at = state.clock().now();
        let targets =
            batch
                .default
                .iter()
                .map(|_| AuditTarget::Default)
                .chain(batch.items.into_iter().map(|i| match i.target {
                    BatchTarget::Product(p) => AuditTarget::Product(p),
                    BatchTarget::OfferType(o) => AuditTarget::OfferType(o),
                }));
        let entries: Vec<AuditEntry> = targets
            .map(|target| AuditEntry {
                id: Uuid::now_v7(),
                at,
                tenant: denied.caller.tenant,
                actor: denied.caller.clone(),
                policy,
                target,
                old_value: None,
                new_value: None,
                result: AuditResult::Failed,
                reason: Some("Forbidden".into()),
                ids: ids.clone(),
            })
            .collect();
        if let Err(e) = state.store().journal_refusals(&entries).await {
            tracing::error!(error = %e, "could not journal a refused batch");
        }
    }
    ApiFailure::Forbidden(denied)
}

// ---------------------------------------------------------------------------------------------
// GET /auditLog: the caller's tenant's journal, newest first.

const AUDIT_PARAMS: &str =
    "policyId, productId, offerType, actor, since, until (RFC 3339), top (1-1000), skipToken";

/// The query of one audit read, checked.
#[derive(Debug, Default)]
struct AuditParams {
    query: AuditQuery,
    /// The filters as given (without `skipToken`), for the next page's link.
    echo: Vec<(&'static str, String)>,
}

fn parse_audit_params(pairs: Vec<(String, String)>) -> Result<AuditParams, ApiFailure> {
    let mut query = AuditQuery::default();
    let list = crate::paging::parse(
        pairs,
        "The audit log",
        AUDIT_PARAMS,
        "seq",
        &mut |name, value| {
            Ok(Some(match name {
                "policyId" => {
                    let policy = PolicyId::parse(value).ok_or_else(|| {
                        ApiFailure::bad_request(format!(
                            "policyId: there is no policy '{}'. The known policy is {}.",
                            clip(value),
                            mscommerce_proto::ALLOW_SELF_SERVICE_PURCHASE
                        ))
                    })?;
                    query.policy = Some(policy);
                    "policyId"
                }
                "productId" | "offerType" if query.target.is_some() => {
                    return Err(ApiFailure::bad_request(
                        "Filter by productId or by offerType, not both.",
                    ));
                }
                "productId" => {
                    let id: ProductId = value
                        .parse()
                        .map_err(|e| ApiFailure::bad_request(format!("productId: {e}.")))?;
                    query.target = Some(AuditTargetFilter::Product(id));
                    "productId"
                }
                "offerType" => {
                    let o: OfferType = value
                        .parse()
                        .map_err(|e| ApiFailure::bad_request(format!("offerType: {e}.")))?;
                    query.target = Some(AuditTargetFilter::OfferType(o));
                    "offerType"
                }
                "actor" => {
                    let a = value.trim();
                    if a.is_empty() || a.len() > 256 {
                        return Err(ApiFailure::bad_request(
                            "actor must be a user principal name, a user's object id or an app id (1 to 256 characters).",
                        ));
                    }
                    query.actor = Some(a.to_owned());
                    "actor"
                }
                _ => return Ok(None),
            }))
        },
    )?;
    let before_seq = match list.cursor {
        Some(c) => Some(c.parse::<i64>().ok().filter(|n| *n > 0).ok_or_else(|| {
            ApiFailure::bad_request(
                "skipToken is not one this service made: follow nextLink as it is.",
            )
        })?),
        None => None,
    };
    Ok(AuditParams {
        query: AuditQuery {
            since: list.since,
            until: list.until,
            before_seq,
            limit: list.top,
            ..query
        },
        echo: list.echo,
    })
}

fn audit_json(r: JournalRecord) -> AuditLogEntry {
    let e = r.entry;
    AuditLogEntry {
        id: e.id.to_string(),
        time: e
            .at
            .to_offset(time::UtcOffset::UTC)
            .format(&Rfc3339)
            .unwrap_or_default(),
        tenant_id: e.tenant.to_string(),
        actor: AuditActor {
            kind: e.actor.kind.as_str().to_owned(),
            object_id: e.actor.oid.map(|o| o.to_string()),
            user_principal_name: e.actor.upn,
            app_id: e.actor.app_id,
        },
        policy_id: e.policy.as_str().to_owned(),
        target: TargetRef {
            kind: e.target.kind().to_owned(),
            id: match &e.target {
                AuditTarget::Default => None,
                t => Some(t.id().into_owned()),
            },
        },
        old_value: e.old_value,
        new_value: e.new_value,
        result: e.result.as_str().to_owned(),
        reason: e.reason,
        request_id: e.ids.request_id,
        correlation_id: e.ids.correlation_id,
        client_request_id: e.ids.client_request_id,
        client_address: e.ids.client_address,
        user_agent: e.ids.user_agent,
        sequence: r.seq,
        hash: r.hash,
    }
}

#[utoipa::path(
    get,
    path = "/v1.0/auditLog",
    tag = "licensing",
    summary = "Read the tenant's audit journal",
    description = "Changes and refused changes of the caller's tenant, newest first, paged with `top` and `nextLink`. Readable by Global Administrator, Billing Administrator, Global Reader and apps with a policy permission. Unknown or repeated query parameters, `productId` together with `offerType`, and `since` not before `until` are 400s.",
    params(
        ("policyId" = inline(Option<mscommerce_proto::described::PolicyName>), Query,
            description = "Matched case-insensitively; another policy is a 400."),
        ("productId" = Option<String>, Query, pattern = "^[A-Za-z0-9_-]{1,64}$",
            description = "Entries about this product (a legacy id names its current product)."),
        ("offerType" = Option<String>, Query, pattern = "^[A-Za-z0-9_-]{1,64}$",
            description = "Entries about this offer type."),
        ("actor" = Option<String>, Query, min_length = 1, max_length = 256,
            description = "A user principal name, a user's object id or an app id (at most 256 bytes)."),
        ("since" = Option<String>, Query),
        ("until" = Option<String>, Query),
        ("top" = Option<u32>, Query),
        ("skipToken" = Option<String>, Query),
    ),
    responses(
        (status = 200, description = "One page of entries; `nextLink` is present when there are more.",
            body = Items<AuditLogEntry>),
        (status = 400, response = BadRequest),
    ),
)]
async fn audit_log(
    State(state): State<AppState>,
    Caller(principal): Caller,
    OriginalUri(uri): OriginalUri,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Result<Response, ApiFailure> {
    let grant = principal.read().map_err(ApiFailure::Forbidden)?;
    let params = parse_audit_params(pairs)?;
    let limit = params.query.limit;
    // One more than asked: whether a next page exists without a second query.
    let query = AuditQuery {
        limit: limit + 1,
        ..params.query
    };
    let records = state.store().audit_log(&grant, &query).await?;
    let link = crate::paging::Link {
        public_url: state.public_url(),
        path: uri.path(),
        echo: &params.echo,
        cursor_kind: "seq",
    };
    let (records, next_link) = crate::paging::cut(records, limit, &link, |r| r.seq.to_string());
    let items = records.into_iter().map(audit_json).collect();
    Ok(Json(Items { items, next_link }).into_response())
}
