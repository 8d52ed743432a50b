//! The cost of every call the dev chain runs besides a paying `submit_job`, as measured on the
//! real VM (`devnet/examples/measure-gas.rs`; the table is in `devnet/README.md`, "Gas").
//!
//! These calls are small and fixed-size, so each is a constant on top of its transaction's
//! intrinsic gas. The VM reports execution and IO rounded up and the total rounded up once, so
//! each constant is a value that reproduces all three reported numbers.

use super::{Cost, intrinsic_gas};
use crate::jobs::JobsAbort;

/// Storage fee of an operator's entry in the `operators` table.
pub(crate) const OPERATOR_ENTRY_OCTAS: u64 = 42_600;
/// Storage fee of the account (and coin store) an APT transfer creates for a new recipient.
pub(crate) const NEW_ACCOUNT_OCTAS: u64 = 98_800;

/// A call other than a `submit_job` that ran its grants.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Call {
    /// `jobs::add_operator`; `registered` when the operator already was one (no new entry).
    AddOperator {
        /// Already an operator.
        registered: bool,
    },
    /// `jobs::remove_operator`; `registered` when there was an entry to delete (refunded).
    RemoveOperator {
        /// Was an operator.
        registered: bool,
    },
    /// `jobs::set_paused`.
    SetPaused,
    /// A `jobs` function that aborted (job-level checks, admin check, injected fault).
    JobsAborted(JobsAbort),
    /// `0x1::aptos_account::transfer`; `new_account` when it creates the recipient.
    Transfer {
        /// The recipient had no account.
        new_account: bool,
    },
    /// `0x1::aptos_account::transfer` of more than the sender holds (`EINSUFFICIENT_BALANCE`).
    TransferAborted,
    /// A payload that never reached Move code: unknown module or function, wrong argument count
    /// or type (measured 3 units in all four cases).
    NotRun,
}

/// The cost of `call` in a transaction of `raw_len` bytes.
pub(crate) fn cost(raw_len: usize, call: Call) -> Cost {
    // (execution beyond the intrinsic gas, IO, storage fee, storage refund); measured
    // (execution, IO, total) in the comments.
    let (execution, io, storage_fee_octas, storage_refund_octas) = match call {
        // 4, 2, 431
        Call::AddOperator { registered: false } => (840_000, 1_300_000, OPERATOR_ENTRY_OCTAS, 0),
        // 5, 1, 5
        Call::AddOperator { registered: true } => (1_540_000, 600_000, 0, 0),
        // 5, 2, 6 (refund 42,600)
        Call::RemoveOperator { registered: true } => {
            (1_540_000, 1_300_000, 0, OPERATOR_ENTRY_OCTAS)
        }
        // 4, 1, 5
        Call::RemoveOperator { registered: false } => (840_000, 600_000, 0, 0),
        // 4, 2, 5
        Call::SetPaused => (740_000, 1_200_000, 0, 0),
        // E_NOT_OPERATOR and E_NOT_ADMIN abort at the first check: 4, 1, 5
        Call::JobsAborted(JobsAbort::NotOperator | JobsAbort::NotAdmin) => (850_000, 600_000, 0, 0),
        // E_PAUSED, E_LENGTH_MISMATCH, E_EMPTY_JOB: 5, 1, 5; E_TOO_MANY_GRANTS at 57,196 bytes:
        // 70, 1, 71. The injected E_UNAVAILABLE is charged like them.
        Call::JobsAborted(_) => (1_450_000, 600_000, 0, 0),
        // 6, 5, 999
        Call::Transfer { new_account: true } => (2_840_000, 4_600_000, NEW_ACCOUNT_OCTAS, 0),
        // 4, 5, 9
        Call::Transfer { new_account: false } => (840_000, 4_600_000, 0, 0),
        // 6, 5, 11
        Call::TransferAborted => (2_840_000, 4_600_000, 0, 0),
        // 3, 0, 3
        Call::NotRun => (100_000, 0, 0, 0),
    };
    Cost {
        execution: intrinsic_gas(raw_len) + execution,
        io,
        storage_fee_octas,
        storage_refund_octas,
        io_at_execution_limit: io,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gas::{MAX_GAS_AMOUNT, settle};

    /// (execution, IO, total) as the FeeStatement reports them.
    fn reported(raw_len: usize, call: Call) -> (u64, u64, u64) {
        let fee = settle(&cost(raw_len, call), MAX_GAS_AMOUNT, 100).fee;
        (
            fee.execution_gas_units,
            fee.io_gas_units,
            fee.total_charge_gas_units,
        )
    }

    #[test]
    fn each_call_reproduces_its_measured_fee_statement() {
        let measured = [
            (151, Call::AddOperator { registered: false }, (4, 2, 431)),
            (151, Call::AddOperator { registered: true }, (5, 1, 5)),
            (154, Call::RemoveOperator { registered: true }, (5, 2, 6)),
            (154, Call::RemoveOperator { registered: false }, (4, 1, 5)),
            (118, Call::SetPaused, (4, 2, 5)),
            (118, Call::JobsAborted(JobsAbort::NotAdmin), (4, 1, 5)),
            (188, Call::JobsAborted(JobsAbort::NotOperator), (4, 1, 5)),
            (188, Call::JobsAborted(JobsAbort::Paused), (5, 1, 5)),
            (131, Call::JobsAborted(JobsAbort::EmptyJob), (5, 1, 5)),
            (196, Call::JobsAborted(JobsAbort::LengthMismatch), (5, 1, 5)),
            (
                57_196,
                Call::JobsAborted(JobsAbort::TooManyGrants),
                (70, 1, 71),
            ),
            (165, Call::Transfer { new_account: true }, (6, 5, 999)),
            (165, Call::Transfer { new_account: false }, (4, 5, 9)),
            (165, Call::TransferAborted, (6, 5, 11)),
            (116, Call::NotRun, (3, 0, 3)),
        ];
        for (raw_len, call, expected) in measured {
            assert_eq!(reported(raw_len, call), expected, "{call:?}");
        }
    }
}
