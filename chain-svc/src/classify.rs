//! The error classifier: every way the node or the Jobs contract can say no, mapped to what
//! chain-svc does next.
//!
//! Three sources: a refused or failed submit (HTTP status, `error_code`, `vm_error_code`), a
//! committed transaction whose job aborted (`vm_status` of a Move abort or an execution error),
//! and a per-grant `GrantFailed` event. Only the last one ever fails a grant by itself; the
//! others move the grants to a new transaction (after the old one is known dead) and count an
//! attempt.

use aptos_sdk::AptosError;

/// What to do after a submit error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SubmitRecovery {
    /// The node may or may not have taken the transaction (network error, timeout, 5xx, 429):
    /// post the same signed bytes again (same hash, so at most one can commit) and let the
    /// signer's watcher settle it by sequence number, hash and expiry.
    RepostSame,
    /// The node refused the transaction for a sequence-number reason (too old, too new, another
    /// transaction in that slot): the signer resyncs from the node; the grants ride again.
    ResyncSequence,
    /// The node refused it because of the signer (fee balance, account, auth key): the signer is
    /// sidelined for a while; the grants ride again on another signer.
    SidelineSigner,
    /// The node refused this transaction as built (expired, mempool full, size, gas bounds): the
    /// grants ride again in a new transaction after a backoff.
    Rebuild,
}

/// A submit error, classified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SubmitVerdict {
    /// What to do.
    pub(crate) recovery: SubmitRecovery,
    /// A short stable label for metrics and `/stats` (`SEQUENCE_NUMBER_TOO_OLD`, `http_503`, ...).
    pub(crate) label: String,
}

/// VM validation codes a node returns as `vm_error_code` (move-core-types `StatusCode`).
mod vm_code {
    pub(crate) const INVALID_SIGNATURE: u64 = 1;
    pub(crate) const INVALID_AUTH_KEY: u64 = 2;
    pub(crate) const SEQUENCE_NUMBER_TOO_OLD: u64 = 3;
    pub(crate) const SEQUENCE_NUMBER_TOO_NEW: u64 = 4;
    pub(crate) const INSUFFICIENT_BALANCE_FOR_TRANSACTION_FEE: u64 = 5;
    pub(crate) const TRANSACTION_EXPIRED: u64 = 6;
    pub(crate) const SENDING_ACCOUNT_DOES_NOT_EXIST: u64 = 7;
    pub(crate) const BAD_CHAIN_ID: u64 = 23;
}

