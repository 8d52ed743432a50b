//! What `jobs::submit_job` costs: `gas_used` and the `FeeStatement` split (execution, IO,
//! storage fee) at 1, 10 and 100 grants, to new recipients and to recipients that already hold
//! the token. Every chain of a run sends the very same grants (ids drawn from the run's seed,
//! [`Chain::rng`]), and each figure must agree with the reference chain's within
//! [`TOLERANCE_PERCENT`] or [`TOLERANCE_UNITS`] units, whichever allows more.
//!
//! Same grants, because the real VM's gas depends on the ids and on every id paid before: the
//! contract keeps paid ids in a trie of shared leaves keyed by their leading bits, so what a job
//! costs follows the leaf it meets (how many ids it holds, whether it splits). The ids are UUID v7
//! from one drawing clock per chain, as campaign-svc makes them; with the same ids paid in the same
//! order the real VM is deterministic, so the comparison can be tight. (Random, not time-ordered
//! ids spread a job over many leaves, which the dev chain's model does not follow within this
//! tolerance: `devnet/README.md`, "Gas".)

use std::sync::Arc;

use crate::chain::{Chain, expect_success};
use crate::failure::{Checked, ensure, eq, u64_field};
use crate::jobs::{self, FeeStatement, Grant, drawn_grants, job_id, submit_job};
use crate::scenario::Measurement;
use aptos_sdk::account::Ed25519Account;

/// Relative tolerance between two chains' gas figures for the same transaction, percent.
pub const TOLERANCE_PERCENT: f64 = 1.0;
/// Absolute tolerance, gas units: the node rounds execution, IO and storage up separately, so a
/// faithful model may land a unit or two off.
pub const TOLERANCE_UNITS: u64 = 2;
/// Absolute tolerance for storage fees, octas (the same two units at price 100).
pub const TOLERANCE_OCTAS: u64 = 200;
/// How far the separately rounded parts of a `FeeStatement` may be from its total.
const ROUNDING_UNITS: u64 = 2;
/// Batch sizes measured.
pub const SIZES: [usize; 3] = [1, 10, 100];

/// Runs one job and returns the transaction's `gas_used` and `FeeStatement`, checking that the
/// two agree.
pub async fn cost(
    chain: &Chain,
    operator: &Ed25519Account,
    grants: &[Grant],
) -> Checked<(u64, FeeStatement)> {
    let txn = chain
        .execute(operator, submit_job(&chain.target, job_id(), grants)?)
        .await?;
    expect_success(&format!("submit_job of {} grants", grants.len()), &txn)?;
    let gas_used = u64_field("txn", &txn, "gas_used")?;
    let fee = jobs::fee_statement(&txn)?;
    eq(
        "FeeStatement.total_charge_gas_units vs gas_used",
        gas_used,
        fee.total_charge_gas_units,
    )?;
    let price = u64_field("txn", &txn, "gas_unit_price")?;
    // total = execution + IO + storage fee in gas units − refund; the node rounds each part up
    // on its own, so the parts may add up to a unit or two less than the total.
    let parts =
        (fee.execution_gas_units + fee.io_gas_units + fee.storage_fee_octas.div_ceil(price))
            .saturating_sub(fee.storage_fee_refund_octas / price);
    ensure(
        parts.abs_diff(gas_used) <= ROUNDING_UNITS,
        "FeeStatement execution + io + storage vs total",
        &format!("{gas_used} within {ROUNDING_UNITS}"),
        parts,
    )?;
    Ok((gas_used, fee))
}

/// The measurements of one job.
pub fn measurements(label: &str, gas_used: u64, fee: &FeeStatement) -> Vec<Measurement> {
    let units = |key: &str, v, percent| {
        Measurement::within(format!("{label} {key}"), v, percent, TOLERANCE_UNITS)
    };
    vec![
        units("gas_used", gas_used, TOLERANCE_PERCENT),
        units(
            "execution_gas_units",
            fee.execution_gas_units,
            TOLERANCE_PERCENT,
        ),
        units("io_gas_units", fee.io_gas_units, TOLERANCE_PERCENT),
        Measurement::within(
            format!("{label} storage_fee_octas"),
            fee.storage_fee_octas,
            TOLERANCE_PERCENT,
            TOLERANCE_OCTAS,
        ),
    ]
}

/// Gas of `submit_job` at 1, 10 and 100 grants, new then existing recipients.
pub async fn gas_of_submit_job(chain: Arc<Chain>) -> Checked<Vec<Measurement>> {
    let operator = chain.new_operator().await?;
    // The same grants on every chain of the run: execution gas depends on the ids.
    let mut rng = chain.rng("gas_of_submit_job");
    let mut out = Vec::new();
    for n in SIZES {
        let grants = drawn_grants(&mut rng, n, 1_000);
        let (gas, fee) = cost(&chain, &operator, &grants).await?;
        out.extend(measurements(&format!("n={n} new"), gas, &fee));
        let again: Vec<Grant> = grants
            .iter()
            .map(|g| Grant::drawn(g.recipient, 1_000, &mut rng))
            .collect();
        let (gas, fee) = cost(&chain, &operator, &again).await?;
        out.extend(measurements(&format!("n={n} existing"), gas, &fee));
    }
    Ok(out)
}
