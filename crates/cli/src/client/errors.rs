//! Errors that say what to do: every failure becomes a headline, details, the next step (often
//! the exact command), and the correlation and request ids, all in the user's language.

use mscommerce_client::error::{CacheError, CredentialError, EndpointError};
use mscommerce_client::{
    ApiFailure, BrowserEnd, ClientError, DeviceCodeEnd, OAuthFailure, TransportKind,
};
use mscommerce_i18n::Localizer;
use mscommerce_proto::{CallerInfo, PolicyValue, roles};

use super::context::{Api, Ctx};
use super::exit::Exit;
use super::suggest;
use crate::text::{ConnectHint, join, list_or_none, role_name, t};

/// A failed command, ready to print.
#[derive(Debug, Clone)]
pub(crate) struct Failure {
    pub(crate) exit: Exit,
    pub(crate) headline: String,
    pub(crate) details: Vec<String>,
    /// Correlation id (always, when a request was made) and request id.
    pub(crate) ids: Option<(String, Option<String>)>,
}

impl Failure {
    pub(crate) fn new(exit: Exit, headline: String) -> Failure {
        Failure {
            exit,
            headline,
            details: Vec::new(),
            ids: None,
        }
    }

    /// A one-line failure from a message id.
    pub(crate) fn local(exit: Exit, l: &Localizer, id: &str, pairs: &[(&str, String)]) -> Failure {
        Failure::new(exit, t(l, id, pairs))
    }

    pub(crate) fn detail(mut self, line: String) -> Failure {
        self.details.push(line);
        self
    }

    fn with_ids(mut self, correlation: Option<&str>, request: Option<&str>) -> Failure {
        self.ids = correlation.map(|c| (c.to_owned(), request.map(str::to_owned)));
        self
    }

    /// `error: headline`, the details, then the ids for support.
    pub(crate) fn render(&self, l: &Localizer) -> String {
        let mut out = t(l, "error-line", &[("message", self.headline.clone())]);
        for d in &self.details {
            out.push('\n');
            out.push_str(d);
        }
        if let Some((correlation, request)) = &self.ids {
            out.push('\n');
            out.push_str(&match request {
                Some(r) => t(
                    l,
                    "failure-ids",
                    &[("correlation", correlation.clone()), ("request", r.clone())],
                ),
                None => t(
                    l,
                    "failure-correlation",
                    &[("correlation", correlation.clone())],
                ),
            });
        }
        out
    }
}

/// What a call was about, for messages.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Target<'a> {
    Policies,
    Policy,
    Products,
    OfferTypes,
    Product(&'a str),
    OfferType(&'a str),
    /// A `PATCH` of many products and offer types (and the default).
    Batch,
    /// License requests and webhooks: the service's own words explain a refusal.
    SelfExplained,
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct Op<'a> {
    pub(crate) write: bool,
    pub(crate) policy_id: &'a str,
    pub(crate) target: Target<'a>,
    /// The value being written, for a 400's message.
    pub(crate) value: Option<PolicyValue>,
}

impl Op<'static> {
    /// A call whose refusals the service explains in its own words (license requests,
    /// webhooks).
    pub(crate) fn self_explained(write: bool) -> Op<'static> {
        Op {
            write,
            policy_id: mscommerce_proto::ALLOW_SELF_SERVICE_PURCHASE,
            target: Target::SelfExplained,
            value: None,
        }
    }
}

/// Explains a failed licensing API call (404s look up the closest names first).
pub(crate) async fn explain(ctx: &Ctx, api: &Api, err: ClientError, op: &Op<'_>) -> Failure {
    match err {
        ClientError::Api(f) => match f.status {
            401 => unauthorized(ctx, api, &f),
            s if s != 403 && f.body.as_ref().is_some_and(|b| b.failed_item.is_some()) => {
                batch_refused(&ctx.l, &f)
            }
            412 => conflict(&ctx.l, &f, None),
            403 | 404 | 409 if matches!(op.target, Target::SelfExplained) => by_status(&ctx.l, &f),
            403 => forbidden(ctx, api, &f, op),
            404 => not_found(ctx, api, &f, op).await,
            400 if op.value.is_some() => invalid_value(&ctx.l, &f, op),
            _ => by_status(&ctx.l, &f),
        },
        other => explain_client(ctx, other, Some(api.connect_hint())),
    }
}

