//! What many operations share, written once: the headers and parameters every operation or many
//! take (named in `#[utoipa::path]` by their wire names, swapped for these by
//! [`super::Conventions`]) and the error answers of the licensing API (`response = ...` in
//! `#[utoipa::path]`, through [`ToResponse`]).

use std::collections::BTreeMap;

use utoipa::ToResponse;
use utoipa::openapi::extensions::Extensions;
use utoipa::openapi::header::{Header, HeaderBuilder};
use utoipa::openapi::path::{Parameter, ParameterBuilder, ParameterIn};
use utoipa::openapi::schema::{AllOfBuilder, AnyOfBuilder, ObjectBuilder, Schema, Type};
use utoipa::openapi::{ContentBuilder, Ref, RefOr, Required, Response, ResponseBuilder};

pub(super) const ID_PATTERN: &str = "^[A-Za-z0-9_-]{1,64}$";
const ETAG_PATTERN: &str = "^\"[!#-~]+\"$";
const IF_MATCH_PATTERN: &str = r#"^(\*|[ \t]*(W/)?"[!#-~]*"[ \t]*(,[ \t]*(W/)?"[!#-~]*"[ \t]*)*)$"#;

fn string() -> ObjectBuilder {
    ObjectBuilder::new().schema_type(Type::String)
}

fn pattern(p: &str) -> Schema {
    string().pattern(Some(p)).into()
}

fn uuid() -> Schema {
    string()
        // Named, not one of utoipa's known formats: those need its `uuid` feature, which would
        // build the uuid crate a second time for the derive macro.
        .format(Some(utoipa::openapi::SchemaFormat::Custom("uuid".into())))
        .into()
}

fn date_time() -> Schema {
    string()
        .format(Some(utoipa::openapi::SchemaFormat::KnownFormat(
            utoipa::openapi::KnownFormat::DateTime,
        )))
        .into()
}

fn one_value(v: &str) -> Schema {
    string().enum_values(Some([v])).into()
}

fn header(description: &str, schema: Schema, required: bool) -> Header {
    let mut h = HeaderBuilder::new()
        .schema(Some(schema))
        .description(Some(description))
        .build();
    if required {
        // utoipa's `Header` has no `required` (OpenAPI 3.1, Header Object); its flattened
        // extensions are written as they are.
        h.extensions = Some(Extensions::from_iter([("required", true)]));
    }
    h
}

/// `components/headers`, by component name, with the response header name each stands for.
pub(super) fn headers() -> Vec<(&'static str, &'static str, Header)> {
    const RFC6750: &str = "RFC 6750 §3.1.";
    const NOT_CACHED: &str = "Token responses are never cached.";
    vec![
        (
            "RequestId",
            "request-id",
            header(
                "This request's id (a GUID), on every response; quote it when reporting a problem.",
                uuid(),
                true,
            ),
        ),
        (
            "CorrelationId",
            "x-ms-correlation-id",
            header(
                "The request's `x-ms-correlation-id`, echoed when it is a GUID.",
                uuid(),
                false,
            ),
        ),
        (
            "ClientRequestId",
            "client-request-id",
            header(
                "The request's `client-request-id`, echoed when it is a GUID.",
                uuid(),
                false,
            ),
        ),
        (
            "ETag",
            "ETag",
            header(
                "Strong entity tag of the representation; send it back in `If-Match`.",
                pattern(ETAG_PATTERN),
                true,
            ),
        ),
        (
            "WWWAuthenticateInvalidToken",
            "",
            header(RFC6750, pattern("^Bearer error=\"invalid_token\""), true),
        ),
        (
            "WWWAuthenticateInsufficientScope",
            "",
            header(
                RFC6750,
                pattern("^Bearer error=\"insufficient_scope\""),
                true,
            ),
        ),
        (
            "RetryAfter",
            "Retry-After",
            header(
                "Seconds to wait before retrying.",
                pattern("^[0-9]+$"),
                true,
            ),
        ),
        (
            "Allow",
            "Allow",
            header("The methods the path takes.", string().into(), true),
        ),
        (
            "NoStore",
            "Cache-Control",
            header(NOT_CACHED, one_value("no-store"), true),
        ),
        (
            "NoCache",
            "Pragma",
            header(NOT_CACHED, one_value("no-cache"), true),
        ),
    ]
}

