//! A chain under test: where its node and faucet are, where `move/jobs` lives on it, and a key that
//! may administer that Jobs deployment.
//!
//! Targets are read from `KEY=VALUE` files (the shape `scripts/localnet.sh` and
//! `scripts/conformance.sh` write: `export` prefixes, quotes and `#` comments are allowed), so the
//! same file that starts chain-svc against a chain also points the suite at it.

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};

use aptos_sdk::AccountAddress;

/// Names accepted for each field, first match wins. The first name is the one written by
/// `scripts/conformance.sh`; the others are those `scripts/localnet.sh` and the services use.
const NODE_URL_KEYS: &[&str] = &[
    "NODE_URL",
    "LOCALNET_URL",
    "CHAIN_NODE_URL",
    "APTOS_NODE_URL",
];
const FAUCET_URL_KEYS: &[&str] = &["FAUCET_URL", "LOCALNET_FAUCET_URL"];
const JOBS_ADDRESS_KEYS: &[&str] = &["JOBS_ADDRESS", "CHAIN_JOBS_ADDRESS"];
const ADMIN_KEY_KEYS: &[&str] = &[
    "ADMIN_KEY",
    "ADMIN_PRIVATE_KEY",
    "PUBLISHER_KEY",
    "PUBLISHER_PRIVATE_KEY",
];
const CHAIN_ID_KEYS: &[&str] = &["CHAIN_ID", "CHAIN_CHAIN_ID"];

/// Why a target could not be read.
#[derive(Debug, thiserror::Error)]
pub enum TargetError {
    /// The file could not be read.
    #[error("reading target file {path}: {source}")]
    Read {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// A required field is absent.
    #[error("target {label}: none of {keys:?} is set")]
    Missing {
        /// The target's label.
        label: String,
        /// The names looked for.
        keys: &'static [&'static str],
    },
    /// A field is present but unusable.
    #[error("target {label}: {key}={value:?} {reason}")]
    Invalid {
        /// The target's label.
        label: String,
        /// The field.
        key: String,
        /// Its value (never a private key: those are reported as `<private key>`).
        value: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// The `LABEL=FILE` argument has no `=`.
    #[error("target {0:?}: expected LABEL=FILE (e.g. localnet=/tmp/localnet.env)")]
    Spec(String),
}

/// One chain under test.
#[derive(Clone)]
pub struct Target {
    /// Short name used in every report line (`devnet`, `localnet`).
    pub label: String,
    /// REST base URL, ending in `/v1`.
    pub node_url: String,
    /// Faucet base URL: `POST {faucet_url}/mint?amount=N&address=0x…` funds an account.
    pub faucet_url: String,
    /// Address `move/jobs` is published at.
    pub jobs_address: AccountAddress,
    /// Ed25519 private key (hex) of an account allowed to call `jobs::add_operator` and
    /// `jobs::set_paused` on this deployment.
    pub admin_key: String,
    /// The chain id the node reports and requires.
    pub chain_id: u8,
}

impl fmt::Debug for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Target")
            .field("label", &self.label)
            .field("node_url", &self.node_url)
            .field("faucet_url", &self.faucet_url)
            .field("jobs_address", &self.jobs_address.to_long_string())
            .field("admin_key", &"<private key>")
            .field("chain_id", &self.chain_id)
            .finish()
    }
}

impl Target {
    /// Parses `LABEL=FILE` and reads the file.
    pub fn from_spec(spec: &str) -> Result<Self, TargetError> {
        let (label, path) = spec
            .split_once('=')
            .filter(|(l, p)| !l.is_empty() && !p.is_empty())
            .ok_or_else(|| TargetError::Spec(spec.to_string()))?;
        Self::from_file(label, Path::new(path))
    }

    /// Reads a target from a `KEY=VALUE` file.
    pub fn from_file(label: &str, path: &Path) -> Result<Self, TargetError> {
        let text = std::fs::read_to_string(path).map_err(|source| TargetError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        Self::from_pairs(label, &parse_env(&text))
    }

    /// Builds a target from already-parsed fields.
    pub fn from_pairs(label: &str, pairs: &HashMap<String, String>) -> Result<Self, TargetError> {
        let get = |keys: &'static [&'static str]| -> Result<(String, String), TargetError> {
            keys.iter()
                .find_map(|k| pairs.get(*k).map(|v| (k.to_string(), v.clone())))
                .filter(|(_, v)| !v.is_empty())
                .ok_or_else(|| TargetError::Missing {
                    label: label.to_string(),
                    keys,
                })
        };
        let invalid = |key: String, value: String, reason| TargetError::Invalid {
            label: label.to_string(),
            key,
            value,
            reason,
        };
        let (key, node_url) = get(NODE_URL_KEYS)?;
        let node_url = node_url.trim_end_matches('/').to_string();
        if !node_url.ends_with("/v1") {
            return Err(invalid(key, node_url, "must end in /v1"));
        }
        // The dev chain's faucet is on the node's port; a real local chain's is separate.
        let faucet_url = match get(FAUCET_URL_KEYS) {
            Ok((_, url)) => url.trim_end_matches('/').to_string(),
            Err(_) => node_url.trim_end_matches("/v1").to_string(),
        };
        let (key, jobs) = get(JOBS_ADDRESS_KEYS)?;
        let jobs_address = AccountAddress::from_hex(&jobs)
            .map_err(|_| invalid(key, jobs, "is not an account address"))?;
        let (key, admin_key) = get(ADMIN_KEY_KEYS)?;
        let admin_key = normalise_private_key(&admin_key)
            .ok_or_else(|| invalid(key, "<private key>".into(), "is not a 32-byte hex key"))?;
        let (key, chain_id) = get(CHAIN_ID_KEYS)?;
        let chain_id = chain_id
            .parse::<u8>()
            .map_err(|_| invalid(key, chain_id, "is not a chain id (0-255)"))?;
        Ok(Target {
            label: label.to_string(),
            node_url,
            faucet_url,
            jobs_address,
            admin_key,
            chain_id,
        })
    }

