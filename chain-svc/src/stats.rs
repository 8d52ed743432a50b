//! Counters for `/stats` (seed 001's fields) and the matching Prometheus metrics.
//!
//! Every counter here is also a `metrics` counter or gauge, so `/metrics` and `/stats` tell the
//! same story; `/stats` adds the per-signer view and the last error.

use serde::Serialize;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

/// Service-wide counters.
#[derive(Debug, Default)]
pub struct Stats {
    received: AtomicU64,
    redelivered: AtomicU64,
    dead_lettered: AtomicU64,
    requests_refused: AtomicU64,
    batches: AtomicU64,
    batch_grants_total: AtomicU64,
    last_batch_grants: AtomicU64,
    submitted: AtomicU64,
    transactions_committed: AtomicU64,
    transactions_aborted: AtomicU64,
    transactions_expired: AtomicU64,
    transactions_refused: AtomicU64,
    completed: AtomicU64,
    already_paid: AtomicU64,
    failed: AtomicU64,
    retried: AtomicU64,
    resyncs: AtomicU64,
    splits: AtomicU64,
    payments_unresolved: AtomicU64,
    payments_held: AtomicU64,
    last_error: Mutex<Option<String>>,
}

/// The counters as `/stats` shows them.
#[derive(Debug, Clone, Serialize)]
pub struct StatsSnapshot {
    /// Request messages received (every delivery).
    pub received: u64,
    /// Deliveries of a grant already in flight here (attached, not sent twice).
    pub redelivered: u64,
    /// Malformed requests sent to the dead-letter topic.
    pub dead_lettered: u64,
    /// Requests decoded but refused (a field breaks the rules): answered `failed`, never paid.
    pub requests_refused: u64,
    /// Transactions built (batches).
    pub batches: u64,
    /// Grants per batch.
    pub grants_per_batch: GrantsPerBatch,
    /// Grants sent in transactions (a grant riding again counts again).
    pub submitted: u64,
    /// Transactions committed successfully.
    pub transactions_committed: u64,
    /// Transactions committed with an aborted job.
    pub transactions_aborted: u64,
    /// Transactions that expired uncommitted (or whose slot another transaction took).
    pub transactions_expired: u64,
    /// Transactions the node refused.
    pub transactions_refused: u64,
    /// Grants completed (paid now).
    pub completed: u64,
    /// Grants completed as already paid.
    pub already_paid: u64,
    /// Grants failed.
    pub failed: u64,
    /// Times a grant was put into a new transaction after one that did not pay it.
    pub retried: u64,
    /// Signer sequence resyncs from the chain (after an expiry, a refusal or drift).
    pub resyncs: u64,
    /// Transactions that committed over a VM limit: their batch was split in two (or, a single
    /// grant, sent to the final check).
    pub splits: u64,
    /// Original payments (of already-paid grants) the node answered about but could not give:
    /// missing, pruned, or not matching the contract's record. Their grants are held meanwhile.
    pub payments_unresolved: u64,
    /// Already-paid grants held now because their original payment is not resolved yet.
    pub payments_held: u64,
    /// Last error seen, if any.
    pub last_error: Option<String>,
}

/// Average and last batch size.
#[derive(Debug, Clone, Serialize)]
pub struct GrantsPerBatch {
    /// Mean over all batches.
    pub avg: f64,
    /// The latest batch.
    pub last: u64,
}

fn bump(counter: &AtomicU64, by: u64) -> u64 {
    counter.fetch_add(by, Ordering::Relaxed) + by
}

impl Stats {
    /// A request message arrived.
    pub(crate) fn received(&self) {
        bump(&self.received, 1);
        metrics::counter!("grant_requests_received_total").increment(1);
    }

    /// A delivery attached to a grant already in flight.
    pub(crate) fn redelivered(&self) {
        bump(&self.redelivered, 1);
        metrics::counter!("grant_requests_redelivered_total").increment(1);
    }

    /// A request was decoded but refused (see `Engine::refuse`).
    pub(crate) fn request_refused(&self) {
        bump(&self.requests_refused, 1);
    }

    /// A request went to the dead-letter topic.
    pub(crate) fn dead_lettered(&self, reason: &'static str) {
        bump(&self.dead_lettered, 1);
        metrics::counter!("grant_requests_dead_lettered_total", "reason" => reason).increment(1);
    }

    /// A batch of `grants` was put in a transaction.
    pub(crate) fn batch(&self, grants: usize) {
        bump(&self.batches, 1);
        bump(&self.batch_grants_total, grants as u64);
        self.last_batch_grants
            .store(grants as u64, Ordering::Relaxed);
        bump(&self.submitted, grants as u64);
        metrics::counter!("chain_transactions_submitted_total").increment(1);
        metrics::counter!("chain_grants_submitted_total").increment(grants as u64);
        metrics::histogram!("chain_grants_per_transaction").record(grants as f64);
    }

