//! The running node's shared state: the chain behind one lock, the fault injection state, the
//! fixed settings and the commit notifications. The HTTP handlers ([`crate::api`]) and the block
//! producer share one [`Node`]; start-up ([`crate::startup`]) builds it.

use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use tokio::sync::watch;

use crate::address::Address;
use crate::chain::Chain;
use crate::faults::Faults;

/// What the node needs at request time besides the chain.
#[derive(Debug, Clone)]
pub(crate) struct NodeSettings {
    /// Chain id.
    pub(crate) chain_id: u8,
    /// Jobs module address.
    pub(crate) jobs_address: Address,
    /// How long `wait_by_hash` holds a request.
    pub(crate) wait_by_hash_timeout: Duration,
    /// Largest faucet mint.
    pub(crate) faucet_max_amount: u64,
}

/// The running node shared by the HTTP handlers and the block producer.
#[derive(Debug)]
pub(crate) struct Node {
    chain: Mutex<Chain>,
    /// Fault injection state.
    pub(crate) faults: Faults,
    /// Fixed settings.
    pub(crate) settings: NodeSettings,
    commits: watch::Sender<u64>,
}

impl Node {
    /// A node over `chain`; commit notifications start at the chain's ledger version.
    pub(crate) fn new(chain: Chain, faults: Faults, settings: NodeSettings) -> Self {
        let (commits, _) = watch::channel(chain.ledger().version);
        Self {
            chain: Mutex::new(chain),
            faults,
            settings,
            commits,
        }
    }

    /// Locks the chain. A poisoned lock (a panic while holding it) is recovered: every chain
    /// mutation leaves the state consistent before it can panic.
    pub(crate) fn chain(&self) -> MutexGuard<'_, Chain> {
        self.chain.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Notified with the ledger version after each block that committed something.
    pub(crate) fn subscribe_commits(&self) -> watch::Receiver<u64> {
        self.commits.subscribe()
    }

    /// Wakes `wait_by_hash` requests after something committed: a block, or a faucet mint
    /// outside a block.
    pub(crate) fn notify_commits(&self, version: u64) {
        self.commits.send_replace(version);
    }
}

/// Microseconds since the Unix epoch.
pub(crate) fn now_usecs() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_micros() as u64)
}
