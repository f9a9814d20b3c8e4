//! Sends what the outbox holds: each endpoint's oldest pending delivery, signed as Standard
//! Webhooks signs (`webhook-id`, `webhook-timestamp`, `webhook-signature: v1,<base64 HMAC-SHA256
//! of "id.timestamp.body">`), one task per delivery so that a slow or dead receiver holds only
//! its own endpoint; a failure is retried with exponential backoff for 24 hours. Only `https`
//! to public addresses, checked after DNS resolution and connected to the address checked (no
//! rebinding), unless the operator allows private ones (`serve --allow-private-webhooks`).

use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Weak};
use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use mscommerce_domain::Clock;
use mscommerce_store::{Attempt, DueDelivery, Store};

/// How the worker runs.
#[derive(Debug, Clone)]
pub struct DeliverySettings {
    /// Plain `http` and loopback, private and link-local addresses allowed (tests, labs).
    pub allow_private: bool,
    /// The first retry's delay; each next one doubles, up to an hour.
    pub retry_base: Duration,
    /// One attempt's time limit.
    pub timeout: Duration,
    /// How often the outbox is looked at.
    pub poll: Duration,
}

impl Default for DeliverySettings {
    fn default() -> Self {
        DeliverySettings {
            allow_private: false,
            retry_base: Duration::from_secs(5),
            timeout: Duration::from_secs(10),
            poll: Duration::from_millis(500),
        }
    }
}

/// How long a delivery is retried.
const RETRY_PERIOD: time::Duration = time::Duration::hours(24);
const MAX_BACKOFF: Duration = Duration::from_secs(3600);
/// Deliveries started per look at the outbox.
const BATCH: u32 = 64;

/// Why an address may not receive webhooks, if it may not.
pub fn refuse_url(url: &str, allow_private: bool) -> Option<String> {
    let Ok(parsed) = url::Url::parse(url) else {
        return Some(format!(
            "'{}' is not an absolute URL",
            crate::api::clip(url)
        ));
    };
    let plain_allowed = allow_private && parsed.scheme() == "http";
    if parsed.scheme() != "https" && !plain_allowed {
        return Some("webhook URLs must be https".into());
    }
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Some(
            "a webhook URL must not carry credentials: sign with the secret instead".into(),
        );
    }
    match parsed.host() {
        None => Some("the URL names no host".into()),
        Some(url::Host::Ipv4(ip)) if !allow_private && !is_public(IpAddr::V4(ip)) => {
            Some(format!("{ip} is not a public address"))
        }
        Some(url::Host::Ipv6(ip)) if !allow_private && !is_public(IpAddr::V6(ip)) => {
            Some(format!("{ip} is not a public address"))
        }
        Some(url::Host::Domain(d)) if !allow_private && d.eq_ignore_ascii_case("localhost") => {
            Some("localhost is not a public address".into())
        }
        _ => None,
    }
}

/// Whether `ip` is on the public internet: not loopback, private, link-local, shared (CGNAT),
/// documentation, benchmark, multicast, unspecified or reserved.
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            let [a, b, c, _] = v4.octets();
            !(v4.is_loopback()
                || v4.is_private()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_broadcast()
                || v4.is_multicast()
                || v4.is_documentation()
                || a == 0
                || a >= 240
                || (a == 100 && (64..128).contains(&b))
                || (a == 192 && b == 0 && c == 0)
                || (a == 198 && (18..20).contains(&b)))
        }
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return is_public(IpAddr::V4(v4));
            }
            let first = v6.segments()[0];
            !(v6.is_loopback()
                || v6.is_unspecified()
                || v6.is_multicast()
                || (first & 0xfe00) == 0xfc00 // unique local
                || (first & 0xffc0) == 0xfe80 // link-local
                || first == 0x2001 && v6.segments()[1] == 0x0db8) // documentation
        }
    }
}

/// `webhook-signature` of a body: `v1,` + base64 HMAC-SHA256 over `id.timestamp.body` with
/// the key the `whsec_` secret encodes.
pub fn sign(secret: &str, id: &str, timestamp: i64, body: &str) -> Option<String> {
    let key = STANDARD
        .decode(secret.strip_prefix("whsec_").unwrap_or(secret))
        .ok()?;
    let key = aws_lc_rs::hmac::Key::new(aws_lc_rs::hmac::HMAC_SHA256, &key);
    let tag = aws_lc_rs::hmac::sign(&key, format!("{id}.{timestamp}.{body}").as_bytes());
    Some(format!("v1,{}", STANDARD.encode(tag.as_ref())))
}

/// A new signing secret: `whsec_` + base64 of 32 random bytes.
pub fn new_secret() -> Result<String, String> {
    let mut key = [0u8; 32];
    aws_lc_rs::rand::fill(&mut key).map_err(|_| "no randomness".to_owned())?;
    Ok(format!("whsec_{}", STANDARD.encode(key)))
}

