//! `GET /v1` (ledger info, its headers, and what aptos-sdk reads from it) and
//! `GET /v1/estimate_gas_price`.
//!
//! Tolerated by design: `node_role` and `git_hash` name what the node is (`validator` on a local
//! chain, `development_chain` on devnet), so only their type is checked.

use std::sync::Arc;

use crate::chain::Chain;
use crate::failure::{Checked, Failure, ensure, eq, number_field, str_field, u64_field};
use crate::scenario::Measurement;

/// Ledger headers every answer carries (lower case, as HTTP/1 clients see them).
pub const LEDGER_HEADERS: [&str; 7] = [
    "x-aptos-chain-id",
    "x-aptos-ledger-version",
    "x-aptos-ledger-timestampusec",
    "x-aptos-epoch",
    "x-aptos-block-height",
    "x-aptos-ledger-oldest-version",
    "x-aptos-oldest-block-height",
];

/// `GET /v1`: every field with its type, the chain id, the ledger headers agreeing with the body,
/// and aptos-sdk's `ledger_info` / `ensure_chain_id` reading it.
pub async fn ledger_info(chain: Arc<Chain>) -> Checked<Vec<Measurement>> {
    let r = chain.get("").await?;
    let body = r.expect(200)?.clone();
    eq(
        "ledger.chain_id",
        u64::from(chain.target.chain_id),
        number_field("ledger", &body, "chain_id")?,
    )?;
    let mut numbers = std::collections::HashMap::new();
    for name in [
        "epoch",
        "ledger_version",
        "oldest_ledger_version",
        "ledger_timestamp",
        "oldest_block_height",
        "block_height",
    ] {
        numbers.insert(name, u64_field("ledger", &body, name)?);
    }
    str_field("ledger", &body, "node_role")?;
    ensure(
        numbers["oldest_ledger_version"] <= numbers["ledger_version"],
        "ledger.oldest_ledger_version",
        "<= ledger_version",
        &body,
    )?;
    ensure(
        numbers["oldest_block_height"] <= numbers["block_height"],
        "ledger.oldest_block_height",
        "<= block_height",
        &body,
    )?;
    for name in LEDGER_HEADERS {
        let value = r.header(name);
        ensure(
            value.is_some_and(|v| v.parse::<u64>().is_ok()),
            format!("GET /v1 header {name}"),
            "a number",
            value,
        )?;
    }
    let header = |name: &str| r.header(name).and_then(|v| v.parse::<u64>().ok());
    eq(
        "header x-aptos-chain-id",
        Some(u64::from(chain.target.chain_id)),
        header("x-aptos-chain-id"),
    )?;
    eq(
        "header x-aptos-ledger-version",
        Some(numbers["ledger_version"]),
        header("x-aptos-ledger-version"),
    )?;
    eq(
        "header x-aptos-block-height",
        Some(numbers["block_height"]),
        header("x-aptos-block-height"),
    )?;
    eq(
        "header x-aptos-epoch",
        Some(numbers["epoch"]),
        header("x-aptos-epoch"),
    )?;
    eq(
        "header x-aptos-ledger-timestampusec",
        Some(numbers["ledger_timestamp"]),
        header("x-aptos-ledger-timestampusec"),
    )?;

    let info = chain
        .aptos
        .ledger_info()
        .await
        .map_err(Failure::sdk("aptos-sdk ledger_info"))?;
    ensure(
        info.version().is_ok_and(|v| v >= numbers["ledger_version"]),
        "aptos-sdk ledger_info version",
        ">= the version read before",
        info.ledger_version.clone(),
    )?;
    let id = chain
        .aptos
        .ensure_chain_id()
        .await
        .map_err(Failure::sdk("aptos-sdk ensure_chain_id"))?;
    eq("aptos-sdk ensure_chain_id", chain.target.chain_id, id.id())?;

    // A committed transaction moves the ledger past its version.
    let account = chain.new_account(1_000_000_000).await?;
    let txn = chain
        .execute(
            &account,
            crate::jobs::transfer(crate::jobs::fresh_address(), 1)?,
        )
        .await?;
    let version = u64_field("transaction", &txn, "version")?;
    let after = chain.ledger_version().await?;
    ensure(
        after >= version,
        "ledger_version after a commit",
        &format!(">= {version}"),
        after,
    )?;
    Ok(vec![])
}

/// `GET /v1/estimate_gas_price`: three JSON numbers, ordered, at least the minimum price (100);
/// on an idle chain the same three values as the reference.
pub async fn gas_price_estimate(chain: Arc<Chain>) -> Checked<Vec<Measurement>> {
    let r = chain.get("estimate_gas_price").await?;
    let body = r.expect(200)?;
    let low = number_field("estimate", body, "deprioritized_gas_estimate")?;
    let mid = number_field("estimate", body, "gas_estimate")?;
    let high = number_field("estimate", body, "prioritized_gas_estimate")?;
    ensure(
        100 <= low && low <= mid && mid <= high,
        "estimate_gas_price",
        "100 <= deprioritized <= gas_estimate <= prioritized",
        body,
    )?;
    let sdk = chain
        .aptos
        .fullnode()
        .estimate_gas_price()
        .await
        .map_err(Failure::sdk("aptos-sdk estimate_gas_price"))?;
    eq("aptos-sdk estimate_gas_price", mid, sdk.data.gas_estimate)?;
    Ok(vec![
        Measurement::exact("deprioritized_gas_estimate", low),
        Measurement::exact("gas_estimate", mid),
        Measurement::exact("prioritized_gas_estimate", high),
    ])
}
