//! Transactions by version, the transaction list and blocks, in the shapes a real node gives
//! (measured on Movement's `run-localnet`): version 0 is `genesis_transaction` in block 0 (zero
//! hash, timestamp 0); every block is a contiguous run of versions; errors as a real node's.

use aptos_sdk::transaction::InputEntryFunctionData;
use devnet::DevnetConfig;
use serde_json::{Value, json};

use crate::helpers::{TestChain, addr, recipient, spawn, spawn_with};
use crate::rest::{get, u64_of};

/// Commits two transfers and one faucet mint; returns the transfers' committed JSON.
async fn some_history(chain: &TestChain) -> Vec<Value> {
    let mut done = Vec::new();
    for seq in 0..2 {
        let payload = InputEntryFunctionData::transfer_apt(recipient(), 5).unwrap();
        done.push(
            chain
                .submit_and_commit(&chain.sign(&chain.operator, seq, payload, |b| b))
                .await,
        );
    }
    chain.handle.fund(addr(recipient()), 1_000);
    done
}

#[tokio::test]
async fn transactions_by_version_answer_genesis_committed_and_not_found() {
    let chain = spawn().await;
    let done = some_history(&chain).await;
    let (status, genesis) = get(&chain, "transactions/by_version/0").await;
    assert_eq!(status, 200);
    assert_eq!(genesis["type"], "genesis_transaction");
    assert_eq!(genesis["version"], "0");
    assert_eq!(genesis["payload"]["type"], "write_set_payload");
    assert_eq!(genesis["success"], true);
    let version = u64_of(&done[1], "version");
    let (_, by_version) = get(&chain, &format!("transactions/by_version/{version}")).await;
    assert_eq!(by_version, done[1]);
    let sdk = chain
        .aptos
        .fullnode()
        .get_transaction_by_version(version)
        .await
        .unwrap()
        .into_inner();
    assert_eq!(sdk, done[1]);
    let (status, missing) = get(&chain, "transactions/by_version/1000000").await;
    assert_eq!(status, 404);
    assert_eq!(missing["error_code"], "transaction_not_found");
    assert_eq!(
        missing["message"],
        "Transaction not found by Ledger version(1000000)"
    );
    let (status, bad) = get(&chain, "transactions/by_version/abc").await;
    assert_eq!(status, 400);
    assert_eq!(bad["error_code"], "web_framework_error");
}

#[tokio::test]
async fn the_transaction_list_pages_by_version_and_ends_at_the_ledger() {
    let chain = spawn().await;
    some_history(&chain).await;
    let ledger = chain.handle.ledger().version;
    assert_eq!(ledger, 3, "two transfers and a mint");
    let (status, latest) = get(&chain, "transactions").await;
    assert_eq!(status, 200);
    let versions: Vec<u64> = latest
        .as_array()
        .unwrap()
        .iter()
        .map(|t| u64_of(t, "version"))
        .collect();
    assert_eq!(versions, vec![0, 1, 2, 3], "the last page, oldest first");
    let (_, page) = get(&chain, "transactions?start=1&limit=2").await;
    let types: Vec<&str> = page
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["type"].as_str().unwrap())
        .collect();
    assert_eq!(types, vec!["user_transaction", "user_transaction"]);
    assert_eq!(u64_of(&page[0], "version"), 1);
    let (_, last) = get(&chain, "transactions?limit=1").await;
    assert_eq!(u64_of(&last[0], "version"), 3);
    let (status, past) = get(&chain, "transactions?start=4").await;
    assert_eq!(status, 400);
    assert_eq!(past["error_code"], "invalid_input");
    assert_eq!(
        past["message"],
        "Given start value (4) is higher than the current ledger version, it must be < 3"
    );
    let sdk = chain
        .aptos
        .fullnode()
        .get_transactions(Some(0), Some(2))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(sdk.len(), 2);
    assert_eq!(sdk[0]["type"], "genesis_transaction");
}

