//! Transaction endpoints: submit, simulate, by_hash, wait_by_hash, by_version and the list.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use serde::Deserialize;
use serde_json::Value;

use super::params::{self, MAX_TRANSACTIONS_PAGE_SIZE, Page, RawQuery};
use super::{ApiError, AppState};
use crate::address::HashValue;
use crate::chain::TransactionLookup;
use crate::node::now_usecs;
use crate::render;
use crate::verify;
use crate::vm_status::ValidationStatus;
use crate::wire::SignedTransaction;

/// The content type of a BCS-encoded signed transaction.
const BCS_SIGNED_TRANSACTION: &str = "application/x.aptos.signed_transaction+bcs";

fn require_bcs(headers: &HeaderMap) -> Result<(), ApiError> {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if content_type.starts_with(BCS_SIGNED_TRANSACTION) {
        Ok(())
    } else {
        Err(ApiError::invalid_input(format!(
            "the dev chain accepts BCS submissions only (Content-Type: {BCS_SIGNED_TRANSACTION}), got {content_type:?}"
        )))
    }
}

/// `POST /v1/transactions`: validate like a fullnode, admit to mempool, answer 202.
#[tracing::instrument(skip_all, fields(hash, sender, seq))]
pub(crate) async fn submit(
    State(node): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    require_bcs(&headers)?;
    let txn = SignedTransaction::decode(&body)?;
    let span = tracing::Span::current();
    span.record("sender", tracing::field::display(txn.raw.sender));
    span.record("seq", txn.raw.sequence_number);
    if !verify::signature_is_valid(&txn) {
        return Err(ApiError::validation(ValidationStatus::INVALID_SIGNATURE));
    }
    let now_secs = now_usecs() / 1_000_000;
    let rendered_source = txn.clone();
    let hash = node
        .chain()
        .submit(txn, now_secs, || node.faults.roll_drop())
        .inspect_err(|e| tracing::info!(error = %e, "submission rejected"))?;
    span.record("hash", tracing::field::display(hash));
    tracing::debug!("accepted");
    Ok((
        StatusCode::ACCEPTED,
        Json(render::pending(
            hash,
            &rendered_source,
            node.settings.jobs_address,
        )),
    ))
}

/// Query options of the simulate endpoint.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct SimulateOptions {
    #[serde(default)]
    estimate_gas_unit_price: bool,
    #[serde(default)]
    estimate_max_gas_amount: bool,
    #[serde(default)]
    estimate_prioritized_gas_unit_price: bool,
}

/// `POST /v1/transactions/simulate`: run without committing; the signature must NOT verify.
#[tracing::instrument(skip_all)]
pub(crate) async fn simulate(
    State(node): State<AppState>,
    Query(options): Query<SimulateOptions>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<Vec<Value>>, ApiError> {
    require_bcs(&headers)?;
    let txn = SignedTransaction::decode(&body)?;
    if verify::signature_is_valid(&txn) {
        return Err(ApiError::invalid_input(
            "Simulated transactions must not have a valid signature",
        ));
    }
    let now = now_usecs();
    let chain = node.chain();
    let sim = chain.simulate(
        &txn,
        now / 1_000_000,
        options.estimate_gas_unit_price || options.estimate_prioritized_gas_unit_price,
        options.estimate_max_gas_amount,
    );
    let ledger = chain.ledger();
    Ok(Json(vec![render::simulation(
        &sim,
        &txn,
        ledger.version,
        ledger.timestamp_usecs,
        node.settings.jobs_address,
    )]))
}

fn parse_hash(raw: &str) -> Result<HashValue, ApiError> {
    raw.parse()
        .map_err(|e| ApiError::invalid_input(format!("invalid transaction hash {raw:?}: {e}")))
}

fn not_found(hash: HashValue) -> ApiError {
    ApiError::not_found(
        "transaction_not_found",
        format!("Transaction not found by Transaction hash({hash})"),
    )
}

fn render_lookup(
    lookup: TransactionLookup,
    hash: HashValue,
    node: &AppState,
) -> Result<Json<Value>, ApiError> {
    let jobs = node.settings.jobs_address;
    match lookup {
        TransactionLookup::Committed(t) => Ok(Json(render::committed(&t, jobs))),
        TransactionLookup::Pending(txn) => Ok(Json(render::pending(hash, &txn, jobs))),
        TransactionLookup::NotFound => Err(not_found(hash)),
    }
}

/// `GET /v1/transactions/by_hash/{hash}`.
#[tracing::instrument(skip_all, fields(hash = %raw))]
pub(crate) async fn by_hash(
    State(node): State<AppState>,
    Path(raw): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let hash = parse_hash(&raw)?;
    let lookup = node.chain().lookup(&hash);
    render_lookup(lookup, hash, &node)
}

/// `GET /v1/transactions/wait_by_hash/{hash}`: holds a pending transaction's request until it
/// commits or the wait timeout passes (then answers pending); unknown hashes answer 404 at once.
#[tracing::instrument(skip_all, fields(hash = %raw))]
pub(crate) async fn wait_by_hash(
    State(node): State<AppState>,
    Path(raw): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let hash = parse_hash(&raw)?;
    let deadline = tokio::time::Instant::now() + node.settings.wait_by_hash_timeout;
    let mut commits = node.subscribe_commits();
    loop {
        let lookup = node.chain().lookup(&hash);
        if !matches!(lookup, TransactionLookup::Pending(_)) {
            return render_lookup(lookup, hash, &node);
        }
        let changed = tokio::time::timeout_at(deadline, commits.changed()).await;
        if !matches!(changed, Ok(Ok(()))) {
            let lookup = node.chain().lookup(&hash);
            return render_lookup(lookup, hash, &node);
        }
    }
}

/// `GET /v1/transactions/by_version/{version}`: version 0 is genesis; past the ledger 404
/// `transaction_not_found`.
#[tracing::instrument(skip_all, fields(version = %raw))]
pub(crate) async fn by_version(
    State(node): State<AppState>,
    Path(raw): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let version = params::u64_string_path("txn_version", &raw)?;
    let chain = node.chain();
    let entry = chain.transaction_by_version(version).ok_or_else(|| {
        ApiError::not_found(
            "transaction_not_found",
            format!("Transaction not found by Ledger version({version})"),
        )
    })?;
    Ok(Json(render::entry(
        &entry,
        chain.genesis_hash(),
        node.settings.jobs_address,
    )))
}

/// `GET /v1/transactions?start=V&limit=L`: versions from `start` (default: the last page, ending
/// at the ledger version), `limit` 25 by default and at most 100; a start past the ledger version
/// is 400 `invalid_input`, as on a real node.
#[tracing::instrument(skip_all)]
pub(crate) async fn list(
    State(node): State<AppState>,
    query: RawQuery,
) -> Result<Json<Vec<Value>>, ApiError> {
    let page = Page::parse(&query, MAX_TRANSACTIONS_PAGE_SIZE)?;
    let chain = node.chain();
    let ledger_version = chain.ledger().version;
    let limit = u64::from(page.limit);
    let start = page
        .start
        .unwrap_or_else(|| ledger_version.saturating_sub(limit - 1));
    if start > ledger_version {
        return Err(ApiError::invalid_input(format!(
            "Given start value ({start}) is higher than the current ledger version, it must be < {ledger_version}"
        )));
    }
    let genesis = chain.genesis_hash();
    let jobs = node.settings.jobs_address;
    Ok(Json(
        chain
            .transactions(start, limit)
            .iter()
            .map(|e| render::entry(e, genesis, jobs))
            .collect(),
    ))
}
