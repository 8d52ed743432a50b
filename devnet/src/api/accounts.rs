//! Account endpoints beyond `GET /v1/accounts/{address}`: the account's committed transactions.

use axum::Json;
use axum::extract::{Path, State};
use serde_json::Value;

use super::params::{self, MAX_TRANSACTIONS_PAGE_SIZE, Page, RawQuery};
use super::{ApiError, AppState};
use crate::address::Address;
use crate::render;

/// 404 `account_not_found`, worded as a real node words it (address as a hex literal).
pub fn account_not_found(address: &Address, ledger_version: u64) -> ApiError {
    ApiError::not_found(
        "account_not_found",
        format!(
            "Account not found by Address({}) and Ledger version({ledger_version})",
            address.to_hex_literal()
        ),
    )
}

/// `GET /v1/accounts/{address}/transactions?start=S&limit=L`: the account's committed user
/// transactions, ascending by sequence number from `start` (default: the latest `limit`),
/// `limit` 25 by default and at most 100; an unknown account is 404 `account_not_found`, a start
/// past the end an empty list.
#[tracing::instrument(skip_all, fields(address = %raw))]
pub async fn transactions(
    State(node): State<AppState>,
    Path(raw): Path<String>,
    query: RawQuery,
) -> Result<Json<Vec<Value>>, ApiError> {
    let address = params::address_path(&raw)?;
    let page = Page::parse(&query, MAX_TRANSACTIONS_PAGE_SIZE)?;
    let chain = node.chain();
    let found = chain
        .account_transactions(&address, page.start, usize::from(page.limit))
        .ok_or_else(|| account_not_found(&address, chain.ledger().version))?;
    drop(chain);
    let jobs = node.settings.jobs_address;
    Ok(Json(
        found.iter().map(|t| render::committed(t, jobs)).collect(),
    ))
}
