//! Webhooks through the real binary: a delivery whose receiver is down survives a SIGKILL of
//! the service, and arrives, in order and signed, once the receiver is up and the service has
//! restarted on the same data.

use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::harness::{BIN, PASSWORD, Service, block_on};

/// A fixed issuer, so tokens stay valid across restarts on new ports.
const PUBLIC_URL: &str = "http://webhook-test.invalid";
const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

/// (webhook-id, webhook-timestamp, webhook-signature, body) of each request.
type Got = Arc<Mutex<Vec<(String, String, String, String)>>>;

/// A receiver on `listener`: records each POST and answers 204.
fn receive(listener: TcpListener, got: Got) {
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut headers = std::collections::HashMap::new();
            let mut line = String::new();
            reader.read_line(&mut line).ok();
            loop {
                line.clear();
                if reader.read_line(&mut line).unwrap_or(0) == 0 || line.trim().is_empty() {
                    break;
                }
                if let Some((k, v)) = line.split_once(':') {
                    headers.insert(k.trim().to_ascii_lowercase(), v.trim().to_owned());
                }
            }
            let len: usize = headers
                .get("content-length")
                .and_then(|v| v.parse().ok())
                .unwrap_or(0);
            let mut body = vec![0; len];
            reader.read_exact(&mut body).ok();
            let h = |k: &str| headers.get(k).cloned().unwrap_or_default();
            got.lock().unwrap().push((
                h("webhook-id"),
                h("webhook-timestamp"),
                h("webhook-signature"),
                String::from_utf8_lossy(&body).into_owned(),
            ));
            stream
                .write_all(b"HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n")
                .ok();
        }
    });
}

fn call(method: reqwest::Method, url: &str, token: &str, body: Option<Value>) -> (u16, Value) {
    block_on(async {
        let mut req = reqwest::Client::new()
            .request(method, url)
            .bearer_auth(token);
        if let Some(b) = body {
            req = req.json(&b);
        }
        let r = req.send().await.unwrap();
        let status = r.status().as_u16();
        (status, r.json().await.unwrap_or(Value::Null))
    })
}

