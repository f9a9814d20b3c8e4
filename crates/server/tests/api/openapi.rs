//! The OpenAPI document, generated from the code (`mscommerce_server::openapi::document`),
//! against the committed `crates/server/openapi.json` and the running service:
//! - the committed file is the generated document (`UPDATE_OPENAPI=1` rewrites it), and it is
//!   what `/openapi.json` serves;
//! - every path and method it lists is routed (a licensing call without a token is a 401, an
//!   identity call is answered, never 404/405), and every other method on its paths is a 405
//!   whose `Allow` lists exactly the documented methods;
//! - its paths are exactly the router's (its own table, `mscommerce_server::app::route_table`),
//!   and a path it does not list is a 404;
//! - the shapes it describes beside the wire types (list items with `etag`, batch variants) have
//!   the members of those types;
//! - real responses of every operation, successes and each error status, match the documented
//!   status codes, media types, headers and JSON schemas (the `jsonschema` crate, JSON Schema
//!   2020-12 as OpenAPI 3.1 uses it; the long, generated run is `scripts/schemathesis`).

use std::collections::{BTreeMap, BTreeSet};

use mscommerce_server::config::{FileConfig, LimitsFile};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::*;

/// The methods a route may be built with; HEAD comes with GET.
const METHODS: [&str; 5] = ["get", "put", "post", "patch", "delete"];

// ---------------------------------------------------------------------------------------------
// The document.

struct Doc {
    root: Value,
}

/// One operation: its path template, method, the operation object and every parameter that
/// applies (path-level and operation-level, resolved).
#[derive(Debug, Clone)]
struct Op {
    path: String,
    method: String,
    op: Value,
    params: Vec<Value>,
}

impl Op {
    fn secured(&self) -> bool {
        self.op["security"]
            .as_array()
            .is_some_and(|s| s.iter().any(|r| r.get("bearerAuth").is_some()))
    }
}

impl Doc {
    fn load() -> Doc {
        Doc {
            root: serde_json::to_value(mscommerce_server::openapi::document())
                .expect("the document serializes"),
        }
    }

    /// Follows `$ref`s (local ones only: the document is self-contained).
    fn resolve<'a>(&'a self, mut v: &'a Value) -> &'a Value {
        for _ in 0..32 {
            let Some(r) = v.get("$ref").and_then(Value::as_str) else {
                return v;
            };
            let pointer = r
                .strip_prefix('#')
                .unwrap_or_else(|| panic!("non-local $ref {r}"));
            v = self
                .root
                .pointer(pointer)
                .unwrap_or_else(|| panic!("dangling $ref {r}"));
        }
        panic!("$ref chain too long");
    }

    fn operations(&self) -> Vec<Op> {
        let mut ops = Vec::new();
        for (path, item) in self.root["paths"].as_object().expect("paths") {
            let item = self.resolve(item);
            let shared: Vec<Value> = item["parameters"]
                .as_array()
                .map(|ps| ps.iter().map(|p| self.resolve(p).clone()).collect())
                .unwrap_or_default();
            for method in METHODS.iter().chain(&["head", "options", "trace"]) {
                let Some(op) = item.get(*method) else {
                    continue;
                };
                let mut params = shared.clone();
                if let Some(ps) = op["parameters"].as_array() {
                    params.extend(ps.iter().map(|p| self.resolve(p).clone()));
                }
                ops.push(Op {
                    path: path.clone(),
                    method: (*method).to_owned(),
                    op: op.clone(),
                    params,
                });
            }
        }
        ops
    }

    /// The operation documenting `method` on `concrete` (a request path), preferring the
    /// template with the most literal segments.
    fn find(&self, method: &str, concrete: &str) -> Option<Op> {
        self.operations()
            .into_iter()
            .filter(|o| o.method == method && template_matches(&o.path, concrete))
            .max_by_key(|o| o.path.split('/').filter(|s| !s.starts_with('{')).count())
    }
}

fn template_matches(template: &str, concrete: &str) -> bool {
    let concrete = concrete.split('?').next().unwrap_or("");
    let t: Vec<&str> = template.split('/').collect();
    let c: Vec<&str> = concrete.split('/').collect();
    t.len() == c.len()
        && t.iter()
            .zip(&c)
            .all(|(t, c)| (t.starts_with('{') && !c.is_empty()) || t == c)
}

/// A request path for a template: each path parameter takes its first example (or enum value).
fn concrete_path(op: &Op) -> String {
    op.path
        .split('/')
        .map(|seg| {
            let Some(name) = seg.strip_prefix('{').and_then(|s| s.strip_suffix('}')) else {
                return seg.to_owned();
            };
            let param = op
                .params
                .iter()
                .find(|p| p["in"] == "path" && p["name"] == name)
                .unwrap_or_else(|| panic!("{} {}: no parameter {name}", op.method, op.path));
            let schema = &param["schema"];
            schema["examples"][0]
                .as_str()
                .or_else(|| schema["enum"][0].as_str())
                .unwrap_or_else(|| panic!("{}: parameter {name} has no example", op.path))
                .to_owned()
        })
        .collect::<Vec<_>>()
        .join("/")
}

// ---------------------------------------------------------------------------------------------
// Schemas: the `jsonschema` crate, with the document's components beside each schema so that its
// local `$ref`s (`#/components/...`) resolve.

