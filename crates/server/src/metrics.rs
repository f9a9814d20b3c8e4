//! Prometheus metrics, served on a listener of their own (`serve --metrics-listen`), never on
//! the public port: request counts by route, method and status, latency histograms by route,
//! read-cache hits and misses, rate-limit refusals, the requests in flight and the journals'
//! heads.
//!
//! Written by hand in the text exposition format (version 0.0.4), with atomics only (a request
//! is counted without waiting on another), no metrics crate. Labels are bounded: a route is a path of the route table (`{policy}`,
//! not the value) or `other`, a method one of the HTTP methods or `other`.

use std::fmt::Write as _;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use axum::http::Method;

/// Upper bounds of the latency buckets, in seconds.
const BUCKETS: [f64; 12] = [
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5,
];

/// The route of a request that matched none.
pub(crate) const OTHER: &str = "other";

/// The statuses counted under their own label; any other is `other`.
const STATUSES: [u16; 17] = [
    200, 201, 204, 302, 303, 304, 400, 401, 403, 404, 405, 409, 412, 413, 415, 429, 503,
];
const METHODS: [&str; 8] = [
    "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "other",
];

/// Counters of one route: by method, then by status (the last for any other status). Atomics
/// only, so concurrent requests never wait on each other to be counted.
type RouteCounts = [[AtomicU64; STATUSES.len() + 1]; METHODS.len()];

#[derive(Debug, Default)]
struct Histogram {
    /// Counts per bucket, each its own (the last above every bound): Prometheus' cumulative
    /// counts and the total are summed when scraped. Counted cumulatively, a fast request
    /// added to every bucket, thirteen atomic additions on lines every worker shares, a few
    /// per cent of the hot paths' time.
    buckets: [AtomicU64; BUCKETS.len() + 1],
    sum_micros: AtomicU64,
}

impl Histogram {
    fn observe(&self, took: Duration) {
        let secs = took.as_secs_f64();
        let bucket = BUCKETS
            .iter()
            .position(|bound| secs <= *bound)
            .unwrap_or(BUCKETS.len());
        self.buckets[bucket].fetch_add(1, Ordering::Relaxed);
        let micros = u64::try_from(took.as_micros()).unwrap_or(u64::MAX);
        self.sum_micros.fetch_add(micros, Ordering::Relaxed);
    }
}

/// What the service counts.
#[derive(Debug)]
pub struct Metrics {
    /// Index of each route in `latency`; the last entry is [`OTHER`].
    routes: mscommerce_domain::sharded::FastMap<&'static str, usize>,
    names: Vec<&'static str>,
    latency: Vec<Histogram>,
    /// Requests per route (same index as `latency`).
    requests: Vec<RouteCounts>,
    pub(crate) cache_hits: AtomicU64,
    pub(crate) cache_misses: AtomicU64,
    pub(crate) limited_tenant: AtomicU64,
    pub(crate) limited_caller: AtomicU64,
    /// Sign-ins refused because their address spent its budget of failures.
    pub(crate) limited_sign_in: AtomicU64,
    pub(crate) journal_heads: crate::journal_heads::JournalHeads,
}

/// What `/metrics` shows that other parts count: read at scrape time.
#[derive(Debug, Clone, Copy, Default)]
pub struct Scraped {
    /// Requests being answered now.
    pub in_flight: usize,
    /// SQLite group commit: (groups, writes); `None` on PostgreSQL.
    pub commit_groups: Option<(u64, u64)>,
    /// Argon2 checks run by the identity provider; `None` when it is off.
    pub secret_checks: Option<u64>,
}

