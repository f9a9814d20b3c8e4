//! `/v1.0/webhooks`: admins register endpoints for the tenant's events, list them and their
//! deliveries, remove them, and send a delivery again. Deliveries themselves:
//! [`crate::webhook_delivery`].

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post};
use base64::Engine;
use mscommerce_proto::Items;
use mscommerce_proto::webhook::{NewWebhook, Webhook, WebhookDelivery};
use mscommerce_store::webhooks::EVENTS;
use mscommerce_store::{DeliveryRecord, WebhookRecord};
use time::format_description::well_known::Rfc3339;
use uuid::Uuid;

use crate::api::{clip, json_body};
use crate::auth::Caller;
use crate::error::ApiFailure;
use crate::route_table::RouteTable;
use crate::state::AppState;
use crate::webhook_delivery::{new_secret, refuse_url};

const SHAPE: &str = "Send {\"url\": \"https://...\"}, optionally with \"events\": [...] and \"secret\": \"whsec_...\".";

pub(crate) fn routes() -> RouteTable {
    RouteTable::new()
        .route("/v1.0/webhooks", get(list_webhooks).post(add_webhook))
        .route("/v1/webhooks", get(list_webhooks).post(add_webhook))
        .route("/v1.0/webhooks/{id}", delete(remove_webhook))
        .route("/v1/webhooks/{id}", delete(remove_webhook))
        .route("/v1.0/webhooks/{id}/deliveries", get(list_deliveries))
        .route("/v1/webhooks/{id}/deliveries", get(list_deliveries))
        .route(
            "/v1.0/webhooks/{id}/deliveries/{deliveryId}/replay",
            post(replay_delivery),
        )
        .route(
            "/v1/webhooks/{id}/deliveries/{deliveryId}/replay",
            post(replay_delivery),
        )
}

fn time(t: time::OffsetDateTime) -> String {
    t.format(&Rfc3339).unwrap_or_default()
}

fn wire(w: WebhookRecord, secret: Option<String>) -> Webhook {
    Webhook {
        id: w.id.to_string(),
        url: w.url,
        events: w.events,
        created_date_time: time(w.created_at),
        created_by: w.created_by,
        secret,
    }
}

fn delivery(d: DeliveryRecord) -> WebhookDelivery {
    WebhookDelivery {
        id: d.id.to_string(),
        event: d.event,
        status: d.status.as_str().to_owned(),
        attempts: d.attempts,
        created_date_time: time(d.created_at),
        next_attempt_date_time: time(d.next_attempt_at),
        last_status: d.last_status,
        last_error: d.last_error,
        delivered_date_time: d.delivered_at.map(time),
        payload: d.payload,
    }
}

fn id(what: &str, s: &str) -> Result<Uuid, ApiFailure> {
    Uuid::parse_str(s).map_err(|_| not_found(what, s))
}

fn not_found(what: &str, s: &str) -> ApiFailure {
    ApiFailure::NotFound(format!(
        "This tenant has no {what} '{}'. List them with GET /v1.0/webhooks (mscommerce webhook list).",
        clip(s)
    ))
}

