//! The client half of the binary: sign-in, the policy commands, output, and errors that say what
//! to do. Every user-facing string comes from the Fluent catalogs (`mscommerce-i18n`).

/// Calls the API; after a 401 on a profile's token, renews the token once and calls again.
/// Failures are explained (and returned) with the operation's context.
#[cfg(feature = "client")]
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

#[cfg(feature = "client")]
pub(crate) mod audit;
#[cfg(feature = "client")]
pub(crate) mod bulk;
#[cfg(feature = "client")]
pub(crate) mod context;
#[cfg(feature = "client")]
pub(crate) mod desired;
#[cfg(feature = "client")]
pub(crate) mod errors;
#[cfg(feature = "client")]
pub(crate) mod exit;
pub(crate) mod help;
#[cfg(feature = "client")]
pub(crate) mod output;
#[cfg(feature = "client")]
pub(crate) mod policies;
#[cfg(feature = "client")]
pub(crate) mod signin;
#[cfg(feature = "client")]
pub(crate) mod suggest;
#[cfg(feature = "client")]
pub(crate) mod tenants;
pub(crate) mod text;

#[cfg(feature = "client")]
mod run;
#[cfg(feature = "client")]
pub(crate) use run::run;
