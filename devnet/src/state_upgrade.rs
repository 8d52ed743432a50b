//! State files written by earlier dev chains, brought to the current shape before they load.
//!
//! Earlier dev chains remembered a paid grant by the paying transaction's hash: `paid` entries
//! `{job_id, tx_hash}` and `GrantSkipped` events with `paid_tx_hash`. The Jobs contract now
//! records the paying transaction's sender and sequence number (a real VM cannot read the hash a
//! node reports), and so does the dev chain. The hash names a committed user transaction in the
//! same file, so the upgrade is exact: that transaction's sender and sequence number replace it.
//! Committed transactions from then also lack a fee statement; they get one that reports their
//! flat charge as execution gas (the old schedule had no split), so `FeeStatement` still adds up
//! to `gas_used`; and the Jobs state gets the token's metadata address, derived from the module
//! address as the contract does.

use std::collections::HashMap;

use serde_json::{Map, Value, json};

use crate::address::{Address, HashValue};
use crate::jobs::token_metadata_address;
use crate::wire::SignedTransaction;

/// Why a state file could not be upgraded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum UpgradeError {
    /// A paid grant names a transaction that is not a committed user transaction of the file.
    #[error(
        "paid grant {grant} names transaction {hash}, which is not a committed user transaction \
         of this state file; start with a new state file"
    )]
    UnknownPayingTransaction {
        /// Grant id (hex) or event that names it.
        grant: String,
        /// The hash.
        hash: String,
    },
    /// A field the upgrade reads has an unexpected shape.
    #[error("state file field {0} is malformed")]
    Malformed(&'static str),
}

/// What the upgrade changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Upgraded {
    /// `paid` entries moved from a hash to sender and sequence number.
    pub(crate) paid_grants: usize,
    /// `GrantSkipped` events moved likewise.
    pub(crate) skipped_events: usize,
    /// Committed transactions given a fee statement.
    pub(crate) fee_statements: usize,
    /// The Jobs state was given its token's metadata address.
    pub(crate) token_metadata: bool,
}

impl Upgraded {
    /// True when the file was already in the current shape.
    pub(crate) fn is_empty(&self) -> bool {
        *self == Upgraded::default()
    }
}

/// Upgrades a state file's JSON (`{generated_keys, chain}`) in place.
pub(crate) fn upgrade(state: &mut Value) -> Result<Upgraded, UpgradeError> {
    let mut upgraded = Upgraded::default();
    let chain = state
        .get_mut("chain")
        .and_then(Value::as_object_mut)
        .ok_or(UpgradeError::Malformed("chain"))?;
    let committed = chain
        .get_mut("committed")
        .and_then(Value::as_array_mut)
        .ok_or(UpgradeError::Malformed("chain.committed"))?;
    let payers = paying_transactions(committed);
    for txn in committed.iter_mut() {
        let txn = txn
            .as_object_mut()
            .ok_or(UpgradeError::Malformed("chain.committed[]"))?;
        if !txn.contains_key("fee") {
            let gas_used = txn.get("gas_used").and_then(Value::as_u64).unwrap_or(0);
            txn.insert(
                "fee".to_string(),
                json!({
                    "execution_gas_units": gas_used,
                    "io_gas_units": 0,
                    "storage_fee_octas": 0,
                    "storage_fee_refund_octas": 0,
                    "total_charge_gas_units": gas_used,
                }),
            );
            upgraded.fee_statements += 1;
        }
        let Some(events) = txn.get_mut("events").and_then(Value::as_array_mut) else {
            continue;
        };
        for event in events.iter_mut().filter_map(Value::as_object_mut) {
            if let Some(hash) = event.remove("paid_tx_hash") {
                let grant = event
                    .get("grant_id")
                    .and_then(Value::as_str)
                    .unwrap_or("?")
                    .to_string();
                let (operator, sequence_number) = resolve(&payers, &grant, &hash)?;
                event.insert("paid_operator".to_string(), json!(operator));
                event.insert("paid_sequence_number".to_string(), json!(sequence_number));
                upgraded.skipped_events += 1;
            }
        }
    }
    let module: Address = chain
        .get("jobs_address")
        .and_then(|a| serde_json::from_value(a.clone()).ok())
        .ok_or(UpgradeError::Malformed("chain.jobs_address"))?;
    let jobs = chain
        .get_mut("jobs")
        .and_then(Value::as_object_mut)
        .ok_or(UpgradeError::Malformed("chain.jobs"))?;
    if !jobs.contains_key("metadata") {
        jobs.insert(
            "metadata".to_string(),
            json!(token_metadata_address(module)),
        );
        upgraded.token_metadata = true;
    }
    let paid = jobs
        .get_mut("paid")
        .and_then(Value::as_object_mut)
        .ok_or(UpgradeError::Malformed("chain.jobs.paid"))?;
    for (grant, record) in paid.iter_mut() {
        let record: &mut Map<String, Value> = record
            .as_object_mut()
            .ok_or(UpgradeError::Malformed("chain.jobs.paid{}"))?;
        if let Some(hash) = record.remove("tx_hash") {
            let (operator, sequence_number) = resolve(&payers, grant, &hash)?;
            record.insert("operator".to_string(), json!(operator));
            record.insert("sequence_number".to_string(), json!(sequence_number));
            upgraded.paid_grants += 1;
        }
    }
    Ok(upgraded)
}

/// Committed user transactions by hash: sender and sequence number.
fn paying_transactions(committed: &[Value]) -> HashMap<HashValue, (Address, u64)> {
    committed
        .iter()
        .filter_map(|txn| {
            let hash: HashValue = txn.get("hash")?.as_str()?.parse().ok()?;
            let body = txn.get("body")?;
            if body.get("kind")?.as_str()? != "User" {
                return None;
            }
            let hex = body.get("bytes")?.as_str()?;
            let bytes = hex::decode(hex.strip_prefix("0x").unwrap_or(hex)).ok()?;
            let signed = SignedTransaction::decode(&bytes).ok()?;
            Some((hash, (signed.raw.sender, signed.raw.sequence_number)))
        })
        .collect()
}

fn resolve(
    payers: &HashMap<HashValue, (Address, u64)>,
    grant: &str,
    hash: &Value,
) -> Result<(Address, u64), UpgradeError> {
    let unknown = || UpgradeError::UnknownPayingTransaction {
        grant: grant.to_string(),
        hash: hash.to_string(),
    };
    let parsed: HashValue = hash
        .as_str()
        .and_then(|s| s.parse().ok())
        .ok_or_else(unknown)?;
    payers.get(&parsed).copied().ok_or_else(unknown)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_without_legacy_fields_is_left_as_it_is() {
        let mut state = json!({
            "generated_keys": [],
            "chain": {
                "jobs_address": "0x4a6f6273",
                "committed": [],
                "jobs": { "paid": {}, "metadata": "0x1234" },
            },
        });
        let before = state.clone();
        assert!(upgrade(&mut state).unwrap().is_empty());
        assert_eq!(state, before);
    }

    #[test]
    fn a_hash_that_names_no_committed_transaction_is_refused() {
        let mut state = json!({
            "chain": {
                "jobs_address": "0x4a6f6273",
                "committed": [],
                "jobs": { "paid": { "0707": { "job_id": 1, "tx_hash": format!("0x{}", "ab".repeat(32)) } } },
            },
        });
        assert!(matches!(
            upgrade(&mut state),
            Err(UpgradeError::UnknownPayingTransaction { .. })
        ));
    }
}
