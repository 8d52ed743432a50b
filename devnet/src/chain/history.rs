//! The committed history as a node serves it: transactions by version, an account's
//! transactions by sequence number, and blocks by height or version.
//!
//! Versions are contiguous: version 0 is genesis (the dev chain's genesis accounts and Jobs
//! state; there is no stored transaction for it) and every committed transaction takes the next
//! one. A block is the transactions one block-producer tick (or one faucet mint) committed, so
//! every block spans at least one version; ticks that commit nothing make no block. Block 0 is
//! genesis, spanning version 0 with timestamp 0 and a zero hash, as on a real node.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use sha3::{Digest, Sha3_256};

use super::{Chain, CommittedTransaction};
use crate::address::{Address, HashValue};

/// A block: its height, timestamp and the versions it committed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Block {
    /// Height (0 = genesis).
    pub(crate) height: u64,
    /// Block timestamp, microseconds (0 for genesis).
    pub(crate) timestamp_usecs: u64,
    /// First version in the block.
    pub(crate) first_version: u64,
    /// Last version in the block.
    pub(crate) last_version: u64,
}

impl Block {
    /// The genesis block: version 0 alone.
    pub(crate) const GENESIS: Block = Block {
        height: 0,
        timestamp_usecs: 0,
        first_version: 0,
        last_version: 0,
    };

    /// The block hash: zero for genesis (as a real node reports it), otherwise a digest of the
    /// block's height, time and versions (the dev chain has no consensus block id).
    pub(crate) fn hash(&self) -> HashValue {
        if self.height == 0 {
            return HashValue::default();
        }
        let mut hasher = Sha3_256::new();
        hasher.update(b"DEVNET::Block");
        hasher.update(self.height.to_le_bytes());
        hasher.update(self.timestamp_usecs.to_le_bytes());
        hasher.update(self.first_version.to_le_bytes());
        hasher.update(self.last_version.to_le_bytes());
        HashValue(hasher.finalize().into())
    }
}

/// What stands at a version.
#[derive(Debug, Clone)]
pub(crate) enum LedgerEntry {
    /// Version 0.
    Genesis,
    /// A committed transaction (boxed: it is large beside `Genesis`).
    Committed(Box<CommittedTransaction>),
}

/// Indexes over the committed transactions, rebuilt from them on restore.
#[derive(Debug, Clone, Default)]
pub(crate) struct HistoryIndex {
    /// Per sender: sequence number → index in `committed` (user transactions only).
    by_sender: std::collections::HashMap<Address, BTreeMap<u64, usize>>,
    /// Blocks in height order (versions ascending), genesis first.
    blocks: Vec<Block>,
}

impl HistoryIndex {
    /// An index holding only the genesis block.
    pub(crate) fn new() -> Self {
        HistoryIndex {
            by_sender: Default::default(),
            blocks: vec![Block::GENESIS],
        }
    }

    /// Indexes `committed[index]`; `signer` is its sender and sequence number for a user
    /// transaction.
    pub(crate) fn add(
        &mut self,
        index: usize,
        t: &CommittedTransaction,
        signer: Option<(Address, u64)>,
    ) {
        if let Some((sender, seq)) = signer {
            self.by_sender.entry(sender).or_default().insert(seq, index);
        }
        self.extend_blocks(t.version, t.block_height, t.timestamp_usecs);
    }

    /// Adds `version`, committed at `height`, to the last block or opens a new one.
    fn extend_blocks(&mut self, version: u64, height: u64, timestamp_usecs: u64) {
        match self.blocks.last_mut() {
            Some(last) if last.height == height => last.last_version = version,
            _ => self.blocks.push(Block {
                height,
                timestamp_usecs,
                first_version: version,
                last_version: version,
            }),
        }
    }

    /// Rebuilds the index of a restored history.
    pub(crate) fn rebuild(committed: &[CommittedTransaction]) -> Self {
        let mut index = Self::new();
        for (i, t) in committed.iter().enumerate() {
            index.add(i, t, t.sender_and_sequence_number());
        }
        index
    }
}

