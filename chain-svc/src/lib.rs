//! chain-svc: grant requests in from Pub/Sub, batched `jobs::submit_job` transactions to an
//! Aptos-compatible chain (Movement in production, the dev chain in tests), one result per
//! grant out.
//!
//! Modules follow a grant's path:
//! [`config`] → [`intake`] (streaming pull, validation, dead-letter; [`inflight`] keeps one
//! grant per id and the deliveries waiting on it) → [`batcher`] (batch cap from [`gas`], the
//! cost model of a job on the Move VM, lowered by [`sizing`] after a VM limit) →
//! [`submission`] (build, sign, post, watch, split; [`signer`] pool with one [`sequence`]
//! manager each; [`payload`] the Jobs call; [`node`] the REST calls; [`classify`] node and Move
//! errors to recoveries) → [`settlement`] (committed events → one fate per grant; [`grant`];
//! [`payment`] resolves an already-paid grant's original transaction) → [`results`] (publish,
//! then ack). [`http`] serves health, readiness, stats and metrics; [`app`] wires it all and
//! owns start-up and shutdown; [`stats`] counts.
//!
//! The exactly-once argument is in `ARCHITECTURE.md` ("Exactly-once chain of custody"); in one line: the contract never pays a grant
//! id twice, a request is acked only after its result is published, and a grant is reported
//! failed only when every transaction that carried it is known dead and the contract's own
//! record says it is unpaid.

pub mod app;
pub mod batcher;
pub mod classify;
pub mod config;
pub mod gas;
pub mod grant;
pub mod holders;
pub mod http;
pub mod inflight;
pub mod intake;
pub mod node;
pub mod payload;
pub mod payment;
pub mod results;
pub mod sequence;
pub mod settlement;
pub mod signer;
pub mod sizing;
pub mod stats;
pub mod submission;
