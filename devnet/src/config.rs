//! Configuration: one clap struct, every field settable by flag or `DEVNET_*` environment variable.

use std::fmt;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::str::FromStr;

use crate::address::Address;
use crate::faults::FaultConfig;

/// Default Jobs module address: `0x…4a6f6273` ("Jobs" in ASCII).
pub const DEFAULT_JOBS_ADDRESS: &str =
    "0x000000000000000000000000000000000000000000000000000000004a6f6273";

/// An Ed25519 private key given as hex (`0x` optional). Debug output is redacted.
#[derive(Clone, PartialEq, Eq)]
pub struct PrivateKeyHex(pub [u8; 32]);

impl FromStr for PrivateKeyHex {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        let digits = s.strip_prefix("0x").unwrap_or(s);
        let mut out = [0u8; 32];
        hex::decode_to_slice(digits, &mut out)
            .map_err(|_| "an Ed25519 private key is 64 hex digits".to_string())?;
        Ok(PrivateKeyHex(out))
    }
}

impl fmt::Debug for PrivateKeyHex {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PrivateKeyHex(<redacted>)")
    }
}

/// The dev chain's configuration.
#[derive(Debug, Clone, clap::Parser)]
#[command(
    name = "devnet",
    version,
    about = "A local DEVELOPMENT chain speaking the Aptos node REST API and running the Jobs \
             contract natively. Never use it in production: point services at Movement instead."
)]
pub struct DevnetConfig {
    /// Socket address to listen on (port 0 picks a free port).
    #[arg(long, env = "DEVNET_LISTEN", default_value = "127.0.0.1:8090")]
    pub listen: SocketAddr,
    /// Chain id reported by `GET /v1` and required in transactions.
    #[arg(long, env = "DEVNET_CHAIN_ID", default_value_t = 4)]
    pub chain_id: u8,
    /// Milliseconds between blocks.
    #[arg(long, env = "DEVNET_BLOCK_TIME_MS", default_value_t = 250)]
    pub block_time_ms: u64,
    /// Most transactions committed in one block.
    #[arg(long, env = "DEVNET_MAX_BLOCK_TRANSACTIONS", default_value_t = 5000)]
    pub max_block_transactions: usize,
    /// Address the Jobs module is published at (also an admin).
    #[arg(long, env = "DEVNET_JOBS_ADDRESS", default_value = DEFAULT_JOBS_ADDRESS)]
    pub jobs_address: Address,
    /// Operator private keys (comma-separated hex): funded and registered as operators at genesis.
    #[arg(long, env = "DEVNET_OPERATOR_KEYS", value_delimiter = ',')]
    pub operator_keys: Vec<PrivateKeyHex>,
    /// Admin private keys (comma-separated hex): funded and allowed to call admin functions.
    #[arg(long, env = "DEVNET_ADMIN_KEYS", value_delimiter = ',')]
    pub admin_keys: Vec<PrivateKeyHex>,
    /// Operators to generate (and print) when no operator keys are given.
    #[arg(long, env = "DEVNET_GENERATED_OPERATORS", default_value_t = 1)]
    pub generated_operators: usize,
    /// Extra addresses funded at genesis (comma-separated), e.g. accounts whose keys live elsewhere.
    #[arg(long, env = "DEVNET_FUND_ADDRESSES", value_delimiter = ',')]
    pub fund_addresses: Vec<Address>,
    /// APT (octas) given to each genesis account.
    #[arg(
        long,
        env = "DEVNET_GENESIS_BALANCE",
        default_value_t = 100_000_000_000_000
    )]
    pub genesis_balance: u64,
    /// Largest amount a single grant may carry (larger grants fail with R_AMOUNT_OVER_CAP).
    #[arg(
        long,
        env = "DEVNET_PER_GRANT_CAP",
        default_value_t = 1_000_000_000_000_000
    )]
    pub per_grant_cap: u64,
    /// Largest amount one faucet call may mint (octas).
    #[arg(
        long,
        env = "DEVNET_FAUCET_MAX_AMOUNT",
        default_value_t = 1_000_000_000_000_000
    )]
    pub faucet_max_amount: u64,
    /// How long `wait_by_hash` holds a request for a pending transaction, in milliseconds.
    #[arg(long, env = "DEVNET_WAIT_BY_HASH_TIMEOUT_MS", default_value_t = 2000)]
    pub wait_by_hash_timeout_ms: u64,
    /// JSON file holding the chain's state; loaded at start if present, saved while running and
    /// on shutdown. Without it the chain starts from genesis every time.
    #[arg(long, env = "DEVNET_STATE_FILE")]
    pub state_file: Option<PathBuf>,
    /// File the generated private keys are written to (mode 0600, as `DEVNET_OPERATOR_KEYS=` /
    /// `DEVNET_ADMIN_KEYS=` lines); the log names only the file and the addresses. Default:
    /// `<state file>.keys` with a state file, else `devnet-keys-<pid>.env` in the temp directory.
    #[arg(long, env = "DEVNET_KEYS_FILE")]
    pub keys_file: Option<PathBuf>,
    /// Milliseconds between state-file saves (only when something changed).
    #[arg(long, env = "DEVNET_STATE_SAVE_INTERVAL_MS", default_value_t = 1000)]
    pub state_save_interval_ms: u64,
    /// Fault injection (all off by default).
    #[command(flatten)]
    pub faults: FaultConfig,
}