/// What a batch item (or a journal entry) is about, in words: `type` `product`, `offerType` or
/// `default`.
pub(crate) fn target_words(l: &Localizer, kind: &str, id: Option<&str>) -> String {
    let id = id.unwrap_or_default().to_owned();
    match kind {
        "product" => t(l, "target-product-id", &[("id", id)]),
        "offerType" | "OfferType" => t(l, "target-offer-type-id", &[("id", id)]),
        "licenseRequest" => t(l, "target-license-request", &[("id", id)]),
        _ => l.t("target-default"),
    }
}

/// Someone changed what was read (HTTP 412): nothing was changed; read again.
fn conflict(l: &Localizer, f: &ApiFailure, target: Option<String>) -> Failure {
    let (c, r) = ids(f);
    let target = target.unwrap_or_else(|| l.t("target-something"));
    let mut failure = Failure::local(Exit::Conflict, l, "error-conflict", &[("target", target)]);
    if let Some(said) = service_said(l, f) {
        failure = failure.detail(said);
    }
    failure.detail(l.t("conflict-what-to-do")).with_ids(c, r)
}

/// A refused batch: which item, why, and that nothing in it was changed.
fn batch_refused(l: &Localizer, f: &ApiFailure) -> Failure {
    let item = f.body.as_ref().and_then(|b| b.failed_item.as_ref());
    let target = item
        .and_then(|i| i.target.as_ref())
        .map(|t| target_words(l, &t.kind, t.id.as_deref()));
    if f.status == 412 {
        return conflict(l, f, target);
    }
    let (c, r) = ids(f);
    let target = target.unwrap_or_else(|| l.t("target-something"));
    let mut failure = Failure::local(
        Exit::for_status(f.status),
        l,
        "error-batch-refused",
        &[("target", target), ("status", f.status.to_string())],
    );
    if let Some(said) = service_said(l, f) {
        failure = failure.detail(said);
    }
    if let Some(allowed) = f.body.as_ref().and_then(|b| b.allowed_values.as_ref()) {
        failure = failure.detail(t(
            l,
            "invalid-allowed-values",
            &[("values", join(l, allowed))],
        ));
    }
    failure.with_ids(c, r)
}

fn ids(f: &ApiFailure) -> (Option<&str>, Option<&str>) {
    (Some(f.correlation_id.as_str()), f.request_id.as_deref())
}

/// What the service said, when it said something.
fn service_said(l: &Localizer, f: &ApiFailure) -> Option<String> {
    let reason = f
        .body
        .as_ref()
        .map(|b| b.reason.clone())
        .or_else(|| f.raw_body.clone())
        .filter(|r| !r.trim().is_empty())?;
    Some(t(l, "service-said", &[("reason", reason)]))
}

/// 400-class, 429/503 after retries, 5xx: no extra lookups needed.
fn by_status(l: &Localizer, f: &ApiFailure) -> Failure {
    let (c, r) = ids(f);
    let status = f.status.to_string();
    let mut failure = match f.status {
        429 | 503 => Failure::local(
            Exit::Service,
            l,
            "error-busy",
            &[("status", status), ("attempts", f.attempts.to_string())],
        ),
        401 => Failure::local(
            Exit::SignIn,
            l,
            "error-sign-in-expired",
            &[("command", ConnectHint::default().command(l))],
        ),
        s if (400..500).contains(&s) => {
            let mut failure = Failure::local(
                Exit::for_status(s),
                l,
                "error-invalid-request",
                &[("status", status)],
            );
            if let Some(said) = service_said(l, f) {
                failure = failure.detail(said);
            }
            if let Some(allowed) = f.body.as_ref().and_then(|b| b.allowed_values.as_ref()) {
                failure = failure.detail(t(
                    l,
                    "invalid-allowed-values",
                    &[("values", join(l, allowed))],
                ));
            }
            return failure.with_ids(c, r);
        }
        _ => Failure::local(Exit::Service, l, "error-service", &[("status", status)]),
    };
    if let Some(said) = service_said(l, f) {
        failure = failure.detail(said);
    }
    failure.with_ids(c, r)
}

/// A 400 on a write: which value, for what, and the allowed ones.
fn invalid_value(l: &Localizer, f: &ApiFailure, op: &Op<'_>) -> Failure {
    let (c, r) = ids(f);
    let target = match op.target {
        Target::OfferType(id) => t(l, "target-offer-type-id", &[("id", id.to_owned())]),
        Target::Product(id) => t(l, "target-product-id", &[("id", id.to_owned())]),
        _ => op.policy_id.to_owned(),
    };
    let mut failure = Failure::local(
        Exit::Invalid,
        l,
        "error-invalid-value",
        &[
            ("value", op.value.map(|v| v.to_string()).unwrap_or_default()),
            ("target", target),
            ("status", f.status.to_string()),
        ],
    );
    if let Some(said) = service_said(l, f) {
        failure = failure.detail(said);
    }
    if let Some(allowed) = f.body.as_ref().and_then(|b| b.allowed_values.as_ref()) {
        failure = failure.detail(t(
            l,
            "invalid-allowed-values",
            &[("values", join(l, allowed))],
        ));
    }
    failure.with_ids(c, r)
}

