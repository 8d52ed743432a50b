//! The node: the handful of Aptos REST calls chain-svc makes, through aptos-sdk's
//! `FullnodeClient`, with results in this crate's terms.
//!
//! Every call is bounded by the configured timeout and retried by the SDK on network errors,
//! 429 (honouring `Retry-After`) and 5xx. Reads that decide a grant's fate ([`Node::lookup`],
//! [`Node::paid_grant`]) report errors instead of guessing, so a caller never mistakes "could not
//! ask" for "not there".

use crate::payload::{self, grant_id_hex};
use aptos_sdk::api::FullnodeClient;
use aptos_sdk::retry::RetryConfig;
use aptos_sdk::transaction::SignedTransaction;
use aptos_sdk::{AccountAddress, AptosConfig, AptosError, HashValue};
use serde_json::{Value, json};
use std::time::Duration;
use uuid::Uuid;

/// A failed node call.
#[derive(Debug, thiserror::Error)]
#[error("node call {call} failed: {source}")]
pub struct NodeError {
    /// What was asked.
    pub call: &'static str,
    /// The SDK's error.
    #[source]
    pub source: AptosError,
}

impl NodeError {
    fn on(call: &'static str) -> impl FnOnce(AptosError) -> NodeError {
        move |source| NodeError { call, source }
    }

    fn decode(call: &'static str, what: &str) -> NodeError {
        NodeError {
            call,
            source: AptosError::Internal(format!("unexpected response: {what}")),
        }
    }

    /// True when asking again later may succeed (network, 429, 5xx, an unexpected body).
    pub fn is_transient(&self) -> bool {
        match &self.source {
            AptosError::Api { status_code, .. } => *status_code == 408 || *status_code >= 429,
            AptosError::NotFound(_) | AptosError::AccountNotFound(_) => false,
            _ => true,
        }
    }
}

/// The chain's clock and identity at one moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ledger {
    /// Chain id the node reports.
    pub chain_id: u8,
    /// Latest committed version.
    pub version: u64,
    /// Timestamp of the latest block, microseconds.
    pub timestamp_usecs: u64,
}

/// A committed transaction, as far as chain-svc cares.
#[derive(Debug, Clone)]
pub struct CommittedTransaction {
    /// Its hash.
    pub hash: HashValue,
    /// Ledger version.
    pub version: u64,
    /// Whether it ran to completion.
    pub success: bool,
    /// The VM status.
    pub vm_status: String,
    /// Gas units charged.
    pub gas_used: u64,
    /// Events (`type`, `data`), untyped.
    pub events: Vec<Value>,
}

/// What `by_hash` says about a transaction.
#[derive(Debug, Clone)]
pub enum Lookup {
    /// Committed (successfully or not).
    Committed(Box<CommittedTransaction>),
    /// In mempool, not committed yet.
    Pending,
    /// Unknown to the node.
    NotFound,
}

/// Where and when the contract paid a grant id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaidGrant {
    /// The job that paid it.
    pub job_id: u64,
    /// The transaction that paid it.
    pub tx_hash: String,
}

/// A node client bound to one Jobs deployment.
#[derive(Debug, Clone)]
pub struct Node {
    client: FullnodeClient,
    jobs: AccountAddress,
}

impl Node {
    /// A client for `url` (ending in `/v1`); every request is bounded by `timeout` and retried
    /// up to `max_retries` times on network errors, 429 and 5xx (0: never, the caller decides).
    pub fn new(
        url: &str,
        jobs: AccountAddress,
        timeout: Duration,
        max_retries: u32,
    ) -> Result<Self, NodeError> {
        let config = AptosConfig::custom(url)
            .map_err(NodeError::on("configure"))?
            .with_timeout(timeout);
        let config = if max_retries == 0 {
            config.without_retry()
        } else {
            config.with_retry(
                RetryConfig::builder()
                    .max_retries(max_retries)
                    .initial_delay_ms(50)
                    .max_delay_ms(1_000)
                    .jitter(true)
                    .build(),
            )
        };
        let client = FullnodeClient::new(config).map_err(NodeError::on("configure"))?;
        Ok(Self { client, jobs })
    }

    /// The Jobs module address.
    pub fn jobs_address(&self) -> AccountAddress {
        self.jobs
    }

    /// `GET /v1`: chain id and clock.
    pub async fn ledger(&self) -> Result<Ledger, NodeError> {
        const CALL: &str = "ledger_info";
        let info = self
            .client
            .get_ledger_info()
            .await
            .map_err(NodeError::on(CALL))?
            .data;
        Ok(Ledger {
            chain_id: info.chain_id,
            version: info
                .ledger_version
                .parse()
                .map_err(|_| NodeError::decode(CALL, "ledger_version"))?,
            timestamp_usecs: info
                .ledger_timestamp
                .parse()
                .map_err(|_| NodeError::decode(CALL, "ledger_timestamp"))?,
        })
    }

    /// `GET /v1/accounts/{addr}`: the next sequence number the chain will commit for `address`.
    pub async fn sequence_number(&self, address: AccountAddress) -> Result<u64, NodeError> {
        self.client
            .get_sequence_number(address)
            .await
            .map_err(NodeError::on("get_account"))
    }

    /// `GET /v1/estimate_gas_price`: the node's recommended gas unit price.
    pub async fn gas_price(&self) -> Result<u64, NodeError> {
        Ok(self
            .client
            .estimate_gas_price()
            .await
            .map_err(NodeError::on("estimate_gas_price"))?
            .data
            .recommended())
    }

