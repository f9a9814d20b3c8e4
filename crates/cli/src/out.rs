//! Standard output that notices when what it writes is lost.
//!
//! Rust ignores SIGPIPE, so a write to a closed pipe is an error here, and `println!` would panic
//! on it. Every result line goes through [`line`] instead. The first failure is remembered and
//! later writes are skipped (nothing more can arrive); [`finish`] then decides the exit:
//! - a closed pipe (`| head -1`) is what the reader asked for: the command's own exit code,
//!   no error text, as `head` users expect of every Unix tool;
//! - any other failure (`> /dev/full`, a disk that filled up) means the output is lost: a message
//!   in the user's language on stderr and exit code 10, never 0 (`ls > /dev/full` exits non-zero
//!   too), so a script never takes a lost export for a written one.

use std::io::{ErrorKind, Write};
use std::process::ExitCode;
use std::sync::OnceLock;

use mscommerce_i18n::Localizer;

/// The exit code when the output could not be written.
pub(crate) const OUTPUT_FAILED: u8 = 10;

/// The first write failure: its kind and text.
static FAILED: OnceLock<(ErrorKind, String)> = OnceLock::new();

/// Writes `text` to stdout as it is, and flushes.
pub(crate) fn write(text: &str) {
    if FAILED.get().is_some() {
        return;
    }
    let mut out = std::io::stdout().lock();
    if let Err(e) = out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        let _ = FAILED.set((e.kind(), e.to_string()));
    }
}

/// Writes `text` and a newline to stdout, and flushes.
pub(crate) fn line(text: &str) {
    write(&format!("{text}\n"));
}

/// `println!` that notices lost output (see the module's doc).
#[cfg(feature = "server")]
macro_rules! outln {
    () => { $crate::out::line("") };
    ($($arg:tt)*) => { $crate::out::line(&format!($($arg)*)) };
}
#[cfg(feature = "server")]
pub(crate) use outln;

/// The exit code of a run whose own outcome is `code`, once its output is checked (messages in
/// `language`; the catalogs are loaded only when there is something to say).
pub(crate) fn finish(code: ExitCode, language: &str) -> ExitCode {
    match FAILED.get() {
        None => code,
        Some((ErrorKind::BrokenPipe, _)) => code,
        Some((_, message)) => {
            let l = Localizer::new(language);
            let mut a = mscommerce_i18n::FluentArgs::new();
            a.set("message", message.clone());
            let _ = writeln!(std::io::stderr(), "{}", l.t_args("error-output", &a));
            ExitCode::from(OUTPUT_FAILED)
        }
    }
}

/// Whether stderr may carry colour: only when it is a terminal and `NO_COLOR` is not set
/// (no-color.org). Escape codes in a pipe or a log file are noise every reader has to strip.
pub(crate) fn colour_on_stderr() -> bool {
    use std::io::IsTerminal as _;
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}
