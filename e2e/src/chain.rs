//! The chain an end-to-end test pays on: the in-process dev chain, or Movement's real local
//! chain (the real Move VM, gas schedule and REST API) shared by the whole test run.
//!
//! Every end-to-end test runs once on each ([`ChainKind`]) and asks the chain only through the
//! node's REST API (transactions by hash, the `jobs::balance` view), so the same assertions hold
//! the dev chain to the real one. On the local chain each test gets operator accounts of its own
//! (fresh keys, funded by the faucet, registered by the contract's admin), so tests sharing one
//! chain never share a sequence number.

use devnet::{DevnetConfig, DevnetHandle};
use serde_json::{Value, json};
use shared::testkit::{self, Localnet};

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
                    operator_keys.push(chain.new_operator().await);
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
