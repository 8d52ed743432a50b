//! Webhooks: every notification event POSTed to the HTTPS endpoints that subscribed to its type,
//! signed by the Standard Webhooks specification (issue 17).
//!
//! * [`endpoints`]: the endpoints an operator registers (`/admin/webhooks`), each with its own
//!   signing secret ([`secret`]: `whsec_` + base64 of 32 random bytes, stored sealed with
//!   `WEBHOOK_SECRETS_KEY`, shown once at creation and at each rotation);
//! * [`address`]: which URLs may be called: in production only `https://` whose every address is
//!   public, checked at registration and again at connect time by the resolver the client uses
//!   (so a name that resolves to a public address at registration and to `127.0.0.1` later is
//!   refused: DNS rebinding);
//! * [`delivery`]: one delivery per (endpoint, event), created from the events outbox; a worker
//!   on every replica attempts the due ones, keeps every attempt, retries with exponential
//!   backoff and jitter for about a day, and disables an endpoint that failed every attempt for
//!   `WEBHOOK_DISABLE_AFTER_SECS`;
//! * [`runtime`]: that worker runs on threads of its own, apart from the payout path's runtime
//!   (and, with `WEBHOOK_NICE`, at a lower CPU priority).
//!
//! Every request carries `webhook-id` (the event id: the same on every retry and replay, what
//! receivers dedupe on), `webhook-timestamp` (Unix seconds of this attempt) and
//! `webhook-signature` (`v1,<base64 HMAC-SHA256 of "id.timestamp.body">`, one per valid secret,
//! space-separated, so during a rotation's grace period both the old and the new secret verify),
//! and the grant's `traceparent`.

pub mod address;
pub mod delivery;
mod dispatch;
pub mod endpoints;
pub mod runtime;
pub mod secret;

use std::time::Duration;

