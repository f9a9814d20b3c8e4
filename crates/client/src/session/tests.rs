use std::sync::Mutex;

use mscommerce_domain::ManualClock;
use time::macros::datetime;

use super::*;
use crate::cache::CACHE_FILE;
use crate::sleep::testing::RecordingSleeper;
use crate::testserver::{Reply, TestServer};

const NEW_TOKEN: &str = r#"{"token_type":"Bearer","scope":"s","expires_in":3600,"access_token":"at-2","refresh_token":"rt-2"}"#;
const NOW: i64 = 1_795_000_000;

struct Fixture {
    _tmp: tempfile::TempDir,
    sessions: SessionManager,
    secret: Arc<Mutex<Option<String>>>,
}

fn fixture() -> Fixture {
    let tmp = tempfile::tempdir().unwrap();
    let clock = Arc::new(ManualClock::new(
        time::OffsetDateTime::from_unix_timestamp(NOW)
            .unwrap_or(datetime!(2026-11-20 10:00:00 UTC)),
    ));
    let sleeper = Arc::new(RecordingSleeper::new(clock.clone()));
    let secret: Arc<Mutex<Option<String>>> = Arc::new(Mutex::new(None));
    let source = secret.clone();
    let sessions = SessionManager {
        cache: TokenCache::new(tmp.path().join("cfg")),
        signin: SignInClient::new(clock.clone(), sleeper).unwrap(),
        clock,
        secret_env: Arc::new(move || source.lock().unwrap().clone().map(SecretString::from)),
    };
    Fixture {
        _tmp: tmp,
        sessions,
        secret,
    }
}

fn profile(server: &TestServer, mode: SignInMode, expires_at: i64) -> Profile {
    Profile {
        endpoint: server.base.clone(),
        authority: server.base.clone(),
        tenant: "contoso.example".into(),
        tenant_id: Some("11111111-2222-3333-4444-555555555555".into()),
        client_id: "client".into(),
        mode,
        account: Some("admin@contoso.example".into()),
        app_credential: None,
        access_token: SecretString::from("at-1"),
        refresh_token: Some(SecretString::from("rt-1")),
        expires_at,
        scope: "s".into(),
    }
}

#[tokio::test]
async fn a_fresh_token_is_used_as_is() {
    let f = fixture();
    let server = TestServer::start(vec![]).await;
    f.sessions
        .save_sign_in(
            "default",
            profile(&server, SignInMode::Password, NOW + 3600),
        )
        .unwrap();
    let t = f.sessions.token(None, false).await.unwrap();
    assert_eq!(t.profile.access_token.expose_secret(), "at-1");
    assert!(server.requests().is_empty());
}

#[tokio::test]
async fn an_expiring_token_is_refreshed_silently_and_stored() {
    let f = fixture();
    let server = TestServer::start(vec![Reply::json(200, NEW_TOKEN)]).await;
    f.sessions
        .save_sign_in(
            "default",
            profile(&server, SignInMode::DeviceCode, NOW + 60),
        )
        .unwrap();
    let t = f.sessions.token(None, false).await.unwrap();
    assert_eq!(t.profile.access_token.expose_secret(), "at-2");
    let r = &server.requests()[0];
    assert_eq!(
        r.target,
        "/11111111-2222-3333-4444-555555555555/oauth2/v2.0/token"
    );
    assert_eq!(r.form("grant_type").as_deref(), Some("refresh_token"));
    assert_eq!(r.form("refresh_token").as_deref(), Some("rt-1"));
    let stored = f.sessions.cache.load().unwrap();
    let p = &stored.profiles["default"];
    assert_eq!(p.access_token.expose_secret(), "at-2");
    assert_eq!(p.refresh_token.as_ref().unwrap().expose_secret(), "rt-2");
    assert_eq!(p.expires_at, NOW + 3600);
}

#[tokio::test]
async fn force_renew_renews_a_token_the_service_refused() {
    let f = fixture();
    let server = TestServer::start(vec![Reply::json(200, NEW_TOKEN)]).await;
    f.sessions
        .save_sign_in(
            "default",
            profile(&server, SignInMode::Password, NOW + 3600),
        )
        .unwrap();
    let t = f.sessions.token(None, true).await.unwrap();
    assert_eq!(t.profile.access_token.expose_secret(), "at-2");
}

#[tokio::test]
async fn a_refused_refresh_is_an_oauth_error_and_no_refresh_token_is_expired() {
    let f = fixture();
    let server = TestServer::start(vec![Reply::json(
        400,
        r#"{"error":"invalid_grant","error_description":"AADSTS70008: expired"}"#,
    )])
    .await;
    f.sessions
        .save_sign_in("default", profile(&server, SignInMode::Password, NOW - 10))
        .unwrap();
    let err = f.sessions.token(None, false).await.unwrap_err();
    assert!(
        matches!(&err, ClientError::OAuth(o) if o.error == "invalid_grant"),
        "{err:?}"
    );
    let mut p = profile(&server, SignInMode::Password, NOW - 10);
    p.refresh_token = None;
    f.sessions.save_sign_in("default", p).unwrap();
    let err = f.sessions.token(None, false).await.unwrap_err();
    assert!(matches!(err, ClientError::SignInExpired { .. }), "{err:?}");
}

