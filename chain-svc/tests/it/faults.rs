//! chain-svc against a misbehaving chain: 5xx, 429, latency, accepted-then-dropped
//! transactions, aborted jobs and sequence drift. Every grant still settles exactly once, and a
//! grant the contract refuses by itself fails alone.

use crate::common::{Harness, request, requests, wait_until};
use devnet::FaultConfig;
use shared::grant::{ErrorClass, Outcome};
use std::time::Duration;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn every_grant_settles_exactly_once_through_node_faults_and_sequence_drift() {
    let h = Harness::start("faults", 2, |c| c.per_grant_cap = 1_000_000).await;
    let service = h
        .start_service(&[
            ("BATCH_MAX_WAIT_MS", "100"),
            ("BATCH_MAX_GRANTS", "50"),
            ("MAX_SUBMIT_ATTEMPTS", "20"),
            ("TX_EXPIRATION_SECS", "4"),
        ])
        .await;
    let noisy = FaultConfig {
        latency_ms: 20,
        http_5xx_rate: 0.1,
        http_429_rate: 0.05,
        retry_after_secs: 1,
        drop_rate: 0.0,
        job_abort_rate: 0.0,
    };
    // Phase 1: every accepted transaction is dropped until a few were.
    h.devnet()
        .set_faults(FaultConfig {
            drop_rate: 1.0,
            ..noisy.clone()
        })
        .unwrap();

    // A grant above the contract's per-grant cap (but under MAX_GRANT_AMOUNT), among others.
    let over_cap = request(2_000_000);
    let mut first = requests(150, 1_000);
    first.insert(75, over_cap.clone());
    h.publish(&first).await;
    wait_until("dropped transactions", Duration::from_secs(60), || {
        h.devnet().faults().counters.dropped_transactions >= 2
    })
    .await;
    // Phase 2: every job aborts (E_UNAVAILABLE) until a few did.
    h.devnet()
        .set_faults(FaultConfig {
            job_abort_rate: 1.0,
            ..noisy.clone()
        })
        .unwrap();
    wait_until("aborted jobs", Duration::from_secs(60), || {
        h.devnet().faults().counters.aborted_jobs >= 2
    })
    .await;
    // Every request answered 503, then 429, until a few were (the mix below is random, and a
    // quick run may roll too few requests to see both).
    h.devnet()
        .set_faults(FaultConfig {
            http_5xx_rate: 1.0,
            ..noisy.clone()
        })
        .unwrap();
    wait_until("503 answers", Duration::from_secs(60), || {
        h.devnet().faults().counters.http_5xx >= 3
    })
    .await;
    h.devnet()
        .set_faults(FaultConfig {
            http_5xx_rate: 0.0,
            http_429_rate: 1.0,
            ..noisy.clone()
        })
        .unwrap();
    wait_until("429 answers", Duration::from_secs(60), || {
        h.devnet().faults().counters.http_429 >= 3
    })
    .await;
    // Phase 3: a bit of everything.
    h.devnet()
        .set_faults(FaultConfig {
            drop_rate: 0.1,
            job_abort_rate: 0.1,
            ..noisy.clone()
        })
        .unwrap();
    wait_until("some payments", Duration::from_secs(90), || {
        service.stats.snapshot().completed > 20
    })
    .await;
    // Drift: another process uses the signers' keys behind chain-svc's back, mid-run.
    for key in h
        .devnet()
        .genesis_keys()
        .iter()
        .filter(|k| k.role == devnet::Role::Operator)
    {
        assert!(h.devnet().bump_sequence(key.address(), 3).is_some());
    }
    let second = requests(150, 1_000);
    h.publish(&second).await;

    let all: Vec<_> = first.iter().chain(&second).cloned().collect();
    let ids: Vec<_> = all.iter().map(|g| g.request_id).collect();
    h.wait_for_results(&ids, Duration::from_secs(240)).await;
    h.devnet().set_faults(FaultConfig::default()).unwrap();

    let report = h.devnet().faults().counters;
    assert!(report.http_5xx > 0 && report.http_429 > 0, "{report:?}");
    assert!(report.delayed_requests > 0, "{report:?}");

    for g in &all {
        let results = h.results_for(&g.request_id);
        let wallet = devnet::Address(g.wallet_address.to_bytes());
        if g.request_id == over_cap.request_id {
            assert!(!results.is_empty());
            for r in &results {
                assert_eq!(r.outcome, Outcome::Failed, "{r:?}");
                assert_eq!(r.error_class, Some(ErrorClass::Permanent));
                assert!(
                    r.error_message
                        .as_deref()
                        .unwrap()
                        .contains("R_AMOUNT_OVER_CAP")
                );
            }
            assert!(h.node.paid_grant(&g.request_id).await.unwrap().is_none());
            assert_eq!(h.devnet().jobs_balance(wallet), 0);
            continue;
        }
        // Paid exactly once, and every result points at that one payment.
        let paid = h
            .payment_of(&g.request_id)
            .await
            .unwrap_or_else(|| panic!("{} not paid: {results:?}", g.request_id));
        assert_eq!(h.devnet().jobs_balance(wallet), g.token_amount, "paid once");
        assert!(!results.is_empty());
        for r in &results {
            assert_ne!(r.outcome, Outcome::Failed, "{r:?}");
            assert_eq!(
                r.transaction_hash.as_deref(),
                Some(paid.tx_hash.as_str()),
                "{r:?}"
            );
            assert_eq!(r.ledger_version, Some(paid.version), "{r:?}");
        }
        h.assert_paid_by(&g.request_id, &paid.tx_hash).await;
    }
    let stats = service.stats.snapshot();
    assert_eq!(stats.failed, 1, "{stats:?}");
    assert!(
        stats.retried > 0,
        "faults made grants ride again: {stats:?}"
    );
    assert!(
        stats.resyncs > 0,
        "drift and drops made signers resync: {stats:?}"
    );
    service.shutdown.trigger();
    service.wait().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_grant_that_never_gets_paid_fails_after_bounded_attempts_and_says_why() {
    let h = Harness::start("exhaust", 1, |c| {
        c.faults = FaultConfig {
            job_abort_rate: 1.0,
            ..FaultConfig::default()
        }
    })
    .await;
    let service = h
        .start_service(&[("MAX_SUBMIT_ATTEMPTS", "2"), ("TX_EXPIRATION_SECS", "3")])
        .await;
    let grants = requests(3, 10);
    let ids: Vec<_> = grants.iter().map(|g| g.request_id).collect();
    h.publish(&grants).await;
    h.wait_for_results(&ids, Duration::from_secs(60)).await;
    assert!(h.devnet().faults().counters.aborted_jobs >= 2);
    for g in &grants {
        let results = h.results_for(&g.request_id);
        assert_eq!(results.len(), 1, "{results:?}");
        let r = &results[0];
        assert_eq!(r.outcome, Outcome::Failed, "{r:?}");
        assert_eq!(r.error_class, Some(ErrorClass::Transient));
        let message = r.error_message.as_deref().unwrap();
        assert!(
            message.contains("not paid after 2") && message.contains("E_UNAVAILABLE"),
            "{message}"
        );
        // Definitively unpaid: the contract has no record of it.
        assert!(h.node.paid_grant(&g.request_id).await.unwrap().is_none());
    }
    assert_eq!(service.stats.snapshot().failed, 3);
    service.shutdown.trigger();
    service.wait().await;
}
