//! Start-up and the running node: genesis or state file → chain behind one lock → HTTP server and
//! block producer, plus a handle for in-process use (tests, other crates) and explicit shutdown.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};
use tokio::sync::watch;
use tokio::task::JoinHandle;

use crate::address::{Address, HashValue};
use crate::chain::{Chain, ChainParams, ChainSnapshot, ChainSnapshotRef, LedgerInfo};
use crate::config::{DevnetConfig, PrivateKeyHex};
use crate::faults::{FaultConfig, FaultConfigError, FaultReport, Faults};
use crate::genesis::{self, GenesisKey, Role};
use crate::state_upgrade;

/// What the node needs at request time besides the chain.
#[derive(Debug, Clone)]
pub struct NodeSettings {
    /// Chain id.
    pub chain_id: u8,
    /// Jobs module address.
    pub jobs_address: Address,
    /// How long `wait_by_hash` holds a request.
    pub wait_by_hash_timeout: Duration,
    /// Largest faucet mint.
    pub faucet_max_amount: u64,
}

/// The running node shared by the HTTP handlers and the block producer.
#[derive(Debug)]
pub struct Node {
    chain: Mutex<Chain>,
    /// Fault injection state.
    pub faults: Faults,
    /// Fixed settings.
    pub settings: NodeSettings,
    commits: watch::Sender<u64>,
}

impl Node {
    /// Locks the chain. A poisoned lock (a panic while holding it) is recovered: every chain
    /// mutation leaves the state consistent before it can panic.
    pub fn chain(&self) -> MutexGuard<'_, Chain> {
        self.chain.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Notified with the ledger version after each block that committed something.
    pub fn subscribe_commits(&self) -> watch::Receiver<u64> {
        self.commits.subscribe()
    }

    /// Wakes `wait_by_hash` requests after something committed outside a block (faucet).
    pub(crate) fn notify_commits(&self, version: u64) {
        self.commits.send_replace(version);
    }
}

/// Microseconds since the Unix epoch.
pub fn now_usecs() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_micros() as u64)
}

/// Why the node failed to start or stop.
#[derive(Debug, thiserror::Error)]
pub enum NodeError {
    /// Could not bind the listen address.
    #[error("binding {addr}: {source}")]
    Bind {
        /// Address.
        addr: SocketAddr,
        /// Cause.
        source: std::io::Error,
    },
    /// Could not read or parse the state file.
    #[error("reading state file {path}: {reason}")]
    StateRead {
        /// File.
        path: PathBuf,
        /// Cause.
        reason: String,
    },
    /// The state file belongs to another chain.
    #[error(
        "state file {path} is for chain {found_chain} / jobs {found_jobs}, configured {chain} / {jobs}"
    )]
    StateMismatch {
        /// File.
        path: PathBuf,
        /// Chain id in the file.
        found_chain: u8,
        /// Jobs address in the file.
        found_jobs: Address,
        /// Configured chain id.
        chain: u8,
        /// Configured jobs address.
        jobs: Address,
    },
    /// Could not write the state file.
    #[error("writing state file {path}: {source}")]
    StateWrite {
        /// File.
        path: PathBuf,
        /// Cause.
        source: std::io::Error,
    },
    /// The fault configuration is invalid.
    #[error("fault configuration: {0}")]
    InvalidFaults(FaultConfigError),
    /// The server task failed.
    #[error("server task: {0}")]
    Server(String),
}

// The cause is part of the message above, so it is not also reported as `source()` (it would
// print twice in an error chain).
impl From<FaultConfigError> for NodeError {
    fn from(e: FaultConfigError) -> Self {
        Self::InvalidFaults(e)
    }
}

/// A genesis key kept in the state file so a restarted chain reports the same generated keys.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct StoredKey {
    operator: bool,
    private_key: String,
}

/// The state file's content.
#[derive(Debug, Serialize, Deserialize)]
struct StateFile {
    generated_keys: Vec<StoredKey>,
    chain: ChainSnapshot,
}

