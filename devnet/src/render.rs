//! JSON shapes of the REST API: pending and committed transactions, payloads and events.
//!
//! u64 values are strings, byte vectors `0x` hex. Addresses are written as a real node writes
//! them everywhere (sender, arguments, event types and data): `0x` + hex with leading zeros
//! trimmed (`0x1234`, and `0x61921f…` for `0x061921f…`); authentication keys stay 64 digits.
//! Module events carry the zero guid.

use serde_json::{Value, json};

use crate::address::{Address, HashValue};
use crate::chain::{Block, CommittedBody, CommittedTransaction, LedgerEntry, Simulation};
use crate::gas::FeeStatement;
use crate::jobs::{JobsEvent, MODULE_NAME};
use crate::wire::{EntryFunction, SignedTransaction};

/// `{"type":"pending_transaction", ...}` as returned by submit (202) and by_hash.
pub(crate) fn pending(hash: HashValue, txn: &SignedTransaction, jobs_address: Address) -> Value {
    let mut v = user_request(txn, jobs_address);
    v["type"] = json!("pending_transaction");
    v["hash"] = json!(hash.to_hex());
    v
}

/// The committed `user_transaction` JSON.
pub(crate) fn committed(t: &CommittedTransaction, jobs_address: Address) -> Value {
    let mut v = match &t.body {
        CommittedBody::User { bytes } => match SignedTransaction::decode(bytes) {
            Ok(txn) => user_request(&txn, jobs_address),
            // Only validated transactions are stored; a decode failure means a corrupted state file.
            Err(e) => json!({ "decode_error": e.to_string() }),
        },
        CommittedBody::Faucet { receiver, amount } => faucet_request(*receiver, *amount),
    };
    v["type"] = json!("user_transaction");
    v["version"] = json!(t.version.to_string());
    v["hash"] = json!(t.hash.to_hex());
    v["state_change_hash"] = json!(HashValue::default().to_hex());
    v["event_root_hash"] = json!(HashValue::default().to_hex());
    v["state_checkpoint_hash"] = Value::Null;
    v["accumulator_root_hash"] = json!(HashValue::default().to_hex());
    v["gas_used"] = json!(t.gas_used.to_string());
    v["success"] = json!(t.success);
    v["vm_status"] = json!(t.vm_status);
    v["changes"] = json!([]);
    v["events"] = events(&t.events, &t.fee, jobs_address);
    v["timestamp"] = json!(t.timestamp_usecs.to_string());
    v
}

/// Version 0 as a real node renders it (`genesis_transaction` with a `write_set_payload`). The
/// dev chain's genesis writes are not kept as a write set, so `changes` and the write set are
/// empty.
pub(crate) fn genesis(hash: HashValue) -> Value {
    let zero = HashValue::default().to_hex();
    json!({
        "type": "genesis_transaction",
        "version": "0",
        "hash": hash.to_hex(),
        "state_change_hash": zero,
        "event_root_hash": zero,
        "state_checkpoint_hash": zero,
        "gas_used": "0",
        "success": true,
        "vm_status": crate::vm_status::EXECUTED,
        "accumulator_root_hash": zero,
        "changes": [],
        "payload": {
            "type": "write_set_payload",
            "write_set": { "type": "direct_write_set", "changes": [], "events": [] },
        },
        "events": [],
    })
}

/// What stands at a version: genesis or a committed transaction.
pub(crate) fn entry(entry: &LedgerEntry, genesis_hash: HashValue, jobs_address: Address) -> Value {
    match entry {
        LedgerEntry::Genesis => genesis(genesis_hash),
        LedgerEntry::Committed(t) => committed(t, jobs_address),
    }
}

/// A block: `{block_height, block_hash, block_timestamp, first_version, last_version,
/// transactions}`, `transactions` null unless asked for.
pub(crate) fn block(block: &Block, transactions: Option<Vec<Value>>) -> Value {
    json!({
        "block_height": block.height.to_string(),
        "block_hash": block.hash().to_hex(),
        "block_timestamp": block.timestamp_usecs.to_string(),
        "first_version": block.first_version.to_string(),
        "last_version": block.last_version.to_string(),
        "transactions": transactions,
    })
}

/// One element of the simulate response array.
pub(crate) fn simulation(
    sim: &Simulation,
    txn: &SignedTransaction,
    version: u64,
    timestamp_usecs: u64,
    jobs_address: Address,
) -> Value {
    let mut v = user_request(txn, jobs_address);
    v["type"] = json!("user_transaction");
    v["version"] = json!(version.to_string());
    v["hash"] = json!(txn.hash().to_hex());
    v["max_gas_amount"] = json!(sim.max_gas_amount.to_string());
    v["gas_unit_price"] = json!(sim.gas_unit_price.to_string());
    v["state_change_hash"] = json!(HashValue::default().to_hex());
    v["event_root_hash"] = json!(HashValue::default().to_hex());
    v["state_checkpoint_hash"] = Value::Null;
    v["accumulator_root_hash"] = json!(HashValue::default().to_hex());
    v["gas_used"] = json!(sim.gas_used.to_string());
    v["success"] = json!(sim.success);
    v["vm_status"] = json!(sim.vm_status);
    v["changes"] = json!([]);
    v["events"] = events(&sim.events, &sim.fee, jobs_address);
    v["timestamp"] = json!(timestamp_usecs.to_string());
    v
}

