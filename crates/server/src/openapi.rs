//! The OpenAPI 3.1 document of the whole service, generated with utoipa and served at
//! `GET /openapi.json`.
//!
//! [`document`] derives it: each operation from the `#[utoipa::path]` on its handler (in `api`,
//! `idp_routes`, `app` and here), the schemas from the wire types (`mscommerce-proto`'s `ToSchema`
//! derives, its `openapi` feature) and the few shapes in [`shapes`], and what many operations
//! share from [`shared`], applied by [`Conventions`]. The bytes served are the committed
//! `crates/server/openapi.json`, embedded (nothing to build at start; what is served is what was
//! reviewed); the API tests fail when it differs from [`document`] and rewrite it with
//! `UPDATE_OPENAPI=1`. Why generated: docs/decisions.md, "The API description, generated".

use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use utoipa::openapi::path::Operation;
use utoipa::openapi::schema::{AdditionalProperties, AnyOfBuilder, ArrayItems, Schema};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityRequirement, SecurityScheme};
use utoipa::openapi::{OpenApi as Document, Ref, RefOr};
use utoipa::{Modify, OpenApi};

pub(crate) mod shapes;
pub mod shared;

/// The document, as committed.
pub const DOCUMENT: &str = include_str!("../openapi.json");

/// The document, derived from the code.
pub fn document() -> Document {
    ApiDoc::openapi()
}

/// [`document`] as committed: pretty JSON with a final newline.
pub fn document_json() -> String {
    let mut json = serde_json::to_string_pretty(&document())
        .unwrap_or_else(|e| unreachable!("an OpenAPI document always serializes: {e}"));
    json.push('\n');
    json
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "mscommerce",
        description = "Self-service purchase policies for Microsoft 365 tenants, wire-compatible with the MSCommerce licensing API, and a built-in Entra-shaped identity provider.

The licensing API is served under `/v1.0` and `/v1` (the same operations). The tenant is always the token's `tid`, never anything in the request, except in purchase decisions: a storefront application (which sells to every organization) names the tenant it asks about.

Errors of the licensing API are `{\"errorCode\", \"reason\"}` plus optional members (`allowedValues`, `required`, `caller`, `requestId`, `correlationId`). Every response carries `request-id`; GUID `x-ms-correlation-id` and `client-request-id` are echoed. Any path of this document called with a method it does not list answers 405 with `Allow` (see the `MethodNotAllowed` response); unknown paths answer 404. A body over the configured limit answers 413 before it is read. The service never answers 500 for anything a client sends.

The identity endpoints answer errors in Entra ID's OAuth shape (`error`, `error_description`, `error_codes`, `timestamp`, `trace_id`, `correlation_id`).",
        license(name = "MIT OR Apache-2.0", identifier = "MIT OR Apache-2.0"),
    ),
    tags(
        (name = "licensing", description = "The licensing API of the MSCommerce PowerShell module."),
        (name = "purchases", description = "The purchase side: the decisions storefronts ask for, and the purchases and trials they record."),
        (name = "licenseRequests", description = "Users ask for licenses; admins approve or deny."),
        (name = "webhooks", description = "Admins told what happened: signed deliveries of the tenant's events."),
        (name = "identity", description = "The built-in, Entra-shaped identity provider."),
        (name = "operations", description = "Health and this document."),
    ),
    paths(
        crate::api::list_policies,
        crate::api::get_policy,
        crate::api::put_policy,
        crate::api::list_products,
        crate::api::patch_products,
        crate::api::get_product,
        crate::api::put_product,
        crate::api::get_offer_type,
        crate::api::put_offer_type,
        crate::api::audit_log,
        crate::evaluate::evaluate,
        crate::purchases::record_purchase,
        crate::purchases::list_purchases,
        crate::license_requests::file_request,
        crate::license_requests::list_requests,
        crate::license_requests::get_request,
        crate::license_requests::approve_request,
        crate::license_requests::deny_request,
        crate::license_requests::get_settings,
        crate::license_requests::put_settings,
        crate::webhooks::add_webhook,
        crate::webhooks::list_webhooks,
        crate::webhooks::remove_webhook,
        crate::webhooks::list_deliveries,
        crate::webhooks::replay_delivery,
        crate::idp_routes::openid_configuration,
        crate::idp_routes::jwks,
        crate::idp_routes::device_code,
        crate::idp_routes::token,
        crate::idp_routes::device_page,
        crate::idp_routes::device_submit,
        crate::idp_routes::user_realm,
        crate::app::healthz,
        crate::app::readyz,
        serve,
    ),
    components(schemas(
        mscommerce_proto::ApiError,
        mscommerce_proto::OAuthError,
        shapes::ProductPolicyList,
        shapes::OfferTypePolicyList,
    )),
    modifiers(&Conventions),
)]
struct ApiDoc;

