//! Which webhook URLs may be called.
//!
//! In production (`WEBHOOK_ALLOW_INSECURE_URLS` off) a URL must be `https://`, carry no user
//! name or password, and every address its host resolves to must be public: not loopback,
//! private (RFC 1918, IPv6 unique-local), link-local (which holds the cloud metadata server,
//! 169.254.169.254), carrier-grade NAT, unspecified, multicast, broadcast, documentation or
//! benchmarking ranges, nor an IPv4 address hidden in IPv6. The check runs at registration
//! ([`check_url`]) and again at every connection ([`PublicOnly`], the client's resolver), so a
//! host that resolves to a public address when registered and to an internal one later
//! (DNS rebinding) is refused at connect time. Redirects are never followed.

use reqwest::Url;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};

/// Why a URL is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UnsafeUrl {
    /// Not a URL.
    #[error("url must be an absolute URL: {0}")]
    Malformed(String),
    /// Not https (or http when allowed).
    #[error("url must use https://")]
    Scheme,
    /// Carries credentials.
    #[error("url must not carry a user name or password")]
    Credentials,
    /// Longer than we store.
    #[error("url must be at most {MAX_URL_BYTES} bytes")]
    TooLong,
    /// Its host does not resolve.
    #[error("url's host does not resolve: {0}")]
    Unresolvable(String),
    /// Its host is (or resolves to) an address that is not public.
    #[error("url's host resolves to {0}, which is not a public address")]
    NotPublic(IpAddr),
}

/// Longest URL accepted.
pub const MAX_URL_BYTES: usize = 2048;

/// Whether `ip` is a public unicast address.
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => is_public_v4(v4),
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return is_public_v4(v4);
            }
            let s = v6.segments();
            !(v6.is_loopback()
                || v6.is_unspecified()
                || v6.is_multicast()
                || (s[0] & 0xfe00) == 0xfc00 // unique local fc00::/7
                || (s[0] & 0xffc0) == 0xfe80 // link-local fe80::/10
                || (s[0] & 0xffc0) == 0xfec0 // site-local (deprecated) fec0::/10
                || (s[0] == 0x2001 && s[1] == 0x0db8) // documentation
                || (s[0] == 0x0064 && s[1] == 0xff9b) // NAT64 (embeds IPv4)
                || s[0] == 0x2002 // 6to4 (embeds IPv4)
                || (s[0] == 0 && s[1] == 0 && s[2] == 0 && s[3] == 0 && s[4] == 0 && s[5] == 0)) // IPv4-compatible
        }
    }
}

fn is_public_v4(ip: Ipv4Addr) -> bool {
    let o = ip.octets();
    !(ip.is_private()
        || ip.is_loopback()
        || ip.is_link_local()
        || ip.is_unspecified()
        || ip.is_broadcast()
        || ip.is_multicast()
        || ip.is_documentation()
        || o[0] == 0 // "this network"
        || (o[0] == 100 && (o[1] & 0xc0) == 64) // carrier-grade NAT 100.64/10
        || (o[0] == 192 && o[1] == 0 && o[2] == 0) // IETF protocol assignments
        || (o[0] == 198 && (o[1] & 0xfe) == 18) // benchmarking 198.18/15
        || o[0] >= 240) // reserved
}

/// Parses `raw` and checks the scheme and credentials (no resolution).
pub fn parse_url(raw: &str, allow_insecure: bool) -> Result<Url, UnsafeUrl> {
    if raw.len() > MAX_URL_BYTES {
        return Err(UnsafeUrl::TooLong);
    }
    let url = Url::parse(raw).map_err(|e| UnsafeUrl::Malformed(e.to_string()))?;
    match url.scheme() {
        "https" => {}
        "http" if allow_insecure => {}
        _ => return Err(UnsafeUrl::Scheme),
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(UnsafeUrl::Malformed("it has no host".into()));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(UnsafeUrl::Credentials);
    }
    Ok(url)
}

