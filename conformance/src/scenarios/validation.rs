//! What a node refuses at submission (400 `vm_error` with the VM's validation status), and the
//! one failure that commits instead (out of gas).

use std::sync::Arc;
use std::time::Duration;

use aptos_sdk::account::Ed25519Account;

use crate::chain::{Chain, TxnParams, expect_failed, now_secs};
use crate::failure::{Checked, eq, u64_field};
use crate::jobs::{Grant, fresh_address, fresh_grants, job_id, submit_job, transfer};
use crate::scenario::Measurement;

/// Octas a scenario account starts with: enough for `max_gas_amount` 2,000,000 at price 100.
const FUNDS: u64 = 1_000_000_000;

/// Expiration at or before the ledger's clock: 400, code 6, TRANSACTION_EXPIRED.
pub async fn expired_transaction(chain: Arc<Chain>) -> Checked<Vec<Measurement>> {
    let account = chain.new_account(FUNDS).await?;
    let params = TxnParams {
        expiration_secs: chain.ledger_secs().await?.saturating_sub(5),
        ..TxnParams::standard()
    };
    let signed = chain.sign(&account, 0, transfer(fresh_address(), 1)?, params)?;
    chain
        .submit(&signed)
        .await?
        .expect_vm_error(6, "TRANSACTION_EXPIRED")?;
    Ok(vec![])
}

