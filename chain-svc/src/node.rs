//! The node: the handful of Aptos REST calls chain-svc makes, through aptos-sdk's
//! `FullnodeClient`, with results in this crate's terms.
//!
//! Every call is bounded by the configured timeout and retried by the SDK on network errors,
//! 429 (honouring `Retry-After`) and 5xx. Reads that decide a grant's fate ([`Node::lookup`],
//! [`Node::paid_grant`], [`Node::payment`]) report errors instead of guessing, so a caller never
//! mistakes "could not ask" for "not there".
//!
//! The contract records where it paid a grant as the paying transaction's sender and sequence
//! number ([`PaidRecord`]): Move cannot read the hash a node reports. [`Node::payment`] is the
//! one place that turns such a record into the real transaction (hash and version), through
//! `GET /v1/accounts/{sender}/transactions?start={sequence_number}&limit=1`.

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
    pub(crate) call: &'static str,
    /// The SDK's error.
    #[source]
    pub(crate) source: AptosError,
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
    pub(crate) fn is_transient(&self) -> bool {
        match &self.source {
            AptosError::Api { status_code, .. } => *status_code == 408 || *status_code >= 429,
            AptosError::NotFound(_) | AptosError::AccountNotFound(_) => false,
            _ => true,
        }
    }
}

/// The chain's clock and identity at one moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Ledger {
    /// Chain id the node reports.
    pub(crate) chain_id: u8,
    /// Latest committed version.
    pub(crate) version: u64,
    /// Timestamp of the latest block, microseconds.
    pub(crate) timestamp_usecs: u64,
}

/// A committed transaction, as far as chain-svc cares.
#[derive(Debug, Clone)]
pub struct CommittedTransaction {
    /// Its hash.
    pub hash: HashValue,
    /// Its sender (user transactions).
    pub sender: Option<AccountAddress>,
    /// The sender's sequence number it used (user transactions).
    pub sequence_number: Option<u64>,
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

/// Where the contract paid a grant id, as it records it (`GrantSkipped` and the `paid_grant`
/// view): the job, and the paying transaction by its sender and sequence number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PaidRecord {
    /// The job that paid it.
    pub job_id: u64,
    /// The operator that sent the paying transaction.
    pub operator: AccountAddress,
    /// The paying transaction's sequence number.
    pub sequence_number: u64,
}

/// The transaction that paid a [`PaidRecord`], as the node reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Payment {
    /// Its hash (`0x` + 64 hex).
    pub tx_hash: String,
    /// Its ledger version.
    pub version: u64,
    /// Grant ids (`0x` + 32 hex, lower case) it emitted `GrantPaid` for in the record's job.
    pub paid_grant_ids: std::collections::HashSet<String>,
}

impl Payment {
    /// True when this transaction paid `grant_id` (as rendered by `payload::grant_id_hex`).
    pub fn paid(&self, grant_id: &str) -> bool {
        self.paid_grant_ids.contains(&grant_id.to_ascii_lowercase())
    }
}

/// Why a [`PaidRecord`] could not be turned into its [`Payment`].
#[derive(Debug, thiserror::Error)]
pub enum PaymentError {
    /// The node could not be asked (see [`NodeError::is_transient`]).
    #[error(transparent)]
    Node(#[from] NodeError),
    /// The node has no transaction of this sender at or after this sequence number (or does
    /// not know the account): it has not caught up with its own state, or lost its history.
    #[error("the node has no transaction of {operator} with sequence number {sequence_number}")]
    Missing {
        /// Sender.
        operator: String,
        /// Sequence number.
        sequence_number: u64,
    },
    /// The node pruned the transaction (410, or it answered with a later one).
    #[error("the node pruned the transaction of {operator} with sequence number {sequence_number}")]
    Pruned {
        /// Sender.
        operator: String,
        /// Sequence number.
        sequence_number: u64,
    },
    /// The transaction in that slot is not the payment the contract recorded (it failed, or
    /// paid nothing in that job): the record and the chain disagree.
    #[error("transaction {tx_hash} is not the recorded payment: {why}")]
    NotThePayment {
        /// The transaction found.
        tx_hash: String,
        /// What does not match.
        why: String,
    },
}

impl PaymentError {
    /// True when asking again soon may succeed.
    pub(crate) fn is_transient(&self) -> bool {
        match self {
            PaymentError::Node(e) => e.is_transient(),
            _ => false,
        }
    }

