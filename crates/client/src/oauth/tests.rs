use std::path::Path;

use mscommerce_domain::ManualClock;
use time::macros::datetime;

use super::*;
use crate::error::TransportKind;
use crate::sleep::testing::RecordingSleeper;
use crate::testserver::{Reply, TestServer};

const TOKEN: &str = r#"{"token_type":"Bearer","scope":"s","expires_in":3600,"access_token":"at-1","refresh_token":"rt-1"}"#;

fn pending(error: &str) -> Reply {
    Reply::json(
        400,
        &format!(
            r#"{{"error":"{error}","error_description":"AADSTS: {error}","error_codes":[70016],"timestamp":"t","trace_id":"trace","correlation_id":"corr"}}"#
        ),
    )
}

fn setup() -> (Arc<ManualClock>, Arc<RecordingSleeper>, SignInClient) {
    let clock = Arc::new(ManualClock::new(datetime!(2026-11-20 10:00:00 UTC)));
    let sleeper = Arc::new(RecordingSleeper::new(clock.clone()));
    let client = SignInClient::new(clock.clone(), sleeper.clone()).unwrap();
    (clock, sleeper, client)
}

fn authorization(interval: u64, expires_in: u64) -> DeviceAuthorization {
    DeviceAuthorization {
        device_code: SecretString::from("dc-secret"),
        user_code: "ABCD-EFGH".into(),
        verification_uri: "http://x/devicelogin".into(),
        expires_in,
        interval,
        message: None,
    }
}

fn url(server: &TestServer) -> Url {
    Url::parse(&format!(
        "{}/contoso.example/oauth2/v2.0/token",
        server.base
    ))
    .unwrap()
}

#[tokio::test]
async fn device_flow_waits_the_interval_and_slows_down_for_good() {
    let server = TestServer::start(vec![
        pending("authorization_pending"),
        pending("slow_down"),
        pending("authorization_pending"),
        Reply::json(200, TOKEN),
    ])
    .await;
    let (_, sleeper, client) = setup();
    let tokens = client
        .poll_device_code(&url(&server), "client", &authorization(2, 900))
        .await
        .unwrap();
    assert_eq!(tokens.access_token.expose_secret(), "at-1");
    assert_eq!(
        tokens.refresh_token.as_ref().unwrap().expose_secret(),
        "rt-1"
    );
    // 2 s before each poll; after slow_down 7 s, and it stays 7 s.
    assert_eq!(sleeper.seconds(), [2, 2, 7, 7]);
    let requests = server.requests();
    assert_eq!(requests.len(), 4);
    for r in &requests {
        assert_eq!(r.form("grant_type").as_deref(), Some(GRANT_DEVICE_CODE));
        assert_eq!(r.form("device_code").as_deref(), Some("dc-secret"));
        assert_eq!(r.form("client_id").as_deref(), Some("client"));
    }
}

#[tokio::test]
async fn device_flow_never_polls_faster_than_once_a_second() {
    let server = TestServer::start(vec![
        pending("authorization_pending"),
        Reply::json(200, TOKEN),
    ])
    .await;
    let (_, sleeper, client) = setup();
    client
        .poll_device_code(&url(&server), "client", &authorization(0, 900))
        .await
        .unwrap();
    assert_eq!(sleeper.seconds(), [1, 1]);
}

#[tokio::test]
async fn device_flow_stops_on_decline_and_expiry() {
    for (error, expected) in [
        ("authorization_declined", DeviceCodeEnd::Declined),
        ("access_denied", DeviceCodeEnd::Declined),
        ("expired_token", DeviceCodeEnd::Expired),
        ("bad_verification_code", DeviceCodeEnd::BadCode),
    ] {
        let server = TestServer::start(vec![
            pending("authorization_pending"),
            pending(error),
            Reply::json(200, TOKEN),
        ])
        .await;
        let (_, _, client) = setup();
        let err = client
            .poll_device_code(&url(&server), "client", &authorization(1, 900))
            .await
            .unwrap_err();
        assert!(
            matches!(err, ClientError::DeviceCode(e) if e == expected),
            "{error}: {err:?}"
        );
        assert_eq!(server.requests().len(), 2, "{error}: stops polling");
    }
}

