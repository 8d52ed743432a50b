//! Configuration: one clap struct read from flags and the environment (names fixed by the k8s
//! manifests), validated once at start-up so the rest of the service only sees sane values.
//!
//! Signer keys are secrets: they are held in [`SignerKeys`], whose `Debug` prints only how many
//! keys there are, and they never appear in logs, errors or `/stats`.

use crate::gas::{self, GasModel, GasUnits};
use crate::payload;
use shared::pubsub::{PubSubConfig, TopicNames};
use shared::signing::SigningConfig;
use shared::telemetry::LogFormat;
use std::path::PathBuf;
use std::time::Duration;

/// The Jobs module's default address (`"Jobs"` in ASCII).
pub(crate) const DEFAULT_JOBS_ADDRESS: &str =
    "0x000000000000000000000000000000000000000000000000000000004a6f6273";

/// Everything chain-svc is configured with.
#[derive(Clone, clap::Parser)]
#[command(
    name = "chain-svc",
    about = "Grant requests in, batched Jobs transactions out"
)]
pub struct Config {
    /// HTTP port for /health, /ready, /stats and /metrics.
    #[arg(long, env = "PORT", default_value_t = 8081)]
    pub(crate) port: u16,
    /// Aptos-compatible node REST URL, ending in `/v1` (Movement mainnet:
    /// `https://mainnet.movementnetwork.xyz/v1`).
    #[arg(long, env = "NODE_URL", default_value = "http://127.0.0.1:8090/v1")]
    pub(crate) node_url: String,
    /// Expected chain id (126 Movement mainnet, 250 Bardock testnet). Unset: read from the node.
    /// When set, a node reporting another id is refused (not ready, transactions not built).
    #[arg(long, env = "CHAIN_ID")]
    pub(crate) chain_id: Option<u8>,
    /// Address the Jobs module is published at.
    #[arg(long, env = "JOBS_ADDRESS", default_value = DEFAULT_JOBS_ADDRESS)]
    pub(crate) jobs_address: String,
    /// Comma-separated hex Ed25519 private keys of the operator accounts that sign jobs.
    #[arg(long, env = "SIGNER_KEYS", hide_env_values = true)]
    pub(crate) signer_keys: Option<SignerKeys>,
    /// A file with one hex Ed25519 private key per line (e.g. a mounted Kubernetes Secret);
    /// used together with or instead of `SIGNER_KEYS`.
    #[arg(long, env = "SIGNER_KEYS_FILE")]
    pub(crate) signer_keys_file: Option<PathBuf>,
    /// Most grants in one `jobs::submit_job` transaction. Unset: the largest batch the gas
    /// model keeps inside the VM's per-transaction limits with the margin (473 with the default
    /// model: the IO limit binds). Refused when the model says a full batch would exceed
    /// a limit, the contract's 1000 or 64 KiB.
    #[arg(long, env = "BATCH_MAX_GRANTS", value_parser = clap::value_parser!(u64).range(1..=1000))]
    pub(crate) batch_max_grants: Option<u64>,
    /// Longest a grant waits for batch-mates before its batch is sent anyway, in milliseconds.
    #[arg(long, env = "BATCH_MAX_WAIT_MS", default_value_t = 100)]
    pub(crate) batch_max_wait_ms: u64,
    /// Highest gas unit price (octas) paid; the node's estimate is used when it is lower (never
    /// below the VM's minimum of 100).
    #[arg(long, env = "GAS_UNIT_PRICE_CAP", default_value_t = 1_000,
          value_parser = clap::value_parser!(u64).range(gas::MIN_GAS_UNIT_PRICE..=10_000_000_000))]
    pub(crate) gas_unit_price_cap: u64,
    /// Execution gas units of a `submit_job` regardless of its size (its intrinsic cost and
    /// loading, plus room for a paid-id leaf splitting in the job: 46-90 units on the real VM).
    /// Decimal, up to 3 places.
    #[arg(long, env = "GAS_EXECUTION_BASE", default_value = "100")]
    pub(crate) gas_execution_base: GasUnits,
    /// Execution gas units each grant to a recipient not known to hold the token adds (its
    /// primary store is created). Decimal, up to 3 places.
    #[arg(long, env = "GAS_EXECUTION_PER_GRANT", default_value = "1.33")]
    pub(crate) gas_execution_per_grant: GasUnits,
    /// Execution gas units each grant to a known holder adds (a recipient this chain-svc has
    /// paid before: its store exists). Decimal, up to 3 places.
    #[arg(long, env = "GAS_EXECUTION_PER_HOLDER", default_value = "0.97")]
    pub(crate) gas_execution_per_holder: GasUnits,
    /// IO gas units of a `submit_job` regardless of its size.
    #[arg(long, env = "GAS_IO_BASE", default_value = "11")]
    pub(crate) gas_io_base: GasUnits,
    /// IO gas units each grant to a recipient not known to hold the token adds.
    #[arg(long, env = "GAS_IO_PER_GRANT", default_value = "1.36")]
    pub(crate) gas_io_per_grant: GasUnits,
    /// IO gas units each grant to a known holder adds.
    #[arg(long, env = "GAS_IO_PER_HOLDER", default_value = "1.07")]
    pub(crate) gas_io_per_holder: GasUnits,
    /// Storage fee of a `submit_job` regardless of its size, in octas: a paid-id leaf that
    /// splits writes its ids to new slots before the old slot's deposit comes back (up to about
    /// 2,000,000 measured), a new leaf (42,040) and a new payment slot (43,560). Charged against
    /// `max_gas_amount` at the transaction's gas price.
    #[arg(long, env = "GAS_STORAGE_OCTAS_BASE", default_value_t = 2_100_000,
          value_parser = clap::value_parser!(u64).range(0..=100_000_000))]
    pub(crate) gas_storage_octas_base: u64,
    /// Storage fee each grant to a recipient not known to hold the token adds, in octas (its
    /// primary store, 53,240, and the id's 24 bytes in a shared leaf, 960). Charged against
    /// `max_gas_amount` at the transaction's gas price.
    #[arg(long, env = "GAS_STORAGE_OCTAS_PER_GRANT", default_value_t = 54_200,
          value_parser = clap::value_parser!(u64).range(0..=10_000_000))]
    pub(crate) gas_storage_octas_per_grant: u64,
    /// Storage fee each grant to a known holder adds, in octas (the id's 24 bytes: 960).
    #[arg(long, env = "GAS_STORAGE_OCTAS_PER_HOLDER", default_value_t = 960,
          value_parser = clap::value_parser!(u64).range(0..=10_000_000))]
    pub(crate) gas_storage_octas_per_holder: u64,
    /// Recipients remembered as holding the token (learned from this process's own payments;
    /// about 40 bytes each), so batches of them are priced as such and made larger. 0 prices
    /// every grant as a new recipient's.
    #[arg(long, env = "KNOWN_HOLDERS_MAX", default_value_t = 1_000_000,
          value_parser = clap::value_parser!(u64).range(0..=100_000_000))]
    pub(crate) known_holders_max: u64,
    /// Safety margin on every modelled gas component, in percent: batches are sized so that the
    /// model plus this margin stays within the VM's limits, and `max_gas_amount` includes it.
    #[arg(long, env = "GAS_MARGIN_PERCENT", default_value_t = 3,
          value_parser = clap::value_parser!(u64).range(0..=400))]
    pub(crate) gas_margin_percent: u64,
    /// Seconds from signing until a transaction expires; an uncommitted transaction is known
    /// dead only after this, so it bounds how long a dropped transaction delays its grants.
    #[arg(long, env = "TX_EXPIRATION_SECS", default_value_t = 30)]
    pub(crate) tx_expiration_secs: u64,
    /// Transactions a grant may ride in without being paid before it is reported failed
    /// (after a final check that it was not paid after all).
    #[arg(long, env = "MAX_SUBMIT_ATTEMPTS", default_value_t = 5)]
    pub(crate) max_submit_attempts: u32,
    /// Streaming-pull connections to the requests subscription (~2k msgs/s each on the emulator).
    #[arg(long, env = "PUBSUB_STREAMS", default_value_t = 4)]
    pub(crate) pubsub_streams: usize,
    /// Request messages held at once (pulled and not yet acked); bounds memory and leases.
    #[arg(long, env = "MAX_IN_FLIGHT_GRANTS", default_value_t = 20_000)]
    pub(crate) max_in_flight_grants: usize,
    /// Largest `token_amount` accepted from the bus; larger requests are dead-lettered.
    #[arg(long, env = "MAX_GRANT_AMOUNT", default_value_t = 1_000_000_000_000)]
    pub(crate) max_grant_amount: u64,
    /// A signer whose gas balance (octas) falls below this is reported with a warning and the
    /// `chain_signer_low_balance` gauge. Must cover at least one full batch's maximum fee (a
    /// signer below that is no longer used). 10 MOVE ≈ 38 full batches of new recipients at
    /// gas price 100 (a 473-grant batch costs about 0.26 MOVE, mostly their stores' storage fee).
    #[arg(long, env = "LOW_BALANCE_OCTAS", default_value_t = 1_000_000_000)]
    pub(crate) low_balance_octas: u64,
    /// How often each signer polls the node for its sequence number (commits and expiries are
    /// detected from it), in milliseconds.
    #[arg(long, env = "NODE_POLL_MS", default_value_t = 100)]
    pub(crate) node_poll_ms: u64,
    /// Timeout of one node HTTP request, in milliseconds.
    #[arg(long, env = "NODE_TIMEOUT_MS", default_value_t = 10_000)]
    pub(crate) node_timeout_ms: u64,
    /// On SIGTERM: how long in-flight transactions may take to settle before the rest is left
    /// unacked for redelivery, in seconds.
    #[arg(long, env = "SHUTDOWN_GRACE_SECS", default_value_t = 20)]
    pub(crate) shutdown_grace_secs: u64,
    /// Log line format.
    #[arg(long, env = "LOG_FORMAT", value_enum, default_value_t = LogFormat::Json)]
    pub log_format: LogFormat,
    /// Where the bus is.
    #[command(flatten)]
    pub(crate) pubsub: PubSubConfig,
    /// Topic and subscription names.
    #[command(flatten)]
    pub(crate) topics: TopicNames,
    /// The keys requests are verified and results signed with (`MESSAGE_SIGNING_KEYS_FILE`).
    #[command(flatten)]
    pub signing: SigningConfig,
}

impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Config")
            .field("port", &self.port)
            .field("node_url", &self.node_url)
            .field("chain_id", &self.chain_id)
            .field("jobs_address", &self.jobs_address)
            .field("signer_keys", &self.signer_keys)
            .field("signer_keys_file", &self.signer_keys_file)
            .field("batch_max_grants", &self.batch_max_grants())
            .field("batch_max_wait_ms", &self.batch_max_wait_ms)
            .field("gas_model", &self.gas_model())
            .field("gas_unit_price_cap", &self.gas_unit_price_cap)
            .field("low_balance_octas", &self.low_balance_octas)
            .field("tx_expiration_secs", &self.tx_expiration_secs)
            .field("max_submit_attempts", &self.max_submit_attempts)
            .field("pubsub_streams", &self.pubsub_streams)
            .field("max_in_flight_grants", &self.max_in_flight_grants)
            .field("max_grant_amount", &self.max_grant_amount)
            .field("pubsub", &self.pubsub)
            .field("topics", &self.topics)
            .field("signing", &self.signing)
            .finish_non_exhaustive()
    }
}

/// Hex Ed25519 private keys. `Debug` and `Display` never show them.
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct SignerKeys(Vec<String>);

impl SignerKeys {
    /// Parses comma- or newline-separated hex keys (with or without `0x`), ignoring blanks
    /// and `#` comments.
    pub(crate) fn parse(raw: &str) -> Result<Self, ConfigError> {
        let keys: Vec<String> = raw
            .split([',', '\n'])
            .map(|k| k.split('#').next().unwrap_or_default().trim())
            .filter(|k| !k.is_empty())
            .map(|k| {
                let hex = k.strip_prefix("0x").unwrap_or(k);
                if hex.len() == 64 && hex.bytes().all(|b| b.is_ascii_hexdigit()) {
                    Ok(hex.to_ascii_lowercase())
                } else {
                    Err(ConfigError::BadKey)
                }
            })
            .collect::<Result<_, _>>()?;
        Ok(Self(keys))
    }

