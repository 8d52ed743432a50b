//! Finding transactions and blocks: by hash, waiting by hash, by version, by account, and blocks
//! by height and by version.
//!
//! Tolerated by design: a real chain interleaves `block_metadata_transaction` and
//! `state_checkpoint_transaction` entries between user transactions, so versions are only
//! compared for order and blocks only for containing the transaction, never for their size.

use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::chain::{Chain, expect_success};
use crate::failure::{Checked, Failure, Lit, array_field, ensure, eq, field, str_field, u64_field};
use crate::jobs::api_address;
use crate::scenario::Measurement;
use crate::scenarios::events::account_with_leading_zero;
use crate::scenarios::sequence::transfer_at;

/// Octas a scenario account starts with.
const FUNDS: u64 = 1_000_000_000;

/// Fields a committed user transaction carries, and their JSON types (`s` = u64 string,
/// `t` = other string, `b` = bool, `a` = array, `o` = object).
const USER_TRANSACTION_FIELDS: &[(&str, char)] = &[
    ("version", 's'),
    ("hash", 't'),
    ("state_change_hash", 't'),
    ("event_root_hash", 't'),
    ("gas_used", 's'),
    ("success", 'b'),
    ("vm_status", 't'),
    ("accumulator_root_hash", 't'),
    ("changes", 'a'),
    ("sender", 't'),
    ("sequence_number", 's'),
    ("max_gas_amount", 's'),
    ("gas_unit_price", 's'),
    ("expiration_timestamp_secs", 's'),
    ("payload", 'o'),
    ("signature", 'o'),
    ("events", 'a'),
    ("timestamp", 's'),
    ("type", 't'),
];

/// Fields of a pending transaction.
const PENDING_TRANSACTION_FIELDS: &[(&str, char)] = &[
    ("hash", 't'),
    ("sender", 't'),
    ("sequence_number", 's'),
    ("max_gas_amount", 's'),
    ("gas_unit_price", 's'),
    ("expiration_timestamp_secs", 's'),
    ("payload", 'o'),
    ("signature", 'o'),
    ("type", 't'),
];

fn check_fields(what: &str, value: &Value, fields: &[(&str, char)]) -> Checked {
    for (name, kind) in fields {
        let v = field(what, value, name)?;
        let ok = match kind {
            's' => v.as_str().is_some_and(|s| s.parse::<u64>().is_ok()),
            't' => v.is_string(),
            'b' => v.is_boolean(),
            'a' => v.is_array(),
            _ => v.is_object(),
        };
        ensure(ok, format!("{what}.{name}"), &format!("of kind {kind}"), v)?;
    }
    Ok(())
}

/// `by_hash`: unknown → 404 `transaction_not_found`; parked → `pending_transaction` without a
/// version; committed → `user_transaction` with every field a client reads, payload and
/// signature rendered as a fullnode renders them.
pub async fn transaction_by_hash(chain: Arc<Chain>) -> Checked<Vec<Measurement>> {
    chain
        .get(&format!("transactions/by_hash/0x{}", "ab".repeat(32)))
        .await?
        .expect_error(404, "transaction_not_found", None)?;
    // A sender with a leading zero byte shows how `sender` is rendered.
    let account = account_with_leading_zero();
    chain.fund(account.address(), FUNDS).await?;
    let parked = transfer_at(&chain, &account, 1, 7)?;
    let hash = chain.submit_accepted(&parked).await?;
    let r = chain.get(&format!("transactions/by_hash/{hash}")).await?;
    let pending = r.expect(200)?;
    check_fields("pending", pending, PENDING_TRANSACTION_FIELDS)?;
    eq(
        "pending.type",
        "pending_transaction",
        str_field("pending", pending, "type")?,
    )?;
    eq(
        "pending.hash",
        hash.to_string(),
        str_field("pending", pending, "hash")?.to_string(),
    )?;
    eq(
        "pending.sequence_number",
        1,
        u64_field("pending", pending, "sequence_number")?,
    )?;
    eq(
        "pending.sender",
        api_address(account.address()),
        str_field("pending", pending, "sender")?.to_string(),
    )?;
    ensure(
        pending.get("version").is_none(),
        "pending.version",
        "absent",
        pending,
    )?;
    let pending_payload = pending["payload"].clone();
    let pending_signature = pending["signature"].clone();

    let gap = transfer_at(&chain, &account, 0, 7)?;
    let gap_hash = chain.submit_accepted(&gap).await?;
    chain.committed(&gap_hash).await?;
    let txn = chain.committed(&hash).await?;
    check_fields("user transaction", &txn, USER_TRANSACTION_FIELDS)?;
    eq(
        "committed.type",
        "user_transaction",
        str_field("txn", &txn, "type")?,
    )?;
    expect_success("transfer", &txn)?;
    eq(
        "committed.sender",
        api_address(account.address()),
        str_field("txn", &txn, "sender")?.to_string(),
    )?;
    eq(
        "committed.payload vs pending.payload",
        &pending_payload,
        &txn["payload"],
    )?;
    eq(
        "committed.signature vs pending.signature",
        &pending_signature,
        &txn["signature"],
    )?;
    let payload = &txn["payload"];
    eq(
        "payload.type",
        Some("entry_function_payload"),
        payload["type"].as_str(),
    )?;
    eq(
        "payload.function",
        Some("0x1::aptos_account::transfer"),
        payload["function"].as_str(),
    )?;
    eq(
        "payload.type_arguments",
        &Value::Array(vec![]),
        &payload["type_arguments"],
    )?;
    let args = array_field("payload", payload, "arguments")?;
    eq(
        "payload.arguments[1]",
        Some("7"),
        args.get(1).and_then(Value::as_str),
    )?;
    let signature = &txn["signature"];
    eq(
        "signature.type",
        Some("ed25519_signature"),
        signature["type"].as_str(),
    )?;
    eq(
        "signature.public_key",
        Some(account.public_key().to_hex()),
        signature["public_key"].as_str().map(str::to_string),
    )?;
    ensure(
        signature["signature"]
            .as_str()
            .is_some_and(|s| s.len() == 130),
        "signature.signature",
        "0x + 64 bytes of hex",
        signature,
    )?;
    Ok(vec![])
}

