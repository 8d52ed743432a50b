//! Sequence numbers as a mempool sees them: a used one is refused, one ahead of the account is
//! parked until the gap fills, the identical transaction may be sent again, a different one for
//! the same pending slot is refused.

use std::sync::Arc;
use std::time::Duration;

use aptos_sdk::account::Ed25519Account;
use aptos_sdk::transaction::SignedTransaction;

use crate::chain::{Chain, TxnParams, expect_success};
use crate::failure::{Checked, ensure, eq, str_field, u64_field};
use crate::jobs::{fresh_address, transfer};
use crate::scenario::Measurement;

/// Octas a scenario account starts with.
const FUNDS: u64 = 1_000_000_000;
/// How long a parked transaction is watched to make sure it does not commit on its own.
const PARKED_FOR: Duration = Duration::from_secs(3);

/// A transfer of `amount` octas to a fresh address, signed at `seq`.
pub fn transfer_at(
    chain: &Chain,
    account: &Ed25519Account,
    seq: u64,
    amount: u64,
) -> Checked<SignedTransaction> {
    chain.sign(
        account,
        seq,
        transfer(fresh_address(), amount)?,
        TxnParams::standard(),
    )
}

/// After sequence number 0 committed, another transaction at 0 — and the committed one sent
/// again — are refused: 400, `vm_error`, code 3, SEQUENCE_NUMBER_TOO_OLD.
pub async fn sequence_number_too_old(chain: Arc<Chain>) -> Checked<Vec<Measurement>> {
    let account = chain.new_account(FUNDS).await?;
    let first = transfer_at(&chain, &account, 0, 1)?;
    let hash = chain.submit_accepted(&first).await?;
    expect_success("transfer at 0", &chain.committed(&hash).await?)?;
    let other = transfer_at(&chain, &account, 0, 2)?;
    chain
        .submit(&other)
        .await?
        .expect_vm_error(3, "SEQUENCE_NUMBER_TOO_OLD")?;
    chain
        .submit(&first)
        .await?
        .expect_vm_error(3, "SEQUENCE_NUMBER_TOO_OLD")?;
    Ok(vec![])
}

/// A transaction one ahead of the account is accepted (202), stays pending while the gap is
/// open, and commits right after the missing one, in sequence order.
pub async fn sequence_number_ahead_is_parked(chain: Arc<Chain>) -> Checked<Vec<Measurement>> {
    let account = chain.new_account(FUNDS).await?;
    let ahead = transfer_at(&chain, &account, 1, 1)?;
    let ahead_hash = chain.submit_accepted(&ahead).await?;
    tokio::time::sleep(PARKED_FOR).await;
    let r = chain
        .get(&format!("transactions/by_hash/{ahead_hash}"))
        .await?;
    let body = r.expect(200)?;
    eq(
        "parked transaction type",
        "pending_transaction",
        str_field("by_hash", body, "type")?,
    )?;
    ensure(
        body.get("version").is_none(),
        "parked transaction",
        "no version",
        body,
    )?;
    eq(
        "account sequence number while parked",
        0,
        chain.sequence_number(account.address()).await?,
    )?;

    let gap = transfer_at(&chain, &account, 0, 1)?;
    let gap_hash = chain.submit_accepted(&gap).await?;
    let gap_txn = chain.committed(&gap_hash).await?;
    let ahead_txn = chain.committed(&ahead_hash).await?;
    expect_success("gap transaction", &gap_txn)?;
    expect_success("parked transaction", &ahead_txn)?;
    let (v0, v1) = (
        u64_field("txn", &gap_txn, "version")?,
        u64_field("txn", &ahead_txn, "version")?,
    );
    ensure(
        v0 < v1,
        "versions of sequence numbers 0 and 1",
        "0 before 1",
        (v0, v1),
    )?;
    eq(
        "account sequence number after",
        2,
        chain.sequence_number(account.address()).await?,
    )?;
    Ok(vec![])
}

/// The identical signed transaction sent twice while pending: 202 both times, the same hash, one
/// commit. A different transaction for the same pending sequence number: 400
/// `invalid_transaction_update`.
pub async fn identical_resubmission_and_conflicting_update(
    chain: Arc<Chain>,
) -> Checked<Vec<Measurement>> {
    let account = chain.new_account(FUNDS).await?;
    let parked = transfer_at(&chain, &account, 1, 1)?;
    let hash = chain.submit_accepted(&parked).await?;
    let again = chain.submit_accepted(&parked).await?;
    eq("hash of the resubmission", hash, again)?;
    let conflicting = transfer_at(&chain, &account, 1, 2)?;
    let r = chain.submit(&conflicting).await?;
    r.expect_error(400, "invalid_transaction_update", None)?;

    let gap = transfer_at(&chain, &account, 0, 1)?;
    let gap_hash = chain.submit_accepted(&gap).await?;
    expect_success("gap transaction", &chain.committed(&gap_hash).await?)?;
    expect_success("resubmitted transaction", &chain.committed(&hash).await?)?;
    eq(
        "account sequence number after",
        2,
        chain.sequence_number(account.address()).await?,
    )?;
    let r = chain
        .get(&format!(
            "accounts/{}/transactions",
            account.address().to_long_string()
        ))
        .await?;
    let listed = r.expect(200)?.as_array().map(Vec::len);
    eq("transactions of the account", Some(2), listed)?;
    Ok(vec![])
}
