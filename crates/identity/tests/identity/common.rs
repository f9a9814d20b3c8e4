//! Shared test setup: a real SQLite store with a small directory, a real key ring, a ManualClock,
//! a JWT builder that signs with whatever the attack needs, and a tiny real JWKS server.

use mscommerce_testkit::pg::FreshDatabase;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use aws_lc_rs::encoding::AsDer;
use aws_lc_rs::rand::SystemRandom;
use aws_lc_rs::rsa::{KeyPair as RsaKeyPair, KeySize};
use aws_lc_rs::signature::{
    ECDSA_P256_SHA256_FIXED_SIGNING, EcdsaKeyPair, KeyPair as _, RSA_PKCS1_SHA256, RsaEncoding,
    RsaPublicKeyComponents,
};
use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use mscommerce_domain::{Clock, ManualClock, TenantId};
use mscommerce_identity::{Idp, IdpConfig, KeyRing, Verifier, VerifierConfig, hash_secret};
use mscommerce_proto::{RESOURCE_APP_ID, SCOPE_ACCESS_AS_USER, roles};
use mscommerce_store::{AppRecord, Store, TenantRecord, UserRecord};
use serde_json::{Value, json};
use time::OffsetDateTime;
use time::macros::datetime;
use uuid::Uuid;

pub(crate) const BASE: &str = "http://idp.test";
pub(crate) const PASSWORD: &str = "demo-password";
pub(crate) const SECRET: &str = "demo-secret";
pub(crate) const CONTOSO: &str = "c0000000-0000-4000-8000-000000000001";
pub(crate) const FABRIKAM: &str = "f0000000-0000-4000-8000-000000000002";

pub(crate) fn start() -> OffsetDateTime {
    datetime!(2026-03-02 09:00 UTC)
}

pub(crate) fn tid(s: &str) -> TenantId {
    s.parse().unwrap()
}

// ---------------------------------------------------------------- keys and JWTs

/// An RSA key the test owns (an external issuer's key, an attacker's key, an app's certificate).
pub(crate) struct TestKey {
    pub(crate) pair: RsaKeyPair,
    pub(crate) kid: String,
}

impl TestKey {
    pub(crate) fn generate(kid: &str) -> TestKey {
        TestKey {
            pair: RsaKeyPair::generate(KeySize::Rsa2048).unwrap(),
            kid: kid.to_owned(),
        }
    }

    pub(crate) fn from_pkcs8(der: &[u8], kid: &str) -> TestKey {
        TestKey {
            pair: RsaKeyPair::from_pkcs8(der).unwrap(),
            kid: kid.to_owned(),
        }
    }

    fn components(&self) -> (Vec<u8>, Vec<u8>) {
        let c = RsaPublicKeyComponents::<Vec<u8>>::from(self.pair.public_key());
        (c.n, c.e)
    }

    /// The JWKS entry, optionally with Entra's `issuer` property.
    pub(crate) fn jwk(&self, issuer: Option<&str>) -> Value {
        let (n, e) = self.components();
        let mut jwk = json!({
            "kty": "RSA", "use": "sig", "alg": "RS256", "kid": self.kid,
            "n": URL_SAFE_NO_PAD.encode(n), "e": URL_SAFE_NO_PAD.encode(e),
        });
        if let Some(i) = issuer {
            jwk["issuer"] = json!(i);
        }
        jwk
    }

    /// PKCS#1 RSAPublicKey DER.
    pub(crate) fn public_der(&self) -> Vec<u8> {
        self.pair.public_key().as_ref().to_vec()
    }

    /// SubjectPublicKeyInfo as PEM (`-----BEGIN PUBLIC KEY-----`).
    pub(crate) fn public_pem(&self) -> String {
        let spki = self.pair.public_key().as_der().unwrap();
        let b64 = STANDARD.encode(spki.as_ref());
        let mut pem = String::from("-----BEGIN PUBLIC KEY-----\n");
        for line in b64.as_bytes().chunks(64) {
            pem.push_str(std::str::from_utf8(line).unwrap());
            pem.push('\n');
        }
        pem.push_str("-----END PUBLIC KEY-----\n");
        pem
    }
}

/// Keys shared by all tests (RSA generation is slow in debug builds).
pub(crate) struct Keys {
    pub(crate) issuer: TestKey,
    pub(crate) issuer2: TestKey,
    pub(crate) attacker: TestKey,
    pub(crate) certificate: TestKey,
}

