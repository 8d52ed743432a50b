//! The `conformance` binary: runs every scenario against every target given, prints one line per
//! scenario and target and ends with
//! `conformance: devnet N passed, localnet N passed, F failed`; exits 1 when anything failed.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use clap::Parser;
use conformance::run::{judge, line, run_target, summary};
use conformance::{Chain, Target, scenarios};

/// Runs the conformance suite against one or more chains.
#[derive(Debug, Parser)]
#[command(version, about)]
struct Args {
    /// A chain under test, as LABEL=FILE; FILE holds NODE_URL, FAUCET_URL (default: the node's
    /// host and port), JOBS_ADDRESS, ADMIN_KEY and CHAIN_ID lines. Repeat for each chain; they
    /// run side by side.
    #[arg(
        long = "target",
        env = "CONFORMANCE_TARGETS",
        value_delimiter = ',',
        required_unless_present = "list"
    )]
    targets: Vec<String>,

    /// The label of the real chain: other chains' measurements (gas, limits, ABI) must agree
    /// with its. When no target has this label, measurements are reported but not compared.
    #[arg(long, env = "CONFORMANCE_REFERENCE", default_value = "localnet")]
    reference: String,

    /// Run only the scenarios whose name contains one of these (repeatable, comma-separated).
    #[arg(long, env = "CONFORMANCE_ONLY", value_delimiter = ',')]
    only: Vec<String>,

    /// Write every verdict and measurement as JSON to this file.
    #[arg(long, env = "CONFORMANCE_REPORT")]
    report: Option<PathBuf>,

    /// The run's seed (default: random): the grant ids of the scenarios that compare costs are
    /// drawn from it, the same on every chain. Printed at the start, to replay a run.
    #[arg(long, env = "CONFORMANCE_SEED")]
    seed: Option<u64>,

    /// List the scenarios and exit.
    #[arg(long)]
    list: bool,
}

#[tokio::main]
async fn main() -> ExitCode {
    let _ = rustls::crypto::aws_lc_rs::default_provider().install_default();
    let args = Args::parse();
    let all = scenarios::all();
    if args.list {
        for s in &all {
            println!("{:<48} {}", s.name, s.about);
        }
        return ExitCode::SUCCESS;
    }
    let selected: Vec<_> = all
        .into_iter()
        .filter(|s| args.only.is_empty() || args.only.iter().any(|o| s.name.contains(o.as_str())))
        .collect();
    if selected.is_empty() {
        eprintln!("conformance: no scenario matches {:?}", args.only);
        return ExitCode::from(2);
    }
    let seed = args.seed.unwrap_or_else(rand::random);
    let mut chains = Vec::new();
    for spec in &args.targets {
        let target = match Target::from_spec(spec) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("conformance: {e}");
                return ExitCode::from(2);
            }
        };
        match Chain::connect(target, seed) {
            Ok(c) => chains.push(Arc::new(c)),
            Err(e) => {
                eprintln!("conformance: {e}");
                return ExitCode::from(2);
            }
        }
    }
    let labels: Vec<String> = chains.iter().map(|c| c.label().to_string()).collect();
    let reference = labels
        .contains(&args.reference)
        .then_some(args.reference.as_str());
    eprintln!(
        "conformance: {} scenarios against {} (reference: {}, seed {seed})",
        selected.len(),
        labels.join(", "),
        reference.unwrap_or("none")
    );
    let runs = chains.iter().map(|chain| {
        run_target(chain.clone(), &selected, |o| {
            let status = match &o.result {
                Ok(_) => "done".to_string(),
                Err(e) => format!("FAIL: {e}"),
            };
            eprintln!(
                "  [{}] {} {:.1}s {status}",
                o.target,
                o.scenario,
                o.elapsed.as_secs_f64()
            );
        })
    });
    let outcomes: Vec<_> = futures::future::join_all(runs)
        .await
        .into_iter()
        .flatten()
        .collect();
    let mut verdicts = judge(&outcomes, reference);
    // Side by side: each scenario's lines together, in run order, targets in the order given.
    let order = |name: &str| {
        selected
            .iter()
            .position(|s| s.name == name)
            .unwrap_or(usize::MAX)
    };
    let target_order = |label: &str| labels.iter().position(|l| l == label).unwrap_or(usize::MAX);
    verdicts.sort_by_key(|v| (order(&v.scenario), target_order(&v.target)));
    for v in &verdicts {
        println!("{}", line(v));
    }
    let summary = summary(&verdicts, &labels);
    if let Some(path) = &args.report {
        let report = serde_json::json!({"summary": summary, "reference": reference, "seed": seed, "verdicts": verdicts});
        match serde_json::to_vec_pretty(&report) {
            Ok(bytes) => {
                if let Err(e) = std::fs::write(path, bytes) {
                    eprintln!("conformance: writing {}: {e}", path.display());
                }
            }
            Err(e) => eprintln!("conformance: encoding the report: {e}"),
        }
    }
    println!("{summary}");
    if verdicts.iter().all(|v| v.passed) {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
