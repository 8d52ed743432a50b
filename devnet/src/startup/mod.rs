//! Start-up and the running dev chain: the state file or genesis → the chain behind one lock
//! ([`crate::node::Node`]) → the HTTP server ([`crate::api`]) and the block producer
//! ([`producer`]), plus [`DevnetHandle`] for in-process use (tests, other crates) and explicit
//! shutdown (which saves the [`state_file`]).

mod producer;
mod state_file;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::watch;
use tokio::task::JoinHandle;

use crate::address::{Address, HashValue};
use crate::chain::{Chain, ChainParams, LedgerInfo, Role};
use crate::config::DevnetConfig;
use crate::faults::{FaultConfig, FaultConfigError, FaultReport, Faults};
use crate::genesis::{self, GenesisKey};
use crate::node::{Node, NodeSettings, now_usecs};
use producer::produce_blocks;
use state_file::StoredKey;

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
        let (chain, keys) = match state_file::load(&config, params.clone())? {
            Some(loaded) => loaded,
            None => {
                let genesis = genesis::build(&config);
                let chain = Chain::genesis(params, genesis.accounts, genesis.jobs, now_usecs());
                (chain, genesis.keys)
            }
        };
        let node = Arc::new(Node::new(
            chain,
            Faults::new(config.faults.clone()),
            NodeSettings {
                chain_id: config.chain_id,
                jobs_address: config.jobs_address,
                wait_by_hash_timeout: Duration::from_millis(config.wait_by_hash_timeout_ms),
                faucet_max_amount: config.faucet_max_amount,
            },
        ));
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
        let stored_keys = StoredKey::generated(&keys);
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
            state_file::save(&self.node, path, &self.stored_keys)?;
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
