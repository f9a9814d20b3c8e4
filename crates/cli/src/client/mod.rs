//! The client half of the binary: its arguments, the context every command runs in, sign-in
//! state, errors that say what to do, exit codes, and the many-tenant runner. The commands
//! themselves are in `crate::commands`, their output in `crate::render`. Every user-facing string
//! comes from the Fluent catalogs (`mscommerce-i18n`).

use std::io::Write;

pub(crate) mod args;
pub(crate) mod context;
pub(crate) mod errors;
pub(crate) mod exit;
pub(crate) mod spellings;
pub(crate) mod suggest;
pub(crate) mod tenants;

mod run;
pub(crate) use run::run;

/// Writes a result to stdout (a lost write decides the exit code: see `crate::out`).
pub(crate) fn emit(text: &str) {
    crate::out::line(text);
}

/// A human note on stderr (progress, confirmations), so stdout stays data.
pub(crate) fn note(text: &str) {
    let mut err = std::io::stderr().lock();
    let _ = writeln!(err, "{text}");
}
