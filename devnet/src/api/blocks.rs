//! Block endpoints: `GET /v1/blocks/by_height/{height}` and `GET /v1/blocks/by_version/{version}`,
//! each with `?with_transactions=true|false`.

use axum::Json;
use axum::extract::{Path, State};
use serde_json::Value;

use super::params::{self, MAX_BLOCK_TRANSACTIONS, RawQuery};
use super::{ApiError, AppState};
use crate::chain::{Block, Chain};
use crate::render;

/// The block JSON, listing its transactions when asked.
fn rendered(chain: &Chain, block: &Block, with_transactions: bool, node: &AppState) -> Value {
    let transactions = with_transactions.then(|| {
        let genesis = chain.genesis_hash();
        chain
            .block_transactions(block, MAX_BLOCK_TRANSACTIONS)
            .iter()
            .map(|e| render::entry(e, genesis, node.settings.jobs_address))
            .collect()
    });
    render::block(block, transactions)
}

/// `GET /v1/blocks/by_height/{height}`: 404 `block_not_found` past the chain.
#[tracing::instrument(skip_all, fields(height = %raw))]
pub(crate) async fn by_height(
    State(node): State<AppState>,
    Path(raw): Path<String>,
    query: RawQuery,
) -> Result<Json<Value>, ApiError> {
    let height = params::u64_integer_path("block_height", &raw)?;
    let with_transactions = params::optional_bool(&query, "with_transactions")?;
    let chain = node.chain();
    let block = chain.block_by_height(height).ok_or_else(|| {
        ApiError::not_found(
            "block_not_found",
            format!("Block not found by Block height({height})"),
        )
    })?;
    Ok(Json(rendered(&chain, &block, with_transactions, &node)))
}

/// `GET /v1/blocks/by_version/{version}`: the block holding `version`; 404 `version_not_found`
/// past the ledger.
#[tracing::instrument(skip_all, fields(version = %raw))]
pub(crate) async fn by_version(
    State(node): State<AppState>,
    Path(raw): Path<String>,
    query: RawQuery,
) -> Result<Json<Value>, ApiError> {
    let version = params::u64_integer_path("version", &raw)?;
    let with_transactions = params::optional_bool(&query, "with_transactions")?;
    let chain = node.chain();
    let block = chain.block_by_version(version).ok_or_else(|| {
        ApiError::not_found(
            "version_not_found",
            format!("Ledger version not found by Ledger version({version})"),
        )
    })?;
    Ok(Json(rendered(&chain, &block, with_transactions, &node)))
}
