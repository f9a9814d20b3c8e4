//! What the crates' tests share, so that it is written once (kanidm's testkit idea). A
//! `[dev-dependencies]` entry only: no product crate depends on it.
//!
//! - [`pg`]: a fresh PostgreSQL database per test, from `MSCOMMERCE_TEST_POSTGRES_URL`, or a loud
//!   SKIPPED when the variable is not set.
//! - [`serve`]: the real binary's `serve --demo` on a free loopback port.
//! - [`tokens`]: access tokens from a running service, as clients get them.

// A test kit: a failure to set a test up is that test's failure, said where it happens.
#![allow(
    clippy::expect_used,
    reason = "test setup: a failure is the test's failure"
)]

pub mod pg;
pub mod serve;
pub mod tokens;
