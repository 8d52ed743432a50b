//! The suite's own machinery against an in-process dev chain: a target read from its settings,
//! scenarios run, verdicts and the summary line. Whether the dev chain conforms is
//! `make conformance`'s question (against a real chain); here the suite must run, pass what the
//! dev chain does as a real node does, and fail — saying where — when a target is misdescribed.

use std::collections::HashMap;
use std::sync::Arc;

use conformance::run::{judge, line, run_target, summary};
use conformance::{Chain, Scenario, Target, scenarios};
use devnet::{Devnet, DevnetConfig, DevnetHandle};

fn target(handle: &DevnetHandle, chain_id: u8) -> Target {
    let pairs = HashMap::from([
        ("NODE_URL".to_string(), handle.url()),
        (
            "JOBS_ADDRESS".to_string(),
            handle.jobs_address().to_long_string(),
        ),
        ("ADMIN_KEY".to_string(), handle.admin_keys()[0].clone()),
        ("CHAIN_ID".to_string(), chain_id.to_string()),
    ]);
    Target::from_pairs("devnet", &pairs).expect("the dev chain's settings make a target")
}

fn pick(names: &[&str]) -> Vec<Scenario> {
    let picked: Vec<Scenario> = scenarios::all()
        .into_iter()
        .filter(|s| names.contains(&s.name))
        .collect();
    assert_eq!(picked.len(), names.len(), "every named scenario exists");
    picked
}

#[tokio::test]
async fn scenarios_run_against_a_dev_chain_and_each_gets_a_verdict_line() {
    let handle = Devnet::start(DevnetConfig::for_tests()).await.unwrap();
    let chain = Arc::new(Chain::connect(target(&handle, 4), 7).unwrap());
    let selected = pick(&[
        "ledger_info",
        "account_exists_or_not_found",
        "sequence_number_too_old",
        "abort_not_operator",
        "job_events_failed",
    ]);
    let outcomes = run_target(chain, &selected, |_| {}).await;
    let verdicts = judge(&outcomes, None);
    for v in &verdicts {
        assert!(v.passed, "{}", line(v));
        assert!(line(v).starts_with("devnet "), "{}", line(v));
    }
    assert_eq!(
        summary(&verdicts, &["devnet".to_string()]),
        "conformance: devnet 5 passed, 0 failed"
    );
    handle.shutdown().await.unwrap();
}

#[tokio::test]
async fn a_target_described_with_the_wrong_chain_id_fails_with_the_difference() {
    let handle = Devnet::start(DevnetConfig::for_tests()).await.unwrap();
    let chain = Arc::new(Chain::connect(target(&handle, 5), 7).unwrap());
    let outcomes = run_target(chain, &pick(&["ledger_info", "bad_chain_id"]), |_| {}).await;
    let verdicts = judge(&outcomes, None);
    let reason = verdicts[0].reason.as_deref().expect("ledger_info fails");
    assert_eq!(reason, "ledger.chain_id: expected 5, got 4");
    // bad_chain_id signs for the described id + 1 (6), which this chain refuses all the same.
    assert!(verdicts[1].passed, "{}", line(&verdicts[1]));
    assert_eq!(
        summary(&verdicts, &["devnet".to_string()]),
        "conformance: devnet 1 passed, 1 failed"
    );
    handle.shutdown().await.unwrap();
}
