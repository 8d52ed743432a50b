//! Fault injection: each mode is observable by a client and counted by `GET /admin/faults`.

use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use aptos_sdk::AptosError;
use aptos_sdk::transaction::InputEntryFunctionData;
use devnet::{FaultConfig, FaultReport};
use serde_json::json;

use crate::helpers::{TestChain, recipient, spawn};

async fn report(chain: &TestChain) -> FaultReport {
    chain
        .http
        .get(format!("{}/admin/faults", chain.handle.faucet_url()))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

async fn set(chain: &TestChain, config: serde_json::Value) -> u16 {
    chain
        .http
        .post(format!("{}/admin/faults", chain.handle.faucet_url()))
        .json(&config)
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

#[tokio::test]
async fn faults_are_off_by_default_and_set_over_http() {
    let chain = spawn().await;
    assert_eq!(report(&chain).await.config, FaultConfig::default());
    assert_eq!(
        set(&chain, json!({"latency_ms": 5, "drop_rate": 0.25})).await,
        200
    );
    let r = report(&chain).await;
    assert_eq!((r.config.latency_ms, r.config.drop_rate), (5, 0.25));
    assert_eq!(set(&chain, json!({"http_5xx_rate": 2.0})).await, 400);
    assert_eq!(set(&chain, json!({"no_such_fault": 1})).await, 422);
}

#[tokio::test]
async fn added_latency_delays_responses() {
    let chain = spawn().await;
    set(&chain, json!({"latency_ms": 300})).await;
    let started = Instant::now();
    chain.strict.ledger_info().await.unwrap();
    assert!(started.elapsed() >= Duration::from_millis(300));
    assert_eq!(report(&chain).await.counters.delayed_requests, 1);
}

#[tokio::test]
async fn injected_5xx_reaches_the_client_as_a_server_error() {
    let chain = spawn().await;
    set(&chain, json!({"http_5xx_rate": 1.0})).await;
    let err = chain.strict.ledger_info().await.unwrap_err();
    assert!(
        matches!(
            err,
            AptosError::Api {
                status_code: 503,
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(report(&chain).await.counters.http_5xx, 1);
}

#[tokio::test]
async fn injected_429_carries_retry_after() {
    let chain = spawn().await;
    set(&chain, json!({"http_429_rate": 1.0, "retry_after_secs": 3})).await;
    let err = chain.strict.ledger_info().await.unwrap_err();
    assert!(
        matches!(
            err,
            AptosError::RateLimited {
                retry_after_secs: Some(3)
            }
        ),
        "{err:?}"
    );
    assert_eq!(report(&chain).await.counters.http_429, 1);
}

#[tokio::test]
async fn a_dropped_transaction_is_accepted_shown_pending_and_then_expires_unknown() {
    let chain = spawn().await;
    chain
        .handle
        .set_faults(FaultConfig {
            drop_rate: 1.0,
            ..FaultConfig::default()
        })
        .unwrap();
    let expiry = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
        + 2;
    let payload = InputEntryFunctionData::transfer_apt(recipient(), 1).unwrap();
    let signed = chain.sign(&chain.operator, 0, payload, |b| {
        b.expiration_timestamp_secs(expiry)
    });
    let hash = chain
        .strict
        .submit_transaction(&signed)
        .await
        .unwrap()
        .data
        .hash;
    chain.handle.set_faults(FaultConfig::default()).unwrap();
    assert_eq!(chain.handle.faults().counters.dropped_transactions, 1);
    let pending = chain
        .strict
        .fullnode()
        .get_transaction_by_hash(&hash)
        .await
        .unwrap();
    assert_eq!(pending.data["type"], "pending_transaction");
    let err = chain
        .strict
        .fullnode()
        .wait_for_transaction(&hash, Some(Duration::from_secs(6)))
        .await
        .unwrap_err();
    // It never committed: once expired the node no longer knows it.
    assert!(
        matches!(err, AptosError::TransactionTimeout { .. }),
        "{err:?}"
    );
    let gone = chain
        .strict
        .fullnode()
        .get_transaction_by_hash(&hash)
        .await
        .unwrap_err();
    assert!(matches!(
        gone,
        AptosError::Api {
            status_code: 404,
            ..
        }
    ));
    assert_eq!(chain.seq(&chain.operator).await, 0);
}

#[tokio::test]
async fn an_injected_job_abort_fails_the_job_with_e_unavailable_and_a_retry_pays() {
    let chain = spawn().await;
    chain
        .handle
        .set_faults(FaultConfig {
            job_abort_rate: 1.0,
            ..FaultConfig::default()
        })
        .unwrap();
    let grants = TestChain::grants(2, 9);
    let aborted = chain
        .submit_and_commit(&chain.sign(&chain.operator, 0, chain.job_payload(1, &grants), |b| b))
        .await;
    assert_eq!(aborted["success"], false);
    assert_eq!(
        aborted["vm_status"],
        "Move abort in 0x4a6f6273::jobs: E_UNAVAILABLE(0xd0063): dev chain injected fault: job aborted as temporarily unavailable, retry later"
    );
    assert_eq!(chain.handle.faults().counters.aborted_jobs, 1);
    chain.handle.set_faults(FaultConfig::default()).unwrap();
    let retried = chain
        .submit_and_commit(&chain.sign(&chain.operator, 1, chain.job_payload(1, &grants), |b| b))
        .await;
    assert_eq!(retried["success"], true);
    assert_eq!(crate::helpers::events_named(&retried, "GrantPaid").len(), 2);
}

#[tokio::test]
async fn bumping_a_sequence_number_makes_the_next_transaction_too_old() {
    let chain = spawn().await;
    let address = chain.operator.address().to_long_string();
    let response: serde_json::Value = chain
        .http
        .post(format!(
            "{}/admin/accounts/{address}/bump-sequence",
            chain.handle.faucet_url()
        ))
        .json(&json!({"by": 3}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(response["sequence_number"], "3");
    assert_eq!(chain.seq(&chain.operator).await, 3);
    let stale = chain.sign(
        &chain.operator,
        0,
        InputEntryFunctionData::transfer_apt(recipient(), 1).unwrap(),
        |b| b,
    );
    let err = chain.strict.submit_transaction(&stale).await.unwrap_err();
    assert!(
        matches!(
            err,
            AptosError::Api {
                vm_error_code: Some(3),
                ..
            }
        ),
        "{err:?}"
    );
}

#[tokio::test]
async fn the_faucet_creates_and_funds_accounts_like_the_aptos_faucet() {
    let chain = spawn().await;
    let who = recipient();
    let hashes: Vec<String> = chain
        .http
        .post(format!(
            "{}/mint?address={}&amount=777",
            chain.handle.faucet_url(),
            who.to_long_string()
        ))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(hashes.len(), 1);
    let hash = aptos_sdk::HashValue::from_hex(hashes[0].trim_start_matches("0x")).unwrap();
    let done = chain
        .aptos
        .fullnode()
        .wait_for_transaction(&hash, Some(Duration::from_secs(5)))
        .await
        .unwrap();
    assert_eq!(done.data["success"], true);
    assert_eq!(chain.aptos.get_balance(who).await.unwrap(), 777);
    assert_eq!(chain.aptos.get_sequence_number(who).await.unwrap(), 0);
}
