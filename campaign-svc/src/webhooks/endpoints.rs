//! The endpoints an operator registers, and what the admin API reads and changes of them: their
//! deliveries, a test event, a secret rotation, a replay.

use super::secret::{SecretsKey, SigningSecret};
use chrono::{DateTime, Utc};
use reqwest::Url;
use serde::Serialize;
use sqlx::PgPool;
use std::time::Duration;
use uuid::Uuid;

/// The event type of the event `POST /admin/webhooks/{id}/test` sends (to that endpoint only).
pub const WEBHOOK_TEST: &str = "webhook.test";

/// An endpoint as the admin API shows it (never its secret).
#[derive(Debug, Clone, Serialize)]
pub struct Endpoint {
    /// Its id.
    #[serde(rename = "id")]
    pub endpoint_id: Uuid,
    /// Where events are POSTed.
    pub url: String,
    /// The event types it receives.
    pub event_types: Vec<String>,
    /// The operator's note.
    pub description: Option<String>,
    /// Whether deliveries are attempted (false once disabled, until re-enabled).
    pub enabled: bool,
    /// Since when every attempt has failed (none since the last success).
    pub failing_since: Option<DateTime<Utc>>,
    /// When it was disabled.
    pub disabled_at: Option<DateTime<Utc>>,
    /// Why it was disabled.
    pub disabled_reason: Option<String>,
    /// Until when the secret before the last rotation still signs.
    pub previous_secret_expires_at: Option<DateTime<Utc>>,
    /// Registered.
    pub created_at: DateTime<Utc>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
}

/// `sqlx::query_as!` into [`Endpoint`]: the statement `$head <the columns of Endpoint> $tail`
/// (after `SELECT` or `RETURNING`). One list of the columns for every statement that reads one.
macro_rules! endpoint_query {
    ($head:literal, $tail:literal $(, $arg:expr)* $(,)?) => {
        sqlx::query_as!(
            Endpoint,
            $head
                + " endpoint_id, url, event_types, description, enabled, failing_since, \
                   disabled_at, disabled_reason, previous_secret_expires_at, created_at, \
                   updated_at "
                + $tail
            $(, $arg)*
        )
    };
}

/// An endpoint to register, already checked.
#[derive(Debug, Clone)]
pub struct NewEndpoint {
    /// Its URL (checked by [`super::address::check_url`]).
    pub url: Url,
    /// Known event types, at least one.
    pub event_types: Vec<String>,
    /// Optional note.
    pub description: Option<String>,
}

/// Registers an endpoint with a new secret; returns it and the secret (the only time it is
/// shown).
pub async fn create(
    pool: &PgPool,
    key: &SecretsKey,
    new: &NewEndpoint,
) -> Result<(Endpoint, SigningSecret), sqlx::Error> {
    let id = Uuid::now_v7();
    let secret = SigningSecret::generate();
    let endpoint = endpoint_query!(
        "INSERT INTO webhook_endpoints (endpoint_id, url, event_types, description, secret_sealed) \
         VALUES ($1, $2, $3, $4, $5) RETURNING",
        "",
        id,
        new.url.as_str(),
        &new.event_types,
        new.description,
        key.seal(id, &secret),
    )
    .fetch_one(pool)
    .await?;
    Ok((endpoint, secret))
}

/// Every endpoint, oldest first.
pub async fn list(pool: &PgPool) -> Result<Vec<Endpoint>, sqlx::Error> {
    endpoint_query!("SELECT", "FROM webhook_endpoints ORDER BY created_at")
        .fetch_all(pool)
        .await
}

/// One endpoint.
pub async fn get(pool: &PgPool, id: Uuid) -> Result<Option<Endpoint>, sqlx::Error> {
    endpoint_query!(
        "SELECT",
        "FROM webhook_endpoints WHERE endpoint_id = $1",
        id
    )
    .fetch_optional(pool)
    .await
}

/// A partial update: only the fields given change.
#[derive(Debug, Clone, Default)]
pub struct EndpointChange {
    /// New URL (checked).
    pub url: Option<Url>,
    /// New event types.
    pub event_types: Option<Vec<String>>,
    /// New note.
    pub description: Option<String>,
    /// Enable (clearing the disabled state and the failure streak) or disable.
    pub enabled: Option<bool>,
}

