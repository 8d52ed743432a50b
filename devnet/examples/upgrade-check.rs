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

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context, bail, ensure};
use aptos_sdk::account::Ed25519Account;
use aptos_sdk::transaction::{
    InputEntryFunctionData, TransactionBuilder, TransactionPayload, sign_transaction,
};
use aptos_sdk::types::{AccountAddress, ChainId};
use aptos_sdk::{Aptos, AptosConfig, AptosError};
use clap::Parser;
use serde_json::{Value, json};

/// The chain and the two versions.
#[derive(Debug, Parser)]
struct Args {
    /// Node REST URL, ending in `/v1`.
    #[arg(long)]
    node: String,
    /// Faucet base URL.
    #[arg(long)]
    faucet: String,
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

struct Chain {
    aptos: Aptos,
    http: reqwest::Client,
    faucet: String,
    node: String,
    chain_id: ChainId,
    cli: String,
}

impl Chain {
    async fn fund(&self, address: AccountAddress) -> anyhow::Result<()> {
        let url = format!(
            "{}/mint?amount=10000000000&address={}",
            self.faucet,
            address.to_long_string()
        );
        let hashes: Vec<String> = self
            .http
            .post(&url)
            .send()
            .await?
            .error_for_status()?
            .json()
            .await?;
        for hash in hashes {
            self.wait(&aptos_sdk::HashValue::from_hex(
                hash.trim_start_matches("0x"),
            )?)
            .await?;
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
            ensure!(
                tokio::time::Instant::now() < deadline,
                "transaction {hash} did not commit within 60 s"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Sends `payload` as `account` and returns the committed transaction, which must succeed.
    async fn send(
        &self,
        account: &Ed25519Account,
        payload: TransactionPayload,
    ) -> anyhow::Result<Value> {
        let seq = self.aptos.get_sequence_number(account.address()).await?;
        let raw = TransactionBuilder::new()
            .sender(account.address())
            .sequence_number(seq)
            .payload(payload)
            .max_gas_amount(200_000)
            .gas_unit_price(100)
            .expiration_from_now(120)
            .chain_id(self.chain_id)
            .build()?;
        let signed = sign_transaction(&raw, account)?;
        let hash = signed.hash()?;
        self.aptos.submit_transaction(&signed).await?;
        let done = self.wait(&hash).await?;
        ensure!(
            done["success"].as_bool() == Some(true),
            "transaction failed: {}",
            done["vm_status"]
        );
        Ok(done)
    }

    /// Publishes `package` at `publisher`'s address; the CLI's error when the chain refuses it.
    fn publish(&self, package: &Path, publisher: &Ed25519Account) -> anyhow::Result<()> {
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
                "400000",
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

    async fn view(&self, function: String, arguments: Value) -> anyhow::Result<Value> {
        let body = json!({"function": function, "type_arguments": [], "arguments": arguments});
        let response = self
            .http
            .post(format!("{}/view", self.node.trim_end_matches('/')))
            .json(&body)
            .send()
            .await?;
        let status = response.status();
        let value: Value = response.json().await?;
        ensure!(status.is_success(), "view {function}: {value}");
        Ok(value)
    }
}

/// Copies a package without `build/`.
fn copy_package(from: &Path, to: &Path) -> anyhow::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        if entry.file_name() == "build" {
            continue;
        }
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_package(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), target)?;
        }
    }
    Ok(())
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
    Ok(
        InputEntryFunctionData::new(&format!("{}::jobs::submit_job", jobs.to_long_string()))
            .arg(job_id)
            .arg(vec![recipient])
            .arg(vec![5u64])
            .arg(vec![id.to_vec()])
            .build()?,
    )
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
        node: args.node.clone(),
        chain_id,
        cli: std::env::var("MOVEMENT_CLI").unwrap_or_else(|_| "movement".to_string()),
    };
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

    let publisher = Ed25519Account::generate();
    let operator = Ed25519Account::generate();
    chain.fund(publisher.address()).await?;
    chain.fund(operator.address()).await?;
    let jobs = publisher.address();
    let result = async {
        chain
            .publish(&old_dir, &publisher)
            .context("publishing the old version")?;
        eprintln!(
            "upgrade-check: old version published at {}",
            jobs.to_long_string()
        );
        let add =
            InputEntryFunctionData::new(&format!("{}::jobs::add_operator", jobs.to_long_string()))
                .arg(operator.address())
                .build()?;
        chain.send(&publisher, add).await?;
        let id: Vec<u8> = (0u8..16)
            .map(|b| b.wrapping_mul(17).wrapping_add(rand::random::<u8>() & 1))
            .collect();
        let recipient = AccountAddress::from_hex("0xb0b")?;
        let first = chain.send(&operator, job(jobs, 1, recipient, &id)?).await?;
        ensure!(
            events(&first, "GrantPaid").len() == 1,
            "the old version did not pay: {}",
            first["events"]
        );
        let first_seq = first["sequence_number"]
            .as_str()
            .unwrap_or_default()
            .to_string();

        let upgrade = chain.publish(&new_dir, &publisher);
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
            let probe = chain
                .view(
                    format!("{}::jobs::upgrade_probe", jobs.to_long_string()),
                    json!([]),
                )
                .await?;
            ensure!(
                probe == json!(["2"]),
                "the upgraded code is not live: upgrade_probe = {probe}"
            );
        }

        let again = chain.send(&operator, job(jobs, 2, recipient, &id)?).await?;
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
        let paid = chain
            .view(
                format!("{}::jobs::paid_grant", jobs.to_long_string()),
                json!([format!("0x{}", hex::encode(&id))]),
            )
            .await?;
        ensure!(
            paid[0] == json!(true) && paid[1] == "1",
            "paid_grant after the upgrade: {paid}"
        );
        let balance = chain
            .view(
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
