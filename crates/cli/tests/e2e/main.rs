//! End-to-end tests: the real `mscommerce` binary against a real `mscommerce serve --demo` on a
//! free loopback port (one server per test, its own data and configuration directories).
//!
//! Snapshots (insta) redact the port, GUIDs, times and temporary paths.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod admin;
mod audit;
mod bulk;
mod crash;
mod desired_state;
mod errors;
mod harness;
mod license;
mod operations;
mod output;
mod policies;
mod purchases;
mod signin;
mod tenants;
mod tls;
mod webhooks;
