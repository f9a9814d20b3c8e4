//! Sign-in that an attacker cannot wear down (issue 13): bounded password hashing, refresh-token
//! families, lockout and throttles, no enumeration.

use std::sync::Arc;

use reqwest::StatusCode;

use crate::helpers::*;

/// A line of `/proc/self/status`, in KiB.
fn status_kib(field: &str) -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    status
        .lines()
        .find_map(|l| l.strip_prefix(field))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or_else(|| panic!("{field} in /proc/self/status"))
}

fn wrong_password_form(upn: &str) -> Vec<(&'static str, String)> {
    vec![
        ("grant_type", "password".into()),
        ("client_id", mscommerce_proto::PUBLIC_CLIENT_ID.into()),
        ("username", upn.into()),
        ("password", "not-the-password".into()),
        ("scope", format!("{RESOURCE}/.default")),
    ]
}

/// 128 concurrent wrong passwords: the server (in this process) stays within 250 MB of its idle
/// peak, every answer is 400 AADSTS50126 or 503 `temporarily_unavailable` with `Retry-After`,
/// and licensing reads are answered meanwhile.
#[tokio::test]
async fn a_password_flood_keeps_memory_bounded_and_reads_answered() {
    // The readers' budgets are not what this test is about.
    let mut file = mscommerce_server::config::FileConfig::default();
    file.limits.caller_rate_per_sec = Some(1e6);
    file.limits.caller_burst = Some(1e6);
    file.limits.tenant_rate_per_sec = Some(1e6);
    file.limits.tenant_burst = Some(1e6);
    let app = Arc::new(spawn_app_with(Backend::Sqlite, file).await.unwrap());
    let t = app.user_token("admin@contoso.example").await;
    let read_path = format!("/v1.0/policies/{P}/products/{POWER_BI_PRO}");
    assert_eq!(app.get(&read_path, &t).await.status, StatusCode::OK);
    // Reset the peak to what the process holds now (Linux: "5" clears VmHWM).
    std::fs::write("/proc/self/clear_refs", "5").unwrap();
    let idle = status_kib("VmRSS:");

    let flood: Vec<_> = (0..128)
        .map(|i| {
            let app = app.clone();
            tokio::spawn(async move {
                let form = wrong_password_form(&format!("user{i}@contoso.example"));
                let resp = app
                    .http
                    .post(format!("{}/contoso.example/oauth2/v2.0/token", app.url))
                    .form(&form)
                    .send()
                    .await
                    .unwrap();
                read(resp).await
            })
        })
        .collect();
    // Reads keep being answered while the flood is checked.
    let mut reads = 0;
    while flood.iter().any(|f| !f.is_finished()) || reads < 5 {
        let r = app.get(&read_path, &t).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text);
        reads += 1;
    }
    let (mut refused, mut busy) = (0, 0);
    for f in flood {
        let r = f.await.unwrap();
        match r.status {
            StatusCode::BAD_REQUEST => {
                assert_eq!(r.body["error_codes"][0], 50126, "{}", r.text);
                refused += 1;
            }
            StatusCode::SERVICE_UNAVAILABLE => {
                assert_eq!(r.body["error"], "temporarily_unavailable", "{}", r.text);
                assert_eq!(r.body["error_codes"][0], 90033, "{}", r.text);
                assert!(r.header("retry-after").is_some(), "{:?}", r.headers);
                assert_eq!(r.header("cache-control"), Some("no-store"));
                busy += 1;
            }
            other => panic!("{other}: {}", r.text),
        }
    }
    let peak = status_kib("VmHWM:");
    let grown_mb = peak.saturating_sub(idle) / 1024;
    eprintln!(
        "flood: {refused} refused, {busy} busy, {reads} reads answered; idle {} MB, peak {} MB (+{grown_mb} MB)",
        idle / 1024,
        peak / 1024
    );
    assert!(grown_mb < 250, "peak grew by {grown_mb} MB");
    assert_eq!(refused + busy, 128);
    assert!(refused >= 1);
}

/// RFC 9700 §4.14.2: a refresh token presented again after its rotation revokes the whole
/// family, so the successor (the thief's or the victim's) stops working too; another sign-in of
/// the same user is untouched. On both databases.
#[tokio::test]
async fn replaying_a_rotated_refresh_token_revokes_its_successor() {
    for backend in [Backend::Sqlite, Backend::Postgres] {
        let Some(app) = spawn_app_with(backend, Default::default()).await else {
            continue;
        };
        let sign_in = || async {
            let r = app
                .password_grant(
                    "contoso.example",
                    "admin@contoso.example",
                    mscommerce_server::demo::PASSWORD,
                )
                .await;
            assert_eq!(r.status, StatusCode::OK, "{}", r.text);
            r.body["refresh_token"].as_str().unwrap().to_owned()
        };
        let refresh = |token: String| {
            let app = &app;
            async move {
                app.token_request(
                    "organizations",
                    &[
                        ("grant_type", "refresh_token"),
                        ("client_id", mscommerce_proto::PUBLIC_CLIENT_ID),
                        ("refresh_token", token.as_str()),
                    ],
                )
                .await
            }
        };
        let first = sign_in().await;
        let other_session = sign_in().await;
        let r = refresh(first.clone()).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text);
        let second = r.body["refresh_token"].as_str().unwrap().to_owned();

        // The spent one again: refused, and the family with it.
        let r = refresh(first).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.text);
        assert_eq!(r.body["error"], "invalid_grant");
        assert_eq!(r.body["error_codes"][0], 70000);
        let r = refresh(second).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{backend:?}: {}", r.text);
        assert_eq!(r.body["error_codes"][0], 70000);

        // The other sign-in keeps working.
        let r = refresh(other_session).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    }
}