/// [`parse_url`], then (unless `allow_insecure`) resolves the host and refuses it if any of its
/// addresses is not public. The registration-time check.
pub async fn check_url(raw: &str, allow_insecure: bool) -> Result<Url, UnsafeUrl> {
    let url = parse_url(raw, allow_insecure)?;
    if allow_insecure {
        return Ok(url);
    }
    let host = url.host_str().expect("checked by parse_url").to_string();
    let port = url.port_or_known_default().unwrap_or(443);
    let host = host
        .trim_start_matches('[')
        .trim_end_matches(']')
        .to_string();
    let addrs: Vec<SocketAddr> = match tokio::time::timeout(
        std::time::Duration::from_secs(5),
        tokio::net::lookup_host((host.as_str(), port)),
    )
    .await
    {
        Ok(Ok(addrs)) => addrs.collect(),
        Ok(Err(e)) => return Err(UnsafeUrl::Unresolvable(e.to_string())),
        Err(_) => return Err(UnsafeUrl::Unresolvable("lookup timed out".into())),
    };
    if addrs.is_empty() {
        return Err(UnsafeUrl::Unresolvable("no addresses".into()));
    }
    if let Some(bad) = addrs.iter().map(SocketAddr::ip).find(|ip| !is_public(*ip)) {
        return Err(UnsafeUrl::NotPublic(bad));
    }
    Ok(url)
}

/// The delivery client's resolver in production: resolves as the system does, and fails the
/// connection if any address is not public.
#[derive(Debug, Clone, Copy, Default)]
pub struct PublicOnly;

impl reqwest::dns::Resolve for PublicOnly {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let host = name.as_str().to_string();
        Box::pin(async move {
            let addrs: Vec<SocketAddr> =
                tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            if let Some(bad) = addrs.iter().map(SocketAddr::ip).find(|ip| !is_public(*ip)) {
                return Err(Box::new(UnsafeUrl::NotPublic(bad)) as _);
            }
            Ok(Box::new(addrs.into_iter()) as reqwest::dns::Addrs)
        })
    }
}

/// An IP-literal host is not resolved by the client, so it is checked before each connection.
pub fn literal_is_refused(url: &Url) -> Option<UnsafeUrl> {
    let host = url.host_str()?;
    let ip: IpAddr = host
        .trim_start_matches('[')
        .trim_end_matches(']')
        .parse()
        .ok()?;
    (!is_public(ip)).then_some(UnsafeUrl::NotPublic(ip))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn internal_addresses_are_not_public() {
        for ip in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "255.255.255.255",
            "224.0.0.1",
            "::1",
            "::",
            "fc00::1",
            "fd12::1",
            "fe80::1",
            "::ffff:127.0.0.1",
            "::ffff:169.254.169.254",
            "64:ff9b::7f00:1",
            "2002:7f00:1::",
        ] {
            assert!(!is_public(ip.parse().unwrap()), "{ip}");
        }
        for ip in [
            "8.8.8.8",
            "1.1.1.1",
            "2606:4700:4700::1111",
            "::ffff:8.8.8.8",
        ] {
            assert!(is_public(ip.parse().unwrap()), "{ip}");
        }
    }

    #[tokio::test]
    async fn production_refuses_http_credentials_and_internal_hosts() {
        assert_eq!(
            check_url("http://example.com/hook", false).await,
            Err(UnsafeUrl::Scheme)
        );
        assert_eq!(
            check_url("ftp://example.com/hook", true).await,
            Err(UnsafeUrl::Scheme)
        );
        assert_eq!(
            check_url("https://u:p@example.com/hook", false).await,
            Err(UnsafeUrl::Credentials)
        );
        for internal in [
            "https://127.0.0.1/hook",
            "https://[::1]/hook",
            "https://169.254.169.254/computeMetadata/v1/",
            "https://10.0.0.5:8443/hook",
            "https://localhost/hook",
        ] {
            assert!(
                matches!(
                    check_url(internal, false).await,
                    Err(UnsafeUrl::NotPublic(_))
                ),
                "{internal}"
            );
        }
        assert!(check_url("http://127.0.0.1:9/hook", true).await.is_ok());
        assert!(matches!(
            check_url("not a url", true).await,
            Err(UnsafeUrl::Malformed(_))
        ));
    }

    #[test]
    fn an_ip_literal_is_checked_before_connecting() {
        let url = Url::parse("https://127.0.0.1/x").unwrap();
        assert!(literal_is_refused(&url).is_some());
        let url = Url::parse("https://8.8.8.8/x").unwrap();
        assert!(literal_is_refused(&url).is_none());
        let url = Url::parse("https://example.com/x").unwrap();
        assert!(literal_is_refused(&url).is_none());
    }
}
