//! Read-only endpoints: ledger info, accounts, gas estimate.

use axum::Json;
use axum::extract::{Path, State};
use serde_json::{Value, json};

use super::accounts::account_not_found;
use super::{ApiError, AppState, params};
use crate::execution::gas;

/// The `node_role` this chain reports: not `full_node`/`validator`, so no client can mistake it
/// for a real network (aptos-sdk parses the field as a plain string).
pub(crate) const NODE_ROLE: &str = "development_chain";

/// `GET /v1`.
#[tracing::instrument(skip_all)]
pub(crate) async fn ledger_info(State(node): State<AppState>) -> Json<Value> {
    let ledger = node.chain().ledger();
    Json(json!({
        "chain_id": ledger.chain_id,
        "epoch": ledger.epoch.to_string(),
        "ledger_version": ledger.version.to_string(),
        "oldest_ledger_version": "0",
        "ledger_timestamp": ledger.timestamp_usecs.to_string(),
        "node_role": NODE_ROLE,
        "oldest_block_height": "0",
        "block_height": ledger.block_height.to_string(),
        "git_hash": concat!("devnet-", env!("CARGO_PKG_VERSION"), "-development-chain"),
    }))
}

/// `GET /v1/accounts/{address}`.
#[tracing::instrument(skip_all, fields(address = %raw))]
pub(crate) async fn account(
    State(node): State<AppState>,
    Path(raw): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let address = params::address_path(&raw)?;
    let chain = node.chain();
    match chain.account(&address) {
        Some(account) => Ok(Json(json!({
            "sequence_number": account.sequence_number.to_string(),
            "authentication_key": account.authentication_key.to_long_string(),
        }))),
        None => Err(account_not_found(&address, chain.ledger().version)),
    }
}

/// `GET /v1/estimate_gas_price`.
#[tracing::instrument(skip_all)]
pub(crate) async fn estimate_gas_price() -> Json<Value> {
    let (low, normal, high) = gas::ESTIMATE;
    Json(json!({
        "deprioritized_gas_estimate": low,
        "gas_estimate": normal,
        "prioritized_gas_estimate": high,
    }))
}
