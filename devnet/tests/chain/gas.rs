//! Gas: the dev chain charges what the real Move VM charges and stops where it stops.
//!
//! `data/real-jobs.json` holds `submit_job` transactions measured on a real local chain
//! (`devnet/examples/measure-gas.rs`), with their grant ids. Replayed here with the same ids, the
//! same kinds of recipients and the same transaction size, each must end the same way (committed,
//! or `EXECUTION_LIMIT_REACHED`) and cost the same within the VM's rounding: `gas_used` and
//! execution within 1 unit, IO within 2, storage fee exact. The ids matter: two 300-grant jobs
//! measured 855 and 901 units of execution, and of two 317-grant jobs one committed and one hit
//! the limit; the dev chain reproduces each.

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
    success: bool,
    vm_status: String,
    gas_used: u64,
    execution_gas_units: u64,
    io_gas_units: u64,
    storage_fee_octas: u64,
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

/// The measured job's grants, with recipients (and earlier payments) set up so each grant ends
/// as it did on the real chain.
async fn replay_grants(chain: &TestChain, real: &RealJob) -> Vec<Grant> {
    let ids: Vec<Vec<u8>> = hex::decode(&real.grant_ids)
        .unwrap()
        .chunks(16)
        .map(<[u8]>::to_vec)
        .collect();
    assert_eq!(ids.len(), real.n);
    let fresh = |id: &Vec<u8>, amount: u64| (recipient(), amount, id.clone());
    match real.kind.as_str() {
        "new" => ids.iter().map(|id| fresh(id, 1_000)).collect(),
        "zero_amount" => ids.iter().map(|id| fresh(id, 0)).collect(),
        "existing" => {
            let holders = TestChain::grants(real.n, 1);
            pay_beforehand(chain, &holders).await;
            holders
                .iter()
                .zip(&ids)
                .map(|(h, id)| (h.0, 1_000, id.clone()))
                .collect()
        }
        "skipped" => {
            let grants: Vec<Grant> = ids.iter().map(|id| fresh(id, 1_000)).collect();
            pay_beforehand(chain, &grants).await;
            grants
        }
        "mixed" => {
            let q = real.n / 4;
            let new = real.n - 3 * q;
            let holders = TestChain::grants(q, 1);
            pay_beforehand(chain, &holders).await;
            let skipped: Vec<Grant> = ids[new + q..new + 2 * q]
                .iter()
                .map(|id| fresh(id, 1_000))
                .collect();
            pay_beforehand(chain, &skipped).await;
            let mut grants: Vec<Grant> = ids[..new].iter().map(|id| fresh(id, 1_000)).collect();
            grants.extend(
                holders
                    .iter()
                    .zip(&ids[new..new + q])
                    .map(|(h, id)| (h.0, 1_000, id.clone())),
            );
            grants.extend(skipped);
            grants.extend(ids[new + 2 * q..].iter().map(|id| fresh(id, 0)));
            grants
        }
        other => panic!("unknown kind {other}"),
    }
}

#[tokio::test]
async fn real_jobs_replayed_with_their_grant_ids_cost_what_the_real_vm_charged() {
    let chain = spawn().await;
    let real: RealJobs =
        serde_json::from_str(include_str!("data/real-jobs.json")).expect("fixture parses");
    for real in &real.jobs {
        let grants = replay_grants(&chain, real).await;
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
        assert_eq!(
            done["success"], real.success,
            "{what}: {}",
            done["vm_status"]
        );
        assert_eq!(done["vm_status"], real.vm_status, "{what}");
        let fee = fee_statement(&done);
        let gas_used = field(&done, "gas_used");
        assert_eq!(field(&fee, "total_charge_gas_units"), gas_used, "{what}");
        assert!(
            gas_used.abs_diff(real.gas_used) <= 1,
            "{what}: gas {gas_used}, real {}",
            real.gas_used
        );
        let execution = field(&fee, "execution_gas_units");
        assert!(
            execution.abs_diff(real.execution_gas_units) <= 1,
            "{what}: execution {execution}, real {}",
            real.execution_gas_units
        );
        let io = field(&fee, "io_gas_units");
        assert!(
            io.abs_diff(real.io_gas_units) <= 2,
            "{what}: io {io}, real {}",
            real.io_gas_units
        );
        assert_eq!(
            field(&fee, "storage_fee_octas"),
            real.storage_fee_octas,
            "{what}"
        );
    }
}

/// Largest batches that commit, with random ids: real chain 314-318 (new recipients), 355-360
/// (existing), 338-341 (already paid), 419-430 (zero amounts). Sizes a few grants either side
/// commit or hit the limit whatever the ids.
#[tokio::test]
async fn batches_past_the_execution_limit_abort_where_the_real_vm_aborts() {
    let chain = spawn().await;
    let holders = TestChain::grants(380, 1);
    pay_beforehand(&chain, &holders).await;
    let existing = |n: usize| -> Vec<Grant> {
        holders[..n]
            .iter()
            .map(|h| (h.0, 1_000, grant_id()))
            .collect()
    };
    let zero = |n: usize| -> Vec<Grant> { (0..n).map(|_| (recipient(), 0, grant_id())).collect() };
    let paid_ids: Vec<Grant> = TestChain::grants(360, 1);
    pay_beforehand(&chain, &paid_ids).await;
    let cases: Vec<(&str, Vec<Grant>, bool)> = vec![
        ("new 305", TestChain::grants(305, 1_000), true),
        ("new 328", TestChain::grants(328, 1_000), false),
        ("existing 345", existing(345), true),
        ("existing 372", existing(372), false),
        ("skipped 325", paid_ids[..325].to_vec(), true),
        ("skipped 355", paid_ids[..355].to_vec(), false),
        ("zero amount 405", zero(405), true),
        ("zero amount 445", zero(445), false),
    ];
    for (what, grants, commits) in cases {
        let done = job(&chain, &grants).await;
        let fee = fee_statement(&done);
        if commits {
            assert_eq!(done["success"], true, "{what}: {}", done["vm_status"]);
            assert!(field(&fee, "execution_gas_units") <= 920, "{what}");
        } else {
            assert_eq!(done["vm_status"], "EXECUTION_LIMIT_REACHED", "{what}");
            assert_eq!(done["success"], false, "{what}");
            assert_eq!(field(&fee, "execution_gas_units"), 921, "{what}");
            assert_eq!(field(&fee, "storage_fee_octas"), 0, "{what}");
            assert_eq!(
                done["events"].as_array().unwrap().len(),
                1,
                "{what}: only the fee"
            );
        }
    }
    // The committed job paid its recipients; the aborted one paid nothing.
    let balance_fn = chain.jobs_fn("balance");
    let balance = |who: AccountAddress| chain.view(&balance_fn, vec![json!(who.to_long_string())]);
    assert_eq!(balance(holders[0].0).await, vec![json!("1001")]);
    assert_eq!(balance(holders[371].0).await, vec![json!("1")]);
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
    // Measured: execution and IO ran (23-24, 21), the storage fee (971,200 octas) did not fit.
    let fee = fee_statement(&done);
    assert_eq!(field(&fee, "storage_fee_octas"), 971_200);
    assert_eq!(field(&fee, "io_gas_units"), 21);
    assert_eq!(field(&fee, "total_charge_gas_units"), 3_000);
    let paid = chain
        .view(
            &chain.jobs_fn("is_paid"),
            vec![json!(format!("0x{}", hex::encode(&grants[0].2)))],
        )
        .await;
    assert_eq!(paid, vec![json!(false)]);
}
