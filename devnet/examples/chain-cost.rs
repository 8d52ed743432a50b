//! `chain_cost`: what one grant costs on a real chain, and how many grants one transaction carries,
//! for several versions of the Jobs contract side by side (today's baseline and each design tried).
//!
//! For every `--variant NAME=DIR` it publishes DIR (a copy of a Move package in the shape of
//! `move/jobs`) from a new funded account with the Movement CLI, so no variant shares state with
//! another or with a contract already deployed on the chain; registers a new operator; pays a pool
//! of recipients once (so that they hold the token); then measures, from each committed
//! transaction's `0x1::transaction_fee::FeeStatement`:
//!
//! - `--jobs` jobs of `--size` grants to recipients that already hold the token, and as many to
//!   new recipients, after one warm-up job of each (not counted: a fresh contract's first
//!   reorganisation of its state), summed: octas (gas used × price, less the storage refunds the
//!   sender gets back), gas units, execution / IO units, storage and refunded octas per grant;
//! - the largest job of each kind that commits, by bisection (each probe a fresh job), up to the
//!   contract's own per-job cap;
//! - the largest "scattered retry" that commits: already-paid grants picked at random from all the
//!   variant paid, as a retried backlog of old ids would be (every one skipped).
//!
//! Grant ids are UUID v7 made from the clock as the job is built, as campaign-svc makes them
//! (48-bit milliseconds, version 7, random bits), so a design that groups ids by time sees the
//! ids it will see in production. Prints one JSON object per variant on stdout (the last line is
//! `{"variants": {NAME: M, ...}}`); progress goes to stderr.
//!
//! ```sh
//! MOVEMENT_CLI=../shared/tools/movement cargo run -p devnet --example chain-cost -- \
//!     --node http://127.0.0.1:18090/v1 --faucet http://127.0.0.1:18091 \
//!     --variant baseline=move/baseline --variant current=move/jobs
//! ```

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use anyhow::{Context, bail};
use aptos_sdk::account::Ed25519Account;
use aptos_sdk::transaction::{
    InputEntryFunctionData, TransactionBuilder, TransactionPayload, sign_transaction,
};
use aptos_sdk::types::{AccountAddress, ChainId};
use aptos_sdk::{Aptos, AptosConfig, AptosError};
use clap::Parser;
use rand::RngCore;
use serde::Serialize;
use serde_json::{Value, json};

/// Where to measure and what.
#[derive(Debug, Parser)]
struct Args {
    /// Node REST URL, ending in `/v1`.
    #[arg(long)]
    node: String,
    /// Faucet base URL (`POST {faucet}/mint?amount=N&address=0x..`).
    #[arg(long)]
    faucet: String,
    /// A contract version to measure, as NAME=PACKAGE_DIR (repeatable).
    #[arg(long = "variant", required = true)]
    variants: Vec<String>,
    /// Grants per job for the per-grant cost.
    #[arg(long, default_value_t = 100)]
    size: usize,
    /// Jobs of `--size` whose costs are summed for the per-grant cost (after one warm-up job, so a
    /// fresh contract's first reorganisation of its state is not counted; later ones are).
    #[arg(long, default_value_t = 10)]
    jobs: usize,
    /// Upper end of the bisection (the contract's own cap: a larger job aborts E_TOO_MANY_GRANTS).
    #[arg(long, default_value_t = 1000)]
    max_grants: usize,
}

const PRICE: u64 = 100;
const MAX_GAS: u64 = 2_000_000;

/// A grant as `submit_job` takes it.
#[derive(Clone)]
struct Grant {
    recipient: AccountAddress,
    amount: u64,
    id: Vec<u8>,
}

/// One transaction's outcome and cost.
#[derive(Debug, Clone, Serialize)]
struct Cost {
    grants: usize,
    success: bool,
    vm_status: String,
    gas_used: u64,
    execution: u64,
    io: u64,
    storage_octas: u64,
    /// Storage deposits refunded (state slots deleted), octas: paid back to the sender.
    refund_octas: u64,
}

