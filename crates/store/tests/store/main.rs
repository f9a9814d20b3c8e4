//! The conformance suite: every story runs against SQLite (always) and PostgreSQL (when
//! `MSCOMMERCE_TEST_POSTGRES_URL` is set), so the two backends cannot drift apart.

mod harness;

mod catalog;
mod concurrency;
mod directory;
mod journal;
mod policies;