impl Chain {
    /// The hash reported for version 0: a digest of what makes this chain's genesis (chain id
    /// and Jobs address), stable across restarts.
    pub(crate) fn genesis_hash(&self) -> HashValue {
        let mut hasher = Sha3_256::new();
        hasher.update(b"DEVNET::Genesis");
        hasher.update([self.params.chain_id]);
        hasher.update(self.params.jobs_address.0);
        HashValue(hasher.finalize().into())
    }

    /// The committed user transactions `sender` signed, ascending by sequence number, from
    /// `start` (default: the account's sequence number minus `limit`, i.e. the latest `limit`),
    /// at most `limit`. `None` when the account does not exist. Sequence numbers the account
    /// skipped (see [`Chain::bump_sequence`]) are simply absent.
    pub(crate) fn account_transactions(
        &self,
        sender: &Address,
        start: Option<u64>,
        limit: usize,
    ) -> Option<Vec<CommittedTransaction>> {
        let account = self.accounts.get(sender)?;
        let start = start.unwrap_or_else(|| account.sequence_number.saturating_sub(limit as u64));
        let Some(signed) = self.history.by_sender.get(sender) else {
            return Some(Vec::new());
        };
        Some(
            signed
                .range(start..)
                .take(limit)
                .map(|(_, i)| self.committed[*i].clone())
                .collect(),
        )
    }

    /// What stands at `version`, if it is committed.
    pub(crate) fn transaction_by_version(&self, version: u64) -> Option<LedgerEntry> {
        if version == 0 {
            return Some(LedgerEntry::Genesis);
        }
        let index = usize::try_from(version - 1).ok()?;
        self.committed
            .get(index)
            .filter(|t| t.version == version)
            .map(|t| LedgerEntry::Committed(Box::new(t.clone())))
    }

    /// Versions `start..start + limit`, cut at the ledger version.
    pub(crate) fn transactions(&self, start: u64, limit: u64) -> Vec<LedgerEntry> {
        let end = start.saturating_add(limit).min(self.ledger.version + 1);
        (start..end)
            .filter_map(|v| self.transaction_by_version(v))
            .collect()
    }

    /// The block at `height`.
    pub(crate) fn block_by_height(&self, height: u64) -> Option<Block> {
        let blocks = &self.history.blocks;
        blocks
            .binary_search_by_key(&height, |b| b.height)
            .ok()
            .map(|i| blocks[i])
    }

    /// The block holding `version`.
    pub(crate) fn block_by_version(&self, version: u64) -> Option<Block> {
        let blocks = &self.history.blocks;
        let i = blocks.partition_point(|b| b.last_version < version);
        blocks
            .get(i)
            .copied()
            .filter(|b| b.first_version <= version)
    }

    /// The transactions of `block`, at most `limit`, from its first version.
    pub(crate) fn block_transactions(&self, block: &Block, limit: u64) -> Vec<LedgerEntry> {
        let count = block.last_version - block.first_version + 1;
        self.transactions(block.first_version, count.min(limit))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_span_the_versions_committed_at_their_height() {
        let mut index = HistoryIndex::new();
        for (version, height) in [(1, 1), (2, 1), (3, 4), (4, 5), (5, 5)] {
            index.extend_blocks(version, height, 1_000 * height);
        }
        let spans: Vec<(u64, u64, u64)> = index
            .blocks
            .iter()
            .map(|b| (b.height, b.first_version, b.last_version))
            .collect();
        assert_eq!(spans, vec![(0, 0, 0), (1, 1, 2), (4, 3, 3), (5, 4, 5)]);
        assert_eq!(index.blocks[2].timestamp_usecs, 4_000);
        assert_eq!(Block::GENESIS.hash(), HashValue::default());
        assert_ne!(index.blocks[1].hash(), index.blocks[2].hash());
    }
}