/// Entry point: `Devnet::start(config)`.
#[derive(Debug)]
pub struct Devnet;

impl Devnet {
    /// Starts the dev chain: loads the state file (or builds genesis), binds the listener and
    /// spawns the HTTP server and the block producer on the current Tokio runtime.
    pub async fn start(config: DevnetConfig) -> Result<DevnetHandle, NodeError> {
        config.faults.validate()?;
        let params = ChainParams {
            chain_id: config.chain_id,
            jobs_address: config.jobs_address,
            max_block_transactions: config.max_block_transactions.max(1),
        };
        let (chain, keys) = match load_state(&config, params.clone())? {
            Some(loaded) => loaded,
            None => {
                let genesis = genesis::build(&config);
                let chain = Chain::genesis(params, genesis.accounts, genesis.jobs, now_usecs());
                (chain, genesis.keys)
            }
        };
        let version = chain.ledger().version;
        let (commits, _) = watch::channel(version);
        let node = Arc::new(Node {
            chain: Mutex::new(chain),
            faults: Faults::new(config.faults.clone()),
            settings: NodeSettings {
                chain_id: config.chain_id,
                jobs_address: config.jobs_address,
                wait_by_hash_timeout: Duration::from_millis(config.wait_by_hash_timeout_ms),
                faucet_max_amount: config.faucet_max_amount,
            },
            commits,
        });
        let listener = tokio::net::TcpListener::bind(config.listen)
            .await
            .map_err(|source| NodeError::Bind {
                addr: config.listen,
                source,
            })?;
        let local_addr = listener.local_addr().map_err(|source| NodeError::Bind {
            addr: config.listen,
            source,
        })?;
        let (shutdown_tx, shutdown_rx) = watch::channel(false);
        let app = crate::api::router(node.clone());
        let mut server_shutdown = shutdown_rx.clone();
        let server = tokio::spawn(async move {
            axum::serve(listener, app)
                .with_graceful_shutdown(async move {
                    let _ = server_shutdown.wait_for(|stop| *stop).await;
                })
                .await
                .map_err(|e| NodeError::Server(e.to_string()))
        });
        let stored_keys: Vec<StoredKey> = keys
            .iter()
            .filter(|k| k.generated)
            .map(|k| StoredKey {
                operator: k.role == Role::Operator,
                private_key: k.private_key_hex(),
            })
            .collect();
        let producer = tokio::spawn(produce_blocks(
            node.clone(),
            Duration::from_millis(config.block_time_ms.max(1)),
            config.state_file.clone().map(|p| {
                (
                    p,
                    Duration::from_millis(config.state_save_interval_ms.max(10)),
                )
            }),
            stored_keys.clone(),
            shutdown_rx,
        ));
        tracing::info!(
            %local_addr,
            chain_id = config.chain_id,
            jobs_address = %config.jobs_address,
            block_time_ms = config.block_time_ms,
            "DEVELOPMENT CHAIN started (devnet: a local Aptos-API dev chain, never production)"
        );
        Ok(DevnetHandle {
            node,
            local_addr,
            keys,
            shutdown: shutdown_tx,
            server: Some(server),
            producer: Some(producer),
            state_file: config.state_file,
            stored_keys,
        })
    }
}

/// Controls a running dev chain. Dropping it stops the chain (without the final state save;
/// call [`DevnetHandle::shutdown`] for that).
#[derive(Debug)]
pub struct DevnetHandle {
    node: Arc<Node>,
    local_addr: SocketAddr,
    keys: Vec<GenesisKey>,
    shutdown: watch::Sender<bool>,
    server: Option<JoinHandle<Result<(), NodeError>>>,
    producer: Option<JoinHandle<()>>,
    state_file: Option<PathBuf>,
    stored_keys: Vec<StoredKey>,
}

impl DevnetHandle {
    /// The bound socket address.
    pub fn local_addr(&self) -> SocketAddr {
        self.local_addr
    }

    /// The REST base URL, ending in `/v1` (what `AptosConfig::custom` takes).
    pub fn url(&self) -> String {
        format!("http://{}/v1", self.local_addr)
    }

