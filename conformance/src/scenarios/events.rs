//! Every event of `jobs::submit_job`, field by field and in order: `JobSubmitted`, `GrantPaid`,
//! `GrantSkipped` (pointing at the first payment by operator and sequence number, which the
//! node resolves to the real hash), `GrantFailed` for each reason, `JobCompleted`; and the admin
//! events `OperatorAdded` / `OperatorRemoved`.
//!
//! Tolerated by design: events of other modules (the framework's fungible-asset `Deposit`, the
//! primary store's creation) are not compared; the Jobs events and the `FeeStatement` are.

use std::sync::Arc;

use aptos_sdk::AccountAddress;
use aptos_sdk::account::Ed25519Account;
use serde_json::{Value, json};

use crate::chain::{Chain, DEFAULT_FUNDING, expect_success};
use crate::failure::{Checked, Failure, Lit, eq, u64_field};
use crate::jobs::{
    self, DEFAULT_PER_GRANT_CAP, Grant, api_address, fresh_address, fresh_grants, grant_paid,
    job_id, random_bytes, submit_job,
};
use crate::scenario::Measurement;

/// An account whose address starts with a zero byte, so that the way addresses are rendered
/// (leading zeros kept or trimmed) is visible in every field that carries it.
pub fn account_with_leading_zero() -> Ed25519Account {
    loop {
        let a = Ed25519Account::generate();
        if a.address().to_bytes()[0] == 0 {
            return a;
        }
    }
}

/// An address starting with a zero byte.
pub fn address_with_leading_zero() -> AccountAddress {
    account_with_leading_zero().address()
}

/// Pays `grants` as a job of `operator`; returns the committed transaction (must succeed).
pub async fn pay(
    chain: &Chain,
    operator: &Ed25519Account,
    job: u64,
    grants: &[Grant],
) -> Checked<Value> {
    let txn = chain
        .execute(operator, submit_job(&chain.target, job, grants)?)
        .await?;
    expect_success("submit_job", &txn)?;
    Ok(txn)
}

/// A job of new grants: `JobSubmitted`, one `GrantPaid` per grant in input order, `JobCompleted`
/// with the totals; a `FeeStatement`; each recipient's `jobs::balance` is its amount.
pub async fn job_events_paid(chain: Arc<Chain>) -> Checked<Vec<Measurement>> {
    let operator = chain.new_operator().await?;
    let mut grants = fresh_grants(2, 40);
    grants.push(Grant::to(address_with_leading_zero(), 60));
    let job = job_id();
    let txn = pay(&chain, &operator, job, &grants).await?;
    let mut expected = vec![(
        "JobSubmitted".to_string(),
        json!({"job_id": job.to_string(), "operator": api_address(operator.address()), "grant_count": "3"}),
    )];
    expected.extend(
        grants
            .iter()
            .map(|g| ("GrantPaid".to_string(), grant_paid(job, g))),
    );
    expected.push((
        "JobCompleted".to_string(),
        json!({"job_id": job.to_string(), "paid": "3", "skipped": "0", "failed": "0", "total_amount": "140"}),
    ));
    eq(
        "Jobs events",
        expected,
        jobs::jobs_events(&chain.target, &txn)?,
    )?;
    let fee = jobs::fee_statement(&txn)?;
    eq(
        "FeeStatement total vs gas_used",
        u64_field("txn", &txn, "gas_used")?,
        fee.total_charge_gas_units,
    )?;
    for g in &grants {
        let balance = chain
            .view_ok(
                &chain.target.jobs_function("balance"),
                &[],
                vec![g.recipient.to_long_string().into()],
            )
            .await?;
        eq(
            "jobs::balance of a recipient",
            vec![Value::from(g.amount.to_string())],
            balance,
        )?;
    }
    Ok(vec![])
}

