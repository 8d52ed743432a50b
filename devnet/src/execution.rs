//! Executes one transaction's payload against state, without writing: returns the status, gas,
//! events and the writes to make if it commits.
//!
//! Entry functions the dev chain knows:
//! - `<jobs>::jobs::submit_job`, `add_operator`, `remove_operator`, `set_paused` (see [`crate::jobs`]);
//! - `0x1::aptos_account::transfer(to, amount)` (APT, creates the recipient account).
//!
//! Gas is deterministic (see [`gas`]). A transaction whose `max_gas_amount` is below the gas it
//! needs is kept as failed with `Out of gas` and charged `max_gas_amount`.

use crate::address::Address;
use crate::jobs::{JobInput, JobRun, JobsAbort, JobsEffect, JobsEvent, JobsState, MODULE_NAME};
use crate::vm_status::{self, MiscellaneousError};
use crate::wire::{EntryFunction, RawTransaction};

/// The gas schedule.
pub mod gas {
    /// Gas units every transaction uses, and the least `max_gas_amount` accepted at submission.
    pub const BASE: u64 = 500;
    /// Extra gas units per grant in `jobs::submit_job`.
    pub const PER_GRANT: u64 = 60;
    /// Largest `max_gas_amount` accepted (aptos-sdk's default).
    pub const MAX_GAS_AMOUNT: u64 = 2_000_000;
    /// Least `gas_unit_price` accepted, in octas.
    pub const MIN_GAS_UNIT_PRICE: u64 = 100;
    /// Largest `gas_unit_price` accepted, in octas.
    pub const MAX_GAS_UNIT_PRICE: u64 = 10_000_000_000;
    /// `estimate_gas_price`: deprioritized / normal / prioritized.
    pub const ESTIMATE: (u64, u64, u64) = (100, 100, 150);

    /// Gas a `jobs::submit_job` with `grants` grants uses.
    pub fn submit_job(grants: usize) -> u64 {
        BASE.saturating_add(PER_GRANT.saturating_mul(grants as u64))
    }
}

/// A write outside the Jobs module.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AccountEffect {
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
pub struct Execution {
    /// Whether the payload ran to completion.
    pub success: bool,
    /// The API's `vm_status`.
    pub vm_status: String,
    /// Gas units charged.
    pub gas_used: u64,
    /// Events (empty unless `success`).
    pub events: Vec<JobsEvent>,
    /// Jobs writes (empty unless `success`).
    pub jobs_effects: Vec<JobsEffect>,
    /// Account writes (empty unless `success`).
    pub account_effects: Vec<AccountEffect>,
}

impl Execution {
    fn failed(vm_status: String, gas_used: u64) -> Self {
        Execution {
            success: false,
            vm_status,
            gas_used,
            events: Vec::new(),
            jobs_effects: Vec::new(),
            account_effects: Vec::new(),
        }
    }
}

/// What execution may read.
pub struct ExecContext<'a> {
    /// Where the Jobs module lives.
    pub jobs_address: Address,
    /// Jobs state.
    pub jobs: &'a JobsState,
    /// The sender's APT balance before the fee.
    pub sender_balance: u64,
}

/// A call the dev chain knows, with decoded arguments.
enum Call {
    SubmitJob(JobInput),
    SetOperator(Address, bool),
    SetPaused(bool),
    TransferApt(Address, u64),
}

/// Runs `txn`'s payload. `roll_job_abort` is asked once per job that would otherwise run.
pub fn execute(
    ctx: &ExecContext<'_>,
    txn: &RawTransaction,
    roll_job_abort: &mut dyn FnMut() -> bool,
) -> Execution {
    let call = match decode_call(ctx.jobs_address, &txn.payload) {
        Ok(call) => call,
        Err(misc) => return Execution::failed(misc.vm_status(), gas::BASE),
    };
    let needed = match &call {
        Call::SubmitJob(input) => gas::submit_job(input.recipients.len()),
        _ => gas::BASE,
    };
    if needed > txn.max_gas_amount {
        return Execution::failed(vm_status::OUT_OF_GAS.to_string(), txn.max_gas_amount);
    }
    let jobs_run = match call {
        Call::SubmitJob(input) => ctx.jobs.submit_job(txn.sender, &input).and_then(|run| {
            if roll_job_abort() {
                Err(JobsAbort::InjectedUnavailable)
            } else {
                Ok(run)
            }
        }),
        Call::SetOperator(operator, enabled) => {
            ctx.jobs.set_operator(txn.sender, operator, enabled)
        }
        Call::SetPaused(paused) => ctx.jobs.set_paused(txn.sender, paused),
        Call::TransferApt(to, amount) => {
            let fee = needed.saturating_mul(txn.gas_unit_price);
            if ctx.sender_balance.saturating_sub(fee) < amount {
                return Execution::failed(
                    vm_status::move_abort(
                        "0x1",
                        "fungible_asset",
                        0x10004,
                        "EINSUFFICIENT_BALANCE",
                        "Insufficient balance.",
                    ),
                    needed,
                );
            }
            return Execution {
                success: true,
                vm_status: vm_status::EXECUTED.to_string(),
                gas_used: needed,
                events: Vec::new(),
                jobs_effects: Vec::new(),
                account_effects: vec![AccountEffect::TransferApt { to, amount }],
            };
        }
    };
    match jobs_run {
        Ok(JobRun { events, effects }) => Execution {
            success: true,
            vm_status: vm_status::EXECUTED.to_string(),
            gas_used: needed,
            events,
            jobs_effects: effects,
            account_effects: Vec::new(),
        },
        Err(abort) => Execution::failed(jobs_abort_status(ctx.jobs_address, abort), needed),
    }
}

/// The `vm_status` of a Jobs abort.
pub fn jobs_abort_status(jobs_address: Address, abort: JobsAbort) -> String {
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
