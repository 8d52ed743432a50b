//! `GET /v1/accounts/{address}/resources` and `/resource/{type}` in the shapes a real Movement
//! node gives for a faucet-funded account: `0x1::account::Account` and
//! `0x1::coin::CoinStore<0x1::aptos_coin::AptosCoin>`, listed by state key, paged with the real
//! node's `x-aptos-cursor`.

use aptos_sdk::transaction::InputEntryFunctionData;
use serde_json::{Value, json};

use crate::helpers::{addr, recipient, spawn};
use crate::rest::get;

const COIN_STORE: &str = "0x1::coin::CoinStore<0x1::aptos_coin::AptosCoin>";

#[tokio::test]
async fn a_funded_account_holds_its_account_and_coin_store_like_on_movement() {
    let chain = spawn().await;
    let payload = InputEntryFunctionData::transfer_apt(recipient(), 7).unwrap();
    chain
        .submit_and_commit(&chain.sign(&chain.operator, 0, payload, |b| b))
        .await;
    let address = chain.operator.address();
    let (status, all) = get(&chain, &format!("accounts/{address}/resources")).await;
    assert_eq!(status, 200);
    let types: Vec<&str> = all
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["type"].as_str().unwrap())
        .collect();
    assert_eq!(types, vec!["0x1::account::Account", COIN_STORE]);
    let account = &all[0]["data"];
    assert_eq!(account["sequence_number"], "1");
    assert_eq!(
        account["authentication_key"],
        addr(address).to_long_string()
    );
    assert_eq!(account["guid_creation_num"], "4");
    assert_eq!(
        account["rotation_capability_offer"],
        json!({"for": {"vec": []}})
    );
    let balance = chain.aptos.get_balance(address).await.unwrap();
    assert_eq!(all[1]["data"]["coin"]["value"], balance.to_string());
    assert_eq!(all[1]["data"]["frozen"], false);
    assert_eq!(
        all[1]["data"]["withdraw_events"]["guid"]["id"]["creation_num"],
        "3"
    );

    // One resource by type: any address spelling, URL-encoded as the SDKs send it.
    let long_one = format!("0x{}1", "0".repeat(63));
    let (status, store) = get(
        &chain,
        &format!(
            "accounts/{address}/resource/{}",
            urlencode(&format!(
                "{long_one}::coin::CoinStore<{long_one}::aptos_coin::AptosCoin>"
            ))
        ),
    )
    .await;
    assert_eq!((status, &store), (200, &all[1]));
    let sdk = chain
        .aptos
        .fullnode()
        .get_account_resource(address, "0x1::account::Account")
        .await
        .unwrap()
        .into_inner();
    assert_eq!(serde_json::to_value(sdk).unwrap()["data"], all[0]["data"]);
}

#[tokio::test]
async fn resources_page_with_the_real_nodes_state_key_cursor() {
    let chain = spawn().await;
    let address = chain.operator.address();
    let base = format!("{}/accounts/{address}/resources", chain.handle.url());
    let first = chain
        .http
        .get(format!("{base}?limit=1"))
        .send()
        .await
        .unwrap();
    let cursor = first.headers()["x-aptos-cursor"]
        .to_str()
        .unwrap()
        .to_string();
    let page: Value = first.json().await.unwrap();
    assert_eq!(page[0]["type"], "0x1::account::Account");
    // StateKey::AccessPath(address, Path::Resource(CoinStore<AptosCoin>)) in BCS, as measured.
    let one = format!("{}01", "00".repeat(31));
    let expected = format!(
        "00{}6801{one}04{}09{}0107{one}0a{}09{}00",
        hex::encode(address.to_bytes()),
        hex::encode("coin"),
        hex::encode("CoinStore"),
        hex::encode("aptos_coin"),
        hex::encode("AptosCoin"),
    );
    assert_eq!(cursor, expected);
    let rest = chain
        .http
        .get(format!("{base}?start={cursor}"))
        .send()
        .await
        .unwrap();
    assert!(!rest.headers().contains_key("x-aptos-cursor"));
    let rest: Value = rest.json().await.unwrap();
    assert_eq!(rest.as_array().unwrap().len(), 1);
    assert_eq!(rest[0]["type"], COIN_STORE);
}

#[tokio::test]
async fn missing_accounts_resources_and_bad_types_answer_like_a_real_node() {
    let chain = spawn().await;
    let (status, body) = get(&chain, "accounts/0x123456/resources").await;
    assert_eq!(
        (status, body["error_code"].as_str()),
        (404, Some("account_not_found"))
    );
    let (status, body) = get(&chain, "accounts/0x123456/resource/0x1::account::Account").await;
    assert_eq!(status, 404);
    assert_eq!(body["error_code"], "resource_not_found");
    assert_eq!(
        body["message"],
        "Resource not found by Address(0x123456), Struct tag(0x1::account::Account) and Ledger version(0)"
    );
    let address = chain.operator.address();
    let (status, body) = get(
        &chain,
        &format!("accounts/{address}/resource/0x1::fungible_asset::FungibleStore"),
    )
    .await;
    assert_eq!(
        (status, body["error_code"].as_str()),
        (404, Some("resource_not_found"))
    );
    let (status, body) = get(&chain, &format!("accounts/{address}/resource/notatype")).await;
    assert_eq!(
        (status, body["error_code"].as_str()),
        (400, Some("web_framework_error"))
    );
    let (status, body) = get(&chain, &format!("accounts/{address}/resources?start=zz")).await;
    assert_eq!(
        (status, body["error_code"].as_str()),
        (400, Some("web_framework_error"))
    );
    let (status, body) = get(&chain, &format!("accounts/{address}/resources?limit=0")).await;
    assert_eq!(
        (status, body["error_code"].as_str()),
        (400, Some("invalid_input"))
    );
}

fn urlencode(text: &str) -> String {
    text.replace('<', "%3C").replace('>', "%3E")
}