fn unauthorized(ctx: &Ctx, api: &Api, f: &ApiFailure) -> Failure {
    let l = &ctx.l;
    let command = api.connect_hint().command(l);
    let (c, r) = ids(f);
    let id = if api.renewable() {
        "error-sign-in-expired"
    } else {
        "error-token-refused"
    };
    let mut failure = Failure::local(Exit::SignIn, l, id, &[("command", command)]);
    if let Some(said) = service_said(l, f) {
        failure = failure.detail(said);
    }
    failure.with_ids(c, r)
}

/// Who the service took the caller for (its 403 body), else what the token says.
struct Who {
    app: bool,
    account: String,
    app_id: String,
    tenant: String,
    /// Directory roles (localized) or app permissions.
    roles: Vec<String>,
}

fn who(l: &Localizer, api: &Api, caller: Option<&CallerInfo>) -> Who {
    let claims = api.claims();
    let app = caller
        .map(|c| c.kind == "app")
        .or_else(|| claims.map(|c| c.is_app()))
        .unwrap_or(false);
    let account = caller
        .and_then(|c| c.user_principal_name.clone())
        .or_else(|| claims.and_then(|c| c.account().map(str::to_owned)))
        .or_else(|| caller.and_then(|c| c.object_id.clone()))
        .unwrap_or_else(|| "?".to_owned());
    let app_id = caller
        .and_then(|c| c.app_id.clone())
        .or_else(|| claims.and_then(|c| c.app_id().map(str::to_owned)))
        .unwrap_or_else(|| "?".to_owned());
    let tenant = api
        .tenant_display()
        .or_else(|| caller.map(|c| c.tenant_id.clone()))
        .unwrap_or_else(|| "?".to_owned());
    let roles = match (caller, claims) {
        (Some(c), _) if app => c.roles.iter().map(|r| r.name.clone()).collect(),
        (Some(c), _) => c
            .roles
            .iter()
            .map(|r| role_name(l, &r.id, &r.name))
            .collect(),
        (None, Some(cl)) if app => cl.roles.clone(),
        (None, Some(cl)) => cl.wids.iter().map(|id| role_name(l, id, id)).collect(),
        (None, None) => Vec::new(),
    };
    Who {
        app,
        account,
        app_id,
        tenant,
        roles,
    }
}

fn forbidden(ctx: &Ctx, api: &Api, f: &ApiFailure, op: &Op<'_>) -> Failure {
    let l = &ctx.l;
    let body = f.body.as_ref();
    let required = body.and_then(|b| b.required.as_ref());
    let write = required.map_or(op.write, |r| r.access == "write");
    let who = who(l, api, body.and_then(|b| b.caller.as_ref()));
    let (c, r) = ids(f);
    let command = api.connect_hint().command(l);
    let failure = if who.app {
        let needed: Vec<String> = match required.map(|r| &r.app_permissions) {
            Some(p) if !p.is_empty() => p.iter().map(|n| n.name.clone()).collect(),
            _ if write => vec![roles::POLICY_READ_WRITE.to_owned()],
            _ => vec![
                roles::POLICY_READ.to_owned(),
                roles::POLICY_READ_WRITE.to_owned(),
            ],
        };
        let needed = needed.join(&format!(" {} ", l.t("word-or")));
        let access = if write {
            l.t("access-write")
        } else {
            l.t("access-read")
        };
        Failure::local(
            Exit::Forbidden,
            l,
            "error-forbidden-app",
            &[
                ("app", who.app_id.clone()),
                ("permission", needed.clone()),
                ("access", access),
            ],
        )
        .detail(t(
            l,
            "forbidden-app-has",
            &[("permissions", list_or_none(l, &who.roles))],
        ))
        .detail(l.t("forbidden-what-to-do"))
        .detail(t(
            l,
            "forbidden-app-grant",
            &[("app", who.app_id), ("permission", needed)],
        ))
        .detail(t(l, "forbidden-app-reconnect", &[("command", command)]))
    } else {
        let needed: Vec<String> = match required.map(|r| &r.directory_roles) {
            Some(d) if !d.is_empty() => d.iter().map(|n| role_name(l, &n.id, &n.name)).collect(),
            _ if write => vec![
                role_name(l, roles::GLOBAL_ADMINISTRATOR, "Global Administrator"),
                role_name(l, roles::BILLING_ADMINISTRATOR, "Billing Administrator"),
            ],
            _ => vec![
                role_name(l, roles::GLOBAL_ADMINISTRATOR, "Global Administrator"),
                role_name(l, roles::BILLING_ADMINISTRATOR, "Billing Administrator"),
                role_name(l, roles::GLOBAL_READER, "Global Reader"),
            ],
        };
        let headline = if write {
            "error-forbidden-write"
        } else {
            "error-forbidden-read"
        };
        Failure::local(Exit::Forbidden, l, headline, &[])
            .detail(t(
                l,
                "forbidden-signed-in-as",
                &[
                    ("account", who.account),
                    ("tenant", who.tenant),
                    ("roles", list_or_none(l, &who.roles)),
                ],
            ))
            .detail(l.t("forbidden-what-to-do"))
            .detail(t(l, "forbidden-reconnect", &[("command", command)]))
            .detail(t(l, "forbidden-ask-admin", &[("roles", join(l, &needed))]))
    };
    failure.with_ids(c, r)
}

