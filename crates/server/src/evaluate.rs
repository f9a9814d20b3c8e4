//! The decision storefronts ask for before a user buys a product or starts a trial:
//! `POST /v1.0/policies/{policyId}/evaluate` (and `/v1`).
//!
//! Only storefront applications may ask (our own app permission,
//! `SelfServicePurchase.Evaluate.All`), for any tenant. The answer comes from the tenant's
//! snapshot in the read cache (the same one the list reads use, dropped the moment a policy
//! changes, on every replica), so after a tenant's first read a decision touches no database.
//! A legacy product id, or a retired product, is not in the snapshot: those are read from the
//! store.

use std::cell::RefCell;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use mscommerce_domain::purchase::{self, Ask};
use mscommerce_domain::sharded::FastMap;
use mscommerce_domain::{PolicyId, Principal, ProductId, ReadGrant};
use mscommerce_i18n::{FluentArgs, Localizer};
use mscommerce_proto::purchase::{
    EvaluateAnswer, EvaluateRequest, Evaluation, Evaluations, Verdict,
};
use mscommerce_store::ProductPolicyRecord;

use crate::api::{json_object, not_found_as, parse_policy, product_not_found};
use crate::auth::Caller;
use crate::cache::{ProductFacts, TenantSnapshot};
use crate::error::ApiFailure;
use crate::route_table::RouteTable;
use crate::state::AppState;

/// Products in one request, at most (a storefront page lists far fewer).
pub(crate) const MAX_PRODUCTS: usize = 1000;

const SHAPE: &str = "Send {\"tenantId\": GUID, \"productId\": ID (or \"productIds\": [ID, ...]), \"kind\": \"purchase\" or \"trial\", \"hasPaymentMethod\": true or false}, optionally with \"userId\".";

pub(crate) fn routes() -> RouteTable {
    RouteTable::new()
        .route("/v1.0/policies/{policy}/evaluate", post(evaluate))
        .route("/v1/policies/{policy}/evaluate", post(evaluate))
}

/// What the snapshot keeps of a product for decisions.
pub(crate) fn facts(r: &ProductPolicyRecord) -> ProductFacts {
    ProductFacts {
        name: r.product_name.clone(),
        product: purchase::Product {
            value: r.value,
            trial_without_payment_method: r.trial_without_payment_method,
            retired: r.retired,
        },
    }
}

