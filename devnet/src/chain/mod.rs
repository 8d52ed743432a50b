//! The chain's state machine: accounts, the Jobs module, mempool, committed transactions and the
//! ledger clock. Everything here is synchronous and runs under one lock held by
//! [`crate::node::Node`].
//!
//! Path of a transaction: [`Chain::submit`] validates it like a fullnode (the signature was checked
//! before the lock) and admits it to mempool; [`Chain::produce_block`] commits every ready one
//! (sequence number equal to its account's) in order, charges gas and records the result.
//! View functions live in `view.rs`; lookups by version, block and account in `history.rs`.

mod history;
mod view;

pub(crate) use history::{Block, LedgerEntry};

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};
use sha3::{Digest, Sha3_256};

use crate::address::{Address, HashValue, hex_bytes};
use crate::execution::{self, AccountEffect, ExecContext, Execution, gas};
use crate::gas::FeeStatement;
use crate::jobs::{JobsEvent, JobsState};
use crate::mempool::{Admission, Mempool, MempoolRejection};
use crate::verify;
use crate::vm_status::ValidationStatus;
use crate::wire::SignedTransaction;
use history::HistoryIndex;

/// Largest raw transaction accepted, in bytes.
pub(crate) const MAX_TRANSACTION_SIZE: usize = 64 * 1024;

/// An account: authentication key, sequence number and APT (gas) balance in octas.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Account {
    /// sha3_256(pubkey ‖ 0x00) of the key allowed to sign.
    pub(crate) authentication_key: Address,
    /// Next sequence number to commit.
    pub(crate) sequence_number: u64,
    /// APT balance in octas.
    pub(crate) apt_balance: u64,
}

/// The role a genesis account plays in the Jobs module.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// May submit jobs.
    Operator,
    /// May call admin functions.
    Admin,
}

/// What a committed transaction was.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind")]
pub(crate) enum CommittedBody {
    /// A user transaction, stored as its signed BCS bytes.
    User {
        /// Signed transaction bytes.
        #[serde(with = "hex_bytes")]
        bytes: Vec<u8>,
    },
    /// A faucet mint (the dev chain's stand-in for the faucet account's transfer).
    Faucet {
        /// Funded account.
        receiver: Address,
        /// Octas.
        amount: u64,
    },
}

/// A committed transaction and its result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct CommittedTransaction {
    /// Ledger version.
    pub(crate) version: u64,
    /// Block it was committed in.
    pub(crate) block_height: u64,
    /// Block timestamp, microseconds.
    pub(crate) timestamp_usecs: u64,
    /// Transaction hash.
    pub(crate) hash: HashValue,
    /// The transaction.
    pub(crate) body: CommittedBody,
    /// Whether it ran to completion.
    pub(crate) success: bool,
    /// Status string.
    pub(crate) vm_status: String,
    /// Gas units charged.
    pub(crate) gas_used: u64,
    /// Events emitted.
    pub(crate) events: Vec<JobsEvent>,
    /// The `0x1::transaction_fee::FeeStatement` event's data, rendered after `events`.
    #[serde(default)]
    pub(crate) fee: FeeStatement,
}

impl CommittedTransaction {
    /// Sender and sequence number of a user transaction (`None` for a faucet mint, or for bytes
    /// that no longer decode, which only a corrupted state file can hold).
    pub(crate) fn sender_and_sequence_number(&self) -> Option<(Address, u64)> {
        match &self.body {
            CommittedBody::User { bytes } => SignedTransaction::decode(bytes)
                .ok()
                .map(|t| (t.raw.sender, t.raw.sequence_number)),
            CommittedBody::Faucet { .. } => None,
        }
    }
}

/// Ledger clock and counters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct LedgerInfo {
    /// Chain id.
    pub chain_id: u8,
    /// Epoch (constant 1).
    pub epoch: u64,
    /// Latest committed version (0 = genesis).
    pub version: u64,
    /// Latest block height.
    pub block_height: u64,
    /// Latest block timestamp, microseconds.
    pub timestamp_usecs: u64,
}