#[utoipa::path(
    post,
    path = "/v1.0/webhooks",
    tag = "webhooks",
    summary = "Register a webhook",
    description = "For Global and Billing Administrators and apps with `Policy.ReadWrite.AllowSelfServicePurchase`. Deliveries follow Standard Webhooks (`webhook-id`, `webhook-timestamp`, `webhook-signature: v1,<base64 HMAC-SHA256>`), in order per endpoint, retried for 24 hours. The URL must be `https` to a public address (checked again after DNS resolution at each delivery), unless the operator started the service with `--allow-private-webhooks`. The `secret` is answered once, here.",
    request_body = NewWebhook,
    responses(
        (status = 201, description = "Registered; the answer carries the secret, once.", body = Webhook),
        (status = 400, response = crate::openapi::shared::BadRequest),
        (status = 401, response = crate::openapi::shared::Unauthorized),
        (status = 403, response = crate::openapi::shared::Forbidden),
        (status = 415, response = crate::openapi::shared::UnsupportedMediaType),
    ),
)]
pub(crate) async fn add_webhook(
    State(state): State<AppState>,
    Caller(principal): Caller,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiFailure> {
    let grant = principal.write().map_err(ApiFailure::Forbidden)?;
    let new: NewWebhook = json_body(&headers, &body, "a webhook", SHAPE)?;
    let url = new.url.trim().to_owned();
    if url.len() > 2000 {
        return Err(ApiFailure::bad_request(
            "url is longer than 2000 characters.",
        ));
    }
    if let Some(why) = refuse_url(&url, state.allow_private_webhooks()) {
        return Err(ApiFailure::bad_request(format!(
            "This address cannot receive webhooks: {why}. Give an https URL on the public internet (an operator may allow private ones with serve --allow-private-webhooks)."
        )));
    }
    let events = match new.events {
        None => EVENTS.iter().map(|e| (*e).to_owned()).collect(),
        Some(list) if list.is_empty() => {
            return Err(ApiFailure::bad_request(
                "events is empty: name at least one event, or leave it out for all.",
            ));
        }
        Some(list) => {
            let mut events: Vec<String> = Vec::new();
            for e in list {
                let Some(known) = EVENTS.iter().find(|k| k.eq_ignore_ascii_case(e.trim())) else {
                    return Err(ApiFailure::bad_request(format!(
                        "There is no event '{}'. The events are: {}.",
                        clip(&e),
                        EVENTS.join(", ")
                    )));
                };
                if !events.iter().any(|x| x == known) {
                    events.push((*known).to_owned());
                }
            }
            events
        }
    };
    let secret = match new.secret {
        Some(s) => {
            let key = s
                .strip_prefix("whsec_")
                .and_then(|k| base64::engine::general_purpose::STANDARD.decode(k).ok());
            if !key.is_some_and(|k| (24..=64).contains(&k.len())) {
                return Err(ApiFailure::bad_request(
                    "secret must be whsec_ followed by the base64 of 24 to 64 random bytes; leave it out to get one generated.",
                ));
            }
            s
        }
        None => new_secret().map_err(ApiFailure::Internal)?,
    };
    let actor = grant.actor();
    let record = WebhookRecord {
        id: Uuid::now_v7(),
        tenant: grant.tenant(),
        url,
        events,
        secret: secret.clone(),
        created_at: state.clock().now(),
        created_by: actor
            .upn
            .clone()
            .or_else(|| actor.app_id.clone())
            .unwrap_or_default(),
    };
    state.store().create_webhook(&grant, &record).await?;
    Ok((StatusCode::CREATED, Json(wire(record, Some(secret)))).into_response())
}

#[utoipa::path(
    get,
    path = "/v1.0/webhooks",
    tag = "webhooks",
    summary = "List the tenant's webhooks",
    description = "For whoever may read the policies. Secrets are never shown again.",
    responses(
        (status = 200, description = "The endpoints.", body = Items<Webhook>),
        (status = 401, response = crate::openapi::shared::Unauthorized),
        (status = 403, response = crate::openapi::shared::Forbidden),
    ),
)]
pub(crate) async fn list_webhooks(
    State(state): State<AppState>,
    Caller(principal): Caller,
) -> Result<Response, ApiFailure> {
    let grant = principal.read().map_err(ApiFailure::Forbidden)?;
    let items = state
        .store()
        .webhooks(&grant)
        .await?
        .into_iter()
        .map(|w| wire(w, None))
        .collect();
    Ok(Json(Items::new(items)).into_response())
}

