//! Throughput benchmark for the dev chain: several operators submit pre-signed 300-grant jobs over
//! HTTP through aptos-sdk; prints committed transactions/s and grants/s, then the same as one JSON
//! line (last on stdout, for `scripts/bench.py`).
//!
//! `scripts/bench-devnet.sh [--signers N] [--jobs-per-signer N] [--grants N] [--block-time-ms N]`

use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use aptos_sdk::account::Ed25519Account;
use aptos_sdk::transaction::{
    InputEntryFunctionData, SignedTransaction, TransactionBuilder, sign_transaction,
};
use aptos_sdk::types::ChainId;
use aptos_sdk::{Aptos, AptosConfig};
use clap::Parser;
use devnet::{Devnet, DevnetConfig};
use rand::RngCore;

/// Benchmark parameters.
#[derive(Debug, Parser)]
struct Args {
    /// Operator accounts submitting in parallel.
    #[arg(long, default_value_t = 4)]
    signers: usize,
    /// Jobs each operator submits (at most 100: the per-account mempool cap).
    #[arg(long, default_value_t = 50)]
    jobs_per_signer: u64,
    /// Grants per job.
    #[arg(long, default_value_t = 300)]
    grants: usize,
    /// Block time of the chain under test.
    #[arg(long, default_value_t = 250)]
    block_time_ms: u64,
}

fn job(
    jobs_fn: &str,
    job_id: u64,
    grants: usize,
) -> anyhow::Result<aptos_sdk::transaction::TransactionPayload> {
    let mut rng = rand::thread_rng();
    let recipients: Vec<_> = (0..grants)
        .map(|_| {
            let mut a = [0u8; 32];
            rng.fill_bytes(&mut a);
            aptos_sdk::types::AccountAddress::new(a)
        })
        .collect();
    let ids: Vec<Vec<u8>> = (0..grants)
        .map(|_| {
            let mut id = vec![0u8; 16];
            rng.fill_bytes(&mut id);
            id
        })
        .collect();
    Ok(InputEntryFunctionData::new(jobs_fn)
        .arg(job_id)
        .arg(recipients)
        .arg(vec![1_000u64; grants])
        .arg(ids)
        .build()?)
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    if args.jobs_per_signer > 100 {
        bail!("--jobs-per-signer is capped at 100 (mempool holds 100 per account)");
    }
    let mut config = DevnetConfig::for_tests();
    config.generated_operators = args.signers;
    config.block_time_ms = args.block_time_ms;
    let handle = Devnet::start(config).await?;
    let aptos = std::sync::Arc::new(Aptos::new(
        AptosConfig::custom(&handle.url())?.with_timeout(Duration::from_secs(30)),
    )?);
    let jobs_fn = format!(
        "{}::jobs::submit_job",
        handle.jobs_address().to_long_string()
    );

    println!(
        "devnet bench: {} signers x {} jobs x {} grants, block time {} ms (release build recommended)",
        args.signers, args.jobs_per_signer, args.grants, args.block_time_ms
    );
    // Sign everything first so the timed section measures the chain, not the client.
    let mut batches: Vec<Vec<SignedTransaction>> = Vec::new();
    for (s, key) in handle.operator_keys().iter().enumerate() {
        let account = Ed25519Account::from_private_key_hex(key)?;
        let mut txns = Vec::new();
        for seq in 0..args.jobs_per_signer {
            let raw = TransactionBuilder::new()
                .sender(account.address())
                .sequence_number(seq)
                .payload(job(&jobs_fn, (s as u64) << 32 | seq, args.grants)?)
                .max_gas_amount(2_000_000)
                .gas_unit_price(100)
                .expiration_from_now(600)
                .chain_id(ChainId::new(handle.chain_id()))
                .build()?;
            txns.push(sign_transaction(&raw, &account)?);
        }
        batches.push(txns);
    }
    let bytes = batches[0][0].to_bcs()?.len();
    println!("devnet bench: one job transaction is {bytes} bytes");

    let start_version = handle.ledger().version;
    let started = Instant::now();
    let mut tasks = Vec::new();
    for txns in batches.clone() {
        let aptos = aptos.clone();
        tasks.push(tokio::spawn(async move {
            for t in &txns {
                aptos.submit_transaction(t).await?;
            }
            let last = txns.last().context("no transactions")?.hash()?;
            aptos
                .fullnode()
                .wait_for_transaction(&last, Some(Duration::from_secs(300)))
                .await?;
            anyhow::Ok(())
        }));
    }
    for t in tasks {
        t.await??;
    }
    let elapsed = started.elapsed();
    let committed = handle.ledger().version - start_version;
    let expected = args.signers as u64 * args.jobs_per_signer;
    if committed != expected {
        bail!("committed {committed} transactions, expected {expected}");
    }
    for t in batches.iter().flatten() {
        let done = aptos
            .fullnode()
            .get_transaction_by_hash(&t.hash()?)
            .await?
            .into_inner();
        if done["success"] != true {
            bail!(
                "transaction failed: {} (the real VM's execution limit stops jobs past about \
                 314 grants to new recipients, and the dev chain charges the same)",
                done["vm_status"]
            );
        }
    }
    let secs = elapsed.as_secs_f64();
    let grants = committed as f64 * args.grants as f64;
    println!("devnet bench: committed {committed} transactions ({grants} grants) in {secs:.2} s");
    println!(
        "devnet bench: {:.1} committed transactions/s",
        committed as f64 / secs
    );
    println!("devnet bench: {:.0} grants/s", grants / secs);
    // The same figures as one JSON line, last on stdout, for scripts/bench.py.
    println!(
        "{}",
        serde_json::json!({
            "signers": args.signers,
            "jobs_per_signer": args.jobs_per_signer,
            "grants_per_job": args.grants,
            "block_time_ms": args.block_time_ms,
            "transactions": committed,
            "grants": committed * args.grants as u64,
            "elapsed_secs": secs,
            "transactions_per_sec": committed as f64 / secs,
            "grants_per_sec": grants / secs,
        })
    );
    handle.shutdown().await?;
    Ok(())
}
