//! `POST /v1/transactions/simulate`: a zeroed signature is simulated (no state change), a real
//! signature is refused, an abort is reported as the committed transaction would be, and the
//! simulated gas is what the transaction then costs.

use std::sync::Arc;

use serde_json::Value;

use crate::chain::{Chain, TxnParams, expect_success};
use crate::failure::{Checked, Failure, Lit, bool_field, ensure, eq, str_field, u64_field};
use crate::jobs::{self, E_NOT_OPERATOR, drawn_grants, fresh_grants, job_id, submit_job};
use crate::scenario::Measurement;
use crate::scenarios::gas::{TOLERANCE_PERCENT, TOLERANCE_UNITS};

/// Simulates through aptos-sdk (which zeroes the signature) and returns the single result.
async fn simulate(
    chain: &Chain,
    signed: &aptos_sdk::transaction::SignedTransaction,
) -> Checked<Value> {
    let r = chain
        .aptos
        .fullnode()
        .simulate_transaction(signed)
        .await
        .map_err(Failure::sdk("aptos-sdk simulate_transaction"))?;
    match r.data.as_slice() {
        [one] => Ok(one.clone()),
        other => Err(Failure::mismatch(
            "simulate result",
            Lit("an array of one"),
            other,
        )),
    }
}

/// Zeroed signature: 200 `[{success, vm_status, gas_used, events, …}]` with the job's events
/// and nothing changed on chain; the same transaction with its real signature: 400; committed
/// for real, it uses exactly the simulated gas. A non-operator's job simulates as the abort.
pub async fn simulate_transaction(chain: Arc<Chain>) -> Checked<Vec<Measurement>> {
    let operator = chain.new_operator().await?;
    let grants = drawn_grants(&mut chain.rng("simulate_transaction"), 2, 25);
    let job = job_id();
    let seq = chain.sequence_number(operator.address()).await?;
    let signed = chain.sign(
        &operator,
        seq,
        submit_job(&chain.target, job, &grants)?,
        TxnParams::standard(),
    )?;

    let real_signature = chain
        .post_bcs(
            "transactions/simulate",
            signed.to_bcs().map_err(Failure::sdk("encoding"))?,
        )
        .await?;
    real_signature.expect_error(400, "invalid_input", None)?;

    let sim = simulate(&chain, &signed).await?;
    ensure(
        bool_field("simulation", &sim, "success")?,
        "simulation success",
        "true",
        &sim["vm_status"],
    )?;
    eq(
        "simulation vm_status",
        "Executed successfully",
        str_field("simulation", &sim, "vm_status")?,
    )?;
    let sim_gas = u64_field("simulation", &sim, "gas_used")?;
    let events = jobs::jobs_events(&chain.target, &sim)?;
    let names: Vec<&str> = events.iter().map(|e| e.0.as_str()).collect();
    eq(
        "simulated Jobs events",
        vec!["JobSubmitted", "GrantPaid", "GrantPaid", "JobCompleted"],
        names,
    )?;
    let fee = jobs::fee_statement(&sim)?;
    eq(
        "simulated FeeStatement total",
        sim_gas,
        fee.total_charge_gas_units,
    )?;

    eq(
        "sequence number after simulating",
        seq,
        chain.sequence_number(operator.address()).await?,
    )?;
    let paid = chain
        .view_ok(
            &chain.target.jobs_function("is_paid"),
            &[],
            vec![grants[0].id_hex().into()],
        )
        .await?;
    eq("is_paid after simulating", vec![Value::Bool(false)], paid)?;

    let hash = chain.submit_accepted(&signed).await?;
    let txn = chain.committed(&hash).await?;
    expect_success("the simulated job, committed", &txn)?;
    eq(
        "committed gas_used vs simulated",
        sim_gas,
        u64_field("txn", &txn, "gas_used")?,
    )?;

    let stranger = chain.new_account(1_000_000_000).await?;
    let refused = chain.sign(
        &stranger,
        0,
        submit_job(&chain.target, job, &fresh_grants(1, 1))?,
        TxnParams::standard(),
    )?;
    let sim = simulate(&chain, &refused).await?;
    eq(
        "simulated abort success",
        Some(false),
        sim["success"].as_bool(),
    )?;
    eq(
        "simulated abort vm_status",
        E_NOT_OPERATOR.vm_status(&chain.target),
        str_field("simulation", &sim, "vm_status")?.to_string(),
    )?;
    Ok(vec![Measurement::within(
        "simulated gas_used, 2 new grants",
        sim_gas,
        TOLERANCE_PERCENT,
        TOLERANCE_UNITS,
    )])
}
