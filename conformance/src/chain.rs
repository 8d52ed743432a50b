//! A connection to one target: raw REST calls (exact status, headers and body, as a client sees
//! them), aptos-sdk for building and signing transactions, fresh funded accounts and operators.
//!
//! Everything the suite asserts goes through [`Chain::get`], [`Chain::post_json`] and
//! [`Chain::post_bcs`], which never retry and never reinterpret an answer; aptos-sdk's client
//! ([`Chain::aptos`]) is used where a scenario checks that the SDK's own calls work.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use aptos_sdk::account::Ed25519Account;
use aptos_sdk::transaction::{
    SignedTransaction, TransactionBuilder, TransactionPayload, sign_transaction,
};
use aptos_sdk::types::ChainId;
use aptos_sdk::{AccountAddress, Aptos, AptosConfig, HashValue};
use rand::rngs::StdRng;
use rand::{RngCore, SeedableRng};
use reqwest::header::HeaderMap;
use serde_json::{Value, json};
use tokio::sync::Mutex;

use crate::failure::{Checked, Failure, Lit, ensure, eq, str_field, u64_field};
use crate::jobs;
use crate::target::Target;

/// BCS content type of a signed transaction.
pub const BCS_SIGNED_TRANSACTION: &str = "application/x.aptos.signed_transaction+bcs";
/// What the suite gives a fresh account: enough for a `max_gas_amount` of 2,000,000 at price 100
/// (2 MOVE must be held just to be accepted) plus the largest batches' real cost.
pub const DEFAULT_FUNDING: u64 = 10_000_000_000;
/// How long a submitted transaction may take to commit before the scenario fails.
const COMMIT_TIMEOUT: Duration = Duration::from_secs(60);
/// Where the drawing clocks start (plus up to 2^30 ms from the seed): 2024-06-28 in UUID v7
/// milliseconds, so drawn ids sort after every id [`crate::jobs::Grant::to`] makes.
const DRAWN_IDS_EPOCH_MS: u64 = 0x0190_0000_0000;

/// A raw HTTP answer.
#[derive(Debug, Clone)]
pub struct Reply {
    /// What was requested (`GET /v1/...`), for failure messages.
    pub request: String,
    /// HTTP status.
    pub status: u16,
    /// Response headers.
    pub headers: HeaderMap,
    /// JSON body (`Null` when the body is empty or not JSON).
    pub body: Value,
}

impl Reply {
    /// The body, if the status is `status`.
    pub fn expect(&self, status: u16) -> Checked<&Value> {
        ensure(
            self.status == status,
            format!("{} status", self.request),
            &format!("{status}"),
            format!("{} {}", self.status, self.body),
        )?;
        Ok(&self.body)
    }

    /// An API error: `status`, `error_code`, and `vm_error_code` (`None` = JSON null).
    pub fn expect_error(
        &self,
        status: u16,
        error_code: &str,
        vm_error_code: Option<u64>,
    ) -> Checked {
        self.expect(status)?;
        eq(
            format!("{} error_code", self.request),
            Some(error_code),
            self.body.get("error_code").and_then(Value::as_str),
        )?;
        eq(
            format!("{} vm_error_code", self.request),
            vm_error_code.map(Value::from).unwrap_or(Value::Null),
            self.body
                .get("vm_error_code")
                .cloned()
                .unwrap_or(Value::Null),
        )
    }

    /// A validation failure as a fullnode reports it: 400, `vm_error`, the numeric status code,
    /// and a message naming the status (`Invalid transaction: Type: Validation Code: NAME`).
    pub fn expect_vm_error(&self, code: u64, name: &str) -> Checked {
        self.expect_error(400, "vm_error", Some(code))?;
        let message = str_field(&self.request, &self.body, "message")?;
        ensure(
            message.contains(name),
            format!("{} message", self.request),
            &format!("names {name}"),
            message,
        )
    }

