//! Exit codes, documented in `--help` and docs/cli.md.

use std::process::ExitCode;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Exit {
    /// Bad arguments, unreadable credential files.
    Usage = 2,
    /// Not signed in, sign-in refused or expired (401), unreadable token cache.
    SignIn = 3,
    /// The account or app lacks the role or permission (403).
    Forbidden = 4,
    /// No such policy, product or offer type (404).
    NotFound = 5,
    /// The service refused the request as invalid (400 and other 4xx).
    Invalid = 6,
    /// The service failed or is unreachable (5xx, 429/503 after retries, network, TLS).
    Service = 7,
}

impl Exit {
    /// The exit code of an HTTP error status from the licensing API.
    pub(crate) fn for_status(status: u16) -> Exit {
        match status {
            401 => Exit::SignIn,
            403 => Exit::Forbidden,
            404 => Exit::NotFound,
            408 | 429 => Exit::Service,
            400..=499 => Exit::Invalid,
            _ => Exit::Service,
        }
    }
}

impl From<Exit> for ExitCode {
    fn from(e: Exit) -> Self {
        ExitCode::from(e as u8)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_map_to_documented_codes() {
        let cases = [
            (400, 6),
            (401, 3),
            (403, 4),
            (404, 5),
            (405, 6),
            (412, 6),
            (413, 6),
            (415, 6),
            (429, 7),
            (500, 7),
            (503, 7),
        ];
        for (status, code) in cases {
            assert_eq!(Exit::for_status(status) as u8, code, "{status}");
        }
    }
}
