//! The signer pool: the operator accounts that sign jobs, each with its own
//! [`SequenceManager`](crate::sequence::SequenceManager), balance and health.
//!
//! A batch goes to the least-loaded signer that may send (initialised, not resyncing, not
//! sidelined, funded, fewer than 100 in flight). Keys stay inside [`Signer`]; its `Debug` shows
//! the address only.

use crate::grant::Grant;
use crate::sequence::{SequenceManager, Tracked};
use aptos_sdk::account::Ed25519Account;
use aptos_sdk::transaction::SignedTransaction;
use aptos_sdk::{AccountAddress, HashValue};
use serde::Serialize;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};
use tokio::sync::watch;

/// A transaction in flight and the grants it carries.
#[derive(Debug, Clone)]
pub(crate) struct Flight {
    /// Job id in the payload.
    pub(crate) job_id: u64,
    /// The grants, in payload order.
    pub(crate) grants: Vec<Grant>,
    /// The signed transaction (re-posted as is while its fate is unknown).
    pub(crate) signed: Arc<SignedTransaction>,
    /// Its hash, computed before the first post.
    pub(crate) hash: HashValue,
}

/// Mutable state of one signer.
#[derive(Debug)]
pub(crate) struct SignerState {
    /// `None` until the sequence number was read from the chain.
    pub(crate) sequence: Option<SequenceManager<Flight>>,
    /// Last known gas balance in octas.
    pub(crate) balance: Option<u64>,
    /// Not used for new batches until then.
    pub(crate) sidelined_until: Option<Instant>,
    /// Why it was last sidelined or resynced.
    pub(crate) last_error: Option<String>,
}

/// One operator account.
pub(crate) struct Signer {
    account: Ed25519Account,
    address: AccountAddress,
    index: usize,
    state: Mutex<SignerState>,
}

impl std::fmt::Debug for Signer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Signer")
            .field("address", &self.address.to_long_string())
            .finish_non_exhaustive()
    }
}

/// Why a key could not be used. Never contains the key.
#[derive(Debug, thiserror::Error)]
#[error("signer key #{index} is not a valid Ed25519 private key")]
pub struct BadSignerKey {
    /// Position of the key in the configuration (0-based).
    pub(crate) index: usize,
}

impl Signer {
    /// A signer from a hex private key.
    pub(crate) fn from_key(index: usize, key_hex: &str) -> Result<Self, BadSignerKey> {
        let account =
            Ed25519Account::from_private_key_hex(key_hex).map_err(|_| BadSignerKey { index })?;
        Ok(Self {
            address: account.address(),
            account,
            index,
            state: Mutex::new(SignerState {
                sequence: None,
                balance: None,
                sidelined_until: None,
                last_error: None,
            }),
        })
    }

    /// The account address.
    pub(crate) fn address(&self) -> AccountAddress {
        self.address
    }

    /// Position in the pool.
    pub(crate) fn index(&self) -> usize {
        self.index
    }

    /// The signing account.
    pub(crate) fn account(&self) -> &Ed25519Account {
        &self.account
    }

    /// Locks the state (a poisoned lock is recovered: every mutation keeps it consistent).
    pub(crate) fn state(&self) -> MutexGuard<'_, SignerState> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Whether a batch may be sent now, and how loaded the signer is.
    fn load_if_ready(&self, now: Instant, min_balance: u64) -> Option<usize> {
        let state = self.state();
        let seq = state.sequence.as_ref()?;
        if !seq.can_send() {
            return None;
        }
        if state.sidelined_until.is_some_and(|t| t > now) {
            return None;
        }
        if state.balance.is_some_and(|b| b < min_balance) {
            return None;
        }
        Some(seq.in_flight())
    }

    /// Keeps the signer out of new batches for `for_how_long`.
    pub(crate) fn sideline(&self, for_how_long: Duration, why: String) {
        let mut state = self.state();
        state.sidelined_until = Some(Instant::now() + for_how_long);
        state.last_error = Some(why);
    }

    /// Tracks a new transaction built by `build` with the next sequence number and returns
    /// the number, the signed transaction and its hash. `Ok(None)` when the signer cannot send
    /// now; a build error leaves no gap.
    pub(crate) fn send<E>(
        &self,
        expiration_secs: u64,
        build: impl FnOnce(u64) -> Result<Flight, E>,
    ) -> Result<Option<(u64, Arc<SignedTransaction>, HashValue)>, E> {
        let mut state = self.state();
        let Some(seq) = state.sequence.as_mut() else {
            return Ok(None);
        };
        let mut made = None;
        let n = seq.try_send(|n| {
            let flight = build(n)?;
            made = Some((flight.signed.clone(), flight.hash));
            Ok(Tracked {
                expiration_secs,
                maybe_accepted: false,
                payload: flight,
            })
        })?;
        Ok(n.zip(made).map(|(n, (signed, hash))| (n, signed, hash)))
    }

    /// True while `seq` is still in flight with this hash (not settled yet).
    pub(crate) fn is_in_flight(&self, seq: u64, hash: &HashValue) -> bool {
        self.state()
            .sequence
            .as_ref()
            .and_then(|s| s.get(seq))
            .is_some_and(|t| t.payload.hash == *hash)
    }

    /// Notes that a post of `seq` may have reached the node.
    pub(crate) fn mark_maybe_accepted(&self, seq: u64) {
        if let Some(t) = self.state().sequence.as_mut().and_then(|s| s.get_mut(seq)) {
            t.maybe_accepted = true;
        }
    }

