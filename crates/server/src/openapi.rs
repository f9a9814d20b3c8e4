//! The OpenAPI 3.1 document of the whole service, served at `GET /openapi.json`.
//!
//! The document is written by hand and committed as `crates/server/openapi.json`, embedded in the
//! binary (nothing to build at start, the bytes served are the bytes reviewed). It cannot drift
//! silently; the API test binary (`tests/api/openapi.rs`) holds it to the code three ways:
//! - to the wire types: every `mscommerce-proto` type's schema, derived by utoipa (`ToSchema`
//!   behind proto's `openapi` feature, enabled only by this crate's tests), has exactly the
//!   members of its schema in the document;
//! - to the router: every path of the router's own table (`crate::route_table`) is documented;
//!   over HTTP, every documented operation is routed, other methods on its path are 405 with the
//!   documented `Allow`, and paths it does not list are 404;
//! - to real responses: every operation's successes and errors are validated against its
//!   schemas and headers (the `jsonschema` crate).
//!
//! `scripts/schemathesis` runs schemathesis against it. Why not generated: docs/decisions.md,
//! "The API's description".

use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};

/// The document, as committed.
pub const DOCUMENT: &str = include_str!("../openapi.json");

/// `GET /openapi.json`.
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
