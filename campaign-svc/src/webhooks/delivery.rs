//! Delivering events to endpoints.
//!
//! **Fan-out.** A pass, every `WEBHOOK_POLL_MS`, as soon as this replica's results consumer has
//! settled grants (at most every 20 ms), and at once again while passes fill their batch,
//! claims events not yet fanned out (`FOR UPDATE SKIP LOCKED`, so replicas split them; the
//! Pub/Sub topic's relay leaves an event alone until it is fanned out,
//! [`crate::notifications::topic`], so the fan-out never skips one the relay holds while it
//! waits for Pub/Sub), creates one delivery per endpoint subscribed to the event's type
//! (disabled endpoints included: their deliveries wait until the endpoint is enabled again),
//! leases to itself those it has room for, and marks the events, in one statement. A delivery
//! to a healthy receiver is so written twice: created leased, and recorded.
//!
//! **Attempts.** A worker claims the other due deliveries (retries, those the fan-out had no room
//! for) by leasing them (`leased_until`, under `FOR UPDATE SKIP LOCKED`), for every endpoint in
//! one statement, ahead of its free slots (up to twice an endpoint's bound, every replica's
//! leases counted; the fan-out counts its own replica's), so every replica can deliver
//! without two attempting the same one, no transaction stays open while a receiver answers, and
//! a freed slot starts the next leased delivery without a database round trip
//! ([`super::dispatch`]); a worker that dies leaves its leases to expire, and the deliveries are
//! attempted again (at least once). At most `WEBHOOK_ENDPOINT_CONCURRENCY` attempts to one
//! endpoint are in flight from one replica, so a slow receiver holds only that many of the
//! `WEBHOOK_WORKERS` slots and the other endpoints' deliveries go on. Each attempt POSTs the event with the
//! Standard Webhooks headers, within `WEBHOOK_TIMEOUT_SECS`; any 2xx delivers it, anything else
//! (another status, a refused connection, a timeout, an address that is not public) is kept in
//! `webhook_attempts` and retried after `WEBHOOK_RETRY_BASE_MS × 2^(n-1)` (±20 % jitter, at
//! most `WEBHOOK_RETRY_MAX_MS`, 6 h, between attempts) until `WEBHOOK_RETRY_FOR_SECS` after
//! the first attempt, when the delivery is given up (`failed`; a replay makes it due again). An
//! endpoint whose every attempt has failed for `WEBHOOK_DISABLE_AFTER_SECS` is disabled.
//!
//! **Recording.** An ended attempt frees its slot at once and is recorded by a recorder task,
//! which writes every delivered attempt waiting in one statement (a failed one in its own
//! transaction); until then its lease keeps it from being attempted again, and a crash before
//! it is recorded leaves the lease to expire: the delivery is attempted again.

use super::WebhookConfig;
use super::address::{PublicOnly, literal_is_refused};
use super::secret::SecretsKey;
use chrono::{DateTime, Utc};
use rand::Rng;
use reqwest::Url;
use shared::shutdown::Shutdown;
use shared::telemetry::TRACEPARENT;
use sqlx::PgPool;
use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::{Notify, mpsc};
use tracing::Instrument;
use uuid::Uuid;

/// Longest answer kept per attempt, in bytes.
pub const SNIPPET_BYTES: usize = 1024;

/// How a fan-out pass leases the deliveries it creates to this replica, so that they are
/// attempted without a lease statement of their own (one write fewer per delivery).
struct LeaseAhead {
    /// How long the lease lasts.
    lease: Duration,
    /// Most deliveries leased in all (the room this replica's slots and queue have).
    total: usize,
    /// Most deliveries of one endpoint this replica holds leased at once.
    window: usize,
    /// Per endpoint, the deliveries this replica holds already (waiting and in flight).
    held: HashMap<Uuid, usize>,
}

impl LeaseAhead {
    /// Leases nothing (a replica that does not deliver).
    fn none() -> Self {
        Self {
            lease: Duration::ZERO,
            total: 0,
            window: 0,
            held: HashMap::new(),
        }
    }
}

/// What a fan-out pass did.
struct FannedOut {
    /// Events fanned out.
    events: u64,
    /// Deliveries created leased to this replica, to attempt.
    leased: Vec<Leased>,
    /// Deliveries created due and not leased (an endpoint disabled, or this replica's room or
    /// an endpoint's window full): a lease statement takes them.
    unleased: u64,
}