    /// Snapshot for `/stats`.
    pub(crate) fn snapshot(&self) -> SignerSnapshot {
        let state = self.state();
        let now = Instant::now();
        SignerSnapshot {
            address: self.address.to_long_string(),
            sequence_number: state.sequence.as_ref().map(|s| s.next()),
            in_flight: state.sequence.as_ref().map_or(0, |s| s.in_flight()),
            resyncing: state.sequence.as_ref().is_some_and(|s| s.is_resyncing()),
            sidelined: state.sidelined_until.is_some_and(|t| t > now),
            balance_octas: state.balance,
            last_error: state.last_error.clone(),
        }
    }
}

/// One signer as `/stats` shows it.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct SignerSnapshot {
    /// Account address.
    pub(crate) address: String,
    /// Next sequence number it will use (`null` before the first read from the chain).
    pub(crate) sequence_number: Option<u64>,
    /// Transactions in flight.
    pub(crate) in_flight: usize,
    /// Waiting for its in-flight transactions to settle before re-reading its sequence number.
    pub(crate) resyncing: bool,
    /// Temporarily not used (refused by the node, not an operator, ...).
    pub(crate) sidelined: bool,
    /// Gas balance in octas, when known.
    pub(crate) balance_octas: Option<u64>,
    /// Last problem with this signer.
    pub(crate) last_error: Option<String>,
}

/// All signers, plus a signal that fires whenever one may have become free.
#[derive(Debug)]
pub(crate) struct SignerPool {
    signers: Vec<Arc<Signer>>,
    freed: watch::Sender<u64>,
    min_balance: u64,
}

impl SignerPool {
    /// A pool over `signers`; a signer with less than `min_balance` octas (one transaction's
    /// maximum fee) is not used.
    pub(crate) fn new(signers: Vec<Signer>, min_balance: u64) -> Self {
        Self {
            signers: signers.into_iter().map(Arc::new).collect(),
            freed: watch::channel(0).0,
            min_balance,
        }
    }

    /// The signers.
    pub(crate) fn signers(&self) -> &[Arc<Signer>] {
        &self.signers
    }

    /// Wakes whoever waits for a free signer.
    pub(crate) fn notify_freed(&self) {
        self.freed.send_modify(|n| *n = n.wrapping_add(1));
    }

    /// The least-loaded signer that may send now.
    pub(crate) fn pick(&self) -> Option<Arc<Signer>> {
        let now = Instant::now();
        self.signers
            .iter()
            .filter_map(|s| s.load_if_ready(now, self.min_balance).map(|l| (l, s)))
            .min_by_key(|(l, s)| (*l, s.index()))
            .map(|(_, s)| s.clone())
    }

    /// Waits until a signer may send (re-checking at least every `recheck`, since a sideline
    /// ends by itself).
    pub(crate) async fn wait_for_free(&self, recheck: Duration) -> Arc<Signer> {
        let mut rx = self.freed.subscribe();
        loop {
            rx.borrow_and_update();
            if let Some(s) = self.pick() {
                return s;
            }
            let _ = tokio::time::timeout(recheck, rx.changed()).await;
        }
    }

    /// Snapshots for `/stats`.
    pub(crate) fn snapshot(&self) -> Vec<SignerSnapshot> {
        self.signers.iter().map(|s| s.snapshot()).collect()
    }

    /// True when at least one signer has a known balance of at least one transaction's fee.
    pub(crate) fn any_funded(&self) -> bool {
        self.signers
            .iter()
            .any(|s| s.state().balance.is_some_and(|b| b >= self.min_balance))
    }

    /// Transactions in flight over all signers.
    pub(crate) fn in_flight(&self) -> usize {
        self.signers
            .iter()
            .map(|s| s.state().sequence.as_ref().map_or(0, |q| q.in_flight()))
            .sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = "0x1111111111111111111111111111111111111111111111111111111111111111";

    #[test]
    fn debug_shows_the_address_never_the_key() {
        let s = Signer::from_key(0, KEY).unwrap();
        let shown = format!("{s:?}");
        assert!(!shown.contains("1111111111111111"), "{shown}");
        assert!(shown.contains(&s.address().to_long_string()[..10]));
        let err = Signer::from_key(3, "0xnot-a-key").unwrap_err().to_string();
        assert!(err.contains("#3") && !err.contains("not-a-key"));
    }

    #[test]
    fn an_uninitialised_sidelined_or_unfunded_signer_is_not_picked() {
        let a = Signer::from_key(0, KEY).unwrap();
        let b = Signer::from_key(
            1,
            "0x2222222222222222222222222222222222222222222222222222222222222222",
        )
        .unwrap();
        let pool = SignerPool::new(vec![a, b], 1_000);
        assert!(pool.pick().is_none());
        for s in pool.signers() {
            s.state().sequence = Some(SequenceManager::new(0));
        }
        assert_eq!(pool.pick().unwrap().index(), 0);
        pool.signers()[0].sideline(Duration::from_secs(60), "test".into());
        assert_eq!(pool.pick().unwrap().index(), 1);
        pool.signers()[1].state().balance = Some(999);
        assert!(pool.pick().is_none());
        pool.signers()[1].state().balance = Some(1_000);
        assert!(pool.any_funded());
        assert_eq!(pool.pick().unwrap().index(), 1);
    }
}
