//! Real-chain client code shared by the `chain-cost`, `measure-gas` and `upgrade-check` examples:
//! faucet funding, waiting for a transaction to commit, signing and submitting with a local
//! sequence number, reading a committed transaction's `0x1::transaction_fee::FeeStatement`,
//! publishing a Move package with the Movement CLI (`MOVEMENT_CLI`, else `movement` on PATH),
//! and the grants (`random_address`, UUID v7-shaped ids, `submit_job` payloads) the Jobs
//! contract takes.
//!
//! Included by each example with `#[path = "real_chain/mod.rs"] mod real_chain;` (a directory
//! under `examples/` without a `main.rs` is not an example itself).

// Each example uses its own part of this module; what one leaves unused another needs.
#![allow(dead_code)]

use std::path::Path;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use anyhow::{Context, bail};
use aptos_sdk::account::Ed25519Account;
use aptos_sdk::transaction::{
    InputEntryFunctionData, SignedTransaction, TransactionBuilder, TransactionPayload,
    sign_transaction,
};
use aptos_sdk::types::{AccountAddress, ChainId};
use aptos_sdk::{Aptos, AptosConfig, AptosError};
use rand::RngCore;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Where the chain is (`--node`, `--faucet`), for an example's arguments (`#[command(flatten)]`).
#[derive(Debug, clap::Args)]
pub struct ChainArgs {
    /// Node REST URL, ending in `/v1`.
    #[arg(long)]
    pub node: String,
    /// Faucet base URL (`POST {faucet}/mint?amount=N&address=0x..`).
    #[arg(long)]
    pub faucet: String,
}

/// A node, its faucet and the Movement CLI that publishes to it.
pub struct Chain {
    pub aptos: Aptos,
    pub http: reqwest::Client,
    /// Faucet base URL without a trailing `/` (`POST {faucet}/mint?amount=N&address=0x..`).
    pub faucet: String,
    /// Node REST URL, ending in `/v1`.
    pub node: String,
    pub chain_id: ChainId,
    /// The Movement CLI: `MOVEMENT_CLI`, else `movement` on PATH.
    pub cli: String,
}

/// A funded account and its next sequence number.
pub struct Signer {
    pub account: Ed25519Account,
    pub seq: u64,
}

/// What became of a submitted transaction.
pub enum Sent {
    /// The node took it; the committed transaction (successful or not) as the node shows it.
    Committed(Value),
    /// The node refused it (e.g. too large): `refused: {error}`.
    Refused(String),
}

/// A transaction's outcome and its `0x1::transaction_fee::FeeStatement` (all zero when refused).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Fee {
    /// Committed with `success: true`.
    pub success: bool,
    /// The node's `vm_status` (or `refused: {error}` for a refused transaction).
    pub vm_status: String,
    /// The transaction's `gas_used`.
    pub gas_used: u64,
    /// FeeStatement.execution_gas_units.
    pub execution: u64,
    /// FeeStatement.io_gas_units.
    pub io: u64,
    /// FeeStatement.storage_fee_octas.
    pub storage_octas: u64,
    /// FeeStatement.storage_fee_refund_octas: storage deposits paid back to the sender.
    pub refund_octas: u64,
    /// FeeStatement.total_charge_gas_units.
    pub total: u64,
}

impl Fee {
    /// The outcome and fee statement of `sent`.
    pub fn of(sent: &Sent) -> Fee {
        let done = match sent {
            Sent::Committed(done) => done,
            Sent::Refused(status) => {
                return Fee {
                    vm_status: status.clone(),
                    ..Fee::default()
                };
            }
        };
        let fee = done["events"]
            .as_array()
            .and_then(|events| {
                events
                    .iter()
                    .find(|e| e["type"] == "0x1::transaction_fee::FeeStatement")
            })
            .map(|e| e["data"].clone())
            .unwrap_or(Value::Null);
        Fee {
            success: done["success"].as_bool().unwrap_or(false),
            vm_status: done["vm_status"].as_str().unwrap_or_default().to_string(),
            gas_used: u64_field(done, "gas_used"),
            execution: u64_field(&fee, "execution_gas_units"),
            io: u64_field(&fee, "io_gas_units"),
            storage_octas: u64_field(&fee, "storage_fee_octas"),
            refund_octas: u64_field(&fee, "storage_fee_refund_octas"),
            total: u64_field(&fee, "total_charge_gas_units"),
        }
    }
}