    /// A short stable label for metrics.
    pub(crate) fn label(&self) -> &'static str {
        match self {
            PaymentError::Node(_) => "node_error",
            PaymentError::Missing { .. } => "missing",
            PaymentError::Pruned { .. } => "pruned",
            PaymentError::NotThePayment { .. } => "not_the_payment",
        }
    }
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
    pub(crate) async fn ledger(&self) -> Result<Ledger, NodeError> {
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
    pub(crate) async fn sequence_number(&self, address: AccountAddress) -> Result<u64, NodeError> {
        self.client
            .get_sequence_number(address)
            .await
            .map_err(NodeError::on("get_account"))
    }

    /// `GET /v1/estimate_gas_price`: the node's recommended gas unit price.
    pub(crate) async fn gas_price(&self) -> Result<u64, NodeError> {
        Ok(self
            .client
            .estimate_gas_price()
            .await
            .map_err(NodeError::on("estimate_gas_price"))?
            .data
            .recommended())
    }

    /// The signer's gas-token balance in octas (`0x1::coin::balance<AptosCoin>`).
    pub(crate) async fn balance(&self, address: AccountAddress) -> Result<u64, NodeError> {
        self.client
            .get_account_balance(address)
            .await
            .map_err(NodeError::on("balance"))
    }

    /// `POST /v1/transactions` with the signed BCS bytes. The SDK retries network errors and
    /// 5xx with the same bytes, which is safe: an identical resubmission has the same hash.
    pub(crate) async fn submit(&self, signed: &SignedTransaction) -> Result<(), AptosError> {
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
    pub async fn paid_grant(&self, grant_id: &Uuid) -> Result<Option<PaidRecord>, NodeError> {
        const CALL: &str = "view paid_grant";
        let function = format!("{}::jobs::paid_grant", self.jobs.to_long_string());
        let out = self
            .client
            .view(&function, vec![], vec![json!(grant_id_hex(grant_id))])
            .await
            .map_err(NodeError::on(CALL))?
            .data;
        parse_paid_grant(&out).map_err(|what| NodeError::decode(CALL, what))
    }

    /// The transaction that paid `record`, from
    /// `GET /v1/accounts/{operator}/transactions?start={sequence_number}&limit=1`, checked to be
    /// that sender's transaction in that slot and a successful one that emitted `GrantPaid` in
    /// the record's job (the grant ids it paid are returned for the caller to match).
    pub async fn payment(&self, record: &PaidRecord) -> Result<Payment, PaymentError> {
        const CALL: &str = "account_transactions";
        let operator = record.operator.to_long_string();
        let missing = || PaymentError::Missing {
            operator: operator.clone(),
            sequence_number: record.sequence_number,
        };
        let pruned = || PaymentError::Pruned {
            operator: operator.clone(),
            sequence_number: record.sequence_number,
        };
        let page = match self
            .client
            .get_account_transactions(record.operator, Some(record.sequence_number), Some(1))
            .await
        {
            Ok(r) => r.data,
            Err(AptosError::Api {
                status_code: 410, ..
            }) => return Err(pruned()),
            Err(AptosError::Api {
                status_code: 404,
                error_code,
                ..
            }) if error_code.as_deref() == Some("account_not_found") => return Err(missing()),
            Err(AptosError::AccountNotFound(_)) => return Err(missing()),
            Err(e) => return Err(NodeError::on(CALL)(e).into()),
        };
        let Some(body) = page.first() else {
            return Err(missing());
        };
        let Some(Lookup::Committed(tx)) = parse_lookup(body) else {
            return Err(NodeError::decode(CALL, "transaction body").into());
        };
        match_payment(&tx, record, &self.jobs).map_err(|outcome| match outcome {
            Mismatch::Later => pruned(),
            Mismatch::Other(why) => PaymentError::NotThePayment {
                tx_hash: tx.hash.to_hex(),
                why,
            },
        })
    }
}

/// Parses the `paid_grant` view's `[found, "job_id", "0xoperator", "sequence_number"]`.
fn parse_paid_grant(out: &[Value]) -> Result<Option<PaidRecord>, &'static str> {
    let [found, job_id, operator, sequence_number] = out else {
        return Err("expected [found, job_id, operator, sequence_number]");
    };
    match found.as_bool() {
        Some(true) => {}
        Some(false) => return Ok(None),
        None => return Err("found"),
    }
    Ok(Some(PaidRecord {
        job_id: json_u64(job_id).ok_or("job_id")?,
        operator: operator
            .as_str()
            .and_then(payload::parse_address)
            .ok_or("operator")?,
        sequence_number: json_u64(sequence_number).ok_or("sequence_number")?,
    }))
}

/// Why a transaction is not the payment of a record.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Mismatch {
    /// It is the sender's transaction with a later sequence number: the node skipped the
    /// recorded one (pruned history).
    Later,
    /// Anything else, described.
    Other(String),
}