fn parameter(
    name: &str,
    place: ParameterIn,
    description: &str,
    schema: impl Into<RefOr<Schema>>,
) -> Parameter {
    let required = if place == ParameterIn::Path {
        Required::True
    } else {
        Required::False
    };
    ParameterBuilder::new()
        .name(name)
        .parameter_in(place)
        .required(required)
        .description(Some(description))
        .schema(Some(schema))
        .build()
}

fn examples(p: &str, values: &[&str]) -> Schema {
    let mut s = string();
    if !p.is_empty() {
        s = s.pattern(Some(p));
    }
    s.examples(values.iter().copied()).into()
}

/// `components/parameters`, by component name. Operations name them by their wire names.
pub(super) fn parameters() -> Vec<(&'static str, Parameter)> {
    const ECHOED: &str =
        "Echoed, and recorded in the journal, when it is a GUID; ignored otherwise.";
    vec![
        (
            "PolicyId",
            parameter(
                "policyId",
                ParameterIn::Path,
                "The policy. The only one is `AllowSelfServicePurchase` (matched case-insensitively); any other is a 404.",
                one_value(mscommerce_proto::ALLOW_SELF_SERVICE_PURCHASE),
            ),
        ),
        (
            "ProductId",
            parameter(
                "productId",
                ParameterIn::Path,
                "A product id such as `CFQ7TTC0H9MP` (case-insensitive) or a legacy id, which acts on the current product. Anything that is not 1 to 64 letters, digits, `-` or `_` is a 400; an unknown id a 404.",
                examples(
                    ID_PATTERN,
                    &["CFQ7TTC0HDB1", "CFQ7TTC0HD33", "CFQ7TTC0KXND"],
                ),
            ),
        ),
        (
            "Id",
            parameter(
                "id",
                ParameterIn::Path,
                "The id (a GUID) of a license request or a webhook, as creating it answered. One that is not yours to see is a 404.",
                examples(
                    "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$",
                    &["01938f2e-6b1c-7d3e-8f00-0123456789ab"],
                ),
            ),
        ),
        (
            "DeliveryId",
            parameter(
                "deliveryId",
                ParameterIn::Path,
                "A delivery's id (a GUID, its `webhook-id`), as the deliveries list shows it.",
                examples(
                    "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$",
                    &["01938f2e-6b1c-7d3e-8f00-0123456789ac"],
                ),
            ),
        ),
        (
            "OfferType",
            parameter(
                "offerType",
                ParameterIn::Path,
                "An offer type such as `SaaS` (case-insensitive). Malformed is a 400, unknown a 404.",
                examples(ID_PATTERN, &["SaaS", "POWERBIVISUALS"]),
            ),
        ),
        (
            "Since",
            parameter(
                "since",
                ParameterIn::Query,
                "RFC 3339 (e.g. `2026-11-20T09:00:00Z`): only what was made at or after this time.",
                date_time(),
            ),
        ),
        (
            "Until",
            parameter(
                "until",
                ParameterIn::Query,
                "RFC 3339: only what was made before this time (after `since`).",
                date_time(),
            ),
        ),
        (
            "Top",
            parameter(
                "top",
                ParameterIn::Query,
                "Items per page, 1 to 1000 (100 when absent, 20 for a webhook's deliveries).",
                ObjectBuilder::new()
                    .schema_type(Type::Integer)
                    .minimum(Some(1))
                    .maximum(Some(1000)),
            ),
        ),
        (
            "SkipToken",
            parameter(
                "skipToken",
                ParameterIn::Query,
                "Opaque: only as `nextLink` carries it, with the same filters.",
                string(),
            ),
        ),
        (
            "Scope",
            parameter(
                "scope",
                ParameterIn::Query,
                "`product` (the default) or `OfferType`, case-insensitive.",
                string().enum_values(Some(["product", "OfferType"])),
            ),
        ),
        (
            "IncludeEtag",
            parameter(
                "includeEtag",
                ParameterIn::Query,
                "`true` adds each item's `etag` (quoted, as an `ETag` header) for batch `ifMatch`; the original's list shape has none. Case-insensitive.",
                ObjectBuilder::new()
                    .schema_type(Type::Boolean)
                    .default(Some(false.into())),
            ),
        ),
        (
            "IfMatch",
            parameter(
                "If-Match",
                ParameterIn::Header,
                "`*` or a list of quoted entity tags from `ETag` headers (strong comparison: a weak tag never matches). When it does not match the current tag: 412, unless the requested value is already in place.",
                pattern(IF_MATCH_PATTERN),
            ),
        ),
        (
            "CorrelationId",
            parameter(
                mscommerce_proto::headers::CORRELATION_ID,
                ParameterIn::Header,
                ECHOED,
                string(),
            ),
        ),
        (
            "ClientRequestId",
            parameter(
                mscommerce_proto::headers::CLIENT_REQUEST_ID,
                ParameterIn::Header,
                ECHOED,
                string(),
            ),
        ),
        (
            "Tenant",
            parameter(
                "tenant",
                ParameterIn::Path,
                "A tenant's domain name or id; `organizations` or `common` where the credentials decide (password, client credentials, refresh token).",
                examples(
                    "",
                    &[
                        "contoso.example",
                        "5d1a7b8e-0c1f-4b6e-9a51-7c0e3b2f4a01",
                        "organizations",
                    ],
                ),
            ),
        ),
        (
            "UserName",
            parameter(
                "username",
                ParameterIn::Path,
                "A user name (`user@domain`) or a domain.",
                examples("", &["admin@contoso.example"]),
            ),
        ),
    ]
}

