//! Measures what `jobs::submit_job` and the other calls the dev chain knows cost on a chain, from
//! the `0x1::transaction_fee::FeeStatement` event of each committed transaction: execution, IO and
//! storage fee, for jobs of new recipients, recipients that already hold the token, already-paid
//! (skipped) and failed grants, mixes, job-level aborts, out-of-gas and the execution limit (the
//! largest committing batch, found by bisection).
//!
//! Run it against the real Move VM (a `movement node run-localnet`) to get the numbers the dev
//! chain's gas model is fitted to, and against the dev chain to check the model:
//!
//! ```sh
//! # real chain: publish a fresh copy of move/jobs from a new account, then measure
//! MOVEMENT_CLI=../shared/tools/movement cargo run -p devnet --example measure-gas -- \
//!     --node http://127.0.0.1:18090/v1 --faucet http://127.0.0.1:18091 --publish
//! # the in-process dev chain, same scenarios
//! cargo run -p devnet --example measure-gas -- --devnet
//! # ids shaped as campaign-svc makes them (UUID v7), the largest jobs up to the 1,000 cap
//! MOVEMENT_CLI=../shared/tools/movement cargo run -p devnet --example measure-gas -- \
//!     --node http://127.0.0.1:18090/v1 --faucet http://127.0.0.1:18091 --publish \
//!     --ids uuid-v7 --bisect new,existing --bisect-high 1000
//! ```
//!
//! Every measurement is printed as one JSON line on stdout as it lands; a Markdown table of all of
//! them follows at the end. Progress goes to stderr.

#[path = "real_chain/mod.rs"]
mod real_chain;

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, OnceLock};

use anyhow::bail;
use aptos_sdk::account::Ed25519Account;
use aptos_sdk::transaction::{InputEntryFunctionData, TransactionPayload};
use aptos_sdk::types::AccountAddress;
use clap::Parser;
use rand::rngs::StdRng;
use rand::{Rng, RngCore, SeedableRng};
use real_chain::{Chain, Fee, Grant, Signer};
use serde::{Deserialize, Serialize};

/// What to measure and where.
#[derive(Debug, Parser)]
struct Args {
    /// Node REST URL, ending in `/v1`.
    #[arg(long, default_value = "http://127.0.0.1:18090/v1")]
    node: String,
    /// Faucet base URL (`POST {faucet}/mint?amount=N&address=0x..`).
    #[arg(long, default_value = "http://127.0.0.1:18091")]
    faucet: String,
    /// Start an in-process dev chain and measure it instead of `--node`.
    #[arg(long)]
    devnet: bool,
    /// Publish a fresh copy of `--package-dir` from a new account with the Movement CLI
    /// (`MOVEMENT_CLI`, else `movement` on PATH) and measure that.
    #[arg(long)]
    publish: bool,
    /// The Jobs package to publish.
    #[arg(long, default_value = concat!(env!("CARGO_MANIFEST_DIR"), "/../move/jobs"))]
    package_dir: PathBuf,
    /// Address of an already published Jobs module (instead of `--publish`).
    #[arg(long)]
    jobs_address: Option<String>,
    /// Private key (hex) of that module's admin (its publisher).
    #[arg(long, env = "MEASURE_ADMIN_KEY")]
    admin_key: Option<String>,
    /// Job sizes paying new recipients.
    #[arg(
        long,
        value_delimiter = ',',
        default_value = "1,2,10,50,100,200,300,320,340"
    )]
    new_sizes: Vec<usize>,
    /// Job sizes paying recipients that already hold the token.
    #[arg(
        long,
        value_delimiter = ',',
        default_value = "1,2,10,50,100,200,300,350,380"
    )]
    existing_sizes: Vec<usize>,
    /// Job sizes whose grants were all paid before (skipped).
    #[arg(long, value_delimiter = ',', default_value = "1,10,100,300,500")]
    skipped_sizes: Vec<usize>,
    /// Job sizes whose grants all fail (zero amount, bad grant id).
    #[arg(long, value_delimiter = ',', default_value = "1,10,100,300")]
    failed_sizes: Vec<usize>,
    /// Job sizes whose grants share recipients (all one recipient, or each recipient twice).
    #[arg(long, value_delimiter = ',', default_value = "2,10,100")]
    shared_sizes: Vec<usize>,
    /// Job sizes mixing new, existing, skipped and zero-amount grants in equal parts.
    #[arg(long, value_delimiter = ',', default_value = "4,40,200")]
    mixed_sizes: Vec<usize>,
    /// Measure every size this many times (fresh random recipients and ids each time).
    #[arg(long, default_value_t = 1)]
    repeat: usize,
    /// Find the largest committing job of these kinds by bisection (empty: no bisection).
    #[arg(long, value_delimiter = ',')]
    bisect: Vec<String>,
    /// Bisect this many times each (fresh random ids each time) to see whether the limit moves.
    #[arg(long, default_value_t = 1)]
    bisect_rounds: usize,
    /// Upper end of every bisection (a size that must hit a limit) instead of the brackets of
    /// `move/jobs` (new 500-700: 650 commit; existing 400-560: 500-501 commit; others 500-1,001:
    /// already-paid and zero-amount jobs commit up to the 1,000-grant cap, the contract's
    /// `E_TOO_MANY_GRANTS` stops 1,001), for another contract (`move/baseline`: 400). The lower
    /// end is then 200.
    #[arg(long)]
    bisect_high: Option<usize>,
    /// Skip everything but the bisection.
    #[arg(long)]
    only_bisect: bool,
    /// Seed of the recipients and grant ids (random if not given; printed either way). Two runs
    /// with the same seed and sizes send the same jobs, so a dev-chain run compares row by row
    /// with a real one.
    #[arg(long)]
    seed: Option<u64>,
    /// A JSON-lines output of an earlier run (same seed and sizes): print this run beside it.
    #[arg(long)]
    compare: Option<PathBuf>,
    /// How grant ids are made: `random` (16 random bytes: ids spread over the whole key space) or
    /// `uuid-v7` (the clock's milliseconds first, as campaign-svc makes them: a contract that
    /// groups paid ids by their leading bits, like `move/jobs`, sees the ids it
    /// will see in production). With `uuid-v7` the ids depend on the clock, not only on `--seed`.
    #[arg(long, value_enum, default_value_t = IdShape::Random)]
    ids: IdShape,
}

