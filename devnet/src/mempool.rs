//! Accepted, uncommitted transactions: per account, ordered by sequence number.
//!
//! A transaction whose sequence number is ahead of its account is parked until the gap fills.
//! At most [`Mempool::PER_ACCOUNT_CAPACITY`] per account, as on Aptos. Transactions dropped by the
//! accept-then-drop fault are kept aside only so `by_hash` can show them pending until they expire.

use std::collections::{BTreeMap, HashMap};

use crate::address::{Address, HashValue};
use crate::wire::SignedTransaction;

/// Why mempool refused a transaction that passed validation.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum MempoolRejection {
    /// The account already has as many uncommitted transactions as allowed.
    #[error(
        "Mempool over capacity for account. Number of seq number transactions from account: {count} Capacity per account: {capacity}"
    )]
    AccountFull {
        /// Uncommitted transactions held.
        count: usize,
        /// The cap.
        capacity: usize,
    },
    /// Another transaction already holds this sender and sequence number.
    #[error("Transaction already in mempool with a different payload")]
    DifferentPayload,
}

/// What mempool did with a transaction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Admission {
    /// Newly added.
    Added,
    /// The identical transaction was already there.
    AlreadyPresent,
}

/// The mempool.
#[derive(Debug, Default)]
pub(crate) struct Mempool {
    by_account: BTreeMap<Address, BTreeMap<u64, (HashValue, SignedTransaction)>>,
    index: HashMap<HashValue, (Address, u64)>,
    dropped: HashMap<HashValue, SignedTransaction>,
}

impl Mempool {
    /// Most uncommitted transactions one account may have.
    pub(crate) const PER_ACCOUNT_CAPACITY: usize = 100;

    /// Adds `txn` unless its slot is taken by another transaction or the account is full.
    pub(crate) fn admit(
        &mut self,
        hash: HashValue,
        txn: SignedTransaction,
    ) -> Result<Admission, MempoolRejection> {
        if self.index.contains_key(&hash) {
            return Ok(Admission::AlreadyPresent);
        }
        let sender = txn.raw.sender;
        let seq = txn.raw.sequence_number;
        let queue = self.by_account.entry(sender).or_default();
        if queue.contains_key(&seq) {
            return Err(MempoolRejection::DifferentPayload);
        }
        if queue.len() >= Self::PER_ACCOUNT_CAPACITY {
            return Err(MempoolRejection::AccountFull {
                count: queue.len(),
                capacity: Self::PER_ACCOUNT_CAPACITY,
            });
        }
        queue.insert(seq, (hash, txn));
        self.index.insert(hash, (sender, seq));
        self.dropped.remove(&hash);
        Ok(Admission::Added)
    }

    /// Keeps a dropped transaction visible as pending until it expires.
    pub(crate) fn record_dropped(&mut self, hash: HashValue, txn: SignedTransaction) {
        self.dropped.insert(hash, txn);
    }

    /// The uncommitted (or dropped, not yet expired) transaction with this hash.
    pub(crate) fn get(&self, hash: &HashValue) -> Option<&SignedTransaction> {
        if let Some((sender, seq)) = self.index.get(hash) {
            return self
                .by_account
                .get(sender)
                .and_then(|q| q.get(seq))
                .map(|(_, t)| t);
        }
        self.dropped.get(hash)
    }

    /// True when the transaction is waiting to commit (not dropped).
    pub(crate) fn is_live(&self, hash: &HashValue) -> bool {
        self.index.contains_key(hash)
    }

    /// Accounts with uncommitted transactions.
    pub(crate) fn senders(&self) -> Vec<Address> {
        self.by_account.keys().copied().collect()
    }

    /// Removes and returns the transaction of `sender` at `seq`, if present.
    pub(crate) fn take(
        &mut self,
        sender: &Address,
        seq: u64,
    ) -> Option<(HashValue, SignedTransaction)> {
        let queue = self.by_account.get_mut(sender)?;
        let entry = queue.remove(&seq)?;
        if queue.is_empty() {
            self.by_account.remove(sender);
        }
        self.index.remove(&entry.0);
        Some(entry)
    }

    /// Drops transactions that expired (`expiration_timestamp_secs <= now_secs`) or whose sequence
    /// number the account has passed. Returns how many were removed.
    pub(crate) fn evict(&mut self, now_secs: u64, account_seq: impl Fn(&Address) -> u64) -> usize {
        let mut removed = 0;
        let index = &mut self.index;
        self.by_account.retain(|sender, queue| {
            let current = account_seq(sender);
            queue.retain(|seq, (hash, txn)| {
                let keep = *seq >= current && txn.raw.expiration_timestamp_secs > now_secs;
                if !keep {
                    index.remove(hash);
                    removed += 1;
                }
                keep
            });
            !queue.is_empty()
        });
        self.dropped
            .retain(|_, txn| txn.raw.expiration_timestamp_secs > now_secs);
        removed
    }

    /// Uncommitted transactions held (not counting dropped ones).
    pub(crate) fn len(&self) -> usize {
        self.index.len()
    }
}
