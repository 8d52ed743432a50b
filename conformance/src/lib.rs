//! `conformance`: one suite, two chains. The same scenarios run against the dev chain (`devnet`)
//! and a real Movement local chain (`movement node run-localnet` with `move/jobs` published), and
//! must end the same way on both; the real chain is the reference.
//!
//! Layout:
//! - [`target`]: a chain under test (node and faucet URLs, Jobs address, admin key, chain id),
//!   read from a `KEY=VALUE` file.
//! - [`chain`]: a connection to one target: raw REST calls, signing with aptos-sdk, fresh funded
//!   accounts and operators.
//! - [`jobs`]: `move/jobs` payloads, abort statuses, events and the `FeeStatement`.
//! - [`failure`]: why a scenario failed, and the assertion helpers.
//! - [`scenario`]: the scenario type and cross-chain [`scenario::Measurement`]s.
//! - [`scenarios`]: every scenario, grouped by what they exercise.
//! - [`run`]: running targets side by side, comparing measurements, the report lines.

pub mod chain;
pub mod failure;
pub mod jobs;
pub mod run;
pub mod scenario;
pub mod scenarios;
pub mod target;

pub use chain::Chain;
pub use failure::{Checked, Failure};
pub use scenario::{Agreement, Measurement, Scenario};
pub use target::Target;
