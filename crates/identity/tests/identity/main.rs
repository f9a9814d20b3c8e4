//! Integration tests of mscommerce-identity: real SQLite store (temp dir), real key ring files,
//! real HTTP JWKS servers on 127.0.0.1, and a ManualClock for every time rule.

// Everything in this crate is test code (helpers included): a failed unwrap is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;
mod device;
mod grants;
mod verify_builtin;
mod verify_external;