impl Cost {
    /// The sum of several committed jobs' costs.
    fn sum(costs: &[Cost]) -> Cost {
        Cost {
            grants: costs.iter().map(|c| c.grants).sum(),
            success: costs.iter().all(|c| c.success),
            vm_status: String::new(),
            gas_used: costs.iter().map(|c| c.gas_used).sum(),
            execution: costs.iter().map(|c| c.execution).sum(),
            io: costs.iter().map(|c| c.io).sum(),
            storage_octas: costs.iter().map(|c| c.storage_octas).sum(),
            refund_octas: costs.iter().map(|c| c.refund_octas).sum(),
        }
    }

    /// A limit of the VM or of the contract's job size: the job is too big, not wrong.
    fn hit_limit(&self) -> bool {
        [
            "EXECUTION_LIMIT_REACHED",
            "IO_LIMIT_REACHED",
            "STORAGE_LIMIT_REACHED",
            "OUT_OF_GAS",
            "MAX_GAS_UNITS_EXCEEDS_MAX_GAS_UNITS_BOUND",
            "E_TOO_MANY_GRANTS",
            "EXCEEDED_MAX_TRANSACTION_SIZE",
            "TOO_MANY_WRITE_OPS",
            "WRITE_SIZE",
        ]
        .iter()
        .any(|limit| self.vm_status.contains(limit))
    }

    /// Per-grant figures of a committed job.
    fn per_grant(&self) -> Value {
        let n = self.grants as f64;
        json!({
            "grants": self.grants,
            // What the sender is out of pocket: the charge less the refunds paid back.
            "octas": (self.gas_used * PRICE).saturating_sub(self.refund_octas) as f64 / n,
            "refund_octas": self.refund_octas as f64 / n,
            "gas_units": self.gas_used as f64 / n,
            "execution_units": self.execution as f64 / n,
            "io_units": self.io as f64 / n,
            "storage_octas": self.storage_octas as f64 / n,
            "total": {"gas_used": self.gas_used, "execution": self.execution, "io": self.io,
                      "storage_octas": self.storage_octas, "refund_octas": self.refund_octas},
        })
    }
}

/// The chain, and the variant being measured.
struct Chain {
    aptos: Aptos,
    http: reqwest::Client,
    faucet: String,
    chain_id: ChainId,
    cli: String,
    node: String,
}

/// A funded account and its next sequence number.
struct Signer {
    account: Ed25519Account,
    seq: u64,
}

/// A UUID v7 as campaign-svc's `grant_request_id()` makes it: 48-bit Unix milliseconds, version 7,
/// 12 random bits, variant 10, 62 random bits.
fn uuid_v7() -> Vec<u8> {
    let ms = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock after 1970")
        .as_millis() as u64;
    let mut id = [0u8; 16];
    rand::thread_rng().fill_bytes(&mut id);
    id[..6].copy_from_slice(&ms.to_be_bytes()[2..]);
    id[6] = 0x70 | (id[6] & 0x0f);
    id[8] = 0x80 | (id[8] & 0x3f);
    id.to_vec()
}

fn random_address() -> AccountAddress {
    let mut a = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut a);
    AccountAddress::new(a)
}

fn new_grants(n: usize) -> Vec<Grant> {
    (0..n)
        .map(|_| Grant {
            recipient: random_address(),
            amount: 1_000,
            id: uuid_v7(),
        })
        .collect()
}

/// `n` grants with new ids to recipients of the pool (who hold the token).
fn existing_grants(pool: &[AccountAddress], n: usize) -> anyhow::Result<Vec<Grant>> {
    if pool.len() < n {
        bail!("{n} existing recipients asked, the pool has {}", pool.len());
    }
    Ok(pool[..n]
        .iter()
        .map(|&recipient| Grant {
            recipient,
            amount: 1_000,
            id: uuid_v7(),
        })
        .collect())
}