/// Checks that `tx` is `record`'s payment: same sender and sequence number, successful, with
/// `GrantPaid` events of the record's job; returns it as a [`Payment`].
fn match_payment(
    tx: &CommittedTransaction,
    record: &PaidRecord,
    jobs: &AccountAddress,
) -> Result<Payment, Mismatch> {
    if tx.sender != Some(record.operator) {
        return Err(Mismatch::Other(format!(
            "sent by {}, not {}",
            tx.sender
                .map_or_else(|| "nobody".to_string(), |a| a.to_long_string()),
            record.operator.to_long_string()
        )));
    }
    match tx.sequence_number {
        Some(n) if n == record.sequence_number => {}
        Some(n) if n > record.sequence_number => return Err(Mismatch::Later),
        other => {
            return Err(Mismatch::Other(format!(
                "sequence number {other:?}, not {}",
                record.sequence_number
            )));
        }
    }
    if !tx.success {
        return Err(Mismatch::Other(format!("it failed: {}", tx.vm_status)));
    }
    let paid_grant_ids: std::collections::HashSet<String> = tx
        .events
        .iter()
        .filter(|e| {
            e.get("type")
                .and_then(Value::as_str)
                .is_some_and(|t| is_jobs_event(t, jobs, "GrantPaid"))
                && e.pointer("/data/job_id").and_then(json_u64) == Some(record.job_id)
        })
        .filter_map(|e| e.pointer("/data/grant_id").and_then(Value::as_str))
        .map(str::to_ascii_lowercase)
        .collect();
    if paid_grant_ids.is_empty() {
        return Err(Mismatch::Other(format!(
            "no GrantPaid of job {}",
            record.job_id
        )));
    }
    Ok(Payment {
        tx_hash: tx.hash.to_hex(),
        version: tx.version,
        paid_grant_ids,
    })
}

/// Reads a u64 rendered as a JSON string (or number).
pub(crate) fn json_u64(v: &Value) -> Option<u64> {
    match v {
        Value::String(s) => s.parse().ok(),
        Value::Number(n) => n.as_u64(),
        _ => None,
    }
}

