//! Gas: the dev chain charges what the real Move VM charges and stops where it stops.
//!
//! `data/real-jobs.json` holds the first 16 `submit_job` transactions of a `measure-gas` run on a
//! real local chain (`devnet/examples/measure-gas.rs --ids uuid-v7`, a fresh `move/jobs`), with
//! their grant ids. Replayed in order on a fresh dev chain, with the same transaction sizes, each
//! meets the paid-id trie it met on the real chain (the 10th splits the root leaf, cascading) and
//! must end the same way and cost the same within the conformance tolerance (1 %, or 2 units, of
//! execution and IO: the dev chain's model is a fit, `devnet/src/gas/job.rs`), storage fee and
//! refund exact (the schedule's).

use aptos_sdk::transaction::InputEntryFunctionData;
use aptos_sdk::types::AccountAddress;
use serde::Deserialize;
use serde_json::{Value, json};

use crate::helpers::{TestChain, events_named, grant_id, recipient, spawn};

/// One measured job (see the file's `about`).
#[derive(Debug, Deserialize)]
struct RealJob {
    kind: String,
    n: usize,
    hash: String,
    raw_len: usize,
    grant_ids: String,
    gas_used: u64,
    execution_gas_units: u64,
    io_gas_units: u64,
    storage_fee_octas: u64,
    storage_fee_refund_octas: u64,
}

#[derive(Debug, Deserialize)]
struct RealJobs {
    jobs: Vec<RealJob>,
}

type Grant = (AccountAddress, u64, Vec<u8>);

/// Submits a job as the operator at its next sequence number; returns the committed JSON.
async fn job(chain: &TestChain, grants: &[Grant]) -> Value {
    let seq = chain.seq(&chain.operator).await;
    let signed = chain.sign(
        &chain.operator,
        seq,
        chain.job_payload(rand::random(), grants),
        |b| b,
    );
    chain.submit_and_commit(&signed).await
}

/// Pays `grants` in jobs small enough to commit.
async fn pay_beforehand(chain: &TestChain, grants: &[Grant]) {
    for chunk in grants.chunks(200) {
        let done = job(chain, chunk).await;
        assert_eq!(done["success"], true, "{}", done["vm_status"]);
    }
}

fn fee_statement(txn: &Value) -> Value {
    let last = txn["events"].as_array().unwrap().last().unwrap();
    assert_eq!(last["type"], "0x1::transaction_fee::FeeStatement");
    last["data"].clone()
}

fn field(v: &Value, name: &str) -> u64 {
    v[name].as_str().unwrap().parse().unwrap()
}

/// Within the conformance tolerance: 1 %, or 2 units if more.
fn within_tolerance(model: u64, real: u64) -> bool {
    model.abs_diff(real) <= (real / 100).max(2)
}

#[tokio::test]
async fn a_real_run_replayed_in_order_costs_what_the_real_vm_charged() {
    let chain = spawn().await;
    let real: RealJobs =
        serde_json::from_str(include_str!("data/real-jobs.json")).expect("fixture parses");
    for real in &real.jobs {
        let grants: Vec<Grant> = hex::decode(&real.grant_ids)
            .unwrap()
            .chunks(16)
            .map(|id| (recipient(), 1_000, id.to_vec()))
            .collect();
        assert_eq!(grants.len(), real.n);
        let seq = chain.seq(&chain.operator).await;
        let signed = chain.sign(&chain.operator, seq, chain.job_payload(7, &grants), |b| b);
        let raw_len = bcs::to_bytes(&signed.raw_txn).unwrap().len();
        assert_eq!(
            raw_len, real.raw_len,
            "{} n={}: transaction size",
            real.kind, real.n
        );
        let done = chain.submit_and_commit(&signed).await;
        let what = format!("{} n={} (real {})", real.kind, real.n, real.hash);
        assert_eq!(done["success"], true, "{what}: {}", done["vm_status"]);
        let fee = fee_statement(&done);
        let gas_used = field(&done, "gas_used");
        assert_eq!(field(&fee, "total_charge_gas_units"), gas_used, "{what}");
        for (name, real_value) in [
            ("execution_gas_units", real.execution_gas_units),
            ("io_gas_units", real.io_gas_units),
        ] {
            let value = field(&fee, name);
            assert!(
                within_tolerance(value, real_value),
                "{what}: {name} {value}, real {real_value}"
            );
        }
        assert_eq!(
            field(&fee, "storage_fee_octas"),
            real.storage_fee_octas,
            "{what}"
        );
        assert_eq!(
            field(&fee, "storage_fee_refund_octas"),
            real.storage_fee_refund_octas,
            "{what}"
        );
        assert!(
            gas_used.abs_diff(real.gas_used) <= 4,
            "{what}: gas {gas_used}, real {}",
            real.gas_used
        );
    }
}

