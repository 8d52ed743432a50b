//! Retention: events and webhook deliveries that are done with are deleted after
//! `NOTIFICATIONS_RETENTION_DAYS`, so `notification_events`, `webhook_deliveries` and
//! `webhook_attempts` do not grow for ever (a million grants a day is three million rows a day).
//!
//! What is done with:
//! * a delivery that was delivered or given up (`failed`), recorded before the cut-off: deleted
//!   with its attempts (it can no longer be listed or replayed);
//! * an event recorded before the cut-off that was handed to the topic, fanned out, and has no
//!   delivery left: deleted. An event still waiting for the topic or with a delivery still pending
//!   is kept, however old: retention never drops what a subscriber has not had.
//!
//! Each pass deletes in batches (short transactions, no long locks) and runs on every replica;
//! two replicas pruning at once only share the work.

use shared::shutdown::Shutdown;
use sqlx::PgPool;
use std::time::Duration;
use tracing::Instrument;

/// Rows one statement deletes at most.
const BATCH: i64 = 5_000;

/// How often a replica prunes.
const EVERY: Duration = Duration::from_secs(3600);

/// What one pass deleted.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Pruned {
    /// Webhook deliveries (with their attempts).
    pub deliveries: u64,
    /// Notification events.
    pub events: u64,
}

/// Deletes what is done with and older than `retention`, in batches, until nothing is left.
pub async fn prune(pool: &PgPool, retention: Duration) -> Result<Pruned, sqlx::Error> {
    let secs = retention.as_secs_f64();
    let mut pruned = Pruned::default();
    loop {
        let deleted = sqlx::query!(
            "WITH old AS ( \
               SELECT delivery_id FROM webhook_deliveries \
               WHERE status IN ('delivered', 'failed') \
                 AND created_at < now() - make_interval(secs => $1) LIMIT $2 \
             ) \
             DELETE FROM webhook_deliveries d USING old WHERE d.delivery_id = old.delivery_id",
            secs,
            BATCH
        )
        .execute(pool)
        .await?
        .rows_affected();
        pruned.deliveries += deleted;
        if deleted < BATCH as u64 {
            break;
        }
    }
    loop {
        let deleted = sqlx::query!(
            "WITH old AS ( \
               SELECT event_id FROM notification_events n \
               WHERE created_at < now() - make_interval(secs => $1) \
                 AND published_at IS NOT NULL AND fanned_out_at IS NOT NULL \
                 AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.event_id = n.event_id) \
               ORDER BY created_at LIMIT $2 \
             ) \
             DELETE FROM notification_events n USING old WHERE n.event_id = old.event_id",
            secs,
            BATCH
        )
        .execute(pool)
        .await?
        .rows_affected();
        pruned.events += deleted;
        if deleted < BATCH as u64 {
            break;
        }
    }
    Ok(pruned)
}

/// Prunes once an hour (the first pass a minute after start-up) until shutdown.
pub async fn run_pruning(pool: PgPool, retention: Duration, shutdown: Shutdown) {
    metrics::describe_counter!(
        "notification_rows_pruned_total",
        "Rows deleted by retention (NOTIFICATIONS_RETENTION_DAYS), by table: \
         notification_events or webhook_deliveries (their attempts go with them)"
    );
    let mut wait = Duration::from_secs(60);
    loop {
        tokio::select! {
            _ = shutdown.wait() => break,
            _ = tokio::time::sleep(wait) => {}
        }
        wait = EVERY;
        let span = tracing::info_span!(
            "notifications_retention",
            retention_secs = retention.as_secs()
        );
        match prune(&pool, retention).instrument(span).await {
            Ok(pruned) => {
                metrics::counter!("notification_rows_pruned_total", "table" => "webhook_deliveries")
                    .increment(pruned.deliveries);
                metrics::counter!("notification_rows_pruned_total", "table" => "notification_events")
                    .increment(pruned.events);
                if pruned != Pruned::default() {
                    tracing::info!(
                        deliveries = pruned.deliveries,
                        events = pruned.events,
                        "pruned notifications past retention"
                    );
                }
            }
            Err(e) => {
                tracing::warn!(error = %e, "pruning notifications failed; next pass in an hour")
            }
        }
    }
}