/// A `u64` the node's JSON carries as a decimal string (0 when absent).
pub fn u64_field(v: &Value, name: &str) -> u64 {
    v[name].as_str().and_then(|s| s.parse().ok()).unwrap_or(0)
}

impl Chain {
    /// Connects to `node` (30 s request timeout) and learns its chain id.
    pub async fn connect(node: &str, faucet: &str) -> anyhow::Result<Chain> {
        let aptos = Aptos::new(AptosConfig::custom(node)?.with_timeout(Duration::from_secs(30)))?;
        let chain_id = aptos.ensure_chain_id().await?;
        Ok(Chain {
            aptos,
            http: reqwest::Client::new(),
            faucet: faucet.trim_end_matches('/').to_string(),
            node: node.to_string(),
            chain_id,
            cli: std::env::var("MOVEMENT_CLI").unwrap_or_else(|_| "movement".to_string()),
        })
    }

    /// Mints `amount` octas to `address` with the faucet and waits for the mint to commit.
    pub async fn fund(&self, address: AccountAddress, amount: u64) -> anyhow::Result<()> {
        let url = format!(
            "{}/mint?amount={amount}&address={}",
            self.faucet,
            address.to_long_string()
        );
        let response = self.http.post(&url).send().await?.error_for_status()?;
        let hashes: Vec<String> = response.json().await.context("faucet answer")?;
        for hash in hashes {
            let hash = aptos_sdk::HashValue::from_hex(hash.trim_start_matches("0x"))?;
            self.wait(&hash).await?;
        }
        Ok(())
    }

    /// A new account funded with `octas`.
    pub async fn new_signer(&self, octas: u64) -> anyhow::Result<Signer> {
        let account = Ed25519Account::generate();
        self.fund(account.address(), octas).await?;
        Ok(Signer { account, seq: 0 })
    }

    /// Polls by hash until the transaction has a version (at most 60 s).
    pub async fn wait(&self, hash: &aptos_sdk::HashValue) -> anyhow::Result<Value> {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(60);
        loop {
            match self.aptos.fullnode().get_transaction_by_hash(hash).await {
                Ok(r) if r.data.get("version").is_some() => return Ok(r.data),
                Ok(_)
                | Err(AptosError::Api {
                    status_code: 404, ..
                }) => {}
                Err(e) => return Err(e.into()),
            }
            if tokio::time::Instant::now() > deadline {
                bail!("transaction {hash} did not commit within 60 s");
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Signs `payload` as `signer` at its next sequence number (expiring in 120 s).
    pub fn sign(
        &self,
        signer: &Signer,
        payload: TransactionPayload,
        max_gas: u64,
        price: u64,
    ) -> anyhow::Result<SignedTransaction> {
        let raw = TransactionBuilder::new()
            .sender(signer.account.address())
            .sequence_number(signer.seq)
            .payload(payload)
            .max_gas_amount(max_gas)
            .gas_unit_price(price)
            .expiration_from_now(120)
            .chain_id(self.chain_id)
            .build()?;
        Ok(sign_transaction(&raw, &signer.account)?)
    }

    /// Submits `signed` (signed by `signer`) and waits for it to commit; the node refusing it is
    /// an outcome, not an error. `signer`'s sequence number moves on when the node takes it.
    pub async fn submit(
        &self,
        signer: &mut Signer,
        signed: &SignedTransaction,
    ) -> anyhow::Result<Sent> {
        let hash = signed.hash()?;
        match self.aptos.submit_transaction(signed).await {
            Ok(_) => {
                signer.seq += 1;
                Ok(Sent::Committed(self.wait(&hash).await?))
            }
            Err(e) => Ok(Sent::Refused(format!("refused: {e}"))),
        }
    }

    /// Publishes `package` at `publisher`'s address (named address `jobs_addr`) with the Movement
    /// CLI; the CLI's stdout and stderr as the error when it fails or the chain refuses it.
    pub fn publish(
        &self,
        package: &Path,
        publisher: &Ed25519Account,
        max_gas: u64,
    ) -> anyhow::Result<()> {
        let address = publisher.address().to_long_string();
        let output = std::process::Command::new(&self.cli)
            .args(["move", "publish", "--package-dir"])
            .arg(package)
            .args([
                "--named-addresses",
                &format!("jobs_addr={address}"),
                "--private-key",
                &publisher.private_key().to_hex(),
                "--url",
                self.node.trim_end_matches('/').trim_end_matches("/v1"),
                "--max-gas",
                &max_gas.to_string(),
                "--skip-fetch-latest-git-deps",
                "--assume-yes",
            ])
            .env("APTOS_DISABLE_TELEMETRY", "true")
            .output()
            .with_context(|| format!("running {} (set MOVEMENT_CLI)", self.cli))?;
        let stdout = String::from_utf8_lossy(&output.stdout);
        if !output.status.success() || stdout.contains("\"success\": false") {
            bail!("{stdout}\n{}", String::from_utf8_lossy(&output.stderr));
        }
        Ok(())
    }

    /// Copies `package` (without `build/`) to a temporary directory named after `tag` and
    /// publishes it from a new account funded with 100 APT; returns the publisher (the admin).
    pub async fn publish_fresh(
        &self,
        package: &Path,
        max_gas: u64,
        tag: &str,
    ) -> anyhow::Result<Ed25519Account> {
        let publisher = Ed25519Account::generate();
        self.fund(publisher.address(), 10_000_000_000).await?;
        let dir = std::env::temp_dir().join(format!("{tag}-{}", rand::random::<u64>()));
        copy_package(package, &dir)?;
        let published = self.publish(&dir, &publisher, max_gas);
        std::fs::remove_dir_all(&dir).ok();
        published.with_context(|| format!("publishing {} failed", package.display()))?;
        Ok(publisher)
    }
}

/// Copies a Move package without its `build/` directory.
pub fn copy_package(from: &Path, to: &Path) -> anyhow::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let name = entry.file_name();
        if name == "build" {
            continue;
        }
        let target = to.join(&name);
        if entry.file_type()?.is_dir() {
            copy_package(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), target)?;
        }
    }
    Ok(())
}

