//! The conformance suite: every story runs against SQLite (always) and PostgreSQL (when
//! `MSCOMMERCE_TEST_POSTGRES_URL` is set), so the two backends cannot drift apart.

// A test binary: failing loudly is its job (clippy's allow-*-in-tests only covers #[test] fns).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod harness;

mod audit;
mod batch;
mod catalog;
mod catalog_admin;
mod concurrency;
mod defaults;
mod directory;
mod group_commit;
mod journal;
mod license_requests;
mod notices;
mod policies;
