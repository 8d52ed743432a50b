//! campaign-svc: the payout ledger.
//!
//! Modules follow a grant's path through the service:
//! * [`game`] reads the game's users (balances and wallets) and [`ledger`] turns their unpaid
//!   deltas into grants, on the [`schedule`] or on demand;
//! * [`http`] takes campaign grants ([`campaigns`] holds their rules) and answers status queries
//!   ([`grants`] holds the records; `http::auth` checks API keys and each route's scope,
//!   `http::error` shapes every error response);
//! * [`outbox`] hands recorded grants to Pub/Sub;
//! * [`notifications`] records an event for every settled grant and ledger run, in the same
//!   transaction, and hands it to the notifications topic; [`webhooks`] delivers it, signed, to
//!   the HTTPS endpoints an operator registered;
//! * [`stuck`] lets an operator end a grant that never got a result, after [`chain`] (chain-svc)
//!   confirmed the contract has not paid it;
//! * [`results`] applies chain-svc's results back to the ledger;
//! * [`batch`] combines concurrent requests' database work (grant inserts, user lookups), and
//!   [`database`] tells an unreachable database from a statement that failed on its data;
//! * [`startup`] wires it together, [`config`] reads the settings, [`demo`] seeds a demo game table.
//!
//! Every statement with a fixed text is one of sqlx's query macros, checked against the schema
//! when the crate compiles (offline against `.sqlx`; `scripts/sqlx-prepare.sh` writes and checks
//! it). Only statements assembled at run time are not: the ledger's partition statement and the
//! game-user lookup (both around the operator's `GAME_USERS_QUERY`), and the transaction control
//! they run on the game's database.

pub mod batch;
pub mod campaigns;
pub mod chain;
pub mod config;
pub mod database;
pub mod demo;
pub mod game;
pub mod grants;
pub mod http;
pub mod ledger;
pub mod notifications;
pub mod outbox;
pub mod results;
pub mod schedule;
pub mod startup;
pub mod stuck;
pub mod webhooks;