    /// A transaction was committed (`aborted` when its job aborted).
    pub(crate) fn committed(&self, aborted: Option<&str>) {
        match aborted {
            None => {
                bump(&self.transactions_committed, 1);
                metrics::counter!("chain_transactions_committed_total").increment(1);
            }
            Some(label) => {
                bump(&self.transactions_aborted, 1);
                metrics::counter!("chain_transactions_aborted_total", "reason" => label.to_string())
                    .increment(1);
            }
        }
    }

    /// A transaction expired uncommitted or lost its slot.
    pub(crate) fn expired(&self) {
        bump(&self.transactions_expired, 1);
        metrics::counter!("chain_transactions_expired_total").increment(1);
    }

    /// A submission was refused by the node.
    pub(crate) fn refused(&self, label: &str) {
        bump(&self.transactions_refused, 1);
        metrics::counter!("chain_submit_refused_total", "reason" => label.to_string()).increment(1);
    }

    /// A grant's result was published.
    pub(crate) fn settled(&self, outcome: shared::grant::Outcome) {
        use shared::grant::Outcome::*;
        let (counter, label) = match outcome {
            Paid => (&self.completed, "paid"),
            AlreadyPaid => (&self.already_paid, "already_paid"),
            Failed => (&self.failed, "failed"),
        };
        bump(counter, 1);
        metrics::counter!("grant_results_published_total", "outcome" => label).increment(1);
    }

    /// A grant rides again.
    pub(crate) fn retried(&self) {
        bump(&self.retried, 1);
        metrics::counter!("chain_grant_retries_total").increment(1);
    }

    /// A signer resynced its sequence number from the chain.
    pub(crate) fn resynced(&self) {
        bump(&self.resyncs, 1);
        metrics::counter!("chain_signer_resyncs_total").increment(1);
    }

    /// A batch that hit the VM limit `limit` was split (or, alone, failed).
    pub(crate) fn split(&self, limit: &'static str) {
        bump(&self.splits, 1);
        metrics::counter!("chain_batch_splits_total", "limit" => limit).increment(1);
    }

    /// An already-paid grant's original payment could not be resolved (`reason`: a
    /// `PaymentError` label); the grant is held (see [`Stats::payment_held`]).
    pub(crate) fn payment_unresolved(&self, reason: &'static str) {
        bump(&self.payments_unresolved, 1);
        metrics::counter!("chain_payment_unresolved_total", "reason" => reason).increment(1);
    }

    /// `held` more (or, negative, fewer) grants wait for their original payment to resolve.
    pub(crate) fn payment_held(&self, held: i64) {
        let now = if held >= 0 {
            bump(&self.payments_held, held as u64)
        } else {
            self.payments_held
                .fetch_sub(held.unsigned_abs(), Ordering::Relaxed)
                .saturating_sub(held.unsigned_abs())
        };
        metrics::gauge!("chain_payments_held").set(now as f64);
    }

    /// Remembers the latest error for `/stats`.
    pub(crate) fn error(&self, message: impl Into<String>) {
        let message = message.into();
        *self.last_error.lock().unwrap_or_else(|p| p.into_inner()) = Some(message);
    }

    /// The counters now.
    pub fn snapshot(&self) -> StatsSnapshot {
        let get = |c: &AtomicU64| c.load(Ordering::Relaxed);
        let batches = get(&self.batches);
        StatsSnapshot {
            received: get(&self.received),
            redelivered: get(&self.redelivered),
            dead_lettered: get(&self.dead_lettered),
            requests_refused: get(&self.requests_refused),
            batches,
            grants_per_batch: GrantsPerBatch {
                avg: if batches == 0 {
                    0.0
                } else {
                    get(&self.batch_grants_total) as f64 / batches as f64
                },
                last: get(&self.last_batch_grants),
            },
            submitted: get(&self.submitted),
            transactions_committed: get(&self.transactions_committed),
            transactions_aborted: get(&self.transactions_aborted),
            transactions_expired: get(&self.transactions_expired),
            transactions_refused: get(&self.transactions_refused),
            completed: get(&self.completed),
            already_paid: get(&self.already_paid),
            failed: get(&self.failed),
            retried: get(&self.retried),
            resyncs: get(&self.resyncs),
            splits: get(&self.splits),
            payments_unresolved: get(&self.payments_unresolved),
            payments_held: get(&self.payments_held),
            last_error: self
                .last_error
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .clone(),
        }
    }
}