/// Runs until the store is gone (the server stopped).
pub async fn run(store: Weak<dyn Store>, clock: Arc<dyn Clock>, settings: DeliverySettings) {
    let settings = Arc::new(settings);
    loop {
        tokio::time::sleep(settings.poll).await;
        let Some(store) = store.upgrade() else { return };
        let now = clock.now();
        let due = match store.due_deliveries(now, BATCH).await {
            Ok(due) => due,
            Err(e) => {
                tracing::warn!(error = %e, "webhook outbox unreadable; trying again");
                continue;
            }
        };
        for d in due {
            let lease = now
                + time::Duration::try_from(settings.timeout).unwrap_or_default()
                + time::Duration::seconds(5);
            match store.claim_delivery(d.delivery.id, now, lease).await {
                Ok(true) => {
                    let (store, clock, settings) = (store.clone(), clock.clone(), settings.clone());
                    tokio::spawn(async move { deliver(store, clock, &settings, d).await });
                }
                Ok(false) => {}
                Err(e) => tracing::warn!(error = %e, "cannot lease a webhook delivery"),
            }
        }
    }
}

async fn deliver(
    store: Arc<dyn Store>,
    clock: Arc<dyn Clock>,
    settings: &DeliverySettings,
    d: DueDelivery,
) {
    let outcome = attempt(clock.as_ref(), settings, &d).await;
    let at = clock.now();
    let attempt = match outcome {
        Ok(status) => Attempt::Delivered {
            status: i64::from(status),
        },
        Err((status, error)) => {
            if at - d.delivery.created_at >= RETRY_PERIOD {
                Attempt::GiveUp { status, error }
            } else {
                let doublings = u32::try_from(d.delivery.attempts.clamp(0, 20)).unwrap_or(20);
                let wait = settings
                    .retry_base
                    .saturating_mul(2u32.saturating_pow(doublings))
                    .min(MAX_BACKOFF);
                Attempt::Retry {
                    status,
                    error,
                    next: at + time::Duration::try_from(wait).unwrap_or_default(),
                }
            }
        }
    };
    if let Err(e) = store.finish_delivery(d.delivery.id, at, &attempt).await {
        tracing::warn!(error = %e, delivery = %d.delivery.id, "cannot record a webhook attempt");
    }
}

/// One POST: `Ok(status)` for a 2xx, else the status (if any) and what went wrong.
async fn attempt(
    clock: &dyn Clock,
    settings: &DeliverySettings,
    d: &DueDelivery,
) -> Result<u16, (Option<i64>, String)> {
    let fail = |e: String| (None, e);
    if let Some(why) = refuse_url(&d.url, settings.allow_private) {
        return Err(fail(why));
    }
    let url = url::Url::parse(&d.url).map_err(|e| fail(e.to_string()))?;
    let host = url.host_str().unwrap_or_default().to_owned();
    let port = url.port_or_known_default().unwrap_or(443);
    // Resolved here, checked, and connected to exactly that address: a name that answers a
    // public address to the check and a private one to the connection (rebinding) gets nowhere.
    let addrs: Vec<SocketAddr> = tokio::net::lookup_host((host.trim_matches(['[', ']']), port))
        .await
        .map_err(|e| fail(format!("cannot resolve {host}: {e}")))?
        .collect();
    let Some(addr) = addrs.first().copied() else {
        return Err(fail(format!("{host} has no address")));
    };
    if !settings.allow_private && addrs.iter().any(|a| !is_public(a.ip())) {
        return Err(fail(format!("{host} resolves to a non-public address")));
    }
    let client = reqwest::Client::builder()
        .resolve(&host, addr)
        .redirect(reqwest::redirect::Policy::none())
        .timeout(settings.timeout)
        .build()
        .map_err(|e| fail(e.to_string()))?;
    let id = d.delivery.id.to_string();
    let timestamp = clock.now().unix_timestamp();
    let signature = sign(&d.secret, &id, timestamp, &d.delivery.payload)
        .ok_or_else(|| fail("the endpoint's secret is unusable".into()))?;
    let response = client
        .post(url)
        .header("content-type", "application/json")
        .header(
            "user-agent",
            concat!("mscommerce-webhooks/", env!("CARGO_PKG_VERSION")),
        )
        .header("webhook-id", &id)
        .header("webhook-timestamp", timestamp.to_string())
        .header("webhook-signature", signature)
        .body(d.delivery.payload.clone())
        .send()
        .await
        .map_err(|e| fail(format!("{e}")))?;
    let status = response.status();
    if status.is_success() {
        Ok(status.as_u16())
    } else {
        Err((
            Some(i64::from(status.as_u16())),
            format!("the receiver answered {status}"),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_public_addresses_receive_webhooks() {
        for private in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "::1",
            "fe80::1",
            "fd00::1",
            "::ffff:10.0.0.1",
            "192.0.2.7",
        ] {
            assert!(!is_public(private.parse().unwrap()), "{private}");
        }
        for public in ["1.1.1.1", "20.190.128.1", "2606:4700::1111"] {
            assert!(is_public(public.parse().unwrap()), "{public}");
        }
        assert!(refuse_url("http://hooks.example.com/x", false).is_some());
        assert!(refuse_url("https://127.0.0.1/x", false).is_some());
        assert!(refuse_url("https://localhost/x", false).is_some());
        assert!(refuse_url("https://user:pw@hooks.example.com/x", false).is_some());
        assert!(refuse_url("https://hooks.example.com/x", false).is_none());
        assert!(refuse_url("http://127.0.0.1:9/x", true).is_none());
    }

    /// The example of the Standard Webhooks specification.
    #[test]
    fn signatures_follow_standard_webhooks() {
        let sig = sign(
            "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
            "msg_p5jXN8AQM9LWM0D4loKWxJek",
            1614265330,
            r#"{"test": 2432232314}"#,
        );
        assert_eq!(
            sig.as_deref(),
            Some("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")
        );
    }
}
