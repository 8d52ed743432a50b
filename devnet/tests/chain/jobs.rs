//! The Jobs contract on the running chain: never pay twice, per-grant failures, job-level aborts,
//! admin functions and views.

use std::time::Duration;

use aptos_sdk::AptosError;
use aptos_sdk::account::Ed25519Account;
use aptos_sdk::transaction::InputEntryFunctionData;
use aptos_sdk::types::AccountAddress;
use devnet::DevnetConfig;
use serde_json::{Value, json};

use crate::helpers::{TestChain, events_named, grant_id, recipient, spawn, spawn_with};

fn abort_status(name: &str, code: u64, description: &str) -> String {
    format!("Move abort in 0x4a6f6273::jobs: {name}({code:#x}): {description}")
}

/// Submits with `account` at its current sequence number and returns the committed JSON.
async fn run(
    chain: &TestChain,
    account: &Ed25519Account,
    payload: aptos_sdk::transaction::TransactionPayload,
) -> Value {
    let seq = chain.seq(account).await;
    let signed = chain.sign(account, seq, payload, |b| b);
    chain.submit_and_commit(&signed).await
}

#[tokio::test]
async fn a_grant_paid_in_one_job_is_skipped_in_a_later_one_with_the_first_payment() {
    let chain = spawn().await;
    let grants = TestChain::grants(3, 50);
    let first = run(&chain, &chain.operator, chain.job_payload(1, &grants)).await;
    let first_hash = first["hash"].as_str().unwrap().to_string();
    let operator = chain.operator.address();
    // Job 2 repeats grant 1 (a redelivery) and adds a new grant.
    let fresh = (recipient(), 70, grant_id());
    let second = run(
        &chain,
        &chain.operator,
        chain.job_payload(2, &[grants[1].clone(), fresh.clone()]),
    )
    .await;
    assert_eq!(second["success"], true);
    let skipped = events_named(&second, "GrantSkipped");
    assert_eq!(skipped.len(), 1);
    assert_eq!(
        skipped[0]["data"],
        json!({
            "job_id": "2",
            "grant_id": format!("0x{}", hex::encode(&grants[1].2)),
            "recipient": grants[1].0.to_short_string(),
            "amount": "50",
            "paid_job_id": "1",
            "paid_operator": operator.to_short_string(),
            "paid_sequence_number": "0",
        })
    );
    // The paying transaction's sender and sequence number lead to its real hash.
    let paid_grant = chain
        .view(
            &chain.jobs_fn("paid_grant"),
            vec![json!(format!("0x{}", hex::encode(&grants[1].2)))],
        )
        .await;
    assert_eq!(
        paid_grant,
        vec![
            json!(true),
            json!("1"),
            json!(operator.to_short_string()),
            json!("0")
        ]
    );
    let listed: Value = chain
        .http
        .get(format!(
            "{}/accounts/{}/transactions?start=0&limit=1",
            chain.handle.url(),
            operator.to_long_string()
        ))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(listed[0]["hash"], first_hash);
    let never_paid = chain
        .view(
            &chain.jobs_fn("paid_grant"),
            vec![json!(format!("0x{}", hex::encode(grant_id())))],
        )
        .await;
    assert_eq!(
        never_paid,
        vec![json!(false), json!("0"), json!("0x0"), json!("0")]
    );
    assert_eq!(events_named(&second, "GrantPaid").len(), 1);
    assert_eq!(
        events_named(&second, "JobCompleted")[0]["data"],
        json!({"job_id": "2", "paid": "1", "skipped": "1", "failed": "0", "total_amount": "70"})
    );
    // The recipient was paid exactly once.
    let balance = chain
        .view(
            &chain.jobs_fn("balance"),
            vec![json!(grants[1].0.to_long_string())],
        )
        .await;
    assert_eq!(balance, vec![json!("50")]);
}