/// Classifies an error from `POST /v1/transactions`.
pub(crate) fn submit_error(error: &AptosError) -> SubmitVerdict {
    use SubmitRecovery::*;
    let verdict = |recovery, label: &str| SubmitVerdict {
        recovery,
        label: label.to_string(),
    };
    match error {
        AptosError::Api {
            status_code,
            message,
            error_code,
            vm_error_code,
        } => {
            if *status_code == 408 || *status_code == 429 || *status_code >= 500 {
                return verdict(RepostSame, &format!("http_{status_code}"));
            }
            let text = format!("{message} {}", error_code.as_deref().unwrap_or_default());
            let named = |name: &str| text.contains(name);
            let code = vm_error_code.unwrap_or(u64::MAX);
            if code == vm_code::SEQUENCE_NUMBER_TOO_OLD || named("SEQUENCE_NUMBER_TOO_OLD") {
                verdict(ResyncSequence, "SEQUENCE_NUMBER_TOO_OLD")
            } else if code == vm_code::SEQUENCE_NUMBER_TOO_NEW || named("SEQUENCE_NUMBER_TOO_NEW") {
                verdict(ResyncSequence, "SEQUENCE_NUMBER_TOO_NEW")
            } else if code == vm_code::TRANSACTION_EXPIRED || named("TRANSACTION_EXPIRED") {
                verdict(Rebuild, "TRANSACTION_EXPIRED")
            } else if code == vm_code::INSUFFICIENT_BALANCE_FOR_TRANSACTION_FEE
                || named("INSUFFICIENT_BALANCE")
            {
                verdict(SidelineSigner, "INSUFFICIENT_BALANCE_FOR_TRANSACTION_FEE")
            } else if code == vm_code::SENDING_ACCOUNT_DOES_NOT_EXIST
                || named("SENDING_ACCOUNT_DOES_NOT_EXIST")
            {
                verdict(SidelineSigner, "SENDING_ACCOUNT_DOES_NOT_EXIST")
            } else if code == vm_code::INVALID_AUTH_KEY
                || code == vm_code::INVALID_SIGNATURE
                || named("INVALID_AUTH_KEY")
                || named("INVALID_SIGNATURE")
            {
                verdict(SidelineSigner, "INVALID_SIGNER")
            } else if code == vm_code::BAD_CHAIN_ID || named("BAD_CHAIN_ID") {
                verdict(SidelineSigner, "BAD_CHAIN_ID")
            } else if text.contains("different payload") {
                // Another transaction (e.g. from a previous run of this service) holds the slot.
                verdict(ResyncSequence, "mempool_slot_taken")
            } else if text.contains("over capacity") || text.contains("mempool is full") {
                verdict(Rebuild, "mempool_full")
            } else {
                verdict(Rebuild, &format!("http_{status_code}"))
            }
        }
        AptosError::RateLimited { .. } => verdict(RepostSame, "http_429"),
        AptosError::Http(_) | AptosError::TransactionTimeout { .. } => {
            verdict(RepostSame, "network")
        }
        // A response we could not read: the node may have taken the transaction.
        AptosError::Json(_) => verdict(RepostSame, "unreadable_response"),
        _ => verdict(Rebuild, "client_error"),
    }
}

/// A per-transaction VM limit a committed transaction ran into. Nothing of it was paid, and a
/// smaller batch may fit: its grants are split ([`crate::sizing`]) instead of riding again whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum VmLimit {
    /// `EXECUTION_LIMIT_REACHED`: more than `max_execution_gas` (920 units) of execution.
    Execution,
    /// `IO_LIMIT_REACHED`: more than `max_io_gas` (1,000 units) of IO.
    Io,
    /// `STORAGE_LIMIT_REACHED`: more than `max_storage_fee` (2 MOVE) of storage fee.
    Storage,
    /// Out of gas: `max_gas_amount` did not cover execution, IO and storage fee.
    OutOfGas,
}

impl VmLimit {
    /// The status code's name (also the abort label in metrics).
    pub(crate) fn label(self) -> &'static str {
        match self {
            VmLimit::Execution => "EXECUTION_LIMIT_REACHED",
            VmLimit::Io => "IO_LIMIT_REACHED",
            VmLimit::Storage => "STORAGE_LIMIT_REACHED",
            VmLimit::OutOfGas => "OUT_OF_GAS",
        }
    }

    fn from_code(code: &str) -> Option<Self> {
        Some(match code {
            "EXECUTION_LIMIT_REACHED" => VmLimit::Execution,
            "IO_LIMIT_REACHED" => VmLimit::Io,
            "STORAGE_LIMIT_REACHED" => VmLimit::Storage,
            "OUT_OF_GAS" => VmLimit::OutOfGas,
            _ => return None,
        })
    }
}

/// What a committed-but-aborted job means.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct AbortVerdict {
    /// Sideline the signer (it is not an operator): its grants go to another signer.
    pub(crate) sideline_signer: bool,
    /// A short stable label: the abort constant (`E_PAUSED`) or the VM status code.
    pub(crate) label: String,
    /// Set when the transaction hit a per-transaction limit (split the batch).
    pub(crate) limit: Option<VmLimit>,
}

/// True for a bare VM status code name such as `EXECUTION_LIMIT_REACHED`.
fn is_status_code_name(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_')
        && s.as_bytes()[0].is_ascii_uppercase()
}

