//! The outbox relay: hands recorded grants to Pub/Sub.
//!
//! An open grant (pending or submitted) with `published_at IS NULL` is an outbox entry; the
//! queue is the first half of `grants_open_idx` (`(published_at IS NULL, updated_at)` over open
//! grants), oldest first, and the grants handed over and waiting for a result are its second
//! half. Each relay pass claims up to `OUTBOX_BATCH` of them with `FOR UPDATE SKIP LOCKED` (so
//! every replica and every worker can run a relay without two of them claiming the same row),
//! publishes them, and marks them published in the same transaction. A crash after publishing
//! but before the commit leaves the rows unpublished, so the next pass publishes them again: the
//! request carries the same grant id, chain-svc and the Jobs contract dedupe it, and no second
//! grant is ever created here.
//!
//! Every request is signed with the service's signing key ([`shared::signing`], domain
//! `token-grant-requests/v1`) over the exact bytes published: chain-svc pays no request it cannot
//! verify.

use shared::grant::{EVENT_GRANT_REQUESTED, GrantRequest, WalletAddress};
use shared::pubsub::BusPublisher;
use shared::shutdown::Shutdown;
use shared::signing::{Keyring, MessageKind};
use shared::telemetry::TRACEPARENT;
use sqlx::{PgPool, Postgres, Transaction};
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;
use uuid::Uuid;

/// Why a relay pass failed (its transaction rolled back; the rows stay queued).
#[derive(Debug, thiserror::Error)]
pub enum RelayError {
    /// A database call failed.
    #[error("outbox database call failed: {0}")]
    Database(sqlx::Error),
}

// The cause is part of the message above, so it is not also reported as `source()` (it would
// print twice in an error chain).
impl From<sqlx::Error> for RelayError {
    fn from(e: sqlx::Error) -> Self {
        Self::Database(e)
    }
}

/// A relay pass's claim: the oldest queued grants (the first half of `grants_open_idx`), locked
/// so no other relay takes them (`queries/outbox_claim.sql`, the statement [`claim_and_publish`]
/// runs). Public, like [`REQUEUE_SQL`], so a test can check its plan.
pub const CLAIM_SQL: &str = include_str!("../queries/outbox_claim.sql");

/// Requeue of grants handed over `$1` seconds ago without a result: the oldest of the second half
/// of `grants_open_idx` (`queries/outbox_requeue.sql`, the statement [`requeue_stale`] runs).
pub const REQUEUE_SQL: &str = include_str!("../queries/outbox_requeue.sql");

struct OutboxRow {
    request_id: Uuid,
    user_id: String,
    campaign_id: String,
    wallet_address: String,
    token_amount: i64,
    token_type: String,
    created_at: chrono::DateTime<chrono::Utc>,
    retry_count: i32,
    traceparent: Option<String>,
}

/// What one pass did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct RelayPass {
    /// Rows claimed.
    pub claimed: usize,
    /// Rows published and marked.
    pub published: usize,
}

/// Claims unpublished grants and publishes them, each signed with `keyring`'s signing key;
/// returns the ids that the bus accepted. The caller marks them with [`mark_published`] in the
/// same transaction.
pub async fn claim_and_publish(
    tx: &mut Transaction<'_, Postgres>,
    publisher: &BusPublisher,
    keyring: &Keyring,
    batch: i64,
) -> Result<(usize, Vec<Uuid>), RelayError> {
    let rows = sqlx::query_file_as!(OutboxRow, "queries/outbox_claim.sql", batch)
        .fetch_all(&mut **tx)
        .await?;
    if rows.is_empty() {
        return Ok((0, Vec::new()));
    }
    let claimed = rows.len();
    let mut ids = Vec::with_capacity(rows.len());
    let mut messages = Vec::with_capacity(rows.len());
    for row in rows {
        let wallet = match WalletAddress::parse(&row.wallet_address) {
            Ok(w) => w,
            Err(e) => {
                // The schema's CHECK makes this unreachable; never publish what we cannot vouch for.
                tracing::error!(request_id = %row.request_id, error = %e, "stored wallet is invalid; not publishing");
                continue;
            }
        };
        let request = GrantRequest {
            event_type: EVENT_GRANT_REQUESTED.into(),
            request_id: row.request_id,
            user_id: row.user_id,
            campaign_id: row.campaign_id,
            wallet_address: wallet,
            token_amount: row.token_amount as u64,
            token_type: row.token_type,
            timestamp: row.created_at,
            retry_count: row.retry_count.max(0) as u32,
        };
        let mut attributes = HashMap::from([
            ("event_type".to_string(), EVENT_GRANT_REQUESTED.to_string()),
            ("request_id".to_string(), row.request_id.to_string()),
        ]);
        if let Some(tp) = row.traceparent {
            attributes.insert(TRACEPARENT.to_string(), tp);
        }
        let data = request.encode();
        keyring.sign(MessageKind::GrantRequest, &data, &mut attributes);
        ids.push(row.request_id);
        messages.push((data, attributes));
    }
    let results = publisher.publish_all(messages).await;
    let mut published = Vec::with_capacity(ids.len());
    for (id, result) in ids.into_iter().zip(results) {
        match result {
            Ok(_) => published.push(id),
            Err(e) => {
                metrics::counter!("outbox_publish_errors_total").increment(1);
                tracing::warn!(request_id = %id, error = %e, "publish failed; the grant stays queued");
            }
        }
    }
    Ok((claimed, published))
}