/// Fans out up to `batch` events not yet fanned out: creates one delivery per endpoint
/// subscribed to each event's type, leases to this replica as many of them as `ahead` allows
/// (per endpoint, oldest events first, only enabled endpoints'), and marks the events, in one
/// statement.
///
/// The fan-out is where the service first sees an event its triggers recorded, and it sees each
/// once (the statement that creates its deliveries marks it), so it counts them:
/// `notification_events_recorded_total{event_type}`.
///
/// A crash after the statement leaves the deliveries leased to a replica that is gone: when
/// the leases run out they are leased again and attempted (at least once).
async fn fan_out(pool: &PgPool, batch: i64, ahead: &LeaseAhead) -> Result<FannedOut, sqlx::Error> {
    let (held_ids, held_room): (Vec<Uuid>, Vec<i64>) = ahead
        .held
        .iter()
        .map(|(endpoint, held)| (*endpoint, ahead.window.saturating_sub(*held) as i64))
        .unzip();
    let rows = sqlx::query!(
        r#"WITH claimed AS (
           SELECT event_id, event_type, payload, traceparent, created_at FROM notification_events
           WHERE fanned_out_at IS NULL ORDER BY created_at LIMIT $1 FOR UPDATE SKIP LOCKED
         ), room AS (
           SELECT * FROM unnest($2::uuid[], $3::int8[]) AS r(endpoint_id, room)
         ), targets AS (
           SELECT e.endpoint_id, c.event_id, c.created_at,
                  e.enabled AND row_number() OVER (PARTITION BY e.endpoint_id
                                                   ORDER BY c.created_at, c.event_id)
                                <= coalesce(r.room, $4) AS fits
           FROM claimed c JOIN webhook_endpoints e ON c.event_type = ANY (e.event_types)
           LEFT JOIN room r ON r.endpoint_id = e.endpoint_id
         ), chosen AS (
           SELECT endpoint_id, event_id,
                  fits AND count(*) FILTER (WHERE fits)
                             OVER (ORDER BY created_at, event_id, endpoint_id
                                   ROWS UNBOUNDED PRECEDING) <= $5 AS lease
           FROM targets
         ), created AS (
           INSERT INTO webhook_deliveries (endpoint_id, event_id, leased_until)
           SELECT endpoint_id, event_id,
                  CASE WHEN lease THEN now() + make_interval(secs => $6) END FROM chosen
           ON CONFLICT (endpoint_id, event_id) DO NOTHING
           RETURNING delivery_id, endpoint_id, event_id, leased_until
         ), marked AS (
           UPDATE notification_events n SET fanned_out_at = now() FROM claimed c
           WHERE n.event_id = c.event_id
         )
         SELECT c.event_id AS "event_id!", c.event_type AS "event_type!",
                d.delivery_id AS "delivery_id?", d.endpoint_id AS "endpoint_id?",
                d.leased_until IS NOT NULL AS "leased!",
                e.url AS "url?", e.secret_sealed AS "secret_sealed?", e.previous_secret_sealed,
                coalesce(e.previous_secret_expires_at > now(), false) AS "previous_secret_valid!",
                CASE WHEN d.leased_until IS NOT NULL THEN c.payload END AS payload,
                c.traceparent, c.created_at AS "event_created_at!"
         FROM claimed c LEFT JOIN created d ON d.event_id = c.event_id
         LEFT JOIN webhook_endpoints e
           ON e.endpoint_id = d.endpoint_id AND d.leased_until IS NOT NULL"#,
        batch,
        &held_ids,
        &held_room,
        ahead.window as i64,
        ahead.total as i64,
        ahead.lease.as_secs_f64()
    )
    .fetch_all(pool)
    .await?;
    let mut events: HashMap<String, HashSet<Uuid>> = HashMap::new();
    let mut fanned = FannedOut {
        events: 0,
        leased: Vec::new(),
        unleased: 0,
    };
    for row in rows {
        events
            .entry(row.event_type)
            .or_default()
            .insert(row.event_id);
        let Some((delivery_id, endpoint_id)) = row.delivery_id.zip(row.endpoint_id) else {
            continue;
        };
        match (row.leased, row.url, row.secret_sealed, row.payload) {
            (true, Some(url), Some(secret_sealed), Some(payload)) => fanned.leased.push(Leased {
                delivery_id,
                endpoint_id,
                event_id: row.event_id,
                attempts: 0,
                first_attempt_at: None,
                url,
                secret_sealed,
                previous_secret_sealed: row.previous_secret_sealed,
                previous_secret_valid: row.previous_secret_valid,
                payload,
                traceparent: row.traceparent,
                event_created_at: row.event_created_at,
            }),
            _ => fanned.unleased += 1,
        }
    }
    for (event_type, ids) in events {
        metrics::counter!("notification_events_recorded_total", "event_type" => event_type)
            .increment(ids.len() as u64);
        fanned.events += ids.len() as u64;
    }
    Ok(fanned)
}

/// The help text of every notification and webhook metric, for `/metrics`.
pub fn describe_metrics() {
    metrics::describe_counter!(
        "notification_events_recorded_total",
        "Notification events recorded, by event_type. Events are written by database triggers; \
         this counts them where the webhook fan-out first sees them (each once, in the \
         statement that marks it fanned out), whether or not an endpoint subscribes"
    );
    metrics::describe_counter!(
        "webhook_deliveries_total",
        "Webhook deliveries that ended an attempt, by outcome: delivered (a 2xx), retrying \
         (failed, another attempt is scheduled), gave_up (failed past WEBHOOK_RETRY_FOR_SECS)"
    );
    metrics::describe_counter!(
        "webhook_attempts_total",
        "Webhook attempts (POSTs), by result: 2xx or failed (another status, refused, timeout)"
    );
    metrics::describe_histogram!(
        "webhook_delivery_latency_seconds",
        metrics::Unit::Seconds,
        "From an event's recording to the 2xx that delivered it to an endpoint"
    );
    metrics::describe_gauge!(
        "webhook_backlog",
        "Deliveries not yet delivered nor given up, per endpoint_id (refreshed every 15 s)"
    );
    metrics::describe_gauge!(
        "webhook_endpoints_disabled",
        "Webhook endpoints disabled after failing every attempt (refreshed every 15 s)"
    );
    metrics::describe_counter!(
        "webhook_endpoints_disabled_total",
        "Webhook endpoints this replica disabled after they failed every attempt for \
         WEBHOOK_DISABLE_AFTER_SECS"
    );
}

/// A leased delivery, with what its attempt needs.
struct Leased {
    delivery_id: Uuid,
    endpoint_id: Uuid,
    event_id: Uuid,
    attempts: i32,
    first_attempt_at: Option<DateTime<Utc>>,
    url: String,
    secret_sealed: Vec<u8>,
    previous_secret_sealed: Option<Vec<u8>>,
    previous_secret_valid: bool,
    payload: serde_json::Value,
    traceparent: Option<String>,
    event_created_at: DateTime<Utc>,
}