    /// The keys, hex without `0x`.
    pub(crate) fn expose(&self) -> &[String] {
        &self.0
    }
}

impl std::str::FromStr for SignerKeys {
    type Err = ConfigError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl std::fmt::Debug for SignerKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "SignerKeys({} redacted)", self.0.len())
    }
}

/// A configuration that cannot run.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// A key is not 32 bytes of hex. The key itself is never echoed.
    #[error("a signer key is not 64 hex digits (the key is not shown)")]
    BadKey,
    /// No key in `SIGNER_KEYS` or `SIGNER_KEYS_FILE`.
    #[error("no signer keys: set SIGNER_KEYS or SIGNER_KEYS_FILE")]
    NoKeys,
    /// The keys file cannot be read.
    #[error("cannot read SIGNER_KEYS_FILE {path}: {source}")]
    KeysFile {
        /// The path.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// A value out of its range.
    #[error("{field}: {reason}")]
    Invalid {
        /// The environment variable.
        field: &'static str,
        /// Why.
        reason: String,
    },
}

fn invalid(field: &'static str, reason: impl Into<String>) -> ConfigError {
    ConfigError::Invalid {
        field,
        reason: reason.into(),
    }
}

impl Config {
    /// The configuration `settings` give, each named as in the environment (`NODE_URL`) or as its
    /// flag (`node-url`) and passed as that flag, so it is read exactly as the binary reads it:
    /// how the tests, the end-to-end harness and the benchmarks start chain-svc in process.
    pub fn from_settings<K, V>(
        settings: impl IntoIterator<Item = (K, V)>,
    ) -> Result<Self, clap::Error>
    where
        K: AsRef<str>,
        V: AsRef<str>,
    {
        let argv = std::iter::once("chain-svc".to_string()).chain(settings.into_iter().map(
            |(name, value)| {
                let flag = name.as_ref().to_ascii_lowercase().replace('_', "-");
                format!("--{flag}={}", value.as_ref())
            },
        ));
        <Self as clap::Parser>::try_parse_from(argv)
    }

