//! `POST /v1/view` with JSON and with BCS bodies (what both official SDKs send), the framework
//! views the SDKs call in ordinary use, and BCS results; answers and errors as measured on
//! Movement's local chain.

use aptos_sdk::types::TypeTag;
use serde_json::{Value, json};

use crate::helpers::{TestChain, addr, recipient, spawn};

/// POSTs a JSON view request; returns status and body.
async fn view_json(chain: &TestChain, body: Value) -> (u16, Value) {
    let r = chain
        .http
        .post(format!("{}/view", chain.handle.url()))
        .json(&body)
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.json().await.unwrap())
}

#[tokio::test]
async fn framework_views_answer_like_movement() {
    let chain = spawn().await;
    let operator = chain.operator.address().to_string();
    let stranger = recipient().to_string();
    let call = |function: &str, type_arguments: Value, arguments: Value| json!({"function": function, "type_arguments": type_arguments, "arguments": arguments});
    assert_eq!(
        view_json(
            &chain,
            call("0x1::account::exists_at", json!([]), json!([operator]))
        )
        .await,
        (200, json!([true]))
    );
    assert_eq!(
        view_json(
            &chain,
            call("0x1::account::exists_at", json!([]), json!([stranger]))
        )
        .await,
        (200, json!([false]))
    );
    assert_eq!(
        view_json(
            &chain,
            call(
                "0x1::account::get_sequence_number",
                json!([]),
                json!([operator])
            )
        )
        .await,
        (200, json!(["0"]))
    );
    let (status, body) = view_json(
        &chain,
        call(
            "0x1::account::get_sequence_number",
            json!([]),
            json!([stranger]),
        ),
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(body["error_code"], "invalid_input");
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .starts_with("Failed to execute function: VMError { major_status: MISSING_DATA")
    );
    // APT lives in the coin store on Movement: the primary store of 0xa holds nothing.
    for type_argument in ["0x1::fungible_asset::Metadata", "0x1::object::ObjectCore"] {
        assert_eq!(
            view_json(
                &chain,
                call(
                    "0x1::primary_fungible_store::balance",
                    json!([type_argument]),
                    json!([operator, "0xa"])
                )
            )
            .await,
            (200, json!(["0"]))
        );
    }
    // The TS SDK asks which coin a metadata address pairs with before reading a balance by it.
    assert_eq!(
        view_json(
            &chain,
            call("0x1::coin::paired_coin", json!([]), json!(["0xa"]))
        )
        .await,
        (
            200,
            json!([{"vec": [{
                "account_address": "0x1",
                "module_name": "0x6170746f735f636f696e",
                "struct_name": "0x4170746f73436f696e",
            }]}])
        )
    );
    let token = devnet_token_metadata(chain.handle.jobs_address());
    assert_eq!(
        view_json(
            &chain,
            call("0x1::coin::paired_coin", json!([]), json!([token]))
        )
        .await,
        (200, json!([{"vec": []}]))
    );
    let (status, body) = view_json(
        &chain,
        call("0x1::coin::paired_coin", json!([]), json!(["0x1234"])),
    )
    .await;
    assert_eq!(
        (status, body["message"].as_str()),
        (400, Some("PartialVMError with status ABORTED"))
    );
    let long_one = format!("0x{}1", "0".repeat(63));
    let balance = chain
        .aptos
        .get_balance(chain.operator.address())
        .await
        .unwrap();
    assert_eq!(
        view_json(
            &chain,
            call(
                &format!("{long_one}::coin::balance"),
                json!([format!("{long_one}::aptos_coin::AptosCoin")]),
                json!([operator])
            )
        )
        .await,
        (200, json!([balance.to_string()])),
        "any address spelling"
    );
}

#[tokio::test]
async fn the_jobs_token_balance_reads_through_primary_fungible_store() {
    let chain = spawn().await;
    let grants = TestChain::grants(1, 77);
    chain
        .submit_and_commit(&chain.sign(&chain.operator, 0, chain.job_payload(1, &grants), |b| b))
        .await;
    let owner = grants[0].0.to_string();
    let jobs = chain.handle.jobs_address();
    let metadata = devnet_token_metadata(jobs);
    let (status, body) = view_json(
        &chain,
        json!({
            "function": "0x1::primary_fungible_store::balance",
            "type_arguments": ["0x1::fungible_asset::Metadata"],
            "arguments": [owner, metadata],
        }),
    )
    .await;
    assert_eq!((status, body), (200, json!(["77"])));
    assert_eq!(chain.handle.jobs_balance(addr(grants[0].0)), 77);
}

