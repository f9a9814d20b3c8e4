//! What the crates' tests share, so that it is written once (kanidm's testkit idea). A
//! `[dev-dependencies]` entry only: no product crate depends on it.
//!
//! - [`pg`]: a fresh PostgreSQL database per test, from `MSCOMMERCE_TEST_POSTGRES_URL`, or a loud
//!   SKIPPED when the variable is not set.

pub mod pg;