    /// All signer keys from `SIGNER_KEYS` and `SIGNER_KEYS_FILE`, deduplicated, in order.
    pub(crate) fn load_signer_keys(&self) -> Result<SignerKeys, ConfigError> {
        let mut keys: Vec<String> = self
            .signer_keys
            .as_ref()
            .map(|k| k.expose().to_vec())
            .unwrap_or_default();
        if let Some(path) = &self.signer_keys_file {
            let text = std::fs::read_to_string(path).map_err(|source| ConfigError::KeysFile {
                path: path.clone(),
                source,
            })?;
            keys.extend(SignerKeys::parse(&text)?.expose().iter().cloned());
        }
        let mut seen = std::collections::HashSet::new();
        keys.retain(|k| seen.insert(k.clone()));
        if keys.is_empty() {
            return Err(ConfigError::NoKeys);
        }
        Ok(SignerKeys(keys))
    }

    /// Checks every bound the chain and the bus impose.
    pub(crate) fn validate(&self) -> Result<(), ConfigError> {
        if !self.node_url.trim_end_matches('/').ends_with("/v1") {
            return Err(invalid("NODE_URL", "must end in /v1"));
        }
        if payload::parse_address(&self.jobs_address).is_none() {
            return Err(invalid(
                "JOBS_ADDRESS",
                "must be 0x followed by 1 to 64 hex digits",
            ));
        }
        let model = self.gas_model();
        if let Err(over) = model.check(1) {
            let field = match over {
                gas::OverLimit::Execution { .. } => "GAS_EXECUTION_BASE",
                gas::OverLimit::Io { .. } => "GAS_IO_BASE",
                gas::OverLimit::Storage { .. } | gas::OverLimit::MaxGas { .. } => {
                    "GAS_STORAGE_OCTAS_PER_GRANT"
                }
            };
            return Err(invalid(
                field,
                format!("the gas model does not fit even one grant in a transaction: {over}"),
            ));
        }
        let batch = self.batch_max_grants();
        if batch == 0 || batch > payload::MAX_GRANTS_PER_JOB {
            return Err(invalid(
                "BATCH_MAX_GRANTS",
                format!("must be 1..={}", payload::MAX_GRANTS_PER_JOB),
            ));
        }
        let fits = payload::max_grants_in_size(payload::MAX_TRANSACTION_BYTES);
        if batch > fits {
            return Err(invalid(
                "BATCH_MAX_GRANTS",
                format!("a transaction with more than {fits} grants exceeds 64 KiB"),
            ));
        }
        let best = model.largest_batch_best_mix();
        if batch > best {
            return Err(invalid(
                "BATCH_MAX_GRANTS",
                format!(
                    "the gas model allows at most {best} grants in a transaction however cheap they are ({} for recipients not known to hold the token); lower BATCH_MAX_GRANTS or leave it unset",
                    model.largest_batch()
                ),
            ));
        }
        let full_fee = self.max_fee_octas();
        if self.low_balance_octas < full_fee {
            return Err(invalid(
                "LOW_BALANCE_OCTAS",
                format!(
                    "must be at least one full batch's maximum fee ({full_fee} octas at GAS_UNIT_PRICE_CAP), or the warning comes only after the signer is unusable"
                ),
            ));
        }
        if self.tx_expiration_secs < 2 || self.tx_expiration_secs > 3_600 {
            return Err(invalid("TX_EXPIRATION_SECS", "must be 2..=3600"));
        }
        if self.max_submit_attempts == 0 {
            return Err(invalid("MAX_SUBMIT_ATTEMPTS", "must be at least 1"));
        }
        if self.pubsub_streams == 0 {
            return Err(invalid("PUBSUB_STREAMS", "must be at least 1"));
        }
        if self.max_in_flight_grants < batch {
            return Err(invalid(
                "MAX_IN_FLIGHT_GRANTS",
                "must be at least BATCH_MAX_GRANTS, or batches never fill",
            ));
        }
        if self.max_grant_amount == 0 {
            return Err(invalid("MAX_GRANT_AMOUNT", "must be positive"));
        }
        if self.node_poll_ms == 0 {
            return Err(invalid("NODE_POLL_MS", "must be positive"));
        }
        Ok(())
    }