/// How grant ids are made (`--ids`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum IdShape {
    /// 16 random bytes.
    Random,
    /// UUID v7: 48-bit Unix milliseconds, version 7, 12 random bits, variant 10, 62 random bits.
    UuidV7,
    /// UUID v7 made one a millisecond (a clock that moves one millisecond per id, never behind the
    /// real one): every job's ids in time order, as a service making fewer than one id a
    /// millisecond sends them (and as the conformance suite draws them).
    UuidV7Ordered,
}

/// The run's id shape, set once in `main`.
static IDS: OnceLock<IdShape> = OnceLock::new();

/// The run's random source, seeded once in `main`.
static RNG: OnceLock<Mutex<StdRng>> = OnceLock::new();

fn rng() -> MutexGuard<'static, StdRng> {
    RNG.get()
        .expect("seeded in main")
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// One committed (or refused) transaction's cost.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Measurement {
    /// What was sent, e.g. `submit_job`, `add_operator`, `transfer`.
    call: String,
    /// The grants' kind (`new`, `existing`, `skipped`, `zero_amount`, `bad_id`, `duplicate`,
    /// `mixed`) or the variant of a non-job call.
    kind: String,
    /// Grants in the job (0 for other calls).
    n: usize,
    /// The outcome and its fee statement.
    #[serde(flatten)]
    fee: Fee,
    /// BCS size of the raw transaction.
    txn_bytes: usize,
    /// max_gas_amount sent.
    max_gas: u64,
    /// gas_unit_price sent.
    price: u64,
    /// Transaction hash.
    hash: String,
}

/// The chain under measurement.
struct Bench {
    chain: Chain,
    jobs: AccountAddress,
    results: Vec<Measurement>,
}

const PRICE: u64 = 100;
const MAX_GAS: u64 = 2_000_000;

fn random_id(len: usize) -> Vec<u8> {
    let mut id = vec![0u8; len];
    rng().fill_bytes(&mut id);
    id
}