#[utoipa::path(
    post,
    path = "/v1.0/policies/{policyId}/evaluate",
    tag = "purchases",
    summary = "Decide whether a user may buy a product or start a trial",
    description = "For storefront applications (app-only token with the application permission `SelfServicePurchase.Evaluate.All`), for any tenant. `Enabled` allows purchases and trials; `Disabled` denies both; `OnlyTrialsWithoutPaymentMethod` allows only a trial without a payment method of a product that offers one; a retired product is denied. `productId` answers one `Evaluation`; `productIds` (at most 1000) answers `{\"value\": [...]}` in the same order. A legacy product id answers with the current one. `message` is for the user, in the language of `Accept-Language`.",
    params(("policyId", Path)),
    request_body = EvaluateRequest,
    responses(
        (status = 200, description = "The decision (`productId`), or the decisions in order (`productIds`).",
            body = EvaluateAnswer, headers(("Content-Language"))),
        (status = 400, response = crate::openapi::shared::BadRequest),
        (status = 403, response = crate::openapi::shared::Forbidden),
        (status = 404, response = crate::openapi::shared::NotFound),
        (status = 413, response = crate::openapi::shared::PayloadTooLarge),
    ),
)]
pub(crate) async fn evaluate(
    State(state): State<AppState>,
    Caller(principal): Caller,
    Path(policy): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiFailure> {
    let q = question(&principal, &policy, &headers, &body)?;
    let snapshot = crate::api::tenant_snapshot(&state, &q.grant, q.policy).await?;
    if let Some(answer) = from_snapshot(&q, &snapshot) {
        return Ok(respond(answer?, q.l));
    }
    // A product the snapshot does not list: read from the store.
    let decide = async |product: &ProductId| {
        Ok::<_, ApiFailure>(match snapshot.products.get(product) {
            Some(facts) => evaluation(product.clone(), facts, q.ask, q.l, &snapshot.request_url),
            None => {
                let (current, facts) = unlisted(&state, &q.grant, q.policy, product).await?;
                evaluation(current, &facts, q.ask, q.l, &snapshot.request_url)
            }
        })
    };
    let answer = match &q.asked {
        Asked::One(product) => EvaluateAnswer::One(decide(product).await?),
        Asked::Many(products) => {
            let mut value = Vec::with_capacity(products.len());
            for (i, product) in products.iter().enumerate() {
                value.push(decide(product).await.map_err(|e| at_item(e, i))?);
            }
            EvaluateAnswer::Many(Evaluations { value })
        }
    };
    Ok(respond(to_json(&answer)?, q.l))
}

/// The answer from memory alone, or `None` when memory cannot give it whole (the caller's token
/// not verified before, the tenant's snapshot not loaded, a product it does not list, or any
/// refusal): the front door's path for the hot decision. Charges the caller's budget only when
/// it answers, so a request it leaves to the router is charged once, there.
pub(crate) fn from_memory(
    state: &AppState,
    token: &[u8],
    policy: &str,
    headers: &HeaderMap,
    body: &[u8],
) -> Option<Response> {
    let now = state.clock().now();
    let principal = state.verifier().cached(token, now)?;
    let q = question(&principal, policy, headers, body).ok()?;
    let answer = state
        .cache()
        .with(q.grant.tenant(), q.policy, now, |snapshot| {
            from_snapshot(&q, snapshot)
        })
        .ok()??;
    if let Some(refused) = crate::fast_read::answered_from_memory(state, &principal, now) {
        return Some(refused);
    }
    Some(match answer {
        Ok(bytes) => respond(bytes, q.l),
        Err(e) => e.into_response(),
    })
}

/// A decision request, read and allowed: all but the tenant's answers.
struct Question {
    policy: PolicyId,
    grant: ReadGrant,
    ask: Ask,
    asked: Asked,
    l: &'static Localizer,
}

fn question(
    principal: &Principal,
    policy: &str,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<Question, ApiFailure> {
    let policy = parse_policy(policy)?;
    crate::api::require_json(headers)?;
    let (request, asked) = parse(body)?;
    let grant = principal
        .evaluate(request.tenant_id)
        .map_err(ApiFailure::Forbidden)?;
    Ok(Question {
        policy,
        grant,
        ask: Ask {
            kind: request.kind,
            has_payment_method: request.has_payment_method,
        },
        asked,
        l: Localizer::shared(crate::idp_routes::accepted_language(headers)),
    })
}

/// The answer's bytes, when the snapshot lists every product asked about.
fn from_snapshot(q: &Question, snapshot: &TenantSnapshot) -> Option<Result<Bytes, ApiFailure>> {
    let url = &snapshot.request_url;
    match &q.asked {
        Asked::One(product) => Some(kept(
            product,
            snapshot.products.get(product)?,
            q.ask,
            q.l,
            url,
        )),
        Asked::Many(products) => {
            let decide = |product: &ProductId| {
                let facts = snapshot.products.get(product)?;
                Some(evaluation(product.clone(), facts, q.ask, q.l, url))
            };
            let value = products.iter().map(decide).collect::<Option<_>>()?;
            Some(to_json(&EvaluateAnswer::Many(Evaluations { value })))
        }
    }
}

fn respond(answer: Bytes, l: &Localizer) -> Response {
    // Built directly: the tuple form would set a content type and then replace it.
    let mut response = Response::new(axum::body::Body::from(answer));
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    headers.insert(
        header::CONTENT_LANGUAGE,
        HeaderValue::from_static(l.language()),
    );
    response
}

/// Answers each worker thread keeps serialized, at most (then it starts again).
const KEPT: usize = 4096;

/// What one product's answer is made of, and nothing else: equal keys, equal bytes. Borrowed
/// (`&str`) to look an answer up, owned (`Box<str>`) in the cache.
#[derive(Debug, Hash)]
struct AnswerKey<S> {
    language: &'static str,
    product_id: S,
    product_name: S,
    decision: Verdict,
    reason: purchase::DecisionReason,
    value: mscommerce_domain::PolicyValue,
    kind: purchase::PurchaseKind,
    /// Only a denial names it.
    request_url: Option<S>,
}

impl<'a> AnswerKey<&'a str> {
    fn of(
        product: &'a ProductId,
        facts: &'a ProductFacts,
        ask: Ask,
        l: &Localizer,
        url: &'a str,
    ) -> Self {
        let (decision, reason) = purchase::decide(facts.product, ask);
        AnswerKey {
            language: l.language(),
            product_id: product.as_str(),
            product_name: &facts.name,
            decision,
            reason,
            value: facts.product.value,
            kind: ask.kind,
            request_url: (decision == Verdict::Deny).then_some(url),
        }
    }

    fn owned(&self) -> AnswerKey<Box<str>> {
        AnswerKey {
            language: self.language,
            product_id: self.product_id.into(),
            product_name: self.product_name.into(),
            decision: self.decision,
            reason: self.reason,
            value: self.value,
            kind: self.kind,
            request_url: self.request_url.map(Into::into),
        }
    }
}

impl PartialEq<AnswerKey<&str>> for AnswerKey<Box<str>> {
    fn eq(&self, other: &AnswerKey<&str>) -> bool {
        let AnswerKey {
            language,
            product_id,
            product_name,
            decision,
            reason,
            value,
            kind,
            request_url,
        } = self;
        *language == other.language
            && **product_id == *other.product_id
            && **product_name == *other.product_name
            && *decision == other.decision
            && *reason == other.reason
            && *value == other.value
            && *kind == other.kind
            && request_url.as_deref() == other.request_url
    }
}

/// The bytes of one product's answer. The same few answers (product, value, kind, language)
/// come back all day, so each thread keeps what serde wrote, found by what the answer is made
/// of: a hit builds no `Evaluation` (no message, no strings copied) and serializes nothing.
fn kept(
    product: &ProductId,
    facts: &ProductFacts,
    ask: Ask,
    l: &'static Localizer,
    url: &str,
) -> Result<Bytes, ApiFailure> {
    // By the key's hash; the key kept beside the bytes tells a hit from a collision.
    type Cache = FastMap<u64, (AnswerKey<Box<str>>, Bytes)>;
    thread_local! {
        static CACHE: RefCell<Cache> = RefCell::new(Cache::default());
    }
    let key = AnswerKey::of(product, facts, ask, l, url);
    let hash = mscommerce_domain::sharded::fast_hash(&key);
    CACHE.with_borrow_mut(|cache| {
        if let Some((kept, bytes)) = cache.get(&hash)
            && *kept == key
        {
            return Ok(bytes.clone());
        }
        let bytes = to_json(&evaluation(product.clone(), facts, ask, l, url))?;
        if cache.len() >= KEPT {
            cache.clear();
        }
        cache.insert(hash, (key.owned(), bytes.clone()));
        Ok(bytes)
    })
}

fn to_json(answer: &impl serde::Serialize) -> Result<Bytes, ApiFailure> {
    // Room for one decision at once (about 300 bytes): no growing.
    let mut body = Vec::with_capacity(512);
    serde_json::to_writer(&mut body, answer)
        .map_err(|e| ApiFailure::Internal(format!("cannot serialize a decision: {e}")))?;
    Ok(Bytes::from(body))
}

/// The products a request asks about.
enum Asked {
    One(ProductId),
    Many(Vec<ProductId>),
}

/// The request, and the products it names: exactly one of `productId` and `productIds` (1 to
/// [`MAX_PRODUCTS`]).
fn parse(body: &[u8]) -> Result<(EvaluateRequest, Asked), ApiFailure> {
    // The plain form storefronts send, read in one pass; anything else, and every error, serde's.
    let mut request = match EvaluateRequest::from_plain_json(body) {
        Some(request) => request,
        None => json_object(body, "a decision request", SHAPE)?,
    };
    let refuse = |m: String| Err(ApiFailure::bad_request(format!("{m} {SHAPE}")));
    let asked = match (request.product_id.take(), request.product_ids.take()) {
        (Some(one), None) => Asked::One(one),
        (None, Some(list)) if list.is_empty() => {
            return refuse("productIds is empty: name at least one product.".into());
        }
        (None, Some(list)) if list.len() > MAX_PRODUCTS => {
            return Err(ApiFailure::PayloadTooLarge(format!(
                "productIds names {} products; at most {MAX_PRODUCTS} may be asked about at once. Split the request.",
                list.len()
            )));
        }
        (None, Some(many)) => Asked::Many(many),
        (Some(_), Some(_)) => return refuse("Give productId or productIds, not both.".into()),
        (None, None) => return refuse("The request names no product.".into()),
    };
    Ok((request, asked))
}

/// A product the snapshot does not list (a legacy id, or a retired product), with its current
/// id.
async fn unlisted(
    state: &AppState,
    grant: &ReadGrant,
    policy: PolicyId,
    product: &ProductId,
) -> Result<(ProductId, ProductFacts), ApiFailure> {
    let record = state
        .store()
        .product_policy(grant, policy, product)
        .await
        .map_err(|e| not_found_as(e, || product_not_found(product)))?;
    Ok((record.product_id.clone(), facts(&record)))
}

fn evaluation(
    product_id: ProductId,
    facts: &ProductFacts,
    ask: Ask,
    l: &'static Localizer,
    request_url: &str,
) -> Evaluation {
    let (decision, reason) = purchase::decide(facts.product, ask);
    Evaluation {
        product_id,
        decision,
        reason,
        policy_value: facts.product.value,
        kind: ask.kind,
        message: message(l, reason, &facts.name),
        request_url: (decision == Verdict::Deny).then(|| request_url.to_owned()),
    }
}

/// Messages each worker thread keeps, at most (then it starts again): a few languages × seven
/// reasons × the products storefronts ask about.
const MESSAGES: usize = 4096;

/// The end user's message for a decision. The same few (language, reason, product) come back
/// all day, so each thread keeps what Fluent formatted instead of formatting it per request.
fn message(l: &'static Localizer, reason: purchase::DecisionReason, product: &str) -> String {
    type Cache = FastMap<(&'static str, purchase::DecisionReason, u64), (Box<str>, String)>;
    thread_local! {
        static CACHE: RefCell<Cache> = RefCell::new(FastMap::default());
    }
    let key = (
        l.language(),
        reason,
        mscommerce_domain::sharded::fast_hash(&product),
    );
    CACHE.with_borrow_mut(|cache| {
        if let Some((name, text)) = cache.get(&key)
            && **name == *product
        {
            return text.clone();
        }
        let mut args = FluentArgs::new();
        args.set("product", product);
        let text = l.t_args(&message_id(reason), &args);
        if cache.len() >= MESSAGES {
            cache.clear();
        }
        cache.insert(key, (product.into(), text.clone()));
        text
    })
}

/// `decision-policy-enabled` for `policyEnabled`: the Fluent id of a reason's message.
fn message_id(reason: purchase::DecisionReason) -> String {
    let mut id = String::from("decision-");
    for c in reason.as_str().chars() {
        if c.is_ascii_uppercase() {
            id.push('-');
            id.push(c.to_ascii_lowercase());
        } else {
            id.push(c);
        }
    }
    id
}

/// An item's failure, naming the item.
fn at_item(e: ApiFailure, index: usize) -> ApiFailure {
    match e {
        ApiFailure::NotFound(m) => ApiFailure::NotFound(format!("productIds[{index}]: {m}")),
        other => other,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use mscommerce_domain::purchase::{DecisionReason, PurchaseKind};

    /// The kept messages are the ones Fluent formats, for every language, reason and product,
    /// asked twice (the second from the cache) and with products in turn (each its own).
    #[test]
    fn kept_messages_are_the_formatted_ones() {
        for tag in mscommerce_i18n::supported_languages() {
            let l = Localizer::shared(tag);
            for reason in DecisionReason::ALL {
                for _ in 0..2 {
                    for product in ["Power BI Pro", "Visio Plan 2", "Project Plan 3"] {
                        let mut args = FluentArgs::new();
                        args.set("product", product);
                        let formatted = l.t_args(&message_id(reason), &args);
                        assert_eq!(message(l, reason, product), formatted, "{tag} {reason:?}");
                        assert!(formatted.contains(product), "{tag} {reason:?}: {formatted}");
                    }
                }
            }
        }
    }

    /// The kept bytes of an answer are serde's bytes of the `Evaluation` it stands for, for
    /// every language, value, trial, retirement, kind and payment method, and for products that
    /// differ only in id or only in name, asked twice (the second from the cache): a key that
    /// left out anything the answer is made of would hand one answer's bytes to another.
    #[test]
    fn kept_answers_are_the_serialized_ones() {
        let products = [
            ("CFQ7TTC0H9MP", "Power BI Pro"),
            ("CFQ7TTC0H9MP", "Power BI Pro (renamed)"),
            ("CFQ7TTC0HDB1", "Power BI Pro"),
        ];
        let urls = [
            "https://contoso.example/ask",
            "https://fabrikam.example/ask",
        ];
        let mut asked = 0;
        for _ in 0..2 {
            for tag in mscommerce_i18n::supported_languages() {
                let l = Localizer::shared(tag);
                for value in mscommerce_domain::PolicyValue::ALL {
                    for (trial, retired) in [(false, false), (true, false), (false, true)] {
                        for (id, name) in products {
                            let id: ProductId = id.parse().unwrap();
                            let facts = ProductFacts {
                                name: name.into(),
                                product: purchase::Product {
                                    value,
                                    trial_without_payment_method: trial,
                                    retired,
                                },
                            };
                            for kind in PurchaseKind::ALL {
                                for has_payment_method in [false, true] {
                                    let ask = Ask {
                                        kind,
                                        has_payment_method,
                                    };
                                    for url in urls {
                                        let e = evaluation(id.clone(), &facts, ask, l, url);
                                        let expected = serde_json::to_vec(&e).unwrap();
                                        let got = kept(&id, &facts, ask, l, url).unwrap();
                                        assert_eq!(got, expected, "{e:?}");
                                        asked += 1;
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        // Every answer at once in the cache: none was dropped to make room.
        assert!(asked / 2 < KEPT, "{asked}");
    }

    /// Every reason has its message, in every shipped language.
    #[test]
    fn every_reason_has_a_message_everywhere() {
        for tag in mscommerce_i18n::supported_languages() {
            let l = Localizer::shared(tag);
            for reason in DecisionReason::ALL {
                assert!(l.has(&message_id(reason)), "{tag}: {}", message_id(reason));
            }
        }
        assert_eq!(
            message_id(DecisionReason::NoTrialWithoutPaymentMethod),
            "decision-no-trial-without-payment-method"
        );
    }

    #[test]
    fn kinds_are_named_as_on_the_wire() {
        for k in PurchaseKind::ALL {
            assert_eq!(serde_json::to_value(k).unwrap(), k.as_str());
        }
    }
}