impl DevnetConfig {
    /// Where generated keys are written: `keys_file`, else next to the state file, else in the
    /// temp directory under this process's id.
    pub fn keys_file_path(&self) -> PathBuf {
        if let Some(path) = &self.keys_file {
            return path.clone();
        }
        match &self.state_file {
            Some(state) => {
                let mut name = state.clone().into_os_string();
                name.push(".keys");
                PathBuf::from(name)
            }
            None => std::env::temp_dir().join(format!("devnet-keys-{}.env", std::process::id())),
        }
    }

    /// A configuration for in-process tests: a free port on 127.0.0.1, 50 ms blocks, chain id 4,
    /// one generated operator and one generated admin, no state file, no faults. Not read from
    /// the environment, so a developer's `DEVNET_*` variables cannot change test behaviour.
    pub fn for_tests() -> Self {
        DevnetConfig {
            listen: SocketAddr::from(([127, 0, 0, 1], 0)),
            chain_id: 4,
            block_time_ms: 50,
            max_block_transactions: 5000,
            jobs_address: DEFAULT_JOBS_ADDRESS.parse().unwrap_or_default(),
            operator_keys: Vec::new(),
            admin_keys: Vec::new(),
            generated_operators: 1,
            fund_addresses: Vec::new(),
            genesis_balance: 100_000_000_000_000,
            per_grant_cap: 1_000_000_000_000_000,
            faucet_max_amount: 1_000_000_000_000_000,
            wait_by_hash_timeout_ms: 2000,
            state_file: None,
            keys_file: None,
            state_save_interval_ms: 200,
            faults: FaultConfig::default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[test]
    fn defaults_match_the_documented_contract() {
        let cfg = DevnetConfig::try_parse_from(["devnet"]).unwrap();
        assert_eq!(cfg.listen.to_string(), "127.0.0.1:8090");
        assert_eq!(cfg.chain_id, 4);
        assert_eq!(cfg.block_time_ms, 250);
        assert_eq!(cfg.jobs_address.to_long_string(), DEFAULT_JOBS_ADDRESS);
        assert_eq!(DevnetConfig::for_tests().jobs_address, cfg.jobs_address);
    }

    #[test]
    fn operator_keys_are_comma_separated_hex() {
        let k = "11".repeat(32);
        let cfg =
            DevnetConfig::try_parse_from(["devnet", "--operator-keys", &format!("0x{k},{k}")])
                .unwrap();
        assert_eq!(cfg.operator_keys.len(), 2);
        assert!(DevnetConfig::try_parse_from(["devnet", "--operator-keys", "0x12"]).is_err());
        assert!(!format!("{:?}", cfg.operator_keys[0]).contains("11"));
    }
}
