//! Gas: what the real Move VM charges, and where it stops a transaction.
//!
//! A transaction's gas on Movement (Aptos gas feature version 20) has three parts, each reported
//! by the `0x1::transaction_fee::FeeStatement` event every committed user transaction ends with:
//! execution (instructions, including the intrinsic cost of the transaction's size), IO (state
//! reads and writes, events, the transaction's bytes) and the storage fee (octas for each new
//! state slot, converted to gas units at the transaction's gas price). The VM counts in internal
//! units, a millionth of a gas unit; this module does too.
//!
//! The numbers are measured, not invented: `devnet/examples/measure-gas.rs` runs the same calls
//! against a real local chain (`movement node run-localnet`) and reads each `FeeStatement`;
//! `devnet/README.md` ("Gas") has the table and the fit. [`job`] models `jobs::submit_job` by
//! what it does to the contract's paid-id trie, [`calls`] the other calls the dev chain knows, and [`settle`] applies the VM's
//! limits: 920 units of execution and 1,000 of IO per transaction whatever `max_gas_amount`
//! says (`EXECUTION_LIMIT_REACHED`, `IO_LIMIT_REACHED`), then `max_gas_amount` itself, storage
//! fee included (`Out of gas`).

pub(crate) mod calls;
pub(crate) mod job;

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

/// Internal gas units per gas unit (the VM's `gas_unit_scaling_factor`).
pub(crate) const SCALE: u64 = 1_000_000;
/// Largest `max_gas_amount` accepted (`maximum_number_of_gas_units`).
pub(crate) const MAX_GAS_AMOUNT: u64 = 2_000_000;
/// Least `gas_unit_price` accepted, in octas.
pub(crate) const MIN_GAS_UNIT_PRICE: u64 = 100;
/// Largest `gas_unit_price` accepted, in octas.
pub(crate) const MAX_GAS_UNIT_PRICE: u64 = 10_000_000_000;
/// `estimate_gas_price`: deprioritized / normal / prioritized.
pub(crate) const ESTIMATE: (u64, u64, u64) = (100, 100, 150);
/// Execution gas one transaction may use (`max_execution_gas`), internal units.
pub(crate) const MAX_EXECUTION_GAS: u64 = 920 * SCALE;
/// IO gas one transaction may use (`max_io_gas`), internal units.
pub(crate) const MAX_IO_GAS: u64 = 1_000 * SCALE;
/// Intrinsic gas of any transaction (`min_transaction_gas_units`), internal units.
const MIN_TRANSACTION_GAS: u64 = 2_760_000;
/// Transactions larger than this many bytes pay intrinsic gas per extra byte.
const LARGE_TRANSACTION_CUTOFF: usize = 600;
/// Intrinsic gas per byte above the cutoff, internal units.
const INTRINSIC_GAS_PER_BYTE: u64 = 1_158;
/// IO gas per byte of the transaction itself, written to storage when it commits.
const IO_PER_TRANSACTION_BYTE: u64 = 89;

/// Intrinsic (size) gas of a transaction of `raw_len` bytes, internal units. Counted as
/// execution gas, charged before anything runs.
pub(crate) fn intrinsic_gas(raw_len: usize) -> u64 {
    let extra = raw_len.saturating_sub(LARGE_TRANSACTION_CUTOFF) as u64;
    MIN_TRANSACTION_GAS + INTRINSIC_GAS_PER_BYTE * extra
}

/// Least `max_gas_amount` a node accepts for a transaction of `raw_len` bytes: its intrinsic
/// gas, rounded up (else `MAX_GAS_UNITS_BELOW_MIN_TRANSACTION_GAS_UNITS`).
pub(crate) fn min_max_gas_amount(raw_len: usize) -> u64 {
    intrinsic_gas(raw_len).div_ceil(SCALE)
}

/// IO gas for writing the transaction itself, internal units.
fn transaction_io(raw_len: usize) -> u64 {
    IO_PER_TRANSACTION_BYTE * raw_len as u64
}