/// Marks grants as handed to the bus (`pending` → `submitted`).
pub async fn mark_published(
    tx: &mut Transaction<'_, Postgres>,
    ids: &[Uuid],
) -> Result<(), RelayError> {
    if ids.is_empty() {
        return Ok(());
    }
    sqlx::query!(
        "UPDATE grants SET published_at = now(), publish_attempts = publish_attempts + 1, \
         updated_at = now(), \
         status = CASE WHEN status = 'pending' THEN 'submitted'::grant_status ELSE status END \
         WHERE request_id = ANY($1)",
        ids
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// One relay pass: claim, publish, mark, commit.
pub async fn relay_once(
    pool: &PgPool,
    publisher: &BusPublisher,
    keyring: &Keyring,
    batch: i64,
) -> Result<RelayPass, RelayError> {
    let mut tx = pool.begin().await?;
    let (claimed, published) = claim_and_publish(&mut tx, publisher, keyring, batch).await?;
    mark_published(&mut tx, &published).await?;
    tx.commit().await?;
    if !published.is_empty() {
        metrics::counter!("outbox_published_total").increment(published.len() as u64);
    }
    Ok(RelayPass {
        claimed,
        published: published.len(),
    })
}

/// Puts grants that were handed to the bus `older_than` ago and never settled back into the
/// outbox, so they are published again under the same grant id. A request can vanish without a
/// result (a dead-lettered message, a bus outage that lost it); republishing is safe because
/// chain-svc and the Jobs contract never pay a grant id twice, and a grant already paid comes
/// back as completed with the original transaction. Returns how many were requeued.
pub async fn requeue_stale(
    pool: &PgPool,
    older_than: Duration,
    limit: i64,
) -> Result<u64, RelayError> {
    let requeued = sqlx::query_file!(
        "queries/outbox_requeue.sql",
        older_than.as_secs_f64(),
        limit
    )
    .execute(pool)
    .await?
    .rows_affected();
    if requeued > 0 {
        metrics::counter!("grants_republished_total").increment(requeued);
        tracing::warn!(requeued, "republishing grants that never settled");
    }
    Ok(requeued)
}

/// Runs [`requeue_stale`] every `every` until shutdown.
pub async fn run_requeue(pool: PgPool, older_than: Duration, every: Duration, shutdown: Shutdown) {
    loop {
        tokio::select! {
            _ = shutdown.wait() => break,
            _ = tokio::time::sleep(every) => {}
        }
        if let Err(e) = requeue_stale(&pool, older_than, 10_000).await {
            tracing::warn!(error = %e, "requeue of stale grants failed");
        }
    }
}

/// Runs relay passes until shutdown: back to back while there is work, every `poll` when idle,
/// with backoff after failures.
pub async fn run_relay(
    pool: PgPool,
    publisher: BusPublisher,
    keyring: Arc<Keyring>,
    batch: i64,
    poll: Duration,
    shutdown: Shutdown,
) {
    run_passes("outbox relay", poll, &shutdown, || {
        relay_once(&pool, &publisher, &keyring, batch)
    })
    .await;
    publisher.flush().await;
}

/// The pacing every relay shares (the grant outbox here, the notifications topic): passes run
/// back to back while each publishes everything it claimed, every `poll` when there was nothing
/// to claim, and with backoff doubling up to 5 s while a pass fails or the bus refuses part of
/// one. Returns at shutdown.
pub async fn run_passes<F, Fut, E>(
    name: &'static str,
    poll: Duration,
    shutdown: &Shutdown,
    mut pass: F,
) where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<RelayPass, E>>,
    E: std::fmt::Display,
{
    let mut backoff = poll;
    loop {
        if shutdown.is_triggered() {
            break;
        }
        let pause = match pass().await {
            Ok(pass) if pass.claimed > 0 && pass.published == pass.claimed => {
                backoff = poll;
                continue;
            }
            Ok(pass) if pass.claimed > 0 => {
                // Some publishes failed: the bus is struggling, back off.
                backoff = (backoff * 2).min(Duration::from_secs(5));
                backoff
            }
            Ok(_) => poll,
            Err(e) => {
                tracing::warn!(relay = name, error = %e, "relay pass failed");
                backoff = (backoff * 2).min(Duration::from_secs(5));
                backoff
            }
        };
        tokio::select! {
            _ = shutdown.wait() => break,
            _ = tokio::time::sleep(pause) => {}
        }
    }
}
