//! The Jobs contract (`move/jobs`) as the suite calls it: entry-function payloads built with
//! aptos-sdk, grants, and reading its events (and the framework's `FeeStatement`) out of a
//! committed transaction.

use aptos_sdk::AccountAddress;
use aptos_sdk::account::Ed25519Account;
use aptos_sdk::transaction::{InputEntryFunctionData, TransactionPayload};
use rand::RngCore;
use serde_json::{Value, json};

use crate::chain::Draws;
use crate::failure::{Checked, Failure, Lit, array_field, str_field, u64_field};
use crate::target::Target;

/// `move/jobs`' job-level abort codes: (name, code with its `std::error` category, description
/// as the compiler records it from the constant's doc comment).
pub const E_NOT_OPERATOR: Abort = Abort("E_NOT_OPERATOR", 0x50001, "caller is not an operator");
/// Job submission is paused.
pub const E_PAUSED: Abort = Abort("E_PAUSED", 0x30002, "job submission is paused");
/// Vector lengths differ.
pub const E_LENGTH_MISMATCH: Abort = Abort(
    "E_LENGTH_MISMATCH",
    0x10003,
    "recipients, amounts and grant_ids differ in length",
);
/// No grants.
pub const E_EMPTY_JOB: Abort = Abort("E_EMPTY_JOB", 0x10004, "a job needs at least one grant");
/// More than 1000 grants.
pub const E_TOO_MANY_GRANTS: Abort = Abort(
    "E_TOO_MANY_GRANTS",
    0x20005,
    "a job carries at most 1000 grants",
);
/// Not an admin.
pub const E_NOT_ADMIN: Abort = Abort("E_NOT_ADMIN", 0x50006, "caller is not the admin");
/// One payable grant id twice in a job.
pub const E_DUPLICATE_GRANT_ID: Abort = Abort(
    "E_DUPLICATE_GRANT_ID",
    0x10007,
    "a grant id to be paid appears twice in the job",
);

/// Most grants one job may carry.
pub const MAX_GRANTS_PER_JOB: usize = 1000;
/// The contract's default per-grant cap (`DEFAULT_PER_GRANT_CAP`).
pub const DEFAULT_PER_GRANT_CAP: u64 = 1_000_000_000_000_000;

/// A job-level abort: its constant's name, its code and its description.
#[derive(Debug, Clone, Copy)]
pub struct Abort(pub &'static str, pub u64, pub &'static str);

impl Abort {
    /// The `vm_status` a node reports for this abort: aptos-core's `explain_vm_status`, with the
    /// module address as a hex literal (leading zeros trimmed).
    pub fn vm_status(&self, target: &Target) -> String {
        format!(
            "Move abort in {}::jobs: {}({:#x}): {}",
            target.jobs_address.to_short_string(),
            self.0,
            self.1,
            self.2
        )
    }
}

/// One grant of a job.
#[derive(Debug, Clone)]
pub struct Grant {
    /// Who is paid.
    pub recipient: AccountAddress,
    /// How much (token base units).
    pub amount: u64,
    /// The grant id (16 bytes when valid).
    pub id: Vec<u8>,
}

impl Grant {
    /// A grant to `recipient` with a fresh random 16-byte id whose first byte is 0: below every
    /// drawn (UUID v7) id, so in the contract's paid-id trie these random ids never change what
    /// the drawn ids of a cost comparison meet, though they differ from chain to chain.
    pub fn to(recipient: AccountAddress, amount: u64) -> Self {
        let mut id = random_bytes(16);
        id[0] = 0;
        Grant {
            recipient,
            amount,
            id,
        }
    }

    /// A grant to `recipient` with an id drawn from `draws` (the same on every chain of a run).
    pub fn drawn(recipient: AccountAddress, amount: u64, draws: &mut Draws) -> Self {
        Grant {
            recipient,
            amount,
            id: draws.id(),
        }
    }

    /// `0x`-hex of the id, as events and views show a `vector<u8>`.
    pub fn id_hex(&self) -> String {
        format!("0x{}", hex::encode(&self.id))
    }
}

/// `n` grants of `amount` to `n` new addresses, drawn from `draws` (recipients and ids).
pub fn drawn_grants(draws: &mut Draws, n: usize, amount: u64) -> Vec<Grant> {
    (0..n)
        .map(|_| {
            let recipient = draws.address();
            Grant::drawn(recipient, amount, draws)
        })
        .collect()
}

/// `n` grants of `amount` to `n` addresses that never held anything.
pub fn fresh_grants(n: usize, amount: u64) -> Vec<Grant> {
    (0..n).map(|_| Grant::to(fresh_address(), amount)).collect()
}

/// An address nobody has used.
pub fn fresh_address() -> AccountAddress {
    Ed25519Account::generate().address()
}

