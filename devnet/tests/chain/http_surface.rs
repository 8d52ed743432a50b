//! Raw HTTP details the SDK hides: ledger headers, `wait_by_hash` holding, 404 shapes.

use std::time::{Duration, Instant};

use aptos_sdk::transaction::InputEntryFunctionData;
use devnet::DevnetConfig;
use serde_json::Value;

use crate::helpers::{recipient, spawn, spawn_with};

#[tokio::test]
async fn responses_carry_the_aptos_ledger_headers_and_name_a_dev_chain() {
    let chain = spawn().await;
    let r = chain.http.get(chain.handle.url()).send().await.unwrap();
    let h = r.headers().clone();
    for name in [
        "x-aptos-chain-id",
        "x-aptos-ledger-version",
        "x-aptos-ledger-timestampusec",
        "x-aptos-epoch",
        "x-aptos-block-height",
        "x-aptos-ledger-oldest-version",
        "x-aptos-oldest-block-height",
    ] {
        assert!(h.contains_key(name), "missing {name}");
    }
    assert_eq!(h["x-aptos-chain-id"], "4");
    assert_eq!(h["x-devnet-node"], "development-chain");
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["node_role"], "development_chain");
    assert_eq!(body["chain_id"], 4);
    let missing = chain
        .http
        .get(format!(
            "{}/transactions/by_hash/0x{}",
            chain.handle.url(),
            "ab".repeat(32)
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status().as_u16(), 404);
    assert!(missing.headers().contains_key("x-aptos-ledger-version"));
    let body: Value = missing.json().await.unwrap();
    assert_eq!(body["error_code"], "transaction_not_found");
    assert_eq!(body["vm_error_code"], Value::Null);
}

#[tokio::test]
async fn wait_by_hash_holds_until_commit_and_times_out_pending() {
    let mut config = DevnetConfig::for_tests();
    config.block_time_ms = 400;
    config.wait_by_hash_timeout_ms = 1500;
    let chain = spawn_with(config).await;
    let wait = |hash: String| {
        let url = format!("{}/transactions/wait_by_hash/{hash}", chain.handle.url());
        let http = chain.http.clone();
        async move {
            let started = Instant::now();
            let body: Value = http.get(url).send().await.unwrap().json().await.unwrap();
            (body, started.elapsed())
        }
    };
    let ready = chain.sign(
        &chain.operator,
        0,
        InputEntryFunctionData::transfer_apt(recipient(), 1).unwrap(),
        |b| b,
    );
    chain.strict.submit_transaction(&ready).await.unwrap();
    let (body, _) = wait(ready.hash().unwrap().to_string()).await;
    assert_eq!(
        body["type"], "user_transaction",
        "held until the next block committed it"
    );
    let parked = chain.sign(
        &chain.operator,
        5,
        InputEntryFunctionData::transfer_apt(recipient(), 1).unwrap(),
        |b| b,
    );
    chain.strict.submit_transaction(&parked).await.unwrap();
    let (body, waited) = wait(parked.hash().unwrap().to_string()).await;
    assert_eq!(body["type"], "pending_transaction");
    assert!(waited >= Duration::from_millis(1400), "held {waited:?}");
    let (body, waited) = wait(format!("0x{}", "cd".repeat(32))).await;
    assert_eq!(body["error_code"], "transaction_not_found");
    assert!(waited < Duration::from_millis(500));
}
