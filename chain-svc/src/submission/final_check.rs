//! Final check: a grant that will not ride again is decided by the contract's own record, once
//! every transaction that carried it is settled and the chain clock has passed every expiry a
//! previous run of this service could have signed.

use super::backoff;
use crate::grant::{Grant, Settlement};
use crate::node::Node;
use crate::payment;
use crate::stats::Stats;
use shared::grant::ErrorClass;
use shared::shutdown::Shutdown;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::mpsc;
use tracing::Instrument;

/// How a grant ends when the final check finds it unpaid.
#[derive(Debug, Clone)]
pub(super) struct Unpaid {
    /// The failed result's message.
    pub(super) message: String,
    /// Its class.
    pub(super) class: ErrorClass,
}

/// Decides a grant that will not ride again (it rode in `MAX_SUBMIT_ATTEMPTS` transactions
/// without being paid, or alone in one that hit a VM limit). Every transaction that carried it
/// is settled (dead, or committed without paying it), and the chain clock is waited past
/// `not_before` (the latest expiry a previous run of this service could have signed); then the
/// contract's own record decides: paid → completed as already paid with the original
/// payment's real hash ([`payment::settle`]), else failed as `unpaid` says.
/// If the node cannot be asked before `stop`, nothing is published and the message is
/// redelivered later.
pub(super) async fn final_check(
    node: Node,
    grant: Grant,
    not_before_unix_secs: u64,
    unpaid: Unpaid,
    settled: mpsc::UnboundedSender<(Grant, Settlement)>,
    stats: Arc<Stats>,
    stop: Shutdown,
) {
    let span =
        tracing::info_span!("final_check", request_id = %grant.id(), attempts = grant.attempts);
    async move {
        let mut attempt = 0;
        loop {
            let verdict = async {
                let ledger = node.ledger().await?;
                if ledger.timestamp_usecs < not_before_unix_secs.saturating_mul(1_000_000) {
                    return Ok(None);
                }
                node.paid_grant(&grant.id()).await.map(Some)
            }
            .await;
            match verdict {
                Ok(Some(Some(record))) => {
                    tracing::info!(
                        job_id = record.job_id,
                        operator = %record.operator.to_long_string(),
                        sequence_number = record.sequence_number,
                        "paid after all; completed as already paid"
                    );
                    payment::settle(node, vec![(grant, record)], settled, stats, stop).await;
                    return;
                }
                Ok(Some(None)) => {
                    tracing::warn!(message = %unpaid.message, class = ?unpaid.class, "grant failed");
                    let _ = settled.send((
                        grant,
                        Settlement::Failed {
                            message: unpaid.message,
                            class: unpaid.class,
                            job_id: None,
                        },
                    ));
                    return;
                }
                Ok(None) => {}
                Err(e) => tracing::warn!(error = %e, "final check could not ask the node"),
            }
            attempt += 1;
            tokio::select! {
                _ = stop.wait() => return,
                _ = tokio::time::sleep(backoff(Duration::from_millis(200), attempt.min(5), Duration::from_secs(5))) => {}
            }
        }
    }
    .instrument(span)
    .await
}