/// `n` random bytes.
pub fn random_bytes(n: usize) -> Vec<u8> {
    let mut b = vec![0u8; n];
    rand::thread_rng().fill_bytes(&mut b);
    b
}

/// A random job id.
pub fn job_id() -> u64 {
    rand::thread_rng().next_u64() >> 1
}

/// `jobs::submit_job(job_id, recipients, amounts, grant_ids)`.
pub fn submit_job(target: &Target, job_id: u64, grants: &[Grant]) -> Checked<TransactionPayload> {
    submit_job_vectors(
        target,
        job_id,
        grants.iter().map(|g| g.recipient).collect(),
        grants.iter().map(|g| g.amount).collect(),
        grants.iter().map(|g| g.id.clone()).collect(),
    )
}

/// `jobs::submit_job` with the three vectors given separately (they may differ in length).
pub fn submit_job_vectors(
    target: &Target,
    job_id: u64,
    recipients: Vec<AccountAddress>,
    amounts: Vec<u64>,
    ids: Vec<Vec<u8>>,
) -> Checked<TransactionPayload> {
    InputEntryFunctionData::new(&target.jobs_function("submit_job"))
        .arg(job_id)
        .arg(recipients)
        .arg(amounts)
        .arg(ids)
        .build()
        .map_err(Failure::sdk("building jobs::submit_job"))
}

/// `jobs::add_operator(operator)`.
pub fn add_operator(target: &Target, operator: AccountAddress) -> Checked<TransactionPayload> {
    InputEntryFunctionData::new(&target.jobs_function("add_operator"))
        .arg(operator)
        .build()
        .map_err(Failure::sdk("building jobs::add_operator"))
}

/// `jobs::remove_operator(operator)`.
pub fn remove_operator(target: &Target, operator: AccountAddress) -> Checked<TransactionPayload> {
    InputEntryFunctionData::new(&target.jobs_function("remove_operator"))
        .arg(operator)
        .build()
        .map_err(Failure::sdk("building jobs::remove_operator"))
}

/// `jobs::set_paused(paused)`.
pub fn set_paused(target: &Target, paused: bool) -> Checked<TransactionPayload> {
    InputEntryFunctionData::new(&target.jobs_function("set_paused"))
        .arg(paused)
        .build()
        .map_err(Failure::sdk("building jobs::set_paused"))
}

/// `0x1::aptos_account::transfer(to, amount)`: the cheapest transaction every chain runs.
pub fn transfer(to: AccountAddress, amount: u64) -> Checked<TransactionPayload> {
    InputEntryFunctionData::new("0x1::aptos_account::transfer")
        .arg(to)
        .arg(amount)
        .build()
        .map_err(Failure::sdk("building 0x1::aptos_account::transfer"))
}

/// Splits an event or struct type `0xADDR::module::Name` into its address and the rest.
fn split_type(t: &str) -> Option<(AccountAddress, &str, &str)> {
    let mut parts = t.splitn(3, "::");
    let address = AccountAddress::from_hex(parts.next()?).ok()?;
    Some((address, parts.next()?, parts.next()?))
}

/// The Jobs events of a committed transaction, in order: `(struct name, data)`. Events of other
/// modules (the framework's fungible-asset and fee events) are left out.
pub fn jobs_events(target: &Target, txn: &Value) -> Checked<Vec<(String, Value)>> {
    let events = array_field("transaction", txn, "events")?;
    let mut out = Vec::new();
    for e in events {
        let t = str_field("event", e, "type")?;
        if let Some((address, "jobs", name)) = split_type(t)
            && address == target.jobs_address
        {
            out.push((
                name.to_string(),
                e.get("data").cloned().unwrap_or(Value::Null),
            ));
        }
    }
    Ok(out)
}

/// The data of the Jobs events named `name`.
pub fn events_named(target: &Target, txn: &Value, name: &str) -> Checked<Vec<Value>> {
    Ok(jobs_events(target, txn)?
        .into_iter()
        .filter(|(n, _)| n == name)
        .map(|(_, d)| d)
        .collect())
}

/// The split of what a transaction cost, from its `0x1::transaction_fee::FeeStatement` event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FeeStatement {
    /// `total_charge_gas_units`: equals the transaction's `gas_used`.
    pub total_charge_gas_units: u64,
    /// Execution gas units.
    pub execution_gas_units: u64,
    /// IO gas units.
    pub io_gas_units: u64,
    /// Storage fee, octas.
    pub storage_fee_octas: u64,
    /// Storage refund, octas.
    pub storage_fee_refund_octas: u64,
}

