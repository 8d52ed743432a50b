//! VM status codes and the `vm_status` strings a real node reports.
//!
//! Validation codes (0..=999) reject a transaction before it reaches mempool; the numbers are the
//! ones in `move-core-types`' `StatusCode`, so `vm_error_code` matches a real node byte for byte.
//! Committed-transaction strings are the ones a Movement node reports (checked on a real local
//! chain): the status name alone for a failure outside Move code (`FUNCTION_RESOLUTION_FAILURE`,
//! `EXECUTION_LIMIT_REACHED`), `Out of gas`, and `Move abort in …` for an abort.

/// Validation failures: the transaction is rejected at submission (or discarded at execution).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[allow(non_camel_case_types, clippy::upper_case_acronyms)]
pub(crate) enum ValidationStatus {
    /// The signature does not verify.
    INVALID_SIGNATURE,
    /// The public key does not hash to the account's authentication key.
    INVALID_AUTH_KEY,
    /// The sequence number was already used.
    SEQUENCE_NUMBER_TOO_OLD,
    /// The sequence number is ahead of the account (simulation only; mempool parks these).
    SEQUENCE_NUMBER_TOO_NEW,
    /// The sender cannot cover `max_gas_amount * gas_unit_price`.
    INSUFFICIENT_BALANCE_FOR_TRANSACTION_FEE,
    /// `expiration_timestamp_secs` is not after the chain's clock.
    TRANSACTION_EXPIRED,
    /// The sender has no account.
    SENDING_ACCOUNT_DOES_NOT_EXIST,
    /// The raw transaction is larger than 64 KiB.
    EXCEEDED_MAX_TRANSACTION_SIZE,
    /// `max_gas_amount` above the chain's per-transaction bound.
    MAX_GAS_UNITS_EXCEEDS_MAX_GAS_UNITS_BOUND,
    /// `max_gas_amount` below the transaction's intrinsic gas (2.76 units, more past 600 bytes).
    MAX_GAS_UNITS_BELOW_MIN_TRANSACTION_GAS_UNITS,
    /// `gas_unit_price` below the minimum.
    GAS_UNIT_PRICE_BELOW_MIN_BOUND,
    /// `gas_unit_price` above the maximum.
    GAS_UNIT_PRICE_ABOVE_MAX_BOUND,
    /// The transaction names another chain.
    BAD_CHAIN_ID,
}

impl ValidationStatus {
    /// The numeric `StatusCode` (the API's `vm_error_code`).
    pub(crate) fn code(self) -> u64 {
        match self {
            Self::INVALID_SIGNATURE => 1,
            Self::INVALID_AUTH_KEY => 2,
            Self::SEQUENCE_NUMBER_TOO_OLD => 3,
            Self::SEQUENCE_NUMBER_TOO_NEW => 4,
            Self::INSUFFICIENT_BALANCE_FOR_TRANSACTION_FEE => 5,
            Self::TRANSACTION_EXPIRED => 6,
            Self::SENDING_ACCOUNT_DOES_NOT_EXIST => 7,
            Self::EXCEEDED_MAX_TRANSACTION_SIZE => 10,
            Self::MAX_GAS_UNITS_EXCEEDS_MAX_GAS_UNITS_BOUND => 13,
            Self::MAX_GAS_UNITS_BELOW_MIN_TRANSACTION_GAS_UNITS => 14,
            Self::GAS_UNIT_PRICE_BELOW_MIN_BOUND => 15,
            Self::GAS_UNIT_PRICE_ABOVE_MAX_BOUND => 16,
            Self::BAD_CHAIN_ID => 23,
        }
    }

    /// The status name, e.g. `SEQUENCE_NUMBER_TOO_OLD`.
    pub(crate) fn name(self) -> String {
        format!("{self:?}")
    }

    /// The message a real node's submit endpoint returns for this status.
    pub(crate) fn submit_message(self) -> String {
        format!("Invalid transaction: Type: Validation Code: {self:?}")
    }
}

