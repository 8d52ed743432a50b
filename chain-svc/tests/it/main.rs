//! chain-svc's integration tests, one test binary (one link, one process sharing the testkit's
//! Postgres, emulator and local chain): each module is one subject, on the dev chain and, where it
//! says so, on the run's real Movement local chain.

mod common;
mod crash;
mod faults;
mod limits;
mod payment;
mod pipeline;
mod signing;
