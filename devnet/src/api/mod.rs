//! HTTP surface: the Aptos REST subset under `/v1`, the faucet (`/mint`) and `/admin`.
//!
//! Every response carries the `X-Aptos-*` ledger headers. `/v1` requests pass the fault layer
//! (latency, 503, 429) first.

mod accounts;
mod blocks;
mod dev;
mod error;
mod info;
mod modules;
mod move_type;
mod params;
mod transactions;
mod view;

use std::sync::Arc;

use axum::Router;
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::{HeaderName, HeaderValue};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};

pub(crate) use error::ApiError;

use crate::faults::HttpFault;
use crate::node::Node;

/// Shared handler state.
pub(crate) type AppState = Arc<Node>;

/// Request bodies larger than this are refused before parsing (transactions are limited to
/// 64 KiB by validation; this bound only protects the process).
const MAX_BODY_BYTES: usize = 8 * 1024 * 1024;

/// Builds the router.
pub(crate) fn router(node: Arc<Node>) -> Router {
    let v1 = Router::new()
        .route("/v1", get(info::ledger_info))
        .route("/v1/", get(info::ledger_info))
        .route("/v1/accounts/{address}", get(info::account))
        .route(
            "/v1/accounts/{address}/transactions",
            get(accounts::transactions),
        )
        .route("/v1/accounts/{address}/modules", get(modules::list))
        .route("/v1/accounts/{address}/module/{name}", get(modules::one))
        .route(
            "/v1/accounts/{address}/resources",
            get(accounts::list_resources),
        )
        .route(
            "/v1/accounts/{address}/resource/{resource_type}",
            get(accounts::resource),
        )
        .route("/v1/estimate_gas_price", get(info::estimate_gas_price))
        .route("/v1/view", post(view::view))
        .route(
            "/v1/transactions",
            get(transactions::list).post(transactions::submit),
        )
        .route(
            "/v1/transactions/by_version/{version}",
            get(transactions::by_version),
        )
        .route("/v1/blocks/by_height/{height}", get(blocks::by_height))
        .route("/v1/blocks/by_version/{version}", get(blocks::by_version))
        .route("/v1/transactions/simulate", post(transactions::simulate))
        .route(
            "/v1/transactions/by_hash/{hash}",
            get(transactions::by_hash),
        )
        .route(
            "/v1/transactions/wait_by_hash/{hash}",
            get(transactions::wait_by_hash),
        )
        .layer(middleware::from_fn_with_state(node.clone(), inject_faults));
    let dev = Router::new()
        .route("/mint", post(dev::mint))
        .route("/admin/faults", get(dev::get_faults).post(dev::set_faults))
        .route(
            "/admin/accounts/{address}/bump-sequence",
            post(dev::bump_sequence),
        )
        .route("/admin/operators", post(dev::add_operator));
    v1.merge(dev)
        .layer(middleware::from_fn_with_state(node.clone(), ledger_headers))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .with_state(node)
}

/// Applies the HTTP-level faults to a `/v1` request.
async fn inject_faults(State(node): State<AppState>, request: Request, next: Next) -> Response {
    if let Some(delay) = node.faults.latency() {
        tokio::time::sleep(delay).await;
    }
    match node.faults.roll_http() {
        Some(HttpFault::ServiceUnavailable) => ApiError::injected_unavailable().into_response(),
        Some(HttpFault::RateLimited { retry_after_secs }) => {
            ApiError::injected_rate_limit(retry_after_secs).into_response()
        }
        None => next.run(request).await,
    }
}

/// Adds the `X-Aptos-*` headers a real node sends, plus the two spellings aptos-sdk 0.8 reads
/// (`x-aptos-ledger-timestamp`, `x-aptos-oldest-ledger-version`) and `X-Devnet-Node` naming this a
/// development chain.
async fn ledger_headers(State(node): State<AppState>, request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let ledger = node.chain().ledger();
    let headers = response.headers_mut();
    let pairs: [(&'static str, String); 10] = [
        ("x-aptos-chain-id", ledger.chain_id.to_string()),
        ("x-aptos-ledger-version", ledger.version.to_string()),
        ("x-aptos-ledger-oldest-version", "0".into()),
        ("x-aptos-oldest-ledger-version", "0".into()),
        (
            "x-aptos-ledger-timestampusec",
            ledger.timestamp_usecs.to_string(),
        ),
        (
            "x-aptos-ledger-timestamp",
            ledger.timestamp_usecs.to_string(),
        ),
        ("x-aptos-epoch", ledger.epoch.to_string()),
        ("x-aptos-block-height", ledger.block_height.to_string()),
        ("x-aptos-oldest-block-height", "0".into()),
        ("x-devnet-node", "development-chain".into()),
    ];
    for (name, value) in pairs {
        if let Ok(value) = HeaderValue::from_str(&value) {
            headers.insert(HeaderName::from_static(name), value);
        }
    }
    response
}