/// Why a submission was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum SubmitError {
    /// Failed a validation rule.
    #[error("{}", .0.submit_message())]
    Validation(ValidationStatus),
    /// Refused by mempool.
    #[error(transparent)]
    Mempool(#[from] MempoolRejection),
}

/// What a lookup by hash found.
#[derive(Debug, Clone)]
pub(crate) enum TransactionLookup {
    /// Committed.
    Committed(CommittedTransaction),
    /// Accepted, not yet committed.
    Pending(SignedTransaction),
    /// Unknown (never seen, expired, or discarded).
    NotFound,
}

/// The result of one block.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct BlockSummary {
    /// Transactions committed.
    pub(crate) committed: usize,
    /// Grants carried by committed jobs.
    pub(crate) grants: usize,
    /// Transactions evicted from mempool (expired or stale).
    pub(crate) evicted: usize,
    /// Transactions discarded at execution (fee no longer payable).
    pub(crate) discarded: usize,
}

/// A simulated transaction: the result it would have now.
#[derive(Debug, Clone)]
pub(crate) struct Simulation {
    /// Would it run to completion.
    pub(crate) success: bool,
    /// Status string.
    pub(crate) vm_status: String,
    /// Gas units.
    pub(crate) gas_used: u64,
    /// Events it would emit.
    pub(crate) events: Vec<JobsEvent>,
    /// The `FeeStatement` it would emit, after `events`.
    pub(crate) fee: FeeStatement,
    /// Gas amount used for the simulation (may be estimated).
    pub(crate) max_gas_amount: u64,
    /// Gas unit price used for the simulation (may be estimated).
    pub(crate) gas_unit_price: u64,
}

/// Why a view call failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum ViewError {
    /// No such view function.
    #[error("function not found: {0}")]
    UnknownFunction(String),
    /// Arguments do not fit the function.
    #[error("invalid arguments for {function}: {reason}")]
    BadArguments {
        /// Function id.
        function: String,
        /// What was wrong.
        reason: String,
    },
}

/// Fixed parameters of the chain.
#[derive(Debug, Clone)]
pub(crate) struct ChainParams {
    /// Chain id.
    pub(crate) chain_id: u8,
    /// Jobs module address.
    pub(crate) jobs_address: Address,
    /// Most transactions in one block.
    pub(crate) max_block_transactions: usize,
}

/// The persisted part of the chain (everything but mempool).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct ChainSnapshot {
    /// Ledger info.
    pub(crate) ledger: LedgerInfo,
    /// Jobs module address.
    pub(crate) jobs_address: Address,
    /// Accounts.
    pub(crate) accounts: BTreeMap<Address, Account>,
    /// Jobs state.
    pub(crate) jobs: JobsState,
    /// Committed transactions, by version.
    pub(crate) committed: Vec<CommittedTransaction>,
}

/// Borrowed [`ChainSnapshot`], for writing the state file without copying the history.
#[derive(Debug, Serialize)]
pub(crate) struct ChainSnapshotRef<'a> {
    /// Ledger info.
    pub(crate) ledger: LedgerInfo,
    /// Jobs module address.
    pub(crate) jobs_address: Address,
    /// Accounts.
    pub(crate) accounts: &'a BTreeMap<Address, Account>,
    /// Jobs state.
    pub(crate) jobs: &'a JobsState,
    /// Committed transactions, by version.
    pub(crate) committed: &'a [CommittedTransaction],
}

/// The chain.
#[derive(Debug)]
pub(crate) struct Chain {
    params: ChainParams,
    ledger: LedgerInfo,
    accounts: BTreeMap<Address, Account>,
    jobs: JobsState,
    committed: Vec<CommittedTransaction>,
    by_hash: HashMap<HashValue, usize>,
    history: HistoryIndex,
    mempool: Mempool,
}

