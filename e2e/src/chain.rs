//! The chain an end-to-end test pays on: the in-process dev chain, or Movement's real local
//! chain (the real Move VM, gas schedule and REST API) shared by the whole test run.
//!
//! Every end-to-end test runs once on each ([`ChainKind`]) and asks the chain only through the
//! node's REST API (transactions by hash, the `jobs::balance` view), so the same assertions hold
//! the dev chain to the real one. On the local chain each test gets operator accounts of its own
//! (fresh keys, funded by the faucet, registered by the contract's admin), so tests sharing one
//! chain never share a sequence number.

use aptos_sdk::account::Ed25519Account;
use aptos_sdk::transaction::InputEntryFunctionData;
use aptos_sdk::{AccountAddress, Aptos, AptosConfig};
use devnet::{DevnetConfig, DevnetHandle};
use rand::RngCore;
use serde_json::{Value, json};
use shared::testkit::{self, Localnet};
use std::time::Duration;

/// Which chain a test runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChainKind {
    /// The in-process dev chain (`devnet`).
    Devnet,
    /// Movement's real local chain (`scripts/localnet.sh`).
    Localnet,
}

/// A running chain with operator keys for one test.
pub enum TestChain {
    /// The dev chain, started for this test.
    Dev(DevnetHandle),
    /// The shared real local chain and this test's own operators.
    Local {
        /// The chain.
        chain: &'static Localnet,
        /// Private keys (hex) of this test's operators.
        operator_keys: Vec<String>,
    },
}

/// Octas each new operator gets from the faucet: 100 MOVE, far more gas than a test spends.
const OPERATOR_FUNDING: u64 = 10_000_000_000;

impl TestChain {
    /// Starts (dev chain) or joins (local chain) a chain, with `operators` operator keys.
    pub async fn start(kind: ChainKind, operators: usize) -> Self {
        match kind {
            ChainKind::Devnet => {
                let mut config = DevnetConfig::for_tests();
                config.generated_operators = operators.max(1);
                TestChain::Dev(
                    devnet::Devnet::start(config)
                        .await
                        .expect("the dev chain starts"),
                )
            }
            ChainKind::Localnet => {
                let chain = testkit::localnet();
                let mut operator_keys = Vec::with_capacity(operators);
                for _ in 0..operators.max(1) {
                    operator_keys.push(new_operator(chain).await);
                }
                TestChain::Local {
                    chain,
                    operator_keys,
                }
            }
        }
    }

    /// The node's REST URL, ending in `/v1`.
    pub fn url(&self) -> String {
        match self {
            TestChain::Dev(d) => d.url(),
            TestChain::Local { chain, .. } => chain.node_url.clone(),
        }
    }

    /// Where the Jobs module lives, as chain-svc's `JOBS_ADDRESS` takes it.
    pub fn jobs_address(&self) -> String {
        match self {
            TestChain::Dev(d) => d.jobs_address().to_string(),
            TestChain::Local { chain, .. } => chain.jobs_address.clone(),
        }
    }

    /// The operators' private keys (chain-svc's `SIGNER_KEYS`).
    pub fn operator_keys(&self) -> Vec<String> {
        match self {
            TestChain::Dev(d) => d.operator_keys(),
            TestChain::Local { operator_keys, .. } => operator_keys.clone(),
        }
    }

    /// A committed (or pending) transaction as the node reports it by hash.
    pub async fn transaction(&self, http: &reqwest::Client, hash: &str) -> Value {
        http.get(format!("{}/transactions/by_hash/{hash}", self.url()))
            .send()
            .await
            .expect("the node answers")
            .json()
            .await
            .expect("a JSON transaction")
    }

    /// The payout-token balance of `wallet` (`jobs::balance`).
    pub async fn jobs_balance(&self, http: &reqwest::Client, wallet: &str) -> u64 {
        let out: Value = http
            .post(format!("{}/view", self.url()))
            .json(&json!({
                "function": format!("{}::jobs::balance", self.jobs_address()),
                "type_arguments": [],
                "arguments": [wallet],
            }))
            .send()
            .await
            .expect("the node answers")
            .json()
            .await
            .expect("a JSON view result");
        out[0]
            .as_str()
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| panic!("jobs::balance({wallet}) answered {out}"))
    }

    /// Stops the dev chain; the shared local chain stays up for the other tests.
    pub async fn stop(self) {
        if let TestChain::Dev(d) = self {
            d.shutdown().await.expect("the dev chain stops");
        }
    }
}

/// A new operator on the local chain: a fresh key, funded by the faucet and registered with
/// `jobs::add_operator` by the admin. Admin transactions of all test processes are serialised by
/// a file lock, as the admin has one sequence number.
async fn new_operator(chain: &Localnet) -> String {
    let mut secret = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut secret);
    let key = format!("0x{}", hex::encode(secret));
    let operator = Ed25519Account::from_private_key_hex(&key).expect("a valid key");
    let http = reqwest::Client::new();
    let minted = http
        .post(format!(
            "{}/mint?amount={OPERATOR_FUNDING}&address={}",
            chain.faucet_url,
            operator.address()
        ))
        .send()
        .await
        .expect("the faucet answers");
    assert!(
        minted.status().is_success(),
        "faucet: {}",
        minted.text().await.unwrap_or_default()
    );
    // The faucet answers with the minting transactions' hashes: wait for each.
    let hashes: Vec<String> = minted.json().await.expect("faucet hashes");
    let aptos = Aptos::new(
        AptosConfig::custom(&chain.node_url)
            .expect("a node URL")
            .with_timeout(Duration::from_secs(30)),
    )
    .expect("an aptos client");
    for hash in hashes {
        http.get(format!(
            "{}/transactions/wait_by_hash/0x{}",
            chain.node_url,
            hash.trim_start_matches("0x")
        ))
        .send()
        .await
        .expect("the node answers");
    }

    let admin = Ed25519Account::from_private_key_hex(&chain.admin_key).expect("the admin key");
    let jobs = AccountAddress::from_hex(&chain.jobs_address).expect("the Jobs address");
    let payload = InputEntryFunctionData::new(&format!("{jobs}::jobs::add_operator"))
        .arg(operator.address())
        .build()
        .expect("an add_operator payload");
    let lock = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(chain.admin_lock())
        .expect("the admin lock file");
    let lock = tokio::task::spawn_blocking(move || lock.lock().map(|()| lock))
        .await
        .expect("the lock task")
        .expect("the admin lock");
    let result = aptos
        .sign_submit_and_wait(&admin, payload, Some(Duration::from_secs(60)))
        .await;
    drop(lock);
    let tx = result.expect("jobs::add_operator commits").into_inner();
    assert_eq!(tx["success"], true, "jobs::add_operator: {tx}");
    key
}