/// Failures before the entry function runs, kept (committed with `success: false`) without a Move
/// abort.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(non_camel_case_types, clippy::upper_case_acronyms)]
pub(crate) enum MiscellaneousError {
    /// The module is not published.
    LINKER_ERROR,
    /// The module has no such entry function.
    FUNCTION_RESOLUTION_FAILURE,
    /// Wrong number of arguments.
    NUMBER_OF_ARGUMENTS_MISMATCH,
    /// Wrong number of type arguments.
    NUMBER_OF_TYPE_ARGUMENTS_MISMATCH,
    /// An argument did not BCS-decode as the parameter type.
    FAILED_TO_DESERIALIZE_ARGUMENT,
}

impl MiscellaneousError {
    /// The committed transaction's `vm_status`: the status name, as a node reports it.
    pub(crate) fn vm_status(self) -> String {
        format!("{self:?}")
    }
}

/// `vm_status` of a successful transaction.
pub(crate) const EXECUTED: &str = "Executed successfully";

/// `vm_status` of a transaction that ran out of gas (`max_gas_amount`, storage fee included).
pub(crate) const OUT_OF_GAS: &str = "Out of gas";

/// `vm_status` of a transaction stopped by the per-transaction execution gas limit.
pub(crate) const EXECUTION_LIMIT_REACHED: &str = "EXECUTION_LIMIT_REACHED";

/// `vm_status` of a transaction stopped by the per-transaction IO gas limit.
pub(crate) const IO_LIMIT_REACHED: &str = "IO_LIMIT_REACHED";

/// Aptos error categories (`std::error`): the high byte of a Move abort code.
pub(crate) mod category {
    /// Caller supplied an invalid argument.
    pub(crate) const INVALID_ARGUMENT: u64 = 0x1;
    /// An input or result is out of range.
    pub(crate) const OUT_OF_RANGE: u64 = 0x2;
    /// The system is not in a state where the operation can be performed.
    pub(crate) const INVALID_STATE: u64 = 0x3;
    /// The caller lacks permission.
    pub(crate) const PERMISSION_DENIED: u64 = 0x5;
    /// The resource is temporarily unavailable; retrying may succeed.
    pub(crate) const UNAVAILABLE: u64 = 0xD;

    /// `std::error::canonical(category, reason)`.
    pub(crate) const fn canonical(category: u64, reason: u64) -> u64 {
        (category << 16) + reason
    }
}

/// The `vm_status` of a Move abort with known reason, as a real node renders it:
/// `Move abort in 0x<addr literal>::<module>: <NAME>(<code hex>): <description>`.
pub(crate) fn move_abort(
    module_address_literal: &str,
    module: &str,
    code: u64,
    name: &str,
    description: &str,
) -> String {
    format!("Move abort in {module_address_literal}::{module}: {name}({code:#x}): {description}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_match_move_core_types() {
        assert_eq!(ValidationStatus::SEQUENCE_NUMBER_TOO_OLD.code(), 3);
        assert_eq!(ValidationStatus::BAD_CHAIN_ID.code(), 23);
        assert_eq!(
            ValidationStatus::TRANSACTION_EXPIRED.submit_message(),
            "Invalid transaction: Type: Validation Code: TRANSACTION_EXPIRED"
        );
        assert_eq!(category::canonical(category::PERMISSION_DENIED, 1), 0x50001);
        assert_eq!(
            MiscellaneousError::FUNCTION_RESOLUTION_FAILURE.vm_status(),
            "FUNCTION_RESOLUTION_FAILURE"
        );
        assert_eq!(
            move_abort(
                "0x4a6f6273",
                "jobs",
                0x50001,
                "E_NOT_OPERATOR",
                "caller is not an operator"
            ),
            "Move abort in 0x4a6f6273::jobs: E_NOT_OPERATOR(0x50001): caller is not an operator"
        );
    }
}
