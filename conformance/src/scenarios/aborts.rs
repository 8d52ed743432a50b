//! Every job-level abort of `move/jobs`: the transaction commits with `success: false`, the
//! exact `vm_status` text a node derives from the abort code and the constant's doc comment, gas
//! charged, and no Jobs event.

use std::sync::Arc;

use aptos_sdk::account::Ed25519Account;
use aptos_sdk::transaction::TransactionPayload;
use serde_json::{Value, json};

use crate::chain::{Chain, expect_failed, expect_success};
use crate::failure::{Checked, ensure, eq, u64_field};
use crate::jobs::{
    self, Abort, E_DUPLICATE_GRANT_ID, E_EMPTY_JOB, E_LENGTH_MISMATCH, E_NOT_ADMIN, E_NOT_OPERATOR,
    E_PAUSED, E_TOO_MANY_GRANTS, MAX_GRANTS_PER_JOB, fresh_address, fresh_grants, job_id,
    random_bytes, submit_job, submit_job_vectors,
};
use crate::scenario::Measurement;

/// Runs `payload` as `account` and checks the abort.
async fn expect_abort(
    chain: &Chain,
    account: &Ed25519Account,
    payload: TransactionPayload,
    abort: Abort,
) -> Checked {
    let txn = chain.execute(account, payload).await?;
    expect_failed(abort.0, &txn, &abort.vm_status(&chain.target))?;
    ensure(
        u64_field("txn", &txn, "gas_used")? > 0,
        format!("{} gas_used", abort.0),
        "> 0",
        &txn["gas_used"],
    )?;
    eq(
        format!("{} Jobs events", abort.0),
        vec![],
        jobs::jobs_events(&chain.target, &txn)?,
    )
}

/// A caller that is not an operator: E_NOT_OPERATOR (0x50001).
pub async fn abort_not_operator(chain: Arc<Chain>) -> Checked<Vec<Measurement>> {
    let stranger = chain.new_account(crate::chain::DEFAULT_FUNDING).await?;
    let payload = submit_job(&chain.target, job_id(), &fresh_grants(1, 1))?;
    expect_abort(&chain, &stranger, payload, E_NOT_OPERATOR).await?;
    Ok(vec![])
}

/// One payable grant id named twice in a job: E_DUPLICATE_GRANT_ID (0x10007), nothing paid (the
/// contract finds it when it merges the job's paid ids into their leaves, after every grant ran).
pub async fn abort_duplicate_grant_id(chain: Arc<Chain>) -> Checked<Vec<Measurement>> {
    let operator = chain.new_operator().await?;
    let first = jobs::Grant::to(fresh_address(), 3);
    let again = jobs::Grant {
        recipient: fresh_address(),
        ..first.clone()
    };
    let grants = [first.clone(), jobs::Grant::to(fresh_address(), 4), again];
    let payload = submit_job(&chain.target, job_id(), &grants)?;
    expect_abort(&chain, &operator, payload, E_DUPLICATE_GRANT_ID).await?;
    let paid = chain
        .view_ok(
            &chain.target.jobs_function("is_paid"),
            &[],
            vec![json!(first.id_hex())],
        )
        .await?;
    eq("is_paid of the twice-named id", vec![json!(false)], paid)?;
    Ok(vec![])
}

/// Vectors of different lengths: E_LENGTH_MISMATCH (0x10003).
pub async fn abort_length_mismatch(chain: Arc<Chain>) -> Checked<Vec<Measurement>> {
    let operator = chain.new_operator().await?;
    let payload = submit_job_vectors(
        &chain.target,
        job_id(),
        vec![fresh_address(), fresh_address()],
        vec![1, 2],
        vec![random_bytes(16)],
    )?;
    expect_abort(&chain, &operator, payload, E_LENGTH_MISMATCH).await?;
    Ok(vec![])
}

/// No grants: E_EMPTY_JOB (0x10004).
pub async fn abort_empty_job(chain: Arc<Chain>) -> Checked<Vec<Measurement>> {
    let operator = chain.new_operator().await?;
    let payload = submit_job(&chain.target, job_id(), &[])?;
    expect_abort(&chain, &operator, payload, E_EMPTY_JOB).await?;
    Ok(vec![])
}

/// 1,001 grants: E_TOO_MANY_GRANTS (0x20005).
pub async fn abort_too_many_grants(chain: Arc<Chain>) -> Checked<Vec<Measurement>> {
    let operator = chain.new_operator().await?;
    let payload = submit_job(
        &chain.target,
        job_id(),
        &fresh_grants(MAX_GRANTS_PER_JOB + 1, 1),
    )?;
    expect_abort(&chain, &operator, payload, E_TOO_MANY_GRANTS).await?;
    Ok(vec![])
}

/// An operator calling admin functions: E_NOT_ADMIN (0x50006) for `add_operator`,
/// `remove_operator` and `set_paused`.
pub async fn abort_not_admin(chain: Arc<Chain>) -> Checked<Vec<Measurement>> {
    let operator = chain.new_operator().await?;
    let target = &chain.target;
    expect_abort(
        &chain,
        &operator,
        jobs::add_operator(target, fresh_address())?,
        E_NOT_ADMIN,
    )
    .await?;
    expect_abort(
        &chain,
        &operator,
        jobs::remove_operator(target, operator.address())?,
        E_NOT_ADMIN,
    )
    .await?;
    expect_abort(
        &chain,
        &operator,
        jobs::set_paused(target, true)?,
        E_NOT_ADMIN,
    )
    .await?;
    Ok(vec![])
}

/// While paused (`set_paused(true)` emits `PausedChanged`, `is_paused` answers true) an
/// operator's job aborts E_PAUSED (0x30002) and a stranger's still E_NOT_OPERATOR (the operator
/// check comes first); after `set_paused(false)` jobs are paid again. The pause is always lifted,
/// whatever the checks found.
pub async fn abort_paused(chain: Arc<Chain>) -> Checked<Vec<Measurement>> {
    let operator = chain.new_operator().await?;
    let stranger = chain.new_account(crate::chain::DEFAULT_FUNDING).await?;
    let paused = chain
        .admin_execute(jobs::set_paused(&chain.target, true)?)
        .await?;
    let checks = async {
        expect_success("set_paused(true)", &paused)?;
        eq(
            "set_paused(true) events",
            vec![("PausedChanged".to_string(), json!({"paused": true}))],
            jobs::jobs_events(&chain.target, &paused)?,
        )?;
        let view = chain
            .view_ok(&chain.target.jobs_function("is_paused"), &[], vec![])
            .await?;
        eq("is_paused while paused", vec![Value::Bool(true)], view)?;
        let payload = || submit_job(&chain.target, job_id(), &fresh_grants(1, 1));
        expect_abort(&chain, &operator, payload()?, E_PAUSED).await?;
        expect_abort(&chain, &stranger, payload()?, E_NOT_OPERATOR).await
    }
    .await;
    let resumed = chain
        .admin_execute(jobs::set_paused(&chain.target, false)?)
        .await?;
    checks?;
    expect_success("set_paused(false)", &resumed)?;
    eq(
        "set_paused(false) events",
        vec![("PausedChanged".to_string(), json!({"paused": false}))],
        jobs::jobs_events(&chain.target, &resumed)?,
    )?;
    let txn = chain
        .execute(
            &operator,
            submit_job(&chain.target, job_id(), &fresh_grants(1, 1))?,
        )
        .await?;
    expect_success("submit_job after resuming", &txn)?;
    Ok(vec![])
}