/// Leases up to `limit` due deliveries of enabled endpoints, at most `per_endpoint` leased per
/// endpoint (those another worker or replica holds included), each for `lease`.
///
/// Per endpoint it reads only the deliveries leased now and its first due ones in order
/// (`webhook_deliveries_leased_idx`, `webhook_deliveries_endpoint_due_idx`), so a pass costs the
/// same behind a backlog of a million deliveries as behind none.
///
/// `answered` are deliveries whose attempt has ended but is not recorded yet (their lease is
/// cleared when it is): they are no longer in flight, so they do not count against their
/// endpoint's bound.
async fn lease_due(
    pool: &PgPool,
    limit: i64,
    per_endpoint: i64,
    lease: Duration,
    answered: &[Uuid],
) -> Result<Vec<Leased>, sqlx::Error> {
    sqlx::query_as!(
        Leased,
        r#"WITH busy AS (
           SELECT endpoint_id, count(*) AS leased FROM webhook_deliveries
           WHERE status = 'pending' AND leased_until IS NOT NULL AND leased_until > now()
             AND delivery_id <> ALL ($4)
           GROUP BY endpoint_id
         ), candidates AS (
           SELECT due.delivery_id, due.next_attempt_at
           FROM webhook_endpoints e LEFT JOIN busy b ON b.endpoint_id = e.endpoint_id
           CROSS JOIN LATERAL (
             SELECT d.delivery_id, d.next_attempt_at FROM webhook_deliveries d
             WHERE d.endpoint_id = e.endpoint_id AND d.status = 'pending'
               AND d.next_attempt_at <= now()
               AND (d.leased_until IS NULL OR d.leased_until <= now())
             ORDER BY d.next_attempt_at LIMIT greatest($2 - coalesce(b.leased, 0), 0)
           ) due
           WHERE e.enabled ORDER BY due.next_attempt_at LIMIT $1
         ), locked AS (
           SELECT d.delivery_id FROM webhook_deliveries d
           WHERE d.delivery_id IN (SELECT delivery_id FROM candidates)
             AND d.status = 'pending' AND (d.leased_until IS NULL OR d.leased_until <= now())
           FOR UPDATE SKIP LOCKED
         ), leased AS (
           UPDATE webhook_deliveries d SET leased_until = now() + make_interval(secs => $3)
           FROM locked l WHERE d.delivery_id = l.delivery_id
           RETURNING d.delivery_id, d.endpoint_id, d.event_id, d.attempts, d.first_attempt_at
         )
         SELECT l.delivery_id AS "delivery_id!", l.endpoint_id AS "endpoint_id!",
                l.event_id AS "event_id!", l.attempts AS "attempts!", l.first_attempt_at,
                e.url AS "url!", e.secret_sealed AS "secret_sealed!", e.previous_secret_sealed,
                coalesce(e.previous_secret_expires_at > now(), false) AS "previous_secret_valid!",
                n.payload AS "payload!", n.traceparent, n.created_at AS "event_created_at!"
         FROM leased l JOIN webhook_endpoints e ON e.endpoint_id = l.endpoint_id
         JOIN notification_events n ON n.event_id = l.event_id"#,
        limit,
        per_endpoint,
        lease.as_secs_f64(),
        answered as &[Uuid]
    )
    .fetch_all(pool)
    .await
}

/// What one attempt got.
#[derive(Debug)]
struct AttemptOutcome {
    status: Option<u16>,
    error: Option<String>,
    latency: Duration,
    snippet: Option<String>,
}

impl AttemptOutcome {
    fn delivered(&self) -> bool {
        self.status.is_some_and(|s| (200..300).contains(&s))
    }
}

/// The delay before retry number `attempts` (1 after the first failure): `base` doubled per
/// retry up to `max`, with ±20 % jitter.
pub fn retry_delay(base: Duration, max: Duration, attempts: i32) -> Duration {
    let exponent = attempts.clamp(1, 40) as u32 - 1;
    let plain = base
        .checked_mul(2u32.saturating_pow(exponent.min(31)))
        .unwrap_or(max)
        .min(max);
    plain.mul_f64(rand::thread_rng().gen_range(0.8..1.2))
}

/// Attempts deliveries: signs, POSTs, records.
#[derive(Clone)]
pub struct Deliverer {
    pool: PgPool,
    client: reqwest::Client,
    key: SecretsKey,
    config: WebhookConfig,
}

/// Database connections of the delivery loop's own pool ([`super::runtime`]): at most one fan-out
/// or lease statement, one recording statement and one gauge refresh run at once.
pub const POOL_CONNECTIONS: u32 = 4;

/// The delivery loop's pool, to the ledger database `options` name. Lazy: call it inside the
/// runtime that will use it, so its connections belong to that runtime.
pub fn connect_pool(options: sqlx::postgres::PgConnectOptions) -> PgPool {
    sqlx::postgres::PgPoolOptions::new()
        .max_connections(POOL_CONNECTIONS)
        .acquire_timeout(Duration::from_secs(5))
        .connect_lazy_with(options)
}

impl Deliverer {
    /// A deliverer with the settings' client: the attempt timeout, no redirects, no proxy, and
    /// in production the resolver that refuses addresses that are not public.
    pub fn new(pool: PgPool, key: SecretsKey, config: WebhookConfig) -> Self {
        let mut builder = reqwest::Client::builder()
            .timeout(config.timeout())
            .connect_timeout(config.timeout())
            .redirect(reqwest::redirect::Policy::none())
            .no_proxy()
            .user_agent(concat!("token-grants-webhooks/", env!("CARGO_PKG_VERSION")));
        if !config.webhook_allow_insecure_urls {
            builder = builder.dns_resolver(Arc::new(PublicOnly));
        }
        let client = builder.build().expect("the webhook client builds");
        Self {
            pool,
            client,
            key,
            config,
        }
    }