#[tokio::test]
async fn device_flow_gives_up_at_expires_in_without_another_poll() {
    let server = TestServer::start(vec![
        pending("authorization_pending"),
        pending("authorization_pending"),
        pending("authorization_pending"),
    ])
    .await;
    let (_, sleeper, client) = setup();
    let err = client
        .poll_device_code(&url(&server), "client", &authorization(4, 10))
        .await
        .unwrap_err();
    assert!(matches!(
        err,
        ClientError::DeviceCode(DeviceCodeEnd::Expired)
    ));
    assert_eq!(sleeper.seconds(), [4, 4, 4]);
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn device_flow_reports_other_errors_with_their_ids() {
    let server = TestServer::start(vec![pending("invalid_client")]).await;
    let (_, _, client) = setup();
    let err = client
        .poll_device_code(&url(&server), "client", &authorization(1, 900))
        .await
        .unwrap_err();
    let ClientError::OAuth(f) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(f.error, "invalid_client");
    assert_eq!(f.error_codes, [70016]);
    assert_eq!(err.correlation_id(), Some("corr"));
    assert_eq!(err.request_id(), Some("trace"));
}

#[tokio::test]
async fn device_authorization_takes_entra_v1_names_and_a_default_interval() {
    let server = TestServer::start(vec![Reply::json(
        200,
        r#"{"device_code":"dc","user_code":"UC","verification_url":"https://microsoft.com/devicelogin","expires_in":900,"message":"m"}"#,
    )])
    .await;
    let (_, _, client) = setup();
    let devicecode = Url::parse(&format!(
        "{}/organizations/oauth2/v2.0/devicecode",
        server.base
    ))
    .unwrap();
    let a = client
        .start_device_code(&devicecode, "client", &user_scope())
        .await
        .unwrap();
    assert_eq!(a.verification_uri, "https://microsoft.com/devicelogin");
    assert_eq!(a.interval, 5);
    assert!(
        !format!("{a:?}").contains("\"dc\""),
        "device code redacted in Debug"
    );
    let r = &server.requests()[0];
    assert_eq!(r.target, "/organizations/oauth2/v2.0/devicecode");
    assert_eq!(
        r.form("scope").as_deref(),
        Some("aeb86249-8ea3-49e2-900b-54cc8e308f85/.default offline_access")
    );
}

#[tokio::test]
async fn password_client_secret_certificate_and_refresh_send_the_right_forms() {
    let server = TestServer::start(vec![
        Reply::json(200, TOKEN),
        Reply::json(200, TOKEN),
        Reply::json(200, TOKEN),
        Reply::json(200, TOKEN),
    ])
    .await;
    let (clock, _, client) = setup();
    let token_url = url(&server);
    let secret = SecretString::from("pw");
    let t = client
        .password(
            &token_url,
            "pub",
            "admin@contoso.example",
            &secret,
            &user_scope(),
        )
        .await
        .unwrap();
    assert_eq!(t.expires_at, clock.now().unix_timestamp() + 3600);
    client
        .client_credentials(
            &token_url,
            "app",
            AppCredential::Secret(&SecretString::from("s3")),
            &app_scope(),
        )
        .await
        .unwrap();
    let pem = include_str!("../../testdata/cert-and-key.pem");
    let cert = ClientCertificate::from_pem(pem, Path::new("c"), pem, Path::new("c")).unwrap();
    client
        .client_credentials(
            &token_url,
            "app",
            AppCredential::Certificate(&cert),
            &app_scope(),
        )
        .await
        .unwrap();
    client
        .refresh(
            &token_url,
            "pub",
            &SecretString::from("rt-1"),
            &user_scope(),
        )
        .await
        .unwrap();
    let r = server.requests();
    assert_eq!(r[0].form("grant_type").as_deref(), Some("password"));
    assert_eq!(
        r[0].form("username").as_deref(),
        Some("admin@contoso.example")
    );
    assert_eq!(r[0].form("password").as_deref(), Some("pw"));
    assert_eq!(
        r[1].form("grant_type").as_deref(),
        Some("client_credentials")
    );
    assert_eq!(r[1].form("client_secret").as_deref(), Some("s3"));
    assert_eq!(
        r[1].form("scope").as_deref(),
        Some("aeb86249-8ea3-49e2-900b-54cc8e308f85/.default")
    );
    assert_eq!(
        r[2].form("client_assertion_type").as_deref(),
        Some(CLIENT_ASSERTION_JWT)
    );
    assert!(r[2].form("client_secret").is_none());
    let assertion = r[2].form("client_assertion").unwrap();
    let claims = crate::claims::decode_unverified(&assertion);
    assert!(claims.is_some());
    let payload: serde_json::Value = serde_json::from_slice(
        &base64::Engine::decode(
            &base64::engine::general_purpose::URL_SAFE_NO_PAD,
            assertion.split('.').nth(1).unwrap(),
        )
        .unwrap(),
    )
    .unwrap();
    assert_eq!(payload["aud"], token_url.as_str());
    assert_eq!(r[3].form("grant_type").as_deref(), Some("refresh_token"));
    assert_eq!(r[3].form("refresh_token").as_deref(), Some("rt-1"));
    for req in &r {
        assert_eq!(req.method, "POST");
        assert_eq!(
            req.header("content-type"),
            Some("application/x-www-form-urlencoded")
        );
        assert!(req.header("authorization").is_none());
    }
}

#[tokio::test]
async fn the_token_client_never_follows_a_redirect() {
    let server = TestServer::start(vec![
        Reply::json(307, "").with("location", "http://127.0.0.1:9/steal"),
        Reply::json(200, TOKEN),
    ])
    .await;
    let (_, _, client) = setup();
    let err = client
        .password(
            &url(&server),
            "pub",
            "u",
            &SecretString::from("pw"),
            &user_scope(),
        )
        .await
        .unwrap_err();
    assert!(
        matches!(&err, ClientError::Transport { kind: TransportKind::Redirect, message, .. } if message.contains("/steal")),
        "{err:?}"
    );
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn a_refused_connection_is_a_connect_failure() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    let (_, _, client) = setup();
    let token_url = Url::parse(&format!("http://{addr}/t/oauth2/v2.0/token")).unwrap();
    let err = client
        .password(
            &token_url,
            "pub",
            "u",
            &SecretString::from("pw"),
            &user_scope(),
        )
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            ClientError::Transport {
                kind: TransportKind::Connect,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(err.correlation_id().is_some());
}