/// Webhook settings.
#[derive(Debug, Clone, clap::Args)]
pub struct WebhookConfig {
    /// The key webhook signing secrets are sealed with in the database: base64 of 32 random bytes
    /// (`openssl rand -base64 32`), from a Secret. Unset: the webhooks admin API answers 409
    /// `webhooks_not_configured` and nothing is delivered.
    #[arg(long, env = "WEBHOOK_SECRETS_KEY", hide_env_values = true)]
    pub webhook_secrets_key: Option<String>,
    /// Accept `http://` URLs and loopback, private and link-local addresses (development and
    /// tests only: docker compose turns it on). Off: only `https://` URLs whose addresses are all
    /// public.
    #[arg(long, env = "WEBHOOK_ALLOW_INSECURE_URLS", default_value_t = false, action = clap::ArgAction::Set)]
    pub webhook_allow_insecure_urls: bool,
    /// Deliveries this replica attempts at once (0: this replica delivers nothing): room for
    /// four endpoints at their full `WEBHOOK_ENDPOINT_CONCURRENCY`.
    #[arg(long, env = "WEBHOOK_WORKERS", default_value_t = 1024)]
    pub webhook_workers: usize,
    /// Threads of the deliveries' own runtime ([`runtime`]): the HTTP attempts, their signing
    /// and the delivery loop's statements run there, apart from the payout path's runtime.
    #[arg(long, env = "WEBHOOK_THREADS", default_value_t = 1, value_parser = clap::value_parser!(u16).range(1..=64))]
    pub webhook_threads: u16,
    /// How much less CPU priority those threads get than the rest of the process, in nice steps
    /// (0-19; Linux): above 0, under CPU pressure payouts go first and deliveries take what is
    /// left. 0 by default: measured at 1,000 grants/s on 2 cores, the runtime of their own kept
    /// the pipeline's latency as it was without webhooks, and 10 only slowed the webhooks
    /// (settle -> webhook p99 0.37-0.41 s against 0.16 s).
    #[arg(long, env = "WEBHOOK_NICE", default_value_t = 0, value_parser = clap::value_parser!(i32).range(0..=19))]
    pub webhook_nice: i32,
    /// Attempts in flight to one endpoint at once from one replica: one slow receiver holds at
    /// most this many of the workers. Deliveries are leased ahead, up to twice this many per
    /// endpoint (in flight and waiting for a slot: the fan-out counts its own replica's, a lease
    /// statement every replica's), so a freed slot starts the next attempt without waiting for
    /// the database. The
    /// bound also sets how fast one endpoint can be served while attempts are slow: with the
    /// whole pipeline at 1,000 grants/s on a 2-core machine, 64 left deliveries 22 s behind
    /// (p50), 256 kept them at 0.76 s.
    #[arg(long, env = "WEBHOOK_ENDPOINT_CONCURRENCY", default_value_t = 256, value_parser = clap::value_parser!(i64).range(1..))]
    pub webhook_endpoint_concurrency: i64,
    /// Seconds an attempt may take (connect, send, answer).
    #[arg(long, env = "WEBHOOK_TIMEOUT_SECS", default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=60))]
    pub webhook_timeout_secs: u64,
    /// Delay before the first retry, in milliseconds; each retry doubles it (with ±20 % jitter),
    /// up to `WEBHOOK_RETRY_MAX_MS` between attempts.
    #[arg(long, env = "WEBHOOK_RETRY_BASE_MS", default_value_t = 5000, value_parser = clap::value_parser!(u64).range(1..))]
    pub webhook_retry_base_ms: u64,
    /// Longest delay between two attempts, in milliseconds (six hours). Shorter values are for
    /// test rigs that must see a recovered receiver caught up within seconds (the chaos run).
    #[arg(long, env = "WEBHOOK_RETRY_MAX_MS", default_value_t = 21_600_000, value_parser = clap::value_parser!(u64).range(1..))]
    pub webhook_retry_max_ms: u64,
    /// A delivery still failing this many seconds after its first attempt is given up (it can be
    /// replayed).
    #[arg(long, env = "WEBHOOK_RETRY_FOR_SECS", default_value_t = 86_400, value_parser = clap::value_parser!(u64).range(1..))]
    pub webhook_retry_for_secs: u64,
    /// An endpoint whose every attempt has failed for this many seconds is disabled (re-enable it
    /// with `PATCH /admin/webhooks/{id}` `{"enabled": true}`).
    #[arg(long, env = "WEBHOOK_DISABLE_AFTER_SECS", default_value_t = 432_000, value_parser = clap::value_parser!(u64).range(1..))]
    pub webhook_disable_after_secs: u64,
    /// How long the old secret still signs after a rotation, in seconds.
    #[arg(long, env = "WEBHOOK_ROTATION_GRACE_SECS", default_value_t = 86_400)]
    pub webhook_rotation_grace_secs: u64,
    /// How often new events are fanned out to their endpoints' deliveries, and an idle delivery
    /// worker looks for due ones, in milliseconds.
    #[arg(long, env = "WEBHOOK_POLL_MS", default_value_t = 250, value_parser = clap::value_parser!(u64).range(1..))]
    pub webhook_poll_ms: u64,
}

impl WebhookConfig {
    /// The attempt timeout.
    pub fn timeout(&self) -> Duration {
        Duration::from_secs(self.webhook_timeout_secs)
    }

    /// The delay before the first retry.
    pub fn retry_base(&self) -> Duration {
        Duration::from_millis(self.webhook_retry_base_ms)
    }

    /// The longest delay between two attempts.
    pub fn retry_max(&self) -> Duration {
        Duration::from_millis(self.webhook_retry_max_ms)
    }
}

/// The settings [`crate::config::Config::for_tests`] uses: no secrets key (tests that register
/// endpoints set one), local receivers allowed, fast polling and retries.
impl Default for WebhookConfig {
    fn default() -> Self {
        Self {
            webhook_secrets_key: None,
            webhook_allow_insecure_urls: true,
            webhook_workers: 16,
            // The production default; the priority itself is tested in `runtime`.
            webhook_threads: 1,
            webhook_nice: 0,
            webhook_endpoint_concurrency: 4,
            webhook_timeout_secs: 10,
            webhook_retry_base_ms: 100,
            webhook_retry_max_ms: 21_600_000,
            webhook_retry_for_secs: 86_400,
            webhook_disable_after_secs: 432_000,
            webhook_rotation_grace_secs: 86_400,
            webhook_poll_ms: 20,
        }
    }
}
