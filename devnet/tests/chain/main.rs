//! Integration tests: a real dev chain in-process on a free port, driven over HTTP through
//! aptos-sdk's unmodified client (and raw HTTP where the SDK hides the exact error).

mod account_transactions;
mod faults;
mod gas;
mod helpers;
mod http_surface;
mod jobs;
mod ledger_history;
mod modules;
mod resources;
mod rest;
mod sdk_flow;
mod state_file;
mod validation;
mod views;