pub(crate) fn keys() -> &'static Keys {
    static KEYS: OnceLock<Keys> = OnceLock::new();
    KEYS.get_or_init(|| Keys {
        issuer: TestKey::generate("issuer-key-1"),
        issuer2: TestKey::generate("issuer-key-2"),
        attacker: TestKey::generate("attacker-key"),
        certificate: TestKey::generate("cert"),
    })
}

#[derive(Clone, Copy)]
pub(crate) enum Sign<'a> {
    Rsa(&'a TestKey, &'static dyn RsaEncoding),
    Hmac(&'a [u8]),
    Es256,
    /// A fixed signature segment (possibly empty).
    Raw(&'a str),
}

pub(crate) fn rs256(key: &TestKey) -> Sign<'_> {
    Sign::Rsa(key, &RSA_PKCS1_SHA256)
}

pub(crate) fn b64json(v: &Value) -> String {
    URL_SAFE_NO_PAD.encode(serde_json::to_vec(v).unwrap())
}

/// A compact JWS with exactly this header and these claims.
pub(crate) fn jwt(header: &Value, claims: &Value, sign: Sign<'_>) -> String {
    let input = format!("{}.{}", b64json(header), b64json(claims));
    let signature = match sign {
        Sign::Rsa(key, encoding) => {
            let mut sig = vec![0u8; key.pair.public_modulus_len()];
            key.pair
                .sign(encoding, &SystemRandom::new(), input.as_bytes(), &mut sig)
                .unwrap();
            URL_SAFE_NO_PAD.encode(sig)
        }
        Sign::Hmac(secret) => {
            let key = aws_lc_rs::hmac::Key::new(aws_lc_rs::hmac::HMAC_SHA256, secret);
            URL_SAFE_NO_PAD.encode(aws_lc_rs::hmac::sign(&key, input.as_bytes()).as_ref())
        }
        Sign::Es256 => {
            let pair = EcdsaKeyPair::generate(&ECDSA_P256_SHA256_FIXED_SIGNING).unwrap();
            let sig = pair.sign(&SystemRandom::new(), input.as_bytes()).unwrap();
            URL_SAFE_NO_PAD.encode(sig.as_ref())
        }
        Sign::Raw(s) => s.to_owned(),
    };
    format!("{input}.{signature}")
}

/// Decodes a JWT segment (0 header, 1 claims) without checking anything.
pub(crate) fn segment(token: &str, i: usize) -> Value {
    serde_json::from_slice(
        &URL_SAFE_NO_PAD
            .decode(token.split('.').nth(i).unwrap())
            .unwrap(),
    )
    .unwrap()
}

/// Claims of a good v2 user token for `tenant` from `iss`, at `now`.
pub(crate) fn user_claims(iss: &str, tenant: &str, now: OffsetDateTime) -> Value {
    let t = now.unix_timestamp();
    json!({
        "aud": RESOURCE_APP_ID, "iss": iss, "tid": tenant, "ver": "2.0",
        "iat": t, "nbf": t, "exp": t + 3600,
        "oid": "0a000000-0000-4000-8000-00000000000a", "sub": "s",
        "preferred_username": "someone@contoso.example",
        "scp": SCOPE_ACCESS_AS_USER, "wids": [roles::GLOBAL_ADMINISTRATOR],
    })
}

// ---------------------------------------------------------------- JWKS server

/// A real HTTP server on 127.0.0.1 serving a JWKS at `/keys`, counting the fetches. `/redirect`
/// answers 302 to `/keys`, `/big` a body of 1 MiB, `/slow` after 3 s.
pub(crate) struct JwksServer {
    pub(crate) addr: SocketAddr,
    hits: Arc<AtomicUsize>,
    jwks: Arc<Mutex<Value>>,
    failing: Arc<AtomicBool>,
}

impl JwksServer {
    pub(crate) async fn start(jwks: Value) -> JwksServer {
        use axum::Router;
        use axum::http::StatusCode;
        use axum::response::{IntoResponse, Redirect};
        use axum::routing::get;

        let hits = Arc::new(AtomicUsize::new(0));
        let jwks = Arc::new(Mutex::new(jwks));
        let failing = Arc::new(AtomicBool::new(false));
        let (h, j, f) = (hits.clone(), jwks.clone(), failing.clone());
        let app = Router::new()
            .route(
                "/keys",
                get(move || {
                    let (h, j, f) = (h.clone(), j.clone(), f.clone());
                    async move {
                        h.fetch_add(1, Ordering::SeqCst);
                        if f.load(Ordering::SeqCst) {
                            return (StatusCode::INTERNAL_SERVER_ERROR, "down".to_owned())
                                .into_response();
                        }
                        let body = j.lock().unwrap().to_string();
                        ([("content-type", "application/json")], body).into_response()
                    }
                }),
            )
            .route("/redirect", get(|| async { Redirect::temporary("/keys") }))
            .route("/big", get(|| async { " ".repeat(1024 * 1024) }))
            .route(
                "/slow",
                get(|| async {
                    tokio::time::sleep(std::time::Duration::from_secs(3)).await;
                    "{}"
                }),
            );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        JwksServer {
            addr,
            hits,
            jwks,
            failing,
        }
    }