#[tokio::test]
async fn apps_renew_from_their_credential_source_never_a_stored_secret() {
    let f = fixture();
    let server = TestServer::start(vec![
        Reply::json(200, NEW_TOKEN),
        Reply::json(200, NEW_TOKEN),
    ])
    .await;
    let secret_file = f.sessions.cache.dir().parent().unwrap().join("secret.txt");
    std::fs::write(&secret_file, "file-secret\n").unwrap();
    let mut p = profile(&server, SignInMode::ClientSecret, NOW);
    p.refresh_token = None;
    p.app_credential = Some(AppCredentialSource::SecretFile { path: secret_file });
    f.sessions.save_sign_in("file", p.clone()).unwrap();
    p.app_credential = Some(AppCredentialSource::SecretEnv);
    f.sessions.save_sign_in("env", p).unwrap();
    f.sessions.token(Some("file"), false).await.unwrap();
    // The variable is gone: renewal is impossible, and says why.
    let err = f.sessions.token(Some("env"), false).await.unwrap_err();
    assert!(
        matches!(&err, ClientError::SignInExpired { reason, .. } if reason.contains(CLIENT_SECRET_ENV)),
        "{err:?}"
    );
    *f.secret.lock().unwrap() = Some("env-secret".into());
    f.sessions.token(Some("env"), false).await.unwrap();
    let r = server.requests();
    assert_eq!(r[0].form("client_secret").as_deref(), Some("file-secret"));
    assert_eq!(r[1].form("client_secret").as_deref(), Some("env-secret"));
    let text = std::fs::read_to_string(f.sessions.cache.dir().join(CACHE_FILE)).unwrap();
    assert!(!text.contains("file-secret") && !text.contains("env-secret"));
}

#[tokio::test]
async fn profiles_side_by_side_current_and_disconnect() {
    let f = fixture();
    let server = TestServer::start(vec![]).await;
    let err = f.sessions.token(None, false).await.unwrap_err();
    assert!(
        matches!(&err, ClientError::NotConnected { profile, known } if profile == "default" && known.is_empty())
    );
    f.sessions
        .save_sign_in(
            "contoso",
            profile(&server, SignInMode::Password, NOW + 3600),
        )
        .unwrap();
    f.sessions
        .save_sign_in(
            "fabrikam",
            profile(&server, SignInMode::Password, NOW + 3600),
        )
        .unwrap();
    assert_eq!(f.sessions.peek(None).unwrap().profile_name, "fabrikam");
    assert_eq!(
        f.sessions.peek(Some("contoso")).unwrap().profile_name,
        "contoso"
    );
    let err = f.sessions.peek(Some("nope")).unwrap_err();
    assert!(
        matches!(&err, ClientError::NotConnected { known, .. } if known == &["contoso", "fabrikam"])
    );
    assert_eq!(f.sessions.disconnect(None, false).unwrap(), ["fabrikam"]);
    // The current profile went: the one that remains becomes current.
    assert_eq!(f.sessions.peek(None).unwrap().profile_name, "contoso");
    assert!(f.sessions.peek(Some("fabrikam")).is_err());
    assert_eq!(f.sessions.disconnect(None, true).unwrap(), ["contoso"]);
    assert!(f.sessions.cache.load().unwrap().profiles.is_empty());
}

#[tokio::test]
async fn a_corrupt_cache_is_reported_and_a_new_sign_in_repairs_it() {
    let f = fixture();
    let server = TestServer::start(vec![]).await;
    std::fs::create_dir_all(f.sessions.cache.dir()).unwrap();
    std::fs::write(f.sessions.cache.path(), "{{{{ garbage").unwrap();
    let err = f.sessions.token(None, false).await.unwrap_err();
    assert!(
        matches!(
            err,
            ClientError::Cache(crate::error::CacheError::Corrupt { .. })
        ),
        "{err:?}"
    );
    let replaced = f
        .sessions
        .save_sign_in(
            "default",
            profile(&server, SignInMode::Password, NOW + 3600),
        )
        .unwrap();
    assert!(replaced);
    assert!(f.sessions.token(None, false).await.is_ok());
}

#[test]
fn secret_files_take_the_first_line() {
    let tmp = tempfile::tempdir().unwrap();
    let p = tmp.path().join("s");
    std::fs::write(&p, "s3cret\r\nignored\n").unwrap();
    assert_eq!(read_secret_file(&p).unwrap().expose_secret(), "s3cret");
    std::fs::write(&p, "\n").unwrap();
    assert!(matches!(
        read_secret_file(&p),
        Err(CredentialError::Empty { .. })
    ));
}