/// sha3_256(jobs ‖ "JOBS_TOKEN" ‖ 0xFE), as `object::create_named_object` derives it.
fn devnet_token_metadata(jobs: devnet::Address) -> String {
    use sha3::{Digest, Sha3_256};
    let mut hasher = Sha3_256::new();
    hasher.update(jobs.0);
    hasher.update(b"JOBS_TOKEN");
    hasher.update([0xFE]);
    format!("0x{}", hex::encode(hasher.finalize()))
}

#[tokio::test]
async fn bcs_view_requests_from_the_sdk_are_typed_by_the_abi() {
    let chain = spawn().await;
    let operator = chain.operator.address();
    let balance = chain.aptos.get_balance(operator).await.unwrap();
    let answer = chain
        .aptos
        .fullnode()
        .view_bcs_args(
            "0x1::coin::balance",
            vec![TypeTag::aptos_coin()],
            vec![operator.to_bytes().to_vec()],
        )
        .await
        .unwrap()
        .into_inner();
    assert_eq!(answer, vec![json!(balance.to_string())]);
    let jobs_fn = chain.jobs_fn("is_operator");
    let answer = chain
        .aptos
        .fullnode()
        .view_bcs_args(&jobs_fn, vec![], vec![operator.to_bytes().to_vec()])
        .await
        .unwrap()
        .into_inner();
    assert_eq!(answer, vec![json!(true)]);
    let paid = chain
        .aptos
        .fullnode()
        .view_bcs_args(
            &chain.jobs_fn("is_paid"),
            vec![],
            vec![bcs::to_bytes(&vec![7u8; 16]).unwrap()],
        )
        .await
        .unwrap()
        .into_inner();
    assert_eq!(paid, vec![json!(false)]);
    let missing_arg = chain
        .strict
        .fullnode()
        .view_bcs_args("0x1::coin::balance", vec![TypeTag::aptos_coin()], vec![])
        .await;
    assert!(missing_arg.is_err());
}

#[tokio::test]
async fn bcs_results_are_the_bcs_of_the_returned_values() {
    let chain = spawn().await;
    let operator = chain.operator.address();
    let r = chain
        .http
        .post(format!("{}/view", chain.handle.url()))
        .header("accept", "application/x-bcs")
        .json(&json!({
            "function": "0x1::account::exists_at",
            "type_arguments": [],
            "arguments": [operator.to_string()],
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    assert_eq!(r.bytes().await.unwrap().as_ref(), &[1, 1]);
    let balance: Vec<u64> = chain
        .aptos
        .view_bcs(
            "0x1::coin::balance",
            vec!["0x1::aptos_coin::AptosCoin".to_string()],
            vec![operator.to_bytes().to_vec()],
        )
        .await
        .unwrap();
    assert_eq!(
        balance,
        vec![chain.aptos.get_balance(operator).await.unwrap()]
    );
}

#[tokio::test]
async fn calls_that_do_not_fit_the_abi_are_refused_like_on_movement() {
    let chain = spawn().await;
    let operator = chain.operator.address().to_string();
    let cases = [
        (
            json!({"function": "0x1::coin::balance", "type_arguments": [], "arguments": [operator]}),
            "expected 1 type arguments for entry function 0x1::coin::balance, but got 0",
        ),
        (
            json!({"function": "0x1::coin::balance", "type_arguments": ["0x1::aptos_coin::AptosCoin"], "arguments": []}),
            "expected 1 arguments [string<address>], but got 0 ([])",
        ),
        (
            json!({"function": "0x1::coin::nosuch", "type_arguments": [], "arguments": []}),
            "could not find entry function by 0x1::coin::nosuch",
        ),
        (
            json!({"function": "0x1::aptos_account::transfer", "type_arguments": [], "arguments": ["0x1", "1"]}),
            "PartialVMError with status INVALID_MAIN_FUNCTION_SIGNATURE and message function not marked as view function",
        ),
    ];
    for (body, message) in cases {
        let (status, answer) = view_json(&chain, body).await;
        assert_eq!(status, 400, "{message}");
        assert_eq!(answer["error_code"], "invalid_input");
        assert_eq!(answer["message"], message);
    }
    let (status, answer) = view_json(
        &chain,
        json!({"function": "0x1::nosuch::f", "type_arguments": [], "arguments": []}),
    )
    .await;
    assert_eq!(status, 400);
    assert!(
        answer["message"]
            .as_str()
            .unwrap()
            .ends_with("can't be found")
    );
}