/// A 16-byte grant id of the run's shape (`--ids`).
fn grant_id() -> Vec<u8> {
    let mut id = real_chain::grant_id(&mut *rng(), uuid_v7());
    if IDS.get() == Some(&IdShape::UuidV7Ordered) {
        static LAST_MS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        let now = u64::from_be_bytes([0, 0, id[0], id[1], id[2], id[3], id[4], id[5]]);
        let ms = LAST_MS
            .fetch_update(
                std::sync::atomic::Ordering::SeqCst,
                std::sync::atomic::Ordering::SeqCst,
                |last| Some(now.max(last + 1)),
            )
            .map_or(now, |last| now.max(last + 1));
        id[..6].copy_from_slice(&ms.to_be_bytes()[2..]);
    }
    id
}

/// Whether the run's ids are UUID v7 (`--ids uuid-v7` or `uuid-v7-ordered`).
fn uuid_v7() -> bool {
    matches!(IDS.get(), Some(&IdShape::UuidV7 | &IdShape::UuidV7Ordered))
}

fn random_address() -> AccountAddress {
    real_chain::random_address(&mut *rng())
}

fn new_grants(n: usize) -> Vec<Grant> {
    (0..n)
        .map(|_| Grant {
            recipient: random_address(),
            amount: 1_000,
            id: grant_id(),
        })
        .collect()
}

impl Bench {
    fn function(&self, name: &str) -> String {
        format!("{}::jobs::{name}", self.jobs.to_long_string())
    }

    fn job_payload(&self, job_id: u64, grants: &[Grant]) -> anyhow::Result<TransactionPayload> {
        real_chain::submit_job(self.jobs, job_id, grants)
    }

    /// Sends one transaction, waits for it and records its cost.
    async fn measure(
        &mut self,
        signer: &mut Signer,
        (call, kind, n): (&str, &str, usize),
        payload: TransactionPayload,
        max_gas: u64,
        price: u64,
    ) -> anyhow::Result<Measurement> {
        let signed = self.chain.sign(signer, payload, max_gas, price)?;
        let txn_bytes = bcs::to_bytes(&signed.raw_txn)?.len();
        let hash = signed.hash()?;
        let fee = Fee::of(&self.chain.submit(signer, &signed).await?);
        let m = Measurement {
            call: call.to_string(),
            kind: kind.to_string(),
            n,
            fee,
            txn_bytes,
            max_gas,
            price,
            hash: hash.to_string(),
        };
        println!("{}", serde_json::to_string(&m)?);
        eprintln!(
            "{call} {kind} n={n}: {} gas {} (exec {} io {} storage {})",
            m.fee.vm_status, m.fee.gas_used, m.fee.execution, m.fee.io, m.fee.storage_octas
        );
        self.results.push(m.clone());
        Ok(m)
    }

    async fn job(
        &mut self,
        operator: &mut Signer,
        kind: &str,
        grants: &[Grant],
    ) -> anyhow::Result<Measurement> {
        let job_id: u32 = rng().r#gen();
        let payload = self.job_payload(job_id.into(), grants)?;
        self.measure(
            operator,
            ("submit_job", kind, grants.len()),
            payload,
            MAX_GAS,
            PRICE,
        )
        .await
    }

    async fn entry(
        &mut self,
        signer: &mut Signer,
        (call, kind): (&str, &str),
        payload: TransactionPayload,
    ) -> anyhow::Result<Measurement> {
        self.measure(signer, (call, kind, 0), payload, MAX_GAS, PRICE)
            .await
    }
}