/// Classifies the `vm_status` of a committed transaction with `success: false`. Its grants were
/// definitely not paid by it; they ride again (bounded by `MAX_SUBMIT_ATTEMPTS`), or are split
/// when it hit a [`VmLimit`].
///
/// A node renders the status with aptos-core's `explain_vm_status`: `Move abort in …` for an
/// abort, `Out of gas`, `Execution failed in …`, and for every other error the status code's
/// bare name (`EXECUTION_LIMIT_REACHED`); older renderings (and the dev chain's) prefix it with
/// `Transaction Executed and Committed with Error `. Text after the name (a detail message) is
/// ignored.
pub(crate) fn job_abort(vm_status: &str) -> AbortVerdict {
    // "Move abort in 0x..::jobs: E_PAUSED(0x30002): job submission is paused"
    let status = vm_status.trim();
    if let Some(rest) = status.strip_prefix("Move abort in ") {
        let label = rest
            .split_once(": ")
            .map(|(_, r)| r.split('(').next().unwrap_or(r).trim().to_string())
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| "move_abort".to_string());
        // The contract's own abort: never a VM limit, whatever the constant is called.
        return AbortVerdict {
            sideline_signer: label == "E_NOT_OPERATOR",
            limit: None,
            label,
        };
    }
    let label = if status.starts_with("Out of gas") {
        "OUT_OF_GAS".to_string()
    } else {
        let rest = status
            .strip_prefix("Transaction Executed and Committed with Error ")
            .unwrap_or(status);
        let code = rest
            .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .next()
            .unwrap_or_default();
        if is_status_code_name(code) {
            code.to_string()
        } else {
            "execution_failed".to_string()
        }
    };
    AbortVerdict {
        sideline_signer: false,
        limit: VmLimit::from_code(&label),
        label,
    }
}