    /// The `webhook-signature` value: one signature per valid secret.
    fn signatures(
        &self,
        leased: &Leased,
        id: &str,
        timestamp: i64,
        body: &[u8],
    ) -> Result<String, String> {
        let current = self
            .key
            .open(leased.endpoint_id, &leased.secret_sealed)
            .map_err(|e| e.to_string())?;
        let mut value = current.sign(id, timestamp, body);
        if leased.previous_secret_valid
            && let Some(sealed) = &leased.previous_secret_sealed
        {
            let previous = self
                .key
                .open(leased.endpoint_id, sealed)
                .map_err(|e| e.to_string())?;
            value.push(' ');
            value.push_str(&previous.sign(id, timestamp, body));
        }
        Ok(value)
    }

    async fn attempt(&self, leased: &Leased) -> AttemptOutcome {
        let started = Instant::now();
        let failed = |error: String| AttemptOutcome {
            status: None,
            error: Some(error),
            latency: started.elapsed(),
            snippet: None,
        };
        let url = match Url::parse(&leased.url) {
            Ok(u) => u,
            Err(e) => return failed(format!("the stored url does not parse: {e}")),
        };
        if !self.config.webhook_allow_insecure_urls {
            if url.scheme() != "https" {
                return failed("url must use https://".into());
            }
            if let Some(refused) = literal_is_refused(&url) {
                return failed(refused.to_string());
            }
        }
        let id = leased.event_id.to_string();
        let body = serde_json::to_vec(&leased.payload).expect("a JSON value serialises");
        let timestamp = Utc::now().timestamp();
        let signature = match self.signatures(leased, &id, timestamp, &body) {
            Ok(s) => s,
            Err(e) => return failed(e),
        };
        let mut request = self
            .client
            .post(url)
            .header("content-type", "application/json")
            .header("webhook-id", &id)
            .header("webhook-timestamp", timestamp.to_string())
            .header("webhook-signature", signature)
            .body(body);
        if let Some(tp) = &leased.traceparent {
            request = request.header(TRACEPARENT, tp);
        }
        match request.send().await {
            Ok(mut response) => {
                let status = response.status().as_u16();
                let mut snippet = Vec::new();
                // Only the first bytes are kept; a receiver that streams forever is cut off by
                // the client's timeout.
                while snippet.len() < SNIPPET_BYTES {
                    match response.chunk().await {
                        Ok(Some(chunk)) => snippet.extend_from_slice(&chunk),
                        Ok(None) | Err(_) => break,
                    }
                }
                snippet.truncate(SNIPPET_BYTES);
                let snippet = String::from_utf8_lossy(&snippet)
                    .replace('\0', "\u{fffd}")
                    .to_string();
                AttemptOutcome {
                    status: Some(status),
                    error: (!(200..300).contains(&status))
                        .then(|| format!("the receiver answered {status}")),
                    latency: started.elapsed(),
                    snippet: Some(snippet),
                }
            }
            Err(e) => {
                let why = if e.is_timeout() {
                    format!("no answer within {} s", self.config.webhook_timeout_secs)
                } else {
                    // The chain holds the cause (refused, an address that is not public, ...).
                    let mut text = e.to_string();
                    let mut source = std::error::Error::source(&e);
                    while let Some(s) = source {
                        text.push_str(": ");
                        text.push_str(&s.to_string());
                        source = s.source();
                    }
                    text
                };
                failed(why)
            }
        }
    }

