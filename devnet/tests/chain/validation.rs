//! Fullnode validation rules, each answered with the exact error body a real node sends, plus
//! mempool behaviour: parking, identical resubmission, conflicting payloads, capacity, expiry.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use aptos_sdk::AptosError;
use aptos_sdk::account::Ed25519Account;
use aptos_sdk::transaction::authenticator::{Ed25519PublicKey, Ed25519Signature};
use aptos_sdk::transaction::{InputEntryFunctionData, SignedTransaction, TransactionAuthenticator};
use aptos_sdk::types::ChainId;
use serde_json::{Value, json};

use crate::helpers::{TestChain, addr, recipient, spawn};

fn transfer() -> aptos_sdk::transaction::TransactionPayload {
    InputEntryFunctionData::transfer_apt(recipient(), 1).unwrap()
}

fn now_secs() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

/// Submits through the SDK without retries and returns its API error.
async fn rejected(
    chain: &TestChain,
    signed: &SignedTransaction,
) -> (u16, String, Option<String>, Option<u64>) {
    match chain.strict.submit_transaction(signed).await {
        Err(AptosError::Api {
            status_code,
            message,
            error_code,
            vm_error_code,
        }) => (status_code, message, error_code, vm_error_code),
        other => panic!("expected an API error, got {other:?}"),
    }
}

fn vm_error(code: u64, name: &str) -> (u16, String, Option<String>, Option<u64>) {
    (
        400,
        format!("Invalid transaction: Type: Validation Code: {name}"),
        Some("vm_error".to_string()),
        Some(code),
    )
}

#[tokio::test]
async fn a_bad_signature_is_invalid_signature() {
    let chain = spawn().await;
    let signed = chain.sign(&chain.operator, 0, transfer(), |b| b);
    let forged = SignedTransaction::new(
        signed.raw_txn.clone(),
        TransactionAuthenticator::Ed25519 {
            public_key: Ed25519PublicKey(chain.operator.public_key().to_bytes()),
            signature: Ed25519Signature([7u8; 64]),
        },
    );
    assert_eq!(
        rejected(&chain, &forged).await,
        vm_error(1, "INVALID_SIGNATURE")
    );
}

#[tokio::test]
async fn a_key_that_is_not_the_accounts_is_invalid_auth_key() {
    let chain = spawn().await;
    let stranger = Ed25519Account::generate();
    let signed = chain.sign(&stranger, 0, transfer(), |b| {
        b.sender(chain.operator.address())
    });
    assert_eq!(
        rejected(&chain, &signed).await,
        vm_error(2, "INVALID_AUTH_KEY")
    );
}

#[tokio::test]
async fn a_wrong_chain_id_is_bad_chain_id() {
    let chain = spawn().await;
    let signed = chain.sign(&chain.operator, 0, transfer(), |b| {
        b.chain_id(ChainId::new(126))
    });
    assert_eq!(
        rejected(&chain, &signed).await,
        vm_error(23, "BAD_CHAIN_ID")
    );
}

#[tokio::test]
async fn a_used_sequence_number_is_sequence_number_too_old() {
    let chain = spawn().await;
    let first = chain.sign(&chain.operator, 0, transfer(), |b| b);
    chain.submit_and_commit(&first).await;
    let again = chain.sign(&chain.operator, 0, transfer(), |b| b);
    assert_eq!(
        rejected(&chain, &again).await,
        vm_error(3, "SEQUENCE_NUMBER_TOO_OLD")
    );
}

#[tokio::test]
async fn an_expired_transaction_is_transaction_expired() {
    let chain = spawn().await;
    let signed = chain.sign(&chain.operator, 0, transfer(), |b| {
        b.expiration_timestamp_secs(now_secs() - 1)
    });
    assert_eq!(
        rejected(&chain, &signed).await,
        vm_error(6, "TRANSACTION_EXPIRED")
    );
}

#[tokio::test]
async fn an_unknown_sender_is_sending_account_does_not_exist() {
    let chain = spawn().await;
    let nobody = Ed25519Account::generate();
    let signed = chain.sign(&nobody, 0, transfer(), |b| b);
    assert_eq!(
        rejected(&chain, &signed).await,
        vm_error(7, "SENDING_ACCOUNT_DOES_NOT_EXIST")
    );
    let missing = chain
        .strict
        .fullnode()
        .get_account(nobody.address())
        .await
        .unwrap_err();
    assert!(matches!(
        missing,
        AptosError::Api { status_code: 404, error_code: Some(ref c), .. } if c == "account_not_found"
    ));
}

