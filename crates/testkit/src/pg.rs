//! A fresh PostgreSQL database per test.
//!
//! The server named by `MSCOMMERCE_TEST_POSTGRES_URL` (any database on it; trust or password
//! auth in the URL) gets a new database with a unique name for each test, dropped when the test
//! is done with it ([`FreshDatabase::drop_now`], or on drop, also when the test panics). When the
//! variable is not set, [`FreshDatabase::create`] says so loudly on stderr, past the test
//! harness's capture, and answers `None`: the caller skips its PostgreSQL variant and passes.

use std::io::Write as _;

use sqlx_core::connection::Connection as _;

/// The variable that names the PostgreSQL server the tests may use.
pub const URL_VAR: &str = "MSCOMMERCE_TEST_POSTGRES_URL";

/// The server's URL, when the tests may use one.
pub fn admin_url() -> Option<String> {
    std::env::var(URL_VAR).ok().filter(|s| !s.is_empty())
}

/// Says, straight to stderr, that `what` did not run on PostgreSQL and how to run it: once per
/// `what` and process, so a suite of a hundred stories says it once, not a hundred times.
pub fn say_skipped(what: &str) {
    static SAID: std::sync::Mutex<Vec<String>> = std::sync::Mutex::new(Vec::new());
    let mut said = SAID
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if said.iter().any(|w| w == what) {
        return;
    }
    said.push(what.to_owned());
    let _ = writeln!(
        std::io::stderr(),
        "\n*** SKIPPED: {what} on PostgreSQL (set {URL_VAR}, \
         e.g. postgres://postgres@127.0.0.1:5432/postgres) ***\n"
    );
}

/// A database of its own for one test.
#[derive(Debug)]
pub struct FreshDatabase {
    admin_url: String,
    name: String,
    /// The URL of the new database.
    pub url: String,
    dropped: bool,
}

impl FreshDatabase {
    /// A new database named `{prefix}_{uuid}`, or `None` (after [`say_skipped`] for `what`) when
    /// no server is configured.
    ///
    /// # Panics
    /// When the configured server cannot be reached or refuses `CREATE DATABASE`: the tests
    /// were asked to use it, so that is a failure, not a skip.
    #[allow(
        clippy::expect_used,
        reason = "test setup: a failure is the test's failure"
    )]
    pub async fn create(prefix: &str, what: &str) -> Option<FreshDatabase> {
        let Some(admin_url) = admin_url() else {
            say_skipped(what);
            return None;
        };
        let name = format!("{prefix}_{}", uuid::Uuid::new_v4().simple());
        let mut admin = sqlx_postgres::PgConnection::connect(&admin_url)
            .await
            .expect("connect to MSCOMMERCE_TEST_POSTGRES_URL");
        sqlx_core::query::query(sqlx_core::sql_str::AssertSqlSafe(format!(
            "CREATE DATABASE \"{name}\""
        )))
        .execute(&mut admin)
        .await
        .expect("create a test database");
        let _ = admin.close().await;
        Some(FreshDatabase {
            url: with_database(&admin_url, &name),
            admin_url,
            name,
            dropped: false,
        })
    }

    /// Drops the database now (connections to it are closed by force).
    pub async fn drop_now(mut self) {
        self.dropped = true;
        drop_database(&self.admin_url, &self.name).await;
    }
}

impl Drop for FreshDatabase {
    fn drop(&mut self) {
        if self.dropped {
            return;
        }
        let (admin_url, name) = (self.admin_url.clone(), self.name.clone());
        // The test's runtime may be gone or shutting down: drop from a thread with its own.
        let _ = std::thread::spawn(move || {
            if let Ok(rt) = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
            {
                rt.block_on(drop_database(&admin_url, &name));
            }
        })
        .join();
    }
}

async fn drop_database(admin_url: &str, name: &str) {
    if let Ok(mut c) = sqlx_postgres::PgConnection::connect(admin_url).await {
        let _ = sqlx_core::query::query(sqlx_core::sql_str::AssertSqlSafe(format!(
            "DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"
        )))
        .execute(&mut c)
        .await;
        let _ = c.close().await;
    }
}

/// `url` with its database name replaced by `name` (query parameters kept).
pub fn with_database(url: &str, name: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (url, None),
    };
    let authority_start = base.find("://").map_or(0, |i| i + 3);
    let base = match base[authority_start..].find('/') {
        Some(i) => &base[..authority_start + i],
        None => base,
    };
    match query {
        Some(q) => format!("{base}/{name}?{q}"),
        None => format!("{base}/{name}"),
    }
}

#[cfg(test)]
mod tests {
    use super::with_database;

    #[test]
    fn the_database_name_is_replaced_and_the_query_kept() {
        assert_eq!(
            with_database("postgres://u@h:5432/postgres", "t1"),
            "postgres://u@h:5432/t1"
        );
        assert_eq!(
            with_database("postgres://u@h/postgres?sslmode=disable", "t1"),
            "postgres://u@h/t1?sslmode=disable"
        );
        assert_eq!(with_database("postgres://u@h", "t1"), "postgres://u@h/t1");
    }
}
