//! campaign-svc against real Postgres and the real Pub/Sub emulator (started by
//! `shared::testkit`). Each test gets its own database and its own topics.

mod api;
mod campaigns;
mod common;
mod http_edge;
mod ledger;
mod notification_retention;
mod notifications;
mod openapi;
mod outbox;
mod results;
mod retry;
mod stuck;
mod wallets;
mod webhooks;