#[tokio::test]
async fn a_sender_that_cannot_cover_max_gas_is_insufficient_balance_for_transaction_fee() {
    let chain = spawn().await;
    let poor = Ed25519Account::generate();
    chain.handle.fund(addr(poor.address()), 1_000_000);
    // 2,000,000 gas * 100 octas needs 2e8 octas; the account holds 1e6.
    let signed = chain.sign(&poor, 0, transfer(), |b| b);
    assert_eq!(
        rejected(&chain, &signed).await,
        vm_error(5, "INSUFFICIENT_BALANCE_FOR_TRANSACTION_FEE")
    );
    // With a max gas it can cover, the same account transacts.
    let affordable = chain.sign(&poor, 0, transfer(), |b| b.max_gas_amount(5_000));
    assert_eq!(chain.submit_and_commit(&affordable).await["success"], true);
}

#[tokio::test]
async fn gas_bounds_and_size_are_checked_like_a_fullnode() {
    let chain = spawn().await;
    // Below the intrinsic gas (2.76 units for a small transaction): refused; 3 is accepted.
    let low_gas = chain.sign(&chain.operator, 0, transfer(), |b| b.max_gas_amount(2));
    assert_eq!(
        rejected(&chain, &low_gas).await,
        vm_error(14, "MAX_GAS_UNITS_BELOW_MIN_TRANSACTION_GAS_UNITS")
    );
    // A 1,000-grant job (57,139 bytes) needs 69: 68 is refused, as on the real chain.
    let large = chain.sign(
        &chain.operator,
        0,
        chain.job_payload(1, &TestChain::grants(1000, 1)),
        |b| b.max_gas_amount(68),
    );
    assert_eq!(
        rejected(&chain, &large).await,
        vm_error(14, "MAX_GAS_UNITS_BELOW_MIN_TRANSACTION_GAS_UNITS")
    );
    let high_gas = chain.sign(&chain.operator, 0, transfer(), |b| {
        b.max_gas_amount(2_000_001)
    });
    assert_eq!(
        rejected(&chain, &high_gas).await,
        vm_error(13, "MAX_GAS_UNITS_EXCEEDS_MAX_GAS_UNITS_BOUND")
    );
    let cheap = chain.sign(&chain.operator, 0, transfer(), |b| b.gas_unit_price(99));
    assert_eq!(
        rejected(&chain, &cheap).await,
        vm_error(15, "GAS_UNIT_PRICE_BELOW_MIN_BOUND")
    );
    // 1000 grants with 60-byte ids: well over 64 KiB.
    let grants: Vec<_> = (0..1000).map(|_| (recipient(), 1, vec![9u8; 60])).collect();
    let big = chain.sign(&chain.operator, 0, chain.job_payload(1, &grants), |b| b);
    assert!(big.to_bcs().unwrap().len() > 64 * 1024);
    assert_eq!(
        rejected(&chain, &big).await,
        vm_error(10, "EXCEEDED_MAX_TRANSACTION_SIZE")
    );
}

#[tokio::test]
async fn undecodable_bytes_and_json_bodies_are_invalid_input() {
    let chain = spawn().await;
    let (status, body) = chain.post_bcs("transactions", vec![1, 2, 3]).await;
    assert_eq!(status, 400);
    assert_eq!(body["error_code"], "invalid_input");
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .starts_with("Failed to deserialize input into SignedTransaction")
    );
    let json_submit = chain
        .http
        .post(format!("{}/transactions", chain.handle.url()))
        .json(&json!({"sender": "0x1"}))
        .send()
        .await
        .unwrap();
    assert_eq!(json_submit.status().as_u16(), 400);
}

#[tokio::test]
async fn parked_future_sequence_numbers_commit_once_the_gap_fills() {
    let chain = spawn().await;
    let txns: Vec<_> = (0..4)
        .map(|seq| chain.sign(&chain.operator, seq, transfer(), |b| b))
        .collect();
    for t in txns.iter().skip(1).rev() {
        chain.aptos.submit_transaction(t).await.unwrap();
    }
    // Several blocks pass; nothing can commit while seq 0 is missing.
    tokio::time::sleep(Duration::from_millis(300)).await;
    let parked = chain
        .aptos
        .fullnode()
        .get_transaction_by_hash(&txns[3].hash().unwrap())
        .await
        .unwrap();
    assert_eq!(parked.data["type"], "pending_transaction");
    assert_eq!(chain.seq(&chain.operator).await, 0);
    chain.aptos.submit_transaction(&txns[0]).await.unwrap();
    let mut versions = Vec::new();
    for t in &txns {
        let done = chain.committed(&t.hash().unwrap()).await;
        assert_eq!(done["success"], true);
        versions.push(done["version"].as_str().unwrap().parse::<u64>().unwrap());
    }
    assert!(
        versions.windows(2).all(|w| w[0] < w[1]),
        "committed in sequence order: {versions:?}"
    );
    assert_eq!(chain.seq(&chain.operator).await, 4);
}

