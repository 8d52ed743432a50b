//! Per-API-key and per-client-IP rate limits (token buckets). Over the limit: 429 with
//! `Retry-After`. Probes (`/health`, `/ready`, `/metrics`) are never limited.

use super::ApiContext;
use super::error::ApiError;
use crate::config::Config;
use axum::extract::{ConnectInfo, Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::Instant;

/// Requests per second and burst of one kind of limit; a rate of 0 turns it off.
#[derive(Debug, Clone, Copy)]
pub struct Rate {
    /// Sustained requests per second.
    pub per_sec: f64,
    /// Requests allowed at once after a quiet period.
    pub burst: f64,
}

#[derive(Debug, Clone, Copy)]
struct Bucket {
    tokens: f64,
    at: Instant,
}

/// Token buckets keyed by a client identity.
#[derive(Debug, Clone)]
pub struct Limiter {
    rate: Rate,
    buckets: Arc<Mutex<HashMap<Vec<u8>, Bucket>>>,
}

const MAX_TRACKED: usize = 100_000;

impl Limiter {
    /// A limiter with `rate` per identity.
    pub fn new(rate: Rate) -> Self {
        Self {
            rate,
            buckets: Arc::default(),
        }
    }

    /// Takes one token for `who`; `Err(seconds)` says when one will be available.
    pub fn check(&self, who: &[u8]) -> Result<(), u64> {
        if self.rate.per_sec <= 0.0 {
            return Ok(());
        }
        let now = Instant::now();
        let mut buckets = self.buckets.lock().expect("limiter lock");
        if buckets.len() >= MAX_TRACKED && !buckets.contains_key(who) {
            // Forget idle identities rather than grow without bound.
            let rate = self.rate;
            buckets.retain(|_, b| {
                b.tokens + now.duration_since(b.at).as_secs_f64() * rate.per_sec < rate.burst
            });
        }
        let bucket = buckets.entry(who.to_vec()).or_insert(Bucket {
            tokens: self.rate.burst,
            at: now,
        });
        let refill = now.duration_since(bucket.at).as_secs_f64() * self.rate.per_sec;
        bucket.tokens = (bucket.tokens + refill).min(self.rate.burst);
        bucket.at = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            Ok(())
        } else {
            Err(((1.0 - bucket.tokens) / self.rate.per_sec).ceil().max(1.0) as u64)
        }
    }
}

/// The limits of one replica.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Per API key (or per anonymous caller when keys are off).
    pub per_key: Limiter,
    /// Per client IP.
    pub per_ip: Limiter,
    /// The client IP is the `X-Forwarded-For` entry this many places from the right (entries
    /// further left are whatever the client sent); 0 ignores the header.
    pub forwarded_for_hops: u8,
}

impl Limits {
    /// The limits the settings ask for (`RATE_LIMIT_*`, `FORWARDED_FOR_HOPS`).
    pub fn from_config(config: &Config) -> Self {
        Self {
            per_key: Limiter::new(Rate {
                per_sec: config.rate_limit_per_key,
                burst: config.rate_limit_per_key_burst,
            }),
            per_ip: Limiter::new(Rate {
                per_sec: config.rate_limit_per_ip,
                burst: config.rate_limit_per_ip_burst,
            }),
            forwarded_for_hops: config.forwarded_for_hops,
        }
    }
}

fn client_ip(req: &Request, hops: u8) -> Option<IpAddr> {
    if hops > 0 {
        // Only the entries our own proxies appended can be trusted: count from the right.
        return req
            .headers()
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.rsplit(',').nth(hops as usize - 1))
            .and_then(|v| v.trim().parse().ok());
    }
    req.extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip())
}

/// The middleware.
pub async fn enforce(State(ctx): State<ApiContext>, req: Request, next: Next) -> Response {
    let path = req.uri().path();
    if matches!(path, "/health" | "/ready" | "/metrics") {
        return next.run(req).await;
    }
    let limits = &ctx.limits;
    if let Some(ip) = client_ip(&req, limits.forwarded_for_hops)
        && let Err(retry_after_secs) = limits.per_ip.check(ip.to_string().as_bytes())
    {
        metrics::counter!("http_rate_limited_total", "limit" => "ip").increment(1);
        return ApiError::RateLimited { retry_after_secs }.into_response();
    }
    // The caller's identity is the key authentication reads (same extraction, same digest), so
    // re-spelling the header does not buy a fresh bucket.
    let key = super::auth::presented_key(req.headers())
        .map(super::auth::key_identity)
        .map(|d| d.to_vec())
        .unwrap_or_default();
    if let Err(retry_after_secs) = limits.per_key.check(&key) {
        metrics::counter!("http_rate_limited_total", "limit" => "key").increment(1);
        return ApiError::RateLimited { retry_after_secs }.into_response();
    }
    next.run(req).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_client_ip_is_counted_from_the_right_of_x_forwarded_for() {
        let req = |xff: &str| {
            axum::http::Request::builder()
                .header("x-forwarded-for", xff)
                .body(axum::body::Body::empty())
                .unwrap()
        };
        // A client forging a first entry does not choose its identity.
        let forged = req("6.6.6.6, 203.0.113.7, 35.191.0.1");
        assert_eq!(client_ip(&forged, 2), Some("203.0.113.7".parse().unwrap()));
        assert_eq!(client_ip(&forged, 1), Some("35.191.0.1".parse().unwrap()));
        assert_eq!(client_ip(&req("35.191.0.1"), 2), None);
        assert_eq!(
            client_ip(&forged, 0),
            None,
            "0 ignores the header (no peer address here)"
        );
    }

    #[test]
    fn a_bucket_allows_its_burst_then_refuses_with_a_wait() {
        let l = Limiter::new(Rate {
            per_sec: 1.0,
            burst: 3.0,
        });
        for _ in 0..3 {
            assert!(l.check(b"a").is_ok());
        }
        assert_eq!(l.check(b"a"), Err(1));
        assert!(l.check(b"b").is_ok(), "identities are independent");
        let off = Limiter::new(Rate {
            per_sec: 0.0,
            burst: 0.0,
        });
        for _ in 0..1000 {
            assert!(off.check(b"a").is_ok());
        }
    }
}
