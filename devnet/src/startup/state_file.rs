//! The state file: the chain's snapshot plus the generated genesis keys, so a restarted dev chain
//! continues where it stopped and reports the same keys. Loaded at start-up, saved by the block
//! producer when the chain changed and once more at shutdown.

use std::path::Path;

use serde::{Deserialize, Serialize};

use super::NodeError;
use crate::chain::{Chain, ChainParams, ChainSnapshot, ChainSnapshotRef, Role};
use crate::config::{DevnetConfig, PrivateKeyHex};
use crate::genesis::{self, GenesisKey};
use crate::node::Node;
use crate::state_upgrade;

/// A genesis key kept in the state file so a restarted chain reports the same generated keys.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(super) struct StoredKey {
    operator: bool,
    private_key: String,
}

impl StoredKey {
    /// The generated keys among `keys`, as the state file keeps them.
    pub(super) fn generated(keys: &[GenesisKey]) -> Vec<StoredKey> {
        keys.iter()
            .filter(|k| k.generated)
            .map(|k| StoredKey {
                operator: k.role == Role::Operator,
                private_key: k.private_key_hex(),
            })
            .collect()
    }
}

/// The state file's content.
#[derive(Debug, Serialize, Deserialize)]
struct StateFile {
    generated_keys: Vec<StoredKey>,
    chain: ChainSnapshot,
}

/// Borrowed form of [`StateFile`] for writing.
#[derive(Serialize)]
struct StateFileRef<'a> {
    generated_keys: &'a [StoredKey],
    chain: ChainSnapshotRef<'a>,
}

/// The chain and genesis keys of the configured state file, upgraded from an earlier dev chain's
/// format if needed; `None` when no state file is configured or it does not exist yet.
pub(super) fn load(
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
        keys.push(GenesisKey::from_stored(role, key));
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

/// Writes the node's chain and the generated keys to `path` (owner-only).
pub(super) fn save(node: &Node, path: &Path, stored_keys: &[StoredKey]) -> Result<(), NodeError> {
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