/// What a transaction would cost if no limit stopped it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Cost {
    /// Execution gas, internal units (intrinsic included).
    pub(crate) execution: u64,
    /// IO gas, internal units.
    pub(crate) io: u64,
    /// Storage fee for new state slots, octas.
    pub(crate) storage_fee_octas: u64,
    /// Storage fee refunded for deleted slots, octas (paid back to the sender).
    pub(crate) storage_refund_octas: u64,
    /// IO gas already charged (state reads) when execution passes [`MAX_EXECUTION_GAS`], if it
    /// does: what an `EXECUTION_LIMIT_REACHED` transaction pays besides the execution.
    pub(crate) io_at_execution_limit: u64,
}

/// The `0x1::transaction_fee::FeeStatement` event's data: the split of what a transaction cost.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub(crate) struct FeeStatement {
    /// Execution gas, units (rounded up).
    pub(crate) execution_gas_units: u64,
    /// IO gas, units (rounded up).
    pub(crate) io_gas_units: u64,
    /// Storage fee, octas.
    pub(crate) storage_fee_octas: u64,
    /// Storage fee refunded, octas.
    pub(crate) storage_fee_refund_octas: u64,
    /// Gas units charged: the transaction's `gas_used`.
    pub(crate) total_charge_gas_units: u64,
}

impl FeeStatement {
    /// The event as the REST API renders it (a module event: zero guid), always a transaction's
    /// last event.
    pub(crate) fn event_json(&self) -> Value {
        json!({
            "guid": { "creation_number": "0", "account_address": "0x0" },
            "sequence_number": "0",
            "type": "0x1::transaction_fee::FeeStatement",
            "data": {
                "execution_gas_units": self.execution_gas_units.to_string(),
                "io_gas_units": self.io_gas_units.to_string(),
                "storage_fee_octas": self.storage_fee_octas.to_string(),
                "storage_fee_refund_octas": self.storage_fee_refund_octas.to_string(),
                "total_charge_gas_units": self.total_charge_gas_units.to_string(),
            },
        })
    }
}

/// How a transaction ended, gas-wise.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Verdict {
    /// Within every limit: the payload's own outcome stands.
    WithinLimits,
    /// `max_gas_amount` ran out (during execution or for the storage fee): kept as failed,
    /// charged `max_gas_amount`, nothing written.
    OutOfGas,
    /// Execution passed [`MAX_EXECUTION_GAS`]: kept as failed, charged what was used until then.
    ExecutionLimitReached,
    /// IO passed [`MAX_IO_GAS`]: kept as failed, charged what was used until then.
    IoLimitReached,
}

/// The verdict and the fee statement of a transaction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Settlement {
    /// Limit reached, if any.
    pub(crate) verdict: Verdict,
    /// What was charged (`total_charge_gas_units` is the transaction's `gas_used`).
    pub(crate) fee: FeeStatement,
}