    /// `0xADDR::jobs::NAME` with the address in full 64-hex form.
    pub fn jobs_function(&self, name: &str) -> String {
        format!("{}::jobs::{name}", self.jobs_address.to_long_string())
    }
}

/// Accepts `0x…`, bare hex and the AIP-80 form (`ed25519-priv-0x…`, what the Movement CLI
/// writes into its config) and returns `0x` + 64 hex digits.
fn normalise_private_key(value: &str) -> Option<String> {
    let hex = value.trim().trim_start_matches("ed25519-priv-");
    let hex = hex.strip_prefix("0x").unwrap_or(hex);
    (hex.len() == 64 && hex.chars().all(|c| c.is_ascii_hexdigit())).then(|| format!("0x{hex}"))
}

/// Parses `KEY=VALUE` lines: blank lines and `#` comments skipped, an `export ` prefix and
/// matching single or double quotes around the value removed. A value may hold several keys
/// separated by commas (`OPERATOR_KEYS=a,b`); it is kept as written.
pub fn parse_env(text: &str) -> HashMap<String, String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .filter_map(|l| {
            let l = l.strip_prefix("export ").unwrap_or(l);
            let (k, v) = l.split_once('=')?;
            let v = v.trim();
            let v = [('"', '"'), ('\'', '\'')]
                .iter()
                .find_map(|(a, b)| v.strip_prefix(*a).and_then(|s| s.strip_suffix(*b)))
                .unwrap_or(v);
            Some((k.trim().to_string(), v.to_string()))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = "0x0101010101010101010101010101010101010101010101010101010101010101";

    fn pairs(text: &str) -> HashMap<String, String> {
        parse_env(text)
    }

    #[test]
    fn a_localnet_file_with_exports_quotes_and_comments_is_read() {
        let text = format!(
            "# written by localnet.sh\nexport NODE_URL=\"http://127.0.0.1:18090/v1/\"\nFAUCET_URL='http://127.0.0.1:18091'\n\
             JOBS_ADDRESS=0x77b9\nADMIN_KEY=ed25519-priv-{KEY}\nCHAIN_ID=4\nOPERATOR_KEYS={KEY},{KEY}\n"
        );
        let t = Target::from_pairs("localnet", &pairs(&text)).unwrap();
        assert_eq!(t.node_url, "http://127.0.0.1:18090/v1");
        assert_eq!(t.faucet_url, "http://127.0.0.1:18091");
        assert_eq!(t.jobs_address, AccountAddress::from_hex("0x77b9").unwrap());
        assert_eq!(t.admin_key, KEY);
        assert_eq!(t.chain_id, 4);
        assert!(
            t.jobs_function("is_paused")
                .ends_with("0077b9::jobs::is_paused")
        );
    }

    #[test]
    fn without_a_faucet_url_the_faucet_is_the_node_port() {
        let text = format!(
            "NODE_URL=http://127.0.0.1:9/v1\nJOBS_ADDRESS=0x1\nADMIN_KEY={KEY}\nCHAIN_ID=4"
        );
        let t = Target::from_pairs("devnet", &pairs(&text)).unwrap();
        assert_eq!(t.faucet_url, "http://127.0.0.1:9");
    }

    #[test]
    fn a_node_url_without_v1_or_a_short_key_is_refused_without_echoing_the_key() {
        let text = format!("NODE_URL=http://x:1\nJOBS_ADDRESS=0x1\nADMIN_KEY={KEY}\nCHAIN_ID=4");
        let e = Target::from_pairs("t", &pairs(&text)).unwrap_err();
        assert!(e.to_string().contains("must end in /v1"), "{e}");
        let text = "NODE_URL=http://x:1/v1\nJOBS_ADDRESS=0x1\nADMIN_KEY=0xabcdef\nCHAIN_ID=4";
        let e = Target::from_pairs("t", &pairs(text)).unwrap_err();
        assert!(!e.to_string().contains("abcdef"), "{e}");
        let e = Target::from_pairs("t", &pairs("NODE_URL=http://x:1/v1")).unwrap_err();
        assert!(matches!(e, TargetError::Missing { .. }), "{e}");
    }

    #[test]
    fn a_spec_needs_a_label_and_a_file() {
        assert!(matches!(
            Target::from_spec("localnet"),
            Err(TargetError::Spec(_))
        ));
        assert!(matches!(
            Target::from_spec("localnet=/nonexistent/file"),
            Err(TargetError::Read { .. })
        ));
    }
}