    /// The signer's gas-token balance in octas (`0x1::coin::balance<AptosCoin>`).
    pub async fn balance(&self, address: AccountAddress) -> Result<u64, NodeError> {
        self.client
            .get_account_balance(address)
            .await
            .map_err(NodeError::on("balance"))
    }

    /// `POST /v1/transactions` with the signed BCS bytes. The SDK retries network errors and
    /// 5xx with the same bytes, which is safe: an identical resubmission has the same hash.
    pub async fn submit(&self, signed: &SignedTransaction) -> Result<(), AptosError> {
        self.client.submit_transaction(signed).await.map(|_| ())
    }

    /// `GET /v1/transactions/by_hash/{hash}`.
    pub async fn lookup(&self, hash: &HashValue) -> Result<Lookup, NodeError> {
        const CALL: &str = "transaction_by_hash";
        let data = match self.client.get_transaction_by_hash(hash).await {
            Ok(r) => r.data,
            Err(AptosError::Api {
                status_code: 404, ..
            })
            | Err(AptosError::NotFound(_)) => return Ok(Lookup::NotFound),
            Err(e) => return Err(NodeError::on(CALL)(e)),
        };
        parse_lookup(&data).ok_or_else(|| NodeError::decode(CALL, "transaction body"))
    }

    /// `jobs::paid_grant(grant_id)`: whether and where the contract paid this grant id.
    pub async fn paid_grant(&self, grant_id: &Uuid) -> Result<Option<PaidGrant>, NodeError> {
        const CALL: &str = "view paid_grant";
        let function = format!("{}::jobs::paid_grant", self.jobs.to_long_string());
        let out = self
            .client
            .view(&function, vec![], vec![json!(grant_id_hex(grant_id))])
            .await
            .map_err(NodeError::on(CALL))?
            .data;
        match out.as_slice() {
            [found, job_id, tx_hash] => {
                if found.as_bool() != Some(true) {
                    return Ok(None);
                }
                let job_id = json_u64(job_id).ok_or_else(|| NodeError::decode(CALL, "job_id"))?;
                let tx_hash = tx_hash
                    .as_str()
                    .filter(|h| shared::grant::check_tx_hash(h).is_ok())
                    .ok_or_else(|| NodeError::decode(CALL, "tx_hash"))?;
                Ok(Some(PaidGrant {
                    job_id,
                    tx_hash: tx_hash.to_string(),
                }))
            }
            _ => Err(NodeError::decode(CALL, "expected [found, job_id, tx_hash]")),
        }
    }
}

/// Reads a u64 rendered as a JSON string (or number).
pub fn json_u64(v: &Value) -> Option<u64> {
    match v {
        Value::String(s) => s.parse().ok(),
        Value::Number(n) => n.as_u64(),
        _ => None,
    }
}

/// Interprets a `by_hash` body.
pub fn parse_lookup(data: &Value) -> Option<Lookup> {
    if data.get("type").and_then(Value::as_str) == Some("pending_transaction") {
        return Some(Lookup::Pending);
    }
    let version = match data.get("version") {
        Some(v) => json_u64(v)?,
        None => return Some(Lookup::Pending),
    };
    let hash = data.get("hash")?.as_str()?.parse().ok()?;
    Some(Lookup::Committed(Box::new(CommittedTransaction {
        hash,
        version,
        success: data.get("success")?.as_bool()?,
        vm_status: data
            .get("vm_status")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string(),
        gas_used: data.get("gas_used").and_then(json_u64).unwrap_or(0),
        events: data
            .get("events")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default(),
    })))
}

/// True when an event `type` names `jobs_address::jobs::<name>` (addresses compared in full
/// form: nodes print module addresses short).
pub fn is_jobs_event(event_type: &str, jobs_address: &AccountAddress, name: &str) -> bool {
    let mut parts = event_type.split("::");
    let (Some(addr), Some(module), Some(event), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return false;
    };
    module == "jobs" && event == name && payload::parse_address(addr).as_ref() == Some(jobs_address)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pending_and_committed_bodies_are_told_apart() {
        let pending = json!({"type": "pending_transaction", "hash": "0x01"});
        assert!(matches!(parse_lookup(&pending), Some(Lookup::Pending)));
        let hash = format!("0x{}", "ab".repeat(32));
        let committed = json!({
            "type": "user_transaction", "version": "42", "hash": hash, "success": false,
            "vm_status": "Out of gas", "gas_used": "700", "events": []
        });
        match parse_lookup(&committed) {
            Some(Lookup::Committed(tx)) => {
                assert_eq!((tx.version, tx.success, tx.gas_used), (42, false, 700));
                assert_eq!(tx.hash.to_hex(), hash);
            }
            other => panic!("{other:?}"),
        }
        assert!(parse_lookup(&json!({"version": "1"})).is_none());
    }

    #[test]
    fn event_types_match_short_and_long_module_addresses() {
        let jobs = payload::parse_address("0x4a6f6273").unwrap();
        assert!(is_jobs_event(
            "0x4a6f6273::jobs::GrantPaid",
            &jobs,
            "GrantPaid"
        ));
        assert!(is_jobs_event(
            "0x000000000000000000000000000000000000000000000000000000004a6f6273::jobs::GrantPaid",
            &jobs,
            "GrantPaid"
        ));
        assert!(!is_jobs_event("0x1::jobs::GrantPaid", &jobs, "GrantPaid"));
        assert!(!is_jobs_event(
            "0x4a6f6273::jobs::GrantFailed",
            &jobs,
            "GrantPaid"
        ));
        assert!(!is_jobs_event(
            "0x4a6f6273::other::GrantPaid",
            &jobs,
            "GrantPaid"
        ));
    }
}