/// `wait_by_hash`: unknown → 404 at once; a parked transaction is held for a while and then
/// answered as pending; once the gap fills it answers the committed transaction.
pub async fn wait_by_hash(chain: Arc<Chain>) -> Checked<Vec<Measurement>> {
    let started = Instant::now();
    chain
        .get(&format!("transactions/wait_by_hash/0x{}", "cd".repeat(32)))
        .await?
        .expect_error(404, "transaction_not_found", None)?;
    ensure(
        started.elapsed() < Duration::from_millis(500),
        "wait_by_hash(unknown) answered",
        "at once (< 0.5 s)",
        started.elapsed(),
    )?;
    let account = chain.new_account(FUNDS).await?;
    let parked = transfer_at(&chain, &account, 1, 1)?;
    let hash = chain.submit_accepted(&parked).await?;
    let started = Instant::now();
    let r = chain
        .get(&format!("transactions/wait_by_hash/{hash}"))
        .await?;
    let held = started.elapsed();
    eq(
        "wait_by_hash(parked).type",
        Some("pending_transaction"),
        r.expect(200)?["type"].as_str(),
    )?;
    ensure(
        held >= Duration::from_millis(500) && held < Duration::from_secs(10),
        "wait_by_hash(parked) held the request",
        "between 0.5 s and 10 s",
        held,
    )?;
    let gap = transfer_at(&chain, &account, 0, 1)?;
    chain.submit_accepted(&gap).await?;
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let r = chain
            .get(&format!("transactions/wait_by_hash/{hash}"))
            .await?;
        let body = r.expect(200)?;
        if body["type"] == "user_transaction" {
            eq(
                "wait_by_hash(committed).hash",
                Some(hash.to_string()),
                body["hash"].as_str().map(str::to_string),
            )?;
            return Ok(vec![]);
        }
        if Instant::now() >= deadline {
            return Err(Failure::Timeout {
                what: "wait_by_hash to answer the committed transaction".into(),
                secs: 30,
            });
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// `by_version/{v}` answers the same transaction as `by_hash`; a version past the ledger is 404.
pub async fn transaction_by_version(chain: Arc<Chain>) -> Checked<Vec<Measurement>> {
    let account = chain.new_account(FUNDS).await?;
    let signed = transfer_at(&chain, &account, 0, 3)?;
    let hash = chain.submit_accepted(&signed).await?;
    let txn = chain.committed(&hash).await?;
    let version = u64_field("txn", &txn, "version")?;
    let r = chain
        .get(&format!("transactions/by_version/{version}"))
        .await?;
    eq("by_version vs by_hash", &txn, r.expect(200)?)?;
    let sdk = chain
        .aptos
        .fullnode()
        .get_transaction_by_version(version)
        .await
        .map_err(Failure::sdk("aptos-sdk get_transaction_by_version"))?;
    eq(
        "aptos-sdk get_transaction_by_version hash",
        Some(hash.to_string()),
        sdk.data["hash"].as_str().map(str::to_string),
    )?;
    let beyond = chain.ledger_version().await? + 1_000_000_000;
    chain
        .get(&format!("transactions/by_version/{beyond}"))
        .await?
        .expect_error(404, "transaction_not_found", None)?;
    Ok(vec![])
}

/// `GET /v1/accounts/{a}/transactions`: the account's committed transactions in sequence order,
/// `start` and `limit` as a cursor over sequence numbers, 404 `account_not_found` for an
/// unknown account.
pub async fn account_transactions(chain: Arc<Chain>) -> Checked<Vec<Measurement>> {
    let account = chain.new_account(FUNDS).await?;
    let mut hashes = Vec::new();
    for seq in 0..3 {
        let signed = transfer_at(&chain, &account, seq, 1)?;
        let hash = chain.submit_accepted(&signed).await?;
        chain.committed(&hash).await?;
        hashes.push(hash.to_string());
    }
    let path = format!(
        "accounts/{}/transactions",
        account.address().to_long_string()
    );
    let all = chain.get(&path).await?;
    let listed: Vec<Option<String>> = all
        .expect(200)?
        .as_array()
        .map(|a| {
            a.iter()
                .map(|t| t["hash"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    eq(
        "account transactions",
        hashes.iter().cloned().map(Some).collect::<Vec<_>>(),
        listed,
    )?;
    let one = chain.get(&format!("{path}?start=1&limit=1")).await?;
    let one = one.expect(200)?;
    let entry = one
        .as_array()
        .filter(|a| a.len() == 1)
        .map(|a| a[0].clone())
        .ok_or_else(|| Failure::mismatch("?start=1&limit=1", Lit("one transaction"), one))?;
    eq(
        "?start=1&limit=1 hash",
        Some(hashes[1].as_str()),
        entry["hash"].as_str(),
    )?;
    eq(
        "?start=1&limit=1 sequence_number",
        1,
        u64_field("txn", &entry, "sequence_number")?,
    )?;
    let sdk = chain
        .aptos
        .fullnode()
        .get_account_transactions(account.address(), Some(2), Some(10))
        .await
        .map_err(Failure::sdk("aptos-sdk get_account_transactions"))?;
    eq(
        "aptos-sdk get_account_transactions(start 2)",
        vec![Some(hashes[2].clone())],
        sdk.data
            .iter()
            .map(|t| t["hash"].as_str().map(str::to_string))
            .collect::<Vec<_>>(),
    )?;
    let unknown = chain
        .get(&format!(
            "accounts/{}/transactions",
            crate::jobs::fresh_address().to_long_string()
        ))
        .await?;
    unknown.expect_error(404, "account_not_found", None)?;
    Ok(vec![])
}

/// Blocks: `by_version/{v}` names the block holding a committed transaction
/// (`first_version <= v <= last_version`), `by_height/{h}` answers the same block, with
/// `with_transactions=true` listing it; a height past the chain is 404 `block_not_found`.
pub async fn blocks(chain: Arc<Chain>) -> Checked<Vec<Measurement>> {
    let account = chain.new_account(FUNDS).await?;
    let signed = transfer_at(&chain, &account, 0, 1)?;
    let hash = chain.submit_accepted(&signed).await?;
    let txn = chain.committed(&hash).await?;
    let version = u64_field("txn", &txn, "version")?;
    let r = chain.get(&format!("blocks/by_version/{version}")).await?;
    let block = r.expect(200)?.clone();
    let height = u64_field("block", &block, "block_height")?;
    let first = u64_field("block", &block, "first_version")?;
    let last = u64_field("block", &block, "last_version")?;
    u64_field("block", &block, "block_timestamp")?;
    str_field("block", &block, "block_hash")?;
    ensure(
        first <= version && version <= last,
        "block versions",
        &format!("around {version}"),
        (first, last),
    )?;
    eq(
        "block.transactions without with_transactions",
        &Value::Null,
        &block["transactions"],
    )?;

    let r = chain
        .get(&format!("blocks/by_height/{height}?with_transactions=true"))
        .await?;
    let full = r.expect(200)?;
    for name in [
        "block_height",
        "block_hash",
        "block_timestamp",
        "first_version",
        "last_version",
    ] {
        eq(
            format!("by_height.{name} vs by_version"),
            &block[name],
            &full[name],
        )?;
    }
    let listed = array_field("block", full, "transactions")?;
    ensure(
        listed
            .iter()
            .any(|t| t["hash"].as_str() == Some(hash.to_string().as_str())),
        "block transactions",
        "include the transaction",
        listed.len(),
    )?;
    let sdk = chain
        .aptos
        .fullnode()
        .get_block_by_height(height, false)
        .await
        .map_err(Failure::sdk("aptos-sdk get_block_by_height"))?;
    eq(
        "aptos-sdk get_block_by_height hash",
        &block["block_hash"],
        &sdk.data["block_hash"],
    )?;
    let beyond =
        u64_field("ledger", chain.get("").await?.expect(200)?, "block_height")? + 1_000_000_000;
    chain
        .get(&format!("blocks/by_height/{beyond}"))
        .await?
        .expect_error(404, "block_not_found", None)?;
    Ok(vec![])
}