fn validate(doc: &Doc, schema: &Value, v: &Value, at: &str, errors: &mut Vec<String>) {
    let mut root = match schema {
        Value::Object(map) => map.clone(),
        Value::Bool(true) => return,
        other => panic!("{at}: not a schema: {other}"),
    };
    root.insert("components".into(), doc.root["components"].clone());
    let validator = jsonschema::options()
        .with_draft(jsonschema::Draft::Draft202012)
        .build(&Value::Object(root))
        .unwrap_or_else(|e| panic!("{at}: the document's schema does not compile: {e}"));
    errors.extend(
        validator
            .iter_errors(v)
            .map(|e| format!("{at}{}: {e}", e.instance_path())),
    );
}

// ---------------------------------------------------------------------------------------------
// Responses against the document.

/// Every way `r` (the answer to `method` on `path`) departs from what the document says.
fn check_response(doc: &Doc, method: &str, path: &str, r: &Reply) -> Vec<String> {
    let Some(op) = doc.find(method, path) else {
        return vec![format!("{method} {path} is not in the document")];
    };
    let status = r.status.as_u16().to_string();
    let Some(response) = op.op["responses"]
        .get(&status)
        .or_else(|| op.op["responses"].get("default"))
    else {
        return vec![format!(
            "{method} {path} answered {status}, which {} {} does not document: {}",
            op.method, op.path, r.text
        )];
    };
    check_against(
        doc,
        doc.resolve(response),
        &format!("{method} {path} {status}"),
        r,
    )
}

fn check_against(doc: &Doc, response: &Value, label: &str, r: &Reply) -> Vec<String> {
    let mut errors = Vec::new();
    if let Some(headers) = response["headers"].as_object() {
        for (name, h) in headers {
            let h = doc.resolve(h);
            match r.header(name) {
                None if h["required"] == true => {
                    errors.push(format!("{label}: required header {name} is missing"));
                }
                None => {}
                Some(value) => validate(
                    doc,
                    &h["schema"],
                    &Value::String(value.to_owned()),
                    &format!("{label} header {name}"),
                    &mut errors,
                ),
            }
        }
    }
    if let Some(content) = response["content"].as_object() {
        let ct = r.header("content-type").unwrap_or("");
        let mime = ct
            .split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase();
        match content.get(&mime) {
            None => errors.push(format!(
                "{label}: content type {ct:?} is not one of {:?}",
                content.keys().collect::<Vec<_>>()
            )),
            Some(media) if mime == "application/json" => {
                let body: Value = match serde_json::from_str(&r.text) {
                    Ok(b) => b,
                    Err(e) => {
                        errors.push(format!("{label}: the body is not JSON ({e}): {}", r.text));
                        return errors;
                    }
                };
                validate(
                    doc,
                    &media["schema"],
                    &body,
                    &format!("{label} body"),
                    &mut errors,
                );
            }
            Some(media) => validate(
                doc,
                &media["schema"],
                &Value::String(r.text.clone()),
                &format!("{label} body"),
                &mut errors,
            ),
        }
    }
    errors
}

// ---------------------------------------------------------------------------------------------
// Requests.

struct Req<'a> {
    method: Method,
    path: String,
    token: Option<&'a str>,
    headers: Vec<(&'static str, String)>,
    body: Option<(&'static str, Vec<u8>)>,
}

impl<'a> Req<'a> {
    fn new(method: Method, path: impl Into<String>) -> Self {
        Req {
            method,
            path: path.into(),
            token: None,
            headers: Vec::new(),
            body: None,
        }
    }
    fn token(mut self, t: &'a str) -> Self {
        self.token = Some(t);
        self
    }
    fn header(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.headers.push((name, value.into()));
        self
    }
    fn json(mut self, v: &Value) -> Self {
        self.body = Some(("application/json", v.to_string().into_bytes()));
        self
    }
    fn raw(mut self, content_type: &'static str, body: impl Into<Vec<u8>>) -> Self {
        self.body = Some((content_type, body.into()));
        self
    }
    fn form(self, pairs: &[(&str, &str)]) -> Self {
        let body = pairs
            .iter()
            .map(|(k, v)| format!("{k}={}", form_value(v)))
            .collect::<Vec<_>>()
            .join("&");
        self.raw("application/x-www-form-urlencoded", body)
    }

    async fn send(&self, app: &TestApp) -> Reply {
        let mut req = app
            .http
            .request(self.method.clone(), format!("{}{}", app.url, self.path));
        if let Some(t) = self.token {
            req = req.bearer_auth(t);
        }
        for (name, value) in &self.headers {
            req = req.header(*name, value);
        }
        if let Some((ct, body)) = &self.body {
            req = req.header("content-type", *ct).body(body.clone());
        }
        read(req.send().await.expect("request")).await
    }
}

fn form_value(s: &str) -> String {
    percent_encoding::utf8_percent_encode(s, percent_encoding::NON_ALPHANUMERIC).to_string()
}

/// The body the probes send to an operation: what its request body documents, or nothing.
fn probe_body<'a>(op: &Op, req: Req<'a>) -> Req<'a> {
    let content = &op.op["requestBody"]["content"];
    if content.get("application/json").is_some() {
        req.json(&json!({}))
    } else if content.get("application/x-www-form-urlencoded").is_some() {
        req.form(&[])
    } else {
        req
    }
}

