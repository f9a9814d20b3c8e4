//! The policy service: the licensing API, the built-in identity provider's endpoints, health.
//!
//! [`launch`] runs the service on a listener the caller bound, so tests bind `127.0.0.1:0`
//! and production binds the configured address; shutdown comes from a future the caller owns.

pub mod api;
pub mod app;
pub mod auth;
mod authorize;
pub mod cache;
pub mod client_address;
pub mod config;
pub mod data_dir;
pub mod demo;
pub mod error;
mod evaluate;
mod fast_read;
pub mod idp_routes;
pub mod journal_heads;
pub(crate) mod license_requests;
pub mod limits;
pub mod listener;
pub mod metrics;
pub mod middleware;
pub mod openapi;
mod page;
mod paging;
pub(crate) mod purchases;
pub mod route_table;
pub mod state;
pub mod tls;
mod watch;
mod web;
pub mod webhook_delivery;
pub(crate) mod webhooks;

pub use app::{ServeError, Server, launch};
pub use config::{FileConfig, Overrides, ServeConfig};