/// Applies `change`; `None` if there is no such endpoint.
pub async fn update(
    pool: &PgPool,
    id: Uuid,
    change: &EndpointChange,
) -> Result<Option<Endpoint>, sqlx::Error> {
    endpoint_query!(
        "UPDATE webhook_endpoints SET url = coalesce($2, url), \
         event_types = coalesce($3, event_types), description = coalesce($4, description), \
         enabled = coalesce($5, enabled), \
         failing_since = CASE WHEN $5 IS TRUE THEN NULL ELSE failing_since END, \
         disabled_at = CASE WHEN $5 IS TRUE THEN NULL WHEN $5 IS FALSE AND enabled THEN now() \
                            ELSE disabled_at END, \
         disabled_reason = CASE WHEN $5 IS TRUE THEN NULL \
                                WHEN $5 IS FALSE AND enabled THEN 'disabled by an operator' \
                                ELSE disabled_reason END, \
         updated_at = now() WHERE endpoint_id = $1 RETURNING",
        "",
        id,
        change.url.as_ref().map(Url::as_str),
        change.event_types.as_deref(),
        change.description,
        change.enabled,
    )
    .fetch_optional(pool)
    .await
}

/// Removes an endpoint with its deliveries and their attempts; false if there was none.
pub async fn delete(pool: &PgPool, id: Uuid) -> Result<bool, sqlx::Error> {
    let deleted = sqlx::query!("DELETE FROM webhook_endpoints WHERE endpoint_id = $1", id)
        .execute(pool)
        .await?
        .rows_affected();
    Ok(deleted > 0)
}

/// Gives the endpoint a new secret; the current one keeps signing (beside the new one) for
/// `grace`. Returns the endpoint and the new secret (shown once).
pub async fn rotate_secret(
    pool: &PgPool,
    key: &SecretsKey,
    id: Uuid,
    grace: Duration,
) -> Result<Option<(Endpoint, SigningSecret)>, sqlx::Error> {
    let secret = SigningSecret::generate();
    let endpoint = endpoint_query!(
        "UPDATE webhook_endpoints SET previous_secret_sealed = secret_sealed, \
         previous_secret_expires_at = now() + make_interval(secs => $3), secret_sealed = $2, \
         updated_at = now() WHERE endpoint_id = $1 RETURNING",
        "",
        id,
        key.seal(id, &secret),
        grace.as_secs_f64(),
    )
    .fetch_optional(pool)
    .await?;
    Ok(endpoint.map(|e| (e, secret)))
}

