//! `devnet`: a local **development chain** that speaks the subset of the Aptos node REST API the
//! services use, and runs the Jobs contract (`move/jobs`) natively. It is a development and test
//! tool, never production: production points chain-svc at Movement (mainnet chain id 126,
//! Bardock testnet 250).
//!
//! Layout, following a transaction's path:
//! - [`config`]: the clap configuration (`DEVNET_*` env vars).
//! - [`node`]: start-up ([`Devnet::start`]), the shared [`node::Node`], the block producer, the
//!   state file, and [`DevnetHandle`] for in-process use.
//! - `api`: the HTTP routes (`/v1/...`, `/mint`, `/admin/...`) and the error body.
//! - [`wire`]: BCS decoding of signed transactions; [`verify`]: signature and auth key.
//! - [`chain`]: validation, mempool admission ([`mempool`]), block production, lookups, views.
//! - [`execution`]: runs a payload; [`gas`]: what the real VM charges and its limits;
//!   [`jobs`]: the Jobs rules and events.
//! - [`render`]: the JSON shapes; [`vm_status`]: status codes and strings; [`faults`]: fault
//!   injection; [`genesis`]: genesis accounts and keys; [`address`]: addresses and hashes;
//!   [`state_upgrade`]: state files of earlier dev chains.

pub mod address;
mod api;
pub mod chain;
pub mod config;
pub mod execution;
pub mod faults;
pub mod gas;
pub mod genesis;
pub mod jobs;
pub mod mempool;
pub mod node;
pub mod render;
pub mod state_upgrade;
pub mod verify;
pub mod vm_status;
pub mod wire;

pub use address::{Address, HashValue};
pub use api::ApiError;
pub use config::DevnetConfig;
pub use faults::{FaultConfig, FaultCounters, FaultReport};
pub use node::{Devnet, DevnetHandle, NodeError};