    /// Records a failed attempt and its consequences in one transaction: the attempt, the next
    /// attempt's time (or giving up), the endpoint failing since now (or disabled).
    async fn record_failed(&self, answered: &Answered) -> Result<(), sqlx::Error> {
        let attempts = answered.leased.attempts + 1;
        let first_attempt_at = answered.leased.first_attempt_at.unwrap_or(answered.at);
        let latency_ms = answered.outcome.latency.as_millis().min(i32::MAX as u128) as i32;
        let mut tx = self.pool.begin().await?;
        sqlx::query!(
            "INSERT INTO webhook_attempts (delivery_id, status_code, error, latency_ms, \
             response_snippet, attempted_at) VALUES ($1, $2, $3, $4, $5, $6)",
            answered.leased.delivery_id,
            answered.outcome.status.map(i32::from),
            answered.outcome.error,
            latency_ms,
            answered.outcome.snippet,
            answered.at
        )
        .execute(&mut *tx)
        .await?;
        let delay = retry_delay(self.config.retry_base(), self.config.retry_max(), attempts);
        let retry_for = chrono::Duration::seconds(self.config.webhook_retry_for_secs as i64);
        let give_up = Utc::now() + chrono::Duration::from_std(delay).unwrap_or_default()
            > first_attempt_at + retry_for;
        sqlx::query!(
            "UPDATE webhook_deliveries SET attempts = $2, first_attempt_at = $3, \
             leased_until = NULL, status = CASE WHEN $4 THEN 'failed' ELSE 'pending' END, \
             next_attempt_at = now() + make_interval(secs => $5) WHERE delivery_id = $1",
            answered.leased.delivery_id,
            attempts,
            first_attempt_at,
            give_up,
            delay.as_secs_f64()
        )
        .execute(&mut *tx)
        .await?;
        let disabled = sqlx::query_scalar!(
            "UPDATE webhook_endpoints SET failing_since = coalesce(failing_since, now()), \
             enabled = false, disabled_at = now(), \
             disabled_reason = 'every attempt failed for ' || $2::float8 || ' s; last: ' || $3 \
             WHERE endpoint_id = $1 AND enabled AND failing_since IS NOT NULL \
               AND failing_since <= now() - make_interval(secs => $2::float8) \
             RETURNING true AS disabled",
            answered.leased.endpoint_id,
            self.config.webhook_disable_after_secs as f64,
            answered.outcome.error.as_deref().unwrap_or("failed")
        )
        .fetch_optional(&mut *tx)
        .await?;
        if disabled.is_none() {
            sqlx::query!(
                "UPDATE webhook_endpoints SET failing_since = now() WHERE endpoint_id = $1 \
                 AND failing_since IS NULL",
                answered.leased.endpoint_id
            )
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        let label = if give_up { "gave_up" } else { "retrying" };
        metrics::counter!("webhook_deliveries_total", "outcome" => label).increment(1);
        if disabled.is_some() {
            metrics::counter!("webhook_endpoints_disabled_total").increment(1);
            tracing::warn!(endpoint_id = %answered.leased.endpoint_id, "webhook endpoint disabled: every attempt failed");
        }
        Ok(())
    }

    /// Records delivered attempts, all in one statement (one round trip, one commit, however
    /// many): each attempt, each delivery delivered, their endpoints no longer failing. A
    /// delivery deleted meanwhile (its endpoint was) is skipped, not an error.
    async fn record_delivered(&self, batch: &[&Answered]) -> Result<(), sqlx::Error> {
        let mut ids = Vec::with_capacity(batch.len());
        let mut statuses = Vec::with_capacity(batch.len());
        let mut latencies = Vec::with_capacity(batch.len());
        let mut snippets = Vec::with_capacity(batch.len());
        let mut attempts = Vec::with_capacity(batch.len());
        let mut first_attempts = Vec::with_capacity(batch.len());
        let mut answered_at = Vec::with_capacity(batch.len());
        for a in batch {
            ids.push(a.leased.delivery_id);
            statuses.push(a.outcome.status.map(i32::from));
            latencies.push(a.outcome.latency.as_millis().min(i32::MAX as u128) as i32);
            snippets.push(a.outcome.snippet.clone());
            attempts.push(a.leased.attempts + 1);
            first_attempts.push(a.leased.first_attempt_at.unwrap_or(a.at));
            answered_at.push(a.at);
        }
        sqlx::query!(
            "WITH done AS ( \
               SELECT * FROM unnest($1::uuid[], $2::int[], $3::int[], $4::text[], $5::int[], \
                 $6::timestamptz[], $7::timestamptz[]) \
                 AS t(delivery_id, status_code, latency_ms, snippet, attempts, first_attempt_at, \
                      answered_at) \
             ), delivered AS ( \
               UPDATE webhook_deliveries d SET status = 'delivered', attempts = done.attempts, \
                 delivered_at = done.answered_at, leased_until = NULL, \
                 first_attempt_at = done.first_attempt_at \
               FROM done WHERE d.delivery_id = done.delivery_id \
               RETURNING d.delivery_id, d.endpoint_id \
             ), attempt AS ( \
               INSERT INTO webhook_attempts (delivery_id, attempted_at, status_code, error, \
                 latency_ms, response_snippet) \
               SELECT done.delivery_id, done.answered_at, done.status_code, NULL, done.latency_ms, \
                 done.snippet FROM done JOIN delivered USING (delivery_id) \
             ) \
             UPDATE webhook_endpoints SET failing_since = NULL \
             WHERE endpoint_id IN (SELECT endpoint_id FROM delivered) AND failing_since IS NOT NULL",
            &ids,
            // Arrays with NULL elements: the macros map `int[]` to `[i32]`, `text[]` to `[String]`.
            &statuses as &[Option<i32>],
            &latencies,
            &snippets as &[Option<String>],
            &attempts,
            &first_attempts,
            &answered_at
        )
        .execute(&self.pool)
        .await?;
        metrics::counter!("webhook_deliveries_total", "outcome" => "delivered")
            .increment(batch.len() as u64);
        for a in batch {
            let since_event = (a.at - a.leased.event_created_at)
                .to_std()
                .unwrap_or_default();
            metrics::histogram!("webhook_delivery_latency_seconds")
                .record(since_event.as_secs_f64());
        }
        Ok(())
    }

    /// Records what `batch`'s attempts got: each failed one, then the delivered ones together
    /// (so an endpoint that failed and then answered 2xx within one batch is not left failing).
    /// A write that fails leaves its deliveries leased; when the leases run out they are
    /// attempted again (at least once).
    async fn record(&self, batch: &[Answered]) {
        for failed in batch.iter().filter(|a| !a.outcome.delivered()) {
            if let Err(e) = self.record_failed(failed).await {
                tracing::warn!(error = %e, delivery_id = %failed.leased.delivery_id, "cannot record a webhook attempt");
            }
        }
        let delivered: Vec<&Answered> = batch.iter().filter(|a| a.outcome.delivered()).collect();
        if !delivered.is_empty()
            && let Err(e) = self.record_delivered(&delivered).await
        {
            tracing::warn!(error = %e, deliveries = delivered.len(), "cannot record delivered webhook attempts together; recording each");
            // One by one, so that one that cannot be recorded does not hold back the others.
            for one in &delivered {
                if let Err(e) = self.record_delivered(std::slice::from_ref(one)).await {
                    tracing::warn!(error = %e, delivery_id = %one.leased.delivery_id, "cannot record a webhook attempt");
                }
            }
        }
    }

    /// Attempts one leased delivery: what it got, to record.
    async fn attempt_leased(&self, leased: Leased) -> Answered {
        let span = tracing::info_span!(
            "webhook_delivery",
            delivery_id = %leased.delivery_id,
            endpoint_id = %leased.endpoint_id,
            event_id = %leased.event_id,
            traceparent = leased.traceparent.as_deref().unwrap_or(""),
        );
        let outcome = self.attempt(&leased).instrument(span.clone()).await;
        let at = Utc::now();
        metrics::counter!("webhook_attempts_total", "result" => if outcome.delivered() { "2xx" } else { "failed" })
            .increment(1);
        span.in_scope(
            || tracing::debug!(status = ?outcome.status, error = ?outcome.error, "webhook attempt"),
        );
        Answered {
            leased,
            outcome,
            at,
        }
    }
}

/// An ended attempt, waiting to be recorded.
struct Answered {
    leased: Leased,
    outcome: AttemptOutcome,
    /// When it ended (the answer came, or the attempt failed).
    at: DateTime<Utc>,
}

/// Most ended attempts one recording pass takes.
const RECORD_BATCH: usize = 512;

/// Events one fan-out pass takes.
const FAN_OUT_BATCH: i64 = 1000;

/// Records ended attempts as they come, all those waiting in each pass (so under load one
/// statement records many, and alone one is recorded at once), until every sender is gone.
/// Each recorded delivery leaves `answered`.
async fn run_recorder(
    deliverer: Deliverer,
    mut answers: mpsc::Receiver<Answered>,
    answered: Arc<Mutex<HashSet<Uuid>>>,
) {
    let mut batch = Vec::with_capacity(RECORD_BATCH);
    while answers.recv_many(&mut batch, RECORD_BATCH).await > 0 {
        deliverer.record(&batch).await;
        {
            let mut set = answered.lock().expect("never poisoned");
            for a in &batch {
                set.remove(&a.leased.delivery_id);
            }
        }
        batch.clear();
    }
}

/// Shortest time between two fan-out passes woken by settled grants: under a stream of results,
/// passes take what some milliseconds brought rather than one event each.
const FAN_OUT_GAP: Duration = Duration::from_millis(20);

/// Fans events out (leasing nothing) every `poll`, soon after `recorded` is woken (no sooner
/// than [`FAN_OUT_GAP`] after the last pass), and at once again after a pass that filled its
/// batch, until shutdown: a replica that does not deliver.
async fn fan_out_on_cadence(
    pool: PgPool,
    poll: Duration,
    recorded: Arc<Notify>,
    shutdown: Shutdown,
) {
    loop {
        let pass = Instant::now();
        let fanned = match fan_out(&pool, FAN_OUT_BATCH, &LeaseAhead::none()).await {
            Ok(fanned) => fanned.events,
            Err(e) => {
                tracing::warn!(error = %e, "webhook fan-out failed");
                0
            }
        };
        if fanned as i64 >= FAN_OUT_BATCH && !shutdown.is_triggered() {
            continue;
        }
        tokio::select! {
            _ = shutdown.wait() => break,
            _ = tokio::time::sleep(poll) => {}
            _ = recorded.notified() => {
                tokio::time::sleep_until((pass + FAN_OUT_GAP).into()).await;
            }
        }
    }
}

/// Refreshes the gauges: disabled endpoints and each endpoint's backlog.
async fn refresh_gauges(pool: &PgPool) -> Result<(), sqlx::Error> {
    let rows = sqlx::query!(
        r#"SELECT e.endpoint_id, e.enabled,
                  (SELECT count(*) FROM webhook_deliveries d WHERE d.endpoint_id = e.endpoint_id
                     AND d.status = 'pending') AS "backlog!"
           FROM webhook_endpoints e"#
    )
    .fetch_all(pool)
    .await?;
    let disabled = rows.iter().filter(|row| !row.enabled).count();
    metrics::gauge!("webhook_endpoints_disabled").set(disabled as f64);
    for row in rows {
        metrics::gauge!("webhook_backlog", "endpoint_id" => row.endpoint_id.to_string())
            .set(row.backlog as f64);
    }
    Ok(())
}

/// Refreshes the gauges every 15 s until shutdown.
async fn refresh_gauges_on_cadence(pool: PgPool, shutdown: Shutdown) {
    loop {
        if let Err(e) = refresh_gauges(&pool).await {
            tracing::debug!(error = %e, "webhook gauges not refreshed");
        }
        tokio::select! {
            _ = shutdown.wait() => break,
            _ = tokio::time::sleep(Duration::from_secs(15)) => {}
        }
    }
}

/// Hands leases back on shutdown, so that deliveries leased ahead and never attempted are due
/// again at once for the next replica rather than when their leases would have run out. Only
/// leases still this replica's (as its clock tells) are handed back; one that ran out meanwhile
/// may be another worker's now.
async fn release(pool: &PgPool, deliveries: &[Uuid]) -> Result<u64, sqlx::Error> {
    let released = sqlx::query!(
        "UPDATE webhook_deliveries SET leased_until = NULL \
         WHERE delivery_id = ANY ($1) AND status = 'pending' AND leased_until > now()",
        deliveries
    )
    .execute(pool)
    .await?;
    Ok(released.rows_affected())
}

/// The two statements of the delivery loop, which runs one at a time.
#[derive(Clone, Copy, Debug)]
enum Pass {
    /// Fans events out, leasing the deliveries it creates ([`fan_out`]).
    FanOut,
    /// Leases due deliveries ([`lease_due`]): retries, and those the fan-out did not lease.
    Lease {
        /// Whether, when it was sent, this replica held an endpoint's whole window (that
        /// endpoint's due deliveries were left for lack of room).
        at_window: bool,
    },
}

/// A statement's outcome, how many deliveries it could lease, and when this replica's lease on
/// those it leased ends (its clock, from before the statement was sent).
struct PassResult {
    pass: Pass,
    lease_ends: Instant,
    asked: usize,
    rows: Result<FannedOut, sqlx::Error>,
}

/// Fans events out and attempts due deliveries until shutdown, at most `WEBHOOK_WORKERS` at
/// once and `WEBHOOK_ENDPOINT_CONCURRENCY` to one endpoint; on shutdown, waits for the attempts
/// in flight (each bounded by the timeout) and their recording, and hands back the leases of
/// deliveries it had not started.
///
/// Three tasks, so that no one's pace is another's. This loop runs one statement at a time, in
/// a task of its own: a fan-out pass every `WEBHOOK_POLL_MS`, soon after `recorded` is woken
/// (the results consumer settled grants; no sooner than [`FAN_OUT_GAP`] after the last pass) and
/// at once again after a pass that filled its batch, which leases the deliveries it creates to
/// this replica; between them, lease statements for the deliveries due otherwise (retries,
/// those the fan-out did not lease, another replica's whose lease ran out): once a poll, and
/// after every ended attempt while some may be waiting beyond those this replica holds (the
/// fan-out left some unleased, or the last lease found some or was held back by a full window).
/// Either leases ahead,
/// up to twice an endpoint's bound (the lease statement counts every replica's leases, the
/// fan-out this replica's), and the loop starts attempts from [`super::dispatch::Dispatch`] as
/// slots free up, so an ended attempt is followed by the next without waiting for a database
/// round trip. The recorder writes ended attempts, all those waiting in one statement; the
/// gauges refresh every 15 s. An ended attempt frees its slot (and asks for another lease: its
/// endpoint may have more due) as soon as it is handed to the recorder, and stops counting
/// against its endpoint's lease bound before it is recorded; its lease, cleared when it is
/// recorded, keeps any worker from attempting it again meanwhile.
///
/// A lease lasts two timeouts and 20 s: a delivery usually waits at most about one timeout for
/// a slot (at most a bound's worth of its endpoint's attempts is ahead of it, each ending within
/// one; longer only when every worker is busy) and then takes at most one. One
/// whose lease would end within a timeout and 5 s when its turn comes is not attempted; its
/// lease runs out and it is leased again.
pub async fn run_deliveries(deliverer: Deliverer, recorded: Arc<Notify>, shutdown: Shutdown) {
    describe_metrics();
    let config = deliverer.config.clone();
    let poll = Duration::from_millis(config.webhook_poll_ms);
    let workers = config.webhook_workers.max(1);
    let per_endpoint = usize::try_from(config.webhook_endpoint_concurrency)
        .unwrap_or(1)
        .max(1);
    let window = 2 * per_endpoint;
    let lease = 2 * config.timeout() + Duration::from_secs(20);
    let must_last = config.timeout() + Duration::from_secs(5);
    // Deliveries whose attempt ended and is not recorded yet.
    let answered: Arc<Mutex<HashSet<Uuid>>> = Arc::default();
    let (to_record, answers) = mpsc::channel(workers);
    let (ended_tx, mut ended) = mpsc::unbounded_channel::<Uuid>();
    // Owned here, so that when this task is dropped (a crash in the tests) they end with it.
    let mut helpers = tokio::task::JoinSet::new();
    helpers.spawn(run_recorder(deliverer.clone(), answers, answered.clone()));
    helpers.spawn(refresh_gauges_on_cadence(
        deliverer.pool.clone(),
        shutdown.clone(),
    ));
    let mut dispatch: super::dispatch::Dispatch<Leased> =
        super::dispatch::Dispatch::new(workers, per_endpoint);
    let mut in_flight = tokio::task::JoinSet::new();
    let mut statement: Option<tokio::task::JoinHandle<PassResult>> = None;
    // When the next fan-out pass is due, and when the last one started.
    let mut fan_out_at = Instant::now();
    let mut fanned_at = Instant::now() - FAN_OUT_GAP;
    // Whether to lease once no statement is in flight: something may be due. And when to, at
    // the latest: every poll (retries fall due by the clock).
    let mut want_lease = true;
    let mut lease_at = Instant::now() + poll;
    // Whether deliveries may be due beyond those this replica holds (the fan-out left some
    // unleased, or the last lease found some or was held back by a full window), so that an
    // ended attempt, which frees room, should be followed by a lease. While the fan-out leases
    // everything it creates, it is false and lease statements run once a poll, not after every
    // attempt.
    let mut backlog = true;
    loop {
        if shutdown.is_triggered() {
            break;
        }
        while in_flight.try_join_next().is_some() {}
        let now = Instant::now();
        while let Some((_, one)) = dispatch.next(now, must_last) {
            let deliverer = deliverer.clone();
            let answered = answered.clone();
            let to_record = to_record.clone();
            let ended_tx = ended_tx.clone();
            in_flight.spawn(async move {
                let endpoint_id = one.endpoint_id;
                let answer = deliverer.attempt_leased(one).await;
                // Before the recorder can see it, so that it cannot be recorded (and leave the
                // set) before it is in it.
                answered
                    .lock()
                    .expect("never poisoned")
                    .insert(answer.leased.delivery_id);
                if to_record.send(answer).await.is_err() {
                    // The recorder is gone (shutting down): the lease runs out and the delivery
                    // is attempted again.
                    tracing::warn!("a webhook attempt ended after its recorder");
                }
                let _ = ended_tx.send(endpoint_id);
            });
        }
        let expired = dispatch.take_expired();
        if expired > 0 {
            tracing::warn!(
                deliveries = expired,
                "leased webhook deliveries waited too long for a slot; they are leased again when their leases run out"
            );
        }
        let room = dispatch.room();
        if now >= lease_at {
            want_lease = true;
            lease_at = now + poll;
        }
        if statement.is_none() {
            let pool = deliverer.pool.clone();
            if now >= fan_out_at {
                fanned_at = now;
                fan_out_at = now + poll;
                let ahead = LeaseAhead {
                    lease,
                    total: room,
                    window,
                    held: dispatch.held(),
                };
                statement = Some(tokio::spawn(async move {
                    let lease_ends = Instant::now() + lease;
                    let rows = fan_out(&pool, FAN_OUT_BATCH, &ahead).await;
                    PassResult {
                        pass: Pass::FanOut,
                        lease_ends,
                        asked: room,
                        rows,
                    }
                }));
            } else if want_lease && room > 0 {
                want_lease = false;
                let at_window = dispatch.held().values().any(|held| *held >= window);
                let ended_ids: Vec<Uuid> = answered
                    .lock()
                    .expect("never poisoned")
                    .iter()
                    .copied()
                    .collect();
                statement = Some(tokio::spawn(async move {
                    let lease_ends = Instant::now() + lease;
                    let rows = lease_due(&pool, room as i64, window as i64, lease, &ended_ids)
                        .await
                        .map(|leased| FannedOut {
                            events: 0,
                            leased,
                            unleased: 0,
                        });
                    PassResult {
                        pass: Pass::Lease { at_window },
                        lease_ends,
                        asked: room,
                        rows,
                    }
                }));
            }
        }
        tokio::select! {
            _ = shutdown.wait() => break,
            Some(endpoint) = ended.recv() => {
                dispatch.ended(endpoint);
                while let Ok(endpoint) = ended.try_recv() {
                    dispatch.ended(endpoint);
                }
                want_lease |= backlog;
            }
            result = async { statement.as_mut().expect("guarded").await }, if statement.is_some() => {
                statement = None;
                match result {
                    Ok(PassResult { pass, lease_ends, asked, rows: Ok(done) }) => {
                        match pass {
                            // A full batch: more events may be waiting.
                            Pass::FanOut if done.events as i64 >= FAN_OUT_BATCH => {
                                fan_out_at = Instant::now();
                            }
                            Pass::FanOut => {}
                            Pass::Lease { at_window } => {
                                // A full statement: more may be due at once.
                                want_lease |= done.leased.len() >= asked;
                                backlog = !done.leased.is_empty() || at_window;
                            }
                        }
                        if done.unleased > 0 {
                            want_lease = true;
                            backlog = true;
                        }
                        for one in done.leased {
                            dispatch.add(one.endpoint_id, one, lease_ends);
                        }
                    }
                    Ok(PassResult { pass, rows: Err(e), .. }) => {
                        tracing::warn!(error = %e, ?pass, "a webhook statement failed")
                    }
                    Err(e) => tracing::warn!(error = %e, "a webhook statement's task failed"),
                }
            }
            _ = recorded.notified() => fan_out_at = fan_out_at.min(fanned_at + FAN_OUT_GAP),
            _ = tokio::time::sleep_until(fan_out_at.min(lease_at).into()), if statement.is_none() => {}
        }
    }
    // No attempt starts after shutdown; those waiting are handed back at once.
    if let Some(statement) = statement.take()
        && let Ok(PassResult {
            lease_ends,
            rows: Ok(done),
            ..
        }) = statement.await
    {
        for one in done.leased {
            dispatch.add(one.endpoint_id, one, lease_ends);
        }
    }
    let waiting: Vec<Uuid> = dispatch
        .drain_waiting(Instant::now(), Duration::from_secs(5))
        .iter()
        .map(|one| one.delivery_id)
        .collect();
    if !waiting.is_empty() {
        match release(&deliverer.pool, &waiting).await {
            Ok(n) => tracing::info!(
                released = n,
                "webhook deliveries leased and not attempted handed back"
            ),
            Err(e) => {
                tracing::warn!(error = %e, deliveries = waiting.len(), "cannot hand back leased webhook deliveries; they are due again when their leases run out")
            }
        }
    }
    while in_flight.join_next().await.is_some() {}
    // The recorder ends once it has recorded what every attempt sent it.
    drop(to_record);
    while helpers.join_next().await.is_some() {}
}

/// Fans events out until shutdown, without delivering (no `WEBHOOK_SECRETS_KEY`: no endpoint
/// can exist, and the outbox's index stays small).
pub async fn run_fan_out_only(
    pool: PgPool,
    poll: Duration,
    recorded: Arc<Notify>,
    shutdown: Shutdown,
) {
    describe_metrics();
    fan_out_on_cadence(pool, poll, recorded, shutdown).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_double_from_the_base_with_jitter_and_stop_growing_at_six_hours() {
        let base = Duration::from_secs(5);
        let max = WebhookConfig::default().retry_max();
        for (attempt, plain) in [(1, 5.0), (2, 10.0), (3, 20.0), (10, 2560.0)] {
            let d = retry_delay(base, max, attempt).as_secs_f64();
            assert!(d >= plain * 0.8 && d <= plain * 1.2, "{attempt}: {d}");
        }
        let late = retry_delay(base, max, 30).as_secs_f64();
        assert!((6.0 * 3600.0 * 0.8..=6.0 * 3600.0 * 1.2).contains(&late));
        // About a day of retries from a 5 s base: the sum of the schedule.
        let total: f64 = (1..=15)
            .map(|n| (5.0 * 2f64.powi(n - 1)).min(21600.0))
            .sum();
        assert!((80_000.0..100_000.0).contains(&total), "{total}");
    }

    #[test]
    fn a_shorter_maximum_caps_every_retry() {
        let (base, max) = (Duration::from_millis(500), Duration::from_secs(2));
        for attempt in [3, 4, 10, 40] {
            assert!(retry_delay(base, max, attempt) <= max.mul_f64(1.2));
        }
    }
}
