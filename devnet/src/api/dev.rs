//! Development affordances: the faucet and the admin endpoints (faults, sequence drift, operators).
//! None of these exist on a real node.

use axum::Json;
use axum::extract::{Path, Query, State};
use serde::Deserialize;
use serde_json::{Value, json};

use super::{ApiError, AppState};
use crate::address::Address;
use crate::faults::{FaultConfig, FaultReport};
use crate::node::now_usecs;

/// Query of `POST /mint`, as the Aptos faucet takes it.
#[derive(Debug, Deserialize)]
pub(crate) struct MintQuery {
    address: String,
    amount: u64,
}

/// `POST /mint?address=0x..&amount=N`: funds (and creates) an account; answers `["<hash>"]` (hex
/// without `0x`, as the Aptos faucet writes it).
#[tracing::instrument(skip_all, fields(address = %query.address, amount = query.amount))]
pub(crate) async fn mint(
    State(node): State<AppState>,
    Query(query): Query<MintQuery>,
) -> Result<Json<Vec<String>>, ApiError> {
    let address: Address = query
        .address
        .parse()
        .map_err(|e| ApiError::invalid_input(format!("invalid address: {e}")))?;
    if query.amount > node.settings.faucet_max_amount {
        return Err(ApiError::invalid_input(format!(
            "amount {} above the faucet limit {}",
            query.amount, node.settings.faucet_max_amount
        )));
    }
    let (hash, version) = {
        let mut chain = node.chain();
        let hash = chain.mint(address, query.amount, now_usecs());
        (hash, chain.ledger().version)
    };
    node.notify_commits(version);
    tracing::info!(%hash, "faucet mint");
    // As the Aptos faucet answers: hex without `0x`.
    Ok(Json(vec![hex::encode(hash.0)]))
}

/// `GET /admin/faults`: configuration and counters.
#[tracing::instrument(skip_all)]
pub(crate) async fn get_faults(State(node): State<AppState>) -> Json<FaultReport> {
    Json(node.faults.report())
}

/// `POST /admin/faults`: replaces the configuration (omitted fields are off); answers the report.
#[tracing::instrument(skip_all)]
pub(crate) async fn set_faults(
    State(node): State<AppState>,
    Json(config): Json<FaultConfig>,
) -> Result<Json<FaultReport>, ApiError> {
    node.faults
        .set(config)
        .map_err(|e| ApiError::invalid_input(e.to_string()))?;
    tracing::warn!(config = ?node.faults.config(), "fault injection changed");
    Ok(Json(node.faults.report()))
}

/// Body of the bump-sequence endpoint.
#[derive(Debug, Deserialize)]
pub(crate) struct BumpRequest {
    by: u64,
}

/// `POST /admin/accounts/{address}/bump-sequence` `{"by": N}`: advances the account's sequence
/// number as if another process had used the key (sequence drift).
#[tracing::instrument(skip_all, fields(address = %raw, by = request.by))]
pub(crate) async fn bump_sequence(
    State(node): State<AppState>,
    Path(raw): Path<String>,
    Json(request): Json<BumpRequest>,
) -> Result<Json<Value>, ApiError> {
    let address: Address = raw
        .parse()
        .map_err(|e| ApiError::invalid_input(format!("invalid address: {e}")))?;
    let seq = node
        .chain()
        .bump_sequence(&address, request.by)
        .ok_or_else(|| {
            ApiError::not_found(
                "account_not_found",
                format!("Account not found by Address({})", address.to_long_string()),
            )
        })?;
    Ok(Json(json!({
        "address": address.to_long_string(),
        "sequence_number": seq.to_string(),
    })))
}

/// Body of `POST /admin/operators`.
#[derive(Debug, Deserialize)]
pub(crate) struct OperatorRequest {
    address: String,
}

/// `POST /admin/operators` `{"address": "0x.."}`: registers an operator without a transaction.
#[tracing::instrument(skip_all, fields(address = %request.address))]
pub(crate) async fn add_operator(
    State(node): State<AppState>,
    Json(request): Json<OperatorRequest>,
) -> Result<Json<Value>, ApiError> {
    let address: Address = request
        .address
        .parse()
        .map_err(|e| ApiError::invalid_input(format!("invalid address: {e}")))?;
    node.chain().jobs_mut().operators.insert(address);
    Ok(Json(json!({ "operator": address.to_long_string() })))
}
