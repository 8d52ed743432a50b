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

#[path = "real_chain/mod.rs"]
mod real_chain;

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use aptos_sdk::account::Ed25519Account;
use aptos_sdk::transaction::{InputEntryFunctionData, TransactionPayload};
use aptos_sdk::types::AccountAddress;
use clap::Parser;
use real_chain::{Chain, Fee, Grant, Signer, new_grants};
use serde_json::{Value, json};

/// Where to measure and what.
#[derive(Debug, Parser)]
struct Args {
    #[command(flatten)]
    chain: real_chain::ChainArgs,
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

/// One transaction's outcome and cost.
#[derive(Debug, Clone)]
struct Cost {
    grants: usize,
    fee: Fee,
}

impl Cost {
    /// The sum of several committed jobs' costs.
    fn sum(costs: &[Cost]) -> Cost {
        let sum = |field: fn(&Fee) -> u64| costs.iter().map(|c| field(&c.fee)).sum();
        Cost {
            grants: costs.iter().map(|c| c.grants).sum(),
            fee: Fee {
                success: costs.iter().all(|c| c.fee.success),
                vm_status: String::new(),
                gas_used: sum(|f| f.gas_used),
                execution: sum(|f| f.execution),
                io: sum(|f| f.io),
                storage_octas: sum(|f| f.storage_octas),
                refund_octas: sum(|f| f.refund_octas),
                total: sum(|f| f.total),
            },
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
        .any(|limit| self.fee.vm_status.contains(limit))
    }

    /// Per-grant figures of a committed job.
    fn per_grant(&self) -> Value {
        let n = self.grants as f64;
        json!({
            "grants": self.grants,
            // What the sender is out of pocket: the charge less the refunds paid back.
            "octas": (self.fee.gas_used * PRICE).saturating_sub(self.fee.refund_octas) as f64 / n,
            "refund_octas": self.fee.refund_octas as f64 / n,
            "gas_units": self.fee.gas_used as f64 / n,
            "execution_units": self.fee.execution as f64 / n,
            "io_units": self.fee.io as f64 / n,
            "storage_octas": self.fee.storage_octas as f64 / n,
            "total": {"gas_used": self.fee.gas_used, "execution": self.fee.execution, "io": self.fee.io,
                      "storage_octas": self.fee.storage_octas, "refund_octas": self.fee.refund_octas},
        })
    }
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
            id: real_chain::grant_id(&mut rand::thread_rng(), true),
        })
        .collect())
}

/// `n` grants of 1,000 to new recipients, with UUID v7 ids.
fn fresh_grants(n: usize) -> Vec<Grant> {
    new_grants(&mut rand::thread_rng(), n, true)
}

/// Sends one transaction and waits for it; a refused one (e.g. too large) is reported, not an error.
async fn send(
    chain: &Chain,
    signer: &mut Signer,
    payload: TransactionPayload,
    grants: usize,
) -> anyhow::Result<Cost> {
    let signed = chain.sign(signer, payload, MAX_GAS, PRICE)?;
    let fee = Fee::of(&chain.submit(signer, &signed).await?);
    let cost = Cost { grants, fee };
    eprintln!(
        "chain-cost: {grants} grants: {} gas {} (execution {} io {} storage octas {})",
        if cost.fee.success {
            "committed"
        } else {
            &cost.fee.vm_status
        },
        cost.fee.gas_used,
        cost.fee.execution,
        cost.fee.io,
        cost.fee.storage_octas
    );
    Ok(cost)
}

/// Copies the package (without `build/`) and publishes it from a new funded account.
async fn publish(chain: &Chain, package: &Path) -> anyhow::Result<Ed25519Account> {
    let publisher = chain.publish_fresh(package, 400_000, "chain-cost").await?;
    eprintln!(
        "chain-cost: published {} at {}",
        package.display(),
        publisher.address().to_long_string()
    );
    Ok(publisher)
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
        real_chain::submit_job(self.jobs, job_id.into(), grants)
    }

    async fn run(&mut self, chain: &Chain, kind: &str, n: usize) -> anyhow::Result<Cost> {
        let grants = match kind {
            "new" => fresh_grants(n),
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
        let cost = send(chain, &mut self.operator, payload, n).await?;
        if cost.fee.success && kind != "scattered_retry" {
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
        if top.fee.success {
            return Ok((max, limit));
        }
        if !top.hit_limit() {
            bail!(
                "{kind} job of {max} failed for no limit: {}",
                top.fee.vm_status
            );
        }
        fail = fail.min(max);
        limit = top.fee.vm_status;
        while fail - ok > 1 {
            let mid = ok + (fail - ok) / 2;
            let c = self.run(chain, kind, mid).await?;
            if c.fee.success {
                ok = mid;
            } else if c.hit_limit() {
                fail = mid;
                limit = c.fee.vm_status;
            } else {
                bail!(
                    "{kind} job of {mid} failed for no limit: {}",
                    c.fee.vm_status
                );
            }
        }
        Ok((ok, limit))
    }
}

async fn measure(chain: &Chain, name: &str, package: &Path, args: &Args) -> anyhow::Result<Value> {
    let publisher = publish(chain, package).await?;
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
    let added = send(chain, &mut admin, add, 0).await?;
    if !added.fee.success {
        bail!("add_operator failed: {}", added.fee.vm_status);
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
        let grants = fresh_grants((args.max_grants - variant.pool.len()).min(200));
        let payload = variant.job(&grants)?;
        let c = send(chain, &mut variant.operator, payload, grants.len()).await?;
        if !c.fee.success {
            bail!("paying the recipient pool failed: {}", c.fee.vm_status);
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
            if !c.fee.success {
                bail!(
                    "{name}: a {kind} job of {} failed: {}",
                    args.size,
                    c.fee.vm_status
                );
            }
            if round > 0 {
                costs.push(c);
            }
        }
        let c = Cost::sum(&costs);
        let job_gas: Vec<u64> = costs.iter().map(|c| c.fee.gas_used).collect();
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
    let chain = Chain::connect(&args.chain.node, &args.chain.faucet).await?;
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