    /// The gas model (`GAS_*`).
    pub(crate) fn gas_model(&self) -> GasModel {
        GasModel {
            execution_base: self.gas_execution_base,
            execution_per_grant: self.gas_execution_per_grant,
            execution_per_holder: self.gas_execution_per_holder,
            io_base: self.gas_io_base,
            io_per_grant: self.gas_io_per_grant,
            io_per_holder: self.gas_io_per_holder,
            storage_octas_base: self.gas_storage_octas_base,
            storage_octas_per_grant: self.gas_storage_octas_per_grant,
            storage_octas_per_holder: self.gas_storage_octas_per_holder,
            margin_percent: self.gas_margin_percent,
        }
    }

    /// `BATCH_MAX_GRANTS`, or when unset the largest batch the gas model allows for the
    /// cheapest grants (at most the contract's 1000); each batch is also cut to what the model
    /// fits for what it holds.
    pub fn batch_max_grants(&self) -> usize {
        match self.batch_max_grants {
            Some(n) => usize::try_from(n).unwrap_or(usize::MAX),
            None => self.gas_model().largest_batch_best_mix(),
        }
    }

    /// The most any batch may cost at `GAS_UNIT_PRICE_CAP` (octas), whatever it holds: what a
    /// signer must hold to be used.
    pub(crate) fn max_fee_octas(&self) -> u64 {
        self.gas_model()
            .max_batch_fee_octas(self.batch_max_grants(), self.gas_unit_price_cap)
    }

    /// `KNOWN_HOLDERS_MAX` as a count.
    pub(crate) fn known_holders_max(&self) -> usize {
        usize::try_from(self.known_holders_max).unwrap_or(usize::MAX)
    }