#[tokio::test]
async fn an_identical_resubmission_is_accepted_with_the_same_hash() {
    let chain = spawn().await;
    let signed = chain.sign(&chain.operator, 1, transfer(), |b| b);
    let a = chain.strict.submit_transaction(&signed).await.unwrap();
    let b = chain.strict.submit_transaction(&signed).await.unwrap();
    assert_eq!(a.data.hash, b.data.hash);
    assert_eq!(chain.handle.mempool_len(), 1);
}

#[tokio::test]
async fn a_different_transaction_for_a_held_sequence_number_is_invalid_transaction_update() {
    let chain = spawn().await;
    let first = chain.sign(&chain.operator, 1, transfer(), |b| b);
    chain.strict.submit_transaction(&first).await.unwrap();
    let other = chain.sign(&chain.operator, 1, transfer(), |b| b);
    let (status, message, code, vm) = rejected(&chain, &other).await;
    assert_eq!(status, 400);
    assert_eq!(code.as_deref(), Some("invalid_transaction_update"));
    assert_eq!(
        message,
        "Transaction already in mempool with a different payload"
    );
    assert_eq!(vm, None);
}

#[tokio::test]
async fn more_than_100_uncommitted_transactions_per_account_is_mempool_is_full() {
    let chain = spawn().await;
    // Sequence numbers 1..=100 park (0 is missing), filling the account's mempool share.
    for seq in 1..=100 {
        let t = chain.sign(&chain.operator, seq, transfer(), |b| b);
        chain.strict.submit_transaction(&t).await.unwrap();
    }
    let one_more = chain.sign(&chain.operator, 101, transfer(), |b| b);
    let (status, message, code, _) = rejected(&chain, &one_more).await;
    assert_eq!((status, code.as_deref()), (507, Some("mempool_is_full")));
    assert!(
        message.starts_with("Mempool over capacity for account"),
        "{message}"
    );
}

#[tokio::test]
async fn an_expired_parked_transaction_is_discarded_and_then_not_found() {
    let chain = spawn().await;
    let signed = chain.sign(&chain.operator, 1, transfer(), |b| {
        b.expiration_timestamp_secs(now_secs() + 2)
    });
    let hash = signed.hash().unwrap();
    chain.strict.submit_transaction(&signed).await.unwrap();
    let pending = chain
        .strict
        .fullnode()
        .get_transaction_by_hash(&hash)
        .await
        .unwrap();
    assert_eq!(pending.data["type"], "pending_transaction");
    assert!(pending.data.get("version").is_none());
    let deadline = tokio::time::Instant::now() + Duration::from_secs(6);
    loop {
        match chain.strict.fullnode().get_transaction_by_hash(&hash).await {
            Err(AptosError::Api {
                status_code: 404,
                error_code,
                ..
            }) => {
                assert_eq!(error_code.as_deref(), Some("transaction_not_found"));
                break;
            }
            Ok(_) => assert!(tokio::time::Instant::now() < deadline, "never discarded"),
            Err(e) => panic!("{e}"),
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(chain.handle.mempool_len(), 0);
}

#[tokio::test]
async fn simulation_refuses_a_valid_signature() {
    let chain = spawn().await;
    let signed = chain.sign(&chain.operator, 0, transfer(), |b| b);
    let (status, body) = chain
        .post_bcs("transactions/simulate", signed.to_bcs().unwrap())
        .await;
    assert_eq!(status, 400);
    assert_eq!(
        body["message"],
        "Simulated transactions must not have a valid signature"
    );
    assert_eq!(body["error_code"], "invalid_input");
}

#[tokio::test]
async fn too_little_max_gas_commits_as_out_of_gas_and_charges_it() {
    let chain = spawn().await;
    let before = chain
        .aptos
        .get_balance(chain.operator.address())
        .await
        .unwrap();
    let grants = TestChain::grants(3, 5);
    // Needs about 2,935 gas units, 2,914 of them the storage fee of three new recipients.
    let signed = chain.sign(&chain.operator, 0, chain.job_payload(1, &grants), |b| {
        b.max_gas_amount(600)
    });
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
    assert!(
        matches!(err, AptosError::ExecutionFailed { ref vm_status } if vm_status == "Out of gas")
    );
    let done: Value = chain.committed(&hash).await;
    assert_eq!(
        (done["success"].clone(), done["gas_used"].clone()),
        (json!(false), json!("600"))
    );
    let after = chain
        .aptos
        .get_balance(chain.operator.address())
        .await
        .unwrap();
    assert_eq!(before - after, 600 * 100);
    assert_eq!(chain.seq(&chain.operator).await, 1);
}