    /// A header as text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

/// Gas and expiry of a transaction the suite signs.
#[derive(Debug, Clone, Copy)]
pub struct TxnParams {
    /// `max_gas_amount`.
    pub max_gas: u64,
    /// `gas_unit_price` in octas.
    pub gas_unit_price: u64,
    /// Expiration, seconds since the epoch.
    pub expiration_secs: u64,
    /// Chain id to sign for (`None` = the target's).
    pub chain_id: Option<u8>,
}

impl TxnParams {
    /// 2,000,000 gas at price 100, expiring in 60 s: what chain-svc sends.
    pub fn standard() -> Self {
        TxnParams {
            max_gas: 2_000_000,
            gas_unit_price: 100,
            expiration_secs: now_secs() + 60,
            chain_id: None,
        }
    }
}

/// Wall-clock seconds.
pub fn now_secs() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

/// One target, connected.
pub struct Chain {
    /// The target's description.
    pub target: Target,
    /// aptos-sdk's client for this node (its default retry policy).
    pub aptos: Aptos,
    http: reqwest::Client,
    admin: Ed25519Account,
    /// Admin transactions are sent one at a time: they share the admin's sequence number.
    admin_lock: Mutex<()>,
    /// The run's seed: every chain of a run gets the same one (see [`Chain::rng`]).
    seed: u64,
    /// The milliseconds of the next drawn grant id (see [`Draws::id`]): one clock per chain,
    /// starting where the seed says, so every chain of a run draws the same ids in the same order.
    clock: Arc<AtomicU64>,
}

/// A stream of grants that is the same on every chain of a run (see [`Chain::rng`]).
pub struct Draws {
    rng: StdRng,
    clock: Arc<AtomicU64>,
}

impl Draws {
    /// A grant id as campaign-svc makes them, UUID v7: the chain's drawing clock's milliseconds
    /// (one per id, increasing over the whole run of the chain), version 7, random bits from the
    /// stream. Time-ordered like production ids, so the contract's paid-id trie grows as it does
    /// in production, and the same on every chain of a run.
    pub fn id(&mut self) -> Vec<u8> {
        let ms = self.clock.fetch_add(1, Ordering::SeqCst);
        let mut id = [0u8; 16];
        self.rng.fill_bytes(&mut id[6..]);
        id[..6].copy_from_slice(&ms.to_be_bytes()[2..]);
        id[6] = 0x70 | (id[6] & 0x0f);
        id[8] = 0x80 | (id[8] & 0x3f);
        id.to_vec()
    }

    /// An address drawn from the stream.
    pub fn address(&mut self) -> AccountAddress {
        let mut address = [0u8; 32];
        self.rng.fill_bytes(&mut address);
        AccountAddress::new(address)
    }
}

impl Chain {
    /// Builds the clients; makes no request. `seed` is the run's: pass every chain the same.
    pub fn connect(target: Target, seed: u64) -> Checked<Self> {
        let config = AptosConfig::custom(&target.node_url)
            .map_err(Failure::sdk("aptos-sdk config"))?
            .with_timeout(Duration::from_secs(30));
        let aptos = Aptos::new(config).map_err(Failure::sdk("aptos-sdk client"))?;
        let admin = Ed25519Account::from_private_key_hex(&target.admin_key)
            .map_err(Failure::sdk("admin key"))?;
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(60))
            .build()
            .map_err(Failure::http("HTTP client"))?;
        Ok(Chain {
            target,
            aptos,
            http,
            admin,
            admin_lock: Mutex::new(()),
            seed,
            clock: Arc::new(AtomicU64::new(DRAWN_IDS_EPOCH_MS + (seed >> 34))),
        })
    }

    /// A stream of grants that is the same on every chain of a run for the same `tag`:
    /// scenarios that compare costs across chains draw their recipients and grant ids from it,
    /// so both chains run the very same jobs. They must: the real VM's gas depends on the ids
    /// and on every id paid before (the contract keeps paid ids in a trie of leaves keyed by
    /// their leading bits: how big the leaf a job meets is, whether it splits), so the ids are
    /// time-ordered UUID v7 from one clock per chain ([`Draws::id`]).
    pub fn rng(&self, tag: &str) -> Draws {
        use sha3::{Digest, Sha3_256};
        let mut h = Sha3_256::new();
        h.update(self.seed.to_le_bytes());
        h.update(tag.as_bytes());
        Draws {
            rng: StdRng::from_seed(h.finalize().into()),
            clock: self.clock.clone(),
        }
    }

    /// The target's label.
    pub fn label(&self) -> &str {
        &self.target.label
    }

    /// The admin account's address.
    pub fn admin_address(&self) -> AccountAddress {
        self.admin.address()
    }

    /// `{node_url}/{path}` (`path` without the leading `/v1/`).
    pub fn url(&self, path: &str) -> String {
        if path.is_empty() {
            self.target.node_url.clone()
        } else {
            format!("{}/{}", self.target.node_url, path.trim_start_matches('/'))
        }
    }

    async fn reply(&self, request: String, r: reqwest::RequestBuilder) -> Checked<Reply> {
        let response = r.send().await.map_err(Failure::http(request.clone()))?;
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let bytes = response
            .bytes()
            .await
            .map_err(Failure::http(request.clone()))?;
        let body = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        Ok(Reply {
            request,
            status,
            headers,
            body,
        })
    }

