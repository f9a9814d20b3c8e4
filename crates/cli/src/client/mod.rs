//! The client half of the binary: sign-in, the policy commands, output, and errors that say what
//! to do. Every user-facing string comes from the Fluent catalogs (`mscommerce-i18n`).

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
