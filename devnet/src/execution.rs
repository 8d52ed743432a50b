//! Executes one transaction's payload against state, without writing: returns the status, the
//! fee statement, events and the writes to make if it commits.
//!
//! Entry functions the dev chain knows:
//! - `<jobs>::jobs::submit_job`, `add_operator`, `remove_operator`, `set_paused` (see [`crate::jobs`]);
//! - `0x1::aptos_account::transfer(to, amount)` (APT, creates the recipient account).
//!
//! Gas follows the real VM ([`crate::gas`]): the payload's cost is computed from what it did, then
//! the VM's limits decide whether it stands. A transaction past the execution or IO limit, or
//! past `max_gas_amount`, is kept as failed with nothing written (`EXECUTION_LIMIT_REACHED`,
//! `IO_LIMIT_REACHED`, `Out of gas`), charged what the real VM charges for it.

use std::collections::BTreeMap;

use crate::address::Address;
use crate::chain::Account;
use crate::gas::calls::Call as GasCall;
use crate::gas::{self as model, Cost, FeeStatement, Verdict};
use crate::jobs::{JobInput, JobRun, JobsAbort, JobsEffect, JobsEvent, JobsState, MODULE_NAME};
use crate::vm_status::{self, MiscellaneousError};
use crate::wire::{EntryFunction, RawTransaction};

/// The gas schedule's bounds and the model (kept under this path for existing callers).
pub(crate) use crate::gas;

/// A write outside the Jobs module.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum AccountEffect {
    /// Move APT from the sender to `to` (creating `to` if needed).
    TransferApt {
        /// Recipient.
        to: Address,
        /// Octas.
        amount: u64,
    },
}

/// What running a payload produced.
#[derive(Debug, Clone)]
pub(crate) struct Execution {
    /// Whether the payload ran to completion within every limit.
    pub(crate) success: bool,
    /// The API's `vm_status`.
    pub(crate) vm_status: String,
    /// Gas units charged (`fee.total_charge_gas_units`).
    pub(crate) gas_used: u64,
    /// The `FeeStatement` event's data.
    pub(crate) fee: FeeStatement,
    /// Events (empty unless `success`); the fee statement is rendered after them.
    pub(crate) events: Vec<JobsEvent>,
    /// Jobs writes (empty unless `success`).
    pub(crate) jobs_effects: Vec<JobsEffect>,
    /// Account writes (empty unless `success`).
    pub(crate) account_effects: Vec<AccountEffect>,
}

/// What execution may read.
pub(crate) struct ExecContext<'a> {
    /// Where the Jobs module lives.
    pub(crate) jobs_address: Address,
    /// Jobs state.
    pub(crate) jobs: &'a JobsState,
    /// Accounts (the sender's APT balance before the fee; whether a transfer creates one).
    pub(crate) accounts: &'a BTreeMap<Address, Account>,
    /// BCS length of the raw transaction (its intrinsic gas grows with it).
    pub(crate) raw_len: usize,
}

/// A call the dev chain knows, with decoded arguments.
enum Call {
    SubmitJob(JobInput),
    SetOperator(Address, bool),
    SetPaused(bool),
    TransferApt(Address, u64),
}

/// What the payload did, before gas limits are applied.
enum Ran {
    /// Ran to completion.
    Completed {
        events: Vec<JobsEvent>,
        jobs_effects: Vec<JobsEffect>,
        account_effects: Vec<AccountEffect>,
    },
    /// Aborted or never started: the status to report.
    Failed(String),
}

/// Runs `txn`'s payload. `roll_job_abort` is asked once per job that would otherwise run.
pub(crate) fn execute(
    ctx: &ExecContext<'_>,
    txn: &RawTransaction,
    roll_job_abort: &mut dyn FnMut() -> bool,
) -> Execution {
    let (cost, ran) = run(ctx, txn, roll_job_abort);
    let settlement = model::settle(&cost, txn.max_gas_amount, txn.gas_unit_price);
    let failed = |vm_status: String| Execution {
        success: false,
        vm_status,
        gas_used: settlement.fee.total_charge_gas_units,
        fee: settlement.fee,
        events: Vec::new(),
        jobs_effects: Vec::new(),
        account_effects: Vec::new(),
    };
    match (settlement.verdict, ran) {
        (Verdict::OutOfGas, _) => failed(vm_status::OUT_OF_GAS.to_string()),
        (Verdict::ExecutionLimitReached, _) => {
            failed(vm_status::EXECUTION_LIMIT_REACHED.to_string())
        }
        (Verdict::IoLimitReached, _) => failed(vm_status::IO_LIMIT_REACHED.to_string()),
        (Verdict::WithinLimits, Ran::Failed(status)) => failed(status),
        (
            Verdict::WithinLimits,
            Ran::Completed {
                events,
                jobs_effects,
                account_effects,
            },
        ) => Execution {
            success: true,
            vm_status: vm_status::EXECUTED.to_string(),
            gas_used: settlement.fee.total_charge_gas_units,
            fee: settlement.fee,
            events,
            jobs_effects,
            account_effects,
        },
    }
}