#[utoipa::path(
    delete,
    path = "/v1.0/webhooks/{id}",
    tag = "webhooks",
    summary = "Remove a webhook",
    description = "Its pending deliveries go with it.",
    params(("id", Path)),
    responses(
        (status = 204, description = "Removed."),
        (status = 401, response = crate::openapi::shared::Unauthorized),
        (status = 403, response = crate::openapi::shared::Forbidden),
        (status = 404, response = crate::openapi::shared::NotFound),
    ),
)]
pub(crate) async fn remove_webhook(
    State(state): State<AppState>,
    Caller(principal): Caller,
    Path(webhook): Path<String>,
) -> Result<Response, ApiFailure> {
    let grant = principal.write().map_err(ApiFailure::Forbidden)?;
    let id = id("webhook", &webhook)?;
    state
        .store()
        .delete_webhook(&grant, id)
        .await
        .map_err(|e| crate::api::not_found_as(e, || not_found("webhook", &webhook)))?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct DeliveriesQuery {
    top: Option<u32>,
}

#[utoipa::path(
    get,
    path = "/v1.0/webhooks/{id}/deliveries",
    tag = "webhooks",
    summary = "A webhook's deliveries",
    description = "Newest first, with each one's outcome: `pending` (with the next attempt's time), `delivered`, or `failed` after 24 hours of retries. `top`: 1 to 1000 (default 100).",
    params(("id", Path), ("top" = Option<u32>, Query)),
    responses(
        (status = 200, description = "The deliveries.", body = Items<WebhookDelivery>),
        (status = 400, response = crate::openapi::shared::BadRequest),
        (status = 401, response = crate::openapi::shared::Unauthorized),
        (status = 403, response = crate::openapi::shared::Forbidden),
        (status = 404, response = crate::openapi::shared::NotFound),
    ),
)]
pub(crate) async fn list_deliveries(
    State(state): State<AppState>,
    Caller(principal): Caller,
    Path(webhook): Path<String>,
    query: Result<Query<DeliveriesQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, ApiFailure> {
    let grant = principal.read().map_err(ApiFailure::Forbidden)?;
    let Query(q) = query.map_err(|e| {
        ApiFailure::bad_request(format!(
            "{} The deliveries take: top (1-1000).",
            clip(&e.body_text())
        ))
    })?;
    let top = q.top.unwrap_or(crate::paging::PAGE);
    if !(1..=crate::paging::MAX_PAGE).contains(&top) {
        return Err(ApiFailure::bad_request(
            "top must be a whole number from 1 to 1000.",
        ));
    }
    let id = id("webhook", &webhook)?;
    let items = state
        .store()
        .deliveries(&grant, id, top)
        .await
        .map_err(|e| crate::api::not_found_as(e, || not_found("webhook", &webhook)))?
        .into_iter()
        .map(delivery)
        .collect();
    Ok(Json(Items::new(items)).into_response())
}

#[utoipa::path(
    post,
    path = "/v1.0/webhooks/{id}/deliveries/{deliveryId}/replay",
    tag = "webhooks",
    summary = "Send a delivery again",
    description = "The delivery becomes pending at once, its attempts counted from zero; it keeps its place in the endpoint's order.",
    params(("id", Path), ("deliveryId", Path)),
    responses(
        (status = 200, description = "Pending again.", body = WebhookDelivery),
        (status = 401, response = crate::openapi::shared::Unauthorized),
        (status = 403, response = crate::openapi::shared::Forbidden),
        (status = 404, response = crate::openapi::shared::NotFound),
    ),
)]
pub(crate) async fn replay_delivery(
    State(state): State<AppState>,
    Caller(principal): Caller,
    Path((webhook, delivery_id)): Path<(String, String)>,
) -> Result<Response, ApiFailure> {
    let grant = principal.write().map_err(ApiFailure::Forbidden)?;
    let (w, d) = (id("webhook", &webhook)?, id("delivery", &delivery_id)?);
    let record = state
        .store()
        .replay_delivery(&grant, w, d, state.clock().now())
        .await
        .map_err(|e| crate::api::not_found_as(e, || not_found("delivery", &delivery_id)))?;
    Ok(Json(delivery(record)).into_response())
}