/// Applies the VM's limits to `cost` for a transaction sent with `max_gas_amount` at
/// `gas_unit_price`, in the order the VM meets them: the execution and IO limits while the code
/// runs, `max_gas_amount` while it runs, then `max_gas_amount` again once the storage fee is
/// added at the end.
pub(crate) fn settle(cost: &Cost, max_gas_amount: u64, gas_unit_price: u64) -> Settlement {
    let max_internal = max_gas_amount.saturating_mul(SCALE);
    let units = |internal: u64| internal.div_ceil(SCALE);
    let out_of_gas = |fee: FeeStatement| Settlement {
        verdict: Verdict::OutOfGas,
        fee: FeeStatement {
            total_charge_gas_units: max_gas_amount,
            ..fee
        },
    };
    if cost.execution > MAX_EXECUTION_GAS && cost.io_at_execution_limit > MAX_IO_GAS {
        // The reads made before execution would reach its limit pass the IO limit first (a job
        // to more than about 825 new recipients, whose store reads alone pass 1,000 units: the
        // real VM stops 1,000 of them with IO_LIMIT_REACHED at 860 execution units). Execution
        // by then is taken in proportion to the reads made, at most the limit.
        let execution = (u128::from(cost.execution) * u128::from(MAX_IO_GAS)
            / u128::from(cost.io_at_execution_limit)) as u64;
        let execution = execution.min(MAX_EXECUTION_GAS);
        if execution + MAX_IO_GAS < max_internal {
            return Settlement {
                verdict: Verdict::IoLimitReached,
                fee: FeeStatement {
                    execution_gas_units: units(execution),
                    io_gas_units: units(MAX_IO_GAS + 1),
                    total_charge_gas_units: units(execution + MAX_IO_GAS + 1),
                    ..FeeStatement::default()
                },
            };
        }
    } else if cost.execution > MAX_EXECUTION_GAS {
        // The VM stops at the first instruction past the limit: execution just above it.
        let charged = MAX_EXECUTION_GAS + 1 + cost.io_at_execution_limit;
        if charged <= max_internal {
            return Settlement {
                verdict: Verdict::ExecutionLimitReached,
                fee: FeeStatement {
                    execution_gas_units: units(MAX_EXECUTION_GAS + 1),
                    io_gas_units: units(cost.io_at_execution_limit),
                    total_charge_gas_units: units(charged),
                    ..FeeStatement::default()
                },
            };
        }
    } else if cost.io > MAX_IO_GAS && cost.execution + MAX_IO_GAS < max_internal {
        return Settlement {
            verdict: Verdict::IoLimitReached,
            fee: FeeStatement {
                execution_gas_units: units(cost.execution),
                io_gas_units: units(MAX_IO_GAS + 1),
                total_charge_gas_units: units(cost.execution + MAX_IO_GAS + 1),
                ..FeeStatement::default()
            },
        };
    }
    let running = cost.execution + cost.io;
    if running > max_internal {
        // Out of gas while running: execution and IO interleave, so what was used by then splits
        // in the proportion of the whole (measured: 10 new grants at max 20 → 11 / 10).
        let execution = (u128::from(max_internal) * u128::from(cost.execution)
            / u128::from(running.max(1))) as u64;
        return out_of_gas(FeeStatement {
            execution_gas_units: units(execution),
            io_gas_units: units(max_internal - execution),
            ..FeeStatement::default()
        });
    }
    let storage_units = cost.storage_fee_octas.div_ceil(gas_unit_price.max(1));
    let total = units(running) + storage_units;
    let fee = FeeStatement {
        execution_gas_units: units(cost.execution),
        io_gas_units: units(cost.io),
        storage_fee_octas: cost.storage_fee_octas,
        storage_fee_refund_octas: cost.storage_refund_octas,
        total_charge_gas_units: total,
    };
    if total > max_gas_amount {
        return out_of_gas(FeeStatement {
            storage_fee_refund_octas: 0,
            ..fee
        });
    }
    Settlement {
        verdict: Verdict::WithinLimits,
        fee,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const fn units(u: u64) -> u64 {
        u * SCALE
    }

    #[test]
    fn intrinsic_gas_grows_past_600_bytes_and_sets_the_least_max_gas() {
        assert_eq!(intrinsic_gas(188), 2_760_000);
        assert_eq!(min_max_gas_amount(188), 3);
        // The measured 1,000-grant job: 57,139 bytes needs 69 (68 was refused).
        assert_eq!(min_max_gas_amount(57_139), 69);
    }

    #[test]
    fn storage_fee_is_converted_at_the_gas_price_and_rounded_up() {
        let cost = Cost {
            execution: 22_900_000,
            io: 20_600_000,
            storage_fee_octas: 971_200,
            ..Cost::default()
        };
        // Measured: 10 new grants, 9,756 at price 100 and 6,519 at price 150.
        assert_eq!(
            settle(&cost, MAX_GAS_AMOUNT, 100)
                .fee
                .total_charge_gas_units,
            9_756
        );
        assert_eq!(
            settle(&cost, MAX_GAS_AMOUNT, 150)
                .fee
                .total_charge_gas_units,
            6_519
        );
        let short = settle(&cost, 3_000, 100);
        assert_eq!(short.verdict, Verdict::OutOfGas);
        assert_eq!(
            short.fee,
            FeeStatement {
                execution_gas_units: 23,
                io_gas_units: 21,
                storage_fee_octas: 971_200,
                storage_fee_refund_octas: 0,
                total_charge_gas_units: 3_000,
            }
        );
        let starved = settle(&cost, 20, 100);
        assert_eq!(starved.verdict, Verdict::OutOfGas);
        assert_eq!(
            (starved.fee.execution_gas_units, starved.fee.io_gas_units),
            (11, 10)
        );
    }

    #[test]
    fn the_execution_limit_charges_what_ran_until_it_and_ignores_the_rest() {
        let cost = Cost {
            execution: units(1_000),
            io: units(500),
            storage_fee_octas: 30_000_000,
            io_at_execution_limit: 388_300_000,
            ..Cost::default()
        };
        let s = settle(&cost, MAX_GAS_AMOUNT, 100);
        assert_eq!(s.verdict, Verdict::ExecutionLimitReached);
        assert_eq!(
            s.fee,
            FeeStatement {
                execution_gas_units: 921,
                io_gas_units: 389,
                storage_fee_octas: 0,
                storage_fee_refund_octas: 0,
                total_charge_gas_units: 1_309,
            }
        );
        // With less gas than that, the transaction runs out of gas first.
        assert_eq!(settle(&cost, 1_000, 100).verdict, Verdict::OutOfGas);
    }

    #[test]
    fn reads_past_the_io_limit_before_the_execution_limit_stop_at_the_io_limit() {
        // 1,000 new recipients: their store reads pass 1,000 IO units before execution passes
        // 920 (measured: IO_LIMIT_REACHED, 860 execution).
        let cost = Cost {
            execution: units(1_800),
            io: units(1_400),
            io_at_execution_limit: units(1_200),
            ..Cost::default()
        };
        let s = settle(&cost, MAX_GAS_AMOUNT, 100);
        assert_eq!(s.verdict, Verdict::IoLimitReached);
        assert_eq!(
            (s.fee.execution_gas_units, s.fee.io_gas_units),
            (920, 1_001)
        );
    }

    #[test]
    fn the_io_limit_stops_a_transaction_within_the_execution_limit() {
        let cost = Cost {
            execution: units(100),
            io: units(1_200),
            ..Cost::default()
        };
        let s = settle(&cost, MAX_GAS_AMOUNT, 100);
        assert_eq!(s.verdict, Verdict::IoLimitReached);
        assert_eq!(s.fee.io_gas_units, 1_001);
        assert_eq!(s.fee.total_charge_gas_units, 1_101);
    }

    #[test]
    fn a_refund_is_reported_and_not_netted_from_gas_used() {
        let cost = Cost {
            execution: 4_300_000,
            io: 1_300_000,
            storage_refund_octas: 42_600,
            ..Cost::default()
        };
        let s = settle(&cost, MAX_GAS_AMOUNT, 100);
        assert_eq!(s.verdict, Verdict::WithinLimits);
        assert_eq!(s.fee.total_charge_gas_units, 6);
        assert_eq!(s.fee.storage_fee_refund_octas, 42_600);
    }

    #[test]
    fn the_fee_statement_renders_as_the_node_does() {
        let fee = FeeStatement {
            execution_gas_units: 7,
            io_gas_units: 2,
            storage_fee_octas: 0,
            storage_fee_refund_octas: 0,
            total_charge_gas_units: 9,
        };
        assert_eq!(
            fee.event_json(),
            json!({
                "guid": { "creation_number": "0", "account_address": "0x0" },
                "sequence_number": "0",
                "type": "0x1::transaction_fee::FeeStatement",
                "data": {
                    "execution_gas_units": "7",
                    "io_gas_units": "2",
                    "storage_fee_octas": "0",
                    "storage_fee_refund_octas": "0",
                    "total_charge_gas_units": "9",
                },
            })
        );
    }
}