    pub(crate) fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    pub(crate) fn hits(&self) -> usize {
        self.hits.load(Ordering::SeqCst)
    }

    pub(crate) fn set(&self, jwks: Value) {
        *self.jwks.lock().unwrap() = jwks;
    }

    pub(crate) fn fail(&self, failing: bool) {
        self.failing.store(failing, Ordering::SeqCst);
    }
}

// ---------------------------------------------------------------- store and directory

/// One Argon2 hash per secret for the whole run (hashing is slow in debug builds).
fn hashed(secret: &'static str) -> String {
    static HASHES: OnceLock<Mutex<std::collections::HashMap<&'static str, String>>> =
        OnceLock::new();
    let map = HASHES.get_or_init(Default::default);
    map.lock()
        .unwrap()
        .entry(secret)
        .or_insert_with(|| hash_secret(secret).unwrap())
        .clone()
}

pub(crate) struct Env {
    pub(crate) _dir: tempfile::TempDir,
    pub(crate) clock: Arc<ManualClock>,
    pub(crate) keyring: Arc<KeyRing>,
    pub(crate) idp: Idp,
    pub(crate) verifier: Verifier,
}

pub(crate) fn user_oid(n: u128) -> Uuid {
    Uuid::from_u128(0xa0000000_0000_4000_8000_000000000000 + n)
}

pub(crate) fn app_oid(n: u128) -> Uuid {
    Uuid::from_u128(0xb0000000_0000_4000_8000_000000000000 + n)
}

/// A fresh SQLite store with two tenants:
/// - contoso.example: admin@ (Global Administrator), reader@ (Global Reader), plain@ (no role),
///   disabled@ (disabled); apps contoso-automation (secret, ReadWrite), contoso-cert (certificate,
///   Read), contoso-public (no credentials, no permission);
/// - fabrikam.example: admin@ (Global Administrator).
pub(crate) async fn env() -> Env {
    let dir = tempfile::tempdir().unwrap();
    let store = mscommerce_store::open(
        dir.path().join("db.sqlite").to_str().unwrap(),
        &mscommerce_store::StoreOptions::default(),
    )
    .await
    .unwrap();
    env_on(store, dir).await
}