/// Records a `webhook.test` event and its delivery to endpoint `id` only (never on the topic,
/// never to other endpoints). Returns (event id, delivery id), or `None` if there is no such
/// endpoint.
pub async fn send_test(pool: &PgPool, id: Uuid) -> Result<Option<(Uuid, Uuid)>, sqlx::Error> {
    let mut tx = pool.begin().await?;
    let exists = sqlx::query_scalar!(
        "SELECT endpoint_id FROM webhook_endpoints WHERE endpoint_id = $1",
        id
    )
    .fetch_optional(&mut *tx)
    .await?;
    if exists.is_none() {
        return Ok(None);
    }
    let event_id = sqlx::query_scalar!(
        "WITH e AS (SELECT grant_request_id() AS id, clock_timestamp() AS at) \
         INSERT INTO notification_events (event_id, event_type, payload, created_at, \
           published_at, fanned_out_at) \
         SELECT e.id, $1, jsonb_build_object('id', e.id, 'type', $1::text, 'timestamp', e.at, \
           'data', jsonb_build_object('endpoint_id', $2::uuid)), e.at, e.at, e.at FROM e \
         RETURNING event_id",
        WEBHOOK_TEST,
        id
    )
    .fetch_one(&mut *tx)
    .await?;
    let delivery_id = sqlx::query_scalar!(
        "INSERT INTO webhook_deliveries (endpoint_id, event_id) VALUES ($1, $2) \
         RETURNING delivery_id",
        id,
        event_id
    )
    .fetch_one(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(Some((event_id, delivery_id)))
}

/// One attempt of a delivery.
#[derive(Debug, Clone, Serialize)]
pub struct Attempt {
    /// When.
    pub attempted_at: DateTime<Utc>,
    /// The receiver's HTTP status, if one came back.
    pub status_code: Option<i32>,
    /// Why no 2xx came back, when none did.
    pub error: Option<String>,
    /// How long the attempt took.
    pub latency_ms: i32,
    /// The first bytes of the answer.
    pub response_snippet: Option<String>,
}

/// A delivery with its attempts.
#[derive(Debug, Clone, Serialize)]
pub struct Delivery {
    /// Its id.
    #[serde(rename = "id")]
    pub delivery_id: Uuid,
    /// The event (its `webhook-id`).
    pub event_id: Uuid,
    /// The event's type.
    pub event_type: String,
    /// pending, delivered or failed.
    pub status: String,
    /// Attempts so far.
    pub attempts: i32,
    /// When the next attempt is due (pending).
    pub next_attempt_at: DateTime<Utc>,
    /// When a 2xx came back.
    pub delivered_at: Option<DateTime<Utc>>,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Every attempt, oldest first.
    pub attempt_log: Vec<Attempt>,
}

/// A delivery as `webhook_deliveries` and its event give it, before its attempts are attached.
struct DeliveryRow {
    delivery_id: Uuid,
    event_id: Uuid,
    event_type: String,
    status: String,
    attempts: i32,
    next_attempt_at: DateTime<Utc>,
    delivered_at: Option<DateTime<Utc>>,
    created_at: DateTime<Utc>,
}

impl From<DeliveryRow> for Delivery {
    fn from(row: DeliveryRow) -> Self {
        Delivery {
            delivery_id: row.delivery_id,
            event_id: row.event_id,
            event_type: row.event_type,
            status: row.status,
            attempts: row.attempts,
            next_attempt_at: row.next_attempt_at,
            delivered_at: row.delivered_at,
            created_at: row.created_at,
            attempt_log: Vec::new(),
        }
    }
}

/// The endpoint's most recent deliveries (newest first, at most `limit`), each with its
/// attempts; `None` if there is no such endpoint.
pub async fn deliveries(
    pool: &PgPool,
    id: Uuid,
    limit: i64,
) -> Result<Option<Vec<Delivery>>, sqlx::Error> {
    if get(pool, id).await?.is_none() {
        return Ok(None);
    }
    let mut list: Vec<Delivery> = sqlx::query_as!(
        DeliveryRow,
        "SELECT d.delivery_id, d.event_id, n.event_type, d.status, d.attempts, \
                d.next_attempt_at, d.delivered_at, d.created_at \
         FROM webhook_deliveries d JOIN notification_events n ON n.event_id = d.event_id \
         WHERE d.endpoint_id = $1 ORDER BY d.created_at DESC, d.delivery_id DESC LIMIT $2",
        id,
        limit
    )
    .fetch_all(pool)
    .await?
    .into_iter()
    .map(Delivery::from)
    .collect();
    attach_attempts(pool, &mut list).await?;
    Ok(Some(list))
}

async fn attach_attempts(pool: &PgPool, list: &mut [Delivery]) -> Result<(), sqlx::Error> {
    let ids: Vec<Uuid> = list.iter().map(|d| d.delivery_id).collect();
    let rows = sqlx::query!(
        "SELECT delivery_id, attempted_at, status_code, error, latency_ms, response_snippet \
         FROM webhook_attempts WHERE delivery_id = ANY($1) ORDER BY attempt_id",
        &ids
    )
    .fetch_all(pool)
    .await?;
    for row in rows {
        if let Some(d) = list.iter_mut().find(|d| d.delivery_id == row.delivery_id) {
            d.attempt_log.push(Attempt {
                attempted_at: row.attempted_at,
                status_code: row.status_code,
                error: row.error,
                latency_ms: row.latency_ms,
                response_snippet: row.response_snippet,
            });
        }
    }
    Ok(())
}

/// Makes a delivery of endpoint `id` due now again, whatever its state (the same event id, so a
/// receiver that already has it dedupes it), and gives it a fresh retry period. `None` if the
/// endpoint has no such delivery.
pub async fn replay(
    pool: &PgPool,
    id: Uuid,
    delivery_id: Uuid,
) -> Result<Option<Delivery>, sqlx::Error> {
    let replayed = sqlx::query!(
        "UPDATE webhook_deliveries SET status = 'pending', next_attempt_at = now(), \
         leased_until = NULL, first_attempt_at = NULL, delivered_at = NULL \
         WHERE endpoint_id = $1 AND delivery_id = $2",
        id,
        delivery_id
    )
    .execute(pool)
    .await?
    .rows_affected();
    if replayed == 0 {
        return Ok(None);
    }
    let mut list: Vec<Delivery> = sqlx::query_as!(
        DeliveryRow,
        "SELECT d.delivery_id, d.event_id, n.event_type, d.status, d.attempts, \
                d.next_attempt_at, d.delivered_at, d.created_at \
         FROM webhook_deliveries d JOIN notification_events n ON n.event_id = d.event_id \
         WHERE d.delivery_id = $1",
        delivery_id
    )
    .fetch_all(pool)
    .await?
    .into_iter()
    .map(Delivery::from)
    .collect();
    attach_attempts(pool, &mut list).await?;
    Ok(list.pop())
}
