//! The state file: a restarted chain keeps accounts, sequence numbers, committed transactions,
//! paid grants and its generated keys.

use devnet::DevnetConfig;
use serde_json::json;

use crate::helpers::{TestChain, events_named, spawn_with};

#[tokio::test]
async fn a_restart_with_a_state_file_keeps_the_chain() {
    let dir = std::env::temp_dir().join(format!("devnet-state-{}", rand::random::<u64>()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut config = DevnetConfig::for_tests();
    config.state_file = Some(dir.join("state.json"));

    let chain = spawn_with(config.clone()).await;
    let grants = TestChain::grants(2, 30);
    let first = chain
        .submit_and_commit(&chain.sign(&chain.operator, 0, chain.job_payload(1, &grants), |b| b))
        .await;
    let operator_key = chain.handle.operator_keys();
    let version = chain.handle.ledger().version;
    chain.handle.shutdown().await.unwrap();

    let restarted = spawn_with(config).await;
    assert_eq!(restarted.handle.operator_keys(), operator_key);
    assert_eq!(restarted.handle.ledger().version, version);
    assert_eq!(restarted.seq(&restarted.operator).await, 1);
    let hash =
        aptos_sdk::HashValue::from_hex(first["hash"].as_str().unwrap().trim_start_matches("0x"))
            .unwrap();
    let old = restarted.committed(&hash).await;
    assert_eq!(old["events"], first["events"]);
    let again = restarted
        .submit_and_commit(&restarted.sign(
            &restarted.operator,
            1,
            restarted.job_payload(2, &grants),
            |b| b,
        ))
        .await;
    let skipped = events_named(&again, "GrantSkipped");
    assert_eq!(skipped.len(), 2);
    assert_eq!(
        skipped[0]["data"]["paid_operator"],
        restarted.operator.address().to_short_string()
    );
    assert_eq!(skipped[0]["data"]["paid_sequence_number"], "0");
    let balance = restarted
        .view(
            &restarted.jobs_fn("balance"),
            vec![json!(grants[0].0.to_long_string())],
        )
        .await;
    assert_eq!(balance, vec![json!("30")]);
    restarted.handle.shutdown().await.unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
}

#[tokio::test]
async fn a_state_file_from_another_chain_is_refused() {
    let dir = std::env::temp_dir().join(format!("devnet-state-{}", rand::random::<u64>()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut config = DevnetConfig::for_tests();
    config.state_file = Some(dir.join("state.json"));
    let chain = spawn_with(config.clone()).await;
    chain.handle.shutdown().await.unwrap();
    config.chain_id = 5;
    let err = devnet::Devnet::start(config).await.unwrap_err();
    assert!(
        matches!(err, devnet::NodeError::StateMismatch { .. }),
        "{err}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[tokio::test]
async fn keys_configured_after_a_save_are_funded_and_registered_on_restart() {
    let dir = std::env::temp_dir().join(format!("devnet-state-{}", rand::random::<u64>()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut config = DevnetConfig::for_tests();
    config.state_file = Some(dir.join("state.json"));
    let chain = spawn_with(config.clone()).await;
    let generated = chain.handle.operator_keys();
    chain.handle.shutdown().await.unwrap();

    config.operator_keys = vec![devnet::config::PrivateKeyHex([5u8; 32])];
    let restarted = spawn_with(config).await;
    let keys = restarted.handle.operator_keys();
    assert_eq!(keys.len(), 2);
    assert!(keys.contains(&generated[0]));
    // The newly configured operator (first in the list) can pay a job right away.
    let job = restarted
        .submit_and_commit(&restarted.sign(
            &restarted.operator,
            0,
            restarted.job_payload(1, &TestChain::grants(1, 1)),
            |b| b,
        ))
        .await;
    assert_eq!(job["success"], true);
    restarted.handle.shutdown().await.unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
}

/// The framework's `0x1::fungible_asset::Deposit` events of a committed transaction.
fn events_named_framework(txn: &serde_json::Value) -> Vec<&serde_json::Value> {
    txn["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["type"] == "0x1::fungible_asset::Deposit")
        .collect()
}

/// A state file written before paid grants were kept by sender and sequence number: `paid`
/// entries and `GrantSkipped` events name the paying transaction's hash, and committed
/// transactions have no fee statement.
fn into_legacy_shape(state: &mut serde_json::Value, paying_hash: &str) {
    let chain = &mut state["chain"];
    chain["jobs"].as_object_mut().unwrap().remove("metadata");
    for record in chain["jobs"]["paid"].as_object_mut().unwrap().values_mut() {
        let record = record.as_object_mut().unwrap();
        record.remove("operator");
        record.remove("sequence_number");
        record.insert("tx_hash".into(), json!(paying_hash));
    }
    for txn in chain["committed"].as_array_mut().unwrap() {
        txn.as_object_mut().unwrap().remove("fee");
        for event in txn["events"].as_array_mut().unwrap() {
            let event = event.as_object_mut().unwrap();
            if event.remove("paid_operator").is_some() {
                event.remove("paid_sequence_number");
                event.insert("paid_tx_hash".into(), json!(paying_hash));
            }
        }
    }
}

#[tokio::test]
async fn a_state_file_that_kept_paid_grants_by_hash_is_upgraded_exactly() {
    let dir = std::env::temp_dir().join(format!("devnet-state-{}", rand::random::<u64>()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("state.json");
    let mut config = DevnetConfig::for_tests();
    config.state_file = Some(path.clone());
    let chain = spawn_with(config.clone()).await;
    let grants = TestChain::grants(2, 30);
    let first = chain
        .submit_and_commit(&chain.sign(&chain.operator, 0, chain.job_payload(1, &grants), |b| b))
        .await;
    let repeat = chain
        .submit_and_commit(&chain.sign(&chain.operator, 1, chain.job_payload(2, &grants), |b| b))
        .await;
    let operator = chain.operator.address().to_short_string();
    chain.handle.shutdown().await.unwrap();

    let mut state: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    into_legacy_shape(&mut state, first["hash"].as_str().unwrap());
    std::fs::write(&path, serde_json::to_vec(&state).unwrap()).unwrap();

    let restarted = spawn_with(config).await;
    let record = restarted
        .view(
            &restarted.jobs_fn("paid_grant"),
            vec![json!(format!("0x{}", hex::encode(&grants[0].2)))],
        )
        .await;
    assert_eq!(
        record,
        vec![json!(true), json!("1"), json!(operator), json!("0")]
    );
    let hash =
        aptos_sdk::HashValue::from_hex(repeat["hash"].as_str().unwrap().trim_start_matches("0x"))
            .unwrap();
    let old = restarted.committed(&hash).await;
    let skipped = events_named(&old, "GrantSkipped");
    assert_eq!(skipped[0]["data"]["paid_operator"], operator);
    assert_eq!(skipped[0]["data"]["paid_sequence_number"], "0");
    // The old flat charge is reported as execution and still adds up to gas_used.
    let fee = &old["events"].as_array().unwrap().last().unwrap()["data"];
    assert_eq!(fee["total_charge_gas_units"], old["gas_used"]);
    // The token's metadata is derived again: a new payment to the same recipient deposits into
    // the same primary store.
    let again = restarted
        .submit_and_commit(&restarted.sign(
            &restarted.operator,
            2,
            restarted.job_payload(3, &[(grants[0].0, 5, crate::helpers::grant_id())]),
            |b| b,
        ))
        .await;
    assert_eq!(
        events_named_framework(&again)[0]["data"]["store"],
        events_named_framework(&first)[0]["data"]["store"]
    );
    restarted.handle.shutdown().await.unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
}
