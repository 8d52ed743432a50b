//! `GET /v1/accounts/{address}/modules` and `/module/{name}`: the Jobs module as a real node
//! serves it (its ABI from Movement's node, its bytecode from the Movement CLI, both at the
//! chain's Jobs address) and the framework modules the SDKs fetch.

use std::path::{Path, PathBuf};
use std::process::Command;

use devnet::{Address, DevnetConfig};
use serde_json::{Value, json};

use crate::helpers::{recipient, spawn, spawn_with};
use crate::rest::get;

#[tokio::test]
async fn the_jobs_module_abi_is_served_at_the_jobs_address() {
    let chain = spawn().await;
    let jobs = chain.handle.jobs_address();
    let (status, module) = get(&chain, &format!("accounts/{jobs}/module/jobs")).await;
    assert_eq!(status, 200);
    let abi = &module["abi"];
    assert_eq!(abi["address"], jobs.to_hex_literal());
    assert_eq!(abi["name"], "jobs");
    let submit = abi["exposed_functions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["name"] == "submit_job")
        .unwrap();
    assert_eq!(
        submit,
        &json!({
            "name": "submit_job",
            "visibility": "public",
            "is_entry": true,
            "is_view": false,
            "generic_type_params": [],
            "params": ["&signer", "u64", "vector<address>", "vector<u64>", "vector<vector<u8>>"],
            "return": [],
        })
    );
    assert!(
        module["bytecode"]
            .as_str()
            .unwrap()
            .starts_with("0xa11ceb0b")
    );
    let (_, all) = get(&chain, &format!("accounts/{jobs}/modules")).await;
    assert_eq!(all, json!([module]));
    let sdk = chain
        .aptos
        .fullnode()
        .get_account_module(aptos_sdk::types::AccountAddress::new(jobs.0), "jobs")
        .await
        .unwrap()
        .into_inner();
    assert_eq!(serde_json::to_value(sdk).unwrap()["abi"]["name"], "jobs");
}

#[tokio::test]
async fn framework_modules_the_sdks_fetch_are_served_at_0x1() {
    let chain = spawn().await;
    let (status, all) = get(&chain, "accounts/0x1/modules").await;
    assert_eq!(status, 200);
    let names: Vec<&str> = all
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["abi"]["name"].as_str().unwrap())
        .collect();
    // In a real node's order: by state key, so shorter names first.
    assert_eq!(
        names,
        ["coin", "account", "aptos_account", "primary_fungible_store"]
    );
    let (_, aptos_account) = get(&chain, "accounts/0x1/module/aptos_account").await;
    let transfer = aptos_account["abi"]["exposed_functions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["name"] == "transfer")
        .unwrap();
    assert_eq!(transfer["params"], json!(["&signer", "address", "u64"]));
}

#[tokio::test]
async fn missing_modules_and_accounts_answer_like_a_real_node() {
    let chain = spawn().await;
    let (status, body) = get(&chain, "accounts/0x1/module/nosuch").await;
    assert_eq!(status, 404);
    assert_eq!(body["error_code"], "module_not_found");
    assert_eq!(
        body["message"],
        "Module not found by Address(0x1), Module name(nosuch) and Ledger version(0)"
    );
    let (status, body) = get(&chain, "accounts/0x123456/modules").await;
    assert_eq!(
        (status, body["error_code"].as_str()),
        (404, Some("account_not_found"))
    );
    let operator = chain.operator.address();
    let (status, body) = get(&chain, &format!("accounts/{operator}/modules")).await;
    assert_eq!((status, body), (200, Value::Array(vec![])));
    let stranger = recipient();
    let (status, _) = get(&chain, &format!("accounts/{stranger}/module/jobs")).await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn modules_page_with_the_real_nodes_state_key_cursor() {
    let chain = spawn().await;
    let base = format!("{}/accounts/0x1/modules", chain.handle.url());
    let first = chain
        .http
        .get(format!("{base}?limit=2"))
        .send()
        .await
        .unwrap();
    let cursor = first.headers()["x-aptos-cursor"]
        .to_str()
        .unwrap()
        .to_string();
    // StateKey::AccessPath(0x1, Path::Code(0x1::aptos_account)) in BCS.
    let one = format!("{}01", "00".repeat(31));
    assert_eq!(
        cursor,
        format!("00{one}2f00{one}0d{}", hex::encode("aptos_account"))
    );
    let rest: Value = chain
        .http
        .get(format!("{base}?start={cursor}"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(rest[0]["abi"]["name"], "aptos_account");
    assert_eq!(rest.as_array().unwrap().len(), 2);
}

/// The Movement CLI, as `scripts/movement-cli.sh` finds it; `None` only when `LOCALNET=0` says
/// to run without it.
fn movement_cli(root: &Path) -> Option<PathBuf> {
    let out = Command::new("bash")
        .arg(root.join("scripts/movement-cli.sh"))
        .output()
        .expect("bash runs");
    if out.status.success() {
        return Some(PathBuf::from(String::from_utf8_lossy(&out.stdout).trim()));
    }
    if std::env::var("LOCALNET").as_deref() == Ok("0") {
        eprintln!("LOCALNET=0: the Movement CLI is not used; the Jobs bytecode check is skipped");
        return None;
    }
    panic!(
        "the Movement CLI is needed to check the Jobs module fixture against move/jobs ({}); set LOCALNET=0 to skip",
        String::from_utf8_lossy(&out.stderr).trim()
    );
}

/// `move/jobs` compiled by the Movement CLI at `address`, in a scratch copy of the package.
fn compile_jobs(cli: &Path, root: &Path, address: Address) -> Vec<u8> {
    let scratch = std::env::temp_dir().join(format!("devnet-jobs-{}", rand::random::<u64>()));
    let copy = Command::new("cp")
        .arg("-r")
        .arg(root.join("move/jobs"))
        .arg(&scratch)
        .status()
        .unwrap();
    assert!(copy.success());
    let _ = std::fs::remove_dir_all(scratch.join("build"));
    let out = Command::new(cli)
        .args([
            "move",
            "compile",
            "--skip-fetch-latest-git-deps",
            "--package-dir",
        ])
        .arg(&scratch)
        .arg("--named-addresses")
        .arg(format!("jobs_addr={}", address.to_long_string()))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "movement move compile failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let bytecode = std::fs::read(scratch.join("build/Jobs/bytecode_modules/jobs.mv")).unwrap();
    std::fs::remove_dir_all(&scratch).unwrap();
    bytecode
}

#[tokio::test]
async fn the_served_jobs_bytecode_is_move_jobs_compiled_at_the_jobs_address() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let Some(cli) = movement_cli(&root) else {
        return;
    };
    let other: Address = format!("0x{}", hex::encode(rand::random::<[u8; 32]>()))
        .parse()
        .unwrap();
    for jobs_address in [DevnetConfig::for_tests().jobs_address, other] {
        let mut config = DevnetConfig::for_tests();
        config.jobs_address = jobs_address;
        let chain = spawn_with(config).await;
        let (_, module) = get(&chain, &format!("accounts/{jobs_address}/module/jobs")).await;
        let served = hex::decode(
            module["bytecode"]
                .as_str()
                .unwrap()
                .trim_start_matches("0x"),
        )
        .unwrap();
        assert!(
            served == compile_jobs(&cli, &root, jobs_address),
            "devnet/fixtures/modules/jobs.json is not move/jobs as compiled now at {jobs_address}: \
             run devnet/fixtures/refresh.sh against a node with the current contract published"
        );
    }
}