impl Metrics {
    /// Metrics for the routes of the route table (and the HTML routes, named by the caller).
    pub fn new(routes: &[&'static str]) -> Metrics {
        let mut names: Vec<&'static str> = routes.to_vec();
        names.sort_unstable();
        names.dedup();
        names.push(OTHER);
        Metrics {
            routes: names.iter().enumerate().map(|(i, r)| (*r, i)).collect(),
            latency: names.iter().map(|_| Histogram::default()).collect(),
            requests: names
                .iter()
                .map(|_| std::array::from_fn(|_| std::array::from_fn(|_| AtomicU64::new(0))))
                .collect(),
            names,

            cache_hits: AtomicU64::new(0),
            cache_misses: AtomicU64::new(0),
            limited_tenant: AtomicU64::new(0),
            limited_caller: AtomicU64::new(0),
            limited_sign_in: AtomicU64::new(0),
            journal_heads: crate::journal_heads::JournalHeads::default(),
        }
    }

    /// One answered request.
    pub(crate) fn record(&self, route: &str, method: &Method, status: u16, took: Duration) {
        let index = self
            .routes
            .get(route)
            .copied()
            .unwrap_or(self.names.len() - 1);
        self.latency[index].observe(took);
        let method = METHODS
            .iter()
            .position(|m| *m == method.as_str())
            .unwrap_or(METHODS.len() - 1);
        let status = STATUSES
            .iter()
            .position(|s| *s == status)
            .unwrap_or(STATUSES.len());
        self.requests[index][method][status].fetch_add(1, Ordering::Relaxed);
    }

    /// The text exposition, with what the caller read from elsewhere at scrape time.
    pub fn render(&self, scraped: &Scraped) -> String {
        let Scraped {
            in_flight,
            commit_groups,
            secret_checks,
        } = *scraped;
        let mut out = String::with_capacity(16 * 1024);
        out.push_str("# HELP mscommerce_http_requests_total Requests answered, by route, method and status.\n");
        out.push_str("# TYPE mscommerce_http_requests_total counter\n");
        for (route, by_method) in self.names.iter().zip(&self.requests) {
            for (method, by_status) in METHODS.iter().zip(by_method) {
                for (i, counter) in by_status.iter().enumerate() {
                    let n = counter.load(Ordering::Relaxed);
                    if n == 0 {
                        continue;
                    }
                    let status = STATUSES.get(i).map_or("other".to_owned(), u16::to_string);
                    let _ = writeln!(
                        out,
                        "mscommerce_http_requests_total{{route=\"{route}\",method=\"{method}\",status=\"{status}\"}} {n}"
                    );
                }
            }
        }
        out.push_str("# HELP mscommerce_http_request_duration_seconds Time to answer, by route.\n");
        out.push_str("# TYPE mscommerce_http_request_duration_seconds histogram\n");
        for (name, h) in self.names.iter().zip(&self.latency) {
            let counts: Vec<u64> = h
                .buckets
                .iter()
                .map(|b| b.load(Ordering::Relaxed))
                .collect();
            let count: u64 = counts.iter().sum();
            if count == 0 {
                continue;
            }
            let mut below = 0;
            for (bound, n) in BUCKETS.iter().zip(&counts) {
                below += n;
                let _ = writeln!(
                    out,
                    "mscommerce_http_request_duration_seconds_bucket{{route=\"{name}\",le=\"{bound}\"}} {below}"
                );
            }
            let _ = writeln!(
                out,
                "mscommerce_http_request_duration_seconds_bucket{{route=\"{name}\",le=\"+Inf\"}} {count}"
            );
            #[allow(clippy::cast_precision_loss)] // microseconds: exact below 2^53
            let sum = h.sum_micros.load(Ordering::Relaxed) as f64 / 1e6;
            let _ = writeln!(
                out,
                "mscommerce_http_request_duration_seconds_sum{{route=\"{name}\"}} {sum}"
            );
            let _ = writeln!(
                out,
                "mscommerce_http_request_duration_seconds_count{{route=\"{name}\"}} {count}"
            );
        }
        let counter = |out: &mut String, name: &str, help: &str, series: &[(&str, u64)]| {
            let _ = writeln!(out, "# HELP {name} {help}");
            let _ = writeln!(out, "# TYPE {name} counter");
            for (labels, v) in series {
                let _ = writeln!(out, "{name}{labels} {v}");
            }
        };
        let load = |a: &AtomicU64| a.load(Ordering::Relaxed);
        counter(
            &mut out,
            "mscommerce_read_cache_requests_total",
            "Tenant answers asked of the read cache, by outcome.",
            &[
                ("{outcome=\"hit\"}", load(&self.cache_hits)),
                ("{outcome=\"miss\"}", load(&self.cache_misses)),
            ],
        );
        counter(
            &mut out,
            "mscommerce_rate_limited_total",
            "Requests refused with 429, by the budget they exceeded.",
            &[
                ("{budget=\"tenant\"}", load(&self.limited_tenant)),
                ("{budget=\"caller\"}", load(&self.limited_caller)),
                ("{budget=\"sign_in_failures\"}", load(&self.limited_sign_in)),
            ],
        );
        if let Some((groups, writes)) = commit_groups {
            counter(
                &mut out,
                "mscommerce_store_commit_groups_total",
                "Write transactions committed (SQLite group commit: one fsync each).",
                &[("", groups)],
            );
            counter(
                &mut out,
                "mscommerce_store_committed_writes_total",
                "Writes those transactions held: divided by the groups, the mean group size.",
                &[("", writes)],
            );
        }
        if let Some(checks) = secret_checks {
            counter(
                &mut out,
                "mscommerce_identity_secret_checks_total",
                "Password and client-secret checks run (Argon2id, one per check, known account or not).",
                &[("", checks)],
            );
        }
        self.journal_heads.render(&mut out);
        out.push_str("# HELP mscommerce_http_requests_in_flight Requests being answered now.\n");
        out.push_str("# TYPE mscommerce_http_requests_in_flight gauge\n");
        let _ = writeln!(out, "mscommerce_http_requests_in_flight {in_flight}");
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buckets_are_cumulative_and_labels_bounded() {
        let m = Metrics::new(&["/a/{x}", "/b"]);
        m.record("/a/{x}", &Method::GET, 200, Duration::from_micros(300));
        m.record("/a/{x}", &Method::GET, 200, Duration::from_millis(30));
        m.record(
            "/nowhere/42",
            &Method::from_bytes(b"BREW").unwrap(),
            404,
            Duration::ZERO,
        );
        let text = m.render(&Scraped {
            in_flight: 3,
            commit_groups: Some((2, 5)),
            secret_checks: Some(7),
        });
        assert!(text.contains(
            "mscommerce_http_requests_total{route=\"/a/{x}\",method=\"GET\",status=\"200\"} 2"
        ));
        assert!(text.contains(
            "mscommerce_http_requests_total{route=\"other\",method=\"other\",status=\"404\"} 1"
        ));
        assert!(text.contains("duration_seconds_bucket{route=\"/a/{x}\",le=\"0.0005\"} 1"));
        assert!(text.contains("duration_seconds_bucket{route=\"/a/{x}\",le=\"0.05\"} 2"));
        assert!(text.contains("duration_seconds_bucket{route=\"/a/{x}\",le=\"+Inf\"} 2"));
        assert!(text.contains("duration_seconds_count{route=\"/a/{x}\"} 2"));
        assert!(
            !text.contains("route=\"/b\""),
            "no series for a route never asked"
        );
        assert!(text.contains("mscommerce_http_requests_in_flight 3"));
        assert!(text.contains("mscommerce_store_commit_groups_total 2"));
        assert!(text.contains("mscommerce_store_committed_writes_total 5"));
        assert!(text.contains("mscommerce_identity_secret_checks_total 7"));
    }
}
