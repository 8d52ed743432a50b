//! chain-svc: grant requests in from Pub/Sub, batched `jobs::submit_job` transactions to an
//! Aptos-compatible chain (Movement in production, the dev chain in tests), one result per
//! grant out.
//!
//! Modules follow a grant's path (public: what the binary, the tests, the examples and e2e use;
//! the rest is `pub(crate)`):
//! [`config`] → `intake` (streaming pull, validation, dead-letter; `inflight` keeps one
//! grant per id and the deliveries waiting on it) → `batcher` (batch cap from [`gas`], the
//! cost model of a job on the Move VM, lowered by `sizing` after a VM limit) →
//! `submission` (build, sign, post, watch, split; `signer` pool with one `sequence`
//! manager each; [`payload`] the Jobs call; [`node`] the REST calls; `classify` node and Move
//! errors to recoveries) → `settlement` (committed events → one fate per grant; [`grant`];
//! [`payment`] resolves an already-paid grant's original transaction) → `results` (publish,
//! then ack). `http` serves health, readiness, stats and metrics; [`startup`] wires it all
//! ([`startup::Application`]: build, then run until shutdown, then drain); [`stats`] counts.
//!
//! The exactly-once argument is in `ARCHITECTURE.md` ("Exactly-once chain of custody"); in one line: the contract never pays a grant
//! id twice, a request is acked only after its result is published, and a grant is reported
//! failed only when every transaction that carried it is known dead and the contract's own
//! record says it is unpaid.

mod batcher;
mod classify;
pub mod config;
pub mod gas;
pub mod grant;
mod holders;
mod http;
mod inflight;
mod intake;
pub mod node;
pub mod payload;
pub mod payment;
mod results;
mod sequence;
mod settlement;
mod signer;
mod sizing;
pub mod startup;
pub mod stats;
mod submission;
