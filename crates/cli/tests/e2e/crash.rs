//! Crash safety, the short version (the long one is `scripts/crash-test`): `kill -9` the real
//! service while concurrent writers change policies, restart it on the same data directory, and
//! check that every acknowledged write is in the journal, that the journal matches the state,
//! that its chain verifies and that SQLite's integrity check passes.
//!
//! Each writer owns one (tenant, product) and toggles it, so every acknowledged PUT is a real
//! change that must have been journaled.

use std::collections::HashMap;
use std::process::Command;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::Value;

use crate::harness::{BIN, PASSWORD, Service, block_on};

const PRODUCTS: &str = "/v1.0/policies/AllowSelfServicePurchase/products";
/// A fixed issuer, so tokens stay valid across restarts on new ports.
const PUBLIC_URL: &str = "http://crash-test.invalid";
const ADMINS: [&str; 2] = ["admin@contoso.example", "admin@fabrikam.example"];

async fn token(http: &reqwest::Client, url: &str, upn: &str) -> String {
    mscommerce_testkit::tokens::user(http, url, upn, PASSWORD).await
}

/// (request-id, admin, product, value) of every acknowledged write.
type Acked = Arc<Mutex<Vec<(String, String, String, String)>>>;

async fn writer(
    http: reqwest::Client,
    url: String,
    token: String,
    product: String,
    admin: String,
    acked: Acked,
    progress: Arc<tokio::sync::watch::Sender<usize>>,
) {
    let path = format!("{url}{PRODUCTS}/{product}");
    let Ok(r) = http.get(&path).bearer_auth(&token).send().await else {
        return;
    };
    let Ok(body) = r.json::<Value>().await else {
        return;
    };
    let mut value = body["policyValue"].as_str().unwrap_or("Enabled").to_owned();
    loop {
        value = if value == "Enabled" {
            "Disabled".into()
        } else {
            "Enabled".into()
        };
        let sent = http
            .put(&path)
            .bearer_auth(&token)
            .json(&serde_json::json!({ "policyValue": value }))
            .send()
            .await;
        // The server was killed: this write's outcome is unknown, and that is allowed.
        let Ok(r) = sent else { return };
        let status = r.status().as_u16();
        let rid = r
            .headers()
            .get("request-id")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        if r.bytes().await.is_err() {
            return;
        }
        match (status, rid) {
            (200, Some(rid)) => {
                acked
                    .lock()
                    .unwrap()
                    .push((rid, admin.clone(), product.clone(), value.clone()));
                progress.send_modify(|n| *n += 1);
            }
            // Refused for load: nothing changed, so the next round sends the same value again
            // (toggling once more would re-send the acknowledged one: a no-op, never journaled).
            (429 | 503, _) => {
                value = if value == "Enabled" {
                    "Disabled".into()
                } else {
                    "Enabled".into()
                };
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
            (other, _) => panic!("unexpected {other} for {admin} {product}"),
        }
    }
}

/// Every journal entry of the caller's tenant: request-id → (result, product, new value), oldest
/// last, read through the audit log API page by page.
async fn journal(http: &reqwest::Client, url: &str, token: &str) -> Vec<Value> {
    let mut entries = Vec::new();
    let mut next = Some(format!("{url}/v1.0/auditLog?top=1000"));
    while let Some(link) = next {
        let page: Value = http
            .get(&link)
            .bearer_auth(token)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        entries.extend(page["items"].as_array().cloned().unwrap_or_default());
        next = page["nextLink"].as_str().map(str::to_owned);
    }
    entries
}

#[test]
fn acknowledged_writes_survive_kill_9() {
    let data = tempfile::tempdir().unwrap();
    let mut service = Service::start(BIN, data.path(), &["--public-url", PUBLIC_URL]);
    let acked: Acked = Arc::default();
    for round in 1..=3u64 {
        let url = service.url.clone();
        let acked_before = acked.lock().unwrap().len();
        block_on(async {
            let http = reqwest::Client::new();
            let mut tokens = HashMap::new();
            for admin in ADMINS {
                tokens.insert(admin, token(&http, &url, admin).await);
            }
            let list: Value = http
                .get(format!("{url}{PRODUCTS}"))
                .bearer_auth(&tokens[ADMINS[0]])
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            let products: Vec<String> = list["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|i| i["productId"].as_str().unwrap().to_owned())
                .collect();
            let (progress, mut written) = tokio::sync::watch::channel(0usize);
            let progress = Arc::new(progress);
            let mut tasks = Vec::new();
            for product in products.iter().take(8) {
                for admin in ADMINS {
                    tasks.push(tokio::spawn(writer(
                        http.clone(),
                        url.clone(),
                        tokens[admin].clone(),
                        product.clone(),
                        admin.to_owned(),
                        acked.clone(),
                        progress.clone(),
                    )));
                }
            }
            // Let the writers run (more of them each round), then pull the plug mid-flight.
            let enough = usize::try_from(20 * round).unwrap();
            tokio::time::timeout(Duration::from_secs(60), written.wait_for(|n| *n >= enough))
                .await
                .expect("the writers got writes acknowledged")
                .unwrap();
            service.kill9();
            for t in tasks {
                t.await.unwrap();
            }
        });
        let new = acked.lock().unwrap().len() - acked_before;
        assert!(
            new > 0,
            "round {round}: no write was acknowledged before the kill"
        );

        service = Service::start(BIN, data.path(), &["--public-url", PUBLIC_URL]);
        let url = service.url.clone();
        let acked_now = acked.lock().unwrap().clone();
        block_on(async {
            let http = reqwest::Client::new();
            for admin in ADMINS {
                let t = token(&http, &url, admin).await;
                let entries = journal(&http, &url, &t).await;
                let succeeded: HashMap<&str, &Value> = entries
                    .iter()
                    .filter(|e| e["result"] == "Succeeded")
                    .filter_map(|e| Some((e["requestId"].as_str()?, e)))
                    .collect();
                for (rid, who, product, value) in acked_now.iter().filter(|a| a.1 == admin) {
                    let entry = succeeded
                        .get(rid.as_str())
                        .unwrap_or_else(|| panic!("round {round}: acknowledged write {rid} ({who} {product} -> {value}) is not in the journal"));
                    assert_eq!(entry["newValue"], value.as_str());
                }
                // The journal matches the state: each product's newest entry is its value.
                let list: Value = http
                    .get(format!("{url}{PRODUCTS}"))
                    .bearer_auth(&t)
                    .send()
                    .await
                    .unwrap()
                    .json()
                    .await
                    .unwrap();
                for item in list["items"].as_array().unwrap() {
                    let id = item["productId"].as_str().unwrap();
                    if let Some(newest) = entries
                        .iter()
                        .find(|e| e["result"] == "Succeeded" && e["target"]["id"] == id)
                    {
                        assert_eq!(
                            newest["newValue"], item["policyValue"],
                            "round {round}: {admin} {id}"
                        );
                    }
                }
            }
        });
        let verify = Command::new(BIN)
            .args(["admin", "audit", "verify", "--data-dir"])
            .arg(data.path())
            .env_clear()
            .env("HOME", data.path())
            .output()
            .unwrap();
        assert!(
            verify.status.success(),
            "round {round}: {}",
            String::from_utf8_lossy(&verify.stdout)
        );
    }
    drop(service);
    // SQLite's own check of the file after three hard kills.
    let check = Command::new("python3")
        .args([
            "-c",
            "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('PRAGMA integrity_check').fetchone()[0])",
        ])
        .arg(data.path().join("mscommerce.db"))
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&check.stdout).trim(), "ok");
}