    /// `GET /v1/{path}`.
    pub async fn get(&self, path: &str) -> Checked<Reply> {
        self.reply(format!("GET /v1/{path}"), self.http.get(self.url(path)))
            .await
    }

    /// `POST /v1/{path}` with a JSON body.
    pub async fn post_json(&self, path: &str, body: &Value) -> Checked<Reply> {
        self.reply(
            format!("POST /v1/{path}"),
            self.http.post(self.url(path)).json(body),
        )
        .await
    }

    /// `POST /v1/{path}` with a BCS body (`application/x.aptos.signed_transaction+bcs`).
    pub async fn post_bcs(&self, path: &str, bytes: Vec<u8>) -> Checked<Reply> {
        self.reply(
            format!("POST /v1/{path}"),
            self.http
                .post(self.url(path))
                .header(reqwest::header::CONTENT_TYPE, BCS_SIGNED_TRANSACTION)
                .body(bytes),
        )
        .await
    }

    /// The ledger's timestamp in seconds (`GET /v1`).
    pub async fn ledger_secs(&self) -> Checked<u64> {
        let r = self.get("").await?;
        Ok(u64_field("ledger", r.expect(200)?, "ledger_timestamp")? / 1_000_000)
    }

    /// The ledger version (`GET /v1`).
    pub async fn ledger_version(&self) -> Checked<u64> {
        let r = self.get("").await?;
        u64_field("ledger", r.expect(200)?, "ledger_version")
    }

    /// Funds `address` through the faucet (`POST {faucet}/mint?amount=N&address=0x…`) and waits
    /// for every transaction the faucet reports to commit.
    pub async fn fund(&self, address: AccountAddress, amount: u64) -> Checked {
        let request = format!("POST {}/mint", self.target.faucet_url);
        let r = self
            .reply(
                request.clone(),
                self.http
                    .post(format!("{}/mint", self.target.faucet_url))
                    .query(&[
                        ("amount", amount.to_string()),
                        ("address", address.to_long_string()),
                    ]),
            )
            .await?;
        let hashes = r.expect(200)?.as_array().cloned().unwrap_or_default();
        ensure(
            !hashes.is_empty(),
            format!("{request} body"),
            "a list of transaction hashes",
            &r.body,
        )?;
        for h in hashes {
            let text = h.as_str().unwrap_or_default();
            let hash = HashValue::from_hex(text.trim_start_matches("0x"))
                .map_err(|_| Failure::mismatch(format!("{request} hash"), Lit("a hash"), &h))?;
            let txn = self.committed(&hash).await?;
            ensure(
                txn["success"] == true,
                format!("{request} transaction"),
                "success",
                &txn["vm_status"],
            )?;
        }
        Ok(())
    }

    /// A fresh Ed25519 account funded with `amount` octas.
    pub async fn new_account(&self, amount: u64) -> Checked<Ed25519Account> {
        let account = Ed25519Account::generate();
        self.fund(account.address(), amount).await?;
        Ok(account)
    }

    /// A fresh funded account registered with `jobs::add_operator` (signed by the admin key).
    pub async fn new_operator(&self) -> Checked<Ed25519Account> {
        let account = self.new_account(DEFAULT_FUNDING).await?;
        self.register_operator(account.address()).await?;
        Ok(account)
    }

    /// `jobs::add_operator(address)` signed by the admin; must commit successfully.
    pub async fn register_operator(&self, address: AccountAddress) -> Checked {
        let payload = jobs::add_operator(&self.target, address)?;
        let txn = self.admin_execute(payload).await?;
        expect_success("jobs::add_operator", &txn)
    }

    /// The account's sequence number as the node reports it.
    pub async fn sequence_number(&self, address: AccountAddress) -> Checked<u64> {
        let r = self
            .get(&format!("accounts/{}", address.to_long_string()))
            .await?;
        u64_field("account", r.expect(200)?, "sequence_number")
    }

    /// Builds and signs a transaction with explicit fields.
    pub fn sign(
        &self,
        account: &Ed25519Account,
        sequence_number: u64,
        payload: TransactionPayload,
        params: TxnParams,
    ) -> Checked<SignedTransaction> {
        let raw = TransactionBuilder::new()
            .sender(account.address())
            .sequence_number(sequence_number)
            .payload(payload)
            .max_gas_amount(params.max_gas)
            .gas_unit_price(params.gas_unit_price)
            .expiration_timestamp_secs(params.expiration_secs)
            .chain_id(ChainId::new(
                params.chain_id.unwrap_or(self.target.chain_id),
            ))
            .build()
            .map_err(Failure::sdk("building the transaction"))?;
        sign_transaction(&raw, account).map_err(Failure::sdk("signing"))
    }

