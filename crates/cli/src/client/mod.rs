//! The client half of the binary: sign-in, the policy commands, output, and errors that say what
//! to do. Every user-facing string comes from the Fluent catalogs (`mscommerce-i18n`).

/// Calls the API; after a 401 on a profile's token, renews the token once and calls again.
/// Failures are explained (and returned) with the operation's context.
macro_rules! call {
    ($ctx:expr, $api:ident, $op:expr, $c:ident => $call:expr) => {{
        let first = {
            let $c = &$api.client;
            $call.await
        };
        let result = match first {
            Err(e) if $crate::client::errors::is_unauthorized(&e) && $api.renewable() => {
                tracing::debug!("the service refused the token; renewing it once");
                $api = $ctx.api(true).await?;
                let $c = &$api.client;
                $call.await
            }
            other => other,
        };
        match result {
            Ok(v) => v,
            Err(e) => return Err($crate::client::errors::explain($ctx, &$api, e, $op).await),
        }
    }};
}

pub(crate) mod audit;
pub(crate) mod bulk;
pub(crate) mod context;
pub(crate) mod desired;
pub(crate) mod errors;
pub(crate) mod exit;
pub(crate) mod output;
pub(crate) mod policies;
pub(crate) mod signin;
pub(crate) mod suggest;
pub(crate) mod tenants;
/// Shared with the operator's commands, so it lives at the crate root.
pub(crate) use crate::text;

mod run;
pub(crate) use run::run;