/// The directory, key ring, IdP and verifier on `store` (already opened, not yet migrated).
async fn env_on(store: Arc<dyn Store>, dir: tempfile::TempDir) -> Env {
    mscommerce_identity::install_crypto_provider();
    store.migrate().await.unwrap();
    let clock = Arc::new(ManualClock::new(start()));
    let now = start();
    for (id, domain, name) in [
        (CONTOSO, "contoso.example", "Contoso"),
        (FABRIKAM, "fabrikam.example", "Fabrikam"),
    ] {
        store
            .create_tenant(&TenantRecord {
                id: tid(id),
                domain: Some(domain.parse().unwrap()),
                display_name: name.into(),
                created_at: now,
            })
            .await
            .unwrap();
    }
    let users: [(&str, &str, u128, &[&str], bool); 5] = [
        (
            CONTOSO,
            "admin@contoso.example",
            1,
            &[roles::GLOBAL_ADMINISTRATOR],
            true,
        ),
        (
            CONTOSO,
            "reader@contoso.example",
            2,
            &[roles::GLOBAL_READER],
            true,
        ),
        (CONTOSO, "plain@contoso.example", 3, &[], true),
        (
            CONTOSO,
            "disabled@contoso.example",
            4,
            &[roles::GLOBAL_ADMINISTRATOR],
            false,
        ),
        (
            FABRIKAM,
            "admin@fabrikam.example",
            5,
            &[roles::GLOBAL_ADMINISTRATOR],
            true,
        ),
    ];
    for (tenant, upn, n, user_roles, enabled) in users {
        store
            .create_user(&UserRecord {
                tenant: tid(tenant),
                oid: user_oid(n),
                upn: upn.into(),
                display_name: upn.split('@').next().unwrap().into(),
                password_hash: hashed(PASSWORD),
                roles: user_roles.iter().map(|r| (*r).to_owned()).collect(),
                enabled,
                created_at: now,
            })
            .await
            .unwrap();
    }
    let apps = [
        (
            "contoso-automation",
            1,
            Some(hashed(SECRET)),
            None,
            vec![roles::POLICY_READ_WRITE],
        ),
        (
            "contoso-cert",
            2,
            None,
            Some(keys().certificate.public_pem()),
            vec![roles::POLICY_READ],
        ),
        ("contoso-public", 3, None, None, vec![]),
    ];
    for (client_id, n, secret_hash, certificate_pem, permissions) in apps {
        store
            .create_app(&AppRecord {
                tenant: tid(CONTOSO),
                client_id: client_id.into(),
                oid: app_oid(n),
                display_name: format!("App {client_id}"),
                secret_hash,
                certificate_pem,
                permissions: permissions.into_iter().map(str::to_owned).collect(),
                redirect_uris: vec![],
                created_at: now,
            })
            .await
            .unwrap();
    }
    let clock_dyn: Arc<dyn Clock> = clock.clone();
    let keyring = Arc::new(KeyRing::open(dir.path().join("keys"), clock_dyn.clone()).unwrap());
    let mut config = IdpConfig::new(BASE);
    config.device_poll_interval = 1;
    let idp = Idp::new(store.clone(), keyring.clone(), clock_dyn.clone(), config);
    let verifier = Verifier::new(
        VerifierConfig {
            builtin_base_url: Some(BASE.into()),
            min_refresh_interval: time::Duration::ZERO,
            ..VerifierConfig::default()
        },
        keyring.clone(),
        clock_dyn,
    )
    .unwrap();
    Env {
        _dir: dir,
        clock,
        keyring,
        idp,
        verifier,
    }
}

impl Env {
    pub(crate) fn issuer(&self, tenant: &str) -> String {
        format!("{BASE}/{tenant}/v2.0")
    }

    /// The built-in key ring's active private key, read from its file, for header attacks.
    pub(crate) fn ring_key(&self) -> TestKey {
        let kid = self.keyring.active_kid();
        let der = std::fs::read(self.keyring.dir().join(format!("{kid}.p8"))).unwrap();
        TestKey::from_pkcs8(&der, &kid)
    }

    /// A token signed by the built-in key ring with `claims`.
    pub(crate) fn sign(&self, claims: &Value) -> String {
        self.keyring.sign(claims).unwrap()
    }

    pub(crate) fn good_claims(&self) -> Value {
        user_claims(&self.issuer(CONTOSO), CONTOSO, self.clock.now())
    }
}

// ---------------------------------------------------------------- both backends

#[derive(Debug, Clone, Copy)]
pub(crate) enum Backend {
    Sqlite,
    Postgres,
}

/// Runs `story` on a fresh directory of `backend`: a SQLite file in a temp dir, or a PostgreSQL
/// database created for it and dropped after it (also when the story fails). Without
/// `MSCOMMERCE_TEST_POSTGRES_URL` the PostgreSQL run says SKIPPED and passes.
pub(crate) async fn run<F, Fut>(backend: Backend, story: F)
where
    F: FnOnce(Env) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    use futures::FutureExt as _;
    match backend {
        Backend::Sqlite => story(env().await).await,
        Backend::Postgres => {
            let Some(db) =
                FreshDatabase::create("mscommerce_identity_test", "the identity stories").await
            else {
                return;
            };
            let store = mscommerce_store::open(&db.url, &mscommerce_store::StoreOptions::default())
                .await
                .unwrap();
            let env = env_on(store, tempfile::tempdir().unwrap()).await;
            let outcome = std::panic::AssertUnwindSafe(story(env))
                .catch_unwind()
                .await;
            db.drop_now().await;
            if let Err(panic) = outcome {
                std::panic::resume_unwind(panic);
            }
        }
    }
}

/// Declares, for each story, a test on SQLite and one on PostgreSQL.
macro_rules! stories {
    ($($story:ident),* $(,)?) => {
        $(
            mod $story {
                #[tokio::test]
                async fn sqlite() {
                    $crate::common::run($crate::common::Backend::Sqlite, super::$story).await;
                }
                #[tokio::test]
                async fn postgres() {
                    $crate::common::run($crate::common::Backend::Postgres, super::$story).await;
                }
            }
        )*
    };
}
pub(crate) use stories;