    /// The faucet base URL (`POST {faucet_url}/mint?address=..&amount=..`).
    pub fn faucet_url(&self) -> String {
        format!("http://{}", self.local_addr)
    }

    /// Chain id.
    pub fn chain_id(&self) -> u8 {
        self.node.settings.chain_id
    }

    /// Jobs module address.
    pub fn jobs_address(&self) -> Address {
        self.node.settings.jobs_address
    }

    /// Private keys (`0x` hex) of the genesis operators.
    pub fn operator_keys(&self) -> Vec<String> {
        self.keys_of(Role::Operator)
    }

    /// Private keys (`0x` hex) of the genesis admins.
    pub fn admin_keys(&self) -> Vec<String> {
        self.keys_of(Role::Admin)
    }

    /// Genesis keys, with role and whether they were generated.
    pub fn genesis_keys(&self) -> &[GenesisKey] {
        &self.keys
    }

    fn keys_of(&self, role: Role) -> Vec<String> {
        self.keys
            .iter()
            .filter(|k| k.role == role)
            .map(GenesisKey::private_key_hex)
            .collect()
    }

    /// Funds `address` with `amount` octas (creating the account); returns the committed hash.
    pub fn fund(&self, address: Address, amount: u64) -> HashValue {
        let hash = self.node.chain().mint(address, amount, now_usecs());
        let version = self.node.chain().ledger().version;
        self.node.notify_commits(version);
        hash
    }

    /// Registers an operator directly (a development shortcut for `jobs::add_operator`).
    pub fn add_operator(&self, address: Address) {
        self.node.chain().jobs_mut().operators.insert(address);
    }

    /// Replaces the fault configuration.
    pub fn set_faults(&self, faults: FaultConfig) -> Result<(), FaultConfigError> {
        self.node.faults.set(faults)
    }

    /// Fault configuration and counters.
    pub fn faults(&self) -> FaultReport {
        self.node.faults.report()
    }

    /// Advances an account's sequence number by `by` (simulates another process using the key).
    pub fn bump_sequence(&self, address: Address, by: u64) -> Option<u64> {
        self.node.chain().bump_sequence(&address, by)
    }

    /// Current ledger info.
    pub fn ledger(&self) -> LedgerInfo {
        self.node.chain().ledger()
    }

    /// Payout-token balance of `owner`.
    pub fn jobs_balance(&self, owner: Address) -> u64 {
        self.node.chain().jobs().balance(&owner)
    }

    /// Uncommitted transactions in mempool.
    pub fn mempool_len(&self) -> usize {
        self.node.chain().mempool_len()
    }

    /// Stops the server and block producer, waits for them, and saves the state file.
    pub async fn shutdown(mut self) -> Result<(), NodeError> {
        self.shutdown.send_replace(true);
        if let Some(producer) = self.producer.take() {
            let _ = producer.await;
        }
        if let Some(server) = self.server.take() {
            server
                .await
                .map_err(|e| NodeError::Server(e.to_string()))??;
        }
        if let Some(path) = &self.state_file {
            save_state(&self.node, path, &self.stored_keys)?;
        }
        tracing::info!("development chain stopped");
        Ok(())
    }
}

impl Drop for DevnetHandle {
    fn drop(&mut self) {
        self.shutdown.send_replace(true);
    }
}

