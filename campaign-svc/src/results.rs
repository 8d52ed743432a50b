//! The results consumer: applies chain-svc's result for each grant, idempotently.
//!
//! The state machine per grant: `pending → submitted → completed | failed`. A result for a grant
//! already in that final state is a duplicate and changes nothing; a late `failed` after
//! `completed` never downgrades it. A `failed` result releases the amount: a ledger grant's coins
//! go back to the user's uncredited delta (the next run pays them under a new grant id), and a
//! campaign grant frees its (user, campaign) slot. chain-svc sends `failed` only when the grant
//! is definitively unpaid; should a `completed` ever follow a released failure, the money did
//! move, so the grant becomes completed, the release is undone, and an alert metric counts it.
//! Every change is recorded in `grant_events` by a trigger. A message is acked only after its
//! transaction committed; malformed messages and results for unknown grants go to the
//! dead-letter topic.

use google_cloud_pubsub::model::Message;
use google_cloud_pubsub::subscriber::handler::Handler;
use shared::grant::{GrantResult, Outcome};
use shared::pubsub::BusPublisher;
use shared::telemetry::TRACEPARENT;
use sqlx::PgPool;
use std::collections::HashMap;
use tracing::Instrument;

/// What applying a result did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Applied {
    /// The grant moved to completed.
    Completed,
    /// The grant moved to failed and its amount was released.
    Failed,
    /// The grant was already in this final state.
    Duplicate,
    /// A failed result for a completed grant: ignored.
    LateFailureIgnored,
    /// A completed result for a grant whose failure had been released: completed, release undone.
    PaidAfterRelease,
    /// No such grant here.
    UnknownGrant,
}

#[derive(sqlx::FromRow)]
struct Current {
    status: String,
    source: String,
    coins: i64,
    user_id: String,
    released: bool,
}

/// Applies one result in one transaction.
pub async fn apply_result(pool: &PgPool, result: &GrantResult) -> Result<Applied, sqlx::Error> {
    let mut tx = pool.begin().await?;
    let current: Option<Current> = sqlx::query_as(
        "SELECT status::text AS status, source, coins, user_id, released FROM grants \
         WHERE request_id = $1 FOR UPDATE",
    )
    .bind(result.request_id)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(current) = current else {
        return Ok(Applied::UnknownGrant);
    };
    let applied = match (current.status.as_str(), result.is_completed()) {
        ("completed", true) | ("failed", false) => Applied::Duplicate,
        ("completed", false) => Applied::LateFailureIgnored,
        (_, true) => {
            sqlx::query(
                "UPDATE grants SET status = 'completed', transaction_hash = $2, ledger_version = $3, \
                 job_id = $4, already_paid = $5, error_message = NULL, error_class = NULL, \
                 released = false, settled_at = now(), updated_at = now() WHERE request_id = $1",
            )
            .bind(result.request_id)
            .bind(&result.transaction_hash)
            .bind(result.ledger_version.map(|v| v as i64))
            .bind(result.job_id.map(|v| v as i64))
            .bind(result.outcome == Outcome::AlreadyPaid)
            .execute(&mut *tx)
            .await?;
            if current.released {
                if current.source == "ledger" {
                    credit(&mut tx, &current.user_id, current.coins).await?;
                }
                Applied::PaidAfterRelease
            } else {
                Applied::Completed
            }
        }
        (_, false) => {
            sqlx::query(
                "UPDATE grants SET status = 'failed', error_message = $2, error_class = $3, \
                 job_id = coalesce($4, job_id), released = true, dedupe_key = NULL, \
                 settled_at = now(), updated_at = now() WHERE request_id = $1",
            )
            .bind(result.request_id)
            .bind(
                result
                    .error_message
                    .as_deref()
                    .unwrap_or("failed without a reason"),
            )
            .bind(result.error_class.map(|c| match c {
                shared::grant::ErrorClass::Permanent => "permanent",
                shared::grant::ErrorClass::Transient => "transient",
            }))
            .bind(result.job_id.map(|v| v as i64))
            .execute(&mut *tx)
            .await?;
            if current.source == "ledger" {
                credit(&mut tx, &current.user_id, -current.coins).await?;
            }
            Applied::Failed
        }
    };
    tx.commit().await?;
    Ok(applied)
}

async fn credit(
    tx: &mut sqlx::Transaction<'_, sqlx::Postgres>,
    user_id: &str,
    coins: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE user_ledger SET credited = greatest(credited + $2, 0), updated_at = now() \
         WHERE user_id = $1",
    )
    .bind(user_id)
    .bind(coins)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Handles one message from the results subscription.
pub async fn handle_message(
    pool: PgPool,
    dead_letters: BusPublisher,
    message: Message,
    ack: Handler,
) {
    let request_id = message
        .attributes
        .get("request_id")
        .cloned()
        .unwrap_or_default();
    let trace = message
        .attributes
        .get(TRACEPARENT)
        .cloned()
        .unwrap_or_default();
    let span = tracing::info_span!("grant_result", %request_id, traceparent = %trace);
    async move {
        let result = match GrantResult::decode(&message.data) {
            Ok(r) => r,
            Err(e) => {
                tracing::warn!(error = %e, "malformed result; dead-lettering");
                dead_letter(&dead_letters, message, e.kind(), ack).await;
                return;
            }
        };
        match apply_result(&pool, &result).await {
            Ok(Applied::UnknownGrant) => {
                tracing::warn!("result for an unknown grant; dead-lettering");
                dead_letter(&dead_letters, message, "unknown_grant", ack).await;
            }
            Ok(applied) => {
                let label = match applied {
                    Applied::Completed => "completed",
                    Applied::Failed => "failed",
                    Applied::Duplicate => "duplicate",
                    Applied::LateFailureIgnored => "late_failure_ignored",
                    Applied::PaidAfterRelease => "paid_after_release",
                    Applied::UnknownGrant => unreachable!(),
                };
                if applied == Applied::PaidAfterRelease {
                    tracing::error!("a released grant was paid after all; release undone");
                }
                metrics::counter!("grant_results_applied_total", "outcome" => label).increment(1);
                tracing::debug!(outcome = label, "result applied");
                ack.ack();
            }
            Err(e) => {
                tracing::warn!(error = %e, "cannot apply result; it will be redelivered");
                metrics::counter!("grant_results_errors_total").increment(1);
                ack.nack();
            }
        }
    }
    .instrument(span)
    .await
}

/// Sends a message we cannot use to the dead-letter topic, then acks it. If that publish fails
/// the message is nacked, and Pub/Sub's own dead-letter policy takes it after a few attempts.
async fn dead_letter(publisher: &BusPublisher, message: Message, reason: &str, ack: Handler) {
    let mut attributes: HashMap<String, String> = message.attributes.clone();
    attributes.insert("dead_letter_reason".into(), reason.into());
    attributes.insert("original_message_id".into(), message.message_id.clone());
    match publisher.publish(message.data.to_vec(), attributes).await {
        Ok(_) => {
            metrics::counter!("grant_results_dead_lettered_total", "reason" => reason.to_string())
                .increment(1);
            ack.ack();
        }
        Err(e) => {
            tracing::warn!(error = %e, "dead-letter publish failed; nacking");
            ack.nack();
        }
    }
}
