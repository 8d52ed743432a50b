//! Already-paid grants: from the contract's record of the original payment ([`PaidRecord`]:
//! job, operator, sequence number) to a result that carries that payment's real transaction
//! hash and ledger version.
//!
//! Grants skipped by one job are usually paid by the same earlier transaction, so they are
//! grouped by record and each record is resolved once ([`Node::payment`]). A grant is settled
//! as already paid only when the resolved transaction emitted `GrantPaid` for it.
//!
//! When the node cannot be asked (network, 5xx, 429) resolution is retried with backoff. When
//! it answers but cannot give the payment — no such transaction (a lagging node), a pruned one,
//! or one that does not match the record — the grant is *held*: logged, counted
//! (`chain_payment_unresolved_total{reason}`, `chain_payments_held`), and asked again every
//! minute or so, because the result message must carry a transaction hash (`shared::grant`'s
//! schema) and chain-svc will not invent one. At shutdown a held grant's message is left
//! unacked and comes back later.

use crate::grant::{Grant, Settlement, event_id};
use crate::node::{Node, PaidRecord, Payment, PaymentError};
use crate::stats::Stats;
use crate::submission::backoff;
use shared::shutdown::Shutdown;
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::mpsc;
use tracing::Instrument;

/// Longest wait between two tries for a payment the node answered about but could not give.
const HELD_RETRY_CAP: Duration = Duration::from_secs(60);
/// Longest wait between two tries after the node could not be asked.
const TRANSIENT_RETRY_CAP: Duration = Duration::from_secs(5);

/// Groups already-paid grants by the payment the contract recorded for them, in first-seen
/// order.
pub(crate) fn group_by_record(grants: Vec<(Grant, PaidRecord)>) -> Vec<(PaidRecord, Vec<Grant>)> {
    let mut index: HashMap<PaidRecord, usize> = HashMap::new();
    let mut groups: Vec<(PaidRecord, Vec<Grant>)> = Vec::new();
    for (grant, record) in grants {
        match index.get(&record) {
            Some(&i) => groups[i].1.push(grant),
            None => {
                index.insert(record, groups.len());
                groups.push((record, vec![grant]));
            }
        }
    }
    groups
}

/// Splits `grants` into those `payment` paid (with their settlement) and the rest.
pub(crate) fn settle_against(
    payment: &Payment,
    record: &PaidRecord,
    grants: Vec<Grant>,
) -> (Vec<(Grant, Settlement)>, Vec<Grant>) {
    let mut settled = Vec::new();
    let mut rest = Vec::new();
    for grant in grants {
        if payment.paid(&event_id(&grant)) {
            let settlement = Settlement::AlreadyPaid {
                tx_hash: payment.tx_hash.clone(),
                job_id: record.job_id,
                version: payment.version,
            };
            settled.push((grant, settlement));
        } else {
            rest.push(grant);
        }
    }
    (settled, rest)
}

/// Settles every grant of `grants` as already paid once its original payment is resolved
/// (see the module documentation); returns early, publishing nothing more, when `stop` fires.
pub async fn settle(
    node: Node,
    grants: Vec<(Grant, PaidRecord)>,
    settled: mpsc::UnboundedSender<(Grant, Settlement)>,
    stats: Arc<Stats>,
    stop: Shutdown,
) {
    let groups = group_by_record(grants);
    futures::future::join_all(groups.into_iter().map(|(record, grants)| {
        let span = tracing::info_span!(
            "original_payment",
            job_id = record.job_id,
            operator = %record.operator.to_long_string(),
            sequence_number = record.sequence_number,
            grants = grants.len(),
        );
        settle_group(&node, record, grants, &settled, &stats, &stop).instrument(span)
    }))
    .await;
}

async fn settle_group(
    node: &Node,
    record: PaidRecord,
    mut grants: Vec<Grant>,
    settled: &mpsc::UnboundedSender<(Grant, Settlement)>,
    stats: &Stats,
    stop: &Shutdown,
) {
    let mut attempt = 0u32;
    // Grants counted in `payments_held` right now.
    let mut held = 0usize;
    loop {
        let failure = match node.payment(&record).await {
            Ok(payment) => {
                let (paid, rest) = settle_against(&payment, &record, grants);
                for (grant, settlement) in paid {
                    tracing::info!(request_id = %grant.id(), tx_hash = %payment.tx_hash, version = payment.version, "already paid; original payment resolved");
                    let _ = settled.send((grant, settlement));
                }
                grants = rest;
                if grants.is_empty() {
                    break;
                }
                PaymentError::NotThePayment {
                    tx_hash: payment.tx_hash.clone(),
                    why: format!("no GrantPaid for {} of its grant(s)", grants.len()),
                }
            }
            Err(e) => e,
        };
        attempt += 1;
        let wait = if failure.is_transient() {
            tracing::debug!(error = %failure, attempt, "original payment not resolved yet; asking again");
            backoff(
                Duration::from_millis(200),
                attempt.min(6),
                TRANSIENT_RETRY_CAP,
            )
        } else {
            if held == 0 {
                tracing::warn!(
                    error = %failure,
                    grants = grants.len(),
                    "already paid, but the original payment cannot be resolved; holding the grant(s) and asking again"
                );
                stats.payment_unresolved(failure.label());
                stats.payment_held(grants.len() as i64);
                held = grants.len();
            } else if held != grants.len() {
                stats.payment_held(grants.len() as i64 - held as i64);
                held = grants.len();
            }
            backoff(Duration::from_secs(1), attempt.min(8), HELD_RETRY_CAP)
        };
        tokio::select! {
            _ = stop.wait() => break,
            _ = tokio::time::sleep(wait) => {}
        }
    }
    if held > 0 {
        stats.payment_held(-(held as i64));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aptos_sdk::AccountAddress;

    fn record(job_id: u64, seq: u64) -> PaidRecord {
        PaidRecord {
            job_id,
            operator: AccountAddress::new([7; 32]),
            sequence_number: seq,
        }
    }

    fn grant() -> Grant {
        crate::grant::fixtures::grant("0xbeef", 5)
    }

    #[test]
    fn grants_paid_by_one_transaction_are_resolved_together() {
        let (a, b, c) = (grant(), grant(), grant());
        let ids = [a.id(), b.id(), c.id()];
        let groups = group_by_record(vec![
            (a, record(1, 4)),
            (b, record(2, 5)),
            (c, record(1, 4)),
        ]);
        assert_eq!(groups.len(), 2);
        assert_eq!(groups[0].0, record(1, 4));
        assert_eq!(
            groups[0].1.iter().map(Grant::id).collect::<Vec<_>>(),
            vec![ids[0], ids[2]]
        );
        assert_eq!(groups[1].1[0].id(), ids[1]);
    }

    #[test]
    fn only_grants_the_payment_paid_settle_with_its_hash_and_version() {
        let (a, b) = (grant(), grant());
        let (a_id, b_id) = (a.id(), b.id());
        let payment = Payment {
            tx_hash: format!("0x{}", "ab".repeat(32)),
            version: 42,
            paid_grant_ids: [event_id(&a)].into_iter().collect(),
        };
        let (settled, rest) = settle_against(&payment, &record(3, 9), vec![a, b]);
        assert_eq!(settled.len(), 1);
        assert_eq!(settled[0].0.id(), a_id);
        assert_eq!(
            settled[0].1,
            Settlement::AlreadyPaid {
                tx_hash: payment.tx_hash.clone(),
                job_id: 3,
                version: 42
            }
        );
        assert_eq!(rest.len(), 1);
        assert_eq!(rest[0].id(), b_id);
    }
}