/// A grant paid in job 1 and sent again in job 2 (by another operator) is `GrantSkipped` with
/// `paid_job_id`, `paid_operator` and `paid_sequence_number` of the first payment; the node's
/// `accounts/{paid_operator}/transactions?start={paid_sequence_number}&limit=1` is that payment,
/// with its real hash and version; the recipient was paid once.
pub async fn job_events_skipped(chain: Arc<Chain>) -> Checked<Vec<Measurement>> {
    let first_operator = account_with_leading_zero();
    chain
        .fund(first_operator.address(), DEFAULT_FUNDING)
        .await?;
    chain.register_operator(first_operator.address()).await?;
    let second_operator = chain.new_operator().await?;
    let repeated = Grant::to(fresh_address(), 50);
    let first_job = job_id();
    let first_seq = chain.sequence_number(first_operator.address()).await?;
    let first = pay(
        &chain,
        &first_operator,
        first_job,
        std::slice::from_ref(&repeated),
    )
    .await?;

    let fresh = Grant::to(fresh_address(), 70);
    let second_job = job_id();
    let second = pay(
        &chain,
        &second_operator,
        second_job,
        &[repeated.clone(), fresh.clone()],
    )
    .await?;
    let expected = vec![
        (
            "JobSubmitted".to_string(),
            json!({"job_id": second_job.to_string(), "operator": api_address(second_operator.address()), "grant_count": "2"}),
        ),
        (
            "GrantSkipped".to_string(),
            json!({
                "job_id": second_job.to_string(),
                "grant_id": repeated.id_hex(),
                "recipient": api_address(repeated.recipient),
                "amount": "50",
                "paid_job_id": first_job.to_string(),
                "paid_operator": api_address(first_operator.address()),
                "paid_sequence_number": first_seq.to_string(),
            }),
        ),
        ("GrantPaid".to_string(), grant_paid(second_job, &fresh)),
        (
            "JobCompleted".to_string(),
            json!({"job_id": second_job.to_string(), "paid": "1", "skipped": "1", "failed": "0", "total_amount": "70"}),
        ),
    ];
    eq(
        "Jobs events of the repeat",
        expected,
        jobs::jobs_events(&chain.target, &second)?,
    )?;

    // The skip names the first payment; the node resolves it to the real transaction.
    let r = chain
        .get(&format!(
            "accounts/{}/transactions?start={first_seq}&limit=1",
            first_operator.address().to_long_string()
        ))
        .await?;
    let body = r.expect(200)?;
    let resolved = body.as_array().and_then(|a| a.first()).ok_or_else(|| {
        Failure::mismatch("paying transaction lookup", Lit("one transaction"), body)
    })?;
    eq(
        "resolved paying transaction hash",
        &first["hash"],
        &resolved["hash"],
    )?;
    eq(
        "resolved paying transaction version",
        &first["version"],
        &resolved["version"],
    )?;

    let balance = chain
        .view_ok(
            &chain.target.jobs_function("balance"),
            &[],
            vec![repeated.recipient.to_long_string().into()],
        )
        .await?;
    eq(
        "balance of the twice-sent grant's recipient",
        vec![Value::from("50")],
        balance,
    )?;
    Ok(vec![])
}

/// One job with every per-grant failure, in the contract's order of checks: a 15-byte id
/// (`R_BAD_GRANT_ID`), recipient 0x0 (`R_RESERVED_RECIPIENT`), amount 0 (`R_ZERO_AMOUNT`), amount
/// above the cap (`R_AMOUNT_OVER_CAP`); the rest of the job is paid. An id named again after its
/// first copy failed is judged on its own (paid). (`R_DUPLICATE_IN_JOB` is no longer given: a
/// payable id named twice aborts the job, `aborts::abort_duplicate_grant_id`.)
pub async fn job_events_failed(chain: Arc<Chain>) -> Checked<Vec<Measurement>> {
    let operator = chain.new_operator().await?;
    let good = Grant::to(fresh_address(), 11);
    let grants = vec![
        Grant {
            recipient: fresh_address(),
            amount: 5,
            id: random_bytes(15),
        },
        good.clone(),
        Grant::to(AccountAddress::ZERO, 13),
        Grant::to(fresh_address(), 0),
        Grant::to(fresh_address(), DEFAULT_PER_GRANT_CAP + 1),
    ];
    let zero = grants[3].clone();
    let grants = [
        grants,
        vec![Grant {
            recipient: fresh_address(),
            amount: 12,
            id: zero.id.clone(),
        }],
    ]
    .concat();
    let job = job_id();
    let txn = pay(&chain, &operator, job, &grants).await?;
    let failed = |g: &Grant, reason: u64, name: &str| {
        (
            "GrantFailed".to_string(),
            json!({
                "job_id": job.to_string(),
                "grant_id": g.id_hex(),
                "recipient": api_address(g.recipient),
                "amount": g.amount.to_string(),
                "reason": reason.to_string(),
                "reason_name": name,
            }),
        )
    };
    let expected = vec![
        (
            "JobSubmitted".to_string(),
            json!({"job_id": job.to_string(), "operator": api_address(operator.address()), "grant_count": "6"}),
        ),
        failed(&grants[0], 3, "R_BAD_GRANT_ID"),
        ("GrantPaid".to_string(), grant_paid(job, &grants[1])),
        failed(&grants[2], 2, "R_RESERVED_RECIPIENT"),
        failed(&grants[3], 1, "R_ZERO_AMOUNT"),
        failed(&grants[4], 5, "R_AMOUNT_OVER_CAP"),
        ("GrantPaid".to_string(), grant_paid(job, &grants[5])),
        (
            "JobCompleted".to_string(),
            json!({"job_id": job.to_string(), "paid": "2", "skipped": "0", "failed": "4", "total_amount": "23"}),
        ),
    ];
    eq(
        "Jobs events",
        expected,
        jobs::jobs_events(&chain.target, &txn)?,
    )?;
    Ok(vec![])
}

