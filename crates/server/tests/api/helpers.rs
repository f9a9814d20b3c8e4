//! `spawn_app()`: the real service on 127.0.0.1:0 with a fresh database (a SQLite file in a temp
//! dir, or a fresh PostgreSQL database when asked and `MSCOMMERCE_TEST_POSTGRES_URL` is set),
//! the demo directory, and a manual clock the test moves.

use std::sync::Arc;

use mscommerce_domain::{ManualClock, TenantId};
use mscommerce_identity::KeyRing;
use mscommerce_server::config::{FileConfig, Overrides, ServeConfig};
use mscommerce_server::demo;
use reqwest::{Method, StatusCode};
use serde_json::Value;
use time::OffsetDateTime;
use time::macros::datetime;
use tokio::sync::oneshot;

pub const P: &str = "AllowSelfServicePurchase";
pub const POWER_BI_PRO: &str = "CFQ7TTC0H9MP";
pub const POWER_BI_PRO_LEGACY: &str = "CFQ7TTC0L3PB";
/// Planner Plan 1 offers a trial without a payment method.
pub const PLANNER_PLAN_1: &str = "CFQ7TTC0HDB1";
pub const RESOURCE: &str = mscommerce_proto::RESOURCE_APP_ID;
pub const START: OffsetDateTime = datetime!(2026-11-20 12:00:00 UTC);