/// The error envelope with this `errorCode`.
pub(super) fn api_error(code: &str) -> Schema {
    AllOfBuilder::new()
        .item(Ref::from_schema_name("ApiError"))
        .item(ObjectBuilder::new().property("errorCode", one_value(code)))
        .into()
}

fn header_ref(name: &str) -> Ref {
    Ref::new(format!("#/components/headers/{name}"))
}

/// An answer of the licensing API: the envelope with `code`, the tracing headers and `extra`
/// ones (`(wire name, component name)`).
fn api_response(description: &str, code: &str, extra: &[(&str, &str)]) -> Response {
    let mut r = traced()
        .description(description)
        .content(
            "application/json",
            ContentBuilder::new().schema(Some(api_error(code))).build(),
        )
        .header_ref("x-ms-correlation-id", header_ref("CorrelationId"))
        .header_ref("client-request-id", header_ref("ClientRequestId"));
    for (wire, component) in extra {
        r = r.header_ref(*wire, header_ref(component));
    }
    r.build()
}

/// A shared answer: a name in `components/responses`, for `response = ...` in `#[utoipa::path]`.
macro_rules! shared_responses {
    ($($name:ident => $response:expr;)*) => {
        $(
            pub struct $name;
            impl<'r> ToResponse<'r> for $name {
                fn response() -> (&'r str, RefOr<Response>) {
                    (stringify!($name), RefOr::T($response))
                }
            }
        )*
        /// Every shared answer, for `components/responses`.
        pub(super) fn responses() -> BTreeMap<String, RefOr<Response>> {
            [$(<$name as ToResponse>::response()),*]
                .into_iter()
                .map(|(name, r)| (name.to_owned(), r))
                .collect()
        }
    };
}