async fn not_found(ctx: &Ctx, api: &Api, f: &ApiFailure, op: &Op<'_>) -> Failure {
    let l = &ctx.l;
    let (c, r) = ids(f);
    let policy = op.policy_id.to_owned();
    let failure = match op.target {
        Target::Product(id) => match api.client().product_policies(op.policy_id).await {
            Ok(list) => {
                let candidates: Vec<(String, String)> = list
                    .into_iter()
                    .map(|p| (p.product_id, p.product_name))
                    .collect();
                let failure = Failure::local(
                    Exit::NotFound,
                    l,
                    "error-product-not-found",
                    &[("product", id.to_owned()), ("policy", policy.clone())],
                );
                with_suggestions(
                    l,
                    failure,
                    id,
                    &candidates,
                    "mscommerce get-product-policies",
                )
            }
            Err(ClientError::Api(g)) if g.status == 404 => {
                policy_not_found(ctx, api, op.policy_id).await
            }
            Err(_) => Failure::local(
                Exit::NotFound,
                l,
                "error-product-not-found",
                &[("product", id.to_owned()), ("policy", policy)],
            ),
        },
        Target::OfferType(id) => match api.client().offer_type_policies(op.policy_id).await {
            Ok(list) => {
                let candidates: Vec<(String, String)> = list
                    .into_iter()
                    .map(|p| (p.scope_id, p.scope_value))
                    .collect();
                let failure = Failure::local(
                    Exit::NotFound,
                    l,
                    "error-offer-type-not-found",
                    &[("offerType", id.to_owned()), ("policy", policy.clone())],
                );
                with_suggestions(
                    l,
                    failure,
                    id,
                    &candidates,
                    "mscommerce get-product-policies --scope offer-type",
                )
            }
            Err(ClientError::Api(g)) if g.status == 404 => {
                policy_not_found(ctx, api, op.policy_id).await
            }
            Err(_) => Failure::local(
                Exit::NotFound,
                l,
                "error-offer-type-not-found",
                &[("offerType", id.to_owned()), ("policy", policy)],
            ),
        },
        Target::Policy
        | Target::Products
        | Target::OfferTypes
        | Target::Policies
        | Target::Batch => policy_not_found(ctx, api, op.policy_id).await,
        // Answered by the service's words in `explain`.
        Target::SelfExplained => return by_status(l, f),
    };
    failure.with_ids(c, r)
}

pub(crate) fn with_suggestions(
    l: &Localizer,
    mut failure: Failure,
    wanted: &str,
    candidates: &[(String, String)],
    list_command: &str,
) -> Failure {
    let closest = suggest::closest(wanted, candidates, 3);
    if !closest.is_empty() {
        failure = failure.detail(l.t("not-found-closest"));
        let width = closest
            .iter()
            .map(|(id, _)| id.chars().count())
            .max()
            .unwrap_or(0);
        for (id, name) in closest {
            failure = failure.detail(format!("  {id:<width$}  {name}"));
        }
    }
    failure.detail(t(
        l,
        "not-found-list-all",
        &[("command", list_command.to_owned())],
    ))
}