/// A grant as `jobs::submit_job` takes it.
#[derive(Clone)]
pub struct Grant {
    pub recipient: AccountAddress,
    pub amount: u64,
    pub id: Vec<u8>,
}

/// A random account address (32 bytes from `rng`).
pub fn random_address(rng: &mut impl RngCore) -> AccountAddress {
    let mut a = [0u8; 32];
    rng.fill_bytes(&mut a);
    AccountAddress::new(a)
}

/// A 16-byte grant id from `rng`: random bytes, or with `uuid_v7` a UUID v7 as campaign-svc's
/// `grant_request_id()` makes it (48-bit Unix milliseconds, version 7, 12 random bits,
/// variant 10, 62 random bits).
pub fn grant_id(rng: &mut impl RngCore, uuid_v7: bool) -> Vec<u8> {
    let mut id = vec![0u8; 16];
    rng.fill_bytes(&mut id);
    if uuid_v7 {
        let ms = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .expect("clock after 1970")
            .as_millis() as u64;
        id[..6].copy_from_slice(&ms.to_be_bytes()[2..]);
        id[6] = 0x70 | (id[6] & 0x0f);
        id[8] = 0x80 | (id[8] & 0x3f);
    }
    id
}

/// `n` grants of 1,000 to new random recipients, ids made by [`grant_id`].
pub fn new_grants(rng: &mut impl RngCore, n: usize, uuid_v7: bool) -> Vec<Grant> {
    (0..n)
        .map(|_| Grant {
            recipient: random_address(rng),
            amount: 1_000,
            id: grant_id(rng, uuid_v7),
        })
        .collect()
}

/// A `jobs::submit_job` call of the module at `jobs`.
pub fn submit_job(
    jobs: AccountAddress,
    job_id: u64,
    grants: &[Grant],
) -> anyhow::Result<TransactionPayload> {
    Ok(
        InputEntryFunctionData::new(&format!("{}::jobs::submit_job", jobs.to_long_string()))
            .arg(job_id)
            .arg(grants.iter().map(|g| g.recipient).collect::<Vec<_>>())
            .arg(grants.iter().map(|g| g.amount).collect::<Vec<u64>>())
            .arg(grants.iter().map(|g| g.id.clone()).collect::<Vec<_>>())
            .build()?,
    )
}