const POLICIES: &str = r#"{"items":[]}"#;
const REFUSED: &str = r#"{"error":{"code":"InvalidToken","message":"expired"}}"#;

/// A session on the `default` profile, whose endpoint and authority are both `server`.
async fn profile_session(f: &Fixture, server: &TestServer) -> Session {
    f.sessions
        .save_sign_in("default", profile(server, SignInMode::Password, NOW + 3600))
        .unwrap();
    let active = f.sessions.token(None, false).await.unwrap();
    let client = LicensingClient::new(
        &server.base.parse().unwrap(),
        active.profile.access_token.clone(),
        f.sessions.clock.clone(),
        Arc::new(crate::sleep::TokioSleeper),
    )
    .unwrap();
    Session::new(
        client,
        TokenSource::Profile {
            sessions: Box::new(f.sessions.clone()),
            active: Box::new(active),
        },
    )
}

fn bearer(r: &crate::testserver::Recorded) -> Option<&str> {
    r.header("authorization")
}

#[tokio::test]
async fn a_refused_profile_token_is_renewed_once_and_the_call_made_again() {
    let f = fixture();
    let server = TestServer::start(vec![
        Reply::json(401, REFUSED),
        Reply::json(200, NEW_TOKEN),
        Reply::json(200, POLICIES),
        Reply::json(200, POLICIES),
    ])
    .await;
    let mut session = profile_session(&f, &server).await;
    let policies = session.call(async |c| c.policies().await).await.unwrap();
    assert!(policies.is_empty());
    let r = server.requests();
    assert_eq!(r.len(), 3, "{r:?}");
    assert_eq!(bearer(&r[0]), Some("Bearer at-1"));
    assert_eq!(r[1].form("grant_type").as_deref(), Some("refresh_token"));
    assert_eq!(bearer(&r[2]), Some("Bearer at-2"));
    let active = session.profile().unwrap();
    assert_eq!(active.profile_name, "default");
    assert_eq!(active.profile.access_token.expose_secret(), "at-2");
    // The next call carries the renewed token and renews nothing.
    session.call(async |c| c.policies().await).await.unwrap();
    let r = server.requests();
    assert_eq!(r.len(), 4, "{r:?}");
    assert_eq!(bearer(&r[3]), Some("Bearer at-2"));
}

#[tokio::test]
async fn a_token_refused_again_after_renewal_is_not_renewed_twice() {
    let f = fixture();
    let server = TestServer::start(vec![
        Reply::json(401, REFUSED),
        Reply::json(200, NEW_TOKEN),
        Reply::json(401, REFUSED),
        Reply::json(200, NEW_TOKEN),
    ])
    .await;
    let mut session = profile_session(&f, &server).await;
    let err = session
        .call(async |c| c.policies().await)
        .await
        .unwrap_err();
    assert!(err.is_unauthorized(), "{err:?}");
    let r = server.requests();
    assert_eq!(
        r.len(),
        3,
        "one renewal between two calls, then stop: {r:?}"
    );
}

#[tokio::test]
async fn a_static_token_is_never_renewed() {
    let server =
        TestServer::start(vec![Reply::json(401, REFUSED), Reply::json(200, NEW_TOKEN)]).await;
    let clock = Arc::new(ManualClock::new(datetime!(2026-11-20 10:00:00 UTC)));
    let client = LicensingClient::new(
        &server.base.parse().unwrap(),
        SecretString::from("given"),
        clock,
        Arc::new(crate::sleep::TokioSleeper),
    )
    .unwrap();
    let mut session = Session::new(client, TokenSource::Static);
    assert!(!session.renewable() && session.profile().is_none());
    let err = session
        .call(async |c| c.policies().await)
        .await
        .unwrap_err();
    assert!(err.is_unauthorized(), "{err:?}");
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn a_failed_renewal_is_the_error_and_other_failures_are_not_retried() {
    let f = fixture();
    let server = TestServer::start(vec![
        Reply::json(401, REFUSED),
        Reply::json(
            400,
            r#"{"error":"invalid_grant","error_description":"AADSTS70008: expired"}"#,
        ),
    ])
    .await;
    let mut session = profile_session(&f, &server).await;
    let err = session
        .call(async |c| c.policies().await)
        .await
        .unwrap_err();
    assert!(
        matches!(&err, ClientError::OAuth(o) if o.error == "invalid_grant"),
        "{err:?}"
    );
    assert_eq!(server.requests().len(), 2);

    let server = TestServer::start(vec![Reply::json(403, REFUSED)]).await;
    let mut session = profile_session(&f, &server).await;
    let err = session
        .call(async |c| c.policies().await)
        .await
        .unwrap_err();
    assert!(
        matches!(&err, ClientError::Api(a) if a.status == 403),
        "{err:?}"
    );
    assert_eq!(server.requests().len(), 1, "a 403 is not a token problem");
}
