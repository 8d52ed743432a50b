//! Genesis: the accounts and Jobs state a fresh chain starts with.
//!
//! Operator and admin keys come from the configuration or are generated (and then printed by the
//! binary so a developer can use them). Every genesis account is funded with APT for gas;
//! operators are registered; admins are the Jobs module address plus the admin keys' accounts.

use std::collections::BTreeMap;

use ed25519_dalek::SigningKey;

use crate::address::Address;
use crate::chain::Account;
use crate::config::{DevnetConfig, PrivateKeyHex};
use crate::jobs::{self, JobsState};
use crate::verify;

/// The role a genesis key plays.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// May submit jobs.
    Operator,
    /// May call admin functions.
    Admin,
}

/// A key known at genesis.
#[derive(Clone)]
pub struct GenesisKey {
    /// Operator or admin.
    pub role: Role,
    /// True when the dev chain generated it (so it should be printed).
    pub generated: bool,
    signing_key: SigningKey,
}

impl std::fmt::Debug for GenesisKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GenesisKey")
            .field("role", &self.role)
            .field("address", &self.address())
            .finish_non_exhaustive()
    }
}

impl GenesisKey {
    /// The account address (= authentication key of a fresh single-Ed25519 account).
    pub fn address(&self) -> Address {
        verify::authentication_key(&self.signing_key.verifying_key().to_bytes())
    }

    /// A generated key remembered in the state file.
    pub fn from_stored(role: Role, key: PrivateKeyHex) -> Self {
        GenesisKey {
            role,
            generated: true,
            signing_key: SigningKey::from_bytes(&key.0),
        }
    }

    /// The private key as `0x` hex, what `Ed25519Account::from_private_key_hex` takes.
    pub fn private_key_hex(&self) -> String {
        format!("0x{}", hex::encode(self.signing_key.to_bytes()))
    }
}

/// The keys named in the configuration (none generated).
pub fn configured_keys(config: &DevnetConfig) -> Vec<GenesisKey> {
    let operators = config.operator_keys.iter().map(|k| (Role::Operator, k));
    let admins = config.admin_keys.iter().map(|k| (Role::Admin, k));
    operators
        .chain(admins)
        .map(|(role, k)| GenesisKey {
            role,
            generated: false,
            signing_key: SigningKey::from_bytes(&k.0),
        })
        .collect()
}

/// Everything genesis produces.
#[derive(Debug)]
pub struct Genesis {
    /// Funded accounts.
    pub accounts: BTreeMap<Address, Account>,
    /// Jobs state with operators and admins registered.
    pub jobs: JobsState,
    /// Operator and admin keys.
    pub keys: Vec<GenesisKey>,
}

/// Builds genesis from the configuration, generating keys where none are given.
pub fn build(config: &DevnetConfig) -> Genesis {
    let mut rng = rand::rngs::OsRng;
    let mut keys: Vec<GenesisKey> = Vec::new();
    let mut add = |role, generated, signing_key| {
        keys.push(GenesisKey {
            role,
            generated,
            signing_key,
        })
    };
    if config.operator_keys.is_empty() {
        for _ in 0..config.generated_operators {
            add(Role::Operator, true, SigningKey::generate(&mut rng));
        }
    }
    for k in &config.operator_keys {
        add(Role::Operator, false, SigningKey::from_bytes(&k.0));
    }
    if config.admin_keys.is_empty() {
        add(Role::Admin, true, SigningKey::generate(&mut rng));
    }
    for k in &config.admin_keys {
        add(Role::Admin, false, SigningKey::from_bytes(&k.0));
    }
    keys_to_genesis(config, keys)
}

fn keys_to_genesis(config: &DevnetConfig, keys: Vec<GenesisKey>) -> Genesis {
    let mut accounts = BTreeMap::new();
    let mut fund = |address: Address| {
        accounts.entry(address).or_insert(Account {
            authentication_key: address,
            sequence_number: 0,
            apt_balance: config.genesis_balance,
        });
    };
    let mut jobs = JobsState {
        per_grant_cap: config.per_grant_cap,
        metadata: jobs::token_metadata_address(config.jobs_address),
        ..JobsState::default()
    };
    jobs.admins.insert(config.jobs_address);
    for key in &keys {
        fund(key.address());
        match key.role {
            Role::Operator => jobs.operators.insert(key.address()),
            Role::Admin => jobs.admins.insert(key.address()),
        };
    }
    for address in &config.fund_addresses {
        fund(*address);
    }
    Genesis {
        accounts,
        jobs,
        keys,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn configured_keys_become_funded_operators_and_admins() {
        let mut config = DevnetConfig::for_tests();
        config.operator_keys = vec![PrivateKeyHex([1; 32]), PrivateKeyHex([2; 32])];
        config.admin_keys = vec![PrivateKeyHex([3; 32])];
        let g = build(&config);
        assert_eq!(g.keys.len(), 3);
        assert!(g.keys.iter().all(|k| !k.generated));
        let operators: Vec<_> = g.keys[..2].iter().map(GenesisKey::address).collect();
        assert_eq!(g.jobs.operators, operators.iter().copied().collect());
        assert!(g.jobs.admins.contains(&g.keys[2].address()));
        assert!(g.jobs.admins.contains(&config.jobs_address));
        assert_eq!(
            g.accounts[&operators[0]].apt_balance,
            config.genesis_balance
        );
    }

    #[test]
    fn missing_keys_are_generated() {
        let g = build(&DevnetConfig::for_tests());
        assert_eq!(g.keys.iter().filter(|k| k.generated).count(), 2);
        assert_eq!(g.jobs.operators.len(), 1);
    }
}