/// `GET /openapi.json`.
#[utoipa::path(
    get,
    path = "/openapi.json",
    tag = "operations",
    summary = "This document",
    description = "The OpenAPI description of the whole service.",
    responses(
        (status = 200, description = "The document.", content_type = "application/json",
            body = Object),
        (status = 503, response = shared::Busy),
    ),
)]
pub async fn serve() -> Response {
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        DOCUMENT,
    )
        .into_response()
}

/// What the operations share, applied to every one of them instead of repeated on each: the
/// shared headers, parameters and answers (`shared`), the bearer scheme on the licensing API with
/// the answers every licensing call or write may get, and `/v1` beside `/v1.0`.
struct Conventions;

impl Modify for Conventions {
    fn modify(&self, doc: &mut Document) {
        let components = doc.components.get_or_insert_with(Default::default);
        components.security_schemes.insert(
            "bearerAuth".into(),
            RefOr::T(SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .description(Some(format!(
                        "An RS256 access token for the audience `{app}` (scope `{scope}`), from the built-in provider (`/{{tenant}}/oauth2/v2.0/token`) or a configured external issuer such as Entra ID. User tokens need the scope `{user_scope}` and a directory role in `wids`; app-only tokens (`idtyp=app`) an app permission in `roles`.",
                        app = mscommerce_proto::RESOURCE_APP_ID,
                        scope = mscommerce_proto::RESOURCE_DEFAULT_SCOPE,
                        user_scope = mscommerce_proto::SCOPE_ACCESS_AS_USER,
                    )))
                    .build(),
            )),
        );
        let headers = shared::headers();
        for (name, _, h) in &headers {
            components
                .headers
                .insert((*name).into(), RefOr::T(h.clone()));
        }
        let parameters = shared::parameters();
        for (name, p) in &parameters {
            components
                .parameters
                .insert((*name).into(), RefOr::T(p.clone()));
        }
        components.responses.extend(shared::responses());
        // A product list or an offer-type list: an empty list is both, so `anyOf`.
        components.schemas.insert(
            "ProductPoliciesResult".into(),
            RefOr::T(
                AnyOfBuilder::new()
                    .item(Ref::from_schema_name("ProductPolicyList"))
                    .item(Ref::from_schema_name("OfferTypePolicyList"))
                    .into(),
            ),
        );
        for (name, schema) in &mut components.schemas {
            close(name, schema);
        }

        let header_refs = |wire: &str| {
            headers
                .iter()
                .find(|(_, w, _)| w.eq_ignore_ascii_case(wire))
                .map(|(name, _, _)| component_ref("headers", name))
        };
        for item in doc.paths.paths.values_mut() {
            for op in operations(item) {
                // The licensing API and the purchase side: bearer tokens, the same envelope.
                let licensing = op
                    .tags
                    .as_ref()
                    .is_some_and(|t| t.iter().any(|t| t == "licensing" || t == "purchases"));
                let operations = op
                    .tags
                    .as_ref()
                    .is_some_and(|t| t.iter().any(|t| t == "operations"));
                // Parameters named by their wire names become the shared ones.
                let mut params = op.parameters.take().unwrap_or_default();
                for p in &mut params {
                    if let RefOr::T(param) = p
                        && let Some((name, _)) = parameters.iter().find(|(_, s)| {
                            s.name == param.name && s.parameter_in == param.parameter_in
                        })
                    {
                        *p = component_ref("parameters", name);
                    }
                }
                if !operations {
                    params.push(component_ref("parameters", "CorrelationId"));
                    params.push(component_ref("parameters", "ClientRequestId"));
                }
                op.parameters = (!params.is_empty()).then_some(params);
                if licensing {
                    // Every licensing call needs a token and a role, and may meet the limits;
                    // every write also the body checks, before its own.
                    op.security = Some(vec![SecurityRequirement::new("bearerAuth", [""; 0])]);
                    let mut shared = vec![
                        ("401", "Unauthorized"),
                        ("403", "Forbidden"),
                        ("429", "TooManyRequests"),
                        ("503", "ServiceUnavailable"),
                    ];
                    if op.request_body.is_some() {
                        shared.extend([
                            ("400", "BadRequest"),
                            ("413", "PayloadTooLarge"),
                            ("415", "UnsupportedMediaType"),
                        ]);
                    }
                    for (status, name) in shared {
                        op.responses
                            .responses
                            .insert(status.into(), component_ref("responses", name));
                    }
                }
                for response in op.responses.responses.values_mut() {
                    let RefOr::T(response) = response else {
                        continue;
                    };
                    // Headers named by their wire names become the shared ones; every answer has
                    // `request-id`, and the licensing API's echo the caller's ids.
                    let named: Vec<String> = response.headers.keys().cloned().collect();
                    for wire in named {
                        if let Some(r) = header_refs(&wire) {
                            response.headers.insert(wire, r);
                        }
                    }
                    let mut added = vec![mscommerce_proto::headers::REQUEST_ID];
                    if licensing {
                        added.push(mscommerce_proto::headers::CORRELATION_ID);
                        added.push(mscommerce_proto::headers::CLIENT_REQUEST_ID);
                    }
                    // An OAuth error is never cached (`idp_routes::oauth_error`).
                    if is_oauth_error(response) {
                        added.extend(["Cache-Control", "Pragma"]);
                    }
                    for wire in added {
                        if let Some(r) = header_refs(wire) {
                            response.headers.insert(wire.into(), r);
                        }
                    }
                }
            }
        }
        // utoipa names a generic type by its arguments; the lists keep the names clients know.
        rename_schema(doc, "Items_Policy", "PolicyList");
        rename_schema(doc, "Items_AuditLogEntry", "AuditLogPage");
        // The same operations under `/v1` (the router serves both prefixes), with their own
        // operation ids (they must be unique in the document).
        let v1: Vec<(String, _)> = doc
            .paths
            .paths
            .iter()
            .filter_map(|(path, item)| {
                let rest = path.strip_prefix("/v1.0/")?;
                let mut item = item.clone();
                for op in operations(&mut item) {
                    op.operation_id = op.operation_id.take().map(|id| format!("{id}_v1"));
                }
                Some((format!("/v1/{rest}"), item))
            })
            .collect();
        doc.paths.paths.extend(v1);
    }
}

