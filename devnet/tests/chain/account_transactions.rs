//! `GET /v1/accounts/{address}/transactions`, checked against what a real node answers (measured
//! on Movement's `run-localnet`): ascending by sequence number, the latest page when no `start`,
//! 25 by default, at most 100, empty past the end, 404 for an unknown account, and each item the
//! same JSON as `by_hash`.

use aptos_sdk::account::Ed25519Account;
use aptos_sdk::transaction::InputEntryFunctionData;
use serde_json::Value;

use crate::helpers::{TestChain, recipient, spawn};
use crate::rest::get;

fn sequence_numbers(page: &Value) -> Vec<u64> {
    page.as_array()
        .expect("a JSON array")
        .iter()
        .map(|t| t["sequence_number"].as_str().unwrap().parse().unwrap())
        .collect()
}

/// Commits `n` APT transfers from `account` (sequence numbers 0..n), at most 100 in mempool at
/// a time as mempool allows.
async fn commit_transfers(chain: &TestChain, account: &Ed25519Account, n: u64) {
    let mut seq = 0;
    while seq < n {
        let end = (seq + 100).min(n);
        let mut last = None;
        for s in seq..end {
            let payload = InputEntryFunctionData::transfer_apt(recipient(), 1).unwrap();
            let signed = chain.sign(account, s, payload, |b| b);
            chain.strict.submit_transaction(&signed).await.unwrap();
            last = Some(signed.hash().unwrap());
        }
        chain.committed(&last.unwrap()).await;
        seq = end;
    }
}

#[tokio::test]
async fn an_accounts_transactions_page_by_sequence_number_like_a_real_node() {
    let chain = spawn().await;
    let address = chain.operator.address();
    commit_transfers(&chain, &chain.operator, 105).await;
    let base = format!("accounts/{address}/transactions");

    let (status, latest) = get(&chain, &base).await;
    assert_eq!(status, 200);
    assert_eq!(
        sequence_numbers(&latest),
        (80..105).collect::<Vec<_>>(),
        "no start: the latest 25, oldest first"
    );
    let (_, first) = get(&chain, &format!("{base}?start=0&limit=3")).await;
    assert_eq!(sequence_numbers(&first), vec![0, 1, 2]);
    let (_, capped) = get(&chain, &format!("{base}?start=2&limit=1000")).await;
    assert_eq!(
        sequence_numbers(&capped),
        (2..102).collect::<Vec<_>>(),
        "limit is cut to 100"
    );
    let (_, tail) = get(&chain, &format!("{base}?start=103")).await;
    assert_eq!(sequence_numbers(&tail), vec![103, 104]);
    let (status, past) = get(&chain, &format!("{base}?start=105")).await;
    assert_eq!((status, past), (200, Value::Array(vec![])));

    // Each item is the committed transaction exactly as by_hash reports it.
    let item = &first[1];
    assert_eq!(item["type"], "user_transaction");
    assert_eq!(
        item["sender"].as_str().unwrap().parse::<devnet::Address>(),
        Ok(crate::helpers::addr(address))
    );
    let (_, by_hash) = get(
        &chain,
        &format!("transactions/by_hash/{}", item["hash"].as_str().unwrap()),
    )
    .await;
    assert_eq!(item, &by_hash);
    let versions: Vec<u64> = latest
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["version"].as_str().unwrap().parse().unwrap())
        .collect();
    assert!(versions.windows(2).all(|w| w[0] < w[1]));

    // The SDK's own call reads the same page.
    let sdk = chain
        .aptos
        .fullnode()
        .get_account_transactions(address, Some(0), Some(3))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(Value::Array(sdk), first);
}

#[tokio::test]
async fn a_funded_account_without_transactions_has_an_empty_list_and_faucet_mints_are_not_its_own()
{
    let chain = spawn().await;
    let fresh = recipient();
    chain.handle.fund(crate::helpers::addr(fresh), 1_000);
    let (status, body) = get(&chain, &format!("accounts/{fresh}/transactions")).await;
    assert_eq!((status, body), (200, Value::Array(vec![])));
}

#[tokio::test]
async fn unknown_accounts_and_bad_parameters_answer_like_a_real_node() {
    let chain = spawn().await;
    let (status, body) = get(&chain, "accounts/0x123456/transactions").await;
    assert_eq!(status, 404);
    assert_eq!(body["error_code"], "account_not_found");
    assert_eq!(
        body["message"],
        "Account not found by Address(0x123456) and Ledger version(0)"
    );
    let base = format!("accounts/{}/transactions", chain.operator.address());
    let (status, body) = get(&chain, &format!("{base}?limit=0")).await;
    assert_eq!(status, 400);
    assert_eq!(body["error_code"], "invalid_input");
    assert_eq!(body["message"], "Given limit value (0) must not be zero");
    let (status, body) = get(&chain, &format!("{base}?start=abc")).await;
    assert_eq!(status, 400);
    assert_eq!(body["error_code"], "web_framework_error");
    assert_eq!(
        body["message"],
        "failed to parse parameter `start`: failed to parse \"string(U64)\": Parsing u64 string \
         \"abc\" failed, caused by error: invalid digit found in string (occurred while parsing \
         \"optional<string(U64)>\")"
    );
    let (status, body) = get(&chain, &format!("{base}?limit=65536")).await;
    assert_eq!(status, 400);
    assert_eq!(
        body["message"],
        "failed to parse parameter `limit`: failed to parse \"integer(uint16)\": number too large \
         to fit in target type (occurred while parsing \"optional<integer(uint16)>\")"
    );
    let (status, body) = get(&chain, "accounts/zz/transactions").await;
    assert_eq!(status, 400);
    assert_eq!(body["error_code"], "web_framework_error");
}
