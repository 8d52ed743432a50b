//! Every scenario of the suite, grouped by what it exercises. Each is an
//! `async fn(Arc<Chain>) -> Checked<Vec<Measurement>>` written to the real chain's behaviour;
//! [`all`] lists them in the order they run.

pub mod aborts;
pub mod accounts;
pub mod events;
pub mod gas;
pub mod ledger;
pub mod limits;
pub mod lookup;
pub mod sdk_calls;
pub mod sequence;
pub mod simulate;
pub mod validation;
pub mod views;

use crate::scenario;
use crate::scenario::Scenario;

/// Every scenario, in run order.
pub fn all() -> Vec<Scenario> {
    vec![
        scenario!(
            ledger::ledger_info,
            "GET /v1 fields, types, headers; aptos-sdk reads it"
        ),
        scenario!(
            ledger::gas_price_estimate,
            "GET /v1/estimate_gas_price shape and values"
        ),
        scenario!(
            accounts::account_exists_or_not_found,
            "GET /v1/accounts: found, 404 account_not_found"
        ),
        scenario!(
            sequence::sequence_number_too_old,
            "used sequence number: 400 vm_error 3"
        ),
        scenario!(
            sequence::sequence_number_ahead_is_parked,
            "ahead of the account: parked, commits when the gap fills"
        ),
        scenario!(
            sequence::identical_resubmission_and_conflicting_update,
            "same transaction twice: 202 same hash; different one: invalid_transaction_update"
        ),
        scenario!(validation::expired_transaction, "expired: 400 vm_error 6"),
        scenario!(
            validation::parked_transaction_expires,
            "parked then expired: dropped, 404, never commits"
        ),
        scenario!(validation::bad_chain_id, "other chain id: 400 vm_error 23"),
        scenario!(
            validation::bad_signature,
            "signature does not verify: 400 vm_error 1"
        ),
        scenario!(
            validation::wrong_key_for_account,
            "key is not the account's: 400 vm_error 2"
        ),
        scenario!(
            validation::unknown_sender,
            "sender never funded: 400 vm_error 7"
        ),
        scenario!(
            validation::insufficient_balance_for_fee,
            "balance below max gas x price: 400 vm_error 5"
        ),
        scenario!(
            validation::gas_bounds,
            "max gas above 2,000,000 / below intrinsic, price below 100"
        ),
        scenario!(
            validation::out_of_gas,
            "job out of gas: committed failed, max gas charged, nothing paid"
        ),
        scenario!(
            simulate::simulate_transaction,
            "simulate: zeroed signature ok, real one 400, same gas as committed"
        ),
        scenario!(
            lookup::transaction_by_hash,
            "by_hash: 404, pending, committed with every field"
        ),
        scenario!(
            lookup::wait_by_hash,
            "wait_by_hash: 404 at once, holds pending, answers committed"
        ),
        scenario!(
            lookup::transaction_by_version,
            "by_version equals by_hash; 404 past the ledger"
        ),
        scenario!(
            lookup::account_transactions,
            "accounts/{a}/transactions: order, start/limit, unknown"
        ),
        scenario!(
            lookup::blocks,
            "blocks by version and by height, with transactions; 404"
        ),
        scenario!(
            events::job_events_paid,
            "JobSubmitted, GrantPaid..., JobCompleted; balances"
        ),
        scenario!(
            events::job_events_skipped,
            "GrantSkipped names operator + sequence number; node resolves the real hash"
        ),
        scenario!(
            events::job_events_failed,
            "GrantFailed for every reason, in order"
        ),
        scenario!(
            events::framework_events_of_submit_job,
            "fungible_asset::Deposit before each GrantPaid, FeeStatement last, module guids"
        ),
        scenario!(
            events::operator_events,
            "OperatorAdded / OperatorRemoved; is_operator follows"
        ),
        scenario!(
            views::jobs_views,
            "is_paid, paid_grant, balance, is_operator, is_paused"
        ),
        scenario!(
            views::view_errors,
            "unrunnable views: 400 with the reference's error_code"
        ),
        scenario!(aborts::abort_not_operator, "E_NOT_OPERATOR vm_status"),
        scenario!(
            aborts::abort_paused,
            "E_PAUSED while paused (PausedChanged), then paid again"
        ),
        scenario!(aborts::abort_length_mismatch, "E_LENGTH_MISMATCH vm_status"),
        scenario!(
            aborts::abort_duplicate_grant_id,
            "E_DUPLICATE_GRANT_ID vm_status: one payable id twice aborts the job, nothing paid"
        ),
        scenario!(aborts::abort_empty_job, "E_EMPTY_JOB vm_status"),
        scenario!(
            aborts::abort_too_many_grants,
            "E_TOO_MANY_GRANTS vm_status (1,001 grants)"
        ),
        scenario!(
            aborts::abort_not_admin,
            "E_NOT_ADMIN vm_status for every admin function"
        ),
        scenario!(
            gas::gas_of_submit_job,
            "gas_used and FeeStatement at 1/10/100 grants, new/existing, within 5%"
        ),
        scenario!(
            limits::execution_limit_new_recipients,
            "largest committing batch (new recipients); EXECUTION_LIMIT_REACHED above",
            900
        ),
        scenario!(
            limits::execution_limit_existing_recipients,
            "largest committing batch (existing recipients); EXECUTION_LIMIT_REACHED above",
            900
        ),
        scenario!(
            limits::transaction_size_limit,
            "65,536-byte transaction accepted, 65,537 EXCEEDED_MAX_TRANSACTION_SIZE"
        ),
        scenario!(
            sdk_calls::module_abi,
            "GET accounts/{jobs}/module/jobs: bytecode and ABI"
        ),
        scenario!(
            sdk_calls::account_resources,
            "resources and resource/{type}; 404 resource_not_found"
        ),
        scenario!(
            sdk_calls::coin_and_fungible_asset_balances,
            "coin::balance, CoinStore, primary_fungible_store::balance"
        ),
    ]
}
