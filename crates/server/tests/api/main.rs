//! End-to-end tests of the policy service through its socket: the real server on 127.0.0.1:0,
//! a real SQLite file (and PostgreSQL when configured), real HTTP, real tokens from the built-in
//! identity provider.
#![allow(unreachable_pub)] // test modules share helpers with `pub`
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a failed step fails the test
mod audit_log;
mod batch;
mod defaults;
mod errors;
mod helpers;
mod hot_read;
mod identity;
mod isolation;
mod journal;
mod license_requests;
mod openapi;
mod overload;
mod page;
mod purchases;
mod replicas;
mod role_table;
mod sign_in;
mod slow_clients;
mod token_attacks;
mod webhooks;