async fn policy_not_found(ctx: &Ctx, api: &Api, policy: &str) -> Failure {
    let known = match api.client().policies().await {
        Ok(p) => p.into_iter().map(|p| p.id).collect::<Vec<_>>(),
        Err(_) => vec![mscommerce_proto::ALLOW_SELF_SERVICE_PURCHASE.to_owned()],
    };
    Failure::local(
        Exit::NotFound,
        &ctx.l,
        "error-policy-not-found",
        &[("policy", policy.to_owned())],
    )
    .detail(t(
        &ctx.l,
        "not-found-known-policies",
        &[("policies", join(&ctx.l, &known))],
    ))
}

/// Explains everything that is not a licensing API status: sign-in, network, cache, files.
/// `hint` is the `connect` command to suggest.
pub(crate) fn explain_client(ctx: &Ctx, err: ClientError, hint: Option<ConnectHint>) -> Failure {
    let l = &ctx.l;
    let hint = hint.unwrap_or_else(|| ctx.typed_connect_hint());
    let command = || hint.command(l);
    match err {
        ClientError::Api(f) => by_status(l, &f),
        ClientError::OAuth(f) => {
            let advice = sign_in_advice(l, &f, &hint);
            sign_in_refused(l, &f, advice)
        }
        ClientError::Transport {
            kind,
            url,
            message,
            correlation_id,
        } => network(l, kind, &url, &message).with_ids(correlation_id.as_deref(), None),
        ClientError::Unexpected {
            url,
            status,
            message,
            correlation_id,
            request_id,
        } => Failure::local(
            Exit::Service,
            l,
            "error-unexpected-answer",
            &[("url", url), ("status", status.to_string())],
        )
        .detail(t(l, "technical-detail", &[("message", message)]))
        .with_ids(correlation_id.as_deref(), request_id.as_deref()),
        ClientError::DeviceCode(end) => {
            let id = match end {
                DeviceCodeEnd::Declined => "error-device-declined",
                DeviceCodeEnd::Expired => "error-device-expired",
                DeviceCodeEnd::BadCode => "error-device-bad-code",
            };
            Failure::local(Exit::SignIn, l, id, &[]).detail(t(
                l,
                "connect-again",
                &[("command", command())],
            ))
        }
        ClientError::Browser(end) => {
            let (id, args) = match end {
                BrowserEnd::Declined => ("error-browser-declined", Vec::new()),
                BrowserEnd::TimedOut { minutes } => (
                    "error-browser-timed-out",
                    vec![("minutes", minutes.to_string())],
                ),
                BrowserEnd::Refused { error, description } => (
                    "error-browser-refused",
                    vec![("error", error), ("description", description)],
                ),
                BrowserEnd::Forged => ("error-browser-forged", Vec::new()),
                BrowserEnd::Listener(message) => {
                    ("error-browser-listener", vec![("message", message)])
                }
            };
            Failure::local(Exit::SignIn, l, id, &args).detail(t(
                l,
                "connect-again",
                &[("command", command())],
            ))
        }
        ClientError::Cache(e) => cache(l, e, &command()),
        ClientError::NotConnected { profile, known } => {
            let mut failure = Failure::local(
                Exit::SignIn,
                l,
                "error-not-connected",
                &[("profile", profile)],
            )
            .detail(t(l, "connect-first", &[("command", command())]));
            if !known.is_empty() {
                failure = failure.detail(t(
                    l,
                    "not-connected-known",
                    &[("profiles", join(l, &known))],
                ));
            }
            failure
        }
        ClientError::SignInExpired { profile, reason } => Failure::local(
            Exit::SignIn,
            l,
            "error-sign-in-cannot-renew",
            &[("profile", profile)],
        )
        .detail(t(l, "technical-detail", &[("message", reason)]))
        .detail(t(l, "connect-again", &[("command", command())])),
        ClientError::Credential(e) => credential(l, e),
        ClientError::Endpoint(e) => {
            let (id, value) = match e {
                EndpointError::NotAUrl(v) => ("error-endpoint-url", v),
                EndpointError::Scheme(v) => ("error-endpoint-scheme", v),
                EndpointError::Extra(v) => ("error-endpoint-extra", v),
                EndpointError::Tenant(v) => ("error-tenant", v),
                EndpointError::VersionPath { given, without } => {
                    return Failure::local(
                        Exit::Usage,
                        l,
                        "error-endpoint-version",
                        &[("value", given), ("without", without)],
                    );
                }
            };
            Failure::local(Exit::Usage, l, id, &[("value", value)])
        }
    }
}