    /// `POST /v1/transactions` with the signed transaction's BCS, as sent.
    pub async fn submit(&self, signed: &SignedTransaction) -> Checked<Reply> {
        let bytes = signed
            .to_bcs()
            .map_err(Failure::sdk("encoding the transaction"))?;
        self.post_bcs("transactions", bytes).await
    }

    /// Submits; the node must answer 202 with the hash computed locally.
    pub async fn submit_accepted(&self, signed: &SignedTransaction) -> Checked<HashValue> {
        let hash = signed
            .hash()
            .map_err(Failure::sdk("hashing the transaction"))?;
        let r = self.submit(signed).await?;
        let body = r.expect(202)?;
        eq(
            "submitted transaction hash",
            hash.to_string(),
            str_field("pending", body, "hash")?.to_string(),
        )?;
        Ok(hash)
    }

    /// Polls `by_hash` until the transaction has a version; returns it (successful or not).
    pub async fn committed(&self, hash: &HashValue) -> Checked<Value> {
        let deadline = tokio::time::Instant::now() + COMMIT_TIMEOUT;
        loop {
            let r = self.get(&format!("transactions/by_hash/{hash}")).await?;
            if r.status == 200 && r.body.get("version").is_some() {
                return Ok(r.body);
            }
            if r.status != 200 && r.status != 404 {
                return Err(Failure::mismatch(
                    r.request,
                    Lit("200 or 404 while pending"),
                    (r.status, r.body),
                ));
            }
            if tokio::time::Instant::now() >= deadline {
                return Err(Failure::Timeout {
                    what: format!("transaction {hash} to commit"),
                    secs: COMMIT_TIMEOUT.as_secs(),
                });
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Signs at the account's current sequence number, submits (202), waits for the commit.
    pub async fn execute_with(
        &self,
        account: &Ed25519Account,
        payload: TransactionPayload,
        params: TxnParams,
    ) -> Checked<Value> {
        let seq = self.sequence_number(account.address()).await?;
        let signed = self.sign(account, seq, payload, params)?;
        let hash = self.submit_accepted(&signed).await?;
        self.committed(&hash).await
    }

    /// [`Chain::execute_with`] with [`TxnParams::standard`].
    pub async fn execute(
        &self,
        account: &Ed25519Account,
        payload: TransactionPayload,
    ) -> Checked<Value> {
        self.execute_with(account, payload, TxnParams::standard())
            .await
    }

    /// Executes a payload signed by the admin key (one admin transaction at a time).
    pub async fn admin_execute(&self, payload: TransactionPayload) -> Checked<Value> {
        let _turn = self.admin_lock.lock().await;
        self.execute(&self.admin, payload).await
    }

    /// `POST /v1/view` with JSON arguments.
    pub async fn view(
        &self,
        function: &str,
        type_arguments: &[&str],
        arguments: Vec<Value>,
    ) -> Checked<Reply> {
        self.post_json(
            "view",
            &json!({"function": function, "type_arguments": type_arguments, "arguments": arguments}),
        )
        .await
    }

    /// A view that must answer 200 with a JSON array; returns the array.
    pub async fn view_ok(
        &self,
        function: &str,
        type_arguments: &[&str],
        arguments: Vec<Value>,
    ) -> Checked<Vec<Value>> {
        let r = self.view(function, type_arguments, arguments).await?;
        let body = r.expect(200)?;
        body.as_array()
            .cloned()
            .ok_or_else(|| Failure::mismatch(format!("view {function}"), Lit("a JSON array"), body))
    }
}

/// A committed transaction must have succeeded.
pub fn expect_success(what: &str, txn: &Value) -> Checked {
    ensure(
        txn["success"] == true,
        format!("{what} committed"),
        "success, \"Executed successfully\"",
        &txn["vm_status"],
    )?;
    eq(
        format!("{what} vm_status"),
        Some("Executed successfully"),
        txn["vm_status"].as_str(),
    )
}

/// A committed transaction must have failed with exactly `vm_status`.
pub fn expect_failed(what: &str, txn: &Value, vm_status: &str) -> Checked {
    eq(
        format!("{what} success"),
        Some(false),
        txn["success"].as_bool(),
    )?;
    eq(
        format!("{what} vm_status"),
        Some(vm_status),
        txn["vm_status"].as_str(),
    )
}
