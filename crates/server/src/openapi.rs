//! The OpenAPI 3.1 document of the whole service, served at `GET /openapi.json`.
//!
//! The document is written by hand and committed as `crates/server/openapi.json` (generating it
//! from annotations would cost a heavy proc-macro dependency and annotations on every wire type).
//! It cannot drift silently: the API test binary (`tests/api/openapi.rs`) checks that every path
//! and method it lists is routed, that every route the router serves is listed, and that real
//! responses of every operation (successes and each error) match its schemas and headers; and
//! `scripts/schemathesis` runs schemathesis against it.

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