/// Grants for `kind`: `pool` holds recipients that hold the token and the ids they were paid by.
fn grants_of(kind: &str, n: usize, pool: &[Grant]) -> anyhow::Result<Vec<Grant>> {
    let from_pool = |take: usize, fresh_ids: bool| -> anyhow::Result<Vec<Grant>> {
        if pool.len() < take {
            bail!("{kind} n={n} needs a pool of {take}, have {}", pool.len());
        }
        // A random window, so repeated measurements use different pool members.
        let start = rng().gen_range(0..=pool.len() - take);
        Ok(pool[start..start + take]
            .iter()
            .map(|g| Grant {
                id: if fresh_ids { grant_id() } else { g.id.clone() },
                ..g.clone()
            })
            .collect())
    };
    Ok(match kind {
        "new" => new_grants(n),
        "existing" => from_pool(n, true)?,
        "skipped" => from_pool(n, false)?,
        "zero_amount" => new_grants(n)
            .into_iter()
            .map(|g| Grant { amount: 0, ..g })
            .collect(),
        "bad_id" => new_grants(n)
            .into_iter()
            .map(|g| Grant {
                id: random_id(15),
                ..g
            })
            .collect(),
        "duplicate" => {
            let id = grant_id();
            new_grants(n)
                .into_iter()
                .map(|g| Grant {
                    id: id.clone(),
                    ..g
                })
                .collect()
        }
        // Several grants to one recipient: its store is read, created and written once.
        "same_new" | "same_existing" => {
            let recipient = if kind == "same_new" {
                random_address()
            } else {
                from_pool(1, true)?[0].recipient
            };
            new_grants(n)
                .into_iter()
                .map(|g| Grant { recipient, ..g })
                .collect()
        }
        // n/2 recipients, each paid twice (r1, r2, ..., r1, r2, ...).
        "pairs_new" | "pairs_existing" => {
            let half = if kind == "pairs_new" {
                new_grants(n / 2)
            } else {
                from_pool(n / 2, true)?
            };
            half.iter()
                .chain(half.iter())
                .map(|g| Grant {
                    id: grant_id(),
                    ..g.clone()
                })
                .collect()
        }
        "mixed" => {
            let q = n / 4;
            let mut grants = new_grants(n - 3 * q);
            grants.extend(from_pool(q, true)?);
            // Skipped ones from the other end of the pool than the existing ones, so the two
            // never name the same recipient twice.
            if pool.len() < 2 * q {
                bail!("mixed n={n} needs a pool of {}", 2 * q);
            }
            grants.extend(pool[pool.len() - q..].iter().cloned());
            grants.extend(grants_of("zero_amount", q, pool)?);
            grants
        }
        other => bail!("unknown grant kind {other}"),
    })
}

/// Job-level aborts, failures before the Move code runs, `max_gas_amount` too small for the
/// execution or for the storage fee, and a gas price other than 100.
async fn aborts_and_gas_limits(
    bench: &mut Bench,
    admin: &mut Signer,
    operator: &mut Signer,
) -> anyhow::Result<()> {
    let mut stranger = bench.chain.new_signer(10_000_000_000).await?;
    let payload = bench.job_payload(1, &new_grants(1))?;
    bench
        .measure(
            &mut stranger,
            ("submit_job", "abort_not_operator", 1),
            payload,
            MAX_GAS,
            PRICE,
        )
        .await?;
    let payload = InputEntryFunctionData::new(&bench.function("set_paused"))
        .arg(true)
        .build()?;
    bench
        .entry(&mut stranger, ("set_paused", "abort_not_admin"), payload)
        .await?;
    let pause = |paused: bool, b: &Bench| {
        InputEntryFunctionData::new(&b.function("set_paused"))
            .arg(paused)
            .build()
    };
    bench
        .entry(admin, ("set_paused", "true"), pause(true, bench)?)
        .await?;
    let payload = bench.job_payload(1, &new_grants(1))?;
    bench
        .measure(
            operator,
            ("submit_job", "abort_paused", 1),
            payload,
            MAX_GAS,
            PRICE,
        )
        .await?;
    bench
        .entry(admin, ("set_paused", "false"), pause(false, bench)?)
        .await?;
    let payload = bench.job_payload(1, &[])?;
    bench
        .measure(
            operator,
            ("submit_job", "abort_empty", 0),
            payload,
            MAX_GAS,
            PRICE,
        )
        .await?;
    let payload = InputEntryFunctionData::new(&bench.function("submit_job"))
        .arg(1u64)
        .arg(vec![random_address()])
        .arg(vec![1u64, 2])
        .arg(vec![grant_id()])
        .build()?;
    bench
        .measure(
            operator,
            ("submit_job", "abort_length_mismatch", 1),
            payload,
            MAX_GAS,
            PRICE,
        )
        .await?;
    let payload = bench.job_payload(1, &new_grants(1001))?;
    bench
        .measure(
            operator,
            ("submit_job", "abort_too_many", 1001),
            payload,
            MAX_GAS,
            PRICE,
        )
        .await?;

    // An APT transfer of more than the sender holds.
    let payload = InputEntryFunctionData::new("0x1::aptos_account::transfer")
        .arg(random_address())
        .arg(1_000_000_000_000u64)
        .build()?;
    bench
        .entry(&mut stranger, ("transfer", "insufficient_balance"), payload)
        .await?;

    // Calls that fail before the function body runs.
    let payload = InputEntryFunctionData::new(&bench.function("no_such_fn")).build()?;
    bench
        .entry(operator, ("no_such_fn", "function_resolution"), payload)
        .await?;
    let payload = InputEntryFunctionData::new(&format!(
        "{}::no_such_module::f",
        random_address().to_long_string()
    ))
    .build()?;
    bench
        .entry(operator, ("no_such_module", "linker"), payload)
        .await?;
    let payload = InputEntryFunctionData::new(&bench.function("set_paused")).build()?;
    bench
        .entry(operator, ("set_paused", "no_arguments"), payload)
        .await?;
    let payload = InputEntryFunctionData::new(&bench.function("set_paused"))
        .arg(7u64)
        .build()?;
    bench
        .entry(operator, ("set_paused", "u64_for_bool"), payload)
        .await?;

    // Gas price other than 100 (storage fee is charged in octas, converted at this price).
    let payload = bench.job_payload(2, &new_grants(10))?;
    bench
        .measure(
            operator,
            ("submit_job", "new_price_150", 10),
            payload,
            MAX_GAS,
            150,
        )
        .await?;
    // max_gas_amount below the storage fee, then during execution, then below the intrinsic gas.
    for (n, max_gas) in [
        (10, 3_000),
        (10, 100),
        (10, 20),
        (100, 150),
        (1, 4),
        (1, 3),
        (1, 2),
        (1000, 68),
        (1000, 67),
    ] {
        let payload = bench.job_payload(3, &new_grants(n))?;
        bench
            .measure(
                operator,
                ("submit_job", &format!("new_max_gas_{max_gas}"), n),
                payload,
                max_gas,
                PRICE,
            )
            .await?;
    }
    Ok(())
}

