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
    /// `diff`: the tenant no longer matches the desired-state file.
    Drift = 8,
    /// Someone changed a value since it was read (HTTP 412), or the request conflicts with
    /// what is there (HTTP 409: a license request decided or pending already); nothing was
    /// changed.
    Conflict = 9,
    /// A change was sent and no answer came (interrupted, or `--timeout`): it may or may not
    /// have been applied.
    Unknown = 11,
    /// Interrupted (Ctrl+C) before anything was changed: 128 + SIGINT, as shells report it.
    Interrupted = 130,
}

impl Exit {
    /// The exit code of an HTTP error status from the licensing API.
    pub(crate) fn for_status(status: u16) -> Exit {
        match status {
            401 => Exit::SignIn,
            403 => Exit::Forbidden,
            404 => Exit::NotFound,
            409 | 412 => Exit::Conflict,
            408 | 429 => Exit::Service,
            400..=499 => Exit::Invalid,
            _ => Exit::Service,
        }
    }
}

/// The overall outcome of a run over many tenants: the worst of theirs. Any failure outranks
/// drift; among failures, the one that stops more is worse: usage (the command itself is wrong)
/// and the service or network (nothing could be done) first, then sign-in, forbidden, not found,
/// invalid, conflict.
pub(crate) fn worst(codes: impl IntoIterator<Item = Option<Exit>>) -> Option<Exit> {
    fn rank(e: Option<Exit>) -> u8 {
        match e {
            None => 0,
            Some(Exit::Drift) => 1,
            Some(Exit::Conflict) => 2,
            Some(Exit::Invalid) => 3,
            Some(Exit::NotFound) => 4,
            Some(Exit::Forbidden) => 5,
            Some(Exit::SignIn) => 6,
            Some(Exit::Service) => 7,
            Some(Exit::Usage) => 8,
            // The outcome of a change is not known: worse than any known failure.
            Some(Exit::Interrupted) => 9,
            Some(Exit::Unknown) => 10,
        }
    }
    codes.into_iter().max_by_key(|e| rank(*e)).flatten()
}

/// The process exit code of an outcome (`None`: success).
pub(crate) fn code(e: Option<Exit>) -> ExitCode {
    e.map_or(ExitCode::SUCCESS, ExitCode::from)
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
            (412, 9),
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

    #[test]
    fn the_worst_outcome_of_many_tenants_wins() {
        assert_eq!(worst([None, None]), None);
        assert_eq!(worst([]), None);
        assert_eq!(worst([None, Some(Exit::Drift), None]), Some(Exit::Drift));
        assert_eq!(
            worst([Some(Exit::Drift), Some(Exit::Conflict)]),
            Some(Exit::Conflict)
        );
        assert_eq!(
            worst([Some(Exit::Forbidden), Some(Exit::Drift), Some(Exit::SignIn)]),
            Some(Exit::SignIn)
        );
        assert_eq!(
            worst([Some(Exit::Service), Some(Exit::NotFound)]),
            Some(Exit::Service)
        );
    }
}