/// Largest batches that commit on the real chain (UUID v7 ids; 10 runs, 2026-12-02): 624-706 to
/// new recipients (one more stops at the execution limit; 725 and more always did), 883-934 to
/// recipients holding the token (one more stops at the execution or the IO limit, whichever the
/// job's split, if any, makes first; 1,000 stopped at the execution limit 14 times in 17);
/// already-paid and zero-amount grants commit up to the contract's 1,000. Sizes some grants
/// either side commit or stop whatever the ids (a split adds 46-90 units of execution).
#[tokio::test]
async fn batches_past_the_vm_limits_stop_where_the_real_vm_stops() {
    let chain = spawn().await;
    // Past 1,024 paid ids the root leaf splits, the first time cascading (+360-464 execution
    // units on the real VM): let that happen before the measured jobs.
    pay_beforehand(&chain, &TestChain::grants(600, 1)).await;
    let holders = TestChain::grants(1_000, 1);
    pay_beforehand(&chain, &holders).await;
    let existing = |n: usize| -> Vec<Grant> {
        holders[..n]
            .iter()
            .map(|h| (h.0, 1_000, grant_id()))
            .collect()
    };
    let zero = |n: usize| -> Vec<Grant> { (0..n).map(|_| (recipient(), 0, grant_id())).collect() };
    let cases: Vec<(&str, Vec<Grant>, Option<&str>)> = vec![
        ("new 580", TestChain::grants(580, 1_000), None),
        (
            "new 760",
            TestChain::grants(760, 1_000),
            Some("EXECUTION_LIMIT_REACHED"),
        ),
        ("existing 820", existing(820), None),
        (
            "existing 1000",
            existing(1_000),
            Some("EXECUTION_LIMIT_REACHED"),
        ),
        ("skipped 1000", holders.clone(), None),
        ("zero amount 1000", zero(1_000), None),
    ];
    for (what, grants, stops) in cases {
        let done = job(&chain, &grants).await;
        let fee = fee_statement(&done);
        match stops {
            None => {
                assert_eq!(done["success"], true, "{what}: {}", done["vm_status"]);
                assert!(field(&fee, "execution_gas_units") <= 920, "{what}");
                assert!(field(&fee, "io_gas_units") <= 1_000, "{what}");
            }
            Some(status) => {
                assert_eq!(done["vm_status"], status, "{what}");
                assert_eq!(done["success"], false, "{what}");
                let (name, limit) = if status == "IO_LIMIT_REACHED" {
                    ("io_gas_units", 1_001)
                } else {
                    ("execution_gas_units", 921)
                };
                assert_eq!(field(&fee, name), limit, "{what}");
                assert_eq!(field(&fee, "storage_fee_octas"), 0, "{what}");
                assert_eq!(
                    done["events"].as_array().unwrap().len(),
                    1,
                    "{what}: only the fee"
                );
            }
        }
    }
    // The committed job paid its recipients; the stopped one paid nothing.
    let balance_fn = chain.jobs_fn("balance");
    let balance = |who: AccountAddress| chain.view(&balance_fn, vec![json!(who.to_long_string())]);
    assert_eq!(balance(holders[0].0).await, vec![json!("1001")]);
    assert_eq!(balance(holders[900].0).await, vec![json!("1")]);
}