#[tokio::test]
async fn blocks_are_contiguous_runs_of_versions_found_by_height_and_version() {
    let chain = spawn().await;
    let done = some_history(&chain).await;
    let (status, genesis) = get(&chain, "blocks/by_height/0").await;
    assert_eq!(status, 200);
    assert_eq!(
        genesis,
        json!({
            "block_height": "0",
            "block_hash": format!("0x{}", "0".repeat(64)),
            "block_timestamp": "0",
            "first_version": "0",
            "last_version": "0",
            "transactions": null,
        })
    );
    let height = chain.handle.ledger().block_height;
    let mut next_version = 0;
    for h in 0..=height {
        let (status, block) = get(&chain, &format!("blocks/by_height/{h}")).await;
        assert_eq!(status, 200, "block {h}");
        assert_eq!(u64_of(&block, "first_version"), next_version, "block {h}");
        next_version = u64_of(&block, "last_version") + 1;
    }
    assert_eq!(next_version, chain.handle.ledger().version + 1);

    let version = u64_of(&done[0], "version");
    let (_, block) = get(&chain, &format!("blocks/by_version/{version}")).await;
    assert_eq!(block["transactions"], Value::Null);
    assert!(
        u64_of(&block, "first_version") <= version && version <= u64_of(&block, "last_version")
    );
    assert_eq!(block["block_timestamp"], done[0]["timestamp"]);
    let h = u64_of(&block, "block_height");
    let (_, full) = get(
        &chain,
        &format!("blocks/by_height/{h}?with_transactions=true"),
    )
    .await;
    assert_eq!(full["block_hash"], block["block_hash"]);
    assert!(full["transactions"].as_array().unwrap().contains(&done[0]));
    let sdk = chain
        .aptos
        .fullnode()
        .get_block_by_version(version, true)
        .await
        .unwrap()
        .into_inner();
    assert_eq!(sdk, full);

    let (status, missing) = get(&chain, "blocks/by_height/1000000").await;
    assert_eq!(status, 404);
    assert_eq!(missing["error_code"], "block_not_found");
    assert_eq!(
        missing["message"],
        "Block not found by Block height(1000000)"
    );
    let (status, missing) = get(&chain, "blocks/by_version/1000000").await;
    assert_eq!(status, 404);
    assert_eq!(missing["error_code"], "version_not_found");
    let (status, bad) = get(
        &chain,
        &format!("blocks/by_height/{h}?with_transactions=yes"),
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(bad["error_code"], "web_framework_error");
}

#[tokio::test]
async fn ticks_that_commit_nothing_make_no_block() {
    let chain = spawn().await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(chain.handle.ledger().block_height, 0);
    let before = chain.handle.ledger().timestamp_usecs;
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    assert!(
        chain.handle.ledger().timestamp_usecs > before,
        "the ledger clock still moves"
    );
}

#[tokio::test]
async fn a_restarted_chain_serves_the_same_history() {
    let dir = std::env::temp_dir().join(format!("devnet-history-{}", rand::random::<u64>()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut config = DevnetConfig::for_tests();
    config.state_file = Some(dir.join("state.json"));
    let chain = spawn_with(config.clone()).await;
    some_history(&chain).await;
    let account_path = format!("accounts/{}/transactions", chain.operator.address());
    let (_, listed) = get(&chain, &account_path).await;
    let (_, blocks) = get(&chain, "blocks/by_version/3?with_transactions=true").await;
    chain.handle.shutdown().await.unwrap();

    let restarted = spawn_with(config).await;
    assert_eq!(get(&restarted, &account_path).await.1, listed);
    assert_eq!(
        get(&restarted, "blocks/by_version/3?with_transactions=true")
            .await
            .1,
        blocks
    );
    restarted.handle.shutdown().await.unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
}

#[tokio::test]
async fn the_faucet_answers_hashes_as_movements_faucet_writes_them() {
    let chain = spawn().await;
    let hashes: Vec<String> = chain
        .http
        .post(format!(
            "{}/mint?address={}&amount=5",
            chain.handle.faucet_url(),
            recipient()
        ))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(hashes.len(), 1);
    assert!(
        hashes[0].len() == 64 && hashes[0].chars().all(|c| c.is_ascii_hexdigit()),
        "64 hex digits without 0x, got {}",
        hashes[0]
    );
    let (status, txn) = get(&chain, &format!("transactions/by_hash/0x{}", hashes[0])).await;
    assert_eq!((status, txn["version"].as_str()), (200, Some("1")));
}