/// The payload's outcome and what it costs, limits aside.
fn run(
    ctx: &ExecContext<'_>,
    txn: &RawTransaction,
    roll_job_abort: &mut dyn FnMut() -> bool,
) -> (Cost, Ran) {
    let aborted = |abort: JobsAbort| {
        (
            model::calls::cost(ctx.raw_len, GasCall::JobsAborted(abort)),
            Ran::Failed(jobs_abort_status(ctx.jobs_address, abort)),
        )
    };
    let completed = |cost: Cost, run: JobRun| {
        (
            cost,
            Ran::Completed {
                events: run.events,
                jobs_effects: run.effects,
                account_effects: Vec::new(),
            },
        )
    };
    let call = match decode_call(ctx.jobs_address, &txn.payload) {
        Ok(call) => call,
        Err(misc) => {
            return (
                model::calls::cost(ctx.raw_len, GasCall::NotRun),
                Ran::Failed(misc.vm_status()),
            );
        }
    };
    match call {
        Call::SubmitJob(input) => {
            match ctx.jobs.submit_job(txn.sender, txn.sequence_number, &input) {
                Err(abort) => aborted(abort),
                Ok(_) if roll_job_abort() => aborted(JobsAbort::InjectedUnavailable),
                Ok(run) => {
                    let cost = model::job::submit_job(
                        ctx.raw_len,
                        ctx.jobs,
                        &input.grant_ids,
                        &run.outcomes,
                    );
                    completed(cost, run)
                }
            }
        }
        Call::SetOperator(operator, enabled) => {
            let registered = ctx.jobs.operators.contains(&operator);
            match ctx.jobs.set_operator(txn.sender, operator, enabled) {
                Err(abort) => aborted(abort),
                Ok(run) => {
                    let call = if enabled {
                        GasCall::AddOperator { registered }
                    } else {
                        GasCall::RemoveOperator { registered }
                    };
                    completed(model::calls::cost(ctx.raw_len, call), run)
                }
            }
        }
        Call::SetPaused(paused) => match ctx.jobs.set_paused(txn.sender, paused) {
            Err(abort) => aborted(abort),
            Ok(run) => completed(model::calls::cost(ctx.raw_len, GasCall::SetPaused), run),
        },
        Call::TransferApt(to, amount) => {
            let new_account = !ctx.accounts.contains_key(&to);
            let cost = model::calls::cost(ctx.raw_len, GasCall::Transfer { new_account });
            let fee = model::settle(&cost, txn.max_gas_amount, txn.gas_unit_price)
                .fee
                .total_charge_gas_units
                .saturating_mul(txn.gas_unit_price);
            let balance = ctx.accounts.get(&txn.sender).map_or(0, |a| a.apt_balance);
            if balance.saturating_sub(fee) < amount {
                return (
                    model::calls::cost(ctx.raw_len, GasCall::TransferAborted),
                    Ran::Failed(vm_status::move_abort(
                        "0x1",
                        "coin",
                        0x10006,
                        "EINSUFFICIENT_BALANCE",
                        "Not enough coins to complete transaction",
                    )),
                );
            }
            (
                cost,
                Ran::Completed {
                    events: Vec::new(),
                    jobs_effects: Vec::new(),
                    account_effects: vec![AccountEffect::TransferApt { to, amount }],
                },
            )
        }
    }
}

/// The `vm_status` of a Jobs abort.
pub(crate) fn jobs_abort_status(jobs_address: Address, abort: JobsAbort) -> String {
    vm_status::move_abort(
        &jobs_address.to_hex_literal(),
        MODULE_NAME,
        abort.code(),
        abort.name(),
        abort.description(),
    )
}

fn decode_call(jobs_address: Address, f: &EntryFunction) -> Result<Call, MiscellaneousError> {
    use MiscellaneousError::*;
    let is_jobs = f.module_address == jobs_address && f.module_name == MODULE_NAME;
    let is_account = f.module_address == Address::one() && f.module_name == "aptos_account";
    if !is_jobs && !is_account {
        return Err(LINKER_ERROR);
    }
    let arity = match (is_jobs, f.function.as_str()) {
        (true, "submit_job") => 4,
        (true, "add_operator" | "remove_operator" | "set_paused") => 1,
        (false, "transfer") => 2,
        _ => return Err(FUNCTION_RESOLUTION_FAILURE),
    };
    if !f.type_args.is_empty() {
        return Err(NUMBER_OF_TYPE_ARGUMENTS_MISMATCH);
    }
    if f.args.len() != arity {
        return Err(NUMBER_OF_ARGUMENTS_MISMATCH);
    }
    fn arg<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> Result<T, MiscellaneousError> {
        bcs::from_bytes(bytes).map_err(|_| FAILED_TO_DESERIALIZE_ARGUMENT)
    }
    let a = &f.args;
    Ok(match (is_jobs, f.function.as_str()) {
        (true, "submit_job") => Call::SubmitJob(JobInput {
            job_id: arg(&a[0])?,
            recipients: arg::<Vec<[u8; 32]>>(&a[1])?
                .into_iter()
                .map(Address)
                .collect(),
            amounts: arg(&a[2])?,
            grant_ids: arg(&a[3])?,
        }),
        (true, "add_operator") => Call::SetOperator(Address(arg(&a[0])?), true),
        (true, "remove_operator") => Call::SetOperator(Address(arg(&a[0])?), false),
        (true, "set_paused") => Call::SetPaused(arg(&a[0])?),
        _ => Call::TransferApt(Address(arg(&a[0])?), arg(&a[1])?),
    })
}