    /// `BATCH_MAX_WAIT_MS` as a duration.
    pub(crate) fn batch_max_wait(&self) -> Duration {
        Duration::from_millis(self.batch_max_wait_ms)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    fn key(n: u8) -> String {
        hex::encode([n; 32])
    }

    fn config(extra: &[&str]) -> Config {
        let mut args = vec!["chain-svc"];
        args.extend_from_slice(extra);
        Config::try_parse_from(args).unwrap()
    }

    #[test]
    fn keys_never_show_in_debug_output() {
        let k = key(7);
        let cfg = config(&["--signer-keys", &k]);
        let shown = format!("{cfg:?} {:?}", cfg.load_signer_keys().unwrap());
        assert!(!shown.contains(&k), "{shown}");
        assert!(shown.contains("1 redacted"));
    }

    #[test]
    fn keys_come_from_env_list_and_file_deduplicated() {
        let dir = std::env::temp_dir().join(format!("keys-{}", uuid::Uuid::new_v4()));
        std::fs::write(&dir, format!("# operators\n0x{}\n\n{}\n", key(2), key(1))).unwrap();
        let list = format!("{},{}", key(1), key(3));
        let cfg = config(&[
            "--signer-keys",
            &list,
            "--signer-keys-file",
            dir.to_str().unwrap(),
        ]);
        let keys = cfg.load_signer_keys().unwrap();
        assert_eq!(keys.expose(), &[key(1), key(3), key(2)]);
        std::fs::remove_file(dir).unwrap();
    }

    #[test]
    fn a_bad_key_is_refused_without_echoing_it() {
        let err = SignerKeys::parse("0x1234secret").unwrap_err();
        assert!(!err.to_string().contains("secret"));
        assert!(matches!(
            config(&[]).load_signer_keys(),
            Err(ConfigError::NoKeys)
        ));
    }

    #[test]
    fn defaults_are_valid_and_follow_the_measured_model() {
        let cfg = config(&[]);
        cfg.validate().unwrap();
        assert_eq!(cfg.gas_model(), GasModel::MEASURED);
        // The count cap is the largest batch of known holders (execution-bound, 817, against
        // 883-934 that committed on the real VM); a batch of new recipients is cut at 596 by
        // the model (against 624-706).
        assert_eq!(cfg.batch_max_grants(), 817);
        assert_eq!(cfg.gas_model().largest_batch(), 596);
        assert_eq!(cfg.known_holders_max(), 1_000_000);
        assert_eq!(
            config(&["--batch-max-grants", "100"]).batch_max_grants(),
            100
        );
    }

    #[test]
    fn batch_size_is_bounded_by_contract_size_and_the_vm_limits() {
        assert!(Config::try_parse_from(["chain-svc", "--batch-max-grants", "1001"]).is_err());
        assert!(Config::try_parse_from(["chain-svc", "--batch-max-grants", "0"]).is_err());
        // Above what the model fits even for holders: refused, naming both sizes.
        for n in ["818", "1000"] {
            let err = config(&["--batch-max-grants", n]).validate().unwrap_err();
            assert!(
                err.to_string().contains("at most 817") && err.to_string().contains("596"),
                "{err}"
            );
        }
        config(&["--batch-max-grants", "817"]).validate().unwrap();
        // A cap between the two sizes is valid: a batch of new recipients is cut by the model.
        config(&["--batch-max-grants", "700"]).validate().unwrap();
        // A cheaper model allows larger batches; one whose single grant does not fit, none.
        let cheap = config(&[
            "--gas-execution-per-grant",
            "0.7",
            "--gas-io-per-grant",
            "0.7",
            "--gas-execution-per-holder",
            "0.7",
            "--gas-io-per-holder",
            "0.7",
            "--batch-max-grants",
            "1000",
        ]);
        cheap.validate().unwrap();
        assert_eq!(cheap.gas_model().largest_batch(), 1000);
        // The IO limit binds as well.
        let err = config(&[
            "--gas-execution-per-holder",
            "0.7",
            "--batch-max-grants",
            "1000",
        ])
        .validate()
        .unwrap_err();
        assert!(err.to_string().contains("at most 897"), "{err}");
        let err = config(&["--gas-execution-base", "1000"])
            .validate()
            .unwrap_err();
        assert!(err.to_string().contains("even one grant"), "{err}");
        assert!(
            Config::try_parse_from(["chain-svc", "--gas-execution-per-grant", "2.9999"]).is_err()
        );
        assert!(Config::try_parse_from(["chain-svc", "--gas-margin-percent", "401"]).is_err());
        assert!(Config::try_parse_from(["chain-svc", "--gas-unit-price-cap", "99"]).is_err());
        assert!(config(&["--node-url", "http://x:1"]).validate().is_err());
    }

    #[test]
    fn the_low_balance_warning_must_come_before_a_signer_is_unusable() {
        let cfg = config(&[]);
        // The dearest batch is 596 new recipients at the price cap of 1000: 1,766 units of
        // execution and IO at 1000 octas, plus 35.4 M octas of storage fee with the margin.
        assert_eq!(cfg.max_fee_octas(), 1_766 * 1_000 + 35_435_296 + 1_000);
        let err = config(&["--low-balance-octas", "37000000"])
            .validate()
            .unwrap_err();
        assert!(err.to_string().contains("LOW_BALANCE_OCTAS"), "{err}");
    }
}
