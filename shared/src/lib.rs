//! What campaign-svc and chain-svc share.
//!
//! The data's path decides the layout: [`grant`] holds the two messages that cross the bus and
//! their validation; [`pubsub`] moves them (provisioning, publishing, streaming pull);
//! [`dead_letter`] is the one attribute schema for what a service dead-letters;
//! [`signing`] authenticates every message between the services;
//! [`wallet`] is the one rule for wallet addresses and [`identifier`] the one for user and
//! campaign ids;
//! [`telemetry`] and [`shutdown`] are the operational frame every service runs in. The
//! `testkit` feature adds [`testkit`], which starts the real Postgres and Pub/Sub emulator that
//! the integration tests run against.

pub mod dead_letter;
pub mod grant;
pub mod identifier;
pub mod pubsub;
pub mod shutdown;
pub mod signing;
pub mod telemetry;
#[cfg(feature = "testkit")]
pub mod testkit;
pub mod wallet;