impl Chain {
    /// A chain at genesis with `accounts` and `jobs`.
    pub(crate) fn genesis(
        params: ChainParams,
        accounts: BTreeMap<Address, Account>,
        jobs: JobsState,
        now_usecs: u64,
    ) -> Self {
        Chain {
            ledger: LedgerInfo {
                chain_id: params.chain_id,
                epoch: 1,
                version: 0,
                block_height: 0,
                timestamp_usecs: now_usecs,
            },
            params,
            accounts,
            jobs,
            committed: Vec::new(),
            by_hash: HashMap::new(),
            history: HistoryIndex::new(),
            mempool: Mempool::default(),
        }
    }

    /// Restores a chain from a snapshot (mempool starts empty, as after a node restart).
    pub(crate) fn restore(params: ChainParams, snapshot: ChainSnapshot) -> Self {
        let by_hash = snapshot
            .committed
            .iter()
            .enumerate()
            .map(|(i, t)| (t.hash, i))
            .collect();
        let history = HistoryIndex::rebuild(&snapshot.committed);
        Chain {
            ledger: LedgerInfo {
                chain_id: params.chain_id,
                ..snapshot.ledger
            },
            params,
            accounts: snapshot.accounts,
            jobs: {
                let mut jobs = snapshot.jobs;
                jobs.reindex();
                jobs
            },
            committed: snapshot.committed,
            by_hash,
            history,
            mempool: Mempool::default(),
        }
    }