// ---------------------------------------------------------------------------------------------
// The tests.

/// The committed file is the generated document; `UPDATE_OPENAPI=1` writes it.
#[test]
fn the_committed_document_is_the_generated_one() {
    let generated = mscommerce_server::openapi::document_json();
    if std::env::var_os("UPDATE_OPENAPI").is_some_and(|v| v == "1") {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/openapi.json");
        std::fs::write(path, &generated).expect("write openapi.json");
        return;
    }
    assert!(
        generated == mscommerce_server::openapi::DOCUMENT,
        "openapi.json is out of date: run UPDATE_OPENAPI=1 cargo test -p mscommerce-server --test api openapi"
    );
}

#[tokio::test]
async fn the_served_document_is_the_committed_one() {
    let app = spawn_app().await;
    let r = Req::new(Method::GET, "/openapi.json").send(&app).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.text, mscommerce_server::openapi::DOCUMENT);
}

#[tokio::test]
async fn every_documented_operation_is_routed_and_every_other_method_is_a_405() {
    let app = spawn_app().await;
    let doc = Doc::load();
    let mut failures = Vec::new();
    let ops = doc.operations();
    assert!(ops.len() >= 20, "{} operations", ops.len());
    for op in &ops {
        let path = concrete_path(op);
        let method = Method::from_bytes(op.method.to_uppercase().as_bytes()).unwrap();
        let r = probe_body(op, Req::new(method, &path)).send(&app).await;
        let label = format!("{} {path}", op.method.to_uppercase());
        if op.secured() {
            // Routed, and guarded: without a token, a 401 that says why.
            if r.status != StatusCode::UNAUTHORIZED
                || !r
                    .header("www-authenticate")
                    .is_some_and(|h| h.starts_with("Bearer error=\"invalid_token\""))
            {
                failures.push(format!("{label} without a token: {} {}", r.status, r.text));
            }
        } else if matches!(r.status.as_u16(), 404 | 405) {
            failures.push(format!("{label} is not routed: {} {}", r.status, r.text));
        }
        failures.extend(check_response(&doc, &op.method, &path, &r));
    }
    // On every documented path, the methods it does not list are refused with 405 and an
    // `Allow` that lists exactly the documented ones.
    let by_path: BTreeMap<&str, Vec<&Op>> = ops.iter().fold(BTreeMap::new(), |mut m, o| {
        m.entry(o.path.as_str()).or_default().push(o);
        m
    });
    for (template, ops) in by_path {
        let path = concrete_path(ops[0]);
        let mut documented: BTreeSet<String> =
            ops.iter().map(|o| o.method.to_uppercase()).collect();
        if documented.contains("GET") {
            documented.insert("HEAD".into());
        }
        for m in METHODS {
            let upper = m.to_uppercase();
            if documented.contains(&upper) {
                continue;
            }
            let method = Method::from_bytes(upper.as_bytes()).unwrap();
            let r = Req::new(method, &path).send(&app).await;
            let allow: BTreeSet<String> = r
                .header("allow")
                .unwrap_or("")
                .split(',')
                .map(|s| s.trim().to_uppercase())
                .filter(|s| !s.is_empty())
                .collect();
            if r.status != StatusCode::METHOD_NOT_ALLOWED || allow != documented {
                failures.push(format!(
                    "{upper} {path} ({template}) is not documented but answers {} with Allow {allow:?} (documented: {documented:?}): {}",
                    r.status, r.text
                ));
            }
            let response = doc.resolve(&doc.root["components"]["responses"]["MethodNotAllowed"]);
            failures.extend(check_against(
                &doc,
                response,
                &format!("{upper} {path}"),
                &r,
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Two path templates name the same paths (parameter names may differ: `{policy}`, `{policyId}`).
fn same_template(a: &str, b: &str) -> bool {
    let segments = |p: &str| -> Vec<String> {
        p.split('/')
            .map(|s| {
                if s.starts_with('{') {
                    "{}".into()
                } else {
                    s.to_owned()
                }
            })
            .collect()
    };
    segments(a) == segments(b)
}

/// The router's own table of paths (built with it, `mscommerce_server::route_table`) and the
/// document's are the same. With the test above (on a documented path, every undocumented method
/// is a 405), no route is served that the document does not describe.
#[test]
fn the_document_has_exactly_the_paths_the_router_serves() {
    let doc = Doc::load();
    let table = mscommerce_server::app::route_table();
    assert!(table.paths().contains(&"/healthz"), "{:?}", table.paths());
    let documented: Vec<String> = doc.operations().into_iter().map(|o| o.path).collect();
    let undocumented: Vec<&&str> = table
        .paths()
        .iter()
        .filter(|served| !documented.iter().any(|d| same_template(d, served)))
        .collect();
    assert!(
        undocumented.is_empty(),
        "routed but without #[utoipa::path] in mscommerce_server::openapi: {undocumented:?}"
    );
    let unrouted: Vec<&String> = documented
        .iter()
        .filter(|d| !table.paths().iter().any(|served| same_template(d, served)))
        .collect();
    assert!(
        unrouted.is_empty(),
        "documented but not routed: {unrouted:?}"
    );
}

#[tokio::test]
async fn a_path_the_document_does_not_list_is_a_404() {
    let app = spawn_app().await;
    let doc = Doc::load();
    for path in [
        "/v1.0/nothing-here",
        "/v2/policies",
        "/v1.0/policies/SelfServicePurchase/unknown",
        "/contoso.example/oauth2/v2.0/logout",
        "/admin",
    ] {
        assert!(doc.find("get", path).is_none(), "{path} is documented");
        for method in [Method::GET, Method::POST, Method::PUT] {
            let r = Req::new(method.clone(), path).send(&app).await;
            assert_eq!(
                r.status,
                StatusCode::NOT_FOUND,
                "{method} {path}: {}",
                r.text
            );
            let response = doc.resolve(&doc.root["components"]["responses"]["NotFound"]);
            let errors = check_against(&doc, response, &format!("{method} {path}"), &r);
            assert!(errors.is_empty(), "{}", errors.join("\n"));
        }
    }
}

/// `/v1/...` and `/v1.0/...` are the same operations (one `#[utoipa::path]` each): count them as
/// one.
fn one_prefix(path: &str) -> String {
    match path.strip_prefix("/v1/") {
        Some(rest) => format!("/v1.0/{rest}"),
        None => path.to_owned(),
    }
}

#[tokio::test]
async fn real_responses_of_every_operation_match_the_document() {
    let app = spawn_app().await;
    let doc = Doc::load();
    let admin = app.user_token("admin@contoso.example").await;
    let reader = app.user_token("reader@contoso.example").await;
    let user = app.user_token("user@contoso.example").await;
    let storefront = app.app_token("storefront").await;
    // Two webhooks (one to remove), and a delivery to replay.
    let mut hooks = Vec::new();
    for _ in 0..2 {
        let r = app
            .call(
                Method::POST,
                "/v1.0/webhooks",
                Some(&admin),
                Some(json!({ "url": "https://hooks.example.com/mscommerce", "events": ["licenseRequest.filed"] })),
            )
            .await;
        assert_eq!(r.status, 201, "{}", r.text);
        hooks.push(r.body["id"].as_str().unwrap().to_owned());
    }
    // Two license requests to approve and deny below.
    let mut requests = Vec::new();
    for product in [PLANNER_PLAN_1, POWER_BI_PRO] {
        let r = app
            .call(
                Method::POST,
                "/v1.0/licenseRequests",
                Some(&user),
                Some(json!({ "productId": product, "message": "For the Q1 plan." })),
            )
            .await;
        assert_eq!(r.status, 201, "{}", r.text);
        requests.push(r.body["id"].as_str().unwrap().to_owned());
    }
    let delivery = app
        .get(&format!("/v1.0/webhooks/{}/deliveries", hooks[0]), &admin)
        .await
        .body["items"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let p = format!("/v1.0/policies/{P}");
    let product = format!("{p}/products/{PLANNER_PLAN_1}");
    let offer = format!("{p}/offerTypes/SaaS");
    let scope = mscommerce_proto::RESOURCE_DEFAULT_SCOPE;
    let client = mscommerce_proto::PUBLIC_CLIENT_ID;

    let etag = Req::new(Method::GET, &product)
        .token(&admin)
        .send(&app)
        .await;
    let etag = etag.header("etag").expect("ETag").to_owned();
    let big = format!("{{\"policyValue\":\"{}\"}}", "x".repeat(70 * 1024));
    // A device code to approve on the sign-in page.
    let started = Req::new(Method::POST, "/contoso.example/oauth2/v2.0/devicecode")
        .form(&[("client_id", client), ("scope", scope)])
        .send(&app)
        .await;
    let user_code = started.body["user_code"]
        .as_str()
        .expect("user_code")
        .to_owned();

    let cases: Vec<(u16, Req<'_>)> = vec![
        // Successes.
        (200, Req::new(Method::GET, "/v1.0/policies").token(&admin)),
        (200, Req::new(Method::GET, "/v1/policies").token(&reader)),
        (200, Req::new(Method::GET, &p).token(&admin)),
        (200, Req::new(Method::GET, format!("{p}/products")).token(&admin)),
        (200, Req::new(Method::GET, format!("{p}/products?scope=OfferType")).token(&admin)),
        (200, Req::new(Method::GET, format!("{p}/products?includeEtag=true")).token(&admin)),
        (
            200,
            Req::new(Method::GET, format!("{p}/products?scope=offertype&includeEtag=TRUE"))
                .token(&admin),
        ),
        (200, Req::new(Method::GET, &product).token(&reader)),
        (200, Req::new(Method::GET, &offer).token(&admin)),
        (
            200,
            Req::new(Method::PUT, &product)
                .token(&admin)
                .header("if-match", etag.clone())
                .header("x-ms-correlation-id", "0b5e6f3c-3c1d-4e5f-8a9b-0c1d2e3f4a5b")
                .header("client-request-id", "1c5e6f3c-3c1d-4e5f-8a9b-0c1d2e3f4a5b")
                .json(&json!({"policyValue": "OnlyTrialsWithoutPaymentMethod"})),
        ),
        (200, Req::new(Method::PUT, &offer).token(&admin).json(&json!({"policyValue": "disabled"}))),
        (200, Req::new(Method::PUT, &p).token(&admin).json(&json!({"defaultValue": "Disabled"}))),
        (
            200,
            Req::new(Method::PATCH, format!("{p}/products")).token(&admin).json(&json!({
                "default": {"defaultValue": "Enabled"},
                "items": [
                    {"productId": POWER_BI_PRO, "policyValue": "Disabled"},
                    {"offerType": "POWERBIVISUALS", "policyValue": "Disabled", "ifMatch": "*"},
                ],
            })),
        ),
        (200, Req::new(Method::GET, "/v1.0/auditLog").token(&reader)),
        (200, Req::new(Method::GET, "/v1/auditLog?top=1&policyId=AllowSelfServicePurchase").token(&admin)),
        (200, Req::new(Method::GET, "/contoso.example/v2.0/.well-known/openid-configuration")),
        (200, Req::new(Method::GET, "/contoso.example/discovery/v2.0/keys")),
        (
            200,
            Req::new(Method::POST, "/contoso.example/oauth2/v2.0/devicecode")
                .form(&[("client_id", client), ("scope", scope)]),
        ),
        (
            200,
            Req::new(Method::POST, "/contoso.example/oauth2/v2.0/token").form(&[
                ("grant_type", "password"),
                ("client_id", client),
                ("username", "admin@contoso.example"),
                ("password", mscommerce_server::demo::PASSWORD),
                ("scope", scope),
            ]),
        ),
        (
            200,
            Req::new(Method::POST, "/contoso.example/oauth2/v2.0/token").form(&[
                ("grant_type", "client_credentials"),
                ("client_id", "contoso-automation"),
                ("client_secret", mscommerce_server::demo::SECRET),
                ("scope", scope),
            ]),
        ),
        (200, Req::new(Method::GET, "/devicelogin?code=ABCD-EFGH")),
        (
            200,
            Req::new(Method::POST, "/devicelogin").form(&[
                ("user_code", &user_code),
                ("username", "admin@contoso.example"),
                ("password", mscommerce_server::demo::PASSWORD),
            ]),
        ),
        (
            200,
            Req::new(Method::POST, format!("{p}/evaluate")).token(&storefront).json(&json!({
                "tenantId": contoso().to_string(), "productId": PLANNER_PLAN_1,
                "kind": "trial", "hasPaymentMethod": false,
            })),
        ),
        (
            200,
            Req::new(Method::POST, format!("/v1/policies/{P}/evaluate")).token(&storefront).json(&json!({
                "tenantId": fabrikam().to_string(), "productIds": [PLANNER_PLAN_1, POWER_BI_PRO],
                "kind": "purchase", "hasPaymentMethod": true, "userId": "0b5e8d7a-1c2f-4e3d-9a8b-7c6d5e4f3a2b",
            })),
        ),
        (
            201,
            Req::new(Method::POST, "/v1.0/selfServicePurchases").token(&storefront).json(&json!({
                "tenantId": contoso().to_string(), "userId": "0b5e8d7a-1c2f-4e3d-9a8b-7c6d5e4f3a2b",
                "userPrincipalName": "user@contoso.example", "productId": PLANNER_PLAN_1,
                "kind": "trialStarted",
            })),
        ),
        (
            201,
            Req::new(Method::POST, "/v1/selfServicePurchases").token(&storefront).json(&json!({
                "tenantId": contoso().to_string(), "userId": "0b5e8d7a-1c2f-4e3d-9a8b-7c6d5e4f3a2b",
                "productId": PLANNER_PLAN_1, "kind": "subscriptionCancelled", "quantity": 3,
            })),
        ),
        // Planner is only for trials without a payment method here by now.
        (
            409,
            Req::new(Method::POST, "/v1/selfServicePurchases").token(&storefront).json(&json!({
                "tenantId": contoso().to_string(), "userId": "0b5e8d7a-1c2f-4e3d-9a8b-7c6d5e4f3a2b",
                "productId": PLANNER_PLAN_1, "kind": "trialConverted",
            })),
        ),
        (200, Req::new(Method::GET, "/v1.0/selfServicePurchases?top=1").token(&admin)),
        (200, Req::new(Method::GET, "/v1/selfServicePurchases").token(&reader)),
        (400, Req::new(Method::GET, "/v1.0/selfServicePurchases?kind=refund").token(&admin)),
        (403, Req::new(Method::GET, "/v1.0/selfServicePurchases").token(&user)),
        (403, Req::new(Method::POST, "/v1.0/selfServicePurchases").token(&admin).json(&json!({
            "tenantId": contoso().to_string(), "userId": "0b5e8d7a-1c2f-4e3d-9a8b-7c6d5e4f3a2b",
            "productId": PLANNER_PLAN_1, "kind": "purchaseMade",
        }))),
        (200, Req::new(Method::GET, "/v1.0/webhooks").token(&reader)),
        (200, Req::new(Method::GET, "/v1/webhooks").token(&admin)),
        (201, Req::new(Method::POST, "/v1/webhooks").token(&admin).json(&json!({"url": "https://hooks.example.com/b"}))),
        (400, Req::new(Method::POST, "/v1.0/webhooks").token(&admin).json(&json!({"url": "http://127.0.0.1/x"}))),
        (200, Req::new(Method::GET, format!("/v1.0/webhooks/{}/deliveries?top=5", hooks[0])).token(&admin)),
        (200, Req::new(Method::GET, format!("/v1/webhooks/{}/deliveries", hooks[0])).token(&reader)),
        (200, Req::new(Method::POST, format!("/v1.0/webhooks/{}/deliveries/{delivery}/replay", hooks[0])).token(&admin)),
        (200, Req::new(Method::POST, format!("/v1/webhooks/{}/deliveries/{delivery}/replay", hooks[0])).token(&admin)),
        (404, Req::new(Method::POST, format!("/v1.0/webhooks/{}/deliveries/{delivery}/replay", hooks[1])).token(&admin)),
        (204, Req::new(Method::DELETE, format!("/v1.0/webhooks/{}", hooks[1])).token(&admin)),
        (404, Req::new(Method::DELETE, format!("/v1/webhooks/{}", hooks[1])).token(&admin)),
        (403, Req::new(Method::DELETE, format!("/v1.0/webhooks/{}", hooks[0])).token(&reader)),
        (201, Req::new(Method::POST, "/v1/licenseRequests").token(&reader).json(&json!({"productId": PLANNER_PLAN_1}))),
        (200, Req::new(Method::GET, "/v1.0/licenseRequests?status=pending").token(&admin)),
        (200, Req::new(Method::GET, "/v1/licenseRequests").token(&user)),
        (200, Req::new(Method::GET, format!("/v1.0/licenseRequests/{}", requests[0])).token(&user)),
        (200, Req::new(Method::GET, format!("/v1/licenseRequests/{}", requests[0])).token(&admin)),
        (200, Req::new(Method::POST, format!("/v1.0/licenseRequests/{}/approve", requests[0])).token(&admin).json(&json!({"message": "Assigned."}))),
        (200, Req::new(Method::POST, format!("/v1/licenseRequests/{}/deny", requests[1])).token(&admin)),
        (409, Req::new(Method::POST, format!("/v1/licenseRequests/{}/approve", requests[1])).token(&admin)),
        (403, Req::new(Method::POST, format!("/v1.0/licenseRequests/{}/deny", requests[0])).token(&reader)),
        (404, Req::new(Method::GET, "/v1.0/licenseRequests/not-an-id").token(&admin)),
        (200, Req::new(Method::GET, "/v1.0/licenseRequestSettings").token(&user)),
        (200, Req::new(Method::PUT, "/v1.0/licenseRequestSettings").token(&admin).json(&json!({"process": "builtIn"}))),
        (200, Req::new(Method::GET, "/v1/licenseRequestSettings").token(&admin)),
        (200, Req::new(Method::PUT, "/v1/licenseRequestSettings").token(&admin).json(&json!({"process": "custom", "url": "https://it.contoso.example/licenses"}))),
        (409, Req::new(Method::POST, "/v1.0/licenseRequests").token(&user).json(&json!({"productId": PLANNER_PLAN_1}))),
        (400, Req::new(Method::PUT, "/v1.0/licenseRequestSettings").token(&admin).json(&json!({"process": "custom", "url": "http://it.contoso.example"}))),
        (400, Req::new(Method::POST, format!("{p}/evaluate")).token(&storefront).json(&json!([]))),
        (403, Req::new(Method::POST, format!("{p}/evaluate")).token(&admin).json(&json!({
            "tenantId": contoso().to_string(), "productId": PLANNER_PLAN_1, "kind": "trial", "hasPaymentMethod": false,
        }))),
        (404, Req::new(Method::POST, format!("{p}/evaluate")).token(&storefront).json(&json!({
            "tenantId": contoso().to_string(), "productId": "NOSUCHPRODUCT", "kind": "trial", "hasPaymentMethod": false,
        }))),
        (413, Req::new(Method::POST, format!("{p}/evaluate")).token(&storefront).json(&json!({
            "tenantId": contoso().to_string(), "productIds": vec![PLANNER_PLAN_1; 1001], "kind": "trial", "hasPaymentMethod": false,
        }))),
        (200, Req::new(Method::GET, "/common/userrealm/admin@contoso.example?api-version=1.0")),
        (200, Req::new(Method::GET, "/healthz")),
        (200, Req::new(Method::GET, "/readyz")),
        (200, Req::new(Method::GET, "/openapi.json")),
        // 400.
        (400, Req::new(Method::PUT, &product).token(&admin).json(&json!({"policyValue": "Sometimes"}))),
        (400, Req::new(Method::PUT, &offer).token(&admin).json(&json!({"policyValue": "OnlyTrialsWithoutPaymentMethod"}))),
        (400, Req::new(Method::PUT, &product).token(&admin).header("if-match", "garbage").json(&json!({"policyValue": "Enabled"}))),
        (400, Req::new(Method::PUT, &p).token(&admin).json(&json!({"defaultValue": "Enabled", "x": 1}))),
        (400, Req::new(Method::GET, format!("{p}/products?scope=nope")).token(&admin)),
        (400, Req::new(Method::GET, format!("{p}/products/not%20an%20id")).token(&admin)),
        (400, Req::new(Method::GET, format!("{p}/offerTypes/a%2Fb")).token(&admin)),
        (
            400,
            Req::new(Method::PATCH, format!("{p}/products")).token(&admin).json(&json!({
                "items": [{"offerType": "SaaS", "policyValue": "OnlyTrialsWithoutPaymentMethod"}],
            })),
        ),
        (400, Req::new(Method::GET, "/v1.0/auditLog?top=0").token(&admin)),
        (400, Req::new(Method::GET, "/contoso.example/v2.0/.well-known/openid-configuration".replace("contoso", "nowhere"))),
        (400, Req::new(Method::GET, "/nowhere.example/discovery/v2.0/keys")),
        (400, Req::new(Method::POST, "/contoso.example/oauth2/v2.0/token").form(&[("client_id", client)])),
        (400, Req::new(Method::POST, "/contoso.example/oauth2/v2.0/token").raw("application/json", "{}")),
        (400, Req::new(Method::POST, "/contoso.example/oauth2/v2.0/token").raw("application/x-www-form-urlencoded", "grant_type=password&grant_type=password")),
        (400, Req::new(Method::POST, "/contoso.example/oauth2/v2.0/devicecode").raw("text/plain", "client_id=x")),
        (400, Req::new(Method::POST, "/devicelogin").form(&[("user_code", "ZZZZ-ZZZZ"), ("username", "admin@contoso.example"), ("password", "x")])),
        (400, Req::new(Method::POST, "/devicelogin").raw("application/json", "{}")),
        // 401.
        (401, Req::new(Method::GET, "/v1.0/policies")),
        (401, Req::new(Method::GET, &product).token("not-a-token")),
        (
            401,
            Req::new(Method::POST, "/contoso.example/oauth2/v2.0/token").form(&[
                ("grant_type", "client_credentials"),
                ("client_id", "contoso-automation"),
                ("client_secret", "wrong"),
                ("scope", scope),
            ]),
        ),
        // 403.
        (403, Req::new(Method::PUT, &product).token(&reader).json(&json!({"policyValue": "Enabled"}))),
        (403, Req::new(Method::PATCH, format!("{p}/products")).token(&reader).json(&json!({"items": []}))),
        (403, Req::new(Method::GET, "/v1.0/auditLog").token(&user)),
        (403, Req::new(Method::GET, "/v1.0/policies").token(&user)),
        // 404.
        (404, Req::new(Method::GET, format!("{p}/products/NOSUCHPRODUCT")).token(&admin)),
        (404, Req::new(Method::PUT, format!("{p}/offerTypes/NOSUCHTYPE")).token(&admin).json(&json!({"policyValue": "Enabled"}))),
        (404, Req::new(Method::GET, "/v1.0/policies/NoSuchPolicy").token(&admin)),
        (
            404,
            Req::new(Method::PATCH, format!("{p}/products")).token(&admin).json(&json!({
                "items": [{"productId": "NOSUCHPRODUCT", "policyValue": "Enabled"}],
            })),
        ),
        // 412.
        (412, Req::new(Method::PUT, &product).token(&admin).header("if-match", "\"stale\"").json(&json!({"policyValue": "Disabled"}))),
        (
            412,
            Req::new(Method::PATCH, format!("{p}/products")).token(&admin).json(&json!({
                "items": [{"productId": PLANNER_PLAN_1, "policyValue": "Enabled", "ifMatch": "\"stale\""}],
            })),
        ),
        // 413 and 415.
        (413, Req::new(Method::PUT, &product).token(&admin).raw("application/json", big.clone())),
        (413, Req::new(Method::POST, "/contoso.example/oauth2/v2.0/token").raw("application/x-www-form-urlencoded", format!("x={}", "y".repeat(70 * 1024)))),
        (415, Req::new(Method::PUT, &product).token(&admin).raw("text/plain", "{\"policyValue\":\"Enabled\"}")),
        (415, Req::new(Method::PATCH, format!("{p}/products")).token(&admin).raw("text/plain", "{}")),
    ];

    let mut failures = Vec::new();
    let mut seen: BTreeSet<(String, String, u16)> = BTreeSet::new();
    for (want, req) in &cases {
        let r = req.send(&app).await;
        let method = req.method.as_str().to_lowercase();
        let label = format!("{} {}", req.method, req.path);
        if r.status.as_u16() != *want {
            failures.push(format!(
                "{label}: expected {want}, got {} {}",
                r.status, r.text
            ));
            continue;
        }
        if let Some(op) = doc.find(&method, &req.path) {
            seen.insert((method.clone(), one_prefix(&op.path), *want));
        }
        failures.extend(check_response(&doc, &method, &req.path, &r));
    }
    // Every operation had its success checked.
    for op in doc.operations() {
        let success = |code| seen.contains(&(op.method.clone(), one_prefix(&op.path), code));
        if !success(200) && !success(201) && !success(204) {
            failures.push(format!("no 200 of {} {} was checked", op.method, op.path));
        }
    }
    // 405 has no operation of its own: the shared response.
    let r = Req::new(Method::DELETE, "/v1.0/policies")
        .token(&admin)
        .send(&app)
        .await;
    let response = doc.resolve(&doc.root["components"]["responses"]["MethodNotAllowed"]);
    failures.extend(check_against(&doc, response, "DELETE /v1.0/policies", &r));
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[tokio::test]
async fn a_429_matches_the_document() {
    let file = FileConfig {
        limits: LimitsFile {
            caller_rate_per_sec: Some(0.001),
            caller_burst: Some(1.0),
            ..LimitsFile::default()
        },
        ..FileConfig::default()
    };
    let app = spawn_app_with(Backend::Sqlite, file).await.expect("sqlite");
    let doc = Doc::load();
    let t = app.user_token("admin@contoso.example").await;
    let first = app.get("/v1.0/policies", &t).await;
    assert_eq!(first.status, StatusCode::OK);
    let r = app.get("/v1.0/policies", &t).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS, "{}", r.text);
    let failures = check_response(&doc, "get", "/v1.0/policies", &r);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_validator_refuses_what_the_schemas_refuse() {
    let doc = Doc::load();
    let schema = json!({"$ref": "#/components/schemas/ProductPolicy"});
    let mut errors = Vec::new();
    validate(
        &doc,
        &schema,
        &json!({"policyId": "SelfServicePurchase", "policyValue": "Maybe", "productName": "x", "productId": "a/b", "extra": 1}),
        "probe",
        &mut errors,
    );
    // A value outside the enum, a pattern broken, an unknown member.
    assert_eq!(errors.len(), 3, "{errors:#?}");
    let etag = doc.resolve(&doc.root["components"]["headers"]["ETag"]);
    let mut errors = Vec::new();
    validate(
        &doc,
        &etag["schema"],
        &json!("W/\"weak\""),
        "etag",
        &mut errors,
    );
    assert_eq!(errors.len(), 1, "{errors:#?}");
}

/// Member names and required members of a schema of the document, through `allOf`/`oneOf`/
/// `anyOf` (a wire type the document splits into variants has the members of all of them).
fn members(
    doc: &Doc,
    schema: &Value,
    names: &mut BTreeSet<String>,
    required: &mut BTreeSet<String>,
) {
    let schema = doc.resolve(schema);
    if let Some(props) = schema["properties"].as_object() {
        names.extend(props.keys().cloned());
    }
    if let Some(req) = schema["required"].as_array() {
        required.extend(req.iter().filter_map(Value::as_str).map(str::to_owned));
    }
    for key in ["allOf", "oneOf", "anyOf"] {
        for s in schema[key].as_array().into_iter().flatten() {
            members(doc, s, names, required);
        }
    }
}

/// The schema utoipa derives from a wire type (`mscommerce-proto`'s `openapi` feature).
fn derived<T: utoipa::PartialSchema>() -> Value {
    serde_json::to_value(T::schema()).unwrap()
}

/// The shapes the document describes beside the wire types (`mscommerce_server::openapi`'s
/// `shapes`: list items with `etag`, batch items and results split into variants) have the
/// members of the wire types they stand for.
#[test]
fn the_documents_shapes_have_the_members_of_the_wire_types() {
    use mscommerce_proto as p;
    let doc = Doc::load();
    // (derived schema, the document's schemas for it, members the server adds beside the type)
    let pairs: Vec<(Value, &[&str], &[&str])> = vec![
        (
            derived::<p::ProductPolicy>(),
            &["ProductPolicyItem"],
            // A list item's ETag, with `includeEtag=true`.
            &["etag"],
        ),
        (
            derived::<p::OfferTypePolicy>(),
            &["OfferTypePolicyItem"],
            &["etag"],
        ),
        (
            derived::<p::Items<p::ProductPolicy>>(),
            &["ProductPolicyList"],
            &[],
        ),
        (
            derived::<p::Items<p::OfferTypePolicy>>(),
            &["OfferTypePolicyList"],
            &[],
        ),
        (derived::<p::PolicyUpdate>(), &["OfferTypeUpdate"], &[]),
        (derived::<p::PolicyBatch>(), &["PolicyBatch"], &[]),
        (
            derived::<p::PolicyBatchItem>(),
            &["PolicyBatchProductItem", "PolicyBatchOfferTypeItem"],
            &[],
        ),
        (
            derived::<p::PolicyBatchResult>(),
            &["PolicyBatchResult"],
            &[],
        ),
        (
            derived::<p::PolicyBatchResultItem>(),
            &["PolicyBatchProductResult", "PolicyBatchOfferTypeResult"],
            &[],
        ),
    ];
    let mut failures = Vec::new();
    for (schema, names, extra) in &pairs {
        let type_members: BTreeSet<String> = schema["properties"]
            .as_object()
            .map(|p| p.keys().cloned().collect())
            .unwrap_or_default();
        let type_required: BTreeSet<String> = schema["required"]
            .as_array()
            .map(|r| {
                r.iter()
                    .filter_map(Value::as_str)
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default();
        let (mut doc_members, mut doc_required) = (BTreeSet::new(), BTreeSet::new());
        for name in *names {
            let schema = json!({ "$ref": format!("#/components/schemas/{name}") });
            members(&doc, &schema, &mut doc_members, &mut doc_required);
        }
        doc_members.retain(|m| !extra.contains(&m.as_str()));
        if type_members != doc_members {
            failures.push(format!(
                "{names:?}: the wire type has {type_members:?}, the document {doc_members:?}"
            ));
        }
        // The document may require more: members the server always writes (an `Option` without
        // `skip_serializing_if` is written as null), or that one variant always has.
        if !type_required.is_subset(&doc_required) {
            failures.push(format!(
                "{names:?}: the wire type requires {type_required:?}, the document only {doc_required:?}"
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "the shapes of mscommerce_server::openapi no longer match the wire types of mscommerce-proto:\n{}",
        failures.join("\n")
    );
}