fn u64_field(v: &Value, name: &str) -> u64 {
    v[name].as_str().and_then(|s| s.parse().ok()).unwrap_or(0)
}

impl Chain {
    async fn fund(&self, address: AccountAddress, amount: u64) -> anyhow::Result<()> {
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

    async fn wait(&self, hash: &aptos_sdk::HashValue) -> anyhow::Result<Value> {
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

    /// Sends one transaction and waits for it; a refused one (e.g. too large) is reported, not an error.
    async fn send(
        &self,
        signer: &mut Signer,
        payload: TransactionPayload,
        grants: usize,
    ) -> anyhow::Result<Cost> {
        let raw = TransactionBuilder::new()
            .sender(signer.account.address())
            .sequence_number(signer.seq)
            .payload(payload)
            .max_gas_amount(MAX_GAS)
            .gas_unit_price(PRICE)
            .expiration_from_now(120)
            .chain_id(self.chain_id)
            .build()?;
        let signed = sign_transaction(&raw, &signer.account)?;
        let hash = signed.hash()?;
        let mut cost = Cost {
            grants,
            success: false,
            vm_status: String::new(),
            gas_used: 0,
            execution: 0,
            io: 0,
            storage_octas: 0,
            refund_octas: 0,
        };
        match self.aptos.submit_transaction(&signed).await {
            Ok(_) => {
                signer.seq += 1;
                let done = self.wait(&hash).await?;
                cost.success = done["success"].as_bool().unwrap_or(false);
                cost.vm_status = done["vm_status"].as_str().unwrap_or_default().to_string();
                cost.gas_used = u64_field(&done, "gas_used");
                let fee = done["events"]
                    .as_array()
                    .and_then(|events| {
                        events
                            .iter()
                            .find(|e| e["type"] == "0x1::transaction_fee::FeeStatement")
                    })
                    .map(|e| e["data"].clone())
                    .unwrap_or(Value::Null);
                cost.execution = u64_field(&fee, "execution_gas_units");
                cost.io = u64_field(&fee, "io_gas_units");
                cost.storage_octas = u64_field(&fee, "storage_fee_octas");
                cost.refund_octas = u64_field(&fee, "storage_fee_refund_octas");
            }
            Err(e) => cost.vm_status = format!("refused: {e}"),
        }
        eprintln!(
            "chain-cost: {grants} grants: {} gas {} (execution {} io {} storage octas {})",
            if cost.success {
                "committed"
            } else {
                &cost.vm_status
            },
            cost.gas_used,
            cost.execution,
            cost.io,
            cost.storage_octas
        );
        Ok(cost)
    }

    /// Copies the package (without `build/`) and publishes it from a new funded account.
    async fn publish(&self, package: &Path) -> anyhow::Result<Ed25519Account> {
        let publisher = Ed25519Account::generate();
        self.fund(publisher.address(), 10_000_000_000).await?;
        let dir = std::env::temp_dir().join(format!("chain-cost-{}", rand::random::<u64>()));
        copy_package(package, &dir)?;
        let address = publisher.address().to_long_string();
        let url = self.node.trim_end_matches('/').trim_end_matches("/v1");
        let output = std::process::Command::new(&self.cli)
            .args(["move", "publish", "--package-dir"])
            .arg(&dir)
            .args([
                "--named-addresses",
                &format!("jobs_addr={address}"),
                "--private-key",
                &publisher.private_key().to_hex(),
                "--url",
                url,
                "--max-gas",
                "400000",
                "--skip-fetch-latest-git-deps",
                "--assume-yes",
            ])
            .env("APTOS_DISABLE_TELEMETRY", "true")
            .output()
            .with_context(|| format!("running {} (set MOVEMENT_CLI)", self.cli))?;
        std::fs::remove_dir_all(&dir).ok();
        if !output.status.success()
            || String::from_utf8_lossy(&output.stdout).contains("\"success\": false")
        {
            bail!(
                "publishing {} failed:\n{}\n{}",
                package.display(),
                String::from_utf8_lossy(&output.stdout),
                String::from_utf8_lossy(&output.stderr)
            );
        }
        eprintln!("chain-cost: published {} at {address}", package.display());
        Ok(publisher)
    }
}

fn copy_package(from: &Path, to: &Path) -> anyhow::Result<()> {
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

/// One published variant: its address, its operator and the recipients that hold its token.
struct Variant {
    jobs: AccountAddress,
    operator: Signer,
    pool: Vec<AccountAddress>,
    /// Every grant this variant has paid, in the order paid.
    paid: Vec<Grant>,
}

impl Variant {
    fn job(&self, grants: &[Grant]) -> anyhow::Result<TransactionPayload> {
        let job_id: u32 = rand::random();
        Ok(InputEntryFunctionData::new(&format!(
            "{}::jobs::submit_job",
            self.jobs.to_long_string()
        ))
        .arg(u64::from(job_id))
        .arg(grants.iter().map(|g| g.recipient).collect::<Vec<_>>())
        .arg(grants.iter().map(|g| g.amount).collect::<Vec<u64>>())
        .arg(grants.iter().map(|g| g.id.clone()).collect::<Vec<_>>())
        .build()?)
    }

    async fn run(&mut self, chain: &Chain, kind: &str, n: usize) -> anyhow::Result<Cost> {
        let grants = match kind {
            "new" => new_grants(n),
            "existing" => existing_grants(&self.pool, n)?,
            // A retried backlog at its worst: paid grants picked at random from everything paid
            // so far (all skipped), so their ids are spread over the contract's whole state.
            "scattered_retry" => {
                if self.paid.len() < n {
                    bail!("{n} paid grants asked, {} paid so far", self.paid.len());
                }
                rand::seq::index::sample(&mut rand::thread_rng(), self.paid.len(), n)
                    .into_iter()
                    .map(|i| self.paid[i].clone())
                    .collect()
            }
            other => bail!("unknown grant kind {other}"),
        };
        let payload = self.job(&grants)?;
        let cost = chain.send(&mut self.operator, payload, n).await?;
        if cost.success && kind != "scattered_retry" {
            self.paid.extend(grants);
        }
        Ok(cost)
    }

    /// Largest committing job of `kind` in `[ok, fail)`, `ok` known to commit.
    async fn largest(
        &mut self,
        chain: &Chain,
        kind: &str,
        mut ok: usize,
        max: usize,
    ) -> anyhow::Result<(usize, String)> {
        let mut fail = max + 1;
        let mut limit = String::from("the contract's job cap");
        // The cap itself first: many designs commit it.
        let top = self.run(chain, kind, max).await?;
        if top.success {
            return Ok((max, limit));
        }
        if !top.hit_limit() {
            bail!("{kind} job of {max} failed for no limit: {}", top.vm_status);
        }
        fail = fail.min(max);
        limit = top.vm_status;
        while fail - ok > 1 {
            let mid = ok + (fail - ok) / 2;
            let c = self.run(chain, kind, mid).await?;
            if c.success {
                ok = mid;
            } else if c.hit_limit() {
                fail = mid;
                limit = c.vm_status;
            } else {
                bail!("{kind} job of {mid} failed for no limit: {}", c.vm_status);
            }
        }
        Ok((ok, limit))
    }
}

async fn measure(chain: &Chain, name: &str, package: &Path, args: &Args) -> anyhow::Result<Value> {
    let publisher = chain.publish(package).await?;
    let jobs = publisher.address();
    let seq = chain.aptos.get_sequence_number(jobs).await?;
    let mut admin = Signer {
        account: publisher,
        seq,
    };
    let operator = Ed25519Account::generate();
    chain.fund(operator.address(), 1_000_000_000_000).await?;
    let add =
        InputEntryFunctionData::new(&format!("{}::jobs::add_operator", jobs.to_long_string()))
            .arg(operator.address())
            .build()?;
    let added = chain.send(&mut admin, add, 0).await?;
    if !added.success {
        bail!("add_operator failed: {}", added.vm_status);
    }
    let mut variant = Variant {
        jobs,
        operator: Signer {
            account: operator,
            seq: 0,
        },
        pool: Vec::new(),
        paid: Vec::new(),
    };
    // Recipients that hold the token: as many as the largest job may name.
    while variant.pool.len() < args.max_grants {
        let grants = new_grants((args.max_grants - variant.pool.len()).min(200));
        let payload = variant.job(&grants)?;
        let c = chain
            .send(&mut variant.operator, payload, grants.len())
            .await?;
        if !c.success {
            bail!("paying the recipient pool failed: {}", c.vm_status);
        }
        variant.pool.extend(grants.iter().map(|g| g.recipient));
        variant.paid.extend(grants);
    }
    let mut kinds = serde_json::Map::new();
    let mut summary = serde_json::Map::new();
    for kind in ["existing", "new"] {
        let mut costs = Vec::with_capacity(args.jobs);
        for round in 0..=args.jobs {
            let c = variant.run(chain, kind, args.size).await?;
            if !c.success {
                bail!(
                    "{name}: a {kind} job of {} failed: {}",
                    args.size,
                    c.vm_status
                );
            }
            if round > 0 {
                costs.push(c);
            }
        }
        let c = Cost::sum(&costs);
        let job_gas: Vec<u64> = costs.iter().map(|c| c.gas_used).collect();
        let (largest, limit) = variant
            .largest(chain, kind, args.size, args.max_grants)
            .await?;
        eprintln!("chain-cost: {name}: largest committing {kind} job: {largest} ({limit})");
        let mut per_grant = c.per_grant();
        per_grant["jobs"] = json!(job_gas);
        summary.insert(
            format!("octas_per_grant_{kind}"),
            json!(per_grant["octas"].as_f64().unwrap_or_default().ceil() as u64),
        );
        summary.insert(format!("max_grants_per_tx_{kind}"), json!(largest));
        kinds.insert(
            kind.to_string(),
            json!({"per_grant": per_grant, "largest": largest, "limit": limit}),
        );
    }
    // Not a target, but what a batch of old ids (a retried backlog) can hold: the designs that
    // group ids by time pay for every group such a batch touches.
    let (largest, limit) = variant
        .largest(chain, "scattered_retry", 1, args.max_grants)
        .await?;
    eprintln!("chain-cost: {name}: largest committing scattered retry: {largest} ({limit})");
    summary.insert("max_grants_per_tx_scattered_retry".into(), json!(largest));
    summary.insert("detail".into(), Value::Object(kinds));
    summary.insert("package".into(), json!(package.display().to_string()));
    Ok(Value::Object(summary))
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let aptos = Aptos::new(AptosConfig::custom(&args.node)?.with_timeout(Duration::from_secs(30)))?;
    let chain_id = aptos.ensure_chain_id().await?;
    let chain = Chain {
        aptos,
        http: reqwest::Client::new(),
        faucet: args.faucet.trim_end_matches('/').to_string(),
        chain_id,
        cli: std::env::var("MOVEMENT_CLI").unwrap_or_else(|_| "movement".to_string()),
        node: args.node.clone(),
    };
    let mut all = serde_json::Map::new();
    for spec in &args.variants {
        let Some((name, dir)) = spec.split_once('=') else {
            bail!("--variant takes NAME=PACKAGE_DIR, got {spec}");
        };
        let m = measure(&chain, name, &PathBuf::from(dir), &args)
            .await
            .with_context(|| format!("variant {name}"))?;
        println!("{}", json!({ name: m }));
        all.insert(name.to_string(), m);
    }
    println!("{}", json!({ "variants": all }));
    Ok(())
}