/// Module events: `{guid, sequence_number, type, data}`, then the `FeeStatement` every committed
/// user transaction ends with.
pub(crate) fn events(events: &[JobsEvent], fee: &FeeStatement, jobs_address: Address) -> Value {
    Value::Array(
        events
            .iter()
            .map(|e| {
                json!({
                    "guid": { "creation_number": "0", "account_address": "0x0" },
                    "sequence_number": "0",
                    "type": e.type_tag(jobs_address),
                    "data": e.data_json(),
                })
            })
            .chain(std::iter::once(fee.event_json()))
            .collect(),
    )
}

fn user_request(txn: &SignedTransaction, jobs_address: Address) -> Value {
    let raw = &txn.raw;
    json!({
        "sender": raw.sender.to_hex_literal(),
        "sequence_number": raw.sequence_number.to_string(),
        "max_gas_amount": raw.max_gas_amount.to_string(),
        "gas_unit_price": raw.gas_unit_price.to_string(),
        "expiration_timestamp_secs": raw.expiration_timestamp_secs.to_string(),
        "payload": payload(&raw.payload, jobs_address),
        "signature": {
            "type": "ed25519_signature",
            "public_key": format!("0x{}", hex::encode(txn.authenticator.public_key)),
            "signature": format!("0x{}", hex::encode(txn.authenticator.signature)),
        },
    })
}

fn faucet_request(receiver: Address, amount: u64) -> Value {
    json!({
        "sender": "0x000000000000000000000000000000000000000000000000000000000a550c18",
        "sequence_number": "0",
        "max_gas_amount": "0",
        "gas_unit_price": "0",
        "expiration_timestamp_secs": "0",
        "payload": {
            "type": "entry_function_payload",
            "function": "0x1::aptos_account::transfer",
            "type_arguments": [],
            "arguments": [receiver.to_hex_literal(), amount.to_string()],
        },
        "signature": { "type": "dev_chain_faucet" },
    })
}

/// `entry_function_payload` with arguments rendered by the known signatures (hex otherwise).
fn payload(f: &EntryFunction, jobs_address: Address) -> Value {
    json!({
        "type": "entry_function_payload",
        "function": f.function_id(),
        "type_arguments": f.type_args.iter().map(ToString::to_string).collect::<Vec<_>>(),
        "arguments": arguments(f, jobs_address),
    })
}

fn arguments(f: &EntryFunction, jobs_address: Address) -> Vec<Value> {
    let hex_all = || {
        f.args
            .iter()
            .map(|a| json!(format!("0x{}", hex::encode(a))))
            .collect()
    };
    let is_jobs = f.module_address == jobs_address && f.module_name == MODULE_NAME;
    let rendered: Option<Vec<Value>> = match (is_jobs, f.function.as_str(), f.args.as_slice()) {
        (true, "submit_job", [job, recipients, amounts, ids]) => (|| {
            let job: u64 = bcs::from_bytes(job).ok()?;
            let recipients: Vec<[u8; 32]> = bcs::from_bytes(recipients).ok()?;
            let amounts: Vec<u64> = bcs::from_bytes(amounts).ok()?;
            let ids: Vec<Vec<u8>> = bcs::from_bytes(ids).ok()?;
            Some(vec![
                json!(job.to_string()),
                json!(
                    recipients
                        .into_iter()
                        .map(|r| Address(r).to_hex_literal())
                        .collect::<Vec<_>>()
                ),
                json!(amounts.iter().map(u64::to_string).collect::<Vec<_>>()),
                json!(
                    ids.iter()
                        .map(|i| format!("0x{}", hex::encode(i)))
                        .collect::<Vec<_>>()
                ),
            ])
        })(),
        (true, "add_operator" | "remove_operator", [a]) => bcs::from_bytes::<[u8; 32]>(a)
            .ok()
            .map(|a| vec![json!(Address(a).to_hex_literal())]),
        (true, "set_paused", [p]) => bcs::from_bytes::<bool>(p).ok().map(|p| vec![json!(p)]),
        (false, "transfer", [to, amount]) if f.module_name == "aptos_account" => (|| {
            let to: [u8; 32] = bcs::from_bytes(to).ok()?;
            let amount: u64 = bcs::from_bytes(amount).ok()?;
            Some(vec![
                json!(Address(to).to_hex_literal()),
                json!(amount.to_string()),
            ])
        })(),
        _ => None,
    };
    rendered.unwrap_or_else(hex_all)
}