/// Largest `n` in `[ok, fail)` whose `kind` job commits, every probe a fresh job; both ends are
/// probed first (`ok` must commit and `fail` must hit a limit).
async fn bisect(
    bench: &mut Bench,
    operator: &mut Signer,
    kind: &str,
    pool: &[Grant],
    mut ok: usize,
    mut fail: usize,
) -> anyhow::Result<usize> {
    let hits_limit = |m: &Measurement| {
        m.fee.vm_status.contains("EXECUTION_LIMIT_REACHED")
            || m.fee.vm_status.contains("IO_LIMIT_REACHED")
    };
    let low = bench
        .job(operator, kind, &grants_of(kind, ok, pool)?)
        .await?;
    if !low.fee.success {
        bail!("{kind} n={ok} was to commit: {}", low.fee.vm_status);
    }
    let high = bench
        .job(operator, kind, &grants_of(kind, fail, pool)?)
        .await?;
    if !hits_limit(&high) {
        bail!("{kind} n={fail} was to hit a limit: {}", high.fee.vm_status);
    }
    while fail - ok > 1 {
        let mid = ok + (fail - ok) / 2;
        let m = bench
            .job(operator, kind, &grants_of(kind, mid, pool)?)
            .await?;
        if m.fee.success {
            ok = mid;
        } else if hits_limit(&m) {
            fail = mid;
        } else {
            bail!(
                "{kind} n={mid} failed for another reason: {}",
                m.fee.vm_status
            );
        }
    }
    eprintln!("largest committing {kind} job: {ok} grants");
    Ok(ok)
}

/// Copies the package (without `build/`) to a temporary directory and publishes it from a new
/// funded account with the Movement CLI; returns the publisher (admin) account.
async fn publish(chain: &Chain, package_dir: &Path) -> anyhow::Result<Ed25519Account> {
    let publisher = chain
        .publish_fresh(package_dir, 200_000, "measure-gas")
        .await?;
    eprintln!("published Jobs at {}", publisher.address().to_long_string());
    Ok(publisher)
}