/// Interprets a `by_hash` body.
pub(crate) fn parse_lookup(data: &Value) -> Option<Lookup> {
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
        sender: data
            .get("sender")
            .and_then(Value::as_str)
            .and_then(payload::parse_address),
        sequence_number: data.get("sequence_number").and_then(json_u64),
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
pub(crate) fn is_jobs_event(event_type: &str, jobs_address: &AccountAddress, name: &str) -> bool {
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
    fn the_paid_grant_view_gives_the_job_operator_and_sequence_number() {
        let operator = format!("0x{}", "77".repeat(32));
        let paid = [json!(true), json!("12"), json!(operator), json!("5")];
        assert_eq!(
            parse_paid_grant(&paid),
            Ok(Some(PaidRecord {
                job_id: 12,
                operator: payload::parse_address(&operator).unwrap(),
                sequence_number: 5,
            }))
        );
        let unpaid = [json!(false), json!("0"), json!("0x0"), json!("0")];
        assert_eq!(parse_paid_grant(&unpaid), Ok(None));
        // The old three-value shape (a hash Move cannot know) is refused, not guessed at.
        let old = [
            json!(true),
            json!("12"),
            json!(format!("0x{}", "ab".repeat(32))),
        ];
        assert!(parse_paid_grant(&old).is_err());
        assert!(parse_paid_grant(&[json!(true), json!("x"), json!(operator), json!("5")]).is_err());
    }

    fn user_transaction(
        sender: &str,
        seq: u64,
        success: bool,
        events: Vec<Value>,
    ) -> CommittedTransaction {
        let body = json!({
            "type": "user_transaction", "version": "28", "hash": format!("0x{}", "bc".repeat(32)),
            "sender": sender, "sequence_number": seq.to_string(), "success": success,
            "vm_status": if success { "Executed successfully" } else { "EXECUTION_LIMIT_REACHED" },
            "gas_used": "9", "events": events,
        });
        match parse_lookup(&body) {
            Some(Lookup::Committed(tx)) => *tx,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_payment_is_the_senders_successful_transaction_in_that_slot_with_grant_paid_events() {
        let jobs = payload::parse_address("0x4a6f6273").unwrap();
        let operator = format!("0x{}", "77".repeat(32));
        let record = PaidRecord {
            job_id: 9,
            operator: payload::parse_address(&operator).unwrap(),
            sequence_number: 3,
        };
        let grant = format!("0x{}", "0a".repeat(16));
        let paid = |job: &str| {
            json!({"type": format!("{}::jobs::GrantPaid", jobs.to_long_string()),
                   "data": {"job_id": job, "grant_id": grant.to_ascii_uppercase().replace("0X", "0x")}})
        };
        let fee = json!({"type": "0x1::transaction_fee::FeeStatement", "data": {"total_charge_gas_units": "9"}});
        let tx = user_transaction(&operator, 3, true, vec![paid("9"), paid("8"), fee.clone()]);
        let payment = match_payment(&tx, &record, &jobs).unwrap();
        assert_eq!(payment.tx_hash, format!("0x{}", "bc".repeat(32)));
        assert_eq!(payment.version, 28);
        assert!(payment.paid(&grant));
        assert_eq!(payment.paid_grant_ids.len(), 1);

        // The node skipped the slot (pruned history): a later transaction of the sender.
        let later = user_transaction(&operator, 4, true, vec![paid("9")]);
        assert_eq!(match_payment(&later, &record, &jobs), Err(Mismatch::Later));
        for wrong in [
            user_transaction(&format!("0x{}", "66".repeat(32)), 3, true, vec![paid("9")]),
            user_transaction(&operator, 3, false, vec![fee.clone()]),
            user_transaction(&operator, 3, true, vec![paid("8"), fee]),
        ] {
            assert!(matches!(
                match_payment(&wrong, &record, &jobs),
                Err(Mismatch::Other(_))
            ));
        }
    }

    #[test]
    fn only_errors_of_asking_are_transient_when_resolving_a_payment() {
        let missing = PaymentError::Missing {
            operator: "0x1".into(),
            sequence_number: 1,
        };
        assert!(!missing.is_transient());
        assert_eq!(missing.label(), "missing");
        let unavailable = PaymentError::Node(NodeError {
            call: "account_transactions",
            source: AptosError::Api {
                status_code: 503,
                message: "x".into(),
                error_code: None,
                vm_error_code: None,
            },
        });
        assert!(unavailable.is_transient());
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
