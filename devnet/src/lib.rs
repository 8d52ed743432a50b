//! `devnet`: a local **development chain** that speaks the subset of the Aptos node REST API the
//! services use, and runs the Jobs contract (`move/jobs`) natively. It is a development and test
//! tool, never production: production points chain-svc at Movement (mainnet chain id 126,
//! Bardock testnet 250).
//!
//! Layout, following a transaction's path (only [`config`], [`wire`] and [`verify`] and the
//! re-exports below are public: what the binary, the tests and the other crates use):
//! - [`config`]: the clap configuration (`DEVNET_*` env vars).
//! - `startup`: start-up ([`Devnet::start`]), the block producer, the state file, and
//!   [`DevnetHandle`] for in-process use; `node`: the state the HTTP handlers and the block
//!   producer share (the chain behind one lock, faults, settings).
//! - `api`: the HTTP routes (`/v1/...`, `/mint`, `/admin/...`) and the error body.
//! - [`wire`]: BCS decoding of signed transactions; [`verify`]: signature and auth key.
//! - `chain`: validation, mempool admission (`mempool`), block production, lookups, views.
//! - `execution`: runs a payload; `gas`: what the real VM charges and its limits; `jobs`: the
//!   Jobs rules and events.
//! - `render`: the JSON shapes; `vm_status`: status codes and strings; `faults`: fault
//!   injection; `genesis`: genesis accounts and keys; `address`: addresses and hashes;
//!   `state_upgrade`: state files of earlier dev chains.

mod address;
mod api;
mod chain;
pub mod config;
mod execution;
mod faults;
mod gas;
mod genesis;
mod jobs;
mod mempool;
mod node;
mod render;
mod startup;
mod state_upgrade;
pub mod verify;
mod vm_status;
pub mod wire;

pub use address::{Address, HashValue, ParseHexError};
pub use chain::{LedgerInfo, Role};
pub use config::DevnetConfig;
pub use faults::{FaultConfig, FaultConfigError, FaultCounters, FaultReport};
pub use genesis::{GenesisKey, KeysFileError, write_keys_file};
pub use startup::{Devnet, DevnetHandle, NodeError};