/// Renames a schema the operations' answers refer to (and nothing else does).
fn rename_schema(doc: &mut Document, from: &str, to: &str) {
    let Some(schema) = doc.components.as_mut().and_then(|c| c.schemas.remove(from)) else {
        return;
    };
    if let Some(components) = doc.components.as_mut() {
        components.schemas.insert(to.into(), schema);
    }
    let (from, to) = (
        format!("#/components/schemas/{from}"),
        format!("#/components/schemas/{to}"),
    );
    for item in doc.paths.paths.values_mut() {
        for op in operations(item) {
            for response in op.responses.responses.values_mut() {
                let RefOr::T(response) = response else {
                    continue;
                };
                for content in response.content.values_mut() {
                    if let RefOr::T(content) = content
                        && let Some(RefOr::Ref(r)) = &mut content.schema
                        && r.ref_location == from
                    {
                        r.ref_location.clone_from(&to);
                    }
                }
            }
        }
    }
}

fn is_oauth_error(response: &utoipa::openapi::Response) -> bool {
    let oauth = "#/components/schemas/OAuthError";
    matches!(
        response.content.get("application/json"),
        Some(RefOr::T(content)) if matches!(&content.schema, Some(RefOr::Ref(r)) if r.ref_location == oauth)
    )
}

fn component_ref<T>(kind: &str, name: &str) -> RefOr<T> {
    RefOr::Ref(Ref::new(format!("#/components/{kind}/{name}")))
}

fn operations(item: &mut utoipa::openapi::PathItem) -> impl Iterator<Item = &mut Operation> {
    [
        &mut item.get,
        &mut item.put,
        &mut item.post,
        &mut item.patch,
        &mut item.delete,
    ]
    .into_iter()
    .filter_map(Option::as_mut)
}

/// The service writes exactly the members of its types (serde), so their schemas say so, down
/// to the objects inlined in them (a generic list inlines its items); forms are read leniently
/// and stay open.
fn close(name: &str, schema: &mut RefOr<Schema>) {
    if name.ends_with("Form") {
        return;
    }
    match schema {
        RefOr::T(Schema::Object(object)) if !object.properties.is_empty() => {
            object.additional_properties = Some(Box::new(AdditionalProperties::FreeForm(false)));
            for property in object.properties.values_mut() {
                close(name, property);
            }
        }
        RefOr::T(Schema::Array(array)) => {
            if let ArrayItems::RefOrSchema(items) = &mut array.items {
                close(name, items);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_document_is_openapi_3_1_of_this_version() {
        let doc: serde_json::Value = serde_json::from_str(DOCUMENT).unwrap();
        assert_eq!(doc["openapi"], "3.1.0");
        assert_eq!(doc["info"]["version"], env!("CARGO_PKG_VERSION"));
        assert!(doc["paths"].as_object().is_some_and(|p| !p.is_empty()));
    }
}