#[tokio::test]
async fn every_committed_transaction_ends_with_a_fee_statement_that_adds_up() {
    let chain = spawn().await;
    let transfer = InputEntryFunctionData::transfer_apt(recipient(), 5).unwrap();
    let seq = chain.seq(&chain.operator).await;
    let done = chain
        .submit_and_commit(&chain.sign(&chain.operator, seq, transfer, |b| b))
        .await;
    // Measured: a transfer creating the recipient's account, execution 6, IO 5, 98,800 octas.
    assert_eq!(
        fee_statement(&done),
        json!({
            "execution_gas_units": "6",
            "io_gas_units": "5",
            "storage_fee_octas": "98800",
            "storage_fee_refund_octas": "0",
            "total_charge_gas_units": "999",
        })
    );
    assert_eq!(done["gas_used"], "999");
    let not_operator = chain
        .submit_and_commit(&chain.sign(
            &chain.admin,
            0,
            chain.job_payload(1, &TestChain::grants(1, 1)),
            |b| b,
        ))
        .await;
    assert_eq!(not_operator["success"], false);
    let fee = fee_statement(&not_operator);
    assert_eq!(field(&fee, "total_charge_gas_units"), 5);
    assert_eq!(not_operator["gas_used"], "5");
}

#[tokio::test]
async fn removing_an_operator_refunds_its_entry_and_adding_one_pays_for_it() {
    let chain = spawn().await;
    let newcomer = recipient();
    let admin_balance = || chain.aptos.get_balance(chain.admin.address());
    let add = InputEntryFunctionData::new(&chain.jobs_fn("add_operator"))
        .arg(newcomer)
        .build()
        .unwrap();
    let before = admin_balance().await.unwrap();
    let added = chain
        .submit_and_commit(&chain.sign(&chain.admin, 0, add, |b| b))
        .await;
    // Measured: 4 / 2 / 42,600 octas → 431.
    assert_eq!(added["gas_used"], "431");
    assert_eq!(before - admin_balance().await.unwrap(), 431 * 100);
    let remove = InputEntryFunctionData::new(&chain.jobs_fn("remove_operator"))
        .arg(newcomer)
        .build()
        .unwrap();
    let before = admin_balance().await.unwrap();
    let removed = chain
        .submit_and_commit(&chain.sign(&chain.admin, 1, remove, |b| b))
        .await;
    let fee = fee_statement(&removed);
    assert_eq!(field(&fee, "storage_fee_refund_octas"), 42_600);
    assert_eq!(removed["gas_used"], "6");
    // Charged 6 units, paid back the entry's 42,600 octas.
    assert_eq!(admin_balance().await.unwrap() - before, 42_600 - 6 * 100);
    assert_eq!(events_named(&removed, "OperatorRemoved").len(), 1);
}

#[tokio::test]
async fn max_gas_below_the_storage_fee_runs_out_of_gas_and_pays_nothing() {
    let chain = spawn().await;
    let grants = TestChain::grants(10, 5);
    let signed = chain.sign(&chain.operator, 0, chain.job_payload(1, &grants), |b| {
        b.max_gas_amount(3_000)
    });
    let done = chain.submit_and_commit(&signed).await;
    assert_eq!(done["vm_status"], "Out of gas");
    assert_eq!(done["gas_used"], "3000");
    // Execution and IO ran (measured 31 and 21 for 10 new recipients), the storage fee did not
    // fit: 10 stores (53,240 each) and, on a fresh deployment, the root leaf (40,000 + 40 × 291
    // bytes with its key) and the first payment slot (40,000 + 40 × 89).
    let fee = fee_statement(&done);
    assert_eq!(
        field(&fee, "storage_fee_octas"),
        10 * 53_240 + 40_000 + 40 * 291 + 40_000 + 40 * 89
    );
    assert!(field(&fee, "io_gas_units").abs_diff(21) <= 2);
    assert_eq!(field(&fee, "total_charge_gas_units"), 3_000);
    let paid = chain
        .view(
            &chain.jobs_fn("is_paid"),
            vec![json!(format!("0x{}", hex::encode(&grants[0].2)))],
        )
        .await;
    assert_eq!(paid, vec![json!(false)]);
}