/// A per-grant failure reported by the contract (`GrantFailed.reason_name`): permanent for that
/// grant. Returns the message for the failed result.
pub(crate) fn grant_failure_message(reason_name: &str, reason: &str) -> String {
    let what = match reason_name {
        "R_ZERO_AMOUNT" => "the amount is zero",
        "R_RESERVED_RECIPIENT" => "the recipient is a reserved address",
        "R_BAD_GRANT_ID" => "the grant id is malformed",
        "R_DUPLICATE_IN_JOB" => "the grant id appeared twice in one job",
        "R_AMOUNT_OVER_CAP" => "the amount is above the contract's per-grant cap",
        _ => "the contract refused the grant",
    };
    format!("{what} ({reason_name}, reason {reason})")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn api(status: u16, message: &str, code: Option<&str>, vm: Option<u64>) -> AptosError {
        AptosError::Api {
            status_code: status,
            message: message.to_string(),
            error_code: code.map(str::to_string),
            vm_error_code: vm,
        }
    }

    #[test]
    fn each_node_error_maps_to_its_recovery() {
        use SubmitRecovery::*;
        let cases = [
            (api(503, "internal_error", None, None), RepostSame),
            (api(500, "boom", None, None), RepostSame),
            (api(408, "timeout", None, None), RepostSame),
            (
                AptosError::RateLimited {
                    retry_after_secs: Some(1),
                },
                RepostSame,
            ),
            (
                AptosError::TransactionTimeout {
                    hash: "0x1".into(),
                    timeout_secs: 1,
                },
                RepostSame,
            ),
            (
                api(
                    400,
                    "Invalid transaction: Type: Validation Code: SEQUENCE_NUMBER_TOO_OLD",
                    Some("vm_error"),
                    Some(3),
                ),
                ResyncSequence,
            ),
            (api(400, "x", Some("vm_error"), Some(4)), ResyncSequence),
            (api(400, "x", Some("vm_error"), Some(5)), SidelineSigner),
            (api(400, "x", Some("vm_error"), Some(7)), SidelineSigner),
            (api(400, "x", Some("vm_error"), Some(2)), SidelineSigner),
            (api(400, "x", Some("vm_error"), Some(23)), SidelineSigner),
            (api(400, "x", Some("vm_error"), Some(6)), Rebuild),
            (
                api(
                    400,
                    "Transaction already in mempool with a different payload",
                    Some("invalid_input"),
                    None,
                ),
                ResyncSequence,
            ),
            (
                api(
                    400,
                    "Mempool over capacity for account. Number of seq number transactions from account: 100 Capacity per account: 100",
                    Some("mempool_is_full"),
                    None,
                ),
                Rebuild,
            ),
            (api(413, "too big", None, None), Rebuild),
        ];
        for (error, expected) in cases {
            let verdict = submit_error(&error);
            assert_eq!(verdict.recovery, expected, "{error:?} → {verdict:?}");
        }
        assert_eq!(
            submit_error(&api(400, "x", Some("vm_error"), Some(3))).label,
            "SEQUENCE_NUMBER_TOO_OLD"
        );
    }

    #[test]
    fn move_aborts_are_labelled_by_their_constant() {
        let paused = job_abort(
            "Move abort in 0x4a6f6273::jobs: E_PAUSED(0x30002): job submission is paused",
        );
        assert_eq!(paused.label, "E_PAUSED");
        assert!(!paused.sideline_signer);
        let unavailable = job_abort(
            "Move abort in 0x4a6f6273::jobs: E_UNAVAILABLE(0xd0063): dev chain injected fault",
        );
        assert_eq!(unavailable.label, "E_UNAVAILABLE");
        let op = job_abort(
            "Move abort in 0x4a6f6273::jobs: E_NOT_OPERATOR(0x50001): caller is not an operator",
        );
        assert!(op.sideline_signer);
        assert_eq!(job_abort("Out of gas").label, "OUT_OF_GAS");
        assert_eq!(
            job_abort("Transaction Executed and Committed with Error LINKER_ERROR").label,
            "LINKER_ERROR"
        );
        assert_eq!(job_abort("something new").label, "execution_failed");
        assert_eq!(
            job_abort("Execution failed in 0x1::m::f at code offset 3").label,
            "execution_failed"
        );
        assert_eq!(paused.limit, None);
    }

    #[test]
    fn per_transaction_limits_are_recognised_in_every_rendering() {
        for (status, limit) in [
            // What a real node writes (explain_vm_status), measured on Movement's VM.
            ("EXECUTION_LIMIT_REACHED", VmLimit::Execution),
            ("IO_LIMIT_REACHED", VmLimit::Io),
            ("STORAGE_LIMIT_REACHED", VmLimit::Storage),
            ("Out of gas", VmLimit::OutOfGas),
            // Older renderings, and a detail message after the code.
            (
                "Transaction Executed and Committed with Error EXECUTION_LIMIT_REACHED",
                VmLimit::Execution,
            ),
            ("OUT_OF_GAS", VmLimit::OutOfGas),
            ("IO_LIMIT_REACHED. Detailed error: too much io", VmLimit::Io),
        ] {
            let verdict = job_abort(status);
            assert_eq!(verdict.limit, Some(limit), "{status}");
            assert_eq!(verdict.label, limit.label(), "{status}");
            assert!(!verdict.sideline_signer);
        }
        assert_eq!(job_abort("LINKER_ERROR").limit, None);
        assert_eq!(
            job_abort("Move abort in 0x1::m: EXECUTION_LIMIT_REACHED(0x1): x").limit,
            None,
            "a Move abort is the contract's, never a VM limit"
        );
    }

    #[test]
    fn per_grant_failures_name_their_reason() {
        let m = grant_failure_message("R_AMOUNT_OVER_CAP", "5");
        assert!(
            m.contains("per-grant cap") && m.contains("R_AMOUNT_OVER_CAP"),
            "{m}"
        );
    }
}