/// Prints this run's rows beside an earlier run's, as far as the two sent the same calls.
fn print_comparison(results: &[Measurement], earlier: &Path) -> anyhow::Result<()> {
    let text = std::fs::read_to_string(earlier)?;
    let earlier: Vec<Measurement> = text
        .lines()
        .filter(|l| l.starts_with("{\"call\""))
        .map(serde_json::from_str)
        .collect::<Result<_, _>>()?;
    println!();
    println!(
        "| call | kind | n | earlier gas | this gas | diff | earlier exec / io | this exec / io |"
    );
    println!("|---|---|---|---|---|---|---|---|");
    let mut worst: f64 = 0.0;
    for (a, b) in earlier.iter().zip(results) {
        if (&a.call, &a.kind, a.n) != (&b.call, &b.kind, b.n) {
            println!("(the runs sent different calls from here on)");
            break;
        }
        let diff = b.fee.gas_used as f64 - a.fee.gas_used as f64;
        let pct = if a.fee.gas_used == 0 {
            0.0
        } else {
            100.0 * diff / a.fee.gas_used as f64
        };
        worst = worst.max(pct.abs());
        println!(
            "| {} | {} | {} | {} | {} | {:+} ({:+.2}%) | {} / {} | {} / {} |",
            a.call,
            a.kind,
            a.n,
            a.fee.gas_used,
            b.fee.gas_used,
            diff,
            pct,
            a.fee.execution,
            a.fee.io,
            b.fee.execution,
            b.fee.io
        );
    }
    println!("largest gas_used difference: {worst:.2}%");
    Ok(())
}