/// A transaction parked ahead of the account that expires before the gap fills is dropped:
/// `by_hash` becomes 404, and filling the gap does not commit it.
pub async fn parked_transaction_expires(chain: Arc<Chain>) -> Checked<Vec<Measurement>> {
    let account = chain.new_account(FUNDS).await?;
    let expires_in = 4;
    let params = TxnParams {
        expiration_secs: now_secs() + expires_in,
        ..TxnParams::standard()
    };
    let parked = chain.sign(&account, 1, transfer(fresh_address(), 1)?, params)?;
    let hash = chain.submit_accepted(&parked).await?;
    // Past its expiration on the ledger's clock, then a little for the mempool's clean-up.
    let deadline = tokio::time::Instant::now() + Duration::from_secs(60);
    loop {
        let expired = chain.ledger_secs().await? > params.expiration_secs + 1;
        let r = chain.get(&format!("transactions/by_hash/{hash}")).await?;
        if expired && r.status == 404 {
            r.expect_error(404, "transaction_not_found", None)?;
            break;
        }
        if tokio::time::Instant::now() >= deadline {
            return Err(crate::failure::Failure::mismatch(
                "expired parked transaction by_hash",
                crate::failure::Lit("404 transaction_not_found within 60 s of expiring"),
                (r.status, r.body),
            ));
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    let gap = chain.sign(
        &account,
        0,
        transfer(fresh_address(), 1)?,
        TxnParams::standard(),
    )?;
    let gap_hash = chain.submit_accepted(&gap).await?;
    chain.committed(&gap_hash).await?;
    tokio::time::sleep(Duration::from_secs(2)).await;
    eq(
        "account sequence number after the gap filled",
        1,
        chain.sequence_number(account.address()).await?,
    )?;
    chain
        .get(&format!("transactions/by_hash/{hash}"))
        .await?
        .expect_error(404, "transaction_not_found", None)?;
    Ok(vec![])
}

/// Signed for another chain id: 400, code 23, BAD_CHAIN_ID.
pub async fn bad_chain_id(chain: Arc<Chain>) -> Checked<Vec<Measurement>> {
    let account = chain.new_account(FUNDS).await?;
    let other = chain.target.chain_id.wrapping_add(1).max(1);
    let params = TxnParams {
        chain_id: Some(other),
        ..TxnParams::standard()
    };
    let signed = chain.sign(&account, 0, transfer(fresh_address(), 1)?, params)?;
    chain
        .submit(&signed)
        .await?
        .expect_vm_error(23, "BAD_CHAIN_ID")?;
    Ok(vec![])
}

/// A signature that does not verify (last byte flipped): 400, code 1, INVALID_SIGNATURE.
pub async fn bad_signature(chain: Arc<Chain>) -> Checked<Vec<Measurement>> {
    let account = chain.new_account(FUNDS).await?;
    let signed = chain.sign(
        &account,
        0,
        transfer(fresh_address(), 1)?,
        TxnParams::standard(),
    )?;
    let mut bytes = signed
        .to_bcs()
        .map_err(crate::failure::Failure::sdk("encoding"))?;
    // SignedTransaction BCS ends with the 64-byte Ed25519 signature.
    if let Some(last) = bytes.last_mut() {
        *last ^= 0x01;
    }
    chain
        .post_bcs("transactions", bytes)
        .await?
        .expect_vm_error(1, "INVALID_SIGNATURE")?;
    eq(
        "sequence number after",
        0,
        chain.sequence_number(account.address()).await?,
    )?;
    Ok(vec![])
}

/// Signed with a key that is not the account's: 400, code 2, INVALID_AUTH_KEY.
pub async fn wrong_key_for_account(chain: Arc<Chain>) -> Checked<Vec<Measurement>> {
    let account = chain.new_account(FUNDS).await?;
    let impostor = Ed25519Account::generate().with_address(account.address());
    let signed = chain.sign(
        &impostor,
        0,
        transfer(fresh_address(), 1)?,
        TxnParams::standard(),
    )?;
    chain
        .submit(&signed)
        .await?
        .expect_vm_error(2, "INVALID_AUTH_KEY")?;
    Ok(vec![])
}

/// A sender that was never funded: 400, code 7, SENDING_ACCOUNT_DOES_NOT_EXIST.
pub async fn unknown_sender(chain: Arc<Chain>) -> Checked<Vec<Measurement>> {
    let account = Ed25519Account::generate();
    let signed = chain.sign(
        &account,
        0,
        transfer(fresh_address(), 1)?,
        TxnParams::standard(),
    )?;
    chain
        .submit(&signed)
        .await?
        .expect_vm_error(7, "SENDING_ACCOUNT_DOES_NOT_EXIST")?;
    Ok(vec![])
}

/// A balance below `max_gas_amount × gas_unit_price`: 400, code 5,
/// INSUFFICIENT_BALANCE_FOR_TRANSACTION_FEE (a node checks the maximum, not the likely cost).
pub async fn insufficient_balance_for_fee(chain: Arc<Chain>) -> Checked<Vec<Measurement>> {
    let account = chain.new_account(1_000_000).await?;
    let signed = chain.sign(
        &account,
        0,
        transfer(fresh_address(), 1)?,
        TxnParams::standard(),
    )?;
    chain
        .submit(&signed)
        .await?
        .expect_vm_error(5, "INSUFFICIENT_BALANCE_FOR_TRANSACTION_FEE")?;
    // Within the balance it is accepted.
    let params = TxnParams {
        max_gas: 5_000,
        ..TxnParams::standard()
    };
    let signed = chain.sign(&account, 0, transfer(fresh_address(), 1)?, params)?;
    chain.submit_accepted(&signed).await?;
    Ok(vec![])
}

/// The per-transaction gas bounds: `max_gas_amount` above 2,000,000 → code 13
/// MAX_GAS_UNITS_EXCEEDS_MAX_GAS_UNITS_BOUND (2,000,000 itself is accepted); a price below 100 →
/// code 15 GAS_UNIT_PRICE_BELOW_MIN_BOUND; a `max_gas_amount` below the intrinsic cost of a small
/// transaction (2.76 units, rounded up: 3) → code 14 MAX_GAS_UNITS_BELOW_MIN_TRANSACTION_GAS_UNITS,
/// while 3 is accepted and commits `Out of gas` with 3 units charged.
pub async fn gas_bounds(chain: Arc<Chain>) -> Checked<Vec<Measurement>> {
    let account = chain.new_account(FUNDS).await?;
    let payload = || transfer(fresh_address(), 1);
    let with = |max_gas, gas_unit_price| TxnParams {
        max_gas,
        gas_unit_price,
        ..TxnParams::standard()
    };
    let over = chain.sign(&account, 0, payload()?, with(2_000_001, 100))?;
    chain
        .submit(&over)
        .await?
        .expect_vm_error(13, "MAX_GAS_UNITS_EXCEEDS_MAX_GAS_UNITS_BOUND")?;
    let cheap = chain.sign(&account, 0, payload()?, with(2_000_000, 99))?;
    chain
        .submit(&cheap)
        .await?
        .expect_vm_error(15, "GAS_UNIT_PRICE_BELOW_MIN_BOUND")?;
    let tiny = chain.sign(&account, 0, payload()?, with(2, 100))?;
    chain
        .submit(&tiny)
        .await?
        .expect_vm_error(14, "MAX_GAS_UNITS_BELOW_MIN_TRANSACTION_GAS_UNITS")?;
    let least = chain.sign(&account, 0, payload()?, with(3, 100))?;
    let hash = chain.submit_accepted(&least).await?;
    let txn = chain.committed(&hash).await?;
    expect_failed("transfer with max_gas_amount 3", &txn, "Out of gas")?;
    eq(
        "gas_used with max_gas_amount 3",
        3,
        u64_field("txn", &txn, "gas_used")?,
    )?;
    let at_bound = chain.sign(&account, 1, payload()?, with(2_000_000, 100))?;
    let hash = chain.submit_accepted(&at_bound).await?;
    chain.committed(&hash).await?;
    Ok(vec![])
}

/// A job whose `max_gas_amount` covers validation but not the grant's storage: it commits with
/// `success: false`, `vm_status: "Out of gas"`, the whole `max_gas_amount` charged, and nothing
/// paid.
pub async fn out_of_gas(chain: Arc<Chain>) -> Checked<Vec<Measurement>> {
    let operator = chain.new_operator().await?;
    let grants = fresh_grants(1, 10);
    let max_gas = 200;
    let params = TxnParams {
        max_gas,
        ..TxnParams::standard()
    };
    let txn = chain
        .execute_with(
            &operator,
            submit_job(&chain.target, job_id(), &grants)?,
            params,
        )
        .await?;
    expect_failed("submit_job with max_gas_amount 200", &txn, "Out of gas")?;
    eq(
        "gas_used of an out-of-gas job",
        max_gas,
        u64_field("txn", &txn, "gas_used")?,
    )?;
    let Grant { recipient, id, .. } = &grants[0];
    let paid = chain
        .view_ok(
            &chain.target.jobs_function("is_paid"),
            &[],
            vec![format!("0x{}", hex::encode(id)).into()],
        )
        .await?;
    eq(
        "is_paid after out of gas",
        vec![serde_json::Value::Bool(false)],
        paid,
    )?;
    let balance = chain
        .view_ok(
            &chain.target.jobs_function("balance"),
            &[],
            vec![recipient.to_long_string().into()],
        )
        .await?;
    eq(
        "balance after out of gas",
        vec![serde_json::Value::from("0")],
        balance,
    )?;
    Ok(vec![])
}