/// What to do after the identity provider refused a sign-in. A tenant that does not exist
/// (AADSTS90002), or none named where one is needed (AADSTS50059): the suggested command asks
/// for the right tenant instead of repeating the mistake.
fn sign_in_advice(l: &Localizer, f: &OAuthFailure, hint: &ConnectHint) -> String {
    let tenant_id = if f.error_codes.contains(&90002) {
        Some("hint-tenant-not-found")
    } else if f.error_codes.contains(&50059) {
        Some("hint-tenant-needed")
    } else {
        None
    };
    if let Some(id) = tenant_id {
        let fixed = ConnectHint {
            tenant: None,
            ..hint.clone()
        };
        let typed = hint.tenant.clone().unwrap_or_default();
        return t(l, id, &[("tenant", typed), ("command", fixed.command(l))]);
    }
    let command = hint.command(l);
    match f.error.as_str() {
        "invalid_grant" => t(l, "hint-invalid-grant", &[("command", command)]),
        "invalid_client" | "unauthorized_client" => l.t("hint-invalid-client"),
        _ => t(l, "connect-again", &[("command", command)]),
    }
}

fn sign_in_refused(l: &Localizer, f: &OAuthFailure, advice: String) -> Failure {
    let mut failure = Failure::local(
        Exit::SignIn,
        l,
        "error-sign-in-refused",
        &[("error", f.error.clone())],
    );
    if !f.description.is_empty() {
        failure = failure.detail(t(
            l,
            "identity-provider-said",
            &[("reason", f.description.clone())],
        ));
    }
    failure
        .detail(advice)
        .with_ids(f.correlation_id.as_deref(), f.trace_id.as_deref())
}

fn network(l: &Localizer, kind: TransportKind, url: &str, message: &str) -> Failure {
    let id = match kind {
        TransportKind::Dns => "error-network-dns",
        TransportKind::Connect => "error-network-connect",
        TransportKind::Tls => "error-network-tls",
        TransportKind::Timeout => "error-network-timeout",
        TransportKind::Redirect => "error-network-redirect",
        TransportKind::Other => "error-network-other",
    };
    Failure::local(Exit::Service, l, id, &[("url", url.to_owned())]).detail(t(
        l,
        "technical-detail",
        &[("message", message.to_owned())],
    ))
}

fn cache(l: &Localizer, e: CacheError, command: &str) -> Failure {
    match e {
        CacheError::Corrupt { path, message } => Failure::local(
            Exit::SignIn,
            l,
            "error-cache-corrupt",
            &[("path", path.display().to_string())],
        )
        .detail(t(l, "technical-detail", &[("message", message)]))
        .detail(t(l, "connect-again", &[("command", command.to_owned())])),
        CacheError::Io { path, source } => Failure::local(
            Exit::SignIn,
            l,
            "error-cache-io",
            &[("path", path.display().to_string())],
        )
        .detail(t(l, "technical-detail", &[("message", source.to_string())])),
        CacheError::NoConfigDir => Failure::local(Exit::SignIn, l, "error-no-config-dir", &[]),
        CacheError::ProfileName(name) => {
            Failure::local(Exit::Usage, l, "error-profile-name", &[("name", name)])
        }
    }
}

fn credential(l: &Localizer, e: CredentialError) -> Failure {
    let p = |path: &std::path::Path| path.display().to_string();
    match e {
        CredentialError::Read { path, source } => Failure::local(
            Exit::Usage,
            l,
            "error-credential-read",
            &[("path", p(&path)), ("message", source.to_string())],
        ),
        CredentialError::Empty { path } => Failure::local(
            Exit::Usage,
            l,
            "error-credential-empty",
            &[("path", p(&path))],
        ),
        CredentialError::NoCertificate { path } => Failure::local(
            Exit::Usage,
            l,
            "error-no-certificate",
            &[("path", p(&path))],
        ),
        CredentialError::NoPrivateKey { path } => Failure::local(
            Exit::Usage,
            l,
            "error-no-private-key",
            &[("path", p(&path))],
        ),
        CredentialError::BadKey { path, message } => Failure::local(
            Exit::Usage,
            l,
            "error-bad-key",
            &[("path", p(&path)), ("message", message)],
        ),
        CredentialError::NoSecret => Failure::local(Exit::Usage, l, "error-no-secret", &[]),
        CredentialError::Sign(message) => Failure::local(
            Exit::Usage,
            l,
            "error-sign-assertion",
            &[("message", message)],
        ),
    }
}
