//! The router, built with the list of the paths it serves beside it, so that the OpenAPI tests
//! can hold the document to every served path (and every method on it, over HTTP) without
//! reading source text. Built once at start; the router is the same as `Router::route` builds.

use axum::Router;
use axum::routing::MethodRouter;

use crate::state::AppState;

#[derive(Default)]
pub struct RouteTable {
    router: Router<AppState>,
    paths: Vec<&'static str>,
}

impl RouteTable {
    pub fn new() -> Self {
        RouteTable::default()
    }

    /// `Router::route`, remembering the path.
    pub fn route(mut self, path: &'static str, methods: MethodRouter<AppState>) -> Self {
        self.router = self.router.route(path, methods);
        self.paths.push(path);
        self
    }

    /// `Router::merge`, remembering the other table's paths.
    pub fn merge(mut self, other: RouteTable) -> Self {
        self.router = self.router.merge(other.router);
        self.paths.extend(other.paths);
        self
    }

    /// The paths served, as routed (axum's `{name}` parameters).
    pub fn paths(&self) -> &[&'static str] {
        &self.paths
    }

    pub fn into_router(self) -> Router<AppState> {
        self.router
    }
}