/// Reads the transaction's single `FeeStatement` event.
pub fn fee_statement(txn: &Value) -> Checked<FeeStatement> {
    let events = array_field("transaction", txn, "events")?;
    let fees: Vec<&Value> = events
        .iter()
        .filter(|e| {
            e["type"]
                .as_str()
                .and_then(split_type)
                .is_some_and(|(a, m, n)| {
                    a == AccountAddress::ONE && m == "transaction_fee" && n == "FeeStatement"
                })
        })
        .collect();
    let [fee] = fees.as_slice() else {
        return Err(Failure::mismatch(
            "0x1::transaction_fee::FeeStatement events",
            Lit("exactly one"),
            fees.len(),
        ));
    };
    let d = &fee["data"];
    Ok(FeeStatement {
        total_charge_gas_units: u64_field("FeeStatement", d, "total_charge_gas_units")?,
        execution_gas_units: u64_field("FeeStatement", d, "execution_gas_units")?,
        io_gas_units: u64_field("FeeStatement", d, "io_gas_units")?,
        storage_fee_octas: u64_field("FeeStatement", d, "storage_fee_octas")?,
        storage_fee_refund_octas: u64_field("FeeStatement", d, "storage_fee_refund_octas")?,
    })
}

/// The seed `move/jobs` creates its token's metadata object with (`TOKEN_SEED`).
pub const TOKEN_SEED: &[u8] = b"JOBS_TOKEN";

/// The Jobs token's metadata object: the named object `sha3_256(publisher ‖ "JOBS_TOKEN" ‖ 0xFE)`
/// (`object::create_named_object`), which `jobs::Jobs.metadata` also names.
pub fn token_metadata_address(jobs_address: AccountAddress) -> AccountAddress {
    derived_address(jobs_address, TOKEN_SEED, 0xFE)
}

/// The primary fungible store of `owner` for the token `metadata`:
/// `sha3_256(owner ‖ metadata ‖ 0xFC)` (`object::create_user_derived_object_address`).
pub fn primary_store_address(owner: AccountAddress, metadata: AccountAddress) -> AccountAddress {
    derived_address(owner, &metadata.to_bytes(), 0xFC)
}

fn derived_address(source: AccountAddress, seed: &[u8], scheme: u8) -> AccountAddress {
    use sha3::{Digest, Sha3_256};
    let mut h = Sha3_256::new();
    h.update(source.to_bytes());
    h.update(seed);
    h.update([scheme]);
    AccountAddress::new(h.finalize().into())
}

/// An address as a node renders it in JSON (event data, view results, resources, `sender`):
/// a hex literal with leading zeros trimmed (`0x4640…` for `0x004640…`, `0x0` for zero).
pub fn api_address(address: AccountAddress) -> String {
    address.to_short_string()
}

/// Event data of `GrantPaid` as the node renders it.
pub fn grant_paid(job_id: u64, g: &Grant) -> Value {
    json!({
        "job_id": job_id.to_string(),
        "grant_id": g.id_hex(),
        "recipient": api_address(g.recipient),
        "amount": g.amount.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target(address: &str) -> Target {
        Target {
            label: "t".into(),
            node_url: "http://x/v1".into(),
            faucet_url: "http://x".into(),
            jobs_address: AccountAddress::from_hex(address).unwrap(),
            admin_key: String::new(),
            chain_id: 4,
        }
    }

    #[test]
    fn abort_statuses_name_the_module_by_its_trimmed_hex_literal() {
        assert_eq!(
            E_NOT_OPERATOR.vm_status(&target("0x4a6f6273")),
            "Move abort in 0x4a6f6273::jobs: E_NOT_OPERATOR(0x50001): caller is not an operator"
        );
        assert_eq!(
            E_PAUSED.vm_status(&target("0x0077")),
            "Move abort in 0x77::jobs: E_PAUSED(0x30002): job submission is paused"
        );
    }

    #[test]
    fn only_events_of_this_jobs_deployment_are_read() {
        let t = target("0x4a6f6273");
        let txn = json!({"events": [
            {"type": "0x4a6f6273::jobs::JobSubmitted", "data": {"job_id": "1"}},
            {"type": "0x1::fungible_asset::Deposit", "data": {}},
            {"type": "0x000000000000000000000000000000000000000000000000000000004a6f6273::jobs::JobCompleted", "data": {}},
            {"type": "0x99::jobs::JobCompleted", "data": {}},
            {"type": "0x1::transaction_fee::FeeStatement", "data": {
                "total_charge_gas_units": "10", "execution_gas_units": "4", "io_gas_units": "5",
                "storage_fee_octas": "100", "storage_fee_refund_octas": "0"}},
        ]});
        let names: Vec<String> = jobs_events(&t, &txn)
            .unwrap()
            .into_iter()
            .map(|e| e.0)
            .collect();
        assert_eq!(names, ["JobSubmitted", "JobCompleted"]);
        assert_eq!(fee_statement(&txn).unwrap().total_charge_gas_units, 10);
        assert!(fee_statement(&json!({"events": []})).is_err());
    }
}