    /// The persisted part of the chain, borrowed (serializes like [`ChainSnapshot`]).
    pub(crate) fn snapshot(&self) -> ChainSnapshotRef<'_> {
        ChainSnapshotRef {
            ledger: self.ledger,
            jobs_address: self.params.jobs_address,
            accounts: &self.accounts,
            jobs: &self.jobs,
            committed: &self.committed,
        }
    }

    /// Ledger info.
    pub(crate) fn ledger(&self) -> LedgerInfo {
        self.ledger
    }

    /// An account.
    pub(crate) fn account(&self, address: &Address) -> Option<&Account> {
        self.accounts.get(address)
    }

    /// Jobs state.
    pub(crate) fn jobs(&self) -> &JobsState {
        &self.jobs
    }

    /// Jobs state, for genesis-style administration outside transactions.
    pub(crate) fn jobs_mut(&mut self) -> &mut JobsState {
        &mut self.jobs
    }

    /// Makes sure a genesis key's account exists (funded with `balance` if new) and holds its role.
    pub(crate) fn ensure_genesis_account(&mut self, address: Address, role: Role, balance: u64) {
        self.accounts.entry(address).or_insert(Account {
            authentication_key: address,
            sequence_number: 0,
            apt_balance: balance,
        });
        match role {
            Role::Operator => self.jobs.operators.insert(address),
            Role::Admin => self.jobs.admins.insert(address),
        };
    }

    /// Uncommitted transactions in mempool.
    pub(crate) fn mempool_len(&self) -> usize {
        self.mempool.len()
    }

    /// Validation rules shared by submit and simulate, in a real node's order (signature first,
    /// checked by the caller): size, gas bounds, expiry, chain id, account, auth key, sequence
    /// number too old, fee balance.
    fn validate(
        &self,
        txn: &SignedTransaction,
        now_secs: u64,
    ) -> Result<&Account, ValidationStatus> {
        use ValidationStatus::*;
        let raw = &txn.raw;
        if txn.raw_len > MAX_TRANSACTION_SIZE {
            return Err(EXCEEDED_MAX_TRANSACTION_SIZE);
        }
        if raw.max_gas_amount > gas::MAX_GAS_AMOUNT {
            return Err(MAX_GAS_UNITS_EXCEEDS_MAX_GAS_UNITS_BOUND);
        }
        if raw.max_gas_amount < gas::min_max_gas_amount(txn.raw_len) {
            return Err(MAX_GAS_UNITS_BELOW_MIN_TRANSACTION_GAS_UNITS);
        }
        if raw.gas_unit_price < gas::MIN_GAS_UNIT_PRICE {
            return Err(GAS_UNIT_PRICE_BELOW_MIN_BOUND);
        }
        if raw.gas_unit_price > gas::MAX_GAS_UNIT_PRICE {
            return Err(GAS_UNIT_PRICE_ABOVE_MAX_BOUND);
        }
        if raw.expiration_timestamp_secs <= now_secs {
            return Err(TRANSACTION_EXPIRED);
        }
        if raw.chain_id != self.params.chain_id {
            return Err(BAD_CHAIN_ID);
        }
        let account = self
            .accounts
            .get(&raw.sender)
            .ok_or(SENDING_ACCOUNT_DOES_NOT_EXIST)?;
        if verify::authentication_key(&txn.authenticator.public_key) != account.authentication_key {
            return Err(INVALID_AUTH_KEY);
        }
        if raw.sequence_number < account.sequence_number {
            return Err(SEQUENCE_NUMBER_TOO_OLD);
        }
        if max_fee(txn).is_none_or(|fee| fee > account.apt_balance) {
            return Err(INSUFFICIENT_BALANCE_FOR_TRANSACTION_FEE);
        }
        Ok(account)
    }

    /// Admits a transaction whose signature the caller verified. `roll_drop` is asked once, for a
    /// transaction that would be newly added, whether the drop fault swallows it.
    pub(crate) fn submit(
        &mut self,
        txn: SignedTransaction,
        now_secs: u64,
        roll_drop: impl FnOnce() -> bool,
    ) -> Result<HashValue, SubmitError> {
        self.validate(&txn, now_secs)
            .map_err(SubmitError::Validation)?;
        let hash = txn.hash();
        if self.mempool.is_live(&hash) {
            // Identical resubmission: accepted again, same hash.
            return Ok(hash);
        }
        if roll_drop() {
            tracing::info!(%hash, "fault: accepted transaction dropped; it will never commit");
            self.mempool.record_dropped(hash, txn);
            return Ok(hash);
        }
        match self.mempool.admit(hash, txn)? {
            Admission::Added | Admission::AlreadyPresent => Ok(hash),
        }
    }

    /// Finds a transaction by hash.
    pub(crate) fn lookup(&self, hash: &HashValue) -> TransactionLookup {
        if let Some(i) = self.by_hash.get(hash) {
            return TransactionLookup::Committed(self.committed[*i].clone());
        }
        match self.mempool.get(hash) {
            Some(txn) => TransactionLookup::Pending(txn.clone()),
            None => TransactionLookup::NotFound,
        }
    }

    /// Commits every ready transaction (up to the block limit), then evicts expired and stale ones.
    /// `roll_job_abort` decides the injected job-abort fault per job.
    pub(crate) fn produce_block(
        &mut self,
        now_usecs: u64,
        roll_job_abort: &mut dyn FnMut() -> bool,
    ) -> BlockSummary {
        let timestamp = now_usecs.max(self.ledger.timestamp_usecs + 1);
        let now_secs = timestamp / 1_000_000;
        let height = self.ledger.block_height + 1;
        let mut summary = BlockSummary::default();
        let mut progress = true;
        while progress && summary.committed < self.params.max_block_transactions {
            progress = false;
            for sender in self.mempool.senders() {
                let Some(seq) = self.accounts.get(&sender).map(|a| a.sequence_number) else {
                    continue;
                };
                let Some((hash, txn)) = self.mempool.take(&sender, seq) else {
                    continue;
                };
                if txn.raw.expiration_timestamp_secs <= now_secs {
                    summary.evicted += 1;
                    continue;
                }
                match self.commit_user(hash, txn, height, timestamp, roll_job_abort) {
                    Some(grants) => {
                        summary.committed += 1;
                        summary.grants += grants;
                        progress = true;
                    }
                    None => summary.discarded += 1,
                }
                if summary.committed >= self.params.max_block_transactions {
                    break;
                }
            }
        }
        let accounts = &self.accounts;
        summary.evicted += self.mempool.evict(now_secs, |a| {
            accounts.get(a).map_or(u64::MAX, |acc| acc.sequence_number)
        });
        // The ledger clock moves every tick (a real chain makes empty blocks all the time), but
        // only a tick that committed something is a block: the dev chain has no block-metadata
        // transactions, so an empty block would span no version.
        self.ledger.timestamp_usecs = timestamp;
        if summary.committed > 0 {
            self.ledger.block_height = height;
        }
        summary
    }

    /// Executes and records one ready transaction. `None` when discarded (fee not payable).
    fn commit_user(
        &mut self,
        hash: HashValue,
        txn: SignedTransaction,
        height: u64,
        timestamp: u64,
        roll_job_abort: &mut dyn FnMut() -> bool,
    ) -> Option<usize> {
        let raw = &txn.raw;
        let balance = self.accounts.get(&raw.sender)?.apt_balance;
        if max_fee(&txn).is_none_or(|fee| fee > balance) {
            tracing::info!(%hash, "discarded at execution: fee no longer payable");
            return None;
        }
        let exec = execution::execute(
            &ExecContext {
                jobs_address: self.params.jobs_address,
                jobs: &self.jobs,
                accounts: &self.accounts,
                raw_len: txn.raw_len,
            },
            raw,
            roll_job_abort,
        );
        let grants = if exec.success {
            exec.events
                .iter()
                .filter(|e| {
                    matches!(
                        e,
                        JobsEvent::GrantPaid { .. }
                            | JobsEvent::GrantSkipped { .. }
                            | JobsEvent::GrantFailed { .. }
                    )
                })
                .count()
        } else {
            0
        };
        let sender = raw.sender;
        let sequence_number = raw.sequence_number;
        let fee = exec.gas_used.saturating_mul(raw.gas_unit_price);
        if let Some(account) = self.accounts.get_mut(&sender) {
            // A deleted slot's storage fee is paid back on top of charging gas_used.
            account.apt_balance =
                account.apt_balance.saturating_sub(fee) + exec.fee.storage_fee_refund_octas;
            account.sequence_number += 1;
        }
        self.apply(sender, &exec);
        self.record(
            hash,
            CommittedBody::User { bytes: txn.bytes },
            exec,
            height,
            timestamp,
            Some((sender, sequence_number)),
        );
        Some(grants)
    }

    fn apply(&mut self, sender: Address, exec: &Execution) {
        self.jobs.apply(&exec.jobs_effects);
        for effect in &exec.account_effects {
            match effect {
                AccountEffect::TransferApt { to, amount } => {
                    if let Some(from) = self.accounts.get_mut(&sender) {
                        from.apt_balance = from.apt_balance.saturating_sub(*amount);
                    }
                    self.credit(*to, *amount);
                }
            }
        }
    }

    fn credit(&mut self, to: Address, amount: u64) {
        let account = self.accounts.entry(to).or_insert(Account {
            authentication_key: to,
            sequence_number: 0,
            apt_balance: 0,
        });
        account.apt_balance = account.apt_balance.saturating_add(amount);
    }

    /// Appends a committed transaction at the next version; `signer` is the sender and sequence
    /// number of a user transaction (indexed for the account's transaction list).
    fn record(
        &mut self,
        hash: HashValue,
        body: CommittedBody,
        exec: Execution,
        height: u64,
        timestamp: u64,
        signer: Option<(Address, u64)>,
    ) {
        self.ledger.version += 1;
        let index = self.committed.len();
        self.by_hash.insert(hash, index);
        self.committed.push(CommittedTransaction {
            version: self.ledger.version,
            block_height: height,
            timestamp_usecs: timestamp,
            hash,
            body,
            success: exec.success,
            vm_status: exec.vm_status,
            gas_used: exec.gas_used,
            events: exec.events,
            fee: exec.fee,
        });
        self.history.add(index, &self.committed[index], signer);
    }

    /// Funds `receiver` with `amount` octas, creating the account (auth key = address) if needed.
    /// Recorded as a committed transaction so the returned hash can be awaited.
    pub(crate) fn mint(&mut self, receiver: Address, amount: u64, now_usecs: u64) -> HashValue {
        self.credit(receiver, amount);
        let timestamp = now_usecs.max(self.ledger.timestamp_usecs + 1);
        self.ledger.timestamp_usecs = timestamp;
        let mut hasher = Sha3_256::new();
        hasher.update(b"DEVNET::FaucetMint");
        hasher.update((self.ledger.version + 1).to_le_bytes());
        hasher.update(receiver.0);
        hasher.update(amount.to_le_bytes());
        let hash = HashValue(hasher.finalize().into());
        let exec = Execution {
            success: true,
            vm_status: crate::vm_status::EXECUTED.to_string(),
            gas_used: 0,
            fee: FeeStatement::default(),
            events: Vec::new(),
            jobs_effects: Vec::new(),
            account_effects: Vec::new(),
        };
        // A mint is a block of its own, so blocks stay contiguous runs of versions.
        self.ledger.block_height += 1;
        let height = self.ledger.block_height;
        self.record(
            hash,
            CommittedBody::Faucet { receiver, amount },
            exec,
            height,
            timestamp,
            None,
        );
        hash
    }

    /// Advances an account's sequence number by `by`, as if another process had used the key.
    /// Returns the new sequence number, or `None` for an unknown account.
    pub(crate) fn bump_sequence(&mut self, address: &Address, by: u64) -> Option<u64> {
        let account = self.accounts.get_mut(address)?;
        account.sequence_number = account.sequence_number.saturating_add(by);
        let current = account.sequence_number;
        let accounts = &self.accounts;
        let now_secs = self.ledger.timestamp_usecs / 1_000_000;
        self.mempool.evict(now_secs, |a| {
            accounts.get(a).map_or(u64::MAX, |acc| acc.sequence_number)
        });
        Some(current)
    }

    /// Runs `txn` against current state without writing. Validation failures come back as a
    /// failed simulation carrying the status name, as a real node's simulate endpoint does.
    pub(crate) fn simulate(
        &self,
        txn: &SignedTransaction,
        now_secs: u64,
        estimate_gas_unit_price: bool,
        estimate_max_gas_amount: bool,
    ) -> Simulation {
        let mut raw = txn.raw.clone();
        if estimate_gas_unit_price {
            raw.gas_unit_price = gas::ESTIMATE.1;
        }
        if estimate_max_gas_amount {
            let balance = self.accounts.get(&raw.sender).map_or(0, |a| a.apt_balance);
            raw.max_gas_amount = (balance / raw.gas_unit_price.max(1)).min(gas::MAX_GAS_AMOUNT);
        }
        let adjusted = SignedTransaction {
            raw: raw.clone(),
            ..txn.clone()
        };
        let failed = |status: ValidationStatus| Simulation {
            success: false,
            vm_status: status.name(),
            gas_used: 0,
            events: Vec::new(),
            fee: FeeStatement::default(),
            max_gas_amount: raw.max_gas_amount,
            gas_unit_price: raw.gas_unit_price,
        };
        let account = match self.validate(&adjusted, now_secs) {
            Ok(account) => account,
            Err(status) => return failed(status),
        };
        if raw.sequence_number > account.sequence_number {
            return failed(ValidationStatus::SEQUENCE_NUMBER_TOO_NEW);
        }
        let exec = execution::execute(
            &ExecContext {
                jobs_address: self.params.jobs_address,
                jobs: &self.jobs,
                accounts: &self.accounts,
                raw_len: txn.raw_len,
            },
            &raw,
            &mut || false,
        );
        Simulation {
            success: exec.success,
            vm_status: exec.vm_status,
            gas_used: exec.gas_used,
            events: exec.events,
            fee: exec.fee,
            max_gas_amount: raw.max_gas_amount,
            gas_unit_price: raw.gas_unit_price,
        }
    }
}

/// `max_gas_amount * gas_unit_price`, `None` on overflow.
fn max_fee(txn: &SignedTransaction) -> Option<u64> {
    txn.raw.max_gas_amount.checked_mul(txn.raw.gas_unit_price)
}
