//! Where a request comes from: the socket's peer, or, when that peer is a proxy the operator
//! trusts (`trusted_proxies`), the client `X-Forwarded-For` names. Smart lockout, the sign-in
//! throttles and the journal use it; nothing else does.

use std::net::{IpAddr, SocketAddr};
use std::str::FromStr;

use axum::http::HeaderMap;
use ipnet::IpNet;

/// The peer of the connection a request came on (set by the listener).
#[derive(Debug, Clone, Copy)]
pub struct Peer(pub SocketAddr);

/// The proxies whose `X-Forwarded-For` is believed. Empty by default: the header is then
/// ignored, since any client can send it.
#[derive(Debug, Clone, Default)]
pub struct TrustedProxies(Vec<IpNet>);

impl TrustedProxies {
    /// From addresses (`10.0.0.5`) and networks (`10.0.0.0/8`, `fd00::/8`).
    pub fn parse<S: AsRef<str>>(items: &[S]) -> Result<TrustedProxies, String> {
        items
            .iter()
            .map(|item| {
                let item = item.as_ref().trim();
                IpNet::from_str(item)
                    .or_else(|_| IpAddr::from_str(item).map(IpNet::from))
                    .map_err(|_| {
                        format!(
                            "trusted proxy '{item}' is neither an address (10.0.0.5) nor a network (10.0.0.0/8)"
                        )
                    })
            })
            .collect::<Result<_, _>>()
            .map(TrustedProxies)
    }

    fn trusts(&self, ip: IpAddr) -> bool {
        let ip = canonical(ip);
        self.0.iter().any(|net| net.contains(&ip))
    }

    /// The client's address: the peer unless it is trusted; then, walking `X-Forwarded-For`
    /// from the right (the hop our proxy added), the first address that is not a trusted proxy.
    /// A malformed entry stops the walk at the last address known good: what a client wrote to
    /// the left of its own address is never believed.
    pub fn client(&self, peer: IpAddr, headers: &HeaderMap) -> IpAddr {
        let mut client = canonical(peer);
        if !self.trusts(client) {
            return client;
        }
        let hops = headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .collect::<Vec<_>>();
        for hop in hops.into_iter().rev() {
            let Some(ip) = parse_hop(hop) else { break };
            client = ip;
            if !self.trusts(ip) {
                break;
            }
        }
        client
    }
}

/// An `X-Forwarded-For` element: an address, maybe with a port (`192.0.2.1:4711`,
/// `[2001:db8::1]:4711`).
fn parse_hop(hop: &str) -> Option<IpAddr> {
    let hop = hop.trim();
    IpAddr::from_str(hop)
        .ok()
        .or_else(|| SocketAddr::from_str(hop).ok().map(|s| s.ip()))
        .map(canonical)
}

/// IPv4 as itself, not as an IPv4-mapped IPv6 address (a dual-stack listener's view).
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        v4 => v4,
    }
}

/// The `User-Agent` as the journal keeps it: printable, at most
/// [`mscommerce_domain::audit::MAX_USER_AGENT`] characters.
pub fn user_agent(headers: &HeaderMap) -> Option<String> {
    let raw = headers.get(axum::http::header::USER_AGENT)?;
    let text = String::from_utf8_lossy(raw.as_bytes());
    let kept: String = text
        .chars()
        .filter(|c| !c.is_control())
        .take(mscommerce_domain::audit::MAX_USER_AGENT)
        .collect();
    (!kept.trim().is_empty()).then_some(kept)
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(xff: &[&str]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for v in xff {
            h.append("x-forwarded-for", HeaderValue::from_str(v).unwrap());
        }
        h
    }

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn the_header_counts_only_behind_a_trusted_proxy() {
        let none = TrustedProxies::default();
        let h = headers(&["203.0.113.9"]);
        assert_eq!(none.client(ip("198.51.100.1"), &h), ip("198.51.100.1"));
        let proxies = TrustedProxies::parse(&["10.0.0.0/8", "127.0.0.1"]).unwrap();
        assert_eq!(proxies.client(ip("198.51.100.1"), &h), ip("198.51.100.1"));
        assert_eq!(proxies.client(ip("10.1.2.3"), &h), ip("203.0.113.9"));
        // A dual-stack listener sees IPv4 peers as mapped IPv6 addresses.
        assert_eq!(
            proxies.client(ip("::ffff:127.0.0.1"), &h),
            ip("203.0.113.9")
        );
    }

    #[test]
    fn the_walk_skips_trusted_hops_and_ignores_what_the_client_wrote() {
        let proxies = TrustedProxies::parse(&["10.0.0.0/8"]).unwrap();
        // The client claims 192.0.2.66; our proxies saw 203.0.113.9, then 10.0.0.2.
        let h = headers(&["192.0.2.66, 203.0.113.9", "10.0.0.2"]);
        assert_eq!(proxies.client(ip("10.0.0.1"), &h), ip("203.0.113.9"));
        // Ports and brackets are taken off.
        let h = headers(&["[2001:db8::7]:4711, 10.0.0.2:80"]);
        assert_eq!(proxies.client(ip("10.0.0.1"), &h), ip("2001:db8::7"));
        // Garbage stops the walk at the last good hop.
        let h = headers(&["203.0.113.9, not-an-address, 10.0.0.2"]);
        assert_eq!(proxies.client(ip("10.0.0.1"), &h), ip("10.0.0.2"));
        // No header: the proxy itself.
        assert_eq!(
            proxies.client(ip("10.0.0.1"), &HeaderMap::new()),
            ip("10.0.0.1")
        );
    }

    #[test]
    fn bad_proxy_entries_are_named() {
        let e = TrustedProxies::parse(&["10.0.0.0/8", "proxy.example"]).unwrap_err();
        assert!(e.contains("'proxy.example'"), "{e}");
    }

    #[test]
    fn user_agents_are_printable_and_bounded() {
        let mut h = HeaderMap::new();
        h.insert(
            axum::http::header::USER_AGENT,
            HeaderValue::from_bytes(&[b'a'; 1000]).unwrap(),
        );
        assert_eq!(user_agent(&h).unwrap().len(), 256);
        h.insert(
            axum::http::header::USER_AGENT,
            HeaderValue::from_static("curl/8.5\t(x)"),
        );
        assert_eq!(user_agent(&h).as_deref(), Some("curl/8.5(x)"));
        assert_eq!(user_agent(&HeaderMap::new()), None);
    }
}