fn wait_until(what: &str, mut done: impl FnMut() -> bool) {
    let start = Instant::now();
    while !done() {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "{what}: not within a minute"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn a_delivery_survives_a_dead_receiver_and_a_killed_service() {
    let data = tempfile::tempdir().unwrap();
    let config = data.path().join("webhooks.toml");
    std::fs::write(
        &config,
        "[webhooks]\nallow_private = true\nretry_base_ms = 200\n",
    )
    .unwrap();
    let config = config.to_string_lossy().into_owned();
    let args = ["--public-url", PUBLIC_URL, "--config", config.as_str()];
    let mut service = Service::start(BIN, data.path(), &args);
    let admin = block_on(mscommerce_testkit::tokens::user(
        &reqwest::Client::new(),
        &service.url,
        "admin@contoso.example",
        PASSWORD,
    ));
    // A port nobody listens on yet: the receiver is down.
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let (status, hook) = call(
        reqwest::Method::POST,
        &format!("{}/v1.0/webhooks", service.url),
        &admin,
        Some(serde_json::json!({
            "url": format!("http://127.0.0.1:{port}/hook"),
            "events": ["policy.changed"],
            "secret": SECRET,
        })),
    );
    assert_eq!(status, 201, "{hook}");
    let hook = hook["id"].as_str().unwrap().to_owned();
    let product = "/v1.0/policies/AllowSelfServicePurchase/products/CFQ7TTC0H9MP";
    let put = |url: &str, value: &str| {
        call(
            reqwest::Method::PUT,
            &format!("{url}{product}"),
            &admin,
            Some(serde_json::json!({ "policyValue": value })),
        )
        .0
    };
    assert_eq!(put(&service.url, "Disabled"), 200);
    // Tried and failed at least once, then the service dies.
    let deliveries = |url: &str| {
        call(
            reqwest::Method::GET,
            &format!("{url}/v1.0/webhooks/{hook}/deliveries"),
            &admin,
            None,
        )
        .1
    };
    wait_until("a failed attempt", || {
        deliveries(&service.url)["items"][0]["attempts"]
            .as_i64()
            .is_some_and(|n| n >= 1)
    });
    service.kill9();

    // The receiver comes up; the service restarts on the same data and sends what it owed,
    // then the next change, in that order.
    let got: Got = Arc::default();
    receive(TcpListener::bind(("127.0.0.1", port)).unwrap(), got.clone());
    let service = Service::start(BIN, data.path(), &args);
    wait_until("the owed delivery", || !got.lock().unwrap().is_empty());
    assert_eq!(put(&service.url, "Enabled"), 200);
    wait_until("the next delivery", || got.lock().unwrap().len() >= 2);
    let got = got.lock().unwrap().clone();
    let values: Vec<String> = got
        .iter()
        .map(|(_, _, _, body)| {
            let v: Value = serde_json::from_str(body).unwrap();
            v["data"]["newValue"].as_str().unwrap().to_owned()
        })
        .collect();
    assert_eq!(values[..2], ["Disabled", "Enabled"], "in order");
    for (id, ts, signature, body) in &got {
        let want = mscommerce_server::webhook_delivery::sign(SECRET, id, ts.parse().unwrap(), body)
            .unwrap();
        assert_eq!(signature, &want);
    }
    let listed = deliveries(&service.url);
    assert_eq!(listed["items"][1]["status"], "delivered", "{listed}");
    assert!(
        listed["items"][1]["attempts"].as_i64().unwrap() >= 2,
        "{listed}"
    );
}

/// The CLI's `webhook` commands: add (the secret shown once), list, deliveries, replay,
/// remove; a private address refused with the reason.
#[test]
fn the_webhook_commands() {
    let server = crate::harness::Server::start();
    let admin = crate::harness::Cli::new(&server);
    admin.connect("admin@contoso.example", &[]).ok();
    let refused = admin
        .run(&["webhook", "add", "--url", "http://127.0.0.1:9/hook"])
        .code(6);
    assert!(
        refused.stderr.contains("cannot receive webhooks"),
        "{}",
        refused.stderr
    );
    let added = admin
        .run(&[
            "webhook",
            "add",
            "--url",
            "https://hooks.example.com/mscommerce",
            "--events",
            "policy.changed,licenseRequest.filed",
        ])
        .ok();
    assert!(
        added.stdout.contains("Signing secret (shown once"),
        "{}",
        added.stdout
    );
    assert!(added.stdout.contains("whsec_"), "{}", added.stdout);
    let list = admin
        .run(&["webhook", "list", "--output", "json"])
        .ok()
        .json();
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert!(list[0].get("secret").is_none(), "{list}");
    assert_eq!(
        list[0]["events"],
        serde_json::json!(["policy.changed", "licenseRequest.filed"])
    );
    let id = list[0]["id"].as_str().unwrap().to_owned();
    admin
        .run(&[
            "update-product-policy",
            "--product-id",
            "CFQ7TTC0H9MP",
            "--enabled",
            "false",
        ])
        .ok();
    let deliveries = admin
        .run(&["webhook", "deliveries", "--id", &id, "--output", "json"])
        .ok()
        .json();
    assert_eq!(deliveries[0]["event"], "policy.changed", "{deliveries}");
    let delivery = deliveries[0]["id"].as_str().unwrap().to_owned();
    let replayed = admin
        .run(&["webhook", "replay", "--id", &id, "--delivery", &delivery])
        .ok();
    assert!(replayed.stderr.contains(&delivery), "{}", replayed.stderr);
    admin.run(&["webhook", "remove", "--id", &id]).ok();
    assert_eq!(
        admin.run(&["webhook", "list"]).ok().stdout.trim(),
        "Nothing matches."
    );
    admin.run(&["webhook", "remove", "--id", &id]).code(5);
}
