//! Resolving an already-paid grant's original payment against a real node: the contract's
//! record (operator, sequence number) becomes the transaction's real hash and version; a record
//! the node cannot resolve holds the grant — no result, counted — instead of publishing a
//! guess. Runs on the dev chain and on the run's real Movement local chain.

use crate::common::{Harness, requests};
use chain_svc::grant::{Grant, Settlement};
use chain_svc::node::PaidRecord;
use chain_svc::stats::Stats;
use shared::shutdown::Shutdown;
use shared::telemetry::TraceContext;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::mpsc;

fn grant(request: &shared::grant::GrantRequest) -> Grant {
    Grant::new(request.clone(), TraceContext::new_root())
}

async fn records_resolve_to_the_real_transaction_or_hold_the_grant(h: Harness) {
    // A real payment, by chain-svc.
    let paid = requests(1, 5).remove(0);
    let service = h.start_service(&[]).await;
    h.publish(std::slice::from_ref(&paid)).await;
    h.wait_for_results(&[paid.request_id], Duration::from_secs(60))
        .await;
    service.shutdown.trigger();
    service.wait().await;
    let record = h.node.paid_grant(&paid.request_id).await.unwrap().unwrap();
    let result = h.results_for(&paid.request_id).remove(0);

    let stats = Arc::new(Stats::default());
    let (tx, mut rx) = mpsc::unbounded_channel();
    let stop = Shutdown::new();
    chain_svc::payment::settle(
        h.node.clone(),
        vec![(grant(&paid), record)],
        tx.clone(),
        stats.clone(),
        stop.clone(),
    )
    .await;
    let (settled, settlement) = rx.try_recv().expect("settled");
    assert_eq!(settled.id(), paid.request_id);
    assert_eq!(
        settlement,
        Settlement::AlreadyPaid {
            tx_hash: result.transaction_hash.clone().unwrap(),
            job_id: result.job_id.unwrap(),
            version: result.ledger_version.unwrap(),
        }
    );

    // Records the node cannot resolve: a slot the operator never used, and the right slot for
    // a grant that transaction did not pay. Nothing is published; both are held and counted.
    let never = PaidRecord {
        sequence_number: record.sequence_number + 1_000_000,
        ..record
    };
    let other = requests(1, 5).remove(0);
    let task = tokio::spawn(chain_svc::payment::settle(
        h.node.clone(),
        vec![(grant(&other), never), (grant(&other), record)],
        tx,
        stats.clone(),
        stop.clone(),
    ));
    crate::common::wait_until("both records held", Duration::from_secs(10), || {
        stats.snapshot().payments_held == 2
    })
    .await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert!(
        rx.try_recv().is_err(),
        "no result for an unresolved payment"
    );
    assert_eq!(stats.snapshot().payments_unresolved, 2);
    let metrics = shared::telemetry::metrics_handle().render();
    assert!(
        metrics.contains("chain_payment_unresolved_total{reason=\"missing\"}")
            && metrics.contains("chain_payment_unresolved_total{reason=\"not_the_payment\"}"),
        "{metrics}"
    );
    // Stopping leaves them unpublished (their messages are redelivered later).
    stop.trigger();
    task.await.unwrap();
    assert_eq!(stats.snapshot().payments_held, 0);
    assert!(rx.try_recv().is_err());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_record_resolves_to_the_real_transaction_and_an_unresolvable_one_holds_the_grant() {
    records_resolve_to_the_real_transaction_or_hold_the_grant(
        Harness::start("payment", 1, |_| {}).await,
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn on_the_real_vm_a_record_resolves_to_the_real_transaction_and_an_unresolvable_one_holds_the_grant()
 {
    records_resolve_to_the_real_transaction_or_hold_the_grant(
        Harness::start_on_localnet("payment-ln", 1).await,
    )
    .await;
}
