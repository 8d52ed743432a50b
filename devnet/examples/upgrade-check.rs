//! Upgrade without forgetting: on a real chain, publishes a version of the Jobs package from a new
//! account, pays a grant with it, publishes a newer version over it (the package's `compatible`
//! upgrade policy), and checks that the new code is live and still refuses the grant id paid
//! under the old one: `GrantSkipped` naming the first payment (its job, operator and sequence
//! number), and the `paid_grant` view finding it.
//!
//! The newer version is `--new` if given, else `--old` with one view function added
//! (`upgrade_probe(): u64`), the smallest compatible change; either way the check calls
//! `upgrade_probe` only when the new source has it. With `--expect-refused` the newer version is
//! one the chain must refuse (an incompatible layout), and the check passes when the publish
//! fails and the old version keeps paying and refusing as before.
//!
//! ```sh
//! MOVEMENT_CLI=../shared/tools/movement cargo run -p devnet --example upgrade-check -- \
//!     --node http://127.0.0.1:18090/v1 --faucet http://127.0.0.1:18091 --old move/jobs
//! ```
//!
//! Prints one JSON object (what was checked) on stdout and exits non-zero when a check fails.

#[path = "real_chain/mod.rs"]
mod real_chain;

use std::path::PathBuf;

use anyhow::{Context, bail, ensure};
use aptos_sdk::transaction::{InputEntryFunctionData, TransactionPayload};
use aptos_sdk::types::AccountAddress;
use clap::Parser;
use real_chain::{Chain, Grant, Sent, Signer, copy_package};
use serde_json::{Value, json};

/// The chain and the two versions.
#[derive(Debug, Parser)]
struct Args {
    #[command(flatten)]
    chain: real_chain::ChainArgs,
    /// The version published first.
    #[arg(long)]
    old: PathBuf,
    /// The version published over it (default: `--old` plus a view function).
    #[arg(long)]
    new: Option<PathBuf>,
    /// The newer version must be refused by the chain (incompatible upgrade).
    #[arg(long)]
    expect_refused: bool,
}

const PROBE: &str = "
    #[view]
    /// Added by devnet/examples/upgrade-check.rs: proves the upgraded code is live.
    public fun upgrade_probe(): u64 { 2 }
}
";

/// Sends `payload` as `signer` at its sequence number on the chain (a publish from the CLI moves
/// it) and returns the committed transaction, which must succeed.
async fn send(
    chain: &Chain,
    signer: &mut Signer,
    payload: TransactionPayload,
) -> anyhow::Result<Value> {
    signer.seq = chain
        .aptos
        .get_sequence_number(signer.account.address())
        .await?;
    let signed = chain.sign(signer, payload, 200_000, 100)?;
    let done = match chain.submit(signer, &signed).await? {
        Sent::Committed(done) => done,
        Sent::Refused(status) => bail!("transaction {status}"),
    };
    ensure!(
        done["success"].as_bool() == Some(true),
        "transaction failed: {}",
        done["vm_status"]
    );
    Ok(done)
}

/// Calls the view function `function` with `arguments`.
async fn view(chain: &Chain, function: String, arguments: Value) -> anyhow::Result<Value> {
    let body = json!({"function": function, "type_arguments": [], "arguments": arguments});
    let response = chain
        .http
        .post(format!("{}/view", chain.node.trim_end_matches('/')))
        .json(&body)
        .send()
        .await?;
    let status = response.status();
    let value: Value = response.json().await?;
    ensure!(status.is_success(), "view {function}: {value}");
    Ok(value)
}

/// The events of `kind` (`GrantPaid`, `GrantSkipped`, ...) in a committed transaction.
fn events<'a>(txn: &'a Value, kind: &str) -> Vec<&'a Value> {
    let suffix = format!("::jobs::{kind}");
    txn["events"]
        .as_array()
        .map(|all| {
            all.iter()
                .filter(|e| e["type"].as_str().is_some_and(|t| t.ends_with(&suffix)))
                .map(|e| &e["data"])
                .collect()
        })
        .unwrap_or_default()
}