shared_responses! {
    BadRequest => api_response(
        "The request is not valid: a malformed id in the path, an unknown `scope`, a body that is not exactly the documented object, a value the target does not allow (`allowedValues` lists the ones it does), or an `If-Match` that is not `*` or a list of quoted entity tags. The reason says what to send instead.",
        "BadRequest",
        &[],
    );
    Unauthorized => api_response(
        "No bearer token, or a token that was refused (malformed, bad signature, expired, not yet valid, wrong audience or issuer, unknown key). Sign in again and retry.",
        "InvalidToken",
        &[("WWW-Authenticate", "WWWAuthenticateInvalidToken")],
    );
    Forbidden => api_response(
        "The caller is known but may not do this: `required` names the directory roles or app permissions that may, `caller` says who the service took the caller for. A user token without the `LicenseManager.AccessAsUser` scope is refused the same way.",
        "Forbidden",
        &[("WWW-Authenticate", "WWWAuthenticateInsufficientScope")],
    );
    NotFound => api_response(
        "Unknown policy, product or offer type. Unknown ids answer the same in every tenant.",
        "NotFound",
        &[],
    );
    PreconditionFailed => api_response(
        "`If-Match` does not match the current entity tag (someone changed it since you read it). `ETag` carries the current tag: read again, then retry.",
        "PreconditionFailed",
        &[("ETag", "ETag")],
    );
    BatchPreconditionFailed => api_response(
        "An item's `ifMatch` (or the default's) no longer matches: `failedItem` names it and carries its current `etag`. Nothing was changed.",
        "PreconditionFailed",
        &[],
    );
    PayloadTooLarge => api_response(
        "The body is larger than the configured limit (`limits.max_body_bytes`, 64 KiB by default); it was not read.",
        "PayloadTooLarge",
        &[],
    );
    UnsupportedMediaType => api_response(
        "The body must be JSON: send `Content-Type: application/json`.",
        "UnsupportedMediaType",
        &[],
    );
    TooManyRequests => api_response(
        "The tenant or the caller has used up its request budget. Wait `Retry-After` seconds.",
        "TooManyRequests",
        &[("Retry-After", "RetryAfter")],
    );
    ServiceUnavailable => api_response(
        "The service is at its limit of requests in flight, the request took longer than the request timeout, or the database is unavailable. Retry after `Retry-After` seconds.",
        "ServiceUnavailable",
        &[("Retry-After", "RetryAfter")],
    );
    MethodNotAllowed => api_response(
        "The path exists but not with this method. `Allow` lists the methods it takes. Answered before authentication, on every path of this document.",
        "MethodNotAllowed",
        &[("Allow", "Allow")],
    );
    FormTooLarge => traced()
        .description("The form is larger than the configured body limit.")
        .content(
            "application/json",
            ContentBuilder::new().schema(Some(api_error("PayloadTooLarge"))).build(),
        )
        .build();
    IdentityUnavailable => traced()
        .description("The directory is unavailable (`temporarily_unavailable`), or the service is at its limit of requests in flight or timed out (the API's envelope). Retry later.")
        .content(
            "application/json",
            ContentBuilder::new()
                .schema(Some(
                    AnyOfBuilder::new()
                        .item(Ref::from_schema_name("OAuthError"))
                        .item(api_error("ServiceUnavailable")),
                ))
                .build(),
        )
        .build();
    Busy => busy("The service is at its limit of requests in flight or timed out.");
    DatabaseUnavailable => busy("The database does not answer.");
    NotReady => busy("Not ready: the database does not answer, or the signing keys cannot be read; `reason` says which.");
    PageUnavailable => traced()
        .description("The directory is unavailable (HTML page), or the service is at its limit of requests in flight or timed out (JSON envelope).")
        .content("text/html", html())
        .content(
            "application/json",
            ContentBuilder::new().schema(Some(api_error("ServiceUnavailable"))).build(),
        )
        .build();
}

/// Every answer carries `request-id`.
fn traced() -> ResponseBuilder {
    ResponseBuilder::new().header_ref(
        mscommerce_proto::headers::REQUEST_ID,
        header_ref("RequestId"),
    )
}

fn html() -> utoipa::openapi::Content {
    ContentBuilder::new().schema(Some(string())).build()
}

/// A 503 of the front door (in-flight limit or timeout) on an operation that otherwise answers
/// no JSON envelope.
fn busy(description: &str) -> Response {
    traced()
        .description(description)
        .header_ref("Retry-After", header_ref("RetryAfter"))
        .content(
            "application/json",
            ContentBuilder::new()
                .schema(Some(api_error("ServiceUnavailable")))
                .build(),
        )
        .build()
}