/// The block producer: a block every `block_time`; saves the state file when it changed.
async fn produce_blocks(
    node: Arc<Node>,
    block_time: Duration,
    state_file: Option<(PathBuf, Duration)>,
    stored_keys: Vec<StoredKey>,
    mut shutdown: watch::Receiver<bool>,
) {
    let mut ticker = tokio::time::interval(block_time);
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut last_saved_version = node.chain().ledger().version;
    let mut last_save = tokio::time::Instant::now();
    loop {
        tokio::select! {
            _ = ticker.tick() => {}
            _ = shutdown.wait_for(|stop| *stop) => break,
        }
        let (summary, version) = {
            let mut chain = node.chain();
            let mut roll = || node.faults.roll_job_abort();
            let summary = chain.produce_block(now_usecs(), &mut roll);
            (summary, chain.ledger().version)
        };
        if summary.committed > 0 {
            tracing::debug!(
                committed = summary.committed,
                grants = summary.grants,
                version,
                "block"
            );
        }
        if summary.evicted > 0 || summary.discarded > 0 {
            tracing::info!(
                evicted = summary.evicted,
                discarded = summary.discarded,
                "mempool: expired or stale transactions removed"
            );
        }
        node.notify_commits(version);
        if let Some((path, interval)) = &state_file
            && version != last_saved_version
            && last_save.elapsed() >= *interval
        {
            match save_state(&node, path, &stored_keys) {
                Ok(()) => last_saved_version = version,
                Err(e) => tracing::error!(error = %e, "state file save failed"),
            }
            last_save = tokio::time::Instant::now();
        }
    }
}

fn load_state(
    config: &DevnetConfig,
    params: ChainParams,
) -> Result<Option<(Chain, Vec<GenesisKey>)>, NodeError> {
    let Some(path) = &config.state_file else {
        return Ok(None);
    };
    if !path.exists() {
        return Ok(None);
    }
    let read_err = |reason: String| NodeError::StateRead {
        path: path.clone(),
        reason,
    };
    let bytes = std::fs::read(path).map_err(|e| read_err(e.to_string()))?;
    let mut value: serde_json::Value =
        serde_json::from_slice(&bytes).map_err(|e| read_err(e.to_string()))?;
    let upgraded = state_upgrade::upgrade(&mut value).map_err(|e| read_err(e.to_string()))?;
    if !upgraded.is_empty() {
        tracing::info!(path = %path.display(), ?upgraded, "state file upgraded from an earlier dev chain");
    }
    let file: StateFile = serde_json::from_value(value).map_err(|e| read_err(e.to_string()))?;
    if file.chain.ledger.chain_id != params.chain_id
        || file.chain.jobs_address != params.jobs_address
    {
        return Err(NodeError::StateMismatch {
            path: path.clone(),
            found_chain: file.chain.ledger.chain_id,
            found_jobs: file.chain.jobs_address,
            chain: params.chain_id,
            jobs: params.jobs_address,
        });
    }
    // Keys given in the configuration plus the generated ones remembered in the file.
    let mut keys = genesis::configured_keys(config);
    for stored in &file.generated_keys {
        let key: PrivateKeyHex = stored.private_key.parse().map_err(read_err)?;
        let role = if stored.operator {
            Role::Operator
        } else {
            Role::Admin
        };
        keys.push(genesis::GenesisKey::from_stored(role, key));
    }
    tracing::info!(path = %path.display(), version = file.chain.ledger.version, "state file loaded");
    let mut chain = Chain::restore(params, file.chain);
    // Configuration still applies to a restored chain: the cap, and keys added since the save.
    chain.jobs_mut().per_grant_cap = config.per_grant_cap;
    for key in &keys {
        chain.ensure_genesis_account(key.address(), key.role, config.genesis_balance);
    }
    Ok(Some((chain, keys)))
}

fn save_state(node: &Node, path: &Path, stored_keys: &[StoredKey]) -> Result<(), NodeError> {
    let write_err = |source| NodeError::StateWrite {
        path: path.to_path_buf(),
        source,
    };
    let bytes = {
        let chain = node.chain();
        serde_json::to_vec(&StateFileRef {
            generated_keys: stored_keys,
            chain: chain.snapshot(),
        })
        .map_err(|e| write_err(std::io::Error::other(e)))?
    };
    // The state file holds the generated private keys: owner-only, like the keys file.
    genesis::write_private(path, &bytes).map_err(write_err)
}

/// Borrowed form of [`StateFile`] for writing.
#[derive(Serialize)]
struct StateFileRef<'a> {
    generated_keys: &'a [StoredKey],
    chain: ChainSnapshotRef<'a>,
}