fn job(
    jobs: AccountAddress,
    job_id: u64,
    recipient: AccountAddress,
    id: &[u8],
) -> anyhow::Result<TransactionPayload> {
    let grant = Grant {
        recipient,
        amount: 5,
        id: id.to_vec(),
    };
    real_chain::submit_job(jobs, job_id, &[grant])
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let chain = Chain::connect(&args.chain.node, &args.chain.faucet).await?;
    let work = std::env::temp_dir().join(format!("upgrade-check-{}", rand::random::<u64>()));
    let (old_dir, new_dir) = (work.join("old"), work.join("new"));
    copy_package(&args.old, &old_dir)?;
    copy_package(args.new.as_ref().unwrap_or(&args.old), &new_dir)?;
    if args.new.is_none() {
        let source = new_dir.join("sources/jobs.move");
        let text = std::fs::read_to_string(&source)?;
        let end = text.rfind('}').context("jobs.move has no closing brace")?;
        std::fs::write(&source, format!("{}{PROBE}", &text[..end]))?;
    }
    let probe_added =
        std::fs::read_to_string(new_dir.join("sources/jobs.move"))?.contains("fun upgrade_probe");

    let mut publisher = chain.new_signer(10_000_000_000).await?;
    let mut operator = chain.new_signer(10_000_000_000).await?;
    let jobs = publisher.account.address();
    let result = async {
        chain
            .publish(&old_dir, &publisher.account, 400_000)
            .context("publishing the old version")?;
        eprintln!(
            "upgrade-check: old version published at {}",
            jobs.to_long_string()
        );
        let add =
            InputEntryFunctionData::new(&format!("{}::jobs::add_operator", jobs.to_long_string()))
                .arg(operator.account.address())
                .build()?;
        send(&chain, &mut publisher, add).await?;
        let id: Vec<u8> = (0u8..16)
            .map(|b| b.wrapping_mul(17).wrapping_add(rand::random::<u8>() & 1))
            .collect();
        let recipient = AccountAddress::from_hex("0xb0b")?;
        let first = send(&chain, &mut operator, job(jobs, 1, recipient, &id)?).await?;
        ensure!(
            events(&first, "GrantPaid").len() == 1,
            "the old version did not pay: {}",
            first["events"]
        );
        let first_seq = first["sequence_number"]
            .as_str()
            .unwrap_or_default()
            .to_string();

        let upgrade = chain.publish(&new_dir, &publisher.account, 400_000);
        let upgraded = match (&upgrade, args.expect_refused) {
            (Ok(()), false) => true,
            (Err(e), true) => {
                eprintln!("upgrade-check: the chain refused the new version, as expected:\n{e}");
                false
            }
            (Ok(()), true) => bail!("the chain accepted a version it was to refuse"),
            (Err(e), false) => bail!("publishing the new version over the old failed: {e}"),
        };
        if upgraded && probe_added {
            let probe = view(
                &chain,
                format!("{}::jobs::upgrade_probe", jobs.to_long_string()),
                json!([]),
            )
            .await?;
            ensure!(
                probe == json!(["2"]),
                "the upgraded code is not live: upgrade_probe = {probe}"
            );
        }

        let again = send(&chain, &mut operator, job(jobs, 2, recipient, &id)?).await?;
        let skipped = events(&again, "GrantSkipped");
        ensure!(
            events(&again, "GrantPaid").is_empty() && skipped.len() == 1,
            "the id paid under the old version was not refused: {}",
            again["events"]
        );
        let s = skipped[0];
        ensure!(
            s["paid_job_id"] == "1" && s["paid_sequence_number"] == json!(first_seq),
            "the repeat does not name the first payment: {s}"
        );
        let paid = view(
            &chain,
            format!("{}::jobs::paid_grant", jobs.to_long_string()),
            json!([format!("0x{}", hex::encode(&id))]),
        )
        .await?;
        ensure!(
            paid[0] == json!(true) && paid[1] == "1",
            "paid_grant after the upgrade: {paid}"
        );
        let balance = view(
            &chain,
            format!("{}::jobs::balance", jobs.to_long_string()),
            json!(["0xb0b"]),
        )
        .await?;
        ensure!(balance == json!(["5"]), "paid twice: balance {balance}");
        Ok(json!({
            "jobs_address": jobs.to_long_string(),
            "upgraded": upgraded,
            "probe_checked": upgraded && probe_added,
            "first_payment": {"hash": first["hash"], "sequence_number": first_seq},
            "repeat": {"hash": again["hash"], "skipped": s},
            "paid_grant": paid,
        }))
    }
    .await;
    std::fs::remove_dir_all(&work).ok();
    let report = result?;
    println!("{report}");
    Ok(())
}