#[tokio::test]
async fn per_grant_failures_are_reported_and_the_rest_of_the_job_is_paid() {
    let mut config = DevnetConfig::for_tests();
    config.per_grant_cap = 1_000;
    let chain = spawn_with(config).await;
    let failed_first = grant_id();
    let grants: Vec<(AccountAddress, u64, Vec<u8>)> = vec![
        (recipient(), 10, grant_id()),
        (recipient(), 0, failed_first.clone()),
        (AccountAddress::ZERO, 10, grant_id()),
        (recipient(), 10, vec![1u8; 15]),
        (recipient(), 1_001, grant_id()),
        // Named again after its first copy failed: judged on its own, paid.
        (recipient(), 7, failed_first),
    ];
    let done = run(&chain, &chain.operator, chain.job_payload(9, &grants)).await;
    assert_eq!(done["success"], true);
    let failed: Vec<(String, String)> = events_named(&done, "GrantFailed")
        .iter()
        .map(|e| {
            (
                e["data"]["reason"].as_str().unwrap().to_string(),
                e["data"]["reason_name"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let expected = [
        ("1", "R_ZERO_AMOUNT"),
        ("2", "R_RESERVED_RECIPIENT"),
        ("3", "R_BAD_GRANT_ID"),
        ("5", "R_AMOUNT_OVER_CAP"),
    ]
    .map(|(a, b)| (a.to_string(), b.to_string()));
    assert_eq!(failed, expected);
    assert_eq!(
        events_named(&done, "GrantFailed")[1]["data"]["recipient"],
        "0x0"
    );
    assert_eq!(
        events_named(&done, "JobCompleted")[0]["data"],
        json!({"job_id": "9", "paid": "2", "skipped": "0", "failed": "4", "total_amount": "17"})
    );
}

#[tokio::test]
async fn a_job_naming_one_payable_grant_id_twice_aborts_and_pays_nothing() {
    let chain = spawn().await;
    let twice = grant_id();
    let grants: Vec<(AccountAddress, u64, Vec<u8>)> = vec![
        (recipient(), 10, twice.clone()),
        (recipient(), 10, grant_id()),
        (recipient(), 10, twice.clone()),
    ];
    let done = run(&chain, &chain.operator, chain.job_payload(3, &grants)).await;
    assert_eq!(done["success"], false);
    assert_eq!(
        done["vm_status"],
        abort_status(
            "E_DUPLICATE_GRANT_ID",
            0x10007,
            "a grant id to be paid appears twice in the job"
        )
    );
    assert!(events_named(&done, "GrantPaid").is_empty());
    let paid = chain
        .view(
            &chain.jobs_fn("is_paid"),
            vec![json!(format!("0x{}", hex::encode(&twice)))],
        )
        .await;
    assert_eq!(paid, vec![json!(false)]);
}

#[tokio::test]
async fn a_non_operator_job_aborts_with_e_not_operator_and_pays_nothing() {
    let chain = spawn().await;
    let grants = TestChain::grants(2, 5);
    let signed = chain.sign(&chain.admin, 0, chain.job_payload(1, &grants), |b| b);
    let hash = chain
        .aptos
        .submit_transaction(&signed)
        .await
        .unwrap()
        .data
        .hash;
    let err = chain
        .aptos
        .fullnode()
        .wait_for_transaction(&hash, Some(Duration::from_secs(10)))
        .await
        .unwrap_err();
    let expected = abort_status("E_NOT_OPERATOR", 0x50001, "caller is not an operator");
    assert!(
        matches!(err, AptosError::ExecutionFailed { ref vm_status } if *vm_status == expected),
        "{err:?}"
    );
    let done = chain.committed(&hash).await;
    // Only the fee statement: measured 4 execution + 1 IO units for E_NOT_OPERATOR.
    assert_eq!(done["events"].as_array().unwrap().len(), 1);
    assert_eq!(done["gas_used"], "5");
    let paid = chain
        .view(
            &chain.jobs_fn("is_paid"),
            vec![json!(format!("0x{}", hex::encode(&grants[0].2)))],
        )
        .await;
    assert_eq!(paid, vec![json!(false)]);
}

#[tokio::test]
async fn malformed_jobs_abort_with_their_documented_codes() {
    let chain = spawn().await;
    let mismatch = InputEntryFunctionData::new(&chain.jobs_fn("submit_job"))
        .arg(1u64)
        .arg(vec![recipient()])
        .arg(vec![1u64, 2u64])
        .arg(vec![grant_id()])
        .build()
        .unwrap();
    let done = run(&chain, &chain.operator, mismatch).await;
    assert_eq!(
        done["vm_status"],
        abort_status(
            "E_LENGTH_MISMATCH",
            0x10003,
            "recipients, amounts and grant_ids differ in length"
        )
    );
    let done = run(&chain, &chain.operator, chain.job_payload(2, &[])).await;
    assert_eq!(
        done["vm_status"],
        abort_status("E_EMPTY_JOB", 0x10004, "a job needs at least one grant")
    );
    let done = run(
        &chain,
        &chain.operator,
        chain.job_payload(3, &TestChain::grants(1001, 1)),
    )
    .await;
    assert_eq!(
        done["vm_status"],
        abort_status(
            "E_TOO_MANY_GRANTS",
            0x20005,
            "a job carries at most 1000 grants"
        )
    );
    let wrong_fn = InputEntryFunctionData::new(&chain.jobs_fn("no_such_fn"))
        .build()
        .unwrap();
    let done = run(&chain, &chain.operator, wrong_fn).await;
    assert_eq!(done["vm_status"], "FUNCTION_RESOLUTION_FAILURE");
    assert_eq!(done["gas_used"], "3");
}

#[tokio::test]
async fn the_admin_manages_operators_and_pause_and_others_cannot() {
    let chain = spawn().await;
    let newcomer = Ed25519Account::generate();
    chain.handle.fund(
        devnet::Address(newcomer.address().to_bytes()),
        10_000_000_000,
    );
    let is_operator_fn = chain.jobs_fn("is_operator");
    let is_operator =
        |who: AccountAddress| chain.view(&is_operator_fn, vec![json!(who.to_long_string())]);
    assert_eq!(is_operator(newcomer.address()).await, vec![json!(false)]);

    let add = InputEntryFunctionData::new(&chain.jobs_fn("add_operator"))
        .arg(newcomer.address())
        .build()
        .unwrap();
    let denied = run(&chain, &chain.operator, add.clone()).await;
    assert_eq!(
        denied["vm_status"],
        abort_status("E_NOT_ADMIN", 0x50006, "caller is not the admin")
    );
    let added = run(&chain, &chain.admin, add).await;
    assert_eq!(added["success"], true);
    assert_eq!(events_named(&added, "OperatorAdded").len(), 1);
    assert_eq!(is_operator(newcomer.address()).await, vec![json!(true)]);
    let job = run(
        &chain,
        &newcomer,
        chain.job_payload(1, &TestChain::grants(1, 1)),
    )
    .await;
    assert_eq!(job["success"], true);

    let pause = InputEntryFunctionData::new(&chain.jobs_fn("set_paused"))
        .arg(true)
        .build()
        .unwrap();
    assert_eq!(run(&chain, &chain.admin, pause).await["success"], true);
    assert_eq!(
        chain.view(&chain.jobs_fn("is_paused"), vec![]).await,
        vec![json!(true)]
    );
    let paused = run(
        &chain,
        &newcomer,
        chain.job_payload(2, &TestChain::grants(1, 1)),
    )
    .await;
    assert_eq!(
        paused["vm_status"],
        abort_status("E_PAUSED", 0x30002, "job submission is paused")
    );

    let remove = InputEntryFunctionData::new(&chain.jobs_fn("remove_operator"))
        .arg(newcomer.address())
        .build()
        .unwrap();
    assert_eq!(run(&chain, &chain.admin, remove).await["success"], true);
    assert_eq!(is_operator(newcomer.address()).await, vec![json!(false)]);
}

#[tokio::test]
async fn views_reject_unknown_functions_and_bad_arguments() {
    let chain = spawn().await;
    for (function, args) in [
        (chain.jobs_fn("nope"), vec![]),
        (chain.jobs_fn("is_paid"), vec![json!(12)]),
        (chain.jobs_fn("balance"), vec![]),
    ] {
        let err = chain
            .strict
            .view(&function, vec![], args)
            .await
            .unwrap_err();
        assert!(
            matches!(
                err,
                AptosError::Api {
                    status_code: 400,
                    ..
                }
            ),
            "{function}: {err:?}"
        );
    }
}