/// `add_operator` emits `OperatorAdded`, `remove_operator` `OperatorRemoved` (both idempotent:
/// again emits again), and `is_operator` follows.
pub async fn operator_events(chain: Arc<Chain>) -> Checked<Vec<Measurement>> {
    let operator = address_with_leading_zero();
    let is_operator = |chain: Arc<Chain>| async move {
        chain
            .view_ok(
                &chain.target.jobs_function("is_operator"),
                &[],
                vec![operator.to_long_string().into()],
            )
            .await
    };
    let added = json!({"operator": api_address(operator)});
    for round in 0..2 {
        let txn = chain
            .admin_execute(jobs::add_operator(&chain.target, operator)?)
            .await?;
        expect_success("add_operator", &txn)?;
        eq(
            format!("add_operator events (call {})", round + 1),
            vec![("OperatorAdded".to_string(), added.clone())],
            jobs::jobs_events(&chain.target, &txn)?,
        )?;
    }
    eq(
        "is_operator after add",
        vec![Value::Bool(true)],
        is_operator(chain.clone()).await?,
    )?;
    for round in 0..2 {
        let txn = chain
            .admin_execute(jobs::remove_operator(&chain.target, operator)?)
            .await?;
        expect_success("remove_operator", &txn)?;
        eq(
            format!("remove_operator events (call {})", round + 1),
            vec![("OperatorRemoved".to_string(), added.clone())],
            jobs::jobs_events(&chain.target, &txn)?,
        )?;
    }
    eq(
        "is_operator after remove",
        vec![Value::Bool(false)],
        is_operator(chain.clone()).await?,
    )?;
    Ok(vec![])
}

/// The framework's events around a job, as indexers read them: a
/// `0x1::fungible_asset::Deposit {store, amount}` into the recipient's primary store right
/// before each `GrantPaid`, for new and for existing recipients, and the
/// `0x1::transaction_fee::FeeStatement` last; every event with the zero `guid` of module events.
pub async fn framework_events_of_submit_job(chain: Arc<Chain>) -> Checked<Vec<Measurement>> {
    let operator = chain.new_operator().await?;
    let metadata = jobs::token_metadata_address(chain.target.jobs_address);
    let first = fresh_grants(2, 9);
    let again: Vec<Grant> = first.iter().map(|g| Grant::to(g.recipient, 8)).collect();
    for (what, grants) in [("new recipients", first), ("existing recipients", again)] {
        let job = job_id();
        let txn = pay(&chain, &operator, job, &grants).await?;
        let events = crate::failure::array_field("txn", &txn, "events")?;
        const DEPOSIT: &str = "0x1::fungible_asset::Deposit";
        let mut expected_types = vec!["JobSubmitted"];
        let mut expected_deposits = Vec::new();
        for g in &grants {
            expected_types.extend([DEPOSIT, "GrantPaid"]);
            expected_deposits.push(json!({
                "store": api_address(jobs::primary_store_address(g.recipient, metadata)),
                "amount": g.amount.to_string(),
            }));
        }
        expected_types.extend(["JobCompleted", "0x1::transaction_fee::FeeStatement"]);
        // Jobs events by their name alone: their data is checked by the other event scenarios.
        let jobs_prefix = format!("{}::jobs::", chain.target.jobs_address.to_short_string());
        let types: Vec<&str> = events
            .iter()
            .map(|e| {
                let t = e["type"].as_str().unwrap_or_default();
                t.strip_prefix(&jobs_prefix).unwrap_or(t)
            })
            .collect();
        eq(
            format!("event types of a job to {what}"),
            expected_types,
            types,
        )?;
        let deposits: Vec<&Value> = events
            .iter()
            .filter(|e| e["type"] == DEPOSIT)
            .map(|e| &e["data"])
            .collect();
        eq(
            format!("Deposit events of a job to {what}"),
            expected_deposits.iter().collect(),
            deposits,
        )?;
        for e in events {
            eq(
                "module event guid",
                &json!({"creation_number": "0", "account_address": "0x0"}),
                &e["guid"],
            )?;
            eq(
                "module event sequence_number",
                Some("0"),
                e["sequence_number"].as_str(),
            )?;
        }
    }
    Ok(vec![])
}