pub struct TestApp {
    pub url: String,
    pub http: reqwest::Client,
    pub clock: Arc<ManualClock>,
    pub server: mscommerce_server::Server,
    pub data_dir: tempfile::TempDir,
    shutdown: Option<oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<()>>,
    _db: Option<PgDatabase>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

pub use mscommerce_testkit::pg::FreshDatabase as PgDatabase;

/// A fresh PostgreSQL database, or `None` after a loud SKIPPED line.
pub async fn fresh_pg_database() -> Option<PgDatabase> {
    PgDatabase::create("msc_api", "this API test").await
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(Backend::Sqlite, FileConfig::default())
        .await
        .expect("sqlite always works")
}

/// `None` (after saying so loudly) when PostgreSQL is asked for and not configured.
pub async fn spawn_app_with(backend: Backend, file: FileConfig) -> Option<TestApp> {
    let db = match backend {
        Backend::Sqlite => None,
        Backend::Postgres => Some(fresh_pg_database().await?),
    };
    let url = db.as_ref().map(|d| d.url.clone());
    Some(spawn(url, db, file).await)
}

/// Another replica on an existing database (`postgres://...`, e.g. another app's
/// `PgDatabase::url`), with its own data directory, keys and clock. The caller keeps the
/// database alive.
pub async fn spawn_app_on(database_url: &str, file: FileConfig) -> TestApp {
    spawn(Some(database_url.to_owned()), None, file).await
}

async fn spawn(database_url: Option<String>, db: Option<PgDatabase>, file: FileConfig) -> TestApp {
    mscommerce_identity::install_crypto_provider();
    let data_dir = tempfile::tempdir().expect("temp dir");
    let overrides = Overrides {
        listen: Some("127.0.0.1:0".parse().expect("addr")),
        data_dir: Some(data_dir.path().to_owned()),
        database_url,
        demo: true,
        ..Overrides::default()
    };
    let mut config =
        ServeConfig::resolve(file, overrides, data_dir.path().to_owned()).expect("config");
    // Tests rotate keys and present unknown kids on purpose; do not rate-limit reloads.
    config.identity.jwks_min_refresh_secs = 0;
    config.identity.device_code_interval_secs = 1;
    let clock = Arc::new(ManualClock::new(START));
    let listener = tokio::net::TcpListener::bind(config.listen)
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    let server = mscommerce_server::Server::build(config, clock.clone(), addr)
        .await
        .expect("server builds");
    let (tx, rx) = oneshot::channel::<()>();
    let running = server.clone();
    let task = tokio::spawn(async move {
        running
            .serve(listener, async {
                let _ = rx.await;
            })
            .await
            .expect("server runs");
    });
    TestApp {
        url: format!("http://{addr}"),
        http: reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("client"),
        clock,
        server,
        data_dir,
        shutdown: Some(tx),
        task: Some(task),
        _db: db,
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(t) = self.task.take() {
            t.abort();
        }
    }
}

/// A response, read whole.
#[derive(Debug)]
pub struct Reply {
    pub status: StatusCode,
    pub headers: reqwest::header::HeaderMap,
    pub body: Value,
    pub text: String,
}

impl Reply {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
    pub fn error_code(&self) -> &str {
        self.body["errorCode"].as_str().unwrap_or("")
    }
}

pub async fn read(resp: reqwest::Response) -> Reply {
    let status = resp.status();
    let headers = resp.headers().clone();
    let text = resp.text().await.expect("body");
    let body = serde_json::from_str(&text).unwrap_or(Value::Null);
    Reply {
        status,
        headers,
        body,
        text,
    }
}

impl TestApp {
    pub async fn call(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> Reply {
        let mut req = self.http.request(method, format!("{}{path}", self.url));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        if let Some(b) = body {
            req = req.json(&b);
        }
        read(req.send().await.expect("request")).await
    }

    pub async fn get(&self, path: &str, token: &str) -> Reply {
        self.call(Method::GET, path, Some(token), None).await
    }

    pub async fn put(&self, path: &str, token: &str, value: &str) -> Reply {
        self.call(
            Method::PUT,
            path,
            Some(token),
            Some(serde_json::json!({ "policyValue": value })),
        )
        .await
    }

    pub async fn token_request(&self, tenant: &str, form: &[(&str, &str)]) -> Reply {
        let resp = self
            .http
            .post(format!("{}/{tenant}/oauth2/v2.0/token", self.url))
            .form(form)
            .send()
            .await
            .expect("token request");
        read(resp).await
    }

    /// A password grant of the public client at `tenant` (a domain, `organizations`, ...).
    pub async fn password_grant(&self, tenant: &str, upn: &str, password: &str) -> Reply {
        let scope = format!("{RESOURCE}/.default offline_access");
        self.token_request(
            tenant,
            &[
                ("grant_type", "password"),
                ("client_id", mscommerce_proto::PUBLIC_CLIENT_ID),
                ("username", upn),
                ("password", password),
                ("scope", &scope),
            ],
        )
        .await
    }

    /// An access token for a demo user (password grant).
    pub async fn user_token(&self, upn: &str) -> String {
        mscommerce_testkit::tokens::user(&self.http, &self.url, upn, demo::PASSWORD).await
    }

    /// An app-only token for a demo app (client credentials).
    pub async fn app_token(&self, client_id: &str) -> String {
        let tenant = "contoso.example";
        mscommerce_testkit::tokens::app(&self.http, &self.url, tenant, client_id, demo::SECRET)
            .await
    }

    /// The signing keys of this server, to forge tokens that differ from real ones in one way.
    pub fn keyring(&self) -> KeyRing {
        KeyRing::open(self.data_dir.path().join("keys"), self.clock.clone()).expect("key ring")
    }

    pub fn issuer(&self, tenant: &TenantId) -> String {
        format!("{}/{tenant}/v2.0", self.url)
    }

    /// Claims of a valid Global Administrator token of contoso, to be altered by a test.
    pub fn admin_claims(&self) -> Value {
        let now = self.clock.now_ts();
        let tid = contoso().to_string();
        serde_json::json!({
            "aud": RESOURCE,
            "iss": self.issuer(&contoso()),
            "iat": now,
            "nbf": now,
            "exp": now + 3600,
            "tid": tid,
            "oid": "0a000001-0000-4000-8000-000000000001",
            "sub": "0a000001-0000-4000-8000-000000000001",
            "upn": "admin@contoso.example",
            "preferred_username": "admin@contoso.example",
            "wids": [mscommerce_proto::roles::GLOBAL_ADMINISTRATOR],
            "scp": mscommerce_proto::SCOPE_ACCESS_AS_USER,
            "ver": "2.0",
            "azp": mscommerce_proto::PUBLIC_CLIENT_ID,
        })
    }

    pub fn forge(&self, claims: &Value) -> String {
        self.keyring().sign(claims).expect("sign")
    }
}

pub trait ClockExt {
    fn now_ts(&self) -> i64;
}

impl ClockExt for ManualClock {
    fn now_ts(&self) -> i64 {
        use mscommerce_domain::Clock;
        self.now().unix_timestamp()
    }
}

pub fn contoso() -> TenantId {
    TenantId::new(demo::CONTOSO.id)
}

pub fn fabrikam() -> TenantId {
    TenantId::new(demo::FABRIKAM.id)
}

/// Every demo identity with what the role table says it may do: (name, read, write).
pub const IDENTITIES: [(&str, bool, bool); 7] = [
    ("admin@contoso.example", true, true),
    ("billing@contoso.example", true, true),
    ("reader@contoso.example", true, false),
    ("user@contoso.example", false, false),
    ("admin@fabrikam.example", true, true),
    ("contoso-automation", true, true),
    ("contoso-reporting", true, false),
];

pub async fn token_for(app: &TestApp, who: &str) -> String {
    if who.contains('@') {
        app.user_token(who).await
    } else {
        app.app_token(who).await
    }
}