fn print_table(results: &[Measurement]) {
    println!();
    println!(
        "| call | kind | n | result | gas_used | execution | io | storage octas | total | txn bytes |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|");
    for m in results {
        let result = if m.fee.success {
            "committed".to_string()
        } else {
            m.fee.vm_status.clone()
        };
        println!(
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            m.call,
            m.kind,
            m.n,
            result,
            m.fee.gas_used,
            m.fee.execution,
            m.fee.io,
            m.fee.storage_octas,
            m.fee.total,
            m.txn_bytes
        );
    }
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let seed = args.seed.unwrap_or_else(rand::random);
    eprintln!("seed {seed}");
    RNG.set(Mutex::new(StdRng::seed_from_u64(seed)))
        .map_err(|_| anyhow::anyhow!("seeded twice"))?;
    IDS.set(args.ids)
        .map_err(|_| anyhow::anyhow!("id shape set twice"))?;
    let mut devnet = None;
    let (node, faucet) = if args.devnet {
        let handle = devnet::Devnet::start(devnet::DevnetConfig::for_tests()).await?;
        let node = handle.url();
        let faucet = node.trim_end_matches("/v1").to_string();
        devnet = Some(handle);
        (node, faucet)
    } else {
        (args.node.clone(), args.faucet.clone())
    };
    let mut bench = Bench {
        chain: Chain::connect(&node, &faucet).await?,
        jobs: AccountAddress::ZERO,
        results: Vec::new(),
    };
    let admin = if let Some(handle) = &devnet {
        bench.jobs = AccountAddress::new(handle.jobs_address().0);
        Ed25519Account::from_private_key_hex(&handle.admin_keys()[0])?
    } else if args.publish {
        let publisher = publish(&bench.chain, &args.package_dir).await?;
        bench.jobs = publisher.address();
        publisher
    } else {
        let (Some(address), Some(key)) = (&args.jobs_address, &args.admin_key) else {
            bail!("give --devnet, --publish, or --jobs-address with --admin-key");
        };
        bench.jobs = AccountAddress::from_hex(address)?;
        Ed25519Account::from_private_key_hex(key)?
    };
    let seq = bench
        .chain
        .aptos
        .get_sequence_number(admin.address())
        .await?;
    let mut admin = Signer {
        account: admin,
        seq,
    };
    let mut operator = bench.chain.new_signer(1_000_000_000_000).await?;

    let add = |who: AccountAddress, b: &Bench| {
        InputEntryFunctionData::new(&b.function("add_operator"))
            .arg(who)
            .build()
    };
    let payload = add(operator.account.address(), &bench)?;
    bench
        .entry(&mut admin, ("add_operator", "new"), payload)
        .await?;

    // Recipients that hold the token, and the (paid) grant ids that paid them.
    let pool_size = [
        args.existing_sizes.iter().max().copied().unwrap_or(0),
        args.skipped_sizes.iter().max().copied().unwrap_or(0),
        args.mixed_sizes.iter().max().copied().unwrap_or(0) / 2,
        if args.bisect.is_empty() {
            0
        } else {
            args.bisect_high.unwrap_or(0).max(1_000)
        },
    ]
    .into_iter()
    .max()
    .unwrap_or(0);
    let mut pool: Vec<Grant> = Vec::with_capacity(pool_size);
    while pool.len() < pool_size {
        let grants = new_grants((pool_size - pool.len()).min(250));
        let m = bench.job(&mut operator, "new", &grants).await?;
        if !m.fee.success {
            bail!("seeding the recipient pool failed: {}", m.fee.vm_status);
        }
        pool.extend(grants);
    }

    if !args.only_bisect {
        let payload = add(operator.account.address(), &bench)?;
        bench
            .entry(&mut admin, ("add_operator", "existing"), payload)
            .await?;
        let payload = InputEntryFunctionData::new(&bench.function("set_paused"))
            .arg(false)
            .build()?;
        bench
            .entry(&mut admin, ("set_paused", "false"), payload)
            .await?;
        let payload = InputEntryFunctionData::new(&bench.function("remove_operator"))
            .arg(random_address())
            .build()?;
        bench
            .entry(&mut admin, ("remove_operator", "absent"), payload)
            .await?;
        let departing = random_address();
        let payload = add(departing, &bench)?;
        bench
            .entry(&mut admin, ("add_operator", "new"), payload)
            .await?;
        let payload = InputEntryFunctionData::new(&bench.function("remove_operator"))
            .arg(departing)
            .build()?;
        bench
            .entry(&mut admin, ("remove_operator", "present"), payload)
            .await?;
        let transfer = |to: AccountAddress| {
            InputEntryFunctionData::new("0x1::aptos_account::transfer")
                .arg(to)
                .arg(1_000u64)
                .build()
        };
        let fresh = random_address();
        bench
            .entry(&mut operator, ("transfer", "new_account"), transfer(fresh)?)
            .await?;
        bench
            .entry(
                &mut operator,
                ("transfer", "existing_account"),
                transfer(fresh)?,
            )
            .await?;

        for (kind, sizes) in [
            ("new", &args.new_sizes),
            ("existing", &args.existing_sizes),
            ("skipped", &args.skipped_sizes),
            ("zero_amount", &args.failed_sizes),
            ("bad_id", &args.failed_sizes),
            ("duplicate", &args.failed_sizes),
            ("mixed", &args.mixed_sizes),
            ("same_new", &args.shared_sizes),
            ("same_existing", &args.shared_sizes),
            ("pairs_new", &args.shared_sizes),
            ("pairs_existing", &args.shared_sizes),
        ] {
            for &n in sizes {
                for _ in 0..args.repeat {
                    let grants = grants_of(kind, n, &pool)?;
                    bench.job(&mut operator, kind, &grants).await?;
                }
            }
        }

        aborts_and_gas_limits(&mut bench, &mut admin, &mut operator).await?;
    }

    let mut limits = Vec::new();
    for round in 0..args.bisect_rounds {
        for kind in &args.bisect {
            // Brackets wide enough for the real VM with `move/jobs` (new ≈ 650, or ≈ 610 when a
            // leaf splits; existing ≈ 500; the others up to the 1,000 cap).
            let (ok, fail) = match (args.bisect_high, kind.as_str()) {
                (Some(high), _) => (200, high),
                (None, "new") => (500, 700),
                (None, "existing") => (400, 560),
                (None, _) => (500, 1_001),
            };
            let largest = bisect(&mut bench, &mut operator, kind, &pool, ok, fail).await?;
            limits.push((round, kind.clone(), largest));
        }
    }
    for (round, kind, largest) in &limits {
        println!(
            "{}",
            serde_json::json!({"round": round, "kind": kind, "largest_committing": largest})
        );
    }
    print_table(&bench.results);
    if let Some(earlier) = &args.compare {
        print_comparison(&bench.results, earlier)?;
    }
    if let Some(handle) = devnet {
        handle.shutdown().await?;
    }
    Ok(())
}
