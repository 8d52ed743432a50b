//! The results publisher: one `GrantResult` per settled grant to `token-grant-results`, then
//! the request deliveries waiting on that grant are acked.
//!
//! A result that cannot be published is retried with backoff; it is never dropped and its
//! requests are never acked without it. If the service must stop first, the requests are left
//! unacked and will be redelivered (the contract then answers "already paid").
//!
//! Every result is signed with the service's signing key ([`shared::signing`], domain
//! `token-grant-results/v1`): campaign-svc applies no result it cannot verify.

use crate::grant::{Grant, Settlement};
use crate::inflight::{Disposition, InFlight};
use crate::stats::Stats;
use crate::submission::backoff;
use shared::pubsub::BusPublisher;
use shared::shutdown::Shutdown;
use shared::signing::{Keyring, MessageKind};
use shared::telemetry::TRACEPARENT;
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::mpsc;

/// Most results published in one go.
const MAX_PER_PUBLISH: usize = 1000;

/// Publishes results until `settled` closes (and everything in it is published) or `stop`.
pub(crate) async fn run(
    publisher: BusPublisher,
    keyring: Arc<Keyring>,
    mut settled: mpsc::UnboundedReceiver<(Grant, Settlement)>,
    inflight: Arc<InFlight>,
    stats: Arc<Stats>,
    stop: Shutdown,
) {
    let mut retry: Vec<(Grant, Settlement)> = Vec::new();
    let mut failures = 0u32;
    loop {
        let mut batch = std::mem::take(&mut retry);
        if batch.is_empty() {
            tokio::select! {
                _ = stop.wait() => return,
                item = settled.recv() => match item {
                    Some(item) => batch.push(item),
                    None => return,
                },
            }
        }
        while batch.len() < MAX_PER_PUBLISH {
            match settled.try_recv() {
                Ok(item) => batch.push(item),
                Err(_) => break,
            }
        }
        let messages = batch
            .iter()
            .map(|(grant, settlement)| {
                let result = settlement.result_for(&grant.request);
                let data = result.encode();
                let mut attributes = HashMap::from([
                    ("event_type".to_string(), result.event_type.clone()),
                    ("request_id".to_string(), result.request_id.to_string()),
                    (TRACEPARENT.to_string(), grant.trace.child().header()),
                ]);
                keyring.sign(MessageKind::GrantResult, &data, &mut attributes);
                (data, attributes)
            })
            .collect();
        let outcomes = publisher.publish_all(messages).await;
        let mut last_error = None;
        for ((grant, settlement), outcome) in batch.into_iter().zip(outcomes) {
            match outcome {
                Ok(message_id) => {
                    let deliveries = inflight.finish(&grant.id(), Disposition::Ack);
                    stats.settled(settlement.outcome());
                    tracing::info!(
                        request_id = %grant.id(),
                        outcome = ?settlement.outcome(),
                        %message_id,
                        deliveries,
                        attempts = grant.attempts,
                        latency_ms = grant.received_at.elapsed().as_millis() as u64,
                        "result published"
                    );
                }
                Err(e) => {
                    last_error = Some(e.to_string());
                    retry.push((grant, settlement));
                }
            }
        }
        if let Some(e) = last_error {
            failures += 1;
            tracing::warn!(error = %e, pending = retry.len(), "publishing results failed; retrying");
            stats.error(format!("results publish: {e}"));
            metrics::counter!("grant_results_publish_failures_total").increment(1);
            tokio::select! {
                _ = stop.wait() => return,
                _ = tokio::time::sleep(backoff(Duration::from_millis(200), failures.min(6), Duration::from_secs(10))) => {}
            }
        } else {
            failures = 0;
        }
    }
}
